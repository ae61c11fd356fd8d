import { readFileSync } from "node:fs"
import * as fc from "fast-check"
import { HolidayUtil, Lunar, LunarMonth } from "lunar-typescript"
import { describe, expect, it } from "vitest"
import { holidayOf, lunarToSolar } from "../../src/care/internal/chineseCalendar.js"
import { type CalendarDate, fromDayNumber, toDayNumber } from "../../src/index.js"

// lunar-typescript is the source of the tables (a dev dependency): every answer of the core's
// tables is checked against the library's own.
const libraryLunarToSolar = (year: number, month: number, day: number): string | undefined => {
  const m = LunarMonth.fromYm(year, month)
  return m === null
    ? undefined
    : Lunar.fromYmd(year, month, Math.min(day, m.getDayCount())).getSolar().toYmd()
}

describe("the Chinese calendar tables", () => {
  it("are what scripts/care-tables.mjs writes from the installed lunar-typescript", async () => {
    const script = new URL("../../../../scripts/care-tables.mjs", import.meta.url).href
    const { moduleText } = (await import(script)) as { moduleText: () => string }
    const file = readFileSync(new URL("../../src/care/internal/calendarTables.ts", import.meta.url), "utf8")
    expect(file).toBe(moduleText())
  })

  // the library's conversion runs an astronomical series (~0.5 ms a date): the first and the last
  // day of every month is enough to pin each month's start and length
  it("convert lunar dates as the library does, for every month of 1900–2199", { timeout: 120_000 }, () => {
    for (let year = 1900; year <= 2199; year++)
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 30])
          expect(lunarToSolar(year, month, day)).toBe(libraryLunarToSolar(year, month, day))
  })

  it("convert any lunar date as the library does (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        (year, month, day) => {
          expect(lunarToSolar(year, month, day)).toBe(libraryLunarToSolar(year, month, day))
        }
      )
    )
    expect(lunarToSolar(2026, 1, 1)).toBe("2026-02-17") // Spring Festival 2026
    expect(lunarToSolar(2025, 8, 15)).toBe("2025-10-06") // Mid-Autumn 2025
    expect(lunarToSolar(1800, 1, 1)).toBeUndefined()
  })

  it("know the statutory days off and make-up working days the library knows", () => {
    const from = toDayNumber("2000-01-01" as CalendarDate)
    const to = toDayNumber("2027-12-31" as CalendarDate)
    for (let n = from; n <= to; n++) {
      const day = fromDayNumber(n)
      const h = HolidayUtil.getHoliday(day)
      const ours = holidayOf(day)
      if (h === null) expect(ours).toBeUndefined()
      else expect(ours).toEqual({ name: h.getName(), work: h.isWork() })
    }
  })
})
