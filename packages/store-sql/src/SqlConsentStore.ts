/**
 * The consent ledger on an effect/sql `SqlClient` (`jipan_consents`, migration `17_consents`):
 * consent given or withdrawn per person (their E.164 phone within the dealer group), purpose and
 * channel, with the evidence. Append-only: a record whose id its group already has is ignored (the
 * first stays, in the database and in a batch). A person's records are read in (at, id) order (the
 * id by code point), each decoded with the core's `ConsentEntry`; an erasure gives them the phone
 * `+0` and keeps everything else. Every statement runs on the caller's connection, so inside
 * `StoreTransaction.withTransaction` it is part of that transaction.
 *
 * @since 0.5.0
 */
import { ConsentEntry, ConsentStore, ERASED_PHONE } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import { decodeRows } from "./RowDecoding.js"
import { byText } from "./SqlFragments.js"
import { orStoreError } from "./StoreErrors.js"

const ConsentRow = Schema.Struct({ id: Schema.String, entry: ConsentEntry })
const decodeConsentRows = decodeRows(ConsentRow, "consent record", "id")

/**
 * The consent ledger on a `SqlClient` (the table must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): ConsentStore["Service"] =>
  ConsentStore.of({
    record: (entries) =>
      Effect.gen(function* () {
        const seen = new Set<string>()
        const rows = entries.flatMap((e) => {
          const k = `${e.dealerGroupId}\u0000${e.id}`
          if (seen.has(k)) return []
          seen.add(k)
          return [
            {
              dealer_group_id: e.dealerGroupId,
              id: e.id,
              phone: e.phone,
              purpose: e.purpose,
              channel: e.channel,
              status: e.status,
              at: e.at,
              evidence: e.evidence
            }
          ]
        })
        if (rows.length === 0) return
        yield* sql`INSERT INTO jipan_consents (dealer_group_id, id, phone, purpose, channel, status, at, evidence)
          SELECT dealer_group_id, id, phone, purpose, channel, status, at, evidence
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(dealer_group_id text, id text,
            phone text, purpose text, channel text, status text, at double precision, evidence jsonb)
          ON CONFLICT (dealer_group_id, id) DO NOTHING`
      }).pipe(orStoreError()),

    ofPerson: (dealerGroupId, phone) =>
      Effect.gen(function* () {
        const rows = yield* sql`SELECT id, jsonb_build_object('id', id, 'dealerGroupId', dealer_group_id,
            'phone', phone, 'purpose', purpose, 'channel', channel, 'status', status, 'at', at,
            'evidence', evidence) AS entry
          FROM jipan_consents
          WHERE dealer_group_id = ${dealerGroupId} AND phone = ${phone}
          ORDER BY at, ${sql.literal(byText("id"))}`
        return yield* decodeConsentRows(rows, (r) => r.entry)
      }).pipe(orStoreError()),

    redact: (dealerGroupId, phone) =>
      Effect.gen(function* () {
        const rows = yield* sql<{ readonly id: string }>`UPDATE jipan_consents SET phone = ${ERASED_PHONE}
          WHERE dealer_group_id = ${dealerGroupId} AND phone = ${phone}
          RETURNING id`
        return rows.length
      }).pipe(orStoreError())
  })
