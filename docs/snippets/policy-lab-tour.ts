import { createJipan, DraftPolicyRefused, defaultPolicy } from "@jipan/core"

const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const

// October as it happened: an A-grade prospect (model chosen, test drive booked, buys in 12 days),
// called by Wang every four days, as the policy in force asks.
await jipan.handle(store, "card-1", {
  _tag: "OpenCard",
  cardId: "card-1",
  storeId: "store-01",
  customerId: "cust-1",
  phone: "+8613800000001",
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: { purchaseTimeframeDays: 12, modelChosen: true, testDriveBooked: true },
  by: wang,
  at: at("2026-10-02")
})
for (const day of ["2026-10-03", "2026-10-07", "2026-10-11", "2026-10-15", "2026-10-19"])
  await jipan.handle(store, "card-1", {
    _tag: "LogContact",
    channel: "call",
    outcome: "reached",
    evidence: {},
    by: wang,
    at: at(day)
  })

// The sales manager's question: "if A-grade prospects were called every 2 days, what would October
// have looked like?" The draft is a policy document: here, the grading section with A changed.
const grades = defaultPolicy.grading.grades.map((g) => (g.id === "A" ? { ...g, contactIntervalDays: 2 } : g))
const draft = {
  policyId: "grp-east",
  version: 2,
  effectiveFrom: "2026-11-01",
  scope: { dealerGroupId: "grp-east" },
  grading: { ...defaultPolicy.grading, grades }
}
const replay = await jipan.replayPolicy(store, draft, {
  from: "2026-10-01",
  to: "2026-10-31",
  onProgress: (p) => console.log(`${p.cardsDone}/${p.cardsTotal} cards`) // "1/1 cards"
})
for (const d of replay.differences) console.log(d.area, d.key, d.ruleIds.join(" "), d.current, d.draft)
// dueShift earlier followUp.firstCall followUp.interval.A grading.evidence.A grading.timeframe 1 1 (the first call)
// dueShift earlier followUp.interval.A grading.evidence.A grading.timeframe 5 5 (each next due 2 days earlier)
// overdue overdue grading.timeframe grading.evidence.A followUp.interval.A 8 18 (at Wang's pace: 10 days more)

// A draft that does not hold together is refused before anything is replayed, its problems listed.
const gap = defaultPolicy.grading.grades.map((g) =>
  g.id === "A" ? { ...g, horizonDays: { min: 10, max: 15 } } : g
)
await jipan
  .replayPolicy(
    store,
    { ...draft, grading: { ...defaultPolicy.grading, grades: gap } },
    { from: "2026-10-01", to: "2026-10-31" }
  )
  .catch((e) => {
    if (e instanceof DraftPolicyRefused) console.log(e.problems.map((p) => p.code)) // ["HORIZON_GAP"]
  })
await jipan.close()
