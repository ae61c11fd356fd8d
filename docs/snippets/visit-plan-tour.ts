import { createJipan, findingMessage } from "@jipan/core"

const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const
const open = (cardId: string, purchaseTimeframeDays: number, day: string) =>
  jipan.handle(store, cardId, {
    _tag: "OpenCard",
    cardId,
    storeId: "store-01",
    customerId: `cust-${cardId}`,
    phone: `+86138123456${cardId.slice(-2)}`,
    owner: "c-wang",
    source: "walkIn",
    intent: "direct",
    evidence: { purchaseTimeframeDays, modelChosen: true },
    by: wang,
    at: at(day)
  })
const contact = (cardId: string, channel: "call" | "letter", day: string) =>
  jipan.handle(store, cardId, {
    _tag: "LogContact",
    channel,
    outcome: "reached",
    evidence: {},
    by: wang,
    at: at(day)
  })
const plan = (cardId: string, week: number, means: "call" | "visit" | "letter", day: string) =>
  jipan.handle(store, cardId, { _tag: "PlanVisit", month: "2026-12", week, means, by: wang, at: at(day) })

// Wang's cabinet at the end of November: 陈先生 (card-03), delivered on 2026-11-09, and two
// prospects called on 2026-11-27: card-01 a B (due in 7 days), card-02 a C (due in 14).
await open("card-03", 10, "2026-10-25")
await jipan.handle(store, "card-03", {
  _tag: "PlaceOrder",
  orderId: "o-3",
  model: "GL8",
  by: wang,
  at: at("2026-11-01")
})
await jipan.handle(store, "card-03", {
  _tag: "Deliver",
  vehicle: { brand: "Buick", model: "GL8", vin: "LSGUD84X5JE000001" },
  deliveredOn: "2026-11-09",
  by: wang,
  at: at("2026-11-09", 15)
})
await open("card-01", 25, "2026-11-24")
await open("card-02", 60, "2026-11-24")
await contact("card-01", "call", "2026-11-27")
await contact("card-02", "call", "2026-11-27")

// P (plan): December's plan, suggested from the cabinet; Wang edits it and plans each card.
const suggested = await jipan.reports.suggestVisitPlan(store, { consultantId: "c-wang", month: "2026-12" })
console.log(suggested.map((s) => [s.cardId, s.week, s.means, s.why]))
// [["card-01", 1, "call", "followUp.due"], ["card-02", 2, "call", "followUp.due"], ["card-03", 2, "call", "care.month1"]]
await plan("card-01", 1, "call", "2026-11-30")
await plan("card-02", 2, "letter", "2026-11-30") // a letter instead of the suggested call
await plan("card-03", 2, "call", "2026-11-30")

// D (do): the contacts, as every day. A letter is confirmed by phone three days later.
await contact("card-01", "call", "2026-12-03")
const letter = await contact("card-02", "letter", "2026-12-09")
const sent = letter.events.find((e) => e._tag === "ContactLogged")
console.log(sent?.nextContactDue, sent?.ruleIds.at(-1))
// 2026-12-12 followUp.letterConfirmation: three days, before C's 14-day interval
await contact("card-02", "call", "2026-12-12")

// C (check): on 2026-12-15 week 2 is over; 陈先生's one-month care call was not made.
const check = await jipan.reports.visitPlan(store, { month: "2026-12", asOf: "2026-12-15" })
console.log(check.map((r) => [r.consultantId, r.planned, r.done, r.doneByPlannedMeans, r.missed, r.pending]))
// [["c-wang", 3, 2, 2, 1, 0]]: planned = done + missed + pending
console.log(check[0]?.missedCardIds) // ["card-03"]
const found = await jipan.reports.findings(store, { on: "2026-12-15", from: "2026-12-15" })
const missed = found.findings.filter((f) => f.ruleId === "findings.visitPlanMissed")
console.log(missed.map((f) => [f.severity, f.cardIds, findingMessage(f)["zh-CN"]]))
// [["warning", ["card-03"], "2026-12 第 2 周计划的电话未执行(该周止于 2026-12-14)"]]

// A (act): the supervisor has Wang visit him in week 3 (planning again replaces the month's plan),
// and the one-month care contact is made then.
await plan("card-03", 3, "visit", "2026-12-15")
await jipan.handle(store, "card-03", {
  _tag: "RecordCareContact",
  ruleId: "care.month1",
  plannedOn: "2026-12-09",
  outcome: "done",
  by: wang,
  at: at("2026-12-16")
})
const month = await jipan.reports.visitPlan(store, { month: "2026-12" }) // as of the month's last day
console.log(month.map((r) => [r.planned, r.done, r.doneByPlannedMeans, r.missed]))
// [[3, 3, 2, 0]]: a care contact counts as a call, not as the planned visit
await jipan.close()
