import { createJipan, dailyReportTable, findingsTable } from "@jipan/core"
import { toCsv } from "@jipan/export"
import { Effect } from "effect"

const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour: number) => Date.parse(`${day}T${hour}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const

// Reception logs two first walk-ins; Wang cards one of them and calls her back two days later.
await jipan.recordVisits(store, [
  {
    tenant: store,
    visitId: "v-1",
    at: at("2026-11-20", 10),
    on: "2026-11-20",
    kind: "walkIn",
    ordinal: "first",
    consultant: "c-wang",
    cardId: "card-1"
  },
  {
    tenant: store,
    visitId: "v-2",
    at: at("2026-11-20", 15),
    on: "2026-11-20",
    kind: "walkIn",
    ordinal: "first",
    consultant: "c-wang"
  }
])
await jipan.handle(store, "card-1", {
  _tag: "OpenCard",
  by: wang,
  at: at("2026-11-20", 11),
  cardId: "card-1",
  storeId: "store-01",
  customerId: "cust-1",
  phone: "+8613812345678",
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: { purchaseTimeframeDays: 10, modelChosen: true }
})
await jipan.handle(store, "card-1", {
  _tag: "LogContact",
  by: wang,
  at: at("2026-11-22", 10),
  channel: "call",
  outcome: "reached",
  evidence: { testDriveBooked: true },
  agreedNextContactOn: "2026-11-24"
})

const daily = await jipan.reports.daily(store, { from: "2026-11-20" })
const total = daily.totals[0]
console.log(total?.counts.walkInsFirst, total?.counts.newCards, total?.cardingRate) // 2 1 0.5

const found = await jipan.reports.findings(store, { on: "2026-11-22", from: "2026-11-20" })
console.log(found.findings.map((f) => [f.ruleId, f.severity, f.visitIds]))
// the uncarded walk-in (critical), and findings.holidayCalendarMissing (warning): the 12-month care
// horizon from 2026-11-22 reaches 2027, whose statutory holidays are not known yet (docs/care.md)

const csv = await Effect.runPromise(
  toCsv(dailyReportTable(daily, { locale: "en" }), { locale: "en", lineEnding: "lf" })
)
console.log(csv.split("\n")[0]?.slice(0, 41)) // "Date,Consultant,First walk-ins,Repeat wal"
console.log(findingsTable(found).rows.length) // 2
await jipan.close()
