/**
 * A sale's kind and size: retail (one vehicle to a person) or fleet (批售, many vehicles to a
 * company). What a delivery records and what settlement and reward tables read.
 *
 * @module
 */
import { Schema } from "effect"

/**
 * The kind of a sale: `retail` or `fleet`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SaleKind } from "@jipan/core"
 * Schema.is(SaleKind)("fleet") // true
 * ```
 */
export const SaleKind = Schema.Literals(["retail", "fleet"])

/** The kind of a sale. */
export type SaleKind = typeof SaleKind.Type

/**
 * The vehicles of one delivery: 1 for retail, up to 10,000 for a fleet sale .
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { DeliveryUnits } from "@jipan/core"
 * Schema.is(DeliveryUnits)(12) // true
 * Schema.is(DeliveryUnits)(0) // false
 * ```
 */
export const DeliveryUnits = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_000 }))
