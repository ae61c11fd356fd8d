/**
 * The base-visit plan's rows (基盘拜访计划, the P and C of PDCA): the core's suggestion for a
 * consultant's month merged with the plans their cards carry, and the day the plan is checked on.
 * Pure functions, so the view and the tests share them.
 *
 * @module
 */
import { planWeekDays, VisitMeans } from "@jipan/core"
import type { CardTile, PlannedVisitRef } from "./backend/CabinetBackend.js"
import { addDays } from "./backend/demo.js"

/** How a planned visit reaches the customer (the core's `VisitMeans`). */
export type Means = PlannedVisitRef["means"]

/** The means, in the order the plan offers them. */
export const MEANS: ReadonlyArray<Means> = VisitMeans.values

/** The weeks of a month: 1 (days 1–7) … 5 (day 29 to the end). */
export const WEEKS: ReadonlyArray<number> = [1, 2, 3, 4, 5]

/** One suggestion of the core (`SuggestedVisit` as plain strings). */
export interface Suggestion {
  readonly cardId: string
  readonly week: number
  readonly means: Means
  readonly why: string
}

/** One line of a consultant's plan of a month: the card, what the core suggested, what is planned. */
export interface PlanLine {
  readonly cardId: string
  readonly tile: CardTile | undefined
  /** The core's suggestion for the card, when it made one. */
  readonly suggested: Suggestion | undefined
  /** The card's plan for the month, when it has one (`PlanVisit` sent). */
  readonly planned: { readonly week: number; readonly means: Means } | undefined
}

/** The statuses a card may be planned in (the core's lifecycle allows `PlanVisit` there). */
export const PLANNABLE: ReadonlySet<CardTile["status"]> = new Set([
  "prospect",
  "ordered",
  "defeated",
  "owned",
  "broadBase"
])

/** The month (YYYY-MM) of a day. */
export const monthOf = (day: string): string => day.slice(0, 7)

/** The month after `month` (YYYY-MM). */
export const nextMonth = (month: string): string => monthOf(addDays(`${month}-28`, 7))

/** The last day of a month (YYYY-MM-DD). */
export const lastDayOf = (month: string): string => addDays(`${nextMonth(month)}-01`, -1)

/** The months a consultant plans from `today`: this month and the next. */
export const planMonths = (today: string): ReadonlyArray<string> => [
  monthOf(today),
  nextMonth(monthOf(today))
]

/**
 * The day a month's plan is checked on: today while the month runs (weeks to come stay pending),
 * the month's last day once it is over, and today before it starts (everything pending).
 */
export const checkDay = (month: string, today: string): string => {
  const last = lastDayOf(month)
  return today > last ? last : today
}

/** The first and last day of a week of a month (the core's `planWeekDays`); week 5 runs to the month's end. */
export const weekDays = (month: string, week: number): { readonly from: string; readonly to: string } =>
  planWeekDays(month, week)

/** Where a planned line stands on `asOf`: its week is to come, running, or over. */
export const weekState = (month: string, week: number, asOf: string): "coming" | "running" | "over" => {
  const { from, to } = weekDays(month, week)
  return asOf < from ? "coming" : asOf > to ? "over" : "running"
}

/**
 * The lines of a consultant's plan of a month: every card of theirs planned for it (from the
 * tiles) and every card the core suggests, one line a card, by week (the planned week, else the
 * suggested one) then card id. A suggestion for a card that is planned stays beside the plan.
 */
export const planLines = (input: {
  readonly month: string
  readonly owner: string
  readonly tiles: ReadonlyArray<CardTile>
  readonly suggestions: ReadonlyArray<Suggestion>
}): ReadonlyArray<PlanLine> => {
  const byId = new Map(input.tiles.map((t) => [t.cardId, t]))
  const lines = new Map<string, PlanLine>()
  for (const tile of input.tiles) {
    if (tile.owner !== input.owner) continue
    const plan = tile.visitPlans.find((p) => p.month === input.month)
    if (plan !== undefined)
      lines.set(tile.cardId, {
        cardId: tile.cardId,
        tile,
        suggested: undefined,
        planned: { week: plan.week, means: plan.means }
      })
  }
  for (const s of input.suggestions) {
    const line = lines.get(s.cardId)
    lines.set(s.cardId, {
      cardId: s.cardId,
      tile: line?.tile ?? byId.get(s.cardId),
      suggested: s,
      planned: line?.planned
    })
  }
  const weekOf = (l: PlanLine) => l.planned?.week ?? l.suggested?.week ?? 9
  return [...lines.values()].sort(
    (a, b) => weekOf(a) - weekOf(b) || (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0)
  )
}

/** The consultant's cards that may be added to the month's plan: plannable, not in it yet. */
export const addable = (
  tiles: ReadonlyArray<CardTile>,
  owner: string,
  lines: ReadonlyArray<PlanLine>
): ReadonlyArray<CardTile> => {
  const inPlan = new Set(lines.map((l) => l.cardId))
  return tiles
    .filter((t) => t.owner === owner && PLANNABLE.has(t.status) && !inPlan.has(t.cardId))
    .sort((a, b) => (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0))
}

/** The suggestions not planned yet, as the `PlanVisit` commands that would adopt them. */
export const adoptCommands = (
  month: string,
  lines: ReadonlyArray<PlanLine>
): ReadonlyArray<{ readonly cardId: string; readonly command: Record<string, unknown> }> =>
  lines
    .filter((l) => l.planned === undefined && l.suggested !== undefined)
    .map((l) => ({
      cardId: l.cardId,
      command: { _tag: "PlanVisit", month, week: l.suggested?.week, means: l.suggested?.means }
    }))
