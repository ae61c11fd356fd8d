/**
 * The one error a webhook send can fail with, and the reasons behind it.
 *
 * Every expected failure of a send (a timeout, a refused or reset connection, an HTTP status
 * that is not 2xx, a robot's non-zero `errcode`, an unreadable answer) is a `WebhookError`
 * value in the error channel, with a `reason` saying which, and `retryable` saying whether the
 * same message may succeed on a later attempt. The dispatcher in `@jipan/core` reads
 * `retryable` to choose between backing off and dead-lettering.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The peer did not answer within the configured timeout. Retryable.
 *
 * @example
 * ```ts
 * import { WebhookError } from "@jipan/notify-webhook"
 * const reason = new WebhookError.Timeout({ timeoutMillis: 5_000 })
 * reason.retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Timeout extends Schema.TaggedClass<Timeout>()("Timeout", {
  timeoutMillis: Schema.Number
}) {
  /** A slow peer may answer in time on the next attempt. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The connection could not be made or broke (refused, reset, DNS). Retryable.
 * `code` is the system error code when one is known (`ECONNREFUSED`, `ECONNRESET`, …).
 *
 * @example
 * ```ts
 * import { WebhookError } from "@jipan/notify-webhook"
 * const reason = new WebhookError.Network({ code: "ECONNREFUSED" })
 * reason.retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Network extends Schema.TaggedClass<Network>()("Network", {
  code: Schema.optional(Schema.String)
}) {
  /** The receiver may be back on the next attempt. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The peer answered with a status outside 2xx. 5xx, 408 and 429 are retryable; any other
 * 4xx is permanent (the same request would be refused again).
 *
 * @example
 * ```ts
 * import { WebhookError } from "@jipan/notify-webhook"
 * new WebhookError.HttpStatus({ status: 503 }).retryable // true
 * new WebhookError.HttpStatus({ status: 404 }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class HttpStatus extends Schema.TaggedClass<HttpStatus>()("HttpStatus", {
  status: Schema.Number
}) {
  /** See {@link isRetryableStatus}. */
  get retryable(): boolean {
    return isRetryableStatus(this.status)
  }
}

/**
 * A group robot (WeCom, DingTalk) answered HTTP 200 with a non-zero `errcode`. Whether that
 * is retryable depends on the code (rate limits and "system busy" are; a bad key is not), and
 * is decided by the robot adapter when it builds the reason.
 *
 * @example
 * ```ts
 * import { WebhookError } from "@jipan/notify-webhook"
 * const reason = new WebhookError.RobotRejected({
 *   platform: "wecom", errcode: 45009, errmsg: "api freq out of limit", retryable: true
 * })
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class RobotRejected extends Schema.TaggedClass<RobotRejected>()("RobotRejected", {
  platform: Schema.Literals(["wecom", "dingtalk"]),
  errcode: Schema.Number,
  errmsg: Schema.String,
  retryable: Schema.Boolean
}) {}

/**
 * The peer answered 2xx with a body the adapter could not read (a robot answer that is not
 * the expected JSON). Not retryable: the request reached something that is not the robot API.
 *
 * @example
 * ```ts
 * import { WebhookError } from "@jipan/notify-webhook"
 * new WebhookError.InvalidResponse({ detail: "not JSON" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class InvalidResponse extends Schema.TaggedClass<InvalidResponse>()("InvalidResponse", {
  detail: Schema.String
}) {
  /** An answer we cannot read will not become readable by asking again. */
  get retryable(): boolean {
    return false
  }
}

/**
 * Why a webhook send failed.
 *
 * @example
 * ```ts
 * import type { WebhookError } from "@jipan/notify-webhook"
 * const describe = (r: WebhookError.WebhookErrorReason): string => r._tag
 * ```
 * @category reasons
 * @since 0.1.0
 */
export type WebhookErrorReason = Timeout | Network | HttpStatus | RobotRejected | InvalidResponse

/**
 * Schema of {@link WebhookErrorReason}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookError } from "@jipan/notify-webhook"
 * Schema.is(WebhookError.WebhookErrorReason)(new WebhookError.Network({})) // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export const WebhookErrorReason: Schema.Union<
  [typeof Timeout, typeof Network, typeof HttpStatus, typeof RobotRejected, typeof InvalidResponse]
> = Schema.Union([Timeout, Network, HttpStatus, RobotRejected, InvalidResponse])

/**
 * A webhook send failed. `reason` says why, `retryable` whether to try again later.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WebhookError } from "@jipan/notify-webhook"
 *
 * const failed = new WebhookError.WebhookError({
 *   message: "POST http://127.0.0.1:8080/hook answered 503",
 *   reason: new WebhookError.HttpStatus({ status: 503 })
 * })
 * failed.retryable // true
 * const handled = Effect.fail(failed).pipe(
 *   Effect.catchReason("WebhookError", "HttpStatus", (r) => Effect.succeed(r.status))
 * )
 * ```
 * @category errors
 * @since 0.1.0
 */
export class WebhookError extends Schema.TaggedError<WebhookError>()("WebhookError", {
  message: Schema.String,
  reason: WebhookErrorReason
}) {
  /** Whether the same message may succeed on a later attempt. */
  get retryable(): boolean {
    return this.reason.retryable
  }
}

/**
 * HTTP status classification: 5xx, 408 (request timeout) and 429 (too many requests) are
 * worth retrying; every other status outside 2xx is permanent.
 *
 * @example
 * ```ts
 * import { WebhookError } from "@jipan/notify-webhook"
 * WebhookError.isRetryableStatus(429) // true
 * WebhookError.isRetryableStatus(400) // false
 * ```
 * @category classification
 * @since 0.1.0
 */
export const isRetryableStatus = (status: number): boolean =>
  status >= 500 || status === 408 || status === 429
