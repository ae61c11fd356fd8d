/**
 * The daily business report (营业日报表): per consultant per day, the reception's walk-ins and
 * phone-ins (first and repeat visits), new cards by lead source and the carding rate (留档率),
 * contacts due / done / overdue, grade changes, test drives, orders, deliveries, defeats
 * requested / approved / rejected, referrals asked / registered — each count with the ids that
 * make it up and the rule that counted them, plus a store total per day. A pure function of the
 * day's report rows: no I/O, one linear pass.
 *
 * @module
 */

import { planWeekDays } from "../card/VisitPlan.js"
import { gradeRank } from "../grading/Grading.js"
import { addDays, type CalendarDate, fromDayNumber, toDayNumber } from "../kernel/CalendarDate.js"
import type { ConsultantId } from "../kernel/Ids.js"
import type { Label, Locale } from "../kernel/Label.js"
import { LeadSource } from "../kernel/LeadSource.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { Policy, SectionSource } from "../policy/Policy.js"
import type { DueSpan, ReportEvent, ReportReferral } from "./ReportRows.js"
import type { DayRange } from "./ReportSource.js"
import type { ReportColumn, ReportTable } from "./ReportTable.js"
import type { ShowroomVisit } from "./ShowroomVisit.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

const baseCounts = {
  walkInsFirst: { label: label("首次来店", "First walk-ins"), rule: "Visit log: walk-in, first visit" },
  walkInsRepeat: { label: label("再次来店", "Repeat walk-ins"), rule: "Visit log: walk-in, repeat visit" },
  phoneInsFirst: { label: label("首次来电", "First phone-ins"), rule: "Visit log: phone-in, first call" },
  phoneInsRepeat: { label: label("再次来电", "Repeat phone-ins"), rule: "Visit log: phone-in, repeat call" },
  newCards: { label: label("新建卡", "New cards"), rule: "CardOpened events of the day" },
  contactsDue: {
    label: label("应联系", "Contacts due"),
    rule: "Cards whose next due contact, at the start of the day, was on or before the day (the work list)"
  },
  contactsDone: { label: label("已联系", "Contacts done"), rule: "ContactLogged events of the day" },
  contactsOverdue: {
    label: label("逾期未联系", "Contacts overdue"),
    rule: "Cards due (contactsDue) with no contact logged that day"
  },
  gradeUps: {
    label: label("级别上升", "Grades raised"),
    rule: "ContactLogged or Regraded to a hotter grade than before"
  },
  gradeDowns: {
    label: label("级别下降", "Grades lowered"),
    rule: "ContactLogged or Regraded to a colder grade than before"
  },
  testDrives: {
    label: label("试驾", "Test drives"),
    rule: "CardOpened or ContactLogged whose evidence first shows a test drive done"
  },
  orders: { label: label("订单", "Orders"), rule: "OrderPlaced events" },
  deliveries: { label: label("交车", "Deliveries"), rule: "Delivered events" },
  defeatsRequested: { label: label("战败申请", "Defeats requested"), rule: "DefeatRequested events" },
  defeatsApproved: { label: label("战败批准", "Defeats approved"), rule: "DefeatApproved events" },
  defeatsRejected: { label: label("战败驳回", "Defeats rejected"), rule: "DefeatRejected events" },
  referralsAsked: {
    label: label("请求转介绍", "Referrals asked"),
    rule: "Deliveries (when reports.referralAskAtDelivery) and done care contacts whose step asks for referrals"
  },
  referralsRegistered: {
    label: label("转介绍登记", "Referrals registered"),
    rule: "Referral forms registered that day by the consultant"
  },
  plannedVisitsDone: {
    label: label("计划拜访完成", "Planned visits done"),
    rule: "Cards of the base-visit plan (VisitPlanned, PDCA) first contacted within their planned week, on that day"
  },
  plannedVisitsMissed: {
    label: label("计划拜访未完成", "Planned visits missed"),
    rule: "Cards of the base-visit plan not contacted in their planned week, on the week's last day"
  }
} as const

/**
 * The key of one count of the daily report: a base count, or the new cards of one lead source
 * (`newCards.walkIn`, …).
 *
 * @example
 * ```ts
 * import type { DailyCountKey } from "@jipan/core"
 * const k: DailyCountKey = "newCards.referral"
 * ```
 */
export type DailyCountKey = keyof typeof baseCounts | `newCards.${LeadSource}`

/**
 * Every count of the daily report in column order, with its label and the rule that counts it
 * (rule id `daily.<key>`).
 *
 * @example
 * ```ts
 * import { dailyCounts } from "@jipan/core"
 * dailyCounts.find((c) => c.key === "contactsDue")?.label["zh-CN"] // "应联系"
 * ```
 */
export const dailyCounts: ReadonlyArray<{
  readonly key: DailyCountKey
  readonly ruleId: string
  readonly label: Label
  readonly rule: string
}> = (() => {
  const out: Array<{ key: DailyCountKey; ruleId: string; label: Label; rule: string }> = []
  for (const [key, c] of Object.entries(baseCounts)) {
    out.push({ key: key as DailyCountKey, ruleId: `daily.${key}`, label: c.label, rule: c.rule })
    if (key === "newCards") {
      for (const source of LeadSource.values) {
        const l = LeadSource.labels[source]
        out.push({
          key: `newCards.${source}`,
          ruleId: `daily.newCards.${source}`,
          label: label(`新建卡-${l["zh-CN"]}`, `New cards: ${l.en}`),
          rule: `CardOpened events with lead source ${source}`
        })
      }
    }
  }
  return out
})()

const countKeys: ReadonlyArray<DailyCountKey> = dailyCounts.map((c) => c.key)

/**
 * One row of the daily report: a consultant (or, for a total, `undefined`) on a day, every count,
 * the carding rate (new walk-in cards ÷ first walk-ins; `null` without first walk-ins) and, per
 * count, the ids that make it up (card ids; visit ids for visit counts; referral ids for referral
 * registrations): each count is the length of its list.
 *
 * @example
 * ```ts
 * import type { DailyReportRow } from "@jipan/core"
 * const missed = (r: DailyReportRow) => r.evidence.contactsOverdue // the cards not contacted
 * ```
 */
export interface DailyReportRow {
  readonly on: CalendarDate
  readonly consultant: ConsultantId | undefined
  readonly counts: Readonly<Record<DailyCountKey, number>>
  readonly cardingRate: number | null
  readonly evidence: Readonly<Record<DailyCountKey, ReadonlyArray<string>>>
}

/**
 * The daily report of a range of days: a row per consultant per day (days ascending, then
 * consultant id), a store total per day, and the policy section it read.
 *
 * @example
 * ```ts
 * import type { DailyReport } from "@jipan/core"
 * const orders = (r: DailyReport) => r.totals.reduce((n, t) => n + t.counts.orders, 0)
 * ```
 */
export interface DailyReport {
  readonly range: DayRange
  readonly rows: ReadonlyArray<DailyReportRow>
  readonly totals: ReadonlyArray<DailyReportRow>
  readonly policy: { readonly reports: SectionSource; readonly care: SectionSource }
}

/**
 * What the daily report reads (what `ReportSource` answers for the range): the card events of
 * the range, the due spans in force at the start of its days, the visit log, the referral
 * registrations; and optionally consultants who get a row every day even when idle.
 *
 * @example
 * ```ts
 * import type { DailyReportInput } from "@jipan/core"
 * const input: DailyReportInput = { range, events: reportEvents, spans, visits: [], referrals: [] }
 * ```
 */
export interface DailyReportInput {
  readonly range: DayRange
  readonly events: ReadonlyArray<ReportEvent>
  readonly spans: ReadonlyArray<DueSpan>
  readonly visits: ReadonlyArray<ShowroomVisit>
  readonly referrals: ReadonlyArray<ReportReferral>
  readonly consultants?: ReadonlyArray<ConsultantId> | undefined
  /**
   * The base-visit plan's events (`VisitPlanned`, `VisitUnplanned`) and the contacts
   * (`ContactLogged`, `CareContactRecorded`) from before the range — from the first planned week
   * that reaches into it — for the plan-vs-done counts; without them those counts read only the
   * range's own events.
   */
  readonly planEvents?: ReadonlyArray<ReportEvent> | undefined
}

interface Acc {
  readonly on: CalendarDate
  readonly consultant: ConsultantId | undefined
  readonly evidence: Record<string, Array<string>>
}

const newAcc = (on: CalendarDate, consultant: ConsultantId | undefined): Acc => {
  const evidence: Record<string, Array<string>> = {}
  for (const k of countKeys) evidence[k] = []
  return { on, consultant, evidence }
}

const finish = (a: Acc): DailyReportRow => {
  const counts = {} as Record<DailyCountKey, number>
  for (const k of countKeys) counts[k] = (a.evidence[k] as Array<string>).length
  return {
    on: a.on,
    consultant: a.consultant,
    counts,
    cardingRate: counts.walkInsFirst === 0 ? null : counts["newCards.walkIn"] / counts.walkInsFirst,
    evidence: a.evidence as Record<DailyCountKey, ReadonlyArray<string>>
  }
}

/**
 * Computes the daily report from the rows of its range (see {@link DailyReportInput}) under a
 * policy (the `reports` section and the care cadence's referral asks). Rows outside the range
 * are ignored. Every count is defined in {@link dailyCounts}.
 *
 * @example
 * ```ts
 * import { dailyReport, defaultPolicy, CalendarDate } from "@jipan/core"
 * const day = CalendarDate.make("2026-11-22")
 * const report = dailyReport({ range: { from: day, to: day }, events: reportEvents, spans, visits, referrals }, defaultPolicy)
 * report.totals[0]?.counts.contactsDone
 * ```
 */
export const dailyReport = (input: DailyReportInput, policy: Policy): DailyReport => {
  const { range } = input
  const accs = new Map<string, Acc>()
  const acc = (on: CalendarDate, consultant: ConsultantId | undefined): Acc => {
    const k = `${on}\u0000${consultant ?? ""}`
    let a = accs.get(k)
    if (a === undefined) {
      a = newAcc(on, consultant)
      accs.set(k, a)
    }
    return a
  }
  const add = (on: CalendarDate, consultant: ConsultantId | undefined, key: DailyCountKey, id: string) => {
    ;(acc(on, consultant).evidence[key] as Array<string>).push(id)
  }
  const inRange = (d: CalendarDate) => range.from <= d && d <= range.to
  const askSteps = new Set(policy.care.cadence.filter((s) => s.askReferral).map((s) => s.id))
  const rank = (g: GradeId | undefined) => {
    if (g === undefined) return Number.POSITIVE_INFINITY
    const r = gradeRank(policy, g)
    return r < 0 ? Number.POSITIVE_INFINITY : r
  }
  // the cards contacted on each day, for contactsOverdue: store → day → card ids (no key strings,
  // so the span loop below stays cheap on 100,000 spans)
  const contacted = new Map<string, Map<CalendarDate, Set<string>>>()
  const markContacted = (storeId: string, on: CalendarDate, cardId: string) => {
    let byDay = contacted.get(storeId)
    if (byDay === undefined) {
      byDay = new Map()
      contacted.set(storeId, byDay)
    }
    let cards = byDay.get(on)
    if (cards === undefined) {
      cards = new Set()
      byDay.set(on, cards)
    }
    cards.add(cardId)
  }

  for (const r of input.events) {
    const e = r.event
    const on = e.on
    if (!inRange(on)) continue
    const id = r.cardId
    const who = r.owner
    switch (e._tag) {
      case "CardOpened":
        add(on, who, "newCards", id)
        add(on, who, `newCards.${e.source}`, id)
        if (e.evidence.testDriveDone === true && !r.testDriveBefore) add(on, who, "testDrives", id)
        break
      case "ContactLogged":
        add(on, who, "contactsDone", id)
        markContacted(r.tenant.storeId, on, id)
        if (e.evidence.testDriveDone === true && !r.testDriveBefore) add(on, who, "testDrives", id)
        if (r.gradeBefore !== undefined && e.grade !== r.gradeBefore)
          add(on, who, rank(e.grade) < rank(r.gradeBefore) ? "gradeUps" : "gradeDowns", id)
        break
      case "Regraded":
        if (r.gradeBefore !== undefined && e.grade !== r.gradeBefore)
          add(on, who, rank(e.grade) < rank(r.gradeBefore) ? "gradeUps" : "gradeDowns", id)
        break
      case "OrderPlaced":
        add(on, who, "orders", id)
        break
      case "Delivered":
        add(on, who, "deliveries", id)
        if (policy.reports.referralAskAtDelivery) add(on, who, "referralsAsked", id)
        break
      case "DefeatRequested":
        add(on, who, "defeatsRequested", id)
        break
      case "DefeatApproved":
        add(on, who, "defeatsApproved", id)
        break
      case "DefeatRejected":
        add(on, who, "defeatsRejected", id)
        break
      case "CareContactRecorded":
        if (e.outcome === "done" && askSteps.has(e.ruleId)) add(on, who, "referralsAsked", id)
        break
      default:
        break
    }
  }

  // plan vs done (PDCA): each card's planned weeks, as the plan stood when the week ended
  planVsDone(input, inRange, add)

  const fromDay = toDayNumber(range.from)
  const toDay = toDayNumber(range.to)
  // the accumulators of one owner by day offset, so a span finds its rows without key strings
  const byOwner = new Map<ConsultantId | undefined, Array<Acc | undefined>>()
  const ownerAcc = (owner: ConsultantId | undefined, dayNumber: number): Acc => {
    let days = byOwner.get(owner)
    if (days === undefined) {
      days = []
      byOwner.set(owner, days)
    }
    const i = dayNumber - fromDay
    let a = days[i]
    if (a === undefined) {
      a = acc(fromDayNumber(dayNumber), owner)
      days[i] = a
    }
    return a
  }
  for (const s of input.spans) {
    // the days d of the range whose start the span covers (startedOn < d <= endedOn) with due <= d
    let first = Math.max(fromDay, toDayNumber(s.startedOn) + 1, toDayNumber(s.due))
    const last = Math.min(toDay, s.endedOn === undefined ? toDay : toDayNumber(s.endedOn))
    if (first > last) continue
    const byDay = contacted.get(s.tenant.storeId)
    for (; first <= last; first++) {
      const a = ownerAcc(s.owner, first)
      ;(a.evidence.contactsDue as Array<string>).push(s.cardId)
      if (byDay?.get(a.on)?.has(s.cardId) !== true)
        (a.evidence.contactsOverdue as Array<string>).push(s.cardId)
    }
  }

  for (const v of input.visits) {
    if (!inRange(v.on)) continue
    const key: DailyCountKey =
      v.kind === "walkIn"
        ? v.ordinal === "first"
          ? "walkInsFirst"
          : "walkInsRepeat"
        : v.ordinal === "first"
          ? "phoneInsFirst"
          : "phoneInsRepeat"
    add(v.on, v.consultant, key, v.visitId)
  }

  for (const r of input.referrals) {
    if (inRange(r.registeredOn)) add(r.registeredOn, r.consultantId, "referralsRegistered", r.referralId)
  }

  if (input.consultants !== undefined) {
    for (let d = fromDay; d <= toDay; d++) for (const c of input.consultants) acc(fromDayNumber(d), c)
  }

  const rows = [...accs.values()]
    .sort((a, b) =>
      a.on < b.on
        ? -1
        : a.on > b.on
          ? 1
          : (a.consultant ?? "") < (b.consultant ?? "")
            ? -1
            : (a.consultant ?? "") > (b.consultant ?? "")
              ? 1
              : 0
    )
    .map(finish)

  // one pass over the rows (sorted by day), so the totals stay linear in the rows
  const totalsByDay = new Map<CalendarDate, Acc>()
  for (let d = fromDay; d <= toDay; d++)
    totalsByDay.set(fromDayNumber(d), newAcc(fromDayNumber(d), undefined))
  for (const row of rows) {
    const total = totalsByDay.get(row.on)
    if (total === undefined) continue
    for (const k of countKeys) {
      const into = total.evidence[k] as Array<string>
      for (const id of row.evidence[k]) into.push(id)
    }
  }
  const totals = [...totalsByDay.values()].map(finish)

  return { range, rows, totals, policy: { reports: policy.provenance.reports, care: policy.provenance.care } }
}

/**
 * Renders the daily report as a {@link ReportTable}: date, consultant, every count, the carding
 * rate; each day's consultant rows followed by that day's store total (consultant cell "合计" /
 * "Total" in `locale`, default zh-CN).
 *
 * @example
 * ```ts
 * import { dailyReport, dailyReportTable, defaultPolicy, type DailyReportInput } from "@jipan/core"
 * declare const input: DailyReportInput
 * dailyReportTable(dailyReport(input, defaultPolicy)).columns.length // 2 + 25 counts + 1
 * ```
 */
export const dailyReportTable = (
  report: DailyReport,
  options: { readonly locale?: Locale } = {}
): ReportTable => {
  const locale = options.locale ?? "zh-CN"
  const columns: Array<ReportColumn> = [
    { key: "on", label: label("日期", "Date"), kind: "date" },
    { key: "consultant", label: label("销售顾问", "Consultant"), kind: "text" },
    ...dailyCounts.map((c): ReportColumn => ({ key: c.key, label: c.label, kind: "integer" })),
    { key: "cardingRate", label: label("留档率", "Carding rate"), kind: "percent" }
  ]
  const toRow = (r: DailyReportRow, consultant: string) => {
    const row: Record<string, string | number | null> = { on: r.on, consultant }
    for (const k of countKeys) row[k] = r.counts[k]
    row.cardingRate = r.cardingRate
    return row
  }
  const rows: Array<Record<string, string | number | null>> = []
  let i = 0
  for (const total of report.totals) {
    for (; i < report.rows.length && (report.rows[i] as DailyReportRow).on === total.on; i++) {
      const r = report.rows[i] as DailyReportRow
      rows.push(toRow(r, r.consultant ?? (locale === "zh-CN" ? "(无顾问)" : "(no consultant)")))
    }
    rows.push(toRow(total, locale === "zh-CN" ? "合计" : "Total"))
  }
  return { id: "daily-report", title: label("营业日报表", "Daily business report"), columns, rows }
}

/** The days of a range, ascending (used by the reports that lay out one column or row per day). */
export const daysOf = (range: DayRange): ReadonlyArray<CalendarDate> => {
  const out: Array<CalendarDate> = []
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) out.push(d)
  return out
}

/**
 * The plan-vs-done counts: for each card's plan of a month (its latest `VisitPlanned` read, unless
 * a later `VisitUnplanned`), the planned week; a contact (a logged contact, a care contact done) on a
 * day of that week is the plan done, counted on the first such day; none by the week's last day is
 * the plan missed, counted on that day. Counted for the consultant who owned the card when planned.
 */
const planVsDone = (
  input: DailyReportInput,
  inRange: (d: CalendarDate) => boolean,
  add: (on: CalendarDate, consultant: ConsultantId | undefined, key: DailyCountKey, id: string) => void
): void => {
  const seen = new Set<string>()
  const rows: Array<ReportEvent> = []
  for (const r of [...(input.planEvents ?? []), ...input.events]) {
    const k = `${r.tenant.storeId}\u0000${r.cardId}\u0000${r.version}`
    if (seen.has(k)) continue
    seen.add(k)
    rows.push(r)
  }
  rows.sort((a, b) => a.event.at - b.event.at || a.version - b.version)
  const plans = new Map<
    string,
    { owner: ConsultantId | undefined; from: CalendarDate; to: CalendarDate } | undefined
  >()
  const contacts = new Map<string, Array<CalendarDate>>()
  for (const r of rows) {
    const card = `${r.tenant.storeId}\u0000${r.cardId}`
    const e = r.event
    if (e._tag === "VisitPlanned")
      plans.set(`${card}\u0000${e.month}`, { owner: r.owner, ...planWeekDays(e.month, e.week) })
    else if (e._tag === "VisitUnplanned") plans.set(`${card}\u0000${e.month}`, undefined)
    else if (e._tag === "ContactLogged" || (e._tag === "CareContactRecorded" && e.outcome === "done"))
      contacts.set(card, [...(contacts.get(card) ?? []), e.on])
  }
  for (const [key, plan] of plans) {
    if (plan === undefined) continue
    const card = key.slice(0, key.lastIndexOf("\u0000"))
    const cardId = card.slice(card.indexOf("\u0000") + 1)
    const within = (contacts.get(card) ?? []).filter((d) => plan.from <= d && d <= plan.to).sort()
    const first = within[0]
    if (first !== undefined) {
      if (inRange(first)) add(first, plan.owner, "plannedVisitsDone", cardId)
    } else if (inRange(plan.to)) add(plan.to, plan.owner, "plannedVisitsMissed", cardId)
  }
}
