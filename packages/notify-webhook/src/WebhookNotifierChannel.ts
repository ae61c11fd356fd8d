/**
 * `@jipan/core`'s channel port from this package's notifiers: the dispatcher sends through a
 * `NotifierChannel`, and a {@link WebhookError} becomes a `ChannelError` whose `retryable` is the
 * error's own (5xx, 408, 429, timeouts, network errors and robot rate limits retry; any other
 * refusal is permanent and dead-letters the message).
 *
 * @since 0.1.0
 */
import {
  ChannelError,
  type ChannelMessage,
  layerNotifierChannels,
  type NotifierChannel,
  type NotifierChannels
} from "@jipan/core"
import { Effect, type Layer } from "effect"
import type { WebhookError } from "./WebhookError.js"
import { WebhookNotifier } from "./WebhookNotifier.js"

/**
 * Maps a webhook error to the core's `ChannelError` (reason tag, retryable, message).
 *
 * @example
 * ```ts
 * import { WebhookError, WebhookNotifierChannel } from "@jipan/notify-webhook"
 * const e = WebhookNotifierChannel.toChannelError("webhook")(
 *   new WebhookError.WebhookError({ message: "503", reason: new WebhookError.HttpStatus({ status: 503 }) }))
 * e.retryable // true
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toChannelError =
  (channel: string) =>
  (error: WebhookError): ChannelError =>
    new ChannelError({
      channel,
      reason: error.reason._tag,
      retryable: error.retryable,
      message: error.message
    })

const toNotification = (m: ChannelMessage) => ({
  idempotencyKey: m.idempotencyKey,
  text: m.text,
  ...(m.subject === undefined ? {} : { subject: m.subject }),
  ...(m.markdown === undefined ? {} : { markdown: m.markdown }),
  ...(m.mentions === undefined ? {} : { mentions: m.mentions })
})

/**
 * The channel named `name` (default `"webhook"`) over the {@link WebhookNotifier} in context
 * (the signed webhook, the WeCom robot or the DingTalk robot).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WeComRobot, WebhookNotifierChannel } from "@jipan/notify-webhook"
 * const wecom = WebhookNotifierChannel.make("wecom").pipe(Effect.provide(WeComRobot.layer({ key: "robot-key" })))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (name = "webhook"): Effect.Effect<NotifierChannel, never, WebhookNotifier> =>
  WebhookNotifier.useSync((notifier) => ({
    name,
    // robots repeat what they are sent: the dispatcher then sends one at a time on this channel
    deduplicates: notifier.deduplicates === true,
    send: (message) =>
      notifier.send(toNotification(message)).pipe(Effect.asVoid, Effect.mapError(toChannelError(name)))
  }))

/**
 * Provides core's `NotifierChannels` with this one channel. To serve several channels at once,
 * pass their `make(...)` effects to `layerNotifierChannels` from `@jipan/core`.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { WebhookChannel, WebhookNotifierChannel } from "@jipan/notify-webhook"
 * const channels = WebhookNotifierChannel.layer("webhook").pipe(
 *   Layer.provide(WebhookChannel.layer({ url: "http://127.0.0.1:8080/hook", secret: "s3cret-0123456789abcdef" })))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (name = "webhook"): Layer.Layer<NotifierChannels, never, WebhookNotifier> =>
  layerNotifierChannels([make(name)])
