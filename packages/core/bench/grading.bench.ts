// Grading throughput, side by side in one run: gradeProspect (with its explanation) against
// json-rules-engine running the same rules, and against a bare function with no explanation.
import { Engine } from "json-rules-engine"
import { formatRate, measureAsync, measureSync, report } from "../../../scripts/bench-harness.js"
import {
  CalendarDate,
  defaultPolicy,
  evidenceHolds,
  gradeProspect,
  type ProspectEvidence
} from "../src/index.js"

const today = CalendarDate.make("2026-11-22")
const policy = defaultPolicy
const grades = policy.grading.grades
const threshold = policy.grading.repeatVisitThreshold

// 1,024 deterministic inputs (xorshift), cycled by every implementation.
let seed = 0x2f6b1d3
const rand = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x1_0000_0000
}
const inputs: Array<ProspectEvidence> = Array.from({ length: 1024 }, () => ({
  purchaseTimeframeDays: Math.floor(rand() * 120),
  orderSigned: rand() < 0.05,
  testDriveDone: rand() < 0.5,
  testDriveBooked: rand() < 0.5,
  modelChosen: rand() < 0.6,
  colourChosen: rand() < 0.4,
  budgetSettled: rand() < 0.4,
  decisionMakerPresent: rand() < 0.5,
  visitCount: Math.floor(rand() * 4),
  ...(rand() < 0.5 ? { modelOfInterest: "Sylphy" } : {})
}))

/**
 * The bare function a user would otherwise hand-write: the default rules as if-else, returning
 * only the grade (no policy data, no explanation). Same answers as the policy on every input.
 */
const bare = (e: ProspectEvidence): string => {
  if (e.orderSigned === true) return "O"
  const days = e.purchaseTimeframeDays ?? 0
  const timeframe = days <= 7 ? 0 : days <= 15 ? 1 : days <= 30 ? 2 : 3
  const evidence =
    e.modelChosen && e.colourChosen && e.testDriveDone && e.budgetSettled && e.decisionMakerPresent
      ? 0
      : e.modelChosen && (e.testDriveDone || e.testDriveBooked)
        ? 1
        : e.modelChosen || e.modelOfInterest !== undefined
          ? 2
          : 3
  return BARE_GRADES[timeframe > evidence ? timeframe : evidence] as string
}
const BARE_GRADES = ["H", "A", "B", "C"]

/** json-rules-engine: one rule a grade, the hottest firing rule wins (priority). */
const engine = new Engine([], { allowUndefinedFacts: true })
engine.addRule({
  name: "O",
  priority: 100,
  conditions: { all: [{ fact: "orderSigned", operator: "equal", value: true }] },
  event: { type: "grade", params: { grade: "O" } }
})
grades.forEach((grade, i) => {
  engine.addRule({
    name: grade.id,
    priority: 90 - i,
    conditions: {
      all: [
        { fact: "purchaseTimeframeDays", operator: "lessThanInclusive", value: grade.horizonDays.max },
        ...grade.requiredEvidence.map((group) => ({
          any: group.map((key) => ({ fact: key, operator: "equal", value: true }))
        }))
      ]
    },
    event: { type: "grade", params: { grade: grade.id } }
  })
})
// the coldest grade also catches a purchase beyond the scale
engine.addRule({
  name: "beyond",
  priority: 1,
  conditions: { all: [{ fact: "purchaseTimeframeDays", operator: "greaterThanInclusive", value: 0 }] },
  event: { type: "grade", params: { grade: grades[grades.length - 1]?.id } }
})
const engineFacts = inputs.map((e) => {
  const facts: Record<string, unknown> = { ...e }
  for (const key of ["modelInterest", "repeatVisit"] as const) facts[key] = evidenceHolds(e, key, threshold)
  return facts
})
const engineGrade = async (i: number): Promise<string> => {
  const { events } = await engine.run(engineFacts[i & 1023] as Record<string, unknown>)
  return String((events[0]?.params as { grade: string } | undefined)?.grade)
}
const ours = (i: number) => {
  const r = gradeProspect(inputs[i & 1023] as ProspectEvidence, policy, today)
  return r._tag === "Success" ? r.success.grade : "error"
}

// The three must agree on every input before any is timed.
for (let i = 0; i < inputs.length; i++) {
  const expected = bare(inputs[i] as ProspectEvidence)
  const [a, b] = [ours(i), await engineGrade(i)]
  if (a !== expected || b !== expected)
    throw new Error(`disagreement on input ${i}: ours ${a}, bare ${expected}, engine ${b}`)
}

const oursRate = measureSync(ours)
const bareRate = measureSync((i) => bare(inputs[i & 1023] as ProspectEvidence))
const engineRate = await measureAsync(engineGrade, { seconds: 2 })
console.log(`  gradeProspect      ${formatRate(oursRate)}`)
console.log(`  bare function      ${formatRate(bareRate)}`)
console.log(`  json-rules-engine  ${formatRate(engineRate)}`)
report([
  {
    id: "grading",
    value: oursRate.opsPerSecond,
    unit: "ops/s",
    peer: "json-rules-engine",
    ratio: oursRate.opsPerSecond / engineRate.opsPerSecond
  },
  {
    id: "grading",
    value: oursRate.opsPerSecond,
    unit: "ops/s",
    peer: "bare-function",
    ratio: oursRate.opsPerSecond / bareRate.opsPerSecond,
    note: "floor: within 20x, i.e. ratio ≥ 0.05"
  }
])
