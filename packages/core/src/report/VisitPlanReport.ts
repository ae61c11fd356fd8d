/**
 * The base-visit plan's check (PDCA: plan, do, check): a suggested plan for a consultant's month
 * made from the card cabinet (prospects by their due day, owned customers by their care contacts),
 * and the month's plan against what was done, per consultant, from the cards' report events.
 *
 * @module
 */
import type { CardStatus } from "../card/CardState.js"
import { planWeekDays, planWeekOf, type VisitMeans } from "../card/VisitPlan.js"
import type { CareContactDue } from "../care/CareContact.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import type { ReportEvent } from "./ReportRows.js"

/**
 * One suggested entry of a plan: the card, the week, the means, and why.
 *
 * @example
 * ```ts
 * import type { SuggestedVisit } from "@jipan/core"
 * const line = (v: SuggestedVisit) => `${v.cardId}: week ${v.week} by ${v.means} (${v.why})`
 * ```
 */
export interface SuggestedVisit {
  readonly cardId: CardId
  readonly week: number
  readonly means: VisitMeans
  readonly why: string
}

/**
 * A month's plan suggested from the cabinet: each open prospect or order due in the month, in the
 * week of its due day, by a call; each owned customer with a care contact in the month, in the
 * week of the first one, by a letter for a greeting and a call otherwise. The consultant edits it
 * (`PlanVisit`, `UnplanVisit`); nothing is planned until they do.
 *
 * @example
 * ```ts
 * import { suggestVisitPlan, type CardSummary, type CareContactDue } from "@jipan/core"
 * declare const cards: ReadonlyArray<CardSummary>, care: ReadonlyArray<CareContactDue>
 * suggestVisitPlan({ month: "2026-12", cards, care }).length
 * ```
 */
export const suggestVisitPlan = (input: {
  readonly month: string
  readonly cards: ReadonlyArray<{
    readonly cardId: CardId
    readonly status: CardStatus
    readonly nextContactDue: CalendarDate | undefined
  }>
  readonly care: ReadonlyArray<CareContactDue>
}): ReadonlyArray<SuggestedVisit> => {
  const out = new Map<string, SuggestedVisit>()
  for (const c of input.cards)
    if ((c.status === "prospect" || c.status === "ordered") && c.nextContactDue?.startsWith(input.month))
      out.set(c.cardId, {
        cardId: c.cardId,
        week: planWeekOf(c.nextContactDue),
        means: "call",
        why: "followUp.due"
      })
  const care = [...input.care]
    .filter((c) => c.on.startsWith(input.month))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
  for (const c of care)
    if (!out.has(c.cardId))
      out.set(c.cardId, {
        cardId: c.cardId,
        week: planWeekOf(c.on),
        means: c.kind === "greeting" ? "letter" : "call",
        why: c.ruleId
      })
  return [...out.values()].sort(
    (a, b) => a.week - b.week || (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0)
  )
}

/**
 * A consultant's month, planned against done: the cards planned, those reached during their planned
 * week (a contact or a care contact done; by the planned means or not), those whose week is over
 * without one (missed), and those still to come.
 *
 * @example
 * ```ts
 * import type { VisitPlanRow } from "@jipan/core"
 * const rate = (r: VisitPlanRow) => (r.planned === 0 ? 1 : r.done / r.planned)
 * ```
 */
export interface VisitPlanRow {
  readonly consultantId: ConsultantId
  readonly planned: number
  readonly done: number
  readonly doneByPlannedMeans: number
  readonly missed: number
  readonly pending: number
  readonly missedCardIds: ReadonlyArray<CardId>
}

const meansOfChannel = (channel: string): VisitMeans =>
  channel === "letter" ? "letter" : channel === "showroomVisit" || channel === "homeVisit" ? "visit" : "call"

/**
 * The plan of a month against what was done, as of `asOf`, per consultant, from report events: the
 * latest `VisitPlanned` (or `VisitUnplanned`) of each card for the month, and the contacts
 * (`ContactLogged`, `CareContactRecorded` done) of the month. Counts equal counts over the events.
 *
 * @example
 * ```ts
 * import { visitPlanVsDone, type ReportEvent, CalendarDate } from "@jipan/core"
 * declare const events: ReadonlyArray<ReportEvent>
 * visitPlanVsDone({ month: "2026-12", asOf: CalendarDate.make("2026-12-31"), events })
 * ```
 */
export const visitPlanVsDone = (input: {
  readonly month: string
  readonly asOf: CalendarDate
  readonly events: ReadonlyArray<ReportEvent>
}): ReadonlyArray<VisitPlanRow> => {
  const plans = new Map<
    string,
    { owner: ConsultantId | undefined; cardId: CardId; week: number; means: VisitMeans } | undefined
  >()
  const contacts = new Map<string, Array<{ on: CalendarDate; means: VisitMeans }>>()
  const ordered = [...input.events].sort((a, b) => a.event.at - b.event.at || a.version - b.version)
  for (const row of ordered) {
    const key = `${row.tenant.storeId}\u0000${row.cardId}`
    const e = row.event
    if (e._tag === "VisitPlanned" && e.month === input.month)
      plans.set(key, { owner: row.owner, cardId: row.cardId, week: e.week, means: e.means })
    else if (e._tag === "VisitUnplanned" && e.month === input.month) plans.set(key, undefined)
    else if (e._tag === "ContactLogged" && e.on.startsWith(input.month))
      contacts.set(key, [...(contacts.get(key) ?? []), { on: e.on, means: meansOfChannel(e.channel) }])
    else if (e._tag === "CareContactRecorded" && e.outcome === "done" && e.on.startsWith(input.month))
      contacts.set(key, [...(contacts.get(key) ?? []), { on: e.on, means: "call" }])
  }
  const rows = new Map<
    string,
    {
      planned: number
      done: number
      byMeans: number
      missed: number
      pending: number
      missedIds: Array<CardId>
    }
  >()
  for (const [key, plan] of plans) {
    if (plan === undefined || plan.owner === undefined) continue
    const row = rows.get(plan.owner) ?? {
      planned: 0,
      done: 0,
      byMeans: 0,
      missed: 0,
      pending: 0,
      missedIds: []
    }
    const { from, to } = planWeekDays(input.month, plan.week)
    const reached = (contacts.get(key) ?? []).filter((c) => c.on >= from && c.on <= to && c.on <= input.asOf)
    row.planned += 1
    if (reached.length > 0) {
      row.done += 1
      if (reached.some((c) => c.means === plan.means)) row.byMeans += 1
    } else if (to < input.asOf) {
      row.missed += 1
      row.missedIds.push(plan.cardId)
    } else row.pending += 1
    rows.set(plan.owner, row)
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([consultantId, r]) => ({
      consultantId: consultantId as ConsultantId,
      planned: r.planned,
      done: r.done,
      doneByPlannedMeans: r.byMeans,
      missed: r.missed,
      pending: r.pending,
      missedCardIds: r.missedIds.sort()
    }))
}
