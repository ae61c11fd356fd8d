import { Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addDays,
  addMonths,
  CalendarDate,
  calendarDateOf,
  daysBetween,
  fromDayNumber,
  isTimeZone,
  toDayNumber
} from "../../src/index.js"

const d = (s: string) => CalendarDate.make(s)

describe("calendar dates", () => {
  it("accepts real dates only", () => {
    expect(Schema.is(CalendarDate)("2028-02-29")).toBe(true)
    expect(Schema.is(CalendarDate)("2026-02-29")).toBe(false)
    expect(Schema.is(CalendarDate)("2026-13-01")).toBe(false)
    expect(Schema.is(CalendarDate)("2026-1-01")).toBe(false)
    expect(Schema.is(CalendarDate)("2026-01-0a")).toBe(false)
    expect(Schema.is(CalendarDate)("2026/01/01")).toBe(false)
    expect(Schema.is(CalendarDate)("+2026-01-01")).toBe(false)
  })

  it("accepts exactly the YYYY-MM-DD strings of days the Gregorian calendar has in 1900–2199", () => {
    const pad = (n: number, w: number) => String(n).padStart(w, "0")
    const exists = (y: number, m: number, day: number) => {
      const t = new Date(0)
      t.setUTCFullYear(y, m - 1, day)
      return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, day) => {
          const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}`
          expect(Schema.is(CalendarDate)(s)).toBe(y >= 1900 && y <= 2199 && exists(y, m, day))
        }
      ),
      { numRuns: 2000 }
    )
    fc.assert(
      fc.property(fc.string({ minLength: 10, maxLength: 10 }), (s) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) expect(Schema.is(CalendarDate)(s)).toBe(false)
      })
    )
  })

  it("adds days across months, years and leap days", () => {
    expect(addDays(d("2026-02-27"), 2)).toBe("2026-03-01")
    expect(addDays(d("2028-02-28"), 1)).toBe("2028-02-29")
    expect(addDays(d("2026-12-31"), 1)).toBe("2027-01-01")
    expect(addDays(d("2026-01-01"), -1)).toBe("2025-12-31")
    expect(daysBetween(d("2026-11-20"), d("2026-11-22"))).toBe(2)
  })

  it("reads an instant as a date in the dealer's zone, not UTC", () => {
    expect(calendarDateOf(new Date("2026-11-21T17:30:00Z"))).toBe("2026-11-22")
    expect(calendarDateOf(new Date("2026-11-21T15:30:00Z"))).toBe("2026-11-21")
    expect(calendarDateOf(Date.parse("2026-11-21T17:30:00Z"), "Europe/Berlin")).toBe("2026-11-21")
    expect(isTimeZone("Asia/Shanghai")).toBe(true)
    expect(isTimeZone("Mars/Olympus")).toBe(false)
  })

  it("property: day numbers round-trip and addDays agrees with daysBetween", () => {
    fc.assert(
      fc.property(
        // 1900-01-01 is day -25567 and 2199-12-31 day 84005: the range a calendar date holds
        fc.integer({ min: -25_567 + 5000, max: 84_005 - 5000 }),
        fc.integer({ min: -5000, max: 5000 }),
        (n, k) => {
          const date = fromDayNumber(n)
          return (
            Schema.is(CalendarDate)(date) &&
            toDayNumber(date) === n &&
            daysBetween(date, addDays(date, k)) === k
          )
        }
      )
    )
  })

  it("adds months, clamped to the month's last day", () => {
    expect(addMonths(d("2026-01-31"), 1)).toBe("2026-02-28")
    expect(addMonths(d("2028-01-31"), 1)).toBe("2028-02-29")
    expect(addMonths(d("2028-02-29"), 12)).toBe("2029-02-28")
    expect(addMonths(d("2026-11-22"), -11)).toBe("2025-12-22")
    expect(addMonths(d("2026-03-31"), -1)).toBe("2026-02-28")
  })

  it("property: addMonths agrees with the Date reference", () => {
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 40_000 }), fc.integer({ min: -240, max: 240 }), (n, k) => {
        const date = fromDayNumber(n)
        const [y, m, day] = date.split("-").map(Number) as [number, number, number]
        const last = new Date(Date.UTC(y, m - 1 + k + 1, 0)).getUTCDate()
        const expected = new Date(Date.UTC(y, m - 1 + k, Math.min(day, last))).toISOString().slice(0, 10)
        return addMonths(date, k) === expected
      })
    )
  })
})
