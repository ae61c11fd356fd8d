/**
 * What every storage use case shares: the options (conflict retries, time zone, what to do without
 * a policy document, the outbox messages of a change), the policy in force for a tenant on a day,
 * storing a policy document, and the refusals of an input that names another tenant.
 *
 * @module
 */
import { Context, Effect, Result } from "effect"
import type { CardChange } from "../card/CardChange.js"
import { type CalendarDate, calendarDateOf } from "../kernel/CalendarDate.js"
import { InvalidInput } from "../kernel/Errors.js"
import type { ReferralId } from "../kernel/Ids.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { OutboxDraft } from "../notify/Outbox.js"
import {
  decodePolicyDocument,
  defaultPolicy,
  type NoPolicyInForce,
  type Policy,
  type PolicyDocument,
  resolvePolicy
} from "../policy/Policy.js"
import type { ReferralEvent, ReferralState } from "../referral/Referral.js"
import type { ReferralCommand } from "../referral/ReferralCommand.js"
import { PolicyStore } from "./PolicyStore.js"
import type { LedgerRow } from "./ReferralStore.js"

/** How many times a command is re-decided after a version conflict when not told otherwise. */
export const DEFAULT_CONFLICT_RETRIES = 3

/**
 * Options of the use cases.
 *
 * - `conflictRetries` (default {@link DEFAULT_CONFLICT_RETRIES}): how many times a command is
 *   reloaded and decided again after a {@link VersionConflict} before the conflict is returned.
 *   Safe because nothing was written and the command is decided afresh on the new state (a command
 *   that no longer applies is then refused by the decider); 0 turns retries off.
 * - `timeZone` (default `Asia/Shanghai`): the zone that turns the command's instant into the date
 *   the policy is resolved for (then the policy's own zone, if it differs).
 * - `policyWhenNoDocuments` (default `"default"`): on a day when no policy document of the dealer
 *   group is in force (none at all, or none yet), decide under {@link defaultPolicy} (with the
 *   store's override in force, if any); `"fail"` refuses with `NoPolicyInForce` instead.
 * - `messages`: the outbox messages a card change causes, written in the same transaction.
 * - `referralMessages`: the same for a referral change (a DMS's webhook for referral events).
 *
 * @example
 * ```ts
 * import type { UseCaseOptions } from "@jipan/core"
 * const options: UseCaseOptions = { conflictRetries: 5, policyWhenNoDocuments: "fail" }
 * ```
 */
export interface UseCaseOptions {
  readonly conflictRetries?: number | undefined
  readonly timeZone?: string | undefined
  readonly policyWhenNoDocuments?: "default" | "fail" | undefined
  readonly messages?: ((change: CardChange) => ReadonlyArray<OutboxDraft>) | undefined
  readonly referralMessages?: ((change: ReferralChange) => ReadonlyArray<OutboxDraft>) | undefined
}

/**
 * A referral change, as `referralMessages` sees it: the command, the events it produced, the
 * states before and after, and the ledger entries it wrote.
 *
 * @example
 * ```ts
 * import type { ReferralChange } from "@jipan/core"
 * const approved = (c: ReferralChange) => c.events.some((e) => e._tag === "ReferralApproved")
 * ```
 */
export interface ReferralChange {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly command: ReferralCommand
  readonly events: ReadonlyArray<ReferralEvent>
  readonly before: ReferralState
  readonly state: ReferralState
  readonly ledger: ReadonlyArray<LedgerRow["entry"]>
}

/**
 * The refusal of an input that names another store than the call's tenant (the path `storeId`).
 *
 * @example
 * ```ts
 * import { tenantMismatch } from "@jipan/core"
 * tenantMismatch("OpenCard", "store-01", "store-02").issues // [{ path: "storeId", message: "Expected store store-01, got store-02" }]
 * ```
 */
export const tenantMismatch = (what: string, expected: string, got: string): InvalidInput =>
  new InvalidInput({
    what,
    issues: [{ path: "storeId", message: `Expected store ${expected}, got ${got}` }],
    message: `Invalid ${what}: it names store ${got}, but the call is scoped to store ${expected}`
  })

/**
 * The policy documents read within one use-case call, by dealer group: a command reads them once,
 * not once per step (the open's phone scope, the decision, each referral it drives), and a close
 * of day once for all its cards. Provided by {@link withPolicyDocumentsOnce}; outside one, every
 * read goes to the store.
 */
const PolicyDocumentsRead = Context.Reference<Map<string, ReadonlyArray<PolicyDocument>> | undefined>(
  "@jipan/core/PolicyDocumentsRead",
  { defaultValue: () => undefined }
)

const policyDocuments = (
  dealerGroupId: Tenant["dealerGroupId"]
): Effect.Effect<ReadonlyArray<PolicyDocument>, StoreError, PolicyStore> =>
  Effect.flatMap(Effect.service(PolicyDocumentsRead), (read) => {
    const known = read?.get(dealerGroupId)
    if (known !== undefined) return Effect.succeed(known)
    return Effect.flatMap(Effect.service(PolicyStore), (policies) =>
      Effect.tap(policies.documents(dealerGroupId), (documents) =>
        Effect.sync(() => {
          read?.set(dealerGroupId, documents)
        })
      )
    )
  })

/**
 * Runs a use case reading each dealer group's policy documents at most once (the first read is
 * kept for the rest of the call; an inner call joins the outer one's).
 *
 * @example
 * ```ts
 * import { withPolicyDocumentsOnce, policyInForce } from "@jipan/core"
 * withPolicyDocumentsOnce(policyInForce(tenant, Date.now()))
 * ```
 */
export const withPolicyDocumentsOnce = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.service(PolicyDocumentsRead), (read) =>
    read !== undefined ? effect : Effect.provideService(effect, PolicyDocumentsRead, new Map())
  )

/**
 * The policy in force for a tenant on the date of an instant: the stored documents resolved with
 * `resolvePolicy`; the date is taken in `timeZone`, then in the policy's own zone if it differs.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { policyInForce } from "@jipan/core"
 * const policy = policyInForce(tenant, Date.parse("2026-11-22T10:00:00+08:00"))
 * ```
 */
export const policyInForce = (
  tenant: Tenant,
  at: number | CalendarDate,
  options: UseCaseOptions = {}
): Effect.Effect<Policy, NoPolicyInForce | StoreError, PolicyStore> =>
  Effect.gen(function* () {
    const documents = yield* policyDocuments(tenant.dealerGroupId)
    if (documents.length === 0 && options.policyWhenNoDocuments !== "fail") return defaultPolicy
    const scope = { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
    const zone = options.timeZone ?? "Asia/Shanghai"
    const dateIn = (z: string) => (typeof at === "number" ? calendarDateOf(at, z) : at)
    const base = options.policyWhenNoDocuments === "fail" ? undefined : defaultPolicy
    const first = resolvePolicy(documents, scope, dateIn(zone), base)
    if (Result.isSuccess(first) && (typeof at !== "number" || first.success.timeZone === zone))
      return first.success
    // the policy's own zone may put the instant on another day: resolve again for that day
    const again = resolvePolicy(
      documents,
      scope,
      dateIn(Result.isSuccess(first) ? first.success.timeZone : zone),
      base
    )
    return yield* Effect.fromResult(again)
  })

/**
 * Stores a policy document version for the caller's scope (immutable: the same version again is
 * a `Duplicate` store error). The document is checked against the Schema again, and refused with
 * `InvalidInput` when it names another dealer group, or another store than a store-scoped caller's
 * (a caller scoped to one tenant is held to it).
 *
 * @example
 * ```ts
 * import { DealerGroupId, putPolicyDocument, type PolicyDocument } from "@jipan/core"
 * declare const policyDocument: PolicyDocument
 * putPolicyDocument({ dealerGroupId: DealerGroupId.make("grp-east") }, policyDocument)
 * ```
 */
export const putPolicyDocument = (
  scope: TenantScope,
  document: PolicyDocument
): Effect.Effect<void, StoreError | InvalidInput, PolicyStore> =>
  Effect.gen(function* () {
    const decoded = decodePolicyDocument(document)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const doc = decoded.success
    const outside = scopeMismatch(scope, doc.scope.dealerGroupId, doc.scope.storeId, "scope")
    if (outside !== undefined) return yield* outside("PolicyDocument")
    const policies = yield* PolicyStore
    return yield* policies.put(doc)
  }).pipe(traced("jipan.putPolicyDocument", { ...tenantIds(scope) }))

/**
 * Whether a payload's tenant lies outside the caller's scope: another dealer group, or (for a
 * store-scoped caller) another store or the whole group. Returns the refusal (naming the path) to
 * build, or `undefined` when the payload is the caller's.
 *
 * @example
 * ```ts
 * import { scopeMismatch } from "@jipan/core"
 * const refuse = scopeMismatch({ dealerGroupId: "grp-east", storeId: "store-01" } as never, "grp-east", "store-02", "scope")
 * refuse?.("PolicyDocument").issues // [{ path: "scope.storeId", message: "Expected store store-01" }]
 * ```
 */
export const scopeMismatch = (
  scope: TenantScope,
  dealerGroupId: string,
  storeId: string | undefined,
  path: string
): ((what: string) => InvalidInput) | undefined => {
  const wrongGroup = dealerGroupId !== scope.dealerGroupId
  const wrongStore = !wrongGroup && scope.storeId !== undefined && storeId !== scope.storeId
  if (!wrongGroup && !wrongStore) return undefined
  return (what) =>
    new InvalidInput({
      what,
      issues: [
        wrongGroup
          ? { path: `${path}.dealerGroupId`, message: `Expected dealer group ${scope.dealerGroupId}` }
          : { path: `${path}.storeId`, message: `Expected store ${scope.storeId}` }
      ],
      message: wrongGroup
        ? `Invalid ${what}: it is for another dealer group than the caller's (${scope.dealerGroupId})`
        : `Invalid ${what}: it is for another store than the caller's (${scope.storeId})`
    })
}
