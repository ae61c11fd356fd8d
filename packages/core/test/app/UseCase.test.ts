import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer } from "effect"
import type { CardCommandInput } from "../../src/index.js"
import {
  AlreadyHasCard,
  CardNotFound,
  CardStore,
  createJipan,
  handleCard,
  InvalidInput,
  layerMemory,
  makeTenant,
  type OpenCard,
  VersionConflict
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const at = Date.parse("2026-11-22T10:00:00+08:00")
const open = (cardId: string, phone = "+8613812345678"): CardCommandInput => ({
  _tag: "OpenCard",
  cardId,
  storeId: "store-01",
  customerId: `cust-${cardId}`,
  phone,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: "c-wang", role: "consultant" },
  at
})

describe("createJipan (Promise facade)", () => {
  it.each(["138 1234 5678", "138-1234-5678", "13812345678", "+86 138 1234 5678", "0086 138 1234 5678"])(
    "opens a card for a phone typed as %j, stored in E.164, and finds it again",
    async (typed) => {
      const jipan = createJipan()
      const opened = await jipan.handle(tenant, "card-1", open("card-1", typed))
      assert.strictEqual(opened.state.phone, "+8613812345678")
      const again = await jipan
        .handle(tenant, "card-2", open("card-2", "138 1234 5678"))
        .catch((e: unknown) => e)
      assert.strictEqual((again as { _tag: string })._tag, "AlreadyHasCard")
      await jipan.close()
    }
  )

  it("opens a card, rejects a second open for the phone with AlreadyHasCard", async () => {
    const jipan = createJipan()
    const opened = await jipan.handle(tenant, "card-1", open("card-1"))
    assert.strictEqual(opened.state.status, "prospect")
    assert.strictEqual(opened.state.nextContactDue, "2026-11-23")
    const error = await jipan.handle(tenant, "card-2", open("card-2")).catch((e: unknown) => e)
    assert.instanceOf(error, AlreadyHasCard)
    assert.strictEqual((error as AlreadyHasCard).existingCardId, "card-1")
    const work = await jipan.workList(tenant, "c-wang", "2026-11-23")
    assert.deepStrictEqual(
      work.dueToday.map((c) => c.cardId),
      ["card-1"]
    )
    assert.strictEqual((await jipan.card(tenant, "card-1")).version, 1)
    await jipan.close()
  })

  it("types the command: a wrong literal is a compile error, and refused at run time with its path", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open("card-1"))
    const log = {
      _tag: "LogContact",
      by: { id: "c-wang", role: "consultant" },
      at: at + 60_000,
      outcome: "reached",
      note: "wants the 7-seat GL8",
      evidence: {}
    } as const
    // @ts-expect-error "phone" is not a contact channel ("call" is)
    const e = await jipan.handle(tenant, "card-1", { ...log, channel: "phone" }).catch((x: unknown) => x)
    assert.instanceOf(e, InvalidInput)
    assert.include(
      (e as InvalidInput).issues.map((i) => i.path),
      "channel"
    )
    const ok = await jipan.handle(tenant, "card-1", { ...log, channel: "call" }, { expectedVersion: 1 })
    assert.strictEqual(ok.version, 2)
    await jipan.close()
  })

  it("rejects bad input and unknown cards with typed errors", async () => {
    const jipan = createJipan()
    assert.instanceOf(
      await jipan.handle(tenant, "card-1", { _tag: "OpenCard" } as never).catch((e: unknown) => e),
      InvalidInput
    )
    assert.instanceOf(
      await jipan
        .handle({ dealerGroupId: "", storeId: "s" }, "card-1", open("card-1"))
        .catch((e: unknown) => e),
      InvalidInput
    )
    assert.instanceOf(
      await jipan
        .handle(tenant, "card-1", { ...open("card-1"), storeId: "store-02" } as CardCommandInput)
        .catch((e: unknown) => e),
      InvalidInput
    )
    assert.instanceOf(await jipan.card(tenant, "card-9").catch((e: unknown) => e), CardNotFound)
    await jipan.close()
  })

  it("before the group's first document is in force: the defaults, or refused when told to fail", async () => {
    const future = {
      policyId: "grp-east",
      version: 1,
      effectiveFrom: "2027-01-01",
      scope: { dealerGroupId: "grp-east" }
    } as const
    // a dealer runs on the defaults until its first document takes effect
    const jipan = createJipan()
    await jipan.putPolicyDocument({ dealerGroupId: "grp-east" }, future)
    const opened = await jipan.handle(tenant, "card-1", open("card-1"))
    assert.strictEqual(opened.state.status, "prospect")
    // a DMS that wants every decision under a document of its own says so
    const strict = createJipan({ policyWhenNoDocuments: "fail" })
    const none = await strict.handle(tenant, "card-1", open("card-1")).catch((e: unknown) => e)
    assert.strictEqual((none as { _tag: string })._tag, "NoPolicyInForce")
    await strict.putPolicyDocument({ dealerGroupId: "grp-east" }, future)
    const early = await strict.handle(tenant, "card-1", open("card-1")).catch((e: unknown) => e)
    assert.strictEqual((early as { _tag: string })._tag, "NoPolicyInForce")
    await Promise.all([jipan.close(), strict.close()])
  })
})

/** A memory store whose first `n` appends fail with a version conflict (as a concurrent writer would cause). */
const conflicting = (n: number) =>
  Layer.effectContext(
    Effect.gen(function* () {
      const context = yield* Layer.build(layerMemory)
      const cards = context.mapUnsafe.get(CardStore.key) as CardStore["Service"]
      let left = n
      const flaky = CardStore.of({
        ...cards,
        append: (append) =>
          left-- > 0
            ? Effect.fail(
                new VersionConflict({
                  id: append.cardId,
                  expected: append.expectedVersion,
                  actual: 1,
                  message: "x"
                })
              )
            : cards.append(append)
      })
      return Layer.succeedContext(context).pipe(Layer.merge(Layer.succeed(CardStore, flaky)), Layer.build)
    }).pipe(Effect.flatten)
  )

describe("handleCard", () => {
  const input = { tenant, cardId: "card-1", command: open("card-1") } as unknown as Parameters<
    typeof handleCard
  >[0]

  it.effect("retries a version conflict (re-deciding on the reloaded card)", () =>
    Effect.gen(function* () {
      const handled = yield* handleCard(input)
      assert.strictEqual(handled.version, 1)
    }).pipe(Effect.provide(conflicting(2)))
  )

  it.effect("gives up after conflictRetries", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(handleCard(input, { conflictRetries: 1 }))
      assert.isTrue(Exit.isFailure(exit))
      const zero = yield* Effect.exit(handleCard(input, { conflictRetries: 0 }))
      assert.isTrue(Exit.isFailure(zero))
    }).pipe(Effect.provide(conflicting(5)))
  )

  it.effect("a refusal writes nothing", () =>
    Effect.gen(function* () {
      const command = { ...(input.command as OpenCard), existingOpenCardId: "card-0" } as OpenCard
      const exit = yield* Effect.exit(handleCard({ ...input, command }))
      assert.isTrue(Exit.isFailure(exit))
      const cards = yield* CardStore
      assert.strictEqual((yield* cards.list({ dealerGroupId: tenant.dealerGroupId }, {})).items.length, 0)
    }).pipe(Effect.provide(layerMemory))
  )
})

describe("owner mining in one command (#16.7)", () => {
  const deliverAt = at + 86_400_000
  const owned = async (jipan: ReturnType<typeof createJipan>) => {
    await jipan.handle(tenant, "card-1", open("card-1"))
    await jipan.handle(tenant, "card-1", {
      _tag: "PlaceOrder",
      orderId: "SO-1",
      model: "GL8",
      by: { id: "c-wang", role: "consultant" },
      at: at + 1000
    })
    await jipan.handle(tenant, "card-1", {
      _tag: "Deliver",
      vehicle: { vin: "LSVAU2187N2123456", brand: "Buick", model: "GL8" },
      deliveredOn: "2026-11-23",
      by: { id: "c-wang", role: "consultant" },
      at: deliverAt
    })
  }
  const mine = (newCardId: string): CardCommandInput => ({
    _tag: "MineOwner",
    kind: "replacement",
    newCardId,
    evidence: { modelChosen: true },
    by: { id: "c-wang", role: "consultant" },
    at: deliverAt + 86_400_000
  })

  it("opens the linked prospect card in the same transaction", async () => {
    const jipan = createJipan()
    await owned(jipan)
    const mined = await jipan.handle(tenant, "card-1", mine("card-2"))
    assert.strictEqual(mined.linked?.cardId, "card-2")
    const linked = await jipan.card(tenant, "card-2")
    assert.strictEqual(linked.state.status, "prospect")
    assert.deepStrictEqual(linked.state.linkedTo, { cardId: "card-1", kind: "replacement" })
    assert.strictEqual(linked.state.phone, "+8613812345678")
    assert.strictEqual(linked.state.evidence.tradeIn, true)
    await jipan.close()
  })

  it("refuses both when the new card cannot open (its id taken): the owned card is unchanged", async () => {
    const jipan = createJipan()
    await owned(jipan)
    await jipan.handle(tenant, "card-9", open("card-9", "+8613900000009"))
    const before = await jipan.card(tenant, "card-1")
    const error = await jipan.handle(tenant, "card-1", mine("card-9")).catch((e: unknown) => e)
    assert.strictEqual((error as { _tag: string })._tag, "TransitionNotAllowed")
    assert.strictEqual((await jipan.card(tenant, "card-1")).version, before.version)
    await jipan.close()
  })
})
