/**
 * The full Jipan store on embedded PGlite: the client, the migrations and every storage port of
 * `@jipan/store-sql`, in one layer.
 *
 * @since 0.1.0
 */

import type * as PgClient from "@effect/sql-pg/PgClient"
import type { PGlite } from "@electric-sql/pglite"
import type { JipanStore } from "@jipan/core"
import { type BulkLoader, Migrations, SqlStore } from "@jipan/store-sql"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { MigrationError } from "effect/sql/Migrator"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as PgliteBulkLoader from "./PgliteBulkLoader.js"
import * as PgliteClient from "./PgliteClient.js"

/**
 * The Jipan store on a PGlite it owns (in memory without `dataDir`, else in that directory),
 * migrated when built, closed when released. Also provides the `SqlClient` and a COPY
 * `BulkLoader` (for `BulkImport.importCards`).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { createJipan } from "@jipan/core"
 * import { JipanPglite } from "@jipan/store-pglite"
 * const jipan = createJipan({ store: JipanPglite.layer({ dataDir: "./data/jipan" }) })
 * ```
 */
export const layer = (
  options?: PgliteClient.OpenOptions & PgliteClient.ClientOptions
): Layer.Layer<
  JipanStore | BulkLoader.BulkLoader | SqlClient.SqlClient | PgClient.PgClient,
  PgliteClient.PgliteError | SqlError | MigrationError
> =>
  Layer.unwrap(
    Effect.map(PgliteClient.open(options), (db) => {
      const { dataDir: _dataDir, relaxedDurability: _relaxed, pglite: _pglite, ...client } = options ?? {}
      return layerOn(db, client)
    })
  )

/**
 * The Jipan store on a PGlite you own (you create and close it), with its COPY `BulkLoader`.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { JipanPglite } from "@jipan/store-pglite"
 * const db = await PGlite.create()
 * const Store = JipanPglite.layerOn(db)
 * ```
 */
export const layerOn = (
  db: PGlite,
  options?: PgliteClient.ClientOptions
): Layer.Layer<
  JipanStore | BulkLoader.BulkLoader | SqlClient.SqlClient | PgClient.PgClient,
  SqlError | MigrationError
> =>
  Layer.mergeAll(SqlStore.layer, PgliteBulkLoader.layer(db)).pipe(
    Layer.provideMerge(Migrations.layer),
    Layer.provideMerge(PgliteClient.layer(db, options))
  )
