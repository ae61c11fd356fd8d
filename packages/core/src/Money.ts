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
 * import { formatFen } from "@jipan/core"
 * formatFen(30000 as Fen, "zh-CN") // "¥300.00"
 * formatFen(-1250 as Fen, "en")    // "-CN¥12.50"
 * ```
 */
export const formatFen = (amount: Fen, locale: Locale): string =>
  new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" }).format(amount / 100)
