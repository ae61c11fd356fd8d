/**
 * The conformance suite every Jipan store passes — ours (memory, PGlite, PostgreSQL) and a DMS's
 * own adapter: `storeSuite(name, makeLayer, options)` on @effect/vitest. One store is built per
 * suite; every test works in fresh tenants, so no cleaning is needed between tests. Optional
 * backdoor readers check what really reached the database without trusting the adapter.
 *
 * @module
 */
import { assert, layer } from "@effect/vitest"
import {
  type CalendarDate,
  CardStore,
  type CardSummary,
  type ConsultantId,
  calendarDateOf,
  DeliveryReceipts,
  foldCard,
  type GradeId,
  handleCard,
  initialCardState,
  type JipanStore,
  Outbox,
  type OutboxMessage,
  type PolicyDocument,
  PolicyStore,
  ReferralStore,
  type StoredCard,
  StoreTransaction,
  type Tenant,
  type YearMonth
} from "@jipan/core"
import { Effect, Exit, type Layer, Option } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import {
  appendFor,
  cardIdOf,
  deliverySteps,
  freshTenant,
  openCommand,
  phoneOf,
  referralFixture,
  START
} from "./Fixtures.js"
import { type SettleTestName, settleTests } from "./OutboxSettleConformance.js"
import { type ReportTestName, reportTests } from "./ReportConformance.js"
import { failsWith, message, owner, writeCard } from "./SuiteSupport.js"

/**
 * Raw readers that bypass the adapter under test: what really reached the database.
 *
 * @example
 * ```ts
 * import { sqlBackdoor, type Backdoor } from "@jipan/testkit"
 * const backdoor: Backdoor<SqlClient.SqlClient> = sqlBackdoor
 * ```
 */
export interface Backdoor<R> {
  /** The card's stored version, or `undefined` when no row exists. */
  readonly cardVersion: (tenant: Tenant, cardId: string) => Effect.Effect<number | undefined, unknown, R>
  /** How many history events are stored for the card. */
  readonly eventCount: (tenant: Tenant, cardId: string) => Effect.Effect<number, unknown, R>
  /** How many outbox messages the tenant has. */
  readonly outboxCount: (tenant: Tenant) => Effect.Effect<number, unknown, R>
  /** How many ledger entries the tenant has. */
  readonly ledgerCount: (tenant: Tenant) => Effect.Effect<number, unknown, R>
  /** How many rows the report tables hold for the tenant (optional: stores with report tables). */
  readonly reportRows?:
    | ((tenant: Tenant) => Effect.Effect<
        {
          readonly events: number
          readonly spans: number
          readonly facts: number
          readonly visits: number
          readonly referrals: number
        },
        unknown,
        R
      >)
    | undefined
  /** Who holds the claim on an outbox message, `undefined` when nobody (optional). */
  readonly claimedBy?:
    | ((tenant: Tenant, id: string) => Effect.Effect<string | undefined, unknown, R>)
    | undefined
}

/**
 * Backdoor readers for stores on `@jipan/store-sql`'s tables.
 *
 * @example
 * ```ts
 * import { sqlBackdoor, storeSuite } from "@jipan/testkit"
 * storeSuite("pglite", () => JipanPglite.layer(), { backdoor: sqlBackdoor })
 * ```
 */
export const sqlBackdoor: Backdoor<SqlClient.SqlClient> = {
  cardVersion: (tenant, cardId) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{
          readonly version: number
        }>`SELECT version FROM jipan_cards WHERE dealer_group_id = ${tenant.dealerGroupId}
          AND store_id = ${tenant.storeId} AND card_id = ${cardId}`,
        (rows) => rows[0]?.version
      )
    ),
  eventCount: (tenant, cardId) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_card_events
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND card_id = ${cardId}`,
        (rows) => rows[0]?.n ?? 0
      )
    ),
  outboxCount: (tenant) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_outbox
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}`,
        (rows) => rows[0]?.n ?? 0
      )
    ),
  ledgerCount: (tenant) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_ledger
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}`,
        (rows) => rows[0]?.n ?? 0
      )
    ),
  reportRows: (tenant) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) => {
      const count = (table: string) =>
        sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM ${sql.literal(table)}
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId}`.pipe(
          Effect.map((rows) => rows[0]?.n ?? 0)
        )
      return Effect.all({
        events: count("jipan_report_events"),
        spans: count("jipan_due_spans"),
        facts: count("jipan_card_facts"),
        visits: count("jipan_showroom_visits"),
        referrals: count("jipan_report_referrals")
      })
    }),
  claimedBy: (tenant, id) =>
    Effect.flatMap(Effect.service(SqlClient.SqlClient), (sql) =>
      Effect.map(
        sql<{ readonly claimed_by: string | null }>`SELECT claimed_by FROM jipan_outbox
          WHERE dealer_group_id = ${tenant.dealerGroupId} AND store_id = ${tenant.storeId} AND id = ${id}`,
        (rows) => rows[0]?.claimed_by ?? undefined
      )
    )
}

/**
 * The names of the suite's tests, for typed skips.
 *
 * @example
 * ```ts
 * import type { StoreTestName } from "@jipan/testkit"
 * const skip: Partial<Record<StoreTestName, true>> = { "outbox: pending, sent and failed messages": true }
 * ```
 */
export type StoreTestName =
  | "card: append then load returns state, version and history"
  | "card: an unknown card loads as none"
  | "card: a stale expected version fails with VersionConflict and writes nothing"
  | "card: concurrent appends at the same version: exactly one wins"
  | "card: open cards by phone, in a store and in the group"
  | "card: work list and overdue equal the in-memory reference"
  | "card: care contacts due equal the reference"
  | "card: lists by consultant, grade and status with stable keyset pages"
  | "tenant: nothing crosses tenants"
  | "transaction: a failure rolls every port's writes back"
  | "outbox: messages commit with the change, idempotency keys deduplicate"
  | "outbox: pending, sent and failed messages"
  | "outbox: concurrent claims take each due message once, leases expire, skipped is final"
  | "referral: versions, append-only ledger, reads by month, referrer and consultant"
  | "policy: documents stored per group, versions immutable"
  | "use case: handleCard writes events and messages, refuses a second open card"
  | "receipts: submissions found across tenants, receipts recorded once, read by message"
  | ReportTestName
  | SettleTestName

/**
 * Options of {@link storeSuite}: backdoor readers (optional), and tests to skip (typed: a
 * misspelt name does not compile).
 *
 * @example
 * ```ts
 * import type { StoreSuiteOptions } from "@jipan/testkit"
 * const options: StoreSuiteOptions<never> = { skip: { "outbox: pending, sent and failed messages": true } }
 * ```
 */
export interface StoreSuiteOptions<R> {
  readonly backdoor?: Backdoor<R> | undefined
  readonly skip?: Partial<Record<StoreTestName, true>> | undefined
  /** Per-test timeout in ms (default 60 000). */
  readonly timeout?: number | undefined
}

type Body<R> = (backdoor: Backdoor<R> | undefined) => Effect.Effect<void, unknown, JipanStore | R>

const ids = (cards: ReadonlyArray<CardSummary>) => cards.map((c) => c.cardId)

const tests = <R>(): Record<StoreTestName, Body<R>> => ({
  ...reportTests<R>(),
  ...settleTests<R>(),
  "card: append then load returns state, version and history": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const open = openCommand(tenant, 1)
      const contact = {
        _tag: "LogContact" as const,
        channel: "call" as const,
        outcome: "reached" as const,
        evidence: { testDriveDone: true, purchaseTimeframeDays: 10 },
        by: open.by,
        at: open.at + 3_600_000
      }
      const state = yield* writeCard(tenant, 1, [open, contact])
      const loaded = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      assert.strictEqual(loaded.version, 2)
      assert.deepStrictEqual(
        loaded.history.map((e) => e._tag),
        ["CardOpened", "ContactLogged"]
      )
      assert.deepStrictEqual(JSON.parse(JSON.stringify(loaded.state)), JSON.parse(JSON.stringify(state)))
      assert.deepStrictEqual(
        JSON.parse(JSON.stringify(foldCard(loaded.history))),
        JSON.parse(JSON.stringify(loaded.state))
      )
    }),

  "receipts: submissions found across tenants, receipts recorded once, read by message": () =>
    Effect.gen(function* () {
      const receipts = yield* DeliveryReceipts
      const a = freshTenant()
      const b = freshTenant()
      const providerId = `biz-${a.dealerGroupId}`
      const submission = (tenant: typeof a, phone: string, messageId: string) => ({
        provider: "aliyun",
        providerMessageId: providerId,
        phone,
        tenant,
        messageId,
        idempotencyKey: `${tenant.dealerGroupId}/${messageId}`,
        templateId: "SMS_1",
        at: Date.parse("2026-11-22T02:00:00Z")
      })
      // one provider id, two numbers (a batch send), in two tenants
      yield* receipts.submitted(submission(a, "+8613800000001", "m-1"))
      yield* receipts.submitted(submission(b, "+8613800000002", "m-1"))
      yield* receipts.submitted(submission(a, "+8613800000001", "m-other")) // ignored: same key
      const found = Option.getOrThrow(yield* receipts.lookup("aliyun", providerId, "+8613800000002"))
      assert.deepStrictEqual(found.tenant, b)
      assert.strictEqual(found.messageId, "m-1")
      assert.strictEqual(
        Option.getOrThrow(yield* receipts.lookup("aliyun", providerId, "+8613800000001")).messageId,
        "m-1"
      )
      assert.isTrue(Option.isNone(yield* receipts.lookup("tencent", providerId, "+8613800000001")))
      const receipt = {
        provider: "aliyun",
        providerMessageId: providerId,
        phone: "+8613800000001",
        tenant: a,
        messageId: "m-1",
        status: "delivered" as const,
        code: "DELIVERED",
        reportedAt: "2026-11-22 10:00:03"
      }
      yield* receipts.record(receipt)
      yield* receipts.record(receipt) // a repeated callback
      yield* receipts.record({
        ...receipt,
        phone: "+8613800000002",
        tenant: b,
        status: "failed",
        code: "MK:0001"
      })
      const ofA = yield* receipts.list({ dealerGroupId: a.dealerGroupId })
      assert.deepStrictEqual(
        ofA.map((r) => [r.messageId, r.status, r.code]),
        [["m-1", "delivered", "DELIVERED"]]
      )
      assert.deepStrictEqual(yield* receipts.list(a, "m-other"), [])
      assert.deepStrictEqual(
        (yield* receipts.list(b, "m-1")).map((r) => r.status),
        ["failed"]
      )
    }),

  "card: an unknown card loads as none": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      assert.isTrue(Option.isNone(yield* cards.load(freshTenant(), cardIdOf(404))))
    }),

  "card: a stale expected version fails with VersionConflict and writes nothing": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const open = openCommand(tenant, 1)
      yield* writeCard(tenant, 1, [open])
      // a second open of the same card from the initial state: stale (expected 0, actual 1)
      yield* failsWith(
        cards.append(appendFor(tenant, cardIdOf(1), initialCardState, open)),
        "VersionConflict"
      )
      const reassign = {
        _tag: "Reassign" as const,
        to: owner("c-li"),
        reason: "workload" as const,
        by: { id: "sup", role: "supervisor" as const },
        at: open.at + 1000
      }
      const stale = {
        ...appendFor(
          tenant,
          cardIdOf(1),
          Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1))).state,
          reassign
        ),
        expectedVersion: 5
      }
      yield* failsWith(cards.append(stale), "VersionConflict")
      const loaded = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      assert.strictEqual(loaded.version, 1)
      assert.strictEqual(loaded.state.owner, "c-wang")
      if (backdoor !== undefined) {
        assert.strictEqual(yield* backdoor.cardVersion(tenant, cardIdOf(1)), 1)
        assert.strictEqual(yield* backdoor.eventCount(tenant, cardIdOf(1)), 1)
      }
    }),

  "card: concurrent appends at the same version: exactly one wins": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const state = yield* writeCard(tenant, 1, [openCommand(tenant, 1)])
      const by = { id: "sup", role: "supervisor" as const }
      const a = appendFor(tenant, cardIdOf(1), state, {
        _tag: "Reassign",
        to: owner("c-li"),
        reason: "workload",
        by,
        at: START + 1000
      })
      const b = appendFor(tenant, cardIdOf(1), state, {
        _tag: "Reassign",
        to: owner("c-zhao"),
        reason: "workload",
        by,
        at: START + 1000
      })
      const results = yield* Effect.all([Effect.exit(cards.append(a)), Effect.exit(cards.append(b))], {
        concurrency: 2
      })
      assert.strictEqual(results.filter(Exit.isSuccess).length, 1)
      const loaded = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      assert.strictEqual(loaded.version, 2)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.eventCount(tenant, cardIdOf(1)), 2)
    }),

  "card: open cards by phone, in a store and in the group": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const s1 = freshTenant("s1")
      const s2 = { ...s1, storeId: "s2" } as Tenant
      const phone = phoneOf(77)
      yield* writeCard(s1, 1, [openCommand(s1, 1, { phone })])
      yield* writeCard(s2, 2, [openCommand(s2, 2, { phone })])
      yield* writeCard(s1, 3, [openCommand(s1, 3)])
      // an invalid card with the same phone is not open
      const open4 = openCommand(s1, 4, { phone })
      yield* writeCard(s1, 4, [
        open4,
        { _tag: "MarkInvalid", reasonId: "wrongNumber", by: open4.by, at: open4.at + 1 }
      ])
      assert.deepStrictEqual(ids(yield* cards.findOpenByPhone(s1, phone)), [cardIdOf(1)])
      assert.deepStrictEqual(ids(yield* cards.findOpenByPhone({ dealerGroupId: s1.dealerGroupId }, phone)), [
        cardIdOf(1),
        cardIdOf(2)
      ])
      assert.deepStrictEqual(ids(yield* cards.findOpenByPhone(s1, phoneOf(78))), [])
    }),

  "card: work list and overdue equal the in-memory reference": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const consultants = [owner("c-a"), owner("c-b")]
      const written: Array<{ readonly n: number; readonly state: Awaited<ReturnType<typeof foldCard>> }> = []
      for (let n = 1; n <= 24; n++) {
        const evidence =
          n % 3 === 0
            ? { purchaseTimeframeDays: 5, testDriveDone: true }
            : n % 3 === 1
              ? {}
              : { purchaseTimeframeDays: 40 }
        const state = yield* writeCard(tenant, n, [
          openCommand(tenant, n, { owner: consultants[n % 2] as ConsultantId, day: n % 7, evidence })
        ])
        written.push({ n, state })
      }
      for (const consultant of consultants) {
        for (let d = 0; d < 12; d++) {
          const date = calendarDateOf(START + d * 86_400_000)
          const mine = written.filter(
            (w) => w.state.owner === consultant && w.state.nextContactDue !== undefined
          )
          const order = (x: typeof mine) =>
            [...x]
              .sort((p, q) =>
                (p.state.nextContactDue as string) < (q.state.nextContactDue as string)
                  ? -1
                  : (p.state.nextContactDue as string) > (q.state.nextContactDue as string)
                    ? 1
                    : p.n - q.n
              )
              .map((w) => cardIdOf(w.n))
          const list = yield* cards.workList(tenant, consultant, date)
          assert.deepStrictEqual(
            ids(list.dueToday),
            order(mine.filter((w) => w.state.nextContactDue === date))
          )
          assert.deepStrictEqual(
            ids(list.overdue),
            order(mine.filter((w) => (w.state.nextContactDue as CalendarDate) < date))
          )
        }
      }
    }),

  "card: care contacts due equal the reference": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const expected: Array<{
        readonly cardId: string
        readonly ruleId: string
        readonly on: string
        readonly plannedOn: string
      }> = []
      for (let n = 1; n <= 3; n++) {
        const open = openCommand(tenant, n, { owner: owner(n === 3 ? "c-b" : "c-a"), day: n })
        const [order, deliver] = deliverySteps(open.owner, open.at, n)
        let state = initialCardState
        let last = appendFor(tenant, cardIdOf(n), state, open)
        for (const command of [open, order, deliver]) {
          last = appendFor(tenant, cardIdOf(n), state, command)
          yield* cards.append(last)
          state = last.state
        }
        for (const c of last.care)
          expected.push({ cardId: cardIdOf(n), ruleId: c.ruleId, on: c.on, plannedOn: c.plannedOn })
        assert.isTrue(last.care.length > 0)
      }
      const until = "2026-09-30" as CalendarDate
      const key = (c: {
        readonly cardId: string
        readonly ruleId: string
        readonly on: string
        readonly plannedOn: string
      }) => `${c.on} ${c.cardId} ${c.ruleId} ${c.plannedOn}`
      const due = yield* cards.careDue(tenant, until)
      assert.deepStrictEqual(
        due.map(key),
        expected
          .filter((c) => c.on <= until)
          .map(key)
          .sort()
      )
      const forA = yield* cards.careDue(tenant, until, owner("c-a"))
      assert.isTrue(forA.length > 0 && forA.every((c) => c.owner === "c-a" && c.cardId !== cardIdOf(3)))
      // an owned customer handed to another consultant: the contacts due are the new owner's
      const loaded = yield* cards.load(tenant, cardIdOf(2))
      assert.isTrue(Option.isSome(loaded))
      if (Option.isNone(loaded)) return
      const handover = appendFor(tenant, cardIdOf(2), loaded.value.state, {
        _tag: "Reassign",
        to: owner("c-b"),
        reason: "consultantLeft",
        by: { id: "sup", role: "supervisor" as const },
        at: loaded.value.state.lastEventAt + 3_600_000
      })
      yield* cards.append(handover)
      const forB = yield* cards.careDue(tenant, until, owner("c-b"))
      assert.deepStrictEqual(
        [...new Set(forB.map((c) => c.cardId))].sort(),
        [cardIdOf(2), cardIdOf(3)].sort()
      )
      assert.isTrue(
        (yield* cards.careDue(tenant, until)).every(
          (c) => c.owner === (c.cardId === cardIdOf(1) ? "c-a" : "c-b")
        )
      )
    }),

  "card: lists by consultant, grade and status with stable keyset pages": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      for (let n = 1; n <= 23; n++) {
        const evidence = n % 2 === 0 ? { purchaseTimeframeDays: 5, testDriveDone: true } : {}
        yield* writeCard(tenant, n * 2, [
          openCommand(tenant, n * 2, { owner: owner(n % 3 === 0 ? "c-b" : "c-a"), evidence })
        ])
      }
      const seen: Array<string> = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = yield* cards.list(tenant, {}, cursor === undefined ? { limit: 5 } : { limit: 5, cursor })
        seen.push(...ids(page.items))
        cursor = page.next
        // rows added behind the cursor meanwhile must not shift the pages
        if (pages === 1) yield* writeCard(tenant, 1, [openCommand(tenant, 1)])
        pages++
      } while (cursor !== undefined)
      const all = Array.from({ length: 23 }, (_, i) => cardIdOf((i + 1) * 2))
      assert.deepStrictEqual(seen, all)
      assert.strictEqual(pages, 5)
      const b = yield* cards.list(tenant, { owner: owner("c-b") }, { limit: 100 })
      assert.deepStrictEqual(
        ids(b.items),
        all.filter((_, i) => (i + 1) % 3 === 0)
      )
      assert.strictEqual(b.next, undefined)
      const first = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(4)))
      const grade = first.state.grade as GradeId
      const byGrade = yield* cards.list(tenant, { grade, status: ["prospect"] }, { limit: 100 })
      assert.isTrue(byGrade.items.length > 0 && byGrade.items.every((c) => c.grade === grade))
      assert.deepStrictEqual(ids((yield* cards.list(tenant, { status: ["owned"] })).items), [])
    }),

  "tenant: nothing crosses tenants": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const outbox = yield* Outbox
      const a = freshTenant("s1")
      const b = freshTenant("s1")
      const a2 = { ...a, storeId: "s2" } as Tenant
      yield* writeCard(a, 1, [openCommand(a, 1, { phone: phoneOf(5) })])
      yield* writeCard(b, 1, [openCommand(b, 1, { phone: phoneOf(5), owner: owner("c-b") })])
      const inB = Option.getOrThrow(yield* cards.load(b, cardIdOf(1)))
      assert.strictEqual(inB.state.owner, "c-b")
      assert.isTrue(Option.isNone(yield* cards.load(a2, cardIdOf(1))))
      assert.deepStrictEqual(ids(yield* cards.findOpenByPhone(a2, phoneOf(5))), [])
      assert.strictEqual((yield* cards.list({ dealerGroupId: a.dealerGroupId }, {})).items.length, 1)
      assert.strictEqual((yield* cards.list(a2, {})).items.length, 0)
      const wl = yield* cards.workList(
        { dealerGroupId: b.dealerGroupId },
        owner("c-wang"),
        "2027-01-01" as CalendarDate
      )
      assert.strictEqual(wl.overdue.length, 0)
      yield* outbox.enqueue([message(a, "m1")])
      assert.strictEqual((yield* outbox.list({ dealerGroupId: b.dealerGroupId })).length, 0)
      assert.strictEqual((yield* outbox.list(a2)).length, 0)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.outboxCount(b), 0)
    }),

  "transaction: a failure rolls every port's writes back": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const referrals = yield* ReferralStore
      const outbox = yield* Outbox
      const tx = yield* StoreTransaction
      const tenant = freshTenant()
      const open = openCommand(tenant, 1)
      const r = referralFixture(tenant, 1, { consultantId: owner("c-a"), referrerId: "cust-9" })
      const exit = yield* Effect.exit(
        tx.withTransaction(
          Effect.gen(function* () {
            yield* cards.append(appendFor(tenant, cardIdOf(1), initialCardState, open))
            yield* referrals.append({ ...r.append, ledger: [r.entry(1, "2026-03-02" as CalendarDate)] })
            yield* outbox.enqueue([message(tenant, "m1")])
            // visible inside the transaction
            assert.isTrue(Option.isSome(yield* cards.load(tenant, cardIdOf(1))))
            return yield* Effect.fail("injected failure")
          })
        )
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.isTrue(Option.isNone(yield* cards.load(tenant, cardIdOf(1))))
      assert.isTrue(Option.isNone(yield* referrals.load(tenant, r.referralId)))
      assert.strictEqual((yield* referrals.ledger(tenant, {})).length, 0)
      assert.strictEqual((yield* outbox.list(tenant)).length, 0)
      if (backdoor !== undefined) {
        assert.strictEqual(yield* backdoor.cardVersion(tenant, cardIdOf(1)), undefined)
        assert.strictEqual(yield* backdoor.eventCount(tenant, cardIdOf(1)), 0)
        assert.strictEqual(yield* backdoor.outboxCount(tenant), 0)
        assert.strictEqual(yield* backdoor.ledgerCount(tenant), 0)
      }
      // a defect rolls back too
      yield* Effect.exit(
        tx.withTransaction(
          Effect.andThen(outbox.enqueue([message(tenant, "m2")]), Effect.die(new Error("boom")))
        )
      )
      assert.strictEqual((yield* outbox.list(tenant)).length, 0)
    }),

  "outbox: messages commit with the change, idempotency keys deduplicate": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const outbox = yield* Outbox
      const tx = yield* StoreTransaction
      const tenant = freshTenant()
      yield* tx.withTransaction(
        Effect.andThen(
          cards.append(appendFor(tenant, cardIdOf(1), initialCardState, openCommand(tenant, 1))),
          outbox.enqueue([message(tenant, "m1"), message(tenant, "m2")])
        )
      )
      // a stale append in the same transaction as a message: neither is written
      yield* Effect.exit(
        tx.withTransaction(
          Effect.andThen(
            outbox.enqueue([message(tenant, "m3")]),
            cards.append(appendFor(tenant, cardIdOf(1), initialCardState, openCommand(tenant, 1)))
          )
        )
      )
      yield* outbox.enqueue([{ ...message(tenant, "m4"), idempotencyKey: "key-m1" }])
      const all = yield* outbox.list(tenant)
      assert.deepStrictEqual(
        all.map((m) => m.id),
        ["m1", "m2"]
      )
      assert.deepStrictEqual(all[0]?.payload, { cardId: "card-0001", n: [1, 2] })
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.outboxCount(tenant), 2)
    }),

  "outbox: pending, sent and failed messages": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      yield* outbox.enqueue([
        { ...message(tenant, "m1"), availableAt: 1000 },
        { ...message(tenant, "m2"), availableAt: 500 },
        { ...message(tenant, "m3"), availableAt: 5000 }
      ])
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, 2000, 10)).map((m) => m.id),
        ["m2", "m1"]
      )
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, 2000, 1)).map((m) => m.id),
        ["m2"]
      )
      yield* outbox.markSent(tenant, "m2")
      yield* outbox.markFailed(tenant, "m1", { error: "HTTP 503", retryAt: 3000 })
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, 2000, 10)).map((m) => m.id),
        []
      )
      const retried = (yield* outbox.pending(tenant, 6000, 10)).map((m) => [m.id, m.attempts, m.lastError])
      assert.deepStrictEqual(retried, [
        ["m1", 1, "HTTP 503"],
        ["m3", 0, undefined]
      ])
      yield* outbox.markFailed(tenant, "m3", { error: "gone" })
      assert.deepStrictEqual(
        (yield* outbox.list(tenant, "dead")).map((m) => m.id),
        ["m3"]
      )
      assert.deepStrictEqual(
        (yield* outbox.list(tenant, "sent")).map((m) => [m.id, m.status, m.attempts]),
        [["m2", "sent", 1]]
      )
    }),

  "outbox: concurrent claims take each due message once, leases expire, skipped is final": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      // far in the future, so that only this test's messages and earlier leftovers are due
      const base = 4_000_000_000_000
      yield* outbox.enqueue([
        { ...message(tenant, "c1"), availableAt: base },
        { ...message(tenant, "c2"), availableAt: base + 1 },
        { ...message(tenant, "c3"), availableAt: base + 10_000 },
        { ...message(tenant, "c4"), availableAt: base + 2 }
      ])
      yield* outbox.markSkipped(tenant, "c4", "no consent for sms")
      // fresh tenants differ by dealer group (every fixture store is "store-01")
      const mine = (
        ms: ReadonlyArray<{ readonly id: string; readonly tenant: { readonly dealerGroupId: string } }>
      ) => ms.filter((m) => m.tenant.dealerGroupId === tenant.dealerGroupId).map((m) => m.id)
      const now = base + 100
      const [a, b] = yield* Effect.all(
        [
          outbox.claim({ now, limit: 1000, leaseMs: 60_000 }),
          outbox.claim({ now, limit: 1000, leaseMs: 60_000 })
        ],
        { concurrency: 2 }
      )
      const claimed = [...mine(a), ...mine(b)].sort()
      assert.deepStrictEqual(claimed, ["c1", "c2"])
      // held by the lease: nobody else gets them, nor the pending reads
      assert.deepStrictEqual(mine(yield* outbox.claim({ now: now + 1000, limit: 1000, leaseMs: 60_000 })), [])
      // the dispatcher that held c1 died: its lease runs out and c1 comes back, with c3 now due
      yield* outbox.markSent(tenant, "c2")
      const again = mine(yield* outbox.claim({ now: now + 61_000, limit: 1000, leaseMs: 60_000 }))
      assert.deepStrictEqual(again.sort(), ["c1", "c3"])
      const skipped = yield* outbox.list(tenant, "skipped")
      assert.deepStrictEqual(
        skipped.map((m) => [m.id, m.lastError]),
        [["c4", "no consent for sms"]]
      )
    }),

  "referral: versions, append-only ledger, reads by month, referrer and consultant": (backdoor) =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const tenant = freshTenant()
      const r1 = referralFixture(tenant, 1, { consultantId: owner("c-a"), referrerId: "cust-1" })
      const r2 = referralFixture(tenant, 2, { consultantId: owner("c-b"), referrerId: "cust-2" })
      yield* referrals.append(r1.append)
      yield* referrals.append(r2.append)
      yield* failsWith(referrals.append(r1.append), "VersionConflict")
      const loaded = Option.getOrThrow(yield* referrals.load(tenant, r1.referralId))
      assert.strictEqual(loaded.version, 1)
      assert.strictEqual(loaded.state.status, "registered")
      const approved = [{ _tag: "ReferralApproved" as const, on: "2026-03-20" as CalendarDate }]
      yield* referrals.append(r1.next(loaded.state, approved, [r1.entry(1, "2026-03-20" as CalendarDate)]))
      const s2 = Option.getOrThrow(yield* referrals.load(tenant, r2.referralId)).state
      yield* referrals.append(r2.next(s2, approved, [r2.entry(1, "2026-04-02" as CalendarDate, 50000)]))
      // a ledger entry is never written twice: the whole append fails
      const now = Option.getOrThrow(yield* referrals.load(tenant, r1.referralId)).state
      yield* failsWith(
        referrals.append(r1.next(now, approved, [r1.entry(1, "2026-03-21" as CalendarDate)])),
        "StoreError"
      )
      assert.strictEqual(Option.getOrThrow(yield* referrals.load(tenant, r1.referralId)).version, 2)
      const entries = (rows: ReadonlyArray<{ readonly entry: { readonly entryId: string } }>) =>
        rows.map((r) => r.entry.entryId)
      assert.deepStrictEqual(entries(yield* referrals.ledger(tenant, {})), [
        `${r1.referralId}:v1:issued`,
        `${r2.referralId}:v1:issued`
      ])
      assert.deepStrictEqual(entries(yield* referrals.ledger(tenant, { month: "2026-04" as YearMonth })), [
        `${r2.referralId}:v1:issued`
      ])
      assert.deepStrictEqual(entries(yield* referrals.ledger(tenant, { referrerId: "cust-1" })), [
        `${r1.referralId}:v1:issued`
      ])
      const byConsultant = yield* referrals.ledger(
        { dealerGroupId: tenant.dealerGroupId },
        { consultantId: owner("c-b") }
      )
      assert.deepStrictEqual(entries(byConsultant), [`${r2.referralId}:v1:issued`])
      assert.strictEqual(byConsultant[0]?.entry.amountFen, 50000)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.ledgerCount(tenant), 2)
    }),

  "policy: documents stored per group, versions immutable": () =>
    Effect.gen(function* () {
      const policies = yield* PolicyStore
      const a = freshTenant()
      const b = freshTenant()
      const doc = (tenant: Tenant, version: number, storeId?: string): PolicyDocument =>
        ({
          policyId: `pol-${tenant.dealerGroupId}`,
          version,
          effectiveFrom: "2026-01-01",
          scope:
            storeId === undefined
              ? { dealerGroupId: tenant.dealerGroupId }
              : { dealerGroupId: tenant.dealerGroupId, storeId },
          firstContact: { thankYouMessageWithinHours: 2, firstCallWithinDays: version }
        }) as PolicyDocument
      yield* policies.put(doc(a, 1))
      yield* policies.put(doc(a, 2, a.storeId))
      yield* policies.put(doc(b, 1))
      yield* failsWith(policies.put(doc(a, 1)), "StoreError")
      const stored = [...(yield* policies.documents(a.dealerGroupId))].sort((x, y) => x.version - y.version)
      assert.deepStrictEqual(stored, [doc(a, 1), doc(a, 2, a.storeId)])
      assert.strictEqual((yield* policies.documents(b.dealerGroupId)).length, 1)
    }),

  "use case: handleCard writes events and messages, refuses a second open card": (backdoor) =>
    Effect.gen(function* () {
      const tenant = freshTenant()
      const messages = (change: {
        readonly cardId: string
        readonly events: ReadonlyArray<{ readonly _tag: string }>
      }) =>
        change.events.map((e) => ({
          topic: `card.${e._tag}`,
          recipient: "consultant:c-wang",
          payload: { cardId: change.cardId }
        }))
      const open = openCommand(tenant, 1, { phone: phoneOf(42) })
      const opened = yield* handleCard({ tenant, cardId: cardIdOf(1), command: open }, { messages })
      assert.strictEqual(opened.version, 1)
      assert.strictEqual(opened.messages.length, 1)
      const second = openCommand(tenant, 2, { phone: phoneOf(42) })
      yield* failsWith(
        handleCard({ tenant, cardId: cardIdOf(2), command: second }, { messages }),
        "AlreadyHasCard"
      )
      const cards = yield* CardStore
      const outbox = yield* Outbox
      assert.isTrue(Option.isNone(yield* cards.load(tenant, cardIdOf(2))))
      assert.deepStrictEqual(
        (yield* outbox.list(tenant)).map((m: OutboxMessage) => [m.topic, m.availableAt]),
        [["card.CardOpened", open.at]]
      )
      const stored: StoredCard = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      assert.strictEqual(stored.state.nextContactDue, opened.state.nextContactDue)
      if (backdoor !== undefined) assert.strictEqual(yield* backdoor.outboxCount(tenant), 1)
    })
})

/**
 * Registers the conformance suite for a store: one `describe` block whose layer is built once
 * (`makeLayer()`), with one test per {@link StoreTestName}. Pass backdoor readers to check what
 * reached the database, and `skip` for tests your store cannot pass yet (typed).
 *
 * @example
 * ```ts
 * // test/MyStore.conformance.test.ts
 * import { storeSuite } from "@jipan/testkit"
 * import { MyStore } from "../src/index.js"
 *
 * storeSuite("my-store", () => MyStore.layer({ url: process.env.DATABASE_URL }), {
 *   skip: { "outbox: pending, sent and failed messages": true }
 * })
 * ```
 */
export const storeSuite = <R = never>(
  name: string,
  makeLayer: () => Layer.Layer<JipanStore | R, unknown>,
  options: StoreSuiteOptions<R> = {}
): void => {
  const timeout = options.timeout ?? 60_000
  layer(makeLayer(), { excludeTestServices: true, timeout: "120 seconds" })(
    `Jipan store conformance (${name})`,
    (it) => {
      for (const [testName, body] of Object.entries(tests<R>()) as Array<[StoreTestName, Body<R>]>) {
        const register = options.skip?.[testName] === true ? it.effect.skip : it.effect
        register(testName, () => body(options.backdoor), timeout)
      }
    }
  )
}
