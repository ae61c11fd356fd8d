import { afterEach, describe, expect, it, vi } from "vitest"
import { ApiError, openOnline } from "../src/backend/online.js"

// the root vitest.workspace.ts maps @jipan/* packages to their sources, not this subpath (yet):
// the client entry from its source, as vite.config.ts aliases it for the build
vi.mock("@jipan/dms-api/client", () => import("../../dms-api/src/client-entry.js"))

interface Call {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: unknown
}

const state = {
  status: "owned",
  owner: "c-01",
  grade: "B",
  nextContactDue: "2026-11-25",
  phone: "+8613812345678",
  customerId: "cust-1",
  evidence: {}
}

const fakeApi = (calls: Array<Call>) =>
  vi.fn(async (input: string | URL, init: RequestInit) => {
    const url = String(input)
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    calls.push({
      method: init.method ?? "GET",
      url,
      headers,
      body: init.body === undefined || init.body === null ? undefined : JSON.parse(String(init.body))
    })
    const json = (status: number, body: unknown, type = "application/json") =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": type } })
    const problem = (status: number, _tag: string, detail: string, data?: Record<string, unknown>) =>
      json(
        status,
        {
          type: `https://jipan.dev/problems/${_tag}`,
          title: _tag,
          status,
          detail,
          _tag,
          ...(data ? { data } : {})
        },
        "application/problem+json"
      )
    const tenant = { dealerGroupId: "grp-demo", storeId: "store-01" }
    if (/[/]cards[?]/.test(url))
      return json(200, { items: [{ tenant, cardId: "card-1", version: 3, status: "prospect" }] })
    if (url.endsWith("/cards/card-1"))
      return json(200, { tenant, cardId: "card-1", state, version: 3, history: [] })
    if (init.method === "POST" && url.endsWith("/referrals"))
      return json(201, {
        referralId: "ref-card-1-1",
        version: 1,
        state: { status: "registered" },
        history: []
      })
    if (url.endsWith("/cards/card-1/commands"))
      return problem(409, "VersionConflict", "The card moved on", { id: "card-1", expected: 3, actual: 4 })
    return problem(404, "CardNotFound", "No such card", { cardId: "card-x" })
  })

afterEach(() => {
  vi.unstubAllGlobals()
})

describe("the online backend (the DMS API's typed client over fetch)", () => {
  it("reads the cards as tiles with the key, and sends commands with an idempotency key", async () => {
    const calls: Array<Call> = []
    vi.stubGlobal("fetch", fakeApi(calls))
    const backend = await openOnline({
      baseUrl: "http://127.0.0.1:8787/api/",
      apiKey: "jpk_test",
      tenant: { dealerGroupId: "grp-demo", storeId: "store-01" }
    })
    expect(backend.mode).toBe("online")
    expect(backend.consultants).toEqual(["c-01"])
    expect(await backend.tiles()).toMatchObject([{ cardId: "card-1", grade: "B", owner: "c-01" }])
    expect(calls[0]?.url).toBe("http://127.0.0.1:8787/api/cards?limit=500")
    expect(calls[0]?.headers.authorization).toBe("Bearer jpk_test")
    const command = {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: {},
      by: { id: "c-01", role: "consultant" },
      at: Date.parse("2026-11-23T02:00:00Z")
    }
    // the API's problem reaches the views as the offline mode's error: the core's _tag and fields
    const refused = await backend.handle("card-1", command).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({
      _tag: "VersionConflict",
      id: "card-1",
      expected: 3,
      actual: 4,
      status: 409
    })
    expect((refused as ApiError).message).toBe("The card moved on")
    // a command that does not decode is refused before any request, with the core's InvalidInput
    const before = calls.length
    const invalid = await backend.handle("card-1", { ...command, channel: "pigeon" }).catch((e: unknown) => e)
    expect(invalid).toMatchObject({ _tag: "InvalidInput" })
    expect(calls.length).toBe(before)
    const missing = await backend.card("card-x").catch((e: unknown) => e)
    expect(missing).toMatchObject({ _tag: "CardNotFound", cardId: "card-x", status: 404 })
    const post = calls.find((c) => c.method === "POST")
    expect(post?.url).toBe("http://127.0.0.1:8787/api/cards/card-1/commands")
    expect(post?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/)
    expect(post?.body).toEqual(command)
  })

  it("opens cards with POST /cards and asks the reports with their query", async () => {
    const calls: Array<Call> = []
    vi.stubGlobal("fetch", fakeApi(calls))
    const backend = await openOnline({
      baseUrl: "http://127.0.0.1:8787",
      apiKey: "k",
      tenant: { dealerGroupId: "g", storeId: "s" },
      consultants: ["c-09"]
    })
    expect(backend.consultants).toEqual(["c-09"])
    await backend
      .handle("card-2", {
        _tag: "OpenCard",
        cardId: "card-2",
        storeId: "s",
        customerId: "cust-2",
        phone: "13812345678",
        owner: "c-09",
        source: "walkIn",
        intent: "direct",
        evidence: {},
        by: { id: "c-09", role: "consultant" },
        at: Date.parse("2026-11-23T02:00:00Z")
      })
      .catch(() => undefined)
    await backend.control("c-09", "2026-11", "2026-11-23").catch(() => undefined)
    await backend.workList("c-09", "2026-11-23").catch(() => undefined)
    const urls = calls.map((c) => `${c.method} ${c.url}`)
    expect(urls).toContain("POST http://127.0.0.1:8787/cards")
    expect(urls).toContain(
      "GET http://127.0.0.1:8787/reports/control?consultantId=c-09&month=2026-11&asOf=2026-11-23"
    )
    expect(urls).toContain("GET http://127.0.0.1:8787/work-lists/c-09?date=2026-11-23")
  })

  it("registers a referral with the API's request: the registration, the validity look-ups and the day", async () => {
    const calls: Array<Call> = []
    vi.stubGlobal("fetch", fakeApi(calls))
    const backend = await openOnline({
      baseUrl: "http://127.0.0.1:8787",
      apiKey: "k",
      tenant: { dealerGroupId: "grp-demo", storeId: "store-01" }
    })
    const referral = await backend.registerReferral({
      referrerCardId: "card-1",
      refereeName: "李四",
      refereePhone: "13900001111",
      askedAt: "delivery",
      on: "2026-11-23"
    })
    expect(referral).toMatchObject({
      referralId: "ref-card-1-1",
      version: 1,
      state: { status: "registered" }
    })
    const post = calls.find((c) => c.method === "POST")
    expect(post?.url).toBe("http://127.0.0.1:8787/referrals")
    expect(post?.body).toMatchObject({
      on: "2026-11-23",
      registration: {
        referralId: "ref-card-1-1",
        storeId: "store-01",
        consultantId: "c-01",
        referrer: { kind: "ownedCustomer", id: "cust-1", customerId: "cust-1" },
        referee: { name: "李四", phone: "+8613900001111" }
      },
      context: { existing: [], earlierClaims: [] }
    })
  })
})
