// The policy-replay benchmark (run by policy-replay.bench.ts): the policy lab over a quarter of a
// 100-consultant store of 100,000 cards on PostgreSQL. The store is generated as the daily-report
// benchmark generates it (the same decided histories: contacts on every due day, orders,
// deliveries, care contacts, defeats, seeded lapses; see historyOf, copied from daily-report.ts)
// and bulk-imported into a dedicated schema at JIPAN_TEST_POSTGRES_URL. Then, in a fresh child
// process (so that the memory measured is the replay's, not the seeding's), `replayPolicy` replays
// the 90 days under a draft (A every 3 days instead of 4, B every 5 instead of 7, a 200-yuan
// referrer reward), paging through the cards 500 at a time. Time and peak RSS of the child are
// reported. JIPAN_BENCH_REPLAY_CARDS sets the size; JIPAN_BENCH_REPLAY_SCHEMA keeps a seeded schema;
// JIPAN_BENCH_REPLAY_HEAP_MB the child's old-space limit (256 MB by default, "0" for V8's default).
import { spawnSync } from "node:child_process"
import {
  addDays,
  type CalendarDate,
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  type ConsultantId,
  type CustomerId,
  carePlanOf,
  decideCard,
  defaultPolicy,
  evolveCard,
  initialCardState,
  type PhoneNumber,
  type PolicyDocument,
  replayPolicy,
  type StoreId,
  type Tenant,
  toDayNumber
} from "@jipan/core"
import { BulkImport } from "@jipan/store-sql"
import { Effect, ManagedRuntime, Result } from "effect"
import pg from "pg"
import { report } from "../../../scripts/bench-harness.js"
import { JipanPostgres } from "../src/index.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_REPLAY_CARDS ?? 100_000)
const CONSULTANTS = 100
const DAYS = 90
const keptSchema = process.env.JIPAN_BENCH_REPLAY_SCHEMA
const schema = keptSchema ?? `jipan_bench_replay_${process.pid}_${Date.now().toString(36)}`
const tenant: Tenant = { dealerGroupId: "bench-replay", storeId: "store-01" } as Tenant
const START = Date.parse("2026-01-05T10:00:00+08:00")
const DAY = 86_400_000
const firstDay = "2026-01-05" as CalendarDate
const lastDay = addDays(firstDay, DAYS - 1)

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
  const t0 = performance.now()
  const r = await runtime.runPromise(
    replayPolicy(tenant, draft, {
      from: firstDay,
      to: lastDay,
      onProgress: () => {
        batches++
      }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  clearInterval(sampler)
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
      parties: r.parties.length
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
    const t0 = performance.now()
    const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema, maxConnections: 4 }))
    const imported = await runtime.runPromise(BulkImport.importCards(tenant, rows(), { batchSize: 5_000 }))
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
  const child = spawnSync(process.execPath, [...heapFlag, ...process.execArgv, process.argv[1] as string], {
    env: { ...process.env, JIPAN_BENCH_REPLAY_CHILD: "1", JIPAN_BENCH_REPLAY_SCHEMA: schema },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024
  })
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
