import {
  CalendarDate,
  createJipan,
  decodeHolidayYear,
  defaultPolicy,
  holidayCalendarOf,
  planCare
} from "@jipan/core"
import { Result } from "effect"

// A Buick delivered on 2026-09-28; the insurance runs a year; the customer's birthday is 5 October.
const delivered = CalendarDate.make("2026-09-28")
const buick = {
  deliveredOn: delivered,
  brand: "Buick",
  insuranceExpiresOn: CalendarDate.make("2027-09-28"),
  birthday: { month: 10, day: 5 },
  history: []
}
const plan = planCare(buick, defaultPolicy, delivered)
console.log(plan.contacts.slice(0, 5).map((c) => [c.on, c.ruleId, c.holiday?.action ?? "-"]))
// 2026-09-29 care.thankYou -; 2026-10-05 care.birthday kept (a greeting keeps its day);
// 2026-10-08 care.day3 shifted and care.day7 shifted (National Day, 国庆节); 2026-10-28 care.month1
console.log(plan.warnings.map((w) => [w.code, w.year])) // [["HOLIDAY_CALENDAR_MISSING", 2027]]
console.log([...new Set(plan.contacts.map((c) => c.ruleId))].join(" "))
// care.thankYou care.birthday care.day3 care.day7 care.month1 care.firstMaintenance care.month3
// care.springFestival care.month6 care.maintenance care.periodic care.insuranceRenewal care.midAutumn
// care.anniversary

// First maintenance (首保): 3 months or 5,000 km, whichever first; at 80 km a day the km come first.
const driver = planCare({ ...buick, averageDailyKm: 80 }, defaultPolicy, delivered)
console.log(
  driver.contacts
    .filter((c) => c.ruleId.endsWith("aintenance"))
    .slice(0, 2)
    .map((c) => [c.on, c.ruleId, c.reads.trigger])
) // 2026-11-23 care.firstMaintenance km; 2027-01-25 care.maintenance km (the next 5,000 km)

// The holiday rule: "shift" (the default) moves a call to the next working day; "skip" drops it.
const skip = { ...defaultPolicy, care: { ...defaultPolicy.care, holidayRule: "skip" as const } }
console.log(planCare(buick, skip, delivered).skipped.map((c) => [c.on, c.ruleId, c.holiday?.name]))
// 2026-10-01 care.day3 国庆节; 2026-10-05 care.day7 国庆节

// The inspection schedule follows the vehicle's use: a private car delivered in 2020 renews its
// mark at year 6; an operating vehicle delivered in 2025 is inspected every year.
const inspections = (vehicleUse: "private" | "operating", deliveredOn: string) =>
  planCare(
    { ...buick, deliveredOn: CalendarDate.make(deliveredOn), vehicleUse },
    defaultPolicy,
    CalendarDate.make("2026-01-01")
  )
    .contacts.filter((c) => c.ruleId.startsWith("care.inspection"))
    .map((c) => [c.on, c.ruleId])
console.log(inspections("private", "2020-06-15")) // 2026-05-16 care.inspection.private.exempt
console.log(inspections("operating", "2025-03-10")) // 2026-02-08 care.inspection.operating.yearly

// MADE-UP DATA, for the example only: NOT the State Council's 2027 notice. A DMS copies the real
// days off and make-up working days (调休上班) from the notice when it is published.
const example2027 = {
  year: 2027,
  source: "made-up example data (not the official notice)",
  holidays: [
    { name: "元旦", daysOff: ["2027-01-01"], workdays: [] },
    { name: "国庆节", daysOff: ["2027-10-01", "2027-10-04", "2027-10-05"], workdays: ["2027-10-09"] }
  ]
}
const decoded = decodeHolidayYear(example2027) // what a DMS checks before it puts the year
if (Result.isSuccess(decoded)) {
  const withYear = { ...defaultPolicy, holidays: { years: [decoded.success] } }
  console.log(holidayCalendarOf(withYear).knows(2027), planCare(buick, withYear, delivered).warnings.length) // true 0
}

// The same through a store: deliver, record the care done and missed, close the day, read the findings.
const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const
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
  at: at("2026-09-10")
})
await jipan.handle(store, "card-1", {
  _tag: "PlaceOrder",
  orderId: "o-1",
  model: "GL8",
  by: wang,
  at: at("2026-09-20")
})
await jipan.handle(store, "card-1", {
  _tag: "Deliver",
  vehicle: { brand: "Buick", model: "GL8", vin: "LSGUD84X5JE000001" },
  deliveredOn: "2026-09-28",
  birthday: { month: 10, day: 5 },
  by: wang,
  at: at("2026-09-28", 15)
})
await jipan.handle(store, "card-1", {
  _tag: "RecordCareContact",
  ruleId: "care.thankYou",
  plannedOn: "2026-09-29",
  outcome: "done",
  by: wang,
  at: at("2026-09-29")
})
await jipan.handle(store, "card-1", {
  _tag: "RecordCareContact",
  ruleId: "care.day3",
  plannedOn: "2026-10-01",
  outcome: "missed",
  by: wang,
  at: at("2026-10-08")
})
// the missed day-3 call is tried again 2 days after the miss (care.missedRetryAfterDays)
console.log((await jipan.careDue(store, "2026-10-10")).map((c) => [c.on, c.ruleId, c.plannedOn]))
// [["2026-10-10", "care.day3", "2026-10-01"]]

// the DMS's look-ups for the messages (see notifications.md); consent is checked when they are sent
const directory = {
  store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
  consultant: (id: string) => ({ id, name: "王磊", channel: "wecom" }),
  supervisors: () => [],
  customer: (id: string) => ({ id, name: "陈先生", channel: "sms", to: ["13812345678"], customerId: id })
}
const closed = await jipan.closeDay(store, "2026-10-10", at("2026-10-10", 23), { directory })
console.log(closed.messages) // ["close:careContact:grp-east/store-01:card-1:care.day3:2026-10-10:sms:cust-1"]

const found = await jipan.reports.findings(store, { on: "2026-10-10", from: "2026-10-01" })
console.log(found.findings.map((f) => [f.ruleId, f.severity]))
// [["findings.carePlan", "warning"], ["findings.holidayCalendarMissing", "warning"]]: the miss, and 2027
// The DMS puts the year in the group's policy (a document with only a holidays section).
await jipan.putPolicyDocument(
  { dealerGroupId: "grp-east" },
  {
    policyId: "grp-east-holidays",
    version: 1,
    effectiveFrom: "2026-01-01",
    scope: { dealerGroupId: "grp-east" },
    holidays: { years: [example2027] }
  }
)
const after = await jipan.reports.findings(store, { on: "2026-10-10", from: "2026-10-01" })
console.log(after.findings.map((f) => f.ruleId)) // ["findings.carePlan"]: 2027 is known now
await jipan.close()
