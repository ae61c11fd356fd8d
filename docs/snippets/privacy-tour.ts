import {
  createJipan,
  dataClassOf,
  maskPersonal,
  maySeePersonal,
  type PersonalDataAccess,
  personalDataTables
} from "@jipan/core"
import { xlsxBuffer } from "@jipan/export"

// Every field Jipan keeps is classified once, by name (a test fails on a field the map does not name).
console.log(dataClassOf("phone"), dataClassOf("vehicle.vin"), dataClassOf("note"), dataClassOf("grade"))
// personal personal personal none

const jipan = createJipan() // in memory; pass { store: JipanPglite.layer(…) } for a database
const store = { dealerGroupId: "grp-east", storeId: "store-01" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const

// 陈先生 walks in; Wang opens his card and calls him back, with a note.
await jipan.handle(store, "card-1", {
  _tag: "OpenCard",
  cardId: "card-1",
  storeId: "store-01",
  customerId: "cust-1",
  phone: "138 1234 5678",
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: { modelOfInterest: "GL8" },
  by: wang,
  at: at("2026-11-02")
})
await jipan.handle(store, "card-1", {
  _tag: "LogContact",
  channel: "call",
  outcome: "reached",
  evidence: { testDriveBooked: true },
  note: "陈先生周六带太太来试驾",
  by: wang,
  at: at("2026-11-04")
})

// Another consultant sees the card masked; Wang, its owner, and the supervisor see it as it is.
const card = await jipan.card(store, "card-1")
const li = { role: "consultant", consultantId: "c-li" } as const
const forLi = maskPersonal({ phone: card.state.phone, history: card.history }, li, card.state.owner)
const note = forLi.history.flatMap((e) => (e._tag === "ContactLogged" ? [e.note] : []))
console.log(maySeePersonal(li, card.state.owner), forLi.phone, note) // false 138****5678 ["***"]

// The right of access (查阅、复制): everything held about him, recorded in the audit log as an export.
const request = { by: { role: "dcrc" }, reason: "PIPL access request 2026-120" } as const
const data = await jipan.exportPersonalData("grp-east", "13812345678", {
  ...request,
  at: at("2026-11-05"),
  accessId: "access-120"
})
const held = data.cards.map((c) => c.card.history.map((e) => e._tag))
console.log(data.phone, held) // +8613812345678 [["CardOpened", "ContactLogged"]]
// His own copy as a workbook: exports are masked unless unmasked, with a reason, and recorded.
const accesses: Array<PersonalDataAccess> = []
const workbook = await xlsxBuffer(personalDataTables(data), {
  unmask: {
    viewer: request.by,
    reason: request.reason,
    at: at("2026-11-05", 11),
    onAccess: (access) => accesses.push(access)
  }
})
const sheets = accesses.map((a) => a.subject)
console.log(workbook.subarray(0, 2).toString(), sheets)
// PK (a zip) ["report:personal-cards", "report:personal-referrals", "report:personal-visits",
// "report:personal-messages"]: one unmask record per sheet, which the DMS keeps in the audit log
const group = { dealerGroupId: "grp-east" }
// (the viewer given again: an AccessRecord takes no `consultantId: undefined`)
await jipan.recordAccess(
  accesses.map((a, i) => ({ ...a, ...group, id: `access-120-xlsx-${i + 1}`, viewer: request.by }))
)

// The right to correct (更正): he has a new number; the correction is an event of the card, with its
// reason, and a record of the audit log (the field, never the numbers nor the reason).
const corrected = await jipan.handle(store, "card-1", {
  _tag: "CorrectPersonalData",
  correction: { field: "phone", phone: "139 8765 4321" },
  reason: "customer changed number",
  by: wang,
  at: at("2026-11-06")
})
console.log(corrected.state.phone) // +8613987654321

// He asks to be erased. The erasure keeps the card's status, so Wang first closes it (无效卡): an
// erased prospect left open would leave his work list but count as open in the forms to come.
await jipan.handle(store, "card-1", {
  _tag: "MarkInvalid",
  reasonId: "noIntent",
  by: wang,
  at: at("2026-11-09")
})
// Erasure (删除): his personal fields become tombstones; the events, versions, statuses and counts stay.
const erased = await jipan.erasePerson("grp-east", "13987654321", {
  by: { role: "supervisor" },
  reason: "PIPL request 2026-118",
  at: at("2026-11-09", 11),
  erasureId: "erase-118"
})
const after = await jipan.card(store, "card-1")
const { phone, status, version } = after.state
const ids = erased.cards.map((c) => c.cardId)
console.log(ids, phone, status, version) // ["card-1"] +0 invalid 5
console.log(after.history.map((e) => (e._tag === "ContactLogged" ? e.note : e._tag)))
// ["CardOpened", "[erased]", "PersonalDataCorrected", "MarkedInvalid", "PersonalDataErased"]

// A legal hold: an open order keeps the data until it is delivered or cancelled.
await jipan.handle(store, "card-2", {
  _tag: "OpenCard",
  cardId: "card-2",
  storeId: "store-01",
  customerId: "cust-2",
  phone: "137 0000 1111",
  owner: "c-wang",
  source: "phoneIn",
  intent: "direct",
  evidence: { purchaseTimeframeDays: 7, modelChosen: true },
  by: wang,
  at: at("2026-11-02")
})
await jipan.handle(store, "card-2", {
  _tag: "PlaceOrder",
  orderId: "o-2",
  model: "GL8",
  by: wang,
  at: at("2026-11-07")
})
const refused = await jipan
  .erasePerson("grp-east", "13700001111", {
    by: { role: "supervisor" },
    reason: "PIPL request 2026-119",
    at: at("2026-11-09"),
    erasureId: "erase-119"
  })
  .catch((e: { _tag: string; reason: string; holds: ReadonlyArray<{ id: string }> }) => e)
const holds = "holds" in refused ? refused.holds.map((h) => h.id) : []
if ("_tag" in refused) console.log(refused._tag, refused.reason, holds)
// ErasureRefused openOrder ["card-2"]: nothing was changed

// The audit log: who exported, unmasked and erased, when and why; never the phone.
const log = await jipan.auditLog("grp-east")
console.log(log.records.map((r) => [r.action, r.output, r.viewer.role, r.subject, r.reason]))
// ["export", "json", "dcrc", "person:card-1", "PIPL access request 2026-120"],
// ["unmask", "xlsx", "dcrc", "report:personal-cards", …] and the 3 other sheets,
// ["correct", "store", "consultant", "card:card-1 phone", "更正 correction: the reason is …"],
// ["erase", "store", "supervisor", "erasure:erase-118 (1 cards, 0 referrals)", "PIPL request 2026-118"]
// (the refused erasure is not recorded: nothing was erased)
await jipan.close()
