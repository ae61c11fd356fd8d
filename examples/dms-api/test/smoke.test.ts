import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Api, call, openCard, startApi } from "./harness.js"

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(async () => {
  await api.close()
})

describe("smoke", () => {
  it("opens and reads a card", async () => {
    const key = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
    const health = await call(api, "GET", "/health")
    expect(health.status).toBe(200)
    const opened = await call(api, "POST", "/cards", { key, body: openCard("card-1") })
    console.log(opened.status, opened.text.slice(0, 500))
    expect(opened.status).toBe(201)
    const got = await call(api, "GET", "/cards/card-1", { key })
    console.log(got.status, got.headers.get("etag"), got.text.slice(0, 300))
    const bad = await call(api, "POST", "/cards/card-1/commands", { key, body: { _tag: "LogContact", at: "x" } })
    console.log(bad.status, bad.headers.get("content-type"), bad.text.slice(0, 600))
    const none = await call(api, "GET", "/cards/card-1")
    console.log(none.status, none.text)
    const nf = await call(api, "GET", "/nope")
    console.log(nf.status, nf.text)
  })
})
