/**
 * The WeChat channel, a `@jipan/core` `NotifierChannel` (named `"wechat"` unless told otherwise):
 * sends one message as an Official Account template message
 * (`POST /cgi-bin/message/template/send`) to the customer's openid. `deliver` is the send with its
 * typed result and {@link WeChatError}; the channel's `send`, what the dispatcher calls, maps a
 * `WeChatError` to a `ChannelError` (the error's reason tag and `retryable`) and applies the
 * configured fallback.
 *
 * The openid is the first address in the message's `to` that looks like one (`o` + 27 URL-safe
 * characters), else what the `openidOf` look-up answers (a DMS's customer table, by the mobile
 * number in `to`); without one the message is `Unsendable` (`missing: "openid"`). The token comes
 * from {@link AccessToken} (cached); an answer saying the token is invalid or expired refreshes it
 * and sends once more.
 *
 * The fallback: when WeChat cannot take the message (`noOpenid`: the customer has no known
 * openid; `refused`: also when WeChat refused it for good), the message goes to the `fallback`
 * channel — any core `NotifierChannel`, typically `@jipan/notify-sms`'s. Retryable failures never
 * fall back (the dispatcher retries WeChat). Customer messages fall back only when the
 * configuration allows it (`fallback.customerFacing: true`), because the dispatcher checked the
 * customer's consent for this channel, not the fallback's.
 *
 * @since 0.1.0
 */
import {
  ChannelError,
  type ChannelMessage,
  channelErrorOf,
  layerNotifierChannels,
  type NotifierChannel,
  type NotifierChannels
} from "@jipan/core"
import { Effect, type Layer, Result } from "effect"
import * as AccessToken from "./AccessToken.js"
import { type Fetch, requestJson } from "./internal/http.js"
import { DEFAULT_BASE_URL, type Fallback, templateMessage, type WeChatConfig } from "./WeChatConfig.js"
import { classify, fromErrcode, Unsendable, WeChatError } from "./WeChatError.js"

/**
 * What was sent: the follower and WeChat's `msgid`.
 *
 * @example
 * ```ts
 * import type { WeChatChannel } from "@jipan/notify-wechat"
 * const d: WeChatChannel.WeChatDelivered = { idempotencyKey: "k", openid: "oABC", msgid: 200228332 }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface WeChatDelivered {
  readonly idempotencyKey: string
  readonly openid: string
  readonly msgid: number | undefined
}

/**
 * The WeChat channel: core's `NotifierChannel`, `deliver` (the send with its typed result and
 * {@link WeChatError}, without the fallback), and `tokenFetches`, how many times the access token
 * was fetched.
 *
 * @example
 * ```ts
 * import { WeChatChannel } from "@jipan/notify-wechat"
 * const sent = (wechat: WeChatChannel.WeChatChannel) =>
 *   wechat.deliver({ idempotencyKey: "k", text: "…", to: ["o6_bmjrPTlm6_2sgVt7hMZOPfL2M"] })
 * ```
 * @category models
 * @since 0.2.0
 */
export interface WeChatChannel extends NotifierChannel {
  readonly deliver: (message: ChannelMessage) => Effect.Effect<WeChatDelivered, WeChatError>
  readonly tokenFetches: () => number
}

/**
 * Options besides the data: the channel's name (default `"wechat"`), the `fallback` channel, the
 * openid look-up and a `fetch`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { WeChatChannel } from "@jipan/notify-wechat"
 * const options: WeChatChannel.WeChatChannelOptions = {
 *   fallback: { name: "sms", send: () => Effect.void }, // e.g. @jipan/notify-sms's channel
 *   openidOf: (m) => Effect.succeed(m.to?.[0] === "13800001234" ? "o6_bmjrPTlm6_2sgVt7hMZOPfL2M" : undefined)
 * }
 * ```
 * @category models
 * @since 0.2.0
 */
export interface WeChatChannelOptions {
  readonly name?: string | undefined
  /** Where messages go under the configuration's fallback rule. */
  readonly fallback?: NotifierChannel | undefined
  readonly openidOf?: ((message: ChannelMessage) => Effect.Effect<string | undefined>) | undefined
  readonly fetch?: Fetch | undefined
}

/**
 * Whether an address looks like an Official Account openid.
 *
 * @example
 * ```ts
 * import { WeChatChannel } from "@jipan/notify-wechat"
 * WeChatChannel.isOpenid("o6_bmjrPTlm6_2sgVt7hMZOPfL2M") // true
 * WeChatChannel.isOpenid("13800001234") // false
 * ```
 * @category addresses
 * @since 0.1.0
 */
export const isOpenid = (address: string): boolean => /^o[A-Za-z0-9_-]{27}$/.test(address)

/**
 * Whether a failure goes to the fallback channel under a rule.
 *
 * @example
 * ```ts
 * import { WeChatChannel, WeChatError } from "@jipan/notify-wechat"
 * const refused = WeChatError.fromErrcode("template send", 43004, "require subscribe")
 * WeChatChannel.fallsBack({ on: "refused", customerFacing: true }, refused, { idempotencyKey: "k", text: "t", customerFacing: true }) // true
 * WeChatChannel.fallsBack({ on: "noOpenid" }, refused, { idempotencyKey: "k", text: "t" }) // false
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
 * Builds the channel (its access token is fetched on the first send, then cached).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WeChatChannel } from "@jipan/notify-wechat"
 * const sms = { name: "sms", send: () => Effect.void } // e.g. @jipan/notify-sms's channel
 * const wechat = WeChatChannel.make(
 *   { appId: "wx1234567890abcdef", appSecret: "…", templates: {}, fallback: { on: "noOpenid" } },
 *   { fallback: sms }
 * )
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  config: WeChatConfig,
  options: WeChatChannelOptions = {}
): Effect.Effect<WeChatChannel> =>
  Effect.gen(function* () {
    const tokens = yield* AccessToken.make(config, { fetch: options.fetch })
    const base = (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, "")
    const timeoutMillis = config.timeoutMillis ?? 10_000

    const post = (token: string, body: string) =>
      requestJson({
        method: "POST",
        url: `${base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`,
        body,
        timeoutMillis,
        fetch: options.fetch
      })

    const openidOf = (message: ChannelMessage) =>
      Effect.gen(function* () {
        const direct = (message.to ?? []).find(isOpenid)
        if (direct !== undefined) return direct
        return options.openidOf === undefined ? undefined : yield* options.openidOf(message)
      })

    const deliver = (message: ChannelMessage): Effect.Effect<WeChatDelivered, WeChatError> =>
      Effect.gen(function* () {
        const openid = yield* openidOf(message)
        if (openid === undefined)
          return yield* new WeChatError({
            message: `no WeChat openid for ${JSON.stringify(message.to ?? [])}`,
            reason: new Unsendable({
              missing: "openid",
              detail: `no openid for ${JSON.stringify(message.to ?? [])}`
            })
          })
        const built = templateMessage(config, message, openid)
        if (Result.isFailure(built))
          return yield* new WeChatError({
            message: built.failure.detail,
            reason: new Unsendable(built.failure)
          })
        const body = JSON.stringify(built.success)
        const attempt = (token: string) =>
          Effect.map(post(token, body), (answer) => ({
            errcode: typeof answer.errcode === "number" ? answer.errcode : 0,
            errmsg: String(answer.errmsg ?? ""),
            msgid: typeof answer.msgid === "number" ? answer.msgid : undefined
          }))
        const token = yield* tokens.get
        let answer = yield* attempt(token)
        if (answer.errcode !== 0 && classify(answer.errcode, config.errcodes) === "token")
          answer = yield* attempt(yield* tokens.refresh(token))
        if (answer.errcode !== 0)
          return yield* fromErrcode("template send", answer.errcode, answer.errmsg, {
            ...config.errcodes,
            // still refused with a fresh token: permanent
            [String(answer.errcode)]:
              classify(answer.errcode, config.errcodes) === "token"
                ? "permanent"
                : classify(answer.errcode, config.errcodes)
          })
        return { idempotencyKey: message.idempotencyKey, openid, msgid: answer.msgid }
      })

    const name = options.name ?? "wechat"
    const fallback = options.fallback
    const send = (message: ChannelMessage): Effect.Effect<void, ChannelError> =>
      deliver(message).pipe(
        Effect.asVoid,
        Effect.catch((error) =>
          fallback !== undefined && fallsBack(config.fallback, error, message)
            ? Effect.mapError(
                fallback.send(message),
                (e) =>
                  new ChannelError({
                    channel: name,
                    reason: e.reason,
                    retryable: e.retryable,
                    message: `WeChat: ${error.message}; fallback ${e.channel}: ${e.message}`
                  })
              )
            : Effect.fail(channelErrorOf(name, error))
        )
      )
    return { name, send, deliver, tokenFetches: tokens.fetches }
  })

/**
 * Provides core's `NotifierChannels` with the WeChat channel. To serve several channels at once
 * (its fallback among them), pass `make(...)` with the others to `layerNotifierChannels` from
 * `@jipan/core`.
 *
 * @example
 * ```ts
 * import { WeChatChannel } from "@jipan/notify-wechat"
 * const WeChatLive = WeChatChannel.layer({ appId: "wx1234567890abcdef", appSecret: "…", templates: {} })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  config: WeChatConfig,
  options: WeChatChannelOptions = {}
): Layer.Layer<NotifierChannels> => layerNotifierChannels([make(config, options)])
