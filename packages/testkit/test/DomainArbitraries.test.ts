// The testkit's arbitraries are what they claim: the valid ones decode with the core's decoders
// (and keep within the bounds a store holds), the invalid ones are refused with InvalidInput.
import * as core from "@jipan/core"
import {
  decodeCardCommand,
  decodeCardEvent,
  decodeCardFilter,
  decodeLedgerEntries,
  decodeLedgerQuery,
  decodePageRequest,
  decodePolicyDocument,
  decodeReferralCommand,
  decodeReferralQuery,
  decodeReferralRegistration,
  decodeSettlementHistory,
  decodeShowroomVisit,
  decodeSurvey,
  defaultPolicy,
  foldCard,
  type InvalidInput,
  type Tenant,
  validateLedger
} from "@jipan/core"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  anyCalendarDate,
  type Broken,
  cardCommand,
  cardCommandKinds,
  cardCommandOf,
  cardCommandSequence,
  cardEvent,
  cardFilter,
  cardHistory,
  INSTANT_RANGE,
  idString,
  instant,
  invalid,
  ledgerEntries,
  ledgerQuery,
  namesPath,
  pageRequest,
  phone,
  policyDocument,
  policySection,
  referralCommand,
  referralCommandKinds,
  referralCommandSequence,
  referralQuery,
  referralRegistration,
  settlementHistory,
  showroomVisit,
  survey
} from "../src/index.js"

const tenant = { dealerGroupId: "grp-1", storeId: "store-01" } as Tenant
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v))
const decodes =
  (decode: (u: unknown) => Result.Result<unknown, InvalidInput>) =>
  (value: unknown): void => {
    const r = decode(json(value))
    if (Result.isFailure(r)) throw new Error(r.failure.message)
  }
const refuses =
  (decode: (u: unknown) => Result.Result<unknown, InvalidInput>) =>
  (b: Broken): void => {
    const r = decode(b.value)
    if (Result.isSuccess(r)) throw new Error(`accepted ${b.why} at ${b.path}`)
    expect(r.failure._tag).toBe("InvalidInput")
    expect(r.failure.issues.length).toBeGreaterThan(0)
    if (!namesPath(r.failure.issues, b.path))
      throw new Error(
        `${b.why}: the issues do not name ${b.path}: ${JSON.stringify(r.failure.issues).slice(0, 300)}`
      )
  }

describe("valid arbitraries decode", () => {
  it("instants are whole ms in 2000..2099, dates in 1900..2199, phones E.164", () => {
    fc.assert(
      fc.property(instant, anyCalendarDate, phone, idString, (at, day, p, id) => {
        expect(Number.isInteger(at) && at >= INSTANT_RANGE.min && at < INSTANT_RANGE.end).toBe(true)
        expect(Schema.is(core.CalendarDate)(day)).toBe(true)
        expect(Schema.is(core.PhoneNumber)(p)).toBe(true)
        expect(id.length >= 1 && id.length <= 64 && !/\s/.test(id)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })
  it("card commands of every kind", () => {
    fc.assert(fc.property(cardCommand, decodes(decodeCardCommand)), { numRuns: 300 })
    for (const kind of cardCommandKinds)
      fc.assert(
        fc.property(cardCommandOf(kind), (c) => {
          expect(c._tag).toBe(kind)
          decodes(decodeCardCommand)(c)
        }),
        { numRuns: 20 }
      )
  })
  it("card command sequences: every command decodes, the kinds all occur, most are accepted", () => {
    const seen = new Set<string>()
    const sent = new Set<string>()
    let accepted = 0
    let total = 0
    fc.assert(
      fc.property(cardCommandSequence(defaultPolicy), (sequence) => {
        for (const { command, expected } of sequence) {
          decodes(decodeCardCommand)(command)
          sent.add(command._tag)
          if (expected === "accepted") {
            seen.add(command._tag)
            accepted++
          }
          total++
        }
      }),
      { numRuns: 300 }
    )
    expect([...sent].sort()).toEqual([...cardCommandKinds].sort())
    expect(seen.size).toBeGreaterThanOrEqual(13)
    expect(accepted / total).toBeGreaterThan(0.2)
  })
  it("card command sequences reach surveys, fleet and retail sales, deliveries without a sale", () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(cardCommandSequence(defaultPolicy), (sequence) => {
        for (const { command, expected } of sequence) {
          if (expected !== "accepted") continue
          if (command._tag === "RecordSurvey") seen.add("survey")
          if (command._tag === "Deliver") seen.add(command.sale === undefined ? "no sale" : command.sale.kind)
          if (command._tag === "Deliver" && command.sale?.fleetCustomer !== undefined)
            seen.add("fleet customer")
        }
      }),
      // enough runs that every kind shows (a coverage check, not a property: it must not be flaky)
      { numRuns: 2000 }
    )
    expect([...seen].sort()).toEqual(["fleet", "fleet customer", "no sale", "retail", "survey"])
  })
  it("card command sequences over the stores of a group meet the policy's phone uniqueness", () => {
    const storeIds = ["store-01", "store-02"]
    const under = (phoneUniqueness: "group" | "store") => ({
      ...defaultPolicy,
      lifecycle: { ...defaultPolicy.lifecycle, phoneUniqueness }
    })
    for (const scope of ["group", "store"] as const) {
      let collisions = 0
      fc.assert(
        fc.property(cardCommandSequence(under(scope), { cards: 2, storeIds, maxLength: 3 }), (sequence) => {
          const [first, second] = sequence
          expect([first?.storeId, second?.storeId]).toEqual(storeIds)
          if (first?.command._tag !== "OpenCard" || second?.command._tag !== "OpenCard") return
          if (first.expected !== "accepted" || first.command.phone !== second.command.phone) return
          collisions++
          // the second store's open for the first store's phone: refused in the group, allowed per store
          expect(second.expected).toBe(scope === "group" ? "AlreadyHasCard" : "accepted")
        }),
        { numRuns: 200 }
      )
      expect(collisions).toBeGreaterThan(10)
    }
    fc.assert(
      fc.property(
        cardCommandSequence(defaultPolicy, { cards: 3, storeIds, distinctPhones: true }),
        (sequence) => {
          const phones = new Map<string, string>()
          for (const { cardId, command } of sequence)
            if (command._tag === "OpenCard") {
              expect(phones.get(cardId) ?? command.phone).toBe(command.phone)
              phones.set(cardId, command.phone)
            }
          expect(new Set(phones.values()).size).toBe(phones.size)
          // no open meets another card's phone (owner mining twice may: both mined cards have the owner's)
          expect(
            sequence.every((c) => c.command._tag !== "OpenCard" || c.expected !== "AlreadyHasCard")
          ).toBe(true)
        }
      ),
      { numRuns: 100 }
    )
  })
  it("referral sequences link referee cards and register and recheck without look-ups", () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(referralCommandSequence(), (sequence) => {
        for (const { command, expected } of sequence) {
          if (expected !== "accepted") continue
          if (command._tag === "LinkRefereeCard") seen.add("link")
          if (command._tag === "Register")
            seen.add(command.context === undefined ? "register bare" : "register")
          if (command._tag === "Recheck") seen.add(command.context === undefined ? "recheck bare" : "recheck")
          if (command._tag === "RecordRefereeDelivery" && command.capUsage === undefined)
            seen.add("no cap usage")
        }
      }),
      { numRuns: 300 }
    )
    expect([...seen].sort()).toEqual([
      "link",
      "no cap usage",
      "recheck",
      "recheck bare",
      "register",
      "register bare"
    ])
  })
  it("referral queries", () => {
    fc.assert(fc.property(referralQuery, decodes(decodeReferralQuery)), { numRuns: 300 })
    fc.assert(
      fc.property(
        invalid.referralQuery.map((value) => ({ value, path: "?", why: "invalid" })),
        refuses(decodeReferralQuery)
      ),
      {
        numRuns: 100
      }
    )
  })
  it("card events and histories", () => {
    fc.assert(fc.property(cardEvent, decodes(decodeCardEvent)), { numRuns: 100 })
    fc.assert(
      fc.property(cardHistory(), (events) => {
        expect(foldCard(events).version).toBe(events.length)
      }),
      { numRuns: 50 }
    )
  })
  it("referral registrations, commands and sequences", () => {
    fc.assert(fc.property(referralRegistration(), decodes(decodeReferralRegistration)), { numRuns: 200 })
    const seen = new Set<string>()
    fc.assert(
      fc.property(referralCommandSequence(), (sequence) => {
        for (const { command, expected } of sequence) {
          if (expected === "accepted") seen.add(command._tag)
          decodes(decodeReferralCommand)(command)
        }
      }),
      { numRuns: 200 }
    )
    expect(seen.size).toBeGreaterThanOrEqual(referralCommandKinds.length - 2)
    fc.assert(fc.property(referralCommand, decodes(decodeReferralCommand)), { numRuns: 200 })
  })
  it("card filters, page requests, ledger queries", () => {
    fc.assert(fc.property(cardFilter, decodes(decodeCardFilter)), { numRuns: 200 })
    fc.assert(fc.property(pageRequest, decodes(decodePageRequest)), { numRuns: 200 })
    fc.assert(fc.property(ledgerQuery, decodes(decodeLedgerQuery)), { numRuns: 200 })
  })
  it("ledgers, visits, surveys", () => {
    fc.assert(
      fc.property(ledgerEntries, (entries) => {
        decodes(decodeLedgerEntries)(entries)
        expect(Result.isSuccess(validateLedger(entries))).toBe(true)
      }),
      { numRuns: 200 }
    )
    fc.assert(fc.property(showroomVisit(tenant), decodes(decodeShowroomVisit)), { numRuns: 200 })
    fc.assert(fc.property(survey, decodes(decodeSurvey)), { numRuns: 200 })
    fc.assert(fc.property(settlementHistory, decodes(decodeSettlementHistory)), { numRuns: 200 })
  })
  it("every policy section, and documents with any of them", () => {
    for (const [name, arbitrary] of Object.entries(policySection))
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<unknown>, (section) =>
          decodes(decodePolicyDocument)({
            policyId: "pol-1",
            version: 1,
            effectiveFrom: "2026-01-01",
            scope: { dealerGroupId: "grp-1" },
            [name]: section
          })
        ),
        { numRuns: 30 }
      )
    fc.assert(fc.property(policyDocument({ dealerGroupId: "grp-1" }), decodes(decodePolicyDocument)), {
      numRuns: 100
    })
  })
})

describe("invalid arbitraries are refused with InvalidInput", () => {
  it("card commands", () =>
    fc.assert(fc.property(invalid.cardCommand, refuses(decodeCardCommand)), { numRuns: 400 }))
  it("card events", () =>
    fc.assert(fc.property(invalid.cardEvent, refuses(decodeCardEvent)), { numRuns: 200 }))
  it("referral registrations", () =>
    fc.assert(fc.property(invalid.referralRegistration, refuses(decodeReferralRegistration)), {
      numRuns: 200
    }))
  it("referral commands", () => {
    fc.assert(fc.property(invalid.referralCommand, refuses(decodeReferralCommand)), { numRuns: 300 })
  })
  it("ledger entries", () =>
    fc.assert(fc.property(invalid.ledgerEntries, refuses(decodeLedgerEntries)), { numRuns: 200 }))
  it("showroom visits", () =>
    fc.assert(fc.property(invalid.showroomVisit(tenant), refuses(decodeShowroomVisit)), { numRuns: 200 }))
  it("settlement histories (deliveries, referral facts, CVP survey contacts, ledger)", () => {
    fc.assert(fc.property(invalid.settlementHistory, refuses(decodeSettlementHistory)), { numRuns: 300 })
  })
  it("surveys", () => fc.assert(fc.property(invalid.survey, refuses(decodeSurvey)), { numRuns: 200 }))
  it("policy documents (0-fen and 1e15-fen rewards included)", () =>
    fc.assert(
      fc.property(invalid.policyDocument({ dealerGroupId: "grp-1" }), refuses(decodePolicyDocument)),
      {
        numRuns: 300
      }
    ))
  it("instants, dates and money are outside the core's schemas", () => {
    fc.assert(
      fc.property(invalid.instant, (at) => {
        expect(
          typeof at === "number" && Number.isInteger(at) && at >= INSTANT_RANGE.min && at < INSTANT_RANGE.end
        ).toBe(false)
        expect(Schema.is(core.Instant)(at)).toBe(false)
      })
    )
    const outside = (schema: Schema.Top) => (value: unknown) => {
      expect(Schema.is(schema as never)(value), JSON.stringify(value)).toBe(false)
    }
    fc.assert(fc.property(invalid.calendarDate, outside(core.CalendarDate)))
    fc.assert(fc.property(invalid.fen, outside(core.Fen)))
    fc.assert(fc.property(invalid.phone, outside(core.PhoneNumber)))
    fc.assert(fc.property(invalid.id, outside(core.CardId)))
    fc.assert(fc.property(invalid.text, outside(core.Text)))
    fc.assert(
      fc.property(invalid.cardFilter, (f) => {
        expect(Result.isFailure(decodeCardFilter(f))).toBe(true)
      })
    )
    fc.assert(
      fc.property(invalid.pageRequest, (p) => {
        expect(Result.isFailure(decodePageRequest(p))).toBe(true)
      })
    )
    fc.assert(
      fc.property(invalid.ledgerQuery, (q) => {
        expect(Result.isFailure(decodeLedgerQuery(q))).toBe(true)
      })
    )
  })
})
