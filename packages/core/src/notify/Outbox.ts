/**
 * The outbox port (principle 5): messages written in the same transaction as the change that
 * caused them, for a dispatcher to deliver at least once. The message catalogue and the
 * dispatcher come with the notifications; this module stores what they need.
 *
 * @module
 */

import { Context, type Effect } from "effect"
import { normalisePhone } from "../kernel/Phone.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"

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
  /** Defaults to the tenant and the message id (`grp/store/card:card-1:2:0`, from the card, version and position). */
  readonly idempotencyKey?: string | undefined
}

/**
 * A stored outbox message. `id` and `idempotencyKey` are unique per store (dealer group and store:
 * two stores may use the same ids); enqueuing a
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
 * What became of one delivery attempt (or of a message not attempted):
 * - `Sent`: delivered; counts an attempt.
 * - `Failed`: counts an attempt and records the error; with `retryAt` it stays pending until
 *   then, without it the message is `dead`.
 * - `Deferred`: not attempted (quiet hours): pending again at `until`, the attempt count unchanged.
 * - `Skipped`: settled without sending, with the reason (e.g. no consent for the channel).
 *
 * @example
 * ```ts
 * import type { OutboxOutcome } from "@jipan/core"
 * const later: OutboxOutcome = { _tag: "Deferred", until: Date.UTC(2026, 10, 23, 1), reason: "quiet hours" }
 * ```
 */
export type OutboxOutcome =
  | { readonly _tag: "Sent" }
  | { readonly _tag: "Failed"; readonly error: string; readonly retryAt?: number | undefined }
  | { readonly _tag: "Deferred"; readonly until: number; readonly reason: string }
  | { readonly _tag: "Skipped"; readonly reason: string }

/**
 * One message's outcome, for {@link Outbox}'s `settle`.
 *
 * @example
 * ```ts
 * import type { OutboxSettlement } from "@jipan/core"
 * const done: OutboxSettlement = { tenant, id: "msg-1", outcome: { _tag: "Sent" } }
 * ```
 */
export interface OutboxSettlement {
  readonly tenant: Tenant
  readonly id: string
  readonly outcome: OutboxOutcome
}

/**
 * What a `settle` did: how many messages it settled, and the ids it could not (no longer pending,
 * or now claimed by another dispatcher).
 *
 * @example
 * ```ts
 * import type { OutboxSettleResult } from "@jipan/core"
 * const r: OutboxSettleResult = { settled: 2, lost: [] }
 * ```
 */
export interface OutboxSettleResult {
  readonly settled: number
  readonly lost: ReadonlyArray<string>
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
    /**
     * For an erasure (个人信息删除): the messages' payloads become `{ "erased": true }` and their
     * `lastError` `"erased"`; those not yet sent (pending) become `skipped`, so nothing queued
     * for the person goes out. Ids, topics, recipients (audience and id), times and attempts stay.
     */
    readonly redact: (tenant: Tenant, ids: ReadonlyArray<string>) => Effect.Effect<void, StoreError>
    readonly markFailed: (
      tenant: Tenant,
      id: string,
      failure: { readonly error: string; readonly retryAt?: number | undefined }
    ) => Effect.Effect<void, StoreError>
    /**
     * The messages of a scope sent to any of `recipients` (`customer:<id>`, `referrer:<id>`) or
     * naming any of `subjects` (see {@link outboxSubjectsOf}: the phones, card, customer and
     * referral ids a message names) — how an erasure finds a person's messages without reading
     * the whole outbox; a store indexes both.
     */
    readonly about: (
      scope: TenantScope,
      query: { readonly recipients: ReadonlyArray<string>; readonly subjects: ReadonlyArray<string> }
    ) => Effect.Effect<ReadonlyArray<OutboxMessage>, StoreError>
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
      /** Who holds the lease (a dispatcher's id); {@link OutboxSettlement}s by anyone else are refused. */
      readonly claimant?: string | undefined
    }) => Effect.Effect<ReadonlyArray<OutboxMessage>, StoreError>
    /**
     * Settles many claimed messages in one write (one round trip on SQL stores). With a
     * `claimant`, a message settles only while that claimant still holds it: one whose lease ran
     * out and that another dispatcher claimed since is left alone and reported in `lost`. Only
     * pending messages settle; settling clears the claim. `Sent` and `Failed` count an attempt;
     * `Deferred` (quiet hours) moves `availableAt` without counting one; `Skipped` settles without
     * sending.
     */
    readonly settle: (
      settlements: ReadonlyArray<OutboxSettlement>,
      options?: { readonly claimant?: string | undefined }
    ) => Effect.Effect<OutboxSettleResult, StoreError>
    /** Settles a message without sending it, with the reason (e.g. no consent for the channel). */
    readonly markSkipped: (tenant: Tenant, id: string, reason: string) => Effect.Effect<void, StoreError>
  }
>()("@jipan/core/Outbox") {}

const SUBJECT_KEYS = new Set(["cardId", "customerId", "referralId", "consentOf"])

/**
 * What a message names, for finding a person's messages (an erasure): the phones among its
 * addresses (`to`, `mentions`; E.164), and every card, customer and referral id in its payload's
 * data, at any depth. A store keeps them beside the message when it is enqueued.
 *
 * @example
 * ```ts
 * import { outboxSubjectsOf, type OutboxMessage } from "@jipan/core"
 * declare const m: OutboxMessage
 * outboxSubjectsOf(m) // ["+8613800001234", "card-1", "cust-1"]
 * ```
 */
export const outboxSubjectsOf = (message: { readonly payload: unknown }): ReadonlyArray<string> => {
  const out = new Set<string>()
  const walk = (v: unknown, key: string | undefined, depth: number): void => {
    if (depth > 16 || v === null || v === undefined) return
    if (typeof v === "string") {
      if (key !== undefined && SUBJECT_KEYS.has(key)) out.add(v)
      else if (key === "to" || key === "mentions") {
        const p = normalisePhone(v)
        if (p._tag === "Success") out.add(p.success)
      }
      return
    }
    if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1)
    else if (typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1)
  }
  walk(message.payload, undefined, 0)
  return [...out].sort()
}
