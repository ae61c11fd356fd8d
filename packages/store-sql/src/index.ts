/**
 * `@jipan/store-sql`: every Jipan storage port on any effect/sql `SqlClient` (PostgreSQL dialect),
 * with migrations and `verify`.
 *
 * @since 0.1.0
 */

/**
 * Bulk import of existing cards and histories: {@link BulkImport.importCards}, the row schemas
 * {@link BulkImport.CardHistoryRow} and {@link BulkImport.FlatCardRow}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { BulkImport } from "@jipan/store-sql"
 * declare const rows: AsyncIterable<unknown> // the parsed lines of an NDJSON export
 * const run = BulkImport.importCards({ dealerGroupId }, rows, { onProgress: console.log })
 * ```
 */
export * as BulkImport from "./BulkImport.js"
/**
 * How bulk rows reach the tables: the {@link BulkLoader.BulkLoader} service, its portable
 * INSERT layer {@link BulkLoader.layerInsert}, and the COPY text helpers drivers use.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { BulkLoader } from "@jipan/store-sql"
 * const Fallback = BulkLoader.layerInsert
 * ```
 */
export * as BulkLoader from "./BulkLoader.js"
/**
 * The tables and their migrations: {@link Migrations.run}, {@link Migrations.layer}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Migrations } from "@jipan/store-sql"
 * const migrate = Migrations.run
 * ```
 */
export * as Migrations from "./Migrations.js"
/**
 * The report tables' rows (migration `7_reports`), made with the core's pure report functions,
 * and the Schemas they are read back with: {@link ReportRows.cardReportRows}.
 *
 * @since 0.2.0
 * @example
 * ```ts
 * import { initialCardState } from "@jipan/core"
 * import { ReportRows } from "@jipan/store-sql"
 * const rows = ReportRows.cardReportRows(tenant, cardId, initialCardState, history, state)
 * ```
 */
export * as ReportRows from "./ReportRows.js"
/**
 * The ports on a `SqlClient`: {@link SqlStore.layer}, {@link SqlStore.make}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Migrations, SqlStore } from "@jipan/store-sql"
 * const Store = Layer.provideMerge(SqlStore.layer, Migrations.layer)
 * ```
 */
export * as SqlStore from "./SqlStore.js"
/**
 * The stored card state decoded back with Schema: {@link StoredState.decodeStoredState}.
 *
 * @since 0.2.0
 * @example
 * ```ts
 * import { StoredState } from "@jipan/store-sql"
 * declare const text: string // a card row's state column
 * const state = StoredState.decodeStoredState(JSON.parse(text))
 * ```
 */
export * as StoredState from "./StoredState.js"
/**
 * Checks stored cards against their histories: {@link Verify.verify}.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Verify } from "@jipan/store-sql"
 * const report = Verify.verify()
 * ```
 */
export * as Verify from "./Verify.js"
