// The PostgreSQL storage benchmarks (run by storage.bench.ts). Two dedicated schemas on the server
// at JIPAN_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), dropped at the end:
// one for the Jipan store, one for the raw-SQL and plain-COPY baselines (same tables, migrated by
// the same migrations).
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import {
  type CardEvent,
  type CardId,
  type ConsultantId,
  foldCard,
  handleCard,
  type Tenant,
  workList
} from "@jipan/core"
import { BulkImport, BulkLoader, Migrations, SqlStore } from "@jipan/store-sql"
import { Effect, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import { formatRate, measureAsync, type Rate, report } from "../../../scripts/bench-harness.js"
import {
  median,
  p95,
  type RawClient,
  rawOpen,
  workListOf,
  workListText
} from "../../store-pglite/bench/rawSql.js"
import { historyRow, historyRows, ownerOf, type Shape, workListDate } from "../../store-sql/bench/source.js"
import { JipanPostgres, PostgresClient } from "../src/index.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_CARDS ?? 1_000_000)
const shape: Shape = { perStore: 100_000, consultants: 100 }
const suffix = `${process.pid}_${Date.now().toString(36)}`
const ours = `jipan_bench_${suffix}`
const raw = `jipan_bench_raw_${suffix}`
console.log(`PostgreSQL at ${new URL(url).host}; schemas ${ours} and ${raw}; ${CARDS.toLocaleString()} cards`)

const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema: ours, maxConnections: 4 }))
const rawMigrated = ManagedRuntime.make(
  Layer.provideMerge(
    Layer.mergeAll(SqlStore.layer, Migrations.layer),
    PostgresClient.layer({ url, schema: raw })
  )
)
const client = new pg.Client({ connectionString: url })

const viaPg: RawClient = {
  query: async (name, text, values) => (await client.query({ name, text, values: [...values] })).rows,
  exec: (text) => client.query(text)
}

const ourOpen = (tenant: Tenant, i: number) => {
  const row = historyRow(i, shape) as { cardId: string; history: Array<Record<string, unknown>> }
  const o = row.history[0] as Record<string, unknown>
  return runtime.runPromise(
    handleCard({
      tenant,
      cardId: row.cardId as CardId,
      command: {
        _tag: "OpenCard",
        cardId: row.cardId as CardId,
        storeId: tenant.storeId,
        customerId: o.customerId as never,
        phone: o.phone as never,
        owner: o.owner as ConsultantId,
        source: "walkIn",
        intent: "direct",
        evidence: {},
        existingOpenCardId: undefined,
        by: { id: o.owner as string, role: "consultant" },
        at: o.at as number
      }
    })
  )
}

const commandHandling = async () => {
  const tenant = { dealerGroupId: "bench-commands", storeId: "store-01" } as Tenant
  const options = { batch: 50, seconds: 2 }
  // three rounds, the two in turn, so a change in machine load hits both alike
  const raws: Array<Rate> = []
  const ours: Array<Rate> = []
  let n = 10_000_000
  for (let round = 0; round < 3; round++) {
    raws.push(await measureAsync(() => rawOpen(viaPg, tenant, n++, shape), options))
    ours.push(await measureAsync(() => ourOpen(tenant, n++), options))
    console.log(
      `  round ${round + 1}: raw SQL (pg, prepared) ${formatRate(raws[round] as Rate)}; handleCard ${formatRate(ours[round] as Rate)}`
    )
  }
  const rate = (rs: ReadonlyArray<Rate>) => median(rs.map((r) => r.opsPerSecond))
  report([
    {
      id: "command-handling postgres",
      value: rate(ours),
      unit: "commands/s",
      peer: "raw-sql",
      ratio: median(ours.map((o, i) => o.opsPerSecond / (raws[i] as Rate).opsPerSecond)),
      note: `OpenCard end to end, one at a time; peer: the same statements by hand (pg, named prepared), ${Math.round(rate(raws))}/s; median of 3 interleaved rounds; floor 0.7x`
    }
  ])
}

/**
 * Plain COPY: the same cards into the same tables the import fills (cards, events and the report
 * tables), folded and turned into rows by the same pure functions but without any check, one
 * COPY per table per 5,000 cards, in one transaction.
 */
const plainCopy = async (dealerGroupId: string) => {
  const copyClient = new pg.Client({ connectionString: url })
  await copyClient.connect()
  await copyClient.query(`SET search_path TO ${raw}`)
  const start = performance.now()
  await copyClient.query("BEGIN")
  let batch: Array<Record<string, unknown>> = []
  const flush = async () => {
    const cards = batch.map((row) => {
      const history = row.history as ReadonlyArray<CardEvent>
      return {
        storeId: row.storeId as string,
        cardId: row.cardId as CardId,
        history,
        state: foldCard(history),
        care: []
      }
    })
    batch = []
    for (const table of BulkImport.tablesOf(dealerGroupId, cards)) {
      if (table.rows.length === 0) continue
      await pipeline(
        Readable.from([BulkLoader.copyText(table)]),
        copyClient.query(copyFrom(BulkLoader.copyStatement(table, "STDIN")))
      )
    }
  }
  for (const row of historyRows(0, CARDS, shape)) {
    batch.push(row)
    if (batch.length === 5_000) await flush()
  }
  await flush()
  await copyClient.query("COMMIT")
  const seconds = (performance.now() - start) / 1000
  await copyClient.end()
  return CARDS / seconds
}

const bulkImport = async () => {
  const copy = await plainCopy("bench-import")
  console.log(`  plain COPY: ${Math.round(copy).toLocaleString()} cards/s`)
  const start = performance.now()
  const result = await runtime.runPromise(
    BulkImport.importCards({ dealerGroupId: "bench-import" as never }, historyRows(0, CARDS, shape), {
      batchSize: 5_000,
      onProgress: (p) => {
        if (p.lines % 200_000 === 0) console.log(`    ${p.lines.toLocaleString()} rows`)
      }
    })
  )
  const rate = CARDS / ((performance.now() - start) / 1000)
  if (result.imported !== CARDS) throw new Error(`imported ${result.imported} of ${CARDS}`)
  console.log(`  BulkImport (${result.method}): ${Math.round(rate).toLocaleString()} cards/s`)
  report([
    {
      id: "bulk-import postgres",
      value: rate,
      unit: "cards/s",
      peer: "copy",
      ratio: rate / copy,
      note: `${CARDS.toLocaleString()} cards with histories; peer: plain COPY of the same rows into the same tables (cards, events, report rows), made by the same pure functions without checks, ${Math.round(copy).toLocaleString()} cards/s; floor 0.6x`
    }
  ])
}

const workLists = async () => {
  await client.query(`ANALYZE ${ours}.jipan_cards`)
  const owner = ownerOf(42, shape) as ConsultantId
  const scopes = [
    { label: "", scope: { dealerGroupId: "bench-import", storeId: "store-00" } },
    { label: " (1M group)", scope: { dealerGroupId: "bench-import" } }
  ] as const
  for (const { label, scope } of scopes) {
    const byStore = "storeId" in scope
    const text = workListText(byStore)
    const values = byStore
      ? [scope.dealerGroupId, owner, workListDate, scope.storeId]
      : [scope.dealerGroupId, owner, workListDate]
    const rawMs: Array<number> = []
    const bareMs: Array<number> = []
    const ourMs: Array<number> = []
    let cards = 0
    for (let k = 0; k < 420; k++) {
      const t0 = performance.now()
      const rows = await viaPg.query(`work-list${label}`, text, values)
      const t1 = performance.now()
      const raw = workListOf(rows, workListDate)
      const t2 = performance.now()
      const found = await runtime.runPromise(workList(scope as never, owner, workListDate))
      const t3 = performance.now()
      const n = raw.dueToday.length + raw.overdue.length
      if (n !== found.dueToday.length + found.overdue.length || raw.dueToday.length !== found.dueToday.length)
        throw new Error(`raw SQL found ${n} cards, the store ${found.dueToday.length + found.overdue.length}`)
      cards = n
      if (k >= 20) {
        bareMs.push(t1 - t0)
        rawMs.push(t2 - t0)
        ourMs.push(t3 - t2)
      }
    }
    console.log(
      `  work list${label} (${cards} cards): raw ${median(rawMs).toFixed(3)} ms (p95 ${p95(rawMs).toFixed(3)}; query alone ${median(bareMs).toFixed(3)}), store ${median(ourMs).toFixed(3)} ms (p95 ${p95(ourMs).toFixed(3)})`
    )
    report([
      {
        id: `work-list postgres${label}`,
        value: median(ourMs),
        unit: "ms median",
        peer: "raw-sql",
        ratio: median(rawMs) / median(ourMs),
        note: `p95 ${p95(ourMs).toFixed(3)} ms vs ${p95(rawMs).toFixed(3)} ms; ${cards} cards of one consultant in a ${byStore ? "100,000-card store" : `${CARDS.toLocaleString()}-card group`}; peer: pg named prepared + the same row decode (query alone ${median(bareMs).toFixed(3)} ms); floor 0.67x`
      }
    ])
  }
}

try {
  await rawMigrated.runPromise(Effect.void)
  await runtime.runPromise(Effect.void)
  await client.connect()
  await client.query(`SET search_path TO ${raw}`)
  await commandHandling()
  await bulkImport()
  await client.query(`SET search_path TO ${ours}`)
  await workLists()
} finally {
  await client.query(`DROP SCHEMA IF EXISTS ${ours} CASCADE`).catch(() => undefined)
  await client.query(`DROP SCHEMA IF EXISTS ${raw} CASCADE`).catch(() => undefined)
  await client.end().catch(() => undefined)
  await runtime.dispose()
  await rawMigrated.dispose()
}
