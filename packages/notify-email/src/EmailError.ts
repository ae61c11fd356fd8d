/**
 * The one error an email send can fail with, and the reasons behind it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The SMTP server could not be reached or the connection broke (refused, reset, TLS, DNS).
 * Retryable. `code` is nodemailer's or the system's error code when known.
 *
 * @example
 * ```ts
 * import { EmailError } from "@jipan/notify-email"
 * new EmailError.Connection({ code: "ECONNREFUSED" }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Connection extends Schema.TaggedClass<Connection>()("Connection", {
  code: Schema.optional(Schema.String)
}) {
  /** The server may be back on the next attempt. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The SMTP server refused the message (or its sender or recipients) with a reply code.
 * 5xx is permanent, 4xx is retryable; 503 (bad sequence of commands) is retryable too, as it
 * reports the session's state rather than a verdict on the message (RFC 5321, and nodemailer's
 * own `permanent` flag).
 *
 * @example
 * ```ts
 * import { EmailError } from "@jipan/notify-email"
 * new EmailError.Rejected({ responseCode: 550, response: "550 5.1.1 no such user" }).retryable // false
 * new EmailError.Rejected({ responseCode: 451, response: "451 4.3.0 try later" }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Rejected extends Schema.TaggedClass<Rejected>()("Rejected", {
  responseCode: Schema.Number,
  response: Schema.String
}) {
  /** See {@link isRetryableReply}. */
  get retryable(): boolean {
    return isRetryableReply(this.responseCode)
  }
}

/**
 * The server did not answer in time (connecting, greeting, or an idle socket). Retryable.
 *
 * @example
 * ```ts
 * import { EmailError } from "@jipan/notify-email"
 * new EmailError.Timeout({ timeoutMillis: 10_000 }).retryable // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Timeout extends Schema.TaggedClass<Timeout>()("Timeout", {
  timeoutMillis: Schema.Number
}) {
  /** A slow server may answer in time on the next attempt. */
  get retryable(): boolean {
    return true
  }
}

/**
 * The message could not be sent as configured (no recipients, missing credentials, an
 * invalid option). Not retryable: the same message would fail the same way.
 *
 * @example
 * ```ts
 * import { EmailError } from "@jipan/notify-email"
 * new EmailError.Invalid({ code: "EENVELOPE", detail: "No recipients defined" }).retryable // false
 * ```
 * @category reasons
 * @since 0.1.0
 */
export class Invalid extends Schema.TaggedClass<Invalid>()("Invalid", {
  code: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  /** Configuration does not fix itself. */
  get retryable(): boolean {
    return false
  }
}

/**
 * Why an email send failed.
 *
 * @example
 * ```ts
 * import type { EmailError } from "@jipan/notify-email"
 * const tag = (r: EmailError.EmailErrorReason): string => r._tag
 * ```
 * @category reasons
 * @since 0.1.0
 */
export type EmailErrorReason = Connection | Rejected | Timeout | Invalid

/**
 * Schema of {@link EmailErrorReason}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { EmailError } from "@jipan/notify-email"
 * Schema.is(EmailError.EmailErrorReason)(new EmailError.Connection({})) // true
 * ```
 * @category reasons
 * @since 0.1.0
 */
export const EmailErrorReason: Schema.Union<
  [typeof Connection, typeof Rejected, typeof Timeout, typeof Invalid]
> = Schema.Union([Connection, Rejected, Timeout, Invalid])

/**
 * An email send failed. `reason` says why, `retryable` whether to try again later.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { EmailError } from "@jipan/notify-email"
 *
 * const failed = new EmailError.EmailError({
 *   message: "SMTP 451 4.3.0 try later",
 *   reason: new EmailError.Rejected({ responseCode: 451, response: "451 4.3.0 try later" })
 * })
 * failed.retryable // true
 * Effect.fail(failed).pipe(Effect.catchReason("EmailError", "Rejected", (r) => Effect.succeed(r.responseCode)))
 * ```
 * @category errors
 * @since 0.1.0
 */
export class EmailError extends Schema.TaggedError<EmailError>()("EmailError", {
  message: Schema.String,
  reason: EmailErrorReason
}) {
  /** Whether the same message may succeed on a later attempt. */
  get retryable(): boolean {
    return this.reason.retryable
  }
}

/**
 * SMTP reply classification: 4xx (transient negative) and 503 are retryable, every other 5xx
 * is permanent.
 *
 * @example
 * ```ts
 * import { EmailError } from "@jipan/notify-email"
 * EmailError.isRetryableReply(421) // true
 * EmailError.isRetryableReply(554) // false
 * ```
 * @category classification
 * @since 0.1.0
 */
export const isRetryableReply = (responseCode: number): boolean => responseCode < 500 || responseCode === 503

const INVALID_CODES: ReadonlySet<string> = new Set([
  "ECONFIG",
  "ENOAUTH",
  "EENVELOPE",
  "EMAXRECIPIENTS",
  "EFILEACCESS",
  "EURLACCESS",
  "EREQUIRETLS"
])

/**
 * Maps what nodemailer rejected with to an `EmailError`: an SMTP reply code becomes
 * `Rejected`, `ETIMEDOUT` `Timeout`, configuration and envelope problems `Invalid`, and the
 * rest (`ECONNECTION`, `ESOCKET`, `ETLS`, `EDNS`, …) `Connection`.
 *
 * @example
 * ```ts
 * import { EmailError } from "@jipan/notify-email"
 * const e = EmailError.classify(
 *   Object.assign(new Error("Mailbox unavailable"), { code: "EENVELOPE", responseCode: 550, response: "550 no" }),
 *   10_000
 * )
 * e.reason._tag // "Rejected"
 * ```
 * @category classification
 * @since 0.1.0
 */
export const classify = (cause: unknown, timeoutMillis: number): EmailError => {
  const error = (typeof cause === "object" && cause !== null ? cause : {}) as {
    readonly code?: unknown
    readonly originalCode?: unknown
    readonly responseCode?: unknown
    readonly response?: unknown
    readonly message?: unknown
  }
  const detail = typeof error.message === "string" ? error.message : String(cause)
  const code = typeof error.code === "string" ? error.code : undefined
  if (typeof error.responseCode === "number" && error.responseCode >= 400) {
    const response = typeof error.response === "string" ? error.response : detail
    return new EmailError({
      message: `SMTP server refused the message: ${response}`,
      reason: new Rejected({ responseCode: error.responseCode, response })
    })
  }
  if (code === "ETIMEDOUT") {
    return new EmailError({
      message: `SMTP server did not answer within ${timeoutMillis} ms`,
      reason: new Timeout({ timeoutMillis })
    })
  }
  if (code !== undefined && INVALID_CODES.has(code)) {
    return new EmailError({ message: `email not sendable: ${detail}`, reason: new Invalid({ code, detail }) })
  }
  const systemCode = typeof error.originalCode === "string" ? error.originalCode : code
  return new EmailError({
    message: `SMTP connection failed: ${detail}`,
    reason: systemCode === undefined ? new Connection({}) : new Connection({ code: systemCode })
  })
}
