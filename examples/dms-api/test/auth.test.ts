// The auth matrix: every route × no key, an unknown key, a key of another dealer group, a key of
// another store, and a consultant's key on another consultant's card. The tenant comes from the
// key: nothing of grp-east/store-01 (c-wang's card, its phone, its referral) ever shows, nothing
// changes, and single resources answer 404 whether or not they exist elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Api, at, call, openCard, startApi, wang } from "./harness.js"

let api: Api
const logLines: Array<string> = []
const keys: Record<string, string> = {}
const PHONE = "+8613811112222"

beforeAll(async () => {
  api = await startApi({ onLog: (line) => logLines.push(JSON.stringify(line)) })
  keys.owner = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
  keys.groupAdmin = await api.key({ dealerGroupId: "grp-east", role: "admin" })
  keys.wrongGroup = await api.key({ dealerGroupId: "grp-west", storeId: "store-01", role: "admin" })
  keys.wrongStore = await api.key({ dealerGroupId: "grp-east", storeId: "store-02", role: "admin" })
  keys.otherConsultant = await api.key({
    dealerGroupId: "grp-east",
    storeId: "store-01",
    role: "consultant",
    consultantId: "c-li"
  })
  const opened = await call(api, "POST", "/cards", {
    key: keys.owner,
    body: { ...openCard("card-secret", { phone: PHONE }), customerId: "cust-secret" }
  })
  expect(opened.status).toBe(201)
  // a complaint whose words name the customer: the complaint replies form must not show it outside
  const complaint = await call(api, "POST", "/cards/card-secret/commands", {
    key: keys.owner,
    body: {
      _tag: "RecordComplaint",
      by: wang,
      at: at("2026-11-22T11:00:00+08:00"),
      complaintId: "cp-secret",
      category: "service",
      severity: "medium",
      channel: "call",
      words: "cust-secret: 等了两个小时"
    }
  })
  expect(complaint.status, complaint.text).toBe(200)
  const ref = await call(api, "POST", "/referrals", {
    key: keys.owner,
    body: {
      on: "2026-11-22",
      registration: {
        referralId: "ref-secret",
        storeId: "store-01",
        consultantId: "c-wang",
        registeredOn: "2026-11-22",
        askedAt: "delivery",
        referrer: { kind: "ownedCustomer", id: "cust-secret", phone: PHONE },
        referee: { name: "王五", phone: "+8613911112222" }
      },
      context: { existing: [], earlierClaims: [] }
    }
  })
  expect(ref.status, ref.text).toBe(201)
  const visit = await call(api, "POST", "/visits", {
    key: keys.owner,
    body: {
      visits: [
        {
          tenant: { dealerGroupId: "grp-east", storeId: "store-01" },
          visitId: "v-secret",
          at: at("2026-11-22T10:00:00+08:00"),
          on: "2026-11-22",
          kind: "walkIn",
          ordinal: "first",
          consultant: "c-wang",
          phone: PHONE
        }
      ]
    }
  })
  expect(visit.status, visit.text).toBe(200)
})
afterAll(async () => {
  await api?.close()
})

interface Route {
  readonly name: string
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: unknown
  /** Single resources of grp-east/store-01: 404 to anyone outside. */
  readonly single?: boolean
}

const contact = {
  _tag: "LogContact",
  by: wang,
  at: at("2026-11-23T10:00:00+08:00"),
  channel: "call",
  outcome: "reached",
  evidence: {}
}
const routes: ReadonlyArray<Route> = [
  {
    name: "open card",
    method: "POST",
    path: "/cards",
    body: openCard("card-new", { phone: "+8613800009999" })
  },
  { name: "get card", method: "GET", path: "/cards/card-secret", single: true },
  { name: "list cards", method: "GET", path: "/cards" },
  { name: "card command", method: "POST", path: "/cards/card-secret/commands", body: contact, single: true },
  { name: "work list", method: "GET", path: "/work-lists/c-wang?date=2026-11-23" },
  { name: "care due", method: "GET", path: "/care-due?date=2026-12-31" },
  {
    name: "register referral",
    method: "POST",
    path: "/referrals",
    body: {
      on: "2026-11-22",
      registration: {
        referralId: "ref-new",
        storeId: "store-01",
        consultantId: "c-wang",
        registeredOn: "2026-11-22",
        askedAt: "delivery",
        referrer: { kind: "ownedCustomer", id: "cust-x", phone: "+8613800000001" },
        referee: { name: "赵六", phone: "+8613800000002" }
      },
      context: { existing: [], earlierClaims: [] }
    }
  },
  { name: "get referral", method: "GET", path: "/referrals/ref-secret", single: true },
  {
    name: "referral command",
    method: "POST",
    path: "/referrals/ref-secret/commands",
    body: { _tag: "Void", on: "2026-11-23", reason: "test" },
    single: true
  },
  { name: "find referrals", method: "GET", path: "/referrals?refereePhone=%2B8613911112222" },
  { name: "ledger", method: "GET", path: "/ledger" },
  { name: "settlement", method: "GET", path: "/settlements/2026-11" },
  {
    name: "close day",
    method: "POST",
    path: "/days/2026-11-30/close",
    body: { at: at("2026-11-30T23:30:00+08:00") }
  },
  { name: "settle", method: "POST", path: "/settlements/2026-11", body: { referralIds: ["ref-secret"] } },
  {
    name: "put policy",
    method: "POST",
    path: "/policies",
    body: { policyId: "p", version: 1, effectiveFrom: "2026-01-01", scope: { dealerGroupId: "grp-east" } }
  },
  { name: "policy in force", method: "GET", path: "/policies/in-force?on=2026-11-22" },
  {
    name: "check policy",
    method: "POST",
    path: "/policies/check",
    body: { policyId: "p", version: 1, effectiveFrom: "2026-01-01", scope: { dealerGroupId: "grp-east" } }
  },
  {
    name: "replay a draft policy",
    method: "POST",
    path: "/policies/replay",
    body: {
      draft: { policyId: "p", version: 1, effectiveFrom: "2026-01-01", scope: { dealerGroupId: "grp-east" } },
      from: "2026-11-01",
      to: "2026-11-30"
    }
  },
  {
    name: "record visits",
    method: "POST",
    path: "/visits",
    body: {
      visits: [
        {
          tenant: { dealerGroupId: "grp-east", storeId: "store-01" },
          visitId: "v-x",
          at: at("2026-11-22T11:00:00+08:00"),
          on: "2026-11-22",
          kind: "walkIn",
          ordinal: "first",
          consultant: "c-wang"
        }
      ]
    }
  },
  { name: "list visits", method: "GET", path: "/visits?from=2026-11-22" },
  { name: "daily report", method: "GET", path: "/reports/daily?from=2026-11-22" },
  { name: "control table", method: "GET", path: "/reports/control?consultantId=c-wang&month=2026-11" },
  { name: "card form", method: "GET", path: "/reports/card/card-secret", single: true },
  { name: "findings", method: "GET", path: "/reports/findings?on=2026-11-22" },
  { name: "analytics", method: "GET", path: "/reports/analytics?from=2026-11-01&to=2026-11-30" },
  { name: "complaint replies", method: "GET", path: "/reports/complaints?from=2026-11-01&to=2026-11-30" },
  { name: "voucher statistics", method: "GET", path: "/reports/vouchers?from=2026-01&to=2026-12" },
  { name: "outbox", method: "GET", path: "/outbox" },
  { name: "dispatch", method: "POST", path: "/dispatch/run-once" },
  {
    name: "register webhook",
    method: "POST",
    path: "/webhooks",
    body: { url: "http://127.0.0.1:9/hook", topics: ["card"] }
  },
  { name: "get webhook", method: "GET", path: "/webhooks" }
]

const stateOf = async () => {
  const card = await call(api, "GET", "/cards/card-secret", { key: keys.owner })
  const referral = await call(api, "GET", "/referrals/ref-secret", { key: keys.owner })
  const visits = await call(api, "GET", "/visits?from=2026-11-22", { key: keys.owner })
  return { card: card.json.version, referral: referral.json.version, visits: visits.json.length }
}

describe("the auth matrix", () => {
  it("answers 401 problem+json to every route without a key or with an unknown one", async () => {
    for (const route of routes) {
      for (const key of [undefined, "jpk_0000000000000000_nope", "garbage"]) {
        const r = await call(api, route.method, route.path, {
          ...(key === undefined ? {} : { key }),
          ...(route.body === undefined ? {} : { body: route.body })
        })
        expect(r.status, `${route.name} with ${key ?? "no key"}`).toBe(401)
        expect(r.headers.get("content-type")).toContain("application/problem+json")
        expect(r.json._tag).toBe("Unauthorized")
      }
    }
    const xApiKey = await fetch(`${api.url}/cards/card-secret`, {
      headers: { "x-api-key": keys.owner ?? "" }
    })
    expect(xApiKey.status).toBe(200)
  })

  for (const who of ["wrongGroup", "wrongStore", "otherConsultant"] as const) {
    it(`never shows or changes grp-east/store-01's records to ${who}`, async () => {
      const before = await stateOf()
      for (const route of routes) {
        const r = await call(api, route.method, route.path, {
          key: keys[who],
          ...(route.body === undefined ? {} : { body: route.body })
        })
        const label = `${who} ${route.method} ${route.path}: ${r.status} ${r.text.slice(0, 200)}`
        expect(r.status, label).not.toBe(500)
        expect(r.status, label).not.toBe(401)
        expect(r.text.includes(PHONE), label).toBe(false)
        expect(r.text.includes("cust-secret"), label).toBe(false)
        if (route.single) expect(r.status, label).toBe(404)
        if (r.status >= 400)
          expect(r.headers.get("content-type"), label).toContain("application/problem+json")
      }
      expect(await stateOf()).toEqual(before)
    })
  }

  it("logs one structured line per request, with its id and the key's, never a key, a phone or a query", async () => {
    const r = await call(api, "GET", `/cards?owner=c-wang&limit=7`, {
      key: keys.owner,
      headers: { "x-request-id": "req-test-1" }
    })
    expect(r.headers.get("x-request-id")).toBe("req-test-1")
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === "req-test-1")
    expect(line).toMatchObject({
      msg: "request",
      method: "GET",
      path: "/cards",
      status: 200,
      dealerGroupId: "grp-east"
    })
    expect(typeof line.keyId).toBe("string")
    expect(logLines.length).toBeGreaterThan(routes.length)
    for (const l of logLines) {
      expect(l.includes(PHONE)).toBe(false)
      expect(l.includes("jpk_")).toBe(false)
      expect(l.includes("limit=")).toBe(false)
    }
  })

  it("refuses a body naming another store (403) and a consultant acting as another (403)", async () => {
    const foreign = await call(api, "POST", "/cards", {
      key: keys.wrongStore,
      body: openCard("card-x", { store: "store-01" })
    })
    expect(foreign.status).toBe(403)
    expect(foreign.json._tag).toBe("TenantMismatch")
    const impostor = await call(api, "POST", "/cards", {
      key: keys.otherConsultant,
      body: openCard("card-y", { owner: "c-wang" })
    })
    expect(impostor.status).toBe(403)
    const actingAsBoss = await call(api, "POST", "/cards", {
      key: keys.otherConsultant,
      body: { ...openCard("card-z", { owner: "c-li" }), by: { id: "s-zhao", role: "supervisor" } }
    })
    expect(actingAsBoss.status).toBe(403)
    const storeRequired = await call(api, "GET", "/cards/card-secret", { key: keys.groupAdmin })
    expect(storeRequired.status).toBe(403)
    const groupList = await call(api, "GET", "/cards", { key: keys.groupAdmin })
    expect(groupList.status).toBe(200)
    expect(groupList.text.includes("card-secret")).toBe(true)
  })
})
