/**
 * PGlite as an effect/sql `SqlClient` for browsers (and any runtime without Node's streams):
 * statements go through PGlite's own `query`/`exec` API instead of `@effect/sql-pg`'s wire
 * driver, which needs Node streams, sockets and crypto. Nothing here imports a Node module.
 *
 * One PGlite is one session: a semaphore of one permit lends the single connection, and a
 * transaction holds it until it ends.
 *
 * Values come back as `@effect/sql-pg` gives them where the stores rely on it: `date` as the
 * `YYYY-MM-DD` text, `int8` as a `bigint`, `numeric` as its text.
 *
 * @since 0.1.0
 */
import { PGlite, type PGliteOptions } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Reactivity from "effect/reactivity/Reactivity"
import type * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import type { Connection } from "effect/sql/SqlConnection"
import {
  ConstraintError,
  DeadlockError,
  SerializationError,
  SqlError,
  SqlSyntaxError,
  UniqueViolation,
  UnknownError
} from "effect/sql/SqlError"
import * as Statement from "effect/sql/Statement"
import { PgliteError } from "./PgliteError.js"

const escapeIdentifier = Statement.defaultEscape('"')

/**
 * The PostgreSQL statement compiler: `$1` placeholders, `"` identifiers, `UPDATE … FROM (values …)`
 * for `sql.updateValues` (as `@effect/sql-pg`'s, without its custom JSON fragment).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 * const compiler = PgliteBrowserClient.compiler
 * ```
 */
export const compiler: Statement.Compiler = Statement.makeCompiler({
  dialect: "pg",
  placeholder: (n) => `$${n}`,
  onIdentifier: escapeIdentifier,
  onRecordUpdate: (placeholders, valueAlias, valueColumns, values, returning) => [
    `(values ${placeholders}) AS ${valueAlias}${valueColumns}${returning ? ` RETURNING ${returning[0]}` : ""}`,
    returning ? values.flat().concat(returning[1]) : values.flat()
  ],
  onCustom: () => ["", []]
})

/** SQLSTATE → the reason of effect/sql's `SqlError`. */
const sqlError = (cause: unknown, operation: string): SqlError => {
  const e = cause as { code?: string; constraint?: string; message?: string } | null
  const props = { cause, message: e?.message ?? String(cause), operation }
  const code = e?.code
  const reason =
    code === "23505"
      ? new UniqueViolation({ ...props, constraint: e?.constraint ?? "unknown" })
      : code?.startsWith("23")
        ? new ConstraintError(props)
        : code === "40001"
          ? new SerializationError(props)
          : code === "40P01"
            ? new DeadlockError(props)
            : code?.startsWith("42")
              ? new SqlSyntaxError(props)
              : new UnknownError(props)
  return new SqlError({ reason })
}

/**
 * PGlite's type parsers that make its values match `@effect/sql-pg`'s: `date` (1082) stays the
 * `YYYY-MM-DD` text, `int8` (20) becomes a `bigint`, `numeric` (1700) stays its text. The client
 * passes them with every query, so a PGlite created without them works too.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 * const db = await PGlite.create({ parsers: PgliteBrowserClient.parsers })
 * ```
 */
export const parsers: NonNullable<PGliteOptions["parsers"]> = {
  1082: (value: string) => value,
  20: (value: string) => BigInt(value),
  1700: (value: string) => value
}

const connectionOf = (db: PGlite): Connection => {
  const attempt = <A>(operation: string, run: () => Promise<A>) =>
    Effect.tryPromise({ try: run, catch: (cause) => sqlError(cause, operation) })
  const rows = (sql: string, params: ReadonlyArray<unknown>) =>
    attempt("execute", () =>
      db
        .query<object>(sql, params as Array<unknown>, { parsers })
        .then((r) => r.rows as ReadonlyArray<object>)
    )
  const values = (sql: string, params: ReadonlyArray<unknown>) =>
    attempt("execute", () =>
      db
        .query<Array<unknown>>(sql, params as Array<unknown>, { rowMode: "array", parsers })
        .then((r) => r.rows as ReadonlyArray<ReadonlyArray<unknown>>)
    )
  const execute: Connection["execute"] = (sql, params, transformRows) =>
    transformRows === undefined ? rows(sql, params) : Effect.map(rows(sql, params), transformRows)
  return {
    execute,
    executeRaw: (sql, params) =>
      attempt("execute", () => db.query(sql, params as Array<unknown>, { parsers })),
    executeStream: (sql, params, transformRows) =>
      Stream.fromIterableEffect(execute(sql, params, transformRows)),
    executeValues: values,
    executeValuesUnprepared: values,
    // Unprepared without parameters may be several statements (migrations): PGlite's exec runs
    // them all and answers each; the rows are the last one's.
    executeUnprepared: (sql, params, transformRows) => {
      const run =
        params.length === 0
          ? attempt("execute", () =>
              db.exec(sql, { parsers }).then((r) => (r[r.length - 1]?.rows ?? []) as ReadonlyArray<object>)
            )
          : rows(sql, params)
      return transformRows === undefined ? run : Effect.map(run, transformRows)
    }
  }
}

/**
 * A scoped `SqlClient` on an open PGlite. The PGlite stays yours: closing the scope does not
 * close it.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { Effect } from "effect"
 * import { Reactivity } from "effect/reactivity"
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 *
 * const db = await PGlite.create("idb://jipan")
 * const rows = await Effect.gen(function* () {
 *   const sql = yield* PgliteBrowserClient.make(db)
 *   return yield* sql`SELECT 1 AS one`
 * }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.runPromise)
 * ```
 */
export const make = (
  db: PGlite
): Effect.Effect<SqlClient.SqlClient, never, Scope.Scope | Reactivity.Reactivity> =>
  Effect.gen(function* () {
    const semaphore = yield* Semaphore.make(1)
    const connection = connectionOf(db)
    const acquirers = SqlClient.makeSqliteAcquirers({
      connection: Effect.succeed(connection),
      semaphore,
      isTransaction: () => db.isInTransaction()
    })
    return yield* SqlClient.make({
      ...acquirers,
      compiler,
      driver: "pglite",
      spanAttributes: [["db.system.name", "postgresql"]]
    })
  })

/**
 * A layer providing `SqlClient` on an open PGlite, which stays yours to close (after the layer
 * is released).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 *
 * const db = await PGlite.create("idb://jipan")
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient.SqlClient
 *   yield* sql`CREATE TABLE IF NOT EXISTS note (id int PRIMARY KEY, body text NOT NULL)`
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(PgliteBrowserClient.layer(db))))
 * ```
 */
export const layer = (db: PGlite): Layer.Layer<SqlClient.SqlClient> =>
  Layer.effect(SqlClient.SqlClient, make(db)).pipe(Layer.provide(Reactivity.layer))

/**
 * Options of {@link open} and {@link layerOwned}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 * const persisted: PgliteBrowserClient.OpenOptions = { dataDir: "idb://jipan" }
 * ```
 */
export interface OpenOptions {
  /**
   * PGlite's data directory: `idb://name` persists to IndexedDB, `opfs-ahp://name` to the origin
   * private file system; omit it for memory.
   */
  readonly dataDir?: string | undefined
  /** Let PGlite flush asynchronously after a query: faster, but the last writes can be lost on a crash. */
  readonly relaxedDurability?: boolean | undefined
  /** Further PGlite options (extensions, a data directory dump to load, …). */
  readonly pglite?: Omit<PGliteOptions, "dataDir" | "relaxedDurability"> | undefined
}

/**
 * Creates a PGlite (with {@link parsers}) and closes it when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 *
 * const version = Effect.gen(function* () {
 *   const db = yield* PgliteBrowserClient.open({ dataDir: "idb://jipan" })
 *   return yield* Effect.promise(() => db.query<{ v: string }>("SELECT version() AS v"))
 * }).pipe(Effect.scoped)
 * ```
 */
export const open = (options?: OpenOptions): Effect.Effect<PGlite, PgliteError, Scope.Scope> => {
  const dataDir = options?.dataDir
  return Effect.acquireRelease(
    Effect.tryPromise({
      try: () =>
        PGlite.create({
          parsers,
          ...options?.pglite,
          ...(dataDir === undefined ? {} : { dataDir }),
          ...(options?.relaxedDurability === undefined
            ? {}
            : { relaxedDurability: options.relaxedDurability })
        }),
      catch: (cause) =>
        new PgliteError({
          reason: "OpenFailed",
          message: `Could not open PGlite${dataDir === undefined ? " (in memory)" : ` at ${dataDir}`}: ${
            cause instanceof Error ? cause.message : String(cause)
          }`,
          ...(dataDir === undefined ? {} : { dataDir }),
          cause
        })
    }),
    (db) =>
      Effect.tryPromise(() => db.close()).pipe(
        Effect.catch((error) => Effect.logWarning("PGlite did not close cleanly", error))
      )
  )
}

/**
 * A layer that owns its PGlite (in memory, or `idb://…` in a browser): creates it, provides
 * `SqlClient` on it and closes it when released.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 * const SqlLive = PgliteBrowserClient.layerOwned({ dataDir: "idb://jipan" })
 * ```
 */
export const layerOwned = (options?: OpenOptions): Layer.Layer<SqlClient.SqlClient, PgliteError> =>
  Layer.unwrap(Effect.map(open(options), layer))
