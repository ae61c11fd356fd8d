/**
 * Email over SMTP through nodemailer's pooled transport, as a `@jipan/core` `NotifierChannel`
 * (named `"email"` unless told otherwise). The channel's `send` is what the dispatcher calls; an
 * {@link EmailError} becomes a `ChannelError` with the error's reason tag and `retryable`
 * (connection failures, timeouts and 4xx replies retry; 5xx refusals and invalid configuration are
 * permanent and dead-letter the message). `deliver` is the same send with the typed result and
 * error. A message's `to` (a customer's address) overrides the channel's default recipients.
 *
 * One transport per layer, `pool: true`: connections are opened on demand, reused for the
 * following messages, and closed when the layer's scope closes. Each message goes out as
 * `multipart/alternative` (plain text and HTML); a zh-CN subject is encoded by nodemailer as
 * RFC 2047 encoded words. The idempotency key travels in `X-Jipan-Idempotency-Key`, and the
 * `Message-ID` is derived from it, so a resend of the same message carries the same Message-ID
 * and mail systems that deduplicate by Message-ID show it once.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import {
  type ChannelMessage,
  deliveringChannel,
  makeNotifierChannels,
  type NotifierChannel,
  NotifierChannels
} from "@jipan/core"
import { Effect, Layer, type Scope } from "effect"
import nodemailer from "nodemailer"
import { classify, type EmailError } from "./EmailError.js"

/**
 * The SMTP server accepted the message: its reply code, the Message-ID sent, and the
 * recipients it accepted.
 *
 * @example
 * ```ts
 * import type { SmtpChannel } from "@jipan/notify-email"
 * const ok: SmtpChannel.Delivered = {
 *   _tag: "Delivered", idempotencyKey: "k-1", status: 250, messageId: "<…@example.com>", accepted: ["a@example.com"]
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Delivered {
  readonly _tag: "Delivered"
  readonly idempotencyKey: string
  readonly status: number
  readonly messageId: string
  readonly accepted: ReadonlyArray<string>
}

/**
 * The email channel: core's `NotifierChannel`, plus `deliver`, the same send with its typed
 * result and {@link EmailError}. Of a message it sends `subject` (else the first line of `text`),
 * `text`, `html` (else a plain rendering of `text`) and `to`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmtpChannel } from "@jipan/notify-email"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const email = yield* SmtpChannel.make({ host: "127.0.0.1", port: 2525, from: "crm@store.example" })
 *     const delivered = yield* email.deliver({ idempotencyKey: "k-1", text: "生日快乐！", to: ["li@example.com"] })
 *     return delivered.messageId
 *   })
 * )
 * ```
 * @category models
 * @since 0.2.0
 */
export interface SmtpChannel extends NotifierChannel {
  readonly deliver: (message: ChannelMessage) => Effect.Effect<Delivered, EmailError>
}

/**
 * Header carrying the idempotency key.
 *
 * @example
 * ```ts
 * import { SmtpChannel } from "@jipan/notify-email"
 * SmtpChannel.IDEMPOTENCY_KEY_HEADER // "X-Jipan-Idempotency-Key"
 * ```
 * @category constants
 * @since 0.1.0
 */
export const IDEMPOTENCY_KEY_HEADER = "X-Jipan-Idempotency-Key"

/**
 * Default time allowed to connect, to get the greeting, and of socket inactivity.
 *
 * @example
 * ```ts
 * import { SmtpChannel } from "@jipan/notify-email"
 * SmtpChannel.DEFAULT_TIMEOUT_MILLIS // 30000
 * ```
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_TIMEOUT_MILLIS = 30_000

/**
 * The SMTP server, the sender, the default recipients and pool settings.
 *
 * @example
 * ```ts
 * import type { SmtpChannel } from "@jipan/notify-email"
 * const options: SmtpChannel.SmtpChannelOptions = {
 *   host: "smtp.exmail.qq.com", port: 465, secure: true,
 *   auth: { user: "crm@store.example", pass: "app-password" },
 *   from: '"基盘 CRM" <crm@store.example>', to: ["manager@store.example"]
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface SmtpChannelOptions {
  /** The channel name messages are addressed to; defaults to `"email"`. */
  readonly name?: string
  readonly host: string
  readonly port: number
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  readonly requireTLS?: boolean
  readonly auth?: { readonly user: string; readonly pass: string }
  /** Sender, e.g. `"基盘 CRM" <crm@store.example>`. */
  readonly from: string
  /** Default recipients, used when a message has no `to`. */
  readonly to?: ReadonlyArray<string>
  /** Right-hand side of generated Message-IDs; defaults to the domain of `from`. */
  readonly messageIdDomain?: string
  /** Pool size; defaults to nodemailer's 5. */
  readonly maxConnections?: number
  /** Messages per connection before it is recycled; defaults to nodemailer's 100. */
  readonly maxMessages?: number
  /** Connection, greeting and socket-inactivity timeout; defaults to 30 s. */
  readonly timeoutMillis?: number
}

const domainOf = (address: string): string => {
  const match = /@([^\s>]+)>?\s*$/.exec(address)
  return match?.[1] ?? "jipan.invalid"
}

/**
 * The Message-ID for an idempotency key: a hash of the key (keys may hold characters a
 * Message-ID cannot) at the configured domain.
 *
 * @example
 * ```ts
 * import { SmtpChannel } from "@jipan/notify-email"
 * SmtpChannel.messageIdFor("care:card-42", "store.example")
 * // "<jipan.3b1f…@store.example>"
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const messageIdFor = (idempotencyKey: string, domain: string): string =>
  `<jipan.${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40)}@${domain}>`

const escapeHtml = (text: string): string =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")

/**
 * The HTML alternative used when a message has none: the text, escaped, one paragraph per
 * blank-line-separated block, line breaks kept.
 *
 * @example
 * ```ts
 * import { SmtpChannel } from "@jipan/notify-email"
 * SmtpChannel.textToHtml("您好\n请回电 <急>") // "<p>您好<br>请回电 &lt;急&gt;</p>"
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const textToHtml = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replaceAll("\n", "<br>")}</p>`)
    .join("\n")

/**
 * Opens the pooled transport and builds the channel; the scope closes the pool.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmtpChannel } from "@jipan/notify-email"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const email = yield* SmtpChannel.make({ host: "127.0.0.1", port: 2525, from: "crm@store.example" })
 *     return yield* email.send({ idempotencyKey: "k-1", subject: "生日祝福", text: "生日快乐！", to: ["li@example.com"] })
 *     // fails with a ChannelError; `email.deliver(…)` fails with the EmailError itself
 *   })
 * )
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: SmtpChannelOptions): Effect.Effect<SmtpChannel, never, Scope.Scope> =>
  Effect.gen(function* () {
    const timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS
    const transport = yield* Effect.acquireRelease(
      Effect.sync(() =>
        nodemailer.createTransport({
          pool: true,
          host: options.host,
          port: options.port,
          secure: options.secure ?? false,
          ...(options.requireTLS === undefined ? {} : { requireTLS: options.requireTLS }),
          ...(options.auth === undefined
            ? {}
            : { auth: { user: options.auth.user, pass: options.auth.pass } }),
          ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
          ...(options.maxMessages === undefined ? {} : { maxMessages: options.maxMessages }),
          connectionTimeout: timeoutMillis,
          greetingTimeout: timeoutMillis,
          socketTimeout: timeoutMillis
        })
      ),
      (transport) => Effect.sync(() => transport.close())
    )
    const domain = options.messageIdDomain ?? domainOf(options.from)

    const deliver = (message: ChannelMessage): Effect.Effect<Delivered, EmailError> => {
      const messageId = messageIdFor(message.idempotencyKey, domain)
      const to = message.to ?? options.to ?? []
      return Effect.tryPromise({
        try: (signal) =>
          transport.sendMail({
            from: options.from,
            to: [...to],
            subject: message.subject ?? (message.text.split("\n")[0] ?? "").slice(0, 78),
            text: message.text,
            html: message.html ?? textToHtml(message.text),
            messageId,
            headers: { [IDEMPOTENCY_KEY_HEADER]: message.idempotencyKey },
            signal
          }),
        catch: (cause) => classify(cause, timeoutMillis)
      }).pipe(
        Effect.map((info): Delivered => {
          const status = Number.parseInt(String(info.response).slice(0, 3), 10)
          return {
            _tag: "Delivered",
            idempotencyKey: message.idempotencyKey,
            status: Number.isNaN(status) ? 250 : status,
            messageId: info.messageId ?? messageId,
            accepted: [...info.accepted]
          }
        })
      )
    }
    const name = options.name ?? "email"
    return deliveringChannel(name, deliver)
  })

/**
 * Provides core's `NotifierChannels` with the email channel over one pooled SMTP transport,
 * closed with the layer. To serve several channels at once, pass `make(...)` with the others to
 * `layerNotifierChannels` from `@jipan/core`.
 *
 * @example
 * ```ts
 * import { SmtpChannel } from "@jipan/notify-email"
 * const EmailLive = SmtpChannel.layer({
 *   host: "smtp.exmail.qq.com", port: 465, secure: true,
 *   auth: { user: "crm@store.example", pass: "app-password" }, from: "crm@store.example"
 * })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: SmtpChannelOptions): Layer.Layer<NotifierChannels> =>
  Layer.effect(
    NotifierChannels,
    Effect.map(make(options), (channel) => makeNotifierChannels([channel]))
  )
