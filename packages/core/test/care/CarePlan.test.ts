import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addDays,
  addMonths,
  CalendarDate,
  type CareInput,
  type CareRecord,
  defaultPolicy,
  type Policy,
  planCare
} from "../../src/index.js"

const d = (s: string) => CalendarDate.make(s)
const input = (deliveredOn: string, fields: Partial<CareInput> = {}): CareInput => ({
  deliveredOn: d(deliveredOn),
  brand: "Buick",
  insuranceExpiresOn: d(`${Number(deliveredOn.slice(0, 4)) + 1}${deliveredOn.slice(4)}`),
  history: [],
  ...fields
})
const on = (plan: ReturnType<typeof planCare>, ruleId: string) =>
  plan.contacts.filter((c) => c.ruleId === ruleId).map((c) => c.on)

describe("planCare: owned-customer care from the delivery", () => {
  it("follows the cadence of domain.md with purposes, rule ids and the critical period", () => {
    const plan = planCare(input("2026-06-10"), defaultPolicy, d("2026-06-10"))
    const cadence = plan.contacts.filter((c) => c.kind === "call").slice(0, 6)
    expect(cadence.map((c) => [c.ruleId, c.on])).toEqual([
      ["care.thankYou", "2026-06-11"],
      ["care.day3", "2026-06-13"],
      ["care.day7", "2026-06-17"],
      ["care.month1", "2026-07-10"],
      ["care.month3", "2026-09-10"],
      ["care.month6", "2026-12-10"]
    ])
    expect(cadence[2]?.askReferral).toBe(true)
    expect(cadence[2]?.purpose["zh-CN"]).toContain("转介绍")
    expect(cadence.slice(0, 5).every((c) => c.critical)).toBe(true)
    expect(cadence[5]?.critical).toBe(false)
    expect(plan.criticalUntil).toBe("2026-12-10")
    expect(on(plan, "care.periodic")).toEqual(["2027-03-10", "2027-06-10"])
    expect(on(plan, "care.insuranceRenewal")).toEqual(["2027-04-11"])
    // a private car's first statutory inspection is at year 6: nothing within the first year
    expect(plan.contacts.filter((c) => c.ruleId.startsWith("care.inspection"))).toEqual([])
    expect(on(plan, "care.anniversary")).toEqual(["2027-06-10"])
  })

  it("inspection (年检) follows China's schedule by vehicle use: private at years 6 and 10, yearly after, twice a year after 15; operating yearly then twice a year", () => {
    const priv = planCare(input("2020-03-16"), defaultPolicy, d("2026-01-01"))
    const year6 = priv.contacts.find((c) => c.ruleId === "care.inspection.private.exempt")
    expect(year6?.reads).toMatchObject({ dueOn: "2026-03-16", vehicleAgeMonths: 72, vehicleUse: "private" })
    expect(year6?.plannedOn).toBe("2026-02-14")
    const operating = planCare(
      input("2024-03-16", { vehicleUse: "operating" }),
      defaultPolicy,
      d("2026-01-01")
    )
    expect(
      operating.contacts
        .filter((c) => c.ruleId.startsWith("care.inspection"))
        .map((c) => [c.ruleId, c.reads.dueOn])
    ).toEqual([["care.inspection.operating.yearly", "2026-03-16"]])
    const old = planCare(input("2010-03-16"), defaultPolicy, d("2026-01-01"))
    expect(
      old.contacts.filter((c) => c.ruleId.startsWith("care.inspection")).map((c) => c.reads.dueOn)
    ).toEqual(["2026-03-16", "2026-09-16"])
  })

  it("a care section written before the statutory schedules keeps its own yearly inspection", () => {
    const { inspection: _, ...legacy } = defaultPolicy.care
    const plan = planCare(input("2026-06-10"), { ...defaultPolicy, care: legacy }, d("2026-06-10"))
    expect(on(plan, "care.annualInspection")).toEqual(["2027-05-11"])
  })

  it("property: inspection reminders are exactly the schedule's due days in the window, for any delivery and vehicle age", () => {
    const schedules = defaultPolicy.care.inspection
    if (schedules === undefined) throw new Error("the default policy has inspection schedules")
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 30 }),
        fc.integer({ min: 0, max: 365 * 25 }),
        fc.constantFrom("private" as const, "operating" as const),
        (deliveredOffset, ageDays, use) => {
          const delivered = addDays(d("1990-01-01"), deliveredOffset)
          const from = addDays(delivered, ageDays)
          // (not input(): a delivery on 29 February has no such day a year later)
          const plan = planCare(
            {
              deliveredOn: delivered,
              brand: "Buick",
              insuranceExpiresOn: addDays(delivered, 365),
              history: [],
              vehicleUse: use
            },
            defaultPolicy,
            from
          )
          const expected: Array<string> = []
          for (const step of schedules[use])
            for (
              let m = step.startMonths;
              step.untilMonths === undefined || m <= step.untilMonths;
              m += step.everyMonths
            ) {
              const dueOn = addMonths(delivered, m)
              const remind = addDays(dueOn, -schedules.leadDays)
              if (remind > plan.until) break
              if (remind >= from) expected.push(`${step.id}@${dueOn}`)
            }
          const planned = [...plan.contacts, ...plan.skipped]
            .filter((c) => c.ruleId.startsWith("care.inspection"))
            .map((c) => `${c.ruleId}@${c.reads.dueOn}`)
          expect(planned.sort()).toEqual(expected.sort())
        }
      ),
      { numRuns: 200 }
    )
  })

  it("maintenance after the first: every 6 months or 5,000 km from the last one done, whichever first", () => {
    const plan = planCare(
      input("2026-01-10", {
        history: [
          {
            ruleId: "care.firstMaintenance",
            plannedOn: d("2026-04-03"),
            on: d("2026-04-10"),
            outcome: "done",
            odometerKm: undefined
          }
        ]
      }),
      defaultPolicy,
      d("2026-04-10")
    )
    const next = plan.contacts.filter((c) => c.ruleId === "care.maintenance")
    // 5,000 km at 40 km a day is 125 days: before 6 months; reminded 7 days ahead
    expect(next[0]?.reads).toMatchObject({ after: "2026-04-10", trigger: "km" })
    expect(next[0]?.plannedOn).toBe("2026-08-06")
    expect(next.length).toBeGreaterThan(1)
  })

  it("first maintenance: months or km, whichever first (brand-configurable)", () => {
    // 5,000 km at the policy's 40 km a day takes 125 days: 3 months come first
    const byTime = planCare(input("2026-06-10"), defaultPolicy, d("2026-06-10"))
    expect(byTime.contacts.find((c) => c.ruleId === "care.firstMaintenance")).toMatchObject({
      on: "2026-09-03",
      reads: { trigger: "time", dueByKm: "2026-10-13", dueByTime: "2026-09-10" }
    })
    const fast = planCare(input("2026-06-10", { averageDailyKm: 80 }), defaultPolicy, d("2026-06-10"))
    expect(fast.contacts.find((c) => c.ruleId === "care.firstMaintenance")).toMatchObject({
      on: "2026-08-05",
      reads: { trigger: "km", dueByKm: "2026-08-12" }
    })
    const brandPolicy: Policy = {
      ...defaultPolicy,
      care: {
        ...defaultPolicy.care,
        firstMaintenance: {
          ...defaultPolicy.care.firstMaintenance,
          byBrand: [{ brand: "Toyota", months: 6, km: 10000 }]
        }
      }
    }
    const toyota = planCare(
      input("2026-06-10", { brand: "toyota", averageDailyKm: 20 }),
      brandPolicy,
      d("2026-06-10")
    )
    expect(toyota.contacts.find((c) => c.ruleId === "care.firstMaintenance")?.reads).toMatchObject({
      months: 6,
      km: 10000,
      trigger: "time"
    })
    // odometer readings recorded on care contacts refine the daily distance
    const history: Array<CareRecord> = [
      {
        ruleId: "care.month1",
        plannedOn: d("2026-07-10"),
        on: d("2026-07-10"),
        outcome: "done",
        odometerKm: 3000
      }
    ]
    const measured = planCare(input("2026-06-10", { history }), defaultPolicy, d("2026-07-10"))
    expect(measured.contacts.find((c) => c.ruleId === "care.firstMaintenance")?.reads).toMatchObject({
      dailySource: "odometer"
    })
  })

  it("Spring Festival: greeting on the lunar new year; calls on the statutory holiday shift to the next working day", () => {
    const plan = planCare(input("2026-02-13"), defaultPolicy, d("2026-02-13"))
    expect(
      plan.contacts.find((c) => c.ruleId === "care.springFestival" && c.on.startsWith("2026"))
    ).toMatchObject({
      on: "2026-02-17",
      kind: "greeting",
      holiday: { name: "春节", action: "kept" }
    })
    // day 3 (02-16) and day 7 (02-20) fall in the 2026 Spring Festival holiday (02-15..02-23)
    expect(plan.contacts.find((c) => c.ruleId === "care.day3")).toMatchObject({
      plannedOn: "2026-02-16",
      on: "2026-02-24",
      holiday: { name: "春节", action: "shifted" }
    })
    expect(plan.contacts.find((c) => c.ruleId === "care.day7")?.on).toBe("2026-02-24")
    // day 1 (02-14) is a make-up working day (调休): kept as a working day
    expect(plan.contacts.find((c) => c.ruleId === "care.thankYou")?.on).toBe("2026-02-14")
    const skip = planCare(
      input("2026-02-13"),
      { ...defaultPolicy, care: { ...defaultPolicy.care, holidayRule: "skip" } },
      d("2026-02-13")
    )
    expect(skip.skipped.map((c) => c.ruleId)).toContain("care.day3")
    expect(skip.contacts.some((c) => c.ruleId === "care.day3")).toBe(false)
    const keep = planCare(
      input("2026-02-13"),
      { ...defaultPolicy, care: { ...defaultPolicy.care, holidayRule: "keep" } },
      d("2026-02-13")
    )
    expect(keep.contacts.find((c) => c.ruleId === "care.day3")?.on).toBe("2026-02-16")
  })

  it("leap month: 2025 has a leap 6th month, so Mid-Autumn falls on 2025-10-06", () => {
    const plan = planCare(input("2025-07-01"), defaultPolicy, d("2025-07-01"))
    expect(on(plan, "care.midAutumn")).toEqual(["2025-10-06"])
    expect(on(plan, "care.springFestival")).toEqual(["2026-02-17"])
  })

  it("birthdays, with 29 February on the 28th in other years", () => {
    const plan = planCare(
      input("2026-06-10", { birthday: { month: 2, day: 29 } }),
      defaultPolicy,
      d("2026-06-10")
    )
    expect(on(plan, "care.birthday")).toEqual(["2027-02-28"])
  })

  it("contacts done are not planned again; a missed one is retried", () => {
    const history: Array<CareRecord> = [
      {
        ruleId: "care.thankYou",
        plannedOn: d("2026-06-11"),
        on: d("2026-06-11"),
        outcome: "done",
        odometerKm: undefined
      },
      {
        ruleId: "care.day3",
        plannedOn: d("2026-06-13"),
        on: d("2026-06-13"),
        outcome: "missed",
        odometerKm: undefined
      }
    ]
    const plan = planCare(input("2026-06-10", { history }), defaultPolicy, d("2026-06-12"))
    expect(on(plan, "care.thankYou")).toEqual([])
    expect(plan.contacts.find((c) => c.ruleId === "care.day3")).toMatchObject({
      on: "2026-06-15",
      retry: true
    })
  })
})
