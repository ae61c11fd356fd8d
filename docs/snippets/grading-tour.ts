import { CalendarDate, checkPolicy, defaultPolicy, gradeProspect, nextContact } from "@jipan/core"

const today = CalendarDate.make("2026-11-22") // the caller says what day it is
checkPolicy(defaultPolicy) // []: the default O/H/A/B/C/N scale of the dealer training material

const graded = gradeProspect(
  { purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true },
  defaultPolicy,
  today
)
if (graded._tag === "Success") {
  const { grade, nextContactDue, reasons } = graded.success
  console.log(grade, nextContactDue) // "A" "2026-11-26": buys within 15 days; contact at least every 4 days
  console.log(reasons.map((r) => r.ruleId)) // ["grading.timeframe", "grading.evidence.A"], each with what it read

  const card = { grade, openedOn: today, lastContactOn: today }
  const later = nextContact(card, defaultPolicy, CalendarDate.make("2026-12-04"))
  if (later._tag === "Success") console.log(later.success.overdueDays, later.success.lapse) // 8, downgrade to "B"
}
