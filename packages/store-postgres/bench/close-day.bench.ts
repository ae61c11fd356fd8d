// The close of a day (lapses, vouchers, care messages) of a 100-consultant, 100,000-card store on
// PostgreSQL, end to end; target under 2 s. The code runs on the packages sources (resolve
// hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./close-day.js")
