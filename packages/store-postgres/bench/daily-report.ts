// The daily-report benchmark (run by daily-report.bench.ts): one store of 100 consultants and
// 100,000 cards with 90 days of decided histories (contacts, orders, deliveries, care contacts,
// defeats; see historyOf) and the reception's visit log, bulk-imported into a dedicated schema on
// the server at JIPAN_TEST_POSTGRES_URL and laid out by time as a live store's tables are
// (layOutByTime); then the store's daily business report and the supervisor's findings for the
// last day, end to end through the public use cases, warm. Dropped at the end.
import {
  addDays,
  type CalendarDate,
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  CardStore,
  type ConsultantId,
  type CustomerId,
  carePlanOf,
  dailyReportOf,
  decideCard,
  defaultPolicy,
  evolveCard,
  findingsFactFilter,
  findingsOf,
  initialCardState,
  type PhoneNumber,
  ReportSource,
  type ShowroomVisit,
  type StoreId,
  type Tenant,
  toDayNumber
} from "@jipan/core"
import { BulkImport } from "@jipan/store-sql"
import { Effect, ManagedRuntime, Result } from "effect"
import pg from "pg"
import { report } from "../../../scripts/bench-harness.js"
import { median, p95 } from "../../store-pglite/bench/rawSql.js"
import { JipanPostgres } from "../src/index.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_REPORT_CARDS ?? 100_000)
const CONSULTANTS = 100
const DAYS = 90
const RUNS = Number(process.env.JIPAN_BENCH_REPORT_RUNS ?? 20)
// JIPAN_BENCH_REPORT_SCHEMA names a schema to keep between runs (seeded once, never dropped), for
// working on the report queries without re-seeding each time.
const keptSchema = process.env.JIPAN_BENCH_REPORT_SCHEMA
const schema = keptSchema ?? `jipan_bench_report_${process.pid}_${Date.now().toString(36)}`
const tenant: Tenant = { dealerGroupId: "bench-report", storeId: "store-01" } as Tenant
const START = Date.parse("2026-01-05T10:00:00+08:00")
const DAY = 86_400_000
const firstDay = "2026-01-05" as CalendarDate
/** The report day: the last day of the history. */
const reportDay = addDays(firstDay, DAYS - 1)

/**
 * What a prospect tells at a visit `remaining` days before the purchase they plan: the time frame,
 * and the evidence that matures as the day comes (a model of interest within a month, the model
 * chosen and a test drive within two weeks, colour, budget and the decision maker in the last week).
 */
const evidenceAt = (remaining: number) => ({
  purchaseTimeframeDays: Math.max(remaining, 0),
  ...(remaining <= 30 ? { modelOfInterest: "GL8" } : {}),
  ...(remaining <= 15 ? { modelChosen: true, testDriveDone: true } : {}),
  ...(remaining <= 7 ? { colourChosen: true, budgetSettled: true, decisionMakerPresent: true } : {})
})
/** The time frames the customers state at their first visit (days), one per card in turn. */
const timeframes = [5, 12, 25, 45, 75, 20, 35, 60] as const
const channels = ["call", "wechat", "sms", "call", "showroomVisit"] as const
const defeatClaims = [
  { typeId: "price", reasonId: "priceTooHigh" },
  { typeId: "postponed", reasonId: "postponed" },
  { typeId: "lostContact", reasonId: "unanswered" },
  { typeId: "finance", reasonId: "budgetCut" }
] as const
const dayIndex = (d: CalendarDate | undefined) =>
  d === undefined ? Number.POSITIVE_INFINITY : toDayNumber(d) - toDayNumber(firstDay)

/**
 * Card `i`'s history, decided command by command (so it is what the library itself would write),
 * of a store that mostly follows the policy: the consultant calls on every due day and agrees the
 * next contact, the grade moves as the purchase comes closer, and when the customer's time frame
 * runs out two in five order (delivered a few days later, then every care contact of the plan made
 * on its day) and the others ask for a defeat, approved by the supervisor the next day. Seeded
 * lapses, each about one card in 13–40, give every finding rule something to find: cards forgotten
 * after two contacts (overdue), contacts without an agreed next contact, defeat requests left
 * waiting, care plans not followed.
 */
const historyOf = (i: number): ReadonlyArray<CardEvent> => {
  const owner = `c-${String(i % CONSULTANTS).padStart(3, "0")}` as ConsultantId
  const by = { id: owner, role: "consultant" } as const
  const boss = { id: "s-boss", role: "supervisor" } as const
  const openedDay = (i * 7919) % DAYS
  const timeframe = timeframes[i % timeframes.length] as number
  const cardId = `card-${String(i).padStart(6, "0")}` as CardId
  const forgotten = i % 17 === 0
  const noAgreedContact = i % 23 === 0
  const buys = i % 5 < 2
  const defeatLeftWaiting = i % 40 === 7
  const careNotFollowed = i % 13 === 0
  let state: CardState = initialCardState
  const events: Array<CardEvent> = []
  const run = (command: CardCommand) => {
    const r = decideCard(command, state, defaultPolicy)
    if (Result.isFailure(r)) throw new Error(`card ${i}: ${r.failure.message}`)
    for (const e of r.success) {
      state = evolveCard(state, e)
      events.push(e)
    }
  }
  let step = 0
  const atDay = (day: number) => START + day * DAY + ++step * 60_000
  run({
    _tag: "OpenCard",
    by,
    at: atDay(openedDay),
    cardId,
    storeId: tenant.storeId as StoreId,
    customerId: `cust-${i}` as CustomerId,
    phone: `+86139${String(i).padStart(8, "0")}` as PhoneNumber,
    owner,
    source: i % 3 === 0 ? "phoneIn" : "walkIn",
    intent: "direct",
    evidence: evidenceAt(timeframe),
    existingOpenCardId: undefined
  })
  let orderedDay = 0
  while (state.status === "prospect" || state.status === "ordered") {
    const day = dayIndex(state.nextContactDue)
    if (day >= DAYS || (forgotten && state.contactCount >= 2)) break
    if (state.status === "prospect" && openedDay + timeframe <= day) {
      if (buys) {
        orderedDay = day
        run({ _tag: "PlaceOrder", by, at: atDay(day), orderId: `SO-${i}`, model: "GL8" })
        continue
      }
      run({
        _tag: "RequestDefeat",
        by,
        at: atDay(day),
        defeat: defeatClaims[i % defeatClaims.length] as never
      })
      if (!defeatLeftWaiting && day + 1 < DAYS) run({ _tag: "ApproveDefeat", by: boss, at: atDay(day + 1) })
      break
    }
    if (state.status === "ordered" && day >= orderedDay + 3 + (i % 5)) {
      run({
        _tag: "Deliver",
        by,
        at: atDay(day),
        vehicle: { brand: "Buick", model: "GL8", vin: vinOf(i) },
        deliveredOn: addDays(firstDay, day)
      })
      break
    }
    const contact = {
      _tag: "LogContact",
      by,
      at: atDay(day),
      channel: channels[(i + step) % channels.length] as never,
      outcome: "reached",
      evidence: state.status === "ordered" ? {} : evidenceAt(openedDay + timeframe - day)
    } as const
    // the next contact agreed with the customer: the day the grade's interval gives
    const planned = decideCard(contact, state, defaultPolicy)
    const agreed =
      Result.isSuccess(planned) && planned.success[0]?._tag === "ContactLogged"
        ? planned.success[0].nextContactDue
        : undefined
    run(noAgreedContact || agreed === undefined ? contact : { ...contact, agreedNextContactOn: agreed })
  }
  // an owned customer: each care contact of the plan, on its day
  const deliveredOn = state.delivery?.deliveredOn
  while (deliveredOn !== undefined && !careNotFollowed) {
    const next = carePlanOf(state, defaultPolicy, deliveredOn)?.contacts[0]
    const day = dayIndex(next?.on)
    if (next === undefined || day >= DAYS) break
    run({
      _tag: "RecordCareContact",
      by,
      at: atDay(day),
      ruleId: next.ruleId,
      plannedOn: next.plannedOn,
      outcome: "done"
    })
  }
  return events
}

// A valid VIN: 17 characters without I, O, Q and with the check digit of ISO 3779.
const vinOf = (i: number): string => {
  const body = `LSVAU2${String(i).padStart(10, "0")}`.slice(0, 16)
  const values: Record<string, number> = {}
  "0123456789".split("").forEach((c, k) => {
    values[c] = k
  })
  const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
  const letterValues = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]
  letters.split("").forEach((c, k) => {
    values[c] = letterValues[k] as number
  })
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
  const chars = `${body.slice(0, 8)}0${body.slice(8)}`.split("")
  const sum = chars.reduce((s, c, k) => s + (values[c] ?? 0) * (weights[k] ?? 0), 0)
  const check = sum % 11 === 10 ? "X" : String(sum % 11)
  return `${body.slice(0, 8)}${check}${body.slice(8, 16)}`
}

function* rows(): Generator<unknown> {
  for (let i = 0; i < CARDS; i++)
    yield { storeId: tenant.storeId, cardId: `card-${String(i).padStart(6, "0")}`, history: historyOf(i) }
}

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
  const imported = await runtime.runPromise(BulkImport.importCards(tenant, rows(), { batchSize: 5_000 }))
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
  const seeded =
    keptSchema !== undefined &&
    (
      await admin.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'jipan_cards'`,
        [schema]
      )
    ).rows[0].n > 0 &&
    (await admin.query(`SELECT count(*)::int AS n FROM ${schema}.jipan_cards`)).rows[0].n === CARDS
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
