/**
 * Rows read back with Schema: one row, a whole result set, or a report table's rows under a
 * tenant scope. A row that does not decode fails with a `MalformedRow` `StoreError` naming the id
 * in its id column.
 *
 * @since 0.1.0
 */
import { DealerGroupId, type StoreError, StoreId, type Tenant, type TenantScope } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { malformed } from "./StoreErrors.js"

/** A column that may be SQL `NULL`. */
export const nullable = <S extends Schema.Top>(s: S) => Schema.NullOr(s)

/** A JSON key that may be absent. */
export const optional = <S extends Schema.Top>(s: S): Schema.optionalKey<S> => Schema.optionalKey(s)

/** The tenant columns every table starts with. */
export const tenantFields = { dealer_group_id: DealerGroupId, store_id: StoreId }

/** The tenant of a row decoded with {@link tenantFields}. */
export const tenantOf = (r: {
  readonly dealer_group_id: DealerGroupId
  readonly store_id: StoreId
}): Tenant => ({
  dealerGroupId: r.dealer_group_id,
  storeId: r.store_id
})

const rawId = (row: unknown, column: string): string => {
  const value = typeof row === "object" && row !== null ? (row as Record<string, unknown>)[column] : undefined
  return typeof value === "string" ? value : "(unknown)"
}

/** Decodes one row of `what`, naming the value of `idColumn` when it does not decode. */
export const decodeRow = <S extends Schema.Decoder<unknown>>(schema: S, what: string, idColumn: string) => {
  const decode = Schema.decodeUnknownResult(schema as Schema.Decoder<S["Type"]>)
  return (row: unknown): Effect.Effect<S["Type"], StoreError> => {
    // the first issue is enough to know a row is bad (the parser's fast path: a fifth of the
    // allocation); all of them only for the message
    const r = decode(row)
    if (Result.isSuccess(r)) return Effect.succeed(r.success)
    const all = decode(row, { errors: "all" })
    return Effect.fail(
      malformed(what, rawId(row, idColumn), Result.isFailure(all) ? all.failure.message : r.failure.message)
    )
  }
}

/**
 * Like {@link decodeRow} for a whole result set, mapped as it goes: one plain loop instead of an
 * effect per row (the reports read tens of thousands of rows; a per-row effect cost as much as
 * the decode itself). Fails on the first malformed row, naming it.
 */
export const decodeRows = <S extends Schema.Decoder<unknown>>(schema: S, what: string, idColumn: string) => {
  const decode = Schema.decodeUnknownResult(schema as Schema.Decoder<S["Type"]>)
  return <A>(rows: ReadonlyArray<unknown>, f: (row: S["Type"]) => A): Effect.Effect<Array<A>, StoreError> => {
    const out = new Array<A>(rows.length)
    for (let i = 0; i < rows.length; i++) {
      // the first issue is enough to know a row is bad; all of them only for the message
      const r = decode(rows[i])
      if (Result.isFailure(r)) {
        const all = decode(rows[i], { errors: "all" })
        const message = Result.isFailure(all) ? all.failure.message : r.failure.message
        return Effect.fail(malformed(what, rawId(rows[i], idColumn), message))
      }
      out[i] = f(r.success)
    }
    return Effect.succeed(out)
  }
}

/**
 * Reads a report table's rows under a scope: a store scope names every row's tenant, so its
 * columns are neither selected nor decoded (one tenant object for all the rows); a group scope
 * reads them from each row.
 */
export const scopedRows = <Row extends Schema.Decoder<unknown>, Body extends Schema.Decoder<unknown>, A>(
  row: Row,
  body: Body,
  what: string,
  ofRow: (r: Row["Type"]) => A,
  ofBody: (tenant: Tenant, r: Body["Type"]) => A
) => {
  const decodeAll = decodeRows(row, what, "card_id")
  const decodeBodies = decodeRows(body, what, "card_id")
  return {
    tenantColumns: (scope: TenantScope, alias = "") =>
      scope.storeId === undefined ? `${alias}dealer_group_id, ${alias}store_id, ` : "",
    decode: (scope: TenantScope, rows: ReadonlyArray<unknown>): Effect.Effect<Array<A>, StoreError> => {
      if (scope.storeId === undefined) return decodeAll(rows, ofRow)
      const tenant: Tenant = { dealerGroupId: scope.dealerGroupId, storeId: scope.storeId }
      return decodeBodies(rows, (r) => ofBody(tenant, r))
    }
  }
}
