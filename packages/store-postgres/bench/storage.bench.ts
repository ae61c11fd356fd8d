// Storage on PostgreSQL, side by side with hand-written SQL on the same server: commands handled
// end to end, bulk import against plain COPY, and the work list. The benchmark code runs on the
// packages' sources (resolve hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./storage.js")
