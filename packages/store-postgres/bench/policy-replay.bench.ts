// The policy lab over a quarter of a 100-consultant, 100,000-card store on PostgreSQL: time and
// peak RSS; targets < 30 s and < 500 MB. The code runs on the packages sources (resolve hook
// below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./policy-replay.js")
