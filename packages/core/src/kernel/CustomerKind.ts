/**
 * The kinds of customer in a dealer's customer base.
 *
 * @module
 */
import { defineEnum } from "./Label.js"

/**
 * Customer kind: prospect (有望客户), owned customer (保有客户: bought and took delivery here), base
 * customer (基盘客户: owned, loyal and referring), defeated customer (战败客户), local influencer
 * (桩脚客户), other-brand owner (他牌基盘) and our-brand owner who bought elsewhere (本牌他销).
 *
 * @example
 * ```ts
 * import { CustomerKind } from "@jipan/core"
 * CustomerKind.label("owned", "zh-CN") // "保有客户"
 * ```
 */
export const CustomerKind = /* @__PURE__ */ defineEnum({
  prospect: { "zh-CN": "有望客户", en: "Prospect" },
  owned: { "zh-CN": "保有客户", en: "Owned customer" },
  base: { "zh-CN": "基盘客户", en: "Base customer" },
  defeated: { "zh-CN": "战败客户", en: "Defeated customer" },
  localInfluencer: { "zh-CN": "桩脚客户", en: "Local influencer" },
  otherBrandOwner: { "zh-CN": "他牌基盘", en: "Other-brand owner" },
  boughtElsewhere: { "zh-CN": "本牌他销", en: "Our brand, bought elsewhere" }
})
/** @see {@link CustomerKind} */
export type CustomerKind = (typeof CustomerKind.values)[number]

/**
 * The kinds of broad-base card (广义基盘): owners the dealer did not sell to but keeps in touch with
 * and mines — an other-brand owner (他牌基盘) and an owner of our brand who bought it elsewhere
 * (本牌他销). Each has its own mining rules in the care policy.
 *
 * @example
 * ```ts
 * import { BroadBaseKind } from "@jipan/core"
 * BroadBaseKind.label("boughtElsewhere", "en") // "Our brand, bought elsewhere"
 * ```
 */
export const BroadBaseKind = /* @__PURE__ */ defineEnum({
  otherBrandOwner: { "zh-CN": "他牌基盘", en: "Other-brand owner" },
  boughtElsewhere: { "zh-CN": "本牌他销", en: "Our brand, bought elsewhere" }
})
/** @see {@link BroadBaseKind} */
export type BroadBaseKind = (typeof BroadBaseKind.values)[number]
