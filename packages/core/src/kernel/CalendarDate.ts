/**
 * Calendar dates in the dealer's time zone. Rules count in whole days and never read a clock:
 * the caller says what day it is.
 *
 * @module
 */
import { Schema } from "effect"
import { BoundedCache } from "./Memo.js"

// A digit's value, or -1 (so that one negative check catches any other character).
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -100_000
}

// YYYY-MM-DD naming a day that exists. Read in place, without a RegExp or a Date: every date of
// every row a store hands back goes through this check.
const isRealDate = (s: string): boolean => {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)
  const month = digit(s, 5) * 10 + digit(s, 6)
  const day = digit(s, 8) * 10 + digit(s, 9)
  return (
    year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  )
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
  Schema.makeFilter((s: string) => isRealDate(s), { expected: "a calendar date YYYY-MM-DD (1900–2199)" })
).pipe(Schema.brand("CalendarDate"))
/** @see {@link CalendarDate} */
export type CalendarDate = typeof CalendarDate.Type

/**
 * Days since 1970-01-01 (negative before): the integer form rules compute with.
 *
 * @example
 * ```ts
 * import { toDayNumber, CalendarDate } from "@jipan/core"
 * toDayNumber(CalendarDate.make("1970-01-02")) // 1
 * ```
 */
export const toDayNumber = (date: CalendarDate): number => {
  // Digits read in place, no Date: rules do this on every call (and no helper closure: V8 then
  // runs this ~20x faster). No memo of the last date either: telling two equal-length dates apart
  // compares their characters, which cost more than this read.
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48)
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48)
  return dayNumberOfDate(year, month, day)
}

/** Hinnant's days-from-civil: the day number of a (year, month 1–12, day). */
const dayNumberOf = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

// The day number of each month's first day, 1900–2199: a table read instead of Hinnant's four
// divisions (a third of addDays). The day number grows one by one with the day of the month, so
// first day + (day - 1) is exactly dayNumberOf; other years compute.
const TABLE_FIRST_YEAR = 1900
const TABLE_YEARS = 300
const monthStart = new Int32Array(TABLE_YEARS * 12)
for (let i = 0; i < monthStart.length; i++) {
  monthStart[i] = dayNumberOf(TABLE_FIRST_YEAR + Math.floor(i / 12), (i % 12) + 1, 1)
}

const dayNumberOfDate = (year: number, month: number, day: number): number => {
  const y = year - TABLE_FIRST_YEAR
  return y >= 0 && y < TABLE_YEARS && month >= 1 && month <= 12
    ? (monthStart[y * 12 + month - 1] as number) + day - 1
    : dayNumberOf(year, month, day)
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
 * import { addMonths, CalendarDate } from "@jipan/core"
 * addMonths(CalendarDate.make("2026-01-31"), 1) // "2026-02-28"
 * addMonths(CalendarDate.make("2028-02-29"), 12) // "2029-02-28"
 * ```
 */
export const addMonths = (date: CalendarDate, months: number): CalendarDate => {
  // the last call remembered: rules add the same months to the same day in a row (every delivery
  // of a day gets its insurance date)
  if (date === lastMonthsDate && months === lastMonths) return lastMonthsResult
  const result = monthsLater(date, months)
  lastMonthsDate = date
  lastMonths = months
  lastMonthsResult = result
  return result
}
let lastMonthsDate: string | undefined
let lastMonths = 0
let lastMonthsResult = "" as CalendarDate

const monthsLater = (date: CalendarDate, months: number): CalendarDate => {
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
  return fromDayNumber(dayNumberOfDate(y, m, Math.min(day, daysInMonth(y, m))))
}

// Rules turn the same few thousand day numbers back into dates over and over: remember them, in
// a direct-mapped table (one slot per day number modulo its size; a clash replaces the slot): an
// array read, where a Map lookup cost a third of addDays.
const DAY_SLOTS = 8192
const slotDay = new Float64Array(DAY_SLOTS).fill(Number.NaN)
const slotDate: Array<CalendarDate> = new Array<CalendarDate>(DAY_SLOTS).fill("" as CalendarDate)

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
  const slot = dayNumber & (DAY_SLOTS - 1)
  if (slotDay[slot] === dayNumber) return slotDate[slot] as CalendarDate
  const date = dateOfDayNumber(dayNumber)
  slotDay[slot] = dayNumber
  slotDate[slot] = date
  return date
}

// apart from fromDayNumber, so that its cached path stays small enough to inline
const dateOfDayNumber = (dayNumber: number): CalendarDate => {
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
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}` as CalendarDate
}

/**
 * The date `days` days after `date` (before, when negative).
 *
 * @example
 * ```ts
 * import { addDays, CalendarDate } from "@jipan/core"
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
 * import { daysBetween, CalendarDate } from "@jipan/core"
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
  // every local midnight) falls on a quarter-hour boundary. (typeof first: Number() on a value
  // V8 cannot prove a number is a builtin call.)
  const ms = typeof instant === "number" ? instant : Number(instant)
  const bucket = Math.floor(ms / QUARTER_HOUR)
  const zone = timeZone === lastZone ? lastZoneDays : zoneDaysOf(timeZone)
  const slot = bucket & (RECENT_SLOTS - 1)
  if (zone.recentBuckets[slot] === bucket) return zone.recentDays[slot] as CalendarDate
  return dayOfQuarterHour(instant, timeZone, zone, bucket, slot)
}

// apart from calendarDateOf, so that its cached path stays small enough to inline
const dayOfQuarterHour = (
  instant: Date | number,
  timeZone: string,
  zone: ZoneDays,
  bucket: number,
  slot: number
): CalendarDate => {
  let day = zone.all.get(bucket)
  if (day === undefined) {
    const parts = formatterFor(timeZone).formatToParts(instant)
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ""
    day = `${get("year")}-${get("month")}-${get("day")}` as CalendarDate
    if (zone.all.size >= 100_000) zone.all.clear()
    zone.all.set(bucket, day)
  }
  zone.recentBuckets[slot] = bucket
  zone.recentDays[slot] = day
  return day
}

const QUARTER_HOUR = 900_000
const RECENT_SLOTS = 4096

/** The days of one time zone's quarter hours. */
interface ZoneDays {
  /** Every quarter hour seen (up to 100,000, then it starts again). */
  readonly all: Map<number, CalendarDate>
  /** The recent ones, direct-mapped (slot: the quarter hour modulo the size; a clash replaces it): an array read instead of two map lookups. */
  readonly recentBuckets: Float64Array
  readonly recentDays: Array<CalendarDate>
}
const newZoneDays = (): ZoneDays => ({
  all: new Map(),
  recentBuckets: new Float64Array(RECENT_SLOTS).fill(Number.NaN),
  recentDays: new Array<CalendarDate>(RECENT_SLOTS).fill("" as CalendarDate)
})
// per zone (bounded like every memo of the core: a process reads a handful of zones)
const dayCache = new BoundedCache<string, ZoneDays>(1_000)
const zoneDaysOf = (timeZone: string): ZoneDays => {
  let zone = dayCache.get(timeZone)
  if (zone === undefined) {
    zone = newZoneDays()
    dayCache.set(timeZone, zone)
  }
  lastZone = timeZone
  lastZoneDays = zone
  return zone
}
// one zone is read again and again in a row
let lastZone = ""
let lastZoneDays: ZoneDays = newZoneDays()

const formatters = new BoundedCache<string, Intl.DateTimeFormat>(1_000)
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
