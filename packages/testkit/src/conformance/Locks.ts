/**
 * The conformance tests of `StoreTransaction.lock`: transactions naming the same key serialise
 * (each reads what the one before committed, so read-then-write never loses an update), keys taken
 * in any order never deadlock, another group's key never blocks (on stores whose transactions
 * run at the same time), and a lock taken outside a transaction, twice, or in a nested or failed
 * transaction neither waits nor lingers. Outcome-based: nothing here measures time. Registered by
 * `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type CardCommand,
  CardStore,
  handleCard,
  initialCardState,
  lockKey,
  StoreTransaction,
  type Tenant
} from "@jipan/core"
import { Deferred, Effect, Exit, Option } from "effect"
import { appendFor, cardIdOf, freshTenant, openCommand, phoneOf } from "../Fixtures.js"
import type { SuiteBody } from "./Support.js"

/** The names of the lock tests (part of `StoreTestName`). */
export type LockTestName =
  | "lock: transactions taking the same key serialise their read-then-write"
  | "lock: keys taken in any order never deadlock"
  | "lock: another group's key does not block"
  | "lock: outside a transaction, twice, nested or rolled back, a lock neither waits nor lingers"

/**
 * One read-then-write of a counter-like fact under the lock: reads card 1 of the tenant and
 * appends one event at the version it read (opens it when there is none). Without the lock, two
 * of these at the same time read the same version and one fails with `VersionConflict`.
 */
const bump = (tenant: Tenant, keys: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const tx = yield* StoreTransaction
    const cards = yield* CardStore
    return yield* tx.withTransaction(
      Effect.gen(function* () {
        yield* tx.lock(keys)
        const loaded = yield* cards.load(tenant, cardIdOf(1))
        const state = Option.isSome(loaded) ? loaded.value.state : initialCardState
        const open = openCommand(tenant, 1)
        const command: CardCommand =
          state.status === "none"
            ? open
            : {
                _tag: "LogContact",
                channel: "call",
                outcome: "notReached",
                evidence: {},
                by: open.by,
                at: state.lastEventAt + 60_000
              }
        yield* cards.append(appendFor(tenant, cardIdOf(1), state, command))
        return state.version + 1
      })
    )
  })

const versionOf = (tenant: Tenant) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const loaded = yield* cards.load(tenant, cardIdOf(1))
    return Option.isSome(loaded) ? loaded.value.version : 0
  })

/** The lock tests, by name. */
export const lockTests = <R>(): Record<LockTestName, SuiteBody<R>> => ({
  "lock: transactions taking the same key serialise their read-then-write": (backdoor) =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const key = lockKey(tenant.dealerGroupId, "counter", "card-1")
      const n = 6
      const exits = yield* Effect.all(
        Array.from({ length: n }, () => Effect.exit(bump(tenant, [key]))),
        { concurrency: "unbounded" }
      )
      const failed = exits.filter(Exit.isFailure).map((e) => String(e.cause))
      assert.deepStrictEqual(failed, [], "every read-then-write under the lock commits")
      // each saw the one before: the versions they wrote are 1..n, once each
      assert.deepStrictEqual(
        exits.flatMap((e) => (Exit.isSuccess(e) ? [e.value] : [])).sort((a, b) => a - b),
        Array.from({ length: n }, (_, i) => i + 1)
      )
      assert.strictEqual(yield* versionOf(tenant), n)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.eventCount(tenant, cardIdOf(1)), n)
    }),

  "lock: keys taken in any order never deadlock": () =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const a = lockKey(tenant.dealerGroupId, "phone", phoneOf(1))
      const b = lockKey(tenant.dealerGroupId, "phone", phoneOf(2))
      const c = lockKey(tenant.dealerGroupId, "counter", "card-1")
      const orders = [
        [a, b, c],
        [c, b, a],
        [b, c, a],
        [c, a, b, a]
      ]
      const exits = yield* Effect.all(
        orders.map((keys) => Effect.exit(bump(tenant, keys))),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(
        exits.filter(Exit.isFailure).map((e) => String(e.cause)),
        []
      )
      assert.strictEqual(yield* versionOf(tenant), orders.length)
    }),

  "lock: another group's key does not block": (_backdoor, traits) =>
    Effect.gen(function* () {
      const tx = yield* StoreTransaction
      const g1 = freshTenant()
      const g2 = freshTenant()
      // the same phone in two groups: two keys
      const phone = phoneOf(6001)
      const k1 = lockKey(g1.dealerGroupId, "phone", phone)
      const k2 = lockKey(g2.dealerGroupId, "phone", phone)
      assert.notStrictEqual(k1, k2)
      if (!traits.concurrentTransactions) {
        // transactions run one after another here: both commit, whatever the keys
        yield* bump(g1, [k1])
        yield* bump(g2, [k2])
        assert.deepStrictEqual([yield* versionOf(g1), yield* versionOf(g2)], [1, 1])
        return
      }
      // the first group's transaction holds its key until the second group's has committed
      // under its own key: were the second to wait for the first, the first would give up
      const holding = yield* Deferred.make<void>()
      const done = yield* Deferred.make<void>()
      const first = tx.withTransaction(
        Effect.gen(function* () {
          yield* tx.lock([k1])
          yield* Deferred.succeed(holding, undefined)
          const waited = yield* Effect.exit(Effect.timeout(Deferred.await(done), "30 seconds"))
          assert.isTrue(Exit.isSuccess(waited), "another group's transaction waited for this group's lock")
          yield* bump(g1, [k1])
        })
      )
      const second = Effect.gen(function* () {
        yield* Deferred.await(holding)
        yield* bump(g2, [k2])
        yield* Deferred.succeed(done, undefined)
      })
      yield* Effect.all([first, second], { concurrency: 2, discard: true })
      assert.deepStrictEqual([yield* versionOf(g1), yield* versionOf(g2)], [1, 1])
    }),

  "lock: outside a transaction, twice, nested or rolled back, a lock neither waits nor lingers": () =>
    Effect.gen(function* () {
      const tx = yield* StoreTransaction
      const tenant = freshTenant()
      const phone = phoneOf(7001)
      const key = lockKey(tenant.dealerGroupId, "phone", phone)
      // outside a transaction: nothing to hold, it returns
      yield* tx.lock([key])
      yield* tx.lock([])
      // a key taken twice, in one call and in two, and in a nested transaction, does not wait on itself
      yield* tx.withTransaction(
        Effect.gen(function* () {
          yield* tx.lock([key, key])
          yield* tx.lock([key])
          yield* tx.withTransaction(tx.lock([key]))
          // the use case takes the phone's lock again inside the caller's transaction
          yield* handleCard({ tenant, cardId: cardIdOf(1), command: openCommand(tenant, 1, { phone }) })
        })
      )
      // a transaction that fails under the lock releases it
      const failed = yield* Effect.exit(
        tx.withTransaction(Effect.andThen(tx.lock([key]), Effect.fail("injected failure")))
      )
      assert.isTrue(Exit.isFailure(failed))
      // and a later open takes the lock again and sees the committed card
      const second = yield* Effect.exit(
        handleCard({ tenant, cardId: cardIdOf(2), command: openCommand(tenant, 2, { phone }) })
      )
      assert.isTrue(Exit.isFailure(second), "the second open for the phone is refused")
      assert.include(String(Exit.isFailure(second) ? second.cause : ""), "AlreadyHasCard")
      assert.strictEqual(yield* versionOf(tenant), 1)
    })
})
