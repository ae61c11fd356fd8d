// The daily-report benchmark (run by daily-report.bench.ts): one store of 100 consultants and
// 100,000 cards with 90 days of decided histories (contacts, orders, deliveries, care contacts,
// defeats; see historyOf in bigStore.ts) and the reception's visit log, bulk-imported into a
// dedicated schema on the server at JIPAN_TEST_POSTGRES_URL and laid out by time as a live store's
// tables are (layOutByTime); then the store's daily business report and the supervisor's findings
// for the last day, end to end through the public use cases, warm. Dropped at the end.
import {
  addDays,
  type CardId,
  CardStore,
  type ConsultantId,
  dailyReportOf,
  defaultPolicy,
  findingsFactFilter,
  findingsOf,
  type PhoneNumber,
  ReportSource,
  type ShowroomVisit,
  type Tenant
} from "@jipan/core"
import { BulkImport } from "@jipan/store-sql"
import { Effect, ManagedRuntime } from "effect"
import pg from "pg"
import { report } from "../../../scripts/bench-harness.js"
import { median, p95 } from "../../store-pglite/bench/rawSql.js"
import { JipanPostgres } from "../src/index.js"
import { alreadySeeded, CONSULTANTS, DAY, DAYS, firstDay, rows, START } from "./bigStore.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_REPORT_CARDS ?? 100_000)
const RUNS = Number(process.env.JIPAN_BENCH_REPORT_RUNS ?? 20)
// JIPAN_BENCH_REPORT_SCHEMA names a schema to keep between runs (seeded once, never dropped), for
// working on the report queries without re-seeding each time.
const keptSchema = process.env.JIPAN_BENCH_REPORT_SCHEMA
const schema = keptSchema ?? `jipan_bench_report_${process.pid}_${Date.now().toString(36)}`
const tenant: Tenant = { dealerGroupId: "bench-report", storeId: "store-01" } as Tenant
/** The report day: the last day of the history. */
const reportDay = addDays(firstDay, DAYS - 1)

/** The reception's log: every card's first visit (walk-in or phone-in), plus a few uncarded walk-ins a day. */
const visits = (): Array<ShowroomVisit> => {
  const out: Array<ShowroomVisit> = []
  for (let i = 0; i < CARDS; i++) {
    const day = (i * 7919) % DAYS
    out.push({
      tenant,
      visitId: `v-${i}`,
      at: START + day * DAY,
      on: addDays(firstDay, day),
      kind: i % 3 === 0 ? "phoneIn" : "walkIn",
      ordinal: "first",
      consultant: `c-${String(i % CONSULTANTS).padStart(3, "0")}` as ConsultantId,
      phone: `+86139${String(i).padStart(8, "0")}` as PhoneNumber,
      cardId: `card-${String(i).padStart(6, "0")}` as CardId
    } as ShowroomVisit)
  }
  for (let day = 0; day < DAYS; day++)
    for (let k = 0; k < 5; k++)
      out.push({
        tenant,
        visitId: `v-uncarded-${day}-${k}`,
        at: START + day * DAY + k * 600_000,
        on: addDays(firstDay, day),
        kind: "walkIn",
        ordinal: "first",
        consultant: `c-${String((day * 5 + k) % CONSULTANTS).padStart(3, "0")}` as ConsultantId
      } as ShowroomVisit)
  return out
}

const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema, maxConnections: 4 }))

/** Bulk-imports the histories and records the reception's visit log. */
const seed = async () => {
  const t0 = performance.now()
  const imported = await runtime.runPromise(
    BulkImport.importCards(tenant, rows(tenant, CARDS), { batchSize: 5_000 })
  )
  if (imported.imported !== CARDS)
    throw new Error(
      `imported ${imported.imported} of ${CARDS}: ${JSON.stringify(imported.rejectedRows.slice(0, 3))}`
    )
  const log = visits()
  await runtime.runPromise(
    Effect.gen(function* () {
      const source = yield* ReportSource
      for (let k = 0; k < log.length; k += 5_000) yield* source.recordVisits(log.slice(k, k + 5_000))
    })
  )
  console.log(
    `  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (bulk import + ${log.length.toLocaleString()} visits)`
  )
}

/**
 * The bulk import writes each card's whole history at once, card after card; a store that has run
 * for 90 days appended its rows day after day. The report tables are laid out as the latter
 * (report events by day, due spans by the day they started), then vacuumed and analysed, as
 * autovacuum would have.
 */
const layOutByTime = async (admin: pg.Client) => {
  const t0 = performance.now()
  await admin.query(`SET search_path TO ${schema}`)
  await admin.query(`CLUSTER jipan_report_events USING jipan_report_events_on`)
  await admin.query(
    `CREATE INDEX bench_due_spans_started ON jipan_due_spans (dealer_group_id, store_id, started_on)`
  )
  await admin.query(`CLUSTER jipan_due_spans USING bench_due_spans_started`)
  await admin.query(`DROP INDEX bench_due_spans_started`)
  // this schema's tables only (a bare VACUUM would go through the whole database)
  const tables = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema])
  await admin.query(`VACUUM ANALYZE ${tables.rows.map((t) => `${schema}.${t.tablename}`).join(", ")}`)
  await admin.query(`SET search_path TO DEFAULT`)
  console.log(`  laid out by time and vacuumed in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

const main = async () => {
  console.log(
    `PostgreSQL at ${new URL(url).host}; schema ${schema}; ${CARDS.toLocaleString()} cards, ${CONSULTANTS} consultants`
  )
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const seeded = keptSchema !== undefined && (await alreadySeeded(admin, schema, CARDS))
  if (!seeded) {
    await seed()
    await layOutByTime(admin)
  } else console.log("  kept schema, already seeded")

  const both = Effect.all([dailyReportOf(tenant, { from: reportDay }), findingsOf(tenant, { on: reportDay })])
  const times: Array<number> = []
  const dailyTimes: Array<number> = []
  let shape = ""
  for (let k = 0; k < RUNS + 3; k++) {
    const a = performance.now()
    const [daily, found] = await runtime.runPromise(both)
    const b = performance.now()
    await runtime.runPromise(dailyReportOf(tenant, { from: reportDay }))
    const c = performance.now()
    if (k >= 3) {
      times.push(b - a)
      dailyTimes.push(c - b)
    }
    shape = `${daily.rows.length} report rows, ${found.findings.length} findings`
    if (k === 0) console.log(`  findings by rule: ${JSON.stringify(found.counts)}`)
  }
  // Where the time goes: each read of the two use cases alone (rows, median ms).
  const reads: Record<
    string,
    (src: ReportSource["Service"]) => Effect.Effect<ReadonlyArray<unknown>, unknown, CardStore>
  > = {
    eventsOn: (src: ReportSource["Service"]) => src.eventsOn(tenant, { from: reportDay, to: reportDay }),
    dueSpans: (src: ReportSource["Service"]) =>
      src.dueSpans(tenant, { from: reportDay, to: reportDay }, { dueOnOrBefore: reportDay }),
    visitsOn: (src: ReportSource["Service"]) => src.visitsOn(tenant, { from: reportDay, to: reportDay }),
    // the facts the findings read: only the open cards that can raise one
    findingFacts: (src: ReportSource["Service"]) =>
      Effect.flatMap(src.visitsOn(tenant, { from: reportDay, to: reportDay }), (visits) =>
        src.cardFacts(tenant, {
          statuses: ["prospect", "ordered", "defeatRequested"],
          mayRaiseFindings: findingsFactFilter({ on: reportDay, from: reportDay, visits }, defaultPolicy)
        })
      ),
    careDue: () => Effect.flatMap(CardStore, (cards) => cards.careDue(tenant, reportDay))
  }
  const breakdown: Array<string> = []
  for (const [name, read] of Object.entries(reads)) {
    const ms: Array<number> = []
    let n = 0
    for (let k = 0; k < 7; k++) {
      const a = performance.now()
      n = (await runtime.runPromise(Effect.flatMap(ReportSource, read))).length
      ms.push(performance.now() - a)
    }
    breakdown.push(`${name} ${n} rows ${median(ms.slice(2)).toFixed(1)} ms`)
  }
  console.log(`  reads: ${breakdown.join("; ")}`)
  console.log(
    `  ${shape}; daily report + findings: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms`
  )
  report([
    {
      id: "daily-report",
      value: median(times),
      unit: "ms",
      note: `daily report + findings of one day for a ${CONSULTANTS}-consultant store of ${CARDS.toLocaleString()} cards on PostgreSQL, end to end through the use cases (${shape}); p95 ${p95(times).toFixed(1)} ms; the daily report alone ${median(dailyTimes).toFixed(1)} ms; median of ${RUNS} warm runs; floor < 200 ms`
    }
  ])
  await runtime.dispose()
  if (keptSchema === undefined) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
}

await main()
