/**
 * Grading, first contact and follow-up: the grades (有望级别 letters) a dealer uses, their horizons, contact intervals and evidence, and what happens when a contact lapses.
 *
 * @module
 */
import { Schema } from "effect"
import { EvidenceKey } from "../kernel/Evidence.js"
import { Label } from "../kernel/Label.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import { g, Id, label, NonNegativeInt, PositiveInt } from "./internal/primitives.js"

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
 * import { type GradeDefinition, GradeId } from "@jipan/core"
 * const a: GradeDefinition = {
 *   id: GradeId.make("A"), label: { "zh-CN": "A级", en: "A" }, horizonDays: { min: 8, max: 15 },
 *   contactIntervalDays: 4, requiredEvidence: [["modelChosen"], ["testDriveDone", "testDriveBooked"]]
 * }
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
/**
 * Evidence that implies other evidence (推定): what a consultant saw says more than the box ticked
 * (a finished test drive means a model of interest; a chosen colour, a chosen model; a signed order
 * everything before it). Applied to a card's evidence before grading, transitively; it only adds,
 * so it never lowers a grade.
 *
 * @example
 * ```ts
 * import type { EvidenceImplication } from "@jipan/core"
 * const rule: EvidenceImplication = { id: "implies.colour", when: "colourChosen", implies: ["modelChosen"] }
 * ```
 */
export const EvidenceImplication = Schema.Struct({
  id: Id,
  when: EvidenceKey.schema,
  implies: Schema.NonEmptyArray(EvidenceKey.schema)
})
/** @see {@link EvidenceImplication} */
export type EvidenceImplication = typeof EvidenceImplication.Type

/**
 * The implications of the default policy: a signed order implies a chosen model and colour, a
 * settled budget and a finished test drive; a finished test drive, a booked one and a model of
 * interest; a chosen colour, a chosen model; a chosen model, a model of interest.
 *
 * @example
 * ```ts
 * import { defaultImplications } from "@jipan/core"
 * defaultImplications.map((r) => r.id) // ["implies.order", "implies.testDrive", "implies.colour", "implies.model"]
 * ```
 */
export const defaultImplications: ReadonlyArray<EvidenceImplication> = [
  {
    id: "implies.order",
    when: "orderSigned",
    implies: ["modelChosen", "colourChosen", "budgetSettled", "testDriveDone"]
  },
  { id: "implies.testDrive", when: "testDriveDone", implies: ["testDriveBooked", "modelInterest"] },
  { id: "implies.colour", when: "colourChosen", implies: ["modelChosen"] },
  { id: "implies.model", when: "modelChosen", implies: ["modelInterest"] }
]

export const GradingSection = Schema.Struct({
  grades: Schema.NonEmptyArray(GradeDefinition),
  ordered: Schema.Struct({ id: GradeId, label: Label, contactIntervalDays: PositiveInt }),
  ungraded: Schema.Struct({ id: GradeId, label: Label, gradeWithinDays: PositiveInt }),
  repeatVisitThreshold: PositiveInt,
  withoutTimeframe: Schema.Struct({ hottestGrade: GradeId }),
  /** Evidence implying evidence; the library's {@link defaultImplications} when absent, none when `[]`. */
  implies: Schema.optionalKey(Schema.Array(EvidenceImplication).check(Schema.isMaxLength(100)))
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
 * The default treatment of intent types: a latent prospect is contacted every 30 days, with no
 * overdue finding and no lapse; a key person every 7 days.
 *
 * @example
 * ```ts
 * import { defaultIntents } from "@jipan/core"
 * defaultIntents.latent?.contactIntervalDays // 30
 * ```
 */
export const defaultIntents: NonNullable<FollowUpSection["intents"]> = {
  latent: { contactIntervalDays: 30, overdueFindings: false, lapse: false },
  keyPerson: { contactIntervalDays: 7 }
}

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
  lapse: Schema.Array(LapseStep),
  /** A letter or postcard sent is confirmed by phone this many days later (寄了信,三天后再用电话确认); 3 when absent. */
  letterConfirmationDays: Schema.optionalKey(PositiveInt),
  /**
   * How the intent types are treated (意向类型): a latent prospect (潜在型) is watched on its own long
   * interval, without overdue findings or lapse downgrades; a key person (关键人) keeps their own
   * cadence. Absent: {@link defaultIntents}.
   */
  intents: Schema.optionalKey(
    Schema.Struct({
      latent: Schema.optionalKey(
        Schema.Struct({
          contactIntervalDays: PositiveInt,
          overdueFindings: Schema.Boolean,
          lapse: Schema.Boolean
        })
      ),
      keyPerson: Schema.optionalKey(Schema.Struct({ contactIntervalDays: PositiveInt }))
    })
  )
})
/** @see {@link FollowUpSection} */
export type FollowUpSection = typeof FollowUpSection.Type

/**
 * The default grading section: H/A/B/C with their horizons, intervals and evidence, O and N.
 *
 * @example
 * ```ts
 * import { defaultGrading, defaultPolicy } from "@jipan/core"
 * defaultGrading === defaultPolicy.grading // true
 * ```
 */
export const defaultGrading: GradingSection = {
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
  withoutTimeframe: { hottestGrade: g("B") },
  implies: defaultImplications
}

/**
 * The default first contact: a thank-you message within 2 hours, the first call within 3 days.
 *
 * @example
 * ```ts
 * import { defaultFirstContact, defaultPolicy } from "@jipan/core"
 * defaultFirstContact === defaultPolicy.firstContact // true
 * ```
 */
export const defaultFirstContact: FirstContactSection = {
  thankYouMessageWithinHours: 2,
  firstCallWithinDays: 3
}

/**
 * The default follow-up: an overdue contact flagged after 1 day, downgraded after 7.
 *
 * @example
 * ```ts
 * import { defaultFollowUp, defaultPolicy } from "@jipan/core"
 * defaultFollowUp === defaultPolicy.followUp // true
 * ```
 */
export const defaultFollowUp: FollowUpSection = {
  lapse: [
    { id: "lapse.flag", overdueDaysAtLeast: 1, action: "flag" },
    { id: "lapse.downgrade", overdueDaysAtLeast: 7, action: "downgrade" }
  ],
  intents: defaultIntents,
  letterConfirmationDays: 3
}
