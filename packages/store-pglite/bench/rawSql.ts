// The hand-written raw-SQL baselines of the storage benchmarks, shared by the PGlite and the
// PostgreSQL runs: the statements `handleCard(OpenCard)` and the work list run, written by hand
// over any client that can run a named statement. The baselines do the same work as the store
// (same statements, same transaction, rows decoded with the same Schema), only without the store.
import type { Duplex } from "node:stream"
import {
  CalendarDate,
  CardId,
  type CardState,
  CardStatus,
  type CardSummary,
  ConsultantId,
  CustomerId,
  carePlanOf,
  DealerGroupId,
  decideCard,
  defaultPolicy,
  foldCard,
  GradeId,
  IntentType,
  initialCardState,
  LeadSource,
  openCardStatuses,
  PhoneNumber,
  StoreId,
  type Tenant,
  type WorkList
} from "@jipan/core"
import { ReportRows, SqlStore } from "@jipan/store-sql"
import { Result, Schema } from "effect"
import { historyRow, type Shape } from "../../store-sql/bench/source.js"

/** A client that runs one statement (prepared under `name` where the client can). */
export interface RawClient {
  readonly query: (
    name: string,
    text: string,
    values: ReadonlyArray<unknown>
  ) => Promise<ReadonlyArray<Record<string, unknown>>>
  readonly exec: (text: string) => Promise<unknown>
}

/** The card columns the store reads (`SqlStore`'s list). */
export const cardColumns = `dealer_group_id, store_id, card_id, version, status, owner_id, grade,
  next_contact_due::text AS next_contact_due, phone, customer_id, opened_on::text AS opened_on,
  state->>'source' AS source, state->>'intent' AS intent,
  COALESCE(state->'order'->>'model', state->'delivery'->'vehicle'->>'model') AS model`

const appendText = `WITH history AS (
    INSERT INTO jipan_card_events (dealer_group_id, store_id, card_id, version, event_type, at, event)
    SELECT $1, $2, $3, version, event_type, at, event
    FROM jsonb_to_recordset($4::jsonb) AS x(version integer, event_type text, at double precision, event jsonb)
  ), report_events AS (
    INSERT INTO jipan_report_events (dealer_group_id, store_id, card_id, version, on_date, owner_id, report)
    SELECT $1, $2, $3, version, on_date, owner_id, report
    FROM jsonb_to_recordset($5::jsonb) AS x(version integer, on_date date, owner_id text, report jsonb)
  ), closed_span AS (
    UPDATE jipan_due_spans SET ended_on = $6::date
    WHERE $6::date IS NOT NULL AND dealer_group_id = $1 AND store_id = $2 AND card_id = $3 AND ended_on IS NULL
  ), new_spans AS (
    INSERT INTO jipan_due_spans (dealer_group_id, store_id, card_id, started_version, started_on, ended_on, owner_id, due)
    SELECT $1, $2, $3, started_version, started_on, ended_on, owner_id, due
    FROM jsonb_to_recordset($7::jsonb)
      AS x(started_version integer, started_on date, ended_on date, owner_id text, due date)
  ), facts AS (
    INSERT INTO jipan_card_facts (dealer_group_id, store_id, card_id, version, status, owner_id, facts)
    VALUES ($1, $2, $3, $8, $9, $10, $11::jsonb)
    ON CONFLICT (dealer_group_id, store_id, card_id) DO UPDATE SET version = EXCLUDED.version,
      status = EXCLUDED.status, owner_id = EXCLUDED.owner_id, facts = EXCLUDED.facts
  ), care_gone AS (
    DELETE FROM jipan_care_contacts AS k
    WHERE k.dealer_group_id = $1 AND k.store_id = $2 AND k.card_id = $3
      AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($12::jsonb)
        AS x(rule_id text, planned_on date) WHERE x.rule_id = k.rule_id AND x.planned_on = k.planned_on)
  )
  INSERT INTO jipan_care_contacts (dealer_group_id, store_id, card_id, rule_id, planned_on, due_on, kind, critical,
    owner_id)
  SELECT $1, $2, $3, rule_id, planned_on, due_on, kind, critical, $10
  FROM jsonb_to_recordset($12::jsonb) AS x(rule_id text, planned_on date, due_on date, kind text, critical boolean)
  ON CONFLICT (dealer_group_id, store_id, card_id, rule_id, planned_on) DO UPDATE SET
    due_on = EXCLUDED.due_on, kind = EXCLUDED.kind, critical = EXCLUDED.critical, owner_id = EXCLUDED.owner_id`

/**
 * OpenCard by hand: the statements handleCard runs (load, phone lock, open-card lookup,
 * policies, insert the card, then history + report rows + care contacts in one statement) in one
 * transaction, with the report rows made by the store's own `ReportRows.cardReportRows`.
 */
export const rawOpen = async (client: RawClient, tenant: Tenant, i: number, shape: Shape): Promise<void> => {
  const row = historyRow(i, shape) as { cardId: string; history: Array<Record<string, unknown>> }
  const opened = row.history[0] as Record<string, unknown>
  const g = tenant.dealerGroupId
  const s = tenant.storeId
  await client.exec("BEGIN")
  try {
    const found = await client.query(
      "load",
      `SELECT ${cardColumns} FROM jipan_cards WHERE dealer_group_id = $1 AND store_id = $2 AND card_id = $3`,
      [g, s, row.cardId]
    )
    if (found.length > 0) throw new Error("exists")
    await client.query("lock", "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `jipan-open-phone|${g}|${s}|${opened.phone}`
    ])
    const open = await client.query(
      "phone",
      `SELECT ${cardColumns} FROM jipan_cards WHERE dealer_group_id = $1 AND store_id = $2 AND phone = $3
        AND status = ANY($4) ORDER BY card_id`,
      [g, s, opened.phone, openCardStatuses]
    )
    await client.query(
      "policies",
      "SELECT policy_id, version, document FROM jipan_policy_documents WHERE dealer_group_id = $1 ORDER BY policy_id, version",
      [g]
    )
    const decided = decideCard(
      {
        _tag: "OpenCard",
        cardId: row.cardId as CardId,
        storeId: s,
        customerId: opened.customerId as never,
        phone: opened.phone as never,
        owner: opened.owner as ConsultantId,
        source: "walkIn",
        intent: "direct",
        evidence: {},
        existingOpenCardId: open[0]?.card_id as CardId | undefined,
        by: { id: opened.owner as string, role: "consultant" },
        at: opened.at as number
      },
      foldCard([]),
      defaultPolicy
    )
    if (Result.isFailure(decided)) throw new Error(decided.failure.message)
    const state: CardState = foldCard(decided.success)
    await client.query(
      "insert-card",
      `INSERT INTO jipan_cards (dealer_group_id, store_id, card_id,
          version, status, owner_id, grade, next_contact_due, phone, customer_id, opened_on, state)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10, $11::date, $12::jsonb)
        ON CONFLICT DO NOTHING RETURNING NULL::jsonb AS before`,
      [
        g,
        s,
        row.cardId,
        state.version,
        state.status,
        state.owner ?? null,
        state.grade ?? null,
        state.nextContactDue ?? null,
        state.phone ?? null,
        state.customerId ?? null,
        state.openedOn ?? null,
        SqlStore.stateJson(state)
      ]
    )
    // the history, the report rows and the care contacts in one statement, as the store writes them
    const report = ReportRows.cardReportRows(
      tenant,
      row.cardId as CardId,
      initialCardState,
      decided.success,
      state
    )
    const events = decided.success.map((event, k) => ({
      version: k + 1,
      event_type: event._tag,
      at: event.at,
      event
    }))
    const care = (carePlanOf(state, defaultPolicy, opened.on as CalendarDate)?.contacts ?? []).map((c) => ({
      rule_id: c.ruleId,
      planned_on: c.plannedOn,
      due_on: c.on,
      kind: c.kind,
      critical: c.critical
    }))
    await client.query("append", appendText, [
      g,
      s,
      row.cardId,
      JSON.stringify(events),
      JSON.stringify(report.events),
      report.closeOpenSpanOn,
      JSON.stringify(report.spans),
      report.facts.version,
      report.facts.status,
      report.facts.owner_id,
      JSON.stringify(report.facts.facts),
      JSON.stringify(care)
    ])
    await client.exec("COMMIT")
  } catch (error) {
    await client.exec("ROLLBACK")
    throw error
  }
}

// The store's row schema (SqlStore's CardRow), so the baseline validates what the store validates.
const CardRow = Schema.Struct({
  dealer_group_id: DealerGroupId,
  store_id: StoreId,
  card_id: CardId,
  version: Schema.Int,
  status: CardStatus.schema,
  owner_id: Schema.NullOr(ConsultantId),
  grade: Schema.NullOr(GradeId),
  next_contact_due: Schema.NullOr(CalendarDate),
  phone: Schema.NullOr(PhoneNumber),
  customer_id: Schema.NullOr(CustomerId),
  opened_on: Schema.NullOr(CalendarDate),
  source: Schema.NullOr(LeadSource.schema),
  intent: Schema.NullOr(IntentType.schema),
  model: Schema.NullOr(Schema.String)
})
const decodeCardRow = Schema.decodeUnknownResult(CardRow)

/** The work-list statement by hand; `$4` (the store) only for a store scope. */
export const workListText = (byStore: boolean) =>
  `SELECT ${cardColumns} FROM jipan_cards WHERE dealer_group_id = $1 ${byStore ? "AND store_id = $4" : ""}
      AND owner_id = $2 AND next_contact_due IS NOT NULL AND next_contact_due <= $3::date ORDER BY next_contact_due, card_id`

/** Rows of the work-list statement decoded as the store decodes them, into the same `WorkList`. */
export const workListOf = (rows: ReadonlyArray<unknown>, date: CalendarDate): WorkList => {
  const cards: Array<CardSummary> = []
  for (const raw of rows) {
    const decoded = decodeCardRow(raw, { errors: "all" })
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    const r = decoded.success
    cards.push({
      tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
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
  }
  return {
    date,
    dueToday: cards.filter((c) => c.nextContactDue === date),
    overdue: cards.filter((c) => c.nextContactDue !== date)
  }
}

/** Median and 95th percentile of timings. */
export const median = (xs: ReadonlyArray<number>) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
export const p95 = (xs: ReadonlyArray<number>) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0

/** A duplex made to look like the socket `pg` expects (it calls connect, setNoDelay, ref…). */
export const asSocket = (duplex: Duplex): Duplex => {
  const socket = duplex as Duplex & Record<string, unknown>
  socket.connect = () => {
    process.nextTick(() => socket.emit("connect"))
    return socket
  }
  socket.setNoDelay = () => socket
  socket.setKeepAlive = () => socket
  socket.ref = () => socket
  socket.unref = () => socket
  return socket
}
