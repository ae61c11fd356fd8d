import {
  addDays,
  type CardState,
  type Contact,
  decideReferral,
  defaultPolicy,
  erasePerson,
  evolveReferral,
  foldCard,
  initialReferralState,
  type NotificationData,
  notificationDraft,
  Outbox,
  type OutboxMessage,
  type PhoneNumber,
  type ReferralCommand,
  type ReferralEvent,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  ReferralStore,
  ReportSource,
  reportReferralOf,
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
  DAYS,
  dayOf,
  firstVisits,
  historyOf,
  importAll,
  openedDayOf,
  phoneOf,
  phoneTraces,
  START
} from "./bigStore.js"
import { load, portTimer, tally } from "./portTimer.js"
import { rawErase } from "./rawErase.js"

const url = process.env.JIPAN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const CARDS = Number(process.env.JIPAN_BENCH_ERASE_CARDS ?? 100_000)
const PAIRS = Number(process.env.JIPAN_BENCH_ERASE_PAIRS ?? 40)
const WARMUP = 3
const REFERRALS = Math.min(3_000, Math.floor(CARDS / 30))
const schema = `jipan_bench_erase_${process.pid}_${Date.now().toString(36)}`
const tenant: Tenant = { dealerGroupId: "bench-erase", storeId: "store-01" } as Tenant
const g = tenant.dealerGroupId
const st = tenant.storeId
const pad8 = (n: number) => String(n).padStart(8, "0")
const surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
const given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文建国红"
/** Person `i`'s full name: 20 surnames × 30 × 30 given names, so a name recurs about every 18,000 people. */
const nameOf = (i: number) =>
  `${surnames[i % 20]}${given[Math.floor(i / 20) % 30]}${given[Math.floor(i / 600) % 30]}`

// ---------------------------------------------------------------------------------------------
// the store around the cards

/** A card's final state, as bigStore's history decides it. */
const stateOf = (i: number): CardState => foldCard(historyOf(tenant, i))

interface SeededReferral {
  readonly referralId: ReferralId
  readonly referrer: number
  readonly referee: number | undefined
  readonly refereePhone: PhoneNumber
  readonly events: ReadonlyArray<ReferralEvent>
  readonly state: ReferralState
}

/**
 * Referral `r`: an owned customer (one of the first 1,500, each referring two people) registers a referee,
 * every other one a person who then got a card (card 50,000 + 11r, linked; when that card was
 * delivered the referral runs its whole course to a redeemed voucher, one in ten stopping in the
 * holding window), the others a new phone; one in ten rejected, one in ten voided.
 */
const referralOf = (r: number, owned: ReadonlyArray<number>): SeededReferral => {
  const referrer = owned[(r * 7) % owned.length] as number
  const carded = r % 2 === 0
  const referee = carded ? (Math.floor(CARDS / 2) + r * 11) % CARDS : undefined
  const refereeState = referee === undefined ? undefined : stateOf(referee)
  const refereePhone = referee === undefined ? (`+86137${pad8(r)}` as PhoneNumber) : phoneOf(referee)
  const registeredOn = dayOf(referee === undefined ? r % DAYS : Math.max(0, openedDayOf(referee) - 1))
  const referralId = `ref-${pad8(r)}` as ReferralId
  const registration = {
    referralId,
    storeId: st,
    consultantId: consultantOf(r),
    registeredOn,
    askedAt: "delivery",
    referrer: {
      kind: "ownedCustomer",
      id: `cust-${referrer}`,
      phone: phoneOf(referrer),
      customerId: `cust-${referrer}`
    },
    referee: { name: nameOf(r + 3), phone: refereePhone }
  } as ReferralRegistration
  let state = initialReferralState
  const events: Array<ReferralEvent> = []
  const run = (command: ReferralCommand) => {
    const decided = decideReferral(command, state, defaultPolicy)
    if (Result.isFailure(decided)) throw new Error(`referral ${r}: ${decided.failure.message}`)
    for (const e of decided.success) {
      state = evolveReferral(state, e)
      events.push(e)
    }
  }
  run({
    _tag: "Register",
    on: registeredOn,
    registration,
    context: {
      existing: [],
      earlierClaims: [],
      refereeConfirmation: { on: registeredOn, namedReferrerId: `cust-${referrer}` },
      phoneAudit: { on: registeredOn, outcome: "realProspect" }
    }
  } as ReferralCommand)
  if (r % 10 === 6) {
    run({
      _tag: "Reject",
      on: addDays(registeredOn, 2),
      reasons: ["other"],
      note: `${nameOf(r + 3)} 称未被推荐`
    })
  } else if (r % 10 === 7) {
    run({ _tag: "Void", on: addDays(registeredOn, 3), reason: "推荐人撤回登记" })
  } else if (referee !== undefined && refereeState !== undefined) {
    run({ _tag: "LinkRefereeCard", on: addDays(registeredOn, 1), storeId: st, cardId: cardIdOf(referee) })
    const deliveredOn = refereeState.delivery?.deliveredOn
    if (deliveredOn !== undefined && state.status === "audited") {
      run({ _tag: "RecordRefereeOrder", on: addDays(deliveredOn, -4), orderId: `SO-${referee}` })
      run({
        _tag: "RecordRefereeDelivery",
        on: deliveredOn,
        deliveryId: `D-${referee}`,
        saleKind: "retail",
        units: 1,
        capUsage: { count: 0, valueFen: 0 }
      } as ReferralCommand)
      if (r % 20 !== 0 && state.holdUntil !== undefined) {
        const approvedOn = addDays(state.holdUntil, 1)
        run({ _tag: "Approve", on: approvedOn })
        const choice = state.earned?.choices[0]
        if (choice !== undefined) {
          run({ _tag: "IssueReward", on: approvedOn, voucherId: `V-${r}`, choiceId: choice.id })
          run({ _tag: "RedeemReward", on: addDays(approvedOn, 20) })
        }
      }
    }
  }
  return { referralId, referrer, referee, refereePhone, events, state }
}

/** The reception's log: every card's first visit, plus five uncarded walk-ins a day (as daily-report). */
const visits = (): Array<ShowroomVisit> => {
  const out = firstVisits(tenant, CARDS)
  for (let day = 0; day < DAYS; day++)
    for (let k = 0; k < 5; k++)
      out.push({
        tenant,
        visitId: `v-uncarded-${day}-${k}`,
        at: START + day * DAY + k * 600_000,
        on: dayOf(day),
        kind: "walkIn",
        ordinal: "first",
        consultant: consultantOf(day * 5 + k)
      } as ShowroomVisit)
  return out
}

const consultantContact = (i: number, channel: string): Contact => ({
  id: consultantOf(i),
  name: `顾问${i % CONSULTANTS}`,
  channel
})
const customerContact = (i: number): Contact => ({
  id: `cust-${i}`,
  name: nameOf(i),
  channel: "sms",
  to: [phoneOf(i).slice(3)],
  customerId: `cust-${i}`
})
const line = (i: number, s: CardState) => ({
  cardId: cardIdOf(i),
  customerName: nameOf(i),
  phone: phoneOf(i),
  grade: s.grade,
  due: s.nextContactDue
})

interface SeededMessages {
  readonly messages: Array<OutboxMessage>
  /** The care SMS: a provider submission and a delivery receipt each. */
  readonly sms: Array<{
    readonly id: string
    readonly idempotencyKey: string
    readonly phone: string
    readonly at: number
  }>
}

/**
 * The outbox of the store's year, as the library drafts it (`notificationDraft`): every fifth
 * opened card told to its consultant (WeCom, masked), each consultant's work list on 30 days (app,
 * unmasked: five cards due a day), one defeat request in six told to the supervisor, a care SMS to
 * one owned customer in three, and each redeemed referral's two messages to its referrer.
 */
const messagesOf = (
  states: ReadonlyArray<CardState>,
  referrals: ReadonlyArray<SeededReferral>
): SeededMessages => {
  const messages: Array<OutboxMessage> = []
  const sms: SeededMessages["sms"] = []
  let seq = 0
  const push = (at: number, key: string, to: Contact, data: NotificationData) => {
    const d = notificationDraft({ tenant, policy: defaultPolicy, at, key, to, data })
    const id = `msg-${pad8(seq++)}`
    const sent = seq % 50 !== 0
    messages.push({
      id,
      idempotencyKey: d.idempotencyKey ?? id,
      tenant,
      topic: d.topic,
      recipient: d.recipient,
      payload: d.payload,
      availableAt: d.availableAt ?? at,
      status: sent ? "sent" : "pending",
      attempts: sent ? 1 : 0,
      lastError: undefined
    })
    return { id, idempotencyKey: d.idempotencyKey ?? id }
  }
  const boss: Contact = { id: "s-boss", name: "赵主管", channel: "wecom" }
  for (let i = 0; i < states.length; i++) {
    const s = states[i] as CardState
    const at = START + openedDayOf(i) * DAY
    if (i % 5 === 0)
      push(at, cardIdOf(i), consultantContact(i, "wecom"), {
        kind: "cardAssigned",
        consultantName: `顾问${i % CONSULTANTS}`,
        card: line(i, s),
        reason: "opened"
      })
    if (i % 6 === 3 && (s.status === "defeated" || s.status === "defeatRequested"))
      push(at + 30 * DAY, `${cardIdOf(i)}:defeat`, boss, {
        kind: "defeatAwaitingApproval",
        card: line(i, s),
        reason: "价格太高"
      })
    if (i % 3 === 1 && s.status === "owned") {
      const on = s.delivery?.deliveredOn ?? dayOf(DAYS - 1)
      const m = push(at + 40 * DAY, `${cardIdOf(i)}:care`, customerContact(i), {
        kind: "careContact",
        careKind: "thankYou",
        customerName: nameOf(i),
        storeName: "东方别克",
        storePhone: "021-5555 0000",
        on
      })
      sms.push({ ...m, phone: phoneOf(i), at: at + 40 * DAY })
    }
  }
  // the work lists: 30 days, each consultant's five cards due (the cards of that consultant, in turn)
  for (let day = 0; day < 30; day++)
    for (let c = 0; c < CONSULTANTS; c++) {
      const cards = [0, 1, 2, 3, 4].map((k) => (c + CONSULTANTS * ((day * 5 + k) * 7)) % states.length)
      push(START + (DAYS - 30 + day) * DAY, dayOf(DAYS - 30 + day), consultantContact(c, "app"), {
        kind: "workList",
        consultantName: `顾问${c}`,
        date: dayOf(DAYS - 30 + day),
        dueToday: cards.slice(0, 3).map((i) => line(i, states[i] as CardState)),
        overdue: cards.slice(3).map((i) => line(i, states[i] as CardState)),
        care: []
      })
    }
  for (const f of referrals) {
    if (f.state.status !== "redeemed") continue
    const to: Contact = { ...customerContact(f.referrer), id: `cust-${f.referrer}` }
    const at = START + DAYS * DAY
    push(at, `${f.referralId}:bought`, to, {
      kind: "referralBought",
      referrerName: nameOf(f.referrer),
      storeName: "东方别克",
      refereeName: f.state.registration?.referee.name
    })
    push(at, `${f.referralId}:issued`, to, {
      kind: "rewardIssued",
      referrerName: nameOf(f.referrer),
      storeName: "东方别克",
      reward: "保养券",
      valueFen: 50_000,
      expiresOn: f.state.voucher?.expiresOn ?? dayOf(DAYS)
    })
  }
  return { messages, sms }
}

// ---------------------------------------------------------------------------------------------
// the people

type Kind = "referrer" | "cardedReferee" | "owned" | "prospect" | "uncardedReferee"
interface Person {
  readonly kind: Kind
  readonly phone: PhoneNumber
  readonly card: number | undefined
}

const settled = new Set(["audited", "registered", "redeemed", "expired", "rejected", "voided", "reversed"])

/**
 * Pairs of people of one kind, cycling through the kinds: referrers (owned customers whose
 * referrals are all settled), referees who got a card, owned customers and prospects (at least 4
 * events, not in a referral), and referees with no card. None with an open order or an unsettled
 * reward (the erasure would be refused).
 */
const peopleOf = (
  states: ReadonlyArray<CardState>,
  referrals: ReadonlyArray<SeededReferral>,
  pairs: number
): Array<[Person, Person]> => {
  const byPhone = new Map<string, Array<SeededReferral>>()
  for (const f of referrals) {
    for (const phone of [phoneOf(f.referrer), f.refereePhone]) {
      const list = byPhone.get(phone) ?? []
      list.push(f)
      byPhone.set(phone, list)
    }
  }
  const free = (phone: string) => (byPhone.get(phone) ?? []).every((f) => settled.has(f.state.status))
  const inReferral = (phone: string) => byPhone.has(phone)
  const taken = new Set<string>()
  const pools: Record<Kind, Array<Person>> = {
    referrer: [],
    cardedReferee: [],
    owned: [],
    prospect: [],
    uncardedReferee: []
  }
  const add = (kind: Kind, p: Person) => {
    if (taken.has(p.phone)) return
    taken.add(p.phone)
    pools[kind].push(p)
  }
  for (const f of referrals) {
    const r = phoneOf(f.referrer)
    if (free(r) && (states[f.referrer] as CardState).status !== "ordered")
      add("referrer", { kind: "referrer", phone: r, card: f.referrer })
    if (
      f.referee !== undefined &&
      free(f.refereePhone) &&
      (states[f.referee] as CardState).status !== "ordered"
    )
      add("cardedReferee", { kind: "cardedReferee", phone: f.refereePhone, card: f.referee })
    if (f.referee === undefined && free(f.refereePhone))
      add("uncardedReferee", { kind: "uncardedReferee", phone: f.refereePhone, card: undefined })
  }
  for (let i = 7; i < states.length; i += 97) {
    const s = states[i] as CardState
    if (inReferral(phoneOf(i)) || s.version < 4) continue
    if (s.status === "owned") add("owned", { kind: "owned", phone: phoneOf(i), card: i })
    else if (s.status === "prospect" || s.status === "defeated")
      add("prospect", { kind: "prospect", phone: phoneOf(i), card: i })
  }
  const kinds: ReadonlyArray<Kind> = ["referrer", "cardedReferee", "owned", "prospect", "uncardedReferee"]
  const out: Array<[Person, Person]> = []
  const next = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>
  for (let k = 0; out.length < pairs && k < pairs * 10; k++) {
    const kind = kinds[k % kinds.length] as Kind
    const pool = pools[kind]
    const a = pool[next[kind]]
    const b = pool[next[kind] + 1]
    if (a === undefined || b === undefined) continue
    next[kind] += 2
    out.push([a, b])
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// where the library's time goes

const { calls, timed } = portTimer()

/**
 * JIPAN_BENCH_ERASE_EXPLAIN=1: the look-ups an erasure makes (as store-sql writes them, on the
 * indexes of 18_erasure_lookups), each with its EXPLAIN ANALYZE server time and the scans of its
 * plan (a sequential scan of a big table would show here), for a person not erased (a referrer
 * who also got messages).
 */
const explainLookups = async (admin: pg.Client, referrals: ReadonlyArray<SeededReferral>) => {
  const f = referrals.find((x) => x.state.status === "redeemed" && x.referrer % 3 === 1) ?? referrals[0]
  const person = f?.referrer ?? 1
  const phone = phoneOf(person)
  const ids = [`cust-${person}`, cardIdOf(person)]
  const scans = (node: Record<string, unknown>): Array<string> => [
    ...(String(node["Node Type"]).includes("Scan")
      ? [
          `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ` ${node["Relation Name"] ?? ""}`}`
        ]
      : []),
    ...((node.Plans as Array<Record<string, unknown>> | undefined) ?? []).flatMap(scans)
  ]
  const time = async (label: string, text: string, values: ReadonlyArray<unknown>) => {
    const plan = await admin.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, [...values])
    const root = plan.rows[0]["QUERY PLAN"][0]
    console.log(
      `    ${label}: ${root["Execution Time"].toFixed(2)} ms, ${root.Plan["Actual Rows"]} rows (${scans(root.Plan).join(", ")})`
    )
  }
  console.log(`  the look-ups of an erasure (server time, EXPLAIN ANALYZE; person ${phone}):`)
  await time(
    "CardStore.withPhone",
    `SELECT dealer_group_id, store_id, card_id, status, owner_id, opened_on::text AS opened_on,
        state->>'statusSince' AS status_since FROM jipan_cards WHERE dealer_group_id = $1 AND phone = $2
      ORDER BY store_id COLLATE "C", card_id COLLATE "C"`,
    [g, phone]
  )
  for (const column of ["referee_phone", "referrer_phone"])
    await time(
      `ReferralStore.find by ${column}, with the events`,
      `WITH page AS (SELECT dealer_group_id, store_id, referral_id, version FROM jipan_referrals
        WHERE dealer_group_id = $1 AND referee_phone IS NOT NULL AND ${column} = $2
        ORDER BY store_id COLLATE "C", referral_id COLLATE "C" LIMIT 501)
       SELECT p.referral_id, e.version, e.event FROM page p LEFT JOIN jipan_referral_events e ON e.dealer_group_id = p.dealer_group_id
         AND e.store_id = p.store_id AND e.referral_id = p.referral_id AND e.version <= p.version
       ORDER BY p.store_id COLLATE "C", p.referral_id COLLATE "C", e.version`,
      [g, phone]
    )
  await time(
    "ReportSource.visitsOn 1900-2199 with the phone",
    `SELECT visit_id, visit FROM jipan_showroom_visits WHERE dealer_group_id = $1
        AND on_date BETWEEN '1900-01-01'::date AND '2199-12-31'::date AND visit->>'phone' = $2
      ORDER BY at, visit_id COLLATE "C", store_id COLLATE "C"`,
    [g, phone]
  )
  await time(
    "Outbox.about (recipient or subjects)",
    `SELECT dealer_group_id, store_id, id, idempotency_key, topic, recipient, payload, available_at, status, attempts,
        last_error FROM jipan_outbox WHERE dealer_group_id = $1 AND (recipient = ANY ($2::text[]) OR subjects && $3::text[])
      ORDER BY seq`,
    [g, ids.map((id) => `customer:${id}`), [phone, phone.slice(3), ...ids]]
  )
  for (const table of ["jipan_provider_submissions", "jipan_delivery_receipts"])
    await time(
      `DeliveryReceipts.redactPhone's filter on ${table}`,
      `SELECT 1 FROM ${table} WHERE dealer_group_id = $1 AND phone = ANY ($2::text[])`,
      [g, [phone, phone.slice(3)]]
    )
}

// ---------------------------------------------------------------------------------------------

const main = async () => {
  console.log(
    `PostgreSQL at ${new URL(url).host}; schema ${schema}; ${CARDS.toLocaleString()} cards, ${CONSULTANTS} consultants, ${DAYS} days`
  )
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const runtime = ManagedRuntime.make(JipanPostgres.layer({ url, schema, maxConnections: 4 }))
  const raw = new pg.Client({ connectionString: url })
  try {
    const t0 = performance.now()
    await runtime.runPromise(importAll(tenant, CARDS))
    const states: Array<CardState> = []
    for (let i = 0; i < CARDS; i++) states.push(stateOf(i))
    const owned: Array<number> = []
    for (let i = 1; i < CARDS && owned.length < REFERRALS / 2; i++)
      if ((states[i] as CardState).status === "owned") owned.push(i)
    const referrals = Array.from({ length: REFERRALS }, (_, r) => referralOf(r, owned))
    const { messages, sms } = messagesOf(states, referrals)
    const log = visits()
    await runtime.runPromise(
      Effect.gen(function* () {
        const store = yield* ReferralStore
        yield* Effect.forEach(
          referrals,
          (f) =>
            store.append({
              tenant,
              referralId: f.referralId,
              expectedVersion: 0,
              events: f.events,
              state: f.state,
              ledger: f.state.ledger,
              report: reportReferralOf(tenant, f.state)
            }),
          { concurrency: 4, discard: true }
        )
        const outbox = yield* Outbox
        for (let k = 0; k < messages.length; k += 2_000) yield* outbox.enqueue(messages.slice(k, k + 2_000))
        const source = yield* ReportSource
        for (let k = 0; k < log.length; k += 5_000) yield* source.recordVisits(log.slice(k, k + 5_000))
      })
    )
    // the SMS trail, as the dispatcher and the provider's callbacks leave it (one row each)
    await admin.query(`SET search_path TO ${schema}`)
    for (let k = 0; k < sms.length; k += 5_000) {
      const chunk = JSON.stringify(sms.slice(k, k + 5_000))
      await admin.query(
        `INSERT INTO jipan_provider_submissions (provider, provider_message_id, phone, dealer_group_id, store_id,
            message_id, idempotency_key, template_id, at)
          SELECT 'aliyun', 'ali-' || id, phone, $1, $2, id, "idempotencyKey", 'SMS_care', at
          FROM jsonb_to_recordset($3::jsonb) AS x(id text, "idempotencyKey" text, phone text, at double precision)`,
        [g, st, chunk]
      )
      await admin.query(
        `INSERT INTO jipan_delivery_receipts (provider, provider_message_id, phone, dealer_group_id, store_id,
            message_id, status, code, description, reported_at)
          SELECT 'aliyun', 'ali-' || id, phone, $1, $2, id, 'delivered', 'DELIVERED', '用户接收成功',
            to_char(to_timestamp(at / 1000), 'YYYY-MM-DD HH24:MI:SS')
          FROM jsonb_to_recordset($3::jsonb) AS x(id text, phone text, at double precision)`,
        [g, st, chunk]
      )
    }
    await analyse(admin, schema)
    const byStatus: Record<string, number> = {}
    for (const f of referrals) byStatus[f.state.status] = (byStatus[f.state.status] ?? 0) + 1
    const setup = `${REFERRALS.toLocaleString()} referrals (${Object.entries(byStatus)
      .map(([s, n]) => `${n} ${s}`)
      .join(
        ", "
      )}), ${messages.length.toLocaleString()} outbox messages, ${log.length.toLocaleString()} visits, ${sms.length.toLocaleString()} SMS submissions + receipts`
    console.log(`  seeded and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${setup}`)

    const people = peopleOf(states, referrals, PAIRS + WARMUP)
    if (people.length < PAIRS + WARMUP) throw new Error(`only ${people.length} pairs of people`)
    await raw.connect()
    await raw.query(`SET search_path TO ${schema}`)
    const ours: Array<number> = []
    const hand: Array<number> = []
    const perErasure = new Map<string, Array<number>>()
    const counts = new Map<string, number>()
    const at = Date.parse("2026-04-10T10:00:00+08:00")
    const loadBefore = load()
    const cpu0 = process.cpuUsage()
    const shapes: Record<
      string,
      { cards: number; referrals: number; visits: number; messages: number; receipts: number }
    > = {}
    for (let k = 0; k < people.length; k++) {
      const [a, b] = people[k] as [Person, Person]
      calls.clear()
      const t1 = performance.now()
      const erased = await runtime.runPromise(
        timed(
          erasePerson(g, a.phone, {
            by: { role: "supervisor" },
            reason: `PIPL request 2026-${k}`,
            at,
            erasureId: `erase-lib-${k}`
          })
        )
      )
      const t2 = performance.now()
      await rawErase(raw, tenant, b.phone, `erase-raw-${k}`, at, dayOf(0))
      const t3 = performance.now()
      if (k < WARMUP) continue
      ours.push(t2 - t1)
      hand.push(t3 - t2)
      tally(calls, counts, perErasure)
      const shape = shapes[a.kind] ?? { cards: 0, referrals: 0, visits: 0, messages: 0, receipts: 0 }
      shape.cards += erased.cards.length
      shape.referrals += erased.referrals.length
      shape.visits += erased.visits
      shape.messages += erased.messages
      shape.receipts += erased.receipts
      shapes[a.kind] = shape
    }
    const cpu = process.cpuUsage(cpu0)
    const loadAfter = load()

    // no trace left: every erased phone (E.164 and national) searched for in every table that held it
    const phones = people.flatMap(([a, b]) => [a.phone, b.phone])
    const traces = await phoneTraces(
      admin,
      [
        "jipan_cards",
        "jipan_card_events",
        "jipan_card_facts",
        "jipan_referrals",
        "jipan_referral_events",
        "jipan_showroom_visits",
        "jipan_outbox",
        "jipan_provider_submissions",
        "jipan_delivery_receipts"
      ],
      phones
    )
    console.log(
      `  ${phones.length} people erased (${people.length} pairs, ${WARMUP} of them warm-up); traces left: ${traces.length === 0 ? "none" : traces.join(", ")}`
    )
    for (const [kind, s] of Object.entries(shapes))
      console.log(
        `    ${kind}: ${s.cards} cards, ${s.referrals} referrals, ${s.visits} visits, ${s.messages} messages, ${s.receipts} receipts`
      )
    const breakdown = [...perErasure.entries()]
      .sort((x, y) => median(y[1]) - median(x[1]))
      .map(
        ([key, ms]) =>
          `${key} ${median(ms).toFixed(1)} ms (p95 ${p95(ms).toFixed(1)}; ${((counts.get(key) ?? 0) / PAIRS).toFixed(1)} calls an erasure)`
      )
    const portMedian = median(
      ours.map((_, i) => [...perErasure.values()].reduce((s, list) => s + (list[i] ?? 0), 0))
    )
    console.log(
      `  erasePerson median ${median(ours).toFixed(1)} ms, p95 ${p95(ours).toFixed(1)} ms; by hand median ${median(hand).toFixed(1)} ms, p95 ${p95(hand).toFixed(1)} ms; ${PAIRS} each; CPU in this process ${((cpu.user + cpu.system) / 1000 / PAIRS).toFixed(1)} ms a pair; load average ${loadBefore} before, ${loadAfter} after`
    )
    console.log(
      `  the library's port calls, median a erasure (${portMedian.toFixed(1)} ms in all):\n    ${breakdown.join("\n    ")}`
    )
    if (traces.length > 0) throw new Error(`the erased phones are still in ${traces.join(", ")}`)
    if (process.env.JIPAN_BENCH_ERASE_EXPLAIN === "1") await explainLookups(admin, referrals)
    report([
      {
        id: "erase-person",
        value: median(ours),
        unit: "ms",
        peer: "raw-sql",
        ratio: median(hand) / median(ours),
        note: `erasePerson of one person in a ${CONSULTANTS}-consultant store of ${CARDS.toLocaleString()} cards on PostgreSQL with ${setup}; median of ${PAIRS} people (referrers, referees with and without a card, owned customers, prospects), p95 ${p95(ours).toFixed(1)} ms; by hand (one transaction of UPDATEs filtered in the server) ${median(hand).toFixed(1)} ms, p95 ${p95(hand).toFixed(1)} ms; load average ${loadBefore}; target < 100 ms`
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
