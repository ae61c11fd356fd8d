/**
 * The supervisor's forms as report tables, read through the core's report use cases: the daily
 * business report (营业日报表), the prospect progress control table (有望客户进度管制表), the
 * customer card (客户信息卡) and the supervisor's findings. The CLI's `report` command and the
 * demo print or export these tables; the counts are the core's (the demo only groups findings).
 *
 * @module
 */
import {
  addDays,
  analyticsOf,
  analyticsTables,
  type CalendarDate,
  type CardId,
  CardStatus,
  type ConsultantId,
  type ControlRow,
  cardFormOf,
  controlMarkSymbols,
  controlTableOf,
  customerCardFormTables,
  dailyReportOf,
  dailyReportTable,
  defaultPolicy,
  type Finding,
  type FindingsReport,
  findingMessage,
  findingRules,
  findingsOf,
  type Label,
  LeadSource,
  type Locale,
  type Policy,
  type ProgressControlTable,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
  type Tenant,
  type YearMonth
} from "@jipan/core"
import { Effect } from "effect"

/**
 * The forms the CLI can print or export.
 *
 * @example
 * ```ts
 * const kind: FormKind = "daily"
 * ```
 */
export type FormKind = "daily" | "control" | "card" | "findings" | "analytics"

/**
 * The daily business report of one day (or a range), the whole store or one consultant: one
 * table, each day's consultant rows followed by the store total.
 *
 * @example
 * ```ts
 * const [daily] = yield* dailyTables(DEMO_TENANT, { from: "2026-03-30" as CalendarDate }, "zh-CN")
 * ```
 */
export const dailyTables = (
  tenant: Tenant,
  query: { readonly from: CalendarDate; readonly to?: CalendarDate; readonly consultantId?: ConsultantId },
  locale: Locale
) =>
  Effect.map(
    dailyReportOf(
      { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId },
      {
        from: query.from,
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.consultantId === undefined ? {} : { consultantId: query.consultantId })
      }
    ),
    (report): ReadonlyArray<ReportTable> => [dailyReportTable(report, { locale })]
  )

/**
 * The control table of a consultant and month, read as of a day (later days show the plan).
 *
 * @example
 * ```ts
 * const table = yield* controlTable(DEMO_TENANT, { consultantId, month: YearMonth.make("2026-03") })
 * ```
 */
export const controlTable = (
  tenant: Tenant,
  query: { readonly consultantId: ConsultantId; readonly month: YearMonth; readonly asOf?: CalendarDate }
): Effect.Effect<ProgressControlTable, unknown, Effect.Services<ReturnType<typeof controlTableOf>>> =>
  controlTableOf(tenant, {
    consultantId: query.consultantId,
    month: query.month,
    ...(query.asOf === undefined ? {} : { asOf: query.asOf })
  })

/**
 * One row's contacts in plan-versus-actual terms, each planned contact counted once (not once per
 * day it stays open): `planned` = `onTime` + `late` + `missed` up to the day the table is read;
 * `upcoming` are planned after it; `extra` are contacts made when none was due.
 *
 * @example
 * ```ts
 * const c = controlCounts(row, "2026-03-30" as CalendarDate)
 * c.planned === c.onTime + c.late + c.missed // true
 * ```
 */
export interface ControlCounts {
  readonly planned: number
  readonly onTime: number
  readonly late: number
  readonly missed: number
  readonly upcoming: number
  readonly extra: number
}

/**
 * Counts a control-table row by planned contact: each due date the row shows up to `asOf` is one
 * planned contact, done on its day (on time), done later (late) or not done (missed).
 *
 * @example
 * ```ts
 * controlCounts(table.rows[0], table.asOf).planned
 * ```
 */
export const controlCounts = (row: ControlRow, asOf: CalendarDate): ControlCounts => {
  const due = new Set<string>()
  let onTime = 0
  let late = 0
  let upcoming = 0
  let extra = 0
  const done = new Set<string>()
  for (const c of row.cells) {
    if (c.on > asOf) {
      if (c.planned) upcoming++
      continue
    }
    if (c.mark === "extra") extra++
    if (c.dueOn === undefined || !c.due) continue
    due.add(c.dueOn)
    if (c.mark === "done" && !done.has(c.dueOn)) {
      done.add(c.dueOn)
      if (c.dueOn === c.on) onTime++
      else late++
    }
  }
  return { planned: due.size, onTime, late, missed: due.size - done.size, upcoming, extra }
}

const label = (zh: string, en: string) => ({ "zh-CN": zh, en })

/**
 * The control table as the showroom prints and exports it: the card, its consultant, customer, phone, source,
 * model, the grade at the start, a column per day (the grade after the day and its mark: ✓ done,
 * ✗ missed, ! overdue, + extra, ○ planned), the grade and status at the end, and the contacts
 * counted by planned contact ({@link controlCounts}) so that the plan and what was done add up.
 *
 * @example
 * ```ts
 * const view = controlView(table, "zh-CN")
 * view.columns.map((c) => c.key).includes("planned") // true
 * ```
 */
export const controlView = (
  table: ProgressControlTable,
  locale: Locale,
  rows: ReadonlyArray<ControlRow> = table.rows
): ReportTable => {
  const days: Array<CalendarDate> = []
  for (let d = table.range.from; d <= table.range.to; d = addDays(d, 1)) days.push(d)
  const columns: Array<ReportColumn> = [
    { key: "cardId", label: label("卡号", "Card"), kind: "text" },
    // whose prospects: the owner core's masking reads (a consultant sees their own customers)
    { key: "consultant", label: label("销售顾问", "Consultant"), kind: "text" },
    { key: "customerId", label: label("客户", "Customer"), kind: "text" },
    { key: "phone", label: label("电话", "Phone"), kind: "text" },
    { key: "source", label: label("来源", "Source"), kind: "text" },
    { key: "model", label: label("意向车型", "Model of interest"), kind: "text" },
    { key: "gradeAtStart", label: label("月初级别", "Grade at start"), kind: "text" },
    ...days.map(
      (d): ReportColumn => ({
        key: `d${d.slice(8)}`,
        label: label(`${Number(d.slice(8))}日`, String(Number(d.slice(8)))),
        kind: "text"
      })
    ),
    { key: "gradeAtEnd", label: label("月末级别", "Grade at end"), kind: "text" },
    { key: "status", label: label("状态", "Status"), kind: "text" },
    { key: "planned", label: label("计划", "Planned"), kind: "integer" },
    { key: "onTime", label: label("按时", "On time"), kind: "integer" },
    { key: "late", label: label("补做", "Late"), kind: "integer" },
    { key: "missed", label: label("未实施", "Missed"), kind: "integer" },
    { key: "upcoming", label: label("待联系", "Upcoming"), kind: "integer" },
    { key: "extra", label: label("计划外", "Extra"), kind: "integer" }
  ]
  return {
    id: `progress-control-${table.consultantId}-${table.month}`,
    title: label(
      `有望客户进度管制表 ${table.consultantId} ${table.month}`,
      `Prospect progress control table ${table.consultantId} ${table.month}`
    ),
    columns,
    rows: rows.map((r) => {
      const row: Record<string, ReportCell> = {
        cardId: r.cardId,
        consultant: table.consultantId,
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
      row.status = CardStatus.label(r.statusAtEnd, locale)
      const counts = controlCounts(r, table.asOf)
      row.planned = counts.planned
      row.onTime = counts.onTime
      row.late = counts.late
      row.missed = counts.missed
      row.upcoming = counts.upcoming
      row.extra = counts.extra
      return row
    })
  }
}

/**
 * The control table as a report table ({@link controlView}).
 *
 * @example
 * ```ts
 * const [control] = yield* controlViewTables(DEMO_TENANT, { consultantId, month }, "en")
 * ```
 */
export const controlViewTables = (
  tenant: Tenant,
  query: { readonly consultantId: ConsultantId; readonly month: YearMonth; readonly asOf?: CalendarDate },
  locale: Locale
) =>
  Effect.map(controlTable(tenant, query), (table): ReadonlyArray<ReportTable> => [controlView(table, locale)])

/**
 * The customer card's front and back.
 *
 * @example
 * ```ts
 * const [front, back] = yield* cardTables(DEMO_TENANT, CardId.make("card-0001"), "zh-CN")
 * ```
 */
export const cardTables = (tenant: Tenant, cardId: CardId, locale: Locale) =>
  Effect.map(cardFormOf(tenant, cardId), (form) => customerCardFormTables(form, { locale }))

/**
 * The supervisor's findings on a day, over a window of events and visits (`from`, default `on`).
 *
 * @example
 * ```ts
 * const report = yield* findingsReport(DEMO_TENANT, { on: "2026-03-31" as CalendarDate })
 * ```
 */
export const findingsReport = (
  tenant: Tenant,
  query: { readonly on: CalendarDate; readonly from?: CalendarDate }
): Effect.Effect<FindingsReport, unknown, Effect.Services<ReturnType<typeof findingsOf>>> =>
  findingsOf(
    { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId },
    { on: query.on, ...(query.from === undefined ? {} : { from: query.from }) }
  )

/**
 * The label of an owned-customer care step by its rule id (`care.thankYou` → 交车次日感谢电话),
 * from the default policy's cadence, periodic call, reminders and greetings; the id itself when
 * unknown.
 *
 * @example
 * ```ts
 * careLabel("care.day7")["zh-CN"] // "送交车照片并请求转介绍"
 * ```
 */
export const careLabel = (ruleId: string, policy: Policy = defaultPolicy): Label => {
  const care = policy.care
  const fixed: Record<string, Label> = {
    "care.firstMaintenance": { "zh-CN": "首保提醒", en: "First maintenance reminder" },
    "care.insuranceRenewal": { "zh-CN": "续保提醒", en: "Insurance renewal" },
    "care.annualInspection": { "zh-CN": "年检提醒", en: "Annual inspection" },
    "care.birthday": { "zh-CN": "生日问候", en: "Birthday greeting" }
  }
  return (
    care.cadence.find((s) => s.id === ruleId)?.purpose ??
    (care.periodic.id === ruleId ? care.periodic.purpose : undefined) ??
    care.festivals.find((f) => f.id === ruleId)?.label ??
    fixed[ruleId] ?? { "zh-CN": ruleId, en: ruleId }
  )
}

/**
 * The findings as a report table, in words: the severity, the check, the store, the consultant,
 * the cards or visits, the message (care steps by their purpose, 交车次日感谢电话, not their ids),
 * the rule id in its own column (with the care step's id), and the inputs the rule read.
 *
 * @example
 * ```ts
 * findingsDetail(report.findings, "zh-CN").columns.map((c) => c.key).includes("ruleId") // true
 * ```
 */
export const findingsDetail = (findings: ReadonlyArray<Finding>, locale: Locale): ReportTable => {
  const severity: Record<Finding["severity"], Label> = {
    critical: { "zh-CN": "严重", en: "Critical" },
    warning: { "zh-CN": "警告", en: "Warning" },
    info: { "zh-CN": "提示", en: "Info" }
  }
  return {
    id: "findings",
    title: label("主管检查发现", "Supervisor findings"),
    columns: [
      { key: "severity", label: label("严重度", "Severity"), kind: "text" },
      { key: "rule", label: label("检查项", "Check"), kind: "text" },
      { key: "store", label: label("门店", "Store"), kind: "text" },
      { key: "consultant", label: label("销售顾问", "Consultant"), kind: "text" },
      { key: "subjects", label: label("客户卡/登记", "Cards / visits"), kind: "text" },
      { key: "message", label: label("说明", "Message"), kind: "text" },
      { key: "ruleId", label: label("规则编号", "Rule id"), kind: "text" },
      { key: "inputs", label: label("依据", "Inputs"), kind: "text" }
    ],
    rows: findings.map((f): Record<string, ReportCell> => {
      const step = typeof f.inputs.careStep === "string" ? f.inputs.careStep : undefined
      const worded =
        step === undefined ? f : { ...f, inputs: { ...f.inputs, careStep: careLabel(step)[locale] } }
      return {
        severity: severity[f.severity][locale],
        rule: findingRules[f.ruleId][locale],
        store: f.tenant.storeId,
        consultant: f.consultant ?? null,
        subjects: [...f.cardIds, ...f.visitIds].join(" "),
        message: findingMessage(worded)[locale],
        ruleId: step === undefined ? f.ruleId : `${f.ruleId} ${step}`,
        inputs: Object.entries(f.inputs)
          .map(([k, v]) => `${k}=${v}`)
          .join("; ")
      }
    })
  }
}

/**
 * The findings as a report table ({@link findingsDetail}).
 *
 * @example
 * ```ts
 * const [findings] = yield* findingsTables(DEMO_TENANT, { on, from }, "en")
 * ```
 */
export const findingsTables = (
  tenant: Tenant,
  query: { readonly on: CalendarDate; readonly from?: CalendarDate },
  locale: Locale
) =>
  Effect.map(
    findingsReport(tenant, query),
    (report): ReadonlyArray<ReportTable> => [findingsDetail(report.findings, locale)]
  )

/**
 * The dealer analytics of a range of days: the funnel by lead source, deals by source, follow-up
 * effectiveness, defeat reasons and referral chains, one table each.
 *
 * @example
 * ```ts
 * const tables = yield* analyticsTablesOf(DEMO_TENANT, { from, to } as DayRange, "zh-CN")
 * ```
 */
export const analyticsTablesOf = (
  tenant: Tenant,
  range: { readonly from: CalendarDate; readonly to: CalendarDate },
  locale: Locale
) =>
  Effect.map(analyticsOf({ dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }, range), (a) =>
    analyticsTables(a, { locale })
  )

/**
 * A narrower view of a report table for the terminal: only the given columns (in the table's
 * order) and at most `maxRows` rows. The exports always write the whole table.
 *
 * @example
 * ```ts
 * narrow(table, (key) => key !== "phone", 10).rows.length // at most 10
 * ```
 */
export const narrow = (
  table: ReportTable,
  keep: (key: string) => boolean,
  maxRows = Number.POSITIVE_INFINITY
): ReportTable => ({
  ...table,
  columns: table.columns.filter((c) => keep(c.key)),
  rows: table.rows.slice(0, maxRows)
})
