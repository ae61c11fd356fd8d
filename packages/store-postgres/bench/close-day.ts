// The close-day benchmark (run by close-day.bench.ts): one `closeDay` of a 100-consultant store of
// 100,000 cards on PostgreSQL, the store generated as the daily-report benchmark generates it (90
// days of decided histories with seeded lapses: one card in 17 forgotten after two contacts, so
// thousands of prospects are overdue by the last day; see historyOf in bigStore.ts) and
// bulk-imported into a dedicated schema at JIPAN_TEST_POSTGRES_URL, vacuumed and analysed. The
// close of the last day (lapses, vouchers, the day's care messages with a directory) is timed once,
// cold for the day (a second close of the same day changes nothing, so it is not the same work),
// with every storage port call timed on the side (where the time goes). Dropped at the end.
// JIPAN_BENCH_CLOSE_CARDS sets the size; JIPAN_BENCH_CLOSE_TAP=1 runs the close through a counting
// proxy (wireTap.ts) and lists its round trips and statements (slower: a diagnosis, not the figure);
// JIPAN_BENCH_CLOSE_CONCURRENCY lists `closeDay`'s `concurrency` (cards alone at once; batches
// take at most 2 of it), 4 when absent (e.g. "1,4,8": each closes a store seeded afresh, on a pool
// of at least that many);
// JIPAN_BENCH_CLOSE_PROFILE=<dir> writes a CPU profile of the close alone (node:inspector) there;
// JIPAN_BENCH_CLOSE_EXPLAIN=1 prints the plan of the candidate read (EXPLAIN ANALYZE, before the close).

import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { join } from "node:path"
import { addDays, closeDay, type NotificationDirectory, PolicyStore, type Tenant } from "@jipan/core"
import { BulkImport } from "@jipan/store-sql"
import { Effect, ManagedRuntime } from "effect"
import pg from "pg"
import { report } from "../../../scripts/bench-harness.js"
import { JipanPostgres } from "../src/index.js"
import { CONSULTANTS, DAYS, firstDay, rows } from "./bigStore.js"
import { load, portTimer } from "./portTimer.js"
import { startWireTap } from "./wireTap.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_CLOSE_CARDS ?? 100_000)
const concurrencies = (process.env.JIPAN_BENCH_CLOSE_CONCURRENCY ?? "4").split(",").map(Number)
const tenant: Tenant = { dealerGroupId: "bench-close", storeId: "store-01" } as Tenant
/** The day closed: the last day of the histories, at 23:30 in Beijing. */
const day = addDays(firstDay, DAYS - 1)
const at = Date.parse(`${day}T23:30:00+08:00`)

const directory: NotificationDirectory = {
  store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
  consultant: (id) => ({ id, name: "王", channel: "wecom" }),
  supervisors: () => [],
  customer: (id) => ({ id, name: "陈先生", channel: "sms", to: ["13800001234"], customerId: id })
}

const { calls, timed } = portTimer()

/** The default policy's earliest downgrade step (days overdue), as closeDay's candidate read uses it. */
const EXPLAIN_DOWNGRADE_DAYS = Number(process.env.JIPAN_BENCH_CLOSE_DOWNGRADE_DAYS ?? 7)

const closeOnce = async (concurrency: number) => {
  calls.clear()
  const schema = `jipan_bench_close_${process.pid}_${Date.now().toString(36)}`
  console.log(
    `PostgreSQL at ${new URL(url).host}; schema ${schema}; ${CARDS.toLocaleString()} cards, ${CONSULTANTS} consultants, close of ${day}`
  )
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const tap = process.env.JIPAN_BENCH_CLOSE_TAP === "1" ? await startWireTap(url) : undefined
  const runtime = ManagedRuntime.make(
    JipanPostgres.layer({ url: tap?.url ?? url, schema, maxConnections: Math.max(4, concurrency) })
  )
  try {
    const t0 = performance.now()
    const imported = await runtime.runPromise(
      BulkImport.importCards(tenant, rows(tenant, CARDS), { batchSize: 5_000 })
    )
    if (imported.imported !== CARDS) throw new Error(`imported ${imported.imported} of ${CARDS}`)
    // statistics as autovacuum would have gathered them on a live store (the bulk import leaves none)
    const tables = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema])
    await admin.query(`VACUUM ANALYZE ${tables.rows.map((t) => `${schema}.${t.tablename}`).join(", ")}`)
    console.log(`  seeded and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const prospects = await admin.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE next_contact_due < $1::date)::int AS overdue
         FROM ${schema}.jipan_cards WHERE status = 'prospect'`,
      [day]
    )
    const { n: open, overdue } = prospects.rows[0] as { n: number; overdue: number }
    if (process.env.JIPAN_BENCH_CLOSE_EXPLAIN === "1") {
      // the candidate read as SqlReportSource.cardFacts writes it for closeDay (prospects due
      // before the earliest downgrade step)
      const plan = await admin.query(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT card_id, version, status, owner_id, facts FROM ${schema}.jipan_card_facts
          WHERE dealer_group_id = $1 AND store_id = $2 AND status IN ('prospect') AND next_contact_due < $3
          ORDER BY store_id COLLATE "C", card_id COLLATE "C"`,
        [tenant.dealerGroupId, tenant.storeId, addDays(day, -EXPLAIN_DOWNGRADE_DAYS + 1)]
      )
      console.log(`  the candidate read:\n    ${plan.rows.map((r) => r["QUERY PLAN"]).join("\n    ")}`)
    }
    // warm the pool and the prepared statements of the reads (not the day's work)
    await runtime.runPromise(Effect.flatMap(PolicyStore, (p) => p.documents(tenant.dealerGroupId)))

    await tap?.reset()
    const loadBefore = load()
    const profileDir = process.env.JIPAN_BENCH_CLOSE_PROFILE
    const inspector = profileDir === undefined ? undefined : new Session()
    if (inspector !== undefined) {
      inspector.connect()
      await inspector.post("Profiler.enable")
      await inspector.post("Profiler.start")
    }
    const start = performance.now()
    const cpu0 = process.cpuUsage()
    const closed = await runtime.runPromise(timed(closeDay(tenant, day, at, { directory, concurrency })))
    const cpu = process.cpuUsage(cpu0)
    const ms = performance.now() - start
    if (inspector !== undefined && profileDir !== undefined) {
      const { profile } = await inspector.post("Profiler.stop")
      const file = join(profileDir, `close-day-${concurrency}.cpuprofile`)
      writeFileSync(file, JSON.stringify(profile))
      inspector.disconnect()
      console.log(`  CPU profile of the close: ${file}`)
    }
    const cpuMs = (cpu.user + cpu.system) / 1000
    const portMs = [...calls.values()].reduce((s, c) => s + c.ms, 0)
    const breakdown = [...calls.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([k, c]) => `${k} ${c.n}× ${c.ms.toFixed(0)} ms (${((c.ms / c.n) * 1000).toFixed(0)} µs each)`)
    console.log(
      `  ${open.toLocaleString()} prospects, ${overdue.toLocaleString()} overdue; closed: ${closed.lapsed.length} lapsed, ${closed.vouchersExpired.length} vouchers expired, ${closed.messages.length} messages, ${closed.problems.length} problems`
    )
    console.log(
      `  closeDay (concurrency ${concurrency}) ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU in this process (load average ${loadBefore} before, ${load()} after)`
    )
    console.log(`  storage port calls ${portMs.toFixed(0)} ms of it:\n    ${breakdown.join("\n    ")}`)
    if (tap !== undefined) {
      const w = await tap.read()
      console.log(
        `  through the tap: ${w.roundTrips} round trips, ${w.busyMs.toFixed(0)} ms waiting on PostgreSQL`
      )
      for (const [text, n] of [...w.statements].sort((a, b) => b[1] - a[1]))
        console.log(`    ${n}× ${text.slice(0, 110)}`)
    }
    const handled = (calls.get("CardStore.loadState") ?? calls.get("CardStore.load"))?.n ?? 0
    const batches = calls.get("CardStore.appendMany")?.n ?? 0
    report([
      {
        id: concurrency === 4 ? "close-day" : `close-day concurrency ${concurrency}`,
        value: ms / 1000,
        unit: "s",
        note: `one closeDay of the last of ${DAYS} days for a ${CONSULTANTS}-consultant store of ${CARDS.toLocaleString()} cards on PostgreSQL (${overdue.toLocaleString()} overdue prospects, ${closed.lapsed.length} lapsed in ${batches} batches and ${handled} cards alone, ${closed.messages.length} messages); concurrency ${concurrency}; ${cpuMs.toFixed(0)} ms CPU in the process; load average ${loadBefore}; storage port calls ${portMs.toFixed(0)} ms; target < 2 s`
      }
    ])
  } finally {
    await runtime.dispose()
    await tap?.close()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
}

for (const concurrency of concurrencies) await closeOnce(concurrency)
