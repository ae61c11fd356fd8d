// PDCA (#20.4): the consultant's monthly base-visit plan (plan), the contacts (do), the plan against
// what was done and the finding for a planned week gone by without a contact (check).
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  type CardCommandInput,
  createJipan,
  defaultPolicy,
  makeTenant,
  planWeekDays,
  type ReportEvent,
  visitPlanVsDone
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" as const }
const open = (i: number): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${i}`,
  storeId: "store-01",
  customerId: `cust-${i}`,
  phone: `+86139${String(10_000_000 + i).slice(-8)}`,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: { purchaseTimeframeDays: 60 },
  by: wang,
  at: at("2026-11-20")
})

describe("the base-visit plan, done and checked", () => {
  it("plans, counts what was done in the planned week, and finds the week missed", async () => {
    const jipan = createJipan()
    for (const i of [1, 2, 3]) await jipan.handle(tenant, `card-${i}`, open(i))
    const suggested = await jipan.reports.suggestVisitPlan(tenant, {
      consultantId: "c-wang",
      month: "2026-11"
    })
    expect(suggested.map((s) => s.cardId).sort()).toEqual(["card-1", "card-2", "card-3"])
    for (const [i, week, means] of [
      [1, 1, "call"],
      [2, 1, "visit"],
      [3, 3, "letter"]
    ] as const)
      await jipan.handle(tenant, `card-${i}`, {
        _tag: "PlanVisit",
        month: "2026-12",
        week,
        means,
        by: wang,
        at: at("2026-11-28")
      })
    // week 1 (1–7 December): card-1 called, card-2 not reached
    await jipan.handle(tenant, "card-1", {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: {},
      by: wang,
      at: at("2026-12-03")
    })
    const rows = await jipan.reports.visitPlan(tenant, { month: "2026-12", asOf: "2026-12-10" })
    expect(rows).toEqual([
      {
        consultantId: "c-wang",
        planned: 3,
        done: 1,
        doneByPlannedMeans: 1,
        missed: 1,
        pending: 1,
        missedCardIds: ["card-2"]
      }
    ])
    const found = await jipan.reports.findings(tenant, { on: "2026-12-10", from: "2026-12-10" })
    expect(
      found.findings.filter((f) => f.ruleId === "findings.visitPlanMissed").flatMap((f) => f.cardIds)
    ).toEqual(["card-2"])
    await jipan.close()
  })

  it("an owned customer is reached by a care contact: the planned week is not missed", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1))
    await jipan.handle(tenant, "card-1", {
      _tag: "PlaceOrder",
      orderId: "SO-1",
      model: "GL8",
      by: wang,
      at: at("2026-11-21")
    })
    await jipan.handle(tenant, "card-1", {
      _tag: "Deliver",
      vehicle: { vin: "LSVAU2187N2123456", brand: "Buick", model: "GL8" },
      deliveredOn: "2026-11-22",
      by: wang,
      at: at("2026-11-22")
    })
    await jipan.handle(tenant, "card-1", {
      _tag: "PlanVisit",
      month: "2026-12",
      week: 1,
      means: "call",
      by: wang,
      at: at("2026-11-28")
    })
    const [care] = (await jipan.careDue(tenant, "2026-12-31")).filter((c) => c.on >= "2026-12-01")
    if (care === undefined) throw new Error("a care contact is due in December")
    await jipan.handle(tenant, "card-1", {
      _tag: "RecordCareContact",
      ruleId: care.ruleId,
      plannedOn: care.plannedOn,
      outcome: "done",
      by: wang,
      at: at("2026-12-03")
    })
    const found = await jipan.reports.findings(tenant, { on: "2026-12-10", from: "2026-12-10" })
    expect(found.findings.filter((f) => f.ruleId === "findings.visitPlanMissed")).toEqual([])
    const [row] = await jipan.reports.visitPlan(tenant, { month: "2026-12", asOf: "2026-12-10" })
    expect(row?.done).toBe(1)
    await jipan.close()
  })

  it("the supervisor's check of tomorrow (检查第二日工作安排): the cards due tomorrow no planned week covers", async () => {
    const jipan = createJipan()
    await jipan.putPolicyDocument(
      { dealerGroupId: "grp-east" },
      {
        policyId: "grp-east",
        version: 1,
        effectiveFrom: "2026-01-01",
        scope: { dealerGroupId: "grp-east" },
        reports: { ...defaultPolicy.reports, tomorrowPlan: { severity: "info" } }
      }
    )
    for (const i of [1, 2]) await jipan.handle(tenant, `card-${i}`, open(i))
    const due = (await jipan.card(tenant, "card-1")).state.nextContactDue as string
    const dayBefore = new Date(Date.parse(`${due}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    const week = Math.min(5, Math.floor((Number(due.slice(8, 10)) - 1) / 7) + 1)
    await jipan.handle(tenant, "card-1", {
      _tag: "PlanVisit",
      month: due.slice(0, 7),
      week,
      means: "call",
      by: wang,
      at: at("2026-11-20", 12)
    })
    const found = await jipan.reports.findings(tenant, { on: dayBefore, from: dayBefore })
    const check = found.findings.filter((f) => f.ruleId === "findings.tomorrowUnplanned")
    expect(check.map((f) => [f.consultant, f.cardIds, f.inputs.unplanned])).toEqual([
      ["c-wang", ["card-2"], 1]
    ])
    await jipan.close()
  })

  it("property: planned = done + missed + pending, and each counts the cards whose events say so", () => {
    const plan = fc.array(
      fc.record({
        week: fc.integer({ min: 1, max: 5 }),
        means: fc.constantFrom("call" as const, "visit" as const, "letter" as const),
        contactDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
        unplanned: fc.boolean()
      }),
      { maxLength: 12 }
    )
    fc.assert(
      fc.property(plan, fc.integer({ min: 1, max: 31 }), (cards, asOfDay) => {
        const events: Array<ReportEvent> = []
        const row = (cardId: string, version: number, event: Record<string, unknown>): ReportEvent =>
          ({
            tenant,
            cardId,
            version,
            owner: "c-wang",
            source: "walkIn",
            gradeBefore: undefined,
            statusBefore: "prospect",
            testDriveBefore: false,
            event
          }) as unknown as ReportEvent
        cards.forEach((c, i) => {
          const id = `card-${i}`
          events.push(
            row(id, 1, {
              _tag: "VisitPlanned",
              at: at("2026-11-30"),
              on: "2026-11-30",
              month: "2026-12",
              week: c.week,
              means: c.means
            })
          )
          if (c.unplanned)
            events.push(
              row(id, 2, {
                _tag: "VisitUnplanned",
                at: at("2026-11-30", 11),
                on: "2026-11-30",
                month: "2026-12"
              })
            )
          if (c.contactDay !== undefined) {
            const on = `2026-12-${String(c.contactDay).padStart(2, "0")}`
            events.push(
              row(id, 3, {
                _tag: "ContactLogged",
                at: at(on),
                on,
                channel: "call",
                outcome: "reached",
                grade: "B"
              })
            )
          }
        })
        const asOf = `2026-12-${String(asOfDay).padStart(2, "0")}`
        const [r] = visitPlanVsDone({ month: "2026-12", asOf: asOf as never, events })
        const planned = cards.filter((c) => !c.unplanned)
        if (planned.length === 0) {
          expect(r).toBeUndefined()
          return
        }
        expect(r?.planned).toBe(planned.length)
        const done = planned.filter((c) => {
          if (c.contactDay === undefined) return false
          const on = `2026-12-${String(c.contactDay).padStart(2, "0")}`
          const { from, to } = planWeekDays("2026-12", c.week)
          return on >= from && on <= to && on <= asOf
        }).length
        expect(r?.done).toBe(done)
        expect((r?.done ?? 0) + (r?.missed ?? 0) + (r?.pending ?? 0)).toBe(planned.length)
      }),
      { numRuns: 200 }
    )
  })
})

describe("plan vs done in the daily report (营业日报表, PDCA)", () => {
  const plan = (week: number): CardCommandInput => ({
    _tag: "PlanVisit",
    month: "2026-12",
    week,
    means: "call",
    by: wang,
    at: at("2026-11-28")
  })
  const call = (day: string): CardCommandInput => ({
    _tag: "LogContact",
    channel: "call",
    outcome: "reached",
    evidence: {},
    by: wang,
    at: at(day)
  })

  it("counts a planned visit done on its first contact in the week and missed on the week's last day", async () => {
    const jipan = createJipan()
    for (const i of [1, 2]) await jipan.handle(tenant, `card-${i}`, open(i))
    await jipan.handle(tenant, "card-1", plan(2))
    await jipan.handle(tenant, "card-2", plan(2))
    // week 2 is 8–14 December: card-1 called twice, card-2 never
    await jipan.handle(tenant, "card-1", call("2026-12-09"))
    await jipan.handle(tenant, "card-1", call("2026-12-11"))
    const report = await jipan.reports.daily(tenant, { from: "2026-12-01", to: "2026-12-31" })
    const on = (day: string) => report.totals.find((t) => t.on === day)?.evidence
    expect(on("2026-12-09")?.plannedVisitsDone).toEqual(["card-1"])
    expect(on("2026-12-11")?.plannedVisitsDone).toEqual([])
    expect(on("2026-12-14")?.plannedVisitsMissed).toEqual(["card-2"])
    // a one-day report reads the plan made before its day
    const last = await jipan.reports.daily(tenant, { from: "2026-12-14" })
    expect(last.totals[0]?.evidence.plannedVisitsMissed).toEqual(["card-2"])
    const mid = await jipan.reports.daily(tenant, { from: "2026-12-09" })
    expect(mid.totals[0]?.evidence.plannedVisitsDone).toEqual(["card-1"])
  })

  it("property: over the month, each planned card is done once or missed once, on the day the rule says", async () => {
    const cardPlan = fc.record({
      week: fc.integer({ min: 1, max: 4 }),
      contacts: fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { maxLength: 3 })
    })
    await fc.assert(
      fc.asyncProperty(fc.array(cardPlan, { minLength: 1, maxLength: 4 }), async (plans) => {
        const jipan = createJipan()
        for (const [k, p] of plans.entries()) {
          const i = k + 1
          await jipan.handle(tenant, `card-${i}`, open(i))
          await jipan.handle(tenant, `card-${i}`, plan(p.week))
          for (const d of [...p.contacts].sort((a, b) => a - b))
            await jipan.handle(tenant, `card-${i}`, call(`2026-12-${String(d).padStart(2, "0")}`))
        }
        const report = await jipan.reports.daily(tenant, { from: "2026-12-01", to: "2026-12-31" })
        const done = new Map<string, string>()
        const missed = new Map<string, string>()
        for (const t of report.totals) {
          for (const id of t.evidence.plannedVisitsDone) done.set(id, t.on)
          for (const id of t.evidence.plannedVisitsMissed) missed.set(id, t.on)
        }
        for (const [k, p] of plans.entries()) {
          const id = `card-${k + 1}`
          const week = planWeekDays("2026-12", p.week)
          const within = p.contacts
            .map((d) => `2026-12-${String(d).padStart(2, "0")}`)
            .filter((d) => week.from <= d && d <= week.to)
            .sort()
          if (within.length > 0) {
            expect(done.get(id)).toBe(within[0])
            expect(missed.has(id)).toBe(false)
          } else {
            expect(missed.get(id)).toBe(week.to)
            expect(done.has(id)).toBe(false)
          }
        }
      }),
      { numRuns: 20 }
    )
  })
})
