/**
 * The full Jipan store on a PostgreSQL server: the pooled client, the migrations and every
 * storage port of `@jipan/store-sql`, in one layer.
 *
 * @since 0.1.0
 */

import type * as PgClient from "@effect/sql-pg/PgClient"
import type { JipanStore } from "@jipan/core"
import { type BulkLoader, Migrations, SqlStore } from "@jipan/store-sql"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { MigrationError } from "effect/sql/Migrator"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as PostgresBulkLoader from "./PostgresBulkLoader.js"
import * as PostgresClient from "./PostgresClient.js"

/**
 * The Jipan store on a PostgreSQL server (URL or options, schema selectable), migrated when
 * built; the pool closes with the layer. Also provides the `SqlClient` and a COPY `BulkLoader`
 * (for `BulkImport.importCards`).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { createJipan } from "@jipan/core"
 * import { JipanPostgres } from "@jipan/store-postgres"
 * const jipan = createJipan({ store: JipanPostgres.layer({ url: "postgres://postgres@127.0.0.1/dealer", schema: "jipan" }) })
 * ```
 */
export const layer = (
  options: PostgresClient.Options
): Layer.Layer<
  JipanStore | BulkLoader.BulkLoader | SqlClient.SqlClient | PgClient.PgClient,
  SqlError | MigrationError
> =>
  Layer.mergeAll(SqlStore.layer, PostgresBulkLoader.layer(options)).pipe(
    Layer.provideMerge(Migrations.layer),
    Layer.provideMerge(PostgresClient.layer(options))
  )

/**
 * Like {@link layer}, configured through effect `Config` (by default the `JIPAN_POSTGRES_*`
 * environment variables).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { JipanPostgres } from "@jipan/store-postgres"
 * const Store = JipanPostgres.layerConfig() // JIPAN_POSTGRES_URL, JIPAN_POSTGRES_SCHEMA, …
 * ```
 */
export const layerConfig = (
  config?: Config.Wrap<PostgresClient.Options>
): Layer.Layer<
  JipanStore | BulkLoader.BulkLoader | SqlClient.SqlClient | PgClient.PgClient,
  Config.ConfigError | SqlError | MigrationError
> =>
  Layer.unwrap(
    Effect.map(Config.unwrap<PostgresClient.Options>(config ?? PostgresClient.envConfig), (options) =>
      layer(options)
    )
  )
