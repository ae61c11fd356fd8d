/**
 * `@jipan/core`'s channel port over the {@link WeChatNotifier}, with the configured fallback: when
 * WeChat cannot take the message (`noOpenid`: the customer has no known openid; `refused`: also
 * when WeChat refused it for good), the message goes to the fallback channel — any core
 * `NotifierChannel`, typically `@jipan/notify-sms`'s. Retryable failures never fall back (the
 * dispatcher retries WeChat). Customer messages fall back only when the configuration allows it
 * (`fallback.customerFacing: true`), because the dispatcher checked the customer's consent for
 * this channel, not the fallback's.
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
import type { Fallback } from "./WeChatConfig.js"
import type { WeChatError } from "./WeChatError.js"
import { WeChatNotifier } from "./WeChatNotifier.js"

/**
 * Maps a WeChat error to the core's `ChannelError`.
 *
 * @example
 * ```ts
 * import { WeChatError, WeChatNotifierChannel } from "@jipan/notify-wechat"
 * WeChatNotifierChannel.toChannelError("wechat")(WeChatError.fromErrcode("template send", 43004, "require subscribe")).reason // "OptedOut"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toChannelError =
  (channel: string) =>
  (error: WeChatError): ChannelError =>
    new ChannelError({
      channel,
      reason: error.reason._tag,
      retryable: error.retryable,
      message: error.message
    })

/**
 * Whether a failure goes to the fallback channel under a rule.
 *
 * @example
 * ```ts
 * import { WeChatError, WeChatNotifierChannel } from "@jipan/notify-wechat"
 * const refused = WeChatError.fromErrcode("template send", 43004, "require subscribe")
 * WeChatNotifierChannel.fallsBack({ on: "refused", customerFacing: true }, refused, { idempotencyKey: "k", text: "t", customerFacing: true }) // true
 * WeChatNotifierChannel.fallsBack({ on: "noOpenid" }, refused, { idempotencyKey: "k", text: "t" }) // false
 * ```
 * @category fallback
 * @since 0.1.0
 */
export const fallsBack = (
  rule: Fallback | undefined,
  error: WeChatError,
  message: ChannelMessage
): boolean => {
  if (rule === undefined || error.retryable) return false
  if (message.customerFacing === true && rule.customerFacing !== true) return false
  const noOpenid = error.reason._tag === "Unsendable" && error.reason.missing === "openid"
  return rule.on === "noOpenid" ? noOpenid : true
}

/**
 * The channel named `name` (default `"wechat"`) over the {@link WeChatNotifier} in context, with
 * `fallback` as the channel to hand messages to under the configuration's rule.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WeChatNotifier, WeChatNotifierChannel } from "@jipan/notify-wechat"
 * const sms = { name: "sms", send: () => Effect.void } // e.g. @jipan/notify-sms's channel
 * const wechat = WeChatNotifierChannel.make("wechat", { fallback: sms }).pipe(
 *   Effect.provide(WeChatNotifier.layer({ appId: "wx1234567890abcdef", appSecret: "…", templates: {}, fallback: { on: "noOpenid" } })))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  name = "wechat",
  options: { readonly fallback?: NotifierChannel | undefined } = {}
): Effect.Effect<NotifierChannel, never, WeChatNotifier> =>
  WeChatNotifier.useSync((notifier) => ({
    name,
    send: (message) =>
      notifier.send(message).pipe(
        Effect.asVoid,
        Effect.catch((error) =>
          options.fallback !== undefined && fallsBack(notifier.fallback, error, message)
            ? (options.fallback.send(message).pipe(
                Effect.mapError(
                  (e) =>
                    new ChannelError({
                      channel: name,
                      reason: e.reason,
                      retryable: e.retryable,
                      message: `WeChat: ${error.message}; fallback ${e.channel}: ${e.message}`
                    })
                )
              ) as Effect.Effect<void, ChannelError>)
            : Effect.fail(toChannelError(name)(error))
        )
      )
  }))

/**
 * Provides core's `NotifierChannels` with this one channel.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { WeChatNotifier, WeChatNotifierChannel } from "@jipan/notify-wechat"
 * const channels = WeChatNotifierChannel.layer("wechat").pipe(
 *   Layer.provide(WeChatNotifier.layer({ appId: "wx1234567890abcdef", appSecret: "…", templates: {} })))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  name = "wechat",
  options: { readonly fallback?: NotifierChannel | undefined } = {}
): Layer.Layer<NotifierChannels, never, WeChatNotifier> => layerNotifierChannels([make(name, options)])
