// Commands on PostgreSQL side by side with raw SQL: referral registration, command handling at 1
// and 16 clients, and where a command's time goes. The code runs on the packages sources (resolve
// hook below), so no build is needed.
import { register } from "node:module"

register("../../store-sql/bench/sources.mjs", import.meta.url)
await import("./commands.js")
