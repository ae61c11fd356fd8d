/**
 * Prospect grading (有望级别): a pure function of evidence, policy and today, returning the grade
 * with the rules that fired, the evidence each read, and the date the next contact is due.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { addDays, type CalendarDate, daysBetween } from "../kernel/CalendarDate.js"
import { EvidenceKey, type ProspectEvidence } from "../kernel/Evidence.js"
import type { Label } from "../kernel/Label.js"
import { defaultImplications, type GradeId } from "../policy/GradingPolicy.js"
import type { Policy, SectionSource } from "../policy/Policy.js"

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
  /** The ids of the rules that fired, in order (the `ruleId` of each reason). */
  readonly ruleIds: ReadonlyArray<string>
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
 * import { gradeProspect, GradeId } from "@jipan/core"
 * gradeProspect({}, policy, today, { override: { grade: GradeId.make("H"), justification: " " } }) // Failure(OverrideNeedsJustification)
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
 * import { gradeProspect, GradeId } from "@jipan/core"
 * gradeProspect({}, policy, today, { override: { grade: GradeId.make("Z"), justification: "x" } }) // Failure(UnknownGrade)
 * ```
 */
export class UnknownGrade extends Schema.TaggedError<UnknownGrade>()("UnknownGrade", {
  grade: Schema.String,
  known: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** The refusals of {@link gradeProspect}. */
export type GradingError = OverrideNeedsJustification | UnknownGrade

// Grading runs on every contact logged and every list shown, so a policy is compiled once into
// tables: the evidence becomes a bit mask, and everything that depends only on (mask, timeframe
// grade) — the grade, its interval, the evidence reason and the warnings — is computed once and
// shared (frozen) between results.

const KEY_BITS: ReadonlyArray<EvidenceKey> = EvidenceKey.values
const NO_WARNINGS: ReadonlyArray<Warning> = Object.freeze([])
const ORDERED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["grading.ordered"])

interface CompiledGrade {
  readonly id: GradeId
  readonly interval: number
  readonly horizonMax: number
  /** One mask per requirement group: the group holds when the evidence mask meets it. */
  readonly groupMasks: ReadonlyArray<number>
  readonly groups: ReadonlyArray<ReadonlyArray<EvidenceKey>>
}

/** What the evidence alone says: the hottest grade it supports (-1: none) and why. */
interface EvidenceOutcome {
  readonly index: number
  readonly reason: Reason
}

/**
 * What grading concludes, without the explanation: the computed grade, its contact interval, the
 * ids of the rules that fired (without and with an override on top) and the warnings of the
 * (evidence, timeframe) pair. One per (timeframe known, evidence outcome, timeframe grade) of a
 * policy, shared and frozen: read it, do not change it.
 *
 * @internal What the card decider records on every contact; {@link gradeProspect} explains it.
 * @example
 * ```ts
 * import { gradeEvidence, defaultPolicy } from "@jipan/core"
 * gradeEvidence({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }, defaultPolicy, today).grade // "A"
 * ```
 */
export interface GradeVerdict {
  readonly grade: GradeId
  readonly interval: number
  readonly ruleIds: ReadonlyArray<string>
  readonly overriddenRuleIds: ReadonlyArray<string>
  readonly warnings: ReadonlyArray<Warning>
}

interface CompiledGrading {
  readonly grades: ReadonlyArray<CompiledGrade>
  readonly capIndex: number
  readonly threshold: number
  readonly source: SectionSource
  readonly byMask: Array<EvidenceOutcome | undefined>
  /** The policy's implications as bits: when `when` holds, `then` holds too (applied to a fixpoint). */
  readonly implications: ReadonlyArray<{ readonly id: string; readonly when: number; readonly adds: number }>
  readonly verdicts: Array<GradeVerdict | undefined>
  readonly timeframeReasons: Array<Reason | undefined>
  readonly withoutTimeframe: { readonly reason: Reason; readonly warning: Warning }
  readonly ordered: { readonly reason: Reason; readonly verdict: GradeVerdict }
  /** Every grade of the policy (O, the scale, N) with its interval, label and rank. */
  readonly table: ReadonlyMap<GradeId, GradeInfo>
}

/**
 * A grade of a policy as the rules read it: its contact interval (the grading window for the
 * ungraded grade), its label, and its rank (0 = the ordered grade, hottest first, N last).
 *
 * @example
 * ```ts
 * import { findGrade, defaultPolicy, type GradeInfo, GradeId } from "@jipan/core"
 * const a: GradeInfo | undefined = findGrade(defaultPolicy, "A" as GradeId) // { interval: 4, rank: 2, … }
 * ```
 */
export interface GradeInfo {
  readonly id: GradeId
  readonly interval: number
  readonly label: Label
  readonly rank: number
}

const compiled = new WeakMap<Policy, CompiledGrading>()
// Most callers grade many prospects under one policy in a row: skip the WeakMap for that one.
let lastPolicy: Policy | undefined
let lastCompiled: CompiledGrading | undefined
const compile = (policy: Policy): CompiledGrading => {
  if (policy === lastPolicy && lastCompiled !== undefined) return lastCompiled
  let c = compiled.get(policy)
  if (c === undefined) {
    const grading = policy.grading
    const grades = grading.grades.map((grade) => {
      const groups = grade.requiredEvidence as ReadonlyArray<ReadonlyArray<EvidenceKey>>
      return {
        id: grade.id,
        interval: grade.contactIntervalDays,
        horizonMax: grade.horizonDays.max,
        groups,
        // an unknown key (checkPolicy reports it) gets no bit, so it never holds
        groupMasks: groups.map((group) => group.reduce((m, key) => m | bitOf(key), 0))
      }
    })
    const table = new Map<GradeId, GradeInfo>()
    const info = (id: GradeId, interval: number, label: Label) => {
      if (!table.has(id)) table.set(id, { id, interval, label, rank: table.size })
    }
    info(grading.ordered.id, grading.ordered.contactIntervalDays, grading.ordered.label)
    for (const g of grading.grades) info(g.id, g.contactIntervalDays, g.label)
    info(grading.ungraded.id, grading.ungraded.gradeWithinDays, grading.ungraded.label)
    const cap = grades.findIndex((grade) => grade.id === grading.withoutTimeframe.hottestGrade)
    const capIndex = cap === -1 ? 0 : cap
    const capId = grades[capIndex]?.id ?? grading.ungraded.id
    c = {
      grades,
      capIndex,
      threshold: grading.repeatVisitThreshold,
      source: policy.provenance.grading,
      table,
      // filled up front, so that V8 keeps them plain arrays (a far index into an empty array
      // makes it a dictionary): one slot per evidence mask, one per verdict (see verdictOf)
      byMask: new Array<EvidenceOutcome | undefined>(1 << KEY_BITS.length).fill(undefined),
      implications: (grading.implies ?? defaultImplications).map((r) => ({
        id: r.id,
        when: bitOf(r.when),
        adds: r.implies.reduce((m, key) => m | bitOf(key), 0)
      })),
      verdicts: new Array<GradeVerdict | undefined>(2 * (grades.length + 2) ** 2).fill(undefined),
      timeframeReasons: [],
      withoutTimeframe: {
        reason: Object.freeze({
          ruleId: "grading.withoutTimeframe",
          conclusion: capId,
          reads: Object.freeze({ expectedPurchaseDate: undefined, purchaseTimeframeDays: undefined })
        }),
        warning: Object.freeze({
          code: "NO_TIMEFRAME" as const,
          message: `No purchase timeframe is known: the grade is at most ${capId}`
        })
      },
      ordered: {
        reason: Object.freeze({
          ruleId: "grading.ordered",
          conclusion: grading.ordered.id,
          reads: Object.freeze({ orderSigned: true })
        }),
        verdict: verdict(
          grading.ordered.id,
          grading.ordered.contactIntervalDays,
          ORDERED_RULE_IDS,
          NO_WARNINGS
        )
      }
    }
    compiled.set(policy, c)
  }
  lastPolicy = policy
  lastCompiled = c
  return c
}

const bitOf = (key: EvidenceKey): number => {
  const i = KEY_BITS.indexOf(key)
  return i === -1 ? 0 : 1 << i
}

const BIT = Object.fromEntries(KEY_BITS.map((key, i) => [key, 1 << i])) as Record<EvidenceKey, number>

// Field by field rather than through evidenceHolds: a keyed read per key is ~10x slower here.
const maskOf = (e: ProspectEvidence, threshold: number): number =>
  (e.orderSigned === true ? BIT.orderSigned : 0) |
  (e.testDriveDone === true ? BIT.testDriveDone : 0) |
  (e.testDriveBooked === true ? BIT.testDriveBooked : 0) |
  (e.modelChosen === true ? BIT.modelChosen : 0) |
  (e.colourChosen === true ? BIT.colourChosen : 0) |
  (e.modelOfInterest !== undefined ? BIT.modelInterest : 0) |
  (e.budgetSettled === true ? BIT.budgetSettled : 0) |
  (e.decisionMakerPresent === true ? BIT.decisionMakerPresent : 0) |
  (e.tradeIn === true ? BIT.tradeIn : 0) |
  (e.competitorCompared === true ? BIT.competitorCompared : 0) |
  ((e.visitCount ?? 0) >= threshold ? BIT.repeatVisit : 0)

const readsOfMask = (mask: number, groups: ReadonlyArray<ReadonlyArray<EvidenceKey>>) => {
  const reads: Record<string, boolean> = {}
  for (const group of groups) for (const key of group) reads[key] = (mask & bitOf(key)) !== 0
  return Object.freeze(reads)
}

/** The evidence a mask implies under the policy (to a fixpoint), and the ids of the rules that added some. */
const implied = (
  c: CompiledGrading,
  raw: number
): { readonly mask: number; readonly ids: ReadonlyArray<string> } => {
  let mask = raw
  const ids: Array<string> = []
  for (let changed = true; changed; ) {
    changed = false
    for (const r of c.implications)
      if ((mask & r.when) !== 0 && (mask & r.adds) !== r.adds) {
        mask |= r.adds
        if (!ids.includes(r.id)) ids.push(r.id)
        changed = true
      }
  }
  return { mask, ids }
}

const evidenceOutcome = (c: CompiledGrading, policy: Policy, raw: number): EvidenceOutcome => {
  let outcome = c.byMask[raw]
  if (outcome === undefined) {
    const { mask, ids } = implied(c, raw)
    // the rules that added evidence are read too: the grade explains what was inferred
    const withImplied = (reads: Readonly<Record<string, unknown>>) =>
      ids.length === 0 ? reads : Object.freeze({ ...reads, implied: ids.join(",") })
    const grades = c.grades
    const index = grades.findIndex((g) => g.groupMasks.every((groupMask) => (mask & groupMask) !== 0))
    if (index === -1) {
      const coldest = grades[grades.length - 1] as CompiledGrade
      outcome = {
        index,
        reason: Object.freeze({
          ruleId: "grading.evidence",
          conclusion: policy.grading.ungraded.id,
          reads: withImplied(readsOfMask(mask, coldest.groups))
        })
      }
    } else {
      const supported = grades[index] as CompiledGrade
      const hotter = grades[index - 1]
      outcome = {
        index,
        reason: Object.freeze({
          ruleId: `grading.evidence.${supported.id}`,
          conclusion: supported.id,
          // what held for this grade, and what the next hotter grade would need
          reads: withImplied(
            readsOfMask(
              mask,
              hotter === undefined ? supported.groups : [...supported.groups, ...hotter.groups]
            )
          )
        })
      }
    }
    c.byMask[raw] = outcome
  }
  return outcome
}

const verdict = (
  grade: GradeId,
  interval: number,
  ruleIds: ReadonlyArray<string>,
  warnings: ReadonlyArray<Warning>
): GradeVerdict =>
  Object.freeze({
    grade,
    interval,
    ruleIds,
    overriddenRuleIds: Object.freeze([...ruleIds, "grading.override"]),
    warnings
  })

/** The verdict of one (timeframe known, evidence outcome, timeframe grade), computed once per policy. */
const verdictOf = (
  c: CompiledGrading,
  policy: Policy,
  timeframeKnown: boolean,
  outcome: EvidenceOutcome,
  timeframeIndex: number
): GradeVerdict => {
  const evidenceIndex = outcome.index
  const width = c.grades.length + 2
  // indices run from -1: shift them to 0
  const slot = ((timeframeKnown ? 0 : width) + evidenceIndex + 1) * width + timeframeIndex + 1
  let found = c.verdicts[slot]
  if (found === undefined) {
    const ruleIds = Object.freeze([
      timeframeKnown ? "grading.timeframe" : c.withoutTimeframe.reason.ruleId,
      outcome.reason.ruleId
    ])
    if (evidenceIndex === -1) {
      found = verdict(
        policy.grading.ungraded.id,
        policy.grading.ungraded.gradeWithinDays,
        ruleIds,
        Object.freeze([
          Object.freeze({
            code: "NO_GRADE_MATCHED" as const,
            message: "The evidence meets no grade's requirements"
          })
        ])
      )
    } else {
      const grade = c.grades[Math.max(timeframeIndex, evidenceIndex)] as CompiledGrade
      found = verdict(
        grade.id,
        grade.interval,
        ruleIds,
        evidenceIndex > timeframeIndex
          ? Object.freeze([
              Object.freeze({
                code: "EVIDENCE_BELOW_TIMEFRAME" as const,
                message: `The timeframe says ${c.grades[timeframeIndex]?.id} but the evidence supports only ${c.grades[evidenceIndex]?.id}`
              })
            ])
          : NO_WARNINGS
      )
    }
    c.verdicts[slot] = found
  }
  return found
}

/** The hottest grade whose horizon still covers the days to purchase (the cap when unknown). */
const timeframeIndexOf = (c: CompiledGrading, days: number | undefined): number => {
  if (days === undefined) return c.capIndex
  const grades = c.grades
  const last = grades.length - 1
  for (let i = 0; i < last; i++) if ((grades[i] as CompiledGrade).horizonMax >= days) return i
  return last
}

const timeframeReason = (c: CompiledGrading, days: number, index: number): Reason => {
  let reason = c.timeframeReasons[days]
  if (reason === undefined) {
    reason = Object.freeze({
      ruleId: "grading.timeframe",
      conclusion: c.grades[index]?.id ?? "",
      reads: Object.freeze({ purchaseTimeframeDays: days })
    })
    c.timeframeReasons[days] = reason // days are whole, 0 to 3,650 (the evidence schema's bound)
  }
  return reason
}

/**
 * Grades a prospect. The grade is the colder of two: the grade whose horizon holds the purchase
 * timeframe (capped at the policy's `withoutTimeframe.hottestGrade` when none is known) and the
 * hottest grade whose required evidence all holds. An order signed gives the ordered grade (O).
 * More evidence of readiness never lowers the grade. The next contact is due one grade interval
 * after the last contact (or today).
 *
 * An override needs a justification, is returned flagged for review, and sets the interval.
 * Reasons and warnings may be shared between results: treat them as the read-only values they are.
 *
 * @example
 * ```ts
 * import { gradeProspect, defaultPolicy, CalendarDate } from "@jipan/core"
 * const today = CalendarDate.make("2026-11-22")
 * const r = gradeProspect({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }, defaultPolicy, today)
 * // Success: grade "A", next contact due "2026-11-26", reasons grading.timeframe + grading.evidence.A
 * ```
 */
export const gradeProspect = (
  evidence: ProspectEvidence,
  policy: Policy,
  today: CalendarDate,
  options?: { readonly override?: GradeOverride }
): Result.Result<Grading, GradingError> => {
  const c = compile(policy)
  let verdict: GradeVerdict
  let reasons: Array<Reason>
  let warnings: ReadonlyArray<Warning>

  if (evidence.orderSigned === true) {
    verdict = c.ordered.verdict
    reasons = [c.ordered.reason]
    warnings = verdict.warnings
  } else {
    const grades = c.grades
    const last = grades.length - 1
    let timeframe: Reason
    let extra: Warning | undefined
    let days: number | undefined = evidence.purchaseTimeframeDays
    if (evidence.expectedPurchaseDate !== undefined) {
      days = daysBetween(today, evidence.expectedPurchaseDate)
      if (days < 0) {
        extra = {
          code: "PURCHASE_DATE_PASSED",
          message: `The expected purchase date ${evidence.expectedPurchaseDate} has passed: ask again`
        }
        days = 0
      }
    }
    const timeframeIndex = timeframeIndexOf(c, days)
    if (days === undefined) {
      timeframe = c.withoutTimeframe.reason
      extra = c.withoutTimeframe.warning
    } else {
      if (days > (grades[last] as CompiledGrade).horizonMax) {
        extra = {
          code: "TIMEFRAME_BEYOND_SCALE",
          message: `A purchase in ${days} days is beyond the coldest grade's horizon`
        }
      }
      timeframe =
        evidence.expectedPurchaseDate === undefined
          ? timeframeReason(c, days, timeframeIndex)
          : {
              ruleId: "grading.timeframe",
              conclusion: grades[timeframeIndex]?.id ?? "",
              reads: { expectedPurchaseDate: evidence.expectedPurchaseDate, daysToPurchase: days }
            }
    }
    const outcome = evidenceOutcome(c, policy, maskOf(evidence, c.threshold))
    verdict = verdictOf(c, policy, days !== undefined, outcome, timeframeIndex)
    reasons = [timeframe, outcome.reason]
    warnings = extra === undefined ? verdict.warnings : [extra, ...verdict.warnings]
  }
  const computed = verdict.grade
  let interval = verdict.interval
  let ruleIds = verdict.ruleIds

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
        warnings = [
          ...warnings,
          {
            code: "OVERRIDE_ABOVE_EVIDENCE",
            message: `Overridden to ${o.grade}, hotter than the ${computed} the evidence supports`
          }
        ]
      }
      grade = o.grade
      interval = definition.interval
      override = { from: computed, to: o.grade, justification: o.justification, reviewRequired: true }
      ruleIds = verdict.overriddenRuleIds
      reasons.push({
        ruleId: "grading.override",
        conclusion: grade,
        reads: { computedGrade: computed, justification: o.justification }
      })
    }
  }

  const nextContactDue = addDays(evidence.lastContactOn ?? today, interval)
  const result: Grading =
    override === undefined
      ? {
          grade,
          computedGrade: computed,
          reasons,
          ruleIds,
          warnings,
          contactIntervalDays: interval,
          nextContactDue,
          policy: c.source
        }
      : {
          grade,
          computedGrade: computed,
          override,
          reasons,
          ruleIds,
          warnings,
          contactIntervalDays: interval,
          nextContactDue,
          policy: c.source
        }
  return Result.succeed(result)
}

/**
 * The verdict of {@link gradeProspect} without its explanation (no reasons, no override): the
 * computed grade, its interval and the rule ids, shared between calls. For hot paths that record
 * the grade and the rules that fired, e.g. the card decider on every contact.
 *
 * @internal
 * @example
 * ```ts
 * import { gradeEvidence, defaultPolicy, CalendarDate } from "@jipan/core"
 * const v = gradeEvidence({ purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }, defaultPolicy,
 *   CalendarDate.make("2026-11-22"))
 * // v.grade "A", v.ruleIds ["grading.timeframe", "grading.evidence.A"]
 * ```
 */
export const gradeEvidence = (
  evidence: ProspectEvidence,
  policy: Policy,
  today: CalendarDate
): GradeVerdict => {
  const c = compile(policy)
  if (evidence.orderSigned === true) return c.ordered.verdict
  let days = evidence.purchaseTimeframeDays
  if (evidence.expectedPurchaseDate !== undefined) {
    days = daysBetween(today, evidence.expectedPurchaseDate)
    if (days < 0) days = 0 // a passed date: buying now (gradeProspect warns)
  }
  const outcome = evidenceOutcome(c, policy, maskOf(evidence, c.threshold))
  return verdictOf(c, policy, days !== undefined, outcome, timeframeIndexOf(c, days))
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
 * import { gradeRank, defaultPolicy, GradeId } from "@jipan/core"
 * gradeRank(defaultPolicy, "H" as GradeId) // 1
 * ```
 */
export const gradeRank = (policy: Policy, grade: GradeId): number =>
  compile(policy).table.get(grade)?.rank ?? -1

/**
 * A grade's contact interval, label and rank, or `undefined` when the policy does not have it.
 *
 * @example
 * ```ts
 * import { findGrade, defaultPolicy, GradeId } from "@jipan/core"
 * findGrade(defaultPolicy, "A" as GradeId)?.interval // 4
 * ```
 */
export const findGrade = (policy: Policy, grade: GradeId): GradeInfo | undefined =>
  compile(policy).table.get(grade)
