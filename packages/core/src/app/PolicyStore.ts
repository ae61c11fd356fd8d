/**
 * The policy document store port: every version of a dealer group's policy documents (group-wide
 * and store overrides), immutable once stored. The use case resolves the policy in force with
 * `resolvePolicy` over them.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { DealerGroupId } from "../kernel/Ids.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { PolicyDocument } from "../policy/Policy.js"

/**
 * The policy document store port.
 *
 * - `put`: stores one document version under its scope's dealer group; the same
 *   (policyId, version) again fails with a `Duplicate` store error (versions are immutable).
 * - `documents`: every document of the group, in any order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PolicyStore, resolvePolicy } from "@jipan/core"
 * const inForce = Effect.gen(function* () {
 *   const policies = yield* PolicyStore
 *   return resolvePolicy(yield* policies.documents(dealerGroupId), { dealerGroupId, storeId }, today)
 * })
 * ```
 */
export class PolicyStore extends Context.Service<
  PolicyStore,
  {
    readonly put: (document: PolicyDocument) => Effect.Effect<void, StoreError>
    readonly documents: (
      dealerGroupId: DealerGroupId
    ) => Effect.Effect<ReadonlyArray<PolicyDocument>, StoreError>
  }
>()("@jipan/core/PolicyStore") {}
