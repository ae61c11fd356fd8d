/**
 * The full Jipan store on PGlite in a browser: the browser `SqlClient`, the migrations and every
 * storage port of `@jipan/store-sql`, in one layer, with no Node module on the way.
 *
 * @since 0.1.0
 */
import type { PGlite } from "@electric-sql/pglite"
import type { JipanStore } from "@jipan/core"
import { type BulkLoader, Migrations, SqlStore } from "@jipan/store-sql"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { MigrationError } from "effect/sql/Migrator"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as PgliteBrowserClient from "./PgliteBrowserClient.js"
import * as PgliteBulkLoader from "./PgliteBulkLoader.js"
import type { PgliteError } from "./PgliteError.js"

/**
 * The Jipan store on a PGlite it owns (in memory without `dataDir`; `idb://name` persists to
 * IndexedDB), migrated when built, closed when released. Also provides the `SqlClient` and a
 * COPY `BulkLoader`.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { createJipan } from "@jipan/core"
 * import { JipanPgliteBrowser } from "@jipan/store-pglite/browser"
 * const jipan = createJipan({ store: JipanPgliteBrowser.layer({ dataDir: "idb://jipan" }) })
 * ```
 */
export const layer = (
  options?: PgliteBrowserClient.OpenOptions
): Layer.Layer<
  JipanStore | BulkLoader.BulkLoader | SqlClient.SqlClient,
  PgliteError | SqlError | MigrationError
> => Layer.unwrap(Effect.map(PgliteBrowserClient.open(options), layerOn))

/**
 * The Jipan store on a PGlite you own (you create and close it), migrated when built.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { createJipan } from "@jipan/core"
 * import { JipanPgliteBrowser, PgliteBrowserClient } from "@jipan/store-pglite/browser"
 * const db = await PGlite.create({ dataDir: "idb://jipan", parsers: PgliteBrowserClient.parsers })
 * const jipan = createJipan({ store: JipanPgliteBrowser.layerOn(db) })
 * ```
 */
export const layerOn = (
  db: PGlite
): Layer.Layer<JipanStore | BulkLoader.BulkLoader | SqlClient.SqlClient, SqlError | MigrationError> =>
  Layer.mergeAll(SqlStore.layer, PgliteBulkLoader.layer(db)).pipe(
    Layer.provideMerge(Migrations.layer),
    Layer.provideMerge(PgliteBrowserClient.layer(db))
  )
