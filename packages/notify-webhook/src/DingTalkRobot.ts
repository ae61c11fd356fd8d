/**
 * The DingTalk (钉钉) group robot as a `@jipan/core` `NotifierChannel` (named `"dingtalk"` unless
 * told otherwise); `deliver` is the same send with the typed result and {@link WebhookError}.
 *
 * POSTs `{ "msgtype": "text", "text": { "content" }, "at": { "atMobiles", "isAtAll" } }` or
 * `{ "msgtype": "markdown", "markdown": { "title", "text" }, "at": … }` to
 * `https://oapi.dingtalk.com/robot/send?access_token=<token>`. A robot with 加签 (signing)
 * enabled also needs `&timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret)))>`;
 * the timestamp comes from effect's `Clock` and must be within an hour of DingTalk's clock.
 * DingTalk answers HTTP 200 with `errcode` 0 on success; "send too fast" (130101, 410100) and
 * "system busy" (-1) are retryable, everything else permanent.
 *
 * DingTalk only highlights an @mention in markdown when the text contains `@<mobile>`, so the
 * adapter appends the missing ones. DingTalk does not deduplicate (the dispatcher sends on the
 * channel one message at a time); the `idempotency-key` header is sent for proxies and logs only.
 *
 * @since 0.1.0
 */
import { createHmac } from "node:crypto"
import { type ChannelMessage, layerNotifierChannels, type NotifierChannels } from "@jipan/core"
import { Clock, Effect, type Layer } from "effect"
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
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 * DingTalkRobot.DEFAULT_ENDPOINT // "https://oapi.dingtalk.com/robot/send"
 * ```
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_ENDPOINT = "https://oapi.dingtalk.com/robot/send"

/**
 * DingTalk error codes worth retrying: -1 system busy, 130101 and 410100 sending too fast.
 *
 * @example
 * ```ts
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 * DingTalkRobot.RETRYABLE_ERRCODES.includes(130101) // true
 * ```
 * @category classification
 * @since 0.1.0
 */
export const RETRYABLE_ERRCODES: ReadonlyArray<number> = [-1, 130101, 410100]

/**
 * The robot's `access_token`, its signing `secret` (`SEC…`, when 加签 is enabled) and overrides.
 *
 * @example
 * ```ts
 * import type { DingTalkRobot } from "@jipan/notify-webhook"
 * const options: DingTalkRobot.DingTalkRobotOptions = { accessToken: "d3b0…", secret: "SEC7a1…" }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface DingTalkRobotOptions {
  readonly accessToken: string
  /** The channel name messages are addressed to; defaults to `"dingtalk"`. */
  readonly name?: string
  readonly secret?: string
  /** Defaults to {@link DEFAULT_ENDPOINT}. */
  readonly endpoint?: string
  /** Whole-request timeout; defaults to 10 s. */
  readonly timeoutMillis?: number
  /** Defaults to {@link RETRYABLE_ERRCODES}. */
  readonly retryableErrcodes?: ReadonlyArray<number>
  readonly fetch?: Fetch
}

/**
 * The JSON body of a DingTalk robot message.
 *
 * @example
 * ```ts
 * import type { DingTalkRobot } from "@jipan/notify-webhook"
 * const body: DingTalkRobot.DingTalkMessage = {
 *   msgtype: "text", text: { content: "hi" }, at: { atMobiles: [], isAtAll: false }
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export type DingTalkMessage =
  | { readonly msgtype: "text"; readonly text: { readonly content: string }; readonly at: DingTalkAt }
  | {
      readonly msgtype: "markdown"
      readonly markdown: { readonly title: string; readonly text: string }
      readonly at: DingTalkAt
    }

/**
 * Who to @: mobile numbers, or everyone.
 *
 * @example
 * ```ts
 * import type { DingTalkRobot } from "@jipan/notify-webhook"
 * const at: DingTalkRobot.DingTalkAt = { atMobiles: ["13800000000"], isAtAll: false }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface DingTalkAt {
  readonly atMobiles: ReadonlyArray<string>
  readonly isAtAll: boolean
}

/**
 * Formats a notification as a DingTalk robot message: markdown when there is markdown, text
 * otherwise. `"@all"` in `mentions` sets `isAtAll`. The markdown `title` (shown in the chat
 * list preview) is the subject, or the first line of `text`.
 *
 * @example
 * ```ts
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 * DingTalkRobot.formatMessage({ idempotencyKey: "k", text: "新线索", markdown: "**新线索**", mentions: ["13800000000"] })
 * // { msgtype: "markdown", markdown: { title: "新线索", text: "**新线索**\n\n@13800000000" },
 * //   at: { atMobiles: ["13800000000"], isAtAll: false } }
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const formatMessage = (message: ChannelMessage): DingTalkMessage => {
  const mentions = message.mentions ?? []
  const at: DingTalkAt = {
    atMobiles: mentions.filter((m) => m !== "@all"),
    isAtAll: mentions.includes("@all")
  }
  if (message.markdown !== undefined) {
    const body =
      message.subject === undefined ? message.markdown : `### ${message.subject}\n${message.markdown}`
    const missing = at.atMobiles.filter((mobile) => !body.includes(`@${mobile}`))
    const text = missing.length === 0 ? body : `${body}\n\n${missing.map((m) => `@${m}`).join(" ")}`
    const title = message.subject ?? (message.text.split("\n")[0] ?? "").slice(0, 64)
    return { msgtype: "markdown", markdown: { title, text }, at }
  }
  const content = message.subject === undefined ? message.text : `${message.subject}\n${message.text}`
  return { msgtype: "text", text: { content }, at }
}

/**
 * The 加签 signature: base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)),
 * not yet URL-encoded.
 *
 * @example
 * ```ts
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 * DingTalkRobot.sign("SECxxxx", 1767225600000) // base64 text, 44 characters
 * ```
 * @category signing
 * @since 0.1.0
 */
export const sign = (secret: string, timestampMillis: number): string =>
  createHmac("sha256", secret).update(`${timestampMillis}\n${secret}`).digest("base64")

/**
 * The URL a message is POSTed to: `endpoint?access_token=…`, plus `&timestamp=…&sign=…`
 * (URL-encoded) when a secret is configured.
 *
 * @example
 * ```ts
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 * DingTalkRobot.signedUrl({ accessToken: "t", secret: "SECxxxx" }, 1767225600000)
 * // "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1767225600000&sign=…"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const signedUrl = (
  options: Pick<DingTalkRobotOptions, "accessToken" | "secret" | "endpoint">,
  timestampMillis: number
): string => {
  const url = new URL(options.endpoint ?? DEFAULT_ENDPOINT)
  url.searchParams.set("access_token", options.accessToken)
  if (options.secret !== undefined) {
    url.searchParams.set("timestamp", String(timestampMillis))
    // URLSearchParams applies form URL-encoding, the urlEncode DingTalk's docs ask for (+ → %2B, / → %2F, = → %3D)
    url.searchParams.set("sign", sign(options.secret, timestampMillis))
  }
  return url.toString()
}

/**
 * The channel to one DingTalk group robot.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 *
 * const program = Effect.gen(function* () {
 *   const robot = yield* DingTalkRobot.make({ accessToken: "d3b0…", secret: "SEC7a1…" })
 *   return yield* robot.deliver({ idempotencyKey: "k-1", text: "有 2 个战败申请待审批" })
 * })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: DingTalkRobotOptions): Effect.Effect<WebhookChannel> =>
  Effect.sync(() => {
    const retryable = new Set(options.retryableErrcodes ?? RETRYABLE_ERRCODES)
    const deliver = (message: ChannelMessage): Effect.Effect<Delivered, WebhookError> =>
      Effect.gen(function* () {
        const url = signedUrl(options, yield* Clock.currentTimeMillis)
        const answer = yield* postJson({
          url,
          body: JSON.stringify(formatMessage(message)),
          headers: { "idempotency-key": message.idempotencyKey },
          ...(options.timeoutMillis === undefined ? {} : { timeoutMillis: options.timeoutMillis }),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch })
        })
        yield* checkRobotAnswer("dingtalk", answer, retryable)
        return { _tag: "Delivered", idempotencyKey: message.idempotencyKey, status: answer.status } as const
      })
    return channelOf(options.name ?? "dingtalk", deliver, false)
  })

/**
 * Provides core's `NotifierChannels` with one DingTalk group robot (to serve several channels,
 * pass their `make(...)` effects to `layerNotifierChannels` from `@jipan/core`).
 *
 * @example
 * ```ts
 * import { DingTalkRobot } from "@jipan/notify-webhook"
 * const StoreGroup = DingTalkRobot.layer({ accessToken: "d3b0…", secret: "SEC7a1…" })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: DingTalkRobotOptions): Layer.Layer<NotifierChannels> =>
  layerNotifierChannels([make(options)])
