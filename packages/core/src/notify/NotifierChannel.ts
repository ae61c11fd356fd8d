/**
 * The channel port the dispatcher sends through: one {@link NotifierChannel} per channel name
 * (`"webhook"`, `"wecom"`, `"dingtalk"`, `"email"`, a DMS's own `"sms"`…), gathered in the
 * {@link NotifierChannels} registry. Adapter packages provide channels from their notifiers and
 * map their errors to {@link ChannelError}: `retryable` decides between backing off and
 * dead-lettering.
 *
 * @module
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { Tenant } from "../kernel/Tenant.js"

/**
 * What a channel is asked to deliver. `idempotencyKey` is the outbox message's stable key (the
 * same on every retry); `to` are addresses on the channel (an email address, a mobile number);
 * `mentions` are mobile numbers to @ in a group robot.
 *
 * @example
 * ```ts
 * import type { ChannelMessage } from "@jipan/core"
 * const m: ChannelMessage = { idempotencyKey: "k-1", subject: "今日工作清单", text: "3 位客户今日到期回访" }
 * ```
 */
export interface ChannelMessage {
  readonly idempotencyKey: string
  /** The outbox message's id and tenant, so a channel can record delivery receipts against it. */
  readonly messageId?: string
  readonly tenant?: Tenant
  /**
   * The catalogue's kind (`careContact`, `rewardIssued`…) and its template data, for channels
   * that send provider templates (SMS, WeChat) instead of the rendered text.
   */
  readonly kind?: string
  readonly data?: unknown
  /** Whether a customer (not the dealer's own people) receives it. */
  readonly customerFacing?: boolean
  readonly locale?: "zh-CN" | "en"
  readonly subject?: string
  readonly text: string
  readonly markdown?: string
  readonly html?: string
  readonly to?: ReadonlyArray<string>
  readonly mentions?: ReadonlyArray<string>
}

/**
 * A channel could not deliver. `retryable`: the same message may succeed later (network, 5xx,
 * rate limited); otherwise it is dead-lettered at once. `reason` is the adapter's reason tag.
 *
 * @example
 * ```ts
 * import { ChannelError } from "@jipan/core"
 * const e = new ChannelError({ channel: "webhook", reason: "HttpStatus", retryable: true, message: "503" })
 * ```
 */
export class ChannelError extends Schema.TaggedError<ChannelError>()("ChannelError", {
  channel: Schema.String,
  reason: Schema.String,
  retryable: Schema.Boolean,
  message: Schema.String
}) {}

/**
 * What an adapter's typed error offers (every `@jipan/notify-*` error has it): its reason tag,
 * whether a retry may succeed, and a message.
 *
 * @example
 * ```ts
 * import type { AdapterFailure } from "@jipan/core"
 * const f: AdapterFailure = { reason: { _tag: "HttpStatus" }, retryable: true, message: "503" }
 * ```
 */
export interface AdapterFailure {
  readonly reason: { readonly _tag: string }
  readonly retryable: boolean
  readonly message: string
}

/**
 * The {@link ChannelError} of an adapter's typed error on a channel: its reason tag, whether a
 * retry may succeed, and its message.
 *
 * @example
 * ```ts
 * import { channelErrorOf } from "@jipan/core"
 * channelErrorOf("sms", { reason: { _tag: "Throttled" }, retryable: true, message: "slow down" }).retryable // true
 * ```
 */
export const channelErrorOf = (channel: string, failure: AdapterFailure): ChannelError =>
  new ChannelError({
    channel,
    reason: failure.reason._tag,
    retryable: failure.retryable,
    message: failure.message
  })

/**
 * A channel over an adapter's typed `deliver`: `send` is `deliver` with its result dropped and
 * its error made a {@link ChannelError}; `deliver` stays on the channel for callers that want the
 * adapter's result and error (tests, a DMS's own sends).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { deliveringChannel } from "@jipan/core"
 * const console = deliveringChannel("console", (m) => Effect.sync(() => m.text.length))
 * ```
 */
export const deliveringChannel = <A, E extends AdapterFailure>(
  name: string,
  deliver: (message: ChannelMessage) => Effect.Effect<A, E>,
  deduplicates?: boolean
): NotifierChannel & { readonly deliver: (message: ChannelMessage) => Effect.Effect<A, E> } => ({
  name,
  deliver,
  send: (message) => Effect.mapError(Effect.asVoid(deliver(message)), (e) => channelErrorOf(name, e)),
  ...(deduplicates === undefined ? {} : { deduplicates })
})

/**
 * One channel: its name and `send`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { NotifierChannel } from "@jipan/core"
 * const console: NotifierChannel = { name: "console", send: (m) => Effect.sync(() => { globalThis.console.log(m.text) }) }
 * ```
 */
export interface NotifierChannel {
  readonly name: string
  readonly send: (message: ChannelMessage) => Effect.Effect<void, ChannelError>
  /**
   * Whether the receiver drops a second message with the same `idempotencyKey` (a signed webhook
   * to a DMS that deduplicates). When not (group robots, SMS, email), the dispatcher sends on
   * this channel one message at a time and records each as sent before the next, so a dispatcher
   * killed mid-run repeats at most the one message it was sending.
   */
  readonly deduplicates?: boolean | undefined
}

/**
 * The registry of channels keyed by name, read by the dispatcher.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { NotifierChannels } from "@jipan/core"
 * const names = NotifierChannels.useSync((r) => r.names)
 * ```
 */
export class NotifierChannels extends Context.Service<
  NotifierChannels,
  {
    readonly names: ReadonlyArray<string>
    readonly get: (name: string) => Option.Option<NotifierChannel>
  }
>()("@jipan/core/NotifierChannels") {}

/**
 * A registry of the given channels; a later channel with the same name replaces an earlier one.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeNotifierChannels } from "@jipan/core"
 * const registry = makeNotifierChannels([{ name: "console", send: () => Effect.void }])
 * registry.names // ["console"]
 * ```
 */
export const makeNotifierChannels = (
  channels: ReadonlyArray<NotifierChannel>
): NotifierChannels["Service"] => {
  const byName = new Map(channels.map((c) => [c.name, c] as const))
  return NotifierChannels.of({
    names: [...byName.keys()],
    get: (name) => Option.fromNullishOr(byName.get(name))
  })
}

/**
 * Provides {@link NotifierChannels} from channels built by effects (an adapter's
 * `notifierChannel(name)` with its notifier provided).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { layerNotifierChannels } from "@jipan/core"
 * const channels = layerNotifierChannels([Effect.succeed({ name: "console", send: () => Effect.void })])
 * ```
 */
export const layerNotifierChannels = <E, R>(
  channels: ReadonlyArray<Effect.Effect<NotifierChannel, E, R>>
): Layer.Layer<NotifierChannels, E, R> =>
  Layer.effect(
    NotifierChannels,
    Effect.map(Effect.all(channels), (all) => makeNotifierChannels(all))
  )
