/**
 * The referral and reward-ledger store port: referral histories with optimistic versions, and the
 * append-only ledger (entries are never updated or deleted), read by month, referrer or consultant.
 *
 * @module
 */
import { Context, type Effect, type Option, Schema } from "effect"
import { decoderFor } from "../kernel/Errors.js"
import { CardId, ConsultantId, IdString, ReferralId, StoreId } from "../kernel/Ids.js"
import { PhoneNumberFromInput } from "../kernel/Phone.js"
import type { StoreError, VersionConflict } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import { type ReferralEvent, type ReferralState, ReferralStatus } from "../referral/Referral.js"
import type { LedgerEntry } from "../referral/RewardLedger.js"
import { YearMonth } from "../referral/YearMonth.js"
import type { ReportReferral } from "../report/ReportRows.js"

/**
 * A referral's key in a dealer group: its store and id (what a page of referrals continues after).
 *
 * @example
 * ```ts
 * import type { ReferralKey } from "@jipan/core"
 * const k = { storeId: "store-01", referralId: "ref-1" } as ReferralKey
 * ```
 */
export const ReferralKey = Schema.Struct({ storeId: StoreId, referralId: ReferralId })
/** @see {@link ReferralKey} */
export type ReferralKey = typeof ReferralKey.Type

/**
 * A referral as stored: state, version and history.
 *
 * @example
 * ```ts
 * import type { StoredReferral } from "@jipan/core"
 * const status = (r: StoredReferral) => r.state.status
 * ```
 */
export interface StoredReferral {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly state: ReferralState
  readonly version: number
  readonly history: ReadonlyArray<ReferralEvent>
}

/**
 * What a referral append writes: its events at `expectedVersion`, the state they fold to, and the
 * ledger entries they produced (appended in the same transaction; an entry id already in the
 * ledger fails the whole append with a `Duplicate` store error).
 *
 * @example
 * ```ts
 * import { foldReferral, type ReferralAppend } from "@jipan/core"
 * const a: ReferralAppend = {
 *   tenant, referralId, expectedVersion: 0, events: referralEvents, state: foldReferral(referralEvents), ledger: [],
 *   report: undefined
 * }
 * ```
 */
export interface ReferralAppend {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly expectedVersion: number
  readonly events: ReadonlyArray<ReferralEvent>
  readonly state: ReferralState
  readonly ledger: ReadonlyArray<LedgerEntry>
  /** The referral's report row after the events (`reportReferralOf`; none before registration). */
  readonly report: ReportReferral | undefined
}

/**
 * What an erasure writes on a referral: its whole history with every personal field replaced
 * (the referee's name and phone, the referrer's phone), the state it folds to and its report row;
 * the ledger is kept as it is (it holds no personal field). Replaced in place if the referral is
 * still at `version`, else {@link VersionConflict} and nothing written.
 *
 * @example
 * ```ts
 * import { foldReferral, type ReferralEvent, type ReferralRewrite } from "@jipan/core"
 * declare const redacted: ReadonlyArray<ReferralEvent> // the history, the person's fields replaced
 * const state = foldReferral(redacted)
 * const rewrite: ReferralRewrite = { tenant, referralId, version: state.version, events: redacted, state, report: undefined }
 * ```
 */
export interface ReferralRewrite {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly version: number
  readonly events: ReadonlyArray<ReferralEvent>
  readonly state: ReferralState
  readonly report: ReportReferral | undefined
}

/**
 * A ledger row: the entry with the tenant and the consultant of its referral.
 *
 * @example
 * ```ts
 * import type { LedgerRow } from "@jipan/core"
 * const amount = (r: LedgerRow) => r.entry.amountFen
 * ```
 */
export interface LedgerRow {
  readonly tenant: Tenant
  readonly consultantId: ConsultantId | undefined
  readonly entry: LedgerEntry
}

/**
 * Which ledger entries to read; each filter left out matches all. Rows come in the order they
 * were appended.
 *
 * @example
 * ```ts
 * import type { LedgerQuery } from "@jipan/core"
 * const november = { month: "2026-11" } as LedgerQuery
 * ```
 */
export const LedgerQuery = Schema.Struct({
  month: Schema.optional(YearMonth),
  referrerId: Schema.optional(IdString),
  consultantId: Schema.optional(ConsultantId)
})
/** @see {@link LedgerQuery} */
export type LedgerQuery = typeof LedgerQuery.Type

/**
 * Decodes a ledger query from outside: `month` is `YYYY-MM`, the ids are ids.
 *
 * @example
 * ```ts
 * import { decodeLedgerQuery } from "@jipan/core"
 * decodeLedgerQuery({ month: 5 })._tag // "Failure"
 * ```
 */
export const decodeLedgerQuery = /* @__PURE__ */ decoderFor(LedgerQuery, "LedgerQuery")

/**
 * Which referrals to find, and the page: by the referee's phone (any common format, normalised),
 * the referrer, the consultant, the status (any of), the referee's linked card; each filter left
 * out matches all. Referrals come in (store, referral id) order, `limit` (1–500, 50 when absent) at
 * a time, after the `after` key (the `next` of the page before).
 *
 * @example
 * ```ts
 * import { decodeReferralQuery } from "@jipan/core"
 * decodeReferralQuery({ refereePhone: "139 8765 4321", status: ["registered", "audited"] })._tag // "Success"
 * ```
 */
export const ReferralQuery = Schema.Struct({
  refereePhone: Schema.optional(PhoneNumberFromInput),
  /** The referrer's phone (any common format), e.g. to find a person's referrals for an erasure. */
  referrerPhone: Schema.optional(PhoneNumberFromInput),
  referrerId: Schema.optional(IdString),
  consultantId: Schema.optional(ConsultantId),
  status: Schema.optional(
    Schema.Array(ReferralStatus.schema).check(Schema.isMaxLength(ReferralStatus.values.length))
  ),
  refereeCardId: Schema.optional(CardId),
  limit: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 }))),
  after: Schema.optional(ReferralKey)
})
/** @see {@link ReferralQuery} */
export type ReferralQuery = typeof ReferralQuery.Type
/** @see {@link ReferralQuery} */
export type ReferralQueryInput = typeof ReferralQuery.Encoded

/**
 * Decodes a referral query from outside: every problem with its path, the phone normalised.
 *
 * @example
 * ```ts
 * import { decodeReferralQuery } from "@jipan/core"
 * decodeReferralQuery({ limit: 0 })._tag // "Failure"
 * ```
 */
export const decodeReferralQuery = /* @__PURE__ */ decoderFor(ReferralQuery, "ReferralQuery")

/**
 * The page size of a referral query: `limit`, 50 when absent, within 1–500 (one bound, every store).
 *
 * @example
 * ```ts
 * import { referralPageLimit } from "@jipan/core"
 * referralPageLimit({}) // 50
 * ```
 */
export const referralPageLimit = (query: ReferralQuery): number =>
  Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)))

/**
 * A referral as a query finds it: its state and version, without the history.
 *
 * @example
 * ```ts
 * import type { FoundReferral } from "@jipan/core"
 * const referee = (r: FoundReferral) => r.state.registration?.referee.phone
 * ```
 */
export interface FoundReferral {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly version: number
  readonly state: ReferralState
}

/**
 * A page of found referrals and the key to ask for the next page (`undefined` on the last one).
 *
 * @example
 * ```ts
 * import type { ReferralPage } from "@jipan/core"
 * const more = (p: ReferralPage) => p.next !== undefined
 * ```
 */
export interface ReferralPage {
  readonly items: ReadonlyArray<FoundReferral>
  readonly next: ReferralKey | undefined
}

/**
 * Whether a referral matches a query's filters (the page keys aside): what every store must
 * answer alike, and the memory store runs as is.
 *
 * @example
 * ```ts
 * import { referralMatches } from "@jipan/core"
 * declare const found: import("@jipan/core").FoundReferral
 * referralMatches({ status: ["audited"] }, found.state)
 * ```
 */
export const referralMatches = (query: ReferralQuery, state: ReferralState): boolean => {
  const r = state.registration
  if (r === undefined) return false
  if (query.refereePhone !== undefined && r.referee.phone !== query.refereePhone) return false
  if (query.referrerPhone !== undefined && r.referrer.phone !== query.referrerPhone) return false
  if (query.referrerId !== undefined && r.referrer.id !== query.referrerId) return false
  if (query.consultantId !== undefined && r.consultantId !== query.consultantId) return false
  if (query.status !== undefined && !query.status.includes(state.status)) return false
  if (query.refereeCardId !== undefined && state.refereeCard?.cardId !== query.refereeCardId) return false
  return true
}

/**
 * The referral and ledger store port.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ReferralStore, YearMonth } from "@jipan/core"
 * const november = Effect.gen(function* () {
 *   const referrals = yield* ReferralStore
 *   return yield* referrals.ledger({ dealerGroupId }, { month: "2026-11" as YearMonth })
 * })
 * ```
 */
export class ReferralStore extends Context.Service<
  ReferralStore,
  {
    readonly load: (
      tenant: Tenant,
      referralId: ReferralId
    ) => Effect.Effect<Option.Option<StoredReferral>, StoreError>
    /**
     * `load` after taking the transaction's lock on `lockKey` (as `StoreTransaction.lock` would),
     * in one round trip: a registration locks its referee's phone before it reads the earlier
     * claims, and reads its own referral meanwhile (the append checks the version). Optional:
     * without it the lock and the read are two calls.
     */
    readonly loadLocked?:
      | ((
          tenant: Tenant,
          referralId: ReferralId,
          lockKey: string
        ) => Effect.Effect<Option.Option<StoredReferral>, StoreError>)
      | undefined
    readonly append: (append: ReferralAppend) => Effect.Effect<void, VersionConflict | StoreError>
    /** Replaces a referral's history in place for an erasure (see {@link ReferralRewrite}). */
    readonly rewrite: (rewrite: ReferralRewrite) => Effect.Effect<void, VersionConflict | StoreError>
    readonly ledger: (
      scope: TenantScope,
      query: LedgerQuery
    ) => Effect.Effect<ReadonlyArray<LedgerRow>, StoreError>
    /** The registered referrals of a scope matching a query (see {@link referralMatches}), a page at a time. */
    readonly find: (scope: TenantScope, query: ReferralQuery) => Effect.Effect<ReferralPage, StoreError>
  }
>()("@jipan/core/ReferralStore") {}
