/**
 * The outbox port (principle 5): messages written in the same transaction as the change that
 * caused them, for a dispatcher to deliver at least once. The message catalogue and the
 * dispatcher come with the notifications; this module stores what they need.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { StoreError } from "./StoreError.js"
import type { Tenant, TenantScope } from "./Tenant.js"

/**
 * Where a message stands: waiting (`pending`, possibly with a later `availableAt` for a retry or
 * while a dispatcher holds it), delivered (`sent`), given up after the policy's attempts (`dead`),
 * or not to be sent at all, with the reason in `lastError` (`skipped`: e.g. the customer withdrew
 * consent for the channel).
 *
 * @example
 * ```ts
 * import type { OutboxStatus } from "@jipan/core"
 * const done = (s: OutboxStatus) => s !== "pending"
 * ```
 */
export type OutboxStatus = "pending" | "sent" | "dead" | "skipped"

/**
 * A message to write: what a use case attaches to a change. `payload` must be JSON.
 *
 * @example
 * ```ts
 * import type { OutboxDraft } from "@jipan/core"
 * const d: OutboxDraft = { topic: "card.opened", recipient: "consultant:c-wang", payload: { cardId: "card-1" } }
 * ```
 */
export interface OutboxDraft {
  readonly topic: string
  readonly recipient: string
  readonly payload: unknown
  /** Epoch ms; defaults to the command's instant. */
  readonly availableAt?: number | undefined
  /** Defaults to the message id (derived from the change: card, version and position). */
  readonly idempotencyKey?: string | undefined
}

/**
 * A stored outbox message. `id` and `idempotencyKey` are unique per dealer group; enqueuing a
 * message whose key is already stored is a no-op (the earlier one stays).
 *
 * @example
 * ```ts
 * import type { OutboxMessage } from "@jipan/core"
 * const due = (m: OutboxMessage, now: number) => m.status === "pending" && m.availableAt <= now
 * ```
 */
export interface OutboxMessage {
  readonly id: string
  readonly idempotencyKey: string
  readonly tenant: Tenant
  readonly topic: string
  readonly recipient: string
  readonly payload: unknown
  readonly availableAt: number
  readonly status: OutboxStatus
  readonly attempts: number
  readonly lastError: string | undefined
}

/**
 * The outbox port.
 *
 * - `enqueue`: writes new messages (status `pending`, 0 attempts); joins the caller's transaction.
 * - `pending`: messages in the scope due at `now` (`availableAt <= now`), oldest first.
 * - `markSent`, `markFailed`: record a delivery attempt; a failure with `retryAt` stays pending
 *   until then, without it the message is `dead`.
 * - `list`: every message in the scope (optionally of one status), in enqueue order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Outbox } from "@jipan/core"
 * const due = Effect.gen(function* () {
 *   const outbox = yield* Outbox
 *   return yield* outbox.pending({ dealerGroupId }, Date.now(), 100)
 * })
 * ```
 */
export class Outbox extends Context.Service<
  Outbox,
  {
    readonly enqueue: (messages: ReadonlyArray<OutboxMessage>) => Effect.Effect<void, StoreError>
    readonly pending: (
      scope: TenantScope,
      now: number,
      limit: number
    ) => Effect.Effect<ReadonlyArray<OutboxMessage>, StoreError>
    readonly markSent: (tenant: Tenant, id: string) => Effect.Effect<void, StoreError>
    readonly markFailed: (
      tenant: Tenant,
      id: string,
      failure: { readonly error: string; readonly retryAt?: number | undefined }
    ) => Effect.Effect<void, StoreError>
    readonly list: (
      scope: TenantScope,
      status?: OutboxStatus
    ) => Effect.Effect<ReadonlyArray<OutboxMessage>, StoreError>
    /**
     * Takes up to `limit` pending messages due at `now`, across every tenant, for one dispatcher:
     * each is hidden from other claims until `now + leaseMs` (its `availableAt` moves there), so
     * several dispatcher processes can run at once and a crashed one's messages come back when the
     * lease runs out. On PostgreSQL the claim uses `FOR UPDATE SKIP LOCKED`.
     */
    readonly claim: (options: {
      readonly now: number
      readonly limit: number
      readonly leaseMs: number
    }) => Effect.Effect<ReadonlyArray<OutboxMessage>, StoreError>
    /** Settles a message without sending it, with the reason (e.g. no consent for the channel). */
    readonly markSkipped: (tenant: Tenant, id: string, reason: string) => Effect.Effect<void, StoreError>
  }
>()("@jipan/core/Outbox") {}
