// The big store of the daily-report and policy-replay benchmarks: 100 consultants, 90 days of
// decided histories (contacts, orders, deliveries, care contacts, defeats; see historyOf), as many
// cards as the benchmark asks for, generated card by card for the bulk import (rows). Both
// benchmarks seed their own schema with it; alreadySeeded tells whether a kept schema holds it.
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
  type ShowroomVisit,
  type StoreId,
  type Tenant,
  toDayNumber
} from "@jipan/core"
import { BulkImport } from "@jipan/store-sql"
import { Effect, Result } from "effect"
import type pg from "pg"

export const CONSULTANTS = 100
export const DAYS = 90
export const START = Date.parse("2026-01-05T10:00:00+08:00")
export const DAY = 86_400_000
export const firstDay = "2026-01-05" as CalendarDate

/** Card `i`'s id, as historyOf and rows give it. */
export const cardIdOf = (i: number) => `card-${String(i).padStart(6, "0")}` as CardId
/** Card `i`'s customer's phone (E.164), as historyOf gives it. */
export const phoneOf = (i: number) => `+86139${String(i).padStart(8, "0")}` as PhoneNumber
/** Card `i`'s owner (one of the CONSULTANTS), as historyOf gives it. */
export const consultantOf = (i: number) => `c-${String(i % CONSULTANTS).padStart(3, "0")}` as ConsultantId
/** The day (from firstDay) card `i` is opened on, in a store of `days` days. */
export const openedDayOf = (i: number, days: number = DAYS) => (i * 7919) % days
/** The calendar date `n` days after firstDay. */
export const dayOf = (n: number): CalendarDate => addDays(firstDay, n)

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
 * Card `i`'s history in `tenant`'s store, decided command by command (so it is what the library
 * itself would write), of a store that mostly follows the policy: the consultant calls on every due day and agrees the
 * next contact, the grade moves as the purchase comes closer, and when the customer's time frame
 * runs out two in five order (delivered a few days later, then every care contact of the plan made
 * on its day) and the others ask for a defeat, approved by the supervisor the next day. Seeded
 * lapses, each about one card in 13–40, give every finding rule something to find: cards forgotten
 * after two contacts (overdue), contacts without an agreed next contact, defeat requests left
 * waiting, care plans not followed.
 */
export const historyOf = (tenant: Tenant, i: number, days: number = DAYS): ReadonlyArray<CardEvent> => {
  const owner = consultantOf(i)
  const by = { id: owner, role: "consultant" } as const
  const boss = { id: "s-boss", role: "supervisor" } as const
  const openedDay = openedDayOf(i, days)
  const timeframe = timeframes[i % timeframes.length] as number
  const cardId = cardIdOf(i)
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
    phone: phoneOf(i),
    owner,
    source: i % 3 === 0 ? "phoneIn" : "walkIn",
    intent: "direct",
    evidence: evidenceAt(timeframe),
    existingOpenCardId: undefined
  })
  let orderedDay = 0
  while (state.status === "prospect" || state.status === "ordered") {
    const day = dayIndex(state.nextContactDue)
    if (day >= days || (forgotten && state.contactCount >= 2)) break
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
      if (!defeatLeftWaiting && day + 1 < days) run({ _tag: "ApproveDefeat", by: boss, at: atDay(day + 1) })
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
    if (next === undefined || day >= days) break
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

/**
 * The bulk import's rows: the histories of cards 0 to `cards` - 1 (see historyOf), over `days`
 * days (90 unless given), each passed through `extend` when given (e.g. to close it).
 */
export function* rows(
  tenant: Tenant,
  cards: number,
  days: number = DAYS,
  extend?: (i: number, history: ReadonlyArray<CardEvent>) => ReadonlyArray<CardEvent>
): Generator<unknown> {
  for (let i = 0; i < cards; i++) {
    const history = historyOf(tenant, i, days)
    yield {
      storeId: tenant.storeId,
      cardId: cardIdOf(i),
      history: extend === undefined ? history : extend(i, history)
    }
  }
}

/**
 * Bulk-imports the rows (see rows) into the store, failing unless every card came in.
 *
 * @example await runtime.runPromise(importAll(tenant, CARDS, YEAR, closed))
 */
export const importAll = (
  tenant: Tenant,
  cards: number,
  days: number = DAYS,
  extend?: (i: number, history: ReadonlyArray<CardEvent>) => ReadonlyArray<CardEvent>
) =>
  Effect.flatMap(
    BulkImport.importCards(tenant, rows(tenant, cards, days, extend), { batchSize: 5_000 }),
    (imported) =>
      imported.imported === cards
        ? Effect.void
        : Effect.die(new Error(`imported ${imported.imported} of ${cards}`))
  )

/** The reception's first visit of each of cards 0 to `cards` - 1, on the day it was opened. */
export const firstVisits = (tenant: Tenant, cards: number, days: number = DAYS): Array<ShowroomVisit> => {
  const out: Array<ShowroomVisit> = []
  for (let i = 0; i < cards; i++) {
    const day = openedDayOf(i, days)
    out.push({
      tenant,
      visitId: `v-${i}`,
      at: START + day * DAY,
      on: dayOf(day),
      kind: i % 3 === 0 ? "phoneIn" : "walkIn",
      ordinal: "first",
      consultant: consultantOf(i),
      phone: phoneOf(i),
      cardId: cardIdOf(i)
    } as ShowroomVisit)
  }
  return out
}

/** Sets `admin`'s search_path to `schema`, then vacuums and analyses that schema's tables only. */
export const analyse = async (admin: pg.Client, schema: string): Promise<void> => {
  await admin.query(`SET search_path TO ${schema}`)
  const tables = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema])
  await admin.query(`VACUUM ANALYZE ${tables.rows.map((t) => `${schema}.${t.tablename}`).join(", ")}`)
}

/**
 * The tables of `tables` (in the search_path) where any of `phones` is still found, E.164 or
 * national, anywhere in a row; `table: count` each.
 */
export const phoneTraces = async (
  admin: pg.Client,
  tables: ReadonlyArray<string>,
  phones: ReadonlyArray<string>
): Promise<Array<string>> => {
  const needles = phones.flatMap((p) => [`%${p}%`, `%${p.slice(3)}%`])
  const traces: Array<string> = []
  for (const table of tables) {
    const found = await admin.query(`SELECT count(*)::int AS n FROM ${table} t WHERE t::text LIKE ANY($1)`, [
      needles
    ])
    if (found.rows[0].n > 0) traces.push(`${table}: ${found.rows[0].n}`)
  }
  return traces
}

/** Whether `schema` already holds a seeded store of `cards` cards. */
export const alreadySeeded = async (admin: pg.Client, schema: string, cards: number): Promise<boolean> =>
  (
    await admin.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'jipan_cards'`,
      [schema]
    )
  ).rows[0].n > 0 &&
  (await admin.query(`SELECT count(*)::int AS n FROM ${schema}.jipan_cards`)).rows[0].n === cards
