/**
 * The channel-shaped email service: one `send` that delivers a notification by email or fails
 * with a typed {@link EmailError}. Same shape as `@jipan/notify-webhook`'s `WebhookNotifier`;
 * `@jipan/core`'s channel port will adapt to both.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { EmailError } from "./EmailError.js"

/**
 * What to tell, by email. `text` is always sent; `html` is the HTML alternative (a plain
 * rendering of `text` when absent). `to` overrides the channel's default recipients (a
 * customer's address for care contacts). `markdown` and `mentions` are accepted for a common
 * message shape and not used by email.
 *
 * @example
 * ```ts
 * import type { EmailNotifier } from "@jipan/notify-email"
 * const message: EmailNotifier.EmailMessage = {
 *   idempotencyKey: "care:card-42:maintenance-reminder",
 *   subject: "保养提醒：您的爱车即将到期保养",
 *   text: "王先生您好，您的车辆将于 3 月 15 日到期保养。",
 *   html: "<p>王先生您好，您的车辆将于 <b>3 月 15 日</b>到期保养。</p>",
 *   to: ["wang@example.com"]
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface EmailMessage {
  readonly idempotencyKey: string
  readonly subject?: string
  readonly text: string
  readonly markdown?: string
  readonly mentions?: ReadonlyArray<string>
  readonly html?: string
  readonly to?: ReadonlyArray<string>
}

/**
 * The SMTP server accepted the message: its reply code, the Message-ID sent, and the
 * recipients it accepted.
 *
 * @example
 * ```ts
 * import type { EmailNotifier } from "@jipan/notify-email"
 * const ok: EmailNotifier.Delivered = {
 *   _tag: "Delivered", idempotencyKey: "k-1", status: 250, messageId: "<…@example.com>", accepted: ["a@example.com"]
 * }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Delivered {
  readonly _tag: "Delivered"
  readonly idempotencyKey: string
  readonly status: number
  readonly messageId: string
  readonly accepted: ReadonlyArray<string>
}

/**
 * The email notifier service, provided by `SmtpChannel.layer`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { EmailNotifier, SmtpChannel } from "@jipan/notify-email"
 *
 * const program = Effect.gen(function* () {
 *   const email = yield* EmailNotifier.EmailNotifier
 *   return yield* email.send({ idempotencyKey: "k-1", subject: "新线索", text: "客户张先生" })
 * }).pipe(
 *   Effect.provide(SmtpChannel.layer({ host: "127.0.0.1", port: 2525, from: "crm@store.example", to: ["sales@store.example"] }))
 * )
 * ```
 * @category services
 * @since 0.1.0
 */
export class EmailNotifier extends Context.Service<
  EmailNotifier,
  {
    readonly send: (message: EmailMessage) => Effect.Effect<Delivered, EmailError>
  }
>()("@jipan/notify-email/EmailNotifier") {}
