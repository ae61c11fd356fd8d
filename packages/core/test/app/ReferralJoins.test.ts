// The library owns the joins (#16): a referral registered with the referee's phone alone gets its
// validity look-ups from the store, first claim wins, the referee's card links itself and drives
// the referral (order, cancellation, delivery with its sale), the cap usage comes from the store,
// and one phone has one open card across the dealer group.
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  AlreadyHasCard,
  type CardCommandInput,
  createJipan,
  defaultPolicy,
  type Jipan,
  makeTenant,
  type ReferralCommandInput
} from "../../src/index.js"

const store1 = makeTenant("grp-east", "store-01")
const store2 = makeTenant("grp-east", "store-02")
const base = Date.parse("2026-11-02T10:00:00+08:00")
const day = (n: number) => base + n * 86_400_000
const dayText = (n: number) => new Date(day(n) + 8 * 3_600_000).toISOString().slice(0, 10)

const refereePhone = "139 8765 4321"

const open = (
  cardId: string,
  n: number,
  phone = refereePhone,
  storeId = "store-01",
  owner = "c-wang"
): CardCommandInput => ({
  _tag: "OpenCard",
  cardId,
  storeId,
  customerId: `cust-${cardId}`,
  phone,
  owner,
  source: "referral",
  intent: "direct",
  evidence: {},
  by: { id: owner, role: "consultant" },
  at: day(n)
})
const order = (n: number, orderId = "SO-1"): CardCommandInput => ({
  _tag: "PlaceOrder",
  orderId,
  model: "GL8",
  by: { id: "c-wang", role: "consultant" },
  at: day(n)
})
const cancel = (n: number): CardCommandInput => ({
  _tag: "CancelOrder",
  reason: "changed mind",
  next: { kind: "backToProspect", grade: "B" },
  by: { id: "c-wang", role: "consultant" },
  at: day(n)
})
const deliver = (n: number, sale?: { kind: "retail" | "fleet"; units: number }): CardCommandInput => ({
  _tag: "Deliver",
  vehicle: { vin: "LSVAU2187N2123456", brand: "Buick", model: "GL8" },
  deliveredOn: dayText(n),
  ...(sale === undefined ? {} : { sale }),
  by: { id: "c-wang", role: "consultant" },
  at: day(n)
})
const register = (
  referralId: string,
  n: number,
  referrerId = "cust-old",
  phone = refereePhone
): ReferralCommandInput => ({
  _tag: "Register",
  on: dayText(n),
  registration: {
    referralId,
    storeId: "store-01",
    consultantId: "c-wang",
    registeredOn: dayText(n),
    askedAt: "delivery",
    referrer: {
      kind: "ownedCustomer",
      id: referrerId,
      phone: `138 0000 ${referrerId.length.toString().padStart(4, "0")}`
    },
    referee: { name: "李四", phone }
  }
})
const audit = (n: number, referrerId = "cust-old"): ReferralCommandInput => ({
  _tag: "Recheck",
  on: dayText(n),
  context: {
    existing: [],
    earlierClaims: [],
    refereeConfirmation: { on: dayText(n), namedReferrerId: referrerId },
    phoneAudit: { on: dayText(n), outcome: "realProspect" }
  }
})

const withJipan = async (f: (jipan: Jipan) => Promise<void>) => {
  const jipan = createJipan()
  try {
    await f(jipan)
  } finally {
    await jipan.close()
  }
}

describe("registering a referral with the referee's phone alone", () => {
  it("assembles the look-ups: a new referee is pending its checks, not rejected", () =>
    withJipan(async (jipan) => {
      const r = await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
      expect(r.state.status).toBe("registered")
      expect(r.events.map((e) => e._tag)).toEqual(["ReferralRegistered", "ReferralPending"])
      const found = await jipan.findReferrals(
        { dealerGroupId: "grp-east" },
        { refereePhone: "+86 139-8765-4321" }
      )
      expect(found.items.map((f) => f.referralId)).toEqual(["ref-1"])
    }))

  it("first claim wins: a second referrer of the same referee, in another store, is rejected as alreadyClaimed", () =>
    withJipan(async (jipan) => {
      await jipan.handleReferral(store1, "ref-1", register("ref-1", 0, "cust-a"))
      const second = await jipan.handleReferral(store2, "ref-2", {
        ...(register("ref-2", 1, "cust-b") as { registration: object }),
        registration: {
          ...(register("ref-2", 1, "cust-b") as { registration: object }).registration,
          storeId: "store-02"
        }
      } as ReferralCommandInput)
      expect(second.state.status).toBe("rejected")
      expect(second.state.rejection?.reasons).toEqual(["alreadyClaimed"])
    }))

  it("first claim wins by the store's order: a same-day claim with a smaller id registered second is rejected", () =>
    withJipan(async (jipan) => {
      const first = await jipan.handleReferral(store1, "ref-2", register("ref-2", 0, "cust-a"))
      expect(first.state.status).toBe("registered")
      const second = await jipan.handleReferral(store1, "ref-1", register("ref-1", 0, "cust-b"))
      expect(second.state.rejection?.reasons).toEqual(["alreadyClaimed"])
      // the first claim, rechecked, still stands
      const rechecked = await jipan.handleReferral(store1, "ref-2", audit(1, "cust-a"))
      expect(rechecked.state.status).toBe("audited")
    }))

  it("a recheck keeps what it was told before: the confirmation one day, the audit the next", () =>
    withJipan(async (jipan) => {
      await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
      const confirmed = await jipan.handleReferral(store1, "ref-1", {
        _tag: "Recheck",
        on: dayText(1),
        context: { refereeConfirmation: { on: dayText(1), namedReferrerId: "cust-old" } }
      })
      expect(confirmed.state.status).toBe("registered")
      const audited = await jipan.handleReferral(store1, "ref-1", {
        _tag: "Recheck",
        on: dayText(2),
        context: { phoneAudit: { on: dayText(2), outcome: "realProspect" } }
      })
      expect(audited.state.status).toBe("audited")
      expect(audited.state.answers).toEqual({
        refereeConfirmation: { on: dayText(1), namedReferrerId: "cust-old" },
        phoneAudit: { on: dayText(2), outcome: "realProspect" }
      })
    }))

  it("a referee who already had a card before the registration is not new", () =>
    withJipan(async (jipan) => {
      await jipan.handle(store1, "card-old", open("card-old", -30))
      const r = await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
      expect(r.state.status).toBe("rejected")
      expect(r.state.rejection?.reasons).toContain("refereeNotNew")
    }))

  it("a referral rejected earlier does not block a later claim", () =>
    withJipan(async (jipan) => {
      await jipan.handleReferral(store1, "ref-1", register("ref-1", 0, "cust-a"))
      await jipan.handleReferral(store1, "ref-1", {
        _tag: "Void",
        on: dayText(0),
        reason: "registered in error"
      })
      const r = await jipan.handleReferral(store1, "ref-2", register("ref-2", 1, "cust-b"))
      expect(r.state.status).toBe("registered")
    }))
})

describe("the referee's card drives the referral", () => {
  it("links the card opened for the referee, then order and fleet delivery advance the referral in the card's transaction", () =>
    withJipan(async (jipan) => {
      await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
      const opened = await jipan.handle(store1, "card-9", open("card-9", 0))
      expect(opened.referrals.map((r) => r.events.map((e) => e._tag))).toEqual([["RefereeCardLinked"]])
      await jipan.handleReferral(store1, "ref-1", audit(2))
      expect((await jipan.referral(store1, "ref-1")).state.status).toBe("audited")
      const ordered = await jipan.handle(store1, "card-9", order(3))
      expect(ordered.referrals.flatMap((r) => r.events.map((e) => e._tag))).toEqual(["RefereeOrdered"])
      const delivered = await jipan.handle(store1, "card-9", deliver(10, { kind: "fleet", units: 3 }))
      expect(delivered.referrals.flatMap((r) => r.events.map((e) => e._tag))).toEqual([
        "RefereeDelivered",
        "HoldingStarted"
      ])
      const referral = await jipan.referral(store1, "ref-1")
      expect(referral.state.status).toBe("holding")
      expect(referral.state.delivery).toEqual({
        deliveryId: "card-9",
        deliveredOn: dayText(10),
        saleKind: "fleet",
        units: 3
      })
    }))

  it("an order placed before the audit is caught up when the referral is audited", () =>
    withJipan(async (jipan) => {
      await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
      await jipan.handle(store1, "card-9", open("card-9", 0))
      const ordered = await jipan.handle(store1, "card-9", order(1))
      expect(ordered.referrals).toEqual([])
      const audited = await jipan.handleReferral(store1, "ref-1", audit(2))
      expect(audited.events.map((e) => e._tag)).toEqual(["ReferralAudited", "RefereeOrdered"])
      expect(audited.state.status).toBe("refereeOrdered")
    }))

  it("a cancelled order takes the referral back to audited; the next order is heard again", () =>
    withJipan(async (jipan) => {
      await jipan.handle(store1, "card-9", open("card-9", 0))
      await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
      await jipan.handleReferral(store1, "ref-1", audit(1))
      await jipan.handle(store1, "card-9", order(2))
      await jipan.handle(store1, "card-9", cancel(3))
      expect((await jipan.referral(store1, "ref-1")).state.status).toBe("audited")
      await jipan.handle(store1, "card-9", order(4, "SO-2"))
      const r = await jipan.referral(store1, "ref-1")
      expect(r.state.status).toBe("refereeOrdered")
      expect(r.state.orderId).toBe("SO-2")
    }))

  it("reads the referrer's cap usage from the store: the eleventh reward of a year is capped", () =>
    withJipan(async (jipan) => {
      const cap = defaultPolicy.referral.caps.maxRewards
      for (let i = 0; i <= cap; i++) {
        const phone = `139 0000 ${String(1000 + i)}`
        const cardId = `card-${i}`
        const referralId = `ref-${i}`
        await jipan.handleReferral(store1, referralId, register(referralId, 0, "cust-old", phone))
        await jipan.handle(store1, cardId, open(cardId, 0, phone))
        await jipan.handleReferral(store1, referralId, audit(1))
        await jipan.handle(store1, cardId, order(2))
        await jipan.handle(store1, cardId, deliver(3))
      }
      const last = await jipan.referral(store1, `ref-${cap}`)
      expect(last.state.earned?.valueFen).toBe(0)
      expect(last.state.earned?.capped?.reason).toMatch(/Cap reached/)
      const first = await jipan.referral(store1, "ref-0")
      expect(first.state.earned?.valueFen).toBeGreaterThan(0)
    }))
})

describe("one phone, one open card, across the dealer group", () => {
  it("refuses an open in a sister store, naming the store and the consultant that hold the card", () =>
    withJipan(async (jipan) => {
      await jipan.handle(store1, "card-1", open("card-1", 0, refereePhone, "store-01", "c-wang"))
      const error = await jipan
        .handle(store2, "card-1", open("card-1", 1, refereePhone, "store-02", "c-li"))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AlreadyHasCard)
      expect(error).toMatchObject({
        existingCardId: "card-1",
        existingStoreId: "store-01",
        existingOwner: "c-wang"
      })
    }))

  it("allows it when the policy says one open card per store", () =>
    withJipan(async (jipan) => {
      await jipan.putPolicyDocument(
        { dealerGroupId: "grp-east" },
        {
          policyId: "grp-east",
          version: 1,
          scope: { dealerGroupId: "grp-east" },
          effectiveFrom: "2026-01-01",
          lifecycle: { ...defaultPolicy.lifecycle, phoneUniqueness: "store" }
        }
      )
      await jipan.handle(store1, "card-1", open("card-1", 0))
      const other = await jipan.handle(store2, "card-1", open("card-1", 1, refereePhone, "store-02", "c-li"))
      expect(other.state.status).toBe("prospect")
    }))
})

// The referral is always level with its referee's card: whatever the order of card commands and
// referral steps, the referral's status is what the card's state gives once audited.
describe("property: a referral follows its referee's card for any interleaving", () => {
  type Step = "order" | "cancel" | "deliver" | "audit"
  it("ends level with the card", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Step>("order", "cancel", "deliver", "audit"), { maxLength: 8 }),
        fc.boolean(),
        async (steps, cardFirst) => {
          const jipan = createJipan()
          try {
            if (cardFirst) await jipan.handle(store1, "card-9", open("card-9", 0))
            await jipan.handleReferral(store1, "ref-1", register("ref-1", 0))
            if (!cardFirst) await jipan.handle(store1, "card-9", open("card-9", 0))
            let n = 1
            let orders = 0
            for (const step of steps) {
              n += 1
              const command =
                step === "order"
                  ? order(n, `SO-${++orders}`)
                  : step === "cancel"
                    ? cancel(n)
                    : step === "deliver"
                      ? deliver(n)
                      : undefined
              if (command === undefined)
                await jipan.handleReferral(store1, "ref-1", audit(n)).catch(() => undefined)
              else await jipan.handle(store1, "card-9", command).catch(() => undefined)
            }
            const card = (await jipan.card(store1, "card-9")).state
            const referral = (await jipan.referral(store1, "ref-1")).state
            expect(referral.refereeCard).toEqual({ storeId: "store-01", cardId: "card-9" })
            if (referral.status === "registered") return
            const expected =
              card.status === "owned" ? "holding" : card.order !== undefined ? "refereeOrdered" : "audited"
            expect(referral.status).toBe(expected)
            if (expected === "refereeOrdered") expect(referral.orderId).toBe(card.order?.orderId)
          } finally {
            await jipan.close()
          }
        }
      ),
      { numRuns: 60 }
    )
  })
})
