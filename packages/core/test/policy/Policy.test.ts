import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type CalendarDate,
  checkPolicy,
  checkPolicyVersions,
  decodePolicy,
  decodePolicyDocument,
  defaultPolicy,
  encodePolicy,
  type GradeDefinition,
  type Policy,
  type PolicyDocument,
  type PolicyScope,
  resolvePolicy
} from "../../src/index.js"
import { anyPolicy, calendarDate, soundPolicy } from "../arbitraries.js"

const doc = (input: unknown): PolicyDocument => {
  const r = decodePolicyDocument(input)
  if (Result.isFailure(r)) throw new Error(r.failure.message)
  return r.success
}
const group = { dealerGroupId: "grp-east" } as PolicyScope
const store = { dealerGroupId: "grp-east", storeId: "store-01" } as PolicyScope
const day = (s: string) => s as CalendarDate

const documents = [
  doc({ policyId: "east", version: 1, effectiveFrom: "2026-01-01", scope: { dealerGroupId: "grp-east" } }),
  doc({
    policyId: "east",
    version: 2,
    effectiveFrom: "2026-12-01",
    scope: { dealerGroupId: "grp-east" },
    firstContact: { thankYouMessageWithinHours: 1, firstCallWithinDays: 1 }
  }),
  doc({
    policyId: "east-store-01",
    version: 1,
    effectiveFrom: "2026-06-01",
    scope: { dealerGroupId: "grp-east", storeId: "store-01" },
    followUp: { lapse: [{ id: "lapse.flag", overdueDaysAtLeast: 2, action: "flag" }] }
  }),
  doc({
    policyId: "west",
    version: 1,
    effectiveFrom: "2020-01-01",
    scope: { dealerGroupId: "grp-west" },
    timeZone: "Asia/Urumqi"
  })
]

describe("policy documents", () => {
  it("decode with defaults left to resolution, and report every problem with its path", () => {
    const r = decodePolicyDocument({
      policyId: "",
      version: 0,
      effectiveFrom: "2026-02-30",
      scope: {},
      grading: { grades: [], ordered: { id: "o" } },
      surprise: true
    })
    expect(Result.isFailure(r)).toBe(true)
    if (Result.isFailure(r)) {
      const paths = r.failure.issues.map((i) => i.path)
      expect(paths).toEqual(
        expect.arrayContaining([
          "policyId",
          "version",
          "effectiveFrom",
          "scope.dealerGroupId",
          "grading.grades.0",
          "grading.ordered.id",
          "grading.ordered.label",
          "surprise"
        ])
      )
      expect(r.failure.message).toContain("effectiveFrom")
    }
  })

  it("property: a resolved policy round-trips through encode, JSON and decode", () => {
    fc.assert(
      fc.property(anyPolicy, (policy) => {
        const back = decodePolicy(JSON.parse(JSON.stringify(encodePolicy(policy))))
        expect(back).toEqual(Result.succeed(policy))
      }),
      { numRuns: 300 }
    )
  })
})

describe("resolvePolicy", () => {
  it("picks the group's version in force on the date, over the defaults", () => {
    const before = resolvePolicy(documents, group, day("2026-11-30"))
    const after = resolvePolicy(documents, group, day("2026-12-01"))
    expect(Result.isSuccess(before) && before.success.version).toBe(1)
    expect(Result.isSuccess(before) && before.success.firstContact).toEqual(defaultPolicy.firstContact)
    expect(Result.isSuccess(after) && after.success.firstContact.firstCallWithinDays).toBe(1)
    expect(Result.isSuccess(after) && after.success.provenance.firstContact).toEqual({
      policyId: "east",
      version: 2
    })
    expect(Result.isSuccess(after) && after.success.provenance.grading).toEqual(
      defaultPolicy.provenance.grading
    )
  })

  it("lays a store's override over its group's sections, from its own effective date", () => {
    const r = resolvePolicy(documents, store, day("2026-12-05"))
    expect(Result.isSuccess(r)).toBe(true)
    if (Result.isSuccess(r)) {
      expect(r.success.followUp.lapse).toEqual([{ id: "lapse.flag", overdueDaysAtLeast: 2, action: "flag" }])
      expect(r.success.firstContact.firstCallWithinDays).toBe(1) // from the group's version 2
      expect(r.success.provenance.followUp).toEqual({ policyId: "east-store-01", version: 1 })
    }
    const early = resolvePolicy(documents, store, day("2026-05-31"))
    expect(Result.isSuccess(early) && early.success.followUp).toEqual(defaultPolicy.followUp)
  })

  it("never crosses dealer groups, and says when nothing is in force", () => {
    const west = resolvePolicy(documents, { dealerGroupId: "grp-west" } as PolicyScope, day("2026-11-22"))
    expect(Result.isSuccess(west) && west.success.timeZone).toBe("Asia/Urumqi")
    const none = resolvePolicy(documents, group, day("2025-12-31"))
    expect(Result.isFailure(none) && none.failure._tag).toBe("NoPolicyInForce")
    const other = resolvePolicy(documents, { dealerGroupId: "grp-north" } as PolicyScope, day("2026-11-22"))
    expect(Result.isFailure(other)).toBe(true)
  })

  it("on two versions taking effect the same day, the higher wins, and the versions check says so", () => {
    const twin = doc({
      policyId: "east",
      version: 3,
      effectiveFrom: "2026-12-01",
      scope: { dealerGroupId: "grp-east" }
    })
    const r = resolvePolicy([...documents, twin], group, day("2026-12-02"))
    expect(Result.isSuccess(r) && r.success.version).toBe(3)
    expect(checkPolicyVersions([...documents, twin]).map((f) => f.code)).toEqual(["AMBIGUOUS_EFFECTIVE_DATE"])
    expect(checkPolicyVersions([...documents, documents[0] as PolicyDocument]).map((f) => f.code)).toContain(
      "DUPLICATE_VERSION"
    )
  })

  it("property: the group version in force is the latest one not after the date", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(calendarDate(400), { minLength: 1, maxLength: 6 }),
        calendarDate(500),
        (dates, on) => {
          const docs = dates.map((effectiveFrom, i) =>
            doc({ policyId: "p", version: i + 1, effectiveFrom, scope: { dealerGroupId: "grp-east" } })
          )
          const inForce = docs
            .filter((d) => d.effectiveFrom <= on)
            .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))
          const r = resolvePolicy(docs, group, on)
          if (inForce.length === 0) return Result.isFailure(r)
          return Result.isSuccess(r) && r.success.version === inForce[0]?.version
        }
      )
    )
  })
})

const withGrades = (grades: Array<Partial<GradeDefinition>>): Policy => ({
  ...defaultPolicy,
  grading: {
    ...defaultPolicy.grading,
    grades: grades.map((g, i) => ({
      ...defaultPolicy.grading.grades[i % 4],
      ...g
    })) as unknown as Policy["grading"]["grades"]
  }
})

describe("checkPolicy", () => {
  it("finds nothing wrong with the defaults", () => {
    expect(checkPolicy(defaultPolicy)).toEqual([])
  })

  it("finds gaps and overlaps in the grade horizons", () => {
    const gap = checkPolicy(
      withGrades([{ horizonDays: { min: 0, max: 7 } }, { horizonDays: { min: 10, max: 15 } }])
    )
    expect(gap).toContainEqual(
      expect.objectContaining({ code: "HORIZON_GAP", path: "grading.grades.1.horizonDays.min" })
    )
    const overlap = checkPolicy(
      withGrades([{ horizonDays: { min: 0, max: 7 } }, { horizonDays: { min: 5, max: 15 } }])
    )
    expect(overlap).toContainEqual(
      expect.objectContaining({ code: "HORIZON_OVERLAP", path: "grading.grades.1.horizonDays.min" })
    )
    const start = checkPolicy(withGrades([{ horizonDays: { min: 1, max: 7 } }]))
    expect(start.map((f) => f.code)).toContain("HORIZON_GAP")
  })

  it("finds contact intervals longer than the grade's horizon, and inverted horizons", () => {
    const f = checkPolicy(
      withGrades([
        { horizonDays: { min: 0, max: 7 }, contactIntervalDays: 9 },
        { horizonDays: { min: 9, max: 8 } }
      ])
    )
    expect(f).toContainEqual(
      expect.objectContaining({
        code: "INTERVAL_EXCEEDS_HORIZON",
        path: "grading.grades.0.contactIntervalDays"
      })
    )
    expect(f).toContainEqual(
      expect.objectContaining({ code: "HORIZON_INVERTED", path: "grading.grades.1.horizonDays" })
    )
  })

  it("finds unknown evidence keys, unknown grades, duplicates and a missing default grade", () => {
    const policy: Policy = {
      ...withGrades([
        { requiredEvidence: [["modelChosen", "hasPets"]] },
        {
          id: "H" as GradeDefinition["id"],
          horizonDays: { min: 8, max: 15 },
          requiredEvidence: [["testDrive"]]
        }
      ]),
      grading: {
        ...withGrades([
          { requiredEvidence: [["modelChosen", "hasPets"]] },
          {
            id: "H" as GradeDefinition["id"],
            horizonDays: { min: 8, max: 15 },
            requiredEvidence: [["testDrive"]]
          }
        ]).grading,
        withoutTimeframe: { hottestGrade: "Q" as GradeDefinition["id"] }
      }
    }
    const f = checkPolicy(policy)
    expect(f).toContainEqual(
      expect.objectContaining({ code: "UNKNOWN_EVIDENCE_KEY", path: "grading.grades.0.requiredEvidence.0.1" })
    )
    expect(f).toContainEqual(
      expect.objectContaining({ code: "UNKNOWN_EVIDENCE_KEY", path: "grading.grades.1.requiredEvidence.0.0" })
    )
    expect(f).toContainEqual(
      expect.objectContaining({ code: "DUPLICATE_GRADE", path: "grading.grades.1.id" })
    )
    expect(f).toContainEqual(expect.objectContaining({ code: "NO_DEFAULT_GRADE", severity: "warning" }))
    expect(f).toContainEqual(
      expect.objectContaining({ code: "UNKNOWN_GRADE", path: "grading.withoutTimeframe.hottestGrade" })
    )
  })

  it("finds lapse steps out of order and unknown time zones", () => {
    const f = checkPolicy({
      ...defaultPolicy,
      timeZone: "Mars/Olympus",
      followUp: {
        lapse: [
          { id: "a", overdueDaysAtLeast: 5, action: "flag" },
          { id: "a", overdueDaysAtLeast: 3, action: "downgrade" }
        ]
      }
    })
    expect(f.map((x) => x.code).sort()).toEqual(["DUPLICATE_LAPSE_STEP", "LAPSE_ORDER", "UNKNOWN_TIME_ZONE"])
  })

  it("property: every generated sound policy passes", () => {
    fc.assert(
      fc.property(soundPolicy, (p) => checkPolicy(p).filter((f) => f.severity === "error").length === 0)
    )
  })

  it("property: horizon findings appear exactly when the horizons are not contiguous from day 0", () => {
    fc.assert(
      fc.property(anyPolicy, (policy) => {
        const grades = policy.grading.grades
        const contiguous = grades.every(
          (g, i) =>
            g.horizonDays.min <= g.horizonDays.max &&
            g.horizonDays.min === (i === 0 ? 0 : (grades[i - 1]?.horizonDays.max ?? 0) + 1)
        )
        const found = checkPolicy(policy).some((f) => f.code.startsWith("HORIZON_"))
        return found === !contiguous
      }),
      { numRuns: 1000 }
    )
  })
})
