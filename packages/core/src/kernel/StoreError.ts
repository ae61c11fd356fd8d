/**
 * The errors of the storage ports: the optimistic-concurrency conflict, the not-found of the read
 * use cases, and the one infrastructure error every store adapter reports, with a `reason` union.
 * Domain refusals (a command the decider refuses) stay the domain's own typed errors.
 *
 * @module
 */
import { Schema } from "effect"

/**
 * Why a store failed, as a union every adapter maps its failures to:
 *
 * - `Unavailable`: the database could not be reached, or the connection broke (retryable).
 * - `MalformedRow`: a stored row does not decode (hand-edited or corrupt data); `id` names the
 *   card, referral, policy or message it belongs to.
 * - `Duplicate`: a write collides with an immutable row (a ledger entry id, a policy version).
 * - `TenantMismatch`: the input names another tenant than the one the call is scoped to.
 * - `Unknown`: anything else (see `cause`).
 *
 * @example
 * ```ts
 * import type { StoreErrorReason } from "@jipan/core"
 * const retryable = (r: StoreErrorReason) => r === "Unavailable"
 * ```
 */
export type StoreErrorReason = "Unavailable" | "MalformedRow" | "Duplicate" | "TenantMismatch" | "Unknown"

/**
 * The one infrastructure error of a store adapter. `id` names the entity concerned when known
 * (for `MalformedRow`, always).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CardStore } from "@jipan/core"
 * const program = Effect.gen(function* () {
 *   const cards = yield* CardStore
 *   return yield* cards.load(tenant, cardId)
 * }).pipe(Effect.catchTag("StoreError", (e) => Effect.logError(`${e.reason}: ${e.message}`)))
 * ```
 */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  reason: Schema.Literals([
    "Unavailable",
    "MalformedRow",
    "Duplicate",
    "TenantMismatch",
    "Unknown"
  ] satisfies ReadonlyArray<StoreErrorReason>),
  message: Schema.String,
  /** The card, referral, policy or message concerned, when known. */
  id: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Defect())
}) {}

/**
 * An append was based on a stale version: someone else changed the card (or referral) first.
 * Nothing was written; reload and decide again (the use case does, a bounded number of times).
 *
 * @example
 * ```ts
 * import { VersionConflict } from "@jipan/core"
 * const e = new VersionConflict({ id: "card-1", expected: 3, actual: 4, message: "card-1 is at version 4, not 3" })
 * ```
 */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  /** The card or referral id. */
  id: Schema.String,
  expected: Schema.Number,
  actual: Schema.Number,
  message: Schema.String
}) {}

/**
 * A read asked for a card that does not exist in the tenant (it may exist in another one; that is
 * never revealed).
 *
 * @example
 * ```ts
 * import { CardNotFound } from "@jipan/core"
 * new CardNotFound({ cardId: "card-9", message: "No card card-9 in store-01" })
 * ```
 */
export class CardNotFound extends Schema.TaggedError<CardNotFound>()("CardNotFound", {
  cardId: Schema.String,
  message: Schema.String
}) {}

/**
 * A read asked for a referral that does not exist in the tenant.
 *
 * @example
 * ```ts
 * import { ReferralNotFound } from "@jipan/core"
 * new ReferralNotFound({ referralId: "ref-9", message: "No referral ref-9 in store-01" })
 * ```
 */
export class ReferralNotFound extends Schema.TaggedError<ReferralNotFound>()("ReferralNotFound", {
  referralId: Schema.String,
  message: Schema.String
}) {}
