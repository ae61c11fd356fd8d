/**
 * How a consultant reaches a customer.
 *
 * @module
 */
import { defineEnum } from "./Label.js"

/**
 * Contact channel. Follow-up should be varied (call, visit, message, letter), never just
 * "have you decided yet?".
 *
 * @example
 * ```ts
 * import { ContactChannel } from "@jipan/core"
 * ContactChannel.values.includes("wechat") // true
 * ```
 */
export const ContactChannel = /* @__PURE__ */ defineEnum({
  call: { "zh-CN": "电话", en: "Phone call" },
  showroomVisit: { "zh-CN": "到店", en: "Showroom visit" },
  homeVisit: { "zh-CN": "上门拜访", en: "Home or office visit" },
  sms: { "zh-CN": "短信", en: "SMS" },
  wechat: { "zh-CN": "微信", en: "WeChat" },
  letter: { "zh-CN": "信函", en: "Letter" },
  email: { "zh-CN": "电子邮件", en: "Email" }
})
/** @see {@link ContactChannel} */
export type ContactChannel = (typeof ContactChannel.values)[number]
