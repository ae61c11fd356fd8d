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
import { CalendarDate } from "./CalendarDate.js"
import { decoderFor } from "./Errors.js"
import { DealerGroupId, PolicyId, StoreId } from "./Ids.js"
import { Label } from "./Label.js"

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
export const GradeId = Schema.String.check(Schema.isPattern(/^[A-Z][A-Z0-9]{0,3}$/)).pipe(
  Schema.brand("GradeId")
)
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
  requiredEvidence: Schema.Array(Schema.NonEmptyArray(Schema.String))
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
  id: Schema.NonEmptyString,
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
export const sectionNames = ["timeZone", "grading", "firstContact", "followUp"] as const
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
  description: Schema.optionalKey(Schema.String),
  timeZone: Schema.optionalKey(Schema.NonEmptyString),
  grading: Schema.optionalKey(GradingSection),
  firstContact: Schema.optionalKey(FirstContactSection),
  followUp: Schema.optionalKey(FollowUpSection)
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
  provenance: Schema.Struct({
    timeZone: SectionSource,
    grading: SectionSource,
    firstContact: SectionSource,
    followUp: SectionSource
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
 * an overdue contact is flagged after 1 day and downgraded after 7.
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
  }
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
    followUp: DEFAULT_SOURCE
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
