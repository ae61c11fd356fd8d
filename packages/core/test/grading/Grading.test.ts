import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addDays,
  CalendarDate,
  checkPolicy,
  decodeEvidence,
  defaultPolicy,
  findGrade,
  type GradeId,
  type Grading,
  type GradingError,
  gradeProspect,
  gradeRank,
  knownGrades,
  type Policy,
  type ProspectEvidence
} from "../../src/index.js"
import { anyPolicy, calendarDate, evidence as evidenceArb, soundPolicy } from "../arbitraries.js"

const today = CalendarDate.make("2026-11-22")
const G = (s: string) => s as GradeId
const ok = (r: Result.Result<Grading, GradingError>): Grading => {
  if (Result.isFailure(r)) throw new Error(`expected success, got ${r.failure.message}`)
  return r.success
}
const grade = (e: ProspectEvidence, policy: Policy = defaultPolicy) => ok(gradeProspect(e, policy, today))

const hEvidence: ProspectEvidence = {
  modelChosen: true,
  colourChosen: true,
  testDriveDone: true,
  budgetSettled: true,
  decisionMakerPresent: true
}

describe("gradeProspect: the default scale of domain.md", () => {
  it.each([
    [0, "H"],
    [7, "H"],
    [8, "A"],
    [15, "A"],
    [16, "B"],
    [30, "B"],
    [31, "C"],
    [90, "C"]
  ])("a fully ready prospect buying in %i days is %s (horizon boundaries)", (days, expected) => {
    expect(grade({ ...hEvidence, purchaseTimeframeDays: days }).grade).toBe(expected)
  })

  it.each([
    ["H", 2],
    ["A", 4],
    ["B", 7],
    ["C", 14]
  ])("grade %s is contacted at least every %i days", (letter, interval) => {
    const r = grade({ ...hEvidence, purchaseTimeframeDays: { H: 3, A: 10, B: 20, C: 60 }[letter] ?? 0 })
    expect(r.grade).toBe(letter)
    expect(r.contactIntervalDays).toBe(interval)
    expect(r.nextContactDue).toBe(addDays(today, interval))
  })

  it("H needs model and colour, a test drive done, budget settled and the decision maker", () => {
    for (const missing of Object.keys(hEvidence)) {
      // a chosen colour implies a chosen model (implies.colour): leave the colour out with the model
      const without =
        missing === "modelChosen" ? { modelChosen: false, colourChosen: false } : { [missing]: false }
      const r = grade({ ...hEvidence, ...without, purchaseTimeframeDays: 5 })
      expect(r.grade, `without ${missing}`).not.toBe("H")
    }
  })

  it("implied evidence (推定): a colour chosen implies the model, a test drive done implies it was booked, explained", () => {
    const colour = grade({ ...hEvidence, modelChosen: false, purchaseTimeframeDays: 5 })
    expect(colour.grade).toBe("H")
    expect(colour.reasons[1]?.reads).toMatchObject({
      modelChosen: true,
      implied: "implies.testDrive,implies.colour"
    })
    const drive = grade({ purchaseTimeframeDays: 10, modelChosen: true, testDriveDone: true })
    expect(drive.grade).toBe("A")
    // a policy without implications grades what was ticked only
    const none = { ...defaultPolicy, grading: { ...defaultPolicy.grading, implies: [] } }
    expect(grade({ ...hEvidence, modelChosen: false, purchaseTimeframeDays: 5 }, none).grade).not.toBe("H")
  })

  it.each([
    ["an order signed", { purchaseTimeframeDays: 30, orderSigned: true }, "O", undefined],
    [
      "colour, test drive, budget and decision maker, 5 days",
      {
        purchaseTimeframeDays: 5,
        colourChosen: true,
        testDriveDone: true,
        budgetSettled: true,
        decisionMakerPresent: true
      },
      "H",
      "implies.testDrive,implies.colour"
    ],
    [
      "a test drive done only, 10 days",
      { purchaseTimeframeDays: 10, testDriveDone: true },
      "B",
      "implies.testDrive"
    ],
    [
      "a model and a test drive done, 10 days",
      { purchaseTimeframeDays: 10, modelChosen: true, testDriveDone: true },
      "A",
      "implies.testDrive"
    ],
    [
      "a colour and a test drive booked, 10 days",
      { purchaseTimeframeDays: 10, colourChosen: true, testDriveBooked: true },
      "A",
      "implies.colour,implies.model"
    ],
    [
      "a model of interest named, 25 days",
      { purchaseTimeframeDays: 25, modelOfInterest: "GL8" },
      "B",
      undefined
    ],
    ["nothing yet, 60 days", { purchaseTimeframeDays: 60 }, "C", undefined],
    [
      "a model and a test drive, no timeframe",
      { modelChosen: true, testDriveDone: true },
      "B",
      "implies.testDrive"
    ]
  ] as const)("realistic combination: %s grades %s", (_, e, expected, implied) => {
    const r = grade(e as ProspectEvidence)
    expect(r.grade).toBe(expected)
    expect(r.reasons.find((x) => x.ruleId.startsWith("grading.evidence"))?.reads.implied).toBe(implied)
  })

  it("property: implied evidence never lowers a grade", () => {
    fc.assert(
      fc.property(soundPolicy, evidenceArb, (policy, e) => {
        const ticked = { ...policy, grading: { ...policy.grading, implies: [] } }
        const withImplied = grade(e, policy)
        const without = grade(e, ticked)
        expect(gradeRank(policy, withImplied.grade)).toBeLessThanOrEqual(gradeRank(policy, without.grade))
      }),
      { numRuns: 300 }
    )
  })

  it("A needs a model chosen and a test drive done or booked", () => {
    expect(grade({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }).grade).toBe("A")
    expect(grade({ purchaseTimeframeDays: 10, modelChosen: true, testDriveDone: true }).grade).toBe("A")
    expect(grade({ purchaseTimeframeDays: 10, modelChosen: true }).grade).toBe("B")
  })

  it("explains itself: the rules that fired and the evidence each read", () => {
    const r = grade({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true })
    expect(r.reasons.map((x) => x.ruleId)).toEqual(["grading.timeframe", "grading.evidence.A"])
    expect(r.reasons[0]?.reads).toEqual({ purchaseTimeframeDays: 10 })
    expect(r.reasons[1]?.reads).toMatchObject({
      modelChosen: true,
      testDriveBooked: true,
      colourChosen: false
    })
    expect(r.policy).toEqual({ policyId: "jipan-default", version: 1 })
    expect(r.warnings).toEqual([])
  })

  it("warns when the timeframe claims more than the evidence supports, and grades by the evidence", () => {
    const r = grade({ purchaseTimeframeDays: 3, modelOfInterest: "Sylphy" })
    expect(r.grade).toBe("B")
    expect(r.warnings.map((w) => w.code)).toEqual(["EVIDENCE_BELOW_TIMEFRAME"])
  })

  it("caps the grade when no timeframe is known", () => {
    const r = grade(hEvidence)
    expect(r.grade).toBe("B")
    expect(r.warnings.map((w) => w.code)).toContain("NO_TIMEFRAME")
  })

  it("reads an expected purchase date against today, and warns when it has passed", () => {
    expect(grade({ ...hEvidence, expectedPurchaseDate: CalendarDate.make("2026-11-29") }).grade).toBe("H")
    expect(grade({ ...hEvidence, expectedPurchaseDate: CalendarDate.make("2026-11-30") }).grade).toBe("A")
    const passed = grade({ ...hEvidence, expectedPurchaseDate: CalendarDate.make("2026-11-01") })
    expect(passed.grade).toBe("H")
    expect(passed.warnings.map((w) => w.code)).toContain("PURCHASE_DATE_PASSED")
  })

  it("keeps a far purchase at the coldest grade and says it is beyond the scale", () => {
    const r = grade({ purchaseTimeframeDays: 200 })
    expect(r.grade).toBe("C")
    expect(r.warnings.map((w) => w.code)).toContain("TIMEFRAME_BEYOND_SCALE")
  })

  it("an order signed is O, contacted every 2 days until delivery", () => {
    const r = grade({ orderSigned: true, purchaseTimeframeDays: 60 })
    expect(r.grade).toBe("O")
    expect(r.contactIntervalDays).toBe(2)
    expect(r.reasons.map((x) => x.ruleId)).toEqual(["grading.ordered"])
  })

  it("counts the interval from the last contact when one is given", () => {
    const r = grade({
      purchaseTimeframeDays: 20,
      modelChosen: true,
      lastContactOn: CalendarDate.make("2026-11-20")
    })
    expect(r.nextContactDue).toBe("2026-11-27")
  })

  it("a repeat visit can be required evidence, with the threshold from the policy", () => {
    const policy: Policy = {
      ...defaultPolicy,
      grading: {
        ...defaultPolicy.grading,
        repeatVisitThreshold: 3,
        grades: [
          { ...defaultPolicy.grading.grades[0], requiredEvidence: [["repeatVisit"]] },
          ...defaultPolicy.grading.grades.slice(1)
        ]
      }
    }
    expect(grade({ purchaseTimeframeDays: 2, visitCount: 2 }, policy).grade).toBe("C")
    expect(grade({ purchaseTimeframeDays: 2, visitCount: 3 }, policy).grade).toBe("H")
  })

  it("a scale whose coldest grade requires evidence leaves an unmatched prospect ungraded (N)", () => {
    const grades = defaultPolicy.grading.grades
    const policy: Policy = {
      ...defaultPolicy,
      grading: {
        ...defaultPolicy.grading,
        grades: [
          ...grades.slice(0, 3),
          { ...grades[3], requiredEvidence: [["modelInterest"]] }
        ] as unknown as Policy["grading"]["grades"]
      }
    }
    const r = grade({ purchaseTimeframeDays: 60 }, policy)
    expect(r.grade).toBe("N")
    expect(r.contactIntervalDays).toBe(1)
    expect(r.warnings.map((w) => w.code)).toContain("NO_GRADE_MATCHED")
    expect(checkPolicy(policy).map((f) => f.code)).toContain("NO_DEFAULT_GRADE")
  })
})

describe("gradeProspect: consultant overrides", () => {
  const evidence: ProspectEvidence = { purchaseTimeframeDays: 20, modelChosen: true }

  it("accepts an override with a justification, flagged for supervisor review", () => {
    const r = ok(
      gradeProspect(evidence, defaultPolicy, today, {
        override: { grade: G("A"), justification: "Booked a test drive by phone" }
      })
    )
    expect(r.grade).toBe("A")
    expect(r.computedGrade).toBe("B")
    expect(r.override).toEqual({
      from: "B",
      to: "A",
      justification: "Booked a test drive by phone",
      reviewRequired: true
    })
    expect(r.contactIntervalDays).toBe(4)
    expect(r.warnings.map((w) => w.code)).toContain("OVERRIDE_ABOVE_EVIDENCE")
    expect(r.reasons.at(-1)?.ruleId).toBe("grading.override")
  })

  it("refuses an override without a justification", () => {
    const r = gradeProspect(evidence, defaultPolicy, today, {
      override: { grade: G("A"), justification: "  " }
    })
    expect(Result.isFailure(r) && r.failure._tag).toBe("OverrideNeedsJustification")
  })

  it("refuses an override to a grade the policy does not have", () => {
    const r = gradeProspect(evidence, defaultPolicy, today, {
      override: { grade: G("Z"), justification: "x" }
    })
    expect(Result.isFailure(r) && r.failure._tag).toBe("UnknownGrade")
    if (Result.isFailure(r) && r.failure._tag === "UnknownGrade")
      expect(r.failure.known).toEqual(knownGrades(defaultPolicy))
  })

  it("an override to the computed grade is no override", () => {
    const r = ok(
      gradeProspect(evidence, defaultPolicy, today, { override: { grade: G("B"), justification: "agree" } })
    )
    expect(r.override).toBeUndefined()
  })
})

describe("evidence input", () => {
  it("lists every bad field with its path", () => {
    const r = decodeEvidence({
      visitCount: -1,
      modelChosen: "yes",
      expectedPurchaseDate: "2026-02-30",
      colour: "red"
    })
    expect(Result.isFailure(r)).toBe(true)
    if (Result.isFailure(r)) {
      expect(r.failure._tag).toBe("InvalidInput")
      expect(r.failure.issues.map((i) => i.path).sort()).toEqual([
        "colour",
        "expectedPurchaseDate",
        "modelChosen",
        "visitCount"
      ])
    }
  })
})

/** e2 is at least as ready as e1: every yes stays yes, the purchase no later, visits no fewer. */
const moreReady = (e: ProspectEvidence): fc.Arbitrary<ProspectEvidence> =>
  fc
    .record({
      setTrue: fc.subarray([
        "orderSigned",
        "testDriveDone",
        "testDriveBooked",
        "modelChosen",
        "colourChosen",
        "budgetSettled",
        "decisionMakerPresent",
        "tradeIn",
        "competitorCompared"
      ] as const),
      sooner: fc.integer({ min: 0, max: 100 }),
      moreVisits: fc.integer({ min: 0, max: 5 }),
      interest: fc.boolean()
    })
    .map(({ setTrue, sooner, moreVisits, interest }) => {
      const next: { -readonly [K in keyof ProspectEvidence]: ProspectEvidence[K] } = { ...e }
      for (const key of setTrue) next[key] = true
      if (next.purchaseTimeframeDays !== undefined)
        next.purchaseTimeframeDays = Math.max(0, next.purchaseTimeframeDays - sooner)
      if (next.expectedPurchaseDate !== undefined)
        next.expectedPurchaseDate = addDays(next.expectedPurchaseDate, -sooner)
      next.visitCount = (next.visitCount ?? 0) + moreVisits
      if (interest) next.modelOfInterest = "Model Y"
      return next
    })

describe("gradeProspect: properties", () => {
  it("more evidence of readiness never lowers the grade (any policy)", () => {
    fc.assert(
      fc.property(
        anyPolicy,
        evidenceArb.chain((e) => fc.tuple(fc.constant(e), moreReady(e))),
        calendarDate(),
        (policy, [less, more], day) => {
          const a = gradeProspect(less, policy, day)
          const b = gradeProspect(more, policy, day)
          if (Result.isFailure(a) || Result.isFailure(b)) return false
          return gradeRank(policy, b.success.grade) <= gradeRank(policy, a.success.grade)
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("the due date is exactly one grade interval after the last contact, never later", () => {
    fc.assert(
      fc.property(soundPolicy, evidenceArb, calendarDate(), (policy, e, day) => {
        const r = ok(gradeProspect(e, policy, day))
        const interval = findGrade(policy, r.grade)?.interval
        return interval !== undefined && r.nextContactDue === addDays(e.lastContactOn ?? day, interval)
      }),
      { numRuns: 1000 }
    )
  })

  it("is deterministic, and does not depend on the policy object's identity", () => {
    fc.assert(
      fc.property(anyPolicy, evidenceArb, calendarDate(), (policy, e, day) => {
        const first = gradeProspect(e, policy, day)
        const again = gradeProspect(e, structuredClone(policy), day)
        expect(again).toEqual(first)
      }),
      { numRuns: 500 }
    )
  })

  it("any policy checkPolicy accepts grades every evidence without error, into one of its grades", () => {
    let accepted = 0
    fc.assert(
      fc.property(anyPolicy, evidenceArb, calendarDate(), (policy, e, day) => {
        if (checkPolicy(policy).some((f) => f.severity === "error")) return true
        accepted++
        const r = gradeProspect(e, policy, day)
        return (
          Result.isSuccess(r) && knownGrades(policy).includes(r.success.grade) && r.success.reasons.length > 0
        )
      }),
      { numRuns: 2000 }
    )
    expect(accepted).toBeGreaterThan(200) // the generator must reach sound policies often enough
  })
})
