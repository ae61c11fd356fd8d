// The embedded PGlite store passes the conformance suite, with backdoor reads of its tables.
import { sqlBackdoor, storeSuite } from "@jipan/testkit"
import { JipanPglite } from "../src/index.js"

storeSuite("pglite", () => JipanPglite.layer(), { backdoor: sqlBackdoor })
