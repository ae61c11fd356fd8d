// handleCard's expectedVersion (a UI's "I edited version N", an HTTP If-Match) and
// handleReferral's referralMessages (a DMS's webhook for referral events), both in the transaction.
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import {
  CardId,
  decodeCardCommand,
  handleCard,
  handleReferral,
  layerMemory,
  makeTenant,
  Outbox,
  ReferralId,
  VersionConflict
} from "../../src/index.js"
import { happyPath, registration } from "../referralFixtures.js"

const tenant = makeTenant("grp-east", "store-01")
const at = Date.parse("2026-11-22T10:00:00+08:00")
const command = (json: unknown) => {
  const decoded = decodeCardCommand(json)
  if (decoded._tag === "Failure") throw decoded.failure
  return decoded.success
}
const open = command({
  _tag: "OpenCard",
  cardId: "card-1",
  storeId: "store-01",
  customerId: "cust-1",
  phone: "+8613812345678",
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: "c-wang", role: "consultant" },
  at
})
const contact = (minutes: number) =>
  command({
    _tag: "LogContact",
    channel: "call",
    outcome: "reached",
    evidence: {},
    by: { id: "c-wang", role: "consultant" },
    at: at + minutes * 60_000
  })
const cardId = CardId.make("card-1")

describe("handleCard with expectedVersion", () => {
  it.effect("refuses a stale version with VersionConflict, without a retry and without writing", () =>
    Effect.gen(function* () {
      yield* handleCard({ tenant, cardId, command: open })
      yield* handleCard({ tenant, cardId, command: contact(60) }, { expectedVersion: 1 })
      // the caller read version 1, but the card is at 2 now
      const stale = yield* Effect.exit(
        handleCard({ tenant, cardId, command: contact(120) }, { expectedVersion: 1 })
      )
      assert.isTrue(Exit.isFailure(stale))
      if (Exit.isFailure(stale)) {
        const error = stale.cause.reasons[0]
        assert.instanceOf(error?._tag === "Fail" ? error.error : undefined, VersionConflict)
      }
      const fresh = yield* handleCard({ tenant, cardId, command: contact(120) }, { expectedVersion: 2 })
      assert.strictEqual(fresh.version, 3)
    }).pipe(Effect.provide(layerMemory))
  )
})

describe("handleReferral with referralMessages", () => {
  it.effect("writes the referral's outbox messages with its events, scoped to the tenant", () =>
    Effect.gen(function* () {
      const referralId = ReferralId.make("ref-1")
      const options = {
        referralMessages: (change: { readonly events: ReadonlyArray<{ readonly _tag: string }> }) => [
          {
            topic: "referral.changed",
            recipient: "dms",
            payload: { events: change.events.map((e) => e._tag) }
          }
        ]
      }
      const [register, order] = happyPath(registration())
      const first = yield* handleReferral({ tenant, referralId, command: register as never }, options)
      assert.strictEqual(first.messages.length, 1)
      assert.strictEqual(first.messages[0]?.id, "referral:ref-1:2:0")
      assert.strictEqual(first.messages[0]?.idempotencyKey, "grp-east/store-01/referral:ref-1:2:0")
      yield* handleReferral({ tenant, referralId, command: order as never }, options)
      // a refused command writes no message
      yield* Effect.exit(handleReferral({ tenant, referralId, command: order as never }, options))
      const outbox = yield* Effect.flatMap(Effect.service(Outbox), (o) => o.list(tenant))
      assert.deepStrictEqual(
        outbox.map((m) => m.payload),
        [{ events: ["ReferralRegistered", "ReferralAudited"] }, { events: ["RefereeOrdered"] }]
      )
    }).pipe(Effect.provide(layerMemory))
  )
})

describe("the facade's handle with expectedVersion", () => {
  it("rejects a stale version with VersionConflict and a bad one with InvalidInput", async () => {
    const { createJipan, InvalidInput } = await import("../../src/index.js")
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open)
    const stale = await jipan
      .handle(tenant, "card-1", contact(60), { expectedVersion: 0 })
      .catch((e: unknown) => e)
    assert.instanceOf(stale, VersionConflict)
    const bad = await jipan
      .handle(tenant, "card-1", contact(60), { expectedVersion: -1 })
      .catch((e: unknown) => e)
    assert.instanceOf(bad, InvalidInput)
    assert.strictEqual((await jipan.handle(tenant, "card-1", contact(60), { expectedVersion: 1 })).version, 2)
    await jipan.close()
  })
})
