import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addDays,
  appendLedgerEntry,
  defaultPolicy,
  type LedgerEntry,
  ledgerBalance,
  type Policy,
  type ReferralCommand,
  resettleMonth,
  settleMonth,
  validateLedger
} from "../../src/index.js"
import { calendarDate } from "../arbitraries.js"
import { confirmed, d, happyPath, registration, run } from "../referralFixtures.js"
import { at, exampleHistory, month } from "../settlementExample.js"

const laterCommand: fc.Arbitrary<ReferralCommand> = fc.oneof(
  calendarDate(400).map((on) => ({ _tag: "RecordRefereeOrder", on, orderId: "o" }) as ReferralCommand),
  calendarDate(400).map(
    (on) =>
      ({
        _tag: "RecordRefereeDelivery",
        on,
        deliveryId: "d",
        saleKind: "retail",
        units: 1,
        capUsage: { count: 0, valueFen: 0 }
      }) as ReferralCommand
  ),
  calendarDate(400).map((on) => ({ _tag: "Approve", on }) as ReferralCommand),
  calendarDate(400).map(
    (on) => ({ _tag: "IssueReward", on, voucherId: "v", choiceId: "maintenance" }) as ReferralCommand
  ),
  calendarDate(400).map((on) => ({ _tag: "Recheck", on, context: confirmed() }) as ReferralCommand),
  calendarDate(400).map((on) => ({ _tag: "RedeemReward", on }) as ReferralCommand)
)

/** A policy differing from the default in every number a reward reads. */
const laterPolicy: fc.Arbitrary<Policy> = fc
  .record({
    value: fc.integer({ min: 1, max: 900000 }),
    validity: fc.integer({ min: 1, max: 900 }),
    holding: fc.integer({ min: 0, max: 200 })
  })
  .map(({ value, validity, holding }) => ({
    ...defaultPolicy,
    version: 7,
    referral: {
      ...defaultPolicy.referral,
      voucherValidityDays: validity,
      holdingDays: holding,
      offers: [
        {
          ...defaultPolicy.referral.offers[0],
          choices: defaultPolicy.referral.offers[0].choices.map((c) => ({ ...c, valueFen: value }))
        },
        defaultPolicy.referral.offers[1]
      ] as unknown as Policy["referral"]["offers"]
    }
  }))

describe("referral properties", () => {
  it("no reward ever for a self-referral or a rejected referral", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("self", "notReal", "denied"),
        fc.array(laterCommand, { maxLength: 12 }),
        (why, commands) => {
          const reg =
            why === "self"
              ? registration({ referee: { name: "x", phone: "+8613812345678" } } as never)
              : registration()
          const context =
            why === "notReal"
              ? { ...confirmed(), phoneAudit: { on: d("2026-10-06"), outcome: "notReal" as const } }
              : why === "denied"
                ? { ...confirmed(), refereeConfirmation: { on: d("2026-10-06"), namedReferrerId: "other" } }
                : confirmed()
          const { state } = run([
            { _tag: "Register", on: reg.registeredOn, registration: reg, context },
            ...commands
          ])
          expect(state.status).toBe("rejected")
          expect(state.ledger).toEqual([])
        }
      )
    )
  })

  it("the ledger balances for random streams: issued − redeemed − expired − reversed = outstanding", () => {
    const op = fc.record({
      voucher: fc.constantFrom("v1", "v2", "v3"),
      kind: fc.constantFrom("issued", "redeemed", "expired", "reversed"),
      value: fc.constantFrom(30000, 20000),
      day: fc.integer({ min: 0, max: 60 }),
      salt: fc.constantFrom("", "x")
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let ledger: ReadonlyArray<LedgerEntry> = []
        for (const o of ops) {
          const issued = ledger.find((e) => e.voucherId === o.voucher && e.kind === "issued")
          const amount = o.kind === "issued" ? o.value : -(issued?.amountFen ?? o.value)
          const entry = {
            entryId: `${o.voucher}:${o.kind}${o.salt}`,
            voucherId: o.voucher,
            referralId: "r",
            referrerId: "p",
            kind: o.kind,
            amountFen: amount,
            on: addDays(d("2026-11-01"), o.day)
          } as LedgerEntry
          const r = appendLedgerEntry(ledger, entry)
          if (r._tag === "Success") {
            expect(r.success.slice(0, ledger.length)).toEqual(ledger) // append-only
            ledger = r.success
          }
        }
        const b = ledgerBalance(ledger)
        expect(b.issuedFen - b.redeemedFen - b.expiredFen - b.reversedFen).toBe(b.outstandingFen)
        expect(validateLedger(ledger)._tag).toBe("Success")
        for (const v of ["v1", "v2", "v3"]) {
          const own = ledgerBalance(ledger.filter((e) => e.voucherId === v))
          expect([0, own.issuedFen, -own.issuedFen]).toContain(own.outstandingFen)
        }
      })
    )
  })

  it("settlement is idempotent and depends only on the policy and the facts, not their order", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...exampleHistory.deliveries]),
        fc.shuffledSubarray([...exampleHistory.referrals]),
        fc.shuffledSubarray([...exampleHistory.contacts]),
        (deliveries, referrals, contacts) => {
          const h = { ...exampleHistory, deliveries, referrals, contacts }
          const s = settleMonth(h, month, at)
          // the statement adds up: its total and each party's total and count are its lines'
          expect(s.totalFen).toBe(s.lines.reduce((sum, l) => sum + l.amountFen, 0))
          for (const p of s.parties) {
            const own = s.lines.filter((l) => l.party.kind === p.party.kind && l.party.id === p.party.id)
            expect(p.totalFen).toBe(own.reduce((sum, l) => sum + l.amountFen, 0))
            expect(p.lines).toBe(own.length)
          }
          expect(resettleMonth(s.lines, h, month, at)).toEqual([])
          const reversed = {
            ...h,
            deliveries: [...deliveries].reverse(),
            referrals: [...referrals].reverse(),
            contacts: [...contacts].reverse()
          }
          expect(settleMonth(reversed, month, at)).toEqual(s)
        }
      )
    )
  })

  it("an earned reward survives any later policy change", () => {
    fc.assert(
      fc.property(laterPolicy, (later) => {
        const { state } = run(happyPath().slice(0, 5), (c) => (c.on > "2026-11-10" ? later : defaultPolicy))
        expect(state.voucher?.choice.valueFen).toBe(30000)
        expect(state.holdUntil).toBe("2026-12-10")
        expect(state.voucher?.expiresOn).toBe(
          addDays(d("2026-12-12"), defaultPolicy.referral.voucherValidityDays)
        )
      })
    )
  })

  it("a cancellation inside the holding window never produces a payable reward", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: defaultPolicy.referral.holdingDays }),
        fc.constantFrom("orderCancelled", "vehicleReturned"),
        fc.array(laterCommand, { maxLength: 8 }),
        (day, kind, after) => {
          const cancel = {
            _tag: "RecordRefereeCancellation",
            on: addDays(d("2026-11-10"), day),
            kind
          } as ReferralCommand
          const { state } = run([...happyPath().slice(0, 3), cancel, ...after])
          expect(state.ledger.filter((e) => e.kind === "issued")).toEqual([])
        }
      )
    )
  })
})
