/**
 * The conformance tests that span the ports of a store: nothing crosses tenants, a failed
 * transaction rolls back every port's writes, and the card use case writes its events and messages
 * together. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type CalendarDate,
  CardStore,
  handleCard,
  initialCardState,
  Outbox,
  type OutboxMessage,
  ReferralStore,
  type StoredCard,
  StoreTransaction,
  type Tenant
} from "@jipan/core"
import { Effect, Exit, Option } from "effect"
import { appendFor, cardIdOf, freshTenant, openCommand, phoneOf, referralFixture } from "../Fixtures.js"
import { failsWith, ids, message, owner, type SuiteBody, writeCard } from "./Support.js"

/** The names of the cross-port tests (part of `StoreTestName`). */
export type CrossPortTestName =
  | "tenant: nothing crosses tenants"
  | "transaction: a failure rolls every port's writes back"
  | "use case: handleCard writes events and messages, refuses a second open card"

/** The cross-port tests, by name. */
export const crossPortTests = <R>(): Record<CrossPortTestName, SuiteBody<R>> => ({
  "tenant: nothing crosses tenants": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const outbox = yield* Outbox
      const a = freshTenant("s1")
      const b = freshTenant("s1")
      const a2 = { ...a, storeId: "s2" } as Tenant
      yield* writeCard(a, 1, [openCommand(a, 1, { phone: phoneOf(5) })])
      yield* writeCard(b, 1, [openCommand(b, 1, { phone: phoneOf(5), owner: owner("c-b") })])
      const inB = Option.getOrThrow(yield* cards.load(b, cardIdOf(1)))
      assert.strictEqual(inB.state.owner, "c-b")
      assert.isTrue(Option.isNone(yield* cards.load(a2, cardIdOf(1))))
      assert.deepStrictEqual(ids(yield* cards.findOpenByPhone(a2, phoneOf(5))), [])
      assert.strictEqual((yield* cards.list({ dealerGroupId: a.dealerGroupId }, {})).items.length, 1)
      assert.strictEqual((yield* cards.list(a2, {})).items.length, 0)
      const wl = yield* cards.workList(
        { dealerGroupId: b.dealerGroupId },
        owner("c-wang"),
        "2027-01-01" as CalendarDate
      )
      assert.strictEqual(wl.overdue.length, 0)
      yield* outbox.enqueue([message(a, "m1")])
      assert.strictEqual((yield* outbox.list({ dealerGroupId: b.dealerGroupId })).length, 0)
      assert.strictEqual((yield* outbox.list(a2)).length, 0)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.outboxCount(b), 0)
    }),

  "transaction: a failure rolls every port's writes back": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const referrals = yield* ReferralStore
      const outbox = yield* Outbox
      const tx = yield* StoreTransaction
      const tenant = freshTenant()
      const open = openCommand(tenant, 1)
      const r = referralFixture(tenant, 1, { consultantId: owner("c-a"), referrerId: "cust-9" })
      const exit = yield* Effect.exit(
        tx.withTransaction(
          Effect.gen(function* () {
            yield* cards.append(appendFor(tenant, cardIdOf(1), initialCardState, open))
            yield* referrals.append({ ...r.append, ledger: [r.entry(1, "2026-03-02" as CalendarDate)] })
            yield* outbox.enqueue([message(tenant, "m1")])
            // visible inside the transaction
            assert.isTrue(Option.isSome(yield* cards.load(tenant, cardIdOf(1))))
            return yield* Effect.fail("injected failure")
          })
        )
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.isTrue(Option.isNone(yield* cards.load(tenant, cardIdOf(1))))
      assert.isTrue(Option.isNone(yield* referrals.load(tenant, r.referralId)))
      assert.strictEqual((yield* referrals.ledger(tenant, {})).length, 0)
      assert.strictEqual((yield* outbox.list(tenant)).length, 0)
      if (backdoor !== undefined) {
        assert.strictEqual(yield* backdoor.cardVersion(tenant, cardIdOf(1)), undefined)
        assert.strictEqual(yield* backdoor.eventCount(tenant, cardIdOf(1)), 0)
        assert.strictEqual(yield* backdoor.outboxCount(tenant), 0)
        assert.strictEqual(yield* backdoor.ledgerCount(tenant), 0)
      }
      // a defect rolls back too
      yield* Effect.exit(
        tx.withTransaction(
          Effect.andThen(outbox.enqueue([message(tenant, "m2")]), Effect.die(new Error("boom")))
        )
      )
      assert.strictEqual((yield* outbox.list(tenant)).length, 0)
    }),

  "use case: handleCard writes events and messages, refuses a second open card": (backdoor) =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const messages = (change: {
        readonly cardId: string
        readonly events: ReadonlyArray<{ readonly _tag: string }>
      }) =>
        change.events.map((e) => ({
          topic: `card.${e._tag}`,
          recipient: "consultant:c-wang",
          payload: { cardId: change.cardId }
        }))
      const open = openCommand(tenant, 1, { phone: phoneOf(42) })
      const opened = yield* handleCard({ tenant, cardId: cardIdOf(1), command: open }, { messages })
      assert.strictEqual(opened.version, 1)
      assert.strictEqual(opened.messages.length, 1)
      const second = openCommand(tenant, 2, { phone: phoneOf(42) })
      yield* failsWith(
        handleCard({ tenant, cardId: cardIdOf(2), command: second }, { messages }),
        "AlreadyHasCard"
      )
      const cards = yield* CardStore
      const outbox = yield* Outbox
      assert.isTrue(Option.isNone(yield* cards.load(tenant, cardIdOf(2))))
      assert.deepStrictEqual(
        (yield* outbox.list(tenant)).map((m: OutboxMessage) => [m.topic, m.availableAt]),
        [["card.CardOpened", open.at]]
      )
      const stored: StoredCard = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      assert.strictEqual(stored.state.nextContactDue, opened.state.nextContactDue)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.outboxCount(tenant), 1)
    })
})
