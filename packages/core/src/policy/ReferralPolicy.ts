/**
 * The referral section: reward offers and their choices, caps, validity windows, motive treatments and the consultant measures.
 *
 * @module
 */
import { Schema } from "effect"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { DecisionTable } from "../kernel/DecisionTable.js"
import { Label } from "../kernel/Label.js"
import { NonNegativeFen, PositiveFen } from "../kernel/Money.js"
import { Id, label, NonNegativeInt, PositiveInt } from "./internal/primitives.js"

/**
 * One reward the referrer may choose (e.g. a free maintenance voucher 免费保养券, or accessories
 * 精品附件) with its value in fen (a maintenance voucher is booked at this value in the ledger).
 *
 * @example
 * ```ts
 * import type { RewardChoice } from "@jipan/core"
 * const c = { id: "accessories", kind: "accessories", valueFen: 30000,
 *   label: { "zh-CN": "300元精品附件", en: "Accessories worth 300 yuan" } } as RewardChoice
 * ```
 */
export const RewardChoice = Schema.Struct({
  id: Id,
  kind: Schema.Literals(["maintenanceVoucher", "accessories", "cash", "gift"]),
  label: Label,
  valueFen: PositiveFen
})
/** @see {@link RewardChoice} */
export type RewardChoice = typeof RewardChoice.Type

/**
 * A reward offer: the choices among which the referrer picks one. An offer without choices pays
 * nothing (e.g. for referrers the dealer pays otherwise).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.referral.offers[0].choices.map((c) => c.id) // ["maintenance", "accessories"]
 * ```
 */
export const RewardOffer = Schema.Struct({ id: Id, label: Label, choices: Schema.Array(RewardChoice) })
/** @see {@link RewardOffer} */
export type RewardOffer = typeof RewardOffer.Type

/**
 * What the policy recommends for one referrer motive type: how to treat the referrer and in what
 * form to thank them.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.referral.motiveTreatments.honour.form // "stageAndAwards"
 * ```
 */
export const MotiveTreatment = Schema.Struct({
  form: Schema.Literals(["stageAndAwards", "cashOrGoods", "helpWithProblem", "friendshipContacts"]),
  advice: Label
})
/** @see {@link MotiveTreatment} */
export type MotiveTreatment = typeof MotiveTreatment.Type

/**
 * The referral system (基盘客户推介系统): validity windows, the holding window, voucher expiry,
 * reward caps per referrer, the 一拓一 judging window, the CVP survey rule, the motive-type
 * treatments, the reward offers, and the reward rules as versioned decision tables
 * (`referral.referrerReward`, `referral.yiTuoYi`, `referral.cvp`, `referral.motive`).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.referral.holdingDays // 30
 * ```
 */
export const ReferralSection = Schema.Struct({
  /** The referee is not new if an open card or owned customer with the same phone was active this many days before registration. */
  newCustomerWindowDays: PositiveInt,
  forbidStaffSelfReferral: Schema.Boolean,
  forbidStaffRelativeReferral: Schema.Boolean,
  /** The referee's confirmation and the DCRC phone audit (电话稽核) are due within these days of registration. */
  confirmWithinDays: PositiveInt,
  auditWithinDays: PositiveInt,
  /** The order-cancellation window after the referee's delivery: no reward is approved before it ends. */
  holdingDays: NonNegativeInt,
  voucherValidityDays: PositiveInt,
  caps: Schema.Struct({
    period: Schema.Literals(["month", "year"]),
    maxRewards: PositiveInt,
    maxValueFen: NonNegativeFen
  }),
  offers: Schema.NonEmptyArray(RewardOffer),
  yiTuoYi: Schema.Struct({ windowDays: PositiveInt }),
  cvp: Schema.Struct({ minSurveys: NonNegativeInt }),
  motive: Schema.Struct({ paceWindowDays: PositiveInt }),
  motiveTreatments: Schema.Struct({
    honour: MotiveTreatment,
    reward: MotiveTreatment,
    favour: MotiveTreatment,
    friendship: MotiveTreatment
  }),
  tables: Schema.NonEmptyArray(DecisionTable)
})
/** @see {@link ReferralSection} */
export type ReferralSection = typeof ReferralSection.Type

/**
 * The default referral section: rewards, caps, validity windows, 一拓一 and CVP.
 *
 * @example
 * ```ts
 * import { defaultReferral, defaultPolicy } from "@jipan/core"
 * defaultReferral === defaultPolicy.referral // true
 * ```
 */
export const defaultReferral: ReferralSection = {
  newCustomerWindowDays: 180,
  forbidStaffSelfReferral: true,
  forbidStaffRelativeReferral: true,
  confirmWithinDays: 7,
  auditWithinDays: 7,
  holdingDays: 30,
  voucherValidityDays: 365,
  caps: { period: "year", maxRewards: 10, maxValueFen: 300000 },
  offers: [
    {
      id: "standard",
      label: label("免费保养一次或300元精品", "One free maintenance or accessories worth 300 yuan"),
      choices: [
        {
          id: "maintenance",
          kind: "maintenanceVoucher",
          label: label("免费保养券", "Free maintenance voucher"),
          valueFen: 30000
        },
        {
          id: "accessories",
          kind: "accessories",
          label: label("300元精品附件", "Accessories worth 300 yuan"),
          valueFen: 30000
        }
      ]
    },
    { id: "none", label: label("无奖励", "No reward"), choices: [] }
  ],
  yiTuoYi: { windowDays: 30 },
  cvp: { minSurveys: 1 },
  motive: { paceWindowDays: 90 },
  motiveTreatments: {
    honour: {
      form: "stageAndAwards",
      advice: label(
        "给舞台与荣誉:车主活动上表彰,评为金牌客户",
        "Give the stage: recognise at owner events, golden-customer award"
      )
    },
    reward: {
      form: "cashOrGoods",
      advice: label(
        "按时兑现奖励(现金或实物),及时告知结果",
        "Pay promptly in cash or goods and tell them the outcome"
      )
    },
    favour: {
      form: "helpWithProblem",
      advice: label("帮忙解决其困难,维系关系", "Help with the problem they bring; keep the relationship")
    },
    friendship: {
      form: "friendshipContacts",
      advice: label("以朋友相待,保持日常联系", "Treat as a friend; keep in friendly touch")
    }
  },
  tables: [
    {
      id: "referral.referrerReward",
      version: 1,
      effectiveFrom: "2000-01-01" as CalendarDate,
      description: "推荐人奖励: the reward offer for a referral whose referee took delivery",
      hitPolicy: "first",
      inputs: [
        {
          id: "referrerKind",
          kind: "string",
          values: [
            "ownedCustomer",
            "baseCustomer",
            "defeatedCustomer",
            "otherBrandOwner",
            "keyPerson",
            "staff",
            "secondaryNetworkPartner"
          ]
        }
      ],
      outputs: [{ id: "offer", kind: "string" }],
      rows: [
        {
          id: "reward.standard",
          description: "Every referrer chooses a free maintenance or accessories worth 300 yuan",
          when: {},
          result: { offer: "standard" }
        }
      ]
    },
    {
      id: "referral.yiTuoYi",
      version: 1,
      effectiveFrom: "2000-01-01" as CalendarDate,
      description: "一拓一: per delivered customer, a bonus per audited referral or a penalty for none",
      hitPolicy: "collect",
      inputs: [{ id: "auditedReferrals", kind: "integer", min: 0 }],
      outputs: [
        { id: "amountFen", kind: "integer" },
        { id: "per", kind: "string" }
      ],
      rows: [
        {
          id: "yty.bonus",
          description: "Bonus for each audited referral within the window",
          when: { auditedReferrals: { op: "between", min: 1 } },
          result: { amountFen: 5000, per: "referral" }
        },
        {
          id: "yty.penalty",
          description: "Penalty when a delivered customer yields no audited referral within the window",
          when: { auditedReferrals: { op: "eq", value: 0 } },
          result: { amountFen: -5000, per: "delivery" }
        }
      ]
    },
    {
      id: "referral.cvp",
      version: 1,
      effectiveFrom: "2000-01-01" as CalendarDate,
      description:
        "CVP bonus: 30 yuan per unit when every survey of the month is very satisfied; a fleet (批售) customer is one unit",
      hitPolicy: "collectSum",
      inputs: [
        { id: "saleKind", kind: "string", values: ["retail", "fleet"] },
        { id: "allVerySatisfied", kind: "boolean" }
      ],
      outputs: [{ id: "bonusFen", kind: "integer" }],
      rows: [
        {
          id: "cvp.retail",
          description: "Each retail car, all surveys very satisfied",
          when: { saleKind: { op: "eq", value: "retail" }, allVerySatisfied: { op: "eq", value: true } },
          result: { bonusFen: 3000 }
        },
        {
          id: "cvp.fleet",
          description: "Each fleet customer (not each car), all surveys very satisfied",
          when: { saleKind: { op: "eq", value: "fleet" }, allVerySatisfied: { op: "eq", value: true } },
          result: { bonusFen: 3000 }
        },
        {
          id: "cvp.notAllVerySatisfied",
          description: "Some survey of the month is not very satisfied: no CVP bonus",
          when: { allVerySatisfied: { op: "eq", value: false } },
          result: { bonusFen: 0 }
        }
      ]
    },
    {
      id: "referral.motive",
      version: 1,
      effectiveFrom: "2000-01-01" as CalendarDate,
      description: "推荐动机: the referrer's motive type from recorded observations",
      hitPolicy: "first",
      inputs: [
        { id: "rewardsClaimed", kind: "integer", min: 0 },
        { id: "rewardsDeclined", kind: "integer", min: 0 },
        { id: "favoursAsked", kind: "integer", min: 0 },
        { id: "recognitionAccepted", kind: "integer", min: 0 },
        { id: "referrals", kind: "integer", min: 0 },
        { id: "recentReferrals", kind: "integer", min: 0 }
      ],
      outputs: [{ id: "motive", kind: "string" }],
      rows: [
        {
          id: "motive.favour",
          description: "Asked for help with a problem after referring",
          when: { favoursAsked: { op: "between", min: 1 } },
          result: { motive: "favour" }
        },
        {
          id: "motive.honour",
          description: "Accepts recognition and takes no reward",
          when: { recognitionAccepted: { op: "between", min: 1 }, rewardsClaimed: { op: "eq", value: 0 } },
          result: { motive: "honour" }
        },
        {
          id: "motive.reward",
          description: "Claims the rewards offered",
          when: { rewardsClaimed: { op: "between", min: 1 } },
          result: { motive: "reward" }
        },
        {
          id: "motive.friendship",
          description: "Refers now and then, asks nothing",
          when: { referrals: { op: "between", min: 1 }, recentReferrals: { op: "between", max: 1 } },
          result: { motive: "friendship" }
        },
        {
          id: "motive.unknown",
          description: "Not enough evidence for a motive type yet",
          when: {},
          result: { motive: "unknown" }
        }
      ]
    }
  ]
}
