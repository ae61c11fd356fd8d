/**
 * Quiet hours (免打扰时段) as pure functions of an instant, the allowed hours and the store's
 * time zone: whether a customer-facing message may go out now, and if not, the next instant it
 * may. No clock is read; the dispatcher passes the time.
 *
 * @module
 */

import { BoundedCache } from "../kernel/Memo.js"
import type { TimeOfDay } from "../policy/NotificationPolicy.js"

/**
 * The hours in which customer-facing messages may go out, `from` inclusive to `to` exclusive,
 * wall-clock time in the store's zone.
 *
 * @example
 * ```ts
 * import type { AllowedHours } from "@jipan/core"
 * const daytime: AllowedHours = { from: "09:00", to: "20:00" }
 * ```
 */
export interface AllowedHours {
  readonly from: TimeOfDay | string
  readonly to: TimeOfDay | string
}

const MINUTE = 60_000
const DAY = 86_400_000

const formatters = new BoundedCache<string, Intl.DateTimeFormat>(1_000)
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The zone's wall-clock time of `at`, as if it were UTC (epoch ms). */
const wallClock = (at: number, timeZone: string): number => {
  const parts = formatterFor(timeZone).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return (
    Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) +
    (((at % 1000) + 1000) % 1000)
  )
}

/** The instant whose wall-clock time in the zone is `wall` (the later one across a DST gap). */
const instantOfWallClock = (wall: number, timeZone: string, near: number): number => {
  const first = wall - (wallClock(near, timeZone) - near)
  const second = wall - (wallClock(first, timeZone) - first)
  if (wallClock(second, timeZone) === wall) return second
  if (wallClock(first, timeZone) === wall) return first
  return Math.max(first, second)
}

const minutesOf = (time: string): number => {
  const [h, m] = time.split(":")
  return Number(h) * 60 + Number(m)
}

/**
 * Minutes since local midnight of an instant in a time zone.
 *
 * @example
 * ```ts
 * import { minuteOfDay } from "@jipan/core"
 * minuteOfDay(Date.parse("2026-11-22T01:30:00Z"), "Asia/Shanghai") // 570 (09:30)
 * ```
 */
export const minuteOfDay = (at: number, timeZone: string): number =>
  Math.floor((((wallClock(at, timeZone) % DAY) + DAY) % DAY) / MINUTE)

/**
 * Whether `at` falls within the allowed hours in the zone.
 *
 * @example
 * ```ts
 * import { isWithinHours } from "@jipan/core"
 * isWithinHours(Date.parse("2026-11-22T13:00:00Z"), { from: "09:00", to: "20:00" }, "Asia/Shanghai") // false (21:00)
 * ```
 */
export const isWithinHours = (at: number, hours: AllowedHours, timeZone: string): boolean => {
  const m = minuteOfDay(at, timeZone)
  return m >= minutesOf(hours.from) && m < minutesOf(hours.to)
}

/**
 * The first instant at or after `at` within the allowed hours: `at` itself when allowed, else the
 * next `from` in the zone (today's when before it, tomorrow's when after `to`).
 *
 * @example
 * ```ts
 * import { nextAllowedTime } from "@jipan/core"
 * new Date(nextAllowedTime(Date.parse("2026-11-22T13:00:00Z"), { from: "09:00", to: "20:00" }, "Asia/Shanghai"))
 *   .toISOString() // "2026-11-23T01:00:00.000Z" (09:00 the next morning)
 * ```
 */
export const nextAllowedTime = (at: number, hours: AllowedHours, timeZone: string): number => {
  if (isWithinHours(at, hours, timeZone)) return at
  const wall = wallClock(at, timeZone)
  const midnight = wall - (((wall % DAY) + DAY) % DAY)
  const from = minutesOf(hours.from) * MINUTE
  const today = midnight + from
  const target = wall < today ? today : today + DAY
  const instant = instantOfWallClock(target, timeZone, at)
  return instant < at ? at : instant
}
