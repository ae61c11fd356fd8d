/**
 * The month's referral settlement from the store alone: deliveries (with their sale: retail or
 * fleet, the units) and surveys from the cards' report events, referrals from the referral store,
 * the ledger's movements of the month, settled with `settleMonth` under the policies in force. A
 * DMS assembles nothing: `settlement(scope, month)` is the statement, `settlementHistoryOf` the
 * facts it read (for audit, and to check that the store gives what the rules give).
 *
 * @module
 */
import { Effect, Result } from "effect"
import { addDays } from "../kernel/CalendarDate.js"
import { decoderFor, type InvalidInput } from "../kernel/Errors.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { TenantScope } from "../kernel/Tenant.js"
import { defaultPolicy } from "../policy/Policy.js"
import {
  type ContactRecord,
  type DeliveryFact,
  policyAt,
  type ReferralFact,
  referralFactOf,
  type SettlementHistory,
  type SettlementStatement,
  settleMonth
} from "../referral/Settlement.js"
import { monthRange, YearMonth } from "../referral/YearMonth.js"
import { ReportSource } from "../report/ReportSource.js"
import { type VoucherStatistics, voucherStatistics } from "../report/VoucherStatistics.js"
import { PolicyStore } from "./PolicyStore.js"
import { ReferralStore } from "./ReferralStore.js"
import { findAllReferrals } from "./ReferralUseCase.js"
import type { UseCaseOptions } from "./UseCaseOptions.js"

const decodeMonth = /* @__PURE__ */ decoderFor(YearMonth, "YearMonth")

/**
 * The settlement facts of a month as the store holds them: every delivery whose 一拓一 window may
 * close in the month (delivered within the longest window of any policy document before the
 * month's end; the delivery's id is the card's), the surveys recorded in the month (each a contact
 * of the card's consultant, with its satisfaction), every registered referral, and the ledger
 * entries of the month.
 *
 * @example
 * ```ts
 * import { settlementHistoryOf } from "@jipan/core"
 * settlementHistoryOf({ dealerGroupId }, "2026-11")
 * ```
 */
export const settlementHistoryOf = (
  scope: TenantScope,
  month: string
): Effect.Effect<SettlementHistory, StoreError | InvalidInput, ReferralStore | ReportSource | PolicyStore> =>
  Effect.gen(function* () {
    const decoded = decodeMonth(month)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const { first, last } = monthRange(decoded.success)
    const documents = yield* (yield* PolicyStore).documents(scope.dealerGroupId)
    const window = documents.reduce(
      (m, d) => Math.max(m, d.referral?.yiTuoYi.windowDays ?? 0),
      defaultPolicy.referral.yiTuoYi.windowDays
    )
    const from = addDays(first, -window)
    const reports = yield* ReportSource
    const events = yield* reports.eventsOn(
      scope,
      { from, to: last },
      { kinds: ["Delivered", "SurveyRecorded"] }
    )
    const owned = yield* reports.cardFacts(scope, { statuses: ["owned"] })
    const customers = new Map(owned.map((f) => [`${f.tenant.storeId}\u0000${f.cardId}`, f.customerId]))
    const deliveries: Array<DeliveryFact> = []
    const contacts: Array<ContactRecord> = []
    for (const row of events) {
      const e = row.event
      const customerId = customers.get(`${row.tenant.storeId}\u0000${row.cardId}`)
      if (row.owner === undefined || customerId === undefined) continue
      if (e._tag === "Delivered" && e.deliveredOn >= from && e.deliveredOn <= last)
        deliveries.push({
          deliveryId: row.cardId,
          customerId,
          consultantId: row.owner,
          storeId: row.tenant.storeId,
          deliveredOn: e.deliveredOn,
          saleKind: e.sale?.kind ?? "retail",
          units: e.sale?.units ?? 1
        })
      else if (e._tag === "SurveyRecorded" && e.on >= first)
        contacts.push({
          contactId: `${row.tenant.storeId}/${e.surveyId}`,
          consultantId: row.owner,
          customerId,
          on: e.on,
          satisfaction: e.answers.satisfaction
        })
    }
    const referrals: Array<ReferralFact> = []
    for (const found of yield* findAllReferrals(scope, {})) {
      const fact = referralFactOf(found.state)
      if (fact !== undefined) referrals.push(fact)
    }
    const ledger = (yield* (yield* ReferralStore).ledger(scope, { month: decoded.success })).map(
      (r) => r.entry
    )
    return { deliveries, referrals, contacts, ledger }
  }).pipe(traced("jipan.settlementHistoryOf", { ...tenantIds(scope) }))

/**
 * A month's referral settlement (转介绍结算) from the store: 一拓一 bonuses and penalties, the CVP
 * bonus and the referrers' ledger lines, each explained, under the policy in force for each store
 * on each fact's date (the default policy for what no document sets, unless
 * `policyWhenNoDocuments: "fail"`).
 *
 * @example
 * ```ts
 * import { settlement } from "@jipan/core"
 * settlement({ dealerGroupId }, "2026-11") // Effect<SettlementStatement, …>
 * ```
 */
export const settlement = (
  scope: TenantScope,
  month: string,
  options: UseCaseOptions = {}
): Effect.Effect<
  SettlementStatement,
  StoreError | InvalidInput,
  ReferralStore | ReportSource | PolicyStore
> =>
  Effect.gen(function* () {
    const history = yield* settlementHistoryOf(scope, month)
    const documents = yield* (yield* PolicyStore).documents(scope.dealerGroupId)
    const base = options.policyWhenNoDocuments === "fail" ? undefined : defaultPolicy
    return settleMonth(history, month as YearMonth, policyAt(documents, scope.dealerGroupId, base))
  }).pipe(traced("jipan.settlement", { ...tenantIds(scope) }))

/**
 * The referral voucher statistics form (转介绍保养券统计表) of a scope for the months `from`..`to`
 * (`YYYY-MM`, inclusive), from the store's ledger (the redemption rate reads the vouchers' later
 * redemptions too).
 *
 * @example
 * ```ts
 * import { voucherStatisticsOf } from "@jipan/core"
 * voucherStatisticsOf({ dealerGroupId }, "2026-01", "2026-12")
 * ```
 */
export const voucherStatisticsOf = (
  scope: TenantScope,
  from: string,
  to: string
): Effect.Effect<VoucherStatistics, StoreError | InvalidInput, ReferralStore> =>
  Effect.gen(function* () {
    const first = decodeMonth(from)
    if (Result.isFailure(first)) return yield* first.failure
    const last = decodeMonth(to)
    if (Result.isFailure(last)) return yield* last.failure
    const ledger = yield* (yield* ReferralStore).ledger(scope, {})
    return voucherStatistics(
      ledger.map((r) => r.entry),
      first.success,
      last.success
    )
  }).pipe(traced("jipan.voucherStatisticsOf", { ...tenantIds(scope) }))
