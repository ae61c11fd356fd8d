/**
 * The SQL fragments the ports' queries share: the tenant condition of a scope, an optional
 * equality, and code-point ordering.
 *
 * @since 0.1.0
 */
import type { TenantScope } from "@jipan/core"
import type * as SqlClient from "effect/sql/SqlClient"
import type { Fragment } from "effect/sql/Statement"

/** The rows of a scope: its dealer group, and its store when it names one. */
export const tenantWhere = (sql: SqlClient.SqlClient, scope: TenantScope, alias = ""): Fragment => {
  const group = sql`${sql.literal(`${alias}dealer_group_id`)} = ${scope.dealerGroupId}`
  return scope.storeId === undefined
    ? group
    : sql`${group} AND ${sql.literal(`${alias}store_id`)} = ${scope.storeId}`
}

/** `AND column = value`, or nothing when there is no value. */
export const optionalWhere = (
  sql: SqlClient.SqlClient,
  column: string,
  value: string | undefined
): Fragment => (value === undefined ? sql.literal("") : sql`AND ${sql.literal(column)} = ${value}`)

/** Orders as the in-memory store does: by code point, whatever the database's collation. */
export const byText = (column: string) => `${column} COLLATE "C"`

/**
 * Takes the transaction's lock on a key (`StoreTransaction.lock`): a transaction-scoped advisory
 * lock on the key's 64-bit hash, held until the transaction ends. As a select list item, so a read
 * can take it in the same statement (`FROM (SELECT …) AS held LEFT JOIN …`).
 */
export const xactLock = (sql: SqlClient.SqlClient, key: string): Fragment =>
  sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`
