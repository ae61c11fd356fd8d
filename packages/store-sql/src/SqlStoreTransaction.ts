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
import type { SqlError } from "effect/sql/SqlError"
import { xactLock } from "./SqlFragments.js"
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
            : Effect.forEach([...new Set(keys)].sort(), (key) => sql`SELECT ${xactLock(sql, key)}`, {
                discard: true
              })
        ),
        orStoreError()
      )
  })

/**
 * Runs a store's multi-statement write in the caller's transaction when there is one (no
 * savepoint: two round trips a command saved), else in a transaction of its own.
 *
 * Internal to the store's ports (not exported from the package).
 *
 * @since 0.3.0
 */
export const atomically = <A, E, R>(
  sql: SqlClient.SqlClient,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R> =>
  Effect.flatMap(Effect.serviceOption(sql.transactionService), (tx) =>
    Option.isSome(tx) ? effect : sql.withTransaction(effect)
  )
