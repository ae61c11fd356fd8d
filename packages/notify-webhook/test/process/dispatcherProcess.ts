/**
 * A dispatcher process for the crash test: started with node + tsx by
 * Dispatcher.integration.test.ts, killed with SIGKILL mid-batch, started again.
 * Env: PG_URL, PG_SCHEMA (optional), RECEIVER_URL, SECRET, DEDUPLICATES ("0": treat the
 * receiver as one that does not deduplicate, like a group robot).
 */
import { layerNotifierChannels, runDispatcher } from "@jipan/core"
import { JipanPostgres } from "@jipan/store-postgres"
import { Effect, Layer } from "effect"
import { WebhookChannel } from "../../src/index.js"

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined || value === "") throw new Error(`${name} is not set`)
  return value
}

const schema = process.env.PG_SCHEMA
const store = JipanPostgres.layer({
  url: env("PG_URL"),
  maxConnections: Number(process.env.PG_MAX_CONNECTIONS ?? 2),
  ...(schema === undefined || schema === "" ? {} : { schema })
})
const deduplicates = process.env.DEDUPLICATES !== "0"
const channels = layerNotifierChannels([
  WebhookChannel.make({ url: env("RECEIVER_URL"), secret: env("SECRET"), timeoutMillis: 5_000 }).pipe(
    Effect.map((channel) => ({ ...channel, deduplicates }))
  )
])

const program = Effect.gen(function* () {
  yield* Effect.sync(() => process.stdout.write("ready\n"))
  return yield* runDispatcher({ batchSize: 10, leaseMs: 1_500, concurrency: 2, pollIntervalMs: 50 })
}).pipe(Effect.provide(Layer.merge(store, channels)))

Effect.runPromise(program).catch((error: unknown) => {
  process.stderr.write(`dispatcher failed: ${String(error)}\n`)
  process.exit(1)
})
