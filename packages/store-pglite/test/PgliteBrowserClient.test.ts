// The browser entry's SqlClient (PGlite's query API, no Node streams) passes the same behaviour
// suite as the wire driver: PGlite runs in Node too, so the suite runs here.
import { PgliteBrowserClient } from "../src/browser.js"
import { sqlClientSuite } from "./SqlClientSuite.js"

sqlClientSuite("PGlite through its query API (browser entry)", PgliteBrowserClient.layerOwned())
