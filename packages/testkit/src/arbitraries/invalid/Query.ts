/**
 * Invalid read arguments of the facade: card filters, page requests, ledger and referral queries.
 *
 * @module
 */
import * as fc from "fast-check"

/**
 * Card filters `listCards` must refuse: null, wrong types, unknown statuses, NaN, bad grades.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.cardFilter, 2) // [null, { status: "prospect" }]
 * ```
 */
export const cardFilter: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  "prospect",
  42,
  [],
  { owner: null },
  { owner: "" },
  { owner: "c wang" },
  { grade: "a" },
  { grade: 1 },
  { status: "prospect" },
  { status: ["prospect", "zombie"] },
  { status: [null] },
  { status: null },
  JSON.parse('{"__proto__": {"owner": "c-wang"}}') as unknown,
  { owner: "c-wang", extra: true }
)

/**
 * Page requests `listCards` must refuse: null, NaN / ∞ / 0 / negative / fractional / huge limits,
 * limits as strings, non-string cursors.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.pageRequest, 2) // [{ limit: NaN }, null]
 * ```
 */
export const pageRequest: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  5,
  "next",
  { limit: Number.NaN },
  { limit: Number.POSITIVE_INFINITY },
  { limit: 0 },
  { limit: -1 },
  { limit: 1.5 },
  { limit: 1e9 },
  { limit: "10" },
  { limit: null },
  { cursor: 42 },
  { cursor: null },
  { cursor: {} },
  { limit: 10, extra: 1 }
)

/**
 * Ledger queries `ledger` must refuse: null, months as numbers (5) or in other formats
 * ("2026-5", "2026-13"), NaN, wrong types of referrer and consultant.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.ledgerQuery, 2) // [{ month: 5 }, null]
 * ```
 */
export const ledgerQuery: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  "2026-05",
  { month: 5 },
  { month: Number.NaN },
  { month: "2026-5" },
  { month: "2026-13" },
  { month: "2026-00" },
  { month: "26-05" },
  { month: null },
  { referrerId: 42 },
  { referrerId: null },
  { consultantId: "" },
  { consultantId: "c wang" },
  { month: "2026-05", extra: true }
)

/**
 * Referral queries `ReferralStore.find` must refuse: null, phones that are not phones, unknown or
 * repeated-beyond-bound statuses, a status that is not a list, limits outside 1–500 or not whole,
 * an `after` key without its store or with a bad id, unknown fields.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.referralQuery, 2) // [{ limit: 0 }, null]
 * ```
 */
export const referralQuery: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  "ref-1",
  { refereePhone: 13987654321 },
  { refereePhone: "12345" },
  { refereePhone: "" },
  { refereePhone: null },
  { status: "registered" },
  { status: ["registered", "zombie"] },
  { status: [null] },
  { status: Array.from({ length: 20 }, () => "registered") },
  { limit: 0 },
  { limit: 501 },
  { limit: 1.5 },
  { limit: Number.NaN },
  { limit: "10" },
  { after: "ref-1" },
  { after: { referralId: "ref-1" } },
  { after: { storeId: "store-01", referralId: "" } },
  { after: { storeId: "store 01", referralId: "ref-1" } },
  { referrerId: "" },
  { consultantId: "c wang" },
  { refereeCardId: 42 },
  { limit: 10, extra: true }
)
