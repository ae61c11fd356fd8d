// erasePerson (PIPL right to erasure) in a 100-consultant, 100,000-card store on PostgreSQL with
// a year's referrals, outbox messages, visit log and SMS receipts: median and p95, next to the same
// erasure written by hand in SQL; target < 100 ms. The code runs on the packages' sources (resolve
// hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./erase-person.js")
