// --trace prints the span tree a command left: the use case, its store calls below it, ids only.

import { layerMemory, listCards, makeTenant } from "@jipan/core"
import { Effect, Tracer } from "effect"
import { describe, expect, it } from "vitest"
import { spanTree } from "../src/Trace.js"

describe("--trace", () => {
  it("prints the use case with its store call indented below, with the tenant's ids", async () => {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    await Effect.runPromise(
      listCards(makeTenant("grp-demo", "store-01")).pipe(
        Effect.withTracer(tracer),
        Effect.provide(layerMemory)
      )
    )
    const lines = spanTree(spans)
    expect(lines[0]).toMatch(/^jipan\.listCards \d+\.\d ms {2}dealer_group_id=grp-demo store_id=store-01$/)
    expect(lines[1]).toMatch(/^ {2}jipan\.store\.cards\.list \d+\.\d ms/)
  })
})
