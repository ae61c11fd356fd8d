/**
 * The conformance tests of the card store port (`CardStore`): append and load, optimistic versions
 * (a stale or concurrent append writes nothing), open cards by phone, the work list, care contacts
 * due, and the keyset-paged lists. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type CalendarDate,
  CardStore,
  type ConsultantId,
  calendarDateOf,
  foldCard,
  type GradeId,
  initialCardState,
  type Tenant
} from "@jipan/core"
import { Effect, Exit, Option } from "effect"
import { appendFor, cardIdOf, deliverySteps, freshTenant, openCommand, phoneOf, START } from "../Fixtures.js"
import { failsWith, ids, owner, plain, type SuiteBody, writeCard } from "./Support.js"

/** The names of the card store tests (part of `StoreTestName`). */
export type CardStoreTestName =
  | "card: append then load returns state, version and history"
  | "card: the state alone equals the fold of the history, at every step"
  | "card: an unknown card loads as none"
  | "card: a stale expected version fails with VersionConflict and writes nothing"
  | "card: concurrent appends at the same version: exactly one wins"
  | "card: open cards by phone, in a store and in the group"
  | "card: every card with a phone, whatever its status, in (store, card) order"
  | "card: work list and overdue equal the in-memory reference"
  | "card: care contacts due equal the reference"
  | "card: lists by consultant, grade and status with stable keyset pages"

/** The card store tests, by name. */
export const cardStoreTests = <R>(): Record<CardStoreTestName, SuiteBody<R>> => ({
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

  "card: the state alone equals the fold of the history, at every step": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const commandsOf = (n: number) => {
        const open = openCommand(tenant, n)
        const [order, deliver] = deliverySteps(open.owner, open.at, n)
        const fleet =
          deliver._tag === "Deliver"
            ? {
                ...deliver,
                vehicle: { ...deliver.vehicle, use: "operating" as const },
                sale: { kind: "fleet" as const, units: 12, fleetCustomer: "东方出租" },
                birthday: { month: 2, day: 29 }
              }
            : deliver
        const survey = {
          _tag: "RecordSurvey" as const,
          surveyId: "sv-1",
          answers: {
            satisfaction: "satisfied" as const,
            buyAgain: "over70" as const,
            recommend: "likely" as const
          },
          by: { id: "dcrc-1", role: "dcrc" as const },
          at: deliver.at + 86_400_000
        }
        return [open, order, fleet, survey]
      }
      for (let i = 1; i <= 4; i++) {
        const n = 10 + i
        yield* writeCard(tenant, n, commandsOf(n).slice(0, i))
        const alone = Option.getOrThrow(yield* cards.loadState(tenant, cardIdOf(n)))
        const loaded = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(n)))
        assert.strictEqual(alone.version, i)
        assert.deepStrictEqual(plain(alone), plain(loaded.state))
        assert.deepStrictEqual(plain(alone), plain(foldCard(loaded.history)))
      }
      assert.isTrue(Option.isNone(yield* cards.loadState(tenant, cardIdOf(404))))
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

  "card: every card with a phone, whatever its status, in (store, card) order": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const s1 = freshTenant("s1")
      const s2 = { ...s1, storeId: "s2" } as Tenant
      // "S9" sorts before "s1" by code point (and after it in most locales' collations)
      const s9 = { ...s1, storeId: "S9" } as Tenant
      const phone = phoneOf(79)
      const open = (tenant: Tenant, n: number, who: string, day: number) =>
        openCommand(tenant, n, { phone, owner: owner(who), day })
      const o2 = open(s2, 1, "c-b", 0)
      yield* writeCard(s2, 1, [o2])
      const o4 = open(s1, 4, "c-a", 1)
      const [order4, deliver4] = deliverySteps(o4.owner, o4.at, 4)
      yield* writeCard(s1, 4, [o4, order4, deliver4])
      const o3 = open(s1, 3, "c-a", 2)
      yield* writeCard(s1, 3, [
        o3,
        { _tag: "MarkInvalid", reasonId: "wrongNumber", by: o3.by, at: o3.at + 1 }
      ])
      const o5 = open(s1, 5, "c-c", 3)
      yield* writeCard(s1, 5, [
        o5,
        { _tag: "PlaceOrder", orderId: "SO-5", model: "GL8", by: o5.by, at: o5.at + 1 }
      ])
      yield* writeCard(s9, 2, [open(s9, 2, "c-d", 4)])
      // another phone, and the same phone in another group
      yield* writeCard(s1, 6, [openCommand(s1, 6, { phone: phoneOf(80) })])
      const stranger = freshTenant("s1")
      yield* writeCard(stranger, 1, [openCommand(stranger, 1, { phone })])
      const expected = (keys: ReadonlyArray<readonly [Tenant, number]>) =>
        Effect.forEach(keys, ([tenant, n]) =>
          Effect.map(cards.load(tenant, cardIdOf(n)), (loaded) => {
            const state = Option.getOrThrow(loaded).state
            return {
              tenant: { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId },
              cardId: cardIdOf(n),
              status: state.status,
              owner: state.owner,
              openedOn: state.openedOn,
              statusSince: state.statusSince
            }
          })
        )
      const got = (scope: Parameters<typeof cards.withPhone>[0]) =>
        Effect.map(cards.withPhone(scope, phone), (found) =>
          found.map((c) => ({
            tenant: { dealerGroupId: c.tenant.dealerGroupId, storeId: c.tenant.storeId },
            cardId: c.cardId,
            status: c.status,
            owner: c.owner,
            openedOn: c.openedOn,
            statusSince: c.statusSince
          }))
        )
      const all = yield* got({ dealerGroupId: s1.dealerGroupId })
      assert.deepStrictEqual(
        all.map((c) => `${c.tenant.storeId}/${c.cardId}:${c.status}`),
        [
          `S9/${cardIdOf(2)}:prospect`,
          `s1/${cardIdOf(3)}:invalid`,
          `s1/${cardIdOf(4)}:owned`,
          `s1/${cardIdOf(5)}:ordered`,
          `s2/${cardIdOf(1)}:prospect`
        ]
      )
      assert.deepStrictEqual(
        plain(all),
        plain(
          yield* expected([
            [s9, 2],
            [s1, 3],
            [s1, 4],
            [s1, 5],
            [s2, 1]
          ])
        )
      )
      assert.deepStrictEqual(plain(yield* got(s2)), plain(yield* expected([[s2, 1]])))
      assert.deepStrictEqual(
        (yield* got(s1)).map((c) => c.cardId),
        [cardIdOf(3), cardIdOf(4), cardIdOf(5)]
      )
      assert.deepStrictEqual(yield* got({ ...s1, storeId: "s7" } as Tenant), [])
      assert.deepStrictEqual(yield* cards.withPhone({ dealerGroupId: s1.dealerGroupId }, phoneOf(81)), [])
      assert.deepStrictEqual(
        (yield* got({ dealerGroupId: stranger.dealerGroupId })).map((c) => c.cardId),
        [cardIdOf(1)]
      )
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
    })
})
