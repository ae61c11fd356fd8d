/**
 * Where a prospect came from.
 *
 * @module
 */
import { defineEnum } from "./Label.js"

/**
 * Lead source: walk-in (来店), phone-in (来电), referral by a base or VIP customer (介绍), internal
 * staff, outbound development (外拓 / 扫街), an event, or online. Dealers ask what share of deals
 * each source brings and what the referral close rate is.
 *
 * @example
 * ```ts
 * import { LeadSource } from "@jipan/core"
 * LeadSource.label("walkIn", "zh-CN") // "来店"
 * ```
 */
export const LeadSource = /* @__PURE__ */ defineEnum({
  walkIn: { "zh-CN": "来店", en: "Walk-in" },
  phoneIn: { "zh-CN": "来电", en: "Phone-in" },
  referral: { "zh-CN": "客户介绍", en: "Referral" },
  staff: { "zh-CN": "内部员工", en: "Internal staff" },
  outbound: { "zh-CN": "外拓", en: "Outbound development" },
  event: { "zh-CN": "活动", en: "Event" },
  online: { "zh-CN": "网络", en: "Online" }
})
/** @see {@link LeadSource} */
export type LeadSource = (typeof LeadSource.values)[number]
