/**
 * The generic signed JSON webhook: POSTs each notification as JSON to a receiver's URL,
 * signed with HMAC-SHA256 (see {@link WebhookSignature}).
 *
 * Body: `{ "idempotencyKey", "subject"?, "text", "markdown"?, "mentions"? }`.
 * Headers: `x-jipan-signature: v1=<hex>`, `x-jipan-timestamp: <unix seconds>`,
 * `idempotency-key`, `content-type: application/json; charset=utf-8`.
 * The timestamp comes from effect's `Clock`, so tests can move it.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Layer } from "effect"
import { type Fetch, postJson } from "./JsonPost.js"
import type { WebhookError } from "./WebhookError.js"
import { type Delivered, type NotificationMessage, WebhookNotifier } from "./WebhookNotifier.js"
import { checkSecret, signatureHeaders, type WebhookConfigError } from "./WebhookSignature.js"

/**
 * Where and how to deliver.
 *
 * @example
 * ```ts
 * import type { WebhookChannel } from "@jipan/notify-webhook"
 * const options: WebhookChannel.WebhookChannelOptions = {
 *   url: "https://dms.example.com/jipan/hook", secret: "s3cret-0123456789abcdef", timeoutMillis: 5_000
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface WebhookChannelOptions {
  readonly url: string
  readonly secret: string
  /** Whole-request timeout; defaults to 10 s. */
  readonly timeoutMillis?: number
  /** Extra headers (an API key of the receiver's gateway, say). */
  readonly headers?: Readonly<Record<string, string>>
  /** Defaults to the global `fetch`. */
  readonly fetch?: Fetch
}

/**
 * The JSON body sent for a message: only the message's own fields, in a fixed order.
 *
 * @example
 * ```ts
 * import { WebhookChannel } from "@jipan/notify-webhook"
 * WebhookChannel.encodeBody({ idempotencyKey: "k-1", text: "hi" })
 * // '{"idempotencyKey":"k-1","text":"hi"}'
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const encodeBody = (message: NotificationMessage): string =>
  JSON.stringify({
    idempotencyKey: message.idempotencyKey,
    subject: message.subject,
    text: message.text,
    markdown: message.markdown,
    mentions: message.mentions
  })

/**
 * Builds the `send` function for a receiver.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WebhookChannel } from "@jipan/notify-webhook"
 *
 * const program = Effect.gen(function* () {
 *   const webhook = yield* WebhookChannel.make({ url: "http://127.0.0.1:8080/hook", secret: "s3cret-0123456789abcdef" })
 *   return yield* webhook.send({ idempotencyKey: "k-1", text: "战败申请已批准" })
 * })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  options: WebhookChannelOptions
): Effect.Effect<WebhookNotifier["Service"], WebhookConfigError> =>
  Effect.suspend(() => {
    const refused = checkSecret(options.secret)
    if (refused !== undefined) return Effect.fail(refused)
    const send = (message: NotificationMessage): Effect.Effect<Delivered, WebhookError> =>
      Effect.gen(function* () {
        const body = encodeBody(message)
        const timestamp = Math.floor((yield* Clock.currentTimeMillis) / 1000)
        const signed = signatureHeaders({
          secret: options.secret,
          timestamp,
          body,
          idempotencyKey: message.idempotencyKey
        })
        const answer = yield* postJson({
          url: options.url,
          body,
          headers: { "user-agent": "jipan-notify-webhook", ...options.headers, ...signed },
          ...(options.timeoutMillis === undefined ? {} : { timeoutMillis: options.timeoutMillis }),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch })
        })
        return { _tag: "Delivered", idempotencyKey: message.idempotencyKey, status: answer.status } as const
      })
    // the receiver's contract (docs/notifications.md): process each idempotency key once
    return Effect.succeed(WebhookNotifier.of({ send, deduplicates: true }))
  })

/**
 * Provides {@link WebhookNotifier} as a signed webhook to one receiver.
 *
 * @example
 * ```ts
 * import { WebhookChannel } from "@jipan/notify-webhook"
 * const WebhookLive = WebhookChannel.layer({ url: "https://dms.example.com/jipan/hook", secret: "s3cret-0123456789abcdef" })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: WebhookChannelOptions): Layer.Layer<WebhookNotifier, WebhookConfigError> =>
  Layer.effect(WebhookNotifier, make(options))
