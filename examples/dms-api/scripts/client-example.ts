// The typed client, as docs/dms-api.md shows it (compiled with the package):
//   JIPAN_API_URL=http://127.0.0.1:8787 JIPAN_API_KEY=jpk_… npx tsx examples/dms-api/scripts/client-example.ts
import { OpenCard } from "@jipan/core"
import { Effect, Schema } from "effect"
import { FetchHttpClient } from "effect/http"
import { makeClient } from "../src/Client.js"

const program = Effect.gen(function* () {
  const client = yield* makeClient({
    baseUrl: process.env.JIPAN_API_URL ?? "http://127.0.0.1:8787",
    apiKey: process.env.JIPAN_API_KEY ?? "",
    language: "zh-CN"
  })
  const cardId = `card-${Date.now()}`
  // the payload is the core's OpenCard: built with its Schema (brands checked here), decoded again by the server
  const opened = yield* client.cards.open({
    headers: { "idempotency-key": `open-${cardId}` },
    payload: Schema.decodeUnknownSync(OpenCard)({
      _tag: "OpenCard",
      cardId,
      storeId: "store-01",
      customerId: "cust-42",
      phone: "+8613812345678",
      owner: "c-wang",
      source: "walkIn",
      intent: "direct",
      evidence: {},
      by: { id: "c-wang", role: "consultant" },
      at: Date.now()
    })
  })
  console.log(opened.cardId, "v", opened.version, opened.state.nextContactDue)
  // If-Match pins the command to the version read: a 412 problem if someone was quicker
  const contacted = yield* client.cards
    .command({
      params: { cardId: opened.cardId },
      headers: { "if-match": `"${opened.version}"` },
      payload: {
        _tag: "LogContact",
        by: { id: "c-wang", role: "consultant" },
        at: Date.now(),
        channel: "call",
        outcome: "reached",
        evidence: { modelChosen: true, testDriveBooked: true }
      }
    })
    .pipe(
      Effect.catchTag("PreconditionFailed", (problem) =>
        Effect.sync(() => {
          console.log(`someone was quicker: ${problem.detail}`)
          return undefined
        })
      )
    )
  if (contacted !== undefined) console.log("graded", contacted.state.grade)
  const page = yield* client.cards.list({ query: { status: ["prospect"], limit: 20 } })
  console.log(page.items.length, "prospects on the first page; more:", page.next !== undefined)
})

program.pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise).catch((e) => {
  console.error(e)
  process.exitCode = 1
})
