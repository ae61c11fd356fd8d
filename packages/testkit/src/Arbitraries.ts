/**
 * fast-check arbitraries for the core's types: dates, evidence, grade scales and policies (sound
 * ones, and any ones including the unsound), for property tests of the rules and of adapters.
 *
 * @module
 */

import {
  type CalendarDate,
  defaultPolicy,
  EvidenceKey,
  fromDayNumber,
  type GradeDefinition,
  type GradeId,
  type Policy,
  type ProspectEvidence,
  toDayNumber
} from "@jipan/core"
import * as fc from "fast-check"

const BASE_DAY = toDayNumber("2026-01-01" as CalendarDate)

/**
 * A calendar date within `span` days of 2026-01-01.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { calendarDate } from "@jipan/testkit"
 * fc.sample(calendarDate(30), 3) // ["2026-01-12", "2025-12-20", …]
 * ```
 */
export const calendarDate = (span = 800): fc.Arbitrary<CalendarDate> =>
  fc.integer({ min: -span, max: span }).map((d) => fromDayNumber(BASE_DAY + d))

/**
 * Prospect evidence with any subset of its fields.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { evidence } from "@jipan/testkit"
 * fc.assert(fc.property(evidence, (e) => typeof e === "object"))
 * ```
 */
export const evidence: fc.Arbitrary<ProspectEvidence> = fc.record(
  {
    expectedPurchaseDate: calendarDate(),
    purchaseTimeframeDays: fc.integer({ min: 0, max: 400 }),
    orderSigned: fc.boolean(),
    testDriveDone: fc.boolean(),
    testDriveBooked: fc.boolean(),
    modelChosen: fc.boolean(),
    colourChosen: fc.boolean(),
    modelOfInterest: fc.constantFrom("Model Y", "Sylphy", "Camry"),
    budgetSettled: fc.boolean(),
    decisionMakerPresent: fc.boolean(),
    tradeIn: fc.boolean(),
    competitorCompared: fc.boolean(),
    visitCount: fc.integer({ min: 0, max: 12 }),
    lastContactOn: calendarDate()
  },
  { requiredKeys: [] }
)

const LETTERS = ["H", "A", "B", "C", "D", "E", "F", "G"]

/**
 * A sound grade scale: contiguous horizons from day 0, intervals within each horizon.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { gradeScale } from "@jipan/testkit"
 * fc.sample(gradeScale, 1)[0]?.[0]?.horizonDays.min // 0
 * ```
 */
export const gradeScale: fc.Arbitrary<Array<GradeDefinition>> = fc
  .array(
    fc.record({
      width: fc.integer({ min: 1, max: 60 }),
      intervalShare: fc.double({ min: 0, max: 1, noNaN: true }),
      required: fc.array(fc.subarray([...EvidenceKey.values], { minLength: 1, maxLength: 3 }), {
        maxLength: 3
      })
    }),
    { minLength: 1, maxLength: LETTERS.length }
  )
  .map((rows) => {
    let min = 0
    return rows.map((row, i) => {
      const max = min + row.width - 1
      const grade: GradeDefinition = {
        id: LETTERS[i] as GradeId,
        label: { "zh-CN": `${LETTERS[i]}级`, en: `${LETTERS[i]}` },
        horizonDays: { min, max },
        contactIntervalDays: Math.max(1, Math.round(row.intervalShare * Math.max(max, 1))),
        // the coldest grade takes everyone (the "default row")
        requiredEvidence: i === rows.length - 1 ? [] : (row.required as Array<[string, ...Array<string>]>)
      }
      min = max + 1
      return grade
    })
  })

/**
 * A sound policy (checkPolicy finds no error in it).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { checkPolicy } from "@jipan/core"
 * import { soundPolicy } from "@jipan/testkit"
 * fc.assert(fc.property(soundPolicy, (p) => checkPolicy(p).every((i) => i.severity !== "error")))
 * ```
 */
export const soundPolicy: fc.Arbitrary<Policy> = fc
  .record({
    grades: gradeScale,
    orderedInterval: fc.integer({ min: 1, max: 7 }),
    gradeWithin: fc.integer({ min: 1, max: 3 }),
    repeatVisitThreshold: fc.integer({ min: 1, max: 5 }),
    capShare: fc.double({ min: 0, max: 1, noNaN: true }),
    firstCall: fc.integer({ min: 1, max: 5 }),
    lapse: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 3 })
  })
  .map(({ grades, orderedInterval, gradeWithin, repeatVisitThreshold, capShare, firstCall, lapse }) => ({
    ...defaultPolicy,
    grading: {
      ...defaultPolicy.grading,
      grades: grades as [GradeDefinition, ...Array<GradeDefinition>],
      ordered: { ...defaultPolicy.grading.ordered, contactIntervalDays: orderedInterval },
      ungraded: { ...defaultPolicy.grading.ungraded, gradeWithinDays: gradeWithin },
      repeatVisitThreshold,
      withoutTimeframe: {
        hottestGrade: (grades[Math.floor(capShare * (grades.length - 1))] as GradeDefinition).id
      }
    },
    firstContact: { thankYouMessageWithinHours: 2, firstCallWithinDays: firstCall },
    followUp: {
      lapse: [...lapse]
        .sort((a, b) => a - b)
        .map((d, i) => ({
          id: `lapse.${i}`,
          overdueDaysAtLeast: d,
          action: i === 0 ? ("flag" as const) : ("downgrade" as const)
        }))
    }
  }))

/**
 * Any policy the Schema accepts, sound or not: broken horizons, intervals and keys included.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { anyPolicy } from "@jipan/testkit"
 * fc.sample(anyPolicy, 5)
 * ```
 */
export const anyPolicy: fc.Arbitrary<Policy> = fc
  .tuple(
    soundPolicy,
    fc.array(
      fc.record({
        grade: fc.nat(),
        min: fc.integer({ min: 0, max: 120 }),
        max: fc.integer({ min: 0, max: 120 }),
        interval: fc.integer({ min: 1, max: 60 }),
        key: fc.constantFrom("modelChosen", "budgetSettled", "hasPets", "testDrive")
      }),
      { maxLength: 3 }
    )
  )
  .map(([policy, mutations]) => {
    const grades = policy.grading.grades.map((g) => ({ ...g }))
    for (const m of mutations) {
      const i = m.grade % grades.length
      const g = grades[i] as GradeDefinition
      grades[i] = {
        ...g,
        horizonDays: { min: m.min, max: m.max },
        contactIntervalDays: m.interval,
        requiredEvidence: [...g.requiredEvidence, [m.key]]
      }
    }
    return {
      ...policy,
      grading: { ...policy.grading, grades: grades as [GradeDefinition, ...Array<GradeDefinition>] }
    }
  })

/**
 * A sound policy with a random two-level defeat catalogue, invalid-card reasons (one merges) and
 * where a phone may hold one open card (`lifecycle.phoneUniqueness`: absent, group or store).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { cardPolicy } from "@jipan/testkit"
 * fc.sample(cardPolicy, 1)[0]?.lifecycle.defeatReasonTypes.length
 * ```
 */
export const cardPolicy: fc.Arbitrary<Policy> = fc
  .tuple(
    soundPolicy,
    fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    fc.integer({ min: 0, max: 2 }),
    fc.constantFrom(undefined, "group" as const, "store" as const)
  )
  .map(([policy, types, extraInvalid, phoneUniqueness]) => ({
    ...policy,
    lifecycle: {
      ...(phoneUniqueness === undefined ? {} : { phoneUniqueness }),
      defeatReasonTypes: types.map((reasons, i) => ({
        id: `type${i}`,
        label: { "zh-CN": `类型${i}`, en: `Type ${i}` },
        reasons: reasons.map((competitorBought, j) => ({
          id: `reason${j}`,
          label: { "zh-CN": `原因${j}`, en: `Reason ${j}` },
          competitorBought
        }))
      })) as unknown as Policy["lifecycle"]["defeatReasonTypes"],
      invalidReasons: [
        { id: "dup", label: { "zh-CN": "重复", en: "Duplicate" }, mergeIntoSurvivor: true },
        ...Array.from({ length: extraInvalid }, (_, i) => ({
          id: `closed${i}`,
          label: { "zh-CN": `无效${i}`, en: `Closed ${i}` },
          mergeIntoSurvivor: false
        }))
      ] as unknown as Policy["lifecycle"]["invalidReasons"]
    }
  }))
