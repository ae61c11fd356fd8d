/**
 * What the store-sql integration tests share: the SQL store on the test database (see
 * TestDatabase), the clock they start from, and a fresh dealer group per test so that no two tests
 * (nor two runs on one server) share a key.
 */
import type { DealerGroupId, StoreId, Tenant } from "@jipan/core"
import { Layer } from "effect"
import { Migrations, SqlStore } from "../src/index.js"
import * as TestDatabase from "./TestDatabase.js"

/** The SQL store's ports, migrated, on the test database. */
export const Store = Layer.provideMerge(SqlStore.layer, Migrations.layer).pipe(
  Layer.provideMerge(TestDatabase.layer)
)

/** The tests' first instant: 2026-03-02 09:00 in Beijing. */
export const START = Date.parse("2026-03-02T09:00:00+08:00")
/** A day in milliseconds. */
export const DAY = 86_400_000

/** `x` as JSON would carry it (no `undefined` fields), for deep comparisons. */
export const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x))

let groups = 0
/** A dealer group no other test nor run uses: `prefix`, the process, the time and a counter. */
export const freshGroup = (prefix = "grp"): DealerGroupId =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${++groups}` as DealerGroupId

/** The tenant of `storeId` (store-a unless given) in the dealer group. */
export const tenantIn = (dealerGroupId: DealerGroupId, storeId = "store-a"): Tenant => ({
  dealerGroupId,
  storeId: storeId as StoreId
})
