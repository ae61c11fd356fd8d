// The ports an erasure (个人信息删除, #19) writes through, on a real database (PGlite over the wire
// protocol, or the PostgreSQL at JIPAN_TEST_POSTGRES_URL): CardStore.rewrite and
// ReferralStore.rewrite replace a history in place and leave every read model — report rows
// included — as the redacted history appended at once would; Outbox.redact; the AuditLog; a visit
// given again without its phone; DeliveryReceipts.redactPhone (erased rows of one provider message
// never collide); and a scan of every text and JSON column of every table for the erased person's
// strings (their consent records included: ConsentStore.redact, in the erasure's transaction).
import { assert, layer } from "@effect/vitest"
import {
  type AccessRecord,
  AuditLog,
  type AuditQuery,
  type CalendarDate,
  type CardAppend,
  type CardCommand,
  CardEvent,
  type CardId,
  type CardRewrite,
  type CardState,
  CardStore,
  type ConsentEntry,
  ConsentStore,
  type ConsultantId,
  type CustomerId,
  calendarDateOf,
  cardReportRowsOf,
  careContactsOf,
  type DayRange,
  type DealerGroupId,
  type DeliveryReceipt,
  DeliveryReceipts,
  decideCard,
  defaultPolicy,
  ERASED_PHONE,
  ERASED_TEXT,
  foldCard,
  foldReferral,
  initialCardState,
  type LedgerEntry,
  makeMemory,
  Outbox,
  type OutboxMessage,
  type PhoneNumber,
  type ProviderSubmission,
  type ReferralAppend,
  type ReferralEvent,
  type ReferralId,
  ReferralRegistration,
  type ReferralRewrite,
  type ReferralState,
  ReferralStore,
  ReportSource,
  redactPersonal,
  reportReferralOf,
  type ShowroomVisit,
  type StoreId,
  StoreTransaction,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Context, Effect, Exit, Option, Result } from "effect"
import { SqlClient } from "effect/sql"
import * as Fixtures from "./Fixtures.js"
import { DAY, plain, START, Store, tenantIn } from "./Fixtures.js"
import * as TestDatabase from "./TestDatabase.js"

const range = { from: "2026-03-01", to: "2026-04-30" } as DayRange

const freshGroup = () => Fixtures.freshGroup("grp-erase")
const wang = "c-wang" as ConsultantId
const by = { id: wang, role: "consultant" as const }

/** A VIN with its check digit (the 9th character) made right. */
const withCheckDigit = (vin: string): string => {
  const value = (c: string) =>
    /\d/.test(c)
      ? Number(c)
      : "ABCDEFGH".indexOf(c) + 1 || "JKLMN_P_R".indexOf(c) + 1 || "STUVWXYZ".indexOf(c) + 2
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
  const sum = [...vin].reduce((s, c, i) => s + value(c) * (weights[i] ?? 0), 0)
  const check = sum % 11 === 10 ? "X" : String(sum % 11)
  return `${vin.slice(0, 8)}${check}${vin.slice(9)}`
}

/** A person's strings, each test its own (the scan reads every row of every test). */
interface Person {
  readonly phone: PhoneNumber
  readonly name: string
  readonly note: string
  readonly vin: string
}
const person = (n: number): Person => ({
  phone: `+861381234${String(5670 + n).padStart(4, "0")}` as PhoneNumber,
  name: `客户${n}号`,
  note: `客户${n}号说周六带家人来店看GL8，预算三十万`,
  vin: withCheckDigit(`LSVAU2187N212${String(3450 + n).padStart(4, "0")}`)
})

/** A card's commands: opened, a contact with a note naming the person, an order, a delivery. */
const commands = (tenant: Tenant, cardId: string, p: Person): ReadonlyArray<CardCommand> => [
  {
    _tag: "OpenCard",
    cardId: cardId as CardId,
    storeId: tenant.storeId,
    customerId: `cust-${cardId}` as CustomerId,
    phone: p.phone,
    owner: wang,
    source: "walkIn",
    intent: "direct",
    evidence: {},
    existingOpenCardId: undefined,
    by,
    at: START
  },
  {
    _tag: "LogContact",
    channel: "call",
    outcome: "reached",
    evidence: { testDriveBooked: true },
    note: p.note,
    by,
    at: START + 2 * DAY
  },
  { _tag: "PlaceOrder", orderId: "SO-1", model: "GL8", by, at: START + 5 * DAY },
  {
    _tag: "Deliver",
    vehicle: { brand: "Buick", model: "GL8", vin: p.vin },
    deliveredOn: calendarDateOf(START + 9 * DAY),
    by,
    at: START + 9 * DAY
  }
]

/** The appends the commands make, one a command. */
const cardAppends = (
  tenant: Tenant,
  cardId: string,
  cmds: ReadonlyArray<CardCommand>
): ReadonlyArray<CardAppend> => {
  let before: CardState = initialCardState
  return cmds.map((command) => {
    const decided = decideCard(command, before, defaultPolicy)
    if (Result.isFailure(decided)) throw new Error(`fixture refused: ${decided.failure.message}`)
    const state = foldCard(decided.success, before)
    const append: CardAppend = {
      tenant,
      cardId: cardId as CardId,
      expectedVersion: before.version,
      events: decided.success,
      state,
      care: careContactsOf(state, defaultPolicy, calendarDateOf(command.at, defaultPolicy.timeZone)),
      report: cardReportRowsOf(tenant, cardId as CardId, before, decided.success, state)
    }
    before = state
    return append
  })
}

/** What an erasure writes for a card: its whole history redacted, with what it folds to. */
const cardRewrite = (tenant: Tenant, cardId: string, history: ReadonlyArray<CardEvent>): CardRewrite => {
  const events = history.map((e) => redactPersonal(CardEvent, e))
  const state = foldCard(events)
  return {
    tenant,
    cardId: cardId as CardId,
    version: state.version,
    events,
    state,
    care: careContactsOf(state, defaultPolicy, calendarDateOf(START + 9 * DAY, defaultPolicy.timeZone)),
    report: cardReportRowsOf(tenant, cardId as CardId, initialCardState, events, state)
  }
}

/** The whole history appended at once (what a rewrite must leave). */
const appendedAtOnce = (r: CardRewrite): CardAppend => ({
  tenant: r.tenant,
  cardId: r.cardId,
  expectedVersion: 0,
  events: r.events,
  state: r.state,
  care: r.care,
  report: r.report
})

const registered = (tenant: Tenant, referralId: string, p: Person): ReferralEvent => {
  const on = calendarDateOf(START)
  return {
    _tag: "ReferralRegistered",
    on,
    registration: {
      referralId,
      storeId: tenant.storeId,
      consultantId: wang,
      registeredOn: on,
      askedAt: "delivery",
      referrer: { kind: "ownedCustomer", id: "cust-referrer", phone: "+8613900000001" },
      referee: { name: p.name, phone: p.phone }
    } as ReferralRegistration
  }
}
const day = (n: number) => calendarDateOf(START + n * DAY)

/** A referral's appends, one a step, each with its report row. */
const referralAppends = (
  tenant: Tenant,
  referralId: string,
  steps: ReadonlyArray<ReadonlyArray<ReferralEvent>>,
  ledger: ReadonlyArray<LedgerEntry> = []
): ReadonlyArray<ReferralAppend> => {
  let before: ReferralState = foldReferral([])
  return steps.map((events, i) => {
    const state = foldReferral(events, before)
    const append: ReferralAppend = {
      tenant,
      referralId: referralId as ReferralId,
      expectedVersion: before.version,
      events,
      state,
      ledger: i === steps.length - 1 ? ledger : [],
      report: reportReferralOf(tenant, state)
    }
    before = state
    return append
  })
}

/** A referral event with its personal fields replaced (the registration by its schema). */
const redactReferralEvent = (e: ReferralEvent): ReferralEvent =>
  e._tag === "ReferralRegistered"
    ? { ...e, registration: redactPersonal(ReferralRegistration, e.registration) }
    : e._tag === "ReferralRejected"
      ? { ...e, note: ERASED_TEXT }
      : e._tag === "ReferralVoided"
        ? { ...e, reason: ERASED_TEXT }
        : e

const referralRewrite = (
  tenant: Tenant,
  referralId: string,
  history: ReadonlyArray<ReferralEvent>
): ReferralRewrite => {
  const events = history.map(redactReferralEvent)
  const state = foldReferral(events)
  return {
    tenant,
    referralId: referralId as ReferralId,
    version: state.version,
    events,
    state,
    report: reportReferralOf(tenant, state)
  }
}

/** The same group's rows as another group's: its id swapped (to compare two groups' answers). */
const asGroup = (x: unknown, from: DealerGroupId, to: DealerGroupId): unknown =>
  JSON.parse(JSON.stringify(x).replaceAll(from, to))

const message = (tenant: Tenant, id: string, p: Person, at: number): OutboxMessage => ({
  id,
  idempotencyKey: `${tenant.dealerGroupId}/${tenant.storeId}/${id}`,
  tenant,
  topic: "care.due",
  recipient: `consultant:${wang}`,
  payload: { to: p.phone.slice(3), cardId: "card-1", phone: p.phone, name: p.name, text: p.note },
  availableAt: at,
  status: "pending",
  attempts: 0,
  lastError: undefined
})

const submission = (
  tenant: Tenant,
  provider: string,
  providerMessageId: string,
  phone: string,
  messageId: string,
  at: number
): ProviderSubmission => ({
  provider,
  providerMessageId,
  phone,
  tenant,
  messageId,
  idempotencyKey: `${tenant.storeId}/${messageId}`,
  templateId: "SMS_0001",
  at
})
const receiptOf = (
  s: ProviderSubmission,
  status: DeliveryReceipt["status"],
  description?: string
): DeliveryReceipt => ({
  provider: s.provider,
  providerMessageId: s.providerMessageId,
  phone: s.phone,
  tenant: s.tenant,
  messageId: s.messageId,
  status,
  code: status === "delivered" ? "DELIVERED" : "MOBILE_NOT_ON_SERVICE",
  ...(description === undefined ? {} : { description }),
  reportedAt: "2026-03-02 10:00:03"
})

layer(Store, { excludeTestServices: true, timeout: "120 seconds" })(
  `SqlStore erasure ports (${TestDatabase.backend})`,
  (it) => {
    it.effect(
      "CardStore.rewrite: the redacted history in place, read back as the same history appended at once",
      () =>
        Effect.gen(function* () {
          const cards = yield* CardStore
          const reports = yield* ReportSource
          const memory = makeMemory()
          const mem = { cards: Context.get(memory, CardStore), reports: Context.get(memory, ReportSource) }
          const g = freshGroup()
          const a = tenantIn(g)
          const p = person(1)
          const appends = cardAppends(a, "card-1", commands(a, "card-1", p))
          for (const x of appends) {
            yield* cards.append(x)
            yield* mem.cards.append(x)
          }
          const history = appends.flatMap((x) => x.events)
          const rewrite = cardRewrite(a, "card-1", history)
          assert.strictEqual(rewrite.events.length, history.length)
          assert.notDeepEqual(plain(rewrite.events), plain(history))
          yield* cards.rewrite(rewrite)
          yield* mem.cards.rewrite(rewrite)

          // the card: history, state and version as rewritten
          const loaded = yield* cards.load(a, "card-1" as CardId)
          assert.deepStrictEqual(
            plain(loaded),
            plain(
              Option.some({
                tenant: a,
                cardId: "card-1",
                state: rewrite.state,
                version: rewrite.version,
                history: rewrite.events
              })
            )
          )
          assert.deepStrictEqual(plain(loaded), plain(yield* mem.cards.load(a, "card-1" as CardId)))
          assert.deepStrictEqual(
            plain(yield* cards.loadState(a, "card-1" as CardId)),
            plain(Option.some(rewrite.state))
          )
          const histories = yield* reports.histories(a, ["card-1" as CardId])
          assert.deepStrictEqual(plain(histories[0]?.history), plain(rewrite.events))

          // the query columns follow the state: the phone is gone from every look-up
          assert.strictEqual(rewrite.state.phone, ERASED_PHONE)
          assert.deepStrictEqual(yield* cards.withPhone({ dealerGroupId: g }, p.phone), [])
          assert.deepStrictEqual(yield* cards.findOpenByPhone({ dealerGroupId: g }, p.phone), [])
          const listed = yield* cards.list({ dealerGroupId: g }, {})
          assert.deepStrictEqual(
            listed.items.map((c) => [c.cardId, c.phone, c.status, c.owner, c.model]),
            [["card-1", ERASED_PHONE, "owned", wang, "GL8"]]
          )

          // the report rows: what a fresh group with the redacted history appended at once reads
          const fresh = freshGroup()
          const b = tenantIn(fresh)
          yield* cards.append(appendedAtOnce(cardRewrite(b, "card-1", history)))
          for (const scope of [{ dealerGroupId: g }, a] as ReadonlyArray<TenantScope>) {
            const other: TenantScope = scope.storeId === undefined ? { dealerGroupId: fresh } : b
            const events = yield* reports.eventsOn(scope, range)
            assert.strictEqual(events.length, history.length)
            assert.deepStrictEqual(plain(events), asGroup(yield* reports.eventsOn(other, range), fresh, g))
            assert.deepStrictEqual(plain(events), plain(yield* mem.reports.eventsOn(scope, range)))
            const spans = yield* reports.dueSpans(scope, range)
            assert.isAbove(spans.length, 1)
            assert.deepStrictEqual(plain(spans), asGroup(yield* reports.dueSpans(other, range), fresh, g))
            assert.deepStrictEqual(plain(spans), plain(yield* mem.reports.dueSpans(scope, range)))
            const facts = yield* reports.cardFacts(scope)
            assert.deepStrictEqual(plain(facts), asGroup(yield* reports.cardFacts(other), fresh, g))
            assert.deepStrictEqual(plain(facts), plain(yield* mem.reports.cardFacts(scope)))
            assert.deepStrictEqual(
              plain(yield* cards.careDue(scope, "2027-12-31" as CalendarDate)),
              asGroup(yield* cards.careDue(other, "2027-12-31" as CalendarDate), fresh, g)
            )
          }
          // the contact's note and the delivered VIN are gone from the report rows too
          const logged = (yield* reports.eventsOn(a, range)).map((e) => e.event)
          assert.notInclude(JSON.stringify(logged), p.note)
          assert.notInclude(JSON.stringify(logged), p.vin)
        })
    )

    it.effect(
      "CardStore.rewrite: a stale version is a VersionConflict, another length a StoreError; nothing written",
      () =>
        Effect.gen(function* () {
          const cards = yield* CardStore
          const g = freshGroup()
          const a = tenantIn(g)
          const appends = cardAppends(a, "card-1", commands(a, "card-1", person(2)))
          for (const x of appends) yield* cards.append(x)
          const history = appends.flatMap((x) => x.events)
          const before = plain(yield* cards.load(a, "card-1" as CardId))

          // read before the last append: stale
          const stale = cardRewrite(a, "card-1", history.slice(0, -1))
          const conflict = yield* Effect.flip(cards.rewrite(stale))
          assert.strictEqual(conflict._tag, "VersionConflict")
          if (conflict._tag === "VersionConflict")
            assert.deepStrictEqual([conflict.expected, conflict.actual], [stale.version, history.length])
          // at the right version with one event too few
          const whole = cardRewrite(a, "card-1", history)
          const short = yield* Effect.flip(cards.rewrite({ ...whole, events: whole.events.slice(0, -1) }))
          assert.deepStrictEqual(
            [short._tag, short._tag === "StoreError" ? short.reason : ""],
            ["StoreError", "Unknown"]
          )
          // a state at another version than the one named
          const other = yield* Effect.flip(cards.rewrite({ ...whole, state: stale.state }))
          assert.strictEqual(other._tag, "StoreError")
          // a card that does not exist
          const missing = yield* Effect.flip(cards.rewrite({ ...whole, cardId: "card-404" as CardId }))
          assert.strictEqual(missing._tag, "VersionConflict")
          if (missing._tag === "VersionConflict") assert.strictEqual(missing.actual, 0)
          assert.deepStrictEqual(plain(yield* cards.load(a, "card-1" as CardId)), before)
          assert.isTrue(Exit.isSuccess(yield* Effect.exit(cards.rewrite(whole))))
        })
    )

    it.effect(
      "ReferralStore.rewrite: events, state, query columns and report row replaced; the ledger untouched",
      () =>
        Effect.gen(function* () {
          const referrals = yield* ReferralStore
          const reports = yield* ReportSource
          const memory = makeMemory()
          const mem = {
            referrals: Context.get(memory, ReferralStore),
            reports: Context.get(memory, ReportSource)
          }
          const g = freshGroup()
          const a = tenantIn(g)
          const p = person(3)
          const entry: LedgerEntry = {
            entryId: "led-1",
            voucherId: "v-1",
            referralId: "ref-1",
            referrerId: "cust-referrer",
            kind: "issued",
            amountFen: 50_000,
            on: day(3)
          } as LedgerEntry
          const appends = referralAppends(
            a,
            "ref-1",
            [
              [registered(a, "ref-1", p)],
              [{ _tag: "ReferralAudited", on: day(1), checks: [] }],
              [{ _tag: "RefereeCardLinked", on: day(2), storeId: a.storeId, cardId: "card-7" as CardId }]
            ],
            [entry]
          )
          for (const x of appends) {
            yield* referrals.append(x)
            yield* mem.referrals.append(x)
          }
          const group: TenantScope = { dealerGroupId: g }
          const ledger = plain(yield* referrals.ledger(group, {}))
          assert.strictEqual((yield* referrals.find(group, { refereePhone: p.phone })).items.length, 1)

          const history = appends.flatMap((x) => x.events)
          const rewrite = referralRewrite(a, "ref-1", history)
          yield* referrals.rewrite(rewrite)
          yield* mem.referrals.rewrite(rewrite)

          const loaded = yield* referrals.load(a, "ref-1" as ReferralId)
          assert.deepStrictEqual(
            plain(loaded),
            plain(
              Option.some({
                tenant: a,
                referralId: "ref-1",
                state: rewrite.state,
                version: 3,
                history: rewrite.events
              })
            )
          )
          assert.deepStrictEqual(plain(loaded), plain(yield* mem.referrals.load(a, "ref-1" as ReferralId)))
          // found by nothing personal any more, still by its consultant, referrer and card
          assert.deepStrictEqual((yield* referrals.find(group, { refereePhone: p.phone })).items, [])
          for (const query of [
            {},
            { consultantId: wang },
            { referrerId: "cust-referrer" },
            { refereeCardId: "card-7" as CardId }
          ]) {
            const page = yield* referrals.find(group, query)
            assert.deepStrictEqual(
              page.items.map((r) => r.referralId),
              ["ref-1"]
            )
            assert.deepStrictEqual(plain(page), plain(yield* mem.referrals.find(group, query)))
          }
          const sql = yield* SqlClient.SqlClient
          const columns = yield* sql<{ readonly referee_phone: string | null }>`SELECT referee_phone
            FROM jipan_referrals WHERE dealer_group_id = ${g}`
          assert.deepStrictEqual(
            columns.map((r) => r.referee_phone),
            [ERASED_PHONE]
          )
          // the report row keeps every statistic, the person's phone gone
          const rows = yield* reports.referralsOn(group, range)
          assert.deepStrictEqual(plain(rows), plain(yield* mem.reports.referralsOn(group, range)))
          assert.deepStrictEqual(
            rows.map((r) => [r.referralId, r.status, r.refereeId, r.auditedOn]),
            [["ref-1", "audited", ERASED_PHONE, day(1)]]
          )
          assert.deepStrictEqual(plain(yield* referrals.ledger(group, {})), ledger)

          // stale: a VersionConflict, nothing written
          const stale = referralRewrite(a, "ref-1", history.slice(0, -1))
          const conflict = yield* Effect.flip(referrals.rewrite(stale))
          assert.strictEqual(conflict._tag, "VersionConflict")
          const short = yield* Effect.flip(
            referrals.rewrite({ ...rewrite, events: rewrite.events.slice(0, -1) })
          )
          assert.strictEqual(short._tag, "StoreError")
          assert.deepStrictEqual(plain(yield* referrals.load(a, "ref-1" as ReferralId)), plain(loaded))
        })
    )

    it.effect("Outbox.redact: payloads erased, pending ones skipped, the rest of each message kept", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const mem = Context.get(makeMemory(), Outbox)
        const g = freshGroup()
        const [a, b] = [tenantIn(g, "store-a"), tenantIn(g, "store-b")]
        const p = person(4)
        const messages = [
          message(a, "m-1", p, START),
          message(a, "m-2", p, START + 1),
          message(a, "m-3", p, START + 2),
          message(a, "m-4", p, START + 3),
          // the same id in another store: another message
          message(b, "m-1", p, START)
        ]
        for (const box of [outbox, mem]) {
          yield* box.enqueue(messages)
          yield* box.markSent(a, "m-2")
          yield* box.markFailed(a, "m-3", { error: `no route to ${p.phone}` })
          yield* box.redact(a, ["m-1", "m-2", "m-3", "m-1", "m-404"])
          yield* box.redact(a, [])
        }
        const listed = yield* outbox.list({ dealerGroupId: g })
        assert.deepStrictEqual(plain(listed), plain(yield* mem.list({ dealerGroupId: g })))
        assert.deepStrictEqual(
          listed.map((m) => [m.tenant.storeId, m.id, m.status, m.attempts, m.lastError, m.payload]),
          [
            ["store-a", "m-1", "skipped", 0, "erased", { erased: true }],
            ["store-a", "m-2", "sent", 1, "erased", { erased: true }],
            ["store-a", "m-3", "dead", 1, "erased", { erased: true }],
            ["store-a", "m-4", "pending", 0, undefined, plain(messages[3]?.payload)],
            ["store-b", "m-1", "pending", 0, undefined, plain(messages[4]?.payload)]
          ]
        )
        for (const [i, m] of listed.entries()) {
          const given = messages[i]
          assert.deepStrictEqual(
            [m.idempotencyKey, m.topic, m.recipient, m.availableAt],
            [given?.idempotencyKey, given?.topic, given?.recipient, given?.availableAt]
          )
        }
        // a skipped message is never claimed
        const claimed = yield* outbox.claim({ now: START + DAY, limit: 100, leaseMs: 1000 })
        assert.notInclude(
          claimed.filter((m) => m.tenant.dealerGroupId === g).map((m) => `${m.tenant.storeId}/${m.id}`),
          "store-a/m-1"
        )
      })
    )

    it.effect("AuditLog: append-only by (group, id), pages in (at, id) order, each filter as in memory", () =>
      Effect.gen(function* () {
        const log = yield* AuditLog
        const mem = Context.get(makeMemory(), AuditLog)
        const g = freshGroup()
        const other = freshGroup()
        const t0 = Date.parse("2026-12-07T02:00:00Z")
        const record = (
          id: string,
          at: number,
          action: AccessRecord["action"],
          storeId?: string,
          group: DealerGroupId = g
        ): AccessRecord => ({
          id,
          dealerGroupId: group,
          ...(storeId === undefined ? {} : { storeId: storeId as StoreId }),
          at,
          viewer: { role: "supervisor" },
          action,
          output: "xlsx",
          subject: "report:progress-control",
          reason: "month-end review"
        })
        // ids whose code-point order differs from a natural-language collation's, times that tie
        const records = [
          record("acc-b", t0, "unmask", "store-a"),
          record("acc-B", t0, "export", "store-b"),
          record("acc-a", t0 + 1000, "erase"),
          record("acc-_", t0, "read", "store-a"),
          record("acc-10", t0 + 2000, "unmask", "store-a"),
          record("acc-9", t0 + 2000, "correct", "store-b"),
          // the first of a batch stays
          { ...record("acc-a", t0 + 5000, "read"), reason: "a second time" },
          record("acc-a", t0, "erase", undefined, other)
        ]
        for (const l of [log, mem]) {
          yield* l.record(records)
          // already recorded: ignored
          yield* l.record([{ ...record("acc-b", t0 + 9000, "read"), reason: "again" }])
          yield* l.record([])
        }
        const queries: ReadonlyArray<AuditQuery> = [
          {},
          { limit: 1 },
          { limit: 2 },
          { limit: 6 },
          { actions: ["erase", "unmask"] },
          { actions: [] },
          { storeId: "store-a" as StoreId },
          { from: t0 + 1000 },
          { to: t0 + 2000 },
          { from: t0, to: t0 + 1 },
          { after: { at: t0, id: "acc-b" } },
          { after: { at: t0 + 1000, id: "acc-a" }, limit: 1 }
        ]
        for (const query of queries) {
          const page = yield* log.find(g, query)
          assert.deepStrictEqual(plain(page), plain(yield* mem.find(g, query)), JSON.stringify(query))
        }
        const all = yield* log.find(g, {})
        assert.deepStrictEqual(
          all.records.map((r) => r.id),
          ["acc-B", "acc-_", "acc-b", "acc-a", "acc-10", "acc-9"]
        )
        assert.strictEqual(all.records.find((r) => r.id === "acc-a")?.reason, "month-end review")
        assert.strictEqual(all.records.find((r) => r.id === "acc-b")?.action, "unmask")
        assert.strictEqual(all.next, undefined)
        // paging through with the next key
        const seen: Array<string> = []
        let after: AuditQuery["after"]
        for (let i = 0; i < 10; i++) {
          const page = yield* log.find(g, { limit: 4, ...(after === undefined ? {} : { after }) })
          seen.push(...page.records.map((r) => r.id))
          if (page.next === undefined) break
          after = page.next
        }
        assert.deepStrictEqual(
          seen,
          all.records.map((r) => r.id)
        )
        // 100 a page by default
        const many = Array.from({ length: 101 }, (_, i) =>
          record(`bulk-${String(i).padStart(3, "0")}`, t0, "read")
        )
        const bulk = freshGroup()
        yield* log.record(many.map((r) => ({ ...r, dealerGroupId: bulk })))
        const first = yield* log.find(bulk, {})
        assert.deepStrictEqual([first.records.length, first.next], [100, { at: t0, id: "bulk-099" }])
        assert.deepStrictEqual(
          (yield* log.find(other, {})).records.map((r) => r.id),
          ["acc-a"]
        )
      })
    )

    it.effect(
      "recordVisits: the stored visit given again without its phone loses it; otherwise the first stays",
      () =>
        Effect.gen(function* () {
          const reports = yield* ReportSource
          const g = freshGroup()
          const a = tenantIn(g)
          const p = person(5)
          const visit: ShowroomVisit = {
            tenant: a,
            visitId: "v-1",
            at: START,
            on: day(0),
            kind: "walkIn",
            ordinal: "first",
            consultant: wang,
            phone: p.phone,
            cardId: "card-1" as CardId,
            partySize: 2
          }
          yield* reports.recordVisits([visit])
          // another entry under the id: ignored
          yield* reports.recordVisits([{ ...visit, consultant: "c-li" as ConsultantId }])
          const { phone: _, ...erased } = visit
          yield* reports.recordVisits([erased])
          const read = yield* reports.visitsOn(a, range)
          assert.deepStrictEqual(plain(read), plain([erased]))
          // the phone never comes back
          yield* reports.recordVisits([visit])
          assert.deepStrictEqual(plain(yield* reports.visitsOn(a, range)), plain([erased]))
        })
    )

    it.effect(
      "DeliveryReceipts.redactPhone: the scope's rows of either form get +0 and no description, nothing else changes",
      () =>
        Effect.gen(function* () {
          const receipts = yield* DeliveryReceipts
          const tx = yield* StoreTransaction
          const sql = yield* SqlClient.SqlClient
          const g = freshGroup()
          const other = freshGroup()
          const [a, b] = [tenantIn(g, "store-a"), tenantIn(g, "store-b")]
          const p = person(6)
          const national = p.phone.slice(3)
          const neighbour = person(7).phone
          const submissions = [
            // one batch (one provider message id) to the person, in both forms, and to a neighbour
            submission(a, "aliyun", "biz-1", p.phone, "m-1", START),
            submission(a, "aliyun", "biz-1", national, "m-2", START + 1),
            submission(a, "aliyun", "biz-1", neighbour, "m-3", START + 2),
            submission(a, "tencent", "serial-1", p.phone, "m-4", START + 3),
            // another store of the group, another group
            submission(b, "aliyun", "biz-2", p.phone, "m-1", START + 4),
            submission(tenantIn(other), "aliyun", "biz-3", p.phone, "m-1", START + 5)
          ]
          const recorded = submissions.flatMap((s) => [
            receiptOf(s, "failed", `用户 ${s.phone} 关机`),
            receiptOf(s, "delivered", `delivered to ${national}`)
          ])
          for (const s of submissions) {
            yield* receipts.submitted(s)
            yield* receipts.submitted({ ...s, messageId: "ignored" })
          }
          for (const r of recorded) {
            yield* receipts.record(r)
            yield* receipts.record({ ...r, code: "IGNORED" })
          }
          const before = {
            a: yield* receipts.list(a),
            b: yield* receipts.list(b),
            other: yield* receipts.list({ dealerGroupId: other })
          }
          assert.strictEqual(before.a.length, 8)

          // in a transaction that fails: nothing changes
          const failed = yield* Effect.exit(
            tx.withTransaction(
              Effect.gen(function* () {
                assert.strictEqual(yield* receipts.redactPhone(a, [p.phone, national]), 6)
                return yield* Effect.fail("abort")
              })
            )
          )
          assert.isTrue(Exit.isFailure(failed))
          assert.deepStrictEqual(plain(yield* receipts.list(a)), plain(before.a))

          // 3 submissions and their 6 receipts; none of the neighbour's
          const changed = yield* tx.withTransaction(receipts.redactPhone(a, [p.phone, national, p.phone]))
          assert.strictEqual(changed, 9)
          const after = yield* receipts.list(a)
          assert.deepStrictEqual(
            plain(after),
            plain(
              before.a.map((r) =>
                r.phone === neighbour
                  ? r
                  : {
                      provider: r.provider,
                      providerMessageId: r.providerMessageId,
                      phone: ERASED_PHONE,
                      tenant: r.tenant,
                      messageId: r.messageId,
                      status: r.status,
                      code: r.code,
                      reportedAt: r.reportedAt
                    }
              )
            )
          )
          assert.deepStrictEqual(
            after.map((r) => r.code).filter((c) => c === "IGNORED"),
            []
          )
          // found by neither form any more; the neighbour still is
          for (const s of submissions.slice(0, 4).filter((s) => s.phone !== neighbour))
            assert.isTrue(Option.isNone(yield* receipts.lookup(s.provider, s.providerMessageId, s.phone)))
          assert.isTrue(Option.isNone(yield* receipts.lookup("aliyun", "biz-1", ERASED_PHONE)))
          assert.deepStrictEqual(
            plain(yield* receipts.lookup("aliyun", "biz-1", neighbour)),
            plain(Option.some(submissions[2]))
          )
          // the other store and the other group keep theirs
          assert.deepStrictEqual(plain(yield* receipts.list(b)), plain(before.b))
          assert.deepStrictEqual(plain(yield* receipts.list({ dealerGroupId: other })), plain(before.other))
          assert.deepStrictEqual(
            plain(yield* receipts.lookup("aliyun", "biz-2", p.phone)),
            plain(Option.some(submissions[4]))
          )
          const rows = yield* sql<{
            readonly phone: string
            readonly message_id: string
          }>`SELECT phone, message_id
            FROM jipan_provider_submissions WHERE dealer_group_id = ${g} AND store_id = 'store-a' ORDER BY at`
          assert.deepStrictEqual(
            rows.map((r) => [r.message_id, r.phone]),
            [
              ["m-1", ERASED_PHONE],
              ["m-2", ERASED_PHONE],
              ["m-3", neighbour],
              ["m-4", ERASED_PHONE]
            ]
          )

          // the neighbour erased too: their rows join the erased ones of biz-1 without a collision
          assert.strictEqual(yield* receipts.redactPhone({ dealerGroupId: g }, [neighbour]), 3)
          assert.deepStrictEqual(
            (yield* receipts.list(a)).map((r) => [r.messageId, r.phone, r.status]),
            before.a.map((r) => [r.messageId, ERASED_PHONE, r.status])
          )
          // nothing left to erase; none asked
          assert.strictEqual(yield* receipts.redactPhone(a, [p.phone, national, neighbour]), 0)
          assert.strictEqual(yield* receipts.redactPhone({ dealerGroupId: g }, []), 0)
          // a live number is still written once
          const again = submission(a, "aliyun", "biz-1", p.phone, "m-9", START + 9)
          yield* receipts.submitted(again)
          yield* receipts.submitted({ ...again, messageId: "ignored" })
          yield* receipts.record(receiptOf(again, "delivered"))
          yield* receipts.record(receiptOf(again, "delivered", "again"))
          assert.deepStrictEqual(
            plain(yield* receipts.lookup("aliyun", "biz-1", p.phone)),
            plain(Option.some(again))
          )
          assert.deepStrictEqual(
            plain(yield* receipts.list(a, "m-9")),
            plain([receiptOf(again, "delivered")])
          )
        })
    )

    it.effect(
      "after an erasure no text or JSON column of any table holds the person's phone, name, note or VIN",
      () =>
        Effect.gen(function* () {
          const cards = yield* CardStore
          const referrals = yield* ReferralStore
          const outbox = yield* Outbox
          const reports = yield* ReportSource
          const audit = yield* AuditLog
          const receipts = yield* DeliveryReceipts
          const consents = yield* ConsentStore
          const sql = yield* SqlClient.SqlClient
          const g = freshGroup()
          const a = tenantIn(g)
          const p: Person = {
            phone: "+8613812345678" as PhoneNumber,
            name: "陈大文",
            note: "陈大文说周六带太太来店试驾，想要白色",
            vin: withCheckDigit("LSVAU2187N2999999")
          }
          const needles = [p.phone, p.phone.slice(3), p.name, p.note, p.vin]
          const scan = Effect.gen(function* () {
            const columns = yield* sql<{
              readonly table_name: string
              readonly column_name: string
            }>`SELECT table_name, column_name FROM information_schema.columns
              WHERE table_schema = current_schema()
                AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
              ORDER BY table_name, column_name`
            const hits: Array<string> = []
            for (const c of columns) {
              for (const needle of needles) {
                const rows = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n
                  FROM ${sql(c.table_name)} WHERE strpos(${sql(c.column_name)}::text, ${needle}) > 0`
                if ((rows[0]?.n ?? 0) > 0) hits.push(`${c.table_name}.${c.column_name} ∋ ${needle}`)
              }
            }
            return { columns: columns.length, hits }
          })

          // the person's card, referral, messages and visit
          const appends = cardAppends(a, "card-1", commands(a, "card-1", p))
          for (const x of appends) yield* cards.append(x)
          const referral = referralAppends(a, "ref-1", [
            [registered(a, "ref-1", p)],
            [{ _tag: "ReferralRejected", on: day(1), reasons: [], checks: [], note: p.note }]
          ])
          for (const x of referral) yield* referrals.append(x)
          yield* outbox.enqueue([message(a, "m-1", p, START), message(a, "m-2", p, START + 1)])
          yield* outbox.markSent(a, "m-2")
          const visit: ShowroomVisit = {
            tenant: a,
            visitId: "v-1",
            at: START,
            on: day(0),
            kind: "walkIn",
            ordinal: "first",
            consultant: wang,
            phone: p.phone,
            cardId: "card-1" as CardId
          }
          yield* reports.recordVisits([visit])
          // the SMS a provider accepted for the person, and its receipts: one in the national form
          const sms = submission(a, "aliyun", "biz-scan", p.phone, "m-1", START)
          yield* receipts.submitted(sms)
          yield* receipts.record(receiptOf(sms, "failed", `${p.phone} 停机 (${p.name})`))
          yield* receipts.record({
            ...receiptOf(sms, "delivered", `delivered to ${p.phone.slice(3)}`),
            phone: p.phone.slice(3)
          })
          // the person's consent records (care granted at the form, withdrawn by phone; marketing on
          // every channel) and a neighbour's
          const neighbour = person(9).phone
          const consent = (
            id: string,
            phone: PhoneNumber,
            purpose: ConsentEntry["purpose"],
            channel: string,
            status: ConsentEntry["status"],
            at: number
          ): ConsentEntry => ({
            id,
            dealerGroupId: g,
            phone,
            purpose,
            channel,
            status,
            at,
            evidence: { capturedBy: wang, formId: `F-${id}` }
          })
          const theirs = [
            consent("k-1", p.phone, "careContact", "sms", "granted", START),
            consent("k-2", p.phone, "careContact", "sms", "withdrawn", START + 3 * DAY),
            consent("k-3", p.phone, "marketing", "*", "granted", START + DAY)
          ]
          const neighbours = [consent("k-4", neighbour, "careContact", "sms", "granted", START)]
          yield* consents.record([...theirs, ...neighbours])
          assert.deepStrictEqual(
            (yield* consents.ofPerson(g, p.phone)).map((e) => e.id),
            ["k-1", "k-3", "k-2"]
          )
          const before = yield* scan
          assert.isAbove(before.columns, 20)
          for (const where of [
            "jipan_cards.phone",
            "jipan_cards.state",
            "jipan_card_events.event",
            "jipan_report_events.report",
            "jipan_card_facts.facts",
            "jipan_card_facts.phone",
            "jipan_referrals.referee_phone",
            "jipan_referrals.state",
            "jipan_referral_events.event",
            "jipan_report_referrals.report",
            "jipan_outbox.payload",
            "jipan_outbox.subjects",
            "jipan_showroom_visits.visit",
            "jipan_provider_submissions.phone",
            "jipan_delivery_receipts.phone",
            "jipan_delivery_receipts.description",
            "jipan_consents.phone"
          ])
            assert.isTrue(
              before.hits.some((h) => h.startsWith(`${where} `)),
              `the person is in ${where} before the erasure`
            )

          // a redaction in a transaction that fails changes nothing
          const tx = yield* StoreTransaction
          const aborted = yield* Effect.exit(
            tx.withTransaction(
              Effect.gen(function* () {
                assert.strictEqual(yield* consents.redact(g, p.phone), 3)
                return yield* Effect.fail("abort")
              })
            )
          )
          assert.isTrue(Exit.isFailure(aborted))
          assert.deepStrictEqual(
            plain(yield* consents.ofPerson(g, p.phone)),
            plain([theirs[0], theirs[2], theirs[1]])
          )

          // the erasure's writes, in one transaction as the core makes them
          const history = appends.flatMap((x) => x.events)
          yield* tx.withTransaction(
            Effect.gen(function* () {
              yield* cards.rewrite(cardRewrite(a, "card-1", history))
              yield* referrals.rewrite(
                referralRewrite(
                  a,
                  "ref-1",
                  referral.flatMap((x) => x.events)
                )
              )
              yield* outbox.redact(a, ["m-1", "m-2"])
              const { phone: _, ...erased } = visit
              yield* reports.recordVisits([erased])
              assert.strictEqual(yield* receipts.redactPhone(a, [p.phone, p.phone.slice(3)]), 3)
              assert.strictEqual(yield* consents.redact(g, p.phone), 3)
              yield* audit.record([
                {
                  id: "erase-1",
                  dealerGroupId: g,
                  storeId: a.storeId,
                  at: START + 30 * DAY,
                  viewer: { role: "admin" },
                  action: "erase",
                  output: "api",
                  subject: "person",
                  reason: "PIPL art. 47 request"
                }
              ])
            })
          )
          const after = yield* scan
          assert.deepStrictEqual(after.hits, [])
          // and every statistic is kept
          assert.strictEqual((yield* reports.eventsOn(a, range)).length, history.length)
          assert.strictEqual((yield* reports.referralsOn(a, range)).length, 1)
          assert.strictEqual((yield* reports.visitsOn(a, range)).length, 1)
          assert.strictEqual((yield* outbox.list(a)).length, 2)
          assert.deepStrictEqual(
            (yield* receipts.list(a)).map((r) => [r.messageId, r.phone, r.status, r.code, r.description]),
            [
              ["m-1", ERASED_PHONE, "failed", "MOBILE_NOT_ON_SERVICE", undefined],
              ["m-1", ERASED_PHONE, "delivered", "DELIVERED", undefined]
            ]
          )
          assert.isTrue(Option.isNone(yield* receipts.lookup("aliyun", "biz-scan", p.phone)))
          // the consent records keep their purposes, statuses, times and evidence, not the phone;
          // the neighbour's are as they were
          assert.deepStrictEqual(yield* consents.ofPerson(g, p.phone), [])
          assert.strictEqual(yield* consents.redact(g, p.phone), 0)
          assert.deepStrictEqual(plain(yield* consents.ofPerson(g, neighbour)), plain(neighbours))
          const kept = yield* sql<{
            readonly id: string
            readonly phone: string
            readonly purpose: string
            readonly status: string
            readonly at: number
            readonly evidence: unknown
          }>`SELECT id, phone, purpose, status, at, evidence FROM jipan_consents
            WHERE dealer_group_id = ${g} ORDER BY id`
          assert.deepStrictEqual(
            kept.map((r) => [r.id, r.phone, r.purpose, r.status, Number(r.at), plain(r.evidence)]),
            [...theirs, ...neighbours].map((e) => [
              e.id,
              e.phone === neighbour ? neighbour : ERASED_PHONE,
              e.purpose,
              e.status,
              e.at,
              plain(e.evidence)
            ])
          )
        })
    )
  }
)
