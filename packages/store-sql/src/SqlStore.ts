/**
 * Every Jipan storage port on an effect/sql `SqlClient` (PostgreSQL dialect): cards with their
 * history, care contacts, referrals and the ledger, the outbox and policy documents. Writes use
 * the client's transactions, so `StoreTransaction.withTransaction` spans every port; an append
 * checks the expected version with a conditional write (a stale version fails with
 * `VersionConflict` and writes nothing). Rows are decoded with Schema: a malformed row is a
 * `StoreError` with reason `MalformedRow` naming the card (or referral, policy, message).
 *
 * @since 0.1.0
 */
import {
  aggregateCallIds,
  CalendarDate,
  type CardAppend,
  type CardHistory,
  CardId,
  type CardState,
  CardStatus,
  CardStore,
  type CardSummary,
  type CareContactDue,
  ConsultantId,
  CustomerId,
  DealerGroupId,
  type DeliveryReceipt,
  DeliveryReceipts,
  decodeCardEvent,
  decodePolicyDocument,
  type FindingsFactFilter,
  foldCard,
  foldReferral,
  GradeId,
  initialCardState,
  type JipanStore,
  LedgerEntry,
  type LedgerRow,
  Outbox,
  type OutboxMessage,
  type OutboxSettlement,
  openCardStatuses,
  PhoneNumber,
  PolicyStore,
  type ProviderSubmission,
  pageLimit,
  type ReferralEvent,
  ReferralStore,
  ReportSource,
  reportReferralOf,
  ShowroomVisit,
  StoreError,
  StoreId,
  StoreTransaction,
  type Tenant,
  type TenantScope,
  tracedPort,
  VersionConflict
} from "@jipan/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { Fragment } from "effect/sql/Statement"
import {
  CardFactsBody,
  CardFactsRow,
  cardFactsOfBody,
  cardFactsOfRow,
  cardReportRows,
  DueSpanBody,
  DueSpanRow,
  dueSpanOf,
  dueSpanOfRow,
  ReportEventBody,
  ReportEventRow,
  ReportReferralRow,
  referralRecord,
  reportEventOf,
  reportEventOfRow,
  reportReferralOfRow
} from "./ReportRows.js"
import { decodeStoredState } from "./StoredState.js"

// -----------------------------------------------------------------------------
// errors and row decoding
// -----------------------------------------------------------------------------

/**
 * Maps an effect/sql failure to the store's one infrastructure error.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { SqlStore } from "@jipan/store-sql"
 * // program.pipe(Effect.mapError((e) => SqlStore.storeError(e, "card-1")))
 * ```
 */
export const storeError = (error: SqlError, id?: string): StoreError =>
  new StoreError({
    reason: error.reason._tag === "ConnectionError" ? "Unavailable" : "Unknown",
    message: `The database failed${id === undefined ? "" : ` (${id})`}: ${error.message}`,
    ...(id === undefined ? {} : { id }),
    cause: error
  })

const malformed = (what: string, id: string, detail: string) =>
  new StoreError({
    reason: "MalformedRow",
    id,
    message: `Malformed ${what} row for ${id}: ${detail}`
  })

const orStoreError =
  (id?: string) =>
  <A, E, R>(
    effect: Effect.Effect<A, E | SqlError, R>
  ): Effect.Effect<A, Exclude<E, SqlError> | StoreError, R> =>
    Effect.catchIf(
      effect,
      (e): e is SqlError =>
        typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "SqlError",
      (e) => Effect.fail(storeError(e, id))
    ) as Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>

const isUniqueViolation = (e: unknown): e is SqlError =>
  typeof e === "object" &&
  e !== null &&
  (e as { _tag?: unknown })._tag === "SqlError" &&
  (e as SqlError).reason._tag === "UniqueViolation"

const rawId = (row: unknown, column: string): string => {
  const value = typeof row === "object" && row !== null ? (row as Record<string, unknown>)[column] : undefined
  return typeof value === "string" ? value : "(unknown)"
}

const decodeRow = <S extends Schema.Decoder<unknown>>(schema: S, what: string, idColumn: string) => {
  const decode = Schema.decodeUnknownResult(schema as Schema.Decoder<S["Type"]>)
  return (row: unknown): Effect.Effect<S["Type"], StoreError> => {
    const r = decode(row, { errors: "all" })
    return Result.isSuccess(r)
      ? Effect.succeed(r.success)
      : Effect.fail(malformed(what, rawId(row, idColumn), r.failure.message))
  }
}

/**
 * Like {@link decodeRow} for a whole result set, mapped as it goes: one plain loop instead of an
 * effect per row (the reports read tens of thousands of rows; a per-row effect cost as much as
 * the decode itself). Fails on the first malformed row, naming it.
 */
const decodeRows = <S extends Schema.Decoder<unknown>>(schema: S, what: string, idColumn: string) => {
  const decode = Schema.decodeUnknownResult(schema as Schema.Decoder<S["Type"]>)
  return <A>(rows: ReadonlyArray<unknown>, f: (row: S["Type"]) => A): Effect.Effect<Array<A>, StoreError> => {
    const out = new Array<A>(rows.length)
    for (let i = 0; i < rows.length; i++) {
      // the first issue is enough to know a row is bad; all of them only for the message
      const r = decode(rows[i])
      if (Result.isFailure(r)) {
        const all = decode(rows[i], { errors: "all" })
        const message = Result.isFailure(all) ? all.failure.message : r.failure.message
        return Effect.fail(malformed(what, rawId(rows[i], idColumn), message))
      }
      out[i] = f(r.success)
    }
    return Effect.succeed(out)
  }
}

/**
 * Reads a report table's rows under a scope: a store scope names every row's tenant, so its
 * columns are neither selected nor decoded (one tenant object for all the rows); a group scope
 * reads them from each row.
 */
const scopedRows = <Row extends Schema.Decoder<unknown>, Body extends Schema.Decoder<unknown>, A>(
  row: Row,
  body: Body,
  what: string,
  ofRow: (r: Row["Type"]) => A,
  ofBody: (tenant: Tenant, r: Body["Type"]) => A
) => {
  const decodeAll = decodeRows(row, what, "card_id")
  const decodeBodies = decodeRows(body, what, "card_id")
  return {
    tenantColumns: (scope: TenantScope, alias = "") =>
      scope.storeId === undefined ? `${alias}dealer_group_id, ${alias}store_id, ` : "",
    decode: (scope: TenantScope, rows: ReadonlyArray<unknown>): Effect.Effect<Array<A>, StoreError> => {
      if (scope.storeId === undefined) return decodeAll(rows, ofRow)
      const tenant: Tenant = { dealerGroupId: scope.dealerGroupId, storeId: scope.storeId }
      return decodeBodies(rows, (r) => ofBody(tenant, r))
    }
  }
}

const nullable = <S extends Schema.Top>(s: S) => Schema.NullOr(s)

const CardRow = Schema.Struct({
  dealer_group_id: DealerGroupId,
  store_id: StoreId,
  card_id: CardId,
  version: Schema.Int,
  status: CardStatus.schema,
  owner_id: nullable(ConsultantId),
  grade: nullable(GradeId),
  next_contact_due: nullable(CalendarDate),
  phone: nullable(PhoneNumber),
  customer_id: nullable(CustomerId),
  opened_on: nullable(CalendarDate)
})
const decodeCardRow = decodeRow(CardRow, "card", "card_id")
const decodeCardRows = decodeRows(CardRow, "card", "card_id")

const cardColumns = `dealer_group_id, store_id, card_id, version, status, owner_id, grade,
  next_contact_due::text AS next_contact_due, phone, customer_id, opened_on::text AS opened_on`

const summaryOfRow = (r: typeof CardRow.Type): CardSummary => ({
  tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
  cardId: r.card_id,
  version: r.version,
  status: r.status,
  owner: r.owner_id ?? undefined,
  grade: r.grade ?? undefined,
  nextContactDue: r.next_contact_due ?? undefined,
  phone: r.phone ?? undefined,
  customerId: r.customer_id ?? undefined,
  openedOn: r.opened_on ?? undefined
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
  JSON.stringify(state, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v))

const EventRow = Schema.Struct({ version: Schema.Int, event: Schema.Unknown })
const decodeEventRow = decodeRow(EventRow, "card event", "card_id")

const tenantWhere = (sql: SqlClient.SqlClient, scope: TenantScope, alias = ""): Fragment => {
  const group = sql`${sql.literal(`${alias}dealer_group_id`)} = ${scope.dealerGroupId}`
  return scope.storeId === undefined
    ? group
    : sql`${group} AND ${sql.literal(`${alias}store_id`)} = ${scope.storeId}`
}

// -----------------------------------------------------------------------------
// the card store
// -----------------------------------------------------------------------------

// Bounded by the card row's version: under READ COMMITTED a command committing between the two
// reads adds events above it, which belong to a newer state than the row read (events are
// append-only, so the history up to the row's version is the row's own).
const loadHistory = (sql: SqlClient.SqlClient, tenant: Tenant, cardId: string, upTo: number) =>
  Effect.gen(function* () {
    const rows = yield* sql`SELECT version, event FROM jipan_card_events
      WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}
        AND version <= ${upTo}
      ORDER BY version`
    const history = []
    for (const raw of rows) {
      const row = yield* decodeEventRow({ ...raw, card_id: cardId })
      if (row.version !== history.length + 1)
        return yield* malformed(
          "card event",
          cardId,
          `version ${row.version} where ${history.length + 1} was expected`
        )
      const event = decodeCardEvent(row.event)
      if (Result.isFailure(event))
        return yield* malformed("card event", cardId, `version ${row.version}: ${event.failure.message}`)
      history.push(event.success)
    }
    return history
  })

// The state before an append's events, as the card row held it.
const decodeBefore = (
  raw: unknown,
  cardId: string,
  version: number
): Effect.Effect<CardState, StoreError> => {
  const r = decodeStoredState(raw)
  if (Result.isFailure(r)) return Effect.fail(malformed("card", cardId, `stored state: ${r.failure}`))
  if (r.success.version !== version)
    return Effect.fail(
      malformed("card", cardId, `the stored state is at version ${r.success.version}, not ${version}`)
    )
  return Effect.succeed(r.success)
}

/**
 * Takes the transaction-scoped advisory lock that serialises opens for one phone in one store
 * (`pg_advisory_xact_lock`, released at commit or rollback; outside a transaction it is released
 * when the statement ends). The key is a 64-bit hash of the tenant and phone.
 *
 * @since 0.1.0
 * @category locks
 * @example
 * ```ts
 * import { SqlClient } from "effect/sql"
 * import { SqlStore } from "@jipan/store-sql"
 * const lock = Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) => SqlStore.lockPhone(sql, group, store, phone))
 * ```
 */
export const lockPhone = (
  sql: SqlClient.SqlClient,
  dealerGroupId: string,
  storeId: string,
  phone: string
): Effect.Effect<void, SqlError> =>
  Effect.asVoid(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`jipan-open-phone|${dealerGroupId}|${storeId}|${phone}`}, 0))`
  )

const makeCardStore = (sql: SqlClient.SqlClient) =>
  CardStore.of({
    load: (tenant, cardId) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}`
        if (rows[0] === undefined) return Option.none()
        const row = yield* decodeCardRow(rows[0])
        const history = yield* loadHistory(sql, tenant, cardId, row.version)
        if (history.length !== row.version)
          return yield* malformed("card", cardId, `version ${row.version} but ${history.length} events`)
        const state = foldCard(history)
        return Option.some({ tenant, cardId, state, version: state.version, history })
      }).pipe(orStoreError(cardId)),

    append: (append: CardAppend) =>
      Effect.gen(function* () {
        const { tenant, cardId, state } = append
        if (append.events.length === 0) return
        const columns = {
          version: state.version,
          status: state.status,
          owner_id: state.owner ?? null,
          grade: state.grade ?? null,
          next_contact_due: state.nextContactDue ?? null,
          phone: state.phone ?? null,
          customer_id: state.customerId ?? null,
          opened_on: state.openedOn ?? null
        }
        const json = stateJson(state)
        // an update returns the row as it was (the self-join reads the statement's snapshot): the
        // state before the events, from which the report rows are made without loading the history
        const written =
          append.expectedVersion === 0
            ? yield* sql<{
                readonly before: unknown
              }>`INSERT INTO jipan_cards (dealer_group_id, store_id, card_id,
                  version, status, owner_id, grade, next_contact_due, phone, customer_id, opened_on, state)
                VALUES (${tenant.dealerGroupId}, ${tenant.storeId}, ${cardId}, ${columns.version}, ${columns.status},
                  ${columns.owner_id}, ${columns.grade}, ${columns.next_contact_due}::date, ${columns.phone},
                  ${columns.customer_id}, ${columns.opened_on}::date, ${json}::jsonb)
                ON CONFLICT DO NOTHING RETURNING NULL::jsonb AS before`
            : yield* sql<{
                readonly before: unknown
              }>`UPDATE jipan_cards AS c SET version = ${columns.version},
                  status = ${columns.status}, owner_id = ${columns.owner_id}, grade = ${columns.grade},
                  next_contact_due = ${columns.next_contact_due}::date, phone = ${columns.phone},
                  customer_id = ${columns.customer_id}, opened_on = ${columns.opened_on}::date, state = ${json}::jsonb
                FROM jipan_cards AS o
                WHERE c.dealer_group_id = ${tenant.dealerGroupId} AND c.store_id = ${tenant.storeId}
                  AND c.card_id = ${cardId} AND c.version = ${append.expectedVersion}
                  AND o.dealer_group_id = c.dealer_group_id AND o.store_id = c.store_id AND o.card_id = c.card_id
                  AND o.version = ${append.expectedVersion}
                RETURNING o.state AS before`
        if (written.length === 0) {
          const current = yield* sql<{ readonly version: number }>`SELECT version FROM jipan_cards
            WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}`
          const actual = current[0]?.version ?? 0
          return yield* new VersionConflict({
            id: cardId,
            expected: append.expectedVersion,
            actual,
            message: `Card ${cardId} is at version ${actual}, not ${append.expectedVersion}: reload and decide again`
          })
        }
        const before =
          append.expectedVersion === 0
            ? initialCardState
            : yield* decodeBefore(written[0]?.before, cardId, append.expectedVersion)
        const report = cardReportRows(tenant, cardId, before, append.events, state)
        const events = append.events.map((event, i) => ({
          version: append.expectedVersion + i + 1,
          event_type: event._tag,
          at: event.at,
          event
        }))
        // care contacts: those no longer planned go, the others are written (the first of a key wins)
        const careKeys = new Set<string>()
        const care = append.care.flatMap((c) => {
          const k = `${c.ruleId}\u0000${c.plannedOn}`
          if (careKeys.has(k)) return []
          careKeys.add(k)
          return [
            { rule_id: c.ruleId, planned_on: c.plannedOn, due_on: c.on, kind: c.kind, critical: c.critical }
          ]
        })
        const g = tenant.dealerGroupId
        const st = tenant.storeId
        // one statement for the history, the report tables and the care contacts
        yield* sql`WITH history AS (
            INSERT INTO jipan_card_events (dealer_group_id, store_id, card_id, version, event_type, at, event)
            SELECT ${g}, ${st}, ${cardId}, version, event_type, at, event
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
              AS x(version integer, event_type text, at double precision, event jsonb)
          ), report_events AS (
            INSERT INTO jipan_report_events (dealer_group_id, store_id, card_id, version, on_date, owner_id, report)
            SELECT ${g}, ${st}, ${cardId}, version, on_date, owner_id, report
            FROM jsonb_to_recordset(${JSON.stringify(report.events)}::jsonb)
              AS x(version integer, on_date date, owner_id text, report jsonb)
          ), closed_span AS (
            UPDATE jipan_due_spans SET ended_on = ${report.closeOpenSpanOn}::date
            WHERE ${report.closeOpenSpanOn}::date IS NOT NULL AND dealer_group_id = ${g} AND store_id = ${st}
              AND card_id = ${cardId} AND ended_on IS NULL
          ), new_spans AS (
            INSERT INTO jipan_due_spans (dealer_group_id, store_id, card_id, started_version, started_on, ended_on,
              owner_id, due)
            SELECT ${g}, ${st}, ${cardId}, started_version, started_on, ended_on, owner_id, due
            FROM jsonb_to_recordset(${JSON.stringify(report.spans)}::jsonb)
              AS x(started_version integer, started_on date, ended_on date, owner_id text, due date)
          ), facts AS (
            INSERT INTO jipan_card_facts (dealer_group_id, store_id, card_id, version, status, owner_id, facts)
            VALUES (${g}, ${st}, ${cardId}, ${report.facts.version}, ${report.facts.status}, ${report.facts.owner_id},
              ${JSON.stringify(report.facts.facts)}::jsonb)
            ON CONFLICT (dealer_group_id, store_id, card_id) DO UPDATE SET version = EXCLUDED.version,
              status = EXCLUDED.status, owner_id = EXCLUDED.owner_id, facts = EXCLUDED.facts
          ), care_gone AS (
            DELETE FROM jipan_care_contacts AS k
            WHERE k.dealer_group_id = ${g} AND k.store_id = ${st} AND k.card_id = ${cardId}
              AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(care)}::jsonb)
                AS x(rule_id text, planned_on date) WHERE x.rule_id = k.rule_id AND x.planned_on = k.planned_on)
          )
          INSERT INTO jipan_care_contacts (dealer_group_id, store_id, card_id, rule_id, planned_on, due_on, kind, critical,
            owner_id)
          SELECT ${g}, ${st}, ${cardId}, rule_id, planned_on, due_on, kind, critical, ${report.facts.owner_id}
          FROM jsonb_to_recordset(${JSON.stringify(care)}::jsonb)
            AS x(rule_id text, planned_on date, due_on date, kind text, critical boolean)
          ON CONFLICT (dealer_group_id, store_id, card_id, rule_id, planned_on) DO UPDATE SET
            due_on = EXCLUDED.due_on, kind = EXCLUDED.kind, critical = EXCLUDED.critical, owner_id = EXCLUDED.owner_id`.pipe(
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
      }).pipe(sql.withTransaction, orStoreError(append.cardId)),

    findOpenByPhone: (scope, phone) =>
      Effect.gen(function* () {
        // "One open card per phone per store", enforced in the database: inside a transaction
        // (handleCard's), the lookup first takes a transaction-scoped advisory lock on the store
        // and phone, so two concurrent opens for the same phone run their lookup-then-insert one
        // after the other and the second one's lookup (a new statement, a new snapshot) sees the
        // first one's card: the decider refuses it with AlreadyHasCard.
        if (scope.storeId !== undefined) yield* lockPhone(sql, scope.dealerGroupId, scope.storeId, phone)
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE ${tenantWhere(sql, scope)} AND phone = ${phone} AND ${sql.in("status", openCardStatuses)}
          ORDER BY card_id`
        return yield* decodeCardRows(rows, summaryOfRow)
      }).pipe(orStoreError()),

    workList: (scope, owner, date) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(cardColumns)} FROM jipan_cards
          WHERE ${tenantWhere(sql, scope)} AND owner_id = ${owner}
            AND next_contact_due IS NOT NULL AND next_contact_due <= ${date}::date
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
  Schema.Struct({ dealer_group_id: DealerGroupId, store_id: StoreId, ...careColumns }),
  Schema.Struct(careColumns),
  "care contact",
  (r) => careOf({ dealerGroupId: r.dealer_group_id, storeId: r.store_id }, r),
  careOf
)

// -----------------------------------------------------------------------------
// referrals and the ledger
// -----------------------------------------------------------------------------

const ReferralEventShape = Schema.Struct({ _tag: Schema.String, on: CalendarDate })
const isReferralEvent = Schema.is(ReferralEventShape)

const LedgerDbRow = Schema.Struct({
  dealer_group_id: DealerGroupId,
  store_id: StoreId,
  entry_id: Schema.String,
  consultant_id: nullable(ConsultantId),
  entry: LedgerEntry
})
const decodeLedgerRow = decodeRow(LedgerDbRow, "ledger", "entry_id")

const makeReferralStore = (sql: SqlClient.SqlClient) =>
  ReferralStore.of({
    load: (tenant, referralId) =>
      Effect.gen(function* () {
        const rows = yield* sql<{ readonly version: number; readonly event: unknown }>`SELECT version, event
          FROM jipan_referral_events
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND referral_id = ${referralId}
          ORDER BY version`
        if (rows.length === 0) return Option.none()
        const history: Array<ReferralEvent> = []
        for (const row of rows) {
          if (row.version !== history.length + 1 || !isReferralEvent(row.event))
            return yield* malformed(
              "referral event",
              referralId,
              `version ${row.version} is not a referral event`
            )
          history.push(row.event as ReferralEvent)
        }
        const state = foldReferral(history)
        return Option.some({ tenant, referralId, state, version: state.version, history })
      }).pipe(orStoreError(referralId)),

    append: (append) =>
      Effect.gen(function* () {
        const { tenant, referralId, state } = append
        if (append.events.length === 0) return
        const registration = state.registration
        const json = JSON.stringify(state)
        const written =
          append.expectedVersion === 0
            ? yield* sql`INSERT INTO jipan_referrals (dealer_group_id, store_id, referral_id, version, status,
                  consultant_id, referrer_id, state)
                VALUES (${tenant.dealerGroupId}, ${tenant.storeId}, ${referralId}, ${state.version}, ${state.status},
                  ${registration?.consultantId ?? null}, ${registration?.referrer.id ?? null}, ${json}::jsonb)
                ON CONFLICT DO NOTHING RETURNING referral_id`
            : yield* sql`UPDATE jipan_referrals SET version = ${state.version}, status = ${state.status},
                  consultant_id = ${registration?.consultantId ?? null}, referrer_id = ${registration?.referrer.id ?? null},
                  state = ${json}::jsonb
                WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}
                  AND referral_id = ${referralId} AND version = ${append.expectedVersion}
                RETURNING referral_id`
        if (written.length === 0) {
          const current = yield* sql<{ readonly version: number }>`SELECT version FROM jipan_referrals
            WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND referral_id = ${referralId}`
          const actual = current[0]?.version ?? 0
          return yield* new VersionConflict({
            id: referralId,
            expected: append.expectedVersion,
            actual,
            message: `Referral ${referralId} is at version ${actual}, not ${append.expectedVersion}: reload and decide again`
          })
        }
        const events = append.events.map((event, i) => ({
          version: append.expectedVersion + i + 1,
          event: JSON.stringify(event)
        }))
        // the history and the referral's report row (once registered) in one statement
        const reportRow = reportReferralOf(tenant, state)
        const report = reportRow === undefined ? [] : [referralRecord(reportRow)]
        yield* sql`WITH history AS (
            INSERT INTO jipan_referral_events (dealer_group_id, store_id, referral_id, version, event)
            SELECT ${tenant.dealerGroupId}, ${tenant.storeId}, ${referralId}, version, event::jsonb
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(version integer, event text)
          )
          INSERT INTO jipan_report_referrals (dealer_group_id, store_id, referral_id, registered_on, consultant_id, report)
          SELECT ${tenant.dealerGroupId}, ${tenant.storeId}, referral_id, registered_on, consultant_id, report
          FROM jsonb_to_recordset(${JSON.stringify(report)}::jsonb)
            AS x(referral_id text, registered_on date, consultant_id text, report jsonb)
          ON CONFLICT (dealer_group_id, store_id, referral_id) DO UPDATE SET registered_on = EXCLUDED.registered_on,
            consultant_id = EXCLUDED.consultant_id, report = EXCLUDED.report`
        for (const entry of append.ledger) {
          yield* sql`INSERT INTO jipan_ledger (dealer_group_id, store_id, entry_id, referral_id, referrer_id,
              consultant_id, month, entry)
            VALUES (${tenant.dealerGroupId}, ${tenant.storeId}, ${entry.entryId}, ${entry.referralId},
              ${entry.referrerId}, ${registration?.consultantId ?? null}, ${entry.on.slice(0, 7)},
              ${JSON.stringify(entry)}::jsonb)`.pipe(
            Effect.catchIf(isUniqueViolation, () =>
              Effect.fail(
                new StoreError({
                  reason: "Duplicate",
                  id: entry.entryId,
                  message: `Ledger entry ${entry.entryId} is already in the ledger (entries are never rewritten)`
                })
              )
            )
          )
        }
      }).pipe(sql.withTransaction, orStoreError(append.referralId)),

    ledger: (scope, query) =>
      Effect.gen(function* () {
        const where = [
          tenantWhere(sql, scope),
          ...(query.month === undefined ? [] : [sql`month = ${query.month}`]),
          ...(query.referrerId === undefined ? [] : [sql`referrer_id = ${query.referrerId}`]),
          ...(query.consultantId === undefined ? [] : [sql`consultant_id = ${query.consultantId}`])
        ]
        const rows =
          yield* sql`SELECT dealer_group_id, store_id, entry_id, consultant_id, entry FROM jipan_ledger
          WHERE ${sql.and(where)} ORDER BY seq`
        return yield* Effect.forEach(rows, (raw) =>
          Effect.map(
            decodeLedgerRow(raw),
            (r): LedgerRow => ({
              tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
              consultantId: r.consultant_id ?? undefined,
              entry: r.entry
            })
          )
        )
      }).pipe(orStoreError())
  })

// -----------------------------------------------------------------------------
// the outbox
// -----------------------------------------------------------------------------

const OutboxRow = Schema.Struct({
  dealer_group_id: DealerGroupId,
  store_id: StoreId,
  id: Schema.String,
  idempotency_key: Schema.String,
  topic: Schema.String,
  recipient: Schema.String,
  payload: Schema.Unknown,
  available_at: Schema.Finite,
  status: Schema.Literals(["pending", "sent", "dead", "skipped"]),
  attempts: Schema.Int,
  last_error: nullable(Schema.String)
})
const decodeOutboxRow = decodeRow(OutboxRow, "outbox", "id")

const outboxColumns = `dealer_group_id, store_id, id, idempotency_key, topic, recipient, payload, available_at,
  status, attempts, last_error`

const messageOfRow = (r: typeof OutboxRow.Type): OutboxMessage => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
  topic: r.topic,
  recipient: r.recipient,
  payload: r.payload,
  availableAt: r.available_at,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error ?? undefined
})

const makeOutbox = (sql: SqlClient.SqlClient) =>
  Outbox.of({
    enqueue: (messages) =>
      Effect.gen(function* () {
        if (messages.length === 0) return
        const rows = messages.map((m) => ({
          dealer_group_id: m.tenant.dealerGroupId,
          store_id: m.tenant.storeId,
          id: m.id,
          idempotency_key: m.idempotencyKey,
          topic: m.topic,
          recipient: m.recipient,
          payload: JSON.stringify(m.payload ?? null),
          available_at: m.availableAt,
          status: m.status,
          attempts: m.attempts,
          last_error: m.lastError ?? null
        }))
        yield* sql`INSERT INTO jipan_outbox (dealer_group_id, store_id, id, idempotency_key, topic, recipient,
            payload, available_at, status, attempts, last_error)
          SELECT dealer_group_id, store_id, id, idempotency_key, topic, recipient, payload::jsonb, available_at,
            status, attempts, last_error
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(dealer_group_id text, store_id text, id text,
            idempotency_key text, topic text, recipient text, payload text, available_at double precision,
            status text, attempts integer, last_error text)
          ON CONFLICT DO NOTHING`
      }).pipe(orStoreError()),
    pending: (scope, now, limit) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(outboxColumns)} FROM jipan_outbox
          WHERE ${tenantWhere(sql, scope)} AND status = 'pending' AND available_at <= ${now}
          ORDER BY available_at, seq LIMIT ${Math.max(0, Math.floor(limit))}`
        return yield* Effect.forEach(rows, (r) => Effect.map(decodeOutboxRow(r), messageOfRow))
      }).pipe(orStoreError()),
    markSent: (tenant, id) =>
      sql`UPDATE jipan_outbox SET status = 'sent', attempts = attempts + 1
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`.pipe(
        Effect.asVoid,
        orStoreError(id)
      ),
    markFailed: (tenant, id, failure) =>
      (failure.retryAt === undefined
        ? sql`UPDATE jipan_outbox SET status = 'dead', attempts = attempts + 1, last_error = ${failure.error}
            WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`
        : sql`UPDATE jipan_outbox SET status = 'pending', attempts = attempts + 1, last_error = ${failure.error},
              available_at = ${failure.retryAt}
            WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`
      ).pipe(Effect.asVoid, orStoreError(id)),
    list: (scope, status) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT ${sql.literal(outboxColumns)} FROM jipan_outbox
          WHERE ${tenantWhere(sql, scope)} ${status === undefined ? sql.literal("") : sql`AND status = ${status}`}
          ORDER BY seq`
        return yield* Effect.forEach(rows, (r) => Effect.map(decodeOutboxRow(r), messageOfRow))
      }).pipe(orStoreError()),
    // One statement: concurrent dispatchers skip the rows another has locked, and the lease moves
    // available_at forward so nobody else claims them until it runs out.
    claim: ({ now, limit, leaseMs, claimant }) =>
      Effect.gen(function* () {
        const rows = yield* sql`UPDATE jipan_outbox AS o SET available_at = ${now + leaseMs},
            claimed_by = ${claimant ?? null}
          FROM (
            SELECT dealer_group_id, store_id, id FROM jipan_outbox
            WHERE status = 'pending' AND available_at <= ${now}
            ORDER BY available_at, seq
            LIMIT ${Math.max(0, Math.floor(limit))}
            FOR UPDATE SKIP LOCKED
          ) AS due
          WHERE o.dealer_group_id = due.dealer_group_id AND o.store_id = due.store_id AND o.id = due.id
          RETURNING ${sql.literal(outboxColumns.replace(/(\w+)/g, "o.$1"))}, o.seq`
        const sorted = [...rows].sort((a, b) => Number(a.seq) - Number(b.seq))
        return yield* Effect.forEach(sorted, (r) => Effect.map(decodeOutboxRow(r), messageOfRow))
      }).pipe(orStoreError()),
    // One statement for the whole batch; a row settles only while pending and (with a claimant)
    // still held by that claimant, the rest come back as lost.
    settle: (settlements, options) =>
      Effect.gen(function* () {
        if (settlements.length === 0) return { settled: 0, lost: [] }
        const byKey = new Map<string, OutboxSettlement>()
        for (const s of settlements)
          byKey.set(`${s.tenant.dealerGroupId}\u0000${s.tenant.storeId}\u0000${s.id}`, s)
        const rows = [...byKey.values()].map((s) => ({
          dealer_group_id: s.tenant.dealerGroupId,
          store_id: s.tenant.storeId,
          id: s.id,
          tag: s.outcome._tag,
          error:
            s.outcome._tag === "Failed"
              ? s.outcome.error
              : s.outcome._tag === "Sent"
                ? null
                : s.outcome.reason,
          at:
            s.outcome._tag === "Deferred"
              ? s.outcome.until
              : s.outcome._tag === "Failed"
                ? (s.outcome.retryAt ?? null)
                : null
        }))
        const claimant = options?.claimant ?? null
        const done = yield* sql`UPDATE jipan_outbox AS o SET
            status = CASE s.tag WHEN 'Sent' THEN 'sent' WHEN 'Skipped' THEN 'skipped'
              WHEN 'Failed' THEN CASE WHEN s.at IS NULL THEN 'dead' ELSE 'pending' END ELSE o.status END,
            attempts = o.attempts + CASE WHEN s.tag IN ('Sent', 'Failed') THEN 1 ELSE 0 END,
            last_error = CASE WHEN s.tag = 'Sent' THEN o.last_error ELSE s.error END,
            available_at = CASE WHEN s.at IS NULL THEN o.available_at ELSE s.at END,
            claimed_by = NULL
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS s(dealer_group_id text, store_id text, id text,
            tag text, error text, at double precision)
          WHERE o.dealer_group_id = s.dealer_group_id AND o.store_id = s.store_id AND o.id = s.id
            AND o.status = 'pending' AND (${claimant}::text IS NULL OR o.claimed_by = ${claimant}::text)
          RETURNING o.dealer_group_id, o.store_id, o.id`
        const ok = new Set(done.map((r) => `${r.dealer_group_id}\u0000${r.store_id}\u0000${r.id}`))
        const lost = [...byKey.entries()].filter(([k]) => !ok.has(k)).map(([, s]) => s.id)
        return { settled: ok.size, lost }
      }).pipe(orStoreError()),
    markSkipped: (tenant, id, reason) =>
      sql`UPDATE jipan_outbox SET status = 'skipped', last_error = ${reason}
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`.pipe(
        Effect.asVoid,
        orStoreError(id)
      )
  })

// -----------------------------------------------------------------------------
// the report source
// -----------------------------------------------------------------------------

const reportEventRows = scopedRows(
  ReportEventRow,
  ReportEventBody,
  "report event",
  reportEventOfRow,
  reportEventOf
)
const dueSpanRows = scopedRows(DueSpanRow, DueSpanBody, "due span", dueSpanOfRow, dueSpanOf)
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

// Orders as the in-memory store does: by code point, whatever the database's collation.
const byText = (column: string) => `${column} COLLATE "C"`

const optionalWhere = (sql: SqlClient.SqlClient, column: string, value: string | undefined): Fragment =>
  value === undefined ? sql.literal("") : sql`AND ${sql.literal(column)} = ${value}`

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
    sql`(status = 'defeatRequested' AND status_since < ${f.defeatRequestedBefore})`
  ]
  if (f.phones.length > 0)
    arms.push(sql`phone = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(f.phones)}::jsonb)))`)
  return sql`(${sql.or(arms)})`
}

const makeReportSource = (sql: SqlClient.SqlClient) =>
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

    // bounded by each card row's version, as a load is (see loadHistory)
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
        const histories = new Map<
          string,
          { version: number; history: Array<CardHistory["history"][number]> }
        >()
        for (const raw of rows) {
          const row = yield* decodeHistoryRow(raw)
          const entry = histories.get(row.card_id) ?? { version: row.card_version, history: [] }
          histories.set(row.card_id, entry)
          if (row.version !== entry.history.length + 1)
            return yield* malformed(
              "card event",
              row.card_id,
              `version ${row.version} where ${entry.history.length + 1} was expected`
            )
          const event = decodeCardEvent(row.event)
          if (Result.isFailure(event))
            return yield* malformed(
              "card event",
              row.card_id,
              `version ${row.version}: ${event.failure.message}`
            )
          entry.history.push(event.success)
        }
        const out: Array<CardHistory> = []
        for (const cardId of wanted) {
          const entry = histories.get(cardId)
          if (entry === undefined) continue
          if (entry.history.length !== entry.version)
            return yield* malformed(
              "card",
              cardId,
              `version ${entry.version} but ${entry.history.length} events`
            )
          out.push({ tenant, cardId, history: entry.history })
        }
        return out
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
          ORDER BY ${sql.literal(byText("store_id"))}, ${sql.literal(byText("card_id"))}`
        return yield* cardFactsRows.decode(scope, rows)
      }).pipe(orStoreError()),

    // idempotent by (tenant, visit id): the first entry stays, in the database and in a batch
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
          ON CONFLICT DO NOTHING`
      }).pipe(orStoreError()),

    visitsOn: (scope, range, options) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT visit_id, visit FROM jipan_showroom_visits
          WHERE ${tenantWhere(sql, scope)} AND on_date BETWEEN ${range.from}::date AND ${range.to}::date
            ${optionalWhere(sql, "consultant_id", options?.consultant)}
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

// -----------------------------------------------------------------------------
// policy documents
// -----------------------------------------------------------------------------

const makePolicyStore = (sql: SqlClient.SqlClient) =>
  PolicyStore.of({
    put: (document) =>
      sql`INSERT INTO jipan_policy_documents (dealer_group_id, policy_id, version, store_id, effective_from, document)
        VALUES (${document.scope.dealerGroupId}, ${document.policyId}, ${document.version},
          ${document.scope.storeId ?? null}, ${document.effectiveFrom}::date, ${JSON.stringify(document)}::jsonb)`.pipe(
        Effect.asVoid,
        Effect.catchIf(isUniqueViolation, () =>
          Effect.fail(
            new StoreError({
              reason: "Duplicate",
              id: `${document.policyId}@${document.version}`,
              message: `Policy ${document.policyId} version ${document.version} is already stored (versions are immutable)`
            })
          )
        ),
        orStoreError(document.policyId)
      ),
    documents: (dealerGroupId) =>
      Effect.gen(function* () {
        const rows = yield* sql<{
          readonly policy_id: string
          readonly version: number
          readonly document: unknown
        }>`
          SELECT policy_id, version, document FROM jipan_policy_documents
          WHERE dealer_group_id = ${dealerGroupId} ORDER BY policy_id, version`
        return yield* Effect.forEach(rows, (row) => {
          const d = decodePolicyDocument(row.document)
          return Result.isSuccess(d)
            ? Effect.succeed(d.success)
            : Effect.fail(malformed("policy document", `${row.policy_id}@${row.version}`, d.failure.message))
        })
      }).pipe(orStoreError())
  })

// -----------------------------------------------------------------------------
// constructors
// -----------------------------------------------------------------------------

// -----------------------------------------------------------------------------
// delivery receipts
// -----------------------------------------------------------------------------

const SubmissionRow = Schema.Struct({
  provider: Schema.String,
  provider_message_id: Schema.String,
  phone: Schema.String,
  dealer_group_id: DealerGroupId,
  store_id: StoreId,
  message_id: Schema.String,
  idempotency_key: Schema.String,
  template_id: nullable(Schema.String),
  at: Schema.Number
})
const decodeSubmissionRow = decodeRow(SubmissionRow, "provider submission", "provider_message_id")
const ReceiptRow = Schema.Struct({
  provider: Schema.String,
  provider_message_id: Schema.String,
  phone: Schema.String,
  dealer_group_id: DealerGroupId,
  store_id: StoreId,
  message_id: Schema.String,
  status: Schema.Literals(["delivered", "failed"]),
  code: Schema.String,
  description: nullable(Schema.String),
  reported_at: Schema.String
})
const decodeReceiptRows = decodeRows(ReceiptRow, "delivery receipt", "provider_message_id")

const makeDeliveryReceipts = (sql: SqlClient.SqlClient) =>
  DeliveryReceipts.of({
    submitted: (s) =>
      sql`INSERT INTO jipan_provider_submissions (provider, provider_message_id, phone, dealer_group_id, store_id,
          message_id, idempotency_key, template_id, at)
        VALUES (${s.provider}, ${s.providerMessageId}, ${s.phone}, ${s.tenant.dealerGroupId}, ${s.tenant.storeId},
          ${s.messageId}, ${s.idempotencyKey}, ${s.templateId ?? null}, ${s.at})
        ON CONFLICT DO NOTHING`.pipe(Effect.asVoid, orStoreError(s.messageId)),
    lookup: (provider, providerMessageId, phone) =>
      Effect.gen(function* () {
        const rows =
          yield* sql`SELECT provider, provider_message_id, phone, dealer_group_id, store_id, message_id,
            idempotency_key, template_id, at
          FROM jipan_provider_submissions
          WHERE provider = ${provider} AND provider_message_id = ${providerMessageId} AND phone = ${phone}`
        if (rows.length === 0) return Option.none()
        const r = yield* decodeSubmissionRow(rows[0])
        return Option.some<ProviderSubmission>({
          provider: r.provider,
          providerMessageId: r.provider_message_id,
          phone: r.phone,
          tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
          messageId: r.message_id,
          idempotencyKey: r.idempotency_key,
          templateId: r.template_id ?? undefined,
          at: r.at
        })
      }).pipe(orStoreError()),
    record: (r) =>
      sql`INSERT INTO jipan_delivery_receipts (provider, provider_message_id, phone, dealer_group_id, store_id,
          message_id, status, code, description, reported_at)
        VALUES (${r.provider}, ${r.providerMessageId}, ${r.phone}, ${r.tenant.dealerGroupId}, ${r.tenant.storeId},
          ${r.messageId}, ${r.status}, ${r.code}, ${r.description ?? null}, ${r.reportedAt})
        ON CONFLICT DO NOTHING`.pipe(Effect.asVoid, orStoreError(r.messageId)),
    list: (scope, messageId) =>
      Effect.gen(function* () {
        const rows =
          yield* sql`SELECT provider, provider_message_id, phone, dealer_group_id, store_id, message_id,
            status, code, description, reported_at
          FROM jipan_delivery_receipts
          WHERE ${tenantWhere(sql, scope)} ${messageId === undefined ? sql.literal("") : sql`AND message_id = ${messageId}`}
          ORDER BY seq`
        return yield* decodeReceiptRows(
          rows,
          (r): DeliveryReceipt => ({
            provider: r.provider,
            providerMessageId: r.provider_message_id,
            phone: r.phone,
            tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
            messageId: r.message_id,
            status: r.status,
            code: r.code,
            description: r.description ?? undefined,
            reportedAt: r.reported_at
          })
        )
      }).pipe(orStoreError())
  })

/**
 * Builds every port on the current `SqlClient` (the tables must exist: see `Migrations`).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CardStore } from "@jipan/core"
 * import { SqlStore } from "@jipan/store-sql"
 * const program = Effect.gen(function* () {
 *   const context = yield* SqlStore.make
 *   return Context.get(context, CardStore)
 * })
 * ```
 */
export const make: Effect.Effect<Context.Context<JipanStore>, never, SqlClient.SqlClient> = Effect.map(
  Effect.service(SqlClient.SqlClient),
  (sql) =>
    // every port call is a span with the tenant and the card or referral id (never a phone)
    Context.make(CardStore, tracedPort("cards", makeCardStore(sql), aggregateCallIds)).pipe(
      Context.add(ReferralStore, tracedPort("referrals", makeReferralStore(sql), aggregateCallIds)),
      Context.add(Outbox, tracedPort("outbox", makeOutbox(sql))),
      Context.add(PolicyStore, tracedPort("policies", makePolicyStore(sql))),
      Context.add(ReportSource, tracedPort("reports", makeReportSource(sql))),
      Context.add(
        DeliveryReceipts,
        tracedPort("receipts", makeDeliveryReceipts(sql), { lookup: () => ({}) })
      ),
      Context.add(
        StoreTransaction,
        StoreTransaction.of({
          withTransaction: (effect) => sql.withTransaction(effect).pipe(orStoreError())
        })
      )
    )
)

/**
 * Every Jipan port on the `SqlClient` the layer is given. Does not migrate: provide
 * `Migrations.layer` too (the PGlite and PostgreSQL packages' layers do both).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Migrations, SqlStore } from "@jipan/store-sql"
 * const Store = Layer.provideMerge(SqlStore.layer, Migrations.layer) // then provide a SqlClient
 * ```
 */
export const layer: Layer.Layer<JipanStore, never, SqlClient.SqlClient> = Layer.effectContext(make)
