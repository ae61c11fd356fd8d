/**
 * The conformance tests of `Outbox.settle`: each outcome's effect on a pending message, settling
 * once, the claimant's lease (a settle by anyone but the holder is refused and reported lost;
 * settling clears the claim), batches, and the tenant scope. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import { Outbox, type OutboxMessage, type OutboxOutcome, type Tenant } from "@jipan/core"
import { Effect } from "effect"
import { freshTenant } from "../Fixtures.js"
import { message, type SuiteBody } from "./Support.js"

/**
 * The names of the outbox settle tests.
 *
 * @example
 * ```ts
 * import type { SettleTestName } from "@jipan/testkit"
 * const skip: Partial<Record<SettleTestName, true>> = { "outbox: settle is scoped to the tenant": true }
 * ```
 */
export type SettleTestName =
  | "outbox: settle applies Sent, Failed, Deferred and Skipped to pending messages, once"
  | "outbox: settle with a claimant: only the lease holder settles, and settling clears the claim"
  | "outbox: settle is scoped to the tenant"

const settlement = (tenant: Tenant, id: string, outcome: OutboxOutcome) => ({ tenant, id, outcome })
const sent: OutboxOutcome = { _tag: "Sent" }

const byId = (messages: ReadonlyArray<OutboxMessage>) => new Map(messages.map((m) => [m.id, m]))
const shape = (m: OutboxMessage | undefined) =>
  m === undefined ? undefined : [m.status, m.attempts, m.availableAt, m.lastError ?? null]

/** The outbox settle tests, by name. */
export const settleTests = <R>(): Record<SettleTestName, SuiteBody<R>> => ({
  "outbox: settle applies Sent, Failed, Deferred and Skipped to pending messages, once": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      const at = message(tenant, "x").availableAt
      yield* outbox.enqueue(["m1", "m2", "m3", "m4", "m5", "m6", "m7"].map((id) => message(tenant, id)))
      assert.deepStrictEqual(yield* outbox.settle([]), { settled: 0, lost: [] })
      const first = yield* outbox.settle([
        settlement(tenant, "m1", sent),
        settlement(tenant, "m2", { _tag: "Failed", error: "HTTP 410" }),
        settlement(tenant, "m3", { _tag: "Failed", error: "HTTP 503", retryAt: at + 60_000 }),
        settlement(tenant, "m4", { _tag: "Deferred", until: at + 3_600_000, reason: "quiet hours" }),
        settlement(tenant, "m5", { _tag: "Skipped", reason: "no consent" }),
        settlement(tenant, "nope", sent)
      ])
      assert.deepStrictEqual(first, { settled: 5, lost: ["nope"] })
      let all = byId(yield* outbox.list(tenant))
      assert.deepStrictEqual(shape(all.get("m1")), ["sent", 1, at, null])
      assert.deepStrictEqual(shape(all.get("m2")), ["dead", 1, at, "HTTP 410"])
      assert.deepStrictEqual(shape(all.get("m3")), ["pending", 1, at + 60_000, "HTTP 503"])
      // deferred: not an attempt, only later
      assert.deepStrictEqual(shape(all.get("m4")), ["pending", 0, at + 3_600_000, "quiet hours"])
      assert.deepStrictEqual(shape(all.get("m5")), ["skipped", 0, at, "no consent"])
      assert.deepStrictEqual(shape(all.get("m6")), ["pending", 0, at, null])
      // settled messages are final: a second settle is refused and reported lost
      const again = yield* outbox.settle([
        settlement(tenant, "m1", { _tag: "Failed", error: "late" }),
        settlement(tenant, "m2", sent),
        settlement(tenant, "m5", sent)
      ])
      assert.deepStrictEqual(again.settled, 0)
      assert.deepStrictEqual([...again.lost].sort(), ["m1", "m2", "m5"])
      // a message still pending (retry, deferral) settles again; Sent keeps the last error
      assert.deepStrictEqual(yield* outbox.settle([settlement(tenant, "m3", sent)]), { settled: 1, lost: [] })
      // one settlement per message in a batch: the last one given wins
      assert.deepStrictEqual(
        yield* outbox.settle([
          settlement(tenant, "m6", sent),
          settlement(tenant, "m6", { _tag: "Failed", error: "x" })
        ]),
        { settled: 1, lost: [] }
      )
      all = byId(yield* outbox.list(tenant))
      assert.deepStrictEqual(shape(all.get("m3")), ["sent", 2, at + 60_000, "HTTP 503"])
      assert.deepStrictEqual(shape(all.get("m6")), ["dead", 1, at, "x"])
      assert.deepStrictEqual(shape(all.get("m7")), ["pending", 0, at, null])
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, at, 10)).map((m) => m.id),
        ["m7"]
      )
    }),

  "outbox: settle with a claimant: only the lease holder settles, and settling clears the claim": (
    backdoor
  ) =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      // far in the future, after the other tests' messages (claims take every tenant's due messages)
      const base = 4_100_000_000_000
      yield* outbox.enqueue(
        ["k1", "k2", "k3", "k4"].map((id) => ({ ...message(tenant, id), availableAt: base }))
      )
      const mine = (ms: ReadonlyArray<OutboxMessage>) =>
        ms
          .filter((m) => m.tenant.dealerGroupId === tenant.dealerGroupId)
          .map((m) => m.id)
          .sort()
      const now = base + 100
      assert.deepStrictEqual(
        mine(yield* outbox.claim({ now, limit: 100_000, leaseMs: 60_000, claimant: "A" })),
        ["k1", "k2", "k3", "k4"]
      )
      if (backdoor?.claimedBy !== undefined) assert.strictEqual(yield* backdoor.claimedBy(tenant, "k1"), "A")
      // B does not hold k1: refused, nothing changes
      assert.deepStrictEqual(yield* outbox.settle([settlement(tenant, "k1", sent)], { claimant: "B" }), {
        settled: 0,
        lost: ["k1"]
      })
      assert.strictEqual(byId(yield* outbox.list(tenant)).get("k1")?.status, "pending")
      // A does: a batch of two
      const deferredTo = base + 90_000
      assert.deepStrictEqual(
        yield* outbox.settle(
          [
            settlement(tenant, "k1", sent),
            settlement(tenant, "k2", { _tag: "Deferred", until: deferredTo, reason: "quiet hours" })
          ],
          { claimant: "A" }
        ),
        { settled: 2, lost: [] }
      )
      // k2 is pending again but nobody holds it: A's claim is gone with the settle
      if (backdoor?.claimedBy !== undefined)
        assert.strictEqual(yield* backdoor.claimedBy(tenant, "k2"), undefined)
      assert.deepStrictEqual(yield* outbox.settle([settlement(tenant, "k2", sent)], { claimant: "A" }), {
        settled: 0,
        lost: ["k2"]
      })
      // A's lease on k3 and k4 runs out and B claims them: A's settle is lost, B's goes through
      assert.deepStrictEqual(
        mine(yield* outbox.claim({ now: now + 61_000, limit: 100_000, leaseMs: 60_000, claimant: "B" })),
        ["k3", "k4"]
      )
      const late = yield* outbox.settle(
        [settlement(tenant, "k3", sent), settlement(tenant, "k4", { _tag: "Skipped", reason: "no consent" })],
        { claimant: "A" }
      )
      assert.deepStrictEqual([late.settled, [...late.lost].sort()], [0, ["k3", "k4"]])
      assert.deepStrictEqual(
        yield* outbox.settle(
          [settlement(tenant, "k3", { _tag: "Failed", error: "HTTP 503", retryAt: base + 10_000_000 })],
          { claimant: "B" }
        ),
        { settled: 1, lost: [] }
      )
      // the deferred message comes back when due, to whoever claims it then
      assert.deepStrictEqual(
        mine(yield* outbox.claim({ now: deferredTo + 1, limit: 100_000, leaseMs: 60_000, claimant: "C" })),
        ["k2"]
      )
      assert.deepStrictEqual(yield* outbox.settle([settlement(tenant, "k2", sent)], { claimant: "C" }), {
        settled: 1,
        lost: []
      })
      const all = byId(yield* outbox.list(tenant))
      assert.deepStrictEqual(
        ["k1", "k2", "k3", "k4"].map((id) => [all.get(id)?.status, all.get(id)?.attempts]),
        [
          ["sent", 1],
          ["sent", 1],
          ["pending", 1],
          ["pending", 0]
        ]
      )
      if (backdoor?.claimedBy !== undefined) {
        assert.strictEqual(yield* backdoor.claimedBy(tenant, "k3"), undefined)
        assert.strictEqual(yield* backdoor.claimedBy(tenant, "k4"), "B")
      }
    }),

  "outbox: settle is scoped to the tenant": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const a = freshTenant("s1")
      const b = freshTenant("s1")
      const a2 = { ...a, storeId: "s2" } as Tenant
      yield* outbox.enqueue([message(a, "m1"), message(b, "m1")])
      // the same id in another store of the group, and in another group, are not this message
      assert.deepStrictEqual(yield* outbox.settle([settlement(a2, "m1", sent)]), { settled: 0, lost: ["m1"] })
      assert.deepStrictEqual(yield* outbox.settle([settlement(a, "m1", { _tag: "Skipped", reason: "r" })]), {
        settled: 1,
        lost: []
      })
      assert.deepStrictEqual(
        (yield* outbox.list(a)).map((m) => m.status),
        ["skipped"]
      )
      assert.deepStrictEqual(
        (yield* outbox.list(b)).map((m) => [m.status, m.attempts]),
        [["pending", 0]]
      )
    })
})
