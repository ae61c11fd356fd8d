/**
 * The conformance tests of "first claim wins" through `handleReferral`: registrations racing for
 * one referee from the stores of a dealer group (the phone typed in any common format) end, once
 * each is rechecked, with exactly one standing claim, the first registered (the earliest day, then
 * the smallest referral id: the core's total order), every other rejected as already claimed; a
 * later registration is rejected at once, naming the first; another group's registration for the
 * same phone is another customer's. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  addDays,
  type CalendarDate,
  type ConsultantId,
  handleReferral,
  type PhoneNumber,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  ReferralStore,
  type Tenant
} from "@jipan/core"
import { Effect, Exit, Option } from "effect"
import { freshTenant, phoneOf } from "../Fixtures.js"
import type { SuiteBody } from "./Support.js"

/** The name of the referral claim test (part of `StoreTestName`). */
export type ReferralClaimTestName = "referral: racing registrations for one referee: the first claim wins"

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
      // whatever order they committed in, the first registered claim stands
      assert.isFalse(rejectedAsClaimed((yield* load(1)).state), "ref-0001, the first claim, was rejected")
      for (let k = 2; k <= n; k++) {
        const state = (yield* load(k)).state
        assert.isTrue(
          state.status === "registered" || rejectedAsClaimed(state),
          `ref-000${k}: ${state.status} ${JSON.stringify(state.rejection)}`
        )
      }
      // the claims still pending are checked again, at the same time: only the first stands
      const pending: Array<number> = []
      for (let k = 1; k <= n; k++) if ((yield* load(k)).state.status === "registered") pending.push(k)
      const rechecked = yield* Effect.all(
        pending.map((k) =>
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
      assert.deepStrictEqual(
        rechecked.filter(Exit.isFailure).map((e) => String(e.cause)),
        []
      )
      const standing = yield* referrals.find(
        { dealerGroupId: group.dealerGroupId },
        {
          refereePhone: phone,
          status: ["registered", "audited", "refereeOrdered", "refereeDelivered", "holding", "approved"]
        }
      )
      assert.deepStrictEqual(
        standing.items.map((f) => `${f.tenant.storeId}/${f.referralId}`),
        ["store-01/ref-0001"],
        "one standing claim on the referee: the first registered"
      )
      for (let k = 2; k <= n; k++) {
        const state = (yield* load(k)).state
        assert.isTrue(rejectedAsClaimed(state), `ref-000${k} stands beside the first claim: ${state.status}`)
      }
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
    })
})
