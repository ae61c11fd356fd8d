/**
 * Satisfaction and loyalty: surveys, the loyalty segment they give, and the value segment (about
 * 20% of customers bring 80% of profit). Satisfaction is an attitude, loyalty is behaviour.
 *
 * @module
 */
import { Result, Schema } from "effect"
import type { Complaint } from "../card/Complaint.js"
import type { Reason } from "../grading/Grading.js"
import type { CustomerId } from "../kernel/Ids.js"
import type { Label } from "../kernel/Label.js"
import { type Survey, satisfactionScore } from "../kernel/Survey.js"
import type { Policy } from "../policy/Policy.js"

/**
 * A customer's loyalty segment with its label and the rule that gave it.
 *
 * @example
 * ```ts
 * import { loyaltySegment, Survey, defaultPolicy } from "@jipan/core"
 * declare const survey: Survey
 * const r = loyaltySegment(survey, defaultPolicy)
 * if (r._tag === "Success") r.success.segment // "loyal"
 * ```
 */
export interface LoyaltySegment {
  readonly segment: string
  readonly label: Label
  readonly reasons: ReadonlyArray<Reason>
}

/**
 * No row of the policy's loyalty table matches the survey (the table lacks a catch-all row;
 * `checkPolicy` reports it as NO_CATCH_ALL_SEGMENT).
 *
 * @example
 * ```ts
 * // { _tag: "NoSegmentMatched", message: "…" }
 * ```
 */
export class NoSegmentMatched extends Schema.TaggedError<NoSegmentMatched>()("NoSegmentMatched", {
  message: Schema.String
}) {}

/**
 * Where a customer's complaints stand for loyalty: `none`, one still `open`, or all resolved and
 * the last resolved to the customer's satisfaction (`resolvedSatisfied`) or not.
 *
 * @example
 * ```ts
 * import { complaintStateOf } from "@jipan/core"
 * complaintStateOf([]) // "none"
 * ```
 */
export const complaintStateOf = (
  complaints: ReadonlyArray<Complaint>
): "none" | "open" | "resolvedSatisfied" | "resolvedUnsatisfied" => {
  if (complaints.length === 0) return "none"
  if (complaints.some((c) => c.resolvedOn === undefined)) return "open"
  let last = complaints[0] as Complaint
  for (const c of complaints) if ((c.resolvedOn ?? "") >= (last.resolvedOn ?? "")) last = c
  return last.satisfied === true ? "resolvedSatisfied" : "resolvedUnsatisfied"
}

/**
 * Derives the loyalty segment of a survey: the first row of the policy's loyalty table whose every
 * condition holds (satisfaction range, buy-again and recommend answers, and the customer's
 * complaints when the card's are given: an open or unhappily resolved complaint puts the customer
 * at risk by the default rows).
 *
 * @example
 * ```ts
 * import { loyaltySegment, defaultPolicy, CalendarDate } from "@jipan/core"
 * const surveyedOn = CalendarDate.make("2026-11-20")
 * loyaltySegment({ customerId, surveyedOn, satisfaction: "satisfied", buyAgain: "over70", recommend: "likely" }, defaultPolicy)
 * // Success({ segment: "loyal", reasons: [{ ruleId: "loyalty.loyal", … }] })
 * ```
 */
export const loyaltySegment = (
  survey: Survey,
  policy: Policy,
  complaints: ReadonlyArray<Complaint> = []
): Result.Result<LoyaltySegment, NoSegmentMatched> => {
  const score = satisfactionScore[survey.satisfaction]
  const complained = complaintStateOf(complaints)
  for (const rule of policy.loyalty.rules) {
    if (rule.complaints !== undefined && rule.complaints !== complained) continue
    if (rule.satisfactionAtLeast !== undefined && score < rule.satisfactionAtLeast) continue
    if (rule.satisfactionAtMost !== undefined && score > rule.satisfactionAtMost) continue
    if (rule.buyAgain !== undefined && !rule.buyAgain.includes(survey.buyAgain)) continue
    if (rule.recommend !== undefined && !rule.recommend.includes(survey.recommend)) continue
    const segment = policy.loyalty.segments.find((s) => s.id === rule.segment)
    return Result.succeed({
      segment: rule.segment,
      label: segment?.label ?? { "zh-CN": rule.segment, en: rule.segment },
      reasons: [
        {
          ruleId: rule.id,
          conclusion: rule.segment,
          reads: {
            satisfaction: survey.satisfaction,
            score,
            buyAgain: survey.buyAgain,
            recommend: survey.recommend,
            complaints: complained
          }
        }
      ]
    })
  }
  return Result.fail(
    new NoSegmentMatched({ message: "No loyalty rule matches this survey: the policy needs a catch-all row" })
  )
}

/**
 * A customer's value history: spend (integer fen) and the referrals that bought.
 *
 * @example
 * ```ts
 * import type { CustomerValueInput } from "@jipan/core"
 * const v = { customerId: "cust-1", spendFen: 25_000_000, referralsBought: 2 } as CustomerValueInput
 * ```
 */
export interface CustomerValueInput {
  readonly customerId: CustomerId
  readonly spendFen: number
  readonly referralsBought: number
}

/**
 * A customer's value segment: `top` (the few who bring the policy's top share of value) or `regular`.
 *
 * @example
 * ```ts
 * import type { ValueSegment } from "@jipan/core"
 * declare const v: ValueSegment
 * v.segment === "top" && v.rank
 * ```
 */
export interface ValueSegment {
  readonly customerId: CustomerId
  readonly value: number
  readonly rank: number
  readonly segment: "top" | "regular"
  readonly reasons: ReadonlyArray<Reason>
}

/**
 * Segments customers by value (spend plus the policy's value per referral that bought): ranked by
 * value, the customers who together make up the policy's top share of all value (80% by default,
 * the 80/20 rule) are `top`; the customer who crosses the share is included.
 *
 * @example
 * ```ts
 * import { valueSegments, defaultPolicy, type CustomerValueInput } from "@jipan/core"
 * declare const customers: ReadonlyArray<CustomerValueInput>
 * valueSegments(customers, defaultPolicy).filter((c) => c.segment === "top")
 * ```
 */
export const valueSegments = (
  customers: ReadonlyArray<CustomerValueInput>,
  policy: Policy
): Array<ValueSegment> => {
  const { valueTopShare, valuePerReferralFen } = policy.loyalty
  const valued = customers
    .map((c) => ({
      c,
      value: Math.max(0, c.spendFen) + Math.max(0, c.referralsBought) * valuePerReferralFen
    }))
    .sort((a, b) => b.value - a.value || (a.c.customerId < b.c.customerId ? -1 : 1))
  const total = valued.reduce((sum, v) => sum + v.value, 0)
  let before = 0
  return valued.map(({ c, value }, i) => {
    const top = total > 0 && value > 0 && before < valueTopShare * total
    const reads = {
      spendFen: c.spendFen,
      referralsBought: c.referralsBought,
      valuePerReferralFen,
      value,
      cumulativeShareBefore: total > 0 ? before / total : 0,
      valueTopShare
    }
    before += value
    return {
      customerId: c.customerId,
      value,
      rank: i + 1,
      segment: top ? "top" : "regular",
      reasons: [{ ruleId: "loyalty.valueTopShare", conclusion: top ? "top" : "regular", reads }]
    }
  })
}
