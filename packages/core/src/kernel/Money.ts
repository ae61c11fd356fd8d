/**
 * Money, always integer fen (分): no floating-point yuan anywhere in a rule.
 *
 * @module
 */
import { Schema } from "effect"
import type { Locale } from "./Label.js"

/**
 * An amount of money in integer fen (1 yuan = 100 fen); may be negative (reversals, penalties).
 *
 * @example
 * ```ts
 * import { Fen } from "@jipan/core"
 * const voucher = Fen.make(30000) // 300 yuan
 * ```
 */
export const Fen = Schema.Int.check(Schema.isBetween({ minimum: -1e14, maximum: 1e14 })).pipe(
  Schema.brand("Fen")
)
/** @see {@link Fen} */
export type Fen = typeof Fen.Type

/**
 * A non-negative amount in fen within what the ledger stores (0..1e14): caps, values per referral.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { NonNegativeFen } from "@jipan/core"
 * Schema.is(NonNegativeFen)(0) // true
 * Schema.is(NonNegativeFen)(1e15) // false: more than the ledger can hold
 * ```
 */
export const NonNegativeFen = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1e14 }))

/**
 * A positive amount in fen within what the ledger stores (1..1e14): where zero would mean nothing
 * (a reward choice's value: an "issued" voucher of 0 fen is not a voucher).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { PositiveFen } from "@jipan/core"
 * Schema.is(PositiveFen)(30000) // true
 * Schema.is(PositiveFen)(0) // false
 * ```
 */
export const PositiveFen = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1e14 }))

/**
 * Converts whole or decimal yuan to fen, rounding to the nearest fen.
 *
 * @example
 * ```ts
 * import { yuan } from "@jipan/core"
 * yuan(300) // 30000
 * ```
 */
export const yuan = (amount: number): Fen => Math.round(amount * 100) as Fen

/**
 * Formats fen as a money string for people.
 *
 * @example
 * ```ts
 * import { formatFen, Fen } from "@jipan/core"
 * formatFen(30000 as Fen, "zh-CN") // "¥300.00"
 * formatFen(-1250 as Fen, "en")    // "-CN¥12.50"
 * ```
 */
export const formatFen = (amount: Fen, locale: Locale): string =>
  new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" }).format(amount / 100)
