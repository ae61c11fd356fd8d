import {
  CalendarDate,
  defaultImplications,
  defaultPolicy,
  gradeProspect,
  type ProspectEvidence
} from "@jipan/core"

const today = CalendarDate.make("2026-11-22")
// What the consultant ticked on the card, as it happens in the showroom.
const cases: ReadonlyArray<readonly [string, ProspectEvidence]> = [
  ["deposit paid, buys in 30 days", { purchaseTimeframeDays: 30, orderSigned: true }],
  [
    "colour, test drive done, budget, decision maker; model box unticked; 5 days",
    {
      purchaseTimeframeDays: 5,
      colourChosen: true,
      testDriveDone: true,
      budgetSettled: true,
      decisionMakerPresent: true
    }
  ],
  ["test drive done only, 10 days", { purchaseTimeframeDays: 10, testDriveDone: true }],
  [
    "model chosen and test drive done, 10 days",
    { purchaseTimeframeDays: 10, modelChosen: true, testDriveDone: true }
  ],
  [
    "colour chosen and test drive booked, 10 days",
    { purchaseTimeframeDays: 10, colourChosen: true, testDriveBooked: true }
  ],
  ["model chosen only, 20 days", { purchaseTimeframeDays: 20, modelChosen: true }],
  ["a model of interest named, 25 days", { purchaseTimeframeDays: 25, modelOfInterest: "GL8" }],
  ["model chosen and test drive done, no timeframe", { modelChosen: true, testDriveDone: true }],
  ["nothing yet, 60 days", { purchaseTimeframeDays: 60 }]
]

// The same card under three policies: the default implications, none, and a group's own list.
const none = { ...defaultPolicy, grading: { ...defaultPolicy.grading, implies: [] } }
const ownList = {
  ...defaultPolicy,
  grading: { ...defaultPolicy.grading, implies: defaultImplications.filter((r) => r.id !== "implies.colour") }
}
const graded = (evidence: ProspectEvidence, policy = defaultPolicy) => {
  const r = gradeProspect(evidence, policy, today)
  if (r._tag === "Failure") throw new Error(r.failure._tag)
  const evidenceReason = r.success.reasons.find((x) => x.ruleId.startsWith("grading.evidence"))
  return { grade: r.success.grade, implied: String(evidenceReason?.reads.implied ?? "-") }
}

for (const [what, evidence] of cases) {
  const { grade, implied } = graded(evidence)
  console.log([what, grade, graded(evidence, none).grade, implied])
}
// ["test drive done only, 10 days", "B", "C", "implies.testDrive"]: a test drive means a model of
// interest (B), but not a chosen model (A needs one); with implies: [] the card is a C

// A group whose consultants tick a colour before the model is settled drops implies.colour:
const colourOnly = cases[4]?.[1] ?? {}
console.log(graded(colourOnly).grade, graded(colourOnly, ownList).grade) // "A" "C"
