// Card commands through HTTP at 16 concurrent connections on PostgreSQL, against the same use case
// (handleCard) in-process at the same concurrency; the work list's p50/p99 under the same load; the
// server's RSS. The server runs in its own process; schemas of their own, dropped at the end.
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { Agent, request as httpRequest } from "node:http"
import { register } from "node:module"
import { createInterface } from "node:readline"

register("../../../packages/store-sql/bench/sources.mjs", import.meta.url)
const { Effect, ManagedRuntime } = await import("effect")
const { SqlClient } = await import("effect/sql")
const { handleCard } = await import("@jipan/core")
const { JipanPostgres } = await import("@jipan/store-postgres")
const { report } = await import("../../../scripts/bench-harness.js")

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const suffix = `${process.pid}_${Date.now().toString(36)}`
const httpSchema = `dms_api_bench_${suffix}`
const localSchema = `dms_api_bench_local_${suffix}`
const CONNECTIONS = 16
const SECONDS = Number(process.env.JIPAN_BENCH_SECONDS ?? 8)
const CARDS = 1_024
console.log(`PostgreSQL at ${new URL(url).host}; ${CONNECTIONS} connections, ${SECONDS} s per measurement`)

const t0 = Date.parse("2026-11-22T09:00:00+08:00")
const openCard = (cardId: string, i: number) => ({
  _tag: "OpenCard",
  cardId,
  storeId: "store-01",
  customerId: `cust-${cardId}`,
  phone: `+86138${String(10_000_000 + i).slice(-8)}`,
  owner: `c-${String(i % 20).padStart(2, "0")}`,
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: `c-${String(i % 20).padStart(2, "0")}`, role: "consultant" },
  at: t0
})
const contact = (i: number, n: number) => ({
  _tag: "LogContact",
  by: { id: `c-${String(i % 20).padStart(2, "0")}`, role: "consultant" },
  at: t0 + (n + 1) * 60_000,
  channel: "call",
  outcome: "reached",
  evidence: { modelChosen: n % 2 === 0 }
})

/** Runs `fn` on `CONNECTIONS` loops for `seconds`; the rate and each call's latency (ms). */
const load = async (seconds: number, fn: (worker: number, n: number) => Promise<void>) => {
  const end = performance.now() + seconds * 1000
  const latencies: Array<number> = []
  let done = 0
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      let n = 0
      while (performance.now() < end) {
        const start = performance.now()
        await fn(worker, n++)
        latencies.push(performance.now() - start)
        done++
      }
    })
  )
  latencies.sort((a, b) => a - b)
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
  return { perSecond: done / seconds, p50: q(0.5), p99: q(0.99) }
}

// --- the server, in its own process ---
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/dms/prof"] : []),
    "--import",
    "tsx",
    new URL("./server.ts", import.meta.url).pathname
  ],
  {
    env: { ...process.env, BENCH_PG_URL: url, BENCH_PG_SCHEMA: httpSchema },
    stdio: ["ignore", "pipe", "inherit"]
  }
)
const { url: base, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
  child.once("exit", (code) => reject(new Error(`the server exited with ${code}`)))
  createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line)))
})
const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" }
// a lean keep-alive client (node:http, one socket per connection), so the load generator takes
// as little as it can of the CPU the server and PostgreSQL share
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
const request = (method: string, path: string, body?: string, extra: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...extra,
          ...(body === undefined ? {} : { "content-length": Buffer.byteLength(body) })
        }
      },
      (res) => {
        res.on("data", () => undefined)
        res.on("end", () => resolve(res.statusCode ?? 0))
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(body)
  })
const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
  const status = await request("POST", path, JSON.stringify(body), extra)
  if (status >= 300) throw new Error(`${path}: ${status}`)
}
const get = (path: string) => request("GET", path)
const rssMb = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8")
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

// --- in-process: the same use case on the same server, its own schema ---
const local = ManagedRuntime.make(JipanPostgres.layer({ url, schema: localSchema }))
const tenant = { dealerGroupId: "grp-bench", storeId: "store-01" } as never

try {
  // cards to work on, each worker its own slice (no conflicts between workers)
  for (let i = 0; i < CARDS; i += CONNECTIONS) {
    await Promise.all(
      Array.from({ length: Math.min(CONNECTIONS, CARDS - i) }, (_, k) =>
        post("/cards", openCard(`card-${i + k}`, i + k))
      )
    )
  }
  await Promise.all(
    Array.from({ length: CARDS / CONNECTIONS }, (_, b) =>
      Promise.all(
        Array.from({ length: CONNECTIONS }, (_, k) => {
          const i = b * CONNECTIONS + k
          return local.runPromise(
            handleCard({ tenant, cardId: `card-${i}` as never, command: openCard(`card-${i}`, i) as never })
          )
        })
      )
    )
  )
  const perWorker = CARDS / CONNECTIONS
  const counters = new Map<number, number>()
  const next = (i: number) => {
    const n = counters.get(i) ?? 0
    counters.set(i, n + 1)
    return n
  }
  const cardOf = (worker: number, n: number) => worker * perWorker + (n % perWorker)

  // warm-up, then HTTP
  await load(2, async (w, n) => {
    const i = cardOf(w, n)
    await post(`/cards/card-${i}/commands`, contact(i, next(i)))
  })
  const httpCommand = async (w: number, n: number) => {
    const i = cardOf(w, n)
    await post(`/cards/card-${i}/commands`, contact(i, next(i)))
  }
  const keyedCommand = async (w: number, n: number) => {
    const i = cardOf(w, n)
    const c = next(i)
    await post(`/cards/card-${i}/commands`, contact(i, c), { "idempotency-key": `k-${i}-${c}` })
  }
  const localCounters = new Map<number, number>()
  const localNext = (i: number) => {
    const n = localCounters.get(i) ?? 0
    localCounters.set(i, n + 1)
    return n
  }
  const localCommand = async (w: number, n: number) => {
    const i = cardOf(w, n)
    await local.runPromise(
      handleCard({ tenant, cardId: `card-${i}` as never, command: contact(i, localNext(i)) as never })
    )
  }
  await load(2, localCommand)
  // alternate the two, twice each, so that the machine's load falls on both alike
  // alternate the three, twice each, so that the shared machine's load falls on all alike
  const httpRounds: Array<Awaited<ReturnType<typeof load>>> = []
  const keyedRounds: Array<Awaited<ReturnType<typeof load>>> = []
  const localRounds: Array<Awaited<ReturnType<typeof load>>> = []
  for (let r = 0; r < 2; r++) {
    httpRounds.push(await load(SECONDS / 2, httpCommand))
    keyedRounds.push(await load(SECONDS / 2, keyedCommand))
    localRounds.push(await load(SECONDS / 2, localCommand))
  }
  const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
  const summary = (rounds: ReadonlyArray<Awaited<ReturnType<typeof load>>>) => ({
    perSecond: mean(rounds.map((r) => r.perSecond)),
    p50: Math.max(...rounds.map((r) => r.p50)),
    p99: Math.max(...rounds.map((r) => r.p99))
  })
  const http = summary(httpRounds)
  const keyed = summary(keyedRounds)
  const inProcess = summary(localRounds)
  const rssUnderLoad = rssMb()

  // the work list under the same load: half the connections command, half read
  const lists = await load(SECONDS / 2, async (w, n) => {
    if (w % 2 === 0) {
      const i = cardOf(w, n)
      await post(`/cards/card-${i}/commands`, contact(i, next(i)))
    } else {
      await get(`/work-lists/c-${String(n % 20).padStart(2, "0")}?date=2026-11-23`)
    }
  })
  const listOnly = await load(SECONDS / 2, async (_, n) => {
    await get(`/work-lists/c-${String(n % 20).padStart(2, "0")}?date=2026-11-23`)
  })

  report([
    {
      id: "api-command",
      value: http.perSecond,
      unit: "commands/s",
      peer: "handleCard in-process",
      ratio: http.perSecond / inProcess.perSecond,
      note: `PostgreSQL, ${CONNECTIONS} connections; p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms`
    },
    {
      id: "api-command-idempotent",
      value: keyed.perSecond,
      unit: "commands/s",
      peer: "handleCard in-process",
      ratio: keyed.perSecond / inProcess.perSecond,
      note: `an Idempotency-Key on each (its record in the command's transaction); p50 ${keyed.p50.toFixed(1)} ms, p99 ${keyed.p99.toFixed(1)} ms`
    },
    {
      id: "api-command-in-process",
      value: inProcess.perSecond,
      unit: "commands/s",
      note: `handleCard on the same server, ${CONNECTIONS} fibers; p50 ${inProcess.p50.toFixed(1)} ms, p99 ${inProcess.p99.toFixed(1)} ms`
    },
    {
      id: "api-work-list-p50",
      value: listOnly.p50,
      unit: "ms",
      note: `GET /work-lists at ${CONNECTIONS} connections; ${listOnly.perSecond.toFixed(0)}/s; mixed with commands: p50 ${lists.p50.toFixed(1)} ms`
    },
    {
      id: "api-work-list-p99",
      value: listOnly.p99,
      unit: "ms",
      note: `mixed with commands: p99 ${lists.p99.toFixed(1)} ms`
    },
    {
      id: "api-server-rss",
      value: Math.max(rssUnderLoad, rssMb()),
      unit: "MB",
      note: "the server process under load"
    }
  ])
} finally {
  agent.destroy()
  child.kill("SIGTERM")
  await local.runPromise(
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.all([
        sql.unsafe(`DROP SCHEMA IF EXISTS ${httpSchema} CASCADE`),
        sql.unsafe(`DROP SCHEMA IF EXISTS ${localSchema} CASCADE`)
      ])
    )
  )
  await local.dispose()
}
