/**
 * The store's one infrastructure error on an effect/sql `SqlClient`: every `SqlError` a port call
 * meets becomes a `StoreError` (`Unavailable` when the connection failed, else `Unknown`), a row
 * that does not decode is a `StoreError` with reason `MalformedRow` naming its id.
 *
 * @since 0.1.0
 */
import { StoreError, type Tenant, VersionConflict } from "@jipan/core"
import * as Effect from "effect/Effect"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/**
 * Maps an effect/sql failure to the store's one infrastructure error.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { SqlStore } from "@jipan/store-sql"
 * // program.pipe(Effect.mapError((e) => SqlStore.storeError(e, "card-1")))
 * ```
 */
export const storeError = (error: SqlError, id?: string): StoreError =>
  new StoreError({
    reason: error.reason._tag === "ConnectionError" ? "Unavailable" : "Unknown",
    message: `The database failed${id === undefined ? "" : ` (${id})`}: ${error.message}`,
    ...(id === undefined ? {} : { id }),
    cause: error
  })

/** A stored row (of a card, referral, policy, message…) that does not decode. */
export const malformed = (what: string, id: string, detail: string) =>
  new StoreError({
    reason: "MalformedRow",
    id,
    message: `Malformed ${what} row for ${id}: ${detail}`
  })

/** Turns the `SqlError`s of an effect into {@link storeError}s naming `id`; other errors pass. */
export const orStoreError =
  (id?: string) =>
  <A, E, R>(
    effect: Effect.Effect<A, E | SqlError, R>
  ): Effect.Effect<A, Exclude<E, SqlError> | StoreError, R> =>
    Effect.catchIf(
      effect,
      (e): e is SqlError =>
        typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "SqlError",
      (e) => Effect.fail(storeError(e, id))
    ) as Effect.Effect<A, Exclude<E, SqlError> | StoreError, R>

/** Whether a failure is a `SqlError` of a unique constraint. */
export const isUniqueViolation = (e: unknown): e is SqlError =>
  typeof e === "object" &&
  e !== null &&
  (e as { _tag?: unknown })._tag === "SqlError" &&
  (e as SqlError).reason._tag === "UniqueViolation"

/**
 * The `VersionConflict` of an append whose conditional write matched no row: reads the version
 * the aggregate (a card or a referral) is at now, 0 when it does not exist.
 */
export const staleVersion = (
  sql: SqlClient.SqlClient,
  aggregate: { readonly table: string; readonly idColumn: string; readonly noun: string },
  tenant: Tenant,
  id: string,
  expected: number
): Effect.Effect<never, VersionConflict | SqlError> =>
  Effect.flatMap(
    sql<{ readonly version: number }>`SELECT version FROM ${sql.literal(aggregate.table)}
      WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}
        AND ${sql.literal(aggregate.idColumn)} = ${id}`,
    (current) => {
      const actual = current[0]?.version ?? 0
      return Effect.fail(
        new VersionConflict({
          id,
          expected,
          actual,
          message: `${aggregate.noun} ${id} is at version ${actual}, not ${expected}: reload and decide again`
        })
      )
    }
  )

/**
 * The failure of a rewrite (an erasure) whose conditional write matched no row: `VersionConflict`
 * when the aggregate is not at the expected version (0 when it does not exist), else a
 * `StoreError`, since a rewrite keeps the history's length and version and this one did not.
 */
export const rewriteRefused = (
  sql: SqlClient.SqlClient,
  aggregate: {
    readonly table: string
    readonly eventsTable: string
    readonly idColumn: string
    readonly noun: string
  },
  tenant: Tenant,
  id: string,
  expected: { readonly version: number; readonly events: number; readonly stateVersion: number }
): Effect.Effect<never, VersionConflict | StoreError | SqlError> =>
  Effect.flatMap(
    sql<{ readonly version: number; readonly events: number }>`SELECT a.version,
        (SELECT count(*)::int FROM ${sql.literal(aggregate.eventsTable)} e
          WHERE e.dealer_group_id = a.dealer_group_id AND e.store_id = a.store_id
            AND e.${sql.literal(aggregate.idColumn)} = a.${sql.literal(aggregate.idColumn)}) AS events
      FROM ${sql.literal(aggregate.table)} a
      WHERE a.dealer_group_id = ${tenant.dealerGroupId} AND a.store_id = ${tenant.storeId}
        AND a.${sql.literal(aggregate.idColumn)} = ${id}`,
    (current) => {
      const row = current[0]
      const actual = row?.version ?? 0
      return Effect.fail(
        row === undefined || actual !== expected.version
          ? new VersionConflict({
              id,
              expected: expected.version,
              actual,
              message: `${aggregate.noun} ${id} is at version ${actual}, not ${expected.version}: the erasure reads it again`
            })
          : new StoreError({
              reason: "Unknown",
              id,
              message: `${aggregate.noun} ${id}: a rewrite keeps the history's ${row.events} events and version ${actual} (given ${expected.events} events, a state at version ${expected.stateVersion})`
            })
      )
    }
  )
