/**
 * The outbox on an effect/sql `SqlClient`: messages written in the command's transaction, claimed
 * by dispatchers with a lease (`FOR UPDATE SKIP LOCKED`) and settled in one statement a batch.
 *
 * @since 0.1.0
 */
import { Outbox, type OutboxMessage, type OutboxSettlement, outboxSubjectsOf } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { decodeRow, nullable, tenantFields, tenantOf } from "./RowDecoding.js"
import { tenantWhere } from "./SqlFragments.js"
import { orStoreError } from "./StoreErrors.js"

const OutboxRow = Schema.Struct({
  ...tenantFields,
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
  tenant: tenantOf(r),
  topic: r.topic,
  recipient: r.recipient,
  payload: r.payload,
  availableAt: r.available_at,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error ?? undefined
})
/**
 * The outbox on a `SqlClient` (the tables must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): Outbox["Service"] =>
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
          last_error: m.lastError ?? null,
          // what Outbox.about finds the message by (18_erasure_lookups)
          subjects: outboxSubjectsOf(m)
        }))
        yield* sql`INSERT INTO jipan_outbox (dealer_group_id, store_id, id, idempotency_key, topic, recipient,
            payload, available_at, status, attempts, last_error, subjects)
          SELECT dealer_group_id, store_id, id, idempotency_key, topic, recipient, payload::jsonb, available_at,
            status, attempts, last_error, ARRAY(SELECT jsonb_array_elements_text(subjects))
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(dealer_group_id text, store_id text, id text,
            idempotency_key text, topic text, recipient text, payload text, available_at double precision,
            status text, attempts integer, last_error text, subjects jsonb)
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
    // by the indexes of 18_erasure_lookups: (group, recipient) and the GIN index on the subjects
    about: (scope, query) =>
      Effect.gen(function* () {
        const recipients = [...new Set(query.recipients)]
        const subjects = [...new Set(query.subjects)]
        if (recipients.length === 0 && subjects.length === 0) return []
        const rows = yield* sql`SELECT ${sql.literal(outboxColumns)} FROM jipan_outbox
          WHERE ${tenantWhere(sql, scope)}
            AND (recipient = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(recipients)}::jsonb)))
              OR subjects && ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(subjects)}::jsonb)))
          ORDER BY seq`
        return yield* Effect.forEach(rows, (r) => Effect.map(decodeOutboxRow(r), messageOfRow))
      }).pipe(orStoreError()),
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
    // an erasure: the payloads go, the message rows stay (ids, topics, recipients, times, attempts)
    // so the counts and the delivery trail hold; what was still pending is never sent
    redact: (tenant, ids) =>
      Effect.gen(function* () {
        const wanted = [...new Set(ids)]
        if (wanted.length === 0) return
        yield* sql`UPDATE jipan_outbox SET payload = '{"erased":true}'::jsonb, subjects = '{}', last_error = 'erased',
            status = CASE WHEN status = 'pending' THEN 'skipped' ELSE status END
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}
            AND id = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb)))`
      }).pipe(orStoreError()),
    markSkipped: (tenant, id, reason) =>
      sql`UPDATE jipan_outbox SET status = 'skipped', last_error = ${reason}
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`.pipe(
        Effect.asVoid,
        orStoreError(id)
      )
  })
