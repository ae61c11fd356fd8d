// The policy-replay benchmark (run by policy-replay.bench.ts): the policy lab over a quarter of a
// 100-consultant store of 100,000 cards on PostgreSQL. The store is generated as the daily-report
// benchmark generates it (the same decided histories: contacts on every due day, orders,
// deliveries, care contacts, defeats, seeded lapses; see historyOf in bigStore.ts)
// and bulk-imported into a dedicated schema at JIPAN_TEST_POSTGRES_URL. Then, in a fresh child
// process (so that the memory measured is the replay's, not the seeding's), `replayPolicy` replays
// the 90 days under a draft (A every 3 days instead of 4, B every 5 instead of 7, a 200-yuan
// referrer reward), paging through the cards 500 at a time. Time and peak RSS of the child are
// reported. JIPAN_BENCH_REPLAY_CARDS sets the size; JIPAN_BENCH_REPLAY_SCHEMA keeps a seeded schema;
// JIPAN_BENCH_REPLAY_HEAP_MB the child's old-space limit (256 MB by default, "0" for V8's default).
import { spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { PerformanceObserver } from "node:perf_hooks"
import v8 from "node:v8"
import { addDays, defaultPolicy, type PolicyDocument, replayPolicy, type Tenant } from "@jipan/core"
import { BulkImport } from "@jipan/store-sql"
import { Effect, ManagedRuntime } from "effect"
import pg from "pg"
import { report } from "../../../scripts/bench-harness.js"
import { JipanPostgres } from "../src/index.js"
import { alreadySeeded, CONSULTANTS, DAYS, firstDay, rows } from "./bigStore.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_REPLAY_CARDS ?? 100_000)
const keptSchema = process.env.JIPAN_BENCH_REPLAY_SCHEMA
const schema = keptSchema ?? `jipan_bench_replay_${process.pid}_${Date.now().toString(36)}`
const tenant: Tenant = { dealerGroupId: "bench-replay", storeId: "store-01" } as Tenant
const lastDay = addDays(firstDay, DAYS - 1)

const draft = {
  policyId: "bench-replay-draft",
  version: 1,
  effectiveFrom: firstDay,
  scope: { dealerGroupId: tenant.dealerGroupId },
  grading: {
    ...defaultPolicy.grading,
    grades: defaultPolicy.grading.grades.map((g) =>
      g.id === "A" ? { ...g, contactIntervalDays: 3 } : g.id === "B" ? { ...g, contactIntervalDays: 5 } : g
    )
  },
  referral: {
    ...defaultPolicy.referral,
    offers: defaultPolicy.referral.offers.map((o) => ({
      ...o,
      choices: o.choices.map((c) => ({ ...c, valueFen: 20_000 }))
    }))
  }
} as unknown as PolicyDocument

/** The child: the replay alone, timed, with its peak RSS. */
const replayOnly = async () => {
  const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema, maxConnections: 4 }))
  // the store opened (pool, migrations checked) before the clock starts
  await runtime.runPromise(Effect.void)
  const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024
  let batches = 0
  let heapPeakMb = 0
  const sampler = setInterval(() => {
    heapPeakMb = Math.max(heapPeakMb, process.memoryUsage().heapUsed / 1024 / 1024)
  }, 50)
  // profiling switches (analysis of #22): GC counts and pauses by kind, CPU time, per-batch heap
  // after each batch (JIPAN_BENCH_REPLAY_BATCH_LOG=<file>), and a sampling allocation profile that
  // keeps collected objects (JIPAN_BENCH_REPLAY_ALLOC_PROF=<file.heapprofile>)
  const gc = new Map<number, { n: number; ms: number }>()
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind: number } }).detail?.kind ?? 0
      const g = gc.get(kind) ?? { n: 0, ms: 0 }
      g.n++
      g.ms += e.duration
      gc.set(kind, g)
    }
  })
  gcObserver.observe({ entryTypes: ["gc"] })
  const batchLog: Array<string> = []
  const allocProf = process.env.JIPAN_BENCH_REPLAY_ALLOC_PROF
  const inspector = allocProf === undefined ? undefined : await import("node:inspector")
  const session = inspector === undefined ? undefined : new inspector.Session()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session?.post(method, params ?? {}, (err: unknown, r: unknown) => (err ? reject(err) : resolve(r)))
    )
  if (session !== undefined) {
    session.connect()
    await post("HeapProfiler.enable")
    await post("HeapProfiler.startSampling", {
      samplingInterval: Number(process.env.JIPAN_BENCH_REPLAY_ALLOC_INTERVAL ?? 65536),
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true
    })
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const r = await runtime.runPromise(
    replayPolicy(tenant, draft, {
      from: firstDay,
      to: lastDay,
      onProgress: () => {
        batches++
        // JIPAN_BENCH_REPLAY_GC_EVERY=n (with --expose-gc in JIPAN_BENCH_REPLAY_CHILD_ARGS): a full GC
        // every n batches, so the batch log's heap is the live heap; JIPAN_BENCH_REPLAY_SNAPSHOT_AT=b:
        // a heap snapshot after batch b (to /tmp)
        const every = Number(process.env.JIPAN_BENCH_REPLAY_GC_EVERY ?? 0)
        const forceGc = (globalThis as { gc?: () => void }).gc
        if (every > 0 && batches % every === 0) forceGc?.()
        if (Number(process.env.JIPAN_BENCH_REPLAY_SNAPSHOT_AT ?? -1) === batches)
          v8.writeHeapSnapshot(`/tmp/an22/replay-batch${batches}.heapsnapshot`)
        if (process.env.JIPAN_BENCH_REPLAY_BATCH_LOG !== undefined) {
          const c = process.cpuUsage(cpu0)
          const m = process.memoryUsage()
          batchLog.push(
            `${batches}\t${((performance.now() - t0) / 1000).toFixed(2)}\t${(c.user / 1e6).toFixed(2)}\t${(m.heapUsed / 1048576).toFixed(1)}\t${(m.rss / 1048576).toFixed(1)}\t${(m.external / 1048576).toFixed(1)}`
          )
        }
      }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  // JIPAN_BENCH_REPLAY_RESULT=<file>: the whole result as JSON, to compare two builds' replays
  if (process.env.JIPAN_BENCH_REPLAY_RESULT !== undefined)
    writeFileSync(process.env.JIPAN_BENCH_REPLAY_RESULT, JSON.stringify(r, null, 1))
  clearInterval(sampler)
  if (session !== undefined && allocProf !== undefined) {
    const { profile } = (await post("HeapProfiler.stopSampling")) as { profile: unknown }
    writeFileSync(allocProf, JSON.stringify(profile))
    session.disconnect()
  }
  if (process.env.JIPAN_BENCH_REPLAY_BATCH_LOG !== undefined)
    writeFileSync(
      process.env.JIPAN_BENCH_REPLAY_BATCH_LOG,
      `batch\ts\tcpuUser\theapMb\trssMb\textMb\n${batchLog.join("\n")}\n`
    )
  await new Promise((r) => setTimeout(r, 10))
  gcObserver.disconnect()
  const hs = v8.getHeapStatistics()
  const rssMb = process.resourceUsage().maxRSS / 1024
  console.log(
    JSON.stringify({
      seconds,
      rssMb,
      rssBeforeMb,
      heapPeakMb,
      batches,
      cards: r.cards,
      cardDays: r.cardDays,
      differences: r.differences.length,
      workloadDays: r.workload.length,
      parties: r.parties.length,
      cpuUserS: cpu.user / 1e6,
      cpuSysS: cpu.system / 1e6,
      // kind: 1 scavenge, 2 mark-compact, 4 incremental marking, 8 weak callbacks
      gc: Object.fromEntries([...gc].map(([k, g]) => [k, { n: g.n, ms: Math.round(g.ms) }])),
      heapEndUsedMb: hs.used_heap_size / 1048576,
      heapEndTotalMb: hs.total_heap_size / 1048576,
      mallocedMb: hs.malloced_memory / 1048576,
      peakMallocedMb: hs.peak_malloced_memory / 1048576,
      load: (await import("node:os"))
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")
    })
  )
  await runtime.dispose()
}

const main = async () => {
  console.log(
    `PostgreSQL at ${new URL(url).host}; schema ${schema}; ${CARDS.toLocaleString()} cards, ${CONSULTANTS} consultants, ${DAYS} days`
  )
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const seeded = keptSchema !== undefined && (await alreadySeeded(admin, schema, CARDS))
  if (!seeded) {
    const t0 = performance.now()
    const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema, maxConnections: 4 }))
    const imported = await runtime.runPromise(
      BulkImport.importCards(tenant, rows(tenant, CARDS), { batchSize: 5_000 })
    )
    if (imported.imported !== CARDS) throw new Error(`imported ${imported.imported} of ${CARDS}`)
    await runtime.dispose()
    // statistics as autovacuum would have gathered them on a live store (the bulk import leaves none)
    const tables = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema])
    await admin.query(`VACUUM ANALYZE ${tables.rows.map((t) => `${schema}.${t.tablename}`).join(", ")}`)
    console.log(`  seeded and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  } else console.log("  kept schema, already seeded")
  // the replay in a fresh process: its memory is the replay's alone
  // V8 collects lazily while memory is plentiful: the replay's live heap stays under 200 MB, so the
  // child runs with a 256 MB old space (JIPAN_BENCH_REPLAY_HEAP_MB; "0" for V8's default)
  const heapMb = process.env.JIPAN_BENCH_REPLAY_HEAP_MB ?? "256"
  const heapFlag = heapMb === "0" ? [] : [`--max-old-space-size=${heapMb}`]
  // JIPAN_BENCH_REPLAY_CHILD_ARGS: extra Node flags for the child (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p")
  const childArgs = (process.env.JIPAN_BENCH_REPLAY_CHILD_ARGS ?? "").split(" ").filter((a) => a !== "")
  const child = spawnSync(
    process.execPath,
    [...heapFlag, ...childArgs, ...process.execArgv, process.argv[1] as string],
    {
      env: { ...process.env, JIPAN_BENCH_REPLAY_CHILD: "1", JIPAN_BENCH_REPLAY_SCHEMA: schema },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024
    }
  )
  if (keptSchema === undefined) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
  const line = child.stdout.trim().split("\n").at(-1) ?? ""
  if (child.status !== 0 || !line.startsWith("{")) throw new Error(`the replay failed: ${child.stdout}`)
  const m = JSON.parse(line) as {
    seconds: number
    rssMb: number
    rssBeforeMb: number
    heapPeakMb: number
    batches: number
    cards: number
    cardDays: number
    differences: number
  }
  console.log(`  ${line}`)
  report([
    {
      id: "policy-replay",
      value: m.seconds,
      unit: "s",
      note: `replayPolicy over ${DAYS} days of a ${CONSULTANTS}-consultant store of ${m.cards.toLocaleString()} cards on PostgreSQL (${m.cardDays.toLocaleString()} card-days, ${m.batches} batches of 500, ${m.differences} differences); peak RSS ${m.rssMb.toFixed(0)} MB (${m.rssBeforeMb.toFixed(0)} MB before the replay: Node, tsx and the sources; heap used at most ${m.heapPeakMb.toFixed(0)} MB; ${heapFlag.length === 0 ? "V8's default heap" : `--max-old-space-size=${heapMb}`}); targets < 30 s and < 500 MB`
    },
    {
      id: "policy-replay-rss",
      value: m.rssMb,
      unit: "MB",
      note: "peak RSS of the process that ran the replay"
    }
  ])
}

if (process.env.JIPAN_BENCH_REPLAY_CHILD === "1") await replayOnly()
else await main()
