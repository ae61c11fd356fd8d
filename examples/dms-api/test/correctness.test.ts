// Correctness over HTTP: Idempotency-Key replays and conflicts (Stripe's semantics), If-Match with
// two clients, and fuzzed bodies: never a 500, never a state change on a 4xx.
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Api, at, call, openCard, startApi, wang } from "./harness.js"

let api: Api
let key: string
let storeTwo: string

beforeAll(async () => {
  api = await startApi({ maxBodyBytes: 64 * 1024 })
  key = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
  storeTwo = await api.key({ dealerGroupId: "grp-east", storeId: "store-02", role: "supervisor" })
})
afterAll(async () => {
  await api?.close()
})

const contact = (minute: number) => ({
  _tag: "LogContact",
  by: wang,
  at: at(`2026-11-23T10:${String(minute).padStart(2, "0")}:00+08:00`),
  channel: "call",
  outcome: "reached",
  evidence: {}
})

describe("Idempotency-Key", () => {
  it("replays the stored response for the same key and body, once applied", async () => {
    const body = openCard("card-idem")
    const first = await call(api, "POST", "/cards", { key, body, headers: { "idempotency-key": "k-open-1" } })
    expect(first.status).toBe(201)
    const again = await call(api, "POST", "/cards", { key, body, headers: { "idempotency-key": "k-open-1" } })
    expect(again.status).toBe(201)
    expect(again.text).toBe(first.text)
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"))
    expect(again.headers.get("idempotent-replayed")).toBe("true")
    const c1 = await call(api, "POST", "/cards/card-idem/commands", {
      key,
      body: contact(1),
      headers: { "idempotency-key": "k-contact-1" }
    })
    const c2 = await call(api, "POST", "/cards/card-idem/commands", {
      key,
      body: contact(1),
      headers: { "idempotency-key": "k-contact-1" }
    })
    expect([c1.status, c2.status]).toEqual([200, 200])
    expect(c2.text).toBe(c1.text)
    const card = await call(api, "GET", "/cards/card-idem", { key })
    expect(card.json.version).toBe(2) // opened once, contacted once
  })

  it("answers 422 for the same key with another body, and keeps a refusal's answer too", async () => {
    const r = await call(api, "POST", "/cards/card-idem/commands", {
      key,
      body: contact(2),
      headers: { "idempotency-key": "k-contact-1" }
    })
    expect(r.status).toBe(422)
    expect(r.json._tag).toBe("IdempotencyKeyReused")
    const refused = {
      _tag: "ApproveDefeat",
      by: { id: "s-zhao", role: "supervisor" },
      at: at("2026-11-24T10:00:00+08:00")
    }
    const a = await call(api, "POST", "/cards/card-idem/commands", {
      key,
      body: refused,
      headers: { "idempotency-key": "k-refused" }
    })
    const b = await call(api, "POST", "/cards/card-idem/commands", {
      key,
      body: refused,
      headers: { "idempotency-key": "k-refused" }
    })
    expect(a.status).toBe(422)
    expect(b.status).toBe(422)
    expect(b.headers.get("idempotent-replayed")).toBe("true")
  })

  it("scopes keys by dealer group and store: the same key in another store is another request", async () => {
    const body = openCard("card-idem-2", { store: "store-02" })
    const other = await call(api, "POST", "/cards", {
      key: storeTwo,
      body,
      headers: { "idempotency-key": "k-open-1" }
    })
    expect(other.status).toBe(201)
    expect(other.headers.get("idempotent-replayed")).toBeNull()
  })

  it("applies concurrent requests with one key once", async () => {
    const body = openCard("card-race")
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(api, "POST", "/cards", { key, body, headers: { "idempotency-key": "k-race" } })
      )
    )
    for (const a of answers) expect([201, 409]).toContain(a.status)
    const card = await call(api, "GET", "/cards/card-race", { key })
    expect(card.json.version).toBe(1)
  })
})

describe("If-Match", () => {
  it("lets one of two clients at the same version win; the other gets 412 and nothing changes", async () => {
    expect((await call(api, "POST", "/cards", { key, body: openCard("card-race-2") })).status).toBe(201)
    const read = await call(api, "GET", "/cards/card-race-2", { key })
    const etag = read.headers.get("etag") ?? ""
    const [a, b] = await Promise.all([
      call(api, "POST", "/cards/card-race-2/commands", {
        key,
        body: contact(5),
        headers: { "if-match": etag }
      }),
      call(api, "POST", "/cards/card-race-2/commands", {
        key,
        body: contact(6),
        headers: { "if-match": etag }
      })
    ])
    expect([a.status, b.status].sort()).toEqual([200, 412])
    const loser = a.status === 412 ? a : b
    expect(loser.json._tag).toBe("PreconditionFailed")
    expect(loser.headers.get("content-type")).toContain("application/problem+json")
    const after = await call(api, "GET", "/cards/card-race-2", { key })
    expect(after.json.version).toBe(2)
    const stale = await call(api, "POST", "/cards/card-race-2/commands", {
      key,
      body: contact(7),
      headers: { "if-match": etag }
    })
    expect(stale.status).toBe(412)
    expect(stale.json.data).toEqual({ expected: 1, actual: 2 })
    const fresh = await call(api, "POST", "/cards/card-race-2/commands", {
      key,
      body: contact(7),
      headers: { "if-match": after.headers.get("etag") ?? "" }
    })
    expect(fresh.status).toBe(200)
    const malformed = await call(api, "POST", "/cards/card-race-2/commands", {
      key,
      body: contact(8),
      headers: { "if-match": "yesterday" }
    })
    expect(malformed.status).toBe(400)
  })
})

describe("fuzzed bodies", () => {
  // everything a fuzzed POST could touch: cards, the referral, the visit log, the outbox, the webhook
  const snapshot = async () => {
    const list = await call(api, "GET", "/cards?limit=500", { key })
    const referral = await call(api, "GET", "/referrals/ref-x", { key })
    const visits = await call(api, "GET", "/visits?from=2026-01-01&to=2026-12-31", { key })
    const outbox = await call(api, "GET", "/outbox", { key })
    const webhook = await call(api, "GET", "/webhooks", { key })
    return {
      cards: list.json.items
        .map((c: { cardId: string; version: number }) => `${c.cardId}@${c.version}`)
        .sort(),
      referral: referral.status === 200 ? referral.json.version : referral.status,
      visits: visits.json.length,
      outbox: outbox.json.length,
      webhook: webhook.status
    }
  }
  const jsonish = fc.jsonValue({ maxDepth: 4 })
  const commandLike = fc.record(
    {
      _tag: fc.constantFrom(
        "OpenCard",
        "LogContact",
        "PlaceOrder",
        "Deliver",
        "Regrade",
        "Reassign",
        "Nope",
        ""
      ),
      by: fc.oneof(fc.constant(wang), jsonish),
      at: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(at("2026-11-25T10:00:00+08:00"))),
      cardId: fc.oneof(fc.constant("card-fuzz"), fc.string({ maxLength: 80 })),
      storeId: fc.oneof(fc.constant("store-01"), fc.string()),
      phone: fc.oneof(fc.constant("+8613800138000"), fc.string()),
      evidence: jsonish,
      orderId: fc.string(),
      model: fc.string(),
      grade: fc.string({ maxLength: 3 }),
      justification: fc.string()
    },
    { requiredKeys: [] }
  )
  it("answers 2xx or a problem (never 500), and a 4xx changes nothing", async () => {
    expect((await call(api, "POST", "/cards", { key, body: openCard("card-fuzz") })).status).toBe(201)
    const targets = [
      "/cards",
      "/cards/card-fuzz/commands",
      "/referrals",
      "/referrals/ref-x/commands",
      "/policies/check",
      "/visits",
      "/settlements/2026-11",
      "/webhooks"
    ]
    let fourxx = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.oneof(
          commandLike,
          jsonish,
          fc.string().map((s) => ({ raw: s }))
        ),
        async (path, body) => {
          const before = await snapshot()
          const raw =
            typeof body === "object" && body !== null && "raw" in body
              ? String((body as { raw: unknown }).raw)
              : undefined
          const r = await call(api, "POST", path, { key, body: raw ?? body })
          expect(
            r.status,
            `${path} ${JSON.stringify(body).slice(0, 300)} → ${r.text.slice(0, 300)}`
          ).toBeLessThan(500)
          if (r.status >= 400) {
            fourxx++
            expect(r.headers.get("content-type")).toContain("application/problem+json")
            expect(typeof r.json._tag).toBe("string")
            expect(await snapshot()).toEqual(before)
          }
        }
      ),
      { numRuns: 150, seed: 17 }
    )
    expect(fourxx).toBeGreaterThan(100)
  })

  it("names the failing paths of bad input, in zh-CN or en", async () => {
    const r = await call(api, "POST", "/cards/card-fuzz/commands", {
      key,
      headers: { "accept-language": "zh-CN" },
      body: { _tag: "LogContact", by: wang, at: "noon", channel: "pigeon", outcome: "reached", evidence: {} }
    })
    expect(r.status).toBe(400)
    const paths = r.json.errors.map((e: { path: string }) => e.path)
    expect(paths).toContain("payload.at")
    expect(paths).toContain("payload.channel")
    expect(r.json.detail).toMatch(/请求无法解析/)
    const notJson = await call(api, "POST", "/cards", { key, body: "{not json" })
    expect(notJson.status).toBe(400)
    const big = await call(api, "POST", "/cards", {
      key,
      body: { ...openCard("card-big"), pad: "x".repeat(70_000) }
    })
    expect(big.status).toBe(413)
    expect(big.json._tag).toBe("PayloadTooLarge")
  })
})

describe("odd requests", () => {
  it("answer problems, never a 500", async () => {
    const h = { authorization: `Bearer ${key}` }
    const cases: Array<[string, RequestInit, number]> = [
      ["/cards", { method: "POST", headers: { ...h, "content-type": "text/plain" }, body: "hello" }, 415],
      [
        "/cards",
        {
          method: "POST",
          headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
          body: "a=1"
        },
        415
      ],
      ["/cards", { method: "POST", headers: h }, 400],
      [
        "/cards",
        { method: "POST", headers: { ...h, "content-type": "application/json" }, body: "null" },
        400
      ],
      ["/cards", { method: "PUT", headers: h }, 404],
      ["/cards?limit=abc", { headers: h }, 400],
      ["/cards?limit=100000", { headers: h }, 400],
      ["/ledger?month=2026-13", { headers: h }, 400],
      ["/work-lists/c-wang", { headers: h }, 400],
      ["/reports/daily?from=2026-11-30&to=2026-11-01", { headers: h }, 400]
    ]
    for (const [path, init, status] of cases) {
      const r = await fetch(`${api.url}${path}`, init)
      expect(r.status, `${init.method ?? "GET"} ${path}`).toBe(status)
      expect(r.headers.get("content-type")).toContain("application/problem+json")
      expect(r.headers.get("x-request-id")).toBeTruthy()
    }
  })
})
