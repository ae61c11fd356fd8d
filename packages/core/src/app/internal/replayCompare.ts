import type { CardEvent } from "../../card/CardEvent.js"
import { type CardState, initialCardState } from "../../card/CardState.js"
import type { CareContactDue } from "../../care/CareContact.js"
import { carePlanOf } from "../../care/CarePlan.js"
import { addDays, type CalendarDate, toDayNumber } from "../../kernel/CalendarDate.js"
import type { CardId, ConsultantId, StoreId } from "../../kernel/Ids.js"
import { BoundedCache } from "../../kernel/Memo.js"
import type { Tenant } from "../../kernel/Tenant.js"
import type { Policy } from "../../policy/Policy.js"
import { YearMonth } from "../../referral/YearMonth.js"
import { type Finding, findings } from "../../report/Findings.js"
import { type CardFacts, cardFactsOf, reportEventsOf } from "../../report/ReportRows.js"
import type { CardHistory } from "../../report/ReportSource.js"
// ---------------------------------------------------------------------------------------------
// Replaying one card
import { type ReplayStep, replayCardHistory } from "../PolicyLabHistory.js"
import type { ReplayArea, ReplayDifference, WorkloadDay } from "../PolicyReplay.js"

export const SAMPLE = 5

/** An accumulator of differences keyed by area, key and rule ids. */
export interface Row {
  readonly area: ReplayArea
  readonly key: string
  readonly ruleIds: ReadonlyArray<string>
  readonly unit: ReplayDifference["unit"]
  current: number
  draft: number
  shiftDays: number | undefined
  readonly sample: Set<string>
}

export class Differences {
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

export const union = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): Array<string> =>
  [...new Set([...a, ...b])].sort()

export const sameRuleIds = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

export const NO_RULES: ReadonlyArray<string> = []

// day numbers of the few distinct dates a replay meets, parsed once
export const dayNumbers = new BoundedCache<string, number>(100_000)
export const dayNumberOf = (d: CalendarDate): number => dayNumbers.get(d) ?? dayNumbers.set(d, toDayNumber(d))

// Care plans are the replay's dearest computation (lunar festivals, holidays): a plan reads only
// the policy's care section, the delivery and the care log, so the two replays of a card (and its
// findings) share one plan whenever those agree.
export const carePlans = new WeakMap<Policy["care"], BoundedCache<string, ReturnType<typeof carePlanOf>>>()
export const carePlan = (
  state: CardState,
  policy: Policy,
  from: CalendarDate
): ReturnType<typeof carePlanOf> => {
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
export const endOfDay = (steps: ReadonlyArray<ReplayStep>, day: CalendarDate): CardState => {
  let state = initialCardState
  for (const s of steps) {
    if (s.on > day) break
    state = s.state
  }
  return state
}

export const withCap = (step: ReplayStep): ReadonlyArray<string> =>
  step.state.grade !== undefined && step.ruleIds.includes("followUp.firstCall")
    ? [...step.ruleIds, `followUp.interval.${step.state.grade}`]
    : step.ruleIds

/** A whole-card comparison, accumulated into the differences. Exposed through {@link compareCardReplays}. */
export interface CardComparison {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly current: ReadonlyArray<ReplayStep>
  readonly draft: ReadonlyArray<ReplayStep>
}

export interface Accumulator {
  readonly diffs: Differences
  readonly workload: Map<
    string,
    { storeId: string; consultantId: string; on: CalendarDate; current: number; draft: number }
  >
  cardDays: number
}

export const compareCard = (
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
export const sameCareFacts = (a: CardState, b: CardState): boolean =>
  a.status === b.status &&
  a.delivery?.deliveredOn === b.delivery?.deliveredOn &&
  a.delivery?.insuranceExpiresOn === b.delivery?.insuranceExpiresOn &&
  a.careLog.length === b.careLog.length &&
  a.careLog.every((r, i) => {
    const o = b.careLog[i]
    return o !== undefined && r.ruleId === o.ruleId && r.on === o.on && r.outcome === o.outcome
  })

/** The findings of a batch on `to` (window from `from`), from the replayed cards. */
export const findingsOf = (
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

export const findingKey = (f: Finding) =>
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

export const newAccumulator = (): Accumulator => ({
  diffs: new Differences(),
  workload: new Map(),
  cardDays: 0
})

export const workloadOf = (acc: Accumulator): Array<WorkloadDay> =>
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

export const replayBatch = (
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

export const monthsOf = (from: CalendarDate, to: CalendarDate): Array<YearMonth> => {
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
