/**
 * The privacy section of the policy (PIPL): how long personal data is kept once its purpose is
 * met — the retention periods the close of day sweeps by.
 *
 * @module
 */
import { Schema } from "effect"
import { PositiveInt } from "./internal/primitives.js"

/**
 * Retention (保存期限, PIPL art. 19 and 47): a person whose every card in the group has been
 * defeated (战败) for `defeatedMonths`, or closed as invalid (无效卡) for `invalidMonths`, is erased
 * by the close of day (statistics kept); a showroom visit never carded loses its phone after
 * `unCardedVisitDays`. `enabled: false` turns the sweep off (the DMS erases itself).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.privacy.retention.defeatedMonths // 24
 * ```
 */
export const PrivacySection = Schema.Struct({
  retention: Schema.Struct({
    enabled: Schema.Boolean,
    defeatedMonths: PositiveInt,
    invalidMonths: PositiveInt,
    unCardedVisitDays: PositiveInt
  })
})
/** @see {@link PrivacySection} */
export type PrivacySection = typeof PrivacySection.Type

/**
 * The default retention: a defeated customer's data two years after the defeat (long enough for a
 * reactivation campaign, 战败激活), an invalid card's six months, an un-carded visit's phone 90
 * days (the reception's follow-up window). Assumptions a dealer group should set from its own
 * privacy notice.
 *
 * @example
 * ```ts
 * import { defaultPrivacy } from "@jipan/core"
 * defaultPrivacy.retention.unCardedVisitDays // 90
 * ```
 */
export const defaultPrivacy: PrivacySection = {
  retention: { enabled: true, defeatedMonths: 24, invalidMonths: 6, unCardedVisitDays: 90 }
}
