/**
 * The one error a WeChat template message can fail with, its reasons, and the classification of
 * the API's `errcode`s.
 *
 * The Official Account API answers HTTP 200 with `{"errcode": …, "errmsg": …}`. Codes that say
 * the access token is invalid or expired (40001, 40014, 41001, 42001) make the notifier fetch a
 * new token and try once more; the rest are classified: rate limits and "system busy" retry later
 * (`-1`, 45009, 45011), the follower refused (43004 not following / unsubscribed, 43101 refused
 * the messages, 43019 in the blacklist) is a consent failure, anything else is permanent (40003
 * invalid openid, 40037 invalid template id, 47001 bad data, 48001 unauthorised, 40013 / 40125
 * invalid appid / secret, 40164 IP not whitelisted).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * What an `errcode` means: a token to refresh, retry later, give up, or a follower's refusal.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * const d: WeChatError.Disposition = "consent"
 * ```
 * @category classification
 * @since 0.1.0
 */
export type Disposition = "token" | "retryable" | "permanent" | "consent"

/**
 * Schema of {@link Disposition}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WeChatError } from "@jipan/notify-wechat"
 * Schema.is(WeChatError.Disposition)("token") // true
 * ```
 * @category classification
 * @since 0.1.0
 */
export const Disposition: Schema.Literals<readonly ["token", "retryable", "permanent", "consent"]> =
  Schema.Literals(["token", "retryable", "permanent", "consent"])

/**
 * The `errcode`s with a known disposition (others are permanent).
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * WeChatError.errcodes[43004] // "consent"
 * ```
 * @category classification
 * @since 0.1.0
 */
export const errcodes: Readonly<Record<number, Disposition>> = {
  40001: "token",
  40014: "token",
  41001: "token",
  42001: "token",
  [-1]: "retryable",
  45009: "retryable",
  45011: "retryable",
  45047: "retryable",
  43004: "consent",
  43101: "consent",
  43019: "consent",
  40003: "permanent",
  40037: "permanent",
  47001: "permanent",
  47003: "permanent",
  48001: "permanent",
  40013: "permanent",
  40125: "permanent",
  40164: "permanent"
}

/**
 * The disposition of an `errcode`: the configured override, else the table, else `permanent`.
 * Total.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * WeChatError.classify(45009) // "retryable"
 * WeChatError.classify(42001) // "token"
 * WeChatError.classify(12345) // "permanent"
 * ```
 * @category classification
 * @since 0.1.0
 */
export const classify = (
  errcode: number,
  overrides: Readonly<Record<string, Disposition>> = {}
): Disposition => {
  const key = String(errcode)
  const own = Object.hasOwn(overrides, key) ? overrides[key] : undefined
  if (own !== undefined) return own
  const known = Object.hasOwn(errcodes, key) ? errcodes[errcode] : undefined
  return known ?? "permanent"
}

/**
 * No answer within the timeout. Retryable.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.Timeout({ timeoutMillis: 5_000 }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Timeout extends Schema.TaggedClass<Timeout>()("Timeout", { timeoutMillis: Schema.Number }) {
  /** A slow API may answer next time. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The connection failed. Retryable.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.Network({ code: "ECONNREFUSED" }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Network extends Schema.TaggedClass<Network>()("Network", {
  code: Schema.optional(Schema.String)
}) {
  /** The API may be reachable next time. */
  get retryable(): boolean {
    return true
  }
}

/**
 * An HTTP status outside 2xx (5xx, 408 and 429 retry).
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.HttpStatus({ status: 502 }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class HttpStatus extends Schema.TaggedClass<HttpStatus>()("HttpStatus", { status: Schema.Number }) {
  /** 5xx, 408 and 429 may pass later. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429
  }
}

const apiFields = { errcode: Schema.Number, errmsg: Schema.String }

/**
 * A retryable `errcode` (busy, quota, frequency).
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.Throttled({ errcode: 45009, errmsg: "reach max api daily quota limit" }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Throttled extends Schema.TaggedClass<Throttled>()("Throttled", apiFields) {
  /** Limits pass with time. */
  get retryable(): boolean {
    return true
  }
}

/**
 * A permanent `errcode` (a token `errcode` still failing after a fresh token is also permanent).
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.Rejected({ errcode: 40037, errmsg: "invalid template_id" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedClass<Rejected>()("Rejected", apiFields) {
  /** The same request would be refused again. */
  get retryable(): boolean {
    return false
  }
}

/**
 * The follower refused: not following (any more), refused the account's messages, or
 * blacklisted. Not retryable; a store should record it as a consent withdrawal for the channel.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.OptedOut({ errcode: 43004, errmsg: "require subscribe" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class OptedOut extends Schema.TaggedClass<OptedOut>()("OptedOut", apiFields) {
  /** A refusal by the follower is final. */
  get retryable(): boolean {
    return false
  }
}

/**
 * A 2xx answer that is not the API's JSON. Not retryable.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.InvalidResponse({ detail: "not JSON" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class InvalidResponse extends Schema.TaggedClass<InvalidResponse>()("InvalidResponse", {
  detail: Schema.String
}) {
  /** An unreadable answer stays unreadable. */
  get retryable(): boolean {
    return false
  }
}

/**
 * The message cannot become a template message: no template for its kind, a field without a
 * value, or no openid for the customer. Not retryable.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * new WeChatError.Unsendable({ missing: "openid", detail: "no openid for 13800001234" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Unsendable extends Schema.TaggedClass<Unsendable>()("Unsendable", {
  missing: Schema.Literals(["openid", "template", "field"]),
  detail: Schema.String
}) {
  /** Nothing changes by asking again. */
  get retryable(): boolean {
    return false
  }
}

/**
 * Why a WeChat send failed.
 *
 * @example
 * ```ts
 * import type { WeChatError } from "@jipan/notify-wechat"
 * const tag = (r: WeChatError.WeChatErrorReason) => r._tag
 * ```
 * @category reasons
 * @since 0.1.0
 */
export type WeChatErrorReason =
  | Timeout
  | Network
  | HttpStatus
  | Throttled
  | Rejected
  | OptedOut
  | InvalidResponse
  | Unsendable

/**
 * Schema of {@link WeChatErrorReason}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WeChatError } from "@jipan/notify-wechat"
 * Schema.is(WeChatError.WeChatErrorReason)(new WeChatError.Network({})) // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export const WeChatErrorReason: Schema.Union<
  [
    typeof Timeout,
    typeof Network,
    typeof HttpStatus,
    typeof Throttled,
    typeof Rejected,
    typeof OptedOut,
    typeof InvalidResponse,
    typeof Unsendable
  ]
> = Schema.Union([Timeout, Network, HttpStatus, Throttled, Rejected, OptedOut, InvalidResponse, Unsendable])

/**
 * A WeChat send failed. `reason` says why; `retryable` whether to try again; `consent` whether
 * the follower refused.
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * const e = new WeChatError.WeChatError({ message: "43004 require subscribe",
 *   reason: new WeChatError.OptedOut({ errcode: 43004, errmsg: "require subscribe" }) })
 * e.consent // true
 * ```
 * @category errors
 * @since 0.1.0
 */
export class WeChatError extends Schema.TaggedError<WeChatError>()("WeChatError", {
  message: Schema.String,
  reason: WeChatErrorReason
}) {
  /** Whether the same message may succeed later. */
  get retryable(): boolean {
    return this.reason.retryable
  }
  /** Whether the follower refused. */
  get consent(): boolean {
    return this.reason._tag === "OptedOut"
  }
}

/**
 * The error of an API `errcode` with its disposition (a `token` disposition that reaches here —
 * still failing with a fresh token — is permanent).
 *
 * @example
 * ```ts
 * import { WeChatError } from "@jipan/notify-wechat"
 * WeChatError.fromErrcode("template send", 43004, "require subscribe").reason._tag // "OptedOut"
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const fromErrcode = (
  what: string,
  errcode: number,
  errmsg: string,
  overrides?: Readonly<Record<string, Disposition>>
): WeChatError => {
  const d = classify(errcode, overrides)
  const fields = { errcode, errmsg }
  const reason =
    d === "retryable" ? new Throttled(fields) : d === "consent" ? new OptedOut(fields) : new Rejected(fields)
  return new WeChatError({ message: `WeChat ${what} refused: ${errcode} ${errmsg}`, reason })
}
