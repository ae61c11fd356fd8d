/**
 * Valid kernel values: instants within the core's bound, calendar dates, Chinese mobile numbers,
 * ids (hostile ones included), free text and actors.
 *
 * @module
 */
import { type Actor, addDays, type CalendarDate, type PhoneNumber } from "@jipan/core"
import * as fc from "fast-check"
import { ACTORS, DAY, SEQUENCE_START } from "./Shared.js"

/**
 * The first instant Jipan accepts (2000-01-01T00:00:00Z) and the first it no longer accepts
 * (2100-01-01T00:00:00Z): the `Instant` bound of the core, as plain numbers.
 *
 * @example
 * ```ts
 * import { INSTANT_RANGE } from "@jipan/testkit"
 * new Date(INSTANT_RANGE.end).toISOString() // "2100-01-01T00:00:00.000Z"
 * ```
 */
export const INSTANT_RANGE = { min: Date.UTC(2000, 0, 1), end: Date.UTC(2100, 0, 1) } as const

/**
 * A valid instant (whole epoch milliseconds in 2000-01-01..2099-12-31 UTC): mostly around 2026,
 * sometimes the very first and the very last one.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { instant } from "@jipan/testkit"
 * fc.assert(fc.property(instant, (at) => Number.isInteger(at)))
 * ```
 */
export const instant: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: SEQUENCE_START - 400 * DAY, max: SEQUENCE_START + 400 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: INSTANT_RANGE.min, max: INSTANT_RANGE.end - 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(INSTANT_RANGE.min, INSTANT_RANGE.end - 1) }
)

/**
 * A valid calendar date: mostly within two years of 2026, sometimes at the ends of 1900–2199.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { anyCalendarDate } from "@jipan/testkit"
 * fc.sample(anyCalendarDate, 2) // ["2026-07-14", "1900-01-01"]
 * ```
 */
export const anyCalendarDate: fc.Arbitrary<CalendarDate> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: -800, max: 800 }).map((d) => addDays("2026-01-01" as CalendarDate, d))
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 109_572 }).map((d) => addDays("1900-01-01" as CalendarDate, d))
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "1900-01-01",
      "2199-12-31",
      "2000-02-29",
      "2096-02-29"
    ) as fc.Arbitrary<CalendarDate>
  }
)

/**
 * A valid Chinese mobile number in E.164 (`+86` and eleven digits).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { phone } from "@jipan/testkit"
 * fc.sample(phone, 1) // ["+8613912345678"]
 * ```
 */
export const phone: fc.Arbitrary<PhoneNumber> = fc
  .tuple(
    fc.constantFrom("138", "139", "135", "137", "150", "186", "188"),
    fc.integer({ min: 0, max: 99_999_999 })
  )
  .map(([prefix, n]) => `+86${prefix}${String(n).padStart(8, "0")}` as PhoneNumber)

/**
 * Ids that are valid (1–64 characters, no whitespace) but hostile to careless stores: prototype
 * keys, SQL, LIKE and regex metacharacters, quotes, Chinese and astral characters up to the 64
 * UTF-16 units the bound allows. A store must keep and return each exactly.
 *
 * @example
 * ```ts
 * import { hostileIds } from "@jipan/testkit"
 * hostileIds.includes("__proto__") // true
 * ```
 */
export const hostileIds: ReadonlyArray<string> = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "x';DROP/**/TABLE/**/jipan_cards;--",
  "1'OR'1'='1",
  "%",
  "_",
  "a%b_c\\d",
  "$1",
  "null",
  "undefined",
  "NaN",
  '"quoted"',
  "客户卡-一号",
  "🚗".repeat(32),
  "卡".repeat(64),
  "a".repeat(64)
]

/**
 * A valid id: plain (`[A-Za-z0-9_.:-]`, 1–24 characters) most of the time, else one of
 * {@link hostileIds}.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { idString } from "@jipan/testkit"
 * fc.assert(fc.property(idString, (id) => id.length >= 1 && id.length <= 64))
 * ```
 */
export const idString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,24}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileIds) }
)

/**
 * Free text as people type it (notes, names, justifications): ASCII, Chinese, emoji, quotes.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { freeText } from "@jipan/testkit"
 * fc.sample(freeText, 1)
 * ```
 */
export const freeText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("客户说下周再来", "价格太高 😅", 'O\'Brien said "no"', "'); DELETE FROM jipan_ledger; --"),
  fc.string({ unit: "grapheme", maxLength: 20 })
)

/**
 * An actor (who issues a command): one of two consultants, a supervisor, the DCRC or the DMS.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { actor } from "@jipan/testkit"
 * fc.sample(actor, 1)[0]?.role // "consultant"
 * ```
 */
export const actor: fc.Arbitrary<Actor> = fc.constantFrom(...ACTORS)
