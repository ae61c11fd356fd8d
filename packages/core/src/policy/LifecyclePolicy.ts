/**
 * The card lifecycle section: defeat reasons in two levels and the reasons a card is marked invalid.
 *
 * @module
 */
import { Schema } from "effect"
import { defineEnum, Label } from "../kernel/Label.js"
import { Id, label } from "./internal/primitives.js"

/**
 * One defeat reason (战败原因) of the catalogue. `competitorBought` says the consultant must name
 * the brand and model the customer bought instead (战败车型).
 *
 * @example
 * ```ts
 * import type { DefeatReason } from "@jipan/core"
 * const r: DefeatReason = { id: "competitor", label: { "zh-CN": "已购竞品", en: "Bought a competitor" }, competitorBought: true }
 * ```
 */
export const DefeatReason = Schema.Struct({ id: Id, label: Label, competitorBought: Schema.Boolean })
/** @see {@link DefeatReason} */
export type DefeatReason = typeof DefeatReason.Type

/**
 * A type of defeat reason (战败原因类型), the first level of the two-level catalogue.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.lifecycle.defeatReasonTypes[0].reasons[0].id // "competitor"
 * ```
 */
export const DefeatReasonType = Schema.Struct({
  id: Id,
  label: Label,
  reasons: Schema.NonEmptyArray(DefeatReason)
})
/** @see {@link DefeatReasonType} */
export type DefeatReasonType = typeof DefeatReasonType.Type

/**
 * Why a card is invalid (无效卡): wrong number, no intent, a duplicate… `mergeIntoSurvivor` says
 * the card must name the surviving card it merges into.
 *
 * @example
 * ```ts
 * import type { InvalidReason } from "@jipan/core"
 * const dup: InvalidReason = { id: "duplicate", label: { "zh-CN": "重复建卡", en: "Duplicate card" }, mergeIntoSurvivor: true }
 * ```
 */
export const InvalidReason = Schema.Struct({ id: Id, label: Label, mergeIntoSurvivor: Schema.Boolean })
/** @see {@link InvalidReason} */
export type InvalidReason = typeof InvalidReason.Type

/**
 * Where "one phone, one open card" holds: across the dealer group (the default: a customer who
 * walks into a sister store already has a consultant) or only within each store.
 *
 * @example
 * ```ts
 * import { PhoneUniqueness } from "@jipan/core"
 * PhoneUniqueness.label("group", "zh-CN") // "集团内唯一"
 * ```
 */
export const PhoneUniqueness = /* @__PURE__ */ defineEnum({
  group: { "zh-CN": "集团内唯一", en: "One open card per phone in the dealer group" },
  store: { "zh-CN": "门店内唯一", en: "One open card per phone in each store" }
})
/** @see {@link PhoneUniqueness} */
export type PhoneUniqueness = (typeof PhoneUniqueness.values)[number]

/**
 * The card lifecycle section: the two-level defeat reason catalogue, the invalid-card reasons and
 * where a phone may have only one open card (`phoneUniqueness`, `group` when absent).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.lifecycle.invalidReasons.map((r) => r.id) // ["wrongNumber", "noIntent", "duplicate"]
 * ```
 */
export const LifecycleSection = Schema.Struct({
  defeatReasonTypes: Schema.NonEmptyArray(DefeatReasonType),
  invalidReasons: Schema.NonEmptyArray(InvalidReason),
  phoneUniqueness: Schema.optionalKey(PhoneUniqueness.schema)
})
/** @see {@link LifecycleSection} */
export type LifecycleSection = typeof LifecycleSection.Type

/**
 * The default lifecycle: defeat reasons in two levels and the reasons a card is invalid.
 *
 * @example
 * ```ts
 * import { defaultLifecycle, defaultPolicy } from "@jipan/core"
 * defaultLifecycle === defaultPolicy.lifecycle // true
 * ```
 */
export const defaultLifecycle: LifecycleSection = {
  defeatReasonTypes: [
    {
      id: "boughtElsewhere",
      label: label("已购车", "Bought elsewhere"),
      reasons: [
        { id: "competitor", label: label("已购竞品", "Bought a competitor"), competitorBought: true },
        {
          id: "ourBrandElsewhere",
          label: label("已购本品(他店)", "Bought our brand at another dealer"),
          competitorBought: false
        }
      ]
    },
    {
      id: "price",
      label: label("价格", "Price"),
      reasons: [
        { id: "priceTooHigh", label: label("价格太高", "Price too high"), competitorBought: false },
        {
          id: "betterOffer",
          label: label("他店优惠更大", "Better offer elsewhere"),
          competitorBought: false
        }
      ]
    },
    {
      id: "finance",
      label: label("资金", "Finance"),
      reasons: [
        { id: "financeRefused", label: label("贷款未通过", "Finance refused"), competitorBought: false },
        { id: "budgetCut", label: label("预算不足", "Budget cut"), competitorBought: false }
      ]
    },
    {
      id: "postponed",
      label: label("暂缓购车", "Purchase postponed"),
      reasons: [
        { id: "postponed", label: label("推迟购车", "Postponed"), competitorBought: false },
        { id: "noLongerNeeded", label: label("不再需要", "No longer needed"), competitorBought: false }
      ]
    },
    {
      id: "lostContact",
      label: label("失去联系", "Lost contact"),
      reasons: [
        { id: "lostContact", label: label("失去联系", "Lost contact"), competitorBought: false },
        { id: "unanswered", label: label("多次无人接听", "Repeatedly unanswered"), competitorBought: false }
      ]
    },
    {
      id: "other",
      label: label("其他", "Other"),
      reasons: [{ id: "other", label: label("其他", "Other"), competitorBought: false }]
    }
  ],
  invalidReasons: [
    { id: "wrongNumber", label: label("空错号", "Wrong number"), mergeIntoSurvivor: false },
    { id: "noIntent", label: label("无购车意向", "No purchase intent"), mergeIntoSurvivor: false },
    { id: "duplicate", label: label("重复建卡", "Duplicate card"), mergeIntoSurvivor: true }
  ]
}
