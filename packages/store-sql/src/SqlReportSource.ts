/**
 * The report source on an effect/sql `SqlClient`: the report tables an append fills (events, due
 * spans, card facts, referrals), the showroom visit log, and card histories by the batch. Rows are
 * ordered by code point, as the in-memory store orders them.
 *
 * @since 0.2.0
 */
import {
  type CardEvent,
  type CardHistory,
  CardId,
  cardKeyLimit,
  ERASED_PHONE,
  type FindingsFactFilter,
  ReportSource,
  ShowroomVisit
} from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import type { Fragment } from "effect/sql/Statement"
import { incompleteHistory, pushEvent } from "./CardHistoryRows.js"
import {
  CardFactsBody,
  CardFactsRow,
  cardFactsOfBody,
  cardFactsOfRow,
  DueSpanBody,
  DueSpanRow,
  dueSpanOf,
  dueSpanOfRow,
  ReportEventBody,
  ReportEventRow,
  ReportReferralRow,
  reportEventOf,
  reportEventOfRow,
  reportReferralOfRow
} from "./ReportRowsRead.js"
import { decodeRow, decodeRows, scopedRows, tenantFields, tenantOf } from "./RowDecoding.js"
import { byText, optionalWhere, tenantWhere } from "./SqlFragments.js"
import { orStoreError } from "./StoreErrors.js"

const reportEventRows = scopedRows(
  ReportEventRow,
  ReportEventBody,
  "report event",
  reportEventOfRow,
  reportEventOf
)
const dueSpanRows = scopedRows(DueSpanRow, DueSpanBody, "due span", dueSpanOfRow, dueSpanOf)
const decodeCardKeys = decodeRows(Schema.Struct({ ...tenantFields, card_id: CardId }), "card key", "card_id")
const cardFactsRows = scopedRows(CardFactsRow, CardFactsBody, "card facts", cardFactsOfRow, cardFactsOfBody)
const decodeReportReferralRows = decodeRows(ReportReferralRow, "report referral", "referral_id")
const VisitRow = Schema.Struct({ visit_id: Schema.String, visit: ShowroomVisit })
const decodeVisitRows = decodeRows(VisitRow, "showroom visit", "visit_id")
const HistoryRow = Schema.Struct({
  card_id: CardId,
  card_version: Schema.Int,
  version: Schema.Int,
  event: Schema.Unknown
})
const decodeHistoryRow = decodeRow(HistoryRow, "card event", "card_id")

/**
 * `factMayRaiseFinding` as a condition on the facts' generated columns (migration 8): the same
 * rules, clause for clause, as flat alternatives that each match a partial index, so that the
 * database unions a few index scans instead of reading every open card. Dates are ISO strings,
 * so text order is date order.
 */
const mayRaiseFindings = (sql: SqlClient.SqlClient, f: FindingsFactFilter): Fragment => {
  const open = sql.literal("status IN ('prospect', 'ordered')")
  const arms: Array<Fragment> = [
    sql`(${open} AND next_contact_due < ${f.dueBefore})`,
    sql`(${open} AND next_contact_due IS NOT NULL AND last_contact_on IS NOT NULL AND agreed_next_contact_on IS NULL)`,
    ...f.gradeSinceBefore.map(
      (g) => sql`(status = 'prospect' AND grade = ${g.grade} AND grade_since < ${g.before})`
    ),
    sql`(status = 'prospect' AND grade IS NOT NULL AND grade_since <= ${f.staleSinceOnOrBefore}
      AND last_contact_on > grade_since)`,
    sql`(status = 'defeatRequested' AND status_since < ${f.defeatRequestedBefore})`,
    ...(f.dueOn === undefined ? [] : [sql`(${open} AND next_contact_due = ${f.dueOn})`]),
    ...(f.visitPlanOverBefore === undefined
      ? []
      : [
          sql`(planned_to IS NOT NULL AND planned_to < ${f.visitPlanOverBefore}
            AND (last_reached_on IS NULL OR last_reached_on < planned_from))`
        ]),
    ...(f.complaintOpenBefore === undefined
      ? []
      : [sql`(open_complaint_since IS NOT NULL AND open_complaint_since < ${f.complaintOpenBefore})`])
  ]
  if (f.phones.length > 0)
    arms.push(sql`phone = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(f.phones)}::jsonb)))`)
  return sql`(${sql.or(arms)})`
}
/**
 * The report source on a `SqlClient` (the tables must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): ReportSource["Service"] =>
  ReportSource.of({
    eventsOn: (scope, range, options) =>
      Effect.gen(function* () {
        if (options?.kinds?.length === 0 || options?.cardIds?.length === 0) return []
        const rows =
          yield* sql`SELECT ${sql.literal(reportEventRows.tenantColumns(scope))}card_id, version, owner_id,
            report
          FROM jipan_report_events
          WHERE ${tenantWhere(sql, scope)} AND on_date BETWEEN ${range.from}::date AND ${range.to}::date
            ${optionalWhere(sql, "owner_id", options?.owner)}
            ${options?.kinds === undefined ? sql.literal("") : sql`AND ${sql.in("event_type", options.kinds)}`}
            ${options?.cardIds === undefined ? sql.literal("") : sql`AND card_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(options.cardIds)}::jsonb))`}
          ORDER BY ${sql.literal(byText("store_id"))}, ${sql.literal(byText("card_id"))}, version`
        return yield* reportEventRows.decode(scope, rows)
      }).pipe(orStoreError()),

    // in force at the start of a day of the range (see ReportSource): started before its last
    // day, and not ended before its first nor on the day it started
    dueSpans: (scope, range, options) =>
      Effect.gen(function* () {
        const rows =
          yield* sql`SELECT ${sql.literal(dueSpanRows.tenantColumns(scope))}card_id, started_version,
            started_on::text AS started_on, ended_on::text AS ended_on, owner_id, due::text AS due
          FROM jipan_due_spans
          WHERE ${tenantWhere(sql, scope)} AND started_on < ${range.to}::date
            AND (ended_on IS NULL OR (ended_on >= ${range.from}::date AND ended_on > started_on))
            ${optionalWhere(sql, "owner_id", options?.owner)}
            ${options?.dueOnOrBefore === undefined ? sql.literal("") : sql`AND due <= ${options.dueOnOrBefore}::date`}
          ORDER BY ${sql.literal(byText("store_id"))}, ${sql.literal(byText("card_id"))}, started_version`
        return yield* dueSpanRows.decode(scope, rows)
      }).pipe(orStoreError()),

    // bounded by each card row's version, as a card store load is
    histories: (tenant, cardIds) =>
      Effect.gen(function* () {
        const wanted = [...new Set(cardIds)]
        if (wanted.length === 0) return []
        const rows = yield* sql`SELECT e.card_id, c.version AS card_version, e.version, e.event
          FROM jipan_card_events e JOIN jipan_cards c
            ON c.dealer_group_id = e.dealer_group_id AND c.store_id = e.store_id AND c.card_id = e.card_id
          WHERE e.dealer_group_id = ${tenant.dealerGroupId} AND e.store_id = ${tenant.storeId}
            -- one array evaluated once, then index look-ups: an IN (SELECT …) was planned as a scan
            -- of the store's events when the table's statistics were missing (after a bulk import)
            AND e.card_id = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb)))
            AND e.version <= c.version
          ORDER BY e.card_id, e.version`
        const histories = new Map<string, { version: number; history: Array<CardEvent> }>()
        for (const raw of rows) {
          const row = yield* decodeHistoryRow(raw)
          const entry = histories.get(row.card_id) ?? { version: row.card_version, history: [] }
          histories.set(row.card_id, entry)
          const problem = pushEvent(entry.history, row.card_id, row.version, row.event)
          if (problem !== undefined) return yield* problem
        }
        const out: Array<CardHistory> = []
        for (const cardId of wanted) {
          const entry = histories.get(cardId)
          if (entry === undefined) continue
          const problem = incompleteHistory(cardId, entry.version, entry.history)
          if (problem !== undefined) return yield* problem
          out.push({ tenant, cardId, history: entry.history })
        }
        return out
      }).pipe(orStoreError()),

    // keyset paging in code-point order on the migration 11 index, so a page costs the same at the
    // end of a group as at its start
    cardKeys: (scope, page) =>
      Effect.gen(function* () {
        const after = page.after
        const rows = yield* sql`SELECT dealer_group_id, store_id, card_id
          FROM jipan_card_facts
          WHERE ${tenantWhere(sql, scope)}
            ${
              after === undefined
                ? sql.literal("")
                : sql`AND (${sql.literal(byText("store_id"))} > ${after.storeId}
                  OR (store_id = ${after.storeId} AND ${sql.literal(byText("card_id"))} > ${after.cardId}))`
            }
          ORDER BY ${sql.literal(byText("store_id"))}, ${sql.literal(byText("card_id"))}
          LIMIT ${cardKeyLimit(page)}`
        return yield* decodeCardKeys(rows, (r) => ({ tenant: tenantOf(r), cardId: r.card_id }))
      }).pipe(orStoreError()),

    cardFacts: (scope, options) =>
      Effect.gen(function* () {
        if (options?.statuses !== undefined && options.statuses.length === 0) return []
        const rows =
          yield* sql`SELECT ${sql.literal(cardFactsRows.tenantColumns(scope))}card_id, version, status,
            owner_id, facts
          FROM jipan_card_facts
          WHERE ${tenantWhere(sql, scope)}
            ${options?.statuses === undefined ? sql.literal("") : sql`AND ${sql.in("status", options.statuses)}`}
            ${optionalWhere(sql, "owner_id", options?.owner)}
            ${options?.mayRaiseFindings === undefined ? sql.literal("") : sql`AND ${mayRaiseFindings(sql, options.mayRaiseFindings)}`}
            ${options?.dueBefore === undefined ? sql.literal("") : sql`AND next_contact_due < ${options.dueBefore}`}
            ${options?.statusSinceOnOrBefore === undefined ? sql.literal("") : sql`AND status_since <= ${options.statusSinceOnOrBefore}`}
            ${options?.erased === false ? sql`AND phone IS DISTINCT FROM ${ERASED_PHONE}` : sql.literal("")}
          ORDER BY ${sql.literal(byText("store_id"))}, ${sql.literal(byText("card_id"))}`
        return yield* cardFactsRows.decode(scope, rows)
      }).pipe(orStoreError()),

    // idempotent by (tenant, visit id): the first entry stays, in the database and in a batch;
    // but the stored entry given again without its phone (an erasure: erasePerson records the
    // visits it read back, minus the phone) replaces it, so the visit keeps its count, not the phone
    recordVisits: (visits) =>
      Effect.gen(function* () {
        const seen = new Set<string>()
        const rows = visits.flatMap((v) => {
          const k = `${v.tenant.dealerGroupId}\u0000${v.tenant.storeId}\u0000${v.visitId}`
          if (seen.has(k)) return []
          seen.add(k)
          return [
            {
              dealer_group_id: v.tenant.dealerGroupId,
              store_id: v.tenant.storeId,
              visit_id: v.visitId,
              at: v.at,
              on_date: v.on,
              consultant_id: v.consultant,
              visit: v
            }
          ]
        })
        if (rows.length === 0) return
        yield* sql`INSERT INTO jipan_showroom_visits (dealer_group_id, store_id, visit_id, at, on_date, consultant_id,
            visit)
          SELECT dealer_group_id, store_id, visit_id, at, on_date, consultant_id, visit
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(dealer_group_id text, store_id text,
            visit_id text, at double precision, on_date date, consultant_id text, visit jsonb)
          ON CONFLICT (dealer_group_id, store_id, visit_id) DO UPDATE SET visit = EXCLUDED.visit
            WHERE jipan_showroom_visits.visit->'phone' IS NOT NULL AND EXCLUDED.visit->'phone' IS NULL
              AND jipan_showroom_visits.visit - 'phone' = EXCLUDED.visit`
      }).pipe(orStoreError()),

    visitsOn: (scope, range, options) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT visit_id, visit FROM jipan_showroom_visits
          WHERE ${tenantWhere(sql, scope)} AND on_date BETWEEN ${range.from}::date AND ${range.to}::date
            ${optionalWhere(sql, "consultant_id", options?.consultant)}
            ${optionalWhere(sql, "visit->>'phone'", options?.phone)}
          ORDER BY at, ${sql.literal(byText("visit_id"))}, ${sql.literal(byText("store_id"))}`
        return yield* decodeVisitRows(rows, (v) => v.visit)
      }).pipe(orStoreError()),

    referralsOn: (scope, range, options) =>
      Effect.gen(function* () {
        const rows =
          yield* sql`SELECT dealer_group_id, store_id, referral_id, registered_on::text AS registered_on,
            consultant_id, report
          FROM jipan_report_referrals
          WHERE ${tenantWhere(sql, scope)} AND registered_on BETWEEN ${range.from}::date AND ${range.to}::date
            ${optionalWhere(sql, "consultant_id", options?.consultant)}
          ORDER BY registered_on, ${sql.literal(byText("referral_id"))}, ${sql.literal(byText("store_id"))}`
        return yield* decodeReportReferralRows(rows, reportReferralOfRow)
      }).pipe(orStoreError())
  })
