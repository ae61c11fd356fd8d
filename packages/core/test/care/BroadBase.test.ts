// Broad-base cards (他牌基盘 / 本牌他销, #20.6): their own mining rules replace the owned-customer
// cadence; insurance and inspections follow the car; nothing is critical for a car sold elsewhere.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as C from "../../src/index.js"

const wang: C.Actor = { id: "c-wang", role: "consultant" }
const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`)

const record = (
  kind: C.BroadBaseKind,
  boughtOn: string,
  recordedOn: string,
  extra: Partial<C.RecordBroadBase> = {}
): C.CardState => {
  const command: C.CardCommand = {
    _tag: "RecordBroadBase",
    by: wang,
    at: at(recordedOn),
    cardId: "card-bb" as C.CardId,
    storeId: "store-01" as C.StoreId,
    customerId: "cust-bb" as C.CustomerId,
    phone: "+8613912345678" as C.PhoneNumber,
    owner: "c-wang" as C.ConsultantId,
    kind,
    source: "outbound",
    vehicle: { brand: kind === "boughtElsewhere" ? "Buick" : "Toyota", model: "X", vin: "" },
    boughtOn: boughtOn as C.CalendarDate,
    ...extra
  } as C.CardCommand
  const r = C.decideCard(command, C.initialCardState, C.defaultPolicy)
  if (r._tag === "Failure") throw new Error(r.failure.message)
  return C.foldCard(r.success)
}

const ownedOnly = [
  "care.thankYou",
  "care.day3",
  "care.day7",
  "care.month1",
  "care.month3",
  "care.month6",
  "care.periodic",
  "care.firstMaintenance",
  "care.maintenance",
  "care.anniversary"
]

describe("the mining plan of a broad-base card", () => {
  it("plans an other-brand owner's keep-in-touch calls, new-model invitations, replacement and insurance", () => {
    const s = record("otherBrandOwner", "2022-05-01", "2026-11-22", {
      insuranceExpiresOn: "2027-05-01" as C.CalendarDate
    })
    const plan = C.carePlanOf(s, C.defaultPolicy, "2026-11-22" as C.CalendarDate)
    if (plan === undefined) throw new Error("no plan")
    const planned = plan.contacts.map((c) => `${c.plannedOn} ${c.ruleId}`)
    expect(planned).toEqual(
      expect.arrayContaining([
        "2027-02-22 mining.keepInTouch",
        "2027-05-22 mining.newModels",
        "2027-05-01 mining.replacement.otherBrand",
        "2027-03-02 care.insuranceRenewal"
      ])
    )
    // the replacement window opened 54 months after purchase (2026-11-01), before the card: not planned then
    expect(planned).not.toContain("2026-11-01 mining.replacement.otherBrand")
    expect(plan.contacts.filter((c) => ownedOnly.includes(c.ruleId))).toEqual([])
    expect(plan.contacts.some((c) => c.critical)).toBe(false)
    const replacement = plan.contacts.find((c) => c.ruleId === "mining.replacement.otherBrand")
    expect(replacement?.reads).toMatchObject({ kind: "otherBrandOwner", from: "purchase", monthsAfter: 60 })
  })

  it("invites an owner of our brand who bought elsewhere to our workshop every six months", () => {
    const s = record("boughtElsewhere", "2025-03-10", "2026-11-22")
    const plan = C.carePlanOf(s, C.defaultPolicy, "2026-11-22" as C.CalendarDate)
    const invites = plan?.contacts.filter((c) => c.ruleId === "mining.serviceInvite").map((c) => c.plannedOn)
    expect(invites).toEqual(["2026-12-22", "2027-06-22"])
    expect(plan?.contacts.some((c) => c.ruleId === "mining.newModels")).toBe(false)
    // no insurance date known: no renewal planned
    expect(plan?.contacts.some((c) => c.ruleId === "care.insuranceRenewal")).toBe(false)
  })

  it("follows the policy's own mining table", () => {
    const policy: C.Policy = {
      ...C.defaultPolicy,
      care: {
        ...C.defaultPolicy.care,
        mining: [
          {
            id: "mining.quarterlyVisit",
            kinds: ["boughtElsewhere"],
            from: "recorded",
            startMonths: 0,
            everyMonths: 4,
            untilMonths: 4,
            contact: "call",
            purpose: { "zh-CN": "上门拜访", en: "Visit" }
          }
        ]
      }
    }
    const s = record("boughtElsewhere", "2025-03-10", "2026-11-23")
    const plan = C.carePlanOf(s, policy, "2026-11-23" as C.CalendarDate)
    expect(plan?.contacts.filter((c) => c.ruleId.startsWith("mining.")).map((c) => c.plannedOn)).toEqual([
      "2026-11-23",
      "2027-03-23"
    ])
  })

  it("property: every contact is a rule of the card's kind or one that follows the car, on its schedule", () => {
    const day = fc
      .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2026, 10, 30) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10))
    fc.assert(
      fc.property(
        fc.constantFrom<C.BroadBaseKind>("otherBrandOwner", "boughtElsewhere"),
        day,
        day,
        (kind, d1, d2) => {
          const [boughtOn, recordedOn] = d1 <= d2 ? [d1, d2] : [d2, d1]
          const s = record(kind, boughtOn, recordedOn)
          const plan = C.carePlanOf(s, C.defaultPolicy, recordedOn as C.CalendarDate)
          if (plan === undefined) throw new Error("no plan")
          for (const c of plan.contacts) {
            expect(ownedOnly).not.toContain(c.ruleId)
            expect(c.critical).toBe(false)
            const rule = C.defaultMiningRules.find((r) => r.id === c.ruleId)
            if (rule === undefined) continue
            expect(rule.kinds).toContain(kind)
            const anchor = rule.from === "recorded" ? recordedOn : boughtOn
            const months = (c.reads as { monthsAfter: number }).monthsAfter
            expect((months - rule.startMonths) % rule.everyMonths).toBe(0)
            expect(c.plannedOn).toBe(C.addMonths(anchor as C.CalendarDate, months))
            expect(c.plannedOn >= recordedOn).toBe(true)
          }
        }
      )
    )
  })

  it("property: a mining contact recorded done is not planned again", () => {
    fc.assert(
      fc.property(fc.constantFrom<C.BroadBaseKind>("otherBrandOwner", "boughtElsewhere"), (kind) => {
        const s = record(kind, "2021-01-15", "2026-11-22")
        const plan = C.carePlanOf(s, C.defaultPolicy, "2026-11-22" as C.CalendarDate)
        const first = plan?.contacts.find((c) => c.ruleId.startsWith("mining."))
        if (first === undefined) throw new Error("no mining contact")
        const after = C.evolveCard(s, {
          _tag: "CareContactRecorded",
          by: wang,
          at: at(first.on),
          on: first.on,
          ruleId: first.ruleId,
          plannedOn: first.plannedOn,
          outcome: "done",
          odometerKm: undefined,
          dissatisfied: undefined
        })
        const again = C.carePlanOf(after, C.defaultPolicy, "2026-11-22" as C.CalendarDate)
        expect(
          again?.contacts.some((c) => c.ruleId === first.ruleId && c.plannedOn === first.plannedOn)
        ).toBe(false)
      })
    )
  })
})
