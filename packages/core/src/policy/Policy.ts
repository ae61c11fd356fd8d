/**
 * Policies: every number of the domain, as versioned, effective-dated, validated data.
 *
 * A dealer group keeps one policy document in versions; a store may override whole sections of
 * its group's. Sections a document leaves out come from the group's version (for a store) or from
 * the defaults of the dealer training material (`domain.md`).
 *
 * @module
 */
import { Result, Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { DecisionTable } from "../kernel/DecisionTable.js"
import { decoderFor } from "../kernel/Errors.js"
import { DealerGroupId, PolicyId, StoreId } from "../kernel/Ids.js"
import { Label } from "../kernel/Label.js"
import { NonNegativeFen, PositiveFen } from "../kernel/Money.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import { defaultNotifications, NotificationsSection } from "./NotificationPolicy.js"
import { defaultReports, ReportsSection } from "./ReportPolicy.js"

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/**
 * A grade letter (有望级别) such as `H` or `A`. Which letters exist is policy.
 *
 * @example
 * ```ts
 * import { GradeId } from "@jipan/core"
 * const h = GradeId.make("H")
 * ```
 */
export const GradeId = Schema.String.check(
  // a capital letter, then up to three capitals or digits; read in place, as every row has grades
  Schema.makeFilter((s: string) => isGradeId(s), {
    expected: "a grade id: a capital letter, then up to three capitals or digits"
  })
).pipe(Schema.brand("GradeId"))
const isGradeId = (s: string): boolean => {
  if (s.length < 1 || s.length > 4) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (!((c >= 65 && c <= 90) || (i > 0 && c >= 48 && c <= 57))) return false
  }
  return true
}
/** @see {@link GradeId} */
export type GradeId = typeof GradeId.Type

/**
 * One prospect grade of the scale: how soon the customer buys (`horizonDays`, inclusive), how often
 * the consultant must make contact, and the evidence required to hold it. `requiredEvidence` is a
 * list of groups: every group must hold, and a group holds when any of its keys does
 * (`[["modelChosen"], ["testDriveDone", "testDriveBooked"]]` = model chosen and a test drive done
 * or booked).
 *
 * @example
 * ```ts
 * import type { GradeDefinition } from "@jipan/core"
 * const a = {
 *   id: "A", label: { "zh-CN": "A级", en: "A" }, horizonDays: { min: 8, max: 15 },
 *   contactIntervalDays: 4, requiredEvidence: [["modelChosen"], ["testDriveDone", "testDriveBooked"]]
 * } as GradeDefinition
 * ```
 */
export const GradeDefinition = Schema.Struct({
  id: GradeId,
  label: Label,
  horizonDays: Schema.Struct({ min: NonNegativeInt, max: NonNegativeInt }),
  contactIntervalDays: PositiveInt,
  requiredEvidence: Schema.Array(Schema.NonEmptyArray(Text))
})
/** @see {@link GradeDefinition} */
export type GradeDefinition = typeof GradeDefinition.Type

/**
 * The grading section: the scale from hottest to coldest, the ordered grade (O: contract signed,
 * contacted until delivery), the ungraded grade (N: new, to be graded within a day), the visit
 * count that makes a "repeat visit", and the hottest grade allowed while no purchase timeframe
 * is known.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.grading.grades.map((g) => g.id) // ["H", "A", "B", "C"]
 * ```
 */
export const GradingSection = Schema.Struct({
  grades: Schema.NonEmptyArray(GradeDefinition),
  ordered: Schema.Struct({ id: GradeId, label: Label, contactIntervalDays: PositiveInt }),
  ungraded: Schema.Struct({ id: GradeId, label: Label, gradeWithinDays: PositiveInt }),
  repeatVisitThreshold: PositiveInt,
  withoutTimeframe: Schema.Struct({ hottestGrade: GradeId })
})
/** @see {@link GradingSection} */
export type GradingSection = typeof GradingSection.Type

/**
 * First-contact windows after a showroom visit: a thank-you message within hours, a first call
 * within days (which also re-judges the grade).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.firstContact.firstCallWithinDays // 3
 * ```
 */
export const FirstContactSection = Schema.Struct({
  thankYouMessageWithinHours: PositiveInt,
  firstCallWithinDays: PositiveInt
})
/** @see {@link FirstContactSection} */
export type FirstContactSection = typeof FirstContactSection.Type

/**
 * One step of the lapse rule: once a prospect's contact is overdue by at least `overdueDaysAtLeast`
 * days, `flag` it for the supervisor or `downgrade` it one grade (降级).
 *
 * @example
 * ```ts
 * import type { LapseStep } from "@jipan/core"
 * const step: LapseStep = { id: "lapse.downgrade", overdueDaysAtLeast: 7, action: "downgrade" }
 * ```
 */
export const LapseStep = Schema.Struct({
  id: NonEmptyText,
  overdueDaysAtLeast: PositiveInt,
  action: Schema.Literals(["flag", "downgrade"])
})
/** @see {@link LapseStep} */
export type LapseStep = typeof LapseStep.Type

/**
 * The follow-up section: the lapse rule's steps, in increasing overdue days.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.followUp.lapse.map((s) => s.action) // ["flag", "downgrade"]
 * ```
 */
export const FollowUpSection = Schema.Struct({
  lapse: Schema.Array(LapseStep)
})
/** @see {@link FollowUpSection} */
export type FollowUpSection = typeof FollowUpSection.Type

const Id = Schema.String.check(Schema.isPattern(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/))

/**
 * One defeat reason (战败原因) of the catalogue. `competitorBought` says the consultant must name
 * the brand and model the customer bought instead (战败车型).
 *
 * @example
 * ```ts
 * import type { DefeatReason } from "@jipan/core"
 * const r: DefeatReason = { id: "competitor", label: { "zh-CN": "已购竞品", en: "Bought a competitor" }, competitorBought: true }
 * ```
 */
export const DefeatReason = Schema.Struct({ id: Id, label: Label, competitorBought: Schema.Boolean })
/** @see {@link DefeatReason} */
export type DefeatReason = typeof DefeatReason.Type

/**
 * A type of defeat reason (战败原因类型), the first level of the two-level catalogue.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.lifecycle.defeatReasonTypes[0].reasons[0].id // "competitor"
 * ```
 */
export const DefeatReasonType = Schema.Struct({
  id: Id,
  label: Label,
  reasons: Schema.NonEmptyArray(DefeatReason)
})
/** @see {@link DefeatReasonType} */
export type DefeatReasonType = typeof DefeatReasonType.Type

/**
 * Why a card is invalid (无效卡): wrong number, no intent, a duplicate… `mergeIntoSurvivor` says
 * the card must name the surviving card it merges into.
 *
 * @example
 * ```ts
 * import type { InvalidReason } from "@jipan/core"
 * const dup: InvalidReason = { id: "duplicate", label: { "zh-CN": "重复建卡", en: "Duplicate card" }, mergeIntoSurvivor: true }
 * ```
 */
export const InvalidReason = Schema.Struct({ id: Id, label: Label, mergeIntoSurvivor: Schema.Boolean })
/** @see {@link InvalidReason} */
export type InvalidReason = typeof InvalidReason.Type

/**
 * The card lifecycle section: the two-level defeat reason catalogue and the invalid-card reasons.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.lifecycle.invalidReasons.map((r) => r.id) // ["wrongNumber", "noIntent", "duplicate"]
 * ```
 */
export const LifecycleSection = Schema.Struct({
  defeatReasonTypes: Schema.NonEmptyArray(DefeatReasonType),
  invalidReasons: Schema.NonEmptyArray(InvalidReason)
})
/** @see {@link LifecycleSection} */
export type LifecycleSection = typeof LifecycleSection.Type

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
  annualInspection: Schema.Struct({
    firstAfterMonths: PositiveInt,
    everyMonths: PositiveInt,
    leadDays: NonNegativeInt
  }),
  birthday: Schema.Struct({ enabled: Schema.Boolean, leadDays: NonNegativeInt }),
  festivals: Schema.Array(LunarFestival),
  holidayRule: HolidayRule,
  missedRetryAfterDays: PositiveInt,
  planHorizonMonths: PositiveInt,
  criticalPeriodMonths: PositiveInt
})
/** @see {@link CareSection} */
export type CareSection = typeof CareSection.Type

const Satisfaction = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))

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
  recommend: Schema.optionalKey(Schema.NonEmptyArray(Schema.Literals(["veryLikely", "likely", "unlikely"])))
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
 * Who a policy document applies to: a whole dealer group, or one store of it (an override).
 *
 * @example
 * ```ts
 * import type { PolicyScope } from "@jipan/core"
 * const store = { dealerGroupId: "grp-east", storeId: "store-01" } as PolicyScope
 * ```
 */
export const PolicyScope = Schema.Struct({
  dealerGroupId: DealerGroupId,
  storeId: Schema.optionalKey(StoreId)
})
/** @see {@link PolicyScope} */
export type PolicyScope = typeof PolicyScope.Type

/** The names of the policy's sections; later features add theirs here. */
export const sectionNames = [
  "timeZone",
  "grading",
  "firstContact",
  "followUp",
  "lifecycle",
  "care",
  "loyalty",
  "referral",
  "notifications",
  "reports"
] as const
/** @see {@link sectionNames} */
export type SectionName = (typeof sectionNames)[number]

/**
 * One version of a policy document as a dealer writes it: identity, version, the date from which
 * it is in force (in the store's calendar), its scope, and any sections it sets.
 *
 * @example
 * ```ts
 * import { decodePolicyDocument } from "@jipan/core"
 * decodePolicyDocument({
 *   policyId: "grp-east", version: 2, effectiveFrom: "2026-12-01",
 *   scope: { dealerGroupId: "grp-east" }, firstContact: { thankYouMessageWithinHours: 2, firstCallWithinDays: 1 }
 * })
 * ```
 */
export const PolicyDocument = Schema.Struct({
  policyId: PolicyId,
  version: PositiveInt,
  effectiveFrom: CalendarDate,
  scope: PolicyScope,
  description: Schema.optionalKey(Text),
  timeZone: Schema.optionalKey(Schema.NonEmptyString),
  grading: Schema.optionalKey(GradingSection),
  firstContact: Schema.optionalKey(FirstContactSection),
  followUp: Schema.optionalKey(FollowUpSection),
  lifecycle: Schema.optionalKey(LifecycleSection),
  care: Schema.optionalKey(CareSection),
  loyalty: Schema.optionalKey(LoyaltySection),
  referral: Schema.optionalKey(ReferralSection),
  notifications: Schema.optionalKey(NotificationsSection),
  reports: Schema.optionalKey(ReportsSection)
})
/** @see {@link PolicyDocument} */
export type PolicyDocument = typeof PolicyDocument.Type

/**
 * Where a resolved section came from: the built-in defaults, or a document's version.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.provenance.grading // { policyId: "jipan-default", version: 1 }
 * ```
 */
export const SectionSource = Schema.Struct({ policyId: PolicyId, version: PositiveInt })
/** @see {@link SectionSource} */
export type SectionSource = typeof SectionSource.Type

/**
 * A policy in force: every section present, with the document version each came from. This is
 * what every rule reads.
 *
 * @example
 * ```ts
 * import { defaultPolicy, gradeProspect } from "@jipan/core"
 * gradeProspect({ purchaseTimeframeDays: 20 }, defaultPolicy, CalendarDate.make("2026-11-22"))
 * ```
 */
export const Policy = Schema.Struct({
  policyId: PolicyId,
  version: PositiveInt,
  effectiveFrom: CalendarDate,
  scope: PolicyScope,
  timeZone: Schema.NonEmptyString,
  grading: GradingSection,
  firstContact: FirstContactSection,
  followUp: FollowUpSection,
  lifecycle: LifecycleSection,
  care: CareSection,
  loyalty: LoyaltySection,
  referral: ReferralSection,
  notifications: NotificationsSection,
  reports: ReportsSection,
  provenance: Schema.Struct({
    timeZone: SectionSource,
    grading: SectionSource,
    firstContact: SectionSource,
    followUp: SectionSource,
    lifecycle: SectionSource,
    care: SectionSource,
    loyalty: SectionSource,
    referral: SectionSource,
    notifications: SectionSource,
    reports: SectionSource
  })
})
/** @see {@link Policy} */
export type Policy = typeof Policy.Type

type Sections = Pick<Policy, SectionName>

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })
const g = (id: string) => id as GradeId

/**
 * The default sections, from the dealer training material (`domain.md`) and common dealer
 * practice (`anchors-dealer-crm.md`): H buys within 7 days and is contacted every 2 days, A within
 * 15 (every 4), B within 30 (every 7), C within 90 (every 14); O is contacted every 2 days until
 * delivery; N is graded within 1 day; thank-you message within 2 hours, first call within 3 days;
 * an overdue contact is flagged after 1 day and downgraded after 7. Defeat reasons in two levels
 * (bought elsewhere, price, finance, postponed, lost contact, other); invalid cards for a wrong
 * number, no intent or a duplicate (merged). Owned-customer care: day 1, 3, 7 (photo + referral
 * ask), 1, 3 and 6 months, then every 3 months; first maintenance at 3 months or 5,000 km
 * (40 km a day assumed); insurance renewal from 60 days before expiry; yearly inspection; birthday;
 * Spring Festival and Mid-Autumn; calls on statutory holidays shift to the next working day; the
 * first 6 months are critical. Loyalty: loyal = satisfied, over 70% to buy again, would recommend;
 * the top 80% of value; 2,000 yuan of value per referral that bought (an assumption). Referrals: a
 * referrer chooses a free maintenance or 300 yuan of accessories when the referee takes delivery;
 * vouchers valid 365 days; at most 10 rewards or 3,000 yuan a year per referrer; the referee is new
 * unless active here within 180 days; staff may not refer themselves or relatives; 7 days for the
 * referee's confirmation and the phone audit; a 30-day holding window; 一拓一 judged 30 days after
 * delivery, 50 yuan a bonus per audited referral and 50 yuan a penalty per miss (assumptions); CVP
 * 30 yuan a car (a fleet customer once) when every survey of the month is very satisfied.
 *
 * @example
 * ```ts
 * import { defaultSections } from "@jipan/core"
 * defaultSections.grading.grades[0].contactIntervalDays // 2
 * ```
 */
export const defaultSections: Sections = {
  timeZone: "Asia/Shanghai",
  grading: {
    grades: [
      {
        id: g("H"),
        label: label("H级(7天内购买)", "H (buys within 7 days)"),
        horizonDays: { min: 0, max: 7 },
        contactIntervalDays: 2,
        requiredEvidence: [
          ["modelChosen"],
          ["colourChosen"],
          ["testDriveDone"],
          ["budgetSettled"],
          ["decisionMakerPresent"]
        ]
      },
      {
        id: g("A"),
        label: label("A级(15天内购买)", "A (buys within 15 days)"),
        horizonDays: { min: 8, max: 15 },
        contactIntervalDays: 4,
        requiredEvidence: [["modelChosen"], ["testDriveDone", "testDriveBooked"]]
      },
      {
        id: g("B"),
        label: label("B级(30天内购买)", "B (buys within 30 days)"),
        horizonDays: { min: 16, max: 30 },
        contactIntervalDays: 7,
        requiredEvidence: [["modelInterest"]]
      },
      {
        id: g("C"),
        label: label("C级(30天以上)", "C (buys in more than 30 days)"),
        horizonDays: { min: 31, max: 90 },
        contactIntervalDays: 14,
        requiredEvidence: []
      }
    ],
    ordered: { id: g("O"), label: label("O级(已订车)", "O (ordered)"), contactIntervalDays: 2 },
    ungraded: { id: g("N"), label: label("N级(新客户,待定级)", "N (new, not graded)"), gradeWithinDays: 1 },
    repeatVisitThreshold: 2,
    withoutTimeframe: { hottestGrade: g("B") }
  },
  firstContact: { thankYouMessageWithinHours: 2, firstCallWithinDays: 3 },
  followUp: {
    lapse: [
      { id: "lapse.flag", overdueDaysAtLeast: 1, action: "flag" },
      { id: "lapse.downgrade", overdueDaysAtLeast: 7, action: "downgrade" }
    ]
  },
  lifecycle: {
    defeatReasonTypes: [
      {
        id: "boughtElsewhere",
        label: label("已购车", "Bought elsewhere"),
        reasons: [
          { id: "competitor", label: label("已购竞品", "Bought a competitor"), competitorBought: true },
          {
            id: "ourBrandElsewhere",
            label: label("已购本品(他店)", "Bought our brand at another dealer"),
            competitorBought: false
          }
        ]
      },
      {
        id: "price",
        label: label("价格", "Price"),
        reasons: [
          { id: "priceTooHigh", label: label("价格太高", "Price too high"), competitorBought: false },
          {
            id: "betterOffer",
            label: label("他店优惠更大", "Better offer elsewhere"),
            competitorBought: false
          }
        ]
      },
      {
        id: "finance",
        label: label("资金", "Finance"),
        reasons: [
          { id: "financeRefused", label: label("贷款未通过", "Finance refused"), competitorBought: false },
          { id: "budgetCut", label: label("预算不足", "Budget cut"), competitorBought: false }
        ]
      },
      {
        id: "postponed",
        label: label("暂缓购车", "Purchase postponed"),
        reasons: [
          { id: "postponed", label: label("推迟购车", "Postponed"), competitorBought: false },
          { id: "noLongerNeeded", label: label("不再需要", "No longer needed"), competitorBought: false }
        ]
      },
      {
        id: "lostContact",
        label: label("失去联系", "Lost contact"),
        reasons: [
          { id: "lostContact", label: label("失去联系", "Lost contact"), competitorBought: false },
          { id: "unanswered", label: label("多次无人接听", "Repeatedly unanswered"), competitorBought: false }
        ]
      },
      {
        id: "other",
        label: label("其他", "Other"),
        reasons: [{ id: "other", label: label("其他", "Other"), competitorBought: false }]
      }
    ],
    invalidReasons: [
      { id: "wrongNumber", label: label("空错号", "Wrong number"), mergeIntoSurvivor: false },
      { id: "noIntent", label: label("无购车意向", "No purchase intent"), mergeIntoSurvivor: false },
      { id: "duplicate", label: label("重复建卡", "Duplicate card"), mergeIntoSurvivor: true }
    ]
  },
  care: {
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
  },
  loyalty: {
    segments: [
      { id: "loyal", label: label("忠诚客户", "Loyal") },
      { id: "satisfied", label: label("满意但未忠诚", "Satisfied, not yet loyal") },
      { id: "neutral", label: label("一般", "Neutral") },
      { id: "atRisk", label: label("流失风险", "At risk") }
    ],
    rules: [
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
  },
  referral: {
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
  },
  notifications: defaultNotifications,
  reports: defaultReports
}

const DEFAULT_SOURCE: SectionSource = { policyId: "jipan-default" as PolicyId, version: 1 }

/**
 * Decodes an untrusted policy document, listing every problem with its path (never throwing).
 * Use {@link checkPolicy} afterwards for the consistency checks a Schema cannot express.
 *
 * @example
 * ```ts
 * import { decodePolicyDocument } from "@jipan/core"
 * const r = decodePolicyDocument({ policyId: "x", version: 0 })
 * if (r._tag === "Failure") r.failure.issues // version, effectiveFrom and scope, each with its path
 * ```
 */
export const decodePolicyDocument = decoderFor(PolicyDocument, "PolicyDocument")

/**
 * Decodes an untrusted resolved policy (e.g. one read back from storage).
 *
 * @example
 * ```ts
 * import { decodePolicy, encodePolicy, defaultPolicy } from "@jipan/core"
 * decodePolicy(encodePolicy(defaultPolicy)) // Success(defaultPolicy)
 * ```
 */
export const decodePolicy = decoderFor(Policy, "Policy")

/**
 * Encodes a resolved policy to plain JSON-safe data.
 *
 * @example
 * ```ts
 * import { encodePolicy, defaultPolicy } from "@jipan/core"
 * JSON.stringify(encodePolicy(defaultPolicy))
 * ```
 */
export const encodePolicy = Schema.encodeSync(Policy)

/**
 * Lays one document over a base policy, section by section: a section the document sets replaces
 * the base's whole section (a grade scale is only consistent as a whole).
 *
 * @example
 * ```ts
 * import { applyDocument, defaultPolicy } from "@jipan/core"
 * const policy = applyDocument(defaultPolicy, { policyId: "grp", version: 3, effectiveFrom: "2026-01-01",
 *   scope: { dealerGroupId: "grp" }, firstContact: { thankYouMessageWithinHours: 1, firstCallWithinDays: 1 } } as PolicyDocument)
 * policy.provenance.firstContact // { policyId: "grp", version: 3 }
 * ```
 */
export const applyDocument = (base: Policy, document: PolicyDocument): Policy => {
  const source: SectionSource = { policyId: document.policyId, version: document.version }
  const provenance = { ...base.provenance }
  const sections: Partial<Record<SectionName, unknown>> = {}
  for (const name of sectionNames) {
    const section = document[name]
    if (section !== undefined) {
      sections[name] = section
      provenance[name] = source
    }
  }
  return {
    ...base,
    ...(sections as Partial<Sections>),
    policyId: document.policyId,
    version: document.version,
    effectiveFrom: document.effectiveFrom,
    scope: document.scope,
    provenance
  }
}

/**
 * The policy every rule can use out of the box: the {@link defaultSections}, version 1 of
 * `jipan-default`, for any dealer group.
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.timeZone // "Asia/Shanghai"
 * ```
 */
export const defaultPolicy: Policy = {
  ...defaultSections,
  policyId: DEFAULT_SOURCE.policyId,
  version: DEFAULT_SOURCE.version,
  effectiveFrom: "2000-01-01" as CalendarDate,
  scope: { dealerGroupId: "default" as DealerGroupId },
  provenance: {
    timeZone: DEFAULT_SOURCE,
    grading: DEFAULT_SOURCE,
    firstContact: DEFAULT_SOURCE,
    followUp: DEFAULT_SOURCE,
    lifecycle: DEFAULT_SOURCE,
    care: DEFAULT_SOURCE,
    loyalty: DEFAULT_SOURCE,
    referral: DEFAULT_SOURCE,
    notifications: DEFAULT_SOURCE,
    reports: DEFAULT_SOURCE
  }
}

/**
 * No policy document of the dealer group is in force on the date asked.
 *
 * @example
 * ```ts
 * import { resolvePolicy } from "@jipan/core"
 * const r = resolvePolicy([], { dealerGroupId: "grp" } as PolicyScope, "2026-11-22" as CalendarDate)
 * r._tag === "Failure" && r.failure._tag // "NoPolicyInForce"
 * ```
 */
export class NoPolicyInForce extends Schema.TaggedError<NoPolicyInForce>()("NoPolicyInForce", {
  scope: PolicyScope,
  date: CalendarDate,
  message: Schema.String
}) {}

const latestInForce = (
  documents: ReadonlyArray<PolicyDocument>,
  matches: (d: PolicyDocument) => boolean,
  date: CalendarDate
): PolicyDocument | undefined => {
  let best: PolicyDocument | undefined
  for (const d of documents) {
    if (!matches(d) || d.effectiveFrom > date) continue
    if (
      best === undefined ||
      d.effectiveFrom > best.effectiveFrom ||
      (d.effectiveFrom === best.effectiveFrom && d.version > best.version)
    ) {
      best = d
    }
  }
  return best
}

/**
 * The policy in force for a group or store on a date: the group's latest document in force (the
 * latest `effectiveFrom` not after the date; the higher version on a tie) over the defaults, then
 * the store's latest override in force over that.
 *
 * @example
 * ```ts
 * import { resolvePolicy } from "@jipan/core"
 * const r = resolvePolicy(documents, { dealerGroupId: "grp", storeId: "store-01" } as PolicyScope, "2026-11-22" as CalendarDate)
 * if (r._tag === "Success") r.success.provenance // which version each section came from
 * ```
 */
export const resolvePolicy = (
  documents: ReadonlyArray<PolicyDocument>,
  scope: PolicyScope,
  date: CalendarDate
): Result.Result<Policy, NoPolicyInForce> => {
  const group = latestInForce(
    documents,
    (d) => d.scope.dealerGroupId === scope.dealerGroupId && d.scope.storeId === undefined,
    date
  )
  if (group === undefined) {
    return Result.fail(
      new NoPolicyInForce({
        scope,
        date,
        message: `No policy of dealer group ${scope.dealerGroupId} is in force on ${date}`
      })
    )
  }
  const groupPolicy = applyDocument(defaultPolicy, group)
  if (scope.storeId === undefined) return Result.succeed(groupPolicy)
  const store = latestInForce(
    documents,
    (d) => d.scope.dealerGroupId === scope.dealerGroupId && d.scope.storeId === scope.storeId,
    date
  )
  return Result.succeed(store === undefined ? groupPolicy : applyDocument(groupPolicy, store))
}
