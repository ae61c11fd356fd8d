// Care and supervision as dealers run them (#20): intent types change treatment, a dissatisfied
// care contact books a service visit at once, complaints are findings when left open and fill the
// supervisor's reply form (主管回复表).
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  type CardCommandInput,
  createJipan,
  defaultPolicy,
  GradeId,
  intentFollowUp,
  makeTenant
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const base = Date.parse("2026-10-01T10:00:00+08:00")
const at = (n: number) => base + n * 86_400_000
const dayOf = (n: number) => new Date(at(n) + 8 * 3_600_000).toISOString().slice(0, 10)
const wang = { id: "c-wang", role: "consultant" as const }
const boss = { id: "s-zhao", role: "supervisor" as const }
const dcrc = { id: "dcrc-1", role: "dcrc" as const }

const open = (i: number, intent: "direct" | "keyPerson" | "latent", n = 0): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${i}`,
  storeId: "store-01",
  customerId: `cust-${i}`,
  phone: `+86139${String(10_000_000 + i).slice(-8)}`,
  owner: "c-wang",
  source: "walkIn",
  intent,
  evidence: { purchaseTimeframeDays: 20, modelChosen: true },
  by: wang,
  at: at(n)
})

describe("intent types change treatment (意向类型)", () => {
  it("a latent prospect is watched on its own long interval, a key person on theirs, with the rule id", async () => {
    const jipan = createJipan()
    const direct = await jipan.handle(tenant, "card-1", open(1, "direct"))
    const latent = await jipan.handle(tenant, "card-2", open(2, "latent"))
    await jipan.handle(tenant, "card-3", open(3, "keyPerson"))
    const contact = (i: number): CardCommandInput => ({
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: {},
      by: wang,
      at: at(1) + i
    })
    const d = await jipan.handle(tenant, "card-1", contact(1))
    const l = await jipan.handle(tenant, "card-2", contact(2))
    const k = await jipan.handle(tenant, "card-3", contact(3))
    expect(direct.state.grade).toBe(latent.state.grade)
    // B after a contact: 7 days; latent: 30; key person: 7 (the same here, its own rule id)
    expect(d.state.nextContactDue).toBe(dayOf(8))
    expect(l.state.nextContactDue).toBe(dayOf(31))
    expect(k.state.nextContactDue).toBe(dayOf(8))
    expect((l.events.at(-1) as { ruleIds: ReadonlyArray<string> }).ruleIds).toContain(
      "followUp.intent.latent"
    )
    expect((k.events.at(-1) as { ruleIds: ReadonlyArray<string> }).ruleIds).toContain(
      "followUp.intent.keyPerson"
    )
    // long overdue: the direct prospect lapses and is a finding; the latent one neither
    const closed = await jipan.closeDay(tenant, dayOf(60), at(60) + 3_600_000)
    expect(closed.lapsed.map((x) => x.cardId)).toEqual(["card-1", "card-3"])
    const found = await jipan.reports.findings(tenant, { on: dayOf(60), from: dayOf(54) })
    expect(
      found.findings
        .filter((f) => f.ruleId === "findings.overdue")
        .flatMap((f) => f.cardIds)
        .sort()
    ).toEqual(["card-1", "card-3"])
    await jipan.close()
  })

  it("property: a latent prospect's interval is the policy's for every grade of the scale, the ordered grade untouched", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 1, max: 365 }),
        (latentDays, keyDays) => {
          const policy = {
            ...defaultPolicy,
            followUp: {
              ...defaultPolicy.followUp,
              intents: {
                latent: { contactIntervalDays: latentDays, overdueFindings: false, lapse: false },
                keyPerson: { contactIntervalDays: keyDays }
              }
            }
          }
          for (const g of policy.grading.grades) {
            expect(intentFollowUp(policy, g.id, "latent")?.interval).toBe(latentDays)
            expect(intentFollowUp(policy, g.id, "keyPerson")?.interval).toBe(keyDays)
            expect(intentFollowUp(policy, g.id, "direct")?.interval).toBe(g.contactIntervalDays)
          }
          expect(intentFollowUp(policy, GradeId.make("O"), "latent")?.interval).toBe(
            policy.grading.ordered.contactIntervalDays
          )
        }
      ),
      { numRuns: 50 }
    )
  })
})

describe("complaints and dissatisfaction", () => {
  const deliver = async (jipan: ReturnType<typeof createJipan>) => {
    await jipan.handle(tenant, "card-1", open(1, "direct"))
    await jipan.handle(tenant, "card-1", {
      _tag: "PlaceOrder",
      orderId: "SO-1",
      model: "GL8",
      by: wang,
      at: at(1)
    })
    await jipan.handle(tenant, "card-1", {
      _tag: "Deliver",
      vehicle: { vin: "LSVAU2187N2123456", brand: "Buick", model: "GL8" },
      deliveredOn: dayOf(2),
      by: wang,
      at: at(2)
    })
  }

  it("a dissatisfied care contact books a service visit at once (顾客一有不满意马上预约回厂检修)", async () => {
    const jipan = createJipan()
    await deliver(jipan)
    const [first] = await jipan.careDue(tenant, dayOf(40))
    if (first === undefined) throw new Error("a care contact is due")
    await jipan.handle(tenant, "card-1", {
      _tag: "RecordCareContact",
      ruleId: first.ruleId,
      plannedOn: first.plannedOn,
      outcome: "done",
      dissatisfied: true,
      by: dcrc,
      at: Date.parse(`${first.on}T15:00:00+08:00`)
    })
    const due = await jipan.careDue(tenant, first.on)
    expect(due.filter((c) => c.ruleId === "care.serviceVisit").map((c) => c.on)).toEqual([first.on])
    await jipan.close()
  })

  it("an open complaint past its window is a finding; the reply form shows it, then the supervisor's reply", async () => {
    const jipan = createJipan()
    await deliver(jipan)
    await jipan.handle(tenant, "card-1", {
      _tag: "RecordComplaint",
      complaintId: "cp-1",
      category: "service",
      severity: "medium",
      channel: "call",
      words: "保养等了三个小时",
      by: dcrc,
      at: at(10)
    })
    const early = await jipan.reports.findings(tenant, { on: dayOf(12), from: dayOf(12) })
    expect(early.findings.filter((f) => f.ruleId === "findings.complaintOpen")).toEqual([])
    const late = await jipan.reports.findings(tenant, { on: dayOf(14), from: dayOf(14) })
    expect(
      late.findings
        .filter((f) => f.ruleId === "findings.complaintOpen")
        .map((f) => [f.cardIds, f.inputs.daysOpen])
    ).toEqual([[["card-1"], 4]])
    const form = await jipan.reports.complaints(tenant, { from: dayOf(14), to: dayOf(20) })
    expect(form.map((r) => [r.complaintId, r.reply, r.daysOpen])).toEqual([["cp-1", undefined, 10]])
    await jipan.handle(tenant, "card-1", {
      _tag: "ResolveComplaint",
      complaintId: "cp-1",
      resolution: "免费检修并赠送一次保养",
      satisfied: true,
      by: boss,
      at: at(15)
    })
    const replied = await jipan.reports.complaints(tenant, { from: dayOf(10), to: dayOf(20) })
    expect(replied.map((r) => [r.reply, r.satisfied, r.daysOpen])).toEqual([
      ["免费检修并赠送一次保养", true, 5]
    ])
    const after = await jipan.reports.findings(tenant, { on: dayOf(20), from: dayOf(20) })
    expect(after.findings.filter((f) => f.ruleId === "findings.complaintOpen")).toEqual([])
    await jipan.close()
  })
})
