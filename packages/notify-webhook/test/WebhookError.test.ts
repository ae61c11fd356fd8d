import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { JsonPost, WebhookError } from "../src/index.js"

describe("WebhookError classification", () => {
  it("4xx is permanent except 408 and 429; 5xx is retryable", () => {
    for (const status of [400, 401, 403, 404, 409, 410, 413, 422, 300, 302]) {
      expect(new WebhookError.HttpStatus({ status }).retryable, String(status)).toBe(false)
    }
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(new WebhookError.HttpStatus({ status }).retryable, String(status)).toBe(true)
    }
  })

  it("timeouts and network failures are retryable; unreadable answers are not", () => {
    expect(new WebhookError.Timeout({ timeoutMillis: 1 }).retryable).toBe(true)
    expect(new WebhookError.Network({ code: "ECONNRESET" }).retryable).toBe(true)
    expect(new WebhookError.InvalidResponse({ detail: "<html>" }).retryable).toBe(false)
  })

  it("the error delegates retryable to its reason and is a schema value", () => {
    const error = new WebhookError.WebhookError({
      message: "POST http://127.0.0.1/hook answered HTTP 429",
      reason: new WebhookError.HttpStatus({ status: 429 })
    })
    expect(error.retryable).toBe(true)
    expect(error._tag).toBe("WebhookError")
    expect(Schema.is(WebhookError.WebhookErrorReason)(error.reason)).toBe(true)
  })

  it.effect("catchReason reaches the reason", () =>
    Effect.gen(function* () {
      const status = yield* Effect.fail(
        new WebhookError.WebhookError({ message: "x", reason: new WebhookError.HttpStatus({ status: 503 }) })
      ).pipe(Effect.catchReason("WebhookError", "HttpStatus", (reason) => Effect.succeed(reason.status)))
      expect(status).toBe(503)
    })
  )

  it("classifyFailure reads undici's cause chain and the timeout signal", () => {
    const refused = JsonPost.classifyFailure(
      new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }),
      "http://127.0.0.1:1/hook?key=secret",
      1000
    )
    expect(refused.reason).toEqual(new WebhookError.Network({ code: "ECONNREFUSED" }))
    expect(refused.message).not.toContain("secret")
    const timedOut = JsonPost.classifyFailure(
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      "http://127.0.0.1:1/hook",
      250
    )
    expect(timedOut.reason).toEqual(new WebhookError.Timeout({ timeoutMillis: 250 }))
    expect(JsonPost.classifyFailure(new Error("weird"), "http://x/", 1).reason).toEqual(
      new WebhookError.Network({})
    )
  })
})
