/**
 * The one error an SMS send can fail with, and the reasons behind it.
 *
 * Every expected failure of a send is an {@link SmsError} value: the provider could not be reached
 * (`Timeout`, `Network`), answered with an HTTP status outside 2xx (`HttpStatus`), answered with
 * one of its error codes (`Throttled`, `Rejected`, `OptedOut` — the code's disposition, see
 * `ErrorCodes`), answered something unreadable (`InvalidResponse`), or the message could not be
 * turned into a provider request at all (`Unsendable`: no template for its kind, no valid mobile
 * number). `retryable` says whether the same message may succeed later; `consent` whether the
 * customer refused (unsubscribed, blacklisted), which a store should record as a withdrawal.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The SMS providers this package speaks to.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * const p: SmsError.Provider = "aliyun"
 * ```
 * @category models
 * @since 0.1.0
 */
export type Provider = "aliyun" | "tencent"

/**
 * Schema of {@link Provider}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SmsError } from "@jipan/notify-sms"
 * Schema.is(SmsError.Provider)("tencent") // true
 * ```
 * @category models
 * @since 0.1.0
 */
export const Provider: Schema.Literals<readonly ["aliyun", "tencent"]> = Schema.Literals([
  "aliyun",
  "tencent"
])

/**
 * The provider did not answer within the configured timeout. Retryable.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.Timeout({ timeoutMillis: 5_000 }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Timeout extends Schema.TaggedClass<Timeout>()("Timeout", {
  timeoutMillis: Schema.Number
}) {
  /** A slow provider may answer in time on the next attempt. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The connection could not be made or broke. Retryable. `code` is the system error code when
 * one is known (`ECONNREFUSED`, `ECONNRESET`, …).
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.Network({ code: "ECONNREFUSED" }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Network extends Schema.TaggedClass<Network>()("Network", {
  code: Schema.optional(Schema.String)
}) {
  /** The provider may be reachable on the next attempt. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The provider answered with a status outside 2xx and no error code we could read. 5xx, 408 and
 * 429 are retryable; any other status is permanent.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.HttpStatus({ status: 502 }).retryable // true
 * new SmsError.HttpStatus({ status: 403 }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class HttpStatus extends Schema.TaggedClass<HttpStatus>()("HttpStatus", {
  status: Schema.Number
}) {
  /** 5xx, 408 and 429 may pass later. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429
  }
}

/**
 * The provider refused with an error code that is worth retrying later: a frequency limit
 * (`isv.BUSINESS_LIMIT_CONTROL`, `LimitExceeded.*`), a system error (`isp.SYSTEM_ERROR`,
 * `InternalError.Timeout`).
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.Throttled({ provider: "aliyun", code: "isv.BUSINESS_LIMIT_CONTROL", detail: "触发分钟级流控" }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Throttled extends Schema.TaggedClass<Throttled>()("Throttled", {
  provider: Provider,
  code: Schema.String,
  detail: Schema.String
}) {
  /** Limits and system errors pass with time. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The provider refused with an error code that will not change by asking again: an illegal
 * number (`isv.MOBILE_NUMBER_ILLEGAL`), an unapproved template or sign, a bad key or signature.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.Rejected({ provider: "tencent", code: "InvalidParameterValue.IncorrectPhoneNumber", detail: "" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedClass<Rejected>()("Rejected", {
  provider: Provider,
  code: Schema.String,
  detail: Schema.String
}) {
  /** The same request would be refused again. */
  get retryable(): boolean {
    return false
  }
}

/**
 * The provider refused because the customer does not want the message: the number is on the
 * provider's or the carrier's blacklist, the customer unsubscribed (回T退订)
 * (`FailedOperation.PhoneNumberInBlacklist`, `isv.BLACK_KEY_CONTROL_LIMIT`). Not retryable; a
 * store should record it as a consent withdrawal for the channel.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.OptedOut({ provider: "tencent", code: "FailedOperation.PhoneNumberInBlacklist", detail: "" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class OptedOut extends Schema.TaggedClass<OptedOut>()("OptedOut", {
  provider: Provider,
  code: Schema.String,
  detail: Schema.String
}) {
  /** A refusal by the customer is final. */
  get retryable(): boolean {
    return false
  }
}

/**
 * The provider answered 2xx with a body that is not its JSON. Not retryable.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.InvalidResponse({ detail: "not JSON" }).retryable // false
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
 * The message cannot become a provider request: its kind has no template in the configuration,
 * the template data is missing a parameter, or it has no valid mobile number. Not retryable
 * (the configuration or the customer's card must change first).
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * new SmsError.Unsendable({ detail: "no SMS template for kind workList" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Unsendable extends Schema.TaggedClass<Unsendable>()("Unsendable", {
  detail: Schema.String
}) {
  /** Asking again sends the same unsendable message. */
  get retryable(): boolean {
    return false
  }
}

/**
 * Why an SMS send failed.
 *
 * @example
 * ```ts
 * import type { SmsError } from "@jipan/notify-sms"
 * const tag = (r: SmsError.SmsErrorReason): string => r._tag
 * ```
 * @category reasons
 * @since 0.1.0
 */
export type SmsErrorReason =
  | Timeout
  | Network
  | HttpStatus
  | Throttled
  | Rejected
  | OptedOut
  | InvalidResponse
  | Unsendable

/**
 * Schema of {@link SmsErrorReason}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SmsError } from "@jipan/notify-sms"
 * Schema.is(SmsError.SmsErrorReason)(new SmsError.Network({})) // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export const SmsErrorReason: Schema.Union<
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
 * An SMS send failed. `reason` says why, `retryable` whether to try again later, `consent`
 * whether the customer refused.
 *
 * @example
 * ```ts
 * import { SmsError } from "@jipan/notify-sms"
 * const e = new SmsError.SmsError({
 *   message: "aliyun refused: isv.MOBILE_NUMBER_ILLEGAL",
 *   reason: new SmsError.Rejected({ provider: "aliyun", code: "isv.MOBILE_NUMBER_ILLEGAL", detail: "" })
 * })
 * e.retryable // false
 * ```
 * @category errors
 * @since 0.1.0
 */
export class SmsError extends Schema.TaggedError<SmsError>()("SmsError", {
  message: Schema.String,
  reason: SmsErrorReason
}) {
  /** Whether the same message may succeed on a later attempt. */
  get retryable(): boolean {
    return this.reason.retryable
  }
  /** Whether the customer (or the carrier on their behalf) refused the message. */
  get consent(): boolean {
    return this.reason._tag === "OptedOut"
  }
}
