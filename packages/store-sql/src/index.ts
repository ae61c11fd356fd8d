/**
 * `@jipan/store-sql`: every Jipan storage port on any effect/sql `SqlClient` (PostgreSQL dialect),
 * with migrations and `verify`.
 *
 * @since 0.1.0
 */

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
