/**
 * `@jipan/store-pglite/browser`: the Jipan store on PGlite for browsers (IndexedDB, OPFS or
 * memory) and other runtimes without Node's streams. Nothing reachable from here imports a Node
 * module; the Node entry (`@jipan/store-pglite`) keeps the faster `@effect/sql-pg` wire driver.
 *
 * @since 0.1.0
 */

/**
 * The full Jipan store on PGlite in a browser: {@link JipanPgliteBrowser.layer},
 * {@link JipanPgliteBrowser.layerOn}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { JipanPgliteBrowser } from "@jipan/store-pglite/browser"
 * const Store = JipanPgliteBrowser.layer({ dataDir: "idb://jipan" })
 * ```
 */
export * as JipanPgliteBrowser from "./JipanPgliteBrowser.js"
/**
 * PGlite as an effect/sql `SqlClient` through PGlite's `query` API: {@link PgliteBrowserClient.layer},
 * {@link PgliteBrowserClient.layerOwned}, {@link PgliteBrowserClient.make},
 * {@link PgliteBrowserClient.open}, {@link PgliteBrowserClient.parsers}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { PgliteBrowserClient } from "@jipan/store-pglite/browser"
 * const SqlLive = PgliteBrowserClient.layerOwned({ dataDir: "idb://jipan" })
 * ```
 */
export * as PgliteBrowserClient from "./PgliteBrowserClient.js"
/**
 * COPY for bulk imports on PGlite (`COPY … FROM '/dev/blob'`): {@link PgliteBulkLoader.layer}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { PgliteBulkLoader } from "@jipan/store-pglite/browser"
 * import type { PGlite } from "@electric-sql/pglite"
 * declare const db: PGlite // the PGlite the store runs on
 * const Loader = PgliteBulkLoader.layer(db)
 * ```
 */
export * as PgliteBulkLoader from "./PgliteBulkLoader.js"
export { PgliteError, type PgliteErrorReason } from "./PgliteError.js"
