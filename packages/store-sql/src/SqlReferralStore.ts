/**
 * The referral store on an effect/sql `SqlClient`: referrals with their history, their report row
 * and the reward ledger, written in one transaction with an optimistic version; ledger entries
 * are never rewritten.
 *
 * @since 0.1.0
 */
import {
  CalendarDate,
  ConsultantId,
  type FoundReferral,
  foldReferral,
  LedgerEntry,
  type LedgerRow,
  type ReferralEvent,
  ReferralId,
  type ReferralRewrite,
  type ReferralState,
  ReferralStore,
  referralPageLimit,
  type StoredReferral,
  StoreError,
  type Tenant
} from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { referralRecord } from "./ReportRowsWritten.js"
import { decodeRow, nullable, tenantFields, tenantOf } from "./RowDecoding.js"
import { byText, tenantWhere, xactLock } from "./SqlFragments.js"
import { atomically } from "./SqlStoreTransaction.js"
import { isUniqueViolation, malformed, orStoreError, rewriteRefused, staleVersion } from "./StoreErrors.js"

const ReferralEventShape = Schema.Struct({ _tag: Schema.String, on: CalendarDate })
const isReferralEvent = Schema.is(ReferralEventShape)

const LedgerDbRow = Schema.Struct({
  ...tenantFields,
  entry_id: Schema.String,
  consultant_id: nullable(ConsultantId),
  entry: LedgerEntry
})
const decodeLedgerRow = decodeRow(LedgerDbRow, "ledger", "entry_id")

// a found referral's history, row by row: its key, the referral row's version, one event
const FoundEventRow = Schema.Struct({
  ...tenantFields,
  referral_id: ReferralId,
  row_version: Schema.Int,
  version: nullable(Schema.Int),
  event: Schema.Unknown
})
const decodeFoundEventRow = decodeRow(FoundEventRow, "referral event", "referral_id")

/** A history read back row by row: each event the next version, in the shape of a referral event. */
const pushReferralEvent = (
  history: Array<ReferralEvent>,
  referralId: string,
  version: number,
  event: unknown
): StoreError | undefined => {
  if (version !== history.length + 1 || !isReferralEvent(event))
    return malformed("referral event", referralId, `version ${version} is not a referral event`)
  history.push(event as ReferralEvent)
  return undefined
}

/** A referral row's query columns of a state (what `find` filters on: 12_referral_lookups, 18_erasure_lookups). */
const referralColumns = (state: ReferralState) => ({
  consultant_id: state.registration?.consultantId ?? null,
  referrer_id: state.registration?.referrer.id ?? null,
  referee_phone: state.registration?.referee.phone ?? null,
  referrer_phone: state.registration?.referrer.phone ?? null,
  referee_card_store_id: state.refereeCard?.storeId ?? null,
  referee_card_id: state.refereeCard?.cardId ?? null
})

/** A referral's history rows (in version order) as the stored referral, none without rows. */
const storedOf = (
  tenant: Tenant,
  referralId: ReferralId,
  rows: ReadonlyArray<{ readonly version: number; readonly event: unknown }>
) => {
  if (rows.length === 0) return Effect.succeed(Option.none<StoredReferral>())
  const history: Array<ReferralEvent> = []
  for (const row of rows) {
    const problem = pushReferralEvent(history, referralId, row.version, row.event)
    if (problem !== undefined) return Effect.fail(problem)
  }
  const state = foldReferral(history)
  return Effect.succeed(
    Option.some<StoredReferral>({ tenant, referralId, state, version: state.version, history })
  )
}

/**
 * The referral store on a `SqlClient` (the tables must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): ReferralStore["Service"] =>
  ReferralStore.of({
    load: (tenant, referralId) =>
      Effect.gen(function* () {
        const rows = yield* sql<{ readonly version: number; readonly event: unknown }>`SELECT version, event
          FROM jipan_referral_events
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND referral_id = ${referralId}
          ORDER BY version`
        return yield* storedOf(tenant, referralId, rows)
      }).pipe(orStoreError(referralId)),

    // the lock first, then the history (a LEFT JOIN: the lock holds whether or not the referral
    // exists), read on the statement's snapshot, which the append's version check makes safe
    loadLocked: (tenant, referralId, lockKey) =>
      Effect.gen(function* () {
        const rows = yield* sql<{
          readonly version: number | null
          readonly event: unknown
        }>`SELECT e.version, e.event
          FROM (SELECT ${xactLock(sql, lockKey)}) AS held
          LEFT JOIN jipan_referral_events AS e ON e.dealer_group_id = ${tenant.dealerGroupId}
            AND e.store_id = ${tenant.storeId} AND e.referral_id = ${referralId}
          ORDER BY e.version`
        return yield* storedOf(
          tenant,
          referralId,
          rows.flatMap((r) => (r.version === null ? [] : [{ version: r.version, event: r.event }]))
        )
      }).pipe(orStoreError(referralId)),

    append: (append) =>
      Effect.gen(function* () {
        const { tenant, referralId, state } = append
        if (append.events.length === 0) return
        const registration = state.registration
        const json = JSON.stringify(state)
        // the query columns find filters on (12_referral_lookups)
        const columns = referralColumns(state)
        const refereePhone = columns.referee_phone
        const referrerPhone = columns.referrer_phone
        const cardStoreId = columns.referee_card_store_id
        const cardId = columns.referee_card_id
        const g = tenant.dealerGroupId
        const st = tenant.storeId
        const row =
          append.expectedVersion === 0
            ? sql`INSERT INTO jipan_referrals (dealer_group_id, store_id, referral_id, version, status,
                  consultant_id, referrer_id, referee_phone, referrer_phone, referee_card_store_id, referee_card_id,
                  state)
                VALUES (${g}, ${st}, ${referralId}, ${state.version}, ${state.status},
                  ${registration?.consultantId ?? null}, ${registration?.referrer.id ?? null}, ${refereePhone},
                  ${referrerPhone}, ${cardStoreId}, ${cardId}, ${json}::jsonb)
                ON CONFLICT DO NOTHING RETURNING referral_id`
            : sql`UPDATE jipan_referrals SET version = ${state.version}, status = ${state.status},
                  consultant_id = ${registration?.consultantId ?? null}, referrer_id = ${registration?.referrer.id ?? null},
                  referee_phone = ${refereePhone}, referrer_phone = ${referrerPhone}, referee_card_store_id = ${cardStoreId}, referee_card_id = ${cardId},
                  state = ${json}::jsonb
                WHERE dealer_group_id = ${g} AND store_id = ${st}
                  AND referral_id = ${referralId} AND version = ${append.expectedVersion}
                RETURNING referral_id`
        const events = append.events.map((event, i) => ({
          version: append.expectedVersion + i + 1,
          event: JSON.stringify(event)
        }))
        // the report row comes made by the core (append.report): the store only writes it
        const report = append.report === undefined ? [] : [referralRecord(append.report)]
        // the referral row's conditional write (the expected version), then only if it wrote: the
        // history and the referral's report row (once registered); one statement, one round trip
        const written = yield* sql<{ readonly referral_id: string }>`WITH referral AS (${row}), history AS (
            INSERT INTO jipan_referral_events (dealer_group_id, store_id, referral_id, version, event)
            SELECT ${g}, ${st}, ${referralId}, version, event::jsonb
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(version integer, event text)
            WHERE EXISTS (SELECT 1 FROM referral)
          ), report AS (
            INSERT INTO jipan_report_referrals (dealer_group_id, store_id, referral_id, registered_on, consultant_id,
              report)
            SELECT ${g}, ${st}, referral_id, registered_on, consultant_id, report
            FROM jsonb_to_recordset(${JSON.stringify(report)}::jsonb)
              AS x(referral_id text, registered_on date, consultant_id text, report jsonb)
            WHERE EXISTS (SELECT 1 FROM referral)
            ON CONFLICT (dealer_group_id, store_id, referral_id) DO UPDATE SET registered_on = EXCLUDED.registered_on,
              consultant_id = EXCLUDED.consultant_id, report = EXCLUDED.report
          )
          SELECT referral_id FROM referral`
        if (written.length === 0)
          return yield* staleVersion(
            sql,
            { table: "jipan_referrals", idColumn: "referral_id", noun: "Referral" },
            tenant,
            referralId,
            append.expectedVersion
          )
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
      }).pipe(
        // the ledger entries are statements of their own: with them, in one transaction
        (write) => (append.ledger.length === 0 ? write : atomically(sql, write)),
        orStoreError(append.referralId)
      ),

    // An erasure: the history in place (same versions), the referral row and its query columns
    // (the referee's phone among them) and its report row (r.report; none when undefined); the
    // ledger stays as it is (no personal field). The conditional write also checks the stored
    // history's length, so a stale version or another length writes nothing.
    rewrite: (rewrite: ReferralRewrite) =>
      Effect.gen(function* () {
        const { tenant, referralId, state } = rewrite
        const columns = referralColumns(state)
        const g = tenant.dealerGroupId
        const st = tenant.storeId
        const keepsVersion = sql.literal(state.version === rewrite.version ? "TRUE" : "FALSE")
        const wrote = sql.literal("EXISTS (SELECT 1 FROM referral)")
        const events = rewrite.events.map((event, i) => ({ version: i + 1, event: JSON.stringify(event) }))
        const report = rewrite.report === undefined ? [] : [referralRecord(rewrite.report)]
        const written = yield* sql<{ readonly referral_id: string }>`WITH referral AS (
            UPDATE jipan_referrals SET status = ${state.status}, consultant_id = ${columns.consultant_id},
              referrer_id = ${columns.referrer_id}, referee_phone = ${columns.referee_phone},
              referrer_phone = ${columns.referrer_phone},
              referee_card_store_id = ${columns.referee_card_store_id}, referee_card_id = ${columns.referee_card_id},
              state = ${JSON.stringify(state)}::jsonb
            WHERE dealer_group_id = ${g} AND store_id = ${st} AND referral_id = ${referralId}
              AND version = ${rewrite.version} AND ${keepsVersion}
              AND (SELECT count(*) FROM jipan_referral_events e
                WHERE e.dealer_group_id = ${g} AND e.store_id = ${st} AND e.referral_id = ${referralId})
                = ${events.length}
            RETURNING referral_id
          ), history AS (
            UPDATE jipan_referral_events AS e SET event = x.event::jsonb
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(version integer, event text)
            WHERE e.dealer_group_id = ${g} AND e.store_id = ${st} AND e.referral_id = ${referralId}
              AND e.version = x.version AND ${wrote}
          ), report_gone AS (
            DELETE FROM jipan_report_referrals AS r
            WHERE r.dealer_group_id = ${g} AND r.store_id = ${st} AND r.referral_id = ${referralId}
              AND ${wrote} AND ${sql.literal(report.length === 0 ? "TRUE" : "FALSE")}
          ), report AS (
            INSERT INTO jipan_report_referrals (dealer_group_id, store_id, referral_id, registered_on, consultant_id,
              report)
            SELECT ${g}, ${st}, referral_id, registered_on, consultant_id, report
            FROM jsonb_to_recordset(${JSON.stringify(report)}::jsonb)
              AS x(referral_id text, registered_on date, consultant_id text, report jsonb)
            WHERE ${wrote}
            ON CONFLICT (dealer_group_id, store_id, referral_id) DO UPDATE SET registered_on = EXCLUDED.registered_on,
              consultant_id = EXCLUDED.consultant_id, report = EXCLUDED.report
          )
          SELECT referral_id FROM referral`
        if (written.length === 0)
          return yield* rewriteRefused(
            sql,
            {
              table: "jipan_referrals",
              eventsTable: "jipan_referral_events",
              idColumn: "referral_id",
              noun: "Referral"
            },
            tenant,
            referralId,
            { version: rewrite.version, events: events.length, stateVersion: state.version }
          )
      }).pipe(orStoreError(rewrite.referralId)),

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
              tenant: tenantOf(r),
              consultantId: r.consultant_id ?? undefined,
              entry: r.entry
            })
          )
        )
      }).pipe(orStoreError()),

    find: (scope, query) =>
      Effect.gen(function* () {
        const limit = referralPageLimit(query)
        const after = query.after
        const where = [
          tenantWhere(sql, scope),
          // registered: every stored referral is (Register is its first command); the phone is the registration's
          sql`referee_phone IS NOT NULL`,
          ...(query.refereePhone === undefined ? [] : [sql`referee_phone = ${query.refereePhone}`]),
          ...(query.referrerPhone === undefined ? [] : [sql`referrer_phone = ${query.referrerPhone}`]),
          ...(query.referrerId === undefined ? [] : [sql`referrer_id = ${query.referrerId}`]),
          ...(query.consultantId === undefined ? [] : [sql`consultant_id = ${query.consultantId}`]),
          ...(query.status === undefined
            ? []
            : query.status.length === 0
              ? [sql`FALSE`]
              : [sql.in("status", query.status)]),
          ...(query.refereeCardId === undefined ? [] : [sql`referee_card_id = ${query.refereeCardId}`]),
          ...(after === undefined
            ? []
            : [
                sql`(${sql.literal(`${byText("store_id")}, ${byText("referral_id")}`)}) > (${after.storeId}, ${after.referralId})`
              ])
        ]
        const order = `${byText("store_id")}, ${byText("referral_id")}`
        // one statement, so one snapshot: the page's rows and each one's history up to its version
        const rows = yield* sql`WITH page AS (
            SELECT dealer_group_id, store_id, referral_id, version FROM jipan_referrals
            WHERE ${sql.and(where)} ORDER BY ${sql.literal(order)} LIMIT ${limit + 1}
          )
          SELECT p.dealer_group_id, p.store_id, p.referral_id, p.version AS row_version, e.version, e.event
          FROM page p LEFT JOIN jipan_referral_events e ON e.dealer_group_id = p.dealer_group_id
            AND e.store_id = p.store_id AND e.referral_id = p.referral_id AND e.version <= p.version
          ORDER BY ${sql.literal(`p.${byText("store_id")}, p.${byText("referral_id")}, e.version`)}`
        const found: Array<FoundReferral> = []
        let current:
          | { readonly row: typeof FoundEventRow.Type; readonly history: Array<ReferralEvent> }
          | undefined
        const close = () => {
          if (current === undefined) return undefined
          const { row, history } = current
          if (history.length !== row.row_version)
            return malformed(
              "referral",
              row.referral_id,
              `version ${row.row_version} but ${history.length} events`
            )
          const state = foldReferral(history)
          found.push({ tenant: tenantOf(row), referralId: row.referral_id, version: state.version, state })
          return undefined
        }
        for (const raw of rows) {
          const row = yield* decodeFoundEventRow(raw)
          if (
            current === undefined ||
            current.row.store_id !== row.store_id ||
            current.row.referral_id !== row.referral_id
          ) {
            const problem = close()
            if (problem !== undefined) return yield* problem
            current = { row, history: [] }
          }
          if (row.version === null) continue // no history at all: close() names the referral
          const problem = pushReferralEvent(current.history, row.referral_id, row.version, row.event)
          if (problem !== undefined) return yield* problem
        }
        const problem = close()
        if (problem !== undefined) return yield* problem
        const items = found.slice(0, limit)
        const last = items[items.length - 1]
        return {
          items,
          next:
            found.length > limit && last !== undefined
              ? { storeId: last.tenant.storeId, referralId: last.referralId }
              : undefined
        }
      }).pipe(orStoreError())
  })
