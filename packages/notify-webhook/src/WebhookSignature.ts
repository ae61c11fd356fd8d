/**
 * Signing and verification of generic webhooks: HMAC-SHA256 over `timestamp + "." + body`.
 *
 * The sender puts the hex digest in `x-jipan-signature: v1=<hex>` and the Unix time in seconds
 * in `x-jipan-timestamp`. A receiver recomputes the digest over the raw body bytes it received,
 * compares in constant time, and refuses timestamps outside its tolerance window so a captured
 * request cannot be replayed later. The body carries the message's `idempotencyKey`, so the
 * signature covers it too; deduplicate on that signed copy.
 *
 * @since 0.1.0
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { Result, Schema } from "effect"

/**
 * Header carrying `v1=<hex digest>` (several comma-separated entries are accepted, for secret
 * rotation).
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.SIGNATURE_HEADER // "x-jipan-signature"
 * ```
 * @category headers
 * @since 0.1.0
 */
export const SIGNATURE_HEADER = "x-jipan-signature"

/**
 * Header carrying the signing time as Unix seconds.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.TIMESTAMP_HEADER // "x-jipan-timestamp"
 * ```
 * @category headers
 * @since 0.1.0
 */
export const TIMESTAMP_HEADER = "x-jipan-timestamp"

/**
 * Header carrying the message's idempotency key (unsigned; the signed copy is in the body).
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.IDEMPOTENCY_KEY_HEADER // "idempotency-key"
 * ```
 * @category headers
 * @since 0.1.0
 */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key"

/**
 * Default replay window: a signed request older or newer than this is refused.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.DEFAULT_TOLERANCE_SECONDS // 300
 * ```
 * @category verification
 * @since 0.1.0
 */
export const DEFAULT_TOLERANCE_SECONDS = 300

/**
 * The shortest shared secret a sender or a receiver accepts, in characters: an empty or short
 * secret (a receiver reading an unset environment variable as `""`) would let anyone sign.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.MIN_SECRET_LENGTH // 16
 * ```
 * @category verification
 * @since 0.2.0
 */
export const MIN_SECRET_LENGTH = 16

/**
 * A webhook sender or verifier was configured so that it could not be safe: no secret, a secret
 * shorter than {@link MIN_SECRET_LENGTH}, or a tolerance that is not a finite positive number of
 * seconds (`NaN` would accept any replay). Refused when the sender or verifier is made.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * const e = WebhookSignature.checkSecret("")
 * e?.reason // "EmptySecret"
 * ```
 * @category verification
 * @since 0.2.0
 */
export class WebhookConfigError extends Schema.TaggedError<WebhookConfigError>()("WebhookConfigError", {
  reason: Schema.Literals(["EmptySecret", "ShortSecret", "InvalidTolerance"]),
  message: Schema.String
}) {}

/**
 * The refusal of a secret (one, or each while rotating), or `undefined` when it may sign.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.checkSecret("whsec-0123456789abcdef") // undefined
 * WebhookSignature.checkSecret("s3cret-0123456789abcdef")?.reason // "ShortSecret"
 * ```
 * @category verification
 * @since 0.2.0
 */
export const checkSecret = (secret: string | ReadonlyArray<string>): WebhookConfigError | undefined => {
  const secrets: ReadonlyArray<unknown> =
    typeof secret === "string" ? [secret] : Array.isArray(secret) ? secret : []
  if (secrets.length === 0 || secrets.some((s) => typeof s !== "string" || s.length === 0))
    return new WebhookConfigError({
      reason: "EmptySecret",
      message: "A webhook secret is required (got none or an empty one)"
    })
  if (secrets.some((s) => (s as string).length < MIN_SECRET_LENGTH))
    return new WebhookConfigError({
      reason: "ShortSecret",
      message: `A webhook secret must have at least ${MIN_SECRET_LENGTH} characters`
    })
  return undefined
}

/**
 * The refusal of a tolerance window, or `undefined` for a finite positive number of seconds.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * WebhookSignature.checkTolerance(Number.NaN)?.reason // "InvalidTolerance"
 * ```
 * @category verification
 * @since 0.2.0
 */
export const checkTolerance = (toleranceSeconds: number): WebhookConfigError | undefined =>
  typeof toleranceSeconds === "number" && Number.isFinite(toleranceSeconds) && toleranceSeconds > 0
    ? undefined
    : new WebhookConfigError({
        reason: "InvalidTolerance",
        message: `The tolerance must be a finite positive number of seconds (got ${String(toleranceSeconds)})`
      })

/**
 * Hex HMAC-SHA256 of `timestamp + "." + body` under `secret`.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * const hex = WebhookSignature.sign({ secret: "s3cret-0123456789abcdef", timestamp: 1767225600, body: '{"text":"hi"}' })
 * hex.length // 64
 * ```
 * @category signing
 * @since 0.1.0
 */
export const sign = (options: {
  readonly secret: string
  readonly timestamp: number
  readonly body: string | Uint8Array
}): string =>
  createHmac("sha256", options.secret).update(`${options.timestamp}.`).update(options.body).digest("hex")

/**
 * The headers a signed request carries: signature, timestamp and idempotency key.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * const headers = WebhookSignature.signatureHeaders({
 *   secret: "s3cret-0123456789abcdef", timestamp: 1767225600, body: "{}", idempotencyKey: "k-1"
 * })
 * headers["x-jipan-signature"].startsWith("v1=") // true
 * ```
 * @category signing
 * @since 0.1.0
 */
export const signatureHeaders = (options: {
  readonly secret: string
  readonly timestamp: number
  readonly body: string | Uint8Array
  readonly idempotencyKey: string
}): {
  readonly "x-jipan-signature": string
  readonly "x-jipan-timestamp": string
  readonly "idempotency-key": string
} => ({
  [SIGNATURE_HEADER]: `v1=${sign(options)}`,
  [TIMESTAMP_HEADER]: String(options.timestamp),
  [IDEMPOTENCY_KEY_HEADER]: options.idempotencyKey
})

/**
 * A required header is absent.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * new WebhookSignature.MissingHeader({ header: "x-jipan-signature" })
 * ```
 * @category verification
 * @since 0.1.0
 */
export class MissingHeader extends Schema.TaggedClass<MissingHeader>()("MissingHeader", {
  header: Schema.String
}) {}

/**
 * A header is present but unreadable (a timestamp that is not an integer, a signature header
 * without any `v1=` entry).
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * new WebhookSignature.MalformedHeader({ header: "x-jipan-timestamp" })
 * ```
 * @category verification
 * @since 0.1.0
 */
export class MalformedHeader extends Schema.TaggedClass<MalformedHeader>()("MalformedHeader", {
  header: Schema.String
}) {}

/**
 * No signature in the request matches the body, timestamp and secret.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * new WebhookSignature.BadSignature({})
 * ```
 * @category verification
 * @since 0.1.0
 */
export class BadSignature extends Schema.TaggedClass<BadSignature>()("BadSignature", {}) {}

/**
 * The signature is authentic but its timestamp lies outside the tolerance window: a replay,
 * or a clock too far off.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * new WebhookSignature.OutsideTolerance({ timestamp: 1, nowSeconds: 1_000, toleranceSeconds: 300 })
 * ```
 * @category verification
 * @since 0.1.0
 */
export class OutsideTolerance extends Schema.TaggedClass<OutsideTolerance>()("OutsideTolerance", {
  timestamp: Schema.Number,
  nowSeconds: Schema.Number,
  toleranceSeconds: Schema.Number
}) {}

/**
 * Why a request was refused.
 *
 * @example
 * ```ts
 * import type { WebhookSignature } from "@jipan/notify-webhook"
 * const tag = (r: WebhookSignature.VerificationFailure): string => r._tag
 * ```
 * @category verification
 * @since 0.1.0
 */
export type VerificationFailure = MissingHeader | MalformedHeader | BadSignature | OutsideTolerance

/**
 * A webhook request failed verification; `reason` says why.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * const e = new WebhookSignature.WebhookVerificationError({
 *   message: "signature does not match", reason: new WebhookSignature.BadSignature({})
 * })
 * e.reason._tag // "BadSignature"
 * ```
 * @category verification
 * @since 0.1.0
 */
export class WebhookVerificationError extends Schema.TaggedError<WebhookVerificationError>()(
  "WebhookVerificationError",
  {
    message: Schema.String,
    reason: Schema.Union([MissingHeader, MalformedHeader, BadSignature, OutsideTolerance])
  }
) {}

/**
 * Request headers as Node's `IncomingMessage#headers` or a fetch `Headers` give them.
 *
 * @example
 * ```ts
 * import type { WebhookSignature } from "@jipan/notify-webhook"
 * const h: WebhookSignature.HeaderSource = { "x-jipan-timestamp": "1767225600" }
 * ```
 * @category verification
 * @since 0.1.0
 */
export type HeaderSource =
  | { readonly get: (name: string) => string | null }
  | { readonly [name: string]: string | ReadonlyArray<string> | undefined }

/**
 * What a receiver passes to {@link verifyWebhook}. `body` must be the raw bytes (or the exact
 * string) received, before any JSON parsing; `now` is the receiver's clock.
 *
 * @example
 * ```ts
 * import type { WebhookSignature } from "@jipan/notify-webhook"
 * const options: WebhookSignature.VerifyWebhookOptions = {
 *   secret: "s3cret-0123456789abcdef", headers: {}, body: "{}", now: new Date(), toleranceSeconds: 300
 * }
 * ```
 * @category verification
 * @since 0.1.0
 */
export interface VerifyWebhookOptions {
  /** One secret, or several while rotating (any match is accepted). */
  readonly secret: string | ReadonlyArray<string>
  readonly headers: HeaderSource
  readonly body: string | Uint8Array
  readonly now: Date
  /** Defaults to {@link DEFAULT_TOLERANCE_SECONDS}. */
  readonly toleranceSeconds?: number
}

/**
 * A request that passed verification, with the signed timestamp.
 *
 * @example
 * ```ts
 * import type { WebhookSignature } from "@jipan/notify-webhook"
 * const v: WebhookSignature.VerifiedWebhook = { timestamp: 1767225600 }
 * ```
 * @category verification
 * @since 0.1.0
 */
export interface VerifiedWebhook {
  readonly timestamp: number
}

const readHeader = (headers: HeaderSource, name: string): string | undefined => {
  if (typeof headers.get === "function") {
    const value = (headers as { readonly get: (name: string) => string | null }).get(name)
    return value ?? undefined
  }
  const record = headers as { readonly [name: string]: string | ReadonlyArray<string> | undefined }
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== name) continue
    const value = record[key]
    return typeof value === "string" ? value : value?.join(",")
  }
  return undefined
}

const HEX_DIGEST = /^[0-9a-f]{64}$/i
const UNIX_SECONDS = /^\d{1,15}$/

const fail = (message: string, reason: VerificationFailure) =>
  Result.fail(new WebhookVerificationError({ message, reason }))

/**
 * Verifies a signed webhook request. Pure: the caller passes `now`. Checks, in order: both
 * headers present, readable, a `v1=` signature matching (constant-time compare) under one of
 * the secrets, and the timestamp within `toleranceSeconds` of `now` (either side).
 * Returns a `Result`; nothing is thrown.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 *
 * const body = '{"idempotencyKey":"k-1","text":"hi"}'
 * const headers = WebhookSignature.signatureHeaders({
 *   secret: "s3cret-0123456789abcdef", timestamp: 1767225600, body, idempotencyKey: "k-1"
 * })
 * const result = WebhookSignature.verifyWebhook({
 *   secret: "s3cret-0123456789abcdef", headers, body, now: new Date(1767225600_000), toleranceSeconds: 300
 * })
 * result._tag // "Success"
 * ```
 * @category verification
 * @since 0.1.0
 */
export const verifyWebhook = (
  options: VerifyWebhookOptions
): Result.Result<VerifiedWebhook, WebhookVerificationError | WebhookConfigError> => {
  const refused =
    checkSecret(options.secret) ?? checkTolerance(options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)
  if (refused !== undefined) return Result.fail(refused)
  return verifyChecked(options)
}

const verifyChecked = (
  options: VerifyWebhookOptions
): Result.Result<VerifiedWebhook, WebhookVerificationError> => {
  const signatureHeader = readHeader(options.headers, SIGNATURE_HEADER)
  if (signatureHeader === undefined) {
    return fail(`missing ${SIGNATURE_HEADER} header`, new MissingHeader({ header: SIGNATURE_HEADER }))
  }
  const timestampHeader = readHeader(options.headers, TIMESTAMP_HEADER)
  if (timestampHeader === undefined) {
    return fail(`missing ${TIMESTAMP_HEADER} header`, new MissingHeader({ header: TIMESTAMP_HEADER }))
  }
  const trimmedTimestamp = timestampHeader.trim()
  if (!UNIX_SECONDS.test(trimmedTimestamp)) {
    return fail(`${TIMESTAMP_HEADER} is not Unix seconds`, new MalformedHeader({ header: TIMESTAMP_HEADER }))
  }
  const timestamp = Number(trimmedTimestamp)
  const candidates = signatureHeader
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("v1="))
    .map((entry) => entry.slice(3))
  if (candidates.length === 0) {
    return fail(`${SIGNATURE_HEADER} has no v1= entry`, new MalformedHeader({ header: SIGNATURE_HEADER }))
  }
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret
  // Compare every pair without returning early, so timing does not reveal which one matched.
  let matched = false
  for (const secret of secrets) {
    const expected = Buffer.from(sign({ secret, timestamp, body: options.body }), "hex")
    for (const candidate of candidates) {
      if (!HEX_DIGEST.test(candidate)) continue
      if (timingSafeEqual(expected, Buffer.from(candidate, "hex"))) matched = true
    }
  }
  if (!matched) return fail("webhook signature does not match", new BadSignature({}))
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  const nowSeconds = Math.floor(options.now.getTime() / 1000)
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return fail(
      `webhook timestamp ${timestamp} is more than ${toleranceSeconds}s from now (${nowSeconds})`,
      new OutsideTolerance({ timestamp, nowSeconds, toleranceSeconds })
    )
  }
  return Result.succeed({ timestamp })
}

/**
 * A receiver's verifier with its secret(s) and tolerance checked once, when it is made.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * const made = WebhookSignature.makeVerifier({ secret: "whsec-0123456789abcdef" })
 * if (made._tag === "Success") made.success.verify({ headers: {}, body: "{}", now: new Date() })._tag // "Failure"
 * ```
 * @category verification
 * @since 0.2.0
 */
export interface WebhookVerifier {
  readonly verify: (
    request: Pick<VerifyWebhookOptions, "headers" | "body" | "now">
  ) => Result.Result<VerifiedWebhook, WebhookVerificationError>
}

/**
 * Makes a {@link WebhookVerifier}; refuses (`WebhookConfigError`) an empty or short secret and a
 * tolerance that is not a finite positive number, so a misconfigured receiver fails at start,
 * not by accepting forged or replayed requests.
 *
 * @example
 * ```ts
 * import { WebhookSignature } from "@jipan/notify-webhook"
 * const made = WebhookSignature.makeVerifier({ secret: process.env.JIPAN_WEBHOOK_SECRET ?? "" })
 * if (made._tag === "Failure") throw made.failure // "A webhook secret is required …"
 * ```
 * @category verification
 * @since 0.2.0
 */
export const makeVerifier = (options: {
  readonly secret: string | ReadonlyArray<string>
  readonly toleranceSeconds?: number
}): Result.Result<WebhookVerifier, WebhookConfigError> => {
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  const refused = checkSecret(options.secret) ?? checkTolerance(toleranceSeconds)
  if (refused !== undefined) return Result.fail(refused)
  const secret = typeof options.secret === "string" ? options.secret : [...options.secret]
  return Result.succeed({
    verify: (request) => verifyChecked({ ...request, secret, toleranceSeconds })
  })
}
