/**
 * `@jipan/store-postgres`: a pooled PostgreSQL server client as an effect/sql `SqlClient`.
 *
 * @since 0.1.0
 */

/**
 * The full Jipan store on PostgreSQL: {@link JipanPostgres.layer}, {@link JipanPostgres.layerConfig}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { JipanPostgres } from "@jipan/store-postgres"
 * const Store = JipanPostgres.layerConfig()
 * ```
 */
export * as JipanPostgres from "./JipanPostgres.js"
/**
 * COPY for bulk imports on a PostgreSQL server (`pg` + `pg-copy-streams`):
 * {@link PostgresBulkLoader.layer}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { PostgresBulkLoader } from "@jipan/store-postgres"
 * const Loader = PostgresBulkLoader.layer({ url: "postgres://postgres@127.0.0.1:5432/dealer" })
 * ```
 */
export * as PostgresBulkLoader from "./PostgresBulkLoader.js"
/**
 * The PostgreSQL client module: {@link PostgresClient.layer}, {@link PostgresClient.layerConfig},
 * {@link PostgresClient.make}, {@link PostgresClient.envConfig}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { PostgresClient } from "@jipan/store-postgres"
 *
 * const SqlLive = PostgresClient.layerConfig() // JIPAN_POSTGRES_URL, JIPAN_POSTGRES_SCHEMA, …
 * ```
 */
export * as PostgresClient from "./PostgresClient.js"
export {
  type ClientSettings,
  envConfig,
  type HostConnection,
  layer,
  layerConfig,
  make,
  type Options,
  type UrlConnection
} from "./PostgresClient.js"
