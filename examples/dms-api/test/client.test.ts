// The typed client (HttpApiClient from the API definition) against the real server.
import { Effect } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient } from "../src/Client.js"
import { type Api, at, openCard, startApi, wang } from "./harness.js"

let api: Api
let key: string
beforeAll(async () => {
  api = await startApi({ corsOrigins: ["https://cabinet.example.com"] })
  key = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
})
afterAll(async () => {
  await api?.close()
})

describe("the typed client", () => {
  it("opens, commands and reads a card, and fails with typed problems", async () => {
    const program = Effect.gen(function* () {
      const client = yield* makeClient({ baseUrl: api.url, apiKey: key, language: "zh-CN" })
      const opened = yield* client.cards.open({ headers: {}, payload: openCard("card-typed") as never })
      const contacted = yield* client.cards.command({
        params: { cardId: opened.cardId },
        headers: { "if-match": `"${opened.version}"` },
        payload: {
          _tag: "LogContact",
          by: wang,
          at: at("2026-11-23T10:00:00+08:00"),
          channel: "call",
          outcome: "reached",
          evidence: { modelChosen: true }
        } as never
      })
      const card = yield* client.cards.get({ params: { cardId: opened.cardId }, headers: {} })
      const page = yield* client.cards.list({ query: { limit: 10 } })
      const missing = yield* client.cards
        .get({ params: { cardId: "card-none" as never }, headers: {} })
        .pipe(Effect.flip)
      const stale = yield* client.cards
        .command({
          params: { cardId: opened.cardId },
          headers: { "if-match": '"1"' },
          payload: {
            _tag: "LogContact",
            by: wang,
            at: at("2026-11-24T10:00:00+08:00"),
            channel: "call",
            outcome: "reached",
            evidence: {}
          } as never
        })
        .pipe(Effect.flip)
      return { opened, contacted, card, page, missing, stale }
    }).pipe(Effect.provide(FetchHttpClient.layer))
    const r = await Effect.runPromise(program)
    expect(r.opened.version).toBe(1)
    expect(r.contacted.version).toBe(2)
    expect(r.card.history.map((e) => e._tag)).toEqual(["CardOpened", "ContactLogged"])
    expect(r.page.items.map((c) => c.cardId)).toContain("card-typed")
    expect(r.missing).toMatchObject({ status: 404, _tag: "CardNotFound" })
    expect(r.stale).toMatchObject({ status: 412, _tag: "PreconditionFailed" })
    expect((r.stale as { detail: string }).detail).toMatch(/版本/)
  })
})

describe("the typed client and a card-opening command", () => {
  it("decodes the 201 a RecordBroadBase answers on the command endpoint", async () => {
    const program = Effect.gen(function* () {
      const client = yield* makeClient({ baseUrl: api.url, apiKey: key })
      return yield* client.cards.command({
        params: { cardId: "card-typed-bb" as never },
        headers: {},
        payload: {
          _tag: "RecordBroadBase",
          cardId: "card-typed-bb",
          storeId: "store-01",
          customerId: "cust-typed-bb",
          phone: "+8613900007777",
          owner: "c-wang",
          kind: "otherBrandOwner",
          source: "outbound",
          vehicle: { brand: "Honda", model: "Accord", vin: "" },
          boughtOn: "2021-05-01",
          by: { id: "s-zhao", role: "supervisor" },
          at: at("2026-11-23T10:00:00+08:00")
        } as never
      })
    }).pipe(Effect.provide(FetchHttpClient.layer))
    const r = await Effect.runPromise(program)
    expect(r.cardId).toBe("card-typed-bb")
    expect(r.version).toBe(1)
    expect(r.events.map((e) => e._tag)).toEqual(["BroadBaseRecorded"])
  })
})

describe("the typed client and the joins", () => {
  it("registers a referral with the phone alone, finds it, settles a month and closes a day", async () => {
    const admin = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "admin" })
    const program = Effect.gen(function* () {
      const client = yield* makeClient({ baseUrl: api.url, apiKey: admin })
      const registered = yield* client.referrals.register({
        headers: {},
        payload: {
          on: "2026-11-22",
          registration: {
            referralId: "ref-typed",
            storeId: "store-01",
            consultantId: "c-wang",
            registeredOn: "2026-11-22",
            askedAt: "delivery",
            referrer: { kind: "ownedCustomer", id: "cust-old", phone: "+8613800000001" },
            referee: { name: "李四", phone: "+8613900001111" }
          }
        } as never
      })
      const first = yield* client.referrals.find({ query: { limit: 1 } })
      const byPhone = yield* client.referrals.find({ query: { refereePhone: "+8613900001111" as never } })
      // next comes back as the core's ReferralKey, and goes out again as the cursor
      const rest =
        first.next === undefined ? undefined : yield* client.referrals.find({ query: { cursor: first.next } })
      const statement = yield* client.referrals.settlement({ params: { month: "2026-11" as never } })
      const closed = yield* client.days.close({
        params: { day: "2026-11-30" as never },
        headers: {},
        payload: { at: at("2026-11-30T23:30:00+08:00") }
      })
      const bad = yield* client.referrals.find({ query: { limit: 0 } }).pipe(Effect.flip)
      return { registered, first, byPhone, rest, statement, closed, bad }
    }).pipe(Effect.provide(FetchHttpClient.layer))
    const r = await Effect.runPromise(program)
    expect(r.registered.state.status).toBe("registered")
    expect(r.byPhone.items.map((i) => i.referralId)).toEqual(["ref-typed"])
    expect(r.first.items).toHaveLength(1)
    expect(r.statement.month).toBe("2026-11")
    expect(r.closed.day).toBe("2026-11-30")
    // the client encodes with the same bounds: a bad query never leaves the process
    expect(r.bad).toMatchObject({ _tag: "SchemaError" })
  })
})

describe("the typed client and the new forms", () => {
  it("reads the complaint replies of a day range and the voucher statistics of a month range", async () => {
    const program = Effect.gen(function* () {
      const client = yield* makeClient({ baseUrl: api.url, apiKey: key })
      const opened = yield* client.cards.open({ headers: {}, payload: openCard("card-complaint") as never })
      yield* client.cards.command({
        params: { cardId: opened.cardId },
        headers: {},
        payload: {
          _tag: "RecordComplaint",
          by: wang,
          at: at("2026-11-23T10:00:00+08:00"),
          complaintId: "cp-typed",
          category: "delivery",
          severity: "high",
          channel: "call",
          words: "交车晚了三天"
        } as never
      })
      const refused = yield* client.cards
        .command({
          params: { cardId: opened.cardId },
          headers: {},
          payload: {
            _tag: "ResolveComplaint",
            by: { id: "s-zhao", role: "supervisor" },
            at: at("2026-11-24T10:00:00+08:00"),
            complaintId: "cp-none",
            resolution: "x",
            satisfied: false
          } as never
        })
        .pipe(Effect.flip)
      const complaints = yield* client.reports.complaints({
        query: { from: "2026-11-01" as never, to: "2026-11-30" as never }
      })
      const vouchers = yield* client.reports.vouchers({
        query: { from: "2026-01" as never, to: "2026-12" as never }
      })
      return { complaints, vouchers, refused }
    }).pipe(Effect.provide(FetchHttpClient.layer))
    const r = await Effect.runPromise(program)
    expect(r.refused).toMatchObject({
      status: 422,
      _tag: "ComplaintRefused",
      data: { complaintId: "cp-none", reason: "unknown" }
    })
    // the reports answer JSON, CSV or XLSX by Accept: the client asks JSON and gets the core's object
    expect(r.complaints).toMatchObject([{ cardId: "card-complaint", complaintId: "cp-typed", daysOpen: 7 }])
    expect(r.vouchers).toMatchObject({ from: "2026-01", to: "2026-12", totals: { issued: 0 } })
  })
})

describe("browsers", () => {
  it("answers a CORS preflight for an allowed origin and exposes the ETag", async () => {
    const preflight = await fetch(`${api.url}/cards/card-typed/commands`, {
      method: "OPTIONS",
      headers: {
        origin: "https://cabinet.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,if-match"
      }
    })
    expect(preflight.status).toBeLessThan(300)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://cabinet.example.com")
    const read = await fetch(`${api.url}/cards/card-typed`, {
      headers: { origin: "https://cabinet.example.com", authorization: `Bearer ${key}` }
    })
    expect(read.status).toBe(200)
    expect(read.headers.get("access-control-expose-headers")).toContain("etag")
    const other = await fetch(`${api.url}/health`, { headers: { origin: "https://evil.example.com" } })
    expect(other.headers.get("access-control-allow-origin")).not.toBe("https://evil.example.com")
  })
})
