/**
 * The card store on an effect/sql `SqlClient`: cards with their history, the report rows and care
 * contacts an append writes with them, the work list and the care list. An append checks the
 * expected version with a conditional write (a stale version fails with `VersionConflict` and
 * writes nothing); a load reads the history up to the card row's version.
 *
 * @since 0.1.0
 */
import {
  CalendarDate,
  type CardAppend,
  type CardEvent,
  CardId,
  type CardRewrite,
  type CardState,
  CardStatus,
  CardStore,
  type CardSummary,
  type CareContact,
  type CareContactDue,
  ConsultantId,
  CustomerId,
  claimingStatuses,
  ERASED_PHONE,
  foldCard,
  GradeId,
  IntentType,
  LeadSource,
  openCardStatuses,
  type PhoneCard,
  PhoneNumber,
  pageLimit,
  type Tenant,
  VersionConflict
} from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { incompleteHistory, pushEvent } from "./CardHistoryRows.js"
import { reportRecords } from "./ReportRowsWritten.js"
import { decodeRow, decodeRows, nullable, scopedRows, tenantFields, tenantOf } from "./RowDecoding.js"
import { byText, optionalWhere, tenantWhere, xactLock } from "./SqlFragments.js"
import { decodeStoredState } from "./StoredState.js"
import { isUniqueViolation, malformed, orStoreError, rewriteRefused, staleVersion } from "./StoreErrors.js"

const CardRow = Schema.Struct({
  ...tenantFields,
  card_id: CardId,
  version: Schema.Int,
  status: CardStatus.schema,
  owner_id: nullable(ConsultantId),
  grade: nullable(GradeId),
  next_contact_due: nullable(CalendarDate),
  phone: nullable(PhoneNumber),
  customer_id: nullable(CustomerId),
  opened_on: nullable(CalendarDate),
  source: nullable(LeadSource.schema),
  intent: nullable(IntentType.schema),
  model: nullable(Schema.String)
})
const decodeCardRow = decodeRow(CardRow, "card", "card_id")
const decodeCardRows = decodeRows(CardRow, "card", "card_id")

// withPhone's row: the day the status began from the stored state (read, never filtered on)
const PhoneRow = Schema.Struct({
  ...tenantFields,
  card_id: CardId,
  status: CardStatus.schema,
  owner_id: nullable(ConsultantId),
  opened_on: nullable(CalendarDate),
  status_since: nullable(CalendarDate)
})
const decodePhoneRows = decodeRows(PhoneRow, "card", "card_id")
const phoneCardOfRow = (r: typeof PhoneRow.Type): PhoneCard => ({
  tenant: tenantOf(r),
  cardId: r.card_id,
  status: r.status,
  owner: r.owner_id ?? undefined,
  openedOn: r.opened_on ?? undefined,
  statusSince: r.status_since ?? undefined
})

// source, intent and model from the stored state (read by lists, never filtered on)
const cardColumns = `dealer_group_id, store_id, card_id, version, status, owner_id, grade,
  next_contact_due::text AS next_contact_due, phone, customer_id, opened_on::text AS opened_on,
  state->>'source' AS source, state->>'intent' AS intent,
  COALESCE(state->'order'->>'model', state->'delivery'->'vehicle'->>'model') AS model`

const summaryOfRow = (r: typeof CardRow.Type): CardSummary => ({
  tenant: tenantOf(r),
  cardId: r.card_id,
  version: r.version,
  status: r.status,
  owner: r.owner_id ?? undefined,
  grade: r.grade ?? undefined,
  nextContactDue: r.next_contact_due ?? undefined,
  phone: r.phone ?? undefined,
  customerId: r.customer_id ?? undefined,
  openedOn: r.opened_on ?? undefined,
  source: r.source ?? undefined,
  intent: r.intent ?? undefined,
  model: r.model ?? undefined
})

/**
 * The JSON form of a card state as stored in `jipan_cards.state` (`-Infinity`, the time of no
 * event, becomes `null`; `undefined` fields are left out).
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { SqlStore } from "@jipan/store-sql"
 * import { foldCard } from "@jipan/core"
 * SqlStore.stateJson(foldCard(history))
 * ```
 */
export const stateJson = (state: CardState): string =>
  // JSON.stringify writes every non-finite number as null already: no replacer (a call per key)
  JSON.stringify(state)

const EventRow = Schema.Struct({ version: Schema.Int, event: Schema.Unknown })
const decodeEventRow = decodeRow(EventRow, "card event", "card_id")

// Bounded by the card row's version: under READ COMMITTED a command committing between the two
// reads adds events above it, which belong to a newer state than the row read (events are
// append-only, so the history up to the row's version is the row's own).
const loadHistory = (sql: SqlClient.SqlClient, tenant: Tenant, cardId: string, upTo: number) =>
  Effect.gen(function* () {
    const rows = yield* sql`SELECT version, event FROM jipan_card_events
      WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}
        AND version <= ${upTo}
      ORDER BY version`
    const history: Array<CardEvent> = []
    for (const raw of rows) {
      const row = yield* decodeEventRow({ ...raw, card_id: cardId })
      const problem = pushEvent(history, cardId, row.version, row.event)
      if (problem !== undefined) return yield* problem
    }
    return history
  })

const careColumns = {
  card_id: CardId,
  rule_id: Schema.String,
  planned_on: CalendarDate,
  due_on: CalendarDate,
  kind: Schema.Literals(["call", "reminder", "greeting"]),
  critical: Schema.Boolean,
  owner_id: nullable(ConsultantId)
}
const careOf = (tenant: Tenant, r: Schema.Struct<typeof careColumns>["Type"]): CareContactDue => ({
  tenant,
  cardId: r.card_id,
  owner: r.owner_id ?? undefined,
  ruleId: r.rule_id,
  plannedOn: r.planned_on,
  on: r.due_on,
  kind: r.kind,
  critical: r.critical
})
const careRows = scopedRows(
  Schema.Struct({ ...tenantFields, ...careColumns }),
  Schema.Struct(careColumns),
  "care contact",
  (r) => careOf(tenantOf(r), r),
  careOf
)

/** The card row's query columns of a state (what list, work list and phone look-ups filter on). */
const stateColumns = (state: CardState) => ({
  version: state.version,
  status: state.status,
  owner_id: state.owner ?? null,
  grade: state.grade ?? null,
  next_contact_due: state.nextContactDue ?? null,
  phone: state.phone ?? null,
  customer_id: state.customerId ?? null,
  opened_on: state.openedOn ?? null
})

/** The care contacts' rows of a write: one a (rule, planned day), the first of a key wins. */
const careRecords = (contacts: ReadonlyArray<CareContact>) => {
  const keys = new Set<string>()
  return contacts.flatMap((c) => {
    const k = `${c.ruleId}\u0000${c.plannedOn}`
    if (keys.has(k)) return []
    keys.add(k)
    return [{ rule_id: c.ruleId, planned_on: c.plannedOn, due_on: c.on, kind: c.kind, critical: c.critical }]
  })
}

/** A card row's stored state, decoded and checked against the row's version. */
const stateOfRow = (cardId: string, row: { readonly version: number; readonly state: unknown }) => {
  const raw = typeof row.state === "string" ? JSON.parse(row.state) : row.state
  const decoded = decodeStoredState(raw)
  if (Result.isFailure(decoded)) return Effect.fail(malformed("card state", cardId, decoded.failure))
  if (decoded.success.version !== row.version)
    return Effect.fail(
      malformed("card state", cardId, `state at version ${decoded.success.version}, row at ${row.version}`)
    )
  return Effect.succeed(decoded.success)
}

/**
 * The card store on a `SqlClient` (the tables must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): CardStore["Service"] =>
  CardStore.of({
    load: (tenant, cardId) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}`
        if (rows[0] === undefined) return Option.none()
        const row = yield* decodeCardRow(rows[0])
        const history = yield* loadHistory(sql, tenant, cardId, row.version)
        const problem = incompleteHistory(cardId, row.version, history)
        if (problem !== undefined) return yield* problem
        const state = foldCard(history)
        return Option.some({ tenant, cardId, state, version: state.version, history })
      }).pipe(orStoreError(cardId)),

    loadState: (tenant, cardId) =>
      Effect.gen(function* () {
        const rows = yield* sql<{
          readonly version: number
          readonly state: unknown
        }>`SELECT version, state FROM jipan_cards
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}`
        const row = rows[0]
        if (row === undefined) return Option.none()
        return Option.some(yield* stateOfRow(cardId, row))
      }).pipe(orStoreError(cardId)),

    // the lock first, then the row (a LEFT JOIN: the lock holds whether or not the card exists);
    // the row is read on the statement's snapshot, before the lock was granted, which the
    // append's version check makes safe; the phone look-up after it sees every open committed
    loadStateLocked: (tenant, cardId, lockKey) =>
      Effect.gen(function* () {
        const rows = yield* sql<{
          readonly version: number | null
          readonly state: unknown
        }>`SELECT c.version, c.state
          FROM (SELECT ${xactLock(sql, lockKey)}) AS held
          LEFT JOIN jipan_cards AS c ON c.dealer_group_id = ${tenant.dealerGroupId}
            AND c.store_id = ${tenant.storeId} AND c.card_id = ${cardId}`
        const row = rows[0]
        if (row === undefined || row.version === null) return Option.none()
        return Option.some(yield* stateOfRow(cardId, { version: row.version, state: row.state }))
      }).pipe(orStoreError(cardId)),

    // one statement for the lot (the close of day's lapses): the ids as a jsonb array, as the
    // other look-ups pass theirs
    loadStates: (tenant, cardIds) =>
      Effect.gen(function* () {
        const states = new Map<CardId, CardState>()
        if (cardIds.length === 0) return states
        const rows = yield* sql<{
          readonly card_id: string
          readonly version: number
          readonly state: unknown
        }>`SELECT card_id, version, state FROM jipan_cards
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}
            AND card_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(cardIds)}::jsonb))`
        for (const row of rows) states.set(row.card_id as CardId, yield* stateOfRow(row.card_id, row))
        return states
      }).pipe(orStoreError(`${cardIds.length} cards`)),

    append: (append: CardAppend) =>
      Effect.gen(function* () {
        const { tenant, cardId, state } = append
        if (append.events.length === 0) return
        const columns = stateColumns(state)
        const json = stateJson(state)
        // the report rows come made by the core (append.report): the store only writes them
        const report = reportRecords(append.report)
        const events = append.events.map((event, i) => ({
          version: append.expectedVersion + i + 1,
          event_type: event._tag,
          at: event.at,
          event
        }))
        // care contacts: those no longer planned go, the others are written (the first of a key wins)
        const care = careRecords(append.care)
        const g = tenant.dealerGroupId
        const st = tenant.storeId
        // the card row's conditional write (the expected version), then only if it wrote: the
        // history, the report tables and the care contacts
        const card =
          append.expectedVersion === 0
            ? sql`INSERT INTO jipan_cards (dealer_group_id, store_id, card_id,
                  version, status, owner_id, grade, next_contact_due, phone, customer_id, opened_on, state)
                VALUES (${g}, ${st}, ${cardId}, ${columns.version}, ${columns.status},
                  ${columns.owner_id}, ${columns.grade}, ${columns.next_contact_due}::date, ${columns.phone},
                  ${columns.customer_id}, ${columns.opened_on}::date, ${json}::jsonb)
                ON CONFLICT DO NOTHING RETURNING version`
            : sql`UPDATE jipan_cards SET version = ${columns.version},
                  status = ${columns.status}, owner_id = ${columns.owner_id}, grade = ${columns.grade},
                  next_contact_due = ${columns.next_contact_due}::date, phone = ${columns.phone},
                  customer_id = ${columns.customer_id}, opened_on = ${columns.opened_on}::date, state = ${json}::jsonb
                WHERE dealer_group_id = ${g} AND store_id = ${st}
                  AND card_id = ${cardId} AND version = ${append.expectedVersion}
                RETURNING version`
        const wrote = sql.literal("EXISTS (SELECT 1 FROM card)")
        // one statement, so one round trip and atomic without a transaction of its own: the
        // sub-statements run whatever the card write did, each writes only when the card row did
        const written = yield* sql<{ readonly version: number }>`WITH card AS (${card}), history AS (
            INSERT INTO jipan_card_events (dealer_group_id, store_id, card_id, version, event_type, at, event)
            SELECT ${g}, ${st}, ${cardId}, version, event_type, at, event
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
              AS x(version integer, event_type text, at double precision, event jsonb)
            WHERE ${wrote}
          ), report_events AS (
            INSERT INTO jipan_report_events (dealer_group_id, store_id, card_id, version, on_date, owner_id, report)
            SELECT ${g}, ${st}, ${cardId}, version, on_date, owner_id, report
            FROM jsonb_to_recordset(${JSON.stringify(report.events)}::jsonb)
              AS x(version integer, on_date date, owner_id text, report jsonb)
            WHERE ${wrote}
          ), closed_span AS (
            UPDATE jipan_due_spans SET ended_on = ${report.closeOpenSpanOn}::date
            WHERE ${report.closeOpenSpanOn}::date IS NOT NULL AND dealer_group_id = ${g} AND store_id = ${st}
              AND card_id = ${cardId} AND ended_on IS NULL AND ${wrote}
          ), new_spans AS (
            INSERT INTO jipan_due_spans (dealer_group_id, store_id, card_id, started_version, started_on, ended_on,
              owner_id, due)
            SELECT ${g}, ${st}, ${cardId}, started_version, started_on, ended_on, owner_id, due
            FROM jsonb_to_recordset(${JSON.stringify(report.spans)}::jsonb)
              AS x(started_version integer, started_on date, ended_on date, owner_id text, due date)
            WHERE ${wrote}
          ), facts AS (
            INSERT INTO jipan_card_facts (dealer_group_id, store_id, card_id, version, status, owner_id, facts)
            SELECT ${g}, ${st}, ${cardId}, ${report.facts.version}, ${report.facts.status}, ${report.facts.owner_id},
              ${JSON.stringify(report.facts.facts)}::jsonb
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, card_id) DO UPDATE SET version = EXCLUDED.version,
              status = EXCLUDED.status, owner_id = EXCLUDED.owner_id, facts = EXCLUDED.facts
          ), care_gone AS (
            DELETE FROM jipan_care_contacts AS k
            WHERE k.dealer_group_id = ${g} AND k.store_id = ${st} AND k.card_id = ${cardId} AND ${wrote}
              AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(care)}::jsonb)
                AS x(rule_id text, planned_on date) WHERE x.rule_id = k.rule_id AND x.planned_on = k.planned_on)
          ), care_set AS (
            INSERT INTO jipan_care_contacts (dealer_group_id, store_id, card_id, rule_id, planned_on, due_on, kind,
              critical, owner_id)
            SELECT ${g}, ${st}, ${cardId}, rule_id, planned_on, due_on, kind, critical, ${report.facts.owner_id}
            FROM jsonb_to_recordset(${JSON.stringify(care)}::jsonb)
              AS x(rule_id text, planned_on date, due_on date, kind text, critical boolean)
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, card_id, rule_id, planned_on) DO UPDATE SET
              due_on = EXCLUDED.due_on, kind = EXCLUDED.kind, critical = EXCLUDED.critical, owner_id = EXCLUDED.owner_id
          )
          SELECT version FROM card`.pipe(
          Effect.catchIf(isUniqueViolation, () =>
            Effect.fail(
              new VersionConflict({
                id: cardId,
                expected: append.expectedVersion,
                actual: append.expectedVersion + 1,
                message: `Card ${cardId} changed meanwhile (an event at its next version exists): reload and decide again`
              })
            )
          )
        )
        if (written.length === 0)
          return yield* staleVersion(
            sql,
            { table: "jipan_cards", idColumn: "card_id", noun: "Card" },
            tenant,
            cardId,
            append.expectedVersion
          )
      }).pipe(orStoreError(append.cardId)),

    // The appends of existing cards as one statement: the card rows' conditional writes over a
    // recordset, then, only for the cards written (card_id in `card`), what `append` writes beside
    // them. A card not written (stale) writes nothing; a unique violation (an event at a next
    // version with the row behind, which `append` reports as a conflict) refuses the whole batch,
    // and each card goes alone.
    appendMany: (tenant, appends) =>
      Effect.gen(function* () {
        const g = tenant.dealerGroupId
        const st = tenant.storeId
        // a card named again is refused whatever its first naming was (see the port)
        const named = new Set<string>()
        const take = appends.map((a) => {
          const k = `${a.tenant.dealerGroupId}\u0000${a.tenant.storeId}\u0000${a.cardId}`
          const again = named.has(k)
          named.add(k)
          return (
            !again &&
            a.expectedVersion > 0 &&
            a.events.length > 0 &&
            a.tenant.dealerGroupId === g &&
            a.tenant.storeId === st
          )
        })
        if (!take.includes(true)) return take.map(() => false)
        const cards: Array<Record<string, unknown>> = []
        const events: Array<Record<string, unknown>> = []
        const reportEvents: Array<Record<string, unknown>> = []
        const spans: Array<Record<string, unknown>> = []
        const care: Array<Record<string, unknown>> = []
        appends.forEach((a, i) => {
          if (!take[i]) return
          const card_id = a.cardId
          const report = reportRecords(a.report)
          cards.push({
            card_id,
            expected: a.expectedVersion,
            ...stateColumns(a.state),
            state: a.state,
            close_span_on: report.closeOpenSpanOn,
            facts_version: report.facts.version,
            facts_status: report.facts.status,
            facts_owner_id: report.facts.owner_id,
            facts: report.facts.facts
          })
          a.events.forEach((event, j) => {
            events.push({
              card_id,
              version: a.expectedVersion + j + 1,
              event_type: event._tag,
              at: event.at,
              event
            })
          })
          for (const r of report.events) reportEvents.push({ card_id, ...r })
          for (const r of report.spans) spans.push({ card_id, ...r })
          for (const r of careRecords(a.care)) care.push({ card_id, ...r })
        })
        const written = sql.literal("x.card_id IN (SELECT card_id FROM card)")
        const rows = yield* sql<{ readonly card_id: string }>`WITH input AS (
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(cards)}::jsonb) AS x(card_id text, expected integer,
              version integer, status text, owner_id text, grade text, next_contact_due date, phone text,
              customer_id text, opened_on date, state jsonb, close_span_on date, facts_version integer,
              facts_status text, facts_owner_id text, facts jsonb)
          ), card AS (
            UPDATE jipan_cards AS c SET version = i.version, status = i.status, owner_id = i.owner_id,
              grade = i.grade, next_contact_due = i.next_contact_due, phone = i.phone,
              customer_id = i.customer_id, opened_on = i.opened_on, state = i.state
            FROM input AS i
            WHERE c.dealer_group_id = ${g} AND c.store_id = ${st} AND c.card_id = i.card_id
              AND c.version = i.expected
            RETURNING c.card_id
          ), history AS (
            INSERT INTO jipan_card_events (dealer_group_id, store_id, card_id, version, event_type, at, event)
            SELECT ${g}, ${st}, x.card_id, x.version, x.event_type, x.at, x.event
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
              AS x(card_id text, version integer, event_type text, at double precision, event jsonb)
            WHERE ${written}
          ), report_events AS (
            INSERT INTO jipan_report_events (dealer_group_id, store_id, card_id, version, on_date, owner_id, report)
            SELECT ${g}, ${st}, x.card_id, x.version, x.on_date, x.owner_id, x.report
            FROM jsonb_to_recordset(${JSON.stringify(reportEvents)}::jsonb)
              AS x(card_id text, version integer, on_date date, owner_id text, report jsonb)
            WHERE ${written}
          ), closed_span AS (
            UPDATE jipan_due_spans AS s SET ended_on = x.close_span_on
            FROM input AS x
            WHERE x.close_span_on IS NOT NULL AND s.dealer_group_id = ${g} AND s.store_id = ${st}
              AND s.card_id = x.card_id AND s.ended_on IS NULL AND ${written}
          ), new_spans AS (
            INSERT INTO jipan_due_spans (dealer_group_id, store_id, card_id, started_version, started_on, ended_on,
              owner_id, due)
            SELECT ${g}, ${st}, x.card_id, x.started_version, x.started_on, x.ended_on, x.owner_id, x.due
            FROM jsonb_to_recordset(${JSON.stringify(spans)}::jsonb)
              AS x(card_id text, started_version integer, started_on date, ended_on date, owner_id text, due date)
            WHERE ${written}
          ), facts AS (
            INSERT INTO jipan_card_facts (dealer_group_id, store_id, card_id, version, status, owner_id, facts)
            SELECT ${g}, ${st}, x.card_id, x.facts_version, x.facts_status, x.facts_owner_id, x.facts
            FROM input AS x
            WHERE ${written}
            ON CONFLICT (dealer_group_id, store_id, card_id) DO UPDATE SET version = EXCLUDED.version,
              status = EXCLUDED.status, owner_id = EXCLUDED.owner_id, facts = EXCLUDED.facts
          ), care_gone AS (
            DELETE FROM jipan_care_contacts AS k
            WHERE k.dealer_group_id = ${g} AND k.store_id = ${st}
              AND k.card_id IN (SELECT card_id FROM card)
              AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(care)}::jsonb)
                AS x(card_id text, rule_id text, planned_on date)
                WHERE x.card_id = k.card_id AND x.rule_id = k.rule_id AND x.planned_on = k.planned_on)
          ), care_set AS (
            INSERT INTO jipan_care_contacts (dealer_group_id, store_id, card_id, rule_id, planned_on, due_on, kind,
              critical, owner_id)
            SELECT ${g}, ${st}, x.card_id, x.rule_id, x.planned_on, x.due_on, x.kind, x.critical, i.facts_owner_id
            FROM jsonb_to_recordset(${JSON.stringify(care)}::jsonb)
              AS x(card_id text, rule_id text, planned_on date, due_on date, kind text, critical boolean)
            JOIN input AS i ON i.card_id = x.card_id
            WHERE ${written}
            ON CONFLICT (dealer_group_id, store_id, card_id, rule_id, planned_on) DO UPDATE SET
              due_on = EXCLUDED.due_on, kind = EXCLUDED.kind, critical = EXCLUDED.critical, owner_id = EXCLUDED.owner_id
          )
          SELECT card_id FROM card`.pipe(
          Effect.catchIf(isUniqueViolation, () =>
            Effect.succeed([] as ReadonlyArray<{ readonly card_id: string }>)
          )
        )
        const done = new Set(rows.map((r) => r.card_id))
        return appends.map((a, i) => take[i] === true && done.has(a.cardId))
      }).pipe(orStoreError(`${appends.length} cards`)),

    // An erasure: the history in place (same versions), the card row and its query columns, the
    // care contacts and every report row of the card as the whole history appended at once leaves
    // them (r.report: cardReportRowsOf from the initial state). The conditional write also checks
    // the stored history's length, so a stale version or another length writes nothing.
    rewrite: (rewrite: CardRewrite) =>
      Effect.gen(function* () {
        const { tenant, cardId, state } = rewrite
        const columns = stateColumns(state)
        const json = stateJson(state)
        const report = reportRecords(rewrite.report)
        const events = rewrite.events.map((event, i) => ({
          version: i + 1,
          event_type: event._tag,
          at: event.at,
          event
        }))
        const care = careRecords(rewrite.care)
        const g = tenant.dealerGroupId
        const st = tenant.storeId
        const keepsVersion = sql.literal(state.version === rewrite.version ? "TRUE" : "FALSE")
        const wrote = sql.literal("EXISTS (SELECT 1 FROM card)")
        const eventsJson = JSON.stringify(events)
        const reportJson = JSON.stringify(report.events)
        const spansJson = JSON.stringify(report.spans)
        const careJson = JSON.stringify(care)
        const written = yield* sql<{ readonly version: number }>`WITH card AS (
            UPDATE jipan_cards SET status = ${columns.status}, owner_id = ${columns.owner_id},
              grade = ${columns.grade}, next_contact_due = ${columns.next_contact_due}::date,
              phone = ${columns.phone}, customer_id = ${columns.customer_id},
              opened_on = ${columns.opened_on}::date, state = ${json}::jsonb
            WHERE dealer_group_id = ${g} AND store_id = ${st} AND card_id = ${cardId}
              AND version = ${rewrite.version} AND ${keepsVersion}
              AND (SELECT count(*) FROM jipan_card_events e
                WHERE e.dealer_group_id = ${g} AND e.store_id = ${st} AND e.card_id = ${cardId}) = ${events.length}
            RETURNING version
          ), history AS (
            UPDATE jipan_card_events AS e SET event_type = x.event_type, at = x.at, event = x.event
            FROM jsonb_to_recordset(${eventsJson}::jsonb)
              AS x(version integer, event_type text, at double precision, event jsonb)
            WHERE e.dealer_group_id = ${g} AND e.store_id = ${st} AND e.card_id = ${cardId}
              AND e.version = x.version AND ${wrote}
          ), report_gone AS (
            DELETE FROM jipan_report_events AS r
            WHERE r.dealer_group_id = ${g} AND r.store_id = ${st} AND r.card_id = ${cardId} AND ${wrote}
              AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${reportJson}::jsonb) AS x(version integer)
                WHERE x.version = r.version)
          ), report_set AS (
            INSERT INTO jipan_report_events (dealer_group_id, store_id, card_id, version, on_date, owner_id, report)
            SELECT ${g}, ${st}, ${cardId}, version, on_date, owner_id, report
            FROM jsonb_to_recordset(${reportJson}::jsonb)
              AS x(version integer, on_date date, owner_id text, report jsonb)
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, card_id, version) DO UPDATE SET on_date = EXCLUDED.on_date,
              owner_id = EXCLUDED.owner_id, report = EXCLUDED.report
          ), spans_gone AS (
            DELETE FROM jipan_due_spans AS s
            WHERE s.dealer_group_id = ${g} AND s.store_id = ${st} AND s.card_id = ${cardId} AND ${wrote}
              AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${spansJson}::jsonb) AS x(started_version integer)
                WHERE x.started_version = s.started_version)
          ), spans_set AS (
            INSERT INTO jipan_due_spans (dealer_group_id, store_id, card_id, started_version, started_on, ended_on,
              owner_id, due)
            SELECT ${g}, ${st}, ${cardId}, started_version, started_on, ended_on, owner_id, due
            FROM jsonb_to_recordset(${spansJson}::jsonb)
              AS x(started_version integer, started_on date, ended_on date, owner_id text, due date)
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, card_id, started_version) DO UPDATE SET
              started_on = EXCLUDED.started_on, ended_on = EXCLUDED.ended_on, owner_id = EXCLUDED.owner_id,
              due = EXCLUDED.due
          ), facts AS (
            INSERT INTO jipan_card_facts (dealer_group_id, store_id, card_id, version, status, owner_id, facts)
            SELECT ${g}, ${st}, ${cardId}, ${report.facts.version}, ${report.facts.status}, ${report.facts.owner_id},
              ${JSON.stringify(report.facts.facts)}::jsonb
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, card_id) DO UPDATE SET version = EXCLUDED.version,
              status = EXCLUDED.status, owner_id = EXCLUDED.owner_id, facts = EXCLUDED.facts
          ), care_gone AS (
            DELETE FROM jipan_care_contacts AS k
            WHERE k.dealer_group_id = ${g} AND k.store_id = ${st} AND k.card_id = ${cardId} AND ${wrote}
              AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${careJson}::jsonb)
                AS x(rule_id text, planned_on date) WHERE x.rule_id = k.rule_id AND x.planned_on = k.planned_on)
          ), care_set AS (
            INSERT INTO jipan_care_contacts (dealer_group_id, store_id, card_id, rule_id, planned_on, due_on, kind,
              critical, owner_id)
            SELECT ${g}, ${st}, ${cardId}, rule_id, planned_on, due_on, kind, critical, ${report.facts.owner_id}
            FROM jsonb_to_recordset(${careJson}::jsonb)
              AS x(rule_id text, planned_on date, due_on date, kind text, critical boolean)
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, card_id, rule_id, planned_on) DO UPDATE SET
              due_on = EXCLUDED.due_on, kind = EXCLUDED.kind, critical = EXCLUDED.critical, owner_id = EXCLUDED.owner_id
          )
          SELECT version FROM card`
        if (written.length === 0)
          return yield* rewriteRefused(
            sql,
            { table: "jipan_cards", eventsTable: "jipan_card_events", idColumn: "card_id", noun: "Card" },
            tenant,
            cardId,
            { version: rewrite.version, events: events.length, stateVersion: state.version }
          )
      }).pipe(orStoreError(rewrite.cardId)),

    // Both look-ups read the (dealer_group_id, phone) index (1_cards), a store scope included; the
    // core takes the lock on the phone (StoreTransaction.lock) before it looks, so two opens racing
    // for one phone see each other, across the group or within a store as the policy says.
    findOpenByPhone: (scope, phone) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE ${tenantWhere(sql, scope)} AND phone = ${phone} AND ${sql.in("status", openCardStatuses)}
          ORDER BY ${sql.literal(`${byText("card_id")}, ${byText("store_id")}`)}`
        return yield* decodeCardRows(rows, summaryOfRow)
      }).pipe(orStoreError()),

    // the open's two look-ups in one statement: the referrals waiting for the phone as a column
    // beside the cards (a row without a card when none is open); the referee_phone index
    // (12_referral_lookups) and the phone index of the cards
    findOpenByPhoneAndClaims: (scope, phone) =>
      Effect.gen(function* () {
        const rows = yield* sql<{ readonly unlinked: boolean; readonly card_id: string | null }>`SELECT
            r.unlinked, ${sql.literal(cardColumns)}
          FROM (SELECT EXISTS (SELECT 1 FROM jipan_referrals
              WHERE dealer_group_id = ${scope.dealerGroupId} AND referee_phone = ${phone}
                AND referee_card_id IS NULL AND ${sql.in("status", claimingStatuses)}) AS unlinked) AS r
          LEFT JOIN jipan_cards ON ${tenantWhere(sql, scope)} AND phone = ${phone}
            AND ${sql.in("status", openCardStatuses)}
          ORDER BY ${sql.literal(`${byText("card_id")}, ${byText("store_id")}`)}`
        const open = yield* decodeCardRows(
          rows.filter((r) => r.card_id !== null),
          summaryOfRow
        )
        return { open, unlinkedClaims: rows[0]?.unlinked === true }
      }).pipe(orStoreError()),

    withPhone: (scope, phone) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT dealer_group_id, store_id, card_id, status, owner_id,
            opened_on::text AS opened_on, state->>'statusSince' AS status_since
          FROM jipan_cards
          WHERE ${tenantWhere(sql, scope)} AND phone = ${phone}
          ORDER BY ${sql.literal(`${byText("store_id")}, ${byText("card_id")}`)}`
        return yield* decodePhoneRows(rows, phoneCardOfRow)
      }).pipe(orStoreError()),

    workList: (scope, owner, date) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE ${tenantWhere(sql, scope)} AND owner_id = ${owner}
            AND next_contact_due IS NOT NULL AND next_contact_due <= ${date}::date
            AND phone IS DISTINCT FROM ${ERASED_PHONE}
          ORDER BY next_contact_due, card_id`
        const cards = yield* decodeCardRows(rows, summaryOfRow)
        return {
          date,
          dueToday: cards.filter((c) => c.nextContactDue === date),
          overdue: cards.filter((c) => c.nextContactDue !== date)
        }
      }).pipe(orStoreError()),

    careDue: (scope, date, owner) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(careRows.tenantColumns(scope))}card_id, rule_id,
            planned_on::text AS planned_on, due_on::text AS due_on, kind, critical, owner_id
          FROM jipan_care_contacts
          WHERE ${tenantWhere(sql, scope)} AND due_on <= ${date}::date
            ${optionalWhere(sql, "owner_id", owner)}
          ORDER BY due_on, card_id, rule_id, planned_on`
        return yield* careRows.decode(scope, rows)
      }).pipe(orStoreError()),

    list: (scope, filter, page) =>
      Effect.gen(function* () {
        const limit = pageLimit(page)
        const where = [
          tenantWhere(sql, scope),
          ...(page?.cursor === undefined ? [] : [sql`card_id > ${page.cursor}`]),
          ...(filter.owner === undefined ? [] : [sql`owner_id = ${filter.owner}`]),
          ...(filter.grade === undefined ? [] : [sql`grade = ${filter.grade}`]),
          ...(filter.status === undefined ? [] : [sql.in("status", filter.status)])
        ]
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE ${sql.and(where)} ORDER BY card_id LIMIT ${limit + 1}`
        const cards = yield* decodeCardRows(rows, summaryOfRow)
        const items = cards.slice(0, limit)
        return { items, next: cards.length > limit ? items[items.length - 1]?.cardId : undefined }
      }).pipe(orStoreError())
  })
