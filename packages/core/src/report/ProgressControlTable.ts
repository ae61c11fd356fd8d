/**
 * The prospect progress control table (有望客户进度管制表): per consultant and month, one row per
 * prospect the consultant held that month and one column per day, each cell giving the card's
 * grade after that day's events and the planned (due) against the actual contacts. A pure
 * function of the cards' histories: each history is folded once, so the table is linear in the
 * events plus rows × days.
 *
 * @module
 */

import { evolveCard } from "../card/CardEvolve.js"
import { type CardState, type CardStatus, initialCardState } from "../card/CardState.js"
import { gradeRank } from "../grading/Grading.js"
import { addDays, type CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId, CustomerId } from "../kernel/Ids.js"
import type { Label, Locale } from "../kernel/Label.js"
import { LeadSource } from "../kernel/LeadSource.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { Policy, SectionSource } from "../policy/Policy.js"
import { monthRange, type YearMonth } from "../referral/YearMonth.js"
import type { CardHistory, DayRange } from "./ReportSource.js"
import type { ReportCell, ReportColumn, ReportTable } from "./ReportTable.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * What one day of a row shows:
 * `done` — due and contacted; `missed` — due that very day and not contacted; `overdue` — due
 * before the day and still not contacted; `extra` — contacted without being due; `planned` — due
 * on a day after `asOf` (not yet happened); `none` — nothing due, no contact.
 *
 * @example
 * ```ts
 * import type { ControlMark } from "@jipan/core"
 * const bad = (m: ControlMark) => m === "missed" || m === "overdue"
 * ```
 */
export type ControlMark = "done" | "missed" | "overdue" | "extra" | "planned" | "none"

/**
 * The rule ids of the control table (each cell is read by them).
 *
 * @example
 * ```ts
 * import { controlRuleIds } from "@jipan/core"
 * controlRuleIds.grade // "control.grade"
 * ```
 */
export const controlRuleIds = {
  /** The cell's grade is the card's grade after every event of the day (the fold of the history). */
  grade: "control.grade",
  /** A card is due on a day when, at the start of the day, the consultant owned it and its next due contact was on or before the day. */
  due: "control.due",
  /** A contact counts on a day for the consultant who owns the card after the ContactLogged event. */
  contact: "control.contact",
  /** A row is a card the consultant held open (prospect, ordered, defeat requested) on some day of the month. */
  row: "control.row"
} as const

/**
 * One day of one row.
 *
 * @example
 * ```ts
 * import type { ControlCell } from "@jipan/core"
 * const text = (c: ControlCell) => `${c.grade ?? ""}${c.mark === "done" ? "✓" : ""}`
 * ```
 */
export interface ControlCell {
  readonly on: CalendarDate
  /** The grade after the day's events (`undefined` before the card opened and after `asOf`). */
  readonly grade: GradeId | undefined
  /** The status after the day's events. */
  readonly status: CardStatus
  /** The next due contact at the start of the day, when the consultant owned the card then. */
  readonly dueOn: CalendarDate | undefined
  /** Due at the start of the day (`dueOn` on or before the day). */
  readonly due: boolean
  /** Due that very day (planned). */
  readonly planned: boolean
  /** Contacts logged that day for the consultant. */
  readonly contacts: number
  readonly mark: ControlMark
}

/**
 * One row: a prospect of the consultant in the month, its front facts, the grade at the start and
 * end of the month, a cell per day, and the month's counts of planned, due, done and missed days.
 *
 * @example
 * ```ts
 * import type { ControlRow } from "@jipan/core"
 * const rate = (r: ControlRow) => (r.dueDays === 0 ? 1 : r.doneDays / r.dueDays)
 * ```
 */
export interface ControlRow {
  readonly cardId: CardId
  readonly customerId: CustomerId | undefined
  readonly phone: PhoneNumber | undefined
  readonly source: LeadSource | undefined
  readonly modelOfInterest: string | undefined
  readonly openedOn: CalendarDate | undefined
  readonly gradeAtStart: GradeId | undefined
  readonly gradeAtEnd: GradeId | undefined
  readonly statusAtEnd: CardStatus
  readonly cells: ReadonlyArray<ControlCell>
  readonly plannedDays: number
  readonly dueDays: number
  readonly doneDays: number
  readonly missedDays: number
  readonly contacts: number
}

/**
 * The control table of one consultant and month (rows by hottest grade at the end, then card id).
 *
 * @example
 * ```ts
 * import type { ProgressControlTable } from "@jipan/core"
 * const missed = (t: ProgressControlTable) => t.rows.filter((r) => r.missedDays > 0).map((r) => r.cardId)
 * ```
 */
export interface ProgressControlTable {
  readonly consultantId: ConsultantId
  readonly month: YearMonth
  readonly range: DayRange
  /** The last day the table reads (the month's last day unless an earlier `asOf` was given). */
  readonly asOf: CalendarDate
  readonly rows: ReadonlyArray<ControlRow>
  readonly ruleIds: ReadonlyArray<string>
  readonly policy: { readonly grading: SectionSource }
}

/**
 * What the control table reads: the consultant, the month, the histories of every card the
 * consultant may have held that month (others are left out), and optionally `asOf` (days after it
 * show only what is planned).
 *
 * @example
 * ```ts
 * import type { ProgressControlInput } from "@jipan/core"
 * const input: ProgressControlInput = { consultantId, month, histories }
 * ```
 */
export interface ProgressControlInput {
  readonly consultantId: ConsultantId
  readonly month: YearMonth
  readonly histories: ReadonlyArray<CardHistory>
  readonly asOf?: CalendarDate | undefined
}

const openStatuses: ReadonlySet<CardStatus> = new Set<CardStatus>(["prospect", "ordered", "defeatRequested"])

const markOf = (due: boolean, planned: boolean, contacts: number, future: boolean): ControlMark => {
  if (future) return planned ? "planned" : "none"
  if (due) return contacts > 0 ? "done" : planned ? "missed" : "overdue"
  return contacts > 0 ? "extra" : "none"
}

const rowOf = (
  h: CardHistory,
  consultant: ConsultantId,
  days: ReadonlyArray<CalendarDate>,
  asOf: CalendarDate
): ControlRow | undefined => {
  const events = h.history
  const first = days[0] as CalendarDate
  let state: CardState = initialCardState
  let i = 0
  for (; i < events.length && (events[i] as (typeof events)[number]).on < first; i++)
    state = evolveCard(state, events[i] as (typeof events)[number])
  const gradeAtStart = state.grade
  let held = false
  let plannedDays = 0
  let dueDays = 0
  let doneDays = 0
  let missedDays = 0
  let contactsTotal = 0
  let lastState = state
  const cells: Array<ControlCell> = []
  for (const d of days) {
    const future = d > asOf
    const mine = state.owner === consultant
    const dueOn = mine ? state.nextContactDue : undefined
    const due = dueOn !== undefined && dueOn <= d
    const planned = dueOn === d
    if (mine && openStatuses.has(state.status) && !future) held = true
    let contacts = 0
    if (!future) {
      for (; i < events.length && (events[i] as (typeof events)[number]).on === d; i++) {
        const e = events[i] as (typeof events)[number]
        state = evolveCard(state, e)
        if (e._tag === "ContactLogged" && state.owner === consultant) contacts++
      }
      if (state.owner === consultant && openStatuses.has(state.status)) held = true
      lastState = state
    }
    const mark = markOf(due, planned, contacts, future)
    if (planned) plannedDays++
    if (!future && due) dueDays++
    if (mark === "done") doneDays++
    if (mark === "missed" || mark === "overdue") missedDays++
    contactsTotal += contacts
    cells.push({
      on: d,
      grade: future || state.status === "none" ? undefined : state.grade,
      status: state.status,
      dueOn,
      due: future ? false : due,
      planned,
      contacts,
      mark
    })
  }
  if (!held) return undefined
  return {
    cardId: h.cardId,
    customerId: lastState.customerId,
    phone: lastState.phone,
    source: lastState.source,
    modelOfInterest: lastState.evidence.modelOfInterest,
    openedOn: lastState.openedOn,
    gradeAtStart,
    gradeAtEnd: lastState.grade,
    statusAtEnd: lastState.status,
    cells,
    plannedDays,
    dueDays,
    doneDays,
    missedDays,
    contacts: contactsTotal
  }
}

/**
 * Computes the progress control table (see {@link controlRuleIds} for what each cell means) from
 * the histories of the cards the consultant may have held in the month.
 *
 * @example
 * ```ts
 * import { defaultPolicy, progressControlTable, YearMonth } from "@jipan/core"
 * const table = progressControlTable({ consultantId, month: "2026-11" as YearMonth, histories }, defaultPolicy)
 * table.rows[0]?.cells[21]?.grade // the grade after 22 November's contacts
 * ```
 */
export const progressControlTable = (input: ProgressControlInput, policy: Policy): ProgressControlTable => {
  const { first, last } = monthRange(input.month)
  const asOf = input.asOf !== undefined && input.asOf < last ? input.asOf : last
  const days: Array<CalendarDate> = []
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d)
  const seen = new Set<string>()
  const rows: Array<ControlRow> = []
  for (const h of input.histories) {
    if (seen.has(h.cardId)) continue
    seen.add(h.cardId)
    const row = rowOf(h, input.consultantId, days, asOf)
    if (row !== undefined) rows.push(row)
  }
  const rank = (g: GradeId | undefined) => {
    const r = g === undefined ? -1 : gradeRank(policy, g)
    return r < 0 ? Number.POSITIVE_INFINITY : r
  }
  rows.sort(
    (a, b) =>
      rank(a.gradeAtEnd) - rank(b.gradeAtEnd) || (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0)
  )
  return {
    consultantId: input.consultantId,
    month: input.month,
    range: { from: first, to: last },
    asOf,
    rows,
    ruleIds: Object.values(controlRuleIds),
    policy: { grading: policy.provenance.grading }
  }
}

/**
 * The symbol each mark shows with in a rendered cell: ✓ done, ✗ missed, ! overdue, + extra,
 * ○ planned; nothing for `none`.
 *
 * @example
 * ```ts
 * import { controlMarkSymbols } from "@jipan/core"
 * controlMarkSymbols.done // "✓"
 * ```
 */
export const controlMarkSymbols: Readonly<Record<ControlMark, string>> = {
  done: "✓",
  missed: "✗",
  overdue: "!",
  extra: "+",
  planned: "○",
  none: ""
}

/**
 * Renders the control table as a {@link ReportTable}: the card, customer, phone, source, model,
 * grade at the start, one column per day (`d01`…; the grade after the day followed by its mark
 * symbol, see {@link controlMarkSymbols}), the grade at the end and the month's counts.
 *
 * @example
 * ```ts
 * import { progressControlReportTable, type ProgressControlTable } from "@jipan/core"
 * declare const table: ProgressControlTable // progressControlTable(…)
 * progressControlReportTable(table, { locale: "en" }).columns.find((c) => c.key === "d22")?.label.en // "22"
 * ```
 */
export const progressControlReportTable = (
  table: ProgressControlTable,
  options: { readonly locale?: Locale } = {}
): ReportTable => {
  const locale = options.locale ?? "zh-CN"
  const dayColumns: Array<ReportColumn> = (table.rows[0]?.cells ?? daysColumns(table.range)).map((c) => {
    const dd = c.on.slice(8)
    return { key: `d${dd}`, label: label(`${Number(dd)}日`, String(Number(dd))), kind: "text" }
  })
  const columns: Array<ReportColumn> = [
    { key: "cardId", label: label("卡号", "Card"), kind: "text" },
    { key: "customerId", label: label("客户", "Customer"), kind: "text" },
    { key: "phone", label: label("电话", "Phone"), kind: "text" },
    { key: "source", label: label("来源", "Source"), kind: "text" },
    { key: "model", label: label("意向车型", "Model of interest"), kind: "text" },
    { key: "gradeAtStart", label: label("月初级别", "Grade at start"), kind: "text" },
    ...dayColumns,
    { key: "gradeAtEnd", label: label("月末级别", "Grade at end"), kind: "text" },
    { key: "plannedDays", label: label("计划", "Planned"), kind: "integer" },
    { key: "doneDays", label: label("实施", "Done"), kind: "integer" },
    { key: "missedDays", label: label("未实施", "Missed"), kind: "integer" }
  ]
  const rows = table.rows.map((r) => {
    const row: Record<string, ReportCell> = {
      cardId: r.cardId,
      customerId: r.customerId ?? null,
      phone: r.phone ?? null,
      source: r.source === undefined ? null : LeadSource.label(r.source, locale),
      model: r.modelOfInterest ?? null,
      gradeAtStart: r.gradeAtStart ?? null
    }
    for (const c of r.cells) {
      const text = `${c.grade ?? ""}${controlMarkSymbols[c.mark]}`
      row[`d${c.on.slice(8)}`] = text === "" ? null : text
    }
    row.gradeAtEnd = r.gradeAtEnd ?? null
    row.plannedDays = r.plannedDays
    row.doneDays = r.doneDays
    row.missedDays = r.missedDays
    return row
  })
  return {
    id: `progress-control-${table.consultantId}-${table.month}`,
    title: label(
      `有望客户进度管制表 ${table.consultantId} ${table.month}`,
      `Prospect progress control table ${table.consultantId} ${table.month}`
    ),
    columns,
    rows
  }
}

const daysColumns = (range: DayRange): ReadonlyArray<{ readonly on: CalendarDate }> => {
  const out: Array<{ on: CalendarDate }> = []
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) out.push({ on: d })
  return out
}
