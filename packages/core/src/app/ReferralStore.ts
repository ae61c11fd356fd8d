/**
 * The referral and reward-ledger store port: referral histories with optimistic versions, and the
 * append-only ledger (entries are never updated or deleted), read by month, referrer or consultant.
 *
 * @module
 */
import { Context, type Effect, type Option, Schema } from "effect"
import { decoderFor } from "../kernel/Errors.js"
import { ConsultantId, IdString, type ReferralId } from "../kernel/Ids.js"
import type { StoreError, VersionConflict } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { ReferralEvent, ReferralState } from "../referral/Referral.js"
import type { LedgerEntry } from "../referral/RewardLedger.js"
import { YearMonth } from "../referral/Settlement.js"
import type { ReportReferral } from "../report/ReportRows.js"

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
export const decodeLedgerQuery = decoderFor(LedgerQuery, "LedgerQuery")

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
    readonly append: (append: ReferralAppend) => Effect.Effect<void, VersionConflict | StoreError>
    readonly ledger: (
      scope: TenantScope,
      query: LedgerQuery
    ) => Effect.Effect<ReadonlyArray<LedgerRow>, StoreError>
  }
>()("@jipan/core/ReferralStore") {}
