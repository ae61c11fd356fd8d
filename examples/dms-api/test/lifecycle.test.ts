// A whole card lifecycle and a referral through the API, with plain fetch and JSON (no client
// library), as a DMS in any language would; then the reports, the ledger, the settlement, the
// policies, the visit log, and a webhook delivered through the outbox.
import { createServer, type Server } from "node:http"
import { WebhookSignature } from "@jipan/notify-webhook"
import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Api, at, call, openCard, startApi, vin, wang } from "./harness.js"

let api: Api
let supervisor: string
let admin: string
let consultant: string
let receiver: Server
let receiverUrl: string
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = []

beforeAll(async () => {
  api = await startApi()
  supervisor = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
  admin = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "admin" })
  consultant = await api.key({
    dealerGroupId: "grp-east",
    storeId: "store-01",
    role: "consultant",
    consultantId: "c-wang"
  })
  receiver = createServer((req, res) => {
    let body = ""
    req.on("data", (c) => {
      body += c
    })
    req.on("end", () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200).end("ok")
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  const address = receiver.address()
  receiverUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/hook`
})
afterAll(async () => {
  await api?.close()
  receiver?.close()
})

describe("a card's whole life over HTTP", () => {
  it("registers a webhook for card and referral events (admin key, secret shown once)", async () => {
    const r = await call(api, "POST", "/webhooks", {
      key: admin,
      body: { url: receiverUrl, topics: ["card", "referral"], secret: "whsec_test_0123456789abcdef" }
    })
    expect(r.status).toBe(201)
    expect(r.json.secret).toBe("whsec_test_0123456789abcdef")
    const read = await call(api, "GET", "/webhooks", { key: supervisor })
    expect(read.status).toBe(200)
    expect(read.json.secret).toBeUndefined()
  })

  it("opens, contacts, orders, delivers: ETag follows the version, care contacts come due", async () => {
    const opened = await call(api, "POST", "/cards", {
      key: consultant,
      body: openCard("card-life", { phone: "+8613800001111" })
    })
    expect(opened.status).toBe(201)
    expect(opened.headers.get("etag")).toBe('"1"')
    expect(opened.json.state.status).toBe("prospect")

    const contact = await call(api, "POST", "/cards/card-life/commands", {
      key: consultant,
      headers: { "if-match": '"1"' },
      body: {
        _tag: "LogContact",
        by: wang,
        at: at("2026-11-23T10:00:00+08:00"),
        channel: "call",
        outcome: "reached",
        evidence: { purchaseTimeframeDays: 5, modelChosen: true, testDriveDone: true, budgetSettled: true }
      }
    })
    expect(contact.status).toBe(200)
    expect(contact.headers.get("etag")).toBe('"2"')
    expect(contact.json.events.map((e: { _tag: string }) => e._tag)).toContain("ContactLogged")

    const order = await call(api, "POST", "/cards/card-life/commands", {
      key: consultant,
      body: {
        _tag: "PlaceOrder",
        by: wang,
        at: at("2026-11-24T10:00:00+08:00"),
        orderId: "SO-1",
        model: "GL8"
      }
    })
    expect(order.status).toBe(200)
    expect(order.json.state.status).toBe("ordered")

    const deliver = await call(api, "POST", "/cards/card-life/commands", {
      key: consultant,
      body: {
        _tag: "Deliver",
        by: wang,
        at: at("2026-11-30T10:00:00+08:00"),
        vehicle: { brand: "Buick", model: "GL8", vin: vin(1) },
        deliveredOn: "2026-11-30"
      }
    })
    expect(deliver.status, deliver.text).toBe(200)
    expect(deliver.json.state.status).toBe("owned")

    const card = await call(api, "GET", "/cards/card-life", { key: supervisor })
    expect(card.status).toBe(200)
    expect(card.headers.get("etag")).toBe(`"${card.json.version}"`)
    expect(card.json.history.length).toBe(card.json.version)
    const unchanged = await call(api, "GET", "/cards/card-life", {
      key: supervisor,
      headers: { "if-none-match": card.headers.get("etag") ?? "" }
    })
    expect(unchanged.status).toBe(304)

    const care = await call(api, "GET", "/care-due?date=2026-12-31", { key: supervisor })
    expect(care.status).toBe(200)
    expect(care.json.some((c: { cardId: string }) => c.cardId === "card-life")).toBe(true)

    // a refusal of the decider is a 422 problem with the core's tag
    const again = await call(api, "POST", "/cards/card-life/commands", {
      key: consultant,
      headers: { "accept-language": "zh-CN,zh;q=0.9" },
      body: {
        _tag: "PlaceOrder",
        by: wang,
        at: at("2026-12-01T10:00:00+08:00"),
        orderId: "SO-2",
        model: "GL8"
      }
    })
    expect(again.status).toBe(422)
    expect(again.headers.get("content-type")).toContain("application/problem+json")
    expect(again.json._tag).toBe("TransitionNotAllowed")
    expect(again.json.detail).toMatch(/[\u4e00-\u9fff]/)
  })

  it("lists cards by filter in cursor pages, and a consultant's work list", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await call(api, "POST", "/cards", {
        key: supervisor,
        body: openCard(`card-list-${i}`, { owner: i % 2 === 0 ? "c-wang" : "c-li" })
      })
      expect(r.status).toBe(201)
    }
    const seen: Array<string> = []
    let cursor: string | undefined
    do {
      const page = await call(
        api,
        "GET",
        `/cards?status=prospect&limit=2${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
        { key: supervisor }
      )
      expect(page.status).toBe(200)
      expect(page.json.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.json.items.map((c: { cardId: string }) => c.cardId))
      cursor = page.json.next
    } while (cursor !== undefined)
    expect(seen.filter((id) => id.startsWith("card-list-")).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `card-list-${i}`)
    )
    const mine = await call(api, "GET", "/cards?limit=100", { key: consultant })
    expect(mine.json.items.every((c: { owner: string }) => c.owner === "c-wang")).toBe(true)

    const work = await call(api, "GET", "/work-lists/c-wang?date=2026-11-23", { key: consultant })
    expect(work.status).toBe(200)
    expect(work.json.dueToday.length + work.json.overdue.length).toBeGreaterThan(0)
  })

  it("serves the forms as JSON, CSV or XLSX by Accept, and 406 otherwise", async () => {
    const json = await call(api, "GET", "/reports/daily?from=2026-11-22&to=2026-11-30", { key: supervisor })
    expect(json.status).toBe(200)
    expect(json.headers.get("content-type")).toContain("application/json")
    const csv = await call(api, "GET", "/reports/daily?from=2026-11-22", {
      key: supervisor,
      headers: { accept: "text/csv", "accept-language": "en" }
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get("content-type")).toContain("text/csv")
    expect(csv.text.split("\n").length).toBeGreaterThan(1)
    const xlsx = await fetch(`${api.url}/reports/card/card-life`, {
      headers: {
        authorization: `Bearer ${supervisor}`,
        accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      }
    })
    expect(xlsx.status).toBe(200)
    const bytes = new Uint8Array(await xlsx.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]) // a zip
    for (const path of [
      "/reports/control?consultantId=c-wang&month=2026-11",
      "/reports/findings?on=2026-11-30&from=2026-11-22",
      "/reports/analytics?from=2026-11-01&to=2026-11-30"
    ]) {
      const r = await call(api, "GET", path, { key: supervisor })
      expect(r.status, `${path}: ${r.text.slice(0, 300)}`).toBe(200)
    }
    const refused = await call(api, "GET", "/reports/daily?from=2026-11-22", {
      key: supervisor,
      headers: { accept: "image/png" }
    })
    expect(refused.status).toBe(406)
    const forbidden = await call(api, "GET", "/reports/findings?on=2026-11-30", { key: consultant })
    expect(forbidden.status).toBe(403)
  })
})

describe("a referral over HTTP", () => {
  const registration = {
    referralId: "ref-1",
    storeId: "store-01",
    consultantId: "c-wang",
    registeredOn: "2026-10-05",
    askedAt: "delivery",
    referrer: {
      kind: "ownedCustomer",
      id: "cust-1",
      phone: "+8613812345678",
      customerId: "cust-1",
      deliveryId: "d-1"
    },
    referee: { name: "李四", phone: "+8613987654321" }
  }
  it("registers, is ordered, delivered, approved and rewarded; the ledger and the settlement show it", async () => {
    const registered = await call(api, "POST", "/referrals", {
      key: consultant,
      body: {
        on: "2026-10-05",
        registration,
        context: {
          existing: [],
          earlierClaims: [],
          refereeConfirmation: { on: "2026-10-06", namedReferrerId: "cust-1" },
          phoneAudit: { on: "2026-10-06", outcome: "realProspect" }
        }
      }
    })
    expect(registered.status, registered.text).toBe(201)
    const steps = [
      { key: consultant, body: { _tag: "RecordRefereeOrder", on: "2026-10-20", orderId: "o-9" } },
      {
        key: supervisor,
        body: {
          _tag: "RecordRefereeDelivery",
          on: "2026-11-10",
          deliveryId: "d-9",
          saleKind: "retail",
          units: 1,
          capUsage: { count: 0, valueFen: 0 }
        }
      },
      { key: supervisor, body: { _tag: "Approve", on: "2026-12-11" } },
      {
        key: supervisor,
        body: { _tag: "IssueReward", on: "2026-12-12", voucherId: "v-1", choiceId: "accessories" }
      }
    ]
    for (const step of steps) {
      const r = await call(api, "POST", "/referrals/ref-1/commands", step)
      expect(r.status, r.text).toBe(200)
    }
    const consultantApproves = await call(api, "POST", "/referrals/ref-1/commands", {
      key: consultant,
      body: { _tag: "RedeemReward", on: "2027-01-05" }
    })
    expect(consultantApproves.status).toBe(403)
    const read = await call(api, "GET", "/referrals/ref-1", { key: supervisor })
    expect(read.status).toBe(200)
    expect(read.json.history.length).toBe(read.json.version)
    const ledger = await call(api, "GET", "/ledger?month=2026-12", { key: supervisor })
    expect(ledger.status).toBe(200)
    expect(ledger.json.some((r: { entry: { kind: string } }) => r.entry.kind === "issued")).toBe(true)
    const settlement = await call(api, "POST", "/settlements/2026-12", { key: supervisor, body: {} })
    expect(settlement.status, settlement.text).toBe(200)
    expect(settlement.json.month ?? settlement.json.lines).toBeDefined()
  })
})

describe("policies, visits and the outbox", () => {
  const document = {
    policyId: "grp-east-sales",
    version: 1,
    effectiveFrom: "2026-01-01",
    scope: { dealerGroupId: "grp-east" },
    firstContact: { thankYouMessageWithinHours: 2, firstCallWithinDays: 1 }
  }
  it("checks a draft, puts a version (admin, own group only), reads the policy in force", async () => {
    const check = await call(api, "POST", "/policies/check", { key: supervisor, body: document })
    expect(check.status, check.text).toBe(200)
    expect(Array.isArray(check.json.findings)).toBe(true)
    expect((await call(api, "POST", "/policies", { key: supervisor, body: document })).status).toBe(403)
    const other = await call(api, "POST", "/policies", {
      key: admin,
      body: { ...document, scope: { dealerGroupId: "grp-west" } }
    })
    expect(other.status).toBe(403)
    // the group's document needs a group-wide admin key; a store-scoped one puts only its store's override
    expect((await call(api, "POST", "/policies", { key: admin, body: document })).status).toBe(403)
    const groupAdmin = await api.key({ dealerGroupId: "grp-east", role: "admin" })
    const put = await call(api, "POST", "/policies", { key: groupAdmin, body: document })
    expect(put.status, put.text).toBe(201)
    const store = {
      ...document,
      policyId: "store-01-sales",
      scope: { dealerGroupId: "grp-east", storeId: "store-01" }
    }
    expect((await call(api, "POST", "/policies", { key: admin, body: store })).status).toBe(201)
    const inForce = await call(api, "GET", "/policies/in-force?on=2026-12-01", { key: consultant })
    expect(inForce.status, inForce.text).toBe(200)
    expect(inForce.json.timeZone).toBeDefined()
  })

  it("replays a draft over the stored histories (the policy lab): the policy in force differs in nothing", async () => {
    const draft = { ...document, policyId: "grp-east-draft", effectiveFrom: "2026-11-01" }
    const replay = await call(api, "POST", "/policies/replay", {
      key: supervisor,
      body: { draft, from: "2026-11-01", to: "2026-11-30" }
    })
    expect(replay.status, replay.text).toBe(200)
    expect(Array.isArray(replay.json.differences)).toBe(true)
    expect(replay.json.differences).toEqual([])
    const consultantTries = await call(api, "POST", "/policies/replay", {
      key: consultant,
      body: { draft, from: "2026-11-01", to: "2026-11-30" }
    })
    expect(consultantTries.status).toBe(403)
    const broken = await call(api, "POST", "/policies/replay", {
      key: supervisor,
      body: { draft, from: "2026-11-30", to: "2026-11-01" }
    })
    expect(broken.status).toBe(422)
    expect(broken.json._tag ?? broken.json.type).toBeDefined()
  })

  it("records the visit log (the key's tenant only) and lists it", async () => {
    const visit = {
      tenant: { dealerGroupId: "grp-east", storeId: "store-01" },
      visitId: "v-1",
      at: at("2026-11-22T10:00:00+08:00"),
      on: "2026-11-22",
      kind: "walkIn",
      ordinal: "first",
      consultant: "c-wang"
    }
    const r = await call(api, "POST", "/visits", { key: supervisor, body: { visits: [visit] } })
    expect(r.status, r.text).toBe(200)
    const foreign = await call(api, "POST", "/visits", {
      key: supervisor,
      body: {
        visits: [{ ...visit, visitId: "v-2", tenant: { dealerGroupId: "grp-east", storeId: "store-02" } }]
      }
    })
    expect(foreign.status).toBe(403)
    const list = await call(api, "GET", "/visits?from=2026-11-22", { key: supervisor })
    expect(list.json.map((v: { visitId: string }) => v.visitId)).toEqual(["v-1"])
  })

  it("delivers card and referral events to the webhook, signed, through the outbox", async () => {
    const pending = await call(api, "GET", "/outbox?status=pending", { key: supervisor })
    expect(pending.status).toBe(200)
    expect(pending.json.length).toBeGreaterThan(0)
    expect((await call(api, "POST", "/dispatch/run-once", { key: supervisor })).status).toBe(403)
    let sent = 0
    for (let i = 0; i < 10 && sent < pending.json.length; i++) {
      const run = await call(api, "POST", "/dispatch/run-once", { key: admin })
      expect(run.status, run.text).toBe(200)
      sent += run.json.sent
      if (run.json.claimed === 0) break
    }
    expect(received.length).toBeGreaterThan(0)
    const kinds = new Set(received.map((r) => JSON.parse(r.body).kind))
    expect(kinds.has("card.changed")).toBe(true)
    expect(kinds.has("referral.changed")).toBe(true)
    for (const r of received) {
      const verified = WebhookSignature.verifyWebhook({
        secret: "whsec_test_0123456789abcdef",
        headers: r.headers,
        body: r.body,
        now: new Date()
      })
      expect(Result.isSuccess(verified)).toBe(true)
    }
  })
})

describe("as a Java DMS would: plain HTTP and JSON, no helper", () => {
  it("opens a card with X-Api-Key, reads the ETag, sends a command, reads a problem", async () => {
    const base = api.url
    const json = "application/json"
    const open = await fetch(`${base}/cards`, {
      method: "POST",
      headers: { "X-Api-Key": supervisor, "Content-Type": json, "Idempotency-Key": "java-open-1" },
      body: JSON.stringify({
        _tag: "OpenCard",
        cardId: "card-java",
        storeId: "store-01",
        customerId: "cust-java",
        phone: "+8613700001234",
        owner: "c-li",
        source: "phoneIn",
        intent: "direct",
        evidence: { purchaseTimeframeDays: 20 },
        by: { id: "c-li", role: "consultant" },
        at: 1795312800000
      })
    })
    expect(open.status).toBe(201)
    const etag = open.headers.get("ETag")
    const opened = (await open.json()) as { version: number; state: { grade: string } }
    expect(etag).toBe(`"${opened.version}"`)
    const regrade = await fetch(`${base}/cards/card-java/commands`, {
      method: "POST",
      headers: { "X-Api-Key": supervisor, "Content-Type": json, "If-Match": etag ?? "" },
      body: JSON.stringify({
        _tag: "Regrade",
        by: { id: "s-zhao", role: "supervisor" },
        at: 1795316400000,
        grade: "Z",
        justification: "test"
      })
    })
    expect(regrade.status).toBe(422)
    expect(regrade.headers.get("Content-Type")).toContain("application/problem+json")
    const problem = (await regrade.json()) as { _tag: string; status: number; requestId: string }
    expect(problem.status).toBe(422)
    expect(problem._tag).toBe("UnknownGrade")
    expect(problem.requestId).toBe(regrade.headers.get("X-Request-Id"))
    const card = await fetch(`${base}/cards/card-java`, { headers: { "X-Api-Key": supervisor } })
    expect(card.headers.get("ETag")).toBe(etag)
  })
})
