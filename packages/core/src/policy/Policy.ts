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
import { decoderFor } from "../kernel/Errors.js"
import { DealerGroupId, PolicyId, StoreId } from "../kernel/Ids.js"
import { Text } from "../kernel/Text.js"
import { CareSection, defaultCare, defaultLoyalty, LoyaltySection } from "./CarePolicy.js"
import {
  defaultFirstContact,
  defaultFollowUp,
  defaultGrading,
  FirstContactSection,
  FollowUpSection,
  GradingSection
} from "./GradingPolicy.js"
import { defaultHolidays, HolidaysSection } from "./HolidayPolicy.js"
import { PositiveInt } from "./internal/primitives.js"
import { defaultLifecycle, LifecycleSection } from "./LifecyclePolicy.js"
import { defaultNotifications, NotificationsSection } from "./NotificationPolicy.js"
import { defaultPrivacy, PrivacySection } from "./PrivacyPolicy.js"
import { defaultReferral, ReferralSection } from "./ReferralPolicy.js"
import { defaultReports, ReportsSection } from "./ReportPolicy.js"

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
  "reports",
  "holidays",
  "privacy"
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
  reports: Schema.optionalKey(ReportsSection),
  holidays: Schema.optionalKey(HolidaysSection),
  privacy: Schema.optionalKey(PrivacySection)
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
 * import { defaultPolicy, gradeProspect, CalendarDate } from "@jipan/core"
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
  holidays: HolidaysSection,
  privacy: PrivacySection,
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
    reports: SectionSource,
    holidays: SectionSource,
    privacy: SectionSource
  })
})
/** @see {@link Policy} */
export type Policy = typeof Policy.Type

type Sections = Pick<Policy, SectionName>

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
  grading: defaultGrading,
  firstContact: defaultFirstContact,
  followUp: defaultFollowUp,
  lifecycle: defaultLifecycle,
  care: defaultCare,
  loyalty: defaultLoyalty,
  referral: defaultReferral,
  notifications: defaultNotifications,
  reports: defaultReports,
  holidays: defaultHolidays,
  privacy: defaultPrivacy
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
export const decodePolicyDocument = /* @__PURE__ */ decoderFor(PolicyDocument, "PolicyDocument")

/**
 * Decodes an untrusted resolved policy (e.g. one read back from storage).
 *
 * @example
 * ```ts
 * import { decodePolicy, encodePolicy, defaultPolicy } from "@jipan/core"
 * decodePolicy(encodePolicy(defaultPolicy)) // Success(defaultPolicy)
 * ```
 */
export const decodePolicy = /* @__PURE__ */ decoderFor(Policy, "Policy")

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
 * import { applyDocument, defaultPolicy, PolicyDocument } from "@jipan/core"
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
    reports: DEFAULT_SOURCE,
    holidays: DEFAULT_SOURCE,
    privacy: DEFAULT_SOURCE
  }
}

/**
 * No policy document of the dealer group is in force on the date asked.
 *
 * @example
 * ```ts
 * import { resolvePolicy, PolicyScope, CalendarDate } from "@jipan/core"
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
 * the store's latest override in force over that. With `base`, a day on which no group document
 * is in force (none yet, or all later, or only other stores' overrides) reads `base` (the use cases
 * pass {@link defaultPolicy}: a dealer runs on the defaults until its first document) instead of
 * failing with `NoPolicyInForce`.
 *
 * @example
 * ```ts
 * import { resolvePolicy, PolicyDocument, PolicyScope, CalendarDate } from "@jipan/core"
 * declare const documents: ReadonlyArray<PolicyDocument> // every stored version
 * const r = resolvePolicy(documents, { dealerGroupId: "grp", storeId: "store-01" } as PolicyScope, "2026-11-22" as CalendarDate)
 * if (r._tag === "Success") r.success.provenance // which version each section came from
 * ```
 */
export const resolvePolicy = (
  documents: ReadonlyArray<PolicyDocument>,
  scope: PolicyScope,
  date: CalendarDate,
  base?: Policy
): Result.Result<Policy, NoPolicyInForce> => {
  const group = latestInForce(
    documents,
    (d) => d.scope.dealerGroupId === scope.dealerGroupId && d.scope.storeId === undefined,
    date
  )
  if (group === undefined && base === undefined) {
    return Result.fail(
      new NoPolicyInForce({
        scope,
        date,
        message: `No policy of dealer group ${scope.dealerGroupId} is in force on ${date}`
      })
    )
  }
  const groupPolicy = group === undefined ? (base as Policy) : applyDocument(defaultPolicy, group)
  if (scope.storeId === undefined) return Result.succeed(groupPolicy)
  const store = latestInForce(
    documents,
    (d) => d.scope.dealerGroupId === scope.dealerGroupId && d.scope.storeId === scope.storeId,
    date
  )
  return Result.succeed(store === undefined ? groupPolicy : applyDocument(groupPolicy, store))
}
