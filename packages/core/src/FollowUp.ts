/**
 * The next-contact rules: when a prospect's next contact is due, how overdue it is, and what the
 * lapse rule does about it.
 *
 * @module
 */

import { Result } from "effect"
import { addDays, type CalendarDate, daysBetween } from "./CalendarDate.js"
import { findGrade, knownGrades, type Reason, UnknownGrade, type Warning } from "./Grading.js"
import type { GradeId, LapseStep, Policy } from "./Policy.js"

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

/**
 * The next contact of a prospect and what the lapse rule does when it is overdue.
 *
 * @example
 * ```ts
 * import { nextContact, defaultPolicy } from "@jipan/core"
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
 * import { contactDue, defaultPolicy } from "@jipan/core"
 * contactDue({ grade: "A", openedOn: "2026-11-01", lastContactOn: "2026-11-20" } as FollowUpInput, defaultPolicy)
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
 * import type { DueContact } from "@jipan/core"
 * const d = { due: "2026-11-24", ruleIds: ["followUp.interval.A"], agreedTooLate: false } as DueContact
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
 * import { dueContact, defaultPolicy } from "@jipan/core"
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
  const rules = followUpOf(policy, grade)
  if (rules === undefined) return unknownGrade(policy, grade)
  let due =
    lastContactOn !== undefined
      ? addDays(lastContactOn, rules.interval)
      : addDays(openedOn, rules.firstCallWithinDays)
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
        ? FIRST_CALL_AGREED
        : FIRST_CALL
  return { due, ruleIds, agreedTooLate: tooLate }
}

const FIRST_CALL: ReadonlyArray<string> = Object.freeze(["followUp.firstCall"])
const FIRST_CALL_AGREED: ReadonlyArray<string> = Object.freeze([
  "followUp.firstCall",
  "followUp.agreedContact"
])
const idsByGrade = new Map<
  string,
  { interval: ReadonlyArray<string>; intervalAgreed: ReadonlyArray<string> }
>()
const ruleIdsOf = (grade: GradeId) => {
  let ids = idsByGrade.get(grade)
  if (ids === undefined) {
    const interval = `followUp.interval.${grade}`
    ids = {
      interval: Object.freeze([interval]),
      intervalAgreed: Object.freeze([interval, "followUp.agreedContact"])
    }
    idsByGrade.set(grade, ids)
  }
  return ids
}

/** What the follow-up rules read of one grade under one policy, compiled once. */
interface GradeFollowUp {
  readonly interval: number
  /** The first-call window, or the grade's interval if shorter. */
  readonly firstCallWithinDays: number
  /** The rule ids of a due date after a contact, and of an agreed contact earlier than that. */
  readonly afterContact: ReadonlyArray<string>
  readonly agreedAfterContact: ReadonlyArray<string>
}
// One lookup per scheduling instead of the grade table's and the rule ids' (and per policy, so the
// last policy is checked first, as grading does).
const followUps = new WeakMap<Policy, Map<GradeId, GradeFollowUp>>()
let lastPolicy: Policy | undefined
let lastFollowUps: Map<GradeId, GradeFollowUp> = new Map()
const followUpOf = (policy: Policy, grade: GradeId): GradeFollowUp | undefined => {
  let byGrade = lastFollowUps
  if (policy !== lastPolicy) {
    byGrade = followUps.get(policy) ?? new Map()
    followUps.set(policy, byGrade)
    lastPolicy = policy
    lastFollowUps = byGrade
  }
  let rules = byGrade.get(grade)
  if (rules === undefined) {
    const info = findGrade(policy, grade)
    if (info === undefined) return undefined
    const ids = ruleIdsOf(grade)
    rules = {
      interval: info.interval,
      firstCallWithinDays: Math.min(policy.firstContact.firstCallWithinDays, info.interval),
      afterContact: ids.interval,
      agreedAfterContact: ids.intervalAgreed
    }
    byGrade.set(grade, rules)
  }
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
 * import { nextContact, defaultPolicy, CalendarDate } from "@jipan/core"
 * nextContact({ grade: "A", openedOn: "2026-11-01", lastContactOn: "2026-11-10" } as FollowUpInput,
 *   defaultPolicy, CalendarDate.make("2026-11-22"))
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
  let lapse: NextContact["lapse"]
  let reached: LapseStep | undefined
  for (const step of policy.followUp.lapse) if (overdueDays >= step.overdueDaysAtLeast) reached = step
  if (reached !== undefined) {
    const downgradeTo = reached.action === "downgrade" ? colderGrade(policy, card.grade) : undefined
    lapse = {
      stepId: reached.id,
      action: reached.action,
      ...(downgradeTo === undefined ? {} : { downgradeTo })
    }
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

/** The next colder grade of the scale; the coldest, ordered and ungraded grades stay as they are. */
const colderGrade = (policy: Policy, grade: GradeId): GradeId | undefined => {
  const grades = policy.grading.grades
  const i = grades.findIndex((g) => g.id === grade)
  return i === -1 || i === grades.length - 1 ? undefined : grades[i + 1]?.id
}
