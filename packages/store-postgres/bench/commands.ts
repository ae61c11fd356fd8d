// The command benchmarks on PostgreSQL (run by commands.bench.ts), each side by side with
// hand-written SQL on the same server in the same run:
// - referral-register: `handleReferral(Register)` without a context, the library assembling the
//   validity look-ups in the transaction, against raw SQL doing the same look-ups and writes;
// - command-handling at 16 concurrent clients: `handleCard(OpenCard)` from 16 callers on a pool of
//   16 against 16 `pg` clients running the raw statements;
// - the diagnosis of the single-client ratio: each path's round trips and statements per command,
//   the time PostgreSQL kept it waiting (through a counting proxy, wireTap.ts), and the CPU time
//   the process spent per command.
// Two dedicated schemas at JIPAN_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test),
// each holding the same seeded 20,000-card store (the daily-report generator), dropped at the end.
import { loadavg } from "node:os"
import {
  type CalendarDate,
  type CardId,
  type ConsultantId,
  decideReferral,
  defaultPolicy,
  evolveReferral,
  handleCard,
  handleReferral,
  initialReferralState,
  lockKey,
  type PhoneNumber,
  type ReferralCommand,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  ReferralStatus,
  reportReferralOf,
  type Tenant,
  validityLookupsOf
} from "@jipan/core"
import { BulkImport, ReportRows } from "@jipan/store-sql"
import { Layer, ManagedRuntime, Result } from "effect"
import pg from "pg"
import { formatRate, measureAsync, type Rate, report } from "../../../scripts/bench-harness.js"
import { median, type RawClient, rawOpen } from "../../store-pglite/bench/rawSql.js"
import { historyRow, type Shape } from "../../store-sql/bench/source.js"
import { JipanPostgres } from "../src/index.js"
import { rows } from "./bigStore.js"
import { startWireTap, type WireCounts } from "./wireTap.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const SEEDED = Number(process.env.JIPAN_BENCH_COMMANDS_CARDS ?? 20_000)
const CLIENTS = 16
const shape: Shape = { perStore: 100_000, consultants: 100 }
const suffix = `${process.pid}_${Date.now().toString(36)}`
const ours = `jipan_bench_cmd_${suffix}`
const raw = `jipan_bench_cmd_raw_${suffix}`
const tenant = { dealerGroupId: "bench-commands", storeId: "store-01" } as Tenant
console.log(
  `PostgreSQL at ${new URL(url).host}; schemas ${ours} and ${raw}, ${SEEDED.toLocaleString()} seeded cards each`
)

const layerOf = (schema: string, maxConnections: number, at = url) =>
  JipanPostgres.layer({ url: at, schema, maxConnections })
const runtime = ManagedRuntime.make(layerOf(ours, CLIENTS))

/** A `pg` client on `schema`, as the raw baselines' RawClient (named prepared statements). */
const rawClient = async (schema: string, at = url): Promise<RawClient & { end: () => Promise<void> }> => {
  const client = new pg.Client({ connectionString: at })
  await client.connect()
  await client.query(`SET search_path TO ${schema}`)
  return {
    query: async (name, text, values) => (await client.query({ name, text, values: [...values] })).rows,
    exec: (text) => client.query(text),
    end: () => client.end()
  }
}

// ---------------------------------------------------------------------------------------------
// referral-register

const registeredOn = "2026-04-10" as CalendarDate
const pad = (n: number) => String(n).padStart(8, "0")
/**
 * Registration `i`: mostly a new prospect's phone; one in five the phone of a seeded card (the
 * referee is not new), one in five the phone of the registration before it (a second claim on the
 * same referee: the first claim wins).
 */
const registrationOf = (i: number): ReferralRegistration => {
  const phone =
    i % 5 === 2
      ? `+86139${pad((i * 7919) % SEEDED)}`
      : i % 5 === 4
        ? `+86137${pad(i - 1)}`
        : `+86137${pad(i)}`
  return {
    referralId: `ref-${pad(i)}` as ReferralId,
    storeId: tenant.storeId,
    consultantId: `c-${String(i % 100).padStart(3, "0")}` as ConsultantId,
    registeredOn,
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: `cust-${i % 500}`, phone: `+86138${pad(i % 500)}` as PhoneNumber },
    referee: { name: "李四", phone: phone as PhoneNumber }
  } as ReferralRegistration
}
const registerOf = (i: number): ReferralCommand => ({
  _tag: "Register",
  on: registeredOn,
  registration: registrationOf(i)
})

const ourRegister = (i: number) => {
  const registration = registrationOf(i)
  return runtime.runPromise(
    handleReferral({ tenant, referralId: registration.referralId, command: registerOf(i) })
  )
}

const standing = ReferralStatus.values.filter((s) => s !== "none" && s !== "rejected" && s !== "voided")
const g = tenant.dealerGroupId
const s = tenant.storeId

/**
 * Register by hand: the same transaction, lock and look-ups (the cards with the referee's phone
 * in the group, the standing claims on the phone, read from the stored state rather than folded
 * from the history), the policy documents, the same pure decision, then the referral row, and its
 * events and report row in one statement, as the store writes them.
 */
const rawRegister = async (client: RawClient, i: number): Promise<ReferralState> => {
  const registration = registrationOf(i)
  const referralId = registration.referralId
  const phone = registration.referee.phone
  await client.exec("BEGIN")
  try {
    const history = await client.query(
      "ref-load",
      `SELECT version, event FROM jipan_referral_events
        WHERE dealer_group_id = $1 AND store_id = $2 AND referral_id = $3 ORDER BY version`,
      [g, s, referralId]
    )
    if (history.length > 0) throw new Error(`${referralId} exists`)
    await client.query("lock", "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      lockKey(tenant.dealerGroupId, "phone", phone)
    ])
    const cards = await client.query(
      "with-phone",
      `SELECT store_id, card_id, status, opened_on::text AS opened_on, state->>'statusSince' AS status_since
        FROM jipan_cards WHERE dealer_group_id = $1 AND phone = $2 ORDER BY store_id, card_id`,
      [g, phone]
    )
    const claims = await client.query(
      "claims",
      `SELECT state FROM jipan_referrals WHERE dealer_group_id = $1 AND referee_phone = $2 AND status = ANY($3)`,
      [g, phone, standing]
    )
    await client.query(
      "policies",
      "SELECT policy_id, version, document FROM jipan_policy_documents WHERE dealer_group_id = $1 ORDER BY policy_id, version",
      [g]
    )
    const context = validityLookupsOf(
      registration,
      cards.map((c) => ({
        tenant: { storeId: c.store_id as never },
        cardId: c.card_id as CardId,
        status: c.status as string,
        openedOn: (c.opened_on ?? undefined) as CalendarDate | undefined,
        statusSince: (c.status_since ?? undefined) as CalendarDate | undefined
      })),
      claims.map((c) => c.state as ReferralState),
      undefined
    )
    const decided = decideReferral(
      { _tag: "Register", on: registeredOn, registration, context },
      initialReferralState,
      defaultPolicy
    )
    if (Result.isFailure(decided)) throw new Error(decided.failure.message)
    const state = decided.success.reduce(evolveReferral, initialReferralState)
    const written = await client.query(
      "ref-insert",
      `INSERT INTO jipan_referrals (dealer_group_id, store_id, referral_id, version, status,
          consultant_id, referrer_id, referee_phone, referee_card_store_id, referee_card_id, state)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, $9::jsonb)
        ON CONFLICT DO NOTHING RETURNING referral_id`,
      [
        g,
        s,
        referralId,
        state.version,
        state.status,
        registration.consultantId,
        registration.referrer.id,
        phone,
        JSON.stringify(state)
      ]
    )
    if (written.length === 0) throw new Error(`${referralId} exists`)
    const row = reportReferralOf(tenant, state)
    await client.query(
      "ref-append",
      `WITH history AS (
          INSERT INTO jipan_referral_events (dealer_group_id, store_id, referral_id, version, event)
          SELECT $1, $2, $3, version, event::jsonb
          FROM jsonb_to_recordset($4::jsonb) AS x(version integer, event text)
        )
        INSERT INTO jipan_report_referrals (dealer_group_id, store_id, referral_id, registered_on, consultant_id, report)
        SELECT $1, $2, referral_id, registered_on, consultant_id, report
        FROM jsonb_to_recordset($5::jsonb) AS x(referral_id text, registered_on date, consultant_id text, report jsonb)
        ON CONFLICT (dealer_group_id, store_id, referral_id) DO UPDATE SET registered_on = EXCLUDED.registered_on,
          consultant_id = EXCLUDED.consultant_id, report = EXCLUDED.report`,
      [
        g,
        s,
        referralId,
        JSON.stringify(decided.success.map((event, k) => ({ version: k + 1, event: JSON.stringify(event) }))),
        JSON.stringify(row === undefined ? [] : [ReportRows.referralRecord(row)])
      ]
    )
    await client.exec("COMMIT")
    return state
  } catch (error) {
    await client.exec("ROLLBACK")
    throw error
  }
}

/** Process CPU time (user + system) in ms. */
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

interface Side {
  readonly rate: Rate
  readonly cpuPerOpMs: number
}
/** measureAsync with the process's CPU time per call over the timed part. */
const measured = async (fn: () => Promise<unknown>, counter: { n: number }): Promise<Side> => {
  const c0 = cpuMs()
  const n0 = counter.n
  const rate = await measureAsync(fn, { batch: 50, seconds: 2 })
  return { rate, cpuPerOpMs: (cpuMs() - c0) / (counter.n - n0) }
}

const referralRegister = async (admin: pg.Client, rawSide: RawClient) => {
  const rawNext = { n: 0 }
  const ourNext = { n: 0 }
  const raws: Array<Side> = []
  const oursR: Array<Side> = []
  for (let round = 0; round < 3; round++) {
    raws.push(await measured(() => rawRegister(rawSide, rawNext.n++), rawNext))
    oursR.push(await measured(() => ourRegister(ourNext.n++), ourNext))
    console.log(
      `  round ${round + 1}: raw SQL ${formatRate((raws[round] as Side).rate)}; handleReferral(Register) ${formatRate((oursR[round] as Side).rate)}`
    )
  }
  // the two agree on every registration both made: same status, same version
  const both = Math.min(rawNext.n, ourNext.n)
  const statuses = async (schema: string) =>
    new Map(
      (
        await admin.query(
          `SELECT referral_id, status, version FROM ${schema}.jipan_referrals WHERE referral_id < $1`,
          [`ref-${pad(both)}`]
        )
      ).rows.map((r) => [r.referral_id as string, `${r.status}@${r.version}`])
    )
  const a = await statuses(ours)
  const b = await statuses(raw)
  const tally = new Map<string, number>()
  for (const [id, v] of a) {
    if (b.get(id) !== v) throw new Error(`${id}: handleReferral ${v}, raw SQL ${b.get(id)}`)
    tally.set(v, (tally.get(v) ?? 0) + 1)
  }
  if (a.size !== both || b.size !== both)
    throw new Error(`${a.size} and ${b.size} referrals, expected ${both}`)
  const mix = [...tally.entries()].map(([k, n]) => `${n} ${k}`).join(", ")
  console.log(`  ${both.toLocaleString()} registrations agree (${mix})`)
  const rate = (rs: ReadonlyArray<Side>) => median(rs.map((r) => r.rate.opsPerSecond))
  return {
    measurement: {
      id: "referral-register postgres",
      value: rate(oursR),
      unit: "registrations/s",
      peer: "raw-sql",
      ratio: median(oursR.map((o, i) => o.rate.opsPerSecond / (raws[i] as Side).rate.opsPerSecond)),
      note: `handleReferral(Register) without a context (lock on the referee's phone, cards with the phone, earlier claims, decide, append) one at a time on a ${SEEDED.toLocaleString()}-card store, ${mix} agreeing; peer: the same look-ups and writes by hand (pg, named prepared), ${Math.round(rate(raws))}/s; CPU in the process ${median(oursR.map((o) => o.cpuPerOpMs)).toFixed(2)} vs ${median(raws.map((r) => r.cpuPerOpMs)).toFixed(2)} ms per registration; median of 3 interleaved rounds; floor 0.7x`
    },
    next: Math.max(rawNext.n, ourNext.n)
  }
}

// ---------------------------------------------------------------------------------------------
// command-handling (one client, and 16 concurrent)

const openOf = (i: number) => {
  const row = historyRow(i, shape) as { cardId: string; history: Array<Record<string, unknown>> }
  const o = row.history[0] as Record<string, unknown>
  return {
    tenant,
    cardId: row.cardId as CardId,
    command: {
      _tag: "OpenCard" as const,
      cardId: row.cardId as CardId,
      storeId: tenant.storeId,
      customerId: o.customerId as never,
      phone: o.phone as never,
      owner: o.owner as ConsultantId,
      source: "walkIn" as const,
      intent: "direct" as const,
      evidence: {},
      existingOpenCardId: undefined,
      by: { id: o.owner as string, role: "consultant" as const },
      at: o.at as number
    }
  }
}
const ourOpen = (i: number) => runtime.runPromise(handleCard(openOf(i)))

/** Commands completed per second by `clients` callers, each looping on `fn`, over `seconds`. */
const concurrentRate = async (
  clients: number,
  fn: (client: number, i: number) => Promise<unknown>,
  next: { n: number },
  seconds = 2
): Promise<{ rate: number; cpuPerOpMs: number }> => {
  let timing = false
  let done = 0
  let stop = false
  const loops = Array.from({ length: clients }, async (_, c) => {
    while (!stop) {
      await fn(c, next.n++)
      if (timing) done++
    }
  })
  await new Promise((r) => setTimeout(r, 500))
  const c0 = cpuMs()
  const t0 = performance.now()
  timing = true
  await new Promise((r) => setTimeout(r, seconds * 1000))
  timing = false
  const elapsed = (performance.now() - t0) / 1000
  const cpu = cpuMs() - c0
  stop = true
  await Promise.all(loops)
  return { rate: done / elapsed, cpuPerOpMs: cpu / done }
}

const concurrentCommands = async (rawClients: ReadonlyArray<RawClient>, next: { n: number }) => {
  const raws: Array<{ rate: number; cpuPerOpMs: number }> = []
  const oursC: Array<{ rate: number; cpuPerOpMs: number }> = []
  for (let round = 0; round < 3; round++) {
    raws.push(
      await concurrentRate(CLIENTS, (c, i) => rawOpen(rawClients[c] as RawClient, tenant, i, shape), next)
    )
    oursC.push(await concurrentRate(CLIENTS, (_, i) => ourOpen(i), next))
    console.log(
      `  round ${round + 1} at ${CLIENTS} clients: raw SQL ${Math.round((raws[round] as { rate: number }).rate)}/s; handleCard ${Math.round((oursC[round] as { rate: number }).rate)}/s`
    )
  }
  const rate = (rs: ReadonlyArray<{ rate: number }>) => median(rs.map((r) => r.rate))
  return {
    id: `command-handling postgres ${CLIENTS} clients`,
    value: rate(oursC),
    unit: "commands/s",
    peer: "raw-sql",
    ratio: median(oursC.map((o, i) => o.rate / (raws[i] as { rate: number }).rate)),
    note: `OpenCard end to end from ${CLIENTS} concurrent callers on a pool of ${CLIENTS}; peer: the same statements by hand on ${CLIENTS} pg clients (named prepared), ${Math.round(rate(raws))}/s; CPU in the process ${median(oursC.map((o) => o.cpuPerOpMs)).toFixed(2)} vs ${median(raws.map((r) => r.cpuPerOpMs)).toFixed(2)} ms per command; median of 3 interleaved rounds; floor 0.7x`
  }
}

/** One client: the rates, and each side's CPU per command in this process. */
const singleCommands = async (rawSide: RawClient, next: { n: number }) => {
  const raws: Array<Side> = []
  const oursS: Array<Side> = []
  for (let round = 0; round < 3; round++) {
    raws.push(await measured(() => rawOpen(rawSide, tenant, next.n++, shape), next))
    oursS.push(await measured(() => ourOpen(next.n++), next))
    console.log(
      `  round ${round + 1} at 1 client: raw SQL ${formatRate((raws[round] as Side).rate)}; handleCard ${formatRate((oursS[round] as Side).rate)}`
    )
  }
  return { raws, ours: oursS }
}

/** Through the tap: per command, round trips, statements and the time waiting on PostgreSQL. */
const wireProfile = async (next: { n: number }) => {
  const tap = await startWireTap(url)
  const tapped = ManagedRuntime.make(layerOf(ours, 1, tap.url))
  const rawTapped = await rawClient(raw, tap.url)
  const N = 200
  const profile = async (label: string, run: (i: number) => Promise<unknown>) => {
    for (let k = 0; k < 20; k++) await run(next.n++) // warm: statements prepared, pool open
    await tap.reset()
    const t0 = performance.now()
    for (let k = 0; k < N; k++) await run(next.n++)
    const wall = (performance.now() - t0) / N
    const w: WireCounts = await tap.read()
    const line = `  ${label}: ${(w.roundTrips / N).toFixed(1)} round trips, ${(w.busyMs / N).toFixed(3)} ms waiting on PostgreSQL of ${wall.toFixed(3)} ms (through the tap)`
    console.log(line)
    for (const [text, n] of w.statements) console.log(`      ${(n / N).toFixed(2)}× ${text.slice(0, 110)}`)
    return { label, roundTrips: w.roundTrips / N, serverMs: w.busyMs / N, wallMs: wall }
  }
  const regNext = { n: 5_000_000 }
  const out = [
    await profile("handleCard(OpenCard)", (i) =>
      tapped.runPromise(handleCard(openOf(i))).then(() => undefined)
    ),
    await profile("raw OpenCard", (i) => rawOpen(rawTapped, tenant, i, shape)),
    await profile("handleReferral(Register)", () => {
      const i = regNext.n++
      const r = registrationOf(i)
      return tapped.runPromise(handleReferral({ tenant, referralId: r.referralId, command: registerOf(i) }))
    }),
    await profile("raw Register", () => rawRegister(rawTapped, 10_000_000 + regNext.n++))
  ]
  await rawTapped.end()
  await tapped.dispose()
  await tap.close()
  return out
}

const main = async () => {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const rawRuntime = ManagedRuntime.make(Layer.fresh(layerOf(raw, 2)))
  const rawClients: Array<RawClient & { end: () => Promise<void> }> = []
  try {
    const t0 = performance.now()
    for (const rt of [runtime, rawRuntime]) {
      const imported = await rt.runPromise(
        BulkImport.importCards(tenant, rows(tenant, SEEDED), { batchSize: 5_000 })
      )
      if (imported.imported !== SEEDED) throw new Error(`imported ${imported.imported} of ${SEEDED}`)
    }
    for (const schema of [ours, raw]) {
      const tables = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema])
      await admin.query(`VACUUM ANALYZE ${tables.rows.map((t) => `${schema}.${t.tablename}`).join(", ")}`)
    }
    console.log(`  seeded both in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    for (let c = 0; c < CLIENTS; c++) rawClients.push(await rawClient(raw))
    const rawSide = rawClients[0] as RawClient
    const load = () => (process.platform === "linux" ? ` (load average ${osLoad()})` : "")

    console.log(`referral-register, one client${load()}`)
    const registered = await referralRegister(admin, rawSide)
    report([registered.measurement])

    const next = { n: 10_000_000 }
    console.log(`command-handling, one client${load()}`)
    const single = await singleCommands(rawSide, next)
    console.log(`command-handling, ${CLIENTS} clients${load()}`)
    report([await concurrentCommands(rawClients, next)])

    console.log("where the time goes (200 commands each, one client, through a counting proxy)")
    const wire = await wireProfile(next)
    const ratio = median(
      single.ours.map((o, i) => o.rate.opsPerSecond / (single.raws[i] as Side).rate.opsPerSecond)
    )
    const ourCpu = median(single.ours.map((o) => o.cpuPerOpMs))
    const rawCpu = median(single.raws.map((r) => r.cpuPerOpMs))
    const [oc, rc] = wire
    report([
      {
        id: "command-handling postgres 1 client",
        value: median(single.ours.map((o) => o.rate.opsPerSecond)),
        unit: "commands/s",
        peer: "raw-sql",
        ratio,
        note: `OpenCard one at a time; peer ${Math.round(median(single.raws.map((r) => r.rate.opsPerSecond)))}/s; per command: CPU in the process ${ourCpu.toFixed(2)} vs ${rawCpu.toFixed(2)} ms, round trips ${oc?.roundTrips.toFixed(1)} vs ${rc?.roundTrips.toFixed(1)}, waiting on PostgreSQL ${oc?.serverMs.toFixed(2)} vs ${rc?.serverMs.toFixed(2)} ms`
      }
    ])
  } finally {
    for (const c of rawClients) await c.end().catch(() => undefined)
    await rawRuntime.dispose()
    await runtime.dispose()
    await admin.query(`DROP SCHEMA IF EXISTS ${ours} CASCADE`).catch(() => undefined)
    await admin.query(`DROP SCHEMA IF EXISTS ${raw} CASCADE`).catch(() => undefined)
    await admin.end()
  }
}

const osLoad = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")

await main()
