/**
 * The monthly settlement statement (月度结算单) per consultant and per referrer, in integer fen,
 * each line with its explanation: 一拓一 bonuses and penalties, the CVP bonus, referrers' rewards
 * issued and reversed. Settling is a pure function of the history, the month and the policies, so
 * settling twice gives the same statement; re-settling after new facts gives only adjustment
 * lines; and a draft policy can be run against a past month to list every outcome it would change.
 *
 * 一拓一 judges each delivered customer once, in the month its referral window closes (the window
 * and the table are those of the policy in force on the delivery date). The CVP bonus is judged on
 * the month's deliveries and surveys, by the policy in force on the month's last day. Referrers'
 * lines come from the ledger, whose amounts were fixed when the rewards were earned.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { addDays, CalendarDate } from "../kernel/CalendarDate.js"
import { evaluateTable, type Scalar, tableInForce } from "../kernel/DecisionTable.js"
import { decoderFor } from "../kernel/Errors.js"
import { ConsultantId, CustomerId, type DealerGroupId, StoreId } from "../kernel/Ids.js"
import { defineEnum } from "../kernel/Label.js"
import { NonNegativeFen } from "../kernel/Money.js"
import { DeliveryUnits, SaleKind } from "../kernel/Sale.js"
import { Satisfaction } from "../kernel/Survey.js"
import { NonEmptyText } from "../kernel/Text.js"
import { type NoPolicyInForce, type Policy, type PolicyDocument, resolvePolicy } from "../policy/Policy.js"
import { RewardTableId } from "../policy/RewardTables.js"
import { earnReferrerReward, type ReferralState } from "./Referral.js"
import { AskMoment, ReferrerKind } from "./ReferralValidity.js"
import { LedgerEntry } from "./RewardLedger.js"
import { monthRange, type YearMonth } from "./YearMonth.js"

/**
 * A delivery (交车): one customer, one consultant, retail (零售) or fleet (批售, several units).
 *
 * @example
 * ```ts
 * import type { DeliveryFact } from "@jipan/core"
 * const d = { deliveryId: "d-1", customerId: "cust-1", consultantId: "c-wang", storeId: "store-01",
 *   deliveredOn: "2026-10-20", saleKind: "retail", units: 1 } as DeliveryFact
 * ```
 */
export const DeliveryFact = Schema.Struct({
  deliveryId: NonEmptyText,
  customerId: CustomerId,
  consultantId: ConsultantId,
  storeId: StoreId,
  deliveredOn: CalendarDate,
  saleKind: SaleKind,
  units: DeliveryUnits
})
/** @see {@link DeliveryFact} */
export type DeliveryFact = typeof DeliveryFact.Type

/**
 * What settlement needs of a referral (see {@link referralFactOf}): who referred, from which
 * delivery, when it was registered and audited, whether it was rejected or voided, and the referee's
 * delivery with the reward value earned then.
 *
 * @example
 * ```ts
 * import type { ReferralFact } from "@jipan/core"
 * const r = { referralId: "ref-1", referrerId: "cust-1", referrerKind: "ownedCustomer", askedAt: "delivery",
 *   storeId: "store-01", fromDeliveryId: "d-1", registeredOn: "2026-10-25", auditedOn: "2026-10-28", rejected: false } as ReferralFact
 * ```
 */
export const ReferralFact = Schema.Struct({
  referralId: NonEmptyText,
  referrerId: NonEmptyText,
  referrerKind: ReferrerKind.schema,
  askedAt: AskMoment.schema,
  storeId: StoreId,
  fromDeliveryId: Schema.optionalKey(NonEmptyText),
  registeredOn: CalendarDate,
  auditedOn: Schema.optionalKey(CalendarDate),
  rejected: Schema.Boolean,
  refereeDelivery: Schema.optionalKey(
    Schema.Struct({
      deliveredOn: CalendarDate,
      saleKind: SaleKind,
      units: DeliveryUnits,
      earnedFen: NonNegativeFen
    })
  )
})
/** @see {@link ReferralFact} */
export type ReferralFact = typeof ReferralFact.Type

/**
 * A contact with a customer; a survey contact (回访调查) carries the satisfaction answer.
 *
 * @example
 * ```ts
 * import type { ContactRecord } from "@jipan/core"
 * const c = { contactId: "k-1", consultantId: "c-wang", customerId: "cust-1", on: "2026-11-03",
 *   satisfaction: "verySatisfied" } as ContactRecord
 * ```
 */
export const ContactRecord = Schema.Struct({
  contactId: NonEmptyText,
  consultantId: ConsultantId,
  customerId: CustomerId,
  on: CalendarDate,
  satisfaction: Schema.optionalKey(Satisfaction.schema)
})
/** @see {@link ContactRecord} */
export type ContactRecord = typeof ContactRecord.Type

/**
 * Everything a settlement reads.
 *
 * @example
 * ```ts
 * import { decodeSettlementHistory } from "@jipan/core"
 * decodeSettlementHistory({ deliveries: [], referrals: [], contacts: [], ledger: [] })
 * ```
 */
export const SettlementHistory = Schema.Struct({
  deliveries: Schema.Array(DeliveryFact),
  referrals: Schema.Array(ReferralFact),
  contacts: Schema.Array(ContactRecord),
  ledger: Schema.Array(LedgerEntry)
})
/** @see {@link SettlementHistory} */
export type SettlementHistory = typeof SettlementHistory.Type

/**
 * Decodes an untrusted settlement history, listing every problem with its path.
 *
 * @example
 * ```ts
 * import { decodeSettlementHistory } from "@jipan/core"
 * decodeSettlementHistory({ deliveries: [{ units: 0 }] })._tag // "Failure"
 * ```
 */
export const decodeSettlementHistory = /* @__PURE__ */ decoderFor(SettlementHistory, "SettlementHistory")

/**
 * The settlement facts of a folded referral (`undefined` before registration).
 *
 * @example
 * ```ts
 * import { referralFactOf, foldReferral } from "@jipan/core"
 * referralFactOf(foldReferral(referralEvents))?.auditedOn // "2026-10-28"
 * ```
 */
export const referralFactOf = (state: ReferralState): ReferralFact | undefined => {
  const r = state.registration
  if (r === undefined) return undefined
  return {
    referralId: r.referralId,
    referrerId: r.referrer.id,
    referrerKind: r.referrer.kind,
    askedAt: r.askedAt,
    storeId: r.storeId,
    ...(r.referrer.deliveryId !== undefined ? { fromDeliveryId: r.referrer.deliveryId } : {}),
    registeredOn: r.registeredOn,
    ...(state.auditedOn !== undefined ? { auditedOn: state.auditedOn } : {}),
    rejected: state.status === "rejected" || state.status === "voided",
    ...(state.delivery !== undefined
      ? {
          refereeDelivery: {
            deliveredOn: state.delivery.deliveredOn,
            saleKind: state.delivery.saleKind,
            units: state.delivery.units,
            earnedFen: state.earned?.valueFen ?? 0
          }
        }
      : {})
  }
}

/**
 * The policy in force for a store on a date (a look-up the caller provides; see {@link policyAt}).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { type PolicyAt, defaultPolicy } from "@jipan/core"
 * const always: PolicyAt = () => Result.succeed(defaultPolicy)
 * ```
 */
export type PolicyAt = (storeId: StoreId, date: CalendarDate) => Result.Result<Policy, NoPolicyInForce>

/**
 * A {@link PolicyAt} over a dealer group's policy documents, remembering each (store, date); with
 * a `base` (the use cases pass `defaultPolicy`), the sections no document sets come from it, as
 * when a command is decided.
 *
 * @example
 * ```ts
 * import { policyAt, PolicyDocument, DealerGroupId, StoreId, CalendarDate } from "@jipan/core"
 * declare const documents: ReadonlyArray<PolicyDocument>
 * const at = policyAt(documents, DealerGroupId.make("grp-east"))
 * at(StoreId.make("store-01"), CalendarDate.make("2026-11-30"))
 * ```
 */
export const policyAt = (
  documents: ReadonlyArray<PolicyDocument>,
  dealerGroupId: DealerGroupId,
  base?: Policy
): PolicyAt => {
  const memo = new Map<string, Result.Result<Policy, NoPolicyInForce>>()
  return (storeId, date) => {
    const key = `${storeId}@${date}`
    let r = memo.get(key)
    if (r === undefined) {
      r = resolvePolicy(documents, { dealerGroupId, storeId }, date, base)
      memo.set(key, r)
    }
    return r
  }
}

/**
 * The kind of a statement line.
 *
 * @example
 * ```ts
 * import { SettlementLineKind } from "@jipan/core"
 * SettlementLineKind.label("yiTuoYiPenalty", "zh-CN") // "一拓一罚款"
 * ```
 */
export const SettlementLineKind = /* @__PURE__ */ defineEnum({
  yiTuoYiBonus: { "zh-CN": "一拓一奖励", en: "一拓一 bonus" },
  yiTuoYiPenalty: { "zh-CN": "一拓一罚款", en: "一拓一 penalty" },
  cvpBonus: { "zh-CN": "CVP满意度奖励", en: "CVP bonus" },
  referrerReward: { "zh-CN": "推荐奖励发放", en: "Referrer reward issued" },
  referrerReversal: { "zh-CN": "推荐奖励冲销", en: "Referrer reward reversed" },
  adjustment: { "zh-CN": "调整", en: "Adjustment" }
})
/** @see {@link SettlementLineKind} */
export type SettlementLineKind = (typeof SettlementLineKind.values)[number]

/**
 * Why a line has its amount: a sentence, the decision-table rows that fired, the inputs read, the
 * table and policy version, and the ids of the facts used.
 *
 * @example
 * ```ts
 * import type { LineExplanation } from "@jipan/core"
 * const e: LineExplanation = { text: "2 audited referrals × 5000", rowIds: ["yty.bonus"], inputsRead: { auditedReferrals: 2 },
 *   table: { id: "referral.yiTuoYi", version: 1 }, policy: { policyId: "jipan-default", version: 1 }, facts: ["d-1", "ref-1", "ref-2"] }
 * ```
 */
export interface LineExplanation {
  readonly text: string
  readonly rowIds: ReadonlyArray<string>
  readonly inputsRead: Readonly<Record<string, Scalar>>
  readonly table: { readonly id: string; readonly version: number } | undefined
  readonly policy: { readonly policyId: string; readonly version: number } | undefined
  readonly facts: ReadonlyArray<string>
}

/**
 * One line of a statement. `lineId` is stable for the same fact and rule (so statements can be
 * compared); an adjustment line names the line it `adjusts`.
 *
 * @example
 * ```ts
 * import type { SettlementLine } from "@jipan/core"
 * // { lineId: "yty:d-1:yty.bonus", month: "2026-11", party: { kind: "consultant", id: "c-wang" },
 * //   kind: "yiTuoYiBonus", amountFen: 10000, explanation: { … } }
 * ```
 */
export interface SettlementLine {
  readonly lineId: string
  readonly month: YearMonth
  readonly party: { readonly kind: "consultant" | "referrer"; readonly id: string }
  readonly kind: SettlementLineKind
  readonly amountFen: number
  readonly adjusts?: string
  readonly explanation: LineExplanation
}

/**
 * A fact settlement could not judge (no policy in force, a table without a matching row…),
 * reported instead of defaulted.
 *
 * @example
 * ```ts
 * import type { SettlementProblem } from "@jipan/core"
 * const p: SettlementProblem = { factId: "d-9", message: "No policy of dealer group grp is in force on 2026-10-01" }
 * ```
 */
export interface SettlementProblem {
  readonly factId: string
  readonly message: string
}

/**
 * A month's statement: every line (sorted by id), the total per party (sorted), the grand total,
 * and the problems.
 *
 * @example
 * ```ts
 * import { settleMonth, SettlementHistory, type PolicyAt, YearMonth } from "@jipan/core"
 * declare const history: SettlementHistory, at: PolicyAt
 * settleMonth(history, YearMonth.make("2026-11"), at).parties[0] // { party: { kind: "consultant", id: "c-li" }, totalFen: 13000, lines: 4 }
 * ```
 */
export interface SettlementStatement {
  readonly month: YearMonth
  readonly lines: ReadonlyArray<SettlementLine>
  readonly parties: ReadonlyArray<{
    readonly party: { readonly kind: "consultant" | "referrer"; readonly id: string }
    readonly totalFen: number
    readonly lines: number
  }>
  readonly totalFen: number
  readonly problems: ReadonlyArray<SettlementProblem>
}

const byId = (a: { readonly lineId: string }, b: { readonly lineId: string }) =>
  a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0

/**
 * Settles a month: 一拓一 for every delivery whose window closes in the month, the CVP bonus for
 * every consultant who delivered in the month, and the referrers' ledger movements of the month.
 *
 * @example
 * ```ts
 * import { settleMonth, policyAt, SettlementHistory, PolicyDocument, YearMonth } from "@jipan/core"
 * declare const history: SettlementHistory, documents: ReadonlyArray<PolicyDocument>
 * const statement = settleMonth(history, YearMonth.make("2026-11"), policyAt(documents, dealerGroupId))
 * statement.totalFen
 * ```
 */
export const settleMonth = (
  history: SettlementHistory,
  month: YearMonth,
  at: PolicyAt
): SettlementStatement => {
  const { first, last } = monthRange(month)
  const lines: Array<SettlementLine> = []
  const problems: Array<SettlementProblem> = []

  // Referrals by the delivery they came from (or, without one, by the referring customer).
  const byDelivery = new Map<string, Array<ReferralFact>>()
  const byReferrer = new Map<string, Array<ReferralFact>>()
  for (const r of history.referrals) {
    const key = r.fromDeliveryId
    const map = key !== undefined ? byDelivery : byReferrer
    const k = key ?? r.referrerId
    const list = map.get(k)
    if (list === undefined) map.set(k, [r])
    else list.push(r)
  }

  for (const d of history.deliveries) {
    const policy = at(d.storeId, d.deliveredOn)
    if (Result.isFailure(policy)) {
      if (d.deliveredOn <= last) problems.push({ factId: d.deliveryId, message: policy.failure.message })
      continue
    }
    const windowEnd = addDays(d.deliveredOn, policy.success.referral.yiTuoYi.windowDays)
    if (windowEnd < first || windowEnd > last) continue
    const candidates = [...(byDelivery.get(d.deliveryId) ?? []), ...(byReferrer.get(d.customerId) ?? [])]
    const qualified = candidates.filter(
      (r) =>
        !r.rejected &&
        r.auditedOn !== undefined &&
        r.auditedOn <= last &&
        r.registeredOn >= d.deliveredOn &&
        r.registeredOn <= windowEnd
    )
    const table = tableInForce(policy.success.referral.tables, RewardTableId.yiTuoYi, d.deliveredOn)
    if (Result.isFailure(table)) {
      problems.push({ factId: d.deliveryId, message: table.failure.message })
      continue
    }
    const decision = evaluateTable(
      table.success,
      { auditedReferrals: qualified.length, saleKind: d.saleKind },
      policy.success.provenance.referral
    )
    if (Result.isFailure(decision)) {
      problems.push({ factId: d.deliveryId, message: decision.failure.message })
      continue
    }
    const facts = [d.deliveryId, ...qualified.map((r) => r.referralId).sort()]
    for (const fired of decision.success.fired) {
      const unit = Number(fired.outputs.amountFen)
      const perReferral = fired.outputs.per === "referral"
      const amountFen = perReferral ? unit * qualified.length : unit
      lines.push({
        lineId: `yty:${d.deliveryId}:${fired.rowId}`,
        month,
        party: { kind: "consultant", id: d.consultantId },
        kind: amountFen < 0 ? "yiTuoYiPenalty" : "yiTuoYiBonus",
        amountFen,
        explanation: {
          text: perReferral
            ? `${qualified.length} audited referral(s) from delivery ${d.deliveryId} by ${windowEnd} × ${unit} fen`
            : `Delivery ${d.deliveryId}: ${qualified.length} audited referral(s) by ${windowEnd}: ${unit} fen`,
          rowIds: [fired.rowId],
          inputsRead: decision.success.inputsRead,
          table: { id: decision.success.tableId, version: decision.success.tableVersion },
          policy: decision.success.policy,
          facts
        }
      })
    }
  }

  // CVP: units of the month per consultant (each retail car; each fleet customer once).
  const units = new Map<
    string,
    { storeId: StoreId; retail: number; retailFacts: Array<string>; fleetCustomers: Set<string> }
  >()
  for (const d of history.deliveries) {
    if (d.deliveredOn < first || d.deliveredOn > last) continue
    let u = units.get(d.consultantId)
    if (u === undefined) {
      u = { storeId: d.storeId, retail: 0, retailFacts: [], fleetCustomers: new Set() }
      units.set(d.consultantId, u)
    }
    if (d.saleKind === "retail") {
      u.retail += d.units
      u.retailFacts.push(d.deliveryId)
    } else u.fleetCustomers.add(d.customerId)
  }
  const surveys = new Map<string, { count: number; failing: Array<string> }>()
  for (const c of history.contacts) {
    if (c.satisfaction === undefined || c.on < first || c.on > last || !units.has(c.consultantId)) continue
    let s = surveys.get(c.consultantId)
    if (s === undefined) {
      s = { count: 0, failing: [] }
      surveys.set(c.consultantId, s)
    }
    s.count++
    if (c.satisfaction !== "verySatisfied") s.failing.push(c.contactId)
  }
  for (const [consultantId, u] of units) {
    const policy = at(u.storeId, last)
    if (Result.isFailure(policy)) {
      problems.push({ factId: consultantId, message: policy.failure.message })
      continue
    }
    const table = tableInForce(policy.success.referral.tables, RewardTableId.cvp, last)
    if (Result.isFailure(table)) {
      problems.push({ factId: consultantId, message: table.failure.message })
      continue
    }
    const s = surveys.get(consultantId) ?? { count: 0, failing: [] }
    const enough = s.count >= policy.success.referral.cvp.minSurveys
    const allVerySatisfied = enough && s.failing.length === 0
    const groups: Array<[saleKind: "retail" | "fleet", count: number, facts: Array<string>]> = [
      ["retail", u.retail, [...u.retailFacts].sort()],
      ["fleet", u.fleetCustomers.size, [...u.fleetCustomers].sort()]
    ]
    for (const [saleKind, count, facts] of groups) {
      if (count === 0) continue
      const decision = evaluateTable(
        table.success,
        { saleKind, allVerySatisfied, surveys: s.count },
        policy.success.provenance.referral
      )
      if (Result.isFailure(decision)) {
        problems.push({ factId: consultantId, message: decision.failure.message })
        continue
      }
      const perUnit = Number(decision.success.outputs[0]?.bonusFen ?? 0)
      const why = !enough
        ? `only ${s.count} survey(s), at least ${policy.success.referral.cvp.minSurveys} needed`
        : s.failing.length > 0
          ? `${s.failing.length} of ${s.count} survey(s) not very satisfied: ${[...s.failing].sort().slice(0, 10).join(", ")}`
          : `all ${s.count} survey(s) very satisfied`
      lines.push({
        lineId: `cvp:${consultantId}:${saleKind}`,
        month,
        party: { kind: "consultant", id: consultantId },
        kind: "cvpBonus",
        amountFen: perUnit * count,
        explanation: {
          text: `${count} ${saleKind === "retail" ? "car(s)" : "fleet customer(s)"} × ${perUnit} fen; ${why}`,
          rowIds: decision.success.fired.map((f) => f.rowId),
          inputsRead: decision.success.inputsRead,
          table: { id: decision.success.tableId, version: decision.success.tableVersion },
          policy: decision.success.policy,
          facts: [...facts, ...[...s.failing].sort()]
        }
      })
    }
  }

  for (const e of history.ledger) {
    if (e.on < first || e.on > last || (e.kind !== "issued" && e.kind !== "reversed")) continue
    lines.push({
      lineId: `ledger:${e.entryId}`,
      month,
      party: { kind: "referrer", id: e.referrerId },
      kind: e.kind === "issued" ? "referrerReward" : "referrerReversal",
      amountFen: e.amountFen,
      explanation: {
        text:
          e.kind === "issued"
            ? `Voucher ${e.voucherId} (${e.choiceId ?? "reward"}) issued for referral ${e.referralId}, at the value fixed when earned`
            : `Voucher ${e.voucherId} of referral ${e.referralId} reversed: ${e.reason ?? "no reason"}`,
        rowIds: [],
        inputsRead: {},
        table: undefined,
        policy: undefined,
        facts: [e.entryId, e.referralId]
      }
    })
  }
  return statementOf(month, lines, problems)
}

const statementOf = (
  month: YearMonth,
  lines: Array<SettlementLine>,
  problems: Array<SettlementProblem>
): SettlementStatement => {
  lines.sort(byId)
  const totals = new Map<string, { party: SettlementLine["party"]; totalFen: number; lines: number }>()
  let totalFen = 0
  for (const line of lines) {
    const key = `${line.party.kind}\u0000${line.party.id}`
    const t = totals.get(key)
    if (t === undefined) totals.set(key, { party: line.party, totalFen: line.amountFen, lines: 1 })
    else {
      t.totalFen += line.amountFen
      t.lines++
    }
    totalFen += line.amountFen
  }
  const parties = [...totals.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, t]) => t)
  problems.sort((a, b) =>
    a.factId < b.factId ? -1 : a.factId > b.factId ? 1 : a.message < b.message ? -1 : 1
  )
  return { month, lines, parties, totalFen, problems }
}

/**
 * Re-settles a month already paid: `settled` is every line paid so far for the month (the first
 * statement's lines and any earlier adjustments). Returns only adjustment lines, one per line whose
 * amount changed (new lines and vanished lines included); none when nothing changed.
 *
 * @example
 * ```ts
 * import { resettleMonth, type SettlementStatement, SettlementHistory, type PolicyAt, YearMonth } from "@jipan/core"
 * declare const first: SettlementStatement, historyWithLateCancellation: SettlementHistory, at: PolicyAt
 * resettleMonth(first.lines, historyWithLateCancellation, YearMonth.make("2026-11"), at)
 * // [{ lineId: "ledger:v-1:reversed#adj1", kind: "adjustment", amountFen: -30000, adjusts: "ledger:v-1:reversed", … }]
 * ```
 */
export const resettleMonth = (
  settled: ReadonlyArray<SettlementLine>,
  history: SettlementHistory,
  month: YearMonth,
  at: PolicyAt
): ReadonlyArray<SettlementLine> => {
  const fresh = settleMonth(history, month, at)
  const paid = new Map<string, { amountFen: number; adjustments: number; line: SettlementLine }>()
  for (const line of settled) {
    const basis = line.adjusts ?? line.lineId
    const p = paid.get(basis)
    if (p === undefined)
      paid.set(basis, { amountFen: line.amountFen, adjustments: line.adjusts === undefined ? 0 : 1, line })
    else {
      p.amountFen += line.amountFen
      if (line.adjusts !== undefined) p.adjustments++
    }
  }
  const adjustments: Array<SettlementLine> = []
  const seen = new Set<string>()
  const adjust = (basis: string, now: SettlementLine | undefined) => {
    const before = paid.get(basis)
    const delta = (now?.amountFen ?? 0) - (before?.amountFen ?? 0)
    if (delta === 0) return
    const template = (now ?? before?.line) as SettlementLine
    adjustments.push({
      lineId: `${basis}#adj${(before?.adjustments ?? 0) + 1}`,
      month,
      party: template.party,
      kind: "adjustment",
      amountFen: delta,
      adjusts: basis,
      explanation: {
        ...template.explanation,
        text: `Adjustment: paid ${before?.amountFen ?? 0} fen, now due ${now?.amountFen ?? 0} fen (${now === undefined ? "line no longer due" : now.explanation.text})`
      }
    })
  }
  for (const line of fresh.lines) {
    seen.add(line.lineId)
    adjust(line.lineId, line)
  }
  for (const basis of paid.keys()) if (!seen.has(basis)) adjust(basis, undefined)
  return adjustments.sort(byId)
}

/**
 * One outcome a draft policy would change: the line (or referral reward) with its amount under the
 * policy in force and under the draft, and both explanations.
 *
 * @example
 * ```ts
 * import type { WhatIfChange } from "@jipan/core"
 * // { subject: "yty:d-1:yty.penalty", party: { kind: "consultant", id: "c-wang" }, currentFen: -5000, draftFen: -10000, … }
 * ```
 */
export interface WhatIfChange {
  readonly subject: string
  readonly party: { readonly kind: "consultant" | "referrer"; readonly id: string }
  readonly currentFen: number
  readonly draftFen: number
  readonly current: LineExplanation | undefined
  readonly draft: LineExplanation | undefined
}

/**
 * Runs a draft policy against a past month: settles the month under the policies in force and under
 * the draft, and re-earns (under the draft) every referrer reward earned in the month, listing every
 * outcome that would change. Nothing earned is changed: this is a simulation.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { whatIf, SettlementHistory, type PolicyAt, Policy, YearMonth } from "@jipan/core"
 * declare const history: SettlementHistory, at: PolicyAt, draft: Policy
 * whatIf(history, YearMonth.make("2026-11"), at, () => Result.succeed(draft)).changes.length
 * ```
 */
export const whatIf = (
  history: SettlementHistory,
  month: YearMonth,
  current: PolicyAt,
  draft: PolicyAt
): { readonly changes: ReadonlyArray<WhatIfChange>; readonly problems: ReadonlyArray<SettlementProblem> } => {
  const now = settleMonth(history, month, current)
  const then = settleMonth(history, month, draft)
  const changes: Array<WhatIfChange> = []
  const currentLines = new Map(now.lines.map((l) => [l.lineId, l]))
  const draftLines = new Map(then.lines.map((l) => [l.lineId, l]))
  for (const id of new Set([...currentLines.keys(), ...draftLines.keys()])) {
    const a = currentLines.get(id)
    const b = draftLines.get(id)
    if ((a?.amountFen ?? 0) === (b?.amountFen ?? 0)) continue
    changes.push({
      subject: id,
      party: (a ?? b)?.party ?? { kind: "consultant", id: "" },
      currentFen: a?.amountFen ?? 0,
      draftFen: b?.amountFen ?? 0,
      current: a?.explanation,
      draft: b?.explanation
    })
  }
  const problems = [...now.problems, ...then.problems]
  // Referrer rewards earned in the month, re-earned under the draft with the caps counted in order.
  const { first, last } = monthRange(month)
  const delivered = history.referrals
    .filter((r) => r.refereeDelivery !== undefined && !r.rejected)
    .sort((a, b) =>
      (a.refereeDelivery?.deliveredOn ?? "") < (b.refereeDelivery?.deliveredOn ?? "")
        ? -1
        : (a.refereeDelivery?.deliveredOn ?? "") > (b.refereeDelivery?.deliveredOn ?? "")
          ? 1
          : a.referralId < b.referralId
            ? -1
            : 1
    )
  const usage = new Map<string, { period: string; count: number; valueFen: number }>()
  for (const r of delivered) {
    const d = r.refereeDelivery
    if (d === undefined) continue
    const policy = draft(r.storeId, d.deliveredOn)
    if (Result.isFailure(policy)) {
      if (d.deliveredOn >= first && d.deliveredOn <= last)
        problems.push({ factId: r.referralId, message: policy.failure.message })
      continue
    }
    const period =
      policy.success.referral.caps.period === "year" ? d.deliveredOn.slice(0, 4) : d.deliveredOn.slice(0, 7)
    const u0 = usage.get(r.referrerId)
    const u = u0 !== undefined && u0.period === period ? u0 : { period, count: 0, valueFen: 0 }
    const earned = earnReferrerReward(
      {
        referrerKind: r.referrerKind,
        askedAt: r.askedAt,
        refereeSaleKind: d.saleKind,
        refereeUnits: d.units,
        deliveredOn: d.deliveredOn,
        capUsage: { count: u.count, valueFen: u.valueFen }
      },
      policy.success
    )
    if (Result.isFailure(earned)) {
      problems.push({ factId: r.referralId, message: earned.failure.message })
      continue
    }
    const value = earned.success.valueFen
    usage.set(r.referrerId, { period, count: u.count + (value > 0 ? 1 : 0), valueFen: u.valueFen + value })
    if (d.deliveredOn < first || d.deliveredOn > last || value === d.earnedFen) continue
    changes.push({
      subject: `reward:${r.referralId}`,
      party: { kind: "referrer", id: r.referrerId },
      currentFen: d.earnedFen,
      draftFen: value,
      current: undefined,
      draft: {
        text: earned.success.capped?.reason ?? `Offer ${earned.success.offerId} under the draft`,
        rowIds: earned.success.decision.fired.map((f) => f.rowId),
        inputsRead: earned.success.decision.inputsRead,
        table: { id: earned.success.decision.tableId, version: earned.success.decision.tableVersion },
        policy: earned.success.policy,
        facts: [r.referralId]
      }
    })
  }
  changes.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
  return { changes, problems }
}
