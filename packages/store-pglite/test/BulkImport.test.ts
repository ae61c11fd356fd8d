// Bulk import on embedded PGlite: COPY through '/dev/blob', and the portable INSERT loader.
import { assert, describe, layer } from "@effect/vitest"
import { type CardId, CardStore } from "@jipan/core"
import { BulkImport, BulkLoader, Migrations, SqlStore, Verify } from "@jipan/store-sql"
import { freshTenant } from "@jipan/testkit"
import { Effect, Layer, Option, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { JipanPglite } from "../src/index.js"
import { mixedSource } from "./BulkImportFixtures.js"

const Store = JipanPglite.layer()

const checkImport = (method: "copy" | "insert") =>
  Effect.gen(function* () {
    const tenant = freshTenant()
    const { rows, badLines } = mixedSource(tenant, 40)
    const progress: Array<number> = []
    const first = yield* BulkImport.importCards({ dealerGroupId: tenant.dealerGroupId }, rows, {
      batchSize: 16,
      onProgress: (p) => progress.push(p.lines)
    })
    assert.strictEqual(first.method, method)
    assert.strictEqual(first.lines, rows.length)
    assert.strictEqual(first.imported, 41)
    assert.strictEqual(first.alreadyPresent, 0)
    assert.deepStrictEqual(
      first.rejectedRows.map((r) => r.line),
      badLines
    )
    for (const r of first.rejectedRows)
      assert.isTrue(r.reasons.length > 0 && r.reasons.every((x) => x.length > 0))
    assert.match(first.rejectedRows[2]?.reasons[0] ?? "", /appears again .*first at line 1\)/)
    assert.match(first.rejectedRows[3]?.reasons[0] ?? "", /already has a card/)
    assert.deepStrictEqual(progress, [16, 32, 47])
    // the stored cards are their histories' folds, and readable through the port
    const cards = yield* CardStore
    const loaded = yield* cards.load(tenant, "card-0003" as CardId)
    assert.strictEqual(Option.getOrThrow(loaded).version, 2)
    const verified = yield* Verify.verify({ scope: { dealerGroupId: tenant.dealerGroupId } })
    assert.strictEqual(verified.mismatches.length, 0)
    // again, as a stream: nothing more, the same rejections
    const again = yield* BulkImport.importCards(
      { dealerGroupId: tenant.dealerGroupId },
      Stream.fromIterable(rows),
      { batchSize: 7 }
    )
    assert.strictEqual(again.imported, 0)
    assert.strictEqual(again.alreadyPresent, 41)
    assert.deepStrictEqual(again.rejectedRows, first.rejectedRows)
    const sql = yield* SqlClient.SqlClient
    const [count] = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_card_events
      WHERE dealer_group_id = ${tenant.dealerGroupId}`
    assert.strictEqual(count?.n, 41 + 13) // one open each, and a contact on every third card
  })

describe("BulkImport", () => {
  layer(Store, { timeout: 60_000, excludeTestServices: true })("on PGlite with COPY", (it) => {
    it.effect("imports good rows, reports bad ones by line, and is idempotent", () => checkImport("copy"))
  })

  layer(
    Layer.mergeAll(SqlStore.layer, BulkLoader.layerInsert).pipe(
      Layer.provideMerge(Migrations.layer),
      Layer.provideMerge(Layer.fresh(Store))
    ),
    { timeout: 60_000, excludeTestServices: true }
  )("on PGlite with the INSERT fallback", (it) => {
    it.effect("imports the same way", () => checkImport("insert"))
  })
})
