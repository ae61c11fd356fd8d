/**
 * The reward rules' decision tables the referral modules read, and the contract of each: the
 * inputs the code supplies and the outputs it reads. `checkPolicy` holds a policy's tables to these
 * contracts, so a table that needs an input nobody supplies is found before it is used.
 *
 * @module
 */
import type { ColumnKind } from "../kernel/DecisionTable.js"

/**
 * The ids of the reward rules' tables.
 *
 * @example
 * ```ts
 * import { RewardTableId } from "@jipan/core"
 * RewardTableId.cvp // "referral.cvp"
 * ```
 */
export const RewardTableId = {
  referrerReward: "referral.referrerReward",
  yiTuoYi: "referral.yiTuoYi",
  cvp: "referral.cvp",
  motive: "referral.motive"
} as const
/** @see {@link RewardTableId} */
export type RewardTableId = (typeof RewardTableId)[keyof typeof RewardTableId]

/**
 * The contract of one reward table: the inputs the code can supply (with their kinds), the outputs
 * it reads (with their kinds), and the values a text output may take (when closed).
 *
 * @example
 * ```ts
 * import { rewardTableContracts } from "@jipan/core"
 * Object.keys(rewardTableContracts["referral.cvp"].outputs) // ["bonusFen"]
 * ```
 */
export interface RewardTableContract {
  readonly inputs: Readonly<Record<string, ColumnKind>>
  readonly outputs: Readonly<Record<string, ColumnKind>>
  readonly outputValues: Readonly<Record<string, ReadonlyArray<string>>>
}

/**
 * Every reward table's contract, by table id.
 *
 * @example
 * ```ts
 * import { rewardTableContracts } from "@jipan/core"
 * rewardTableContracts["referral.motive"].outputValues.motive // ["honour", "reward", "favour", "friendship", "unknown"]
 * ```
 */
export const rewardTableContracts: Readonly<Record<RewardTableId, RewardTableContract>> = {
  "referral.referrerReward": {
    inputs: { referrerKind: "string", askedAt: "string", refereeSaleKind: "string", refereeUnits: "integer" },
    outputs: { offer: "string" },
    outputValues: {}
  },
  "referral.yiTuoYi": {
    inputs: { auditedReferrals: "integer", saleKind: "string" },
    outputs: { amountFen: "integer", per: "string" },
    outputValues: { per: ["referral", "delivery"] }
  },
  "referral.cvp": {
    inputs: { saleKind: "string", allVerySatisfied: "boolean", surveys: "integer" },
    outputs: { bonusFen: "integer" },
    outputValues: {}
  },
  "referral.motive": {
    inputs: {
      rewardsClaimed: "integer",
      rewardsDeclined: "integer",
      favoursAsked: "integer",
      recognitionAccepted: "integer",
      referrals: "integer",
      recentReferrals: "integer"
    },
    outputs: { motive: "string" },
    outputValues: { motive: ["honour", "reward", "favour", "friendship", "unknown"] }
  }
}
