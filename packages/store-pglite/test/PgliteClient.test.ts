import { PgliteClient } from "../src/index.js"
import { sqlClientSuite } from "./SqlClientSuite.js"

// One in-memory PGlite for the whole file: a fresh one costs 1.5–4 s.
sqlClientSuite("embedded PGlite", PgliteClient.layerOwned())
