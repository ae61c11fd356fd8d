/**
 * The `WeChatNotifier` service: sends one message as an Official Account template message
 * (`POST /cgi-bin/message/template/send`) to the customer's openid.
 *
 * The openid is the first address in the message's `to` that looks like one (`o` + 27 URL-safe
 * characters), else what the `openidOf` look-up answers (a DMS's customer table, by the mobile
 * number in `to`); without one the message is `Unsendable` (`missing: "openid"`). The token comes
 * from {@link AccessToken} (cached); an answer saying the token is invalid or expired refreshes it
 * and sends once more.
 *
 * @since 0.1.0
 */
import type { ChannelMessage } from "@jipan/core"
import { Context, Effect, Layer, Result } from "effect"
import * as AccessToken from "./AccessToken.js"
import { type Fetch, requestJson } from "./internal/http.js"
import { DEFAULT_BASE_URL, type Fallback, templateMessage, type WeChatConfig } from "./WeChatConfig.js"
import { classify, fromErrcode, Unsendable, WeChatError } from "./WeChatError.js"

/**
 * What was sent: the follower and WeChat's `msgid`.
 *
 * @example
 * ```ts
 * import type { WeChatNotifier } from "@jipan/notify-wechat"
 * const d: WeChatNotifier.WeChatDelivered = { idempotencyKey: "k", openid: "oABC", msgid: 200228332 }
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
 * The service: `send`, and the configuration's fallback rule (read by the channel).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WeChatNotifier } from "@jipan/notify-wechat"
 * const send = WeChatNotifier.WeChatNotifier.use((n) => n.send({ idempotencyKey: "k", text: "…", to: ["oABC…"] }))
 * ```
 * @category services
 * @since 0.1.0
 */
export class WeChatNotifier extends Context.Service<
  WeChatNotifier,
  {
    readonly send: (message: ChannelMessage) => Effect.Effect<WeChatDelivered, WeChatError>
    readonly fallback: Fallback | undefined
    readonly tokenFetches: () => number
  }
>()("@jipan/notify-wechat/WeChatNotifier") {}

/**
 * Options besides the data: the openid look-up and a `fetch`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { WeChatNotifier } from "@jipan/notify-wechat"
 * const options: WeChatNotifier.WeChatNotifierOptions = {
 *   openidOf: (m) => Effect.succeed(m.to?.[0] === "13800001234" ? "o6_bmjrPTlm6_2sgVt7hMZOPfL2M" : undefined)
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface WeChatNotifierOptions {
  readonly openidOf?: ((message: ChannelMessage) => Effect.Effect<string | undefined>) | undefined
  readonly fetch?: Fetch | undefined
}

/**
 * Whether an address looks like an Official Account openid.
 *
 * @example
 * ```ts
 * import { WeChatNotifier } from "@jipan/notify-wechat"
 * WeChatNotifier.isOpenid("o6_bmjrPTlm6_2sgVt7hMZOPfL2M") // true
 * WeChatNotifier.isOpenid("13800001234") // false
 * ```
 * @category addresses
 * @since 0.1.0
 */
export const isOpenid = (address: string): boolean => /^o[A-Za-z0-9_-]{27}$/.test(address)

/**
 * Builds the notifier.
 *
 * @example
 * ```ts
 * import { WeChatNotifier } from "@jipan/notify-wechat"
 * const notifier = WeChatNotifier.make({ appId: "wx1234567890abcdef", appSecret: "…", templates: {} })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  config: WeChatConfig,
  options: WeChatNotifierOptions = {}
): Effect.Effect<WeChatNotifier["Service"]> =>
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

    const send = (message: ChannelMessage): Effect.Effect<WeChatDelivered, WeChatError> =>
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

    return WeChatNotifier.of({ send, fallback: config.fallback, tokenFetches: tokens.fetches })
  })

/**
 * The notifier as a layer.
 *
 * @example
 * ```ts
 * import { WeChatNotifier } from "@jipan/notify-wechat"
 * const WeChatLive = WeChatNotifier.layer({ appId: "wx1234567890abcdef", appSecret: "…", templates: {} })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  config: WeChatConfig,
  options: WeChatNotifierOptions = {}
): Layer.Layer<WeChatNotifier> => Layer.effect(WeChatNotifier, make(config, options))
