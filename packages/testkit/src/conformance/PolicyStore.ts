/**
 * The conformance tests of the policy store port (`PolicyStore`): documents stored per dealer
 * group, versions immutable. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import { type PolicyDocument, PolicyStore, type Tenant } from "@jipan/core"
import { Effect } from "effect"
import { freshTenant } from "../Fixtures.js"
import { failsWith, type SuiteBody } from "./Support.js"

/** The names of the policy store tests (part of `StoreTestName`). */
export type PolicyStoreTestName = "policy: documents stored per group, versions immutable"

/** The policy store tests, by name. */
export const policyStoreTests = <R>(): Record<PolicyStoreTestName, SuiteBody<R>> => ({
  "policy: documents stored per group, versions immutable": () =>
    Effect.gen(function* () {
      const policies = yield* PolicyStore
      const a = freshTenant()
      const b = freshTenant()
      const doc = (tenant: Tenant, version: number, storeId?: string): PolicyDocument =>
        ({
          policyId: `pol-${tenant.dealerGroupId}`,
          version,
          effectiveFrom: "2026-01-01",
          scope:
            storeId === undefined
              ? { dealerGroupId: tenant.dealerGroupId }
              : { dealerGroupId: tenant.dealerGroupId, storeId },
          firstContact: { thankYouMessageWithinHours: 2, firstCallWithinDays: version }
        }) as PolicyDocument
      yield* policies.put(doc(a, 1))
      yield* policies.put(doc(a, 2, a.storeId))
      yield* policies.put(doc(b, 1))
      yield* failsWith(policies.put(doc(a, 1)), "StoreError")
      const stored = [...(yield* policies.documents(a.dealerGroupId))].sort((x, y) => x.version - y.version)
      assert.deepStrictEqual(stored, [doc(a, 1), doc(a, 2, a.storeId)])
      assert.strictEqual((yield* policies.documents(b.dealerGroupId)).length, 1)
    })
})
