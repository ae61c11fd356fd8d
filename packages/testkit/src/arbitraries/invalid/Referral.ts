/**
 * Invalid referral inputs: a referral registration, a referral command or a ledger entry with one
 * field broken.
 *
 * @module
 */

import * as fc from "fast-check"
import { ledgerEntries, referralCommand, referralRegistration } from "../Referral.js"
import { type Broken, bad, breaking } from "./Breaking.js"
import { calendarDate, fen, id, text } from "./Kernel.js"

/** A referral registration with one field broken. */
export const referralRegistrationBroken: fc.Arbitrary<Broken> = breaking(referralRegistration(), () => [
  ["referralId", id, "bad referral id"],
  ["storeId", id, "bad store id"],
  ["registeredOn", calendarDate, "bad date"],
  ["referrer.id", id, "bad referrer id"],
  ["referrer.phone", fc.constantFrom("+86138", "abc", "", null), "bad phone"],
  ["referrer.kind", fc.constantFrom("alien", null), "unknown referrer kind"],
  ["referee.name", bad.nonEmpty, "empty referee name"],
  ["askedAt", fc.constantFrom("never", null), "unknown ask moment"]
])

/** A referral command with one field broken. */
export const referralCommandBroken: fc.Arbitrary<Broken> = breaking(referralCommand, (c) => {
  const common: Array<readonly [string, fc.Arbitrary<unknown>, string]> = [
    ["on", calendarDate, "bad date"],
    ["_tag", bad.tag, "unknown command"]
  ]
  switch (c._tag) {
    case "Register":
      return [
        ...common,
        ["registration.referrer.id", id, "bad referrer id"],
        ["registration.registeredOn", calendarDate, "bad date"],
        ["context", fc.constantFrom(null, "none"), "context not an object"]
      ]
    case "LinkRefereeCard":
      return [...common, ["storeId", id, "bad store id"], ["cardId", id, "bad card id"]]
    case "RecordRefereeDelivery":
      return [
        ...common,
        ["units", fc.constantFrom(0, -1, 1.5, Number.NaN, 1e9), "bad units"],
        // the cap usage is optional: broken inside only when there is one, replaced when not
        ...(c.capUsage === undefined
          ? ([["capUsage", fc.constantFrom(null, "none", 3), "cap usage not an object"]] as const)
          : ([
              ["capUsage.valueFen", fen, "bad money"],
              ["capUsage.count", fc.constantFrom(-1, 0.5, Number.NaN), "bad count"]
            ] as const)),
        ["saleKind", fc.constantFrom("lease", null), "unknown sale kind"]
      ]
    case "IssueReward":
      return [...common, ["voucherId", id, "bad voucher id"], ["choiceId", bad.nonEmpty, "bad choice id"]]
    case "Reject":
      return [
        ...common,
        ["reasons", fc.constantFrom(["nope"], null, "other"), "unknown reasons"],
        ["note", text, "bad note"]
      ]
    case "Void":
      return [...common, ["reason", text, "bad reason"]]
    default:
      return common
  }
})

/** A ledger entry with one field broken (in a one-entry list, as `decodeLedgerEntries` reads). */
export const ledgerEntryBroken: fc.Arbitrary<Broken> = breaking(
  ledgerEntries.filter((entries) => entries.length > 0).map((entries) => [entries[0]]),
  () => [
    ["0.amountFen", fen, "bad money"],
    ["0.on", calendarDate, "bad date"],
    ["0.kind", fc.constantFrom("gifted", null), "unknown kind"],
    ["0.entryId", bad.nonEmpty, "empty entry id"],
    ["0.reason", fc.constantFrom("because", 1), "unknown reversal reason"]
  ],
  { list: true }
)
