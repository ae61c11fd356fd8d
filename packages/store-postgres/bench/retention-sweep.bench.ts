// retentionSweep (PIPL: what the close of day erases when its retention period is over) on a year
// of a 100-consultant, 100,000-card store on PostgreSQL: median and p95 of the daily sweep, next to
// the same sweep written by hand in SQL; target < 10 s. The code runs on the packages' sources
// (resolve hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./retention-sweep.js")
