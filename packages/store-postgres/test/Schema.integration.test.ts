import * as PgClient from "@effect/sql-pg/PgClient"
import { assert, layer } from "@effect/vitest"
import { Config, ConfigProvider, Context, Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import * as PostgresClient from "../src/PostgresClient.js"
import * as TestPostgres from "./TestPostgres.js"

const onServer = TestPostgres.backend === "server"

/** A client without `schema`, to look at the catalog and clean up. */
const admin = Effect.gen(function* () {
  const pg = yield* TestPostgres.TestPostgres
  const context = yield* Layer.build(PostgresClient.layer({ url: pg.url, ...pg.pool }))
  return Context.get(context, PgClient.PgClient)
})

/** Builds a client layer in the current scope and returns its SqlClient. */
const client = (options: PostgresClient.Options) =>
  Effect.map(Layer.build(PostgresClient.layer(options)), (context) =>
    Context.get(context, SqlClient.SqlClient)
  )

layer(TestPostgres.layer, { excludeTestServices: true, timeout: "60 seconds" })("PostgresClient", (it) => {
  it.effect.runIf(onServer)("creates a missing schema; building the layer again is a no-op", () =>
    Effect.gen(function* () {
      const pg = yield* TestPostgres.TestPostgres
      const sql = yield* admin
      // quotes, upper case and CJK survive: the schema name is always a quoted identifier
      const schema = TestPostgres.uniqueSchemaName('Jipan "A" 模式')
      yield* TestPostgres.dropOnRelease(sql, schema)
      yield* Effect.scoped(client({ url: pg.url, schema }))
      yield* Effect.scoped(client({ url: pg.url, schema }))
      const found = yield* sql<{
        readonly nspname: string
      }>`SELECT nspname FROM pg_namespace WHERE nspname = ${schema}`
      assert.deepStrictEqual(found, [{ nspname: schema }])
    })
  )

  it.effect.runIf(onServer)("two schemas are isolated: the same unqualified table name, different rows", () =>
    Effect.gen(function* () {
      const pg = yield* TestPostgres.TestPostgres
      const sql = yield* admin
      const [a, b] = [TestPostgres.uniqueSchemaName("jipan_a"), TestPostgres.uniqueSchemaName("jipan_b")]
      yield* TestPostgres.dropOnRelease(sql, a)
      yield* TestPostgres.dropOnRelease(sql, b)
      const sqlA = yield* client({ url: pg.url, schema: a, maxConnections: 3 })
      const sqlB = yield* client({ url: pg.url, schema: b, maxConnections: 3 })
      for (const [s, rows] of [
        [sqlA, ["in a"]],
        [sqlB, ["in b 1", "in b 2"]]
      ] as const) {
        yield* s`CREATE TABLE note (body text NOT NULL)`
        for (const body of rows) yield* s`INSERT INTO note ${s.insert({ body })}`
      }
      // several statements at once, so they spread over the pools' connections
      const [seenA, seenB] = yield* Effect.all(
        [sqlA`SELECT body FROM note ORDER BY body`, sqlB`SELECT body FROM note ORDER BY body`],
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(seenA, [{ body: "in a" }])
      assert.deepStrictEqual(seenB, [{ body: "in b 1" }, { body: "in b 2" }])
      const located = yield* sql<{ readonly schemaname: string }>`
        SELECT schemaname FROM pg_tables WHERE tablename = 'note' AND ${sql.in("schemaname", [a, b])}
        ORDER BY schemaname`
      assert.deepStrictEqual(
        located.map((row) => row.schemaname),
        [a, b].sort()
      )
    })
  )

  it.effect.runIf(!onServer)("refuses a server that ignores the search_path startup parameter (PGlite)", () =>
    Effect.gen(function* () {
      const pg = yield* TestPostgres.TestPostgres
      const error = yield* Effect.flip(Effect.scoped(client({ url: pg.url, ...pg.pool, schema: "jipan" })))
      assert.strictEqual(error._tag, "SqlError")
      assert.include(error.message, "ignored search_path")
    })
  )

  it.effect("host, port, username, password and database options connect like the URL", () =>
    Effect.gen(function* () {
      const pg = yield* TestPostgres.TestPostgres
      const url = new URL(Redacted.value(pg.url))
      const database = decodeURIComponent(url.pathname.slice(1))
      const sql = yield* client({
        host: url.hostname,
        port: Number(url.port || 5432),
        username: decodeURIComponent(url.username),
        ...(url.password === "" ? {} : { password: decodeURIComponent(url.password) }),
        database,
        ...pg.pool
      })
      const rows = yield* sql<{ readonly db: string }>`SELECT current_database() AS db`
      assert.deepStrictEqual(rows, [{ db: database }])
    })
  )

  it.effect("layerConfig reads JIPAN_POSTGRES_URL, JIPAN_POSTGRES_SCHEMA and the pool size", () =>
    Effect.gen(function* () {
      const pg = yield* TestPostgres.TestPostgres
      const schema = onServer ? TestPostgres.uniqueSchemaName("jipan_env") : undefined
      if (schema !== undefined) yield* TestPostgres.dropOnRelease(yield* admin, schema)
      const env: Record<string, string> = {
        JIPAN_POSTGRES_URL: Redacted.value(pg.url),
        JIPAN_POSTGRES_MAX_CONNECTIONS: "1",
        ...(schema === undefined ? {} : { JIPAN_POSTGRES_SCHEMA: schema })
      }
      const context = yield* Layer.build(
        PostgresClient.layerConfig().pipe(
          Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
        )
      )
      const sql = Context.get(context, SqlClient.SqlClient)
      const rows = yield* sql<{ readonly schema: string }>`SELECT current_schema() AS schema`
      assert.deepStrictEqual(rows, [{ schema: schema ?? "public" }])
    })
  )

  it.effect("layerConfig also takes a record of Configs, one per option", () =>
    Effect.gen(function* () {
      const pg = yield* TestPostgres.TestPostgres
      const env = { DATABASE_URL: Redacted.value(pg.url), POOL: String(pg.pool.maxConnections ?? 2) }
      const context = yield* Layer.build(
        PostgresClient.layerConfig({
          url: Config.Redacted("DATABASE_URL"),
          maxConnections: Config.Int("POOL")
        }).pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))))
      )
      const rows = yield* Context.get(context, SqlClient.SqlClient)<{ readonly one: number }>`SELECT 1 AS one`
      assert.deepStrictEqual(rows, [{ one: 1 }])
    })
  )
})
