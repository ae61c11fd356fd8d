/**
 * Delivery receipts on an effect/sql `SqlClient`: what was submitted to an SMS provider (to match
 * its receipts to messages) and the receipts it reported, each written once. An erasure
 * (`redactPhone`) gives a person's rows the phone `+0` and no description, in the caller's
 * transaction; the keys that hold the phone hold only the live numbers (`16_erased_receipts`), so
 * erased rows of one provider message never collide, and an erased submission is never matched.
 *
 * @since 0.1.0
 */
import { type DeliveryReceipt, DeliveryReceipts, ERASED_PHONE, type ProviderSubmission } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { decodeRow, decodeRows, nullable, tenantFields, tenantOf } from "./RowDecoding.js"
import { tenantWhere } from "./SqlFragments.js"
import { orStoreError } from "./StoreErrors.js"

const SubmissionRow = Schema.Struct({
  provider: Schema.String,
  provider_message_id: Schema.String,
  phone: Schema.String,
  ...tenantFields,
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
  ...tenantFields,
  message_id: Schema.String,
  status: Schema.Literals(["delivered", "failed"]),
  code: Schema.String,
  description: nullable(Schema.String),
  reported_at: Schema.String
})
const decodeReceiptRows = decodeRows(ReceiptRow, "delivery receipt", "provider_message_id")

/**
 * The delivery receipts on a `SqlClient` (the tables must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): DeliveryReceipts["Service"] =>
  DeliveryReceipts.of({
    submitted: (s) =>
      sql`INSERT INTO jipan_provider_submissions (provider, provider_message_id, phone, dealer_group_id, store_id,
          message_id, idempotency_key, template_id, at)
        VALUES (${s.provider}, ${s.providerMessageId}, ${s.phone}, ${s.tenant.dealerGroupId}, ${s.tenant.storeId},
          ${s.messageId}, ${s.idempotencyKey}, ${s.templateId ?? null}, ${s.at})
        ON CONFLICT DO NOTHING`.pipe(Effect.asVoid, orStoreError(s.messageId)),
    lookup: (provider, providerMessageId, phone) =>
      Effect.gen(function* () {
        // never an erased submission; `<> '+0'` written out, so even a generic plan reads the
        // partial unique index of 16_erased_receipts
        const rows =
          yield* sql`SELECT provider, provider_message_id, phone, dealer_group_id, store_id, message_id,
            idempotency_key, template_id, at
          FROM jipan_provider_submissions
          WHERE provider = ${provider} AND provider_message_id = ${providerMessageId} AND phone = ${phone}
            AND phone <> '+0'`
        if (rows.length === 0) return Option.none()
        const r = yield* decodeSubmissionRow(rows[0])
        return Option.some<ProviderSubmission>({
          provider: r.provider,
          providerMessageId: r.provider_message_id,
          phone: r.phone,
          tenant: tenantOf(r),
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
    redactPhone: (scope, phones) =>
      Effect.gen(function* () {
        const wanted = JSON.stringify([...new Set(phones)])
        if (wanted === "[]") return 0
        const submissions = yield* sql`UPDATE jipan_provider_submissions SET phone = ${ERASED_PHONE}
          WHERE ${tenantWhere(sql, scope)}
            AND phone = ANY (ARRAY(SELECT jsonb_array_elements_text(${wanted}::jsonb)))
          RETURNING 1 AS n`
        const receipts =
          yield* sql`UPDATE jipan_delivery_receipts SET phone = ${ERASED_PHONE}, description = NULL
          WHERE ${tenantWhere(sql, scope)}
            AND phone = ANY (ARRAY(SELECT jsonb_array_elements_text(${wanted}::jsonb)))
          RETURNING 1 AS n`
        return submissions.length + receipts.length
      }).pipe(orStoreError()),
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
            tenant: tenantOf(r),
            messageId: r.message_id,
            status: r.status,
            code: r.code,
            description: r.description ?? undefined,
            reportedAt: r.reported_at
          })
        )
      }).pipe(orStoreError())
  })
