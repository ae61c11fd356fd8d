/**
 * The conformance tests of the outbox port (`Outbox`): messages commit with the change and are
 * deduplicated by idempotency key, pending / sent / failed, and concurrent claims with leases
 * (settling is in OutboxSettle.ts). Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import { CardStore, initialCardState, Outbox, StoreTransaction } from "@jipan/core"
import { Effect } from "effect"
import { appendFor, cardIdOf, freshTenant, openCommand } from "../Fixtures.js"
import { message, type SuiteBody } from "./Support.js"

/** The names of the outbox tests (part of `StoreTestName`). */
export type OutboxTestName =
  | "outbox: messages commit with the change, idempotency keys deduplicate"
  | "outbox: pending, sent and failed messages"
  | "outbox: concurrent claims take each due message once, leases expire, skipped is final"

/** The outbox tests, by name. */
export const outboxTests = <R>(): Record<OutboxTestName, SuiteBody<R>> => ({
  "outbox: messages commit with the change, idempotency keys deduplicate": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const outbox = yield* Outbox
      const tx = yield* StoreTransaction
      const tenant = freshTenant()
      yield* tx.withTransaction(
        Effect.andThen(
          cards.append(appendFor(tenant, cardIdOf(1), initialCardState, openCommand(tenant, 1))),
          outbox.enqueue([message(tenant, "m1"), message(tenant, "m2")])
        )
      )
      // a stale append in the same transaction as a message: neither is written
      yield* Effect.exit(
        tx.withTransaction(
          Effect.andThen(
            outbox.enqueue([message(tenant, "m3")]),
            cards.append(appendFor(tenant, cardIdOf(1), initialCardState, openCommand(tenant, 1)))
          )
        )
      )
      yield* outbox.enqueue([{ ...message(tenant, "m4"), idempotencyKey: "key-m1" }])
      const all = yield* outbox.list(tenant)
      assert.deepStrictEqual(
        all.map((m) => m.id),
        ["m1", "m2"]
      )
      assert.deepStrictEqual(all[0]?.payload, { cardId: "card-0001", n: [1, 2] })
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.outboxCount(tenant), 2)
    }),

  "outbox: pending, sent and failed messages": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      yield* outbox.enqueue([
        { ...message(tenant, "m1"), availableAt: 1000 },
        { ...message(tenant, "m2"), availableAt: 500 },
        { ...message(tenant, "m3"), availableAt: 5000 }
      ])
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, 2000, 10)).map((m) => m.id),
        ["m2", "m1"]
      )
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, 2000, 1)).map((m) => m.id),
        ["m2"]
      )
      yield* outbox.markSent(tenant, "m2")
      yield* outbox.markFailed(tenant, "m1", { error: "HTTP 503", retryAt: 3000 })
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, 2000, 10)).map((m) => m.id),
        []
      )
      const retried = (yield* outbox.pending(tenant, 6000, 10)).map((m) => [m.id, m.attempts, m.lastError])
      assert.deepStrictEqual(retried, [
        ["m1", 1, "HTTP 503"],
        ["m3", 0, undefined]
      ])
      yield* outbox.markFailed(tenant, "m3", { error: "gone" })
      assert.deepStrictEqual(
        (yield* outbox.list(tenant, "dead")).map((m) => m.id),
        ["m3"]
      )
      assert.deepStrictEqual(
        (yield* outbox.list(tenant, "sent")).map((m) => [m.id, m.status, m.attempts]),
        [["m2", "sent", 1]]
      )
    }),

  "outbox: concurrent claims take each due message once, leases expire, skipped is final": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      // far in the future, so that only this test's messages and earlier leftovers are due
      const base = 4_000_000_000_000
      yield* outbox.enqueue([
        { ...message(tenant, "c1"), availableAt: base },
        { ...message(tenant, "c2"), availableAt: base + 1 },
        { ...message(tenant, "c3"), availableAt: base + 10_000 },
        { ...message(tenant, "c4"), availableAt: base + 2 }
      ])
      yield* outbox.markSkipped(tenant, "c4", "no consent for sms")
      // fresh tenants differ by dealer group (every fixture store is "store-01")
      const mine = (
        ms: ReadonlyArray<{ readonly id: string; readonly tenant: { readonly dealerGroupId: string } }>
      ) => ms.filter((m) => m.tenant.dealerGroupId === tenant.dealerGroupId).map((m) => m.id)
      const now = base + 100
      const [a, b] = yield* Effect.all(
        [
          outbox.claim({ now, limit: 1000, leaseMs: 60_000 }),
          outbox.claim({ now, limit: 1000, leaseMs: 60_000 })
        ],
        { concurrency: 2 }
      )
      const claimed = [...mine(a), ...mine(b)].sort()
      assert.deepStrictEqual(claimed, ["c1", "c2"])
      // held by the lease: nobody else gets them, nor the pending reads
      assert.deepStrictEqual(mine(yield* outbox.claim({ now: now + 1000, limit: 1000, leaseMs: 60_000 })), [])
      // the dispatcher that held c1 died: its lease runs out and c1 comes back, with c3 now due
      yield* outbox.markSent(tenant, "c2")
      const again = mine(yield* outbox.claim({ now: now + 61_000, limit: 1000, leaseMs: 60_000 }))
      assert.deepStrictEqual(again.sort(), ["c1", "c3"])
      const skipped = yield* outbox.list(tenant, "skipped")
      assert.deepStrictEqual(
        skipped.map((m) => [m.id, m.lastError]),
        [["c4", "no consent for sms"]]
      )
    })
})
