import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Redacted } from "effect"
import fc from "fast-check"
import { PostgresClient } from "../src/index.js"

const parse = (env: Record<string, string>) => PostgresClient.envConfig.parse(ConfigProvider.fromEnv({ env }))

describe("envConfig", () => {
  it.effect("reads the URL (redacted), the schema and the pool size", () =>
    Effect.gen(function* () {
      const options = yield* parse({
        JIPAN_POSTGRES_URL: "postgres://jipan:s3cret@db:5432/dealer",
        JIPAN_POSTGRES_SCHEMA: "jipan",
        JIPAN_POSTGRES_MAX_CONNECTIONS: "8",
        JIPAN_POSTGRES_MIN_CONNECTIONS: "2"
      })
      assert.strictEqual(options.schema, "jipan")
      assert.strictEqual(options.maxConnections, 8)
      assert.strictEqual(options.minConnections, 2)
      const url = options.url
      assert.isTrue(Redacted.isRedacted(url))
      if (!Redacted.isRedacted(url)) return
      assert.strictEqual(Redacted.value(url), "postgres://jipan:s3cret@db:5432/dealer")
      assert.notInclude(String(url), "s3cret")
    })
  )

  it.effect("only the URL is required", () =>
    Effect.gen(function* () {
      const options = yield* parse({ JIPAN_POSTGRES_URL: "postgres://db/dealer" })
      assert.strictEqual(options.schema, undefined)
      assert.strictEqual(options.maxConnections, undefined)
      assert.strictEqual(options.minConnections, undefined)
    })
  )

  it.effect("a missing URL or a pool size that is not an integer is a ConfigError naming the variable", () =>
    Effect.gen(function* () {
      const missing = yield* Effect.flip(parse({ JIPAN_POSTGRES_SCHEMA: "jipan" }))
      assert.strictEqual(missing._tag, "ConfigError")
      assert.include(missing.message, "JIPAN_POSTGRES_URL")
      const notInt = yield* Effect.flip(
        parse({ JIPAN_POSTGRES_URL: "postgres://db/dealer", JIPAN_POSTGRES_MAX_CONNECTIONS: "ten" })
      )
      assert.strictEqual(notInt._tag, "ConfigError")
      assert.include(notInt.message, "JIPAN_POSTGRES_MAX_CONNECTIONS")
    })
  )

  it("property: any pool size and schema name read back as written", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.string({ minLength: 1, maxLength: 63 }).filter((s) => s.trim() === s && s.length > 0),
        (max, schema) => {
          const options = Effect.runSync(
            parse({
              JIPAN_POSTGRES_URL: "postgres://db/dealer",
              JIPAN_POSTGRES_MAX_CONNECTIONS: String(max),
              JIPAN_POSTGRES_SCHEMA: schema
            })
          )
          assert.strictEqual(options.maxConnections, max)
          assert.strictEqual(options.schema, schema)
        }
      )
    )
  })
})
