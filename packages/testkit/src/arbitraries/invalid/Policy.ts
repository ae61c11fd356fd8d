/**
 * Invalid policy documents: one field broken (reward values and caps, version, dates, grades, time
 * zone).
 *
 * @module
 */
import { defaultSections } from "@jipan/core"
import * as fc from "fast-check"
import { policyDocument } from "../Policy.js"
import { type Broken, breaking } from "./Breaking.js"
import { calendarDate, id, rewardFen } from "./Kernel.js"

/**
 * A policy document of `scope` with one field broken: a reward choice of 0 fen, negative,
 * fractional or 1e15 fen; a negative, fractional or 1e15-fen cap; version 0; a day that does not exist; a grade with
 * a contact interval of 0; an unknown time zone's wrong type.
 */
export const policyDocumentBroken = (scope: {
  readonly dealerGroupId: string
  readonly storeId?: string
}): fc.Arbitrary<Broken> =>
  breaking(
    policyDocument(scope).map((d) => ({
      ...d,
      referral: d.referral ?? POLICY_REFERRAL,
      grading: d.grading ?? POLICY_GRADING
    })),
    () => [
      ["referral.offers.0.choices.0.valueFen", rewardFen, "bad reward value"],
      ["referral.caps.maxValueFen", fc.constantFrom(-1, 1e15, 0.5, Number.NaN), "bad reward cap"],
      ["version", fc.constantFrom(0, -1, 1.5, "1", null), "bad version"],
      ["effectiveFrom", calendarDate, "bad effective date"],
      ["policyId", id, "bad policy id"],
      ["scope.dealerGroupId", id, "bad dealer group"],
      ["grading.grades.0.contactIntervalDays", fc.constantFrom(0, -1, 0.5), "bad contact interval"],
      ["timeZone", fc.constantFrom(1, null, ""), "bad time zone"]
    ]
  )

const POLICY_REFERRAL = defaultSections.referral
const POLICY_GRADING = defaultSections.grading
