/**
 * PGlite as an effect/sql `SqlClient` that runs in a browser: statements go through PGlite's own
 * `query`/`exec` API (no Node streams, sockets or crypto, which `@effect/sql-pg`'s wire driver
 * and so `@jipan/store-pglite` need). One PGlite is one session: a semaphore of one permit lends
 * the single connection, as effect/sql's single-connection acquirers do.
 *
 * @module
 */
import type { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import type { Connection } from "effect/sql/SqlConnection"
import { ConstraintError, SqlError, SqlSyntaxError, UniqueViolation, UnknownError } from "effect/sql/SqlError"
import * as Statement from "effect/sql/Statement"

const escapeIdentifier = Statement.defaultEscape('"')

/** The PostgreSQL statement compiler (`$1` placeholders, `"` identifiers), as `@effect/sql-pg`'s. */
const compiler = Statement.makeCompiler({
  dialect: "pg",
  placeholder: (n) => `$${n}`,
  onIdentifier: escapeIdentifier,
  onRecordUpdate: (placeholders, valueAlias, valueColumns, values, returning) => [
    `(values ${placeholders}) AS ${valueAlias}${valueColumns}${returning ? ` RETURNING ${returning[0]}` : ""}`,
    returning ? values.flat().concat(returning[1]) : values.flat()
  ],
  onCustom: () => ["", []]
})

const sqlError = (cause: unknown, operation: string): SqlError => {
  const e = cause as { code?: string; constraint?: string; message?: string }
  const props = { cause, message: e?.message ?? String(cause), operation }
  const code = e?.code
  const reason =
    code === "23505"
      ? new UniqueViolation({ ...props, constraint: e.constraint ?? "unknown" })
      : code?.startsWith("23")
        ? new ConstraintError(props)
        : code?.startsWith("42")
          ? new SqlSyntaxError(props)
          : new UnknownError(props)
  return new SqlError({ reason })
}

/**
 * The value conversions of `@effect/sql-pg` that the stores rely on: `date` stays the
 * `YYYY-MM-DD` text, `int8` becomes a `bigint`.
 */
export const parsers = {
  1082: (value: string) => value,
  20: (value: string) => BigInt(value)
} as const

const connectionOf = (db: PGlite): Connection => {
  const run = (sql: string, params: ReadonlyArray<unknown>) =>
    Effect.tryPromise({
      try: () =>
        params.length === 0 && !sql.includes("$1")
          ? db.exec(sql).then((results) => results[results.length - 1]?.rows ?? [])
          : db.query(sql, params as Array<unknown>).then((r) => r.rows),
      catch: (cause) => sqlError(cause, "execute")
    })
  const values = (sql: string, params: ReadonlyArray<unknown>) =>
    Effect.tryPromise({
      try: () =>
        db
          .query<Array<unknown>>(sql, params as Array<unknown>, { rowMode: "array" })
          .then((r) => r.rows as ReadonlyArray<ReadonlyArray<unknown>>),
      catch: (cause) => sqlError(cause, "execute")
    })
  const execute: Connection["execute"] = (sql, params, transformRows) =>
    Effect.map(
      Effect.tryPromise({
        try: () => db.query(sql, params as Array<unknown>).then((r) => r.rows as ReadonlyArray<object>),
        catch: (cause) => sqlError(cause, "execute")
      }),
      (rows) => (transformRows ? transformRows(rows) : rows)
    )
  return {
    execute,
    executeRaw: (sql, params) =>
      Effect.tryPromise({
        try: () => db.query(sql, params as Array<unknown>),
        catch: (cause) => sqlError(cause, "execute")
      }),
    executeStream: (sql, params, transformRows) =>
      Stream.fromIterableEffect(execute(sql, params, transformRows)),
    executeValues: values,
    executeValuesUnprepared: values,
    executeUnprepared: (sql, params, transformRows) =>
      Effect.map(run(sql, params), (rows) =>
        transformRows ? transformRows(rows as ReadonlyArray<object>) : rows
      )
  }
}

/**
 * A scoped `SqlClient` on an open PGlite (which stays the caller's to close).
 *
 * @example
 * ```ts
 * const sql = yield* make(await PGlite.create("idb://jipan"))
 * ```
 */
export const make = (db: PGlite) =>
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
 * A layer providing `SqlClient` on an open PGlite.
 *
 * @example
 * ```ts
 * Layer.provide(SqlStore.layer, layer(db))
 * ```
 */
export const layer = (db: PGlite): Layer.Layer<SqlClient.SqlClient> =>
  Layer.effect(SqlClient.SqlClient, make(db)).pipe(Layer.provide(Reactivity.layer))
