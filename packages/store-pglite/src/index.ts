/**
 * `@jipan/store-pglite`: embedded PostgreSQL (PGlite) as an effect/sql `SqlClient`.
 *
 * @since 0.1.0
 */

/**
 * The full Jipan store on PGlite: {@link JipanPglite.layer}, {@link JipanPglite.layerOn}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { JipanPglite } from "@jipan/store-pglite"
 * const Store = JipanPglite.layer() // in memory
 * ```
 */
export * as JipanPglite from "./JipanPglite.js"
/**
 * COPY for bulk imports on PGlite (`COPY … FROM '/dev/blob'`): {@link PgliteBulkLoader.layer}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { PgliteBulkLoader } from "@jipan/store-pglite"
 * import type { PGlite } from "@electric-sql/pglite"
 * declare const db: PGlite // the PGlite the store runs on
 * const Loader = PgliteBulkLoader.layer(db)
 * ```
 */
export * as PgliteBulkLoader from "./PgliteBulkLoader.js"
/**
 * The PGlite client module: {@link PgliteClient.layerOwned}, {@link PgliteClient.layer},
 * {@link PgliteClient.make}, {@link PgliteClient.open}, {@link PgliteClient.wireStream}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { PgliteClient } from "@jipan/store-pglite"
 *
 * const SqlLive = PgliteClient.layerOwned({ dataDir: "./data/jipan" })
 * ```
 */
export * as PgliteClient from "./PgliteClient.js"
export {
  type ClientOptions,
  layer,
  layerOwned,
  make,
  type OpenOptions,
  open,
  PgliteError,
  type PgliteErrorReason,
  wireStream
} from "./PgliteClient.js"
