/**
 * Branded identifiers: a card id can never be passed where a store id is expected.
 *
 * @module
 */
import { Schema } from "effect"

// Spaces, and the control characters a store cannot hold (NUL) or a log line should not carry;
// lone surrogates, which PostgreSQL's jsonb refuses. Read in place: every id of every row goes
// through it.
const whitespace = /\s/
const isStorableId = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return false
  }
  return !whitespace.test(s) && (s as unknown as { isWellFormed: () => boolean }).isWellFormed()
}

/**
 * An id that comes from the DMS or another system: any non-blank token up to 64 characters, no
 * spaces. Every branded id below is one.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { IdString } from "@jipan/core"
 * Schema.is(IdString)("DMS-42") // true
 * ```
 */
export const IdString = Schema.String.check(
  // one check, not three (length, length, pattern): every id of every row read goes through it
  Schema.makeFilter((s: string) => s.length >= 1 && s.length <= 64 && isStorableId(s), {
    expected: "an id of 1 to 64 characters without spaces or control characters"
  })
)

/**
 * A dealer group (经销商集团): the tenant that owns stores, policies and the customer base.
 *
 * @example
 * ```ts
 * import { DealerGroupId } from "@jipan/core"
 * const group = DealerGroupId.make("grp-east")
 * ```
 */
export const DealerGroupId = IdString.pipe(Schema.brand("DealerGroupId"))
/** @see {@link DealerGroupId} */
export type DealerGroupId = typeof DealerGroupId.Type

/**
 * A store (4S店) of a dealer group.
 *
 * @example
 * ```ts
 * import { StoreId } from "@jipan/core"
 * const store = StoreId.make("store-01")
 * ```
 */
export const StoreId = IdString.pipe(Schema.brand("StoreId"))
/** @see {@link StoreId} */
export type StoreId = typeof StoreId.Type

/**
 * A sales consultant (销售顾问).
 *
 * @example
 * ```ts
 * import { ConsultantId } from "@jipan/core"
 * const wang = ConsultantId.make("c-wang")
 * ```
 */
export const ConsultantId = IdString.pipe(Schema.brand("ConsultantId"))
/** @see {@link ConsultantId} */
export type ConsultantId = typeof ConsultantId.Type

/**
 * A customer (a person or a company), who may hold several cards over time.
 *
 * @example
 * ```ts
 * import { CustomerId } from "@jipan/core"
 * const li = CustomerId.make("cust-0001")
 * ```
 */
export const CustomerId = IdString.pipe(Schema.brand("CustomerId"))
/** @see {@link CustomerId} */
export type CustomerId = typeof CustomerId.Type

/**
 * A customer card (客户信息卡).
 *
 * @example
 * ```ts
 * import { CardId } from "@jipan/core"
 * const card = CardId.make("card-2026-0001")
 * ```
 */
export const CardId = IdString.pipe(Schema.brand("CardId"))
/** @see {@link CardId} */
export type CardId = typeof CardId.Type

/**
 * A policy document (one dealer's rules, in versions).
 *
 * @example
 * ```ts
 * import { PolicyId } from "@jipan/core"
 * const policy = PolicyId.make("grp-east-sales")
 * ```
 */
export const PolicyId = IdString.pipe(Schema.brand("PolicyId"))
/** @see {@link PolicyId} */
export type PolicyId = typeof PolicyId.Type

/**
 * A referral (转介绍): one referrer naming one prospect.
 *
 * @example
 * ```ts
 * import { ReferralId } from "@jipan/core"
 * const id = ReferralId.make("ref-2026-0001")
 * ```
 */
export const ReferralId = IdString.pipe(Schema.brand("ReferralId"))
/** @see {@link ReferralId} */
export type ReferralId = typeof ReferralId.Type
