/**
 * The store transaction on an effect/sql `SqlClient`: the client's own transaction (a savepoint
 * when nested), so that one `withTransaction` spans every port built on the same client.
 *
 * @since 0.1.0
 */
import { StoreTransaction } from "@jipan/core"
import type * as SqlClient from "effect/sql/SqlClient"
import { orStoreError } from "./StoreErrors.js"

/**
 * The store transaction on a `SqlClient`.
 */
export const make = (sql: SqlClient.SqlClient): StoreTransaction["Service"] =>
  StoreTransaction.of({
    withTransaction: (effect) => sql.withTransaction(effect).pipe(orStoreError())
  })
