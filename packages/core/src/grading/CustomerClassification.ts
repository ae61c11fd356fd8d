/**
 * Who belongs to the customer base (基盘): narrow base, broad base, base customer, key person.
 *
 * @module
 */

import type { IntentType } from "../kernel/IntentType.js"
import { defineEnum } from "../kernel/Label.js"
import type { Policy } from "../policy/Policy.js"
import type { Reason } from "./Grading.js"

/**
 * The base classes: *narrow base* (狭义基盘: our own buyers); *broad base* (广义基盘: also prospects,
 * other-brand owners 他牌基盘 and our-brand owners who bought elsewhere 本牌他销); *base customer*
 * (基盘客户: an owned customer who is loyal and refers); *key person* (关键人: influences and brings buyers).
 *
 * @example
 * ```ts
 * import { BaseClass } from "@jipan/core"
 * BaseClass.label("broadBase", "zh-CN") // "广义基盘"
 * ```
 */
export const BaseClass = /* @__PURE__ */ defineEnum({
  narrowBase: { "zh-CN": "狭义基盘", en: "Narrow base" },
  broadBase: { "zh-CN": "广义基盘", en: "Broad base" },
  baseCustomer: { "zh-CN": "基盘客户", en: "Base customer" },
  keyPerson: { "zh-CN": "关键人", en: "Key person" }
})
/** @see {@link BaseClass} */
export type BaseClass = (typeof BaseClass.values)[number]

/**
 * What classification reads about a customer.
 *
 * @example
 * ```ts
 * import type { ClassificationInput } from "@jipan/core"
 * const i: ClassificationInput = { boughtHere: true, referralsBought: 1, loyaltySegment: "loyal" }
 * ```
 */
export interface ClassificationInput {
  /** Bought and took delivery here (an owned customer, 保有客户). */
  readonly boughtHere: boolean
  readonly openProspect?: boolean
  /** Owns another brand's car (他牌基盘). */
  readonly ownsOtherBrand?: boolean
  /** Owns our brand, bought at another dealer (本牌他销). */
  readonly ownsOurBrandBoughtElsewhere?: boolean
  readonly intent?: IntentType
  /** Referrals this customer made that bought. */
  readonly referralsBought: number
  /** The latest loyalty segment, if surveyed. */
  readonly loyaltySegment?: string
}

/**
 * The classes a customer falls in, each with the rule that put it there.
 *
 * @example
 * ```ts
 * import { classifyCustomer, defaultPolicy } from "@jipan/core"
 * classifyCustomer({ boughtHere: true, referralsBought: 1, loyaltySegment: "loyal" }, defaultPolicy).classes
 * // ["narrowBase", "broadBase", "baseCustomer"]
 * ```
 */
export interface Classification {
  readonly classes: ReadonlyArray<BaseClass>
  readonly reasons: ReadonlyArray<Reason>
}

/**
 * Classifies a customer: narrow base when bought here; broad base when bought here, an open
 * prospect, an other-brand owner or an our-brand owner who bought elsewhere; base customer when
 * bought here, in one of the policy's loyal segments and with at least its referrals; key person
 * when the intent type says so or the referrals reach the policy's key-person count.
 *
 * @example
 * ```ts
 * import { classifyCustomer, defaultPolicy } from "@jipan/core"
 * classifyCustomer({ boughtHere: false, ownsOtherBrand: true, referralsBought: 0 }, defaultPolicy).classes // ["broadBase"]
 * ```
 */
export const classifyCustomer = (input: ClassificationInput, policy: Policy): Classification => {
  const classes: Array<BaseClass> = []
  const reasons: Array<Reason> = []
  const { baseCustomer, keyPerson } = policy.loyalty
  if (input.boughtHere) {
    classes.push("narrowBase")
    reasons.push({ ruleId: "base.narrow", conclusion: "narrowBase", reads: { boughtHere: true } })
  }
  const broadBy = input.boughtHere
    ? "boughtHere"
    : input.ownsOtherBrand === true
      ? "ownsOtherBrand"
      : input.ownsOurBrandBoughtElsewhere === true
        ? "ownsOurBrandBoughtElsewhere"
        : input.openProspect === true
          ? "openProspect"
          : undefined
  if (broadBy !== undefined) {
    classes.push("broadBase")
    reasons.push({ ruleId: "base.broad", conclusion: "broadBase", reads: { [broadBy]: true } })
  }
  const loyal =
    input.loyaltySegment !== undefined && baseCustomer.loyalSegments.includes(input.loyaltySegment)
  if (input.boughtHere && loyal && input.referralsBought >= baseCustomer.minReferrals) {
    classes.push("baseCustomer")
    reasons.push({
      ruleId: "base.customer",
      conclusion: "baseCustomer",
      reads: {
        loyaltySegment: input.loyaltySegment,
        loyalSegments: baseCustomer.loyalSegments,
        referralsBought: input.referralsBought,
        minReferrals: baseCustomer.minReferrals
      }
    })
  }
  if (input.intent === "keyPerson" || input.referralsBought >= keyPerson.minReferrals) {
    classes.push("keyPerson")
    reasons.push({
      ruleId: "base.keyPerson",
      conclusion: "keyPerson",
      reads: {
        intent: input.intent,
        referralsBought: input.referralsBought,
        minReferrals: keyPerson.minReferrals
      }
    })
  }
  return { classes, reasons }
}
