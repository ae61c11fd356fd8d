// Personal data over HTTP (PIPL, issue #19) on the real server and the typed client: the erasure
// (supervisor and admin keys; a legal hold answers 409 ErasureRefused with its holds; the phone gone
// from every answer afterwards), the access export (JSON, and the person's XLSX copy whose unmask
// is in the audit log), the audit log's filters and pages, consents recorded and withdrawn; the
// base-visit plan's endpoints with the report endpoints' access rules; and RecordBroadBase, a
// card-opening command, checked as OpenCard is.
import { Effect } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient } from "../src/Client.js"
import { type Api, at, call, openCard, startApi, wang } from "./harness.js"

let api: Api
const keys = { wang: "", li: "", supervisor: "", admin: "" }
const tenant = { dealerGroupId: "grp-east", storeId: "store-01" }

const PHONE = "+8613811112222"
const HELD_PHONE = "+8613833334444"
const CONSENT_PHONE = "+8613855556666"

const client = <A, E>(
  key: string,
  f: (c: Effect.Success<ReturnType<typeof makeClient>>) => Effect.Effect<A, E>
) =>
  Effect.runPromise(
    Effect.flatMap(makeClient({ baseUrl: api.url, apiKey: key }), f).pipe(
      Effect.provide(FetchHttpClient.layer)
    )
  )

const erasure = (phone: string, erasureId: string) => ({
  phone,
  reason: "PIPL request 2026-118",
  at: at("2026-12-07T10:00:00+08:00"),
  erasureId
})

beforeAll(async () => {
  api = await startApi()
  keys.wang = await api.key({ ...tenant, role: "consultant", consultantId: "c-wang" })
  keys.li = await api.key({ ...tenant, role: "consultant", consultantId: "c-li" })
  keys.supervisor = await api.key({ ...tenant, role: "supervisor" })
  keys.admin = await api.key({ ...tenant, role: "admin" })
  for (const [cardId, phone] of [
    ["card-p1", PHONE],
    ["card-p2", HELD_PHONE]
  ] as const) {
    const opened = await call(api, "POST", "/cards", { key: keys.wang, body: openCard(cardId, { phone }) })
    expect(opened.status, opened.text).toBe(201)
  }
  const order = await call(api, "POST", "/cards/card-p2/commands", {
    key: keys.wang,
    body: { _tag: "PlaceOrder", by: wang, at: at("2026-11-24T10:00:00+08:00"), orderId: "SO-9", model: "GL8" }
  })
  expect(order.status, order.text).toBe(200)
})
afterAll(async () => {
  await api?.close()
})

describe("POST /privacy/erasures", () => {
  it("refuses a consultant's key (403), bad input (400 naming the path) and a legal hold (409 with its holds)", async () => {
    const consultant = await call(api, "POST", "/privacy/erasures", {
      key: keys.wang,
      body: erasure(PHONE, "erase-w")
    })
    expect(consultant.status).toBe(403)
    expect(consultant.json._tag).toBe("Forbidden")

    const bad = await call(api, "POST", "/privacy/erasures", {
      key: keys.supervisor,
      body: { ...erasure("not a phone", "erase bad id"), reason: "" }
    })
    expect(bad.status).toBe(400)
    expect(bad.headers.get("content-type")).toContain("application/problem+json")
    const paths = (bad.json.errors as ReadonlyArray<{ path: string }>).map((e) => e.path)
    expect(paths).toEqual(expect.arrayContaining(["payload.phone", "payload.reason", "payload.erasureId"]))

    const held = await call(api, "POST", "/privacy/erasures", {
      key: keys.supervisor,
      headers: { "accept-language": "zh-CN" },
      body: erasure(HELD_PHONE, "erase-held")
    })
    expect(held.status, held.text).toBe(409)
    expect(held.json._tag).toBe("ErasureRefused")
    expect(held.json.data.reason).toBe("openOrder")
    expect(held.json.data.holds).toEqual([{ kind: "card", storeId: "store-01", id: "card-p2" }])
    expect(held.json.detail).toContain("card-p2")
    expect(held.text).not.toContain("13833334444")
    // nothing was erased
    const card = await call(api, "GET", "/cards/card-p2", { key: keys.supervisor })
    expect(card.json.state.phone).toBe(HELD_PHONE)
  })

  it("erases the person: their phone is gone from what the API returns afterwards", async () => {
    const erased = await client(keys.supervisor, (c) =>
      c.privacy.erase({ headers: {}, payload: erasure(PHONE, "erase-1") as never })
    )
    expect(erased.erasureId).toBe("erase-1")
    expect(erased.cards).toEqual([{ tenant, cardId: "card-p1" }])

    const card = await call(api, "GET", "/cards/card-p1", { key: keys.supervisor })
    expect(card.status).toBe(200)
    expect(card.json.state.status).toBeDefined()
    expect(card.text).not.toContain("13811112222")
    const list = await call(api, "GET", "/cards?limit=500", { key: keys.supervisor })
    expect(list.text).not.toContain("13811112222")
    expect(list.text).toContain("card-p1")
    const exported = await call(api, "POST", "/privacy/exports", {
      key: keys.supervisor,
      body: {
        phone: PHONE,
        reason: "after the erasure",
        at: at("2026-12-07T11:00:00+08:00"),
        accessId: "access-after"
      }
    })
    expect(exported.status, exported.text).toBe(200)
    expect(exported.json.cards).toEqual([])

    // again with the same id: the same erasure, nothing new in the audit log
    const again = await call(api, "POST", "/privacy/erasures", {
      key: keys.admin,
      body: erasure(PHONE, "erase-1")
    })
    expect(again.status, again.text).toBe(200)
  })
})

describe("a store's key and a person of another store", () => {
  it("refuses to erase or export them (403 naming the store), which a group-wide key does", async () => {
    const other = { dealerGroupId: "grp-east", storeId: "store-02" }
    const otherKey = await api.key({ ...other, role: "supervisor" })
    const groupKey = await api.key({ dealerGroupId: "grp-east", role: "admin" })
    const phone = "+8613877778888"
    const opened = await call(api, "POST", "/cards", {
      key: otherKey,
      body: openCard("card-o1", { phone, store: "store-02" })
    })
    expect(opened.status, opened.text).toBe(201)
    const exportBody = {
      phone,
      reason: "PIPL access 2026-130",
      at: at("2026-12-07T10:00:00+08:00"),
      accessId: "acc-o1"
    }
    for (const [path, body] of [
      ["/privacy/erasures", erasure(phone, "erase-o1")],
      ["/privacy/exports", exportBody]
    ] as const) {
      const refused = await call(api, "POST", path, { key: keys.supervisor, body })
      expect(refused.status, refused.text).toBe(403)
      expect(refused.json._tag).toBe("Forbidden")
      expect(refused.json.detail).toContain("store-02")
    }
    // nothing was erased: the other store still reads its card's phone
    const card = await call(api, "GET", "/cards/card-o1", { key: otherKey })
    expect(card.json.state.phone).toBe(phone)
    const exported = await call(api, "POST", "/privacy/exports", { key: groupKey, body: exportBody })
    expect(exported.status, exported.text).toBe(200)
    expect(exported.json.cards.map((c: { cardId: string }) => c.cardId)).toEqual(["card-o1"])
    const erased = await call(api, "POST", "/privacy/erasures", {
      key: groupKey,
      body: erasure(phone, "erase-o1")
    })
    expect(erased.status, erased.text).toBe(200)
    expect(erased.json.cards).toEqual([{ tenant: other, cardId: "card-o1" }])
  })
})

describe("POST /privacy/exports", () => {
  it("answers everything held about the person as JSON, and refuses a consultant and bad input", async () => {
    const body = {
      phone: "138-3333-4444",
      reason: "PIPL access request 2026-120",
      at: at("2026-12-07T12:00:00+08:00"),
      accessId: "access-120"
    }
    const json = await call(api, "POST", "/privacy/exports", { key: keys.supervisor, body })
    expect(json.status, json.text).toBe(200)
    expect(json.json.phone).toBe(HELD_PHONE)
    expect(json.json.cards.map((c: { cardId: string }) => c.cardId)).toEqual(["card-p2"])
    expect(json.json.cards[0].card.history.map((e: { _tag: string }) => e._tag)).toEqual([
      "CardOpened",
      "OrderPlaced"
    ])

    const consultant = await call(api, "POST", "/privacy/exports", { key: keys.wang, body })
    expect(consultant.status).toBe(403)
    const bad = await call(api, "POST", "/privacy/exports", {
      key: keys.supervisor,
      body: { ...body, at: "noon", extra: 1 }
    })
    expect(bad.status).toBe(400)
    expect((bad.json.errors as ReadonlyArray<{ path: string }>).map((e) => e.path)).toEqual(
      expect.arrayContaining(["payload.at"])
    )
    const csv = await call(api, "POST", "/privacy/exports", {
      key: keys.supervisor,
      body,
      headers: { accept: "text/csv" }
    })
    expect(csv.status).toBe(406)
  })

  it("answers the person's own XLSX copy, unmasked, its unmask written to the audit log", async () => {
    const response = await fetch(`${api.url}/privacy/exports`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${keys.supervisor}`,
        "content-type": "application/json",
        accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      },
      body: JSON.stringify({
        phone: HELD_PHONE,
        reason: "the customer's own copy",
        at: at("2026-12-07T13:00:00+08:00"),
        accessId: "access-121"
      })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("spreadsheetml")
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe("PK")

    const audit = await call(api, "GET", "/privacy/audit?action=unmask", { key: keys.supervisor })
    expect(audit.status, audit.text).toBe(200)
    const unmasks = audit.json.records as ReadonlyArray<Record<string, unknown>>
    expect(unmasks.length).toBeGreaterThan(0)
    for (const r of unmasks) {
      expect(r).toMatchObject({
        action: "unmask",
        output: "xlsx",
        reason: "the customer's own copy",
        viewer: { role: "supervisor" }
      })
    }
    expect(audit.text).not.toContain("13833334444")
  })
})

describe("GET /privacy/audit", () => {
  it("lists the erasure and the exports, filtered by action and window, a page at a time", async () => {
    const page = await client(keys.admin, (c) => c.privacy.audit({ query: { action: ["erase", "export"] } }))
    const ids = page.records.map((r) => `${r.action}:${r.id}`)
    expect(ids).toEqual(expect.arrayContaining(["erase:erase-1", "export:access-120", "export:access-after"]))
    expect(ids.filter((id) => id === "erase:erase-1")).toHaveLength(1)
    const erase = page.records.find((r) => r.id === "erase-1")
    expect(erase?.reason).toBe("PIPL request 2026-118")
    expect(erase?.viewer.role).toBe("supervisor")

    // pages of one, following next
    const seen: Array<string> = []
    let cursor: string | undefined
    for (let i = 0; i < 10; i++) {
      const r = await call(
        api,
        "GET",
        `/privacy/audit?action=export&limit=1${cursor === undefined ? "" : `&cursor=${cursor}`}`,
        {
          key: keys.supervisor
        }
      )
      expect(r.status, r.text).toBe(200)
      seen.push(...r.json.records.map((x: { id: string }) => x.id))
      cursor = r.json.next
      if (cursor === undefined) break
    }
    expect(seen).toEqual(expect.arrayContaining(["access-120", "access-121", "access-after"]))
    expect(new Set(seen).size).toBe(seen.length)

    const window = await call(
      api,
      "GET",
      `/privacy/audit?from=${at("2026-12-07T11:30:00+08:00")}&to=${at("2026-12-07T12:30:00+08:00")}`,
      { key: keys.supervisor }
    )
    expect(window.json.records.map((r: { id: string }) => r.id)).toEqual(["access-120"])
  })

  it("refuses a consultant's key, bad filters and another store", async () => {
    expect((await call(api, "GET", "/privacy/audit", { key: keys.wang })).status).toBe(403)
    const bad = await call(api, "GET", "/privacy/audit?limit=0&action=peek", { key: keys.supervisor })
    expect(bad.status).toBe(400)
    expect((bad.json.errors as ReadonlyArray<{ path: string }>).map((e) => e.path)).toEqual(
      expect.arrayContaining(["query.limit"])
    )
    expect(bad.text).toContain("query.action")
    const other = await call(api, "GET", "/privacy/audit?storeId=store-02", { key: keys.supervisor })
    expect(other.status).toBe(403)
    expect(other.json._tag).toBe("TenantMismatch")
  })
})

describe("consents", () => {
  const entry = (id: string, status: "granted" | "withdrawn", iso: string, capturedBy = "c-wang") => ({
    id,
    phone: "138 5555 6666",
    purpose: "marketing",
    channel: "sms",
    status,
    at: at(iso),
    evidence: { capturedBy, formId: "F-2026-0001" }
  })

  it("records a consent and its withdrawal, visible in time order via GET", async () => {
    const granted = await call(api, "POST", "/privacy/consents", {
      key: keys.wang,
      body: { entries: [entry("consent-1", "granted", "2026-12-01T10:00:00+08:00")] }
    })
    expect(granted.status, granted.text).toBe(200)
    expect(granted.json).toEqual({ recorded: 1 })
    const withdrawn = await call(api, "POST", "/privacy/consents", {
      key: keys.supervisor,
      body: { entries: [entry("consent-2", "withdrawn", "2026-12-05T10:00:00+08:00", "dcrc-zhou")] }
    })
    expect(withdrawn.status, withdrawn.text).toBe(200)

    const read = await client(keys.supervisor, (c) =>
      c.privacy.consents({ query: { phone: CONSENT_PHONE as never } })
    )
    expect(read.map((c) => [c.id, c.status])).toEqual([
      ["consent-1", "granted"],
      ["consent-2", "withdrawn"]
    ])
    expect(read[0]?.phone).toBe(CONSENT_PHONE)
    expect(read[0]?.dealerGroupId).toBe("grp-east")
  })

  it("refuses a consultant reading consents, recording another's capture, and bad input", async () => {
    const read = await call(api, "GET", `/privacy/consents?phone=${encodeURIComponent(CONSENT_PHONE)}`, {
      key: keys.wang
    })
    expect(read.status).toBe(403)
    expect(read.text).not.toContain("13855556666")
    const other = await call(api, "POST", "/privacy/consents", {
      key: keys.wang,
      body: { entries: [entry("consent-3", "granted", "2026-12-06T10:00:00+08:00", "c-li")] }
    })
    expect(other.status).toBe(403)
    expect(other.json.errors[0].path).toBe("payload.entries.0.evidence.capturedBy")
    const bad = await call(api, "POST", "/privacy/consents", {
      key: keys.supervisor,
      body: { entries: [{ ...entry("consent-4", "granted", "2026-12-06T10:00:00+08:00"), purpose: "spam" }] }
    })
    expect(bad.status).toBe(400)
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toContain("payload.entries.0.purpose")
    const badPhone = await call(api, "GET", "/privacy/consents?phone=12", { key: keys.supervisor })
    expect(badPhone.status).toBe(400)
    expect(badPhone.json.errors[0].path).toBe("query.phone")
  })

  it("is redacted by the erasure of the person", async () => {
    const erased = await call(api, "POST", "/privacy/erasures", {
      key: keys.admin,
      body: erasure(CONSENT_PHONE, "erase-consent")
    })
    expect(erased.status, erased.text).toBe(200)
    expect(erased.json.consents).toBe(2)
    const read = await call(api, "GET", `/privacy/consents?phone=${encodeURIComponent(CONSENT_PHONE)}`, {
      key: keys.supervisor
    })
    expect(read.status).toBe(200)
    expect(read.json).toEqual([])
  })
})

describe("the base-visit plan", () => {
  beforeAll(async () => {
    for (const [cardId, owner, key] of [
      ["card-v1", "c-wang", keys.wang],
      ["card-v2", "c-li", keys.li]
    ] as const) {
      const opened = await call(api, "POST", "/cards", { key, body: openCard(cardId, { owner }) })
      expect(opened.status, opened.text).toBe(201)
      const planned = await call(api, "POST", `/cards/${cardId}/commands`, {
        key,
        body: {
          _tag: "PlanVisit",
          by: { id: owner, role: "consultant" },
          at: at("2026-11-25T10:00:00+08:00"),
          month: "2026-12",
          week: 1,
          means: "call"
        }
      })
      expect(planned.status, planned.text).toBe(200)
    }
  })

  it("GET /reports/visit-plan: every consultant for a supervisor, a consultant's own line for its key", async () => {
    const all = await client(keys.supervisor, (c) =>
      c.reports.visitPlan({ query: { month: "2026-12" as never } })
    )
    expect(all.map((r) => r.consultantId).sort()).toEqual(["c-li", "c-wang"])
    expect(all.find((r) => r.consultantId === "c-wang")?.planned).toBe(1)
    const own = await call(api, "GET", "/reports/visit-plan?month=2026-12&asOf=2026-12-02", {
      key: keys.wang
    })
    expect(own.status, own.text).toBe(200)
    expect(own.json.map((r: { consultantId: string }) => r.consultantId)).toEqual(["c-wang"])
    const bad = await call(api, "GET", "/reports/visit-plan?month=2026-13", { key: keys.supervisor })
    expect(bad.status).toBe(400)
    expect(bad.json.errors[0].path).toBe("query.month")
  })

  it("GET /reports/visit-plan/suggestion: a consultant's key asks only for its own", async () => {
    const own = await call(api, "GET", "/reports/visit-plan/suggestion?consultantId=c-wang&month=2026-11", {
      key: keys.wang
    })
    expect(own.status, own.text).toBe(200)
    expect(Array.isArray(own.json)).toBe(true)
    expect(own.json.map((v: { cardId: string }) => v.cardId)).toContain("card-v1")
    expect(own.json.map((v: { cardId: string }) => v.cardId)).not.toContain("card-v2")
    const other = await call(api, "GET", "/reports/visit-plan/suggestion?consultantId=c-li&month=2026-11", {
      key: keys.wang
    })
    expect(other.status).toBe(403)
    const supervisor = await client(keys.supervisor, (c) =>
      c.reports.visitPlanSuggestion({ query: { consultantId: "c-li" as never, month: "2026-11" as never } })
    )
    expect(supervisor.map((v) => v.cardId)).toContain("card-v2")
    const missing = await call(api, "GET", "/reports/visit-plan/suggestion?month=2026-11", {
      key: keys.supervisor
    })
    expect(missing.status).toBe(400)
    expect(missing.json.errors[0].path).toBe("query.consultantId")
  })
})

describe("RecordBroadBase, a card-opening command", () => {
  const broadBase = (cardId: string, owner: string, storeId = "store-01") => ({
    _tag: "RecordBroadBase",
    cardId,
    storeId,
    customerId: `cust-${cardId}`,
    phone: `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    owner,
    kind: "otherBrandOwner",
    source: "outbound",
    vehicle: { brand: "Toyota", model: "Camry", vin: "" },
    boughtOn: "2022-05-01",
    by: { id: owner, role: "consultant" },
    at: at("2026-11-26T10:00:00+08:00")
  })

  it("a consultant's key records a broad-base card for itself (201)", async () => {
    const r = await call(api, "POST", "/cards/card-bb1/commands", {
      key: keys.wang,
      body: broadBase("card-bb1", "c-wang")
    })
    expect(r.status, r.text).toBe(201)
    expect(r.headers.get("etag")).toBe('"1"')
    expect(r.json.state.owner).toBe("c-wang")
    const read = await call(api, "GET", "/cards/card-bb1", { key: keys.wang })
    expect(read.status).toBe(200)
  })

  it("is refused for another consultant or another store, as OpenCard is", async () => {
    const other = await call(api, "POST", "/cards/card-bb2/commands", {
      key: keys.wang,
      body: { ...broadBase("card-bb2", "c-li"), by: wang }
    })
    expect(other.status).toBe(403)
    expect(other.json._tag).toBe("Forbidden")
    const actor = await call(api, "POST", "/cards/card-bb3/commands", {
      key: keys.wang,
      body: broadBase("card-bb3", "c-li")
    })
    expect(actor.status).toBe(403)
    const store = await call(api, "POST", "/cards/card-bb4/commands", {
      key: keys.wang,
      body: broadBase("card-bb4", "c-wang", "store-02")
    })
    expect(store.status).toBe(403)
    expect(store.json._tag).toBe("TenantMismatch")
    for (const id of ["card-bb2", "card-bb3", "card-bb4"])
      expect((await call(api, "GET", `/cards/${id}`, { key: keys.supervisor })).status).toBe(404)
    // a supervisor records one for a consultant
    const supervisor = await call(api, "POST", "/cards/card-bb5/commands", {
      key: keys.supervisor,
      body: broadBase("card-bb5", "c-li")
    })
    expect(supervisor.status, supervisor.text).toBe(201)
  })
})
