/**
 * The behaviour every Jipan SqlClient (Postgres dialect) must show, written once
 * and run against each backend: embedded PGlite, PGlite over the wire, a real
 * PostgreSQL server. It only needs a `SqlClient`.
 */
import { assert, layer } from "@effect/vitest"
import { Effect, type Layer, Schema } from "effect"
import { Migrator, SqlClient, type SqlError, SqlSchema } from "effect/sql"
import fc from "fast-check"

const migrations = Migrator.fromRecord({
  "1_create_customer": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE customer (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      budget bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`
  }),
  "2_create_tx_log": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE tx_log (tx int PRIMARY KEY, state text NOT NULL)`
  }),
  "3_create_kinds": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE kinds (
      id serial PRIMARY KEY,
      d date, ts timestamptz, j jsonb, b bigint, n numeric(10, 2), i int4, arr int4[], ok bool, t text
    )`
  })
})

const migrate = Migrator.make({})({ loader: migrations })

/** Every test starts from migrated, empty tables. */
const reset = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* migrate
  yield* sql`TRUNCATE customer, tx_log, kinds`
})

const CustomerRow = Schema.Struct({
  id: Schema.String,
  email: Schema.String,
  name: Schema.String,
  budget: Schema.NullOr(Schema.BigInt),
  created_at: Schema.Date
})

class Abort extends Schema.TaggedError<Abort>()("Abort", { message: Schema.String }) {}

const countCustomers = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ readonly id: string }>`SELECT id FROM customer ORDER BY id`
  return rows.map((row) => row.id)
})

const insertCustomer = (id: string, email = `${id}@example.com`) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`INSERT INTO customer ${sql.insert({ id, email, name: id.toUpperCase(), budget: null })}`
  })

const uniqueViolationTag = (error: SqlError.SqlError) => error.reason._tag

/**
 * Registers the behaviour suite for one SqlClient backend. The layer is built
 * once for the whole block (one database per test file) and released after it.
 */
export const sqlClientSuite = (backend: string, client: Layer.Layer<SqlClient.SqlClient, unknown>): void =>
  layer(client, { excludeTestServices: true, timeout: "60 seconds" })(
    `SqlClient behaviour (${backend})`,
    (it) => {
      it.effect("Migrator.make runs each migration once: a second run is a no-op", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const first = yield* migrate
          const second = yield* migrate
          assert.deepStrictEqual(
            first.map(([id, name]) => [id, name]),
            [
              [1, "create_customer"],
              [2, "create_tx_log"],
              [3, "create_kinds"]
            ]
          )
          assert.deepStrictEqual(second, [])
          const recorded = yield* sql<{
            readonly migration_id: number
          }>`SELECT migration_id FROM effect_sql_migrations ORDER BY migration_id`
          assert.deepStrictEqual(
            recorded.map((row) => row.migration_id),
            [1, 2, 3]
          )
        })
      )

      it.effect("insert + SqlSchema.findAll decodes rows", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          yield* sql`INSERT INTO customer ${sql.insert([
            { id: "c1", email: "ada@example.com", name: "Ada", budget: 250_000n },
            { id: "c2", email: "li@example.com", name: "Li Wei", budget: null }
          ])}`
          const findByNamePrefix = SqlSchema.findAll({
            Request: Schema.String,
            Result: CustomerRow,
            execute: (prefix) => sql`SELECT * FROM customer WHERE name LIKE ${`${prefix}%`} ORDER BY id`
          })
          const rows = yield* findByNamePrefix("")
          assert.deepStrictEqual(
            rows.map(({ id, email, name, budget }) => ({ id, email, name, budget })),
            [
              { id: "c1", email: "ada@example.com", name: "Ada", budget: 250_000n },
              { id: "c2", email: "li@example.com", name: "Li Wei", budget: null }
            ]
          )
          assert.isTrue(rows.every((row) => row.created_at instanceof Date))
          assert.deepStrictEqual(
            (yield* findByNamePrefix("Li")).map((row) => row.id),
            ["c2"]
          )
        })
      )

      it.effect("withTransaction commits all of its statements", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          yield* Effect.all([insertCustomer("a"), insertCustomer("b")]).pipe(sql.withTransaction)
          assert.deepStrictEqual(yield* countCustomers, ["a", "b"])
        })
      )

      it.effect("a failure inside withTransaction rolls everything back", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          const error = yield* Effect.gen(function* () {
            yield* insertCustomer("a")
            yield* insertCustomer("b")
            return yield* new Abort({ message: "changed my mind" })
          }).pipe(sql.withTransaction, Effect.flip)
          assert.strictEqual(error._tag, "Abort")
          assert.deepStrictEqual(yield* countCustomers, [])
        })
      )

      it.effect("a nested transaction is a savepoint: its failure rolls back only itself", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          yield* Effect.gen(function* () {
            yield* insertCustomer("outer-1")
            const inner = yield* Effect.gen(function* () {
              yield* insertCustomer("inner")
              return yield* new Abort({ message: "inner only" })
            }).pipe(sql.withTransaction, Effect.flip)
            assert.strictEqual(inner._tag, "Abort")
            yield* insertCustomer("outer-2")
          }).pipe(sql.withTransaction)
          assert.deepStrictEqual(yield* countCustomers, ["outer-1", "outer-2"])
        })
      )

      it.effect("20 concurrent transactions do not see each other's uncommitted work", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          const seen = yield* Effect.forEach(
            Array.from({ length: 20 }, (_, i) => i),
            (tx) =>
              Effect.gen(function* () {
                yield* sql`INSERT INTO tx_log ${sql.insert({ tx, state: "open" })}`
                yield* Effect.sleep("2 millis") // give the others every chance to run in between
                const open = yield* sql<{ readonly tx: number }>`SELECT tx FROM tx_log WHERE state = 'open'`
                yield* sql`UPDATE tx_log SET state = 'done' WHERE tx = ${tx}`
                return { tx, open: open.map((row) => row.tx) }
              }).pipe(sql.withTransaction),
            { concurrency: "unbounded" }
          )
          for (const { tx, open } of seen) assert.deepStrictEqual(open, [tx])
          const done = yield* sql<{
            readonly n: number
          }>`SELECT count(*)::int AS n FROM tx_log WHERE state = 'done'`
          assert.strictEqual(done[0]?.n, 20)
        })
      )

      it.effect("a duplicate key fails with SqlError reason UniqueViolation", () =>
        Effect.gen(function* () {
          yield* reset
          yield* insertCustomer("a", "same@example.com")
          const error = yield* Effect.flip(insertCustomer("b", "same@example.com"))
          assert.strictEqual(error._tag, "SqlError")
          assert.strictEqual(uniqueViolationTag(error), "UniqueViolation")
          const constraint = yield* insertCustomer("c", "same@example.com").pipe(
            Effect.catchReason("SqlError", "UniqueViolation", (reason) => Effect.succeed(reason.constraint))
          )
          assert.strictEqual(constraint, "customer_email_key")
          // the client is still usable afterwards
          assert.deepStrictEqual(yield* countCustomers, ["a"])
        })
      )

      it.effect("date, timestamptz, jsonb, bigint, numeric, int4[], bool round-trip", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          const ts = new Date("2026-11-22T09:30:15.123Z")
          yield* sql`INSERT INTO kinds (d, ts, j, b, n, i, arr, ok) VALUES (
          ${"2026-11-22"}, ${ts}, ${JSON.stringify({ model: "Tang", trims: ["DM-i", "EV"], price: 189800 })}::jsonb,
          ${9_007_199_254_740_993n}, ${"12.50"}, ${3}, ${[1, 2, 3]}, ${true}
        )`
          const [row] = yield* sql<Record<string, unknown>>`SELECT d, ts, j, b, n, i, arr, ok FROM kinds`
          assert.deepStrictEqual(row, {
            d: "2026-11-22", // date stays a calendar day, no time zone shift
            ts,
            j: { model: "Tang", trims: ["DM-i", "EV"], price: 189800 },
            b: 9_007_199_254_740_993n,
            n: "12.50",
            i: 3,
            arr: [1, 2, 3],
            ok: true
          })
        })
      )

      it.effect("property: text, jsonb and bigint values come back as they went in", () =>
        Effect.gen(function* () {
          yield* reset
          const sql = yield* SqlClient.SqlClient
          const roundTrip = (t: string, j: unknown, b: bigint) =>
            Effect.gen(function* () {
              const rows = yield* sql<{ readonly t: string; readonly j: unknown; readonly b: bigint }>`
              INSERT INTO kinds (t, j, b) VALUES (${t}, ${JSON.stringify(j)}::jsonb, ${b}) RETURNING t, j, b`
              return rows[0]
            })
          yield* Effect.promise(() =>
            fc.assert(
              fc.asyncProperty(
                postgresText,
                postgresJson,
                fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
                async (t, j, b) => {
                  const row = await Effect.runPromise(
                    Effect.provideService(roundTrip(t, j, b), SqlClient.SqlClient, sql)
                  )
                  // JSON.parse(JSON.stringify(...)) is what jsonb can hold: -0 becomes 0, undefined disappears
                  assert.deepStrictEqual(row, { t, j: JSON.parse(JSON.stringify(j)), b })
                }
              ),
              { numRuns: 60 }
            )
          )
        })
      )
    }
  )

/** PostgreSQL text cannot hold NUL, nor lone UTF-16 surrogates (they are not UTF-8). */
const postgresText = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\u0000"))

const postgresJson = fc.jsonValue({ maxDepth: 3 }).filter((value) => {
  const text = JSON.stringify(value)
  return !text.includes("\\u0000")
})
