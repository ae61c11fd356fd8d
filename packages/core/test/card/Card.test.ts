import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type Actor,
  type CardCommand,
  type CardEvent,
  type CardId,
  type ConsultantId,
  type CustomerId,
  decideCard,
  defaultPolicy,
  foldCard,
  type GradeId,
  initialCardState,
  type LogContact,
  lifecycleTransitions,
  maskPhone,
  type OwnerMined,
  openMinedCard,
  type PhoneNumber,
  type StoreId
} from "../../src/index.js"
import { covered, eventsOf, given, transitionKey } from "../cardSpec.js"

const wang: Actor = { id: "c-wang", role: "consultant" }
const li: Actor = { id: "c-li", role: "consultant" }
const boss: Actor = { id: "s-zhao", role: "supervisor" }
const dcrc: Actor = { id: "dcrc-1", role: "dcrc" }
const system: Actor = { id: "dms", role: "system" }
const G = (g: string) => g as GradeId
// 2026-11-22 09:00 in Shanghai, plus hours
const t = (hours: number) => Date.parse("2026-11-22T09:00:00+08:00") + hours * 3_600_000
const VIN = "LSVAU2187N2123456"

const open: CardCommand = {
  _tag: "OpenCard",
  by: wang,
  at: t(0),
  cardId: "card-1" as CardId,
  storeId: "store-01" as StoreId,
  customerId: "cust-1" as CustomerId,
  phone: "+8613812345678" as PhoneNumber,
  owner: "c-wang" as ConsultantId,
  source: "walkIn",
  intent: "direct",
  evidence: {},
  existingOpenCardId: undefined
}
const contact = (at: number, evidence = {}, by: Actor = wang): LogContact => ({
  _tag: "LogContact",
  by,
  at,
  channel: "call",
  outcome: "reached",
  evidence
})
const order: CardCommand = { _tag: "PlaceOrder", by: wang, at: t(48), orderId: "SO-1", model: "GL8" }
const competitor = {
  typeId: "boughtElsewhere",
  reasonId: "competitor",
  competitor: { brand: "BYD", model: "Han" }
}

/** Decides commands one after another from an empty card, returning the history. */
const history = (...commands: ReadonlyArray<CardCommand>): Array<CardEvent> => {
  const events: Array<CardEvent> = []
  for (const c of commands) events.push(...eventsOf(decideCard(c, foldCard(events), defaultPolicy)))
  return events
}
const prospect = history(
  open,
  contact(t(24), { purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true })
)
const ordered = history(open, order)
const requested = history(open, { _tag: "RequestDefeat", by: wang, at: t(30), defeat: competitor })
const defeated = [...requested, ...history(...[]).slice(0)].concat(
  eventsOf(decideCard({ _tag: "ApproveDefeat", by: boss, at: t(31) }, foldCard(requested), defaultPolicy))
)
const reactivating = defeated.concat(
  eventsOf(
    decideCard(
      { _tag: "RequestReactivation", by: li, at: t(100), note: "Called back" },
      foldCard(defeated),
      defaultPolicy
    )
  )
)
const deliver = (at: number, deliveredOn = "2026-11-25", vin = VIN): CardCommand => ({
  _tag: "Deliver",
  by: wang,
  at,
  vehicle: { brand: "Buick", model: "GL8", vin },
  deliveredOn: deliveredOn as never
})
const owned = ordered.concat(eventsOf(decideCard(deliver(t(80)), foldCard(ordered), defaultPolicy)))
const recordBroadBase: CardCommand = {
  _tag: "RecordBroadBase",
  by: wang,
  at: t(0),
  cardId: "card-9" as CardId,
  storeId: "store-01" as StoreId,
  customerId: "cust-9" as CustomerId,
  phone: "+8613912345678" as PhoneNumber,
  owner: "c-wang" as ConsultantId,
  kind: "otherBrandOwner",
  source: "outbound",
  vehicle: { brand: "Toyota", model: "Camry", vin: "" },
  boughtOn: "2022-05-01" as never,
  insuranceExpiresOn: "2027-05-01" as never
}
const broadBase = history(recordBroadBase)

describe("open a card (建卡)", () => {
  it("opens a prospect, ungraded, to be graded within a day", () => {
    const s = given([])
      .when(open)
      .then([
        {
          _tag: "CardOpened",
          on: "2026-11-22",
          grade: G("N"),
          nextContactDue: "2026-11-23" as never,
          owner: "c-wang" as never
        }
      ])
    expect(s.status).toBe("prospect")
  })
  it("grades the evidence known at first contact", () => {
    given([])
      .when({ ...open, evidence: { purchaseTimeframeDays: 20, modelOfInterest: "GL8" } })
      .then([{ _tag: "CardOpened", grade: G("B"), nextContactDue: "2026-11-25" as never }])
  })
  it("refuses a second open card for the same phone in the store, returning the existing card's id", () => {
    given([])
      .when({ ...open, existingOpenCardId: "card-0" as CardId })
      .then({
        _tag: "AlreadyHasCard",
        existingCardId: "card-0"
      })
  })
  it("names the phone masked in the refusal's message (a message reaches logs and spans), whole in its field", () => {
    const r = decideCard({ ...open, existingOpenCardId: "card-0" as CardId }, initialCardState, defaultPolicy)
    const e = r._tag === "Failure" ? (r.failure as { message: string; phone?: string }) : undefined
    expect(e?.phone).toBe("+8613812345678")
    expect(e?.message).toContain(maskPhone("+8613812345678"))
    expect(e?.message).not.toContain("13812345678")
  })
  it("refuses to open a card twice", () => {
    given(history(open)).when(open).then({ _tag: "TransitionNotAllowed", status: "prospect" })
  })
})

describe("log a contact", () => {
  it("re-grades through the grading rules and sets the next due contact", () => {
    const s = given(history(open))
      .when(contact(t(24), { purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }))
      .then([
        { _tag: "ContactLogged", grade: G("A"), on: "2026-11-23", nextContactDue: "2026-11-27" as never }
      ])
    expect(s.contactCount).toBe(1)
    expect(s.lastContactOn).toBe("2026-11-23")
  })
  it("takes an earlier agreed next contact", () => {
    given(prospect)
      .when({ ...contact(t(30)), agreedNextContactOn: "2026-11-25" as never })
      .then([{ _tag: "ContactLogged", grade: G("A"), nextContactDue: "2026-11-25" as never }])
  })
  it("refuses a contact earlier than the card's last event", () => {
    given(prospect)
      .when(contact(t(10)))
      .then({ _tag: "EarlierThanLastEvent" })
  })
  it("accepts a contact at the very time of the last event", () => {
    given(prospect)
      .when(contact(t(24)))
      .then([{ _tag: "ContactLogged" }])
  })
  it("keeps an ordered card at O until delivery", () => {
    given(ordered)
      .when(contact(t(50)))
      .then([{ _tag: "ContactLogged", grade: G("O"), nextContactDue: "2026-11-26" as never }])
  })
  it("refuses another consultant's contact on the card", () => {
    given(prospect)
      .when(contact(t(30), {}, li))
      .then({ _tag: "NotCardOwner", owner: "c-wang" })
  })
})

describe("re-grade with an override", () => {
  it("overrides with a justification, flagged for review", () => {
    const s = given(prospect)
      .when({
        _tag: "Regrade",
        by: wang,
        at: t(30),
        grade: G("H"),
        justification: "Paid the deposit date by phone"
      })
      .then([
        {
          _tag: "Regraded",
          from: G("A"),
          grade: G("H"),
          reviewRequired: true,
          nextContactDue: "2026-11-25" as never
        }
      ])
    expect(s.overridesToReview).toBe(1)
  })
  it("refuses an override without justification, or to a grade the scale lacks", () => {
    given(prospect)
      .when({ _tag: "Regrade", by: wang, at: t(30), grade: G("H"), justification: " " })
      .then({
        _tag: "OverrideNeedsJustification"
      })
    given(prospect)
      .when({ _tag: "Regrade", by: wang, at: t(30), grade: G("O"), justification: "x" })
      .then({
        _tag: "UnknownGrade"
      })
  })
})

describe("complaints (客户投诉) on a card of any status, the supervisor's reply (主管回复)", () => {
  const invalidCard = prospect.concat(
    eventsOf(
      decideCard(
        { _tag: "MarkInvalid", by: dcrc, at: t(30), reasonId: "wrongNumber" },
        foldCard(prospect),
        defaultPolicy
      )
    )
  )
  const histories: ReadonlyArray<[string, ReadonlyArray<CardEvent>]> = [
    ["prospect", prospect],
    ["ordered", ordered],
    ["defeatRequested", requested],
    ["defeated", defeated],
    ["reactivationRequested", reactivating],
    ["owned", owned],
    ["broadBase", broadBase],
    ["invalid", invalidCard]
  ]
  it.each(histories)("on a %s card: recorded, handled, resolved, the status unchanged", (status, history) => {
    const at = foldCard(history).lastEventAt + 3_600_000
    const recorded = given(history)
      .when({
        _tag: "RecordComplaint",
        by: dcrc,
        at,
        complaintId: "cp-1",
        category: "service",
        severity: "medium",
        channel: "call",
        words: "保养等了三个小时"
      })
      .then([{ _tag: "ComplaintRecorded", complaintId: "cp-1", category: "service" }])
    expect(recorded.status).toBe(status)
    expect(recorded.complaints.map((c) => c.resolvedOn)).toEqual([undefined])
    const history2 = [
      ...history,
      ...eventsOf(
        decideCard(
          {
            _tag: "RecordComplaint",
            by: dcrc,
            at,
            complaintId: "cp-1",
            category: "service",
            severity: "medium",
            channel: "call",
            words: "保养等了三个小时"
          },
          foldCard(history),
          defaultPolicy
        )
      )
    ]
    const handled = given(history2)
      .when({
        _tag: "HandleComplaint",
        by: dcrc,
        at: at + 1,
        complaintId: "cp-1",
        step: "回电致歉,预约免费检查"
      })
      .then([{ _tag: "ComplaintHandled", step: "回电致歉,预约免费检查" }])
    expect(handled.complaints[0]?.steps).toHaveLength(1)
    const history3 = [
      ...history2,
      ...eventsOf(
        decideCard(
          {
            _tag: "HandleComplaint",
            by: dcrc,
            at: at + 1,
            complaintId: "cp-1",
            step: "回电致歉,预约免费检查"
          },
          foldCard(history2),
          defaultPolicy
        )
      )
    ]
    const resolved = given(history3)
      .when({
        _tag: "ResolveComplaint",
        by: boss,
        at: at + 2,
        complaintId: "cp-1",
        resolution: "已免费检修并赠送保养",
        satisfied: true
      })
      .then([{ _tag: "ComplaintResolved", satisfied: true }])
    expect(resolved.complaints[0]?.resolution).toBe("已免费检修并赠送保养")
    expect(resolved.status).toBe(status)
  })
  it("refuses a duplicate id, an unknown complaint, a resolved one, and a consultant's reply", () => {
    const at = foldCard(owned).lastEventAt + 3_600_000
    const record = {
      _tag: "RecordComplaint" as const,
      by: dcrc,
      at,
      complaintId: "cp-1",
      category: "product" as const,
      severity: "high" as const,
      channel: "call" as const,
      words: "异响"
    }
    const once = [...owned, ...eventsOf(decideCard(record, foldCard(owned), defaultPolicy))]
    given(once)
      .when({ ...record, at: at + 1 })
      .then({ _tag: "ComplaintRefused", reason: "duplicate" })
    given(once)
      .when({ _tag: "HandleComplaint", by: dcrc, at: at + 1, complaintId: "cp-9", step: "x" })
      .then({ _tag: "ComplaintRefused", reason: "unknown" })
    given(once)
      .when({
        _tag: "ResolveComplaint",
        by: wang,
        at: at + 1,
        complaintId: "cp-1",
        resolution: "ok",
        satisfied: true
      })
      .then({ _tag: "NotPermitted" })
    const resolved = [
      ...once,
      ...eventsOf(
        decideCard(
          {
            _tag: "ResolveComplaint",
            by: boss,
            at: at + 1,
            complaintId: "cp-1",
            resolution: "ok",
            satisfied: false
          },
          foldCard(once),
          defaultPolicy
        )
      )
    ]
    given(resolved)
      .when({ _tag: "HandleComplaint", by: dcrc, at: at + 2, complaintId: "cp-1", step: "x" })
      .then({ _tag: "ComplaintRefused", reason: "resolved" })
  })
})

describe("the base-visit plan (基盘拜访计划): planned and unplanned in prospect, ordered, defeated and owned", () => {
  it.each([
    ["prospect", prospect],
    ["ordered", ordered],
    ["defeated", defeated],
    ["owned", owned],
    ["broadBase", broadBase]
  ] as const)("on a %s card", (status, history) => {
    const at = foldCard(history).lastEventAt + 3_600_000
    const who = status === "defeated" ? boss : wang
    const planned = given(history)
      .when({ _tag: "PlanVisit", by: who, at, month: "2026-12", week: 2, means: "visit" })
      .then([{ _tag: "VisitPlanned", month: "2026-12", week: 2, means: "visit" }])
    expect(planned.visitPlans).toEqual([
      { month: "2026-12", week: 2, means: "visit", from: "2026-12-08", to: "2026-12-14" }
    ])
    expect(planned.status).toBe(status)
    const withPlan = [
      ...history,
      ...eventsOf(
        decideCard(
          { _tag: "PlanVisit", by: who, at, month: "2026-12", week: 2, means: "visit" },
          foldCard(history),
          defaultPolicy
        )
      )
    ]
    // planning the same again records nothing; another week replaces it
    given(withPlan)
      .when({ _tag: "PlanVisit", by: who, at: at + 1, month: "2026-12", week: 2, means: "visit" })
      .then([])
    const unplanned = given(withPlan)
      .when({ _tag: "UnplanVisit", by: who, at: at + 1, month: "2026-12" })
      .then([{ _tag: "VisitUnplanned", month: "2026-12" }])
    expect(unplanned.visitPlans).toEqual([])
  })
  it("a letter is confirmed by phone three days later (寄了信,三天后再用电话确认)", () => {
    const s = given(prospect)
      .when({ _tag: "LogContact", by: wang, at: t(48), channel: "letter", outcome: "reached", evidence: {} })
      .then([{ _tag: "ContactLogged", channel: "letter" }])
    expect(s.nextContactDue).toBe("2026-11-27")
    const event = eventsOf(
      decideCard(
        { _tag: "LogContact", by: wang, at: t(48), channel: "letter", outcome: "reached", evidence: {} },
        foldCard(prospect),
        defaultPolicy
      )
    )[0] as { ruleIds: ReadonlyArray<string> }
    expect(event.ruleIds).toContain("followUp.letterConfirmation")
  })
})

describe("the lapse rule (降级)", () => {
  const system: Actor = { id: "jipan.closeDay", role: "system" }
  it("lowers an A prospect overdue by a week to B, rescheduled from the same base, with the step's rule id", () => {
    // A after the contact of 2026-11-23 is due on 2026-11-27; 7 days overdue on 2026-12-04
    const s = given(prospect)
      .when({ _tag: "ApplyLapse", by: system, at: t(24 * 12) })
      .then([
        {
          _tag: "GradeLapsed",
          from: G("A"),
          grade: G("B"),
          stepId: "lapse.downgrade",
          ruleIds: ["followUp.lapse.downgrade", "followUp.interval.B"]
        }
      ])
    expect(s.grade).toBe("B")
    expect(s.scheduleBase).toBe(foldCard(prospect).scheduleBase)
  })
  it("does nothing before the downgrade step, and nothing twice on one day", () => {
    given(prospect)
      .when({ _tag: "ApplyLapse", by: system, at: t(24 * 6) })
      .then([])
    const lapsed = foldCard(
      prospect.concat(
        eventsOf(
          decideCard({ _tag: "ApplyLapse", by: system, at: t(24 * 12) }, foldCard(prospect), defaultPolicy)
        )
      )
    )
    expect(
      eventsOf(decideCard({ _tag: "ApplyLapse", by: system, at: t(24 * 12) + 60_000 }, lapsed, defaultPolicy))
    ).toEqual([])
  })
  it("is the system's or a supervisor's, not a consultant's", () => {
    given(prospect)
      .when({ _tag: "ApplyLapse", by: wang, at: t(24 * 12) })
      .then({ _tag: "NotPermitted" })
  })
  it("property: a lapse never raises a grade and fires at most once a day", () => {
    const grades = defaultPolicy.grading.grades.map((g) => g.id as string)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 23 }), (days, hour) => {
        const when = t(24 * days + hour)
        const first = decideCard(
          { _tag: "ApplyLapse", by: system, at: when },
          foldCard(prospect),
          defaultPolicy
        )
        const events = eventsOf(first)
        expect(events.length).toBeLessThanOrEqual(1)
        const after = foldCard(prospect.concat(events))
        expect(grades.indexOf(after.grade as string)).toBeGreaterThanOrEqual(grades.indexOf("A"))
        const again = eventsOf(
          decideCard({ _tag: "ApplyLapse", by: system, at: when + 1 }, after, defaultPolicy)
        )
        if (events.length === 1) expect(again).toEqual([])
      })
    )
  })
})

describe("reassign", () => {
  it("moves the card with its whole history when a consultant leaves", () => {
    const before = foldCard(prospect)
    const s = given(prospect)
      .when({ _tag: "Reassign", by: boss, at: t(30), to: "c-li" as ConsultantId, reason: "consultantLeft" })
      .then([{ _tag: "Reassigned", from: "c-wang" as never, to: "c-li" as never, reason: "consultantLeft" }])
    expect({ ...s, owner: before.owner, version: before.version, lastEventAt: before.lastEventAt }).toEqual(
      before
    )
  })
  it("is for supervisors and the system; never to the same owner", () => {
    given(prospect)
      .when({ _tag: "Reassign", by: wang, at: t(30), to: "c-li" as ConsultantId, reason: "workload" })
      .then({
        _tag: "NotPermitted"
      })
    given(prospect)
      .when({ _tag: "Reassign", by: system, at: t(30), to: "c-wang" as ConsultantId, reason: "workload" })
      .then({
        _tag: "SameOwner"
      })
  })
  it.each([
    ["ordered", ordered],
    ["defeatRequested", requested],
    ["defeated", defeated],
    ["owned", owned]
  ])("works on a %s card", (_, h) => {
    given(h)
      .when({
        _tag: "Reassign",
        by: boss,
        at: t(200),
        to: "c-li" as ConsultantId,
        reason: "supervisorDecision"
      })
      .then([{ _tag: "Reassigned" }])
  })
})

describe("order, cancel (退订), deliver (交车)", () => {
  it("orders: grade O, contacted every 2 days", () => {
    const s = given(history(open))
      .when(order)
      .then([{ _tag: "OrderPlaced", grade: G("O"), nextContactDue: "2026-11-26" as never }])
    expect(s.status).toBe("ordered")
  })
  it("cancels back to prospect with a grade", () => {
    const s = given(ordered)
      .when({
        _tag: "CancelOrder",
        by: wang,
        at: t(60),
        reason: "Changed mind",
        next: { kind: "backToProspect", grade: G("B") }
      })
      .then([
        { _tag: "OrderCancelled", backToProspect: { grade: G("B"), nextContactDue: "2026-12-01" as never } }
      ])
    expect(s.order).toBeUndefined()
  })
  it("cancels into a defeat request", () => {
    given(ordered)
      .when({
        _tag: "CancelOrder",
        by: wang,
        at: t(60),
        reason: "Bought BYD",
        next: { kind: "requestDefeat", defeat: competitor }
      })
      .then([
        { _tag: "OrderCancelled", backToProspect: undefined },
        { _tag: "DefeatRequested", defeat: competitor }
      ])
  })
  it("delivers: the card becomes an owned-customer card", () => {
    const s = given(ordered)
      .when(deliver(t(80), "2026-11-25", "lsvau2187n2123456"))
      .then([
        { _tag: "Delivered", deliveredOn: "2026-11-25" as never, insuranceExpiresOn: "2027-11-25" as never }
      ])
    expect(s.status).toBe("owned")
    expect(s.nextContactDue).toBeUndefined()
  })
  it("refuses a bad VIN, a delivery date before the order, and delivering an unordered card", () => {
    given(ordered)
      .when(deliver(t(80), "2026-11-25", "LSVAU2188N2123456"))
      .then({ _tag: "InvalidInput", what: "Vin" })
    given(ordered)
      .when(deliver(t(80), "2026-11-20"))
      .then({ _tag: "InvalidDeliveryDate" })
    given(prospect)
      .when(deliver(t(80)))
      .then({ _tag: "TransitionNotAllowed", allowedFrom: ["ordered"] })
  })
})

describe("defeat (战败) as an approval workflow", () => {
  it("requests with a catalogue reason and the competitor bought", () => {
    given(prospect)
      .when({ _tag: "RequestDefeat", by: wang, at: t(30), defeat: competitor })
      .then([{ _tag: "DefeatRequested" }])
  })
  it("refuses a reason outside the catalogue, and a competitor reason without the model", () => {
    given(prospect)
      .when({
        _tag: "RequestDefeat",
        by: wang,
        at: t(30),
        defeat: { typeId: "price", reasonId: "competitor" }
      })
      .then({ _tag: "UnknownDefeatReason" })
    given(prospect)
      .when({
        _tag: "RequestDefeat",
        by: wang,
        at: t(30),
        defeat: { typeId: "boughtElsewhere", reasonId: "competitor" }
      })
      .then({ _tag: "CompetitorRequired" })
  })
  it("the supervisor approves: defeated", () => {
    const s = given(requested)
      .when({ _tag: "ApproveDefeat", by: boss, at: t(40) })
      .then([{ _tag: "DefeatApproved", defeat: competitor }])
    expect(s.defeat).toEqual({ claim: competitor, approved: true })
  })
  it("only a supervisor decides", () => {
    given(requested)
      .when({ _tag: "ApproveDefeat", by: wang, at: t(40) })
      .then({ _tag: "NotPermitted" })
  })
  it("the supervisor rejects: tracking continues (继续跟踪) with a new grade and owner", () => {
    const s = given(requested)
      .when({
        _tag: "RejectDefeat",
        by: boss,
        at: t(40),
        grade: G("C"),
        newOwner: "c-li" as ConsultantId,
        note: "Still comparing"
      })
      .then([
        {
          _tag: "DefeatRejected",
          grade: G("C"),
          owner: "c-li" as never,
          nextContactDue: "2026-12-08" as never
        }
      ])
    expect(s.status).toBe("prospect")
    expect(s.owner).toBe("c-li")
  })
  it("reactivates by request and approval, or stays defeated", () => {
    given(defeated)
      .when({ _tag: "RequestReactivation", by: li, at: t(100), note: "Called back" })
      .then([{ _tag: "ReactivationRequested" }])
    const s = given(reactivating)
      .when({
        _tag: "ApproveReactivation",
        by: boss,
        at: t(101),
        grade: G("B"),
        newOwner: "c-li" as ConsultantId
      })
      .then([{ _tag: "ReactivationApproved", grade: G("B"), owner: "c-li" as never }])
    expect(s.status).toBe("prospect")
    given(reactivating)
      .when({ _tag: "RejectReactivation", by: boss, at: t(101), note: "Not real" })
      .then([{ _tag: "ReactivationRejected" }])
  })
})

describe("mark invalid (无效卡)", () => {
  it("closes a wrong number", () => {
    given(prospect)
      .when({ _tag: "MarkInvalid", by: dcrc, at: t(30), reasonId: "wrongNumber" })
      .then([{ _tag: "MarkedInvalid", reasonId: "wrongNumber", mergedInto: undefined }])
  })
  it("merges a duplicate into the surviving card, never into itself", () => {
    const s = given(prospect)
      .when({
        _tag: "MarkInvalid",
        by: wang,
        at: t(30),
        reasonId: "duplicate",
        survivingCardId: "card-0" as CardId
      })
      .then([{ _tag: "MarkedInvalid", mergedInto: "card-0" as never }])
    expect(s.invalid).toEqual({ reasonId: "duplicate", mergedInto: "card-0" })
    given(prospect)
      .when({ _tag: "MarkInvalid", by: wang, at: t(30), reasonId: "duplicate" })
      .then({ _tag: "InvalidMerge" })
    given(prospect)
      .when({
        _tag: "MarkInvalid",
        by: wang,
        at: t(30),
        reasonId: "duplicate",
        survivingCardId: "card-1" as CardId
      })
      .then({ _tag: "InvalidMerge" })
    given(prospect)
      .when({ _tag: "MarkInvalid", by: wang, at: t(30), reasonId: "spam" })
      .then({ _tag: "UnknownInvalidReason" })
  })
  it("closes a defeated card found to be invalid", () => {
    given(defeated)
      .when({ _tag: "MarkInvalid", by: dcrc, at: t(300), reasonId: "noIntent" })
      .then([{ _tag: "MarkedInvalid" }])
  })
})

describe("correcting personal data (更正, PIPL) on a card of any status", () => {
  const invalid = prospect.concat(
    eventsOf(
      decideCard(
        { _tag: "MarkInvalid", by: dcrc, at: t(30), reasonId: "wrongNumber" },
        foldCard(prospect),
        defaultPolicy
      )
    )
  )
  it.each([
    ["prospect", prospect],
    ["ordered", ordered],
    ["defeatRequested", requested],
    ["defeated", defeated],
    ["reactivationRequested", reactivating],
    ["owned", owned],
    ["broadBase", broadBase],
    ["invalid", invalid]
  ] as const)(
    "corrects the phone of a %s card, with the reason, and leaves the status",
    (status, history) => {
      const at = foldCard(history).lastEventAt + 3_600_000
      const s = given(history)
        .when({
          _tag: "CorrectPersonalData",
          by: dcrc,
          at,
          correction: { field: "phone", phone: "+8613700001111" as PhoneNumber },
          reason: "customer changed number"
        })
        .then([{ _tag: "PersonalDataCorrected", reason: "customer changed number" }])
      expect([s.status, s.phone]).toEqual([status, "+8613700001111"])
    }
  )
  it("corrects an owned customer's birthday and VIN, checks the VIN, refuses a phone another open card holds", () => {
    const at = foldCard(owned).lastEventAt + 3_600_000
    const s = given(owned)
      .when({
        _tag: "CorrectPersonalData",
        by: wang,
        at,
        correction: { field: "birthday", birthday: { month: 2, day: 29 } },
        reason: "typo"
      })
      .then([{ _tag: "PersonalDataCorrected" }])
    expect(s.delivery?.birthday).toEqual({ month: 2, day: 29 })
    const v = given(owned)
      .when({
        _tag: "CorrectPersonalData",
        by: wang,
        at,
        correction: { field: "vin", vin: "lsvau2187n2123456" },
        reason: "typo"
      })
      .then([{ _tag: "PersonalDataCorrected" }])
    expect(v.delivery?.vehicle.vin).toBe("LSVAU2187N2123456")
    given(owned)
      .when({
        _tag: "CorrectPersonalData",
        by: wang,
        at,
        correction: { field: "vin", vin: "NOT-A-VIN" },
        reason: "x"
      })
      .then({ _tag: "InvalidInput" })
    given(owned)
      .when({
        _tag: "CorrectPersonalData",
        by: wang,
        at,
        correction: { field: "phone", phone: "+8613700001111" as PhoneNumber },
        reason: "x",
        existingOpenCardId: "card-7" as CardId
      })
      .then({ _tag: "AlreadyHasCard", existingCardId: "card-7" })
    given(owned)
      .when({ _tag: "CorrectPersonalData", by: li, at, correction: { field: "vin", vin: "" }, reason: "x" })
      .then({ _tag: "NotCardOwner" })
  })
})

describe("broad-base cards (他牌基盘 / 本牌他销)", () => {
  it("records an other-brand owner with the car, kept apart from prospects and owned customers", () => {
    const s = given([])
      .when(recordBroadBase)
      .then([
        {
          _tag: "BroadBaseRecorded",
          kind: "otherBrandOwner",
          boughtOn: "2022-05-01" as never,
          phone: "+8613912345678" as never
        }
      ])
    expect(s.status).toBe("broadBase")
    expect(s.broadBase).toMatchObject({
      kind: "otherBrandOwner",
      recordedOn: "2026-11-22",
      boughtOn: "2022-05-01"
    })
    expect([s.grade, s.nextContactDue, s.delivery]).toEqual([undefined, undefined, undefined])
  })
  it("refuses a purchase after today, a malformed VIN, and a second record on the same card", () => {
    given([])
      .when({ ...recordBroadBase, boughtOn: "2026-12-01" as never } as CardCommand)
      .then({ _tag: "InvalidDeliveryDate", deliveredOn: "2026-12-01" })
    given([])
      .when({
        ...recordBroadBase,
        vehicle: { brand: "Toyota", model: "Camry", vin: "NOT-A-VIN" }
      } as CardCommand)
      .then({ _tag: "InvalidInput" })
    given(broadBase).when(recordBroadBase).then({ _tag: "TransitionNotAllowed" })
    given(broadBase)
      .when(contact(t(5)))
      .then({ _tag: "TransitionNotAllowed" })
  })
  it("is reassigned, logs care contacts, and is closed as invalid", () => {
    given(broadBase)
      .when({ _tag: "Reassign", by: boss, at: t(2), to: "c-li" as ConsultantId, reason: "consultantLeft" })
      .then([{ _tag: "Reassigned", to: "c-li" as never }])
    const s = given(broadBase)
      .when({
        _tag: "RecordCareContact",
        by: wang,
        at: t(3),
        ruleId: "mining.keepInTouch",
        plannedOn: "2027-02-22" as never,
        outcome: "done"
      })
      .then([{ _tag: "CareContactRecorded", ruleId: "mining.keepInTouch" }])
    expect(s.status).toBe("broadBase")
    given(broadBase)
      .when({ _tag: "MarkInvalid", by: wang, at: t(4), reasonId: "wrongNumber" })
      .then([{ _tag: "MarkedInvalid" }])
  })
  it("mining a broad-base owner (置换) opens a linked prospect card with a trade-in", () => {
    const mine: CardCommand = {
      _tag: "MineOwner",
      by: wang,
      at: t(6),
      kind: "replacement",
      newCardId: "card-10" as CardId
    }
    const s = given(broadBase)
      .when(mine)
      .then([{ _tag: "OwnerMined", kind: "replacement", newCardId: "card-10" as never }])
    expect(s.status).toBe("broadBase")
    const mined = eventsOf(decideCard(mine, foldCard(broadBase), defaultPolicy))[0] as OwnerMined
    const openNew = openMinedCard(s, mined, { source: "outbound", existingOpenCardId: undefined })
    if (Result.isFailure(openNew)) throw new Error(openNew.failure.message)
    expect(openNew.success).toMatchObject({
      cardId: "card-10",
      phone: "+8613912345678",
      evidence: { tradeIn: true },
      linkedTo: { cardId: "card-9", kind: "replacement" }
    })
  })
})

describe("owned customers", () => {
  it("owner mining (置换) records the event and opens a linked prospect card", () => {
    const s = given(owned)
      .when({ _tag: "MineOwner", by: wang, at: t(500), kind: "replacement", newCardId: "card-2" as CardId })
      .then([{ _tag: "OwnerMined", kind: "replacement", newCardId: "card-2" as never }])
    expect(s.minedCards).toEqual([{ cardId: "card-2", kind: "replacement" }])
    const mined = eventsOf(
      decideCard(
        { _tag: "MineOwner", by: wang, at: t(500), kind: "replacement", newCardId: "card-2" as CardId },
        foldCard(owned),
        defaultPolicy
      )
    )[0] as OwnerMined
    const openNew = openMinedCard(s, mined, { source: "referral", existingOpenCardId: undefined })
    if (Result.isFailure(openNew)) throw new Error(openNew.failure.message)
    given([])
      .when(openNew.success)
      .then([
        {
          _tag: "CardOpened",
          cardId: "card-2" as never,
          linkedTo: { cardId: "card-1" as never, kind: "replacement" }
        }
      ])
    expect(
      Result.isFailure(
        openMinedCard(foldCard(prospect), mined, { source: "referral", existingOpenCardId: undefined })
      )
    ).toBe(true)
  })
  it("records care contacts done or missed", () => {
    const s = given(owned)
      .when({
        _tag: "RecordCareContact",
        by: dcrc,
        at: t(100),
        ruleId: "care.thankYou",
        plannedOn: "2026-11-26" as never,
        outcome: "done"
      })
      .then([{ _tag: "CareContactRecorded", outcome: "done" }])
    expect(s.careLog).toHaveLength(1)
  })
  it("records a survey on an owned card (the DCRC, not the consultant judged by it)", () => {
    const survey = {
      _tag: "RecordSurvey" as const,
      by: dcrc,
      at: t(100),
      surveyId: "sv-1",
      answers: { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "veryLikely" } as const
    }
    const s = given(owned)
      .when(survey as never)
      .then([{ _tag: "SurveyRecorded", surveyId: "sv-1", answers: survey.answers }])
    expect(s.version).toBe(foldCard(owned).version + 1)
    given(owned)
      .when({ ...survey, by: { id: "c-wang", role: "consultant" } } as never)
      .then({ _tag: "NotPermitted" })
  })
  it("refuses prospect work on an owned card", () => {
    given(owned)
      .when(contact(t(100)))
      .then({ _tag: "TransitionNotAllowed", status: "owned" })
  })
})

describe("the lifecycle table", () => {
  it("every transition has a spec above", () => {
    const missing = lifecycleTransitions
      .map((r) => transitionKey(r.from, r.command, r.to))
      .filter((k) => !covered.has(k))
    expect(missing).toEqual([])
  })
})
