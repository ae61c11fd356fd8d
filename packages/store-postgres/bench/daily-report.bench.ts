// The daily business report and the findings of a 100-consultant, 100,000-card store on
// PostgreSQL, end to end; floor under 200 ms. The code runs on the packages sources (resolve
// hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./daily-report.js")
