/**
 * The conformance tests of the card store's optional batch methods (what the close of day's lapses
 * use): `loadStates` reads several cards' states as `loadState` reads each; `appendMany` writes
 * each append exactly as `append` would (events, state, care contacts, report rows) and refuses —
 * writing nothing of it — an append at a stale version, a card named again in the batch, a new
 * card (expected version 0) and another tenant's append. A store without the methods passes these
 * tests trivially (they are optional: the close then goes a card at a time). Registered by
 * `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type CardAppend,
  type CardCommand,
  type CardId,
  type CardState,
  CardStore,
  type ConsultantId,
  type DayRange,
  initialCardState,
  type JipanStore,
  lockKey,
  ReportSource,
  StoreTransaction,
  type Tenant
} from "@jipan/core"
import { Effect, Option } from "effect"
import * as fc from "fast-check"
import { appendFor, cardIdOf, deliverySteps, freshTenant, openCommand, START } from "../Fixtures.js"
import { consultant, DAY, day, HOUR, supervisor } from "./ReportExpectations.js"
import { owner, plain, type SuiteBody } from "./Support.js"

/** The names of the card store's batch tests (part of `StoreTestName`). */
export type CardBatchTestName =
  | "card batch: loadStates equals loadState for the cards found, none of another store's"
  | "card batch: appendMany writes what append writes, read back by every card and report read"
  | "card batch: appendMany refuses a stale append, a card named again, a new card and another tenant's, and writes the rest"
  | "card batch: appendMany writes exactly the appends at the stored version (property)"

const c = (id: string): ConsultantId => owner(id)

/**
 * The commands of fixture card `n` of a tenant, by kind: `stages` the history it is written with,
 * `next` the change decided on it afterwards (the one the batch writes). The kinds cover a
 * contact, a reassignment, an order, a delivery (care contacts, a span closed), a survey on an
 * owned customer and the close's own lapse (a grade lowered).
 */
const scenario = (tenant: Tenant, n: number) => {
  const kind = n % 6
  const who = c(n % 2 === 0 ? "c-a" : "c-b")
  const open = openCommand(tenant, n, {
    owner: who,
    day: n % 3,
    evidence: { purchaseTimeframeDays: 5, testDriveDone: true }
  })
  const [order, deliver] = deliverySteps(who, open.at, n)
  const later = open.at + 4 * DAY
  const stages: Array<CardCommand> = [open]
  let next: CardCommand
  switch (kind) {
    case 0:
      next = {
        _tag: "LogContact",
        channel: "call",
        outcome: "reached",
        evidence: { testDriveDone: true, purchaseTimeframeDays: 10 },
        by: consultant(who),
        at: later
      }
      break
    case 1:
      next = { _tag: "Reassign", to: c("c-z"), reason: "workload", by: supervisor, at: later }
      break
    case 2:
      next = order
      break
    case 3:
      stages.push(order)
      next = deliver
      break
    case 4:
      stages.push(order, deliver)
      next = {
        _tag: "RecordSurvey",
        surveyId: `sv-${n}`,
        answers: { satisfaction: "satisfied", buyAgain: "over70", recommend: "likely" },
        by: { id: "dcrc-1", role: "dcrc" },
        at: deliver.at + DAY
      }
      break
    default:
      // a prospect left uncontacted for weeks: the close's lapse lowers its grade
      next = { _tag: "ApplyLapse", by: supervisor, at: open.at + 40 * DAY }
  }
  return { stages, next }
}

/** Writes the stages of fixture card `n` one append at a time; returns every state on the way. */
const writeStages = (tenant: Tenant, n: number, stages: ReadonlyArray<CardCommand>) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const states: Array<CardState> = [initialCardState]
    for (const command of stages) {
      const append = appendFor(tenant, cardIdOf(n), states[states.length - 1] as CardState, command)
      yield* cards.append(append)
      states.push(append.state)
    }
    return states
  })

/** The JSON form of a value with the tenant's dealer group id replaced, to compare two tenants' reads. */
const anonymous = (tenant: Tenant, value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll(tenant.dealerGroupId, "<group>"))

/** A card's load, loadState and (with a backdoor) stored version and event count: what a refused append must leave alone. */
const snapshot = <R>(tenant: Tenant, cardId: CardId, backdoor: Parameters<SuiteBody<R>>[0]) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const loaded = yield* cards.load(tenant, cardId)
    const state = yield* cards.loadState(tenant, cardId)
    const stored =
      backdoor === undefined
        ? undefined
        : [yield* backdoor.cardVersion(tenant, cardId), yield* backdoor.eventCount(tenant, cardId)]
    return plain({ loaded: Option.getOrUndefined(loaded), state: Option.getOrUndefined(state), stored })
  })

const BATCH_CARDS = 4

/** One card of the property's batches: which fixture card, and the version its append expects. */
const entry = fc.record({
  // card BATCH_CARDS + 1 is never written: not found, whatever the version
  n: fc.integer({ min: 1, max: BATCH_CARDS + 1 }),
  expect: fc.constantFrom("stored", "stored", "stored", "behind", "ahead", "zero")
})
const batchScenario = fc.record({
  // each written card's history: the open, then 1–3 contacts (so a version behind is a real state)
  contacts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: BATCH_CARDS, maxLength: BATCH_CARDS }),
  batch: fc.array(entry, { minLength: 1, maxLength: 7 })
})
type BatchScenario = typeof batchScenario extends fc.Arbitrary<infer A> ? A : never

const contactOn = (who: ConsultantId, at: number): CardCommand => ({
  _tag: "LogContact",
  channel: "call",
  outcome: "reached",
  evidence: { purchaseTimeframeDays: 30 },
  by: consultant(who),
  at
})

/** Runs one scenario of the property in a fresh tenant: the flags and the versions afterwards. */
const checkBatch = (s: BatchScenario) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const appendMany = cards.appendMany
    if (appendMany === undefined) return
    const tenant = freshTenant()
    const who = c("c-a")
    // each card's states on the way (index = version); the never-written card's only in this test
    const states = new Map<number, ReadonlyArray<CardState>>()
    for (let n = 1; n <= BATCH_CARDS + 1; n++) {
      const open = openCommand(tenant, n, { owner: who })
      const stages = [
        open,
        ...Array.from({ length: s.contacts[n - 1] ?? 1 }, (_, i) => contactOn(who, open.at + (i + 1) * HOUR))
      ]
      if (n <= BATCH_CARDS) states.set(n, yield* writeStages(tenant, n, stages))
      else {
        // decided, never written
        const opened = appendFor(tenant, cardIdOf(n), initialCardState, open).state
        const contacted = appendFor(tenant, cardIdOf(n), opened, contactOn(who, open.at + HOUR)).state
        states.set(n, [initialCardState, opened, contacted])
      }
    }
    const storedVersion = (n: number) => (n <= BATCH_CARDS ? (states.get(n)?.length ?? 1) - 1 : 0)
    const appends: Array<CardAppend> = []
    for (const [i, e] of s.batch.entries()) {
      const path = states.get(e.n) as ReadonlyArray<CardState>
      const last = path.length - 1
      const command: CardCommand = contactOn(who, START_OF_BATCH + i * HOUR)
      const decided =
        e.expect === "behind"
          ? appendFor(tenant, cardIdOf(e.n), path[last - 1] as CardState, command)
          : e.expect === "zero"
            ? appendFor(tenant, cardIdOf(e.n), initialCardState, openCommand(tenant, e.n, { owner: who }))
            : appendFor(tenant, cardIdOf(e.n), path[last] as CardState, command)
      appends.push(
        e.expect === "ahead" ? { ...decided, expectedVersion: decided.expectedVersion + 1 } : decided
      )
    }
    const written = yield* appendMany(tenant, appends)
    assert.strictEqual(written.length, appends.length)
    // an append at another version than the card's, or of a new card, is refused; a card named
    // again is refused whatever became of its first naming; the first naming of a card at its
    // version is written
    const fits = (a: CardAppend, n: number) =>
      a.expectedVersion !== 0 && a.expectedVersion === storedVersion(n)
    appends.forEach((a, i) => {
      const n = s.batch[i]?.n ?? 0
      const earlier = appends.slice(0, i).some((b) => b.cardId === a.cardId)
      const why = `append ${i} (${s.batch[i]?.expect} on card ${a.cardId}) of ${JSON.stringify(s)}`
      assert.strictEqual(
        written[i],
        !earlier && fits(a, n),
        `written exactly when first named and at the stored version: ${why}`
      )
    })
    for (let n = 1; n <= BATCH_CARDS + 1; n++)
      assert.isAtMost(
        appends.filter((a, i) => a.cardId === cardIdOf(n) && written[i] === true).length,
        1,
        `card ${n} written once at most: ${JSON.stringify(s)}`
      )
    for (let n = 1; n <= BATCH_CARDS + 1; n++) {
      const i = appends.findIndex((a, j) => a.cardId === cardIdOf(n) && written[j] === true)
      const now = yield* cards.loadState(tenant, cardIdOf(n))
      if (i >= 0) {
        const append = appends[i] as CardAppend
        assert.strictEqual(Option.getOrThrow(now).version, storedVersion(n) + append.events.length)
        assert.deepStrictEqual(plain(Option.getOrThrow(now)), plain(append.state))
      } else if (n <= BATCH_CARDS) {
        assert.deepStrictEqual(
          plain(Option.getOrThrow(now)),
          plain((states.get(n) as ReadonlyArray<CardState>)[storedVersion(n)])
        )
      } else assert.isTrue(Option.isNone(now))
    }
  })

// a week after the fixtures' start, when every fixture card of the property is open
const START_OF_BATCH = Date.parse("2026-03-09T10:00:00+08:00")

/** The card store batch tests, by name. */
export const cardBatchTests = <R>(): Record<CardBatchTestName, SuiteBody<R>> => ({
  "card batch: loadStates equals loadState for the cards found, none of another store's": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      // optional: a store without it is read a card at a time by the close, nothing to check
      const loadStates = cards.loadStates
      if (loadStates === undefined) return
      const s1 = freshTenant("s1")
      const s2 = { ...s1, storeId: "s2" } as Tenant
      const elsewhere = freshTenant("s1")
      for (let n = 1; n <= 4; n++) yield* writeStages(s1, n, scenario(s1, n).stages)
      // the same card ids in another store of the group and in another group, with other owners
      yield* writeStages(s2, 1, [openCommand(s2, 1, { owner: c("c-other") })])
      yield* writeStages(s2, 9, [openCommand(s2, 9)])
      yield* writeStages(elsewhere, 2, [openCommand(elsewhere, 2, { owner: c("c-other") })])
      const asked = [cardIdOf(3), cardIdOf(404), cardIdOf(1), cardIdOf(9), cardIdOf(2), cardIdOf(4)]
      const states = yield* loadStates(s1, asked)
      assert.deepStrictEqual([...states.keys()].sort(), [cardIdOf(1), cardIdOf(2), cardIdOf(3), cardIdOf(4)])
      for (const cardId of states.keys()) {
        const alone = Option.getOrThrow(yield* cards.loadState(s1, cardId))
        assert.deepStrictEqual(plain(states.get(cardId)), plain(alone))
      }
      assert.strictEqual(states.get(cardIdOf(1))?.owner, "c-b")
      const other = yield* loadStates(s2, asked)
      assert.deepStrictEqual([...other.keys()].sort(), [cardIdOf(1), cardIdOf(9)])
      assert.deepStrictEqual(
        plain(other.get(cardIdOf(1))),
        plain(Option.getOrThrow(yield* cards.loadState(s2, cardIdOf(1))))
      )
      assert.strictEqual(other.get(cardIdOf(1))?.owner, "c-other")
      assert.strictEqual((yield* loadStates(freshTenant("s1"), asked)).size, 0)
      assert.strictEqual((yield* loadStates(s1, [])).size, 0)
      // an open's read under its phone's lock (optional too): the same state, none for a new card
      const loadStateLocked = cards.loadStateLocked
      if (loadStateLocked !== undefined) {
        const tx = yield* StoreTransaction
        for (const cardId of asked) {
          const locked = yield* tx.withTransaction(
            loadStateLocked(s1, cardId, lockKey(s1.dealerGroupId, "phone", `k-${cardId}`))
          )
          assert.deepStrictEqual(
            plain(locked),
            plain(yield* cards.loadState(s1, cardId)),
            `${cardId} read under a lock`
          )
        }
      }
    }),

  "card batch: appendMany writes what append writes, read back by every card and report read": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const reports = yield* ReportSource
      // optional: without it the close appends a card at a time, nothing to check
      const appendMany = cards.appendMany
      if (appendMany === undefined) return
      // the same cards and the same decided changes in two tenants: one append at a time, one batch
      const one = freshTenant()
      const batch = freshTenant()
      const ns = Array.from({ length: 12 }, (_, i) => i + 1)
      const appendsOf = (tenant: Tenant) =>
        Effect.forEach(ns, (n) =>
          Effect.map(writeStages(tenant, n, scenario(tenant, n).stages), (states) =>
            appendFor(tenant, cardIdOf(n), states[states.length - 1] as CardState, scenario(tenant, n).next)
          )
        )
      const singles = yield* appendsOf(one)
      const batched = yield* appendsOf(batch)
      // the changes are real: every kind writes events, the deliveries care contacts, the lapses a grade
      assert.isTrue(batched.every((a) => a.events.length > 0))
      assert.isTrue(batched.some((a) => a.events.some((e) => e._tag === "GradeLapsed")))
      assert.isTrue(batched.some((a) => a.care.length > 0))
      for (const append of singles) yield* cards.append(append)
      const written = yield* appendMany(batch, batched)
      assert.deepStrictEqual(
        [...written],
        batched.map(() => true)
      )

      const same = (label: string, f: (tenant: Tenant) => Effect.Effect<unknown, unknown, JipanStore | R>) =>
        Effect.gen(function* () {
          assert.deepStrictEqual(anonymous(batch, yield* f(batch)), anonymous(one, yield* f(one)), label)
        })
      for (const n of ns) {
        yield* same(`load ${n}`, (t) => cards.load(t, cardIdOf(n)))
        yield* same(`loadState ${n}`, (t) => cards.loadState(t, cardIdOf(n)))
        if (backdoor !== undefined)
          yield* same(`stored ${n}`, (t) =>
            Effect.all([backdoor.cardVersion(t, cardIdOf(n)), backdoor.eventCount(t, cardIdOf(n))])
          )
      }
      for (const n of ns) {
        const loaded = Option.getOrThrow(yield* cards.load(batch, cardIdOf(n)))
        assert.deepStrictEqual(plain(loaded.state), plain(batched[n - 1]?.state))
      }
      const until = day(400)
      const all: DayRange = { from: day(-1), to: until }
      yield* same("careDue", (t) => cards.careDue(t, until))
      yield* same("careDue c-a", (t) => cards.careDue(t, until, c("c-a")))
      yield* same("list", (t) => cards.list(t, {}, { limit: 100 }))
      yield* same("list owned", (t) => cards.list(t, { status: ["owned"] }, { limit: 100 }))
      for (const who of ["c-a", "c-b", "c-z"])
        for (const d of [0, 5, 45])
          yield* same(`workList ${who} ${d}`, (t) => cards.workList(t, c(who), day(d)))
      yield* same("eventsOn", (t) => reports.eventsOn(t, all))
      yield* same("dueSpans", (t) => reports.dueSpans(t, all))
      yield* same("cardFacts", (t) => reports.cardFacts(t))
      yield* same("histories", (t) =>
        reports.histories(
          t,
          ns.map((n) => cardIdOf(n))
        )
      )
      const reportRows = backdoor?.reportRows
      if (reportRows !== undefined) yield* same("report rows", reportRows)
    }),

  "card batch: appendMany refuses a stale append, a card named again, a new card and another tenant's, and writes the rest":
    (backdoor) =>
      Effect.gen(function* () {
        const cards = yield* CardStore
        // optional: without it the close appends a card at a time, nothing to check
        const appendMany = cards.appendMany
        if (appendMany === undefined) return
        const tenant = freshTenant("s1")
        const s2 = { ...tenant, storeId: "s2" } as Tenant
        const by = supervisor
        const at = START_OF_BATCH
        const reassign = (to: string): CardCommand => ({
          _tag: "Reassign",
          to: c(to),
          reason: "workload",
          by,
          at
        })
        const path = new Map<number, ReadonlyArray<CardState>>()
        for (const n of [1, 2, 3, 4])
          path.set(
            n,
            yield* writeStages(tenant, n, [
              openCommand(tenant, n),
              contactOn(c("c-wang"), START + HOUR),
              ...(n === 2 ? [contactOn(c("c-wang"), START + 2 * HOUR)] : [])
            ])
          )
        const s2Path = yield* writeStages(s2, 5, [openCommand(s2, 5)])
        const current = (n: number) => {
          const states = path.get(n) as ReadonlyArray<CardState>
          return states[states.length - 1] as CardState
        }
        const good1 = appendFor(tenant, cardIdOf(1), current(1), reassign("c-li"))
        // decided on card 2 one version back (another change went in meanwhile)
        const stale2 = appendFor(
          tenant,
          cardIdOf(2),
          (path.get(2) as ReadonlyArray<CardState>)[1] as CardState,
          reassign("c-li")
        )
        const good3 = appendFor(tenant, cardIdOf(3), current(3), reassign("c-zhao"))
        // card 2 again, now at the version it is stored at: named twice, refused whatever the first naming's fate
        const again2 = appendFor(tenant, cardIdOf(2), current(2), reassign("c-zhao"))
        // a new card: expected version 0
        const new6 = appendFor(tenant, cardIdOf(6), initialCardState, openCommand(tenant, 6))
        const good4 = appendFor(tenant, cardIdOf(4), current(4), contactOn(c("c-wang"), at))
        // another store's card, at its stored version
        const foreign5 = appendFor(s2, cardIdOf(5), s2Path[1] as CardState, reassign("c-li"))
        const before = {
          two: yield* snapshot(tenant, cardIdOf(2), backdoor),
          six: yield* snapshot(tenant, cardIdOf(6), backdoor),
          five: yield* snapshot(s2, cardIdOf(5), backdoor)
        }
        const written = yield* appendMany(tenant, [good1, stale2, good3, again2, new6, good4, foreign5])
        assert.deepStrictEqual([...written], [true, false, true, false, false, true, false])
        for (const [n, append] of [
          [1, good1],
          [3, good3],
          [4, good4]
        ] as const) {
          const loaded = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(n)))
          assert.strictEqual(loaded.version, append.expectedVersion + append.events.length)
          assert.deepStrictEqual(plain(loaded.state), plain(append.state))
          assert.deepStrictEqual(
            plain(loaded.history.slice(append.expectedVersion)),
            plain(append.events),
            `card ${n}'s new events`
          )
        }
        assert.strictEqual(Option.getOrThrow(yield* cards.loadState(tenant, cardIdOf(1))).owner, "c-li")
        assert.deepStrictEqual(yield* snapshot(tenant, cardIdOf(2), backdoor), before.two)
        assert.deepStrictEqual(yield* snapshot(tenant, cardIdOf(6), backdoor), before.six)
        assert.deepStrictEqual(yield* snapshot(s2, cardIdOf(5), backdoor), before.five)
        assert.isTrue(Option.isNone(yield* cards.load(tenant, cardIdOf(6))))
        assert.isTrue(Option.isNone(yield* cards.load(tenant, cardIdOf(5))))
        // an empty batch writes nothing and says so
        assert.deepStrictEqual([...(yield* appendMany(tenant, []))], [])
      }),

  "card batch: appendMany writes exactly the appends at the stored version (property)": () =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      // optional: without it the close appends a card at a time, nothing to check
      if (cards.appendMany === undefined) return
      const context = yield* Effect.context<JipanStore>()
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(batchScenario, (s) => Effect.runPromiseWith(context)(checkBatch(s))),
          {
            numRuns: 12,
            endOnFailure: true,
            // always: a card named again after a new-card append of it, and after a stale one
            examples: [
              [
                {
                  contacts: [1, 2, 1, 3],
                  batch: [
                    { n: 1, expect: "zero" },
                    { n: 1, expect: "stored" },
                    { n: 2, expect: "behind" },
                    { n: 2, expect: "stored" },
                    { n: 3, expect: "stored" },
                    { n: 5, expect: "stored" }
                  ]
                }
              ]
            ]
          }
        )
      )
    })
})
