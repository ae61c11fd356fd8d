import { decodeCardCommand, planWeekDays } from "@jipan/core"
import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import {
  addable,
  adoptCommands,
  checkDay,
  lastDayOf,
  nextMonth,
  planLines,
  planMonths,
  weekDays,
  weekState
} from "../src/visitPlan.js"
import { tile } from "./fakeBackend.js"

describe("the base-visit plan's months and weeks", () => {
  it("plans this month and the next, across a year's end", () => {
    expect(planMonths("2026-11-23")).toEqual(["2026-11", "2026-12"])
    expect(planMonths("2026-12-31")).toEqual(["2026-12", "2027-01"])
    expect(nextMonth("2027-01")).toBe("2027-02")
  })

  it("knows each month's last day", () => {
    expect(lastDayOf("2026-11")).toBe("2026-11-30")
    expect(lastDayOf("2027-02")).toBe("2027-02-28")
    expect(lastDayOf("2028-02")).toBe("2028-02-29")
    expect(lastDayOf("2026-12")).toBe("2026-12-31")
  })

  it("gives the same weeks as the core (week 5 runs to the month's end)", () => {
    for (const month of ["2026-11", "2026-12", "2027-02", "2028-02"])
      for (const week of [1, 2, 3, 4, 5]) expect(weekDays(month, week)).toEqual(planWeekDays(month, week))
    expect(weekDays("2026-12", 3)).toEqual({ from: "2026-12-15", to: "2026-12-21" })
    expect(weekDays("2026-12", 5)).toEqual({ from: "2026-12-29", to: "2026-12-31" })
  })

  it("checks a running month as of today, a past one as of its last day", () => {
    expect(checkDay("2026-12", "2026-12-16")).toBe("2026-12-16")
    expect(checkDay("2026-11", "2026-12-16")).toBe("2026-11-30")
    expect(checkDay("2027-01", "2026-12-16")).toBe("2026-12-16")
  })

  it("says whether a week is to come, running or over", () => {
    expect(weekState("2026-12", 2, "2026-12-16")).toBe("over")
    expect(weekState("2026-12", 3, "2026-12-16")).toBe("running")
    expect(weekState("2026-12", 4, "2026-12-16")).toBe("coming")
    expect(weekState("2026-12", 3, "2026-12-21")).toBe("running")
    expect(weekState("2026-12", 3, "2026-12-22")).toBe("over")
  })
})

describe("the lines of a consultant's plan", () => {
  const tiles = [
    tile({ cardId: "card-1", visitPlans: [{ month: "2026-12", week: 3, means: "visit" }] }),
    tile({ cardId: "card-2" }),
    tile({ cardId: "card-3", visitPlans: [{ month: "2026-11", week: 1, means: "call" }] }),
    tile({ cardId: "card-4", owner: "c-li", visitPlans: [{ month: "2026-12", week: 1, means: "call" }] }),
    tile({ cardId: "card-5", status: "invalid" }),
    tile({ cardId: "card-6", status: "broadBase", broadBase: "otherBrandOwner" })
  ]
  const suggestions = [
    { cardId: "card-2", week: 2, means: "call" as const, why: "followUp.due" },
    { cardId: "card-1", week: 1, means: "letter" as const, why: "care.birthday" }
  ]
  const lines = planLines({ month: "2026-12", owner: "c-wang", tiles, suggestions })

  it("holds the owner's cards planned for the month and the suggested ones, by week", () => {
    expect(lines.map((l) => l.cardId)).toEqual(["card-2", "card-1"])
    expect(lines[0]).toMatchObject({ planned: undefined, suggested: { week: 2, means: "call" } })
    // a planned card keeps its plan's week for the order, and its suggestion beside it
    expect(lines[1]).toMatchObject({ planned: { week: 3, means: "visit" }, suggested: { week: 1 } })
  })

  it("leaves out another month's plan and another consultant's cards", () => {
    expect(lines.some((l) => l.cardId === "card-3" || l.cardId === "card-4")).toBe(false)
  })

  it("offers to add the owner's other plannable cards only", () => {
    expect(addable(tiles, "c-wang", lines).map((t) => t.cardId)).toEqual(["card-3", "card-6"])
  })

  it("adopts the suggestions not planned yet as PlanVisit commands the core decodes", () => {
    const adopt = adoptCommands("2026-12", lines)
    expect(adopt).toEqual([
      { cardId: "card-2", command: { _tag: "PlanVisit", month: "2026-12", week: 2, means: "call" } }
    ])
    const decoded = decodeCardCommand({
      ...adopt[0]?.command,
      by: { id: "c-wang", role: "consultant" },
      at: Date.parse("2026-12-01T10:00:00+08:00")
    })
    expect(Result.isSuccess(decoded)).toBe(true)
  })
})
