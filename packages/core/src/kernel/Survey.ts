/**
 * Customer surveys (满意度调查, the CVP survey after delivery): the five satisfaction levels and the
 * answers about buying again and recommending. Cards record them, loyalty and settlement read them.
 *
 * @module
 */
import { Schema } from "effect"
import { CalendarDate } from "./CalendarDate.js"
import { decoderFor } from "./Errors.js"
import { CustomerId } from "./Ids.js"
import { defineEnum } from "./Label.js"

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
export const Satisfaction = /* @__PURE__ */ defineEnum({
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
export const BuyAgain = /* @__PURE__ */ defineEnum({
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
export const Recommend = /* @__PURE__ */ defineEnum({
  veryLikely: { "zh-CN": "非常可能", en: "Very likely" },
  likely: { "zh-CN": "可能", en: "Likely" },
  unlikely: { "zh-CN": "不太可能", en: "Unlikely" }
})
/** @see {@link Recommend} */
export type Recommend = (typeof Recommend.values)[number]

/**
 * The answers of one survey: satisfaction, the probability of buying again and of recommending.
 *
 * @example
 * ```ts
 * import { SurveyAnswers } from "@jipan/core"
 * import { Schema } from "effect"
 * Schema.is(SurveyAnswers)({ satisfaction: "satisfied", buyAgain: "over70", recommend: "likely" }) // true
 * ```
 */
export const SurveyAnswers = Schema.Struct({
  satisfaction: Satisfaction.schema,
  buyAgain: BuyAgain.schema,
  recommend: Recommend.schema
})
/** @see {@link SurveyAnswers} */
export type SurveyAnswers = typeof SurveyAnswers.Type

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
export const decodeSurvey = /* @__PURE__ */ decoderFor(Survey, "Survey")
