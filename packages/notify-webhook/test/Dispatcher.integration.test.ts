// Fault tests of the outbox dispatcher against real peers on loopback: a receiver that is down
// for a while, a dispatcher process killed mid-batch (SIGKILL) and restarted, and two dispatchers
// at once on PostgreSQL. The Postgres is TestPostgres's: the server at JIPAN_TEST_POSTGRES_URL,
// else PGlite over the wire (the two-dispatcher test needs a real server and says so).
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import {
  defaultPolicy,
  layerMemory,
  layerNotifierChannels,
  makeDispatcher,
  Outbox,
  type Policy,
  runDispatcher
} from "@jipan/core"
import { JipanPostgres } from "@jipan/store-postgres"
import {
  closedLoopbackPort as closedPort,
  loopbackServer as startServer,
  type LoopbackServer as TestServer
} from "@jipan/testkit"
import { Effect, Fiber, Layer, ManagedRuntime, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import * as TestPostgres from "../../store-postgres/test/TestPostgres.js"
import { WebhookChannel } from "../src/index.js"
import { makeDedupReceiver, SECRET, tenant, waitFor, webhookMessages } from "./dispatchFixtures.js"

const channelsTo = (url: string) => WebhookChannel.layer({ url, secret: SECRET, timeoutMillis: 2_000 })
const scope = { dealerGroupId: tenant.dealerGroupId }
const nonDeduplicating = (url: string) =>
  layerNotifierChannels([
    WebhookChannel.make({ url, secret: SECRET, timeoutMillis: 2_000 }).pipe(
      Effect.map((channel) => ({ ...channel, deduplicates: false }))
    )
  ])

describe("a receiver down for a while, then back", () => {
  it("every message arrives once the receiver is back; none is lost or dead", async () => {
    const port = await closedPort()
    const receiver = makeDedupReceiver()
    const fast: Policy = {
      ...defaultPolicy,
      notifications: {
        ...defaultPolicy.notifications,
        maxAttempts: 50,
        backoff: { baseSeconds: 1, maxSeconds: 1, jitter: 0.5 }
      }
    }
    const runtime = ManagedRuntime.make(Layer.merge(layerMemory, channelsTo(`http://127.0.0.1:${port}/hook`)))
    let server: TestServer | undefined
    try {
      await runtime.runPromise(Outbox.use((o) => o.enqueue(webhookMessages(20, Date.now(), "down"))))
      const fiber = runtime.runFork(runDispatcher({ pollIntervalMs: 50, policy: () => fast }))
      await new Promise((r) => setTimeout(r, 1_200))
      const failed = await runtime.runPromise(Outbox.use((o) => o.list(scope, "pending")))
      expect(failed.length).toBe(20)
      expect(failed.every((m) => m.attempts >= 1 && /Network/.test(m.lastError ?? ""))).toBe(true)
      server = await startServer(receiver.handler, { port })
      await waitFor(() => receiver.processed.size === 20, 8_000, "all 20 messages")
      await waitFor(
        async () => (await runtime.runPromise(Outbox.use((o) => o.list(scope, "sent")))).length === 20,
        4_000,
        "all marked sent"
      )
      await runtime.runPromise(Fiber.interrupt(fiber))
      const dead = await runtime.runPromise(Outbox.use((o) => o.list(scope, "dead")))
      expect(dead).toEqual([])
      expect([...receiver.processed.values()].every((n) => n === 1)).toBe(true)
    } finally {
      await server?.close()
      await runtime.dispose()
    }
  }, 20_000)
})

// --- PostgreSQL ---------------------------------------------------------------------------

let pgRuntime: ManagedRuntime.ManagedRuntime<TestPostgres.TestPostgres, never>
let pg: TestPostgres.TestPostgres["Service"]
let options: Parameters<typeof JipanPostgres.layer>[0]
let store: ManagedRuntime.ManagedRuntime<Layer.Success<ReturnType<typeof JipanPostgres.layer>>, unknown>

beforeAll(async () => {
  pgRuntime = ManagedRuntime.make(TestPostgres.layer)
  pg = await pgRuntime.runPromise(TestPostgres.TestPostgres.useSync((s) => s))
  const schema = pg.startupParameters ? TestPostgres.uniqueSchemaName("jipan_dispatch") : undefined
  options = { url: Redacted.value(pg.url), ...pg.pool, ...(schema === undefined ? {} : { schema }) }
  store = ManagedRuntime.make(JipanPostgres.layer(options))
  await store.runPromise(Effect.void)
}, 60_000)

afterAll(async () => {
  if (options?.schema !== undefined)
    await store.runPromise(
      SqlClient.SqlClient.use((sql) => sql`DROP SCHEMA IF EXISTS ${sql(options.schema ?? "")} CASCADE`)
    )
  await store?.dispose()
  await pgRuntime?.dispose()
})

/** This test's messages (by id prefix) in the shared schema. */
const outboxList = (prefix: string, status?: "pending" | "sent" | "dead" | "skipped") =>
  store
    .runPromise(Outbox.use((o) => o.list(scope, status)))
    .then((ms) => ms.filter((m) => m.id.startsWith(`${prefix}-`)))

const startDispatcherProcess = (receiverUrl: string, deduplicates = true): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./process/dispatcherProcess.ts", import.meta.url))],
      {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: {
          ...process.env,
          PG_URL: options.url as string,
          PG_SCHEMA: options.schema ?? "",
          PG_MAX_CONNECTIONS: String(pg.pool.maxConnections ?? 2),
          RECEIVER_URL: receiverUrl,
          SECRET,
          DEDUPLICATES: deduplicates ? "1" : "0"
        },
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
    let stderr = ""
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    child.stdout?.once("data", () => resolve(child))
    child.once("exit", (code) => reject(new Error(`dispatcher process exited (${code}): ${stderr}`)))
  })

describe(`dispatcher processes on PostgreSQL (${TestPostgres.backend})`, () => {
  if (TestPostgres.backend !== "server")
    console.log(
      "[notify-webhook tests] two dispatchers at once need a PostgreSQL server (JIPAN_TEST_POSTGRES_URL): skipped on PGlite"
    )
  it("a dispatcher killed mid-batch (SIGKILL) and restarted: every message delivered at least once, each processed exactly once", async () => {
    const receiver = makeDedupReceiver({ holdMs: 100 })
    const server = await startServer(receiver.handler)
    const children: Array<ChildProcess> = []
    try {
      await store.runPromise(Outbox.use((o) => o.enqueue(webhookMessages(30, Date.now(), "crash"))))
      const first = await startDispatcherProcess(`${server.origin}/hook`)
      children.push(first)
      await waitFor(
        () => receiver.processed.size >= 8 && receiver.inFlight() > 0,
        20_000,
        "the first dispatcher to be mid-send"
      )
      first.kill("SIGKILL")
      await new Promise((r) => first.once("exit", r))
      const before = receiver.processed.size
      expect(before).toBeLessThan(30)
      const second = await startDispatcherProcess(`${server.origin}/hook`)
      children.push(second)
      // watch the receiver, not the database: PGlite over the wire serves one session, and a
      // second client's queries must not cut into the dispatcher's transactions
      await waitFor(() => receiver.processed.size === 30, 20_000, "all 30 keys at the receiver")
      second.kill("SIGKILL") // a second crash, at whatever point the recording had reached
      await new Promise((r) => second.once("exit", r))
      // an in-process dispatcher takes over what is left once the leases run out
      const drain = Effect.gen(function* () {
        const d = yield* makeDispatcher({ leaseMs: 1_500 })
        const outbox = yield* Outbox
        for (let round = 0; round < 20; round++) {
          const sent = yield* outbox.list(scope, "sent")
          if (sent.filter((m) => m.id.startsWith("crash-")).length === 30) return
          yield* Effect.promise(() => new Promise((r) => setTimeout(r, 200)))
          yield* d.runOnce
        }
      }).pipe(Effect.provide(channelsTo(`${server.origin}/hook`)))
      await store.runPromise(drain)
      expect((await outboxList("crash", "sent")).length).toBe(30)
      const keys = (await outboxList("crash")).map((m) => m.idempotencyKey)
      expect(new Set(receiver.arrivals)).toEqual(new Set(keys)) // every message arrived
      expect([...receiver.processed.values()].every((n) => n === 1)).toBe(true) // each processed once
      expect(receiver.processed.size).toBe(30)
      // the message in flight at the kill was processed, never acknowledged, and sent again
      expect(receiver.arrivals.length).toBeGreaterThan(30)
      expect(receiver.refused).toEqual([])
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL")
      await server.close()
    }
  }, 60_000)

  it("to a receiver that does not deduplicate (a group robot), each crash repeats at most the one message in flight", async () => {
    // before: a killed dispatcher left every message it had sent but not yet recorded (its whole
    // batch) to be sent again — tens of repeats to a sales group's robot
    const receiver = makeDedupReceiver({ holdMs: 60 })
    const server = await startServer(receiver.handler)
    const children: Array<ChildProcess> = []
    const crashes = 2
    try {
      await store.runPromise(Outbox.use((o) => o.enqueue(webhookMessages(30, Date.now(), "robot"))))
      const first = await startDispatcherProcess(`${server.origin}/hook`, false)
      children.push(first)
      await waitFor(
        () => receiver.processed.size >= 8 && receiver.inFlight() > 0,
        20_000,
        "the first dispatcher to be mid-send"
      )
      first.kill("SIGKILL")
      await new Promise((r) => first.once("exit", r))
      const second = await startDispatcherProcess(`${server.origin}/hook`, false)
      children.push(second)
      await waitFor(() => receiver.processed.size === 30, 20_000, "all 30 keys at the receiver")
      second.kill("SIGKILL")
      await new Promise((r) => second.once("exit", r))
      const drain = Effect.gen(function* () {
        const d = yield* makeDispatcher({ leaseMs: 1_500 })
        const outbox = yield* Outbox
        for (let round = 0; round < 20; round++) {
          const sent = yield* outbox.list(scope, "sent")
          if (sent.filter((m) => m.id.startsWith("robot-")).length === 30) return
          yield* Effect.promise(() => new Promise((r) => setTimeout(r, 200)))
          yield* d.runOnce
        }
      }).pipe(Effect.provide(nonDeduplicating(`${server.origin}/hook`)))
      await store.runPromise(drain)
      expect((await outboxList("robot", "sent")).length).toBe(30)
      expect(receiver.processed.size).toBe(30) // nothing lost
      // raw arrivals, duplicates included: at most one repeat per crash
      expect(receiver.arrivals.length - 30).toBeLessThanOrEqual(crashes)
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL")
      await server.close()
    }
  }, 60_000)

  it.skipIf(TestPostgres.backend !== "server")(
    "two dispatchers at once never send a message twice within its lease (FOR UPDATE SKIP LOCKED)",
    async () => {
      const receiver = makeDedupReceiver()
      const server = await startServer(receiver.handler)
      const second = ManagedRuntime.make(JipanPostgres.layer(options))
      try {
        await store.runPromise(Outbox.use((o) => o.enqueue(webhookMessages(200, Date.now(), "pair"))))
        const loop = Effect.gen(function* () {
          const d = yield* makeDispatcher({ batchSize: 7, leaseMs: 60_000, concurrency: 4 })
          let idle = 0
          while (idle < 3) {
            const r = yield* d.runOnce
            idle = r.claimed === 0 ? idle + 1 : 0
          }
        }).pipe(Effect.provide(channelsTo(`${server.origin}/hook`)))
        await Promise.all([store.runPromise(loop), second.runPromise(loop)])
        expect((await outboxList("pair", "sent")).length).toBe(200)
        expect(receiver.arrivals.length).toBe(200) // raw arrivals: not one duplicate
        expect(receiver.processed.size).toBe(200)
      } finally {
        await second.dispose()
        await server.close()
      }
    },
    60_000
  )
})
