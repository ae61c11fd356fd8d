/**
 * The bulk loader of a PostgreSQL server: every table of a batch through
 * `COPY … FROM STDIN` (`pg` with `pg-copy-streams`), in one transaction on a connection of its
 * own small pool.
 *
 * @since 0.1.0
 */
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { BulkLoader } from "@jipan/store-sql"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import type * as PostgresClient from "./PostgresClient.js"

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`

const secret = (value: Redacted.Redacted | string | undefined): string | undefined =>
  value === undefined
    ? undefined
    : typeof value === "string"
      ? value
      : Redacted.value(value as Redacted.Redacted<string>)

/**
 * The `pg` pool configuration for the same server, database and TLS settings as the store's
 * client (at most `connections` connections, 2 by default).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { PostgresBulkLoader } from "@jipan/store-postgres"
 * PostgresBulkLoader.poolConfig({ url: "postgres://postgres@127.0.0.1:5432/dealer" }).connectionString
 * ```
 */
export const poolConfig = (options: PostgresClient.Options, connections = 2): pg.PoolConfig => {
  const base: pg.PoolConfig = {
    max: connections,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    ...(options.applicationName === undefined ? {} : { application_name: options.applicationName })
  }
  if (options.url !== undefined) return { ...base, connectionString: secret(options.url) as string }
  const password = secret(options.password)
  return {
    ...base,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.username === undefined ? {} : { user: options.username }),
    ...(password === undefined ? {} : { password }),
    ...(options.database === undefined ? {} : { database: options.database })
  }
}

/**
 * A COPY `BulkLoader` on the server `options` name (the store's schema included). Its `pg` pool
 * is closed with the layer.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PostgresBulkLoader } from "@jipan/store-postgres"
 * const Loader = PostgresBulkLoader.layer({ url: "postgres://postgres@127.0.0.1:5432/dealer", schema: "jipan" })
 * ```
 */
export const layer = (options: PostgresClient.Options): Layer.Layer<BulkLoader.BulkLoader> =>
  Layer.effect(
    BulkLoader.BulkLoader,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => {
          const pool = new pg.Pool(poolConfig(options))
          // an idle client's error (server restart) must not crash the process
          pool.on("error", () => {})
          return pool
        }),
        (pool) => Effect.promise(() => pool.end())
      ),
      (pool) =>
        BulkLoader.BulkLoader.of({
          method: "copy",
          write: (tables) =>
            Effect.tryPromise({
              try: async () => {
                const client = await pool.connect()
                try {
                  if (options.schema !== undefined)
                    await client.query(`SET search_path TO ${quoteIdentifier(options.schema)}`)
                  await client.query("BEGIN")
                  try {
                    for (const table of tables) {
                      if (table.rows.length === 0) continue
                      const stream = client.query(copyFrom(BulkLoader.copyStatement(table, "STDIN")))
                      await pipeline(Readable.from([Buffer.from(BulkLoader.copyText(table))]), stream)
                    }
                    await client.query("COMMIT")
                  } catch (error) {
                    await client.query("ROLLBACK").catch(() => undefined)
                    throw error
                  }
                } finally {
                  client.release()
                }
              },
              catch: (error) => BulkLoader.bulkError(error, "COPY")
            })
        })
    )
  )
