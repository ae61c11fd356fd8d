/**
 * The conformance tests of "one open card per phone" through `handleCard`: across the dealer group
 * by default (an open card in a sister store refuses the open, naming that store and its
 * consultant), within each store under a policy saying `lifecycle.phoneUniqueness: "store"`, never
 * across groups; and under concurrency: opens racing for one phone in the stores of a group leave
 * exactly one open card (the use case looks the phone up under `StoreTransaction.lock`).
 * Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type AlreadyHasCard,
  CardStore,
  type ConsultantId,
  defaultSections,
  handleCard,
  type PhoneNumber,
  type PolicyDocument,
  PolicyStore,
  type Tenant
} from "@jipan/core"
import { Effect, Exit } from "effect"
import { cardIdOf, freshTenant, openCommand, phoneOf } from "../Fixtures.js"
import { owner, type SuiteBody } from "./Support.js"

/** The names of the phone uniqueness tests (part of `StoreTestName`). */
export type PhoneUniquenessTestName =
  | "phone: an open card in a sister store refuses the open, naming the store and its consultant"
  | "phone: under a store-scoped policy, each store may hold an open card for the phone"
  | "phone: racing opens for one phone in the stores of a group: exactly one wins"

/** A policy document of the group that keeps one open card per phone in each store only. */
export const storeScopedPhones = (dealerGroupId: string): PolicyDocument =>
  ({
    policyId: "pol-phones",
    version: 1,
    effectiveFrom: "2000-01-01",
    scope: { dealerGroupId },
    lifecycle: { ...defaultSections.lifecycle, phoneUniqueness: "store" }
  }) as unknown as PolicyDocument

/** Opens card `n` in a store with a phone (as typed: national formats are normalised). */
const open = (tenant: Tenant, n: number, phone: string, who = "c-wang") =>
  handleCard({
    tenant,
    cardId: cardIdOf(n),
    command: { ...openCommand(tenant, n, { owner: owner(who) }), phone: phone as PhoneNumber }
  })

/** The refusal an open ended with, which must be `AlreadyHasCard`. */
const refusalOf = (exit: Exit.Exit<unknown, unknown>): AlreadyHasCard => {
  assert.isTrue(Exit.isFailure(exit), "expected AlreadyHasCard, the open was accepted")
  const reason = Exit.isFailure(exit) ? exit.cause.reasons.find((r) => r._tag === "Fail") : undefined
  const error = (reason?._tag === "Fail" ? reason.error : undefined) as AlreadyHasCard | undefined
  assert.strictEqual(error?._tag, "AlreadyHasCard", String(Exit.isFailure(exit) ? exit.cause : ""))
  return error as AlreadyHasCard
}

/** The refusal of an open, which must be `AlreadyHasCard`. */
const refusal = (effect: ReturnType<typeof open>) => Effect.map(Effect.exit(effect), refusalOf)

/** The phone uniqueness tests, by name. */
export const phoneUniquenessTests = <R>(): Record<PhoneUniquenessTestName, SuiteBody<R>> => ({
  "phone: an open card in a sister store refuses the open, naming the store and its consultant": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const s1 = freshTenant("store-01")
      const s2 = { ...s1, storeId: "store-02" } as Tenant
      const phone = "+8613987654321"
      yield* open(s1, 1, phone, "c-li")
      // typed in national format in the sister store: the same customer
      const refused = yield* refusal(open(s2, 2, "139 8765 4321", "c-zhao"))
      assert.strictEqual(refused.existingCardId, cardIdOf(1))
      assert.strictEqual(refused.existingStoreId, "store-01")
      assert.strictEqual(refused.existingOwner, "c-li")
      assert.strictEqual(refused.storeId, "store-02")
      assert.strictEqual(refused.phone, phone)
      assert.include(refused.message, "store-01")
      // a refusal writes nothing
      assert.deepStrictEqual(
        (yield* cards.withPhone({ dealerGroupId: s1.dealerGroupId }, phone as PhoneNumber)).map(
          (c) => `${c.tenant.storeId}/${c.cardId}`
        ),
        [`store-01/${cardIdOf(1)}`]
      )
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.cardVersion(s2, cardIdOf(2)), undefined)
      // in the same store too, naming it
      const again = yield* refusal(open(s1, 3, phone))
      assert.strictEqual(again.existingStoreId, "store-01")
      // another dealer group's customer with the same phone is another customer
      const stranger = freshTenant("store-01")
      const opened = yield* open(stranger, 1, phone)
      assert.strictEqual(opened.state.status, "prospect")
      // once the card in store-01 is no longer open, the sister store may open one
      yield* handleCard({
        tenant: s1,
        cardId: cardIdOf(1),
        command: {
          _tag: "MarkInvalid",
          reasonId: "wrongNumber",
          by: { id: "c-li" as ConsultantId, role: "consultant" },
          at: openCommand(s1, 1).at + 60_000
        }
      })
      const second = yield* open(s2, 2, phone, "c-zhao")
      assert.strictEqual(second.state.status, "prospect")
      assert.deepStrictEqual(
        (yield* cards.findOpenByPhone({ dealerGroupId: s1.dealerGroupId }, phone as PhoneNumber)).map(
          (c) => `${c.tenant.storeId}/${c.cardId}`
        ),
        [`store-02/${cardIdOf(2)}`]
      )
    }),

  "phone: under a store-scoped policy, each store may hold an open card for the phone": () =>
    Effect.gen(function* () {
      const policies = yield* PolicyStore
      const cards = yield* CardStore
      const s1 = freshTenant("store-01")
      const s2 = { ...s1, storeId: "store-02" } as Tenant
      yield* policies.put(storeScopedPhones(s1.dealerGroupId))
      const phone = phoneOf(4321)
      yield* open(s1, 1, phone, "c-li")
      const other = yield* open(s2, 1, phone, "c-zhao")
      assert.strictEqual(other.state.status, "prospect")
      // still one per store
      const refused = yield* refusal(open(s2, 2, phone))
      assert.strictEqual(refused.existingCardId, cardIdOf(1))
      assert.strictEqual(refused.existingStoreId, "store-02")
      assert.strictEqual(refused.existingOwner, "c-zhao")
      assert.deepStrictEqual(
        (yield* cards.findOpenByPhone({ dealerGroupId: s1.dealerGroupId }, phone)).map(
          (c) => `${c.tenant.storeId}/${c.cardId}`
        ),
        [`store-01/${cardIdOf(1)}`, `store-02/${cardIdOf(1)}`]
      )
    }),

  "phone: racing opens for one phone in the stores of a group: exactly one wins": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const policies = yield* PolicyStore
      const stores = ["store-01", "store-02", "store-03", "store-04", "store-05"]
      for (let round = 1; round <= 3; round++) {
        const group = freshTenant()
        const tenants = stores.map((storeId) => ({ ...group, storeId }) as Tenant)
        const phone = phoneOf(5000 + round)
        const exits = yield* Effect.all(
          tenants.map((tenant, i) => Effect.exit(open(tenant, i + 1, phone, `c-${i + 1}`))),
          { concurrency: "unbounded" }
        )
        const won = exits.flatMap((exit, i) => (Exit.isSuccess(exit) ? [i] : []))
        assert.strictEqual(won.length, 1, `round ${round}: ${won.length} opens won`)
        const winner = won[0] as number
        for (const [i, exit] of exits.entries()) {
          if (i === winner) continue
          const refused = refusalOf(exit)
          assert.strictEqual(refused.existingStoreId, stores[winner], `round ${round}: the holding store`)
          assert.strictEqual(refused.existingOwner, `c-${winner + 1}`, `round ${round}: the holder`)
          assert.strictEqual(refused.existingCardId, cardIdOf(winner + 1))
        }
        const held = yield* cards.withPhone({ dealerGroupId: group.dealerGroupId }, phone)
        assert.deepStrictEqual(
          held.map((c) => `${c.tenant.storeId}/${c.cardId}/${c.status}`),
          [`${stores[winner]}/${cardIdOf(winner + 1)}/prospect`],
          `round ${round}: the group holds one card with the phone`
        )
        if (backdoor !== undefined)
          for (const [i, tenant] of tenants.entries())
            assert.strictEqual(
              yield* backdoor.eventCount(tenant, cardIdOf(i + 1)),
              i === winner ? 1 : 0,
              `round ${round}: events of ${tenant.storeId}`
            )
      }
      // under a store-scoped policy the same race opens one card in every store, and racing opens
      // within one store still leave one
      const group = freshTenant()
      yield* policies.put(storeScopedPhones(group.dealerGroupId))
      const phone = phoneOf(5100)
      const everywhere = yield* Effect.all(
        stores.map((storeId, i) => Effect.exit(open({ ...group, storeId } as Tenant, i + 1, phone))),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(everywhere.filter(Exit.isSuccess).length, stores.length)
      const inOneStore = yield* Effect.all(
        [11, 12, 13, 14].map((n) => Effect.exit(open(group, n, phoneOf(5101)))),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(inOneStore.filter(Exit.isSuccess).length, 1)
      assert.strictEqual((yield* cards.withPhone(group, phoneOf(5101))).length, 1)
    })
})
