/**
 * PGlite (PostgreSQL compiled to WebAssembly, running in this process) as an
 * effect/sql `SqlClient`.
 *
 * The client is `@effect/sql-pg`'s own wire-protocol driver; PGlite sits at the
 * other end of an in-memory duplex instead of a TCP socket. So an embedded
 * store gets the same statement compiler, type decoding, prepared-statement
 * cache and `SqlError` classification as a PostgreSQL server.
 *
 * @since 0.1.0
 */
import { mkdir } from "node:fs/promises"
import { type Duplex, duplexPair } from "node:stream"
import * as PgClient from "@effect/sql-pg/PgClient"
import { PGlite, type PGliteOptions } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Reactivity from "effect/reactivity/Reactivity"
import type * as Scope from "effect/Scope"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { PgliteError } from "./PgliteError.js"

export { PgliteError, type PgliteErrorReason } from "./PgliteError.js"

// -----------------------------------------------------------------------------
// the wire bridge
// -----------------------------------------------------------------------------

const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const PROTOCOL_3 = 196608
const TERMINATE = 0x58 // "X"

/** What a real backend does when its client goes away: nothing of the session survives. */
const resetSession = async (db: PGlite): Promise<void> => {
  if (db.closed) return
  if (db.isInTransaction()) await db.exec("ROLLBACK")
  await db.exec("DISCARD ALL")
}

/**
 * A stream factory for `PgClient`'s `stream` option: each call returns one end of
 * an in-memory duplex whose other end feeds PostgreSQL wire-protocol messages to
 * `db` and writes its answers back.
 *
 * An SSL request is answered "N" (no TLS in-process), a cancel request just
 * closes its stream (PGlite runs one statement at a time and cannot cancel it),
 * and Terminate ends the session. When a session ends, an open transaction is
 * rolled back and the session state is discarded, as a server would do.
 *
 * PGlite has a single backend session: connect at most one client at a time
 * (see {@link layer}).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { PgClient } from "@effect/sql-pg"
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const db = await PGlite.create()
 * const ClientLive = PgClient.layer({
 *   username: "postgres", // sql-pg requires one; PGlite ignores it
 *   database: "postgres",
 *   stream: PgliteClient.wireStream(db),
 *   maxConnections: 1,
 *   minConnections: 1
 * })
 * ```
 */
export const wireStream = (db: PGlite) => (): Duplex => {
  const [client, server] = duplexPair()
  let pending: Buffer = Buffer.alloc(0)
  let started = false
  let ended = false
  let chain: Promise<void> = Promise.resolve()

  const end = async () => {
    if (ended) return
    ended = true
    server.end()
    if (started) await resetSession(db)
  }

  const drain = async (): Promise<void> => {
    while (!ended) {
      if (
        !started &&
        pending.length >= 8 &&
        pending.readInt32BE(0) === 8 &&
        pending.readInt32BE(4) === SSL_REQUEST
      ) {
        server.write(Buffer.from("N"))
        pending = pending.subarray(8)
        continue
      }
      if (
        !started &&
        pending.length >= 16 &&
        pending.readInt32BE(0) === 16 &&
        pending.readInt32BE(4) === CANCEL_REQUEST
      ) {
        return end()
      }
      let length = 0
      let terminate = false
      if (!started) {
        if (pending.length >= 8 && pending.readInt32BE(4) === PROTOCOL_3) length = pending.readInt32BE(0)
        if (pending.length < length) length = 0
      } else {
        // Every complete message at hand goes to PGlite in one call (its main loop reads them
        // one after the other): a query in the extended protocol is five messages, and one call
        // each would cost five round trips through the WebAssembly module.
        while (pending.length >= length + 5) {
          if (pending[length] === TERMINATE) {
            terminate = true
            break
          }
          const next = length + 1 + pending.readInt32BE(length + 1)
          if (pending.length < next) break
          length = next
        }
      }
      if (length === 0) return terminate ? end() : undefined
      const message = new Uint8Array(pending.subarray(0, length))
      pending = pending.subarray(length)
      started = true
      await db.runExclusive(() =>
        db.execProtocolRawStream(message, {
          // The chunk is a view into WASM memory that PGlite reuses: copy it.
          onRawData: (data) => {
            server.write(Buffer.from(data))
          }
        })
      )
      if (terminate) return end()
    }
  }

  const schedule = (step: () => Promise<void>) => {
    chain = chain.then(step).catch((error: unknown) => {
      ended = true
      server.destroy(error instanceof Error ? error : new Error(String(error)))
    })
  }
  server.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    schedule(drain)
  })
  // The client went away without Terminate (socket destroyed, pool retired it).
  server.on("end", () => schedule(end))
  server.on("error", () => schedule(end))
  return client
}

// -----------------------------------------------------------------------------
// clients
// -----------------------------------------------------------------------------

/**
 * Client settings passed through to `@effect/sql-pg` (name transforms, custom
 * types, span attributes, prepared statements). Connection and pool settings
 * are fixed by the adapter: one PGlite is one session.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const options: PgliteClient.ClientOptions = {
 *   transformResultNames: (s) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())
 * }
 * ```
 */
export type ClientOptions = Pick<
  PgClient.PgClientConfig,
  | "applicationName"
  | "spanAttributes"
  | "transformResultNames"
  | "transformQueryNames"
  | "transformJson"
  | "types"
  | "prepare"
  | "preparedStatementCacheSize"
>

/**
 * The `@effect/sql-pg` configuration for a PGlite: exactly one connection,
 * since all connections would share PGlite's single session and could
 * interleave each other's transactions.
 */
const clientConfig = (db: PGlite, options: ClientOptions | undefined): PgClient.PgPoolConfig => ({
  ...options,
  username: "postgres",
  database: "postgres",
  stream: wireStream(db),
  maxConnections: 1,
  minConnections: 1
})

/**
 * Creates a scoped `PgClient` (an effect/sql `SqlClient`) on an existing PGlite.
 * The PGlite stays yours: closing the scope disconnects but does not close it.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { Effect } from "effect"
 * import { Reactivity } from "effect/reactivity"
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const db = await PGlite.create()
 * const rows = await Effect.gen(function* () {
 *   const sql = yield* PgliteClient.make(db)
 *   return yield* sql`SELECT 1 AS one`
 * }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.runPromise)
 * ```
 */
export const make = (
  db: PGlite,
  options?: ClientOptions
): Effect.Effect<PgClient.PgClient, SqlError, Scope.Scope | Reactivity.Reactivity> =>
  PgClient.make(clientConfig(db, options))

/**
 * A layer providing `PgClient` and the generic `SqlClient` on an existing PGlite,
 * with exactly one connection. The PGlite stays yours: you create it and close it
 * (after the layer is released).
 *
 * While the layer is alive, run queries through the client rather than through
 * `db.query`: the client's session holds transactions across several messages.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const db = await PGlite.create()
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient.SqlClient
 *   yield* sql`CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)`
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(PgliteClient.layer(db))))
 * await db.close()
 * ```
 */
export const layer = (
  db: PGlite,
  options?: ClientOptions
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError> => PgClient.layer(clientConfig(db, options))

/**
 * Options of {@link open} and {@link layerOwned}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const onDisk: PgliteClient.OpenOptions = { dataDir: "./data/jipan" }
 * const inMemory: PgliteClient.OpenOptions = {}
 * ```
 */
export interface OpenOptions {
  /**
   * Where the database files live; created (with its parents) if missing.
   * Omit it for an in-memory database that disappears when the scope closes.
   * A `scheme://` value (`memory://`, `idb://`, …) is passed to PGlite as it is.
   */
  readonly dataDir?: string | undefined
  /** Let PGlite flush to disk asynchronously after a query: faster, but the last writes can be lost on a crash. */
  readonly relaxedDurability?: boolean | undefined
  /** Further PGlite options (extensions, initial memory, …). */
  readonly pglite?: Omit<PGliteOptions, "dataDir" | "relaxedDurability"> | undefined
}

const openFailed = (cause: unknown, dataDir: string | undefined) =>
  new PgliteError({
    reason: "OpenFailed",
    message: `Could not open PGlite${dataDir === undefined ? " (in memory)" : ` at ${dataDir}`}: ${
      cause instanceof Error ? cause.message : String(cause)
    }`,
    ...(dataDir === undefined ? {} : { dataDir }),
    cause
  })

const ensureDataDir = (dataDir: string): Effect.Effect<void, PgliteError> =>
  dataDir.includes("://")
    ? Effect.void
    : Effect.tryPromise({
        try: () => mkdir(dataDir, { recursive: true }),
        catch: (cause) =>
          new PgliteError({
            reason: "DataDirUnavailable",
            message: `Cannot use ${dataDir} as the PGlite data directory: ${
              cause instanceof Error ? cause.message : String(cause)
            }`,
            dataDir,
            cause
          })
      })

/**
 * Creates a PGlite, in memory or in a data directory, and closes it when the
 * scope closes.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const version = Effect.gen(function* () {
 *   const db = yield* PgliteClient.open({ dataDir: "./data/jipan" })
 *   return yield* Effect.promise(() => db.query<{ v: string }>("SELECT version() AS v"))
 * }).pipe(Effect.scoped)
 * ```
 */
export const open = (options?: OpenOptions): Effect.Effect<PGlite, PgliteError, Scope.Scope> => {
  const dataDir = options?.dataDir
  return Effect.acquireRelease(
    Effect.andThen(
      dataDir === undefined ? Effect.void : ensureDataDir(dataDir),
      Effect.tryPromise({
        try: () =>
          PGlite.create({
            ...options?.pglite,
            ...(dataDir === undefined ? {} : { dataDir }),
            ...(options?.relaxedDurability === undefined
              ? {}
              : { relaxedDurability: options.relaxedDurability })
          }),
        catch: (cause) => openFailed(cause, dataDir)
      })
    ),
    // A failed close cannot be handled by the caller any more; report it and move on.
    (db) =>
      Effect.tryPromise(() => db.close()).pipe(
        Effect.catch((error) => Effect.logWarning("PGlite did not close cleanly", error))
      )
  )
}

/**
 * A layer that owns its PGlite: creates it (in memory without `dataDir`, else in
 * that directory, created if missing), provides `PgClient` and `SqlClient` on it
 * with one connection, and closes it when the layer's scope closes.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const program = Effect.gen(function* () {
 *   const sql = yield* SqlClient.SqlClient
 *   return yield* sql<{ n: number }>`SELECT 41 + 1 AS n`
 * })
 * await Effect.runPromise(program.pipe(Effect.provide(PgliteClient.layerOwned({ dataDir: "./data/jipan" }))))
 * ```
 */
export const layerOwned = (
  options?: OpenOptions & ClientOptions
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, PgliteError | SqlError> =>
  Layer.unwrap(Effect.map(open(options), (db) => layer(db, clientOptions(options))))

const clientOptions = (options: (OpenOptions & ClientOptions) | undefined): ClientOptions | undefined => {
  if (options === undefined) return undefined
  const { dataDir: _dataDir, relaxedDurability: _relaxed, pglite: _pglite, ...client } = options
  return client
}
