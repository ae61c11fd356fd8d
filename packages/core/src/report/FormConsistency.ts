/**
 * The cross-check of the three forms (三表卡的准确性、真实性): the supervisor checks that the
 * daily report's counts, the control table's marks and the card backs tell the same story for a
 * consultant. Every disagreement is a finding naming the cards and the day; on consistent data
 * there is none. Because the daily report is computed from the stores' report rows (events and
 * due spans) and the other two from the cards' histories, this also checks a store's projections
 * against its event log. Linear in the rows (Maps keyed by day and card).
 *
 * @module
 */
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { Policy } from "../policy/Policy.js"
import type { CustomerCardForm } from "./CustomerCardForm.js"
import type { DailyReport } from "./DailyReport.js"
import { type Finding, type FindingRuleId, finding, sortFindings } from "./Findings.js"
import type { ProgressControlTable } from "./ProgressControlTable.js"

/**
 * What the cross-check reads: the tenant, the consultant's daily report over the table's days up
 * to `asOf` (a report with the consultant's rows: `dailyReport` with `consultants: [id]`), the
 * consultant's control table of the month, and the card forms of the table's cards.
 *
 * @example
 * ```ts
 * import type { FormConsistencyInput, DailyReport, ProgressControlTable, CustomerCardForm } from "@jipan/core"
 * declare const daily: DailyReport, control: ProgressControlTable, cards: ReadonlyArray<CustomerCardForm>
 * const input: FormConsistencyInput = { tenant, daily, control, cards }
 * ```
 */
export interface FormConsistencyInput {
  readonly tenant: Tenant
  readonly daily: DailyReport
  readonly control: ProgressControlTable
  readonly cards: ReadonlyArray<CustomerCardForm>
}

/** A multiset of card ids per day: day → card → count. */
type DayCards = Map<CalendarDate, Map<CardId, number>>

const bump = (m: DayCards, d: CalendarDate, card: CardId) => {
  let cards = m.get(d)
  if (cards === undefined) {
    cards = new Map()
    m.set(d, cards)
  }
  cards.set(card, (cards.get(card) ?? 0) + 1)
}

/** The cards whose counts differ between two multisets of one day, sorted. */
const differing = (a: Map<CardId, number> | undefined, b: Map<CardId, number> | undefined): Array<CardId> => {
  const out = new Set<CardId>()
  for (const [card, n] of a ?? []) if ((b?.get(card) ?? 0) !== n) out.add(card)
  for (const [card, n] of b ?? []) if ((a?.get(card) ?? 0) !== n) out.add(card)
  return [...out].sort()
}

/**
 * Cross-checks the three forms of one consultant over the control table's days up to its `asOf`
 * and returns a finding per disagreement (severity `reports.formConsistency.severity`):
 *
 * - `consistency.dailyVsControl`: on a day, the cards due (daily `contactsDue` vs cells marked
 *   due) or contacted (daily `contactsDone` vs cell contact counts) differ.
 * - `consistency.controlVsCard`: a card's cell contact count differs from its back's follow-up
 *   contacts for the consultant that day, or the cell's grade differs from the grade after the
 *   card's last event that day.
 * - `consistency.dailyVsCard`: on a day, the daily report's contacted cards differ from the card
 *   backs' follow-up contacts for the consultant.
 *
 * @example
 * ```ts
 * import { defaultPolicy, formConsistency, type DailyReport, type ProgressControlTable, type CustomerCardForm } from "@jipan/core"
 * declare const daily: DailyReport, control: ProgressControlTable, cards: ReadonlyArray<CustomerCardForm>
 * formConsistency({ tenant, daily, control, cards }, defaultPolicy).length // 0 on consistent data
 * ```
 */
export const formConsistency = (input: FormConsistencyInput, policy: Policy): ReadonlyArray<Finding> => {
  const { control, tenant } = input
  const consultant: ConsultantId = control.consultantId
  const severity = policy.reports.formConsistency.severity
  const first = control.range.from
  const last = control.asOf
  const inDays = (d: CalendarDate) => first <= d && d <= last
  const out: Array<Finding> = []
  const mismatch = (
    ruleId: FindingRuleId,
    on: CalendarDate,
    what: string,
    cards: ReadonlyArray<CardId>
  ): Finding => finding(ruleId, severity, tenant, consultant, cards, [], { on, what, cards: cards.join(" ") })

  // daily report: due and done per day (only the consultant's rows)
  const dailyDue: DayCards = new Map()
  const dailyDone: DayCards = new Map()
  for (const row of input.daily.rows) {
    if (row.consultant !== consultant || !inDays(row.on)) continue
    for (const c of row.evidence.contactsDue) bump(dailyDue, row.on, c as CardId)
    for (const c of row.evidence.contactsDone) bump(dailyDone, row.on, c as CardId)
  }
  // control table: due marks, contact counts and grades per day
  const controlDue: DayCards = new Map()
  const controlDone: DayCards = new Map()
  const controlGrade = new Map<string, string | undefined>()
  for (const row of control.rows) {
    for (const cell of row.cells) {
      if (!inDays(cell.on)) continue
      if (cell.due) bump(controlDue, cell.on, row.cardId)
      for (let i = 0; i < cell.contacts; i++) bump(controlDone, cell.on, row.cardId)
      controlGrade.set(`${row.cardId}\u0000${cell.on}`, cell.grade)
    }
  }
  // card backs: the consultant's follow-up contacts per day, and the grade after each day's last event
  const cardDone: DayCards = new Map()
  const cardGrade = new Map<string, string | undefined>()
  for (const form of input.cards) {
    const id = form.front.cardId
    const byVersion = [
      ...form.back.map((e) => ({ version: e.version, on: e.on, grade: e.gradeAfter })),
      ...form.milestones.map((m) => ({ version: m.version, on: m.on, grade: m.gradeAfter }))
    ].sort((a, b) => a.version - b.version)
    for (const e of byVersion) if (inDays(e.on)) cardGrade.set(`${id}\u0000${e.on}`, e.grade)
    for (const e of form.back)
      if (e.kind === "followUp" && e.consultant === consultant && inDays(e.on)) bump(cardDone, e.on, id)
  }

  const days = new Set<CalendarDate>([
    ...dailyDue.keys(),
    ...dailyDone.keys(),
    ...controlDue.keys(),
    ...controlDone.keys(),
    ...cardDone.keys()
  ])
  for (const d of [...days].sort()) {
    const due = differing(dailyDue.get(d), controlDue.get(d))
    if (due.length > 0) out.push(mismatch("consistency.dailyVsControl", d, "contactsDue", due))
    const done = differing(dailyDone.get(d), controlDone.get(d))
    if (done.length > 0) out.push(mismatch("consistency.dailyVsControl", d, "contactsDone", done))
    const back = differing(controlDone.get(d), cardDone.get(d))
    if (back.length > 0) out.push(mismatch("consistency.controlVsCard", d, "contacts", back))
    const dailyBack = differing(dailyDone.get(d), cardDone.get(d))
    if (dailyBack.length > 0) out.push(mismatch("consistency.dailyVsCard", d, "contactsDone", dailyBack))
  }
  // grades: a control cell on a day with events must show the grade after the card's last event
  const gradeCards = new Map<CalendarDate, Array<CardId>>()
  for (const [key, grade] of cardGrade) {
    if (!controlGrade.has(key)) continue
    if (controlGrade.get(key) === grade) continue
    const [card, on] = key.split("\u0000") as [CardId, CalendarDate]
    const list = gradeCards.get(on) ?? []
    list.push(card)
    gradeCards.set(on, list)
  }
  for (const [on, cards] of [...gradeCards].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    out.push(mismatch("consistency.controlVsCard", on, "grade", cards.sort()))
  return sortFindings(out)
}
