/**
 * Satisfaction and loyalty: surveys, the loyalty segment they give, and the value segment (about
 * 20% of customers bring 80% of profit). Satisfaction is an attitude, loyalty is behaviour.
 *
 * @module
 */
import { Result, Schema } from "effect"
import type { Reason } from "../grading/Grading.js"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { CustomerId } from "../kernel/Ids.js"
import { defineEnum, type Label } from "../kernel/Label.js"
import type { Policy } from "../policy/Policy.js"

/**
 * Overall satisfaction on the 5-point scale (very satisfied 非常满意 … very dissatisfied 非常不满意);
 * `score` runs 5 (very satisfied) to 1.
 *
 * @example
 * ```ts
 * import { Satisfaction, satisfactionScore } from "@jipan/core"
 * satisfactionScore.satisfied // 4
 * ```
 */
export const Satisfaction = defineEnum({
  verySatisfied: { "zh-CN": "非常满意", en: "Very satisfied" },
  satisfied: { "zh-CN": "满意", en: "Satisfied" },
  neutral: { "zh-CN": "一般", en: "Neutral" },
  dissatisfied: { "zh-CN": "不满意", en: "Dissatisfied" },
  veryDissatisfied: { "zh-CN": "非常不满意", en: "Very dissatisfied" }
})
/** @see {@link Satisfaction} */
export type Satisfaction = (typeof Satisfaction.values)[number]

/** The score of each satisfaction level, 5 (very satisfied) to 1. @example satisfactionScore.neutral // 3 */
export const satisfactionScore: Readonly<Record<Satisfaction, number>> = {
  verySatisfied: 5,
  satisfied: 4,
  neutral: 3,
  dissatisfied: 2,
  veryDissatisfied: 1
}

/**
 * The probability of buying again (再购意愿): over 70%, 30–70%, under 30%.
 *
 * @example
 * ```ts
 * import { BuyAgain } from "@jipan/core"
 * BuyAgain.label("over70", "zh-CN") // "70%以上"
 * ```
 */
export const BuyAgain = defineEnum({
  over70: { "zh-CN": "70%以上", en: "Over 70%" },
  between30And70: { "zh-CN": "30%–70%", en: "30–70%" },
  under30: { "zh-CN": "30%以下", en: "Under 30%" }
})
/** @see {@link BuyAgain} */
export type BuyAgain = (typeof BuyAgain.values)[number]

/**
 * The likelihood of recommending (推荐意愿): very likely, likely, unlikely.
 *
 * @example
 * ```ts
 * import { Recommend } from "@jipan/core"
 * Recommend.label("veryLikely", "en") // "Very likely"
 * ```
 */
export const Recommend = defineEnum({
  veryLikely: { "zh-CN": "非常可能", en: "Very likely" },
  likely: { "zh-CN": "可能", en: "Likely" },
  unlikely: { "zh-CN": "不太可能", en: "Unlikely" }
})
/** @see {@link Recommend} */
export type Recommend = (typeof Recommend.values)[number]

/**
 * One satisfaction survey (满意度调查) of a customer, usually run by the DCRC.
 *
 * @example
 * ```ts
 * import { decodeSurvey } from "@jipan/core"
 * decodeSurvey({ customerId: "cust-1", surveyedOn: "2026-12-01", satisfaction: "verySatisfied",
 *   buyAgain: "over70", recommend: "veryLikely" })
 * ```
 */
export const Survey = Schema.Struct({
  customerId: CustomerId,
  surveyedOn: CalendarDate,
  satisfaction: Satisfaction.schema,
  buyAgain: BuyAgain.schema,
  recommend: Recommend.schema
})
/** @see {@link Survey} */
export type Survey = typeof Survey.Type

/**
 * Records a survey from untrusted input: every bad field listed, never throwing.
 *
 * @example
 * ```ts
 * import { decodeSurvey } from "@jipan/core"
 * decodeSurvey({ satisfaction: "great" })._tag // "Failure"
 * ```
 */
export const decodeSurvey = decoderFor(Survey, "Survey")

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
 * Derives the loyalty segment of a survey: the first row of the policy's loyalty table whose every
 * condition holds (satisfaction range, buy-again and recommend answers).
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
  policy: Policy
): Result.Result<LoyaltySegment, NoSegmentMatched> => {
  const score = satisfactionScore[survey.satisfaction]
  for (const rule of policy.loyalty.rules) {
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
            recommend: survey.recommend
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
