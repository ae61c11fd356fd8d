/**
 * The channel-shaped service every adapter of this package provides: one `send` that delivers
 * a notification or fails with a typed {@link WebhookError}.
 *
 * It is defined here for now; `@jipan/core`'s channel port will adapt to this shape.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { WebhookError } from "./WebhookError.js"

/**
 * What to tell. `idempotencyKey` is stable across retries of the same message, so a receiver
 * that honours it sees each message once. `mentions` are mobile numbers to @ in group robots
 * (`"@all"` mentions everyone); the generic webhook passes them through.
 *
 * @example
 * ```ts
 * import type { WebhookNotifier } from "@jipan/notify-webhook"
 * const message: WebhookNotifier.NotificationMessage = {
 *   idempotencyKey: "followup-due:card-42:2026-03-01",
 *   subject: "今日待回访",
 *   text: "3 位客户今天到期回访",
 *   mentions: ["13800000000"]
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface NotificationMessage {
  readonly idempotencyKey: string
  readonly subject?: string
  readonly text: string
  readonly markdown?: string
  readonly mentions?: ReadonlyArray<string>
}

/**
 * The peer accepted the message: `status` is the HTTP status it answered with.
 *
 * @example
 * ```ts
 * import type { WebhookNotifier } from "@jipan/notify-webhook"
 * const ok: WebhookNotifier.Delivered = { _tag: "Delivered", idempotencyKey: "k-1", status: 200 }
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
 * The notifier service: `send(message)` delivers or fails with a {@link WebhookError}.
 * Provided by `WebhookChannel.layer`, `WeComRobot.layer` and `DingTalkRobot.layer`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WebhookChannel, WebhookNotifier } from "@jipan/notify-webhook"
 *
 * const program = Effect.gen(function* () {
 *   const notifier = yield* WebhookNotifier.WebhookNotifier
 *   return yield* notifier.send({ idempotencyKey: "k-1", text: "新线索已分配" })
 * }).pipe(Effect.provide(WebhookChannel.layer({ url: "http://127.0.0.1:8080/hook", secret: "s3cret-0123456789abcdef" })))
 * ```
 * @category services
 * @since 0.1.0
 */
export class WebhookNotifier extends Context.Service<
  WebhookNotifier,
  {
    readonly send: (message: NotificationMessage) => Effect.Effect<Delivered, WebhookError>
    /**
     * Whether the receiver processes each idempotency key once (the signed webhook's contract);
     * group robots post every message they get.
     */
    readonly deduplicates?: boolean
  }
>()("@jipan/notify-webhook/WebhookNotifier") {}
