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
import { failsWith, ids, owner, type SuiteBody, writeCard } from "./Support.js"

/** The names of the card store tests (part of `StoreTestName`). */
export type CardStoreTestName =
  | "card: append then load returns state, version and history"
  | "card: an unknown card loads as none"
  | "card: a stale expected version fails with VersionConflict and writes nothing"
  | "card: concurrent appends at the same version: exactly one wins"
  | "card: open cards by phone, in a store and in the group"
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
    })
})
