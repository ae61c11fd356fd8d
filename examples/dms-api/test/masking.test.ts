// Personal data masked by the key's role (PIPL, issue #19 item 5), on the real server and the
// typed client: the owner consultant sees its customer's phone and words, another consultant's key
// and a request without a key never see them (404/403/401, or masked where another consultant's
// customer rides along: a referral moved by a card's command), a supervisor sees everything, and
// no log line ever carries a phone, a name or a note.
import { maySeePersonal } from "@jipan/core"
import { Effect } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { viewerOf } from "../src/Api.js"
import { makeClient } from "../src/Client.js"
import type { RequestLogLine } from "../src/server/Middleware.js"
import { type Api, at, call, openCard, startApi } from "./harness.js"

let api: Api
const keys: Record<"wang" | "li" | "supervisor" | "admin", string> = {
  wang: "",
  li: "",
  supervisor: "",
  admin: ""
}
const logs: Array<RequestLogLine> = []

// c-wang's customer, and the referee c-li registered (later c-wang's customer too)
const PHONE = "+8613812345678"
const NOTE = "预算三十万,周末带太太来"
const REFEREE_PHONE = "+8613912345678"
const REFEREE_NAME = "陈大文"
const REFERRER_PHONE = "13700002468"
// the same people as they could be written anywhere in an answer or a log line
const secrets = ["13812345678", "13912345678", "13700002468", "陈大文", "大文", NOTE]

const tenant = { dealerGroupId: "grp-east", storeId: "store-01" }
const day = "2026-11-22"

const registration = (referralId: string, refereePhone: string, consultantId: string) => ({
  on: day,
  registration: {
    referralId,
    storeId: "store-01",
    consultantId,
    registeredOn: day,
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: "cust-old", phone: REFERRER_PHONE },
    referee: { name: REFEREE_NAME, phone: refereePhone }
  }
})

/** A call logged on card-m1 by a consultant, with the customer's words in its note. */
const contact = (by: string) => ({
  _tag: "LogContact",
  by: { id: by, role: "consultant" },
  at: at("2026-11-22T15:00:00+08:00"),
  channel: "call",
  outcome: "reached",
  evidence: {},
  note: NOTE
})

beforeAll(async () => {
  api = await startApi({ onLog: (line) => logs.push(line) })
  keys.wang = await api.key({ ...tenant, role: "consultant", consultantId: "c-wang" })
  keys.li = await api.key({ ...tenant, role: "consultant", consultantId: "c-li" })
  keys.supervisor = await api.key({ ...tenant, role: "supervisor" })
  keys.admin = await api.key({ ...tenant, role: "admin" })
  const opened = await call(api, "POST", "/cards", {
    key: keys.wang,
    body: openCard("card-m1", { phone: PHONE })
  })
  expect(opened.status, opened.text).toBe(201)
  const contacted = await call(api, "POST", "/cards/card-m1/commands", {
    key: keys.wang,
    body: contact("c-wang")
  })
  expect(contacted.status, contacted.text).toBe(200)
  const registered = await call(api, "POST", "/referrals", {
    key: keys.supervisor,
    body: registration("ref-m1", REFEREE_PHONE, "c-li")
  })
  expect(registered.status, registered.text).toBe(201)
})
afterAll(async () => {
  await api?.close()
})

const shows = (text: string) => secrets.some((s) => text.includes(s))

describe("the viewer of a request is its key", () => {
  it("a consultant's key sees its own customers only; supervisor and admin keys see all", () => {
    const wang = viewerOf({ keyId: "k", ...tenant, role: "consultant", consultantId: "c-wang" })
    expect(wang).toEqual({ role: "consultant", consultantId: "c-wang" })
    expect(maySeePersonal(wang, "c-wang")).toBe(true)
    expect(maySeePersonal(wang, "c-li")).toBe(false)
    expect(maySeePersonal(wang, undefined)).toBe(false)
    for (const role of ["supervisor", "admin"] as const)
      expect(maySeePersonal(viewerOf({ keyId: "k", ...tenant, role }), "c-li")).toBe(true)
  })
})

describe("masking by role, endpoint by endpoint", () => {
  it("card read: the owner and a supervisor see the phone and note; another consultant and no key see nothing", async () => {
    for (const who of ["wang", "supervisor"] as const) {
      const r = await call(api, "GET", "/cards/card-m1", { key: keys[who] })
      expect(r.status, `${who}: ${r.text}`).toBe(200)
      expect(r.json.state.phone).toBe(PHONE)
      expect(r.text).toContain(NOTE)
    }
    const li = await call(api, "GET", "/cards/card-m1", { key: keys.li })
    expect(li.status).toBe(404)
    expect(shows(li.text)).toBe(false)
    const none = await call(api, "GET", "/cards/card-m1")
    expect(none.status).toBe(401)
    expect(shows(none.text)).toBe(false)
  })

  it("card list and work list: the owner's and the supervisor's lines carry the phone; nobody else's", async () => {
    for (const who of ["wang", "supervisor"] as const) {
      const list = await call(api, "GET", "/cards", { key: keys[who] })
      expect(list.status).toBe(200)
      expect(list.json.items.find((c: { cardId: string }) => c.cardId === "card-m1")?.phone).toBe(PHONE)
      const work = await call(api, "GET", "/work-lists/c-wang?date=2026-12-31", { key: keys[who] })
      expect(work.status, work.text).toBe(200)
      expect(work.json.overdue.map((c: { phone?: string }) => c.phone)).toContain(PHONE)
    }
    const li = await call(api, "GET", "/cards", { key: keys.li })
    expect(li.status).toBe(200)
    expect(li.json.items.map((c: { cardId: string }) => c.cardId)).not.toContain("card-m1")
    expect(shows(li.text)).toBe(false)
    const liWork = await call(api, "GET", "/work-lists/c-wang?date=2026-12-31", { key: keys.li })
    expect(liWork.status).toBe(403)
    expect(shows(liWork.text)).toBe(false)
    for (const path of ["/cards", "/work-lists/c-wang?date=2026-12-31"]) {
      const none = await call(api, "GET", path)
      expect(none.status).toBe(401)
      expect(shows(none.text)).toBe(false)
    }
  })

  it("referral list: the referral's consultant and a supervisor see the referee; another consultant does not", async () => {
    for (const who of ["li", "supervisor"] as const) {
      const r = await call(api, "GET", "/referrals", { key: keys[who] })
      expect(r.status, r.text).toBe(200)
      const found = r.json.items.find((x: { referralId: string }) => x.referralId === "ref-m1")
      expect(found.state.registration.referee).toEqual({ name: REFEREE_NAME, phone: REFEREE_PHONE })
    }
    const wang = await call(api, "GET", "/referrals", { key: keys.wang })
    expect(wang.status).toBe(200)
    expect(wang.json.items.map((x: { referralId: string }) => x.referralId)).not.toContain("ref-m1")
    expect(shows(wang.text)).toBe(false)
    const none = await call(api, "GET", "/referrals")
    expect(none.status).toBe(401)
    expect(shows(none.text)).toBe(false)
  })

  it("report (the customer card form, JSON and CSV): the owner and a supervisor see the phone; another consultant nothing", async () => {
    for (const who of ["wang", "supervisor"] as const) {
      const json = await call(api, "GET", "/reports/card/card-m1", { key: keys[who] })
      expect(json.status, json.text).toBe(200)
      expect(json.text).toContain(PHONE)
      const csv = await call(api, "GET", "/reports/card/card-m1", {
        key: keys[who],
        headers: { accept: "text/csv" }
      })
      expect(csv.status).toBe(200)
      expect(csv.text.replace(/\D/g, "")).toContain("12345678")
    }
    for (const [key, status] of [
      [keys.li, 404],
      [undefined, 401]
    ] as const) {
      const r = await call(api, "GET", "/reports/card/card-m1", { key, headers: { accept: "text/csv" } })
      expect(r.status).toBe(status)
      expect(shows(r.text)).toBe(false)
    }
  })

  it("another consultant's customer riding along a command comes masked: c-li's referral in c-wang's card result", async () => {
    // c-wang opens the card of the referee c-li registered: the referral is linked in the same
    // transaction, and its line in the answer is c-li's customer data
    const program = Effect.gen(function* () {
      const client = yield* makeClient({ baseUrl: api.url, apiKey: keys.wang })
      return yield* client.cards.open({
        headers: {},
        payload: openCard("card-m2", { phone: REFEREE_PHONE, at: at("2026-11-23T10:00:00+08:00") }) as never
      })
    }).pipe(Effect.provide(FetchHttpClient.layer))
    // the typed client decodes the masked answer
    const result = await Effect.runPromise(program)
    const line = result.referrals.find((r) => r.referralId === "ref-m1")
    expect(line?.state).toBeDefined()
    const state = line?.state as { registration: Record<string, { name?: string; phone?: string }> }
    const registrationSeen = state.registration
    expect(registrationSeen.referee).toEqual({ name: "陈**", phone: "139****5678" })
    expect(registrationSeen.referrer?.phone).toBe("137****2468")
    expect(shows(JSON.stringify(line))).toBe(false)
    // c-wang's own card in the same answer is whole
    expect((result.state as { phone?: string }).phone).toBe(REFEREE_PHONE)

    // the same command by a supervisor's key: the referral line unmasked
    await call(api, "POST", "/referrals", {
      key: keys.supervisor,
      body: registration("ref-m2", "+8613512345678", "c-li")
    })
    const bySupervisor = await call(api, "POST", "/cards", {
      key: keys.supervisor,
      body: openCard("card-m3", { phone: "+8613512345678", at: at("2026-11-23T11:00:00+08:00") })
    })
    expect(bySupervisor.status, bySupervisor.text).toBe(201)
    const seen = bySupervisor.json.referrals.find((r: { referralId: string }) => r.referralId === "ref-m2")
    expect(seen.state.registration.referee).toEqual({ name: REFEREE_NAME, phone: "+8613512345678" })
  })
})

describe("the request log", () => {
  it("never carries a phone, a name or a note: one line per request with ids only", async () => {
    // a refused body with personal data, and queries with it, are not logged either
    const bad = await call(api, "POST", "/cards/card-m1/commands", { key: keys.wang, body: contact("c-li") })
    expect(bad.status).toBe(403)
    const badPhone = await call(api, "POST", "/cards", {
      key: keys.wang,
      body: { ...openCard("card-bad"), phone: "13812345678x", note: NOTE }
    })
    expect(badPhone.status).toBe(400)
    const search = await call(api, "GET", `/referrals?refereePhone=${encodeURIComponent(REFEREE_PHONE)}`, {
      key: keys.supervisor
    })
    expect(search.status).toBe(200)
    expect(logs.length).toBeGreaterThan(10)
    for (const line of logs) expect(shows(JSON.stringify(line)), JSON.stringify(line)).toBe(false)
  })
})
