/**
 * The conformance tests of the report source port (`ReportSource`): every read, its filters,
 * its order and tenant scope, the visit log's idempotency; and (ReportSourceReference.ts) a
 * reference check — after random commands through the use cases, each read equals the core's pure
 * functions applied to the histories the store loads back. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type CardId,
  type ConsultantId,
  calendarDateOf,
  cardFactsOf,
  foldCard,
  ReferralStore,
  ReportSource,
  reportReferralOf,
  type ShowroomVisit,
  type Tenant
} from "@jipan/core"
import { Effect, Option } from "effect"
import { cardIdOf, freshTenant, openCommand, phoneOf, referralFixture, START } from "../Fixtures.js"
import {
  consultant,
  DAY,
  day,
  expectedEvents,
  expectedSpans,
  HOUR,
  loadAll,
  range,
  supervisor
} from "./ReportExpectations.js"
import { type ReportReferenceTestName, reportReferenceTests } from "./ReportSourceReference.js"
import { owner, plain, type SuiteBody, writeCard } from "./Support.js"

/**
 * The names of the report source tests.
 *
 * @example
 * ```ts
 * import type { ReportTestName } from "@jipan/testkit"
 * const skip: Partial<Record<ReportTestName, true>> = { "report: the visit log is idempotent by visit id": true }
 * ```
 */
export type ReportTestName =
  | "report: events by day, with the owner after each event, ordered by store, card and version"
  | "report: due spans in force over a range, by owner and due date"
  | "report: histories of the cards asked, in their order, unknown ids left out"
  | "report: card facts by status and owner"
  | "report: card keys page a scope in (store, card) code-point order"
  | "report: the visit log is idempotent by visit id"
  | "report: referrals by registration day and consultant"
  | ReportReferenceTestName

const visit = (
  tenant: Tenant,
  id: string,
  at: number,
  who: ConsultantId,
  extra: Partial<Pick<ShowroomVisit, "phone" | "cardId" | "partySize">> = {}
): ShowroomVisit => ({
  tenant,
  visitId: id,
  at,
  on: calendarDateOf(at),
  kind: "walkIn",
  ordinal: "first",
  consultant: who,
  ...extra
})

/** The report source tests, by name. */
export const reportTests = <R>(): Record<ReportTestName, SuiteBody<R>> => ({
  "report: events by day, with the owner after each event, ordered by store, card and version": (backdoor) =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const s1 = freshTenant("s1")
      const s2 = { ...s1, storeId: "s2" } as Tenant
      const elsewhere = freshTenant("s1")
      const a = owner("c-a")
      const b = owner("c-b")
      const open2 = openCommand(s1, 2, { owner: a })
      yield* writeCard(s1, 2, [
        open2,
        {
          _tag: "LogContact",
          channel: "call",
          outcome: "reached",
          evidence: { testDriveDone: true },
          by: consultant(a),
          at: open2.at + DAY
        },
        { _tag: "Reassign", to: b, reason: "workload", by: supervisor, at: open2.at + DAY + HOUR },
        {
          _tag: "LogContact",
          channel: "call",
          outcome: "reached",
          evidence: { testDriveDone: true },
          by: consultant(b),
          at: open2.at + 2 * DAY
        }
      ])
      yield* writeCard(s1, 1, [openCommand(s1, 1, { owner: b, day: 1 })])
      yield* writeCard(s2, 3, [openCommand(s2, 3, { owner: a })])
      yield* writeCard(elsewhere, 1, [openCommand(elsewhere, 1, { owner: a, day: 1 })])

      const dayOne = yield* reports.eventsOn(s1, range(1, 1))
      assert.deepStrictEqual(
        dayOne.map((e) => [e.cardId, e.version, e.event._tag, e.owner, e.statusBefore]),
        [
          [cardIdOf(1), 1, "CardOpened", b, "none"],
          [cardIdOf(2), 2, "ContactLogged", a, "prospect"],
          [cardIdOf(2), 3, "Reassigned", b, "prospect"]
        ]
      )
      assert.isTrue(
        dayOne.every((e) => e.tenant.dealerGroupId === s1.dealerGroupId && e.tenant.storeId === "s1")
      )
      assert.isTrue(dayOne.every((e) => e.source === "walkIn"))
      // a test drive counts once: the second contact already had one on record
      const two = yield* reports.eventsOn(s1, range(2, 2))
      assert.deepStrictEqual(
        two.map((e) => [e.version, e.testDriveBefore]),
        [[4, true]]
      )
      assert.isFalse(dayOne[1]?.testDriveBefore)
      // the owner after the event
      assert.deepStrictEqual(
        (yield* reports.eventsOn(s1, range(0, 9), { owner: a })).map((e) => [e.cardId, e.version]),
        [
          [cardIdOf(2), 1],
          [cardIdOf(2), 2]
        ]
      )
      // the group: store s1's rows, then s2's
      const group = yield* reports.eventsOn({ dealerGroupId: s1.dealerGroupId }, range(0, 9))
      assert.deepStrictEqual(
        group.map((e) => [e.tenant.storeId, e.cardId, e.version]),
        [
          ["s1", cardIdOf(1), 1],
          ["s1", cardIdOf(2), 1],
          ["s1", cardIdOf(2), 2],
          ["s1", cardIdOf(2), 3],
          ["s1", cardIdOf(2), 4],
          ["s2", cardIdOf(3), 1]
        ]
      )
      assert.deepStrictEqual(
        plain(group.slice(0, 5)),
        plain(expectedEvents(yield* loadAll(s1, [1, 2]), range(0, 9)))
      )
      assert.deepStrictEqual(yield* reports.eventsOn(s1, range(-5, -1)), [])
      assert.deepStrictEqual(yield* reports.eventsOn(s2, range(1, 1)), [])
      assert.deepStrictEqual(
        (yield* reports.eventsOn(elsewhere, range(0, 9))).map((e) => e.cardId),
        [cardIdOf(1)]
      )
      if (backdoor?.reportRows !== undefined) {
        const rows = yield* backdoor.reportRows(s1)
        assert.strictEqual(rows.events, 5)
        assert.strictEqual(rows.facts, 2)
      }
    }),

  "report: due spans in force over a range, by owner and due date": (backdoor) =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const tenant = freshTenant()
      const a = owner("c-a")
      const b = owner("c-b")
      const open1 = openCommand(tenant, 1, { owner: a })
      yield* writeCard(tenant, 1, [
        open1,
        { _tag: "Reassign", to: b, reason: "workload", by: supervisor, at: open1.at + 2 * DAY },
        { _tag: "MarkInvalid", reasonId: "noIntent", by: consultant(b), at: open1.at + 4 * DAY }
      ])
      const open2 = openCommand(tenant, 2, { owner: a, day: 3 })
      yield* writeCard(tenant, 2, [
        open2,
        // the same day: the opening's span starts and ends on day 3 (it covers no day start)
        {
          _tag: "LogContact",
          channel: "call",
          outcome: "reached",
          evidence: { purchaseTimeframeDays: 5, testDriveDone: true },
          by: consultant(a),
          at: open2.at + HOUR
        }
      ])
      const cards = yield* loadAll(tenant, [1, 2])
      const all = yield* reports.dueSpans(tenant, range(-30, 60))
      assert.deepStrictEqual(
        all.map((s) => [s.cardId, s.startedVersion, s.owner, s.startedOn, s.endedOn]),
        expectedSpans(cards, range(-30, 60)).map((s) => [
          s.cardId,
          s.startedVersion,
          s.owner,
          s.startedOn,
          s.endedOn
        ])
      )
      assert.deepStrictEqual(
        (yield* reports.dueSpans(tenant, range(1, 1))).map((s) => [
          s.cardId,
          s.owner,
          s.startedOn,
          s.endedOn
        ]),
        [[cardIdOf(1), a, day(0), day(2)]]
      )
      assert.deepStrictEqual(
        (yield* reports.dueSpans(tenant, range(3, 3))).map((s) => [s.cardId, s.owner]),
        [[cardIdOf(1), b]]
      )
      // card 1 ended on day 4; card 2's same-day span is left out, its next one is in force
      const dayFive = yield* reports.dueSpans(tenant, range(5, 5))
      assert.deepStrictEqual(
        dayFive.map((s) => [s.cardId, s.startedVersion, s.endedOn]),
        [[cardIdOf(2), 2, undefined]]
      )
      for (let from = -1; from <= 7; from++) {
        for (let to = from; to <= 8; to++) {
          const r = range(from, to)
          assert.deepStrictEqual(plain(yield* reports.dueSpans(tenant, r)), plain(expectedSpans(cards, r)))
          assert.deepStrictEqual(
            plain(yield* reports.dueSpans(tenant, r, { owner: b })),
            plain(expectedSpans(cards, r, { owner: b }))
          )
          const dueBy = day(to + 2)
          assert.deepStrictEqual(
            plain(yield* reports.dueSpans(tenant, r, { dueOnOrBefore: dueBy, owner: a })),
            plain(expectedSpans(cards, r, { dueOnOrBefore: dueBy, owner: a }))
          )
        }
      }
      assert.deepStrictEqual(yield* reports.dueSpans(freshTenant(), range(-30, 60)), [])
      if (backdoor?.reportRows !== undefined)
        assert.strictEqual((yield* backdoor.reportRows(tenant)).spans, all.length + 1)
    }),

  "report: histories of the cards asked, in their order, unknown ids left out": () =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const tenant = freshTenant("s1")
      const s2 = { ...tenant, storeId: "s2" } as Tenant
      const open1 = openCommand(tenant, 1)
      yield* writeCard(tenant, 1, [
        open1,
        { _tag: "Reassign", to: owner("c-b"), reason: "workload", by: supervisor, at: open1.at + DAY }
      ])
      yield* writeCard(tenant, 3, [openCommand(tenant, 3)])
      yield* writeCard(s2, 1, [openCommand(s2, 1, { owner: owner("c-s2") })])
      const got = yield* reports.histories(tenant, [cardIdOf(3), cardIdOf(404), cardIdOf(1), cardIdOf(3)])
      assert.deepStrictEqual(
        got.map((h) => [h.tenant.storeId, h.cardId, h.history.length]),
        [
          ["s1", cardIdOf(3), 1],
          ["s1", cardIdOf(1), 2]
        ]
      )
      const loaded = yield* loadAll(tenant, [3, 1])
      assert.deepStrictEqual(plain(got.map((h) => h.history)), plain(loaded.map((c) => c.history)))
      assert.deepStrictEqual(yield* reports.histories(tenant, []), [])
      const other = yield* reports.histories(s2, [cardIdOf(1), cardIdOf(3)])
      assert.deepStrictEqual(
        other.map((h): ReadonlyArray<string | undefined> => [h.cardId, foldCard(h.history).owner]),
        [[cardIdOf(1), "c-s2"]]
      )
    }),

  "report: card facts by status and owner": () =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const tenant = freshTenant("s1")
      const s2 = { ...tenant, storeId: "s2" } as Tenant
      const a = owner("c-a")
      const b = owner("c-b")
      yield* writeCard(tenant, 1, [openCommand(tenant, 1, { owner: a })])
      yield* writeCard(tenant, 2, [openCommand(tenant, 2, { owner: b })])
      const open3 = openCommand(tenant, 3, { owner: a })
      yield* writeCard(tenant, 3, [
        open3,
        { _tag: "MarkInvalid", reasonId: "noIntent", by: consultant(a), at: open3.at + DAY }
      ])
      const open4 = openCommand(tenant, 4, { owner: a })
      yield* writeCard(tenant, 4, [
        open4,
        { _tag: "PlaceOrder", orderId: "SO-4", model: "GL8", by: consultant(a), at: open4.at + DAY }
      ])
      yield* writeCard(s2, 5, [openCommand(s2, 5, { owner: a })])
      const loaded = yield* loadAll(tenant, [1, 2, 3, 4])
      const facts = yield* reports.cardFacts(tenant)
      assert.deepStrictEqual(plain(facts), plain(loaded.map((c) => cardFactsOf(c.tenant, c.cardId, c.state))))
      assert.deepStrictEqual(
        facts.map((f) => [f.cardId, f.status, f.version]),
        [
          [cardIdOf(1), "prospect", 1],
          [cardIdOf(2), "prospect", 1],
          [cardIdOf(3), "invalid", 2],
          [cardIdOf(4), "ordered", 2]
        ]
      )
      const ids = (fs: ReadonlyArray<{ readonly cardId: CardId }>) => fs.map((f) => f.cardId)
      assert.deepStrictEqual(ids(yield* reports.cardFacts(tenant, { statuses: ["prospect"] })), [
        cardIdOf(1),
        cardIdOf(2)
      ])
      assert.deepStrictEqual(
        ids(yield* reports.cardFacts(tenant, { statuses: ["prospect", "ordered"], owner: a })),
        [cardIdOf(1), cardIdOf(4)]
      )
      assert.deepStrictEqual(ids(yield* reports.cardFacts(tenant, { statuses: [] })), [])
      assert.deepStrictEqual(ids(yield* reports.cardFacts(tenant, { owner: b })), [cardIdOf(2)])
      const group = yield* reports.cardFacts({ dealerGroupId: tenant.dealerGroupId }, { owner: a })
      assert.deepStrictEqual(
        group.map((f) => [f.tenant.storeId, f.cardId]),
        [
          ["s1", cardIdOf(1)],
          ["s1", cardIdOf(3)],
          ["s1", cardIdOf(4)],
          ["s2", cardIdOf(5)]
        ]
      )
      assert.deepStrictEqual(yield* reports.cardFacts(freshTenant()), [])
    }),

  "report: card keys page a scope in (store, card) code-point order": () =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const tenant = freshTenant("s1")
      const s2 = { ...tenant, storeId: "s2" } as Tenant
      const other = freshTenant("s1")
      // the same card ids in two stores of the group: a page boundary between them loses none
      for (const n of [3, 1, 2]) yield* writeCard(tenant, n, [openCommand(tenant, n)])
      for (const n of [1, 2]) yield* writeCard(s2, n, [openCommand(s2, n)])
      yield* writeCard(other, 1, [openCommand(other, 1)])
      const group = { dealerGroupId: tenant.dealerGroupId }
      const all = yield* reports.cardKeys(group, { limit: 100 })
      const key = (k: { readonly tenant: Tenant; readonly cardId: CardId }) =>
        `${k.tenant.storeId}/${k.cardId}`
      assert.deepStrictEqual(all.map(key), [
        `s1/${cardIdOf(1)}`,
        `s1/${cardIdOf(2)}`,
        `s1/${cardIdOf(3)}`,
        `s2/${cardIdOf(1)}`,
        `s2/${cardIdOf(2)}`
      ])
      assert.ok(all.every((k) => k.tenant.dealerGroupId === tenant.dealerGroupId))
      // page by page, each after the last key of the one before: the same keys, once each
      for (const limit of [1, 2, 3]) {
        const paged: Array<string> = []
        let after: { readonly storeId: Tenant["storeId"]; readonly cardId: CardId } | undefined
        for (;;) {
          const page = yield* reports.cardKeys(group, { limit, after })
          assert.ok(page.length <= limit)
          paged.push(...page.map(key))
          const last = page.at(-1)
          if (page.length < limit || last === undefined) break
          after = { storeId: last.tenant.storeId, cardId: last.cardId }
        }
        assert.deepStrictEqual(paged, all.map(key))
      }
      const store = yield* reports.cardKeys(s2, { limit: 100 })
      assert.deepStrictEqual(store.map(key), [`s2/${cardIdOf(1)}`, `s2/${cardIdOf(2)}`])
      assert.deepStrictEqual(yield* reports.cardKeys(freshTenant(), { limit: 10 }), [])
    }),

  "report: the visit log is idempotent by visit id": (backdoor) =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const tenant = freshTenant("s1")
      const s2 = { ...tenant, storeId: "s2" } as Tenant
      const a = owner("c-a")
      const b = owner("c-b")
      const at0 = START + HOUR
      const v1 = visit(tenant, "v-1", at0, a, { phone: phoneOf(1), cardId: cardIdOf(1), partySize: 3 })
      const v2 = visit(tenant, "v-2", at0 - HOUR / 2, b)
      const v3 = visit(tenant, "v-3", at0 + DAY, a)
      const v0 = visit(tenant, "v-0", at0, b) // the same instant as v-1: by visit id
      yield* reports.recordVisits([v1, v2, v3])
      // already stored (a different consultant): ignored; in one batch, the first stays
      yield* reports.recordVisits([
        { ...v1, consultant: b },
        v0,
        visit(tenant, "v-4", at0 + 2 * DAY, a),
        { ...visit(tenant, "v-4", at0 + 2 * DAY, b), kind: "phoneIn" }
      ])
      yield* reports.recordVisits([])
      // the same visit id in another store is another visit
      yield* reports.recordVisits([visit(s2, "v-1", at0, b)])
      const dayZero = yield* reports.visitsOn(tenant, range(0, 0))
      assert.deepStrictEqual(
        dayZero.map((v) => v.visitId),
        ["v-2", "v-0", "v-1"]
      )
      assert.deepStrictEqual(plain(dayZero[2]), plain(v1))
      assert.deepStrictEqual(
        (yield* reports.visitsOn(tenant, range(0, 2), { consultant: a })).map((v) => v.visitId),
        ["v-1", "v-3", "v-4"]
      )
      const v4 = (yield* reports.visitsOn(tenant, range(2, 2)))[0]
      assert.deepStrictEqual([v4?.consultant, v4?.kind], [a, "walkIn"])
      assert.deepStrictEqual(
        (yield* reports.visitsOn({ dealerGroupId: tenant.dealerGroupId }, range(0, 0))).map((v) => [
          v.tenant.storeId,
          v.visitId
        ]),
        [
          ["s1", "v-2"],
          ["s1", "v-0"],
          ["s1", "v-1"],
          ["s2", "v-1"]
        ]
      )
      assert.deepStrictEqual(yield* reports.visitsOn(freshTenant(), range(0, 9)), [])
      if (backdoor?.reportRows !== undefined)
        assert.strictEqual((yield* backdoor.reportRows(tenant)).visits, 5)
    }),

  "report: referrals by registration day and consultant": (backdoor) =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const referrals = yield* ReferralStore
      const tenant = freshTenant("s1")
      const s2 = { ...tenant, storeId: "s2" } as Tenant
      const a = owner("c-a")
      const b = owner("c-b")
      const r1 = referralFixture(tenant, 1, { consultantId: a, referrerId: "cust-1", on: day(0) })
      const r2 = referralFixture(tenant, 2, { consultantId: b, referrerId: "cust-2", on: day(1) })
      const r3 = referralFixture(tenant, 3, { consultantId: a, referrerId: "cust-3", on: day(3) })
      const r9 = referralFixture(s2, 9, { consultantId: a, referrerId: "cust-9", on: day(0) })
      for (const r of [r3, r2, r1, r9]) yield* referrals.append(r.append)
      const registered = Option.getOrThrow(yield* referrals.load(tenant, r1.referralId)).state
      yield* referrals.append(r1.next(registered, [{ _tag: "ReferralApproved", on: day(2) }], []))
      const got = yield* reports.referralsOn(tenant, range(0, 1))
      assert.deepStrictEqual(
        got.map((r) => [r.referralId, r.consultantId, r.registeredOn, r.status]),
        [
          [r1.referralId, a, day(0), "approved"],
          [r2.referralId, b, day(1), "registered"]
        ]
      )
      const states = [
        Option.getOrThrow(yield* referrals.load(tenant, r1.referralId)).state,
        Option.getOrThrow(yield* referrals.load(tenant, r2.referralId)).state
      ]
      assert.deepStrictEqual(plain(got), plain(states.map((s) => reportReferralOf(tenant, s))))
      assert.deepStrictEqual(
        (yield* reports.referralsOn(tenant, range(0, 9), { consultant: a })).map((r) => r.referralId),
        [r1.referralId, r3.referralId]
      )
      assert.deepStrictEqual(
        (yield* reports.referralsOn({ dealerGroupId: tenant.dealerGroupId }, range(0, 0))).map((r) => [
          r.tenant.storeId,
          r.referralId
        ]),
        [
          ["s1", r1.referralId],
          ["s2", r9.referralId]
        ]
      )
      assert.deepStrictEqual(yield* reports.referralsOn(tenant, range(4, 9)), [])
      assert.deepStrictEqual(yield* reports.referralsOn(freshTenant(), range(0, 9)), [])
      if (backdoor?.reportRows !== undefined)
        assert.strictEqual((yield* backdoor.reportRows(tenant)).referrals, 3)
    }),
  ...reportReferenceTests<R>()
})
