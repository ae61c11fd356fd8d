import { describe, expect, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { WebhookChannel, WebhookSignature } from "../src/index.js"

const T0 = 1_767_225_600 // 2026-01-01T00:00:00Z

const signed = (secret: string, timestamp: number, body: string) =>
  WebhookSignature.signatureHeaders({ secret, timestamp, body, idempotencyKey: "k-1" })

const reasonOf = (
  result: Result.Result<
    unknown,
    WebhookSignature.WebhookVerificationError | WebhookSignature.WebhookConfigError
  >
) =>
  Result.isFailure(result)
    ? typeof result.failure.reason === "string"
      ? result.failure.reason
      : result.failure.reason._tag
    : "Success"

describe("WebhookSignature", () => {
  it("signs timestamp + '.' + body with HMAC-SHA256 (vector from openssl)", () => {
    // printf '1767225600.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    const expected = "7d4120fcebf444efab10ba7cd6c651bf463cefb039db5fad37ff9f7231ac8a4a"
    expect(WebhookSignature.sign({ secret: "s3cret", timestamp: T0, body: '{"a":1}' })).toBe(expected)
    expect(WebhookSignature.sign({ secret: "s3cret", timestamp: T0, body: Buffer.from('{"a":1}') })).toBe(
      expected
    )
  })

  it("accepts a request it signed, with node-style and fetch-style headers", () => {
    const body = '{"idempotencyKey":"k-1","text":"你好"}'
    const headers = signed("s3cret-0123456789abcdef", T0, body)
    const now = new Date(T0 * 1000)
    expect(
      reasonOf(WebhookSignature.verifyWebhook({ secret: "s3cret-0123456789abcdef", headers, body, now }))
    ).toBe("Success")
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({
          secret: "s3cret-0123456789abcdef",
          headers: new Headers(headers),
          body,
          now
        })
      )
    ).toBe("Success")
    const upper = { "X-Jipan-Signature": headers["x-jipan-signature"], "X-Jipan-Timestamp": String(T0) }
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({ secret: "s3cret-0123456789abcdef", headers: upper, body, now })
      )
    ).toBe("Success")
  })

  it("accepts raw bytes equal to the signed string", () => {
    const body = '{"text":"客户"}'
    const result = WebhookSignature.verifyWebhook({
      secret: "s3cret-0123456789abcdef",
      headers: signed("s3cret-0123456789abcdef", T0, body),
      body: new TextEncoder().encode(body),
      now: new Date(T0 * 1000)
    })
    expect(reasonOf(result)).toBe("Success")
  })

  it("rejects missing headers, each with its own reason", () => {
    const body = "{}"
    const headers = signed("s3cret-0123456789abcdef", T0, body)
    const now = new Date(T0 * 1000)
    const noSignature = WebhookSignature.verifyWebhook({
      secret: "s3cret-0123456789abcdef",
      headers: { "x-jipan-timestamp": headers["x-jipan-timestamp"] },
      body,
      now
    })
    expect(Result.isFailure(noSignature) && noSignature.failure.reason).toEqual(
      new WebhookSignature.MissingHeader({ header: "x-jipan-signature" })
    )
    const noTimestamp = WebhookSignature.verifyWebhook({
      secret: "s3cret-0123456789abcdef",
      headers: { "x-jipan-signature": headers["x-jipan-signature"] },
      body,
      now
    })
    expect(Result.isFailure(noTimestamp) && noTimestamp.failure.reason).toEqual(
      new WebhookSignature.MissingHeader({ header: "x-jipan-timestamp" })
    )
  })

  it("rejects malformed headers", () => {
    const body = "{}"
    const headers = signed("s3cret-0123456789abcdef", T0, body)
    const now = new Date(T0 * 1000)
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({
          secret: "s3cret-0123456789abcdef",
          headers: { ...headers, "x-jipan-timestamp": "soon" },
          body,
          now
        })
      )
    ).toBe("MalformedHeader")
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({
          secret: "s3cret-0123456789abcdef",
          headers: { ...headers, "x-jipan-signature": "sha256=abc" },
          body,
          now
        })
      )
    ).toBe("MalformedHeader")
  })

  it("accepts any of several secrets and several v1 entries (rotation)", () => {
    const body = "{}"
    const oldSig = signed("old-0123456789abcdef", T0, body)["x-jipan-signature"]
    const newSig = signed("new-0123456789abcdef", T0, body)["x-jipan-signature"]
    const headers = { "x-jipan-signature": `${oldSig}, ${newSig}`, "x-jipan-timestamp": String(T0) }
    const now = new Date(T0 * 1000)
    expect(
      reasonOf(WebhookSignature.verifyWebhook({ secret: ["new-0123456789abcdef"], headers, body, now }))
    ).toBe("Success")
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({
          secret: ["x-0123456789abcdef", "old-0123456789abcdef"],
          headers,
          body,
          now
        })
      )
    ).toBe("Success")
    expect(
      reasonOf(WebhookSignature.verifyWebhook({ secret: "other-0123456789abcdef", headers, body, now }))
    ).toBe("BadSignature")
  })

  it("a stale but authentic request is a replay (OutsideTolerance), in both directions", () => {
    const body = "{}"
    const headers = signed("s3cret-0123456789abcdef", T0, body)
    const late = WebhookSignature.verifyWebhook({
      secret: "s3cret-0123456789abcdef",
      headers,
      body,
      now: new Date((T0 + 301) * 1000),
      toleranceSeconds: 300
    })
    expect(Result.isFailure(late) && late.failure.reason).toEqual(
      new WebhookSignature.OutsideTolerance({ timestamp: T0, nowSeconds: T0 + 301, toleranceSeconds: 300 })
    )
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({
          secret: "s3cret-0123456789abcdef",
          headers,
          body,
          now: new Date((T0 - 301) * 1000)
        })
      )
    ).toBe("OutsideTolerance")
    expect(
      reasonOf(
        WebhookSignature.verifyWebhook({
          secret: "s3cret-0123456789abcdef",
          headers,
          body,
          now: new Date((T0 + 300) * 1000)
        })
      )
    ).toBe("Success")
  })
})

describe("WebhookSignature properties", () => {
  const secret = fc.string({ minLength: WebhookSignature.MIN_SECRET_LENGTH, maxLength: 64 })
  const body = fc.string({ maxLength: 512, unit: "grapheme" })
  const timestamp = fc.integer({ min: 0, max: 4_000_000_000 })
  const tolerance = fc.integer({ min: 1, max: 3_600 })

  it("verify(sign(x)) accepts whenever now is within the window", () => {
    fc.assert(
      fc.property(
        secret,
        body,
        timestamp,
        tolerance,
        fc.double({ min: -1, max: 1, noNaN: true }),
        (s, b, t, tol, f) => {
          const offset = Math.trunc(f * tol)
          const result = WebhookSignature.verifyWebhook({
            secret: s,
            headers: signed(s, t, b),
            body: b,
            now: new Date((t + offset) * 1000),
            toleranceSeconds: tol
          })
          expect(reasonOf(result)).toBe("Success")
        }
      )
    )
  })

  it("any change of body rejects", () => {
    fc.assert(
      fc.property(secret, body, body, timestamp, (s, b, other, t) => {
        fc.pre(b !== other)
        const result = WebhookSignature.verifyWebhook({
          secret: s,
          headers: signed(s, t, b),
          body: other,
          now: new Date(t * 1000)
        })
        expect(reasonOf(result)).toBe("BadSignature")
      })
    )
  })

  it("any change of timestamp rejects", () => {
    fc.assert(
      fc.property(secret, body, timestamp, fc.integer({ min: -1_000, max: 1_000 }), (s, b, t, delta) => {
        fc.pre(delta !== 0 && t + delta >= 0)
        const headers = { ...signed(s, t, b), "x-jipan-timestamp": String(t + delta) }
        const result = WebhookSignature.verifyWebhook({
          secret: s,
          headers,
          body: b,
          now: new Date(t * 1000)
        })
        expect(Result.isFailure(result)).toBe(true)
      })
    )
  })

  it("any change of secret rejects", () => {
    fc.assert(
      fc.property(secret, secret, body, timestamp, (s, other, b, t) => {
        fc.pre(s !== other)
        const result = WebhookSignature.verifyWebhook({
          secret: other,
          headers: signed(s, t, b),
          body: b,
          now: new Date(t * 1000)
        })
        expect(reasonOf(result)).toBe("BadSignature")
      })
    )
  })

  it("timestamps outside the window reject", () => {
    fc.assert(
      fc.property(
        secret,
        body,
        timestamp,
        tolerance,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.boolean(),
        (s, b, t, tol, beyond, future) => {
          const nowSeconds = future ? t - tol - beyond : t + tol + beyond
          const result = WebhookSignature.verifyWebhook({
            secret: s,
            headers: signed(s, t, b),
            body: b,
            now: new Date(nowSeconds * 1000),
            toleranceSeconds: tol
          })
          expect(reasonOf(result)).toBe("OutsideTolerance")
        }
      )
    )
  })

  describe("a verifier or sender that could not be safe is refused when it is made", () => {
    const body = '{"text":"hi"}'
    const headers = signed("", T0, body)
    const now = new Date(T0 * 1000)

    it('an empty secret (an unset environment variable read as "") is refused, not used to verify', () => {
      // before: verifyWebhook({ secret: "" }) accepted a request signed with the empty key
      expect(reasonOf(WebhookSignature.verifyWebhook({ secret: "", headers, body, now }))).toBe("EmptySecret")
      expect(reasonOf(WebhookSignature.verifyWebhook({ secret: [], headers, body, now }))).toBe("EmptySecret")
      expect(reasonOf(WebhookSignature.makeVerifier({ secret: "" }))).toBe("EmptySecret")
      expect(reasonOf(WebhookSignature.makeVerifier({ secret: ["whsec-0123456789abcdef", ""] }))).toBe(
        "EmptySecret"
      )
    })

    it("a secret shorter than MIN_SECRET_LENGTH is refused", () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 40 }), (secret) => {
          const made = WebhookSignature.makeVerifier({ secret })
          expect(reasonOf(made)).toBe(
            secret.length < WebhookSignature.MIN_SECRET_LENGTH ? "ShortSecret" : "Success"
          )
        })
      )
    })

    it("a tolerance of NaN, Infinity, zero or less is refused (NaN accepted a day-old replay)", () => {
      const secret = "whsec-0123456789abcdef"
      const old = signed(secret, T0 - 86_400, body)
      for (const toleranceSeconds of [Number.NaN, Number.POSITIVE_INFINITY, 0, -5]) {
        expect(
          reasonOf(WebhookSignature.verifyWebhook({ secret, headers: old, body, now, toleranceSeconds }))
        ).toBe("InvalidTolerance")
        expect(reasonOf(WebhookSignature.makeVerifier({ secret, toleranceSeconds }))).toBe("InvalidTolerance")
      }
      fc.assert(
        fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), (toleranceSeconds) => {
          expect(reasonOf(WebhookSignature.makeVerifier({ secret, toleranceSeconds }))).toBe("Success")
        })
      )
    })

    it("a verifier made once verifies like verifyWebhook", () => {
      const secret = "whsec-0123456789abcdef"
      const made = WebhookSignature.makeVerifier({ secret, toleranceSeconds: 300 })
      if (Result.isFailure(made)) throw made.failure
      const good = signed(secret, T0, body)
      expect(reasonOf(made.success.verify({ headers: good, body, now }))).toBe("Success")
      expect(reasonOf(made.success.verify({ headers: good, body: `${body} `, now }))).toBe("BadSignature")
      expect(reasonOf(made.success.verify({ headers: good, body, now: new Date((T0 + 301) * 1000) }))).toBe(
        "OutsideTolerance"
      )
    })

    it("the sending channel refuses a short secret when it is made", () => {
      const made = Effect.runSync(
        Effect.result(WebhookChannel.make({ url: "http://127.0.0.1:9/hook", secret: "short" }))
      )
      expect(Result.isFailure(made) && made.failure.reason).toBe("ShortSecret")
    })
  })
})
