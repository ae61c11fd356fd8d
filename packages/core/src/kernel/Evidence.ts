/**
 * What a consultant knows about a prospect's readiness to buy: the input of grading.
 *
 * @module
 */
import { Schema } from "effect"
import { CalendarDate } from "./CalendarDate.js"
import { decoderFor } from "./Errors.js"
import { defineEnum } from "./Label.js"
import { NonEmptyText } from "./Text.js"

/**
 * The evidence keys a policy's grade requirements may name. Each is a yes/no fact derived from
 * {@link ProspectEvidence}; `repeatVisit` holds when the visit count reaches the policy's threshold,
 * `modelInterest` when a model of interest is named or a model is chosen.
 *
 * @example
 * ```ts
 * import { EvidenceKey } from "@jipan/core"
 * EvidenceKey.label("testDriveDone", "zh-CN") // "已试驾"
 * ```
 */
export const EvidenceKey = /* @__PURE__ */ defineEnum({
  orderSigned: { "zh-CN": "已签订单/已付定金", en: "Order signed or deposit paid" },
  testDriveDone: { "zh-CN": "已试驾", en: "Test drive done" },
  testDriveBooked: { "zh-CN": "已预约试驾", en: "Test drive booked" },
  modelChosen: { "zh-CN": "已选定车型", en: "Model chosen" },
  colourChosen: { "zh-CN": "已选定颜色", en: "Colour chosen" },
  modelInterest: { "zh-CN": "有意向车型", en: "Interested in a model" },
  budgetSettled: { "zh-CN": "预算或贷款已落实", en: "Budget or finance settled" },
  decisionMakerPresent: { "zh-CN": "决策人在场", en: "Decision maker engaged" },
  tradeIn: { "zh-CN": "有置换车辆", en: "Has a trade-in" },
  competitorCompared: { "zh-CN": "在比较竞品", en: "Comparing competitors" },
  repeatVisit: { "zh-CN": "再次到店", en: "Repeat visit" }
})
/** @see {@link EvidenceKey} */
export type EvidenceKey = (typeof EvidenceKey.values)[number]

/**
 * Evidence about a prospect. Every field is optional: what is not known is left out, never
 * guessed. The purchase timeframe is the expected purchase date, or else a number of days
 * ("within 7 days" = 7).
 *
 * @example
 * ```ts
 * import type { ProspectEvidence } from "@jipan/core"
 * const evidence: ProspectEvidence = { purchaseTimeframeDays: 10, modelChosen: true, testDriveBooked: true }
 * ```
 */
export const ProspectEvidence = Schema.Struct({
  expectedPurchaseDate: Schema.optionalKey(CalendarDate),
  purchaseTimeframeDays: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 3650 }))
  ),
  orderSigned: Schema.optionalKey(Schema.Boolean),
  testDriveDone: Schema.optionalKey(Schema.Boolean),
  testDriveBooked: Schema.optionalKey(Schema.Boolean),
  modelChosen: Schema.optionalKey(Schema.Boolean),
  colourChosen: Schema.optionalKey(Schema.Boolean),
  modelOfInterest: Schema.optionalKey(NonEmptyText),
  budgetSettled: Schema.optionalKey(Schema.Boolean),
  decisionMakerPresent: Schema.optionalKey(Schema.Boolean),
  tradeIn: Schema.optionalKey(Schema.Boolean),
  competitorCompared: Schema.optionalKey(Schema.Boolean),
  visitCount: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 10_000 }))),
  lastContactOn: Schema.optionalKey(CalendarDate)
})
/** @see {@link ProspectEvidence} */
export type ProspectEvidence = typeof ProspectEvidence.Type

/**
 * Decodes untrusted evidence (a form, a DMS payload), listing every bad field.
 *
 * @example
 * ```ts
 * import { decodeEvidence } from "@jipan/core"
 * decodeEvidence({ visitCount: 2, modelChosen: "yes" })._tag // "Failure": modelChosen must be a boolean
 * ```
 */
export const decodeEvidence = /* @__PURE__ */ decoderFor(ProspectEvidence, "ProspectEvidence")

/** Whether one evidence key holds, given the policy's repeat-visit threshold. */
export const evidenceHolds = (
  evidence: ProspectEvidence,
  key: EvidenceKey,
  repeatVisitThreshold: number
): boolean => {
  switch (key) {
    case "repeatVisit":
      return (evidence.visitCount ?? 0) >= repeatVisitThreshold
    case "modelInterest":
      return evidence.modelOfInterest !== undefined || evidence.modelChosen === true
    default:
      return evidence[key] === true
  }
}
