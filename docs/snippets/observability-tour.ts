import * as OtelTracer from "@effect/opentelemetry/OtelTracer"
import { CardId, decodeCardCommand, handleCard, layerMemory, makeTenant } from "@jipan/core"
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer } from "effect"

// Any OpenTelemetry exporter works (OTLP to Jaeger, Tempo, Honeycomb…); in memory here.
const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const Tracing = OtelTracer.layer.pipe(Layer.provide(Layer.succeed(OtelTracer.OtelTracerProvider, provider)))

const tenant = makeTenant("grp-east", "store-01")
const command = decodeCardCommand({
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
  at: Date.parse("2026-11-22T10:00:00+08:00")
})
if (command._tag === "Success") {
  await Effect.runPromise(
    handleCard({ tenant, cardId: CardId.make("card-1"), command: command.success }).pipe(
      Effect.provide(Layer.merge(layerMemory, Tracing))
    )
  )
  const spans = exporter.getFinishedSpans()
  console.log(spans.map((s) => s.name).sort())
  // ["jipan.handleCard", "jipan.store.cards.append", "jipan.store.cards.findOpenByPhone", "jipan.store.cards.loadState",
  //  "jipan.store.policies.documents", "jipan.store.referrals.find"]
  // (the policy documents read once for the whole call; the referrals naming the phone)
  console.log(spans.find((s) => s.name === "jipan.handleCard")?.attributes)
  // { "jipan.dealer_group_id": "grp-east", "jipan.store_id": "store-01", "jipan.card_id": "card-1", "jipan.command": "OpenCard" }
}
