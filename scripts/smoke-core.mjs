// A consumer's first lines, on the machine's own Node: import the *built* @jipan/core as ESM and
// call a rule. Run by .ci/run after the build.
import { CalendarDate, defaultPolicy, gradeProspect, normalisePhone } from "@jipan/core"

const r = gradeProspect(
  { purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true },
  defaultPolicy,
  CalendarDate.make("2026-11-22")
)
const phone = normalisePhone("138 1234 5678")
if (r._tag !== "Success" || r.success.grade !== "A" || r.success.nextContactDue !== "2026-11-26") {
  console.error("ESM smoke test failed:", r)
  process.exit(1)
}
if (phone._tag !== "Success" || phone.success !== "+8613812345678") {
  console.error("ESM smoke test failed:", phone)
  process.exit(1)
}
// a context's subpath is the same module as the root's re-export
const grading = await import("@jipan/core/grading")
if (grading.gradeProspect !== gradeProspect) {
  console.error("ESM smoke test failed: @jipan/core/grading is not the root's code")
  process.exit(1)
}
console.log(`ESM ok on Node ${process.version}: grade ${r.success.grade}, due ${r.success.nextContactDue}`)
