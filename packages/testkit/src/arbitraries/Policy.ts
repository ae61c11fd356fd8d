/**
 * Valid policy documents: reward choices, one arbitrary per policy section, and documents with any
 * subset of sections.
 *
 * @module
 */
import { type CalendarDate, defaultSections, type PolicyDocument, type RewardChoice } from "@jipan/core"
import * as fc from "fast-check"
import { cardPolicy, soundPolicy } from "../Arbitraries.js"
import { anyCalendarDate, freeText } from "./Kernel.js"

/**
 * A valid reward choice: positive value (≥ 1 fen) within the money bound.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { rewardChoice } from "@jipan/testkit"
 * fc.assert(fc.property(rewardChoice, (c) => c.valueFen >= 1))
 * ```
 */
export const rewardChoice: fc.Arbitrary<RewardChoice> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,15}$/),
    kind: fc.constantFrom(
      "maintenanceVoucher" as const,
      "accessories" as const,
      "cash" as const,
      "gift" as const
    ),
    valueFen: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom(1, 1e14))
  })
  .map((c) => ({ ...c, label: { "zh-CN": `奖励 ${c.id}`, en: `Reward ${c.id}` } }))

type Sections = Required<
  Omit<PolicyDocument, "policyId" | "version" | "effectiveFrom" | "scope" | "description">
>

/**
 * Valid policy sections, one arbitrary per section of the policy document (each decodes as that
 * section; the referral section's reward choices and caps are positive).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { policySection } from "@jipan/testkit"
 * fc.sample(policySection.referral, 1)[0]?.offers.length
 * ```
 */
export const policySection: { readonly [K in keyof Sections]: fc.Arbitrary<Sections[K]> } = {
  timeZone: fc.constantFrom("Asia/Shanghai", "Asia/Urumqi", "UTC", "Asia/Hong_Kong"),
  grading: soundPolicy.map((p) => p.grading),
  firstContact: fc.record({
    thankYouMessageWithinHours: fc.integer({ min: 1, max: 72 }),
    firstCallWithinDays: fc.integer({ min: 1, max: 14 })
  }),
  followUp: soundPolicy.map((p) => p.followUp),
  lifecycle: cardPolicy.map((p) => p.lifecycle),
  care: fc
    .record({
      everyMonths: fc.integer({ min: 1, max: 12 }),
      missed: fc.integer({ min: 1, max: 30 }),
      horizon: fc.integer({ min: 1, max: 36 }),
      critical: fc.integer({ min: 1, max: 12 }),
      holidayRule: fc.constantFrom("skip" as const, "shift" as const, "keep" as const)
    })
    .map((c) => ({
      ...defaultSections.care,
      periodic: { ...defaultSections.care.periodic, everyMonths: c.everyMonths },
      missedRetryAfterDays: c.missed,
      planHorizonMonths: c.horizon,
      criticalPeriodMonths: c.critical,
      holidayRule: c.holidayRule
    })),
  loyalty: fc
    .record({
      share: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      perReferral: fc.integer({ min: 0, max: 10_000_000 })
    })
    .map((l) => ({ ...defaultSections.loyalty, valueTopShare: l.share, valuePerReferralFen: l.perReferral })),
  referral: fc
    .record({
      maintenance: rewardChoice,
      accessories: rewardChoice,
      holdingDays: fc.integer({ min: 0, max: 60 }),
      validity: fc.integer({ min: 1, max: 730 }),
      maxRewards: fc.integer({ min: 1, max: 50 }),
      maxValueFen: fc.oneof(fc.integer({ min: 1, max: 100_000_000 }), fc.constant(1e14))
    })
    .map((r) => ({
      ...defaultSections.referral,
      holdingDays: r.holdingDays,
      voucherValidityDays: r.validity,
      caps: { ...defaultSections.referral.caps, maxRewards: r.maxRewards, maxValueFen: r.maxValueFen },
      offers: defaultSections.referral.offers.map((offer) => ({
        ...offer,
        // keep the choice ids the reward table and the sequences use; randomise the values
        choices: offer.choices.map((c, i) => ({
          ...c,
          valueFen: (i % 2 === 0 ? r.maintenance : r.accessories).valueFen
        }))
      })) as unknown as Sections["referral"]["offers"]
    })),
  notifications: fc.constant(defaultSections.notifications),
  reports: fc.constant(defaultSections.reports),
  // the library's years only, or a group's own (made-up) next year with a day off and a make-up day
  holidays: fc.constantFrom(defaultSections.holidays, {
    years: [
      {
        year: 2027,
        source: "testkit",
        holidays: [
          {
            name: "劳动节",
            daysOff: ["2027-05-03" as CalendarDate, "2027-05-04" as CalendarDate],
            workdays: ["2027-05-08" as CalendarDate]
          }
        ]
      }
    ]
  }),
  // retention on or off, with short or the default periods
  privacy: fc.record({
    retention: fc.record({
      enabled: fc.boolean(),
      defeatedMonths: fc.integer({ min: 1, max: 60 }),
      invalidMonths: fc.integer({ min: 1, max: 24 }),
      unCardedVisitDays: fc.integer({ min: 1, max: 365 })
    })
  })
}

const SECTION_NAMES = Object.keys(policySection) as Array<keyof Sections>

/**
 * A valid policy document for a scope: version, effective date, and a random subset of sections
 * (each from {@link policySection}).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodePolicyDocument } from "@jipan/core"
 * import { policyDocument } from "@jipan/testkit"
 * fc.assert(fc.property(policyDocument({ dealerGroupId: "grp-1" }), (d) => decodePolicyDocument(d)._tag === "Success"))
 * ```
 */
export const policyDocument = (
  scope: { readonly dealerGroupId: string; readonly storeId?: string },
  options: {
    readonly version?: fc.Arbitrary<number>
    readonly effectiveFrom?: fc.Arbitrary<CalendarDate>
  } = {}
): fc.Arbitrary<PolicyDocument> =>
  fc
    .record({
      policyId: fc.constantFrom("pol-east", "pol-1", "__proto__"),
      version: options.version ?? fc.integer({ min: 1, max: 1000 }),
      effectiveFrom: options.effectiveFrom ?? anyCalendarDate,
      sections: fc.subarray(SECTION_NAMES),
      description: fc.option(freeText, { nil: undefined })
    })
    .chain((d) =>
      fc.tuple(...d.sections.map((name) => policySection[name] as fc.Arbitrary<unknown>)).map(
        (values) =>
          ({
            policyId: d.policyId,
            version: d.version,
            effectiveFrom: d.effectiveFrom,
            scope,
            ...(d.description === undefined ? {} : { description: d.description }),
            ...Object.fromEntries(d.sections.map((name, i) => [name, values[i]]))
          }) as PolicyDocument
      )
    )
