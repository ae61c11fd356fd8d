/**
 * The `notifications` policy section: when customer-facing messages may go out (quiet hours, in
 * the store's time zone), how hard the dispatcher tries (attempts, backoff with jitter), how fast
 * each channel may be used, when an overdue contact reaches the supervisor, what is masked in
 * internal group channels, and how early a referrer hears that a voucher is about to expire.
 *
 * @module
 */
import { Schema } from "effect"
import { Locale } from "../kernel/Label.js"

const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * A wall-clock time of day, `HH:MM` (24 h), in the store's time zone.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { TimeOfDay } from "@jipan/core"
 * Schema.is(TimeOfDay)("09:00") // true
 * ```
 */
export const TimeOfDay = Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/))
/** @see {@link TimeOfDay} */
export type TimeOfDay = typeof TimeOfDay.Type

/**
 * A per-channel rate limit: at most `perMinute` sends on the channel in any 60 seconds (per
 * dispatcher process). WeCom and DingTalk group robots allow 20 a minute.
 *
 * @example
 * ```ts
 * import type { ChannelRateLimit } from "@jipan/core"
 * const wecom: ChannelRateLimit = { channel: "wecom", perMinute: 20 }
 * ```
 */
export const ChannelRateLimit = Schema.Struct({ channel: Schema.NonEmptyString, perMinute: PositiveInt })
/** @see {@link ChannelRateLimit} */
export type ChannelRateLimit = typeof ChannelRateLimit.Type

/**
 * The notifications section (通知).
 *
 * - `customerHours`: customer-facing messages go out only from `from` to `to` (store time); a
 *   message due outside moves to the next allowed time (免打扰时段).
 * - `maxAttempts`: delivery attempts before a message is dead-lettered with its last error.
 * - `backoff`: the retry delay doubles from `baseSeconds` up to `maxSeconds`; `jitter` (0–1) is the
 *   share of the delay that is randomised (0 = none, 1 = anywhere between 0 and the delay).
 * - `rateLimits`: per-channel sends a minute.
 * - `overdueContactDays`: a contact this many days overdue is reported to the supervisor.
 * - `groupChannels` and `maskInGroups`: in these internal group channels (WeCom / DingTalk group
 *   robots), phone numbers and customer names are masked (138****0000, 王**).
 * - `voucherReminderDays`: a referrer hears this many days before a voucher expires.
 * - `locale`: the language of the templates.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.notifications.customerHours // { from: "09:00", to: "20:00" }
 * ```
 */
export const NotificationsSection = Schema.Struct({
  customerHours: Schema.Struct({ from: TimeOfDay, to: TimeOfDay }),
  maxAttempts: PositiveInt,
  backoff: Schema.Struct({
    baseSeconds: PositiveInt,
    maxSeconds: PositiveInt,
    jitter: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0), Schema.isLessThanOrEqualTo(1))
  }),
  rateLimits: Schema.Array(ChannelRateLimit),
  overdueContactDays: NonNegativeInt,
  groupChannels: Schema.Array(Schema.NonEmptyString),
  maskInGroups: Schema.Struct({ phone: Schema.Boolean, name: Schema.Boolean }),
  voucherReminderDays: PositiveInt,
  locale: Locale
})
/** @see {@link NotificationsSection} */
export type NotificationsSection = typeof NotificationsSection.Type

/**
 * The default notifications section: customers 09:00–20:00 store time, 8 attempts, backoff from
 * 30 s doubling to 1 h with 20% jitter, WeCom and DingTalk robots at 20 a minute, supervisors told
 * of contacts 2 days overdue, phone and name masked in group robots, voucher reminder 7 days
 * ahead, templates in zh-CN.
 *
 * @example
 * ```ts
 * import { defaultNotifications } from "@jipan/core"
 * defaultNotifications.maxAttempts // 8
 * ```
 */
export const defaultNotifications: NotificationsSection = {
  customerHours: { from: "09:00", to: "20:00" },
  maxAttempts: 8,
  backoff: { baseSeconds: 30, maxSeconds: 3600, jitter: 0.2 },
  rateLimits: [
    { channel: "wecom", perMinute: 20 },
    { channel: "dingtalk", perMinute: 20 }
  ],
  overdueContactDays: 2,
  groupChannels: ["wecom", "dingtalk"],
  maskInGroups: { phone: true, name: true },
  voucherReminderDays: 7,
  locale: "zh-CN"
}
