// @jipan/store-sql on PGlite: idempotent migrations, verify, malformed rows as typed errors.
import { assert, layer } from "@effect/vitest"
import { CardStore, handleCard, type Tenant } from "@jipan/core"
import { Migrations, Verify } from "@jipan/store-sql"
import { cardIdOf, freshTenant, openCommand } from "@jipan/testkit"
import { Effect, Exit } from "effect"
import { SqlClient } from "effect/sql"
import { JipanPglite } from "../src/index.js"

layer(JipanPglite.layer(), { excludeTestServices: true, timeout: "120 seconds" })(
  "SqlStore on PGlite",
  (it) => {
    it.effect("migrations are idempotent", () =>
      Effect.gen(function* () {
        assert.deepStrictEqual(yield* Migrations.run, [])
        const sql = yield* SqlClient.SqlClient
        const tables = yield* sql<{
          readonly n: number
        }>`SELECT count(*)::int AS n FROM information_schema.tables
        WHERE table_name LIKE 'jipan_%' AND table_schema = current_schema()`
        // 8 store tables, the 5 report tables of 7_reports, the 2 of 10_delivery_receipts, the
        // audit log of 15_audit_log, the consent ledger of 17_consents, and the migrations table
        assert.strictEqual(tables[0]?.n, 18)
      })
    )

    const open = (tenant: Tenant, n: number) =>
      handleCard({ tenant, cardId: cardIdOf(n), command: openCommand(tenant, n) })

    it.effect("verify: stored state equals the fold of the history, and reports a tampered row", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        for (let n = 1; n <= 5; n++) yield* open(tenant, n)
        const clean = yield* Verify.verify({ scope: tenant, batchSize: 2 })
        assert.deepStrictEqual(clean, { checked: 5, mismatches: [] })
        const sql = yield* SqlClient.SqlClient
        yield* sql`UPDATE jipan_cards SET state = jsonb_set(state, '{grade}', '"Z"')
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND card_id = ${cardIdOf(2)}`
        yield* sql`UPDATE jipan_cards SET version = 3
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND card_id = ${cardIdOf(4)}`
        const report = yield* Verify.verify({ scope: { dealerGroupId: tenant.dealerGroupId } })
        assert.deepStrictEqual(
          report.mismatches.map((m) => m.cardId),
          [cardIdOf(2), cardIdOf(4)]
        )
      })
    )

    it.effect("a malformed event row is a typed StoreError naming the card", () =>
      Effect.gen(function* () {
        const tenant = freshTenant()
        yield* open(tenant, 1)
        const sql = yield* SqlClient.SqlClient
        yield* sql`UPDATE jipan_card_events SET event = '{"_tag":"CardOpened","by":42}'::jsonb
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND card_id = ${cardIdOf(1)}`
        const cards = yield* CardStore
        const exit = yield* Effect.exit(cards.load(tenant, cardIdOf(1)))
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
        const failure = error?._tag === "Fail" ? error.error : undefined
        assert.strictEqual(failure?._tag, "StoreError")
        assert.strictEqual(failure?._tag === "StoreError" ? failure.reason : undefined, "MalformedRow")
        assert.strictEqual(failure?._tag === "StoreError" ? failure.id : undefined, cardIdOf(1))
        const report = yield* Verify.verify({ scope: tenant })
        assert.strictEqual(report.mismatches[0]?.cardId, cardIdOf(1))
      })
    )
  }
)
