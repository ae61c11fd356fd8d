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
  foldReferral,
  LedgerEntry,
  type LedgerRow,
  type ReferralEvent,
  ReferralStore,
  StoreError
} from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { referralRecord } from "./ReportRowsWritten.js"
import { decodeRow, nullable, tenantFields, tenantOf } from "./RowDecoding.js"
import { tenantWhere } from "./SqlFragments.js"
import { isUniqueViolation, malformed, orStoreError, staleVersion } from "./StoreErrors.js"

const ReferralEventShape = Schema.Struct({ _tag: Schema.String, on: CalendarDate })
const isReferralEvent = Schema.is(ReferralEventShape)

const LedgerDbRow = Schema.Struct({
  ...tenantFields,
  entry_id: Schema.String,
  consultant_id: nullable(ConsultantId),
  entry: LedgerEntry
})
const decodeLedgerRow = decodeRow(LedgerDbRow, "ledger", "entry_id")
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
        if (written.length === 0)
          return yield* staleVersion(
            sql,
            { table: "jipan_referrals", idColumn: "referral_id", noun: "Referral" },
            tenant,
            referralId,
            append.expectedVersion
          )
        const events = append.events.map((event, i) => ({
          version: append.expectedVersion + i + 1,
          event: JSON.stringify(event)
        }))
        // the history and the referral's report row (once registered) in one statement
        // the report row comes made by the core (append.report): the store only writes it
        const report = append.report === undefined ? [] : [referralRecord(append.report)]
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
              tenant: tenantOf(r),
              consultantId: r.consultant_id ?? undefined,
              entry: r.entry
            })
          )
        )
      }).pipe(orStoreError())
  })
