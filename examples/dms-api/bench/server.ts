// The API server of the benchmark, in its own process (as in production: the load generator must
// not share its CPU): PostgreSQL in the schema given, port 0; prints its URL and a key as JSON.
import { register } from "node:module"

register("../../../packages/store-sql/bench/sources.mjs", import.meta.url)
const { Effect, Layer } = await import("effect")
const { HttpServer } = await import("effect/http")
const { NodeRuntime } = await import("@effect/platform-node")
const { serverLayer, storeLayer } = await import("../src/server/Server.js")
const { createKey } = await import("../src/server/Tables.js")

const url = process.env.BENCH_PG_URL ?? ""
const schema = process.env.BENCH_PG_SCHEMA ?? ""
const ready = Layer.effectDiscard(
  Effect.gen(function* () {
    const server = yield* HttpServer.HttpServer
    const { key } = yield* createKey({ dealerGroupId: "grp-bench", storeId: "store-01", role: "supervisor" })
    process.stdout.write(
      `${JSON.stringify({ url: HttpServer.formatAddress(server.address).replace(/\/$/, ""), key })}\n`
    )
  })
)
Layer.launch(
  ready.pipe(
    Layer.provideMerge(serverLayer(storeLayer({ kind: "postgres", url, schema }), { log: false, port: 0 }))
  )
).pipe(NodeRuntime.runMain)
