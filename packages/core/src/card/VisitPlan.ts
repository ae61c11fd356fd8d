/**
 * The consultant's monthly base-visit plan (基盘拜访计划, the P of PDCA): for a card, which week of
 * the month and by which means (a call, a visit, a letter or postcard) the consultant plans to
 * reach the customer. Weeks are the month's days 1–7, 8–14, 15–21, 22–28 and 29 to the end.
 *
 * @module
 */
import { Schema } from "effect"
import { addDays, type CalendarDate } from "../kernel/CalendarDate.js"
import { defineEnum } from "../kernel/Label.js"

/**
 * How a planned visit reaches the customer.
 *
 * @example
 * ```ts
 * import { VisitMeans } from "@jipan/core"
 * VisitMeans.label("letter", "zh-CN") // "信函/明信片"
 * ```
 */
export const VisitMeans = /* @__PURE__ */ defineEnum({
  call: { "zh-CN": "电话", en: "Call" },
  visit: { "zh-CN": "拜访", en: "Visit" },
  letter: { "zh-CN": "信函/明信片", en: "Letter or postcard" }
})
/** @see {@link VisitMeans} */
export type VisitMeans = (typeof VisitMeans.values)[number]

/**
 * A week of a month: 1 (days 1–7) to 5 (day 29 to the end).
 *
 * @example
 * ```ts
 * import { PlanWeek } from "@jipan/core"
 * import { Schema } from "effect"
 * Schema.is(PlanWeek)(5) // true
 * ```
 */
export const PlanWeek = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))
/** @see {@link PlanWeek} */
export type PlanWeek = typeof PlanWeek.Type

/**
 * A planned visit as the card keeps it: the month and week, the means, and the week's days.
 *
 * @example
 * ```ts
 * import type { PlannedVisit } from "@jipan/core"
 * const late = (p: PlannedVisit, today: string) => p.to < today
 * ```
 */
export interface PlannedVisit {
  readonly month: string
  readonly week: number
  readonly means: VisitMeans
  readonly from: CalendarDate
  readonly to: CalendarDate
}

/**
 * The days of a week of a month (`YYYY-MM`): week 5 runs from the 29th to the month's last day
 * (none in a February of 28 days: it ends before it starts).
 *
 * @example
 * ```ts
 * import { planWeekDays } from "@jipan/core"
 * planWeekDays("2026-12", 2) // { from: "2026-12-08", to: "2026-12-14" }
 * ```
 */
export const planWeekDays = (
  month: string,
  week: number
): { readonly from: CalendarDate; readonly to: CalendarDate } => {
  const first = `${month}-01` as CalendarDate
  const from = addDays(first, (week - 1) * 7)
  if (week < 5) return { from, to: addDays(from, 6) }
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1))
  return { from, to: addDays(next.toISOString().slice(0, 10) as CalendarDate, -1) }
}

/**
 * The week of its month a day falls in (1–5).
 *
 * @example
 * ```ts
 * import { planWeekOf, CalendarDate } from "@jipan/core"
 * planWeekOf(CalendarDate.make("2026-12-30")) // 5
 * ```
 */
export const planWeekOf = (day: CalendarDate): number =>
  Math.min(5, Math.floor((Number(day.slice(8, 10)) - 1) / 7) + 1)
