/**
 * The PostgreSQL the store-sql tests run on, with the ports built on it.
 *
 * With `JIPAN_TEST_POSTGRES_URL` set (CI: postgres://postgres@127.0.0.1:5432/test) the tests use
 * that server, in a fresh schema dropped at the end (so the migrations start from nothing and no
 * other run's rows are seen). Otherwise each layer serves a fresh in-memory PGlite over the wire
 * protocol on 127.0.0.1 with `PGLiteSocketServer` (one session: one connection). Either way the
 * choice is printed. The client is `@effect/sql-pg`'s, as in store-pglite and store-postgres.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Context, Effect, Layer, Redacted } from "effect"
import type { SqlClient, SqlError } from "effect/sql"

/** `server`: a real PostgreSQL server; `pglite-socket`: PGlite behind `PGLiteSocketServer`. */
export type Backend = "server" | "pglite-socket"

/** The backend this process uses, known before anything starts. */
export const backend: Backend = process.env.JIPAN_TEST_POSTGRES_URL ? "server" : "pglite-socket"

const log = (message: string) => Effect.sync(() => console.log(`[store-sql tests] ${message}`))

const onServer = (url: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const schema = `jipan_store_sql_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
      const admin = Context.get(
        yield* Layer.build(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })),
        PgClient.PgClient
      )
      yield* admin`CREATE SCHEMA ${admin(schema)}`
      yield* Effect.addFinalizer(() => Effect.ignore(admin`DROP SCHEMA IF EXISTS ${admin(schema)} CASCADE`))
      yield* log(
        `using the PostgreSQL server at JIPAN_TEST_POSTGRES_URL (${new URL(url).host}), schema ${schema}`
      )
      return PgClient.layer({
        url: Redacted.make(url),
        maxConnections: 4,
        startupParameters: { search_path: `"${schema}"` }
      })
    })
  )

const onPglite = Layer.unwrap(
  Effect.gen(function* () {
    const db = yield* Effect.acquireRelease(
      Effect.promise(() => PGlite.create()),
      (db) => Effect.promise(() => db.close())
    )
    const server = yield* Effect.acquireRelease(
      Effect.promise(async () => {
        // one session; a client that just closed may not be accounted for yet: allow a few
        const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 })
        await server.start()
        return server
      }),
      (server) => Effect.promise(() => server.stop())
    )
    const address = server.getServerConn()
    yield* log(`JIPAN_TEST_POSTGRES_URL is not set: using PGlite over the wire protocol at ${address}`)
    return PgClient.layer({
      url: Redacted.make(`postgres://postgres@${address}/postgres`),
      maxConnections: 1
    })
  })
)

/** A client on a fresh, empty database (a new schema on a server, a new PGlite otherwise). */
export const layer: Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, SqlError.SqlError> = Layer.suspend(
  () => {
    const url = process.env.JIPAN_TEST_POSTGRES_URL
    return url ? onServer(url) : onPglite
  }
)
