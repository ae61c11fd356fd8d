import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeCardCommand, decodeCardEvent } from "../../src/index.js"

const by = { id: "c-wang", role: "consultant" }
const at = Date.parse("2026-11-22T10:00:00+08:00")

describe("card commands and events at the boundary", () => {
  it("decodes a valid command from JSON", () => {
    const r = decodeCardCommand({
      _tag: "LogContact",
      by,
      at,
      channel: "wechat",
      outcome: "reached",
      evidence: { purchaseTimeframeDays: 10, modelChosen: true },
      agreedNextContactOn: "2026-11-24"
    })
    expect(Result.isSuccess(r) && r.success._tag).toBe("LogContact")
  })

  it("lists every problem of a bad command with its path, and never throws", () => {
    const r = decodeCardCommand({
      _tag: "OpenCard",
      by: { id: "c-wang", role: "boss" },
      at: "yesterday",
      cardId: "card 1",
      storeId: "store-01",
      customerId: "cust-1",
      phone: "1381234567", // one digit short (a national 138… number is accepted and normalised)
      owner: "c-wang",
      source: "tv",
      intent: "direct",
      evidence: { visitCount: -2 }
    })
    expect(Result.isFailure(r)).toBe(true)
    if (Result.isFailure(r)) {
      expect(r.failure._tag).toBe("InvalidInput")
      expect(r.failure.issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(["by.role", "at", "cardId", "phone", "source", "evidence.visitCount"])
      )
    }
    expect(Result.isFailure(decodeCardCommand({ _tag: "Teleport", by, at }))).toBe(true)
    expect(Result.isFailure(decodeCardCommand(null))).toBe(true)
  })

  it("names the problems of a malformed stored event", () => {
    const r = decodeCardEvent({
      _tag: "Reassigned",
      by,
      at,
      on: "2026-13-01",
      from: "c-wang",
      reason: "bored"
    })
    expect(Result.isFailure(r)).toBe(true)
    if (Result.isFailure(r)) {
      expect(r.failure.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["on", "to", "reason"]))
    }
  })
})
