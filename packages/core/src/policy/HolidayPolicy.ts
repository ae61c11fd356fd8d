/**
 * The statutory holiday calendar (法定节假日) as policy data. The State Council publishes each year's
 * days off and make-up working days (调休) late in the year before, so no library can know a year
 * ahead: the library knows the years of its tables (2001–2026), and a dealer group puts each new
 * year in its policy when it is announced. A plan that reaches a year neither knows says so.
 *
 * @module
 */
import { Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { NonEmptyText, Text } from "../kernel/Text.js"

/**
 * One statutory holiday of a year: its name (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节…), the days
 * off, and the weekend days worked instead (调休上班).
 *
 * @example
 * ```ts
 * import type { StatutoryHoliday } from "@jipan/core"
 * const newYear = { name: "元旦", daysOff: ["2027-01-01"], workdays: [] } as unknown as StatutoryHoliday
 * ```
 */
export const StatutoryHoliday = Schema.Struct({
  name: NonEmptyText,
  daysOff: Schema.NonEmptyArray(CalendarDate).check(Schema.isMaxLength(15)),
  workdays: Schema.Array(CalendarDate).check(Schema.isMaxLength(5))
})
/** @see {@link StatutoryHoliday} */
export type StatutoryHoliday = typeof StatutoryHoliday.Type

/**
 * A year's statutory calendar as announced, with where it came from (the notice).
 *
 * @example
 * ```ts
 * import { decodeHolidayYear } from "@jipan/core"
 * decodeHolidayYear({ year: 2027, source: "国办发明电〔2026〕×号",
 *   holidays: [{ name: "元旦", daysOff: ["2027-01-01"], workdays: [] }] })._tag // "Success"
 * ```
 */
export const HolidayYear = Schema.Struct({
  year: Schema.Int.check(Schema.isBetween({ minimum: 1900, maximum: 2199 })),
  source: Schema.optionalKey(Text),
  holidays: Schema.Array(StatutoryHoliday).check(Schema.isMaxLength(20))
})
/** @see {@link HolidayYear} */
export type HolidayYear = typeof HolidayYear.Type

/**
 * Decodes a year's calendar from outside (a DMS putting next year's when it is announced).
 *
 * @example
 * ```ts
 * import { decodeHolidayYear } from "@jipan/core"
 * decodeHolidayYear({ year: 2027, holidays: [{ name: "", daysOff: [] }] })._tag // "Failure"
 * ```
 */
export const decodeHolidayYear = /* @__PURE__ */ decoderFor(HolidayYear, "HolidayYear")

/**
 * The holidays section: the years the dealer group has put. A year put here replaces the
 * library's own table for that year; the other years keep the library's (2001–2026).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.holidays.years // []: the library's tables only
 * ```
 */
export const HolidaysSection = Schema.Struct({
  years: Schema.Array(HolidayYear).check(Schema.isMaxLength(300))
})
/** @see {@link HolidaysSection} */
export type HolidaysSection = typeof HolidaysSection.Type

/**
 * The default holidays section: no year of the group's own, the library's tables for 2001–2026.
 *
 * @example
 * ```ts
 * import { defaultHolidays } from "@jipan/core"
 * defaultHolidays.years.length // 0
 * ```
 */
export const defaultHolidays: HolidaysSection = { years: [] }
