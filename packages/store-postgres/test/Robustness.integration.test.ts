// Issue #14 on PostgreSQL (the server at JIPAN_TEST_POSTGRES_URL in CI, else PGlite over the
// wire; TestPostgres prints which): the testkit's fuzz over the facade and the decoders, random
// valid command sequences read back and reported, and two stores of a group sharing every id.
import { Migrations, SqlStore } from "@jipan/store-sql"
import { acceptanceSuite, fuzzSuite, sharedStore, tenantIsolationSuite } from "@jipan/testkit"
import { Layer } from "effect"
import { afterAll } from "vitest"
import * as TestPostgres from "./TestPostgres.js"

const store = sharedStore(() =>
  SqlStore.layer.pipe(
    Layer.provideMerge(Migrations.layer),
    Layer.provideMerge(TestPostgres.clientLayer()),
    Layer.provide(TestPostgres.layer)
  )
)
afterAll(store.close, 60_000)

const name = `postgres (${TestPostgres.backend})`
fuzzSuite(name, store.layer, { runs: 25, budgetMs: 6_000 })
acceptanceSuite(name, store.layer, { runs: 12, budgetMs: 6_000 })
tenantIsolationSuite(name, store.layer)
