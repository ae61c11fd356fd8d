import { type CardCommandInput, createJipan, type ProspectEvidence } from "@jipan/core"

const jipan = createJipan() // in memory; the same on PGlite or PostgreSQL
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const
const open = (
  n: number,
  intent: "direct" | "keyPerson" | "latent",
  evidence: ProspectEvidence
): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${n}`,
  storeId: "store-01",
  customerId: `cust-${n}`,
  phone: `+861390000000${n}`,
  owner: "c-wang",
  source: "walkIn",
  intent,
  evidence,
  by: wang,
  at: at("2026-11-02")
})

// A buyer (A: 12 days, model chosen, test drive booked); a fleet manager who buys nothing himself
// but brings buyers (C); a brand fan with no need yet (B: a model of interest, no timeframe).
await jipan.handle(
  store,
  "card-1",
  open(1, "direct", { purchaseTimeframeDays: 12, modelChosen: true, testDriveBooked: true })
)
await jipan.handle(store, "card-2", open(2, "keyPerson", { purchaseTimeframeDays: 60 }))
await jipan.handle(store, "card-3", open(3, "latent", { modelOfInterest: "Envision" }))

// Wang calls each the next day; each call sets the next contact by the card's intent type.
for (const id of ["card-1", "card-2", "card-3"]) {
  const called = await jipan.handle(store, id, {
    _tag: "LogContact",
    channel: "call",
    outcome: "reached",
    evidence: {},
    by: wang,
    at: at("2026-11-03")
  })
  const scheduled = called.events.at(-1)
  const ruleIds = scheduled !== undefined && "ruleIds" in scheduled ? scheduled.ruleIds : []
  console.log(id, called.state.grade, called.state.nextContactDue, ruleIds.at(-1))
}
// card-1 A 2026-11-07 followUp.interval.A: the grade's 4 days
// card-2 C 2026-11-10 followUp.intent.keyPerson: 7 days, not C's 14
// card-3 B 2026-12-03 followUp.intent.latent: 30 days, not B's 7

// Nobody calls again. On 2026-12-20 the close of day applies the lapse rule (ApplyLapse), and the
// supervisor reads the findings.
const closed = await jipan.closeDay(store, "2026-12-20", at("2026-12-20", 23))
console.log(closed.lapsed.map((l) => [l.cardId, l.from, l.to, l.ruleId]))
// [["card-1", "A", "B", "followUp.lapse.downgrade"]]: 43 days overdue. card-2 is at the coldest
// grade already; card-3 is 17 days overdue, but a latent prospect does not lapse
const found = await jipan.reports.findings(store, { on: "2026-12-20", from: "2026-12-20" })
console.log(found.findings.filter((f) => f.ruleId === "findings.overdue").flatMap((f) => f.cardIds))
// ["card-1", "card-2"]: a latent prospect is watched, not chased, so card-3 raises no overdue
// finding either (followUp.intents.latent: overdueFindings false, lapse false)
await jipan.close()
