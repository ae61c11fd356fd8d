// The DMS's store passes Jipan's conformance suite (every port, tenants, transactions, outbox,
// pagination, work lists against an in-memory reference), and a test of its own for the feed.
import { assert, layer } from "@effect/vitest"
import { handleCard } from "@jipan/core"
import { cardIdOf, freshTenant, openCommand, sqlBackdoor, storeSuite } from "@jipan/testkit"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { DmsStore } from "./dms-store.js"

storeSuite("dms", () => DmsStore, { backdoor: sqlBackdoor })

layer(DmsStore, { excludeTestServices: true, timeout: "120 seconds" })("the DMS change feed", (it) => {
  it.effect("gets one row per handled command, with the card's new version", () =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      yield* handleCard({ tenant, cardId: cardIdOf(1), command: openCommand(tenant, 1) })
      const sql = yield* SqlClient.SqlClient
      const feed = yield* sql<{ readonly version: number; readonly status: string }>`
        SELECT version, status FROM dms_card_feed
        WHERE dealer_group_id = ${tenant.dealerGroupId} AND card_id = ${cardIdOf(1)}`
      assert.deepStrictEqual(
        feed.map((row) => [row.version, row.status]),
        [[1, "prospect"]]
      )
    })
  )
})
