// The helpers the robustness suites judge with: what counts as a typed rejection, which issues name
// a path, and a store shared between facades.
import { createJipan, InvalidInput, layerMemory, StoreError } from "@jipan/core"
import { describe, expect, it } from "vitest"
import { freshTenant, namesPath, readEverything, settle, sharedStore, untypedReason } from "../src/index.js"

describe("untypedReason", () => {
  it("accepts tagged errors with a message, refuses the rest", () => {
    const invalid = new InvalidInput({
      what: "X",
      issues: [{ path: "at", message: "bad" }],
      message: "Invalid X"
    })
    expect(untypedReason(invalid)).toBeUndefined()
    expect(untypedReason(new RangeError("Invalid time value"))).toContain("untyped rejection")
    expect(untypedReason(new TypeError("x is null"))).toContain("untyped rejection")
    expect(untypedReason("boom")).toContain("untyped rejection")
    expect(untypedReason({ _tag: "X", message: "" })).toContain("without a message")
    expect(untypedReason(new InvalidInput({ what: "X", issues: [], message: "Invalid X" }))).toContain(
      "without issues"
    )
    const store = new StoreError({ reason: "MalformedRow", message: "Malformed card row" })
    expect(untypedReason(store)).toContain("StoreError")
    expect(untypedReason(store, { storeErrors: true })).toBeUndefined()
  })
})

describe("namesPath", () => {
  it("matches the path, a parent or a child; an unknown tag at the root", () => {
    expect(namesPath([{ path: "at" }], "at")).toBe(true)
    expect(namesPath([{ path: "referral.offers" }], "referral.offers.0.choices.0.valueFen")).toBe(true)
    expect(namesPath([{ path: "evidence.visitCount" }], "evidence")).toBe(true)
    expect(namesPath([{ path: "phone" }], "at")).toBe(false)
    expect(namesPath([{ path: "" }], "at")).toBe(false)
    expect(namesPath([{ path: "" }], "_tag")).toBe(true)
    expect(namesPath([{ path: "0.__proto__" }], "__proto__")).toBe(true)
    expect(namesPath([], "")).toBe(true)
  })
})

describe("sharedStore", () => {
  it("two facades on one shared store see each other's writes; closing one keeps the store", async () => {
    const shared = sharedStore(() => layerMemory)
    const a = createJipan({ store: shared.layer() })
    const b = createJipan({ store: shared.layer() })
    const tenant = freshTenant()
    await a.handle(tenant, "card-1", {
      _tag: "OpenCard",
      cardId: "card-1",
      storeId: tenant.storeId,
      customerId: "cust-1",
      phone: "+8613812345678",
      owner: "c-wang",
      source: "walkIn",
      intent: "direct",
      evidence: {},
      by: { id: "c-wang", role: "consultant" },
      at: Date.parse("2026-03-02T10:00:00+08:00")
    })
    await a.close()
    expect((await b.card(tenant, "card-1")).version).toBe(1)
    const snapshot = await readEverything(b, {
      tenants: [tenant],
      consultants: ["c-wang"],
      referralIds: ["ref-1"],
      from: "2026-03-01" as never,
      to: "2026-03-03" as never
    })
    expect(Object.keys(snapshot)).toContain(`${tenant.dealerGroupId}/${tenant.storeId} card card-1`)
    expect(snapshot[`${tenant.dealerGroupId}/${tenant.storeId} referral ref-1`]).toBe("not found")
    await b.close()
    await shared.close()
    expect((await settle(() => Promise.reject(new Error("x")))).ok).toBe(false)
  })
})
