import { complaintReplyTable, createJipan } from "@jipan/core"

const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const
const dcrc = { id: "dcrc-li", role: "dcrc" } as const // customer relations (客户关系)
const zhao = { id: "s-zhao", role: "supervisor" } as const

// 陈先生 bought a GL8 from Wang; it was delivered on 2026-10-08.
await jipan.handle(store, "card-1", {
  _tag: "OpenCard",
  cardId: "card-1",
  storeId: "store-01",
  customerId: "cust-1",
  phone: "+8613812345678",
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: { purchaseTimeframeDays: 10, modelChosen: true },
  by: wang,
  at: at("2026-09-20")
})
await jipan.handle(store, "card-1", {
  _tag: "PlaceOrder",
  orderId: "o-1",
  model: "GL8",
  by: wang,
  at: at("2026-09-25")
})
await jipan.handle(store, "card-1", {
  _tag: "Deliver",
  vehicle: { brand: "Buick", model: "GL8", vin: "LSGUD84X5JE000001" },
  deliveredOn: "2026-10-08",
  by: wang,
  at: at("2026-10-08", 15)
})

// The month-1 care call: he is not satisfied. A service visit is booked the same day.
await jipan.handle(store, "card-1", {
  _tag: "RecordCareContact",
  ruleId: "care.month1",
  plannedOn: "2026-11-09",
  outcome: "done",
  dissatisfied: true,
  by: dcrc,
  at: at("2026-11-09")
})
const due = await jipan.careDue(store, "2026-11-09")
console.log(due.filter((c) => c.ruleId === "care.serviceVisit").map((c) => [c.on, c.ruleId, c.kind, c.owner]))
// [["2026-11-09", "care.serviceVisit", "call", "c-wang"]]: care.serviceVisit.withinDays is 0

// At the service visit he complains by phone: a three-hour wait. The DCRC records it, in his words.
await jipan.handle(store, "card-1", {
  _tag: "RecordComplaint",
  complaintId: "cp-1",
  category: "service",
  severity: "medium",
  channel: "call",
  words: "保养等了三个小时,没人解释",
  by: dcrc,
  at: at("2026-11-12")
})
await jipan.handle(store, "card-1", {
  _tag: "HandleComplaint",
  complaintId: "cp-1",
  step: "售后经理致电道歉,约定周六上门取车",
  by: dcrc,
  at: at("2026-11-13")
})

// Four days later it is still open: the supervisor's morning check raises it.
const found = await jipan.reports.findings(store, { on: "2026-11-16", from: "2026-11-16" })
console.log(
  found.findings
    .filter((f) => f.ruleId === "findings.complaintOpen")
    .map((f) => [f.severity, f.cardIds, f.inputs.daysOpen])
)
// [["critical", ["card-1"], 4]]: open more than reports.complaintOpen.withinDays (3)

// The supervisor replies (主管回复) and asks whether the customer is satisfied with the resolution.
await jipan.handle(store, "card-1", {
  _tag: "ResolveComplaint",
  complaintId: "cp-1",
  resolution: "免费检修并赠送一次保养,服务顾问当面致歉",
  satisfied: true,
  by: zhao,
  at: at("2026-11-17")
})
const form = await jipan.reports.complaints(store, { from: "2026-11-01", to: "2026-11-30" })
console.log(form.map((r) => [r.complaintId, r.steps, r.reply, r.satisfied, r.daysOpen]))
// [["cp-1", ["2026-11-13 售后经理致电道歉,约定周六上门取车"], "免费检修并赠送一次保养,服务顾问当面致歉", true, 5]]
const table = complaintReplyTable(form, { locale: "zh-CN" }) // for @jipan/export's toCsv/toXlsx
console.log(table.title["zh-CN"], table.rows[0]?.satisfied) // 主管回复表 满意

// A second complaint id on the card is fine; the same one again, or a step on a closed one, is refused.
const again = await jipan
  .handle(store, "card-1", {
    _tag: "HandleComplaint",
    complaintId: "cp-1",
    step: "回访",
    by: dcrc,
    at: at("2026-11-18")
  })
  .catch((e: { _tag: string; reason?: string }) => [e._tag, e.reason])
console.log(again) // ["ComplaintRefused", "resolved"]
await jipan.close()
