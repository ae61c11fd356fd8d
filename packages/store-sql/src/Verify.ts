/**
 * `verify`: for every card of a scope (or the whole database), the stored state and version equal
 * the fold of the stored history. Mismatches and undecodable rows are reported, not thrown.
 *
 * @since 0.1.0
 */
import { type CardEvent, decodeCardEvent, foldCard, type TenantScope } from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { stateJson } from "./SqlCardStore.js"

/**
 * One card whose stored row disagrees with its history.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import type { Verify } from "@jipan/store-sql"
 * const line = (m: Verify.Mismatch) => `${m.storeId}/${m.cardId}: ${m.problem}`
 * ```
 */
export interface Mismatch {
  readonly dealerGroupId: string
  readonly storeId: string
  readonly cardId: string
  readonly problem: string
}

/**
 * What {@link verify} found.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import type { Verify } from "@jipan/store-sql"
 * const ok = (r: Verify.Report) => r.mismatches.length === 0
 * ```
 */
export interface Report {
  readonly checked: number
  readonly mismatches: ReadonlyArray<Mismatch>
}

/** JSON with object keys sorted, so two jsonb values compare equal whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]])
        )
      : v
  )

interface CardRow {
  readonly dealer_group_id: string
  readonly store_id: string
  readonly card_id: string
  readonly version: number
  readonly state: unknown
}

/**
 * Checks every card (of `scope`, when given) in pages of `batchSize` (default 500): the stored
 * version equals the number of events, every event decodes, and the stored state equals the fold
 * of the history.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Verify } from "@jipan/store-sql"
 * const program = Effect.gen(function* () {
 *   const report = yield* Verify.verify()
 *   for (const m of report.mismatches) console.log(m.cardId, m.problem)
 * })
 * ```
 */
export const verify = (
  options: { readonly scope?: TenantScope | undefined; readonly batchSize?: number | undefined } = {}
): Effect.Effect<Report, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const batch = Math.max(1, options.batchSize ?? 500)
    const scope = options.scope
    const mismatches: Array<Mismatch> = []
    let checked = 0
    let after: readonly [string, string, string] | undefined
    for (;;) {
      const where = [
        ...(scope === undefined ? [] : [sql`dealer_group_id = ${scope.dealerGroupId}`]),
        ...(scope?.storeId === undefined ? [] : [sql`store_id = ${scope.storeId}`]),
        ...(after === undefined
          ? []
          : [sql`(dealer_group_id, store_id, card_id) > (${after[0]}, ${after[1]}, ${after[2]})`])
      ]
      const cards =
        yield* sql<CardRow>`SELECT dealer_group_id, store_id, card_id, version, state FROM jipan_cards
        WHERE ${sql.and(where)} ORDER BY dealer_group_id, store_id, card_id LIMIT ${batch}`
      const last = cards[cards.length - 1]
      if (last === undefined) break
      after = [last.dealer_group_id, last.store_id, last.card_id]
      for (const card of cards) {
        checked++
        const report = (problem: string) =>
          mismatches.push({
            dealerGroupId: card.dealer_group_id,
            storeId: card.store_id,
            cardId: card.card_id,
            problem
          })
        const rows = yield* sql<{ readonly version: number; readonly event: unknown }>`SELECT version, event
          FROM jipan_card_events WHERE dealer_group_id = ${card.dealer_group_id} AND store_id = ${card.store_id}
            AND card_id = ${card.card_id} ORDER BY version`
        const history: Array<CardEvent> = []
        let broken = false
        for (const row of rows) {
          const event = decodeCardEvent(row.event)
          if (Result.isFailure(event)) {
            report(`event ${row.version} does not decode: ${event.failure.message}`)
            broken = true
            break
          }
          history.push(event.success)
        }
        if (broken) continue
        if (history.length !== card.version) {
          report(`version ${card.version} but ${history.length} events`)
          continue
        }
        const folded = JSON.parse(stateJson(foldCard(history))) as unknown
        if (canonical(folded) !== canonical(card.state))
          report("the stored state differs from the fold of its history")
      }
      if (cards.length < batch) break
    }
    return { checked, mismatches }
  })
