/**
 * Messages delivered per second to a local signed-webhook receiver through the outbox on
 * PostgreSQL (claim with a lease, send with the idempotency key, mark sent: every guarantee on),
 * against a baseline that posts the same messages directly through the same channel with the same
 * concurrency (no outbox). Floor: 0.5x the direct posts. The receiver runs in its own process.
 *
 * PostgreSQL: JIPAN_TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test; the bench
 * works in a dedicated schema it drops afterwards. Enqueueing is not timed (that is the use
 * case's write, in the command's transaction).
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

// `npm run bench` runs every bench from the repository root; this one needs the package's
// tsconfig paths (sibling packages from their sources), so it runs itself again with them.
if (process.env.TSX_TSCONFIG_PATH === undefined) {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    stdio: "inherit",
    env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) }
  })
  process.exit(r.status ?? 1)
}

const { layerNotifierChannels, makeDispatcher, Outbox } = await import("@jipan/core")
const { JipanPostgres } = await import("@jipan/store-postgres")
const { Effect, Layer, ManagedRuntime } = await import("effect")
const { SqlClient } = await import("effect/sql")
const { WebhookChannel } = await import("../src/index.js")
// The harness is imported by its relative path at run time; its type is declared here because
// tsc resolves the file to store-postgres's project (which includes it) and would need that
// project's emitted declarations.
const harnessPath: string = "../../../scripts/bench-harness.js"
const { report } = (await import(harnessPath)) as {
  readonly report: (
    measurements: ReadonlyArray<{
      readonly id: string
      readonly value: number
      readonly unit: string
      readonly peer?: string
      readonly ratio?: number
      readonly note?: string
    }>
  ) => void
}
const { SECRET, tenant, webhookMessages } = await import("../test/dispatchFixtures.js")
const { spawn } = await import("node:child_process")

const MESSAGES = 2_000
const ROUNDS = 5
const CONCURRENCY = 8
const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const schema = `jipan_bench_dispatch_${process.pid}`

// the receiver runs in its own process, as a DMS would: it does not share this event loop
const receiverProcess = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("./receiverProcess.ts", import.meta.url))],
  {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"]
  }
)
const port = await new Promise<string>((resolve) =>
  receiverProcess.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()))
)
const origin = `http://127.0.0.1:${port}`
const hook = `${origin}/hook`
// one channel: the dispatcher sends through it, the direct posts call its `deliver`
const webhook = Effect.runSync(WebhookChannel.make({ url: hook, secret: SECRET, timeoutMillis: 5_000 }))
const runtime = ManagedRuntime.make(
  Layer.mergeAll(
    JipanPostgres.layer({ url, schema, maxConnections: 10 }),
    layerNotifierChannels([Effect.succeed(webhook)])
  )
)

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

const viaOutbox = async (round: number): Promise<number> => {
  const messages = webhookMessages(MESSAGES, Date.now(), `outbox-${round}`)
  await runtime.runPromise(Outbox.use((o) => o.enqueue(messages)))
  const start = performance.now()
  await runtime.runPromise(
    Effect.gen(function* () {
      const d = yield* makeDispatcher({
        batchSize: 200,
        concurrency: CONCURRENCY,
        leaseMs: 60_000,
        groupSize: 64
      })
      const claimed = yield* d.runUntilIdle
      if (claimed !== MESSAGES) throw new Error(`claimed ${claimed} of ${MESSAGES}`)
    })
  )
  return MESSAGES / ((performance.now() - start) / 1000)
}

const direct = async (round: number): Promise<number> => {
  const messages = webhookMessages(MESSAGES, Date.now(), `direct-${round}`)
  const start = performance.now()
  await runtime.runPromise(
    Effect.forEach(
      messages,
      (m) => {
        const p = m.payload as { subject: string; text: string; markdown: string }
        return webhook.deliver({
          idempotencyKey: m.idempotencyKey,
          subject: p.subject,
          text: p.text,
          markdown: p.markdown
        })
      },
      { concurrency: CONCURRENCY, discard: true }
    )
  )
  return MESSAGES / ((performance.now() - start) / 1000)
}

try {
  await viaOutbox(-1) // warm-up: migrations, pool, JIT
  await direct(-1)
  const outboxRates: Array<number> = []
  const directRates: Array<number> = []
  for (let round = 0; round < ROUNDS; round++) {
    directRates.push(await direct(round))
    outboxRates.push(await viaOutbox(round))
  }
  const sent = await runtime.runPromise(
    Outbox.use((o) => o.list({ dealerGroupId: tenant.dealerGroupId }, "sent"))
  )
  if (sent.length !== MESSAGES * (ROUNDS + 1))
    throw new Error(`expected every message sent, got ${sent.length}`)
  const seen = (await (await fetch(`${origin}/count`)).json()) as { processed: number }
  if (seen.processed !== MESSAGES * (ROUNDS + 1) * 2)
    throw new Error(`the receiver processed ${seen.processed} keys`)
  const ours = median(outboxRates)
  const peer = median(directRates)
  report([
    {
      id: "dispatch",
      value: ours,
      unit: "messages/s",
      peer: "direct-post",
      ratio: ours / peer,
      note: `${MESSAGES} messages a round, median of ${ROUNDS}; outbox on PostgreSQL (2 pipelines claiming 200 with a lease; outcomes settled per group of 64 in one statement, only while the lease is held), ${CONCURRENCY} sends in flight; direct posts ${peer.toFixed(0)}/s with the same channel and concurrency; floor 0.5x`
    }
  ])
} finally {
  await runtime.runPromise(
    SqlClient.SqlClient.use((sql) => sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`)
  )
  await runtime.dispose()
  receiverProcess.kill()
}
