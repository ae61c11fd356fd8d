/**
 * A sale's kind and size: retail (one vehicle to a person) or fleet (批售, many vehicles to a
 * company). What a delivery records and what settlement and reward tables read.
 *
 * @module
 */
import { Schema } from "effect"
import { NonEmptyText } from "./Text.js"

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

/**
 * How a delivery was sold: retail (零售, one car) or fleet (批售: the fleet customer and the units),
 * as the card's delivery records it and settlement reads it. A delivery without it is one retail car.
 *
 * @example
 * ```ts
 * import { DeliverySale } from "@jipan/core"
 * import { Schema } from "effect"
 * Schema.is(DeliverySale)({ kind: "fleet", units: 12, fleetCustomer: "东方出租" }) // true
 * ```
 */
export const DeliverySale = Schema.Struct({
  kind: SaleKind,
  units: DeliveryUnits,
  fleetCustomer: Schema.optionalKey(NonEmptyText)
})
/** @see {@link DeliverySale} */
export type DeliverySale = typeof DeliverySale.Type
