/**
 * Prospect grading (有望级别): a pure function of evidence, policy and today, returning the grade
 * with the rules that fired, the evidence each read, and the date the next contact is due.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { addDays, type CalendarDate, daysBetween } from "./CalendarDate.js"
import { type EvidenceKey, evidenceHolds, type ProspectEvidence } from "./Evidence.js"
import type { GradeId, Policy, SectionSource } from "./Policy.js"

/**
 * One rule that fired: its stable id, what it concluded, and the inputs it read.
 *
 * @example
 * ```ts
 * import type { Reason } from "@jipan/core"
 * const r: Reason = { ruleId: "grading.timeframe", conclusion: "A", reads: { purchaseTimeframeDays: 10 } }
 * ```
 */
export interface Reason {
  readonly ruleId: string
  readonly conclusion: string
  readonly reads: Readonly<Record<string, unknown>>
}

/**
 * Something the caller should look at, with a stable code: the result stands, but is doubtful.
 *
 * @example
 * ```ts
 * import type { Warning } from "@jipan/core"
 * const w: Warning = { code: "EVIDENCE_BELOW_TIMEFRAME", message: "…" }
 * ```
 */
export interface Warning {
  readonly code:
    | "EVIDENCE_BELOW_TIMEFRAME"
    | "NO_TIMEFRAME"
    | "PURCHASE_DATE_PASSED"
    | "TIMEFRAME_BEYOND_SCALE"
    | "NO_GRADE_MATCHED"
    | "OVERRIDE_ABOVE_EVIDENCE"
    | "AGREED_CONTACT_TOO_LATE"
  readonly message: string
}

/**
 * A consultant's override of the computed grade (with the reason given), always flagged for
 * supervisor review.
 *
 * @example
 * ```ts
 * import type { GradeOverride } from "@jipan/core"
 * const o = { grade: "H", justification: "Customer confirmed payment date by phone" } as GradeOverride
 * ```
 */
export interface GradeOverride {
  readonly grade: GradeId
  readonly justification: string
}

/**
 * The outcome of grading a prospect.
 *
 * @example
 * ```ts
 * import { gradeProspect, defaultPolicy } from "@jipan/core"
 * const r = gradeProspect({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }, defaultPolicy, today)
 * if (r._tag === "Success") r.success.grade // "A"
 * ```
 */
export interface Grading {
  /** The grade the card holds now (the override's, when there is one). */
  readonly grade: GradeId
  /** The grade the evidence gives, before any override. */
  readonly computedGrade: GradeId
  readonly override?: {
    readonly from: GradeId
    readonly to: GradeId
    readonly justification: string
    readonly reviewRequired: true
  }
  readonly reasons: ReadonlyArray<Reason>
  readonly warnings: ReadonlyArray<Warning>
  /** Contact at least every this many days while the grade holds. */
  readonly contactIntervalDays: number
  /** The last day on which the next contact may be made. */
  readonly nextContactDue: CalendarDate
  readonly policy: SectionSource
}

/**
 * A grade override was given without a justification: refused, nothing changes.
 *
 * @example
 * ```ts
 * import { gradeProspect } from "@jipan/core"
 * gradeProspect({}, policy, today, { override: { grade: "H", justification: " " } }) // Failure(OverrideNeedsJustification)
 * ```
 */
export class OverrideNeedsJustification extends Schema.TaggedError<OverrideNeedsJustification>()(
  "OverrideNeedsJustification",
  { grade: Schema.String, message: Schema.String }
) {}

/**
 * A grade that the policy's scale does not have.
 *
 * @example
 * ```ts
 * import { gradeProspect } from "@jipan/core"
 * gradeProspect({}, policy, today, { override: { grade: "Z", justification: "x" } }) // Failure(UnknownGrade)
 * ```
 */
export class UnknownGrade extends Schema.TaggedError<UnknownGrade>()("UnknownGrade", {
  grade: Schema.String,
  known: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** The refusals of {@link gradeProspect}. */
export type GradingError = OverrideNeedsJustification | UnknownGrade

interface CompiledGrade {
  readonly id: GradeId
  readonly interval: number
  readonly horizonMax: number
  readonly groups: ReadonlyArray<ReadonlyArray<EvidenceKey>>
}

interface CompiledGrading {
  readonly grades: ReadonlyArray<CompiledGrade>
  readonly capIndex: number
  readonly source: SectionSource
}

// Policies are immutable values: compile each once (ids, intervals, requirement groups) and reuse.
const compiled = new WeakMap<Policy, CompiledGrading>()
const compile = (policy: Policy): CompiledGrading => {
  let c = compiled.get(policy)
  if (c === undefined) {
    const grades = policy.grading.grades.map((grade) => ({
      id: grade.id,
      interval: grade.contactIntervalDays,
      horizonMax: grade.horizonDays.max,
      groups: grade.requiredEvidence as ReadonlyArray<ReadonlyArray<EvidenceKey>>
    }))
    const cap = grades.findIndex((grade) => grade.id === policy.grading.withoutTimeframe.hottestGrade)
    c = { grades, capIndex: cap === -1 ? 0 : cap, source: policy.provenance.grading }
    compiled.set(policy, c)
  }
  return c
}

const readsOf = (
  evidence: ProspectEvidence,
  groups: ReadonlyArray<ReadonlyArray<EvidenceKey>>,
  threshold: number
) => {
  const reads: Record<string, unknown> = {}
  for (const group of groups) {
    for (const key of group) reads[key] = evidenceHolds(evidence, key, threshold)
  }
  return reads
}

/**
 * Grades a prospect. The grade is the colder of two: the grade whose horizon holds the purchase
 * timeframe (capped at the policy's `withoutTimeframe.hottestGrade` when none is known) and the
 * hottest grade whose required evidence all holds. An order signed gives the ordered grade (O).
 * More evidence of readiness never lowers the grade. The next contact is due one grade interval
 * after the last contact (or today).
 *
 * An override needs a justification, is returned flagged for review, and sets the interval.
 *
 * @example
 * ```ts
 * import { gradeProspect, defaultPolicy, CalendarDate } from "@jipan/core"
 * const today = CalendarDate.make("2026-11-22")
 * const r = gradeProspect({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }, defaultPolicy, today)
 * // Success: grade "A", next contact due "2026-11-26", reasons grading.timeframe + grading.evidence
 * ```
 */
export const gradeProspect = (
  evidence: ProspectEvidence,
  policy: Policy,
  today: CalendarDate,
  options?: { readonly override?: GradeOverride }
): Result.Result<Grading, GradingError> => {
  const c = compile(policy)
  const grading = policy.grading
  const threshold = grading.repeatVisitThreshold
  const reasons: Array<Reason> = []
  const warnings: Array<Warning> = []
  let computed: GradeId
  let interval: number

  if (evidence.orderSigned === true) {
    computed = grading.ordered.id
    interval = grading.ordered.contactIntervalDays
    reasons.push({ ruleId: "grading.ordered", conclusion: computed, reads: { orderSigned: true } })
  } else {
    // Timeframe: the hottest grade whose horizon still covers the days to purchase.
    let timeframeIndex: number
    let days: number | undefined
    if (evidence.expectedPurchaseDate !== undefined) {
      days = daysBetween(today, evidence.expectedPurchaseDate)
      if (days < 0) {
        warnings.push({
          code: "PURCHASE_DATE_PASSED",
          message: `The expected purchase date ${evidence.expectedPurchaseDate} has passed: ask again`
        })
        days = 0
      }
    } else if (evidence.purchaseTimeframeDays !== undefined) {
      days = evidence.purchaseTimeframeDays
    }
    const grades = c.grades
    if (days === undefined) {
      timeframeIndex = c.capIndex
      warnings.push({
        code: "NO_TIMEFRAME",
        message: `No purchase timeframe is known: the grade is at most ${grades[timeframeIndex]?.id}`
      })
      reasons.push({
        ruleId: "grading.withoutTimeframe",
        conclusion: grades[timeframeIndex]?.id ?? "",
        reads: { expectedPurchaseDate: undefined, purchaseTimeframeDays: undefined }
      })
    } else {
      timeframeIndex = grades.length - 1
      for (let i = 0; i < grades.length; i++) {
        if ((grades[i] as CompiledGrade).horizonMax >= days) {
          timeframeIndex = i
          break
        }
      }
      if (days > (grades[grades.length - 1] as CompiledGrade).horizonMax) {
        warnings.push({
          code: "TIMEFRAME_BEYOND_SCALE",
          message: `A purchase in ${days} days is beyond the coldest grade's horizon`
        })
      }
      reasons.push({
        ruleId: "grading.timeframe",
        conclusion: grades[timeframeIndex]?.id ?? "",
        reads:
          evidence.expectedPurchaseDate !== undefined
            ? { expectedPurchaseDate: evidence.expectedPurchaseDate, daysToPurchase: days }
            : { purchaseTimeframeDays: days }
      })
    }

    // Evidence: the hottest grade whose every requirement group holds.
    let evidenceIndex = -1
    for (let i = 0; i < grades.length && evidenceIndex === -1; i++) {
      const groups = (grades[i] as CompiledGrade).groups
      let all = true
      for (let j = 0; j < groups.length && all; j++) {
        const group = groups[j] as ReadonlyArray<EvidenceKey>
        let any = false
        for (let k = 0; k < group.length && !any; k++)
          any = evidenceHolds(evidence, group[k] as EvidenceKey, threshold)
        all = any
      }
      if (all) evidenceIndex = i
    }

    if (evidenceIndex === -1) {
      computed = grading.ungraded.id
      interval = grading.ungraded.gradeWithinDays
      warnings.push({ code: "NO_GRADE_MATCHED", message: "The evidence meets no grade's requirements" })
      const coldest = grades[grades.length - 1] as CompiledGrade
      reasons.push({
        ruleId: "grading.evidence",
        conclusion: computed,
        reads: readsOf(evidence, coldest.groups, threshold)
      })
    } else {
      const supported = grades[evidenceIndex] as CompiledGrade
      reasons.push({
        ruleId: `grading.evidence.${supported.id}`,
        conclusion: supported.id,
        // what held for this grade, and what the next hotter grade would need
        reads: readsOf(
          evidence,
          evidenceIndex > 0
            ? [...supported.groups, ...(grades[evidenceIndex - 1] as CompiledGrade).groups]
            : supported.groups,
          threshold
        )
      })
      const index = Math.max(timeframeIndex, evidenceIndex)
      if (evidenceIndex > timeframeIndex) {
        warnings.push({
          code: "EVIDENCE_BELOW_TIMEFRAME",
          message: `The timeframe says ${grades[timeframeIndex]?.id} but the evidence supports only ${supported.id}`
        })
      }
      const grade = grades[index] as CompiledGrade
      computed = grade.id
      interval = grade.interval
    }
  }

  let grade = computed
  let override: Grading["override"]
  if (options?.override !== undefined) {
    const o = options.override
    const definition = findGrade(policy, o.grade)
    if (definition === undefined) {
      const known = knownGrades(policy)
      return Result.fail(
        new UnknownGrade({
          grade: o.grade,
          known,
          message: `Grade ${o.grade} is not one of ${known.join(", ")}`
        })
      )
    }
    if (o.justification.trim() === "") {
      return Result.fail(
        new OverrideNeedsJustification({
          grade: o.grade,
          message: `Overriding the grade to ${o.grade} needs a justification`
        })
      )
    }
    if (o.grade !== computed) {
      if (gradeRank(policy, o.grade) < gradeRank(policy, computed)) {
        warnings.push({
          code: "OVERRIDE_ABOVE_EVIDENCE",
          message: `Overridden to ${o.grade}, hotter than the ${computed} the evidence supports`
        })
      }
      grade = o.grade
      interval = definition.interval
      override = { from: computed, to: o.grade, justification: o.justification, reviewRequired: true }
      reasons.push({
        ruleId: "grading.override",
        conclusion: grade,
        reads: { computedGrade: computed, justification: o.justification }
      })
    }
  }

  const base = evidence.lastContactOn ?? today
  const result: Grading = {
    grade,
    computedGrade: computed,
    reasons,
    warnings,
    contactIntervalDays: interval,
    nextContactDue: addDays(base, interval),
    policy: c.source,
    ...(override === undefined ? {} : { override })
  }
  return Result.succeed(result)
}

/**
 * Every grade of a policy, from the ordered grade (O) through the scale, hottest first, to the
 * ungraded one (N).
 *
 * @example
 * ```ts
 * import { knownGrades, defaultPolicy } from "@jipan/core"
 * knownGrades(defaultPolicy) // ["O", "H", "A", "B", "C", "N"]
 * ```
 */
export const knownGrades = (policy: Policy): Array<GradeId> => [
  policy.grading.ordered.id,
  ...policy.grading.grades.map((g) => g.id),
  policy.grading.ungraded.id
]

/**
 * How hot a grade is: 0 for the ordered grade, then the scale in order, the ungraded grade last;
 * -1 for a grade the policy does not have.
 *
 * @example
 * ```ts
 * import { gradeRank, defaultPolicy } from "@jipan/core"
 * gradeRank(defaultPolicy, "H" as GradeId) // 1
 * ```
 */
export const gradeRank = (policy: Policy, grade: GradeId): number => knownGrades(policy).indexOf(grade)

/**
 * A grade's contact interval and label, or `undefined` when the policy does not have it.
 *
 * @example
 * ```ts
 * import { findGrade, defaultPolicy } from "@jipan/core"
 * findGrade(defaultPolicy, "A" as GradeId)?.interval // 4
 * ```
 */
export const findGrade = (
  policy: Policy,
  grade: GradeId
):
  | { readonly id: GradeId; readonly interval: number; readonly label: Policy["grading"]["ordered"]["label"] }
  | undefined => {
  const { ordered, ungraded, grades } = policy.grading
  if (grade === ordered.id) return { id: grade, interval: ordered.contactIntervalDays, label: ordered.label }
  if (grade === ungraded.id) return { id: grade, interval: ungraded.gradeWithinDays, label: ungraded.label }
  const g = grades.find((x) => x.id === grade)
  return g === undefined ? undefined : { id: grade, interval: g.contactIntervalDays, label: g.label }
}
