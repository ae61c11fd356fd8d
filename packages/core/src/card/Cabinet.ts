/**
 * The card cabinet (卡柜): each day the consultant works the cards due, slot by slot.
 *
 * @module
 */
import { Result } from "effect"
import { type DueState, type FollowUpInput, type NextContact, nextContact } from "../grading/FollowUp.js"
import { findGrade, knownGrades } from "../grading/Grading.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { Label } from "../kernel/Label.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { Policy } from "../policy/Policy.js"

/**
 * A prospect placed in the cabinet: its card and its next contact.
 *
 * @example
 * ```ts
 * import type { CabinetCard, FollowUpInput } from "@jipan/core"
 * declare const c: CabinetCard<{ cardId: string } & FollowUpInput>
 * c.next.overdueDays
 * ```
 */
export interface CabinetCard<P extends FollowUpInput> {
  readonly card: P
  readonly next: NextContact
}

/**
 * One slot of the cabinet: a grade, with its cards split by due state, each list sorted by due date.
 *
 * @example
 * ```ts
 * import type { CabinetSlot, FollowUpInput } from "@jipan/core"
 * declare const slot: CabinetSlot<FollowUpInput>
 * slot.overdue.length + slot.dueToday.length // the slot's work for today
 * ```
 */
export interface CabinetSlot<P extends FollowUpInput> {
  readonly grade: GradeId
  readonly label: Label
  readonly overdue: ReadonlyArray<CabinetCard<P>>
  readonly dueToday: ReadonlyArray<CabinetCard<P>>
  readonly upcoming: ReadonlyArray<CabinetCard<P>>
}

/**
 * A day's cabinet: one slot per grade of the policy, hottest first (O, the scale, then N), and the
 * cards that could not be placed because their grade is not in the policy.
 *
 * @example
 * ```ts
 * import { cabinet, type FollowUpInput } from "@jipan/core"
 * declare const cards: ReadonlyArray<FollowUpInput> // a consultant's open cards
 * cabinet(cards, policy, today).slots.map((s) => [s.grade, s.dueToday.length])
 * ```
 */
export interface Cabinet<P extends FollowUpInput> {
  readonly date: CalendarDate
  readonly slots: ReadonlyArray<CabinetSlot<P>>
  readonly unplaced: ReadonlyArray<{ readonly card: P; readonly reason: string }>
}

/**
 * Groups prospects into cabinet slots by grade and due state for a day. Pass any card type that
 * carries the follow-up fields; it comes back as given.
 *
 * @example
 * ```ts
 * import { cabinet, defaultPolicy, CalendarDate, GradeId } from "@jipan/core"
 * const card = { cardId: "c1", grade: GradeId.make("H"), openedOn: CalendarDate.make("2026-11-20"),
 *   lastContactOn: CalendarDate.make("2026-11-20") }
 * const day = cabinet([card], defaultPolicy, CalendarDate.make("2026-11-22"))
 * day.slots[1]?.dueToday[0]?.card.cardId // "c1"
 * ```
 */
export const cabinet = <P extends FollowUpInput>(
  cards: Iterable<P>,
  policy: Policy,
  today: CalendarDate
): Cabinet<P> => {
  const byGrade = new Map<GradeId, Record<DueState, Array<CabinetCard<P>>>>()
  for (const grade of knownGrades(policy)) byGrade.set(grade, { overdue: [], dueToday: [], upcoming: [] })
  const unplaced: Array<{ card: P; reason: string }> = []
  for (const card of cards) {
    const next = nextContact(card, policy, today)
    const slot = byGrade.get(card.grade)
    if (Result.isFailure(next) || slot === undefined) {
      unplaced.push({
        card,
        reason: Result.isFailure(next) ? next.failure.message : `Unknown grade ${card.grade}`
      })
      continue
    }
    slot[next.success.state].push({ card, next: next.success })
  }
  const byDue = (a: CabinetCard<P>, b: CabinetCard<P>) =>
    a.next.due < b.next.due ? -1 : a.next.due > b.next.due ? 1 : 0
  const slots = [...byGrade].map(([grade, s]) => ({
    grade,
    label: (findGrade(policy, grade) as NonNullable<ReturnType<typeof findGrade>>).label,
    overdue: s.overdue.sort(byDue),
    dueToday: s.dueToday.sort(byDue),
    upcoming: s.upcoming.sort(byDue)
  }))
  return { date: today, slots, unplaced }
}
