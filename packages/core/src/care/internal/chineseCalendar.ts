// The Chinese calendar the care plans read: lunar dates to solar days, and the statutory days off
// and make-up working days (调休), from tables generated from lunar-typescript
// (scripts/care-tables.mjs), so a browser's care plan does not carry the library (≈104 KB gzip).
import { type CalendarDate, fromDayNumber, toDayNumber } from "../../kernel/CalendarDate.js"
import {
  FIRST_LUNAR_YEAR,
  holidayDays,
  holidayNames,
  lunarLeapMonths,
  lunarLongMonths,
  lunarYearStarts
} from "./calendarTables.js"

/** The solar date of a lunar month/day in a lunar year (day 30 of a 29-day month is its last day). */
export const lunarToSolar = (year: number, month: number, day: number): CalendarDate | undefined => {
  const i = year - FIRST_LUNAR_YEAR
  const start = lunarYearStarts[i]
  if (start === undefined || month < 1 || month > 12) return undefined
  const leap = lunarLeapMonths[i] ?? 0
  const long = lunarLongMonths[i] ?? 0
  // the month's place in the year: a leap month (闰月) follows its namesake
  const index = month - 1 + (leap > 0 && month > leap ? 1 : 0)
  let first = start
  for (let m = 0; m < index; m++) first += long & (1 << m) ? 30 : 29
  const length = long & (1 << index) ? 30 : 29
  return fromDayNumber(first + Math.min(day, length) - 1)
}

// The statutory calendar by day number, built once from the generated table.
const holidays = new Map<number, { readonly name: string; readonly work: boolean }>(
  holidayDays.map(([day, name, work]) => [day, { name: holidayNames[name] ?? "", work: work === 1 }])
)
/** The statutory holiday of a day (a day off, or a make-up working day), if any. */
export const holidayOf = (day: CalendarDate) => holidays.get(toDayNumber(day))

/** The years the tables give the statutory calendar of (every year with an entry). */
export const BUILT_IN_HOLIDAY_YEARS: ReadonlyArray<number> = [
  ...new Set(holidayDays.map(([day]) => Number(fromDayNumber(day).slice(0, 4))))
].sort((a, b) => a - b)
