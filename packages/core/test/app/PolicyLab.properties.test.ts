import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Policy, replayCardHistory, replayHistories } from "../../src/index.js"
import { anyPolicy, cardPolicy } from "../arbitraries.js"
import { histories, windowOf } from "../policyLabFixtures.js"

const withInterval = (policy: Policy, index: number, days: number): Policy => ({
  ...policy,
  grading: {
    ...policy.grading,
    grades: policy.grading.grades.map((g, i) =>
      i === index ? { ...g, contactIntervalDays: days } : g
    ) as unknown as Policy["grading"]["grades"]
  }
})

describe("policy lab: replay (properties)", () => {
  it("replaying a history under the policy it was decided under gives back the stored events", () => {
    fc.assert(
      fc.property(
        cardPolicy.chain((policy) => fc.tuple(fc.constant(policy), histories(policy))),
        ([policy, hs]) => {
          for (const h of hs) {
            const steps = replayCardHistory(h.history, () => policy)
            expect(steps.every((s) => s.refused === undefined)).toBe(true)
            expect(steps.flatMap((s) => s.events)).toEqual(h.history)
          }
        }
      ),
      { numRuns: 150 }
    )
  })

  it("replaying the policy in force yields no difference (random histories and policies)", () => {
    fc.assert(
      fc.property(
        fc.oneof(cardPolicy, anyPolicy).chain((policy) => fc.tuple(fc.constant(policy), histories(policy))),
        ([policy, hs]) => {
          const r = replayHistories(
            hs,
            windowOf(hs, policy),
            () => policy,
            () => policy
          )
          expect(r.differences).toEqual([])
          expect(r.workload).toEqual([])
        }
      ),
      { numRuns: 150 }
    )
  })

  it("a draft that changes one grade's interval changes only the follow-up figures of that grade's rules", () => {
    let moved = 0
    fc.assert(
      fc.property(
        cardPolicy.chain((policy) =>
          fc.tuple(
            fc.constant(policy),
            histories(policy, { maxSteps: 40 }),
            fc.nat({ max: policy.grading.grades.length - 1 }),
            fc.integer({ min: 1, max: 30 })
          )
        ),
        ([policy, hs, index, days]) => {
          const grade = policy.grading.grades[index]
          if (grade === undefined || grade.contactIntervalDays === days) return
          const draft = withInterval(policy, index, days)
          const window = windowOf(hs, policy)
          const r = replayHistories(
            hs,
            window,
            () => policy,
            (_, day) => (day < window.from ? policy : draft)
          )
          if (r.differences.some((d) => d.area === "dueShift")) moved++
          for (const d of r.differences) {
            // grades, care, settlement and refusals never move with an interval
            expect(["dueShift", "contactsDue", "overdue", "finding"]).toContain(d.area)
            if (d.area === "dueShift") expect(d.ruleIds.some((id) => id.endsWith(`.${grade.id}`))).toBe(true)
          }
        }
      ),
      { numRuns: 150 }
    )
    expect(moved).toBeGreaterThan(10)
  })
})
