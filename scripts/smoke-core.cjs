// The same as smoke-core.mjs for a CommonJS consumer (require of the CJS build; effect itself is
// ESM-only and comes in through require(esm), which Node 20.19+ has).
const { CalendarDate, defaultPolicy, gradeProspect, checkPolicy } = require("@jipan/core")

const r = gradeProspect({ orderSigned: true }, defaultPolicy, CalendarDate.make("2026-11-22"))
if (r._tag !== "Success" || r.success.grade !== "O" || checkPolicy(defaultPolicy).length !== 0) {
  console.error("CJS smoke test failed:", r)
  process.exit(1)
}
// a context's subpath is the same code as the root (one class, one function, whatever the entry)
const grading = require("@jipan/core/grading")
const card = require("@jipan/core/card")
if (grading.gradeProspect !== gradeProspect || card.decideCard !== require("@jipan/core").decideCard) {
  console.error("CJS smoke test failed: a subpath is not the root's code")
  process.exit(1)
}
console.log(`CJS ok on Node ${process.version}: grade ${r.success.grade}, subpaths one with the root`)
