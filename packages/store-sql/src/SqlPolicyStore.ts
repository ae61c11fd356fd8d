/**
 * Policy documents on an effect/sql `SqlClient`: every version of every policy of a dealer group,
 * immutable once stored.
 *
 * @since 0.1.0
 */
import { decodePolicyDocument, PolicyStore, StoreError } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as SqlClient from "effect/sql/SqlClient"
import { isUniqueViolation, malformed, orStoreError } from "./StoreErrors.js"

/**
 * The policy store on a `SqlClient` (the tables must exist: see `Migrations`).
 */
export const make = (sql: SqlClient.SqlClient): PolicyStore["Service"] =>
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
