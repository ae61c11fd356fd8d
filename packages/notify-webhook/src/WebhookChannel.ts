/**
 * The generic signed JSON webhook, as a `@jipan/core` `NotifierChannel`: POSTs each message as
 * JSON to a receiver's URL, signed with HMAC-SHA256 (see {@link WebhookSignature}). The channel's
 * `send` is what the dispatcher calls; a {@link WebhookError} becomes a `ChannelError` with the
 * error's reason tag and `retryable` (5xx, 408, 429, timeouts and network errors retry; any other
 * refusal is permanent and dead-letters the message). `deliver` is the same send with the typed
 * result and error.
 *
 * Body: `{ "idempotencyKey", "subject"?, "text", "markdown"?, "mentions"? }`.
 * Headers: `x-jipan-signature: v1=<hex>`, `x-jipan-timestamp: <unix seconds>`,
 * `idempotency-key`, `content-type: application/json; charset=utf-8`.
 * The timestamp comes from effect's `Clock`, so tests can move it.
 *
 * @since 0.1.0
 */
import {
  type ChannelMessage,
  layerNotifierChannels,
  type NotifierChannel,
  type NotifierChannels
} from "@jipan/core"
import { Clock, Effect, type Layer } from "effect"
import { channelOf } from "./internal/channel.js"
import { type Fetch, postJson } from "./JsonPost.js"
import type { WebhookError } from "./WebhookError.js"
import { checkSecret, signatureHeaders, type WebhookConfigError } from "./WebhookSignature.js"

/**
 * The peer accepted the message: `status` is the HTTP status it answered with.
 *
 * @example
 * ```ts
 * import type { WebhookChannel } from "@jipan/notify-webhook"
 * const ok: WebhookChannel.Delivered = { _tag: "Delivered", idempotencyKey: "k-1", status: 200 }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Delivered {
  readonly _tag: "Delivered"
  readonly idempotencyKey: string
  readonly status: number
}

/**
 * A channel of this package (the signed webhook, a WeCom or a DingTalk robot): core's
 * `NotifierChannel`, plus `deliver`, the same send with its typed result and {@link WebhookError}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WebhookChannel } from "@jipan/notify-webhook"
 *
 * const program = Effect.gen(function* () {
 *   const webhook = yield* WebhookChannel.make({ url: "http://127.0.0.1:8080/hook", secret: "s3cret-0123456789abcdef" })
 *   const delivered = yield* webhook.deliver({ idempotencyKey: "k-1", text: "新线索已分配" })
 *   return delivered.status
 * })
 * ```
 * @category models
 * @since 0.2.0
 */
export interface WebhookChannel extends NotifierChannel {
  readonly deliver: (message: ChannelMessage) => Effect.Effect<Delivered, WebhookError>
}

/**
 * Where and how to deliver, and the channel's name (default `"webhook"`).
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
  /** The channel name messages are addressed to; defaults to `"webhook"`. */
  readonly name?: string
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
 * The JSON body sent for a message: only these fields of the message, in a fixed order.
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
export const encodeBody = (message: ChannelMessage): string =>
  JSON.stringify({
    idempotencyKey: message.idempotencyKey,
    subject: message.subject,
    text: message.text,
    markdown: message.markdown,
    mentions: message.mentions
  })

/**
 * The channel to one receiver. It fails at once with a `WebhookConfigError` when the secret is
 * too short. The receiver's contract is to process each idempotency key once, so the channel
 * says `deduplicates: true` and the dispatcher may send on it concurrently.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { layerNotifierChannels } from "@jipan/core"
 * import { WebhookChannel } from "@jipan/notify-webhook"
 *
 * const webhook = WebhookChannel.make({ url: "http://127.0.0.1:8080/hook", secret: "s3cret-0123456789abcdef" })
 * const channels = layerNotifierChannels([webhook])
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: WebhookChannelOptions): Effect.Effect<WebhookChannel, WebhookConfigError> =>
  Effect.suspend(() => {
    const refused = checkSecret(options.secret)
    if (refused !== undefined) return Effect.fail(refused)
    const deliver = (message: ChannelMessage): Effect.Effect<Delivered, WebhookError> =>
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
    return Effect.succeed(channelOf(options.name ?? "webhook", deliver, true))
  })

/**
 * Provides core's `NotifierChannels` with this one channel. To serve several channels at once,
 * pass their `make(...)` effects to `layerNotifierChannels` from `@jipan/core`.
 *
 * @example
 * ```ts
 * import { WebhookChannel } from "@jipan/notify-webhook"
 * const WebhookLive = WebhookChannel.layer({ url: "https://dms.example.com/jipan/hook", secret: "s3cret-0123456789abcdef" })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: WebhookChannelOptions): Layer.Layer<NotifierChannels, WebhookConfigError> =>
  layerNotifierChannels([make(options)])
