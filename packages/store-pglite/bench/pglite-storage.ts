// The PGlite storage benchmarks (run by pglite-storage.bench.ts). Two in-memory PGlite databases,
// migrated by the same migrations: one behind the Jipan store (JipanPglite.layerOn), one for the
// hand-written baselines, reached two ways — `pg` named prepared statements over the same
// in-memory wire bridge the store uses, and PGlite's own `query()` API. The faster of the two is
// the peer.
import { PGlite } from "@electric-sql/pglite"
import {
  type CardEvent,
  type CardId,
  type ConsultantId,
  foldCard,
  handleCard,
  type Tenant,
  workList
} from "@jipan/core"
import { BulkImport, BulkLoader, Migrations } from "@jipan/store-sql"
import { Effect, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import { formatRate, measureAsync, type Rate, report } from "../../../scripts/bench-harness.js"
import { historyRow, historyRows, ownerOf, type Shape, workListDate } from "../../store-sql/bench/source.js"
import { JipanPglite, PgliteClient } from "../src/index.js"
import { asSocket, median, p95, type RawClient, rawOpen, workListOf, workListText } from "./rawSql.js"

// 100,000 cards: one store of the "100,000-card store" (PGlite is one in-process session;
// this size keeps the whole file near two minutes).
const CARDS = Number(process.env.JIPAN_BENCH_PGLITE_CARDS ?? 100_000)
const shape: Shape = { perStore: 100_000, consultants: 100 }
console.log(`PGlite in memory; ${CARDS.toLocaleString()} cards`)

const ourDb = await PGlite.create()
const rawDb = await PGlite.create()
const runtime = ManagedRuntime.make(JipanPglite.layerOn(ourDb))
// the baseline database gets the same tables, then the migrating client lets go of it
const migrate = ManagedRuntime.make(Layer.provideMerge(Migrations.layer, PgliteClient.layer(rawDb)))
await migrate.runPromise(Effect.void)
await migrate.dispose()
await runtime.runPromise(Effect.void)

const wire = new pg.Client({
  user: "postgres",
  database: "postgres",
  stream: () => asSocket(PgliteClient.wireStream(rawDb)()) as never
})
await wire.connect()
const viaWire: RawClient = {
  query: async (name, text, values) => (await wire.query({ name, text, values: [...values] })).rows,
  exec: (text) => wire.query(text)
}
const viaQuery: RawClient = {
  query: async (_name, text, values) => (await rawDb.query<Record<string, unknown>>(text, [...values])).rows,
  exec: (text) => rawDb.exec(text)
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
  // three rounds, the variants in turn, so a change in machine load hits all of them alike
  const wire: Array<Rate> = []
  const query: Array<Rate> = []
  const ours: Array<Rate> = []
  const ratios: Array<number> = []
  let n = 10_000_000
  for (let round = 0; round < 3; round++) {
    wire.push(await measureAsync(() => rawOpen(viaWire, tenant, n++, shape), options))
    query.push(await measureAsync(() => rawOpen(viaQuery, tenant, n++, shape), options))
    ours.push(await measureAsync(() => ourOpen(tenant, n++), options))
    const peer = Math.max(wire[round]?.opsPerSecond ?? 0, query[round]?.opsPerSecond ?? 0)
    ratios.push((ours[round]?.opsPerSecond ?? 0) / peer)
  }
  const rate = (rs: ReadonlyArray<Rate>) => median(rs.map((r) => r.opsPerSecond))
  const peerLabel = rate(wire) >= rate(query) ? "pg named prepared over the in-memory wire" : "PGlite query()"
  for (let round = 0; round < 3; round++)
    console.log(
      `  round ${round + 1}: raw SQL (pg over the wire) ${formatRate(wire[round] as Rate)}; raw SQL (PGlite query()) ${formatRate(query[round] as Rate)}; handleCard ${formatRate(ours[round] as Rate)}`
    )
  report([
    {
      id: "command-handling pglite",
      value: rate(ours),
      unit: "commands/s",
      peer: "raw-sql",
      ratio: median(ratios),
      note: `OpenCard end to end, one at a time, in-memory PGlite; peer: the same statements by hand (${peerLabel}, ${Math.round(Math.max(rate(wire), rate(query)))}/s; PGlite query() ${Math.round(rate(query))}/s); median of 3 interleaved rounds; floor 0.7x`
    }
  ])
}

/**
 * Plain COPY into the baseline database: the same cards into the same tables the import fills
 * (cards, events and the report tables), folded and turned into rows by the same pure functions
 * but without any check, one COPY per table per 5,000 cards, in one transaction.
 */
const plainCopy = async (dealerGroupId: string) => {
  const start = performance.now()
  await rawDb.exec("BEGIN")
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
      await rawDb.query(BulkLoader.copyStatement(table, "'/dev/blob'"), [], {
        blob: new Blob([BulkLoader.copyText(table)])
      })
    }
  }
  for (const row of historyRows(0, CARDS, shape)) {
    batch.push(row)
    if (batch.length === 5_000) await flush()
  }
  await flush()
  await rawDb.exec("COMMIT")
  return CARDS / ((performance.now() - start) / 1000)
}

const bulkImport = async () => {
  const copy = await plainCopy("bench-import")
  console.log(`  plain COPY: ${Math.round(copy).toLocaleString()} cards/s`)
  const start = performance.now()
  const result = await runtime.runPromise(
    BulkImport.importCards({ dealerGroupId: "bench-import" as never }, historyRows(0, CARDS, shape), {
      batchSize: 5_000
    })
  )
  const rate = CARDS / ((performance.now() - start) / 1000)
  if (result.imported !== CARDS) throw new Error(`imported ${result.imported} of ${CARDS}`)
  console.log(`  BulkImport (${result.method}): ${Math.round(rate).toLocaleString()} cards/s`)
  report([
    {
      id: "bulk-import pglite",
      value: rate,
      unit: "cards/s",
      peer: "copy",
      ratio: rate / copy,
      note: `${CARDS.toLocaleString()} cards with histories into in-memory PGlite (COPY FROM '/dev/blob'); peer: plain COPY of the same rows into the same tables (cards, events, report rows), made by the same pure functions without checks, ${Math.round(copy).toLocaleString()} cards/s`
    }
  ])
}

const workLists = async () => {
  await rawDb.exec("ANALYZE jipan_cards")
  const owner = ownerOf(42, shape) as ConsultantId
  const scope = { dealerGroupId: "bench-import", storeId: "store-00" } as Tenant
  const text = workListText(true)
  const values = [scope.dealerGroupId, owner, workListDate, scope.storeId]
  const rawMs: Array<number> = []
  const bareMs: Array<number> = []
  const ourMs: Array<number> = []
  let cards = 0
  for (let k = 0; k < 420; k++) {
    const t0 = performance.now()
    const rows = await viaWire.query("work-list", text, values)
    const t1 = performance.now()
    const raw = workListOf(rows, workListDate)
    const t2 = performance.now()
    const ours = await runtime.runPromise(workList(scope, owner, workListDate))
    const t3 = performance.now()
    const n = raw.dueToday.length + raw.overdue.length
    if (n !== ours.dueToday.length + ours.overdue.length || raw.dueToday.length !== ours.dueToday.length)
      throw new Error(`raw SQL found ${n} cards, the store ${ours.dueToday.length + ours.overdue.length}`)
    cards = n
    if (k >= 20) {
      bareMs.push(t1 - t0)
      rawMs.push(t2 - t0)
      ourMs.push(t3 - t2)
    }
  }
  console.log(
    `  work list (${cards} cards): raw ${median(rawMs).toFixed(3)} ms (p95 ${p95(rawMs).toFixed(3)}; query alone ${median(bareMs).toFixed(3)}), store ${median(ourMs).toFixed(3)} ms (p95 ${p95(ourMs).toFixed(3)})`
  )
  report([
    {
      id: "work-list pglite",
      value: median(ourMs),
      unit: "ms median",
      peer: "raw-sql",
      ratio: median(rawMs) / median(ourMs),
      note: `p95 ${p95(ourMs).toFixed(3)} ms vs ${p95(rawMs).toFixed(3)} ms; ${cards} cards of one consultant in a ${CARDS.toLocaleString()}-card in-memory PGlite store; peer: pg named prepared over the wire + the same row decode (query alone ${median(bareMs).toFixed(3)} ms); floor 0.67x`
    }
  ])
}

// JIPAN_BENCH_ONLY=commands|import skips the rest (when profiling one part)
const only = process.env.JIPAN_BENCH_ONLY
try {
  if (only === undefined || only === "commands") await commandHandling()
  if (only === undefined || only === "import") await bulkImport()
  if (only === undefined) await workLists()
} finally {
  await wire.end().catch(() => undefined)
  await runtime.dispose()
  await ourDb.close()
  await rawDb.close()
}
