import { Layer } from "effect"
import { sqlClientSuite } from "../../store-pglite/test/SqlClientSuite.js"
import * as TestPostgres from "./TestPostgres.js"

// The same behaviour suite as the embedded PGlite, through the pooled client.
sqlClientSuite(
  `PostgresClient on ${TestPostgres.backend}`,
  TestPostgres.clientLayer().pipe(Layer.provide(TestPostgres.layer))
)
