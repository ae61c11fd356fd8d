/**
 * Backdoor readers for the store conformance suite: raw reads that check what really reached the
 * database without trusting the adapter under test, and the ones for `@jipan/store-sql`'s tables.
 *
 * @module
 */
import type { Tenant } from "@jipan/core"
import { Effect } from "effect"
import * as SqlClient from "effect/sql/SqlClient"

/**
 * Raw readers that bypass the adapter under test: what really reached the database.
 *
 * @example
 * ```ts
 * import { sqlBackdoor, type Backdoor } from "@jipan/testkit"
 * import type { SqlClient } from "effect/sql"
 * const backdoor: Backdoor<SqlClient.SqlClient> = sqlBackdoor
 * ```
 */
export interface Backdoor<R> {
  /** The card's stored version, or `undefined` when no row exists. */
  readonly cardVersion: (tenant: Tenant, cardId: string) => Effect.Effect<number | undefined, unknown, R>
  /** How many history events are stored for the card. */
  readonly eventCount: (tenant: Tenant, cardId: string) => Effect.Effect<number, unknown, R>
  /** How many outbox messages the tenant has. */
  readonly outboxCount: (tenant: Tenant) => Effect.Effect<number, unknown, R>
  /** How many ledger entries the tenant has. */
  readonly ledgerCount: (tenant: Tenant) => Effect.Effect<number, unknown, R>
  /** How many rows the report tables hold for the tenant (optional: stores with report tables). */
  readonly reportRows?:
    | ((tenant: Tenant) => Effect.Effect<
        {
          readonly events: number
          readonly spans: number
          readonly facts: number
          readonly visits: number
          readonly referrals: number
        },
        unknown,
        R
      >)
    | undefined
  /**
   * Where any of the strings appears in what the database holds for a dealer group: one
   * `table: string` line per hit, across every table with the group's rows (optional). The erasure
   * tests read it to prove that no trace of an erased person is left for a scan.
   */
  readonly scan?:
    | ((
        dealerGroupId: string,
        needles: ReadonlyArray<string>
      ) => Effect.Effect<ReadonlyArray<string>, unknown, R>)
    | undefined
  /** Who holds the claim on an outbox message, `undefined` when nobody (optional). */
  readonly claimedBy?:
    | ((tenant: Tenant, id: string) => Effect.Effect<string | undefined, unknown, R>)
    | undefined
}

/**
 * Backdoor readers for stores on `@jipan/store-sql`'s tables.
 *
 * @example
 * ```ts
 * import { sqlBackdoor, storeSuite } from "@jipan/testkit"
 * import { JipanPglite } from "@jipan/store-pglite"
 * storeSuite("pglite", () => JipanPglite.layer(), { backdoor: sqlBackdoor })
 * ```
 */
export const sqlBackdoor: Backdoor<SqlClient.SqlClient> = {
  cardVersion: (tenant, cardId) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{
          readonly version: number
        }>`SELECT version FROM jipan_cards WHERE dealer_group_id = ${tenant.dealerGroupId}
          AND store_id = ${tenant.storeId} AND card_id = ${cardId}`,
        (rows) => rows[0]?.version
      )
    ),
  eventCount: (tenant, cardId) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_card_events
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}`,
        (rows) => rows[0]?.n ?? 0
      )
    ),
  outboxCount: (tenant) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_outbox
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}`,
        (rows) => rows[0]?.n ?? 0
      )
    ),
  ledgerCount: (tenant) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_ledger
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}`,
        (rows) => rows[0]?.n ?? 0
      )
    ),
  reportRows: (tenant) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) => {
      const count = (table: string) =>
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM ${sql.literal(table)}
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}`.pipe(
          Effect.map((rows) => rows[0]?.n ?? 0)
        )
      return Effect.all({
        events: count("jipan_report_events"),
        spans: count("jipan_due_spans"),
        facts: count("jipan_card_facts"),
        visits: count("jipan_showroom_visits"),
        referrals: count("jipan_report_referrals")
      })
    }),
  scan: (dealerGroupId, needles) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.gen(function* () {
        const tables = yield* sql<{ readonly table_name: string }>`SELECT DISTINCT table_name FROM
          information_schema.columns WHERE column_name = 'dealer_group_id'
          AND table_schema = current_schema() AND table_name LIKE 'jipan%' ORDER BY table_name`
        const hits: Array<string> = []
        for (const { table_name } of tables)
          for (const needle of needles) {
            const rows = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM
              ${sql(table_name)} AS t WHERE t.dealer_group_id = ${dealerGroupId}
              AND strpos(t::text, ${needle}) > 0`
            if ((rows[0]?.n ?? 0) > 0) hits.push(`${table_name}: ${needle}`)
          }
        return hits
      })
    ),
  claimedBy: (tenant, id) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly claimed_by: string | null }>`SELECT claimed_by FROM jipan_outbox
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`,
        (rows) => rows[0]?.claimed_by ?? undefined
      )
    )
}
