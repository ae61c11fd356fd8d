/**
 * The WeCom (企业微信) group robot as a `@jipan/core` `NotifierChannel` (named `"wecom"` unless
 * told otherwise); `deliver` is the same send with the typed result and {@link WebhookError}.
 *
 * POSTs `{ "msgtype": "text", "text": { "content", "mentioned_mobile_list" } }` or
 * `{ "msgtype": "markdown", "markdown": { "content" } }` to
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<key>`. The robot answers HTTP 200 with
 * `errcode` 0 on success and a non-zero `errcode` on refusal; rate limits (45009, 45033) and
 * "system busy" (-1) are retryable, everything else permanent.
 *
 * A WeCom markdown message cannot @ people by mobile number, so a message with `mentions` is
 * sent as text even when it has `markdown`: being notified matters more than formatting.
 * WeCom does not deduplicate (the dispatcher sends on the channel one message at a time); the
 * `idempotency-key` header is sent for proxies and logs only.
 *
 * @since 0.1.0
 */
import { type ChannelMessage, layerNotifierChannels, type NotifierChannels } from "@jipan/core"
import { Effect, type Layer } from "effect"
import { channelOf } from "./internal/channel.js"
import { checkRobotAnswer } from "./internal/robotAnswer.js"
import { type Fetch, postJson } from "./JsonPost.js"
import type { Delivered, WebhookChannel } from "./WebhookChannel.js"
import type { WebhookError } from "./WebhookError.js"

/**
 * The production endpoint. Override it (`endpoint`) to point tests at a loopback server.
 *
 * @example
 * ```ts
 * import { WeComRobot } from "@jipan/notify-webhook"
 * WeComRobot.DEFAULT_ENDPOINT // "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
 * ```
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_ENDPOINT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"

/**
 * WeCom error codes worth retrying: -1 system busy, 45009 API frequency limit,
 * 45033 API concurrency limit.
 *
 * @example
 * ```ts
 * import { WeComRobot } from "@jipan/notify-webhook"
 * WeComRobot.RETRYABLE_ERRCODES.includes(45009) // true
 * ```
 * @category classification
 * @since 0.1.0
 */
export const RETRYABLE_ERRCODES: ReadonlyArray<number> = [-1, 45009, 45033]

/**
 * The robot's `key` (from its webhook URL) and optional overrides.
 *
 * @example
 * ```ts
 * import type { WeComRobot } from "@jipan/notify-webhook"
 * const options: WeComRobot.WeComRobotOptions = { key: "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa" }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface WeComRobotOptions {
  readonly key: string
  /** The channel name messages are addressed to; defaults to `"wecom"`. */
  readonly name?: string
  /** Defaults to {@link DEFAULT_ENDPOINT}. */
  readonly endpoint?: string
  /** Whole-request timeout; defaults to 10 s. */
  readonly timeoutMillis?: number
  /** Defaults to {@link RETRYABLE_ERRCODES}. */
  readonly retryableErrcodes?: ReadonlyArray<number>
  readonly fetch?: Fetch
}

/**
 * The JSON body of a WeCom robot message.
 *
 * @example
 * ```ts
 * import type { WeComRobot } from "@jipan/notify-webhook"
 * const body: WeComRobot.WeComMessage = { msgtype: "markdown", markdown: { content: "**3** 条待回访" } }
 * ```
 * @category models
 * @since 0.1.0
 */
export type WeComMessage =
  | {
      readonly msgtype: "text"
      readonly text: { readonly content: string; readonly mentioned_mobile_list?: ReadonlyArray<string> }
    }
  | { readonly msgtype: "markdown"; readonly markdown: { readonly content: string } }

/**
 * Formats a notification as a WeCom robot message: markdown when there is markdown and nobody
 * to mention, text otherwise. A subject becomes the first line (a `###` heading in markdown).
 *
 * @example
 * ```ts
 * import { WeComRobot } from "@jipan/notify-webhook"
 * WeComRobot.formatMessage({ idempotencyKey: "k", subject: "逾期", text: "2 张卡片逾期", mentions: ["13800000000"] })
 * // { msgtype: "text", text: { content: "逾期\n2 张卡片逾期", mentioned_mobile_list: ["13800000000"] } }
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const formatMessage = (message: ChannelMessage): WeComMessage => {
  const mentions = message.mentions ?? []
  if (message.markdown !== undefined && mentions.length === 0) {
    const content =
      message.subject === undefined ? message.markdown : `### ${message.subject}\n${message.markdown}`
    return { msgtype: "markdown", markdown: { content } }
  }
  const content = message.subject === undefined ? message.text : `${message.subject}\n${message.text}`
  return {
    msgtype: "text",
    text: mentions.length === 0 ? { content } : { content, mentioned_mobile_list: mentions }
  }
}

/**
 * The URL a message is POSTed to: `endpoint?key=<key>`.
 *
 * @example
 * ```ts
 * import { WeComRobot } from "@jipan/notify-webhook"
 * WeComRobot.robotUrl({ key: "abc", endpoint: "http://127.0.0.1:9000/cgi-bin/webhook/send" })
 * // "http://127.0.0.1:9000/cgi-bin/webhook/send?key=abc"
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const robotUrl = (options: Pick<WeComRobotOptions, "key" | "endpoint">): string => {
  const url = new URL(options.endpoint ?? DEFAULT_ENDPOINT)
  url.searchParams.set("key", options.key)
  return url.toString()
}

/**
 * The channel to one WeCom group robot.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WeComRobot } from "@jipan/notify-webhook"
 *
 * const program = Effect.gen(function* () {
 *   const robot = yield* WeComRobot.make({ key: "693a91f6-…" })
 *   return yield* robot.deliver({ idempotencyKey: "k-1", text: "今日 5 位客户待回访", mentions: ["13800000000"] })
 * })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: WeComRobotOptions): Effect.Effect<WebhookChannel> =>
  Effect.sync(() => {
    const url = robotUrl(options)
    const retryable = new Set(options.retryableErrcodes ?? RETRYABLE_ERRCODES)
    const deliver = (message: ChannelMessage): Effect.Effect<Delivered, WebhookError> =>
      postJson({
        url,
        body: JSON.stringify(formatMessage(message)),
        headers: { "idempotency-key": message.idempotencyKey },
        ...(options.timeoutMillis === undefined ? {} : { timeoutMillis: options.timeoutMillis }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch })
      }).pipe(
        Effect.tap((answer) => checkRobotAnswer("wecom", answer, retryable)),
        Effect.map(
          (answer) =>
            ({ _tag: "Delivered", idempotencyKey: message.idempotencyKey, status: answer.status }) as const
        )
      )
    return channelOf(options.name ?? "wecom", deliver, false)
  })

/**
 * Provides core's `NotifierChannels` with one WeCom group robot (to serve several channels, pass
 * their `make(...)` effects to `layerNotifierChannels` from `@jipan/core`).
 *
 * @example
 * ```ts
 * import { WeComRobot } from "@jipan/notify-webhook"
 * const SupervisorsGroup = WeComRobot.layer({ key: "693a91f6-…" })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: WeComRobotOptions): Layer.Layer<NotifierChannels> =>
  layerNotifierChannels([make(options)])
