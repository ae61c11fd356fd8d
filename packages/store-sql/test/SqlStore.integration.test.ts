// The SQL store's look-ups on a real database (PGlite over the wire protocol, or the PostgreSQL at
// JIPAN_TEST_POSTGRES_URL): CardStore.withPhone and findOpenByPhone across a dealer group,
// ReferralStore.find (each filter, keyset pages across stores, tenant scoping), the new card
// events through the report rows and the bulk import, and StoreTransaction.lock. Every answer is
// checked against the in-memory store given the same writes.
import { assert, layer } from "@effect/vitest"
import {
  type CardAppend,
  type CardCommand,
  type CardId,
  type CardState,
  CardStore,
  type ConsultantId,
  type CustomerId,
  calendarDateOf,
  cardReportRowsOf,
  careContactsOf,
  type DayRange,
  decideCard,
  defaultPolicy,
  foldCard,
  foldReferral,
  initialCardState,
  makeMemory,
  type PhoneNumber,
  type Policy,
  type ReferralAppend,
  type ReferralEvent,
  type ReferralId,
  type ReferralQuery,
  type ReferralRegistration,
  type ReferralState,
  ReferralStore,
  ReportSource,
  reportEventsOf,
  type StoreId,
  StoreTransaction,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Context, Deferred, Effect, Fiber, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import { BulkImport, BulkLoader, Migrations, SqlStore } from "../src/index.js"
import { DAY, freshGroup, plain, START, tenantIn } from "./Fixtures.js"
import * as TestDatabase from "./TestDatabase.js"

const Store = Layer.provideMerge(SqlStore.layer, Migrations.layer).pipe(
  Layer.provideMerge(BulkLoader.layerInsert),
  Layer.provideMerge(TestDatabase.layer)
)

const phone = (n: number) => `+86138${String(n).padStart(8, "0")}` as PhoneNumber
const wang = "c-wang" as ConsultantId
const li = "c-li" as ConsultantId

/** The appends a card's commands make, decided in order under `policy` (a refusal throws). */
const cardAppends = (
  tenant: Tenant,
  id: string,
  commands: ReadonlyArray<CardCommand>,
  policy: Policy = defaultPolicy
): ReadonlyArray<CardAppend> => {
  const cardId = id as CardId
  let before: CardState = initialCardState
  return commands.map((command) => {
    const decided = decideCard(command, before, policy)
    if (Result.isFailure(decided)) throw new Error(`fixture refused: ${decided.failure.message}`)
    const state = foldCard(decided.success, before)
    const append: CardAppend = {
      tenant,
      cardId,
      expectedVersion: before.version,
      events: decided.success,
      state,
      care: careContactsOf(state, policy, calendarDateOf(command.at, policy.timeZone)),
      report: cardReportRowsOf(tenant, cardId, before, decided.success, state)
    }
    before = state
    return append
  })
}

const open = (
  tenant: Tenant,
  cardId: string,
  p: PhoneNumber,
  owner: ConsultantId,
  day: number
): CardCommand => ({
  _tag: "OpenCard",
  cardId: cardId as CardId,
  storeId: tenant.storeId,
  customerId: `cust-${cardId}` as CustomerId,
  phone: p,
  owner,
  source: "walkIn",
  intent: "direct",
  evidence: {},
  existingOpenCardId: undefined,
  by: { id: owner, role: "consultant" },
  at: START + day * DAY
})

const deliver = (owner: ConsultantId, day: number, sale?: "fleet"): ReadonlyArray<CardCommand> => {
  const by = { id: owner, role: "consultant" as const }
  const at = START + day * DAY
  return [
    { _tag: "PlaceOrder", orderId: `SO-${day}`, model: "GL8", by, at },
    {
      _tag: "Deliver",
      vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
      deliveredOn: calendarDateOf(at + DAY),
      ...(sale === undefined ? {} : { sale: { kind: "fleet", units: 3, fleetCustomer: "华东物流" } }),
      by,
      at: at + DAY
    }
  ]
}

const markInvalid = (owner: ConsultantId, day: number): CardCommand => ({
  _tag: "MarkInvalid",
  reasonId: "noIntent",
  by: { id: owner, role: "consultant" },
  at: START + day * DAY
})

/** The same writes on the SQL store and on a fresh memory store, to compare their answers. */
const twin = Effect.gen(function* () {
  const memory = makeMemory()
  const sql = {
    cards: yield* CardStore,
    referrals: yield* ReferralStore,
    reports: yield* ReportSource
  }
  const mem = {
    cards: Context.get(memory, CardStore),
    referrals: Context.get(memory, ReferralStore),
    reports: Context.get(memory, ReportSource)
  }
  return {
    sql,
    mem,
    card: (appends: ReadonlyArray<CardAppend>) =>
      Effect.forEach(appends, (a) => Effect.andThen(sql.cards.append(a), mem.cards.append(a)), {
        discard: true
      }),
    referral: (appends: ReadonlyArray<ReferralAppend>) =>
      Effect.forEach(appends, (a) => Effect.andThen(sql.referrals.append(a), mem.referrals.append(a)), {
        discard: true
      })
  }
})

/** A referral's appends: registered on `day`, then each step's events, one append a step. */
const referralAppends = (
  tenant: Tenant,
  referralId: string,
  r: {
    readonly consultantId: ConsultantId
    readonly referrerId: string
    readonly refereePhone: PhoneNumber
    readonly day?: number
  },
  steps: ReadonlyArray<ReadonlyArray<ReferralEvent>> = []
): ReadonlyArray<ReferralAppend> => {
  const on = calendarDateOf(START + (r.day ?? 0) * DAY)
  const registration = {
    referralId,
    storeId: tenant.storeId,
    consultantId: r.consultantId,
    registeredOn: on,
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: r.referrerId, phone: phone(9000) },
    referee: { name: "李四", phone: r.refereePhone }
  } as ReferralRegistration
  let before: ReferralState = foldReferral([])
  return [[{ _tag: "ReferralRegistered", on, registration } as ReferralEvent], ...steps].map((events) => {
    const state = foldReferral(events, before)
    const append: ReferralAppend = {
      tenant,
      referralId: referralId as ReferralId,
      expectedVersion: before.version,
      events,
      state,
      ledger: [],
      report: undefined
    }
    before = state
    return append
  })
}

const audited = (day: number): ReferralEvent => ({
  _tag: "ReferralAudited",
  on: calendarDateOf(START + day * DAY),
  checks: []
})
const linked = (day: number, storeId: string, cardId: string): ReferralEvent => ({
  _tag: "RefereeCardLinked",
  on: calendarDateOf(START + day * DAY),
  storeId: storeId as StoreId,
  cardId: cardId as CardId
})
const voided = (day: number): ReferralEvent => ({
  _tag: "ReferralVoided",
  on: calendarDateOf(START + day * DAY),
  reason: "duplicate"
})

layer(Store, { excludeTestServices: true, timeout: "120 seconds" })(
  `SqlStore look-ups (${TestDatabase.backend})`,
  (it) => {
    it.effect(
      "withPhone: every card of the scope with the phone, any status, in (store, card) code-point order",
      () =>
        Effect.gen(function* () {
          const t = yield* twin
          const g = freshGroup()
          const [a, b] = [tenantIn(g, "store-a"), tenantIn(g, "store-b")]
          const p = phone(1)
          yield* t.card(cardAppends(b, "card-2", [open(b, "card-2", p, li, 0)]))
          yield* t.card(cardAppends(a, "card-9", [open(a, "card-9", p, wang, 0), ...deliver(wang, 1)]))
          yield* t.card(cardAppends(a, "card-10", [open(a, "card-10", p, wang, 0), markInvalid(wang, 2)]))
          yield* t.card(cardAppends(a, "Card-1", [open(a, "Card-1", p, wang, 3)]))
          // another phone, and the same phone in another group: never found
          yield* t.card(cardAppends(a, "card-3", [open(a, "card-3", phone(2), wang, 0)]))
          const other = tenantIn(freshGroup(), "store-a")
          yield* t.card(cardAppends(other, "card-1", [open(other, "card-1", p, wang, 0)]))

          const group: TenantScope = { dealerGroupId: g }
          const found = yield* t.sql.cards.withPhone(group, p)
          assert.deepStrictEqual(
            plain(
              found.map((c) => [c.tenant.storeId, c.cardId, c.status, c.owner, c.openedOn, c.statusSince])
            ),
            [
              ["store-a", "Card-1", "prospect", wang, "2026-03-05", "2026-03-05"],
              ["store-a", "card-10", "invalid", wang, "2026-03-02", "2026-03-04"],
              ["store-a", "card-9", "owned", wang, "2026-03-02", "2026-03-04"],
              ["store-b", "card-2", "prospect", li, "2026-03-02", "2026-03-02"]
            ]
          )
          assert.deepStrictEqual(plain(found), plain(yield* t.mem.cards.withPhone(group, p)))
          const store = yield* t.sql.cards.withPhone({ dealerGroupId: g, storeId: b.storeId }, p)
          assert.deepStrictEqual(
            store.map((c) => c.cardId),
            ["card-2"]
          )
          assert.deepStrictEqual(yield* t.sql.cards.withPhone(group, phone(3)), [])

          // the open ones, across the group (the core's default) or in a store
          const openInGroup = yield* t.sql.cards.findOpenByPhone(group, p)
          assert.deepStrictEqual(
            openInGroup.map((c) => [c.tenant.storeId, c.cardId]),
            [
              ["store-a", "Card-1"],
              ["store-b", "card-2"]
            ]
          )
          assert.deepStrictEqual(plain(openInGroup), plain(yield* t.mem.cards.findOpenByPhone(group, p)))
          assert.deepStrictEqual(
            (yield* t.sql.cards.findOpenByPhone({ dealerGroupId: g, storeId: b.storeId }, p)).map(
              (c) => c.cardId
            ),
            ["card-2"]
          )
        })
    )

    it.effect("an index serves (dealer_group_id, phone) look-ups, a whole group's included", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const defs = yield* sql<{ readonly indexdef: string }>`SELECT indexdef FROM pg_indexes
          WHERE tablename = 'jipan_cards' AND indexname = 'jipan_cards_phone' AND schemaname = current_schema()`
        assert.match(defs[0]?.indexdef ?? "", /\(dealer_group_id, phone\)$/)
      })
    )

    it.effect("find: each filter, any of the statuses, the linked card, the tenant's rows only", () =>
      Effect.gen(function* () {
        const t = yield* twin
        const g = freshGroup()
        const [a, b] = [tenantIn(g, "store-a"), tenantIn(g, "store-b")]
        const [p1, p2] = [phone(11), phone(12)]
        const referrer = { consultantId: wang, referrerId: "cust-1", refereePhone: p1 }
        yield* t.referral(referralAppends(a, "ref-1", referrer))
        yield* t.referral(referralAppends(a, "ref-2", { ...referrer, refereePhone: p2 }, [[audited(1)]]))
        yield* t.referral(
          referralAppends(b, "ref-1", { ...referrer, consultantId: li }, [
            [audited(1)],
            [linked(2, "store-b", "card-7")]
          ])
        )
        yield* t.referral(referralAppends(b, "ref-3", { ...referrer, referrerId: "cust-2" }, [[voided(1)]]))
        // the same people in another group: never found from this one
        const other = tenantIn(freshGroup(), "store-a")
        yield* t.referral(referralAppends(other, "ref-1", referrer, [[linked(1, "store-a", "card-7")]]))

        const group: TenantScope = { dealerGroupId: g }
        const ids = (items: ReadonlyArray<{ readonly tenant: Tenant; readonly referralId: string }>) =>
          items.map((r) => `${r.tenant.storeId}/${r.referralId}`)
        const queries: ReadonlyArray<readonly [ReferralQuery, ReadonlyArray<string>]> = [
          [{}, ["store-a/ref-1", "store-a/ref-2", "store-b/ref-1", "store-b/ref-3"]],
          [{ refereePhone: p1 }, ["store-a/ref-1", "store-b/ref-1", "store-b/ref-3"]],
          [{ refereePhone: p2 }, ["store-a/ref-2"]],
          [{ refereePhone: phone(13) }, []],
          [{ referrerId: "cust-2" }, ["store-b/ref-3"]],
          [{ consultantId: li }, ["store-b/ref-1"]],
          [{ status: ["audited"] }, ["store-a/ref-2", "store-b/ref-1"]],
          [{ status: ["registered", "voided"] }, ["store-a/ref-1", "store-b/ref-3"]],
          [{ status: [] }, []],
          [{ refereeCardId: "card-7" as CardId }, ["store-b/ref-1"]],
          [{ refereePhone: p1, status: ["audited", "registered"], consultantId: wang }, ["store-a/ref-1"]]
        ]
        for (const [query, expected] of queries) {
          const page = yield* t.sql.referrals.find(group, query)
          assert.deepStrictEqual(ids(page.items), expected, JSON.stringify(query))
          assert.strictEqual(page.next, undefined)
          // the same answer as the memory store, states and versions included
          assert.deepStrictEqual(plain(page), plain(yield* t.mem.referrals.find(group, query)))
        }
        const inB = yield* t.sql.referrals.find(
          { dealerGroupId: g, storeId: b.storeId },
          { refereePhone: p1 }
        )
        assert.deepStrictEqual(ids(inB.items), ["store-b/ref-1", "store-b/ref-3"])
        const one = inB.items[0]
        assert.strictEqual(one?.version, 3)
        assert.deepStrictEqual(one?.state.refereeCard, { storeId: "store-b", cardId: "card-7" })
        // the link event reads back through load too (the event row check takes it)
        const loaded = yield* t.sql.referrals.load(b, "ref-1" as ReferralId)
        assert.deepStrictEqual(
          loaded.pipe((o) => (o._tag === "Some" ? o.value.history.map((e) => e._tag) : [])),
          ["ReferralRegistered", "ReferralAudited", "RefereeCardLinked"]
        )
      })
    )

    it.effect(
      "find: keyset pages across the stores of a group, in code-point order, as the memory store",
      () =>
        Effect.gen(function* () {
          const t = yield* twin
          const g = freshGroup()
          const referrer = { consultantId: wang, referrerId: "cust-1", refereePhone: phone(21) }
          // ids and stores whose code-point order differs from a natural-language collation's
          const keys = [
            ["store-b", "ref-10"],
            ["store-b", "ref-9"],
            ["Store-c", "ref-1"],
            ["store-a", "Ref-2"],
            ["store-a", "ref-1"],
            ["store-a", "ref-_"],
            ["store-b", "ref-1"]
          ] as const
          for (const [storeId, referralId] of keys)
            yield* t.referral(referralAppends(tenantIn(g, storeId), referralId, referrer))
          const group: TenantScope = { dealerGroupId: g }
          const expected = keys
            .map(([s, r]) => `${s}/${r}`)
            .sort((x, y) => {
              const [xs = "", xr = ""] = x.split("/")
              const [ys = "", yr = ""] = y.split("/")
              return xs !== ys ? (xs < ys ? -1 : 1) : xr < yr ? -1 : xr > yr ? 1 : 0
            })
          for (const limit of [1, 2, 3, 7, 8]) {
            const seen: Array<string> = []
            let after: ReferralQuery["after"]
            for (let pages = 0; pages < 10; pages++) {
              const query: ReferralQuery = { limit, ...(after === undefined ? {} : { after }) }
              const page = yield* t.sql.referrals.find(group, query)
              assert.deepStrictEqual(plain(page), plain(yield* t.mem.referrals.find(group, query)))
              seen.push(...page.items.map((r) => `${r.tenant.storeId}/${r.referralId}`))
              assert.isAtMost(page.items.length, limit)
              if (page.next === undefined) break
              const last = page.items[page.items.length - 1]
              assert.deepStrictEqual(page.next, {
                storeId: last?.tenant.storeId,
                referralId: last?.referralId
              })
              after = page.next
            }
            assert.deepStrictEqual(seen, expected, `limit ${limit}`)
          }
          // a page after a key that is not stored starts at the next one
          const from = yield* t.sql.referrals.find(group, {
            after: { storeId: "store-a" as StoreId, referralId: "ref-0" as ReferralId }
          })
          assert.deepStrictEqual(
            from.items.map((r) => `${r.tenant.storeId}/${r.referralId}`),
            expected.slice(expected.indexOf("store-a/ref-1"))
          )
        })
    )

    it.effect("a survey and a fleet delivery go through the report rows and come back whole", () =>
      Effect.gen(function* () {
        const t = yield* twin
        const g = freshGroup()
        const a = tenantIn(g, "store-a")
        const at = START + 5 * DAY
        const survey: CardCommand = {
          _tag: "RecordSurvey",
          surveyId: "cvp-1",
          answers: { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "likely" },
          by: { id: "dcrc-1" as ConsultantId, role: "dcrc" },
          at
        }
        yield* t.card(
          cardAppends(a, "card-1", [
            open(a, "card-1", phone(31), wang, 0),
            ...deliver(wang, 1, "fleet"),
            survey
          ])
        )
        const range = { from: "2026-03-01", to: "2026-03-31" } as DayRange
        for (const scope of [{ dealerGroupId: g }, a] as ReadonlyArray<TenantScope>) {
          const events = yield* t.sql.reports.eventsOn(scope, range)
          assert.deepStrictEqual(plain(events), plain(yield* t.mem.reports.eventsOn(scope, range)))
          const delivered = events.find((e) => e.event._tag === "Delivered")?.event
          assert.deepStrictEqual(delivered?._tag === "Delivered" ? delivered.sale : undefined, {
            kind: "fleet",
            units: 3,
            fleetCustomer: "华东物流"
          })
          const surveyed = events.find((e) => e.event._tag === "SurveyRecorded")?.event
          assert.deepStrictEqual(plain(surveyed), {
            _tag: "SurveyRecorded",
            at,
            on: "2026-03-07",
            surveyId: "cvp-1",
            answers: { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "likely" }
          })
          const kinds = yield* t.sql.reports.eventsOn(scope, range, { kinds: ["SurveyRecorded"] })
          assert.deepStrictEqual(
            kinds.map((e) => e.event._tag),
            ["SurveyRecorded"]
          )
        }
        const loaded = yield* t.sql.cards.load(a, "card-1" as CardId)
        const mem = yield* t.mem.cards.load(a, "card-1" as CardId)
        assert.deepStrictEqual(plain(loaded), plain(mem))
      })
    )

    it.effect("the bulk import writes and reads back surveys and fleet deliveries", () =>
      Effect.gen(function* () {
        const g = freshGroup()
        const a = tenantIn(g, "store-a")
        const survey: CardCommand = {
          _tag: "RecordSurvey",
          surveyId: "cvp-2",
          answers: { satisfaction: "neutral", buyAgain: "under30", recommend: "unlikely" },
          by: { id: "dcrc-1" as ConsultantId, role: "dcrc" },
          at: START + 6 * DAY
        }
        const appends = cardAppends(a, "card-1", [
          open(a, "card-1", phone(41), wang, 0),
          ...deliver(wang, 1, "fleet"),
          survey
        ])
        const history = appends.flatMap((x) => x.events)
        const report = yield* BulkImport.importCards({ dealerGroupId: g }, [
          { storeId: "store-a", cardId: "card-1", history: plain(history) }
        ])
        assert.deepStrictEqual([report.imported, report.rejected], [1, 0])
        const reports = yield* ReportSource
        const events = yield* reports.eventsOn(a, { from: "2026-03-01", to: "2026-03-31" } as DayRange, {
          kinds: ["Delivered", "SurveyRecorded"]
        })
        // the report rows of the history (the events as ReportedEvent picks them), as an append writes them
        assert.deepStrictEqual(
          plain(events),
          plain(
            reportEventsOf(a, "card-1" as CardId, initialCardState, history).filter(
              (e) => e.event._tag === "Delivered" || e.event._tag === "SurveyRecorded"
            )
          )
        )
        const delivered = events[0]?.event
        assert.deepStrictEqual(delivered?._tag === "Delivered" ? delivered.sale : undefined, {
          kind: "fleet",
          units: 3,
          fleetCustomer: "华东物流"
        })
        const cards = yield* CardStore
        const loaded = yield* cards.load(a, "card-1" as CardId)
        assert.deepStrictEqual(
          plain(loaded.pipe((o) => (o._tag === "Some" ? o.value.history : []))),
          plain(history)
        )
      })
    )

    it.effect(
      "the bulk import keeps one open card per phone in the group, or per store when the policy says",
      () =>
        Effect.gen(function* () {
          const row = (storeId: string, cardId: string, p: string) => ({
            storeId,
            cardId,
            customerId: `cust-${cardId}`,
            phone: p,
            owner: "c-wang",
            source: "walkIn",
            intent: "direct",
            openedAt: "2026-03-02T09:00:00+08:00"
          })
          const g = freshGroup()
          // a card already in the database in store-a, so the import checks against the table too
          const a = tenantIn(g, "store-a")
          const cards = yield* CardStore
          for (const x of cardAppends(a, "card-0", [open(a, "card-0", phone(51), wang, 0)]))
            yield* cards.append(x)
          const byGroup = yield* BulkImport.importCards({ dealerGroupId: g }, [
            row("store-b", "card-1", "138 0000 0051"),
            row("store-b", "card-2", "138 0000 0052"),
            row("store-c", "card-2", "138 0000 0052")
          ])
          assert.deepStrictEqual(
            byGroup.rejectedRows.map((r) => [r.line, r.reasons.join()]),
            [
              [
                1,
                "+8613800000051 already has a card (已有客户卡) in store store-a: card-0 (in the database)"
              ],
              [3, "+8613800000052 already has a card (已有客户卡) in store store-b: card-2 (line 2)"]
            ]
          )
          const perStore: Policy = {
            ...defaultPolicy,
            lifecycle: { ...defaultPolicy.lifecycle, phoneUniqueness: "store" }
          }
          const g2 = freshGroup()
          const a2 = tenantIn(g2, "store-a")
          for (const x of cardAppends(a2, "card-0", [open(a2, "card-0", phone(51), wang, 0)]))
            yield* cards.append(x)
          const byStore = yield* BulkImport.importCards(
            { dealerGroupId: g2 },
            [
              row("store-b", "card-1", "138 0000 0051"),
              row("store-b", "card-2", "138 0000 0052"),
              row("store-c", "card-2", "138 0000 0052"),
              row("store-a", "card-3", "138 0000 0051")
            ],
            { policy: perStore }
          )
          assert.deepStrictEqual(
            byStore.rejectedRows.map((r) => [r.line, r.reasons.join()]),
            [[4, "+8613800000051 already has a card (已有客户卡) in store store-a: card-0 (in the database)"]]
          )
          assert.strictEqual(byStore.imported, 3)
        })
    )

    const advisoryLocks = Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const rows = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted`
      return rows[0]?.n ?? -1
    })

    it.effect("lock: inside a transaction each key is held until it ends; outside, a no-op", () =>
      Effect.gen(function* () {
        const tx = yield* StoreTransaction
        const g = freshGroup()
        // outside a transaction: returns at once and holds nothing
        yield* tx.lock([`${g}/phone/+8613800000001`])
        assert.strictEqual(yield* advisoryLocks, 0)
        // inside: one lock per distinct key, until commit
        const held = yield* tx.withTransaction(
          Effect.andThen(tx.lock([`${g}/phone/b`, `${g}/phone/a`, `${g}/phone/b`]), advisoryLocks)
        )
        assert.strictEqual(held, 2)
        assert.strictEqual(yield* advisoryLocks, 0)
        // and until rollback
        const failed = yield* Effect.exit(
          tx.withTransaction(Effect.andThen(tx.lock([`${g}/phone/c`]), Effect.fail("rolled back" as const)))
        )
        assert.isTrue(failed._tag === "Failure")
        assert.strictEqual(yield* advisoryLocks, 0)
        // nested: the savepoint's lock is the outer transaction's
        const nested = yield* tx.withTransaction(
          Effect.andThen(tx.withTransaction(tx.lock([`${g}/phone/d`])), advisoryLocks)
        )
        assert.strictEqual(nested, 1)
        yield* tx.lock([])
      })
    )

    it.effect.runIf(TestDatabase.backend === "server")(
      "lock: a second transaction naming a held key waits for the first to end; other keys do not",
      () =>
        Effect.gen(function* () {
          const tx = yield* StoreTransaction
          const sql = yield* SqlClient.SqlClient
          const key = `${freshGroup()}/phone/+8613800000001`
          const order: Array<string> = []
          const holding = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const first = yield* Effect.forkChild(
            tx.withTransaction(
              Effect.gen(function* () {
                yield* tx.lock([key])
                yield* Deferred.succeed(holding, undefined)
                yield* Deferred.await(release)
                order.push("first ends")
              })
            )
          )
          yield* Deferred.await(holding)
          // another key is free
          yield* tx.withTransaction(tx.lock([`${key}-other`]))
          const second = yield* Effect.forkChild(
            tx.withTransaction(
              Effect.sync(() => order.push("second locks")).pipe(
                Effect.andThen(tx.lock([key])),
                Effect.andThen(Effect.sync(() => order.push("second holds")))
              )
            )
          )
          // wait until the second transaction is seen waiting for the advisory lock
          for (let i = 0; i < 200; i++) {
            const waiting = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND NOT granted
                AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(${key}, 0)`
            if ((waiting[0]?.n ?? 0) > 0) break
            yield* Effect.sleep("25 millis")
          }
          assert.deepStrictEqual(order, ["second locks"])
          // outside a transaction the held key does not block
          yield* tx.lock([key])
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(first)
          yield* Fiber.join(second)
          assert.deepStrictEqual(order, ["second locks", "first ends", "second holds"])
        })
    )
  }
)
