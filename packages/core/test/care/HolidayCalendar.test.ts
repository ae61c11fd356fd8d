// A holiday calendar that knows what it doesn't know (#20.1): the library's tables for 2001–2026,
// the group's own years from the policy, and a warning (never silence) for any other year.
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addDays,
  CalendarDate,
  type CareInput,
  decodeHolidayYear,
  defaultPolicy,
  type HolidayYear,
  holidayCalendarOf,
  type Policy,
  planCare
} from "../../src/index.js"

const d = (s: string) => CalendarDate.make(s)
// a made-up 2027 for the tests (the real one is the State Council's to announce)
const test2027: HolidayYear = {
  year: 2027,
  source: "test data",
  holidays: [
    { name: "元旦", daysOff: [d("2027-01-01")], workdays: [] },
    { name: "劳动节", daysOff: [d("2027-05-03"), d("2027-05-04")], workdays: [d("2027-05-08")] }
  ]
}
const with2027: Policy = { ...defaultPolicy, holidays: { years: [test2027] } }

const input = (deliveredOn: string): CareInput => ({
  deliveredOn: d(deliveredOn),
  brand: "Buick",
  insuranceExpiresOn: addDays(d(deliveredOn), 365),
  history: []
})

describe("the holiday calendar", () => {
  it("knows the library's years, the group's years, and says a year it does not know", () => {
    const library = holidayCalendarOf(defaultPolicy)
    expect(library.day(d("2026-10-01"))).toEqual({ kind: "dayOff", name: "国庆节", source: "library" })
    expect(library.knows(2026)).toBe(true)
    expect(library.day(d("2027-05-03"))).toEqual({ kind: "unknown", year: 2027 })
    const group = holidayCalendarOf(with2027)
    expect(group.day(d("2027-05-03"))).toEqual({ kind: "dayOff", name: "劳动节", source: "policy" })
    expect(group.day(d("2027-05-08"))).toEqual({ kind: "workday", name: "劳动节", source: "policy" })
    expect(group.day(d("2027-05-06"))).toEqual({ kind: "ordinary", source: "policy" })
    // the next working day of a day off: a Saturday worked instead (调休) counts
    expect(group.nextWorkingDay(d("2027-05-04"))).toBe("2027-05-05")
    expect(library.nextWorkingDay(d("2026-12-31"))).toBeUndefined()
  })

  it("decodes a year a DMS puts, refusing bad days and names with their path", () => {
    expect(decodeHolidayYear(test2027)._tag).toBe("Success")
    const bad = decodeHolidayYear({
      year: 2027,
      holidays: [{ name: "", daysOff: ["2027-02-30"], workdays: [] }]
    })
    expect(bad._tag).toBe("Failure")
  })

  it("a plan reaching 2027 carries the warning; with 2027 put, it does not, and a call is moved off its day off", () => {
    const from = d("2026-12-20")
    const plan = planCare(input("2026-12-20"), defaultPolicy, from)
    expect(plan.warnings.map((w) => [w.code, w.year, w.ruleId])).toEqual([
      ["HOLIDAY_CALENDAR_MISSING", 2027, "care.holidayCalendar"]
    ])
    const known = planCare(input("2026-12-20"), with2027, from)
    expect(known.warnings).toEqual([])
    // the 1-month call of a delivery on 2027-04-03 falls on 2027-05-03, a day off of the group's 2027
    const may = planCare(input("2027-04-03"), with2027, d("2027-04-03"))
    const month1 = may.contacts.find((c) => c.ruleId === "care.month1")
    expect(month1?.plannedOn).toBe("2027-05-03")
    expect(month1?.on).toBe("2027-05-05")
    expect(month1?.holiday).toEqual({ name: "劳动节", action: "shifted" })
  })

  it("property: a planned call or reminder never falls on a day off of a known calendar", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 5 }), (offset) => {
        const delivered = addDays(d("2021-01-01"), offset)
        const plan = planCare(input(delivered), defaultPolicy, delivered)
        const calendar = holidayCalendarOf(defaultPolicy)
        for (const c of plan.contacts) {
          if (c.kind === "greeting") continue
          const day = calendar.day(c.on)
          if (day.kind !== "unknown") expect(day.kind).not.toBe("dayOff")
        }
      }),
      { numRuns: 200 }
    )
  })

  it("property: a plan whose window reaches a year no calendar knows always carries its warning", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 4 }), fc.boolean(), (offset, put2027) => {
        const from = addDays(d("2025-06-01"), offset)
        const policy = put2027 ? with2027 : defaultPolicy
        const plan = planCare(input(from), policy, from)
        const calendar = holidayCalendarOf(policy)
        const years = new Set<number>()
        for (let y = Number(from.slice(0, 4)); y <= Number(plan.until.slice(0, 4)); y++)
          if (!calendar.knows(y)) years.add(y)
        expect(plan.warnings.map((w) => w.year)).toEqual([...years])
      }),
      { numRuns: 200 }
    )
  })
})
