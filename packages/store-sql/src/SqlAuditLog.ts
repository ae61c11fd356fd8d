/**
 * The audit log of personal data on an effect/sql `SqlClient` (`jipan_audit_log`, migration
 * `15_audit_log`): append-only, a record whose id its group already has is ignored (the first
 * stays, in the database and in a batch); read by group in (at, id) order with the filters of the
 * core's `auditMatches`, each record decoded with the core's `AccessRecord`.
 *
 * @since 0.4.0
 */
import { AccessRecord, AuditLog, type AuditPage } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { decodeRows } from "./RowDecoding.js"
import { byText } from "./SqlFragments.js"
import { orStoreError } from "./StoreErrors.js"

const AuditRow = Schema.Struct({ id: Schema.String, record: AccessRecord })
const decodeAuditRows = decodeRows(AuditRow, "audit record", "id")

const DEFAULT_LIMIT = 100

/**
 * The audit log on a `SqlClient` (the table must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): AuditLog["Service"] =>
  AuditLog.of({
    record: (records) =>
      Effect.gen(function* () {
        const seen = new Set<string>()
        const rows = records.flatMap((r) => {
          const k = `${r.dealerGroupId}\u0000${r.id}`
          if (seen.has(k)) return []
          seen.add(k)
          return [
            {
              dealer_group_id: r.dealerGroupId,
              id: r.id,
              store_id: r.storeId ?? null,
              at: r.at,
              action: r.action,
              record: r
            }
          ]
        })
        if (rows.length === 0) return
        yield* sql`INSERT INTO jipan_audit_log (dealer_group_id, id, store_id, at, action, record)
          SELECT dealer_group_id, id, store_id, at, action, record
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(dealer_group_id text, id text,
            store_id text, at double precision, action text, record jsonb)
          ON CONFLICT (dealer_group_id, id) DO NOTHING`
      }).pipe(orStoreError()),

    find: (dealerGroupId, query) =>
      Effect.gen(function* () {
        const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LIMIT))
        const after = query.after
        const where = [
          sql`dealer_group_id = ${dealerGroupId}`,
          ...(query.from === undefined ? [] : [sql`at >= ${query.from}`]),
          ...(query.to === undefined ? [] : [sql`at < ${query.to}`]),
          ...(query.actions === undefined
            ? []
            : query.actions.length === 0
              ? [sql`FALSE`]
              : [sql.in("action", query.actions)]),
          ...(query.storeId === undefined ? [] : [sql`store_id = ${query.storeId}`]),
          ...(after === undefined
            ? []
            : [sql`(at, ${sql.literal(byText("id"))}) > (${after.at}::double precision, ${after.id}::text)`])
        ]
        const rows = yield* sql`SELECT id, record FROM jipan_audit_log
          WHERE ${sql.and(where)}
          ORDER BY at, ${sql.literal(byText("id"))} LIMIT ${limit + 1}`
        const found = yield* decodeAuditRows(rows, (r) => r.record)
        const records = found.slice(0, limit)
        const last = records[records.length - 1]
        const page: AuditPage = {
          records,
          next: found.length > limit && last !== undefined ? { at: last.at, id: last.id } : undefined
        }
        return page
      }).pipe(orStoreError())
  })
