/**
 * The decoder fuzz: every public decoder of the core accepts its valid values (after a JSON round
 * trip), refuses its invalid ones with an `InvalidInput` that names the broken path, and never
 * throws on anything at all.
 *
 * @module
 */

import { expect } from "@effect/vitest"
import {
  decodeCardCommand,
  decodeCardEvent,
  decodeCardFilter,
  decodeEvidence,
  decodeHolidayYear,
  decodeLedgerEntries,
  decodeLedgerQuery,
  decodeMotiveObservations,
  decodePageRequest,
  decodePolicy,
  decodePolicyDocument,
  decodeReferralCommand,
  decodeReferralQuery,
  decodeReferralRegistration,
  decodeSettlementHistory,
  decodeShowroomVisit,
  decodeSurvey,
  decodeValidityContext,
  type InvalidInput,
  type Tenant
} from "@jipan/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { anyPolicy } from "../Arbitraries.js"
import { breaking } from "../arbitraries/invalid/Breaking.js"
import {
  cardCommand,
  cardEvent,
  cardFilter,
  ledgerEntries,
  ledgerQuery,
  pageRequest,
  policyDocument,
  referralCommand,
  referralQuery,
  referralRegistration,
  settlementHistory,
  showroomVisit,
  survey
} from "../DomainArbitraries.js"
import { untypedReason } from "../FacadeSupport.js"
import { type Broken, invalid, namesPath } from "../InvalidArbitraries.js"
import { type FuzzRun, json } from "./Support.js"

/** A year's statutory calendar as a DMS would put it (valid). */
const holidayYear = fc.integer({ min: 1900, max: 2199 }).chain((year) =>
  fc.record(
    {
      year: fc.constant(year),
      source: fc.constantFrom("国办发明电〔2026〕×号", "", "x';DROP TABLE jipan_policy;--"),
      holidays: fc.array(
        fc.record({
          name: fc.constantFrom("元旦", "春节", "国庆节", "__proto__", "🎆".repeat(40)),
          daysOff: fc
            .array(fc.integer({ min: 1, max: 28 }), { minLength: 1, maxLength: 15 })
            .map((ds) => ds.map((d) => `${year}-02-${String(d).padStart(2, "0")}`)),
          workdays: fc
            .array(fc.integer({ min: 1, max: 28 }), { maxLength: 5 })
            .map((ds) => ds.map((d) => `${year}-01-${String(d).padStart(2, "0")}`))
        }),
        { maxLength: 20 }
      )
    },
    { requiredKeys: ["year", "holidays"] }
  )
)

/** A year's calendar with one field broken. */
const holidayYearBroken: fc.Arbitrary<Broken> = breaking(
  holidayYear.map((y) => ({ ...y, holidays: y.holidays.length > 0 ? y.holidays : [HOLIDAY] })),
  () => [
    ["year", fc.constantFrom(1899, 2200, 2027.5, "2027", null, Number.NaN), "bad year"],
    ["source", fc.constantFrom(1, null, {}), "bad source"],
    [
      "holidays",
      fc.constantFrom(
        Array.from({ length: 21 }, () => HOLIDAY),
        "元旦",
        null
      ),
      "bad holidays"
    ],
    ["holidays.0.name", fc.constantFrom("", null, 1), "bad holiday name"],
    [
      "holidays.0.daysOff",
      fc.constantFrom(
        [],
        ["2027-02-30"],
        ["2027-2-1"],
        Array.from({ length: 16 }, () => "2027-02-01"),
        null
      ),
      "bad days off"
    ],
    [
      "holidays.0.workdays",
      fc.constantFrom(
        ["2027-13-01"],
        Array.from({ length: 6 }, () => "2027-02-01"),
        "2027-02-01"
      ),
      "bad workdays"
    ]
  ]
)
const HOLIDAY = { name: "元旦", daysOff: ["2027-01-01"], workdays: [] }

/** A decoder of the core: untrusted input to a Result with an `InvalidInput`. */
type Decoder = (input: unknown) => Result.Result<unknown, InvalidInput>

/** The core's public decoders the suite checks, by name, each with its valid and invalid inputs. */
const decoders = (): ReadonlyArray<{
  readonly name: string
  readonly decode: Decoder
  readonly valid: fc.Arbitrary<unknown>
  readonly broken: fc.Arbitrary<Broken>
}> => {
  const tenant = { dealerGroupId: "grp-1", storeId: "store-01" } as Tenant
  const whole =
    (what: string) =>
    (value: unknown): Broken => ({ value, path: "?", why: `an invalid ${what}` })
  return [
    { name: "decodeCardCommand", decode: decodeCardCommand, valid: cardCommand, broken: invalid.cardCommand },
    { name: "decodeCardEvent", decode: decodeCardEvent, valid: cardEvent, broken: invalid.cardEvent },
    {
      name: "decodePolicyDocument",
      decode: decodePolicyDocument,
      valid: policyDocument({ dealerGroupId: "grp-1" }),
      broken: invalid.policyDocument({ dealerGroupId: "grp-1" })
    },
    {
      name: "decodePolicy",
      decode: decodePolicy,
      valid: anyPolicy,
      broken: invalid.notAnObject.map(whole("policy"))
    },
    {
      name: "decodeShowroomVisit",
      decode: decodeShowroomVisit,
      valid: showroomVisit(tenant),
      broken: invalid.showroomVisit(tenant)
    },
    {
      name: "decodeReferralRegistration",
      decode: decodeReferralRegistration,
      valid: referralRegistration(),
      broken: invalid.referralRegistration
    },
    {
      name: "decodeReferralCommand",
      decode: decodeReferralCommand,
      valid: referralCommand,
      broken: invalid.referralCommand
    },
    {
      name: "decodeValidityContext",
      decode: decodeValidityContext,
      valid: referralCommand
        .filter((c) => (c._tag === "Register" || c._tag === "Recheck") && c.context !== undefined)
        .map((c) => (c as { readonly context: unknown }).context),
      // every field of a validity context is optional: any object (a Date, `{ __proto__ }`) is an empty one
      broken: invalid.notAnObject
        .filter((v) => v === null || typeof v !== "object" || Array.isArray(v))
        .map(whole("validity context"))
    },
    { name: "decodeSurvey", decode: decodeSurvey, valid: survey, broken: invalid.survey },
    {
      name: "decodeLedgerEntries",
      decode: decodeLedgerEntries,
      valid: ledgerEntries,
      broken: invalid.ledgerEntries
    },
    {
      name: "decodeSettlementHistory",
      decode: decodeSettlementHistory,
      valid: settlementHistory,
      broken: invalid.settlementHistory
    },
    {
      name: "decodeCardFilter",
      decode: decodeCardFilter,
      valid: cardFilter,
      broken: invalid.cardFilter.map(whole("card filter"))
    },
    {
      name: "decodePageRequest",
      decode: decodePageRequest,
      valid: pageRequest,
      broken: invalid.pageRequest.map(whole("page request"))
    },
    {
      name: "decodeReferralQuery",
      decode: decodeReferralQuery,
      valid: referralQuery,
      broken: invalid.referralQuery.map(whole("referral query"))
    },
    {
      name: "decodeLedgerQuery",
      decode: decodeLedgerQuery,
      valid: ledgerQuery,
      broken: invalid.ledgerQuery.map(whole("ledger query"))
    },
    {
      name: "decodeMotiveObservations",
      decode: decodeMotiveObservations,
      valid: fc.constant([]),
      broken: fc.constantFrom<Broken>(
        { value: [{ kind: "bribe" }], path: "0.kind", why: "unknown observation" },
        { value: null, path: "", why: "null" }
      )
    },
    { name: "decodeHolidayYear", decode: decodeHolidayYear, valid: holidayYear, broken: holidayYearBroken },
    {
      name: "decodeEvidence",
      decode: decodeEvidence,
      valid: fc.constant({}),
      broken: fc.constantFrom<Broken>(
        { value: { visitCount: -1 }, path: "visitCount", why: "negative visit count" },
        { value: { expectedPurchaseDate: "2026-02-30" }, path: "expectedPurchaseDate", why: "bad date" },
        { value: null, path: "", why: "null" }
      )
    }
  ]
}

/** fuzz: decoders never throw, accept the valid and refuse the invalid with paths */
export const decodersNeverThrow = async ({ runs, params }: FuzzRun): Promise<void> => {
  // every decoder is checked, and every failing one reported (one does not hide the others)
  const failures: Array<string> = []
  const check = (run: () => void) => {
    try {
      run()
    } catch (error) {
      const cause = (error as { readonly cause?: unknown }).cause
      const example = String((error as Error).message)
        .split("\n")
        .find((line) => line.startsWith("Counterexample"))
      failures.push(
        `${cause instanceof Error ? cause.message : String(error)} — ${example?.slice(0, 300) ?? ""}`
      )
    }
  }
  for (const { name: decoder, decode, valid, broken } of decoders()) {
    check(() =>
      fc.assert(
        fc.property(valid, (value) => {
          const once = decode(json(value))
          if (Result.isFailure(once))
            throw new Error(`${decoder} refused a valid value: ${once.failure.message}`)
        }),
        { ...params, numRuns: runs * 2 }
      )
    )
    check(() =>
      fc.assert(
        fc.property(broken, (b) => {
          let result: Result.Result<unknown, InvalidInput>
          try {
            result = decode(b.value)
          } catch (error) {
            throw new Error(`${decoder} threw on ${b.why}: ${String(error)}`)
          }
          if (Result.isSuccess(result)) throw new Error(`${decoder} accepted ${b.why} (path ${b.path})`)
          const reason = untypedReason(result.failure)
          if (reason !== undefined) throw new Error(`${decoder}: ${reason}`)
          if (!namesPath(result.failure.issues, b.path))
            throw new Error(
              `${decoder} refused ${b.why} without naming ${b.path}: ${JSON.stringify(result.failure.issues).slice(0, 300)}`
            )
        }),
        { ...params, numRuns: runs * 2 }
      )
    )
    check(() =>
      fc.assert(
        fc.property(
          fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }),
          (value) => {
            try {
              decode(value)
            } catch (error) {
              throw new Error(`${decoder} threw: ${String(error)}`)
            }
          }
        ),
        { ...params, numRuns: runs }
      )
    )
  }
  expect(failures).toEqual([])
}
