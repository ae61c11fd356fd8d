// The PostgreSQL store passes the conformance suite: on the server at JIPAN_TEST_POSTGRES_URL
// (CI), else on PGlite served over the wire protocol; TestPostgres prints which.
import { Migrations, SqlStore } from "@jipan/store-sql"
import { sqlBackdoor, storeSuite } from "@jipan/testkit"
import { Layer } from "effect"
import * as TestPostgres from "./TestPostgres.js"

storeSuite(
  `postgres (${TestPostgres.backend})`,
  () =>
    SqlStore.layer.pipe(
      Layer.provideMerge(Migrations.layer),
      Layer.provideMerge(TestPostgres.clientLayer()),
      Layer.provide(TestPostgres.layer)
    ),
  // a server's pool runs transactions at the same time; PGlite over the wire serves one connection
  { backdoor: sqlBackdoor, concurrentTransactions: TestPostgres.backend === "server" }
)
