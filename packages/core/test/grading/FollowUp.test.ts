import { Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addDays,
  CalendarDate,
  cabinet,
  defaultPolicy,
  type FollowUpInput,
  findGrade,
  type GradeId,
  gradeFollowUp,
  type NextContact,
  nextContact,
  type Policy
} from "../../src/index.js"
import { calendarDate, soundPolicy } from "../arbitraries.js"

const d = (s: string) => CalendarDate.make(s)
const today = d("2026-11-22")
const card = (grade: string, fields: Partial<FollowUpInput> = {}): FollowUpInput => ({
  grade: grade as GradeId,
  openedOn: d("2026-11-01"),
  ...fields
})
const ok = (r: ReturnType<typeof nextContact>): NextContact => {
  if (Result.isFailure(r)) throw new Error(r.failure.message)
  return r.success
}

describe("nextContact", () => {
  it("is due one grade interval after the last contact", () => {
    expect(
      ok(nextContact(card("A", { lastContactOn: d("2026-11-20") }), defaultPolicy, today))
    ).toMatchObject({
      due: "2026-11-24",
      state: "upcoming",
      overdueDays: 0
    })
    expect(ok(nextContact(card("H", { lastContactOn: d("2026-11-20") }), defaultPolicy, today)).state).toBe(
      "dueToday"
    )
  })

  it("before any contact: the first call within its window; an ungraded card within a day", () => {
    expect(ok(nextContact(card("B", { openedOn: d("2026-11-21") }), defaultPolicy, today)).due).toBe(
      "2026-11-24"
    )
    expect(ok(nextContact(card("H", { openedOn: d("2026-11-21") }), defaultPolicy, today)).due).toBe(
      "2026-11-23"
    )
    const n = ok(nextContact(card("N", { openedOn: d("2026-11-21") }), defaultPolicy, today))
    expect(n.due).toBe("2026-11-22")
    expect(n.reasons[0]?.ruleId).toBe("followUp.firstCall")
  })

  it("names the grade's interval too when it capped the first-call window (H: 2 days < 3)", () => {
    const h = ok(nextContact(card("H", { openedOn: d("2026-11-21") }), defaultPolicy, today))
    expect(h.reasons.map((r) => r.ruleId)).toEqual(["followUp.firstCall", "followUp.interval.H"])
    const b = ok(nextContact(card("B", { openedOn: d("2026-11-21") }), defaultPolicy, today))
    expect(b.reasons.map((r) => r.ruleId)).toEqual(["followUp.firstCall"])
    // the decider's events say the same of a card opened at H
    const rules = gradeFollowUp(defaultPolicy, "H" as GradeId)
    expect(rules?.firstCall).toEqual(["followUp.firstCall", "followUp.interval.H"])
    expect(gradeFollowUp(defaultPolicy, "B" as GradeId)?.firstCall).toEqual(["followUp.firstCall"])
  })

  it("takes an earlier agreed contact, and refuses a later one with a warning", () => {
    const earlier = ok(
      nextContact(
        card("C", { lastContactOn: d("2026-11-20"), agreedNextContactOn: d("2026-11-25") }),
        defaultPolicy,
        today
      )
    )
    expect(earlier.due).toBe("2026-11-25")
    expect(earlier.reasons.map((r) => r.ruleId)).toContain("followUp.agreedContact")
    const later = ok(
      nextContact(
        card("A", { lastContactOn: d("2026-11-20"), agreedNextContactOn: d("2026-12-20") }),
        defaultPolicy,
        today
      )
    )
    expect(later.due).toBe("2026-11-24")
    expect(later.warnings.map((w) => w.code)).toEqual(["AGREED_CONTACT_TOO_LATE"])
  })

  it("flags a contact overdue by a day and downgrades one overdue by seven (the lapse rule)", () => {
    const flagged = ok(nextContact(card("A", { lastContactOn: d("2026-11-17") }), defaultPolicy, today))
    expect(flagged).toMatchObject({
      state: "overdue",
      overdueDays: 1,
      lapse: { stepId: "lapse.flag", action: "flag" }
    })
    const sixDays = ok(nextContact(card("A", { lastContactOn: d("2026-11-12") }), defaultPolicy, today))
    expect(sixDays.lapse?.action).toBe("flag")
    const downgraded = ok(nextContact(card("A", { lastContactOn: d("2026-11-11") }), defaultPolicy, today))
    expect(downgraded).toMatchObject({
      overdueDays: 7,
      lapse: { stepId: "lapse.downgrade", action: "downgrade", downgradeTo: "B" }
    })
    const coldest = ok(nextContact(card("C", { lastContactOn: d("2026-10-01") }), defaultPolicy, today))
    expect(coldest.lapse).toEqual({ stepId: "lapse.downgrade", action: "downgrade" })
    expect(
      ok(nextContact(card("A", { lastContactOn: d("2026-11-18") }), defaultPolicy, today)).lapse
    ).toBeUndefined()
  })

  it("refuses a grade the policy does not have", () => {
    const r = nextContact(card("Z"), defaultPolicy, today)
    expect(Result.isFailure(r) && r.failure._tag).toBe("UnknownGrade")
  })

  it("property: the due date is never later than the grade's interval allows", () => {
    const input = (policy: Policy) =>
      fc.record({
        grade: fc.constantFrom(
          ...[
            policy.grading.ordered.id,
            ...policy.grading.grades.map((g) => g.id),
            policy.grading.ungraded.id
          ]
        ),
        openedOn: calendarDate(),
        contactAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        agreedAfter: fc.option(fc.integer({ min: -10, max: 60 }), { nil: undefined })
      })
    fc.assert(
      fc.property(
        soundPolicy.chain((p) => fc.tuple(fc.constant(p), input(p))),
        calendarDate(),
        (policyAndInput, day) => {
          const [policy, i] = policyAndInput
          const lastContactOn = i.contactAfter === undefined ? undefined : addDays(i.openedOn, i.contactAfter)
          const base = lastContactOn ?? i.openedOn
          const c: FollowUpInput = {
            grade: i.grade,
            openedOn: i.openedOn,
            ...(lastContactOn === undefined ? {} : { lastContactOn }),
            ...(i.agreedAfter === undefined ? {} : { agreedNextContactOn: addDays(base, i.agreedAfter) })
          }
          const r = ok(nextContact(c, policy, day))
          const interval = findGrade(policy, i.grade)?.interval ?? 0
          return r.due <= addDays(base, interval) && r.overdueDays >= 0
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("cabinet (卡柜)", () => {
  it("puts each card in its grade's slot by due state, sorted by due date", () => {
    const cards = [
      { cardId: "a1", ...card("A", { lastContactOn: d("2026-11-10") }) },
      { cardId: "a2", ...card("A", { lastContactOn: d("2026-11-15") }) },
      { cardId: "h1", ...card("H", { lastContactOn: d("2026-11-20") }) },
      { cardId: "c1", ...card("C", { lastContactOn: d("2026-11-20") }) },
      { cardId: "x1", ...card("X") }
    ]
    const day = cabinet(cards, defaultPolicy, today)
    expect(day.slots.map((s) => s.grade)).toEqual(["O", "H", "A", "B", "C", "N"])
    const slot = (g: string) => day.slots.find((s) => s.grade === g)
    expect(slot("A")?.overdue.map((c) => c.card.cardId)).toEqual(["a1", "a2"])
    expect(slot("A")?.overdue[0]?.next.lapse?.action).toBe("downgrade")
    expect(slot("H")?.dueToday.map((c) => c.card.cardId)).toEqual(["h1"])
    expect(slot("C")?.upcoming.map((c) => c.card.cardId)).toEqual(["c1"])
    expect(day.unplaced.map((u) => u.card.cardId)).toEqual(["x1"])
    expect(slot("A")?.label.en).toBe("A (buys within 15 days)")
  })

  it("property: every card lands in exactly one place", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            grade: fc.constantFrom("O", "H", "A", "B", "C", "N", "Q"),
            openedOn: calendarDate(30),
            lastContactOn: fc.option(calendarDate(30), { nil: undefined })
          })
        ),
        calendarDate(30),
        (raw, day) => {
          const cards = raw.map((c, i) => ({
            cardId: String(i),
            grade: c.grade as GradeId,
            openedOn: c.openedOn,
            ...(c.lastContactOn === undefined ? {} : { lastContactOn: c.lastContactOn })
          }))
          const result = cabinet(cards, defaultPolicy, day)
          const placed = result.slots.flatMap((s) =>
            [...s.overdue, ...s.dueToday, ...s.upcoming].map((c) => c.card.cardId)
          )
          const all = [...placed, ...result.unplaced.map((u) => u.card.cardId)].sort()
          return JSON.stringify(all) === JSON.stringify(cards.map((c) => c.cardId).sort())
        }
      )
    )
  })
})
