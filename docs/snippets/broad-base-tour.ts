import { CalendarDate, carePlanOf, createJipan, defaultPolicy, planCare } from "@jipan/core"

const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const

// 刘女士 brought a friend to the showroom; she drives a Camry bought elsewhere in December 2020.
await jipan.handle(store, "card-7", {
  _tag: "RecordBroadBase",
  cardId: "card-7",
  storeId: "store-01",
  customerId: "cust-7",
  phone: "139 0000 7777",
  owner: "c-wang",
  kind: "otherBrandOwner", // 他牌基盘; "boughtElsewhere" is 本牌他销
  source: "walkIn",
  vehicle: { brand: "Toyota", model: "Camry", vin: "" }, // the VIN is often not known
  boughtOn: "2020-12-15",
  insuranceExpiresOn: "2027-03-01",
  by: wang,
  at: at("2026-11-10")
})
const card = await jipan.card(store, "card-7")
console.log(card.state.status) // broadBase

// The mining plan: the mining table's rules for her kind, and the reminders that follow the car.
const plan = carePlanOf(card.state, defaultPolicy, CalendarDate.make("2026-11-10"))
const calls = plan?.contacts.filter((c) => c.kind !== "greeting") ?? []
console.log(calls.map((c) => [c.on, c.ruleId]))
// 2026-11-15 care.inspection.private.exempt (year 6 of the car); 2026-12-15 mining.replacement.otherBrand
// (4½ years, then every 6 months); 2026-12-31 care.insuranceRenewal; 2027-02-10 mining.keepInTouch
// (every 3 months from the day recorded); 2027-05-10 mining.keepInTouch and mining.newModels (once a
// year from month 6); 2027-06-15 mining.replacement.otherBrand; 2027-08-10 and 2027-11-10 mining.keepInTouch
console.log(calls.some((c) => c.critical)) // false: no critical period for a car sold elsewhere
// The store keeps them like an owned card's care contacts: Wang's list of 15 November has the first.
const due = await jipan.careDue(store, "2026-11-15", "c-wang")
console.log(due.map((c) => [c.cardId, c.ruleId])) // [["card-7", "care.inspection.private.exempt"]]

// An owner of our brand who bought elsewhere (本牌他销) is invited to our workshop instead of to test drives.
const elsewhere = planCare(
  {
    deliveredOn: CalendarDate.make("2022-03-01"),
    brand: "Buick",
    insuranceExpiresOn: undefined, // not known: no renewal is planned
    broadBase: { kind: "boughtElsewhere", recordedOn: CalendarDate.make("2026-11-10") },
    history: []
  },
  defaultPolicy,
  CalendarDate.make("2026-11-10")
)
console.log([...new Set(elsewhere.contacts.filter((c) => c.kind !== "greeting").map((c) => c.ruleId))])
// ["mining.serviceInvite", "mining.keepInTouch", "mining.replacement.ourBrand"]

// The replacement call finds her ready to trade the Camry in: MineOwner opens a linked prospect card.
const mined = await jipan.handle(store, "card-7", {
  _tag: "MineOwner",
  kind: "replacement", // 置换
  newCardId: "card-8",
  note: "想把凯美瑞置换成GL8",
  by: wang,
  at: at("2026-12-15")
})
console.log(mined.state.status, mined.linked?.cardId, mined.linked?.state.status) // broadBase card-8 prospect
await jipan.close()
