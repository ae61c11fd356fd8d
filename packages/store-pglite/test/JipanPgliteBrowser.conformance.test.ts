// The browser entry's store passes the store conformance suite, with backdoor reads of its tables.
import { sqlBackdoor, storeSuite } from "@jipan/testkit"
import { JipanPgliteBrowser } from "../src/browser.js"

storeSuite("pglite-browser", () => JipanPgliteBrowser.layer(), { backdoor: sqlBackdoor })
