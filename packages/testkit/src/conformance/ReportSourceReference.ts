/**
 * The report source's reference check: after random commands through the use cases (cards opened,
 * contacted, re-graded, reassigned, ordered, delivered, cancelled, marked invalid; referrals
 * approved or voided), every read of `ReportSource` equals the core's pure functions applied to
 * the histories the store loads back. Registered by `storeSuite` (through ReportSource.ts).
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  addDays,
  type CalendarDate,
  type CardCommand,
  CardStore,
  type ConsultantId,
  calendarDateOf,
  cardFactsOf,
  defaultPolicy,
  factMayRaiseFinding,
  findingsFactFilter,
  foldCard,
  type GradeId,
  handleCard,
  handleReferral,
  isErasedPhone,
  type JipanStore,
  ReferralStore,
  ReportSource,
  reportReferralOf,
  type Tenant
} from "@jipan/core"
import { Effect, Option } from "effect"
import * as fc from "fast-check"
import { cardIdOf, freshTenant, openCommand, phoneOf, referralFixture, START } from "../Fixtures.js"
import {
  consultant,
  day,
  expectedEvents,
  expectedSpans,
  HOUR,
  loadAll,
  range,
  supervisor
} from "./ReportExpectations.js"
import { owner, plain, type SuiteBody } from "./Support.js"

/** The name of the reference test. */
export type ReportReferenceTestName =
  "report: after random commands, every read equals the pure functions of the histories"

const consultants = [owner("c-a"), owner("c-b"), owner("c-c")] as const
const grades = ["H", "A", "B", "C"].map((g) => g as GradeId)

const step = fc.record({
  kind: fc.constantFrom(
    "open",
    "contact",
    "contact",
    "regrade",
    "reassign",
    "order",
    "deliver",
    "cancel",
    "invalid"
  ),
  card: fc.integer({ min: 1, max: 4 }),
  gapHours: fc.integer({ min: 0, max: 40 }),
  who: fc.integer({ min: 0, max: 2 }),
  testDrive: fc.boolean(),
  days: fc.integer({ min: 1, max: 30 })
})

const referralStep = fc.record({
  day: fc.integer({ min: 0, max: 12 }),
  who: fc.integer({ min: 0, max: 2 }),
  next: fc.constantFrom("none", "approve", "void")
})

const scenario = fc.record({
  openers: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 30 })), {
    minLength: 4,
    maxLength: 4
  }),
  steps: fc.array(step, { minLength: 4, maxLength: 24 }),
  referrals: fc.array(referralStep, { maxLength: 4 }),
  ranges: fc.array(fc.tuple(fc.integer({ min: -1, max: 14 }), fc.integer({ min: 0, max: 6 })), {
    minLength: 1,
    maxLength: 3
  })
})

const commandOf = (
  tenant: Tenant,
  s: typeof step extends fc.Arbitrary<infer A> ? A : never,
  at: number,
  current: ConsultantId | undefined
): CardCommand => {
  const who = consultants[s.who] as ConsultantId
  const by = consultant(current ?? who)
  switch (s.kind) {
    case "open":
      return { ...openCommand(tenant, s.card, { owner: who }), at }
    case "contact":
      return {
        _tag: "LogContact",
        channel: "call",
        outcome: "reached",
        evidence: s.testDrive ? { testDriveDone: true } : { purchaseTimeframeDays: s.days },
        by,
        at
      }
    case "regrade":
      return {
        _tag: "Regrade",
        grade: grades[s.who + (s.testDrive ? 1 : 0)] as GradeId,
        justification: "t",
        by,
        at
      }
    case "reassign":
      return { _tag: "Reassign", to: who, reason: "workload", by: supervisor, at }
    case "order":
      return { _tag: "PlaceOrder", orderId: `SO-${s.card}`, model: "GL8", by, at }
    case "deliver":
      return {
        _tag: "Deliver",
        vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
        deliveredOn: calendarDateOf(at),
        by,
        at
      }
    case "cancel":
      return {
        _tag: "CancelOrder",
        reason: "changed mind",
        next: { kind: "backToProspect", grade: "A" as GradeId },
        by,
        at
      }
    case "invalid":
      return { _tag: "MarkInvalid", reasonId: "noIntent", by, at }
  }
}

// every finding threshold at its tightest, so the filter keeps as many cards as it can
const strictReports = {
  ...defaultPolicy,
  reports: {
    ...defaultPolicy.reports,
    overdue: { graceDays: 0, criticalAfterDays: 1 },
    gradeHorizon: { ...defaultPolicy.reports.gradeHorizon, graceDays: 0 },
    gradeStale: { ...defaultPolicy.reports.gradeStale, afterDays: 1 },
    defeatReview: { ...defaultPolicy.reports.defeatReview, withinDays: 0 }
  }
}

const checkScenario = (s: typeof scenario extends fc.Arbitrary<infer A> ? A : never) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const referrals = yield* ReferralStore
    const reports = yield* ReportSource
    const tenant = freshTenant()
    let at = START
    // every card opens (by one of the consultants, hours apart), then the random steps follow
    for (let n = 1; n <= s.openers.length; n++) {
      const [who, hours] = s.openers[n - 1] as readonly [number, number]
      at += hours * HOUR
      const open = { ...openCommand(tenant, n, { owner: consultants[who] as ConsultantId }), at }
      yield* handleCard({ tenant, cardId: cardIdOf(n), command: open })
    }
    for (const st of s.steps) {
      at += st.gapHours * HOUR
      const current = yield* cards.load(tenant, cardIdOf(st.card))
      const command = commandOf(
        tenant,
        st,
        at,
        Option.isSome(current) ? current.value.state.owner : undefined
      )
      // refusals are part of the scenario: they write nothing
      yield* Effect.exit(handleCard({ tenant, cardId: cardIdOf(st.card), command }))
    }
    const ids: Array<string> = []
    for (let i = 0; i < s.referrals.length; i++) {
      const r = s.referrals[i] as (typeof s.referrals)[number]
      const fixture = referralFixture(tenant, i + 1, {
        consultantId: consultants[r.who] as ConsultantId,
        referrerId: `cust-${i}`,
        on: day(r.day)
      })
      yield* referrals.append(fixture.append)
      ids.push(fixture.referralId)
      const on = addDays(day(r.day), 1)
      if (r.next !== "none")
        yield* Effect.exit(
          handleReferral({
            tenant,
            referralId: fixture.referralId,
            command: r.next === "approve" ? { _tag: "Approve", on } : { _tag: "Void", on, reason: "test" }
          })
        )
    }
    const loaded = yield* loadAll(tenant, [1, 2, 3, 4])
    for (const c of loaded)
      assert.deepStrictEqual(plain(c.state), plain(foldCard(c.history)), `${c.cardId}: state is the fold`)
    assert.strictEqual(loaded.length, 4)
    const ranges = [...s.ranges.map(([from, length]) => range(from, from + length)), range(-30, 400)]
    for (const r of ranges) {
      assert.deepStrictEqual(plain(yield* reports.eventsOn(tenant, r)), plain(expectedEvents(loaded, r)))
      assert.deepStrictEqual(
        plain(yield* reports.eventsOn(tenant, r, { owner: consultants[1] })),
        plain(expectedEvents(loaded, r, consultants[1]))
      )
      const kinds = ["ContactLogged", "Regraded"] as const
      const some = [cardIdOf(2), cardIdOf(4)]
      assert.deepStrictEqual(
        plain(yield* reports.eventsOn(tenant, r, { kinds, cardIds: some })),
        plain(
          expectedEvents(loaded, r).filter(
            (e) => (kinds as ReadonlyArray<string>).includes(e.event._tag) && some.includes(e.cardId)
          )
        )
      )
      assert.deepStrictEqual(plain(yield* reports.eventsOn(tenant, r, { kinds: [] })), [])
      assert.deepStrictEqual(plain(yield* reports.dueSpans(tenant, r)), plain(expectedSpans(loaded, r)))
      assert.deepStrictEqual(
        plain(yield* reports.dueSpans(tenant, r, { owner: consultants[0], dueOnOrBefore: r.to })),
        plain(expectedSpans(loaded, r, { owner: consultants[0], dueOnOrBefore: r.to }))
      )
    }
    const facts = loaded.map((c) => cardFactsOf(c.tenant, c.cardId, foldCard(c.history)))
    assert.deepStrictEqual(plain(yield* reports.cardFacts(tenant)), plain(facts))
    // the findings filter keeps what factMayRaiseFinding keeps: on the ranges' last days, and on
    // the days around every threshold of the strict policy (where an off-by-one would show)
    const checks = ranges.map((r) => ({ on: r.to, policy: defaultPolicy }))
    const offsets = [
      0,
      1,
      2,
      ...strictReports.grading.grades.flatMap((g) => [g.horizonDays.max, g.horizonDays.max + 1])
    ]
    const days = new Set<CalendarDate>()
    for (const f of facts)
      for (const d of [f.nextContactDue, f.gradeSince, f.statusSince, f.lastContactOn])
        if (d !== undefined) for (const k of offsets) days.add(addDays(d, k))
    for (const on of days) checks.push({ on, policy: strictReports })
    for (const { on, policy } of checks) {
      const filter = {
        ...findingsFactFilter({ on, from: on, visits: [] }, policy),
        phones: [phoneOf(2), phoneOf(99)]
      }
      assert.deepStrictEqual(
        plain(yield* reports.cardFacts(tenant, { mayRaiseFindings: filter })),
        plain(facts.filter((f) => factMayRaiseFinding(f, filter))),
        `findings filter on ${on}`
      )
      // the close of day's candidates: the lapse's (due before a day) and the retention's
      // (in the status since a day or earlier, not erased), each boundary day included
      assert.deepStrictEqual(
        plain(yield* reports.cardFacts(tenant, { statuses: ["prospect"], dueBefore: on })),
        plain(
          facts.filter(
            (f) => f.status === "prospect" && f.nextContactDue !== undefined && f.nextContactDue < on
          )
        ),
        `due before ${on}`
      )
      assert.deepStrictEqual(
        plain(yield* reports.cardFacts(tenant, { statusSinceOnOrBefore: on, erased: false })),
        plain(
          facts.filter(
            (f) =>
              f.statusSince !== undefined &&
              f.statusSince <= on &&
              (f.phone === undefined || !isErasedPhone(f.phone))
          )
        ),
        `in the status since ${on} or earlier`
      )
    }
    assert.deepStrictEqual(
      plain(yield* reports.histories(tenant, [4, 3, 2, 1].map(cardIdOf))),
      plain([...loaded].reverse().map((c) => ({ tenant: c.tenant, cardId: c.cardId, history: c.history })))
    )
    const referralRows = []
    for (const id of ids) {
      const r = yield* referrals.load(tenant, id as never)
      if (Option.isSome(r)) referralRows.push(reportReferralOf(tenant, r.value.state))
    }
    referralRows.sort((x, y) =>
      (x?.registeredOn ?? "") < (y?.registeredOn ?? "")
        ? -1
        : (x?.registeredOn ?? "") > (y?.registeredOn ?? "")
          ? 1
          : (x?.referralId ?? "") < (y?.referralId ?? "")
            ? -1
            : 1
    )
    assert.deepStrictEqual(plain(yield* reports.referralsOn(tenant, range(-30, 400))), plain(referralRows))
  })

/** The reference test, by name. */
export const reportReferenceTests = <R>(): Record<ReportReferenceTestName, SuiteBody<R>> => ({
  "report: after random commands, every read equals the pure functions of the histories": () =>
    Effect.gen(function* () {
      const context = yield* Effect.context<JipanStore>()
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(scenario, (s) => Effect.runPromiseWith(context)(checkScenario(s))),
          { numRuns: 4, endOnFailure: true }
        )
      )
    })
})
