/**
 * The holiday calendar a care plan reads: the dealer group's years from the policy (`holidays`),
 * else the library's tables (statutory days off and make-up working days 2001–2026, generated from
 * lunar-typescript), and for any other year the plain fact that it is not known. Lunar festivals
 * are computed, not announced, and are not part of it.
 *
 * @module
 */
import { addDays, type CalendarDate } from "../kernel/CalendarDate.js"
import type { Policy } from "../policy/Policy.js"
import { BUILT_IN_HOLIDAY_YEARS, holidayOf } from "./internal/chineseCalendar.js"

/**
 * What a calendar says of a day: a statutory day off (with the holiday's name), a make-up working
 * day (调休上班), an ordinary day, or that its year is not known; and where it knows it from.
 *
 * @example
 * ```ts
 * import type { CalendarDay } from "@jipan/core"
 * const off = (d: CalendarDay) => d.kind === "dayOff"
 * ```
 */
export type CalendarDay =
  | { readonly kind: "dayOff"; readonly name: string; readonly source: "policy" | "library" }
  | { readonly kind: "workday"; readonly name: string; readonly source: "policy" | "library" }
  | { readonly kind: "ordinary"; readonly source: "policy" | "library" }
  | { readonly kind: "unknown"; readonly year: number }

/**
 * A holiday calendar: each day's kind, whether a year is known, and the next working day after a
 * day (not a day off, not a weekend unless worked instead; `undefined` when it runs into a year
 * not known).
 *
 * @example
 * ```ts
 * import { holidayCalendarOf, defaultPolicy, CalendarDate } from "@jipan/core"
 * const calendar = holidayCalendarOf(defaultPolicy)
 * calendar.day(CalendarDate.make("2026-10-01")) // { kind: "dayOff", name: "国庆节", source: "library" }
 * calendar.knows(2027) // false until the group puts 2027 in its policy
 * ```
 */
export interface HolidayCalendar {
  readonly day: (day: CalendarDate) => CalendarDay
  readonly knows: (year: number) => boolean
  readonly nextWorkingDay: (day: CalendarDate) => CalendarDate | undefined
}

// one calendar per holidays section: plans of one policy share it
const calendars = new WeakMap<Policy["holidays"], HolidayCalendar>()

const isWeekend = (day: CalendarDate): boolean => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return weekday === 0 || weekday === 6
}

/**
 * The holiday calendar of a policy: its `holidays` years first, then the library's tables.
 *
 * @example
 * ```ts
 * import { holidayCalendarOf, defaultPolicy, CalendarDate } from "@jipan/core"
 * holidayCalendarOf(defaultPolicy).day(CalendarDate.make("2027-10-01")) // { kind: "unknown", year: 2027 }
 * ```
 */
export const holidayCalendarOf = (policy: Pick<Policy, "holidays">): HolidayCalendar => {
  const known = calendars.get(policy.holidays)
  if (known !== undefined) return known
  const put = new Map<number, Map<string, { kind: "dayOff" | "workday"; name: string }>>()
  for (const y of policy.holidays.years) {
    const days = new Map<string, { kind: "dayOff" | "workday"; name: string }>()
    for (const h of y.holidays) {
      for (const d of h.daysOff) days.set(d, { kind: "dayOff", name: h.name })
      for (const d of h.workdays) days.set(d, { kind: "workday", name: h.name })
    }
    put.set(y.year, days)
  }
  const knows = (year: number) => put.has(year) || BUILT_IN_HOLIDAY_YEARS.includes(year)
  const day = (d: CalendarDate): CalendarDay => {
    const year = Number(d.slice(0, 4))
    const own = put.get(year)
    if (own !== undefined) {
      const h = own.get(d)
      return h === undefined ? { kind: "ordinary", source: "policy" } : { ...h, source: "policy" }
    }
    if (!BUILT_IN_HOLIDAY_YEARS.includes(year)) return { kind: "unknown", year }
    const h = holidayOf(d)
    if (h === undefined) return { kind: "ordinary", source: "library" }
    return { kind: h.work ? "workday" : "dayOff", name: h.name, source: "library" }
  }
  const calendar: HolidayCalendar = {
    day,
    knows,
    nextWorkingDay: (from) => {
      let d = addDays(from, 1)
      for (let i = 0; i < 60; i++, d = addDays(d, 1)) {
        const c = day(d)
        if (c.kind === "unknown") return undefined
        if (c.kind === "workday") return d
        if (c.kind === "ordinary" && !isWeekend(d)) return d
      }
      return d
    }
  }
  calendars.set(policy.holidays, calendar)
  return calendar
}
