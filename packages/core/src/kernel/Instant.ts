/**
 * Instants: the moments commands, events, visits and consent records happen at, as epoch
 * milliseconds the caller supplies (the core never reads a clock).
 *
 * @module
 */
import { Schema } from "effect"

/**
 * The first instant Jipan accepts: 2000-01-01T00:00:00Z.
 *
 * @example
 * ```ts
 * import { INSTANT_MIN } from "@jipan/core"
 * new Date(INSTANT_MIN).toISOString() // "2000-01-01T00:00:00.000Z"
 * ```
 */
export const INSTANT_MIN = 946_684_800_000

/**
 * The first instant Jipan no longer accepts: 2100-01-01T00:00:00Z.
 *
 * @example
 * ```ts
 * import { INSTANT_END } from "@jipan/core"
 * new Date(INSTANT_END).toISOString() // "2100-01-01T00:00:00.000Z"
 * ```
 */
export const INSTANT_END = 4_102_444_800_000

/**
 * Whether `n` is an instant Jipan accepts: whole epoch milliseconds from 2000-01-01 (inclusive)
 * to 2100-01-01 (exclusive), UTC. Every day of that range is a calendar day the date arithmetic,
 * the stores and the reports can hold, so an accepted instant can always be read back.
 *
 * @example
 * ```ts
 * import { isInstant } from "@jipan/core"
 * isInstant(Date.parse("2026-11-22T10:00:00+08:00")) // true
 * isInstant(2e15) // false: the year 65347
 * ```
 */
export const isInstant = (n: number): boolean => Number.isInteger(n) && n >= INSTANT_MIN && n < INSTANT_END

/**
 * An instant (时间点) as epoch milliseconds, bounded to 2000-01-01..2099-12-31 UTC: the one bound
 * a store checks on write and on read alike.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Instant } from "@jipan/core"
 * Schema.is(Instant)(Date.parse("2026-11-22T02:00:00Z")) // true
 * Schema.is(Instant)(8.64e15) // false
 * ```
 */
export const Instant = Schema.Number.check(
  Schema.makeFilter((n: number) => isInstant(n), {
    expected: "whole epoch milliseconds from 2000-01-01 to 2099-12-31 (UTC)"
  })
)
/** @see {@link Instant} */
export type Instant = typeof Instant.Type
