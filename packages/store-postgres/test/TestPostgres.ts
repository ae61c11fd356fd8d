/**
 * Which PostgreSQL the tests talk to.
 *
 * With `JIPAN_TEST_POSTGRES_URL` set (CI: postgres://postgres@127.0.0.1:5432/test)
 * the tests use that server. Otherwise they serve an in-memory PGlite over the
 * wire protocol on 127.0.0.1 (ephemeral port) with `PGLiteSocketServer`, so the
 * same driver path is exercised without a server. Either way the choice is printed.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Context, Effect, Layer, Redacted } from "effect"
import type { SqlClient, SqlError } from "effect/sql"
import * as PostgresClient from "../src/PostgresClient.js"

/** `server`: a real PostgreSQL server; `pglite-socket`: PGlite behind `PGLiteSocketServer`. */
export type Backend = "server" | "pglite-socket"

/** The backend this process will use, known before anything is started. */
export const backend: Backend = process.env.JIPAN_TEST_POSTGRES_URL ? "server" : "pglite-socket"

/**
 * What a test needs to know about the backend.
 *
 * - `pool`: settings the backend requires; pglite-socket serves one connection
 *   (toolchain gotcha 8), and one PGlite is one session anyway.
 * - `startupParameters`: PGlite ignores startup parameters such as
 *   `search_path`, so the `schema` option only works on a real server.
 */
export class TestPostgres extends Context.Service<
  TestPostgres,
  {
    readonly backend: Backend
    readonly url: Redacted.Redacted
    readonly pool: PostgresClient.ClientSettings
    readonly startupParameters: boolean
  }
>()("@jipan/store-postgres/test/TestPostgres") {}

const log = (message: string) => Effect.sync(() => console.log(`[store-postgres tests] ${message}`))

const fromServer = (url: string) =>
  Effect.as(
    log(`using the PostgreSQL server at JIPAN_TEST_POSTGRES_URL (${new URL(url).host})`),
    TestPostgres.of({ backend: "server", url: Redacted.make(url), pool: {}, startupParameters: true })
  )

const fromPglite = Effect.gen(function* () {
  const db = yield* Effect.acquireRelease(
    Effect.promise(() => PGlite.create()),
    (db) => Effect.promise(() => db.close())
  )
  const server = yield* Effect.acquireRelease(
    Effect.promise(async () => {
      // One client connection at a time is what PGlite can serve (one session), but a
      // client that just closed may not be accounted for yet when the next one connects:
      // allow a few, and keep every pool at one connection (pool below).
      const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 })
      await server.start()
      return server
    }),
    (server) => Effect.promise(() => server.stop())
  )
  const address = server.getServerConn()
  yield* log(`JIPAN_TEST_POSTGRES_URL is not set: using PGlite over the wire protocol at ${address}`)
  return TestPostgres.of({
    backend: "pglite-socket",
    url: Redacted.make(`postgres://postgres@${address}/postgres`),
    pool: { maxConnections: 1 },
    startupParameters: false
  })
})

/** Provides {@link TestPostgres}; with pglite-socket, the PGlite and its server live as long as the layer. */
export const layer: Layer.Layer<TestPostgres> = Layer.effect(
  TestPostgres,
  Effect.suspend(() => {
    const url = process.env.JIPAN_TEST_POSTGRES_URL
    return url ? fromServer(url) : fromPglite
  })
)

/** A schema name no other test run uses: `<prefix>_<pid>_<time>_<random>`. */
export const uniqueSchemaName = (prefix: string): string =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`

/**
 * A client on the test backend, isolated from other runs: on a server it works
 * in a fresh schema that is dropped when the layer is released; on PGlite (one
 * fresh database per test file, no startup parameters) in `public`.
 */
export const clientLayer = (
  settings: PostgresClient.ClientSettings = {}
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError.SqlError, TestPostgres> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const pg = yield* TestPostgres
      if (!pg.startupParameters) return PostgresClient.layer({ url: pg.url, ...pg.pool, ...settings })
      const schema = uniqueSchemaName("jipan_test")
      return PostgresClient.layer({ url: pg.url, ...pg.pool, ...settings, schema }).pipe(
        Layer.tap((context) => dropOnRelease(Context.get(context, PgClient.PgClient), schema))
      )
    })
  )

/** Drops `schema` (and everything in it) when the enclosing scope closes. */
export const dropOnRelease = (sql: PgClient.PgClient, schema: string) =>
  Effect.addFinalizer(() => Effect.ignore(sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`))
