import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type Actor,
  addDays,
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  type ConsultantId,
  type CustomerId,
  checkPolicy,
  decideCard,
  decodeCardCommand,
  decodeCardEvent,
  encodeCardEvent,
  evolveCard,
  findGrade,
  foldCard,
  type GradeId,
  initialCardState,
  lifecycleTransitions,
  type PhoneNumber,
  type Policy,
  type StoreId
} from "../../src/index.js"
import { cardPolicy, evidence } from "../arbitraries.js"

const consultants = ["c-wang", "c-li"] as const
const actors: ReadonlyArray<Actor> = [
  { id: "c-wang", role: "consultant" },
  { id: "c-li", role: "consultant" },
  { id: "s-zhao", role: "supervisor" },
  { id: "dcrc-1", role: "dcrc" },
  { id: "dms", role: "system" }
]
const VINS = ["LSVAU2187N2123456", "LVGBE40K08G000003", "LSVAU2188N2123456"]
const START = Date.parse("2026-03-01T09:00:00+08:00")

/** One abstract step: a command kind and the random choices it needs, materialised against the card. */
const step = fc.record({
  kind: fc.constantFrom(
    "OpenCard",
    "LogContact",
    "Regrade",
    "Reassign",
    "PlaceOrder",
    "CancelOrder",
    "Deliver",
    "RequestDefeat",
    "ApproveDefeat",
    "RejectDefeat",
    "RequestReactivation",
    "ApproveReactivation",
    "RejectReactivation",
    "MarkInvalid",
    "MineOwner",
    "RecordCareContact"
  ),
  actor: fc.nat(),
  minutes: fc.integer({ min: -600, max: 7 * 24 * 60 }),
  pick: fc.nat(),
  flag: fc.boolean(),
  evidence
})
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never

const materialise = (s: Step, at: number, state: CardState, policy: Policy): CardCommand => {
  const by =
    (s.actor % 3 === 0 ? actors.find((a) => a.id === state.owner) : undefined) ??
    (actors[s.actor % actors.length] as Actor)
  const grades = [
    ...policy.grading.grades.map((g) => g.id),
    policy.grading.ungraded.id,
    policy.grading.ordered.id
  ]
  const grade = grades[s.pick % grades.length] as GradeId
  const types = policy.lifecycle.defeatReasonTypes
  const type = types[s.pick % types.length] as (typeof types)[number]
  const reason = type.reasons[s.pick % type.reasons.length] as (typeof type.reasons)[number]
  const defeat = {
    typeId: s.flag || s.pick % 5 !== 0 ? type.id : "nope",
    reasonId: reason.id,
    ...(s.flag ? { competitor: { brand: "BYD", model: "Han" } } : {})
  }
  const consultant = consultants[s.pick % 2] as ConsultantId
  const base = { by, at }
  switch (s.kind) {
    case "OpenCard":
      return {
        ...base,
        _tag: "OpenCard",
        cardId: "card-1" as CardId,
        storeId: "store-01" as StoreId,
        customerId: "cust-1" as CustomerId,
        phone: "+8613812345678" as PhoneNumber,
        owner: consultant,
        source: "walkIn",
        intent: "direct",
        evidence: s.flag ? {} : s.evidence,
        existingOpenCardId: s.pick % 7 === 0 ? ("card-0" as CardId) : undefined
      }
    case "LogContact":
      return { ...base, _tag: "LogContact", channel: "call", outcome: "reached", evidence: s.evidence }
    case "Regrade":
      return { ...base, _tag: "Regrade", grade, justification: s.flag ? "Customer said so" : "" }
    case "Reassign":
      return { ...base, _tag: "Reassign", to: consultant, reason: "workload" }
    case "PlaceOrder":
      return { ...base, _tag: "PlaceOrder", orderId: "SO-1", model: "GL8" }
    case "CancelOrder":
      return {
        ...base,
        _tag: "CancelOrder",
        reason: "changed mind",
        next: s.flag ? { kind: "backToProspect", grade } : { kind: "requestDefeat", defeat }
      }
    case "Deliver":
      return {
        ...base,
        _tag: "Deliver",
        vehicle: { brand: "Buick", model: "GL8", vin: VINS[s.pick % VINS.length] as string },
        deliveredOn: addDays(state.order?.orderedOn ?? ("2026-03-01" as never), s.pick % 3)
      }
    case "RequestDefeat":
      return { ...base, _tag: "RequestDefeat", defeat }
    case "ApproveDefeat":
      return { ...base, _tag: "ApproveDefeat" }
    case "RejectDefeat":
      return {
        ...base,
        _tag: "RejectDefeat",
        grade,
        note: "keep going",
        ...(s.flag ? { newOwner: consultant } : {})
      }
    case "RequestReactivation":
      return { ...base, _tag: "RequestReactivation", note: "called back" }
    case "ApproveReactivation":
      return { ...base, _tag: "ApproveReactivation", grade }
    case "RejectReactivation":
      return { ...base, _tag: "RejectReactivation", note: "no" }
    case "MarkInvalid":
      return s.flag
        ? {
            ...base,
            _tag: "MarkInvalid",
            reasonId: "dup",
            survivingCardId: (s.pick % 4 === 0 ? "card-1" : "card-9") as CardId
          }
        : { ...base, _tag: "MarkInvalid", reasonId: s.pick % 2 === 0 ? "closed0" : "closed1" }
    case "MineOwner":
      return {
        ...base,
        _tag: "MineOwner",
        kind: s.flag ? "replacement" : "additionalPurchase",
        newCardId: "card-2" as CardId
      }
    case "RecordCareContact":
      return {
        ...base,
        _tag: "RecordCareContact",
        ruleId: "care.day3",
        plannedOn: "2026-03-04" as never,
        outcome: s.flag ? "done" : "missed"
      }
  }
}

const throughJson = (e: CardEvent): CardEvent => {
  const back = decodeCardEvent(JSON.parse(JSON.stringify(encodeCardEvent(e))))
  if (Result.isFailure(back)) throw new Error(back.failure.message)
  return back.success
}

const transitions = new Set(lifecycleTransitions.map((r) => `${r.from}|${r.command}|${r.to}`))

describe("card decider properties (random policies × random command sequences)", () => {
  it("holds every lifecycle invariant", () => {
    fc.assert(
      fc.property(cardPolicy, fc.array(step, { minLength: 1, maxLength: 40 }), (policy, steps) => {
        expect(checkPolicy(policy).filter((f) => f.severity === "error")).toEqual([])
        const history: Array<CardEvent> = []
        let state = initialCardState
        let clock = START
        // Start with an open card most of the time so that sequences reach deep statuses.
        const all: Array<Step> = [{ ...(steps[0] as Step), kind: "OpenCard", actor: 2, pick: 1 }, ...steps]
        for (const s of all) {
          clock += s.minutes * 60_000
          const command = materialise(s, clock, state, policy)
          const before = structuredClone(state)
          const r = decideCard(command, state, policy)
          if (Result.isFailure(r)) {
            // a refused command emits nothing and changes nothing
            expect(state).toEqual(before)
            continue
          }
          const next = r.success.reduce(evolveCard, state)
          // the transition is in the lifecycle table
          expect(transitions.has(`${state.status}|${command._tag}|${next.status}`)).toBe(true)
          if (command._tag === "Reassign") {
            // reassigning keeps the whole history: everything but the owner is as it was
            expect({
              ...next,
              owner: state.owner,
              version: state.version,
              lastEventAt: state.lastEventAt
            }).toEqual(state)
          }
          history.push(...r.success)
          state = next
          // the state counts its events and remembers the last one's time, and folding the history
          // in two parts (a snapshot, then the rest) reproduces it, also after a trip through JSON
          expect(state.version).toBe(history.length)
          expect(state.lastEventAt).toBe(command.at)
          const cut = Math.floor(history.length / 2)
          expect(foldCard(history.slice(cut), foldCard(history.slice(0, cut)))).toEqual(state)
          expect(foldCard(history.map(throughJson))).toEqual(state)
          // the command was a valid command for the boundary Schema too
          expect(Result.isSuccess(decodeCardCommand(JSON.parse(JSON.stringify(command))))).toBe(true)
          expect(state.version).toBe(history.length)
          // event times never go backwards
          for (let i = 1; i < history.length; i++)
            expect((history[i] as CardEvent).at).toBeGreaterThanOrEqual((history[i - 1] as CardEvent).at)
          if (state.status === "owned") {
            // delivered ⇒ ordered first
            const delivered = history.findIndex((e) => e._tag === "Delivered")
            expect(history.slice(0, delivered).some((e) => e._tag === "OrderPlaced")).toBe(true)
          }
          if (state.status === "defeated") {
            // defeated ⇒ an approved request with a catalogue reason
            const approved = [...history].reverse().find((e) => e._tag === "DefeatApproved")
            expect(approved).toBeDefined()
            const claim = approved?._tag === "DefeatApproved" ? approved.defeat : undefined
            const reason = policy.lifecycle.defeatReasonTypes
              .find((t) => t.id === claim?.typeId)
              ?.reasons.find((x) => x.id === claim?.reasonId)
            expect(reason).toBeDefined()
            if (reason?.competitorBought) expect(claim?.competitor).toBeDefined()
          }
          if (state.status === "prospect" || state.status === "ordered") {
            // exactly one next due contact, never later than the grade allows
            const grade = findGrade(policy, state.grade as GradeId)
            expect(grade).toBeDefined()
            expect(state.nextContactDue).toBeDefined()
            expect(
              (state.nextContactDue as string) <= addDays(state.scheduleBase as never, grade?.interval ?? 0)
            ).toBe(true)
          } else {
            expect(state.nextContactDue).toBeUndefined()
          }
        }
      }),
      { numRuns: 300 }
    )
  })
})
