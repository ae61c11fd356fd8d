/**
 * The `reports` policy section: the thresholds of the supervisor's findings (主管检查), the
 * reference figures of follow-up effectiveness, and what counts as a referral ask in the daily
 * report. Every number is a dealer's choice; the defaults follow the dealer training material.
 *
 * @module
 */
import { Schema } from "effect"
import { Label } from "../kernel/Label.js"

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))
const Share = Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 }))

/**
 * How serious a finding is: `info` (worth a look), `warning` (fix this week), `critical` (fix
 * today).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { FindingSeverity } from "@jipan/core"
 * Schema.is(FindingSeverity)("critical") // true
 * ```
 */
export const FindingSeverity = Schema.Literals(["info", "warning", "critical"])
/** @see {@link FindingSeverity} */
export type FindingSeverity = typeof FindingSeverity.Type

/**
 * One band of the follow-up effectiveness reference (跟进成交分布): the share of sales that close
 * after `minContacts`..`maxContacts` logged follow-up contacts (0 = at the first contact, when
 * the card was opened).
 *
 * @example
 * ```ts
 * import type { FollowUpBand } from "@jipan/core"
 * const first = { id: "first", label: { "zh-CN": "首次接触", en: "First contact" }, minContacts: 0, maxContacts: 0, share: 0.02 } as FollowUpBand
 * ```
 */
export const FollowUpBand = Schema.Struct({
  id: Schema.NonEmptyString,
  label: Label,
  minContacts: NonNegativeInt,
  maxContacts: NonNegativeInt,
  share: Share
})
/** @see {@link FollowUpBand} */
export type FollowUpBand = typeof FollowUpBand.Type

/**
 * The `reports` section.
 *
 * - `overdue`: a prospect's next contact is overdue once `graceDays` past due (a `warning`), and
 *   `critical` from `criticalAfterDays` past due.
 * - `gradeHorizon`: a scale grade held longer than its horizon (`horizonDays.max`) plus
 *   `graceDays` without an order; the ungraded grade held longer than its `gradeWithinDays`.
 * - `gradeJump`: a manual re-grade hotter by at least `minRanks` ranks with no contact logged on
 *   the card that day.
 * - `gradeStale`: the same grade for `afterDays` or more although the card was contacted since.
 * - `missingAgreedContact`: an open card whose last contact set no next agreed contact.
 * - `defeatReview`: a defeat request (战败申请) waiting more than `withinDays`.
 * - `carePlan`: a planned owned-customer care contact not made `graceDays` after its day, or
 *   recorded as missed.
 * - `walkInWithoutCard`: a first walk-in or phone-in (kinds listed) with no card.
 * - `formConsistency`: how serious a disagreement between the three forms is.
 * - `followUpReference`: the 2/3/5/10/80 figures as bands of contact numbers.
 * - `referralAskAtDelivery`: whether each delivery counts as a referral ask in the daily report
 *   (besides the done care contacts whose step asks for referrals).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.reports.overdue.criticalAfterDays // 7
 * ```
 */
export const ReportsSection = Schema.Struct({
  overdue: Schema.Struct({ graceDays: NonNegativeInt, criticalAfterDays: PositiveInt }),
  gradeHorizon: Schema.Struct({ graceDays: NonNegativeInt, severity: FindingSeverity }),
  gradeJump: Schema.Struct({ minRanks: PositiveInt, severity: FindingSeverity }),
  gradeStale: Schema.Struct({ afterDays: PositiveInt, severity: FindingSeverity }),
  missingAgreedContact: Schema.Struct({ severity: FindingSeverity }),
  defeatReview: Schema.Struct({ withinDays: NonNegativeInt, severity: FindingSeverity }),
  carePlan: Schema.Struct({ graceDays: NonNegativeInt, severity: FindingSeverity }),
  walkInWithoutCard: Schema.Struct({
    kinds: Schema.Array(Schema.Literals(["walkIn", "phoneIn"])),
    severity: FindingSeverity
  }),
  formConsistency: Schema.Struct({ severity: FindingSeverity }),
  /**
   * The supervisor's check of tomorrow's plan (检查销售顾问对第二日工作的安排计划能力): the cards due
   * tomorrow that the consultant's visit plan does not cover, one finding per consultant. Off when absent.
   */
  tomorrowPlan: Schema.optionalKey(Schema.Struct({ severity: FindingSeverity })),
  /** An unresolved complaint older than `withinDays` is a finding (default: 3 days, critical). */
  complaintOpen: Schema.optionalKey(Schema.Struct({ withinDays: NonNegativeInt, severity: FindingSeverity })),
  followUpReference: Schema.NonEmptyArray(FollowUpBand),
  referralAskAtDelivery: Schema.Boolean
})
/** @see {@link ReportsSection} */
export type ReportsSection = typeof ReportsSection.Type

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * The default `reports` section (from the dealer training material: the 2/3/5/10/80 follow-up
 * figures; contact intervals come from the grading section).
 *
 * @example
 * ```ts
 * import { defaultReports } from "@jipan/core"
 * defaultReports.followUpReference.map((b) => b.share) // [0.02, 0.03, 0.05, 0.1, 0.8]
 * ```
 */
export const defaultReports: ReportsSection = {
  overdue: { graceDays: 0, criticalAfterDays: 7 },
  gradeHorizon: { graceDays: 0, severity: "warning" },
  gradeJump: { minRanks: 2, severity: "warning" },
  gradeStale: { afterDays: 60, severity: "info" },
  missingAgreedContact: { severity: "info" },
  defeatReview: { withinDays: 2, severity: "warning" },
  carePlan: { graceDays: 2, severity: "warning" },
  walkInWithoutCard: { kinds: ["walkIn", "phoneIn"], severity: "critical" },
  formConsistency: { severity: "critical" },
  followUpReference: [
    {
      id: "first",
      label: label("首次接触成交", "At the first contact"),
      minContacts: 0,
      maxContacts: 0,
      share: 0.02
    },
    {
      id: "followUp1",
      label: label("第1次跟进后", "After the 1st follow-up"),
      minContacts: 1,
      maxContacts: 1,
      share: 0.03
    },
    {
      id: "followUp2",
      label: label("第2次跟进后", "After the 2nd follow-up"),
      minContacts: 2,
      maxContacts: 2,
      share: 0.05
    },
    {
      id: "followUp3",
      label: label("第3次跟进后", "After the 3rd follow-up"),
      minContacts: 3,
      maxContacts: 3,
      share: 0.1
    },
    {
      id: "followUp4to11",
      label: label("第4至11次跟进后", "After the 4th to 11th follow-up"),
      minContacts: 4,
      maxContacts: 11,
      share: 0.8
    }
  ],
  referralAskAtDelivery: true
}
