/**
 * The policy lab (政策沙盘): replays the stored histories of a scope under a draft policy and
 * returns the difference against the policy in force, rule id by rule id — grades, contacts due,
 * overdue counts, findings, care contacts planned, and rewards and settlement totals in fen.
 *
 * **What is replayed and what is fact.** Every card event is turned back into the command that
 * made it (the consultant's or supervisor's act: a contact with its channel, outcome, evidence
 * and agreed next contact; an order; a delivery; a defeat; a re-grade with its chosen grade…).
 * The acts are facts: they happened on the day they happened, whatever the policy. What the
 * decider derives from the policy is re-derived: the grade, the rules that fired, the schedule
 * base and the next contact due, and (from the re-derived card) the care plan, the findings and
 * the settlement. Events before `from` are replayed under the policies that were in force, events
 * from `from` on under the draft (applied over the policy in force that day). A command the
 * draft refuses (a hand-set grade the draft no longer has, a defeat reason it dropped) keeps its
 * stored events as fact and is counted under `refused`. Referrals, the reward ledger and the
 * surveys are facts: rewards already earned are never changed; the draft's rewards are what-if
 * figures only.
 *
 * @module
 */
import { Effect, Fiber, Result, Schema } from "effect"
import type { CardCommand } from "../card/CardCommand.js"
import { decideCard } from "../card/CardDecider.js"
import type { CardEvent } from "../card/CardEvent.js"
import { evolveCard } from "../card/CardEvolve.js"
import { type CardState, initialCardState } from "../card/CardState.js"
import type { CareContactDue } from "../care/CareContact.js"
import { carePlanOf } from "../care/CarePlan.js"
import { addDays, CalendarDate, toDayNumber } from "../kernel/CalendarDate.js"
import { checkDecisionTable, type DecisionFinding, type DecisionTable } from "../kernel/DecisionTable.js"
import type { InvalidInput } from "../kernel/Errors.js"
import { EvidenceKey } from "../kernel/Evidence.js"
import type { CardId, ConsultantId, StoreId } from "../kernel/Ids.js"
import { ReferralId } from "../kernel/Ids.js"
import { BoundedCache } from "../kernel/Memo.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { ReferralNotFound, StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import {
  applyDocument,
  defaultPolicy,
  type NoPolicyInForce,
  type Policy,
  type PolicyDocument,
  resolvePolicy
} from "../policy/Policy.js"
import { checkPolicy, PolicyFinding } from "../policy/PolicyCheck.js"
import {
  type ContactRecord,
  type DeliveryFact,
  monthRange,
  type PolicyAt,
  type ReferralFact,
  referralFactOf,
  type SettlementHistory,
  type SettlementLine,
  settleMonth,
  type WhatIfChange,
  whatIf,
  YearMonth
} from "../referral/Settlement.js"
import { type Finding, findings } from "../report/Findings.js"
import {
  type CardFacts,
  type CardHistory,
  type CardKeyPage,
  cardFactsOf,
  ReportSource,
  reportEventsOf
} from "../report/ReportSource.js"
import type { ReportTable } from "../report/ReportTable.js"
import { PolicyStore } from "./PolicyStore.js"
import type { ReferralStore } from "./ReferralStore.js"
import { getReferral, readLedger } from "./UseCase.js"

// ---------------------------------------------------------------------------------------------
// Replaying one card

/**
 * The command that made a stored event (with the next one when one command made two: an order
 * cancelled into a defeat request), or `undefined` for an event no command makes alone.
 *
 * @example
 * ```ts
 * import { commandOfEvent } from "@jipan/core"
 * const [first, second] = history
 * if (first !== undefined) commandOfEvent(first, second)?.command._tag // "OpenCard"
 * ```
 */
export const commandOfEvent = (
  event: CardEvent,
  next: CardEvent | undefined
): { readonly command: CardCommand; readonly consumed: 1 | 2 } | undefined => {
  const { by, at } = event
  const one = (command: Record<string, unknown>) => ({
    command: { by, at, ...command } as CardCommand,
    consumed: 1 as const
  })
  switch (event._tag) {
    case "CardOpened":
      return one({
        _tag: "OpenCard",
        cardId: event.cardId,
        storeId: event.storeId,
        customerId: event.customerId,
        phone: event.phone,
        owner: event.owner,
        source: event.source,
        intent: event.intent,
        evidence: event.evidence,
        existingOpenCardId: undefined,
        ...(event.linkedTo === undefined ? {} : { linkedTo: event.linkedTo })
      })
    case "ContactLogged":
      // the event keeps the evidence after the contact: merged again over the card's, it is the same
      return one({
        _tag: "LogContact",
        channel: event.channel,
        outcome: event.outcome,
        evidence: event.evidence,
        ...(event.agreedNextContactOn === undefined
          ? {}
          : { agreedNextContactOn: event.agreedNextContactOn }),
        ...(event.note === undefined ? {} : { note: event.note })
      })
    case "Regraded":
      return one({ _tag: "Regrade", grade: event.grade, justification: event.justification })
    case "Reassigned":
      return one({ _tag: "Reassign", to: event.to, reason: event.reason })
    case "OrderPlaced":
      return one({ _tag: "PlaceOrder", orderId: event.orderId, model: event.model })
    case "OrderCancelled":
      if (event.backToProspect !== undefined)
        return one({
          _tag: "CancelOrder",
          reason: event.reason,
          next: { kind: "backToProspect", grade: event.backToProspect.grade }
        })
      if (next?._tag === "DefeatRequested" && next.at === at)
        return {
          command: {
            _tag: "CancelOrder",
            by,
            at,
            reason: event.reason,
            next: { kind: "requestDefeat", defeat: next.defeat }
          } as CardCommand,
          consumed: 2
        }
      return undefined
    case "Delivered":
      return one({
        _tag: "Deliver",
        vehicle: event.vehicle,
        deliveredOn: event.deliveredOn,
        insuranceExpiresOn: event.insuranceExpiresOn,
        ...(event.odometerKm === undefined ? {} : { odometerKm: event.odometerKm }),
        ...(event.birthday === undefined ? {} : { birthday: event.birthday })
      })
    case "DefeatRequested":
      return one({ _tag: "RequestDefeat", defeat: event.defeat })
    case "DefeatApproved":
      return one({ _tag: "ApproveDefeat", ...(event.note === undefined ? {} : { note: event.note }) })
    case "DefeatRejected":
      return one({ _tag: "RejectDefeat", grade: event.grade, newOwner: event.owner, note: event.note })
    case "ReactivationRequested":
      return one({ _tag: "RequestReactivation", note: event.note })
    case "ReactivationApproved":
      return one({ _tag: "ApproveReactivation", grade: event.grade, newOwner: event.owner })
    case "ReactivationRejected":
      return one({ _tag: "RejectReactivation", note: event.note })
    case "MarkedInvalid":
      return one({
        _tag: "MarkInvalid",
        reasonId: event.reasonId,
        ...(event.mergedInto === undefined ? {} : { survivingCardId: event.mergedInto })
      })
    case "OwnerMined":
      return one({
        _tag: "MineOwner",
        kind: event.kind,
        newCardId: event.newCardId,
        ...(event.note === undefined ? {} : { note: event.note })
      })
    case "CareContactRecorded":
      return one({
        _tag: "RecordCareContact",
        ruleId: event.ruleId,
        plannedOn: event.plannedOn,
        outcome: event.outcome,
        ...(event.odometerKm === undefined ? {} : { odometerKm: event.odometerKm })
      })
  }
}

/**
 * One step of a replayed card: the command's stored day, the events decided (or kept as fact),
 * the state after them and the rule ids of the last scheduling decision.
 *
 * @example
 * ```ts
 * import type { ReplayStep } from "@jipan/core"
 * const due = (s: ReplayStep) => s.state.nextContactDue
 * ```
 */
export interface ReplayStep {
  readonly on: CalendarDate
  readonly events: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly ruleIds: ReadonlyArray<string>
  /** The `_tag` of the refusal when the policy refused the command (its stored events were kept). */
  readonly refused: string | undefined
}

const scheduledRuleIds = (events: ReadonlyArray<CardEvent>): ReadonlyArray<string> | undefined => {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as CardEvent
    if ("ruleIds" in e) return e.ruleIds
    if (e._tag === "OrderCancelled" && e.backToProspect !== undefined) return e.backToProspect.ruleIds
  }
  return undefined
}

/**
 * Replays a card's stored history: each stored command decided again under `policyOn(day)` (the
 * policy for the command's stored day), its events folded. A command the policy refuses keeps
 * its stored events, as fact. Pure.
 *
 * @example
 * ```ts
 * import { defaultPolicy, replayCardHistory } from "@jipan/core"
 * const steps = replayCardHistory(history, () => defaultPolicy)
 * steps.at(-1)?.state.grade
 * ```
 */
export const replayCardHistory = (
  history: ReadonlyArray<CardEvent>,
  policyOn: (day: CalendarDate) => Policy
): Array<ReplayStep> => {
  const steps: Array<ReplayStep> = []
  let state = initialCardState
  let ruleIds: ReadonlyArray<string> = []
  let i = 0
  while (i < history.length) {
    const stored = history[i] as CardEvent
    const made = commandOfEvent(stored, history[i + 1])
    const consumed = made?.consumed ?? 1
    let events: ReadonlyArray<CardEvent> = history.slice(i, i + consumed)
    let refused: string | undefined
    if (made !== undefined) {
      const decided = decideCard(made.command, state, policyOn(stored.on))
      if (Result.isSuccess(decided)) events = decided.success
      else refused = decided.failure._tag
    } else refused = "NoCommand"
    for (const e of events) state = evolveCard(state, e)
    ruleIds = scheduledRuleIds(events) ?? ruleIds
    steps.push({ on: stored.on, events, state, ruleIds, refused })
    i += consumed
  }
  return steps
}

// ---------------------------------------------------------------------------------------------
// The difference

/**
 * What a difference is about: grades held (card-days), due-date decisions moved (earlier, later,
 * not at all, newly due), contacts due and overdue (card-days), supervisor findings, care contacts
 * planned, settlement lines (fen, by line kind: 一拓一 bonus and penalty, CVP, rewards), referrer
 * rewards re-earned (fen), and commands the draft refuses.
 *
 * @example
 * ```ts
 * import type { ReplayArea } from "@jipan/core"
 * const area: ReplayArea = "grade"
 * ```
 */
export type ReplayArea =
  | "grade"
  | "dueShift"
  | "contactsDue"
  | "overdue"
  | "finding"
  | "care"
  | "settlement"
  | "reward"
  | "refused"

/**
 * One difference between the policy in force (`current`) and the draft (`draft`), with the rule
 * ids it is about and a sample of the cards (up to five). Units: `cardDays` (a card on a day),
 * `decisions` (scheduling decisions), `contacts`, `findings`, `fen`, `commands`. For `dueShift`,
 * `shiftDays` is the total shift of the due dates (negative: earlier).
 *
 * @example
 * ```ts
 * import type { ReplayDifference } from "@jipan/core"
 * const text = (d: ReplayDifference) => `${d.area} ${d.key}: ${d.current} → ${d.draft} (${d.ruleIds.join(", ")})`
 * ```
 */
export interface ReplayDifference {
  readonly area: ReplayArea
  readonly key: string
  readonly ruleIds: ReadonlyArray<string>
  readonly unit: "cardDays" | "decisions" | "contacts" | "findings" | "fen" | "commands"
  readonly current: number
  readonly draft: number
  readonly shiftDays?: number
  readonly sampleCardIds: ReadonlyArray<string>
}

/**
 * A consultant's contacts due on a day, under the policy in force and under the draft (only the
 * days that differ are listed).
 *
 * @example
 * ```ts
 * import type { WorkloadDay } from "@jipan/core"
 * const more = (w: WorkloadDay) => w.draft - w.current
 * ```
 */
export interface WorkloadDay {
  readonly storeId: string
  readonly consultantId: string
  readonly on: CalendarDate
  readonly current: number
  readonly draft: number
}

/**
 * A party's figures over the window's months, in fen: its settlement total (一拓一 bonuses and
 * penalties, CVP, rewards issued and reversed from the ledger) under the policy in force and the
 * draft, and the referrer rewards earned in the window whose value the draft would change, as
 * earned (`rewardCurrentFen`, a fact: never changed) and as the draft would have earned them
 * (`rewardDraftFen`, a what-if figure).
 *
 * @example
 * ```ts
 * import type { PartyTotal } from "@jipan/core"
 * const change = (p: PartyTotal) => p.draftFen - p.currentFen + p.rewardDraftFen - p.rewardCurrentFen
 * ```
 */
export interface PartyTotal {
  readonly party: { readonly kind: "consultant" | "referrer"; readonly id: string }
  readonly currentFen: number
  readonly draftFen: number
  readonly rewardCurrentFen: number
  readonly rewardDraftFen: number
}

/**
 * The result of {@link replayPolicy}: the window, how many cards and card-days were replayed, the
 * differences (sorted by area, key), the workload days that differ, every party's totals, the
 * reward what-if changes and the problems met (facts the settlement could not use).
 *
 * @example
 * ```ts
 * import type { PolicyReplay } from "@jipan/core"
 * const unchanged = (r: PolicyReplay) => r.differences.length === 0
 * ```
 */
export interface PolicyReplay {
  readonly scope: TenantScope
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly draft: { readonly policyId: string; readonly version: number }
  readonly cards: number
  readonly cardDays: number
  readonly differences: ReadonlyArray<ReplayDifference>
  readonly workload: ReadonlyArray<WorkloadDay>
  readonly parties: ReadonlyArray<PartyTotal>
  readonly rewardChanges: ReadonlyArray<WhatIfChange>
  readonly problems: ReadonlyArray<{ readonly factId: string; readonly message: string }>
}

/**
 * Progress of a replay: cards done out of the cards listed, and the store being replayed.
 *
 * @example
 * ```ts
 * import type { ReplayProgress } from "@jipan/core"
 * const onProgress = (p: ReplayProgress) => console.log(`${p.cardsDone}/${p.cardsTotal}`)
 * ```
 */
export interface ReplayProgress {
  readonly storeId: string
  readonly cardsDone: number
  readonly cardsTotal: number
}

/**
 * The draft is refused: `checkPolicy` found errors in it (each listed with its path), or the
 * window is empty or inverted.
 *
 * @example
 * ```ts
 * import { DraftPolicyRefused } from "@jipan/core"
 * const problems = (e: DraftPolicyRefused) => e.problems.map((p) => `${p.path}: ${p.message}`)
 * ```
 */
export class DraftPolicyRefused extends Schema.TaggedError<DraftPolicyRefused>()("DraftPolicyRefused", {
  problems: Schema.Array(PolicyFinding),
  message: Schema.String
}) {}

/**
 * Options of {@link replayPolicy}: the window (inclusive days), a progress callback, and the batch
 * size (cards whose histories are read at once; 500 by default).
 *
 * @example
 * ```ts
 * import type { ReplayOptions } from "@jipan/core"
 * const options = { from: "2026-09-01", to: "2026-11-30", onProgress: console.log } as ReplayOptions
 * ```
 */
export interface ReplayOptions {
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly onProgress?: ((progress: ReplayProgress) => void) | undefined
  readonly batchSize?: number | undefined
  /** Surveys (not kept by the store) for the CVP bonus; none by default. */
  readonly surveys?: ReadonlyArray<ContactRecord> | undefined
}

const SAMPLE = 5

/** An accumulator of differences keyed by area, key and rule ids. */
interface Row {
  readonly area: ReplayArea
  readonly key: string
  readonly ruleIds: ReadonlyArray<string>
  readonly unit: ReplayDifference["unit"]
  current: number
  draft: number
  shiftDays: number | undefined
  readonly sample: Set<string>
}

class Differences {
  private readonly rows = new Map<string, Row>()
  // rows by rule ids (the decider shares its arrays), then by area and key (literals)
  private readonly byRules = new WeakMap<ReadonlyArray<string>, Map<string, Map<string, Row>>>()
  add(
    area: ReplayArea,
    key: string,
    ruleIds: ReadonlyArray<string>,
    unit: ReplayDifference["unit"],
    current: number,
    draft: number,
    cardId: string | undefined,
    shiftDays?: number
  ) {
    let byArea = this.byRules.get(ruleIds)
    if (byArea === undefined) {
      byArea = new Map()
      this.byRules.set(ruleIds, byArea)
    }
    let byKey = byArea.get(area)
    if (byKey === undefined) {
      byKey = new Map()
      byArea.set(area, byKey)
    }
    let row = byKey.get(key)
    if (row === undefined) {
      // rule ids of equal content share one row, whichever array they came in
      const id = `${area}\u0000${key}\u0000${ruleIds.join(",")}`
      row = this.rows.get(id)
      if (row === undefined) {
        row = { area, key, ruleIds, unit, current: 0, draft: 0, shiftDays: undefined, sample: new Set() }
        this.rows.set(id, row)
      }
      byKey.set(key, row)
    }
    row.current += current
    row.draft += draft
    if (shiftDays !== undefined) row.shiftDays = (row.shiftDays ?? 0) + shiftDays
    if (cardId !== undefined && row.sample.size < SAMPLE) row.sample.add(cardId)
  }
  list(): Array<ReplayDifference> {
    return [...this.rows.values()]
      .filter((r) => r.area === "dueShift" || r.area === "refused" || r.current !== r.draft)
      .map((r) => ({
        area: r.area,
        key: r.key,
        ruleIds: r.ruleIds,
        unit: r.unit,
        current: r.current,
        draft: r.draft,
        ...(r.shiftDays === undefined ? {} : { shiftDays: r.shiftDays }),
        sampleCardIds: [...r.sample].sort()
      }))
      .sort((a, b) =>
        a.area !== b.area
          ? a.area < b.area
            ? -1
            : 1
          : a.key !== b.key
            ? a.key < b.key
              ? -1
              : 1
            : a.ruleIds.join(",") < b.ruleIds.join(",")
              ? -1
              : 1
      )
  }
}

const union = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): Array<string> =>
  [...new Set([...a, ...b])].sort()

const sameRuleIds = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

const NO_RULES: ReadonlyArray<string> = []

// day numbers of the few distinct dates a replay meets, parsed once
const dayNumbers = new BoundedCache<string, number>(100_000)
const dayNumberOf = (d: CalendarDate): number => dayNumbers.get(d) ?? dayNumbers.set(d, toDayNumber(d))

// Care plans are the replay's dearest computation (lunar festivals, holidays): a plan reads only
// the policy's care section, the delivery and the care log, so the two replays of a card (and its
// findings) share one plan whenever those agree.
const carePlans = new WeakMap<Policy["care"], BoundedCache<string, ReturnType<typeof carePlanOf>>>()
const carePlan = (state: CardState, policy: Policy, from: CalendarDate): ReturnType<typeof carePlanOf> => {
  const d = state.delivery
  if (state.status !== "owned" || d === undefined) return undefined
  let plans = carePlans.get(policy.care)
  if (plans === undefined) {
    // one batch's worth is enough: both replays of a card come one after the other
    plans = new BoundedCache(4_096)
    carePlans.set(policy.care, plans)
  }
  let key = `${state.cardId}|${from}|${d.deliveredOn}|${d.vehicle.brand}|${d.insuranceExpiresOn}|${d.odometerKm}|${d.birthday?.month}-${d.birthday?.day}`
  for (const r of state.careLog) key += `|${r.ruleId},${r.plannedOn},${r.on},${r.outcome},${r.odometerKm}`
  return plans.has(key) ? plans.get(key) : plans.set(key, carePlanOf(state, policy, from))
}

/** The card as it stood at the end of a day. */
const endOfDay = (steps: ReadonlyArray<ReplayStep>, day: CalendarDate): CardState => {
  let state = initialCardState
  for (const s of steps) {
    if (s.on > day) break
    state = s.state
  }
  return state
}

const withCap = (step: ReplayStep): ReadonlyArray<string> =>
  step.state.grade !== undefined && step.ruleIds.includes("followUp.firstCall")
    ? [...step.ruleIds, `followUp.interval.${step.state.grade}`]
    : step.ruleIds

/** A whole-card comparison, accumulated into the differences. Exposed through {@link compareCardReplays}. */
interface CardComparison {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly current: ReadonlyArray<ReplayStep>
  readonly draft: ReadonlyArray<ReplayStep>
}

interface Accumulator {
  readonly diffs: Differences
  readonly workload: Map<
    string,
    { storeId: string; consultantId: string; on: CalendarDate; current: number; draft: number }
  >
  cardDays: number
}

const compareCard = (
  acc: Accumulator,
  c: CardComparison,
  from: CalendarDate,
  to: CalendarDate,
  currentPolicy: Policy,
  draftPolicy: Policy
) => {
  const days = toDayNumber(to) - toDayNumber(from) + 1
  const cardId = c.cardId
  const { diffs } = acc
  // 1. decisions in the window: due dates moved
  for (let i = 0; i < c.current.length && i < c.draft.length; i++) {
    const a = c.current[i] as ReplayStep
    const b = c.draft[i] as ReplayStep
    if (a.on < from || a.on > to) continue
    if (a.refused === undefined && b.refused !== undefined)
      diffs.add("refused", b.refused, a.ruleIds, "commands", 0, 1, cardId)
    const da = a.state.nextContactDue
    const db = b.state.nextContactDue
    if (da === db) continue
    // the first-call window is capped by the grade's interval, which the decider's rule ids leave
    // out: name the interval rule of the grade too
    const ruleIds = union(withCap(a), withCap(b))
    if (da !== undefined && db !== undefined) {
      const shift = toDayNumber(db) - toDayNumber(da)
      diffs.add("dueShift", shift < 0 ? "earlier" : "later", ruleIds, "decisions", 1, 1, cardId, shift)
    } else if (da !== undefined) diffs.add("dueShift", "notAtAll", ruleIds, "decisions", 1, 0, cardId)
    else diffs.add("dueShift", "newlyDue", ruleIds, "decisions", 0, 1, cardId)
  }
  // 2. day by day (the card at the start of each day): grades, contacts due, overdue, workload
  const first = toDayNumber(from)
  const stepsA = c.current
  const stepsB = c.draft
  let ia = 0
  let ib = 0
  let sa = initialCardState
  let sb = initialCardState
  let ra: ReadonlyArray<string> = NO_RULES
  let rb: ReadonlyArray<string> = NO_RULES
  for (let d = 0; d < days; d++) {
    const dayNumber = first + d
    while (ia < stepsA.length && dayNumberOf((stepsA[ia] as ReplayStep).on) < dayNumber) {
      const s = stepsA[ia++] as ReplayStep
      sa = s.state
      ra = s.ruleIds
    }
    while (ib < stepsB.length && dayNumberOf((stepsB[ib] as ReplayStep).on) < dayNumber) {
      const s = stepsB[ib++] as ReplayStep
      sb = s.state
      rb = s.ruleIds
    }
    const dueOnA = sa.nextContactDue
    const dueOnB = sb.nextContactDue
    if (dueOnA === undefined && dueOnB === undefined) continue
    acc.cardDays++
    const sameRules = ra === rb || sameRuleIds(ra, rb)
    if (sa.grade !== sb.grade)
      diffs.add("grade", `${sa.grade ?? "-"}→${sb.grade ?? "-"}`, union(ra, rb), "cardDays", 1, 1, cardId)
    const dueDayA = dueOnA === undefined ? Number.POSITIVE_INFINITY : dayNumberOf(dueOnA)
    const dueDayB = dueOnB === undefined ? Number.POSITIVE_INFINITY : dayNumberOf(dueOnB)
    const dueA = dueDayA === dayNumber ? 1 : 0
    const dueB = dueDayB === dayNumber ? 1 : 0
    const overA = dueDayA < dayNumber ? 1 : 0
    const overB = dueDayB < dayNumber ? 1 : 0
    // totals per rule ids (cards named only where the two differ)
    const dueDiffers = dueA !== dueB || !sameRules
    if (dueA) diffs.add("contactsDue", "due", ra, "cardDays", 1, 0, dueDiffers ? cardId : undefined)
    if (dueB) diffs.add("contactsDue", "due", rb, "cardDays", 0, 1, dueDiffers ? cardId : undefined)
    const overDiffers = overA !== overB || !sameRules
    if (overA) diffs.add("overdue", "overdue", ra, "cardDays", 1, 0, overDiffers ? cardId : undefined)
    if (overB) diffs.add("overdue", "overdue", rb, "cardDays", 0, 1, overDiffers ? cardId : undefined)
    const day = dueA !== dueB || sa.owner !== sb.owner ? addDays(from, d) : from
    if (dueA !== dueB || sa.owner !== sb.owner) {
      const bump = (owner: ConsultantId | undefined, current: number, draft: number) => {
        if (owner === undefined || (current === 0 && draft === 0)) return
        const key = `${c.tenant.storeId}\u0000${owner}\u0000${day}`
        const w = acc.workload.get(key) ?? {
          storeId: c.tenant.storeId,
          consultantId: owner,
          on: day,
          current: 0,
          draft: 0
        }
        w.current += current
        w.draft += draft
        acc.workload.set(key, w)
      }
      bump(sa.owner, dueA, 0)
      bump(sb.owner, 0, dueB)
    }
  }
  // 3. care planned in the window (owned cards): from the card as it was on the later of `from`
  // and its delivery, under each policy
  const careOf = (steps: ReadonlyArray<ReplayStep>, policy: Policy) => {
    const last = endOfDay(steps, to)
    const delivered = last.delivery?.deliveredOn
    if (last.status !== "owned" || delivered === undefined) return new Map<string, number>()
    const start = delivered > from ? delivered : from
    const counts = new Map<string, number>()
    for (const p of carePlan(endOfDay(steps, start), policy, start)?.contacts ?? []) {
      if (p.on < from || p.on > to) continue
      const key = `${p.ruleId}\u0000${p.kind}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return counts
  }
  // the same care section and the same delivery and care log (facts) plan the same contacts:
  // the plans (the replay's dearest computation) are only made when something can differ
  if (
    currentPolicy.care === draftPolicy.care &&
    sameCareFacts(endOfDay(c.current, to), endOfDay(c.draft, to))
  )
    return
  const careA = careOf(c.current, currentPolicy)
  const careB = careOf(c.draft, draftPolicy)
  for (const key of new Set([...careA.keys(), ...careB.keys()])) {
    const na = careA.get(key) ?? 0
    const nb = careB.get(key) ?? 0
    if (na === nb) continue
    const [ruleId, kind] = key.split("\u0000") as [string, string]
    diffs.add("care", kind, [ruleId], "contacts", na, nb, cardId)
  }
}

/** Whether two replays of a card agree on what its care plan reads (status, delivery, care log). */
const sameCareFacts = (a: CardState, b: CardState): boolean =>
  a.status === b.status &&
  a.delivery?.deliveredOn === b.delivery?.deliveredOn &&
  a.delivery?.insuranceExpiresOn === b.delivery?.insuranceExpiresOn &&
  a.careLog.length === b.careLog.length &&
  a.careLog.every((r, i) => {
    const o = b.careLog[i]
    return o !== undefined && r.ruleId === o.ruleId && r.on === o.on && r.outcome === o.outcome
  })

/** The findings of a batch on `to` (window from `from`), from the replayed cards. */
const findingsOf = (
  cards: ReadonlyArray<{ tenant: Tenant; cardId: CardId; steps: ReadonlyArray<ReplayStep> }>,
  from: CalendarDate,
  to: CalendarDate,
  policy: Policy,
  withCare: (index: number) => boolean
): ReadonlyArray<Finding> => {
  const facts: Array<CardFacts> = []
  const events: Array<ReturnType<typeof reportEventsOf>[number]> = []
  const care: Array<CareContactDue> = []
  for (const [index, c] of cards.entries()) {
    let before = initialCardState
    let state = initialCardState
    const inWindow: Array<CardEvent> = []
    for (const s of c.steps) {
      if (s.on > to) break
      if (s.on < from) before = s.state
      else inWindow.push(...s.events)
      state = s.state
    }
    if (state.status === "none") continue
    facts.push(cardFactsOf(c.tenant, c.cardId, state))
    if (inWindow.length > 0) events.push(...reportEventsOf(c.tenant, c.cardId, before, inWindow))
    const last = c.steps.filter((s) => s.on <= to).at(-1)
    if (state.status === "owned" && last !== undefined && withCare(index))
      for (const p of carePlan(state, policy, last.on)?.contacts ?? [])
        if (p.on <= to)
          care.push({
            tenant: c.tenant,
            cardId: c.cardId,
            owner: state.owner,
            ruleId: p.ruleId,
            plannedOn: p.plannedOn,
            on: p.on,
            kind: p.kind,
            critical: p.critical
          })
  }
  return findings({ on: to, from, facts, events, visits: [], care }, policy).findings
}

const findingKey = (f: Finding) =>
  `${f.ruleId}\u0000${f.tenant.storeId}\u0000${f.cardIds.join(",")}\u0000${f.consultant ?? ""}`

/**
 * Compares one card's replays (under the policy in force and under the draft) over a window:
 * what {@link replayPolicy} does per card, for a caller holding histories itself. Pure.
 *
 * @example
 * ```ts
 * import { defaultPolicy, replayHistories, Policy, CalendarDate } from "@jipan/core"
 * declare const draft: Policy // the policy under test
 * const window = { from: CalendarDate.make("2026-11-01"), to: CalendarDate.make("2026-11-30") }
 * const r = replayHistories([{ tenant, cardId, history }], window, () => defaultPolicy, () => draft)
 * r.differences.length
 * ```
 */
export const replayHistories = (
  histories: ReadonlyArray<CardHistory>,
  window: { readonly from: CalendarDate; readonly to: CalendarDate },
  current: (storeId: StoreId, day: CalendarDate) => Policy,
  draft: (storeId: StoreId, day: CalendarDate) => Policy
): {
  readonly differences: ReadonlyArray<ReplayDifference>
  readonly workload: ReadonlyArray<WorkloadDay>
  readonly cardDays: number
} => {
  const acc = newAccumulator()
  replayBatch(acc, histories, window.from, window.to, current, draft)
  return { differences: acc.diffs.list(), workload: workloadOf(acc), cardDays: acc.cardDays }
}

const newAccumulator = (): Accumulator => ({ diffs: new Differences(), workload: new Map(), cardDays: 0 })

const workloadOf = (acc: Accumulator): Array<WorkloadDay> =>
  [...acc.workload.values()]
    .filter((w) => w.current !== w.draft)
    .sort((a, b) =>
      a.storeId !== b.storeId
        ? a.storeId < b.storeId
          ? -1
          : 1
        : a.consultantId !== b.consultantId
          ? a.consultantId < b.consultantId
            ? -1
            : 1
          : a.on < b.on
            ? -1
            : 1
    )

const replayBatch = (
  acc: Accumulator,
  histories: ReadonlyArray<CardHistory>,
  from: CalendarDate,
  to: CalendarDate,
  current: (storeId: StoreId, day: CalendarDate) => Policy,
  draft: (storeId: StoreId, day: CalendarDate) => Policy
): Array<{ tenant: Tenant; cardId: CardId; steps: ReadonlyArray<ReplayStep> }> => {
  const draftCards: Array<{ tenant: Tenant; cardId: CardId; steps: ReadonlyArray<ReplayStep> }> = []
  const currentCards: Array<{ tenant: Tenant; cardId: CardId; steps: ReadonlyArray<ReplayStep> }> = []
  let storeId: StoreId | undefined
  for (const h of histories) {
    storeId = h.tenant.storeId
    const sid = h.tenant.storeId
    const now = replayCardHistory(h.history, (day) => current(sid, day))
    const then = replayCardHistory(h.history, (day) => (day < from ? current(sid, day) : draft(sid, day)))
    compareCard(
      acc,
      { tenant: h.tenant, cardId: h.cardId, current: now, draft: then },
      from,
      to,
      current(sid, to),
      draft(sid, to)
    )
    currentCards.push({ tenant: h.tenant, cardId: h.cardId, steps: now })
    draftCards.push({ tenant: h.tenant, cardId: h.cardId, steps: then })
  }
  if (storeId !== undefined) {
    const pa = current(storeId, to)
    const pb = draft(storeId, to)
    // care contacts due feed only the care finding: where they cannot differ, both sides leave them out
    const withCare = (i: number) =>
      pa.care !== pb.care ||
      !sameCareFacts(
        endOfDay((currentCards[i] as (typeof currentCards)[number]).steps, to),
        endOfDay((draftCards[i] as (typeof draftCards)[number]).steps, to)
      )
    const fa = findingsOf(currentCards, from, to, pa, withCare)
    const fb = findingsOf(draftCards, from, to, pb, withCare)
    const ka = new Map(fa.map((f) => [findingKey(f), f]))
    const kb = new Map(fb.map((f) => [findingKey(f), f]))
    for (const [k, f] of ka)
      if (!kb.has(k)) acc.diffs.add("finding", "vanishes", [f.ruleId], "findings", 1, 0, f.cardIds[0])
    for (const [k, f] of kb)
      if (!ka.has(k)) acc.diffs.add("finding", "appears", [f.ruleId], "findings", 0, 1, f.cardIds[0])
  }
  return draftCards
}

// ---------------------------------------------------------------------------------------------
// Over a store

const monthsOf = (from: CalendarDate, to: CalendarDate): Array<YearMonth> => {
  const out: Array<YearMonth> = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  const last = to.slice(0, 7)
  for (;;) {
    const ym = `${y}-${String(m).padStart(2, "0")}`
    out.push(YearMonth.make(ym))
    if (ym >= last) break
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/**
 * Replays the stored histories of a scope under a draft policy document, over the days `from` to
 * `to`, and returns the difference against the policies in force (see the module's notes for what
 * is re-derived and what is fact). The draft is applied over the policy in force in each store and
 * checked with `checkPolicy` first: any error refuses it with {@link DraftPolicyRefused}. Cards are
 * paged by key per store (`ReportSource.cardKeys`) and their histories read a page at a time
 * (`batchSize`, 500 by default), so neither a group's histories nor its card rows are ever in
 * memory at once; `onProgress` is called after each batch. It is an Effect: interrupting
 * it stops between batches. Nothing is written.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { replayPolicy, PolicyDocument, CalendarDate, layerMemory } from "@jipan/core"
 * declare const draftDocument: PolicyDocument // the draft, not yet stored
 * const from = CalendarDate.make("2026-11-01")
 * const to = CalendarDate.make("2026-11-30")
 * const diff = replayPolicy({ dealerGroupId, storeId }, draftDocument, { from, to, onProgress: console.log })
 * const result = await Effect.runPromise(diff.pipe(Effect.provide(layerMemory))) // or a database store
 * ```
 */
export const replayPolicy = (
  scope: TenantScope,
  draftDocument: PolicyDocument,
  options: ReplayOptions
): Effect.Effect<
  PolicyReplay,
  DraftPolicyRefused | NoPolicyInForce | StoreError | InvalidInput | ReferralNotFound,
  ReportSource | PolicyStore | ReferralStore
> =>
  Effect.gen(function* () {
    const { from, to } = options
    if (!Schema.is(CalendarDate)(from) || !Schema.is(CalendarDate)(to) || from > to)
      return yield* new DraftPolicyRefused({
        problems: [],
        message: `The window ${from}..${to} is not a range of days (from <= to)`
      })
    const source = yield* ReportSource
    const policies = yield* PolicyStore
    const documents = yield* policies.documents(scope.dealerGroupId)
    const group = scope.dealerGroupId
    const memo = new Map<string, Result.Result<Policy, NoPolicyInForce>>()
    const currentAt: PolicyAt = (storeId, date) => {
      const key = `${storeId}@${date}`
      let r = memo.get(key)
      if (r === undefined) {
        r =
          documents.length === 0
            ? Result.succeed(defaultPolicy)
            : resolvePolicy(documents, { dealerGroupId: group, storeId }, date, defaultPolicy)
        memo.set(key, r)
      }
      return r
    }
    const draftMemo = new Map<string, Result.Result<Policy, NoPolicyInForce>>()
    const draftAt: PolicyAt = (storeId, date) => {
      const key = `${storeId}@${date}`
      let r = draftMemo.get(key)
      if (r === undefined) {
        const base = currentAt(storeId, date)
        r = Result.isSuccess(base) ? Result.succeed(applyDocument(base.success, draftDocument)) : base
        draftMemo.set(key, r)
      }
      return r
    }
    // a policy for every day, or the failure of the first day without one
    let missing: NoPolicyInForce | undefined
    const sure =
      (at: PolicyAt) =>
      (storeId: StoreId, day: CalendarDate): Policy => {
        const r = at(storeId, day)
        if (Result.isSuccess(r)) return r.success
        missing ??= r.failure
        return defaultPolicy
      }
    const current = sure(currentAt)
    const draft = sure(draftAt)

    // the stores of the scope and their card counts, from the card keys page by page (nothing
    // of a card is held but its key while counting)
    const counts = new Map<string, number>()
    const KEY_PAGE = 10_000
    let after: CardKeyPage["after"]
    for (;;) {
      const keys = yield* source.cardKeys(scope, { limit: KEY_PAGE, after })
      for (const k of keys) counts.set(k.tenant.storeId, (counts.get(k.tenant.storeId) ?? 0) + 1)
      const last = keys.at(-1)
      if (keys.length < KEY_PAGE || last === undefined) break
      after = { storeId: last.tenant.storeId, cardId: last.cardId }
    }
    const stores = [...counts.keys()].sort()
    if (scope.storeId !== undefined && !stores.includes(scope.storeId)) stores.push(scope.storeId)
    // the draft checked against each store's policy in force on `from`
    for (const storeId of stores) {
      const r = draftAt(storeId as StoreId, from)
      if (Result.isFailure(r)) return yield* r.failure
      const problems = checkPolicy(r.success).filter((p) => p.severity === "error")
      if (problems.length > 0)
        return yield* new DraftPolicyRefused({
          problems,
          message: `The draft policy ${draftDocument.policyId} v${draftDocument.version} has ${problems.length} problem(s): ${problems
            .slice(0, 3)
            .map((p) => `${p.path}: ${p.message}`)
            .join("; ")}`
        })
    }
    const acc = newAccumulator()
    const batchSize = Math.max(1, options.batchSize ?? 500)
    const deliveries: Array<DeliveryFact> = []
    let cards = 0
    for (const storeId of stores) {
      const total = counts.get(storeId) ?? 0
      const tenant = { dealerGroupId: group, storeId: storeId as StoreId }
      // a page of the store's card keys, then their histories; the next page is read while this
      // one is replayed (the store and the replay overlap)
      const read = (from: CardKeyPage["after"]) =>
        Effect.forkChild(
          Effect.flatMap(source.cardKeys(tenant, { limit: batchSize, after: from }), (keys) =>
            Effect.map(
              source.histories(
                tenant,
                keys.map((k) => k.cardId)
              ),
              (histories) => ({ keys, histories })
            )
          )
        )
      let done = 0
      let next = total > 0 ? yield* read(undefined) : undefined
      while (next !== undefined) {
        const { keys, histories } = yield* Fiber.join(next)
        const last = keys.at(-1)
        next =
          keys.length === batchSize && last !== undefined
            ? yield* read({ storeId: tenant.storeId, cardId: last.cardId })
            : undefined
        const replayed = replayBatch(acc, histories, from, to, current, draft)
        for (const c of replayed) {
          const s = c.steps.at(-1)?.state
          if (s?.delivery === undefined || s.customerId === undefined || s.owner === undefined) continue
          deliveries.push({
            deliveryId: `dlv-${c.cardId}`,
            customerId: s.customerId,
            consultantId: s.owner,
            storeId: tenant.storeId,
            deliveredOn: s.delivery.deliveredOn,
            saleKind: "retail",
            units: 1
          })
        }
        cards += histories.length
        done += keys.length
        options.onProgress?.({ storeId, cardsDone: Math.min(done, total), cardsTotal: Math.max(done, total) })
        yield* Effect.yieldNow
      }
    }
    if (missing !== undefined) return yield* missing

    // settlement and rewards: facts (deliveries, referrals, ledger), settled under each policy
    const referralRows = yield* source.referralsOn(scope, { from: "2000-01-01" as CalendarDate, to })
    const referrals: Array<ReferralFact> = []
    for (const r of [...referralRows].sort((a, b) => (a.referralId < b.referralId ? -1 : 1))) {
      const { state } = yield* getReferral(r.tenant, ReferralId.make(r.referralId))
      const fact = referralFactOf(state)
      if (fact !== undefined) referrals.push(fact)
    }
    const ledger = (yield* readLedger(scope)).map((r) => r.entry)
    const history: SettlementHistory = { deliveries, referrals, contacts: options.surveys ?? [], ledger }
    const totals = new Map<
      string,
      {
        party: PartyTotal["party"]
        currentFen: number
        draftFen: number
        rewardCurrentFen: number
        rewardDraftFen: number
      }
    >()
    const party = (p: PartyTotal["party"]) => {
      const k = `${p.kind}\u0000${p.id}`
      let t = totals.get(k)
      if (t === undefined) {
        t = { party: p, currentFen: 0, draftFen: 0, rewardCurrentFen: 0, rewardDraftFen: 0 }
        totals.set(k, t)
      }
      return t
    }
    const lineKinds = (lines: ReadonlyArray<SettlementLine>, side: "current" | "draft") => {
      for (const l of lines) {
        const { first, last } = monthRange(l.month)
        const inWindow = last >= from && first <= to
        if (!inWindow) continue
        const t = party(l.party)
        if (side === "current") t.currentFen += l.amountFen
        else t.draftFen += l.amountFen
        acc.diffs.add(
          "settlement",
          l.kind,
          [...l.explanation.rowIds].sort(),
          "fen",
          side === "current" ? l.amountFen : 0,
          side === "draft" ? l.amountFen : 0,
          l.explanation.facts[0]
        )
      }
    }
    const problems: Array<{ factId: string; message: string }> = []
    const rewardChanges: Array<WhatIfChange> = []
    for (const month of monthsOf(from, to)) {
      const a = settleMonth(history, month, currentAt)
      const b = settleMonth(history, month, draftAt)
      lineKinds(a.lines, "current")
      lineKinds(b.lines, "draft")
      problems.push(...a.problems, ...b.problems)
      const w = whatIf(history, month, currentAt, draftAt)
      for (const c of w.changes) {
        if (!c.subject.startsWith("reward:")) continue
        rewardChanges.push(c)
        const t = party(c.party)
        t.rewardCurrentFen += c.currentFen
        t.rewardDraftFen += c.draftFen
        acc.diffs.add(
          "reward",
          "referrerReward",
          [...(c.draft?.rowIds ?? [])].sort(),
          "fen",
          c.currentFen,
          c.draftFen,
          c.subject.slice(7)
        )
      }
    }
    return {
      scope,
      from,
      to,
      draft: { policyId: draftDocument.policyId, version: draftDocument.version },
      cards,
      cardDays: acc.cardDays,
      differences: acc.diffs.list(),
      workload: workloadOf(acc),
      parties: [...totals.values()]
        .filter((t) => t.currentFen !== 0 || t.draftFen !== 0 || t.rewardCurrentFen !== t.rewardDraftFen)
        .sort((a, b) => (a.party.kind + a.party.id < b.party.kind + b.party.id ? -1 : 1)),
      rewardChanges,
      problems
    }
  }).pipe(traced("jipan.replayPolicy", { ...tenantIds(scope) }))

// ---------------------------------------------------------------------------------------------
// Decision-table views of the policy's rules

/**
 * The policy's rules as decision tables, for people to read and for the static checks of
 * `checkDecisionTable` (gaps, overlaps, shadowed rows): the purchase timeframe → grade
 * (`grading.timeframe`, unique hit: the horizons must neither gap nor overlap), the evidence →
 * grade (`grading.evidence`, first hit hottest first: a colder grade that a hotter one's evidence
 * always wins over is shadowed; a group of several keys is one row per key), the grade → contact
 * interval (`followUp.interval`), the care cadence (`care.cadence`: step → offset; a schedule, so
 * only duplicate ids are checked there) and the referral reward tables as they are. They are
 * derived views: the rules still read the policy's sections.
 *
 * @example
 * ```ts
 * import { defaultPolicy, policyTables } from "@jipan/core"
 * policyTables(defaultPolicy).map((t) => t.id) // ["grading.timeframe", "grading.evidence", …]
 * ```
 */
export const policyTables = (policy: Policy): Array<DecisionTable> => {
  const g = policy.grading
  const meta = (id: string, description: string) => ({
    id,
    version: policy.version,
    effectiveFrom: policy.effectiveFrom,
    description
  })
  const coldest = g.grades[g.grades.length - 1] as (typeof g.grades)[number]
  const timeframe = {
    ...meta("grading.timeframe", "Purchase timeframe (days) → grade"),
    hitPolicy: "unique",
    inputs: [{ id: "purchaseTimeframeDays", kind: "integer", min: 0 }],
    outputs: [{ id: "grade", kind: "string" }],
    rows: [
      ...g.grades.map((grade) => ({
        id: `grading.timeframe.${grade.id}`,
        description: `${grade.id}: buys in ${grade.horizonDays.min}..${grade.horizonDays.max} days`,
        when: {
          purchaseTimeframeDays: { op: "between", min: grade.horizonDays.min, max: grade.horizonDays.max }
        },
        result: { grade: grade.id }
      })),
      // beyond the coldest horizon the coldest grade holds (with a TIMEFRAME_BEYOND_SCALE warning)
      {
        id: "grading.timeframe.beyondScale",
        description: `Beyond the coldest horizon: ${coldest.id}`,
        when: { purchaseTimeframeDays: { op: "between", min: coldest.horizonDays.max + 1 } },
        result: { grade: coldest.id }
      }
    ]
  }
  const keys = EvidenceKey.values
  const evidenceRows: Array<Record<string, unknown>> = []
  for (const grade of g.grades) {
    // one row per choice of a key in each group (a group holds when any of its keys does)
    let combos: Array<Array<string>> = [[]]
    for (const group of grade.requiredEvidence)
      combos = combos.flatMap((c) => group.map((k) => [...c, k])).slice(0, 64)
    for (const [i, combo] of combos.entries())
      evidenceRows.push({
        id: combos.length === 1 ? `grading.evidence.${grade.id}` : `grading.evidence.${grade.id}.${i + 1}`,
        description: `${grade.id}: ${combo.length === 0 ? "no evidence needed" : combo.join(" + ")}`,
        when: Object.fromEntries(combo.map((k) => [k, { op: "eq", value: true }])),
        result: { grade: grade.id }
      })
  }
  // a grade needing no evidence is the default row already
  if (!g.grades.some((grade) => grade.requiredEvidence.length === 0))
    evidenceRows.push({
      id: "grading.evidence.none",
      description: `No grade's evidence holds: ${g.ungraded.id}`,
      when: {},
      result: { grade: g.ungraded.id }
    })
  const evidence = {
    ...meta("grading.evidence", "Evidence → grade (hottest grade whose evidence holds)"),
    hitPolicy: "first",
    inputs: keys.map((k) => ({ id: k, kind: "boolean" })),
    outputs: [{ id: "grade", kind: "string" }],
    rows: evidenceRows
  }
  const gradeIds = [g.ordered.id, ...g.grades.map((x) => x.id), g.ungraded.id]
  const interval = {
    ...meta("followUp.interval", "Grade → contact at least every n days"),
    hitPolicy: "unique",
    inputs: [{ id: "grade", kind: "string", values: [...new Set(gradeIds)] }],
    outputs: [{ id: "intervalDays", kind: "integer" }],
    rows: [
      { id: g.ordered.id, days: g.ordered.contactIntervalDays },
      ...g.grades.map((x) => ({ id: x.id, days: x.contactIntervalDays })),
      { id: g.ungraded.id, days: g.ungraded.gradeWithinDays }
    ].map((r) => ({
      id: `followUp.interval.${r.id}`,
      description: `${r.id}: every ${r.days} day(s)`,
      when: { grade: { op: "eq", value: r.id } },
      result: { intervalDays: r.days }
    }))
  }
  const cadence = {
    ...meta("care.cadence", "Care step → months and days after delivery"),
    hitPolicy: "collect",
    inputs: [],
    outputs: [
      { id: "months", kind: "integer" },
      { id: "days", kind: "integer" },
      { id: "askReferral", kind: "boolean" }
    ],
    rows: policy.care.cadence.map((s) => ({
      id: s.id,
      description: `${s.purpose.en} (${s.after.months} months ${s.after.days} days)`,
      when: {},
      result: { months: s.after.months, days: s.after.days, askReferral: s.askReferral }
    }))
  }
  return [
    timeframe as unknown as DecisionTable,
    evidence as unknown as DecisionTable,
    interval as unknown as DecisionTable,
    cadence as unknown as DecisionTable,
    ...policy.referral.tables
  ]
}

/**
 * The static checks of every table of {@link policyTables}, each finding with its table id.
 * Redundant rows of the collect-hit care cadence (steps without conditions) are not problems:
 * they are left out.
 *
 * @example
 * ```ts
 * import { checkPolicyTables, defaultPolicy } from "@jipan/core"
 * checkPolicyTables(defaultPolicy).filter((f) => f.severity === "error") // []
 * ```
 */
export const checkPolicyTables = (policy: Policy): Array<DecisionFinding & { readonly tableId: string }> =>
  policyTables(policy).flatMap((t) =>
    checkDecisionTable(t)
      .filter((f) => !(t.id === "care.cadence" && f.code === "DECISION_ROW_REDUNDANT"))
      .map((f) => ({ ...f, tableId: t.id }))
  )

// ---------------------------------------------------------------------------------------------
// As report tables

const l = (zh: string, en: string) => ({ "zh-CN": zh, en })

const groupWorkload = (days: ReadonlyArray<WorkloadDay>): Map<string, Array<WorkloadDay>> => {
  const out = new Map<string, Array<WorkloadDay>>()
  for (const w of days) {
    const key = `${w.storeId}\u0000${w.consultantId}`
    const list = out.get(key) ?? []
    list.push(w)
    out.set(key, list)
  }
  return out
}

/**
 * The replay as report tables (to print, or to export with `@jipan/export` as CSV or XLSX): the
 * differences, the workload days that differ, and the parties' settlement totals.
 *
 * @example
 * ```ts
 * import { policyReplayTables, type PolicyReplay } from "@jipan/core"
 * import { toXlsx } from "@jipan/export"
 * declare const replay: PolicyReplay // what replayPolicy found
 * const bytes = toXlsx(policyReplayTables(replay), { locale: "zh-CN" })
 * ```
 */
export const policyReplayTables = (replay: PolicyReplay): Array<ReportTable> => [
  {
    id: "policyLab.differences",
    title: l(
      `政策沙盘 ${replay.from}..${replay.to}: 草案 ${replay.draft.policyId} v${replay.draft.version} 与现行政策的差异`,
      `Policy lab ${replay.from}..${replay.to}: draft ${replay.draft.policyId} v${replay.draft.version} against the policy in force`
    ),
    columns: [
      { key: "area", label: l("方面", "Area"), kind: "text" },
      { key: "key", label: l("项目", "What"), kind: "text" },
      { key: "ruleIds", label: l("规则", "Rules"), kind: "text" },
      { key: "unit", label: l("单位", "Unit"), kind: "text" },
      { key: "current", label: l("现行", "In force"), kind: "integer" },
      { key: "draft", label: l("草案", "Draft"), kind: "integer" },
      { key: "change", label: l("变化", "Change"), kind: "integer" },
      { key: "shiftDays", label: l("移动天数", "Days moved"), kind: "integer" },
      { key: "sample", label: l("示例卡", "Sample cards"), kind: "text" }
    ],
    rows: replay.differences.map((d) => ({
      area: d.area,
      key: d.key,
      ruleIds: d.ruleIds.join(", "),
      unit: d.unit,
      current: d.current,
      draft: d.draft,
      change: d.draft - d.current,
      shiftDays: d.shiftDays ?? null,
      sample: d.sampleCardIds.join(", ")
    }))
  },
  {
    id: "policyLab.workload",
    title: l(
      "每位顾问每天应联系数(仅列出不同的天)",
      "Contacts due per consultant per day (the days that differ)"
    ),
    columns: [
      { key: "storeId", label: l("门店", "Store"), kind: "text" },
      { key: "consultant", label: l("顾问", "Consultant"), kind: "text" },
      { key: "on", label: l("日期", "Day"), kind: "date" },
      { key: "current", label: l("现行", "In force"), kind: "integer" },
      { key: "draft", label: l("草案", "Draft"), kind: "integer" }
    ],
    rows: replay.workload.map((w) => ({
      storeId: w.storeId,
      consultant: w.consultantId,
      on: w.on,
      current: w.current,
      draft: w.draft
    }))
  },
  {
    id: "policyLab.workloadByConsultant",
    title: l("每位顾问应联系总数的变化", "Contacts due per consultant over the window"),
    columns: [
      { key: "storeId", label: l("门店", "Store"), kind: "text" },
      { key: "consultant", label: l("顾问", "Consultant"), kind: "text" },
      { key: "days", label: l("不同的天数", "Days that differ"), kind: "integer" },
      { key: "change", label: l("应联系数变化", "Contacts due, change"), kind: "integer" },
      { key: "peakDraft", label: l("草案单日最多", "Draft's busiest day"), kind: "integer" }
    ],
    rows: [...groupWorkload(replay.workload).values()].map((days) => ({
      storeId: (days[0] as WorkloadDay).storeId,
      consultant: (days[0] as WorkloadDay).consultantId,
      days: days.length,
      change: days.reduce((n, w) => n + w.draft - w.current, 0),
      peakDraft: Math.max(...days.map((w) => w.draft))
    }))
  },
  {
    id: "policyLab.parties",
    title: l(
      "结算合计与推荐奖励(推荐人与顾问)",
      "Settlement totals and referrer rewards per referrer and consultant"
    ),
    columns: [
      { key: "kind", label: l("类别", "Kind"), kind: "text" },
      { key: "party", label: l("对象", "Party"), kind: "text" },
      { key: "currentFen", label: l("现行", "In force"), kind: "fen" },
      { key: "draftFen", label: l("草案", "Draft"), kind: "fen" },
      { key: "changeFen", label: l("变化", "Change"), kind: "fen" },
      {
        key: "rewardCurrentFen",
        label: l("已得推荐奖励(变动部分)", "Rewards earned (those that change)"),
        kind: "fen"
      },
      { key: "rewardDraftFen", label: l("草案下推荐奖励", "Same rewards under the draft"), kind: "fen" }
    ],
    rows: replay.parties.map((p) => ({
      kind: p.party.kind,
      party: p.party.id,
      currentFen: p.currentFen,
      draftFen: p.draftFen,
      changeFen: p.draftFen - p.currentFen,
      rewardCurrentFen: p.rewardCurrentFen,
      rewardDraftFen: p.rewardDraftFen
    }))
  }
]
