import { assert, describe, it } from "@effect/vitest"
import type { CardCommandInput } from "../../src/index.js"
import {
  analytics,
  CardNotFound,
  type ConsultantId,
  cardFactsOf,
  createJipan,
  customerCardForm,
  dailyReport,
  dailyReportTable,
  defaultPolicy,
  findings,
  foldCard,
  InvalidInput,
  makeTenant,
  progressControlTable,
  type YearMonth
} from "../../src/index.js"
import { type CardPlan, day, rowsOf, simulateCard, visitOf } from "../reportFixtures.js"

const tenant = makeTenant("grp-east", "store-01")
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const open = (cardId: string, phone: string, day: string): CardCommandInput => ({
  _tag: "OpenCard",
  cardId,
  storeId: "store-01",
  customerId: `cust-${cardId}`,
  phone,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: "c-wang", role: "consultant" },
  at: at(day)
})
const visit = (visitId: string, day: string, extra: Record<string, unknown> = {}) => ({
  tenant,
  visitId,
  at: at(day, 9),
  on: day,
  kind: "walkIn",
  ordinal: "first",
  consultant: "c-wang",
  ...extra
})

describe("createJipan: recordVisits and reports.daily", () => {
  it("counts the day's visits, new cards and contacts due/done through the memory store", async () => {
    const jipan = createJipan()
    await jipan.recordVisits(tenant, [
      visit("v-1", "2026-11-22"),
      visit("v-2", "2026-11-22", { ordinal: "repeat" })
    ])
    // idempotent: the same visit again is ignored
    await jipan.recordVisits(tenant, [visit("v-1", "2026-11-22")])
    await jipan.handle(tenant, "card-1", open("card-1", "+8613812345678", "2026-11-22"))
    await jipan.handle(tenant, "card-2", open("card-2", "+8613812345679", "2026-11-22"))
    await jipan.handle(tenant, "card-1", {
      _tag: "LogContact",
      by: { id: "c-wang", role: "consultant" },
      at: at("2026-11-23"),
      channel: "call",
      outcome: "reached",
      evidence: {}
    })
    const report = await jipan.reports.daily(tenant, { from: "2026-11-22", to: "2026-11-23" })
    const [d22, d23] = report.totals
    assert.strictEqual(d22?.counts.walkInsFirst, 1)
    assert.strictEqual(d22?.counts.walkInsRepeat, 1)
    assert.strictEqual(d22?.counts.newCards, 2)
    assert.strictEqual(d22?.cardingRate, 2)
    assert.deepStrictEqual(d23?.evidence.contactsDue, ["card-1", "card-2"])
    assert.deepStrictEqual(d23?.evidence.contactsDone, ["card-1"])
    assert.deepStrictEqual(d23?.evidence.contactsOverdue, ["card-2"])
    const table = dailyReportTable(report, { locale: "en" })
    assert.strictEqual(table.rows.at(-1)?.consultant, "Total")
    const mine = await jipan.reports.daily(tenant, { from: "2026-11-24", consultantId: "c-other" })
    assert.strictEqual(mine.rows.length, 1)
    assert.strictEqual(mine.rows[0]?.counts.contactsDue, 0)
    await jipan.close()
  })

  it("rejects a bad visit with InvalidInput and writes none of the batch", async () => {
    const jipan = createJipan()
    const error = await jipan
      .recordVisits(tenant, [visit("v-1", "2026-11-22"), visit("v-2", "2026-11-22", { kind: "fax" })])
      .catch((e: unknown) => e)
    assert.instanceOf(error, InvalidInput)
    assert.match((error as InvalidInput).message, /1\.kind/)
    const report = await jipan.reports.daily(tenant, { from: "2026-11-22" })
    assert.strictEqual(report.totals[0]?.counts.walkInsFirst, 0)
    assert.instanceOf(
      await jipan.reports.daily(tenant, { from: "2026-11-22", to: "2026-11-01" }).catch((e: unknown) => e),
      InvalidInput
    )
    await jipan.close()
  })
})

describe("createJipan: every report end to end on the memory store", () => {
  const plans: ReadonlyArray<CardPlan> = [
    {
      cardId: "card-1",
      owner: "c-wang",
      source: "walkIn",
      openOn: day("2026-10-03"),
      daysToPurchase: 40,
      orderAtDaysLeft: 3
    },
    {
      cardId: "card-2",
      owner: "c-wang",
      source: "phoneIn",
      openOn: day("2026-10-05"),
      daysToPurchase: 60,
      orderAtDaysLeft: 3,
      fixedTimeframeDays: 60,
      stopContactsOn: day("2026-10-20")
    },
    {
      cardId: "card-3",
      owner: "c-li",
      source: "referral",
      openOn: day("2026-10-10"),
      daysToPurchase: 20,
      orderAtDaysLeft: 4
    }
  ]
  const until = day("2026-10-31")
  const cards = plans.map((p) => simulateCard(p, until))

  it("answers what the pure functions compute from the same histories", async () => {
    const jipan = createJipan()
    await jipan.recordVisits(tenant, plans.map(visitOf))
    for (const card of cards)
      for (const command of card.commands) await jipan.handle(tenant, card.cardId, command)
    const { events, spans } = rowsOf(cards)
    const visits = plans.map(visitOf)

    const daily = await jipan.reports.daily(tenant, { from: "2026-10-01", to: "2026-10-31" })
    assert.deepStrictEqual(
      daily,
      dailyReport(
        { range: { from: day("2026-10-01"), to: until }, events, spans, visits, referrals: [] },
        defaultPolicy
      )
    )
    const control = await jipan.reports.control(tenant, { consultantId: "c-wang", month: "2026-10" })
    assert.deepStrictEqual(
      control,
      progressControlTable(
        { consultantId: "c-wang" as ConsultantId, month: "2026-10" as YearMonth, histories: cards },
        defaultPolicy
      )
    )
    assert.deepStrictEqual(
      control.rows.map((r) => r.cardId),
      ["card-1", "card-2"]
    )
    assert.deepStrictEqual(
      await jipan.reports.card(tenant, "card-3"),
      customerCardForm(cards[2] as never, defaultPolicy)
    )
    const found = await jipan.reports.findings(tenant, { on: "2026-10-31", from: "2026-10-01" })
    assert.deepStrictEqual(
      found,
      findings(
        {
          on: until,
          from: day("2026-10-01"),
          facts: cards.map((c) => cardFactsOf(tenant, c.cardId, foldCard(c.history))),
          events,
          visits,
          care: [],
          stores: [tenant]
        },
        defaultPolicy
      )
    )
    // the care horizon of 2026-10-31 reaches 2027, whose holiday calendar no one has put yet
    assert.deepStrictEqual(
      found.findings.map((f) => `${f.ruleId}:${f.cardIds.join()}`),
      ["findings.overdue:card-2", "findings.holidayCalendarMissing:"]
    )
    assert.deepStrictEqual(
      await jipan.reports.consistency(tenant, { consultantId: "c-wang", month: "2026-10" }),
      []
    )
    const a = await jipan.reports.analytics(
      { dealerGroupId: "grp-east" },
      { from: "2026-10-01", to: "2026-10-31" }
    )
    assert.deepStrictEqual(
      a,
      analytics(
        { range: { from: day("2026-10-01"), to: until }, events, referrals: [], orderedHistories: cards },
        defaultPolicy
      )
    )
    assert.strictEqual(a.funnel.find((r) => r.source === "referral")?.ordered, 1)
    assert.instanceOf(await jipan.reports.card(tenant, "card-9").catch((e: unknown) => e), CardNotFound)
    assert.instanceOf(
      await jipan.reports
        .control(tenant, { consultantId: "c-wang", month: "2026-13" })
        .catch((e: unknown) => e),
      InvalidInput
    )
    await jipan.close()
  })
})
