// The OpenAPI 3.1 document: generated from the API definition, valid (@readme/openapi-parser),
// served at /openapi.json and kept in docs/dms-api.openapi.json, and every operation in it answers.
import { readFileSync } from "node:fs"
import { validate } from "@readme/openapi-parser"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openApiDocument } from "../src/OpenApiDocument.js"
import { type Api, call, openCard, startApi } from "./harness.js"

let api: Api
let key: string
beforeAll(async () => {
  api = await startApi()
  key = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "admin" })
  expect((await call(api, "POST", "/cards", { key, body: openCard("card-1") })).status).toBe(201)
})
afterAll(async () => {
  await api?.close()
})

const samples: Record<string, string> = {
  cardId: "card-1",
  referralId: "ref-1",
  consultantId: "c-wang",
  month: "2026-11",
  day: "2026-11-22"
}
const queries: Record<string, string> = {
  date: "2026-11-22",
  on: "2026-11-22",
  from: "2026-11-01",
  to: "2026-11-30",
  month: "2026-11",
  consultantId: "c-wang"
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const spec = openApiDocument()
    expect(spec.openapi).toBe("3.1.0")
    const result = await validate(structuredClone(spec) as never)
    expect(result.valid, JSON.stringify("errors" in result ? result.errors : []).slice(0, 2000)).toBe(true)
  })

  it("is served at /openapi.json and kept up to date in docs/dms-api.openapi.json", async () => {
    const served = await call(api, "GET", "/openapi.json")
    expect(served.status).toBe(200)
    expect(served.json).toEqual(JSON.parse(JSON.stringify(openApiDocument())))
    const kept = JSON.parse(
      readFileSync(new URL("../../../docs/dms-api.openapi.json", import.meta.url), "utf8")
    )
    expect(kept, "run npm run openapi -w @jipan/dms-api").toEqual(served.json)
    const docs = await fetch(`${api.url}/docs`)
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain("openapi")
  })

  it("every operation answers: no route is missing, none fails with a 500", async () => {
    const spec = openApiDocument()
    let operations = 0
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const method of ["get", "post", "put", "delete", "patch"] as const) {
        const op = (
          item as Record<
            string,
            { parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean }> }
          >
        )[method]
        if (op === undefined) continue
        operations++
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? name)
        const query = (op.parameters ?? [])
          .filter((p) => p.in === "query" && p.required === true)
          .map((p) => `${p.name}=${encodeURIComponent(queries[p.name] ?? "x")}`)
          .join("&")
        const r = await call(api, method.toUpperCase(), `${path}${query === "" ? "" : `?${query}`}`, {
          key,
          ...(method === "post" ? { body: {} } : {})
        })
        const label = `${method.toUpperCase()} ${template}: ${r.status} ${r.text.slice(0, 200)}`
        expect(r.status, label).toBeLessThan(500)
        if (r.status === 404) expect(r.json._tag, label).not.toBe("RouteNotFound")
      }
    }
    expect(operations).toBeGreaterThanOrEqual(29)
  })
})
