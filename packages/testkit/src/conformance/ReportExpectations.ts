/**
 * What the report source reads must answer, computed from the cards a store loads back with the
 * core's pure functions (the events and due spans of a range, by owner), and the days, ranges and
 * actors the report conformance tests use. Shared by ReportSource.ts and ReportSourceReference.ts.
 *
 * @module
 */
import {
  type CalendarDate,
  CardStore,
  type ConsultantId,
  calendarDateOf,
  type DayRange,
  type DueSpan,
  dueSpansOf,
  initialCardState,
  reportEventsOf,
  type StoredCard,
  type Tenant
} from "@jipan/core"
import { Effect, Option } from "effect"
import { cardIdOf, START } from "../Fixtures.js"

export const DAY = 86_400_000
export const HOUR = 3_600_000
export const day = (n: number): CalendarDate => calendarDateOf(START + n * DAY)
export const range = (from: number, to: number): DayRange => ({ from: day(from), to: day(to) })
export const supervisor = { id: "sup", role: "supervisor" as const }
export const consultant = (id: ConsultantId) => ({ id, role: "consultant" as const })

export const loadAll = (tenant: Tenant, ns: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const out: Array<StoredCard> = []
    for (const n of ns) {
      const card = yield* cards.load(tenant, cardIdOf(n))
      if (Option.isSome(card)) out.push(card.value)
    }
    return out
  })

// the in-force rule of ReportSource.dueSpans, as the port's documentation states it
const covers = (s: DueSpan, r: DayRange) =>
  s.startedOn < r.to && (s.endedOn === undefined || (s.endedOn >= r.from && s.endedOn > s.startedOn))

const inRange = (d: string, r: DayRange) => r.from <= d && d <= r.to

/** What the reads must answer, from loaded cards (one tenant, in card id order). */
export const expectedEvents = (cards: ReadonlyArray<StoredCard>, r: DayRange, who?: ConsultantId) =>
  cards.flatMap((c) =>
    reportEventsOf(c.tenant, c.cardId, initialCardState, c.history).filter(
      (e) => inRange(e.event.on, r) && (who === undefined || e.owner === who)
    )
  )
export const expectedSpans = (
  cards: ReadonlyArray<StoredCard>,
  r: DayRange,
  options: { readonly owner?: ConsultantId; readonly dueOnOrBefore?: CalendarDate } = {}
) =>
  cards.flatMap((c) =>
    dueSpansOf(c.tenant, c.cardId, c.history).filter(
      (s) =>
        covers(s, r) &&
        (options.owner === undefined || s.owner === options.owner) &&
        (options.dueOnOrBefore === undefined || s.due <= options.dueOnOrBefore)
    )
  )
