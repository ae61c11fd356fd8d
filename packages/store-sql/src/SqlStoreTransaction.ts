/**
 * The store transaction on an effect/sql `SqlClient`: the client's own transaction (a savepoint
 * when nested), so that one `withTransaction` spans every port built on the same client. Locks are
 * PostgreSQL advisory transaction locks on a 64-bit hash of the key, released at commit or
 * rollback.
 *
 * @since 0.1.0
 */
import { StoreTransaction } from "@jipan/core"
import { Effect, Option } from "effect"
import type * as SqlClient from "effect/sql/SqlClient"
import { orStoreError } from "./StoreErrors.js"

/**
 * The store transaction on a `SqlClient`.
 */
export const make = (sql: SqlClient.SqlClient): StoreTransaction["Service"] =>
  StoreTransaction.of({
    withTransaction: (effect) => sql.withTransaction(effect).pipe(orStoreError()),
    lock: (keys) =>
      Effect.serviceOption(sql.transactionService).pipe(
        Effect.flatMap((tx) =>
          // outside a transaction an xact lock would end with its own statement: nothing to hold
          Option.isNone(tx) || keys.length === 0
            ? Effect.void
            : Effect.forEach(
                [...new Set(keys)].sort(),
                (key) => sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`,
                { discard: true }
              )
        ),
        orStoreError()
      )
  })
