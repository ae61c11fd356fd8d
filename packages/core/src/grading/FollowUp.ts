/**
 * The next-contact rules: when a prospect's next contact is due, how overdue it is, and what the
 * lapse rule does about it.
 *
 * @module
 */

import { Result } from "effect"
import { addDays, type CalendarDate, daysBetween } from "../kernel/CalendarDate.js"
import type { IntentType } from "../kernel/IntentType.js"
import { BoundedCache } from "../kernel/Memo.js"
import { defaultIntents, type GradeId, type LapseStep } from "../policy/GradingPolicy.js"
import type { Policy } from "../policy/Policy.js"
import { findGrade, knownGrades, type Reason, UnknownGrade, type Warning } from "./Grading.js"

/**
 * What the follow-up rules need to know about one prospect card.
 *
 * @example
 * ```ts
 * import type { FollowUpInput } from "@jipan/core"
 * const card = { grade: "A", openedOn: "2026-11-01", lastContactOn: "2026-11-18" } as FollowUpInput
 * ```
 */
export interface FollowUpInput {
  readonly grade: GradeId
  /** The day the card was opened (first contact). */
  readonly openedOn: CalendarDate
  /** The day of the last contact made, if any since opening. */
  readonly lastContactOn?: CalendarDate
  /** The next contact agreed with the customer, if any (下次约定联系). */
  readonly agreedNextContactOn?: CalendarDate
}

/**
 * Where a due contact stands on a day.
 *
 * @example
 * ```ts
 * import type { DueState } from "@jipan/core"
 * const s: DueState = "overdue"
 * ```
 */
export type DueState = "upcoming" | "dueToday" | "overdue"

// the follow-up of a grade under an intent type's own interval, one per (grade's rules, intent)
const byIntent = new WeakMap<GradeFollowUp, Map<string, GradeFollowUp>>()

/**
 * The follow-up of a grade for a card of an intent type: a latent prospect's (潜在型) and a key
 * person's (关键人) own contact interval replaces the grade's (policy `followUp.intents`, else
 * {@link defaultIntents}), with the rule id `followUp.intent.<type>`; a direct prospect, the
 * ordered grade and the ungraded grade keep the grade's.
 *
 * @example
 * ```ts
 * import { intentFollowUp, defaultPolicy, GradeId } from "@jipan/core"
 * intentFollowUp(defaultPolicy, GradeId.make("A"), "latent")?.interval // 30
 * ```
 */
export const intentFollowUp = (
  policy: Policy,
  grade: GradeId,
  intent: IntentType | undefined
): GradeFollowUp | undefined => {
  const rules = gradeFollowUp(policy, grade)
  if (rules === undefined || intent === undefined || intent === "direct") return rules
  if (grade === policy.grading.ordered.id || grade === policy.grading.ungraded.id) return rules
  const intents = policy.followUp.intents ?? defaultIntents
  const interval =
    intent === "latent" ? intents.latent?.contactIntervalDays : intents.keyPerson?.contactIntervalDays
  if (interval === undefined) return rules
  let known = byIntent.get(rules)
  if (known === undefined) {
    known = new Map()
    byIntent.set(rules, known)
  }
  const cached = known.get(intent)
  if (cached !== undefined) return cached
  const ruleId = `followUp.intent.${intent}`
  const withIntent = (ids: ReadonlyArray<string>) => Object.freeze([...ids, ruleId])
  const adjusted: GradeFollowUp = {
    ...rules,
    interval,
    firstCallWithinDays: Math.min(rules.firstCallWithinDays, interval),
    afterContact: withIntent(rules.afterContact),
    agreedAfterContact: withIntent(rules.agreedAfterContact),
    firstCall: withIntent(rules.firstCall),
    firstCallAgreed: withIntent(rules.firstCallAgreed),
    contactBase: "" as CalendarDate,
    contactDue: "" as CalendarDate,
    openedBase: "" as CalendarDate,
    openedDue: "" as CalendarDate,
    joins: []
  }
  known.set(intent, adjusted)
  return adjusted
}

/**
 * The next contact of a prospect and what the lapse rule does when it is overdue.
 *
 * @example
 * ```ts
 * import { nextContact, defaultPolicy, type FollowUpInput } from "@jipan/core"
 * declare const card: FollowUpInput // its grade, when it was opened and last contacted
 * const r = nextContact(card, defaultPolicy, today)
 * if (r._tag === "Success") r.success.due
 * ```
 */
export interface NextContact {
  readonly due: CalendarDate
  readonly state: DueState
  readonly overdueDays: number
  /** The lapse step reached, if overdue long enough; `downgradeTo` is the next colder grade. */
  readonly lapse?: {
    readonly stepId: string
    readonly action: LapseStep["action"]
    readonly downgradeTo?: GradeId
  }
  readonly reasons: ReadonlyArray<Reason>
  readonly warnings: ReadonlyArray<Warning>
}

/**
 * When the next contact is due and which rules set it, without the day's overdue reading: what a
 * card records each time it is contacted or re-graded. Due one grade interval after the last
 * contact; before any contact, within the first-call window (or the grade's interval, if shorter)
 * from opening; an agreed next contact earlier than that wins (`agreedTooLate` when it is later).
 * The rule id lists are shared between calls: read them, do not change them.
 *
 * @example
 * ```ts
 * import { contactDue, defaultPolicy, GradeId, CalendarDate } from "@jipan/core"
 * contactDue({ grade: GradeId.make("A"), openedOn: CalendarDate.make("2026-11-01"),
 *   lastContactOn: CalendarDate.make("2026-11-20") }, defaultPolicy)
 * // Success: { due: "2026-11-24", ruleIds: ["followUp.interval.A"], agreedTooLate: false }
 * ```
 */
export const contactDue = (card: FollowUpInput, policy: Policy): Result.Result<DueContact, UnknownGrade> => {
  const due = dueContact(policy, card.grade, card.openedOn, card.lastContactOn, card.agreedNextContactOn)
  // `in`, not instanceof: instanceof looks Symbol.hasInstance up the class chain (V8's slow path)
  return "_tag" in due ? Result.fail(due) : Result.succeed(due)
}

/**
 * When the next contact is due and which rules set it: what {@link contactDue} returns.
 *
 * @example
 * ```ts
 * import { type DueContact, CalendarDate } from "@jipan/core"
 * const d: DueContact = { due: CalendarDate.make("2026-11-24"), ruleIds: ["followUp.interval.A"], agreedTooLate: false }
 * ```
 */
export interface DueContact {
  readonly due: CalendarDate
  readonly ruleIds: ReadonlyArray<string>
  readonly agreedTooLate: boolean
}

/**
 * {@link contactDue} with the card's dates as arguments and the unknown grade returned, not
 * wrapped: for hot paths (the card decider schedules on most commands).
 *
 * @internal
 * @example
 * ```ts
 * import { dueContact, defaultPolicy, CalendarDate, GradeId } from "@jipan/core"
 * const openedOn = CalendarDate.make("2026-11-01")
 * const lastContactOn = CalendarDate.make("2026-11-20")
 * dueContact(defaultPolicy, "A" as GradeId, openedOn, lastContactOn, undefined) // { due, ruleIds, agreedTooLate }
 * ```
 */
export const dueContact = (
  policy: Policy,
  grade: GradeId,
  openedOn: CalendarDate,
  lastContactOn: CalendarDate | undefined,
  agreedNextContactOn: CalendarDate | undefined
): DueContact | UnknownGrade => {
  const rules = gradeFollowUp(policy, grade)
  if (rules === undefined) return unknownGrade(policy, grade)
  let due =
    lastContactOn !== undefined ? dueAfterContact(rules, lastContactOn) : firstCallDue(rules, openedOn)
  let agreed: boolean
  let tooLate = false
  if (agreedNextContactOn !== undefined && agreedNextContactOn <= due) {
    due = agreedNextContactOn
    agreed = true
  } else {
    agreed = false
    tooLate = agreedNextContactOn !== undefined
  }
  const ruleIds =
    lastContactOn !== undefined
      ? agreed
        ? rules.agreedAfterContact
        : rules.afterContact
      : agreed
        ? rules.firstCallAgreed
        : rules.firstCall
  return { due, ruleIds, agreedTooLate: tooLate }
}

const FIRST_CALL: ReadonlyArray<string> = Object.freeze(["followUp.firstCall"])
const FIRST_CALL_AGREED: ReadonlyArray<string> = Object.freeze([
  "followUp.firstCall",
  "followUp.agreedContact"
])
// grades are a policy's letters: a handful, bounded anyway against policies made at random
const idsByGrade = new BoundedCache<
  string,
  {
    interval: ReadonlyArray<string>
    intervalAgreed: ReadonlyArray<string>
    firstCallCapped: ReadonlyArray<string>
    firstCallCappedAgreed: ReadonlyArray<string>
  }
>(10_000)
const ruleIdsOf = (grade: GradeId) => {
  let ids = idsByGrade.get(grade)
  if (ids === undefined) {
    const interval = `followUp.interval.${grade}`
    ids = {
      interval: Object.freeze([interval]),
      intervalAgreed: Object.freeze([interval, "followUp.agreedContact"]),
      firstCallCapped: Object.freeze(["followUp.firstCall", interval]),
      firstCallCappedAgreed: Object.freeze(["followUp.firstCall", interval, "followUp.agreedContact"])
    }
    idsByGrade.set(grade, ids)
  }
  return ids
}

/**
 * What the follow-up rules read of one grade under one policy, compiled once, with the last
 * scheduling day each rule counted from (memo fields: the card decider schedules from the same
 * few days again and again, and a string compare is cheaper than the date arithmetic).
 *
 * @internal For the card decider's hot path; read it, never change it.
 * @example
 * ```ts
 * import { gradeFollowUp, dueAfterContact, defaultPolicy, GradeId, CalendarDate } from "@jipan/core"
 * const rules = gradeFollowUp(defaultPolicy, "A" as GradeId)
 * if (rules !== undefined) dueAfterContact(rules, CalendarDate.make("2026-11-20")) // "2026-11-24"
 * ```
 */
export interface GradeFollowUp {
  readonly id: GradeId
  readonly interval: number
  /** The first-call window, or the grade's interval if shorter. */
  readonly firstCallWithinDays: number
  /** The rule ids of a due date after a contact, and of an agreed contact earlier than that. */
  readonly afterContact: ReadonlyArray<string>
  readonly agreedAfterContact: ReadonlyArray<string>
  /**
   * The rule ids of a due date before any contact: the first-call window, and the grade's interval
   * too when that is shorter (it capped the window); then with an agreed contact earlier than that.
   */
  readonly firstCall: ReadonlyArray<string>
  readonly firstCallAgreed: ReadonlyArray<string>
  /** The last day counted from after a contact ("" before the first), and its due date. */
  contactBase: CalendarDate
  contactDue: CalendarDate
  /** The last opening day counted from for the first call ("" before the first), and its due date. */
  openedBase: CalendarDate
  openedDue: CalendarDate
  /** Other rule id lists joined with this grade's (see {@link joinFollowUpRuleIds}). */
  readonly joins: Array<{
    readonly first: ReadonlyArray<string>
    readonly second: ReadonlyArray<string>
    readonly both: ReadonlyArray<string>
  }>
}

/**
 * `first` then `second` (one of the grade's own lists) as one frozen list, the same array for
 * the same two lists: an event's rule ids (the grade's rules, then the schedule's) are one of few,
 * kept with the grade's rules and found by identity (cheaper than a map lookup).
 *
 * @internal
 * @example
 * ```ts
 * import { gradeFollowUp, joinFollowUpRuleIds, defaultPolicy, GradeId } from "@jipan/core"
 * const rules = gradeFollowUp(defaultPolicy, "A" as GradeId)!
 * joinFollowUpRuleIds(rules, ["grading.override"], rules.afterContact) // ["grading.override", "followUp.interval.A"]
 * ```
 */
export const joinFollowUpRuleIds = (
  rules: GradeFollowUp,
  first: ReadonlyArray<string>,
  second: ReadonlyArray<string>
): ReadonlyArray<string> => {
  const joins = rules.joins
  for (let i = 0; i < joins.length; i++) {
    const join = joins[i] as (typeof joins)[number]
    if (join.first === first && join.second === second) return join.both
  }
  return addJoin(joins, first, second)
}

// apart from joinFollowUpRuleIds, so that its scan stays small enough to inline
const addJoin = (
  joins: GradeFollowUp["joins"],
  first: ReadonlyArray<string>,
  second: ReadonlyArray<string>
): ReadonlyArray<string> => {
  const both = Object.freeze([...first, ...second])
  joins.push({ first, second, both })
  return both
}

/**
 * The due date one grade interval after `base` (a contact, or a grade decision on that day).
 *
 * @internal
 * @example
 * ```ts
 * import { gradeFollowUp, dueAfterContact, defaultPolicy, GradeId, CalendarDate } from "@jipan/core"
 * dueAfterContact(gradeFollowUp(defaultPolicy, "A" as GradeId)!, CalendarDate.make("2026-11-20")) // "2026-11-24"
 * ```
 */
export const dueAfterContact = (rules: GradeFollowUp, base: CalendarDate): CalendarDate => {
  if (base === rules.contactBase) return rules.contactDue
  const due = addDays(base, rules.interval)
  rules.contactBase = base
  rules.contactDue = due
  return due
}

/**
 * The due date of the first call of a card opened on `openedOn`.
 *
 * @internal
 * @example
 * ```ts
 * import { gradeFollowUp, firstCallDue, defaultPolicy, GradeId, CalendarDate } from "@jipan/core"
 * firstCallDue(gradeFollowUp(defaultPolicy, "N" as GradeId)!, CalendarDate.make("2026-11-20")) // "2026-11-21"
 * ```
 */
export const firstCallDue = (rules: GradeFollowUp, openedOn: CalendarDate): CalendarDate => {
  if (openedOn === rules.openedBase) return rules.openedDue
  const due = addDays(openedOn, rules.firstCallWithinDays)
  rules.openedBase = openedOn
  rules.openedDue = due
  return due
}

// One lookup per scheduling instead of the grade table's and the rule ids' (and per policy, so the
// last policy is checked first, as grading does). A policy has a handful of grades: scanned with
// ===, which costs less than hashing the grade for a Map.
const followUps = new WeakMap<Policy, Array<GradeFollowUp>>()
let lastPolicy: Policy | undefined
let lastFollowUps: Array<GradeFollowUp> = []

/**
 * The follow-up rules of a grade under a policy, or `undefined` for a grade the policy does not
 * have.
 *
 * @internal
 * @example
 * ```ts
 * import { gradeFollowUp, defaultPolicy, GradeId } from "@jipan/core"
 * gradeFollowUp(defaultPolicy, "A" as GradeId)?.interval // 4
 * ```
 */
export const gradeFollowUp = (policy: Policy, grade: GradeId): GradeFollowUp | undefined => {
  let byGrade = lastFollowUps
  if (policy !== lastPolicy) byGrade = followUpsOf(policy)
  for (let i = 0; i < byGrade.length; i++) {
    const rules = byGrade[i] as GradeFollowUp
    if (rules.id === grade) return rules
  }
  return addFollowUp(policy, byGrade, grade)
}

const followUpsOf = (policy: Policy): Array<GradeFollowUp> => {
  let byGrade = followUps.get(policy)
  if (byGrade === undefined) {
    byGrade = []
    followUps.set(policy, byGrade)
  }
  lastPolicy = policy
  lastFollowUps = byGrade
  return byGrade
}

// apart from gradeFollowUp, so that its scan stays small enough to inline
const addFollowUp = (
  policy: Policy,
  byGrade: Array<GradeFollowUp>,
  grade: GradeId
): GradeFollowUp | undefined => {
  const info = findGrade(policy, grade)
  if (info === undefined) return undefined
  const ids = ruleIdsOf(grade)
  // a grade contacted more often than the first-call window: its interval decides the first call
  const capped = info.interval < policy.firstContact.firstCallWithinDays
  const rules: GradeFollowUp = {
    id: info.id,
    interval: info.interval,
    firstCallWithinDays: Math.min(policy.firstContact.firstCallWithinDays, info.interval),
    afterContact: ids.interval,
    agreedAfterContact: ids.intervalAgreed,
    firstCall: capped ? ids.firstCallCapped : FIRST_CALL,
    firstCallAgreed: capped ? ids.firstCallCappedAgreed : FIRST_CALL_AGREED,
    contactBase: "" as CalendarDate,
    contactDue: "" as CalendarDate,
    openedBase: "" as CalendarDate,
    openedDue: "" as CalendarDate,
    joins: []
  }
  byGrade.push(rules)
  return rules
}

const unknownGrade = (policy: Policy, grade: GradeId): UnknownGrade => {
  const known = knownGrades(policy)
  return new UnknownGrade({ grade, known, message: `Grade ${grade} is not one of ${known.join(", ")}` })
}

/**
 * Computes the next contact of a prospect on `today`. Due one grade interval after the last
 * contact; before any contact, within the first-call window (or the grading window for an
 * ungraded card) from opening. An agreed next contact earlier than that wins; a later one is
 * refused with a warning, so the due date never exceeds the grade's interval. Overdue days reach
 * the lapse rule's steps: the highest step reached applies.
 *
 * @example
 * ```ts
 * import { nextContact, defaultPolicy, CalendarDate, GradeId } from "@jipan/core"
 * nextContact({ grade: GradeId.make("A"), openedOn: CalendarDate.make("2026-11-01"),
 *   lastContactOn: CalendarDate.make("2026-11-10") }, defaultPolicy, CalendarDate.make("2026-11-22"))
 * // Success: due "2026-11-14", state "overdue", overdueDays 8, lapse { stepId: "lapse.downgrade", downgradeTo: "B" }
 * ```
 */
export const nextContact = (
  card: FollowUpInput,
  policy: Policy,
  today: CalendarDate
): Result.Result<NextContact, UnknownGrade> => {
  const grade = findGrade(policy, card.grade)
  if (grade === undefined) return Result.fail(unknownGrade(policy, card.grade))
  const reasons: Array<Reason> = []
  const warnings: Array<Warning> = []
  let due: CalendarDate
  if (card.lastContactOn !== undefined) {
    due = addDays(card.lastContactOn, grade.interval)
    reasons.push({
      ruleId: `followUp.interval.${card.grade}`,
      conclusion: due,
      reads: { grade: card.grade, lastContactOn: card.lastContactOn, contactIntervalDays: grade.interval }
    })
  } else {
    const window = Math.min(policy.firstContact.firstCallWithinDays, grade.interval)
    due = addDays(card.openedOn, window)
    reasons.push({
      ruleId: "followUp.firstCall",
      conclusion: due,
      reads: {
        grade: card.grade,
        openedOn: card.openedOn,
        firstCallWithinDays: policy.firstContact.firstCallWithinDays,
        contactIntervalDays: grade.interval
      }
    })
    // the grade's interval capped the window: that rule decided the day as well
    if (grade.interval < policy.firstContact.firstCallWithinDays)
      reasons.push({
        ruleId: `followUp.interval.${card.grade}`,
        conclusion: due,
        reads: { grade: card.grade, openedOn: card.openedOn, contactIntervalDays: grade.interval }
      })
  }
  if (card.agreedNextContactOn !== undefined) {
    if (card.agreedNextContactOn <= due) {
      due = card.agreedNextContactOn
      reasons.push({
        ruleId: "followUp.agreedContact",
        conclusion: due,
        reads: { agreedNextContactOn: card.agreedNextContactOn }
      })
    } else {
      warnings.push({
        code: "AGREED_CONTACT_TOO_LATE",
        message: `The agreed contact on ${card.agreedNextContactOn} is later than grade ${card.grade} allows (${due})`
      })
    }
  }
  const late = daysBetween(due, today)
  const overdueDays = Math.max(0, late)
  const state: DueState = late > 0 ? "overdue" : late === 0 ? "dueToday" : "upcoming"
  const reached = lapseStepReached(policy, overdueDays)
  const lapse = reached === undefined ? undefined : lapseOf(policy, reached, card.grade)
  if (reached !== undefined) {
    reasons.push({
      ruleId: `followUp.${reached.id}`,
      conclusion: reached.action,
      reads: { due, overdueDays, overdueDaysAtLeast: reached.overdueDaysAtLeast }
    })
  }
  return Result.succeed({
    due,
    state,
    overdueDays,
    reasons,
    warnings,
    ...(lapse === undefined ? {} : { lapse })
  })
}

/**
 * The last step of the policy's lapse rule (`followUp.lapse`) that a contact overdue by
 * `overdueDays` has reached, if any.
 *
 * @example
 * ```ts
 * import { lapseStepReached, defaultPolicy } from "@jipan/core"
 * lapseStepReached(defaultPolicy, 8)?.id // "lapse.downgrade"
 * lapseStepReached(defaultPolicy, 0) // undefined
 * ```
 */
export const lapseStepReached = (policy: Policy, overdueDays: number): LapseStep | undefined => {
  let reached: LapseStep | undefined
  for (const step of policy.followUp.lapse) if (overdueDays >= step.overdueDaysAtLeast) reached = step
  return reached
}

/**
 * What a lapse step does to a grade: its id and action, and for a downgrade (降级) the next colder
 * grade of the scale (none for the coldest grade).
 *
 * @example
 * ```ts
 * import { lapseOf, defaultPolicy, GradeId } from "@jipan/core"
 * lapseOf(defaultPolicy, { id: "lapse.downgrade", overdueDaysAtLeast: 7, action: "downgrade" }, GradeId.make("A"))
 * // { stepId: "lapse.downgrade", action: "downgrade", downgradeTo: "B" }
 * ```
 */
export const lapseOf = (
  policy: Policy,
  step: LapseStep,
  grade: GradeId
): NonNullable<NextContact["lapse"]> => {
  const downgradeTo = step.action === "downgrade" ? colderGrade(policy, grade) : undefined
  return { stepId: step.id, action: step.action, ...(downgradeTo === undefined ? {} : { downgradeTo }) }
}

/** The next colder grade of the scale; the coldest, ordered and ungraded grades stay as they are. */
const colderGrade = (policy: Policy, grade: GradeId): GradeId | undefined => {
  const grades = policy.grading.grades
  const i = grades.findIndex((g) => g.id === grade)
  return i === -1 || i === grades.length - 1 ? undefined : grades[i + 1]?.id
}
