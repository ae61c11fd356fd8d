import { afterEach, describe, expect, it, vi } from "vitest"
import { ApiProblem, openOnline } from "../src/backend/online.js"

interface Call {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: unknown
}

const state = { status: "prospect", owner: "c-01", grade: "B", nextContactDue: "2026-11-25", evidence: {} }

const fakeApi = (calls: Array<Call>) =>
  vi.fn(async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>
    calls.push({
      method: init.method ?? "GET",
      url,
      headers,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body))
    })
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })
    if (url.includes("/cards?")) return json(200, { items: [{ cardId: "card-1" }] })
    if (url.endsWith("/cards/card-1")) return json(200, { cardId: "card-1", state, version: 3, history: [] })
    if (url.endsWith("/cards/card-1/commands"))
      return json(412, { _tag: "VersionConflict", detail: "The card moved on" })
    return json(404, { title: "Not found" })
  })

afterEach(() => {
  vi.unstubAllGlobals()
})

describe("the online backend (fetch against the DMS API's routes)", () => {
  it("reads the cards as tiles with the key, and sends commands with an idempotency key", async () => {
    const calls: Array<Call> = []
    vi.stubGlobal("fetch", fakeApi(calls))
    const backend = await openOnline({
      baseUrl: "/api/",
      apiKey: "jpk_test",
      tenant: { dealerGroupId: "grp-demo", storeId: "store-01" }
    })
    expect(backend.mode).toBe("online")
    expect(backend.consultants).toEqual(["c-01"])
    expect(await backend.tiles()).toMatchObject([{ cardId: "card-1", grade: "B", owner: "c-01" }])
    expect(calls[0]?.url).toBe("/api/cards?limit=500")
    expect(calls[0]?.headers["x-api-key"]).toBe("jpk_test")
    const command = {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: {},
      by: { id: "c-01", role: "consultant" },
      at: 1
    }
    const refused = await backend.handle("card-1", command).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiProblem)
    expect((refused as ApiProblem).status).toBe(412)
    expect((refused as ApiProblem).message).toBe("The card moved on")
    const post = calls.find((c) => c.method === "POST")
    expect(post?.url).toBe("/api/cards/card-1/commands")
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
    await backend.handle("card-2", { _tag: "OpenCard", cardId: "card-2" }).catch(() => undefined)
    await backend.control("c-09", "2026-11", "2026-11-23").catch(() => undefined)
    await backend.workList("c-09", "2026-11-23").catch(() => undefined)
    const urls = calls.map((c) => `${c.method} ${c.url}`)
    expect(urls).toContain("POST http://127.0.0.1:8787/cards")
    expect(urls).toContain(
      "GET http://127.0.0.1:8787/reports/control?consultantId=c-09&month=2026-11&asOf=2026-11-23"
    )
    expect(urls).toContain("GET http://127.0.0.1:8787/work-lists/c-09?date=2026-11-23")
  })
})
