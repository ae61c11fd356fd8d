/**
 * Valid read arguments of the facade: card filters and page requests of `listCards`, ledger
 * queries, referral queries.
 *
 * @module
 */
import { CardStatus, ReferralStatus } from "@jipan/core"
import * as fc from "fast-check"
import { anyCalendarDate, idString, phone } from "./Kernel.js"
import { CONSULTANTS } from "./Shared.js"

/**
 * A valid card filter of `listCards` (any subset of owner, grade and statuses).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardFilter } from "@jipan/core"
 * import { cardFilter } from "@jipan/testkit"
 * fc.assert(fc.property(cardFilter, (f) => decodeCardFilter(f)._tag === "Success"))
 * ```
 */
export const cardFilter: fc.Arbitrary<{
  readonly owner?: string
  readonly grade?: string
  readonly status?: ReadonlyArray<CardStatus>
}> = fc.record(
  {
    owner: fc.oneof(fc.constantFrom(...CONSULTANTS), idString),
    grade: fc.constantFrom("H", "A", "B", "C", "N", "O", "Z9"),
    status: fc.subarray([...CardStatus.values])
  },
  { requiredKeys: [] }
)

/**
 * A valid page request of `listCards` (a limit of 1–500, an opaque cursor).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodePageRequest } from "@jipan/core"
 * import { pageRequest } from "@jipan/testkit"
 * fc.assert(fc.property(pageRequest, (p) => decodePageRequest(p)._tag === "Success"))
 * ```
 */
export const pageRequest: fc.Arbitrary<{ readonly limit?: number; readonly cursor?: string }> = fc.record(
  { limit: fc.integer({ min: 1, max: 500 }), cursor: idString },
  { requiredKeys: [] }
)

/**
 * A valid ledger query (any subset of month, referrer and consultant).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeLedgerQuery } from "@jipan/core"
 * import { ledgerQuery } from "@jipan/testkit"
 * fc.assert(fc.property(ledgerQuery, (q) => decodeLedgerQuery(q)._tag === "Success"))
 * ```
 */
export const ledgerQuery: fc.Arbitrary<{
  readonly month?: string
  readonly referrerId?: string
  readonly consultantId?: string
}> = fc.record(
  {
    month: anyCalendarDate.map((d) => d.slice(0, 7)),
    referrerId: idString,
    consultantId: fc.oneof(fc.constantFrom(...CONSULTANTS), idString)
  },
  { requiredKeys: [] }
)

/**
 * A valid referral query of `ReferralStore.find`, as a DMS sends it: any subset of the referee's
 * phone (E.164 or typed the ways people type it: "139 8765 4321", "139-8765-4321", "+86 …"), the
 * referrer, the consultant, the statuses (any of, possibly none), the referee's card, a limit of
 * 1–500 and the key to continue after.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeReferralQuery } from "@jipan/core"
 * import { referralQuery } from "@jipan/testkit"
 * fc.assert(fc.property(referralQuery, (q) => decodeReferralQuery(q)._tag === "Success"))
 * ```
 */
export const referralQuery: fc.Arbitrary<{
  readonly refereePhone?: string
  readonly referrerId?: string
  readonly consultantId?: string
  readonly status?: ReadonlyArray<string>
  readonly refereeCardId?: string
  readonly limit?: number
  readonly after?: { readonly storeId: string; readonly referralId: string }
}> = fc.record(
  {
    refereePhone: fc.oneof(
      phone,
      // the national number, spaced 3-4-4, dashed, or with the country code spaced
      phone.map((p) => p.slice(3)),
      phone.map((p) => `${p.slice(3, 6)} ${p.slice(6, 10)} ${p.slice(10)}`),
      phone.map((p) => `${p.slice(3, 6)}-${p.slice(6, 10)}-${p.slice(10)}`),
      phone.map((p) => `+86 ${p.slice(3, 6)} ${p.slice(6, 10)} ${p.slice(10)}`)
    ),
    referrerId: idString,
    consultantId: fc.oneof(fc.constantFrom(...CONSULTANTS), idString),
    status: fc.subarray([...ReferralStatus.values]),
    refereeCardId: idString,
    limit: fc.integer({ min: 1, max: 500 }),
    after: fc.record({ storeId: idString, referralId: idString })
  },
  { requiredKeys: [] }
)
