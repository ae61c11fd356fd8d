// Every use case, store query and dispatcher step is a span with the tenant, the ids and the
// command's tag — and never personal data (issue #21, 4).
import { assert, describe, it } from "@effect/vitest"
import { Effect, Tracer } from "effect"
import {
  decodeCardCommand,
  handleCard,
  layerMemory,
  listCards,
  makeTenant,
  traceAttributes,
  workList
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const at = Date.parse("2026-11-22T10:00:00+08:00")
const PHONE = "+8613812345678"
const NAME = "王小明"

const recorder = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span: (options) => {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}

const attributesOf = (span: Tracer.NativeSpan): Record<string, unknown> =>
  Object.fromEntries(span._attributes ?? new Map())

describe("observability", () => {
  it("traceAttributes names the ids jipan.* in snake case and drops the undefined ones", () => {
    assert.deepStrictEqual(traceAttributes({ dealerGroupId: "g", cardId: "c", command: undefined }), {
      "jipan.dealer_group_id": "g",
      "jipan.card_id": "c"
    })
  })

  it.effect(
    "a card command is a span tree: the use case, then each store call, with tenant, card and command",
    () =>
      Effect.gen(function* () {
        const { spans, tracer } = recorder()
        const command = decodeCardCommand({
          _tag: "OpenCard",
          cardId: "card-1",
          storeId: "store-01",
          customerId: "cust-1",
          phone: PHONE,
          owner: "c-wang",
          source: "walkIn",
          intent: "direct",
          evidence: {},
          by: { id: "c-wang", role: "consultant" },
          at
        })
        if (command._tag === "Failure") throw command.failure
        yield* handleCard({ tenant, cardId: "card-1" as never, command: command.success }).pipe(
          Effect.withTracer(tracer)
        )
        yield* workList(tenant, "c-wang" as never, "2026-11-23" as never).pipe(Effect.withTracer(tracer))
        yield* listCards(tenant).pipe(Effect.withTracer(tracer))

        const names = spans.map((s) => s.name)
        for (const name of [
          "jipan.handleCard",
          "jipan.store.cards.loadState",
          "jipan.store.cards.findOpenByPhone",
          "jipan.store.cards.append",
          "jipan.workList",
          "jipan.store.cards.workList",
          "jipan.listCards",
          "jipan.store.cards.list"
        ])
          assert.include(names, name)
        const handle = spans.find((s) => s.name === "jipan.handleCard")
        assert.deepInclude(attributesOf(handle as Tracer.NativeSpan), {
          "jipan.dealer_group_id": "grp-east",
          "jipan.store_id": "store-01",
          "jipan.card_id": "card-1",
          "jipan.command": "OpenCard"
        })
        const append = spans.find((s) => s.name === "jipan.store.cards.append") as Tracer.NativeSpan
        assert.strictEqual(attributesOf(append)["jipan.id"], "card-1")
        // the store calls are children of the use case's span
        assert.strictEqual(
          append.parent._tag === "Some" ? append.parent.value.spanId : undefined,
          (handle as Tracer.NativeSpan).spanId
        )
        // never personal data: not the phone (the look-up's argument), not a name
        for (const span of spans)
          for (const value of Object.values(attributesOf(span))) {
            assert.notInclude(String(value), "13812345678")
            assert.notInclude(String(value), NAME)
          }
      }).pipe(Effect.provide(layerMemory))
  )
})
