/**
 * Invalid kernel values: instants outside 2000–2099, days that do not exist, money beyond the
 * bound, 0-fen rewards, bad phones, ids and text, tenants, and values that are not objects at all.
 *
 * @module
 */

import * as fc from "fast-check"

/**
 * Instants Jipan must refuse: outside 2000-01-01..2099-12-31 UTC (2e15, 8.64e15 — the largest
 * `Date` —, 8.64e15 + 1, negative, 1999-12-31T23:59:59.999Z, 2100-01-01), fractional, NaN, ±∞, and
 * non-numbers (an ISO string, null).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { isInstant } from "@jipan/core"
 * import { invalid } from "@jipan/testkit"
 * fc.assert(fc.property(invalid.instant, (at) => typeof at !== "number" || !isInstant(at)))
 * ```
 */
export const instant: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    2e15,
    8.64e15,
    8.64e15 + 1,
    -1,
    0,
    Date.UTC(2000, 0, 1) - 1,
    Date.UTC(2100, 0, 1),
    1.5e12 + 0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_VALUE,
    "2026-03-02T09:00:00Z",
    null,
    true
  ),
  fc.integer({ min: Date.UTC(2100, 0, 1), max: 8.64e15 }),
  fc.integer({ min: -8.64e15, max: Date.UTC(2000, 0, 1) - 1 })
)

/**
 * Calendar dates Jipan must refuse: days that do not exist ("2026-02-30", "2025-02-29"), months
 * 0 and 13, years outside 1900–2199, other formats, non-strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.calendarDate, 3) // ["2026-02-30", "1899-12-31", 20260302]
 * ```
 */
export const calendarDate: fc.Arbitrary<unknown> = fc.constantFrom(
  "2026-02-30",
  "2025-02-29",
  "2100-02-29",
  "2026-00-10",
  "2026-13-01",
  "2026-04-31",
  "1899-12-31",
  "2200-01-01",
  "26-03-02",
  "2026-3-2",
  "2026/03/02",
  "2026-03-02T00:00:00Z",
  " 2026-03-02",
  "",
  20260302,
  null
)

/**
 * Money Jipan must refuse as fen: beyond ±1e14 (1e15, -1e15), fractional, NaN, ∞, strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.fen, 2) // [1e15, 0.5]
 * ```
 */
export const fen: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(1e15, -1e15, 1e14 + 1, 0.5, -0.01, Number.NaN, Number.POSITIVE_INFINITY, "30000", null),
  fc.double({ min: 1e14 + 1, max: 1e300, noNaN: true })
)

/**
 * Reward values (reward choices, caps) Jipan must refuse: 0 and negative fen, fractional,
 * beyond 1e14.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.rewardFen, 2) // [0, 1e15]
 * ```
 */
export const rewardFen: fc.Arbitrary<unknown> = fc.constantFrom(
  0,
  -1,
  -30000,
  0.5,
  1e15,
  1e14 + 1,
  Number.NaN,
  "300"
)

/**
 * Phone numbers Jipan refuses even as typed input (where any common format is accepted and
 * normalised, e.g. an `OpenCard`'s phone): too short or long, letters, empty, not a number.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.typedPhone, 2) // ["+86138", "1381234567"]
 * ```
 */
export const typedPhone: fc.Arbitrary<unknown> = fc.constantFrom(
  "+86138",
  "1381234567",
  "+861381234567890123",
  "+86abcdefghijk",
  "",
  "+",
  "+0000000000",
  "'; DROP TABLE jipan_cards; --",
  18_612_345_678,
  null
)

/**
 * Phone numbers Jipan must refuse where E.164 is required: too short, too long, letters, not
 * normalised, empty.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.phone, 2) // ["+86138", "13812345678"]
 * ```
 */
export const phone: fc.Arbitrary<unknown> = fc.constantFrom(
  "+86138",
  "+861381234567890123",
  "+86abcdefghijk",
  "13812345678",
  "138 1234 5678",
  "+86 138 1234 5678",
  "",
  "+",
  "+0000000000",
  "'; DROP TABLE jipan_cards; --",
  18_612_345_678,
  null
)

/**
 * Ids Jipan must refuse: empty, with whitespace (SQL with spaces, a newline), longer than 64
 * characters (long unicode), with NUL, control characters or lone surrogates, non-strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.id, 2) // ["", "x'; DROP TABLE jipan_cards; --"]
 * ```
 */
export const id: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "card 1",
    "card-1\n",
    "\tcard",
    "x'; DROP TABLE jipan_cards; --",
    "a".repeat(65),
    "卡".repeat(65),
    "🚗".repeat(33),
    "a\u0000b",
    "\uD800",
    "x\uDC00y",
    "bell\u0007",
    42,
    null,
    { id: "card-1" },
    ["card-1"]
  ),
  fc.string({ minLength: 65, maxLength: 300 })
)

/**
 * Free text (notes, justifications, reasons) Jipan must refuse: NUL, lone surrogates (neither
 * survives a PostgreSQL text column), more than 2,000 characters, non-strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.text, 2) // ["a\u0000b", "\uD800"]
 * ```
 */
export const text: fc.Arbitrary<unknown> = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDC00y",
  "🚗".slice(0, 1),
  "a".repeat(2001),
  "客".repeat(2001),
  42,
  null
)

/**
 * Anything that is not even an object of the expected kind: primitives, arrays, null,
 * `undefined`, an object with an own `__proto__` key, a date, a deep object.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.notAnObject, 2) // [null, 42]
 * ```
 */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, 0, Number.NaN, "", "OpenCard", true, [], [{}], new Date(0)),
  fc.anything({ maxDepth: 2 }).filter((v) => v === null || typeof v !== "object" || Array.isArray(v)),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}}') as unknown)
)

/**
 * Scopes and tenants the facade must refuse: missing or empty ids, ids with spaces, null.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.tenant, 1) // [{ dealerGroupId: "", storeId: "s1" }]
 * ```
 */
export const tenant: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, "grp-1", {}),
  id.map((bad) => ({ dealerGroupId: bad, storeId: "store-01" })),
  id.map((bad) => ({ dealerGroupId: "grp-1", storeId: bad }))
)
