/**
 * The supervisor's forms as report tables, read through the core's report use cases: the daily
 * business report (营业日报表), the prospect progress control table (有望客户进度管制表), the
 * customer card (客户信息卡) and the supervisor's findings. The CLI's `report` command and the
 * demo print or export these tables; the counts are the core's (the demo only groups findings).
 *
 * @module
 */
import {
  analyticsOf,
  analyticsTables,
  type CalendarDate,
  type CardId,
  type ConsultantId,
  cardFormOf,
  controlTableOf,
  customerCardFormTables,
  dailyReportOf,
  dailyReportTable,
  type FindingsReport,
  findingsOf,
  findingsTable,
  type Locale,
  type ProgressControlTable,
  progressControlReportTable,
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
 * The control table as a report table.
 *
 * @example
 * ```ts
 * const [control] = yield* controlTables(DEMO_TENANT, { consultantId, month }, "en")
 * ```
 */
export const controlTables = (
  tenant: Tenant,
  query: { readonly consultantId: ConsultantId; readonly month: YearMonth; readonly asOf?: CalendarDate },
  locale: Locale
) =>
  Effect.map(
    controlTable(tenant, query),
    (table): ReadonlyArray<ReportTable> => [progressControlReportTable(table, { locale })]
  )

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
 * The findings as a report table (one row per finding, with the rule and the inputs it read).
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
    (report): ReadonlyArray<ReportTable> => [findingsTable(report, { locale })]
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
