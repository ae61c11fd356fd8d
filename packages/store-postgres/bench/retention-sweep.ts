import {
  type CalendarDate,
  type CardEvent,
  type CardState,
  decideCard,
  defaultPolicy,
  ERASED_PHONE,
  foldCard,
  notificationDraft,
  Outbox,
  type OutboxMessage,
  ReportSource,
  type RetentionSwept,
  retentionSweep,
  type ShowroomVisit,
  type Tenant
} from "@jipan/core"
import { Effect, ManagedRuntime, Result } from "effect"
import pg from "pg"
import { report } from "../../../scripts/bench-harness.js"
import { median, p95 } from "../../store-pglite/bench/rawSql.js"
import { JipanPostgres } from "../src/index.js"
import {
  analyse,
  CONSULTANTS,
  cardIdOf,
  consultantOf,
  DAY,
  dayOf,
  firstDay,
  firstVisits,
  historyOf,
  importAll,
  openedDayOf as openedDayIn,
  phoneOf,
  phoneTraces,
  START
} from "./bigStore.js"
import { load, portTimer, tally } from "./portTimer.js"
import { rawErase } from "./rawErase.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_RETENTION_CARDS ?? 100_000)
const RUNS = Number(process.env.JIPAN_BENCH_RETENTION_RUNS ?? 5)
const YEAR = 365
const WALK_INS_WITH_PHONE = 20
const WALK_INS_WITHOUT = 5
const schema = `jipan_bench_retention_${process.pid}_${Date.now().toString(36)}`
const tenant: Tenant = { dealerGroupId: "bench-retention", storeId: "store-01" } as Tenant
const g = tenant.dealerGroupId
const pad = (n: number, width: number) => String(n).padStart(width, "0")
const openedDayOf = (i: number) => openedDayIn(i, YEAR)
/** A close of day's instant: 23:30 in Beijing. */
const closeAt = (day: CalendarDate) => Date.parse(`${day}T23:30:00+08:00`)
const lastDay = YEAR - 1
/** The catch-up sweep's day; the timed sweeps take the days after it, the library's first. */
const catchUpDay = lastDay - 2 * RUNS
const boss = { id: "s-boss", role: "supervisor" } as const

/** A forgotten prospect (one card in 17) closed as invalid a month after its last event, within the year. */
const closed = (i: number, history: ReadonlyArray<CardEvent>): ReadonlyArray<CardEvent> => {
  if (i % 17 !== 0) return history
  const state = foldCard(history)
  const at = state.lastEventAt + 30 * DAY
  if (state.status !== "prospect" || at >= START + lastDay * DAY) return history
  const r = decideCard({ _tag: "MarkInvalid", by: boss, at, reasonId: "noIntent" }, state, defaultPolicy)
  if (Result.isFailure(r)) throw new Error(`card ${i}: ${r.failure.message}`)
  return [...history, ...r.success]
}
const stateOf = (i: number): CardState => foldCard(closed(i, historyOf(tenant, i, YEAR)))

/** The reception's log: every card's first visit; each day 20 un-carded walk-ins with a phone, 5 without. */
const visits = (): Array<ShowroomVisit> => {
  const out = firstVisits(tenant, CARDS, YEAR)
  for (let day = 0; day < YEAR; day++)
    for (let k = 0; k < WALK_INS_WITH_PHONE + WALK_INS_WITHOUT; k++)
      out.push({
        tenant,
        visitId: `v-walk-in-${day}-${k}`,
        at: START + day * DAY + 3_600_000 + k * 600_000,
        on: dayOf(day),
        kind: "walkIn",
        ordinal: "first",
        consultant: consultantOf(day * 25 + k),
        ...(k < WALK_INS_WITH_PHONE ? { phone: `+86136${pad(day * 100 + k, 8)}` } : {})
      } as ShowroomVisit)
  return out
}

/** Every fifth opened card told to its consultant (WeCom, masked), as `notificationDraft` writes it. */
const messages = (states: ReadonlyArray<CardState>): Array<OutboxMessage> => {
  const out: Array<OutboxMessage> = []
  for (let i = 0; i < states.length; i += 5) {
    const s = states[i] as CardState
    const at = START + openedDayOf(i) * DAY
    const d = notificationDraft({
      tenant,
      policy: defaultPolicy,
      at,
      key: cardIdOf(i),
      to: { id: consultantOf(i), name: `顾问${i % CONSULTANTS}`, channel: "wecom" },
      data: {
        kind: "cardAssigned",
        consultantName: `顾问${i % CONSULTANTS}`,
        card: {
          cardId: cardIdOf(i),
          customerName: `客户${i}`,
          phone: phoneOf(i),
          grade: s.grade,
          due: s.nextContactDue
        },
        reason: "opened"
      }
    })
    const id = `msg-${pad(i, 8)}`
    out.push({
      id,
      idempotencyKey: d.idempotencyKey ?? id,
      tenant,
      topic: d.topic,
      recipient: d.recipient,
      payload: d.payload,
      availableAt: d.availableAt ?? at,
      status: "sent",
      attempts: 1,
      lastError: undefined
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// the hand-written sweep

/**
 * The same sweep by hand, on one `pg` client: the people (phones) with a defeated or invalid card
 * every card of whom in the group is past its period (defeated 24 months, invalid 6, from the
 * status's day in the state), in one statement; each erased by `rawErase` in its own transaction;
 * then the un-carded visits of the window whose 90 days are over lose their phone in one UPDATE.
 * What it leaves out that the library does: the legal holds (an open order, an unsettled reward:
 * none of these people has one), the policy per store, and the sweep's report.
 */
const rawSweep = async (c: pg.Client, day: CalendarDate) => {
  const at = closeAt(day)
  const people = await c.query({
    name: "sweep_people",
    text: `SELECT phone FROM jipan_cards
      WHERE dealer_group_id = $1 AND phone IN (
        SELECT phone FROM jipan_cards WHERE dealer_group_id = $1 AND status IN ('defeated', 'invalid') AND phone <> $3)
      GROUP BY phone
      HAVING bool_and(
        (status = 'defeated' AND (state->>'statusSince')::date + make_interval(months => $4) <= $2::date)
        OR (status = 'invalid' AND (state->>'statusSince')::date + make_interval(months => $5) <= $2::date))
      ORDER BY phone`,
    values: [
      g,
      day,
      ERASED_PHONE,
      defaultPolicy.privacy.retention.defeatedMonths,
      defaultPolicy.privacy.retention.invalidMonths
    ]
  })
  let n = 0
  for (const r of people.rows) await rawErase(c, tenant, r.phone, `retention-raw-${day}-${++n}`, at, day)
  const days = defaultPolicy.privacy.retention.unCardedVisitDays
  const stripped = await c.query({
    name: "sweep_visits",
    text: `UPDATE jipan_showroom_visits SET visit = visit - 'phone'
      WHERE dealer_group_id = $1 AND on_date BETWEEN $2::date - ($3::int + 31) AND $2::date - greatest(0, $3::int - 31)
        AND on_date + $3::int <= $2::date AND visit ? 'phone' AND visit->>'phone' <> $4 AND NOT visit ? 'cardId'`,
    values: [g, day, days, ERASED_PHONE]
  })
  return { erased: n, visits: stripped.rowCount ?? 0, phones: people.rows.map((r) => r.phone as string) }
}

// ---------------------------------------------------------------------------------------------
// where the library's time goes

const { calls, timed } = portTimer()

const main = async () => {
  console.log(
    `PostgreSQL at ${new URL(url).host}; schema ${schema}; ${CARDS.toLocaleString()} cards, ${CONSULTANTS} consultants, ${YEAR} days from ${firstDay}`
  )
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema, maxConnections: 4 }))
  const raw = new pg.Client({ connectionString: url })
  try {
    const t0 = performance.now()
    await runtime.runPromise(importAll(tenant, CARDS, YEAR, closed))
    const states: Array<CardState> = []
    for (let i = 0; i < CARDS; i++) states.push(stateOf(i))
    const log = visits()
    const outbox = messages(states)
    await runtime.runPromise(
      Effect.gen(function* () {
        const box = yield* Outbox
        for (let k = 0; k < outbox.length; k += 2_000) yield* box.enqueue(outbox.slice(k, k + 2_000))
        const source = yield* ReportSource
        for (let k = 0; k < log.length; k += 5_000) yield* source.recordVisits(log.slice(k, k + 5_000))
      })
    )
    await analyse(admin, schema)
    const byStatus: Record<string, number> = {}
    for (const s of states) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1
    const setup = `${Object.entries(byStatus)
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${n.toLocaleString()} ${s}`)
      .join(
        ", "
      )}; ${log.length.toLocaleString()} visits (${(YEAR * WALK_INS_WITH_PHONE).toLocaleString()} un-carded with a phone); ${outbox.length.toLocaleString()} outbox messages`
    console.log(`  seeded and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${setup}`)

    const sweep = (day: CalendarDate) =>
      runtime.runPromise(timed(retentionSweep({ dealerGroupId: g }, day, closeAt(day))))
    const phonesOf = (r: RetentionSwept) => r.erased.length
    // the year caught up: what turning the sweep on for a year-old store does (untimed by the median)
    const t1 = performance.now()
    const first = await sweep(dayOf(catchUpDay))
    const catchUpMs = performance.now() - t1
    console.log(
      `  catch-up sweep of ${dayOf(catchUpDay)}: ${phonesOf(first)} people erased, ${first.visits} visits stripped, ${first.held.length} held, in ${(catchUpMs / 1000).toFixed(1)} s (${(catchUpMs / Math.max(1, phonesOf(first))).toFixed(1)} ms a person)`
    )

    await raw.connect()
    await raw.query(`SET search_path TO ${schema}`)
    const ours: Array<number> = []
    const hand: Array<number> = []
    const perRun = new Map<string, Array<number>>()
    const counts = new Map<string, number>()
    const work: Array<string> = []
    const erasedPhones: Array<string> = []
    const loadBefore = load()
    for (let k = 0; k < RUNS; k++) {
      const ourDay = dayOf(catchUpDay + 1 + 2 * k)
      const handDay = dayOf(catchUpDay + 2 + 2 * k)
      calls.clear()
      const t2 = performance.now()
      const swept = await sweep(ourDay)
      const t3 = performance.now()
      const byHand = await rawSweep(raw, handDay)
      const t4 = performance.now()
      ours.push(t3 - t2)
      hand.push(t4 - t3)
      erasedPhones.push(...byHand.phones)
      tally(calls, counts, perRun)
      if (swept.held.length > 0) throw new Error(`held: ${swept.held.map((h) => h.reason).join("; ")}`)
      work.push(
        `${ourDay} library ${swept.erased.length} people + ${swept.visits} visits in ${(t3 - t2).toFixed(0)} ms; ${handDay} by hand ${byHand.erased} + ${byHand.visits} in ${(t4 - t3).toFixed(0)} ms`
      )
    }
    const loadAfter = load()
    console.log(`  the sweeps:\n    ${work.join("\n    ")}`)

    // nothing past its period keeps a phone, and the phones the hand side erased are nowhere
    const end = dayOf(catchUpDay + 2 * RUNS)
    const left = await admin.query(
      `SELECT count(*)::int AS n FROM jipan_cards WHERE dealer_group_id = $1 AND phone <> $3 AND status = 'invalid'
         AND (state->>'statusSince')::date + make_interval(months => 6) <= $2::date - 1`,
      [g, end, ERASED_PHONE]
    )
    const visitsLeft = await admin.query(
      `SELECT count(*)::int AS n FROM jipan_showroom_visits WHERE dealer_group_id = $1 AND visit ? 'phone'
         AND NOT visit ? 'cardId' AND on_date + 90 <= $2::date - 1 AND on_date >= $2::date - 120`,
      [g, end]
    )
    const traces =
      erasedPhones.length === 0
        ? []
        : await phoneTraces(
            admin,
            ["jipan_cards", "jipan_card_events", "jipan_card_facts", "jipan_showroom_visits", "jipan_outbox"],
            erasedPhones
          )
    console.log(
      `  left past their period: ${left.rows[0].n} invalid cards with a phone, ${visitsLeft.rows[0].n} un-carded visits with a phone; traces of the hand side's erasures: ${traces.length === 0 ? "none" : traces.join(", ")}`
    )
    const breakdown = [...perRun.entries()]
      .sort((x, y) => median(y[1]) - median(x[1]))
      .slice(0, 10)
      .map(
        ([key, ms]) =>
          `${key} ${median(ms).toFixed(1)} ms (${((counts.get(key) ?? 0) / RUNS).toFixed(1)} calls a sweep)`
      )
    console.log(
      `  retentionSweep median ${median(ours).toFixed(0)} ms, p95 ${p95(ours).toFixed(0)} ms; by hand median ${median(hand).toFixed(0)} ms, p95 ${p95(hand).toFixed(0)} ms; ${RUNS} days each; load average ${loadBefore} before, ${loadAfter} after`
    )
    console.log(`  the library's port calls, median a sweep:\n    ${breakdown.join("\n    ")}`)
    if (left.rows[0].n > 0 || visitsLeft.rows[0].n > 0 || traces.length > 0)
      throw new Error("the sweeps left personal data past its period")
    report([
      {
        id: "retention-sweep",
        value: median(ours),
        unit: "ms",
        peer: "raw-sql",
        ratio: median(hand) / median(ours),
        note: `retentionSweep (the close of day's) of a ${CONSULTANTS}-consultant store with a year of ${CARDS.toLocaleString()} cards on PostgreSQL (${setup}); default retention (defeated 24 months, invalid 6, un-carded visits 90 days); median of ${RUNS} days after a catch-up, p95 ${p95(ours).toFixed(0)} ms; by hand (people in one statement, each erased by hand, visits in one UPDATE) ${median(hand).toFixed(0)} ms, p95 ${p95(hand).toFixed(0)} ms; the catch-up of the year ${(catchUpMs / 1000).toFixed(1)} s for ${phonesOf(first)} people and ${first.visits} visits; load average ${loadBefore}; target < 10 s`
      }
    ])
  } finally {
    await runtime.dispose()
    await raw.end().catch(() => undefined)
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
}

await main()
