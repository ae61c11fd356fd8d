/**
 * Owned-customer care and loyalty sections: the care plan after delivery, its greetings and holiday rule, and the loyalty table.
 *
 * @module
 */
import { Schema } from "effect"
import { BroadBaseKind } from "../kernel/CustomerKind.js"
import { Label } from "../kernel/Label.js"
import { NonNegativeFen } from "../kernel/Money.js"
import { NonEmptyText } from "../kernel/Text.js"
import { Id, label, NonNegativeInt, PositiveInt, Satisfaction } from "./internal/primitives.js"

/**
 * An offset from a date: whole months first (clamped to the month's last day), then days.
 *
 * @example
 * ```ts
 * import type { CareOffset } from "@jipan/core"
 * const oneMonth: CareOffset = { months: 1, days: 0 }
 * ```
 */
export const CareOffset = Schema.Struct({ months: NonNegativeInt, days: NonNegativeInt })
/** @see {@link CareOffset} */
export type CareOffset = typeof CareOffset.Type

/**
 * One step of the owned-customer cadence after delivery: its stable id (the rule id of the planned
 * contact), its offset from the delivery date, its purpose, and whether it asks for referrals.
 *
 * @example
 * ```ts
 * import type { CareStep } from "@jipan/core"
 * const day7: CareStep = { id: "care.day7", after: { months: 0, days: 7 }, askReferral: true,
 *   purpose: { "zh-CN": "送交车照片并请求转介绍", en: "Delivery photo and referral ask" } }
 * ```
 */
export const CareStep = Schema.Struct({
  id: Id,
  after: CareOffset,
  purpose: Label,
  askReferral: Schema.Boolean
})
/** @see {@link CareStep} */
export type CareStep = typeof CareStep.Type

/**
 * First maintenance (首保) for one brand: due after `months` or `km`, whichever comes first.
 *
 * @example
 * ```ts
 * import type { MaintenanceTrigger } from "@jipan/core"
 * const t: MaintenanceTrigger = { brand: "Toyota", months: 6, km: 5000 }
 * ```
 */
export const MaintenanceTrigger = Schema.Struct({
  brand: NonEmptyText,
  months: PositiveInt,
  km: PositiveInt
})
/** @see {@link MaintenanceTrigger} */
export type MaintenanceTrigger = typeof MaintenanceTrigger.Type

/**
 * A lunar-calendar greeting (Spring Festival 春节 = 1/1, Mid-Autumn 中秋 = 8/15), sent `leadDays`
 * before the day.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.care.festivals.map((f) => f.id) // ["care.springFestival", "care.midAutumn"]
 * ```
 */
export const LunarFestival = Schema.Struct({
  id: Id,
  label: Label,
  lunarMonth: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })),
  lunarDay: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 30 })),
  leadDays: NonNegativeInt
})
/** @see {@link LunarFestival} */
export type LunarFestival = typeof LunarFestival.Type

/**
 * What a planned call does when it falls on a statutory holiday: `skip` it, `shift` it to the next
 * working day (make-up working days count as working), or `keep` it. Greetings always keep their day.
 *
 * @example
 * ```ts
 * import type { HolidayRule } from "@jipan/core"
 * const rule: HolidayRule = "shift"
 * ```
 */
export const HolidayRule = Schema.Literals(["skip", "shift", "keep"])
/** @see {@link HolidayRule} */
export type HolidayRule = typeof HolidayRule.Type

/**
 * One step of an inspection schedule (年检): the first inspection `startMonths` after the vehicle
 * was registered (delivered), then every `everyMonths`, up to `untilMonths` (inclusive) when set.
 *
 * @example
 * ```ts
 * import type { InspectionStep } from "@jipan/core"
 * // years 6 and 10 of a private small passenger car
 * const exempt: InspectionStep = { id: "care.inspection.private.exempt", startMonths: 72, everyMonths: 48, untilMonths: 120 }
 * ```
 */
export const InspectionStep = Schema.Struct({
  id: Id,
  startMonths: PositiveInt,
  everyMonths: PositiveInt,
  untilMonths: Schema.optionalKey(PositiveInt)
})
/** @see {@link InspectionStep} */
export type InspectionStep = typeof InspectionStep.Type

/**
 * The inspection schedules by vehicle use, and the reminder's lead days: China's rule since 2022
 * for private small passenger cars (私家小型客车: checks exempted but the mark renewed at years 6
 * and 10, yearly after 10, twice a year after 15) and for operating vehicles (营运车辆: yearly for 5
 * years, twice a year after).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.care.inspection?.private.map((s) => s.id)
 * // ["care.inspection.private.exempt", "care.inspection.private.yearly", "care.inspection.private.halfYearly"]
 * ```
 */
export const InspectionSchedules = Schema.Struct({
  leadDays: NonNegativeInt,
  private: Schema.NonEmptyArray(InspectionStep),
  operating: Schema.NonEmptyArray(InspectionStep)
})
/** @see {@link InspectionSchedules} */
export type InspectionSchedules = typeof InspectionSchedules.Type

/**
 * One mining rule of broad-base cards (他牌基盘 / 本牌他销): for the kinds it names, a contact of its
 * kind every `everyMonths` from `startMonths` after the anchor — the day the card was recorded
 * (`recorded`) or the day the vehicle was bought (`purchase`, the vehicle's age) — until
 * `untilMonths` when given. A row of the mining table; its id is the contact's rule id.
 *
 * @example
 * ```ts
 * import type { MiningRule } from "@jipan/core"
 * const replace: MiningRule = { id: "mining.replacement", kinds: ["otherBrandOwner"], from: "purchase",
 *   startMonths: 54, everyMonths: 6, contact: "call", purpose: { "zh-CN": "了解置换意向", en: "Ask about replacing the car" } }
 * ```
 */
export const MiningRule = Schema.Struct({
  id: Id,
  kinds: Schema.NonEmptyArray(BroadBaseKind.schema),
  from: Schema.Literals(["recorded", "purchase"]),
  startMonths: NonNegativeInt,
  everyMonths: PositiveInt,
  untilMonths: Schema.optionalKey(PositiveInt),
  contact: Schema.Literals(["call", "reminder"]),
  purpose: Label
})
/** @see {@link MiningRule} */
export type MiningRule = typeof MiningRule.Type

/**
 * The default mining table of broad-base cards: keep in touch every three months; invite an owner
 * of our brand who bought elsewhere to our workshop every six months (their car is one we service);
 * ask an other-brand owner to see our new models once a year (攻击型拓展); and, as the car ages
 * into its replacement years (4½ years for another brand, 5 for ours), ask about replacing it
 * every six months. Insurance renewal and the statutory inspections are planned as for our own
 * owners when their dates are known.
 *
 * @example
 * ```ts
 * import { defaultMiningRules } from "@jipan/core"
 * defaultMiningRules.map((r) => r.id) // ["mining.keepInTouch", "mining.serviceInvite", …]
 * ```
 */
export const defaultMiningRules: ReadonlyArray<MiningRule> = [
  {
    id: "mining.keepInTouch",
    kinds: ["otherBrandOwner", "boughtElsewhere"],
    from: "recorded",
    startMonths: 3,
    everyMonths: 3,
    contact: "call",
    purpose: label("保持联系", "Keep in touch")
  },
  {
    id: "mining.serviceInvite",
    kinds: ["boughtElsewhere"],
    from: "recorded",
    startMonths: 1,
    everyMonths: 6,
    contact: "call",
    purpose: label("邀请回厂保养", "Invite to our workshop")
  },
  {
    id: "mining.newModels",
    kinds: ["otherBrandOwner"],
    from: "recorded",
    startMonths: 6,
    everyMonths: 12,
    contact: "call",
    purpose: label("邀请试驾新车型", "Invite to test-drive our new models")
  },
  {
    id: "mining.replacement.otherBrand",
    kinds: ["otherBrandOwner"],
    from: "purchase",
    startMonths: 54,
    everyMonths: 6,
    contact: "call",
    purpose: label("了解置换意向", "Ask about replacing the car")
  },
  {
    id: "mining.replacement.ourBrand",
    kinds: ["boughtElsewhere"],
    from: "purchase",
    startMonths: 60,
    everyMonths: 6,
    contact: "call",
    purpose: label("了解置换意向", "Ask about replacing the car")
  }
]

/**
 * Owned-customer care (保有客户关怀): the cadence after delivery, then a periodic contact; first
 * maintenance by months or km, whichever first (per brand, with a default); insurance renewal
 * (续保) lead days; annual inspection (年检); birthday and lunar festival greetings; the holiday
 * rule; how soon a missed contact is tried again; the plan horizon; the critical period.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.care.criticalPeriodMonths // 6
 * ```
 */
export const CareSection = Schema.Struct({
  cadence: Schema.NonEmptyArray(CareStep),
  periodic: Schema.Struct({ id: Id, everyMonths: PositiveInt, purpose: Label }),
  firstMaintenance: Schema.Struct({
    months: PositiveInt,
    km: PositiveInt,
    byBrand: Schema.Array(MaintenanceTrigger),
    averageDailyKm: PositiveInt,
    remindDaysBefore: NonNegativeInt
  }),
  insuranceRenewal: Schema.Struct({ leadDays: NonNegativeInt }),
  /** The legacy yearly inspection, read only by a care section without `inspection` (documents written before it). */
  annualInspection: Schema.Struct({
    firstAfterMonths: PositiveInt,
    everyMonths: PositiveInt,
    leadDays: NonNegativeInt
  }),
  inspection: Schema.optionalKey(InspectionSchedules),
  /** Maintenance after the first (定期保养): every `everyMonths` or `everyKm`, whichever comes first. */
  maintenance: Schema.optionalKey(Schema.Struct({ everyMonths: PositiveInt, everyKm: PositiveInt })),
  /**
   * At any dissatisfaction on a care call, book a service visit at once (顾客一有不满意马上预约回厂检修):
   * the call to book it is due `withinDays` after the dissatisfied contact (`care.serviceVisit`).
   */
  serviceVisit: Schema.optionalKey(Schema.Struct({ withinDays: NonNegativeInt })),
  /** The purchase anniversary greeting (购车周年), `leadDays` before the day. */
  anniversary: Schema.optionalKey(Schema.Struct({ enabled: Schema.Boolean, leadDays: NonNegativeInt })),
  birthday: Schema.Struct({ enabled: Schema.Boolean, leadDays: NonNegativeInt }),
  /** The mining table of broad-base cards (他牌基盘 / 本牌他销); {@link defaultMiningRules} when absent. */
  mining: Schema.optionalKey(Schema.Array(MiningRule)),
  festivals: Schema.Array(LunarFestival),
  holidayRule: HolidayRule,
  missedRetryAfterDays: PositiveInt,
  planHorizonMonths: PositiveInt,
  criticalPeriodMonths: PositiveInt
})
/** @see {@link CareSection} */
export type CareSection = typeof CareSection.Type

/**
 * One row of the loyalty table: the survey answers it matches (every condition given must hold)
 * and the segment it gives. Rows are read in order; the first match wins.
 *
 * @example
 * ```ts
 * import type { LoyaltyRule } from "@jipan/core"
 * const loyal: LoyaltyRule = { id: "loyalty.loyal", segment: "loyal", satisfactionAtLeast: 4,
 *   buyAgain: ["over70"], recommend: ["veryLikely", "likely"] }
 * ```
 */
export const LoyaltyRule = Schema.Struct({
  id: Id,
  segment: Id,
  satisfactionAtLeast: Schema.optionalKey(Satisfaction),
  satisfactionAtMost: Schema.optionalKey(Satisfaction),
  buyAgain: Schema.optionalKey(
    Schema.NonEmptyArray(Schema.Literals(["over70", "between30And70", "under30"]))
  ),
  recommend: Schema.optionalKey(Schema.NonEmptyArray(Schema.Literals(["veryLikely", "likely", "unlikely"]))),
  /**
   * The customer's complaints (客户投诉) as the row needs them: one still open, or all resolved and
   * the last one to the customer's satisfaction or not (a complaint well resolved keeps a customer).
   */
  complaints: Schema.optionalKey(Schema.Literals(["open", "resolvedSatisfied", "resolvedUnsatisfied"]))
})
/** @see {@link LoyaltyRule} */
export type LoyaltyRule = typeof LoyaltyRule.Type

/**
 * Satisfaction and loyalty: the loyalty segments and the table that derives them from a survey;
 * the value segment's top share (about 20% of customers bring 80% of profit: `valueTopShare` 0.8
 * of value) and what one referral that bought is worth; who counts as a base customer (基盘客户:
 * loyal and referring) and as a key person (关键人).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.loyalty.valueTopShare // 0.8
 * ```
 */
export const LoyaltySection = Schema.Struct({
  segments: Schema.NonEmptyArray(Schema.Struct({ id: Id, label: Label })),
  rules: Schema.NonEmptyArray(LoyaltyRule),
  valueTopShare: Schema.Number.check(Schema.isBetween({ minimum: 0.01, maximum: 0.99 })),
  valuePerReferralFen: NonNegativeFen,
  baseCustomer: Schema.Struct({ loyalSegments: Schema.NonEmptyArray(Id), minReferrals: PositiveInt }),
  keyPerson: Schema.Struct({ minReferrals: PositiveInt })
})
/** @see {@link LoyaltySection} */
export type LoyaltySection = typeof LoyaltySection.Type

/**
 * The default owned-customer care plan: day 1, 3, 7, months 1, 3, 6, then every 3 months; maintenance, insurance, inspection, birthday and festivals.
 *
 * @example
 * ```ts
 * import { defaultCare, defaultPolicy } from "@jipan/core"
 * defaultCare === defaultPolicy.care // true
 * ```
 */
export const defaultCare: CareSection = {
  cadence: [
    {
      id: "care.thankYou",
      after: { months: 0, days: 1 },
      purpose: label("交车次日感谢电话", "Thank-you call the day after delivery"),
      askReferral: false
    },
    {
      id: "care.day3",
      after: { months: 0, days: 3 },
      purpose: label("交车3天回访", "Call 3 days after delivery"),
      askReferral: false
    },
    {
      id: "care.day7",
      after: { months: 0, days: 7 },
      purpose: label("送交车照片并请求转介绍", "Delivery photo and referral ask"),
      askReferral: true
    },
    {
      id: "care.month1",
      after: { months: 1, days: 0 },
      purpose: label("交车1个月回访", "One-month call"),
      askReferral: true
    },
    {
      id: "care.month3",
      after: { months: 3, days: 0 },
      purpose: label("交车3个月回访", "Three-month call"),
      askReferral: true
    },
    {
      id: "care.month6",
      after: { months: 6, days: 0 },
      purpose: label("交车6个月回访", "Six-month call"),
      askReferral: false
    }
  ],
  periodic: { id: "care.periodic", everyMonths: 3, purpose: label("定期回访", "Periodic call") },
  firstMaintenance: { months: 3, km: 5000, byBrand: [], averageDailyKm: 40, remindDaysBefore: 7 },
  insuranceRenewal: { leadDays: 60 },
  annualInspection: { firstAfterMonths: 12, everyMonths: 12, leadDays: 30 },
  inspection: {
    leadDays: 30,
    private: [
      { id: "care.inspection.private.exempt", startMonths: 72, everyMonths: 48, untilMonths: 120 },
      { id: "care.inspection.private.yearly", startMonths: 132, everyMonths: 12, untilMonths: 180 },
      { id: "care.inspection.private.halfYearly", startMonths: 186, everyMonths: 6 }
    ],
    operating: [
      { id: "care.inspection.operating.yearly", startMonths: 12, everyMonths: 12, untilMonths: 60 },
      { id: "care.inspection.operating.halfYearly", startMonths: 66, everyMonths: 6 }
    ]
  },
  maintenance: { everyMonths: 6, everyKm: 5000 },
  anniversary: { enabled: true, leadDays: 0 },
  serviceVisit: { withinDays: 0 },
  birthday: { enabled: true, leadDays: 0 },
  festivals: [
    {
      id: "care.springFestival",
      label: label("春节问候", "Spring Festival greeting"),
      lunarMonth: 1,
      lunarDay: 1,
      leadDays: 0
    },
    {
      id: "care.midAutumn",
      label: label("中秋问候", "Mid-Autumn greeting"),
      lunarMonth: 8,
      lunarDay: 15,
      leadDays: 0
    }
  ],
  holidayRule: "shift",
  missedRetryAfterDays: 2,
  planHorizonMonths: 12,
  criticalPeriodMonths: 6
}

/**
 * The default loyalty table: loyal = satisfied, over 70% to buy again and would recommend.
 *
 * @example
 * ```ts
 * import { defaultLoyalty, defaultPolicy } from "@jipan/core"
 * defaultLoyalty === defaultPolicy.loyalty // true
 * ```
 */
export const defaultLoyalty: LoyaltySection = {
  segments: [
    { id: "loyal", label: label("忠诚客户", "Loyal") },
    { id: "satisfied", label: label("满意但未忠诚", "Satisfied, not yet loyal") },
    { id: "neutral", label: label("一般", "Neutral") },
    { id: "atRisk", label: label("流失风险", "At risk") }
  ],
  rules: [
    { id: "loyalty.atRisk.complaintOpen", segment: "atRisk", complaints: "open" },
    { id: "loyalty.atRisk.complaintUnresolved", segment: "atRisk", complaints: "resolvedUnsatisfied" },
    { id: "loyalty.atRisk.dissatisfied", segment: "atRisk", satisfactionAtMost: 2 },
    { id: "loyalty.atRisk.wontReturn", segment: "atRisk", buyAgain: ["under30"], recommend: ["unlikely"] },
    {
      id: "loyalty.loyal",
      segment: "loyal",
      satisfactionAtLeast: 4,
      buyAgain: ["over70"],
      recommend: ["veryLikely", "likely"]
    },
    { id: "loyalty.satisfied", segment: "satisfied", satisfactionAtLeast: 4 },
    { id: "loyalty.neutral", segment: "neutral" }
  ],
  valueTopShare: 0.8,
  valuePerReferralFen: 200000,
  baseCustomer: { loyalSegments: ["loyal"], minReferrals: 1 },
  keyPerson: { minReferrals: 3 }
}
