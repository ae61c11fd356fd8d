/**
 * The conformance tests of "first claim wins" through `handleReferral`: registrations racing for
 * one referee from the stores of a dealer group (the phone typed in any common format) end with
 * exactly one standing claim, at once: the first the store took (the look-up runs under a lock on
 * the referee's phone, and a claim the store already holds wins a same-day tie), every other
 * rejected as already claimed, and rechecking them all changes nothing; a later registration is
 * rejected at once, naming the first; another group's registration for the same phone is another
 * customer's. A registration racing its referee's open ends with the referral linked to the card,
 * whichever commits first (both lock the phone). A card store that answers an open's look-ups in
 * one read (`findOpenByPhoneAndClaims`) gives `findOpenByPhone`'s cards and says exactly when a
 * claiming referral without a referee card names the phone. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  addDays,
  type CalendarDate,
  CardStore,
  type ConsultantId,
  claimingStatuses,
  handleCard,
  handleReferral,
  type PhoneNumber,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  ReferralStore,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Effect, Exit, Option } from "effect"
import { cardIdOf, freshTenant, openCommand, phoneOf } from "../Fixtures.js"
import { type SuiteBody, writeCard } from "./Support.js"

/** The name of the referral claim test (part of `StoreTestName`). */
export type ReferralClaimTestName =
  | "referral: racing registrations for one referee: the first claim wins"
  | "referral: a registration racing its referee's open links the card"
  | "referral: an open's one-read look-up gives the open cards and the referrals waiting for the phone"

const DAY = "2026-03-10" as CalendarDate

/** A registration of the referee's phone (as typed) by referrer `n` in a store of the group. */
const register = (tenant: Tenant, n: number, phone: string, on: CalendarDate) => {
  const referralId = `ref-${String(n).padStart(4, "0")}` as ReferralId
  return handleReferral({
    tenant,
    referralId,
    command: {
      _tag: "Register",
      on,
      registration: {
        referralId,
        storeId: tenant.storeId,
        consultantId: `c-${n}` as ConsultantId,
        registeredOn: on,
        askedAt: "delivery",
        referrer: { kind: "ownedCustomer", id: `cust-${n}`, phone: phoneOf(9100 + n) },
        referee: { name: "李四", phone: phone as PhoneNumber }
      } as ReferralRegistration
    }
  })
}

const rejectedAsClaimed = (state: ReferralState) =>
  state.status === "rejected" && (state.rejection?.reasons ?? []).includes("alreadyClaimed")

/** The referral claim tests, by name. */
export const referralClaimTests = <R>(): Record<ReferralClaimTestName, SuiteBody<R>> => ({
  "referral: racing registrations for one referee: the first claim wins": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const group = freshTenant()
      const phone = "+8613912345678" as PhoneNumber
      const typed = [phone, "139 1234 5678", "139-1234-5678", "+86 139 1234 5678"]
      const n = typed.length
      const storeOf = (k: number) => ({ ...group, storeId: `store-0${k}` }) as Tenant
      // the claims race from four stores, the later ones (by id) first where a store runs them in order
      const raced = yield* Effect.all(
        Array.from({ length: n }, (_, i) => n - i).map((k) =>
          Effect.exit(register(storeOf(k), k, typed[k - 1] as string, DAY))
        ),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(
        raced.filter(Exit.isFailure).map((e) => String(e.cause)),
        [],
        "every registration is taken (a claim that comes second is rejected, not refused)"
      )
      const load = (k: number) =>
        Effect.map(referrals.load(storeOf(k), `ref-${String(k).padStart(4, "0")}` as ReferralId), (r) =>
          Option.getOrThrow(r)
        )
      const standingNow = () =>
        Effect.map(
          referrals.find(
            { dealerGroupId: group.dealerGroupId },
            {
              refereePhone: phone,
              status: ["registered", "audited", "refereeOrdered", "refereeDelivered", "holding", "approved"]
            }
          ),
          (page) => page.items.map((f) => `${f.tenant.storeId}/${f.referralId}`)
        )
      // whatever order they committed in, exactly one claim stands at once, the others rejected
      const first = yield* standingNow()
      assert.strictEqual(first.length, 1, `one standing claim right after the race: ${first.join(", ")}`)
      for (let k = 1; k <= n; k++) {
        const state = (yield* load(k)).state
        if (first[0] === `store-0${k}/ref-000${k}`) assert.strictEqual(state.status, "registered")
        else
          assert.isTrue(
            rejectedAsClaimed(state),
            `ref-000${k}: ${state.status} ${JSON.stringify(state.rejection)}`
          )
      }
      // rechecking every claim at the same time keeps the one that stood
      const rechecked = yield* Effect.all(
        Array.from({ length: n }, (_, i) => i + 1).map((k) =>
          Effect.exit(
            handleReferral({
              tenant: storeOf(k),
              referralId: `ref-${String(k).padStart(4, "0")}` as ReferralId,
              command: { _tag: "Recheck", on: addDays(DAY, 1) }
            })
          )
        ),
        { concurrency: "unbounded" }
      )
      // the rejected ones refuse a recheck (only a registered claim is rechecked): that is all
      for (const e of rechecked)
        if (Exit.isFailure(e)) assert.include(String(e.cause), "ReferralTransitionNotAllowed")
      assert.deepStrictEqual(
        yield* standingNow(),
        first,
        "one standing claim on the referee: the first the store took"
      )
      // a claim registered later is rejected at once, naming the first
      const late = yield* register(storeOf(2), 5, "13912345678", addDays(DAY, 2))
      assert.isTrue(rejectedAsClaimed(late.state), `a later claim: ${late.state.status}`)
      assert.include(JSON.stringify(late.state.rejection), "alreadyClaimed")
      // another dealer group's registration of the same phone is another customer's first claim
      const stranger = freshTenant("store-01")
      const elsewhere = yield* register(stranger, 6, phone, addDays(DAY, 3))
      assert.isFalse(rejectedAsClaimed(elsewhere.state), `another group: ${elsewhere.state.status}`)
      assert.strictEqual(
        (yield* referrals.find({ dealerGroupId: group.dealerGroupId }, { refereePhone: phone })).items.length,
        n + 1
      )
    }),

  "referral: a registration racing its referee's open links the card": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const tenant = freshTenant()
      // the open is on the registration's day: the referee is new, so the claim stands and must
      // hear of the card, whichever transaction commits first
      const pairs = Array.from({ length: 8 }, (_, i) => i + 1)
      const raced = yield* Effect.all(
        pairs.flatMap((k) => {
          const phone = phoneOf(9300 + k)
          const open = Effect.exit(
            handleCard({
              tenant,
              cardId: cardIdOf(k),
              command: openCommand(tenant, k, { phone, day: 8 })
            }).pipe(Effect.asVoid)
          )
          const claim = Effect.exit(Effect.asVoid(register(tenant, k, phone, DAY)))
          return k % 2 === 0 ? [open, claim] : [claim, open]
        }),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(
        raced.flatMap((e: Exit.Exit<void, unknown>) => (Exit.isFailure(e) ? [String(e.cause)] : [])),
        [],
        "every open and registration is taken"
      )
      for (const k of pairs) {
        const found = Option.getOrThrow(
          yield* referrals.load(tenant, `ref-${String(k).padStart(4, "0")}` as ReferralId)
        )
        assert.strictEqual(found.state.status, "registered", `ref ${k}: ${found.state.status}`)
        assert.deepStrictEqual(
          found.state.refereeCard,
          { storeId: tenant.storeId, cardId: cardIdOf(k) },
          `ref ${k} is linked to the referee's card`
        )
      }
    }),

  "referral: an open's one-read look-up gives the open cards and the referrals waiting for the phone": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const referrals = yield* ReferralStore
      const both = cards.findOpenByPhoneAndClaims
      // optional: a store without it answers with two look-ups
      if (both === undefined) return
      const group = freshTenant()
      const second = { ...group, storeId: "store-02" } as Tenant
      const stranger = freshTenant()
      const waiting = phoneOf(9401)
      const linked = phoneOf(9402)
      const known = phoneOf(9403)
      const twoStores = phoneOf(9404)
      const elsewhere = phoneOf(9405)
      const nothing = phoneOf(9406)
      // a claim with no card yet; a claim whose referee's card then opened (linked); a card opened
      // before its claim (the claim judged on it); open cards in two stores; another group's claim
      yield* register(group, 1, waiting, DAY)
      yield* register(group, 2, linked, DAY)
      yield* handleCard({
        tenant: group,
        cardId: cardIdOf(2),
        command: openCommand(group, 2, { phone: linked, day: 8 })
      })
      yield* handleCard({
        tenant: group,
        cardId: cardIdOf(3),
        command: openCommand(group, 3, { phone: known })
      })
      yield* register(group, 3, known, DAY)
      yield* writeCard(group, 4, [openCommand(group, 4, { phone: twoStores })])
      yield* writeCard(second, 5, [openCommand(second, 5, { phone: twoStores })])
      yield* register(stranger, 6, elsewhere, DAY)
      const scopes: ReadonlyArray<TenantScope> = [{ dealerGroupId: group.dealerGroupId }, group, second]
      const answers: Array<boolean> = []
      for (const phone of [waiting, linked, known, twoStores, elsewhere, nothing])
        for (const scope of scopes) {
          const got = yield* both(scope, phone)
          assert.deepStrictEqual(
            got.open,
            yield* cards.findOpenByPhone(scope, phone),
            `${phone} in ${scope.storeId}`
          )
          const claims = yield* referrals.find(
            { dealerGroupId: scope.dealerGroupId },
            { refereePhone: phone, status: claimingStatuses }
          )
          const expected = claims.items.some((f) => f.state.refereeCard === undefined)
          assert.strictEqual(got.unlinkedClaims, expected, `${phone} in ${scope.storeId}: a claim waits`)
          answers.push(expected)
        }
      assert.isTrue((yield* both(group, waiting)).unlinkedClaims, "the claim without a card waits")
      assert.isFalse((yield* both(group, linked)).unlinkedClaims, "the linked claim does not")
      assert.strictEqual((yield* both({ dealerGroupId: group.dealerGroupId }, twoStores)).open.length, 2)
      assert.isTrue(answers.includes(false) && answers.includes(true))
    })
})
