/**
 * `@jipan/core`'s channel port over the {@link SmsNotifier}: the dispatcher sends through a
 * `NotifierChannel`, and an {@link SmsError} becomes a `ChannelError` whose `reason` is the
 * error's reason tag (`Throttled`, `Rejected`, `OptedOut`, `Unsendable`, `Timeout`, `Network`,
 * `HttpStatus`, `InvalidResponse`) and whose `retryable` is the error's own. `OptedOut` means the
 * customer refused (unsubscribed, blacklisted): not retried.
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
import type { SmsError } from "./SmsError.js"
import { type SmsMessage, SmsNotifier } from "./SmsNotifier.js"

/**
 * Maps an SMS error to the core's `ChannelError`.
 *
 * @example
 * ```ts
 * import { SmsError, SmsNotifierChannel } from "@jipan/notify-sms"
 * const e = SmsNotifierChannel.toChannelError("sms")(new SmsError.SmsError({ message: "limit",
 *   reason: new SmsError.Throttled({ provider: "aliyun", code: "isv.BUSINESS_LIMIT_CONTROL", detail: "" }) }))
 * e.retryable // true
 * e.reason // "Throttled"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toChannelError =
  (channel: string) =>
  (error: SmsError): ChannelError =>
    new ChannelError({
      channel,
      reason: error.reason._tag,
      retryable: error.retryable,
      message: error.message
    })

/**
 * The SMS message of a channel message.
 *
 * @example
 * ```ts
 * import { SmsNotifierChannel } from "@jipan/notify-sms"
 * SmsNotifierChannel.toSmsMessage({ idempotencyKey: "k", text: "hi", to: ["13800001234"] }).to // ["13800001234"]
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toSmsMessage = (m: ChannelMessage): SmsMessage => ({
  idempotencyKey: m.idempotencyKey,
  messageId: m.messageId,
  tenant: m.tenant,
  kind: m.kind,
  data: m.data,
  text: m.text,
  to: m.to
})

/**
 * The channel named `name` (default `"sms"`) over the {@link SmsNotifier} in context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmsNotifier, SmsNotifierChannel } from "@jipan/notify-sms"
 * const sms = SmsNotifierChannel.make("sms").pipe(Effect.provide(SmsNotifier.layer({
 *   provider: { provider: "aliyun", accessKeyId: "LTAI…", accessKeySecret: "…" }, signName: "东方丰田", templates: {} })))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (name = "sms"): Effect.Effect<NotifierChannel, never, SmsNotifier> =>
  SmsNotifier.useSync((notifier) => ({
    name,
    send: (message) =>
      notifier.send(toSmsMessage(message)).pipe(Effect.asVoid, Effect.mapError(toChannelError(name)))
  }))

/**
 * Provides core's `NotifierChannels` with this one channel.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { SmsNotifier, SmsNotifierChannel } from "@jipan/notify-sms"
 * const channels = SmsNotifierChannel.layer("sms").pipe(Layer.provide(SmsNotifier.layer({
 *   provider: { provider: "tencent", secretId: "AKID…", secretKey: "…", smsSdkAppId: "1400006666" }, signName: "东方丰田", templates: {} })))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (name = "sms"): Layer.Layer<NotifierChannels, never, SmsNotifier> =>
  layerNotifierChannels([make(name)])
