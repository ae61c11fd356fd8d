/**
 * `@jipan/core`'s channel port from this package's notifiers: the dispatcher sends through a
 * `NotifierChannel`, and a {@link EmailError} becomes a `ChannelError` whose `retryable` is the
 * error's own (connection failures, timeouts and 4xx SMTP replies retry; 5xx refusals and invalid
 * configuration are permanent and dead-letter the message). The message's `to` (a customer's
 * address) overrides the channel's default recipients.
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
import type { EmailError } from "./EmailError.js"
import { EmailNotifier } from "./EmailNotifier.js"

/**
 * Maps a email error to the core's `ChannelError` (reason tag, retryable, message).
 *
 * @example
 * ```ts
 * import { EmailError, EmailNotifierChannel } from "@jipan/notify-email"
 * const e = EmailNotifierChannel.toChannelError("email")(
 *   new EmailError.EmailError({ message: "451 try later", reason: new EmailError.Rejected({ responseCode: 451, response: "451" }) }))
 * e.retryable // true
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toChannelError =
  (channel: string) =>
  (error: EmailError): ChannelError =>
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
  ...(m.mentions === undefined ? {} : { mentions: m.mentions }),
  ...(m.html === undefined ? {} : { html: m.html }),
  ...(m.to === undefined ? {} : { to: m.to })
})

/**
 * The channel named `name` (default `"email"`) over the {@link EmailNotifier} in context
 * (`SmtpChannel.layer`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { EmailNotifierChannel, SmtpChannel } from "@jipan/notify-email"
 * const email = EmailNotifierChannel.make("email").pipe(
 *   Effect.provide(SmtpChannel.layer({ host: "127.0.0.1", port: 2525, from: "crm@store.example", to: ["sales@store.example"] })))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (name = "email"): Effect.Effect<NotifierChannel, never, EmailNotifier> =>
  EmailNotifier.useSync((notifier) => ({
    name,
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
 * import { EmailNotifierChannel, SmtpChannel } from "@jipan/notify-email"
 * const channels = EmailNotifierChannel.layer("email").pipe(
 *   Layer.provide(SmtpChannel.layer({ host: "127.0.0.1", port: 2525, from: "crm@store.example", to: ["sales@store.example"] })))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (name = "email"): Layer.Layer<NotifierChannels, never, EmailNotifier> =>
  layerNotifierChannels([make(name)])
