/**
 * The supervisor's reply form (主管回复表): the complaints of a window, each with what the customer
 * said, the steps taken, and the supervisor's reply (the resolution) with whether the customer was
 * satisfied; open ones with the days they have been open. Read from the cards' complaints.
 *
 * @module
 */
import type { CardState } from "../card/CardState.js"
import { ComplaintCategory, ComplaintSeverity } from "../card/Complaint.js"
import { type CalendarDate, daysBetween } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import type { Label, Locale } from "../kernel/Label.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { ReportTable } from "./ReportTable.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * One complaint on the form.
 *
 * @example
 * ```ts
 * import type { ComplaintReplyRow } from "@jipan/core"
 * const late = (r: ComplaintReplyRow) => r.resolvedOn === undefined && r.daysOpen > 3
 * ```
 */
export interface ComplaintReplyRow {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly consultant: ConsultantId | undefined
  readonly complaintId: string
  readonly recordedOn: CalendarDate
  readonly category: ComplaintCategory
  readonly severity: ComplaintSeverity
  readonly words: string
  readonly steps: ReadonlyArray<string>
  readonly resolvedOn: CalendarDate | undefined
  readonly reply: string | undefined
  readonly satisfied: boolean | undefined
  /** Days from recording to the resolution, or to the form's last day while open. */
  readonly daysOpen: number
}

/**
 * The form for the days `from`..`to`: every complaint recorded in the window, and every one
 * recorded before it and still open at its start, by recording day then card.
 *
 * @example
 * ```ts
 * import { complaintReplyForm, CalendarDate } from "@jipan/core"
 * declare const cards: ReadonlyArray<{ tenant: import("@jipan/core").Tenant; cardId: import("@jipan/core").CardId; state: import("@jipan/core").CardState }>
 * complaintReplyForm(cards, CalendarDate.make("2026-11-01"), CalendarDate.make("2026-11-30")).length
 * ```
 */
export const complaintReplyForm = (
  cards: ReadonlyArray<{ readonly tenant: Tenant; readonly cardId: CardId; readonly state: CardState }>,
  from: CalendarDate,
  to: CalendarDate
): ReadonlyArray<ComplaintReplyRow> => {
  const rows: Array<ComplaintReplyRow> = []
  for (const { tenant, cardId, state } of cards)
    for (const c of state.complaints) {
      const inWindow = c.recordedOn >= from && c.recordedOn <= to
      const openBefore = c.recordedOn < from && (c.resolvedOn === undefined || c.resolvedOn >= from)
      if (!inWindow && !openBefore) continue
      const closed = c.resolvedOn !== undefined && c.resolvedOn <= to
      rows.push({
        tenant,
        cardId,
        consultant: state.owner,
        complaintId: c.complaintId,
        recordedOn: c.recordedOn,
        category: c.category,
        severity: c.severity,
        words: c.words,
        steps: c.steps.filter((s) => s.on <= to).map((s) => `${s.on} ${s.step}`),
        resolvedOn: closed ? c.resolvedOn : undefined,
        reply: closed ? c.resolution : undefined,
        satisfied: closed ? c.satisfied : undefined,
        daysOpen: daysBetween(c.recordedOn, closed && c.resolvedOn !== undefined ? c.resolvedOn : to)
      })
    }
  return rows.sort((a, b) =>
    a.recordedOn !== b.recordedOn
      ? a.recordedOn < b.recordedOn
        ? -1
        : 1
      : a.cardId < b.cardId
        ? -1
        : a.cardId > b.cardId
          ? 1
          : a.complaintId < b.complaintId
            ? -1
            : 1
  )
}

/**
 * The form as a {@link ReportTable}.
 *
 * @example
 * ```ts
 * import { complaintReplyTable, type ComplaintReplyRow } from "@jipan/core"
 * declare const rows: ReadonlyArray<ComplaintReplyRow>
 * complaintReplyTable(rows, { locale: "zh-CN" }).title["zh-CN"] // "主管回复表"
 * ```
 */
export const complaintReplyTable = (
  rows: ReadonlyArray<ComplaintReplyRow>,
  options: { readonly locale?: Locale } = {}
): ReportTable => {
  const locale = options.locale ?? "zh-CN"
  const yes = label("满意", "Satisfied")[locale]
  const no = label("不满意", "Not satisfied")[locale]
  return {
    id: "complaintReplies",
    title: label("主管回复表", "Supervisor's complaint replies"),
    columns: [
      { key: "recordedOn", label: label("投诉日期", "Recorded"), kind: "date" },
      { key: "cardId", label: label("客户卡", "Card"), kind: "text" },
      { key: "consultant", label: label("销售顾问", "Consultant"), kind: "text" },
      { key: "category", label: label("类别", "Category"), kind: "text" },
      { key: "severity", label: label("程度", "Severity"), kind: "text" },
      { key: "words", label: label("客户原话", "In the customer's words"), kind: "text" },
      { key: "steps", label: label("处理过程", "Steps"), kind: "text" },
      { key: "reply", label: label("主管回复", "Supervisor's reply"), kind: "text" },
      { key: "resolvedOn", label: label("结案日期", "Resolved"), kind: "date" },
      { key: "satisfied", label: label("客户评价", "Customer"), kind: "text" },
      { key: "daysOpen", label: label("处理天数", "Days open"), kind: "integer" }
    ],
    rows: rows.map((r) => ({
      recordedOn: r.recordedOn,
      cardId: r.cardId,
      consultant: r.consultant ?? null,
      category: ComplaintCategory.label(r.category, locale),
      severity: ComplaintSeverity.label(r.severity, locale),
      words: r.words,
      steps: r.steps.join("; "),
      reply: r.reply ?? null,
      resolvedOn: r.resolvedOn ?? null,
      satisfied: r.satisfied === undefined ? null : r.satisfied ? yes : no,
      daysOpen: r.daysOpen
    }))
  }
}
