/**
 * Referrer motive types (推荐动机): honour (荣誉型), reward (利益型), favour (求助型) and friendship
 * (朋友型), judged from recorded observations by the policy's `referral.motive` decision table,
 * with the evidence used and the treatment the policy recommends. A referrer without observations
 * stays unknown; so does one the table cannot place.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { addDays, CalendarDate } from "../kernel/CalendarDate.js"
import {
  evaluateTable,
  type MissingTableInput,
  type NoRowMatched,
  type NoTableInForce,
  type TableDecision,
  tableInForce
} from "../kernel/DecisionTable.js"
import { decoderFor } from "../kernel/Errors.js"
import { defineEnum } from "../kernel/Label.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import type { Policy } from "../policy/Policy.js"
import type { MotiveTreatment } from "../policy/ReferralPolicy.js"
import { RewardTableId } from "../policy/RewardTables.js"

/**
 * The four kinds of customers who refer you, and `unknown` until there is evidence.
 *
 * @example
 * ```ts
 * import { ReferrerMotive } from "@jipan/core"
 * ReferrerMotive.label("honour", "zh-CN") // "荣誉型"
 * ```
 */
export const ReferrerMotive = /* @__PURE__ */ defineEnum({
  honour: { "zh-CN": "荣誉型", en: "Honour" },
  reward: { "zh-CN": "利益型", en: "Reward" },
  favour: { "zh-CN": "求助型", en: "Favour" },
  friendship: { "zh-CN": "朋友型", en: "Friendship" },
  unknown: { "zh-CN": "未知", en: "Unknown" }
})
/** @see {@link ReferrerMotive} */
export type ReferrerMotive = (typeof ReferrerMotive.values)[number]

/**
 * One recorded observation of a referrer: a reward claimed or declined, a favour asked,
 * recognition accepted (a stage, an award), or a referral made.
 *
 * @example
 * ```ts
 * import { decodeMotiveObservations } from "@jipan/core"
 * decodeMotiveObservations([{ id: "o-1", kind: "rewardDeclined", on: "2026-11-12" }])
 * ```
 */
export const MotiveObservation = Schema.Struct({
  id: NonEmptyText,
  kind: Schema.Literals([
    "rewardClaimed",
    "rewardDeclined",
    "favourAsked",
    "recognitionAccepted",
    "referralMade"
  ]),
  on: CalendarDate,
  note: Schema.optionalKey(Text)
})
/** @see {@link MotiveObservation} */
export type MotiveObservation = typeof MotiveObservation.Type

/**
 * Decodes untrusted observations.
 *
 * @example
 * ```ts
 * import { decodeMotiveObservations } from "@jipan/core"
 * decodeMotiveObservations([{ kind: "bribe" }])._tag // "Failure"
 * ```
 */
export const decodeMotiveObservations = /* @__PURE__ */ decoderFor(
  Schema.Array(MotiveObservation),
  "MotiveObservations"
)

/**
 * A referrer's motive type with the observations used, the table's trace (absent when there was no
 * evidence at all), and the policy's recommended treatment (absent for `unknown`).
 *
 * @example
 * ```ts
 * import { classifyReferrerMotive, MotiveObservation, defaultPolicy } from "@jipan/core"
 * declare const observations: ReadonlyArray<MotiveObservation>
 * const r = classifyReferrerMotive(observations, defaultPolicy, today)
 * if (r._tag === "Success") r.success.treatment?.form // "cashOrGoods"
 * ```
 */
export interface MotiveClassification {
  readonly motive: ReferrerMotive
  readonly evidence: ReadonlyArray<MotiveObservation>
  readonly decision: TableDecision | undefined
  readonly treatment: MotiveTreatment | undefined
}

/**
 * Classifies a referrer from their observations up to `today` (later ones are ignored).
 *
 * @example
 * ```ts
 * import { classifyReferrerMotive, defaultPolicy, CalendarDate } from "@jipan/core"
 * classifyReferrerMotive([], defaultPolicy, CalendarDate.make("2026-12-01")) // Success({ motive: "unknown", evidence: [] … })
 * ```
 */
export const classifyReferrerMotive = (
  observations: ReadonlyArray<MotiveObservation>,
  policy: Policy,
  today: CalendarDate
): Result.Result<MotiveClassification, MissingTableInput | NoRowMatched | NoTableInForce> => {
  const evidence = observations.filter((o) => o.on <= today)
  if (evidence.length === 0)
    return Result.succeed({ motive: "unknown", evidence, decision: undefined, treatment: undefined })
  const table = tableInForce(policy.referral.tables, RewardTableId.motive, today)
  if (Result.isFailure(table)) return Result.fail(table.failure)
  const count = (kind: MotiveObservation["kind"]) => evidence.filter((o) => o.kind === kind).length
  const paceFrom = addDays(today, -policy.referral.motive.paceWindowDays)
  const decision = evaluateTable(
    table.success,
    {
      rewardsClaimed: count("rewardClaimed"),
      rewardsDeclined: count("rewardDeclined"),
      favoursAsked: count("favourAsked"),
      recognitionAccepted: count("recognitionAccepted"),
      referrals: count("referralMade"),
      recentReferrals: evidence.filter((o) => o.kind === "referralMade" && o.on > paceFrom).length
    },
    policy.provenance.referral
  )
  if (Result.isFailure(decision)) return Result.fail(decision.failure)
  const out = decision.success.outputs[0]?.motive
  const motive: ReferrerMotive =
    typeof out === "string" && (ReferrerMotive.values as ReadonlyArray<string>).includes(out)
      ? (out as ReferrerMotive)
      : "unknown"
  return Result.succeed({
    motive,
    evidence,
    decision: decision.success,
    treatment: motive === "unknown" ? undefined : policy.referral.motiveTreatments[motive]
  })
}
