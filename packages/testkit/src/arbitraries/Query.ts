/**
 * Valid read arguments of the facade: card filters and page requests of `listCards`, ledger
 * queries.
 *
 * @module
 */
import { CardStatus } from "@jipan/core"
import * as fc from "fast-check"
import { anyCalendarDate, idString } from "./Kernel.js"
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
