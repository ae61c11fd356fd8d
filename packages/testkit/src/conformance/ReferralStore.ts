/**
 * The conformance tests of the referral store port (`ReferralStore`): versions, the append-only
 * ledger and its reads by month, referrer and consultant. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import { type CalendarDate, lockKey, ReferralStore, StoreTransaction, type YearMonth } from "@jipan/core"
import { Effect, Option } from "effect"
import { freshTenant, referralFixture } from "../Fixtures.js"
import { failsWith, owner, plain, type SuiteBody } from "./Support.js"

/** The names of the referral store tests (part of `StoreTestName`). */
export type ReferralStoreTestName =
  "referral: versions, append-only ledger, reads by month, referrer and consultant"

/** The referral store tests, by name. */
export const referralStoreTests = <R>(): Record<ReferralStoreTestName, SuiteBody<R>> => ({
  "referral: versions, append-only ledger, reads by month, referrer and consultant": (backdoor) =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const tenant = freshTenant()
      const r1 = referralFixture(tenant, 1, { consultantId: owner("c-a"), referrerId: "cust-1" })
      const r2 = referralFixture(tenant, 2, { consultantId: owner("c-b"), referrerId: "cust-2" })
      yield* referrals.append(r1.append)
      yield* referrals.append(r2.append)
      yield* failsWith(referrals.append(r1.append), "VersionConflict")
      const loaded = Option.getOrThrow(yield* referrals.load(tenant, r1.referralId))
      assert.strictEqual(loaded.version, 1)
      assert.strictEqual(loaded.state.status, "registered")
      const approved = [{ _tag: "ReferralApproved" as const, on: "2026-03-20" as CalendarDate }]
      yield* referrals.append(r1.next(loaded.state, approved, [r1.entry(1, "2026-03-20" as CalendarDate)]))
      const s2 = Option.getOrThrow(yield* referrals.load(tenant, r2.referralId)).state
      yield* referrals.append(r2.next(s2, approved, [r2.entry(1, "2026-04-02" as CalendarDate, 50000)]))
      // a ledger entry is never written twice: the whole append fails
      const now = Option.getOrThrow(yield* referrals.load(tenant, r1.referralId)).state
      yield* failsWith(
        referrals.append(r1.next(now, approved, [r1.entry(1, "2026-03-21" as CalendarDate)])),
        "StoreError"
      )
      assert.strictEqual(Option.getOrThrow(yield* referrals.load(tenant, r1.referralId)).version, 2)
      // a registration's read under its referee's lock (optional): what load reads, none when new
      const loadLocked = referrals.loadLocked
      if (loadLocked !== undefined) {
        const tx = yield* StoreTransaction
        for (const id of [r1.referralId, r2.referralId, `${r1.referralId}-new` as typeof r1.referralId]) {
          const locked = yield* tx.withTransaction(
            loadLocked(tenant, id, lockKey(tenant.dealerGroupId, "phone", `k-${id}`))
          )
          assert.deepStrictEqual(
            plain(locked),
            plain(yield* referrals.load(tenant, id)),
            `${id} read under a lock`
          )
        }
      }
      const entries = (rows: ReadonlyArray<{ readonly entry: { readonly entryId: string } }>) =>
        rows.map((r) => r.entry.entryId)
      assert.deepStrictEqual(entries(yield* referrals.ledger(tenant, {})), [
        `${r1.referralId}:v1:issued`,
        `${r2.referralId}:v1:issued`
      ])
      assert.deepStrictEqual(entries(yield* referrals.ledger(tenant, { month: "2026-04" as YearMonth })), [
        `${r2.referralId}:v1:issued`
      ])
      assert.deepStrictEqual(entries(yield* referrals.ledger(tenant, { referrerId: "cust-1" })), [
        `${r1.referralId}:v1:issued`
      ])
      const byConsultant = yield* referrals.ledger(
        { dealerGroupId: tenant.dealerGroupId },
        { consultantId: owner("c-b") }
      )
      assert.deepStrictEqual(entries(byConsultant), [`${r2.referralId}:v1:issued`])
      assert.strictEqual(byConsultant[0]?.entry.amountFen, 50000)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.ledgerCount(tenant), 2)
    })
})
