/**
 * What kind of intent a prospect has.
 *
 * @module
 */
import { defineEnum } from "./Label.js"

/**
 * Intent type: *direct* (needs the product and decides), *key person* (关键人: does not buy now but
 * influences and brings buyers), *latent* (潜在型: likes the brand, no need yet: watch, do not chase).
 *
 * @example
 * ```ts
 * import { IntentType } from "@jipan/core"
 * IntentType.label("keyPerson", "en") // "Key person"
 * ```
 */
export const IntentType = /* @__PURE__ */ defineEnum({
  direct: { "zh-CN": "直接型", en: "Direct" },
  keyPerson: { "zh-CN": "关键人", en: "Key person" },
  latent: { "zh-CN": "潜在型", en: "Latent" }
})
/** @see {@link IntentType} */
export type IntentType = (typeof IntentType.values)[number]
