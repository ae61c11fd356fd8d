// Properties of the supervisor's forms: the daily report counts what the events say, the control
// table shows each card's fold, a team that follows the policy perfectly raises no finding (and
// its three forms agree), and every seeded violation raises its finding on the card.
import { describe, it } from "@effect/vitest"
import fc from "fast-check"
import { expect } from "vitest"
import {
  addDays,
  type CalendarDate,
  type CardHistory,
  type ConsultantId,
  cardFactsOf,
  customerCardForm,
  dailyReport,
  daysOf,
  defaultPolicy,
  factMayRaiseFinding,
  findings,
  findingsEventKinds,
  findingsFactFilter,
  foldCard,
  formConsistency,
  progressControlTable,
  type ShowroomVisit,
  type YearMonth
} from "../../src/index.js"
import {
  type CardPlan,
  consultants,
  day,
  perfectPlans,
  rowsOf,
  type SimulatedCard,
  START,
  simulateCard,
  stateAtEndOf,
  tenant,
  visitOf
} from "../reportFixtures.js"

const UNTIL = day("2026-11-30")
const months = ["2026-10", "2026-11"] as unknown as ReadonlyArray<YearMonth>
const simulate = (plans: ReadonlyArray<CardPlan>, until = UNTIL): Array<SimulatedCard> =>
  plans.map((p) => simulateCard(p, until))
const factsOf = (cards: ReadonlyArray<CardHistory>) =>
  cards.map((c) => cardFactsOf(c.tenant, c.cardId, foldCard(c.history)))

/** Perfect plans where some cards are forgotten from a day on (so some contacts are overdue). */
const plansWithLapses = perfectPlans.chain((plans) =>
  fc
    .array(fc.option(fc.integer({ min: 4, max: 50 }), { nil: undefined }), {
      minLength: plans.length,
      maxLength: plans.length
    })
    .map((stops) =>
      plans.map((p, i) => {
        const stop = stops[i]
        return stop === undefined ? p : { ...p, stopContactsOn: addDays(p.openOn, stop) }
      })
    )
)

describe("properties of the supervisor's forms", () => {
  it("the daily report's counts equal counts over the events and the folded schedule", () => {
    fc.assert(
      fc.property(
        plansWithLapses,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 10 }),
        (plans, offset, length) => {
          const cards = simulate(plans, day("2026-12-10"))
          const { events, spans } = rowsOf(cards)
          const range = { from: addDays(START, offset), to: addDays(START, offset + length) }
          const report = dailyReport({ range, events, spans, visits: [], referrals: [] }, defaultPolicy)
          for (const d of daysOf(range)) {
            const total = report.totals.find((t) => t.on === d)
            let opened = 0
            let done = 0
            let orders = 0
            let due = 0
            let overdue = 0
            for (const c of cards) {
              const today = c.history.filter((e) => e.on === d)
              opened += today.filter((e) => e._tag === "CardOpened").length
              const contacts = today.filter((e) => e._tag === "ContactLogged").length
              done += contacts
              orders += today.filter((e) => e._tag === "OrderPlaced").length
              const atStart = stateAtEndOf(c.history, addDays(d, -1))
              if (atStart.nextContactDue !== undefined && atStart.nextContactDue <= d) {
                due++
                if (contacts === 0) overdue++
              }
            }
            expect([total?.counts.newCards, total?.counts.contactsDone, total?.counts.orders]).toEqual([
              opened,
              done,
              orders
            ])
            expect([total?.counts.contactsDue, total?.counts.contactsOverdue]).toEqual([due, overdue])
            // the consultants' rows add up to the total
            const rows = report.rows.filter((r) => r.on === d)
            expect(rows.reduce((n, r) => n + r.counts.contactsDue, 0)).toBe(due)
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it("the control table's grades are the fold of each card's history up to the day", () => {
    fc.assert(
      fc.property(
        plansWithLapses,
        fc.constantFrom(...consultants),
        fc.constantFrom(...months),
        (plans, consultant, month) => {
          const cards = simulate(plans)
          const table = progressControlTable(
            { consultantId: consultant as ConsultantId, month, histories: cards },
            defaultPolicy
          )
          const byId = new Map(cards.map((c) => [c.cardId as string, c]))
          for (const row of table.rows) {
            const card = byId.get(row.cardId) as SimulatedCard
            for (const cell of row.cells) {
              const s = stateAtEndOf(card.history, cell.on)
              expect(cell.grade).toBe(s.status === "none" ? undefined : s.grade)
            }
          }
          // every card the consultant held open in the month has a row
          const held = cards.filter((c) =>
            daysOf(table.range).some((d) => {
              const s = stateAtEndOf(c.history, d)
              return s.owner === consultant && (s.status === "prospect" || s.status === "ordered")
            })
          )
          expect(table.rows.map((r) => r.cardId).sort()).toEqual(held.map((c) => c.cardId).sort())
        }
      ),
      { numRuns: 40 }
    )
  })

  it("a team that follows the policy perfectly raises no finding, and its three forms agree", () => {
    fc.assert(
      fc.property(perfectPlans, (plans) => {
        const cards = simulate(plans)
        const { events, spans } = rowsOf(cards)
        const visits = plans.map(visitOf)
        // the team's policy knows the holiday calendars its care horizon reaches (test data: a
        // year with no holidays), so nothing is missing but what the team did
        const known = {
          ...defaultPolicy,
          holidays: { years: [{ year: 2027, source: "test", holidays: [] }] }
        }
        const report = findings(
          { on: UNTIL, from: START, facts: factsOf(cards), events, visits, care: [] },
          known
        )
        expect(report.findings).toEqual([])
        const forms = cards.map((c) => customerCardForm(c, defaultPolicy))
        for (const consultant of consultants)
          for (const month of months) {
            const control = progressControlTable(
              { consultantId: consultant as ConsultantId, month, histories: cards },
              defaultPolicy
            )
            const daily = dailyReport(
              {
                range: control.range,
                events,
                spans,
                visits,
                referrals: [],
                consultants: [consultant as ConsultantId]
              },
              defaultPolicy
            )
            expect(formConsistency({ tenant, daily, control, cards: forms }, defaultPolicy)).toEqual([])
          }
      }),
      { numRuns: 40 }
    )
  })

  it("the facts the findings filter keeps raise the same findings as all the facts, and only those cards", () => {
    const reports = fc.record({
      overdue: fc.record({
        graceDays: fc.integer({ min: 0, max: 5 }),
        criticalAfterDays: fc.integer({ min: 1, max: 20 })
      }),
      gradeHorizon: fc.integer({ min: 0, max: 10 }),
      gradeStale: fc.integer({ min: 1, max: 90 }),
      defeatReview: fc.integer({ min: 0, max: 10 })
    })
    fc.assert(
      fc.property(
        plansWithLapses.chain((plans) =>
          // some cards re-graded two ranks up with no contact that day (a grade jump)
          fc
            .array(fc.option(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean()), { nil: undefined }), {
              minLength: plans.length,
              maxLength: plans.length
            })
            .map((jumps) =>
              plans.map((p, i) => {
                const jump = jumps[i]
                return jump === undefined
                  ? p
                  : {
                      ...p,
                      daysToPurchase: 45,
                      jumpOn: addDays(p.openOn, jump[0]),
                      contactOnJumpDay: jump[1]
                    }
              })
            )
        ),
        reports,
        fc.integer({ min: 0, max: 70 }),
        fc.boolean(),
        (plans, r, offset, uncardedVisit) => {
          const policy = {
            ...defaultPolicy,
            reports: {
              ...defaultPolicy.reports,
              overdue: r.overdue,
              gradeHorizon: { ...defaultPolicy.reports.gradeHorizon, graceDays: r.gradeHorizon },
              gradeStale: { ...defaultPolicy.reports.gradeStale, afterDays: r.gradeStale },
              defeatReview: { ...defaultPolicy.reports.defeatReview, withinDays: r.defeatReview }
            }
          }
          const on = addDays(START, offset)
          const cards = simulate(plans, on)
          const { events } = rowsOf(cards)
          const visits: Array<ShowroomVisit> = plans.map(visitOf)
          // a first walk-in without a card, by a customer who has one (so no finding) or not
          const known = plans[0]
          if (uncardedVisit && known !== undefined)
            visits.push({ ...visitOf(known), on, visitId: "v-nocard", cardId: undefined } as never)
          const facts = factsOf(cards).filter(
            (f) => f.status === "prospect" || f.status === "ordered" || f.status === "defeatRequested"
          )
          const input = { on, from: addDays(on, -7), events, visits, care: [], stores: [tenant] }
          const filter = findingsFactFilter(input, policy)
          const kept = facts.filter((f) => factMayRaiseFinding(f, filter))
          const all = findings({ ...input, facts }, policy)
          expect(findings({ ...input, facts: kept }, policy)).toEqual(all)
          // and the events of the kinds the rules read, with the contacts of the re-graded cards only
          const regraded = new Set(events.filter((e) => e.event._tag === "Regraded").map((e) => e.cardId))
          const read = [
            ...events.filter((e) => findingsEventKinds.includes(e.event._tag)),
            ...events.filter((e) => e.event._tag === "ContactLogged" && regraded.has(e.cardId))
          ]
          expect(findings({ ...input, events: read, facts: kept }, policy)).toEqual(all)
          // the filter is tight: each kept card raises a fact rule's finding or has a looked-up phone
          const raised = new Set(
            all.findings.flatMap((f) => (f.ruleId === "findings.gradeJump" ? [] : f.cardIds))
          )
          for (const f of kept)
            expect(raised.has(f.cardId) || (f.phone !== undefined && filter.phones.includes(f.phone))).toBe(
              true
            )
        }
      ),
      { numRuns: 80 }
    )
  })

  const violations = [
    "overdue",
    "missingAgreedContact",
    "gradeJump",
    "defeatReview",
    "gradeHorizon",
    "gradeStale",
    "walkInWithoutCard",
    "lostContactRow"
  ] as const

  it("a seeded violation always raises its finding on the card", () => {
    fc.assert(
      fc.property(
        perfectPlans,
        fc.nat(),
        fc.constantFrom(...violations),
        fc.integer({ min: 0, max: 20 }),
        (plans, pick, violation, shift) => {
          const i = pick % plans.length
          const p = plans[i] as CardPlan
          const seeded: Record<(typeof violations)[number], CardPlan> = {
            overdue: { ...p, stopContactsOn: addDays(UNTIL, -2 - shift) },
            missingAgreedContact: { ...p, noAgreementFrom: addDays(UNTIL, -21 + shift) },
            gradeJump: { ...p, daysToPurchase: 45, jumpOn: addDays(p.openOn, 1) },
            // requested after the card opened (a plan opened late in the window requests it the day after)
            defeatReview: {
              ...p,
              daysToPurchase: 60,
              defeatOn:
                addDays(day("2026-11-20"), -shift) > p.openOn
                  ? addDays(day("2026-11-20"), -shift)
                  : addDays(p.openOn, 1)
            },
            gradeHorizon: { ...p, fixedTimeframeDays: 5 },
            gradeStale: { ...p, openOn: START, fixedTimeframeDays: 60 },
            walkInWithoutCard: p,
            lostContactRow: p
          }
          const all = plans.map((x, j) => (j === i ? seeded[violation] : x))
          const cards = simulate(all)
          const rows = rowsOf(cards)
          const visits: Array<ShowroomVisit> = all.map(visitOf)
          if (violation === "walkInWithoutCard")
            visits.push({
              ...visitOf(p),
              visitId: "v-nocard",
              cardId: undefined,
              phone: "+8613700000000"
            } as never)
          const report = findings(
            { on: UNTIL, from: START, facts: factsOf(cards), events: rows.events, visits, care: [] },
            defaultPolicy
          )
          const found = report.findings.map((f) => `${f.ruleId}:${[...f.cardIds, ...f.visitIds].join(",")}`)
          if (violation === "walkInWithoutCard")
            expect(found).toContain("findings.walkInWithoutCard:v-nocard")
          else if (violation === "lostContactRow") {
            // the store's report rows lost one of the card's contacts: the forms disagree on that card
            const contact = rows.events.find((e) => e.cardId === p.cardId && e.event._tag === "ContactLogged")
            if (contact === undefined) return
            const month = contact.event.on.slice(0, 7) as YearMonth
            const control = progressControlTable(
              { consultantId: p.owner as ConsultantId, month, histories: cards },
              defaultPolicy
            )
            const daily = dailyReport(
              {
                range: control.range,
                events: rows.events.filter((e) => e !== contact),
                spans: rows.spans,
                visits,
                referrals: [],
                consultants: [p.owner as ConsultantId]
              },
              defaultPolicy
            )
            const out = formConsistency(
              { tenant, daily, control, cards: cards.map((c) => customerCardForm(c, defaultPolicy)) },
              defaultPolicy
            )
            expect(out.map((f) => `${f.ruleId}:${f.cardIds.join(",")}:${f.inputs.on}`)).toContain(
              `consistency.dailyVsCard:${p.cardId}:${contact.event.on}`
            )
          } else if (violation === "missingAgreedContact") {
            // an order scheduled late in the window may leave no contact due on or after the seeded
            // day: the violation then never happened, and the card must raise nothing
            const seededCard = cards[i] as SimulatedCard
            const last = seededCard.history.filter((e) => e._tag === "ContactLogged").at(-1)
            const key = `findings.missingAgreedContact:${p.cardId}`
            if (last !== undefined && last.agreedNextContactOn === undefined) expect(found).toContain(key)
            else expect(found).not.toContain(key)
          } else expect(found).toContain(`findings.${violation}:${p.cardId}`)
        }
      ),
      { numRuns: 120 }
    )
  })
})

export type { CalendarDate }
