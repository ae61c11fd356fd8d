/**
 * SMS messages per second through `@jipan/core`'s outbox and dispatcher (memory store: claim with
 * a lease, consent and quiet-hours checks, send with the idempotency key, record the outcome) to
 * the loopback provider, against a baseline that posts the same messages directly with the
 * same channel and concurrency (a loop of signed `SendSms` posts, no outbox). One measurement
 * per provider (Alibaba Cloud HMAC-SHA1 form posts, Tencent Cloud TC3-HMAC-SHA256 JSON posts).
 * Floor: 0.5x the direct posts. The loopback providers (`SmsLoopback`) run in their own process
 * and verify every signature.
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

const { ConsentBook, layerMemory, layerNotifierChannels, makeDispatcher, Outbox } = await import(
  "@jipan/core"
)
const { Effect, Layer, ManagedRuntime } = await import("effect")
const { SmsChannel, ReceiptSink } = await import("../src/index.js")
const { aliyunConfig, tencentConfig } = await import("../test/fixtures.js")
const { allDay, smsMessages, tenant } = await import("../test/dispatchFixtures.js")
const { spawn } = await import("node:child_process")
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

const MESSAGES = 2_000
const ROUNDS = 7
const CONCURRENCY = 8

const providers = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("./providerProcess.ts", import.meta.url))],
  { env: process.env, stdio: ["ignore", "pipe", "inherit"] }
)
const [aliyunPort, tencentPort, statsPort] = (
  await new Promise<string>((resolve) =>
    providers.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()))
  )
).split(" ")

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

// every customer consented to SMS (a book that answers at once, so the bench measures sending)
const consentAll = Layer.succeed(
  ConsentBook,
  ConsentBook.of({
    records: (_tenant, customerId) =>
      Effect.succeed([{ customerId, channel: "sms", status: "granted" as const, at: 0 }])
  })
)

const measure = async (provider: "aliyun" | "tencent", port: string | undefined) => {
  const origin = `http://127.0.0.1:${port}`
  const config = provider === "aliyun" ? aliyunConfig(`${origin}/`) : tencentConfig(`${origin}/`)
  // one channel (and its connection pool) for both paths; each outbox round gets a fresh memory
  // store, so a round measures the dispatcher, not the memory store's growing arrays
  const runtime = ManagedRuntime.make(ReceiptSink.layerMemory)
  const sms = await runtime.runPromise(SmsChannel.make({ ...config, timeoutMillis: 5_000 }))
  const channels = layerNotifierChannels([Effect.succeed(sms)])
  const viaOutbox = async (round: number): Promise<number> => {
    const messages = smsMessages(MESSAGES, Date.now(), `${provider}-outbox-${round}`)
    const store = ManagedRuntime.make(Layer.mergeAll(layerMemory, channels, consentAll))
    await store.runPromise(Outbox.use((o) => o.enqueue(messages)))
    const start = performance.now()
    await store.runPromise(
      Effect.gen(function* () {
        const d = yield* makeDispatcher({
          batchSize: 200,
          concurrency: CONCURRENCY,
          // the same sends in flight as the direct loop (SMS does not deduplicate, so the default
          // is one in flight, which bounds a crash's repeats to one message)
          inFlightPerChannel: CONCURRENCY,
          leaseMs: 60_000,
          groupSize: 64,
          policy: () => allDay
        })
        const claimed = yield* d.runUntilIdle
        if (claimed !== MESSAGES) throw new Error(`claimed ${claimed} of ${MESSAGES}`)
      })
    )
    const rate = MESSAGES / ((performance.now() - start) / 1000)
    const sent = await store.runPromise(
      Outbox.use((o) => o.list({ dealerGroupId: tenant.dealerGroupId }, "sent"))
    )
    await store.dispose()
    if (sent.length !== MESSAGES) throw new Error(`expected every message sent, got ${sent.length}`)
    return rate
  }
  const direct = async (round: number): Promise<number> => {
    const messages = smsMessages(MESSAGES, Date.now(), `${provider}-direct-${round}`)
    const start = performance.now()
    await runtime.runPromise(
      Effect.forEach(
        messages,
        (m) => {
          const p = m.payload as { kind: string; data: unknown; text: string; to: ReadonlyArray<string> }
          return sms.deliver({
            idempotencyKey: m.idempotencyKey,
            kind: p.kind,
            data: p.data,
            text: p.text,
            to: p.to
          })
        },
        { concurrency: CONCURRENCY, discard: true }
      )
    )
    return MESSAGES / ((performance.now() - start) / 1000)
  }
  try {
    await viaOutbox(-1) // warm-up
    await direct(-1)
    const outboxRates: Array<number> = []
    const directRates: Array<number> = []
    // alternate which path goes first, so a drift in the machine's load hits both alike
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        directRates.push(await direct(round))
        outboxRates.push(await viaOutbox(round))
      } else {
        outboxRates.push(await viaOutbox(round))
        directRates.push(await direct(round))
      }
    }
    const seen = (await (await fetch(`http://127.0.0.1:${statsPort}/${provider}`)).json()) as {
      accepted: number
      badSignatures: number
    }
    if (seen.accepted !== MESSAGES * (ROUNDS + 1) * 2 || seen.badSignatures !== 0)
      throw new Error(`the provider accepted ${seen.accepted}, refused ${seen.badSignatures} signatures`)
    return { ours: median(outboxRates), peer: median(directRates) }
  } finally {
    await runtime.dispose()
  }
}

try {
  const aliyun = await measure("aliyun", aliyunPort)
  const tencent = await measure("tencent", tencentPort)
  const note = (peer: number, what: string) =>
    `${MESSAGES} messages a round, median of ${ROUNDS}; outbox in memory (2 pipelines claiming 200 with a lease, consent and quiet hours checked, outcomes settled per group of 64), ${CONCURRENCY} sends in flight (inFlightPerChannel ${CONCURRENCY}; the default 1 bounds a crash's repeats to one), to the loopback ${what} in its own process (every signature verified); direct signed posts ${peer.toFixed(0)}/s with the same channel and concurrency; floor 0.5x`
  report([
    {
      id: "dispatch-sms",
      value: aliyun.ours,
      unit: "messages/s",
      peer: "direct-signed-post",
      ratio: aliyun.ours / aliyun.peer,
      note: note(aliyun.peer, "Alibaba Cloud SendSms (HMAC-SHA1)")
    },
    {
      id: "dispatch-sms-tencent",
      value: tencent.ours,
      unit: "messages/s",
      peer: "direct-signed-post",
      ratio: tencent.ours / tencent.peer,
      note: note(tencent.peer, "Tencent Cloud SendSms (TC3-HMAC-SHA256)")
    }
  ])
} finally {
  providers.kill()
}
