// Histories for the policy lab's tests: random card lives that the decider accepted step by step
// (the core's tests do not compile the testkit's command sequences, so a small state-driven
// generator lives here), and a few hand-built stores.
import { Result } from "effect"
import * as fc from "fast-check"
import {
  type Actor,
  addDays,
  type CalendarDate,
  type CardCommand,
  type CardEvent,
  type CardHistory,
  type CardId,
  type CardState,
  type ConsultantId,
  type CustomerId,
  calendarDateOf,
  type DealerGroupId,
  decideCard,
  evolveCard,
  type GradeId,
  initialCardState,
  type PhoneNumber,
  type Policy,
  type StoreId
} from "../src/index.js"
import { evidence } from "./arbitraries.js"

export const labTenant = { dealerGroupId: "grp-east" as DealerGroupId, storeId: "store-01" as StoreId }
const START = Date.parse("2026-03-01T09:00:00+08:00")
const consultants = ["c-wang", "c-li"] as const
const supervisor: Actor = { id: "s-zhao", role: "supervisor" }
const VIN = "LSVAU2187N2123456"

const step = fc.record({
  choice: fc.nat({ max: 99 }),
  hours: fc.integer({ min: 1, max: 6 * 24 }),
  pick: fc.nat(),
  flag: fc.boolean(),
  agreedIn: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  evidence
})
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never

/** A command that fits the card's status (the decider may still refuse it). */
const commandFor = (s: Step, at: number, state: CardState, policy: Policy, i: number): CardCommand => {
  const owner = (state.owner ?? consultants[i % 2]) as ConsultantId
  const by: Actor = { id: owner, role: "consultant" }
  const base = { by, at }
  const on = calendarDateOf(at, policy.timeZone)
  const grades = policy.grading.grades.map((g) => g.id)
  const grade = grades[s.pick % grades.length] as GradeId
  const type = policy.lifecycle.defeatReasonTypes[0]
  const defeat = { typeId: type?.id ?? "t", reasonId: type?.reasons[0]?.id ?? "r" }
  const c = s.choice
  switch (state.status) {
    case "none":
      return {
        ...base,
        _tag: "OpenCard",
        cardId: `card-${i}` as CardId,
        storeId: labTenant.storeId,
        customerId: `cust-${i}` as CustomerId,
        phone: `+86138000000${String(i).padStart(2, "0")}` as PhoneNumber,
        owner,
        source: s.flag ? "walkIn" : "referral",
        intent: "direct",
        evidence: s.flag ? {} : s.evidence,
        existingOpenCardId: undefined
      }
    case "prospect":
      if (c < 60)
        return {
          ...base,
          _tag: "LogContact",
          channel: "call",
          outcome: "reached",
          evidence: s.evidence,
          ...(s.agreedIn === undefined ? {} : { agreedNextContactOn: addDays(on, s.agreedIn) })
        }
      if (c < 68) return { ...base, _tag: "Regrade", grade, justification: "Customer said so" }
      if (c < 73)
        return { ...base, _tag: "Reassign", to: consultants[s.pick % 2] as ConsultantId, reason: "workload" }
      if (c < 88) return { ...base, _tag: "PlaceOrder", orderId: `SO-${i}`, model: "GL8" }
      return { ...base, _tag: "RequestDefeat", defeat }
    case "ordered":
      if (c < 40)
        return { ...base, _tag: "LogContact", channel: "showroomVisit", outcome: "reached", evidence: {} }
      if (c < 85)
        return {
          ...base,
          _tag: "Deliver",
          vehicle: { brand: "Buick", model: "GL8", vin: VIN },
          deliveredOn: on
        }
      return {
        ...base,
        _tag: "CancelOrder",
        reason: "changed mind",
        next: s.flag ? { kind: "backToProspect", grade } : { kind: "requestDefeat", defeat }
      }
    case "defeatRequested":
      return c < 50
        ? { by: supervisor, at, _tag: "ApproveDefeat" }
        : { by: supervisor, at, _tag: "RejectDefeat", grade, note: "keep going" }
    case "defeated":
      return { ...base, _tag: "RequestReactivation", note: "called back" }
    case "reactivationRequested":
      return c < 50
        ? { by: supervisor, at, _tag: "ApproveReactivation", grade }
        : { by: supervisor, at, _tag: "RejectReactivation", note: "no" }
    case "owned": {
      const planned = state.delivery === undefined ? on : addDays(state.delivery.deliveredOn, 3)
      return {
        ...base,
        _tag: "RecordCareContact",
        ruleId: "care.day3",
        plannedOn: planned,
        outcome: s.flag ? "done" : "missed"
      }
    }
    default:
      return { ...base, _tag: "LogContact", channel: "call", outcome: "reached", evidence: {} }
  }
}

/** Random histories of a few cards under `policy`: only the commands the decider accepted. */
export const histories = (
  policy: Policy,
  options: { readonly cards?: number; readonly maxSteps?: number } = {}
): fc.Arbitrary<Array<CardHistory>> =>
  fc
    .array(fc.array(step, { minLength: 1, maxLength: options.maxSteps ?? 25 }), {
      minLength: 1,
      maxLength: options.cards ?? 3
    })
    .map((cards) =>
      cards.map((steps, i) => {
        let state = initialCardState
        let at = START + i * 3_600_000
        const history: Array<CardEvent> = []
        for (const s of steps) {
          at += s.hours * 3_600_000
          const decided = decideCard(commandFor(s, at, state, policy, i), state, policy)
          if (Result.isFailure(decided)) continue
          for (const e of decided.success) state = evolveCard(state, e)
          history.push(...decided.success)
        }
        return { tenant: labTenant, cardId: `card-${i}` as CardId, history }
      })
    )
    .map((hs) => hs.filter((h) => h.history.length > 0))

/** A window from the first day of the histories to 60 days later. */
export const windowOf = (hs: ReadonlyArray<CardHistory>, policy: Policy) => {
  const first = Math.min(...hs.map((h) => h.history[0]?.at ?? START))
  const from = calendarDateOf(Number.isFinite(first) ? first : START, policy.timeZone)
  return { from, to: addDays(from, 60) as CalendarDate }
}
