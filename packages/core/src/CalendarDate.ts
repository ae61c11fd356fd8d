/**
 * Calendar dates in the dealer's time zone. Rules count in whole days and never read a clock:
 * the caller says what day it is.
 *
 * @module
 */
import { Schema } from "effect"

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/

const isRealDate = (s: string): boolean => {
  const m = pattern.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/**
 * A calendar date `YYYY-MM-DD` (no time, no zone): a day in the store's own calendar.
 *
 * @example
 * ```ts
 * import { CalendarDate } from "@jipan/core"
 * const today = CalendarDate.make("2026-11-22")
 * ```
 */
export const CalendarDate = Schema.String.check(
  Schema.makeFilter((s: string) => isRealDate(s), { expected: "a calendar date YYYY-MM-DD" })
).pipe(Schema.brand("CalendarDate"))
/** @see {@link CalendarDate} */
export type CalendarDate = typeof CalendarDate.Type

/**
 * Days since 1970-01-01 (negative before): the integer form rules compute with.
 *
 * @example
 * ```ts
 * import { toDayNumber } from "@jipan/core"
 * toDayNumber(CalendarDate.make("1970-01-02")) // 1
 * ```
 */
export const toDayNumber = (date: CalendarDate): number => {
  if (date === lastDate) return lastDay
  // Digits read in place, no Date: rules do this on every call (and no helper closure: V8 then
  // runs this ~20x faster).
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48)
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48)
  lastDate = date
  lastDay = dayNumberOf(year, month, day)
  return lastDay
}
// "today" is read again and again in a row
let lastDate = ""
let lastDay = 0

/** Hinnant's days-from-civil: the day number of a (year, month 1–12, day). */
const dayNumberOf = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/**
 * The same day `months` months later (earlier, when negative), clamped to the month's last day:
 * 2026-01-31 plus one month is 2026-02-28.
 *
 * @example
 * ```ts
 * import { addMonths } from "@jipan/core"
 * addMonths(CalendarDate.make("2026-01-31"), 1) // "2026-02-28"
 * addMonths(CalendarDate.make("2028-02-29"), 12) // "2029-02-28"
 * ```
 */
export const addMonths = (date: CalendarDate, months: number): CalendarDate => {
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48)
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48)
  const total = year * 12 + (month - 1) + months
  const y = Math.floor(total / 12)
  const m = total - y * 12 + 1
  return fromDayNumber(dayNumberOf(y, m, Math.min(day, daysInMonth(y, m))))
}

// Rules turn the same few thousand day numbers back into dates over and over: remember them.
const dateOfDay = new Map<number, CalendarDate>()

/**
 * The calendar date of a day number.
 *
 * @example
 * ```ts
 * import { fromDayNumber } from "@jipan/core"
 * fromDayNumber(1) // "1970-01-02"
 * ```
 */
export const fromDayNumber = (dayNumber: number): CalendarDate => {
  const known = dateOfDay.get(dayNumber)
  if (known !== undefined) return known
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const date =
    `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}` as CalendarDate
  if (dateOfDay.size >= 100_000) dateOfDay.clear()
  dateOfDay.set(dayNumber, date)
  return date
}

/**
 * The date `days` days after `date` (before, when negative).
 *
 * @example
 * ```ts
 * import { addDays } from "@jipan/core"
 * addDays(CalendarDate.make("2026-02-27"), 2) // "2026-03-01"
 * ```
 */
export const addDays = (date: CalendarDate, days: number): CalendarDate =>
  fromDayNumber(toDayNumber(date) + days)

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * ```ts
 * import { daysBetween } from "@jipan/core"
 * daysBetween(CalendarDate.make("2026-11-20"), CalendarDate.make("2026-11-22")) // 2
 * ```
 */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  toDayNumber(to) - toDayNumber(from)

/**
 * The calendar date of an instant in a time zone (default Asia/Shanghai). The instant comes from
 * the caller: no rule reads the clock.
 *
 * @example
 * ```ts
 * import { calendarDateOf } from "@jipan/core"
 * calendarDateOf(new Date("2026-11-21T17:30:00Z")) // "2026-11-22" (01:30 in Shanghai)
 * ```
 */
export const calendarDateOf = (instant: Date | number, timeZone = "Asia/Shanghai"): CalendarDate => {
  // Memoised per quarter hour: Intl formatting costs a microsecond, and every zone's offset (so
  // every local midnight) falls on a quarter-hour boundary.
  const bucket = Math.floor(Number(instant) / QUARTER_HOUR)
  if (bucket === lastBucket && timeZone === lastZone) return lastZoneDay
  let zone = dayCache.get(timeZone)
  if (zone === undefined) {
    zone = new Map()
    dayCache.set(timeZone, zone)
  }
  let day = zone.get(bucket)
  if (day === undefined) {
    const parts = formatterFor(timeZone).formatToParts(instant)
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ""
    day = `${get("year")}-${get("month")}-${get("day")}` as CalendarDate
    if (zone.size >= 100_000) zone.clear()
    zone.set(bucket, day)
  }
  lastBucket = bucket
  lastZone = timeZone
  lastZoneDay = day
  return day
}

const QUARTER_HOUR = 900_000
const dayCache = new Map<string, Map<number, CalendarDate>>()
let lastZone = ""
let lastBucket = Number.NaN
let lastZoneDay = "" as CalendarDate

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    formatters.set(timeZone, f)
  }
  return f
}

/**
 * Whether a string names a time zone this runtime knows (IANA, e.g. `Asia/Shanghai`).
 *
 * @example
 * ```ts
 * import { isTimeZone } from "@jipan/core"
 * isTimeZone("Asia/Shanghai") // true
 * ```
 */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}
