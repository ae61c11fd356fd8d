// Storage on embedded PGlite, side by side with hand-written SQL on the same kind of database:
// commands handled end to end, bulk import (with plain COPY for reference), and the work list.
// The benchmark code runs on the packages' sources (resolve hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./pglite-storage.js")
