// The in-memory ReportSource: report reads derived from the card and referral rows on each call (the SQL stores keep them as rows written at append time with the same pure functions).

import { initialCardState } from "../../../card/CardState.js"
import type { CalendarDate } from "../../../kernel/CalendarDate.js"
import { isErasedPhone } from "../../../kernel/Phone.js"
import { inScope, type Tenant, type TenantScope } from "../../../kernel/Tenant.js"
import { factMayRaiseFinding } from "../../../report/Findings.js"
import {
  type CardFacts,
  cardFactsOf,
  type DueSpan,
  dueSpansOf,
  type ReportEvent,
  type ReportReferral,
  reportEventsOf,
  reportReferralOf
} from "../../../report/ReportRows.js"
import { type CardHistory, type CardKey, cardKeyLimit, ReportSource } from "../../../report/ReportSource.js"
import type { ShowroomVisit } from "../../../report/ShowroomVisit.js"
import { byCardId, Commit, type Db, key, type MemoryAccess } from "./MemoryDb.js"

export const memoryReports = (access: MemoryAccess) => {
  const { read, write, cardsIn } = access
  // report reads: derived from the card and referral rows on each call (the SQL stores keep them
  // as rows written at append time with the same pure functions)
  const byStoreThenCard = (a: { tenant: Tenant; cardId: string }, b: { tenant: Tenant; cardId: string }) =>
    a.tenant.storeId < b.tenant.storeId ? -1 : a.tenant.storeId > b.tenant.storeId ? 1 : byCardId(a, b)
  const sortedCards = (db: Db, scope: TenantScope) => cardsIn(db, scope).sort(byStoreThenCard)
  const inRange = (day: CalendarDate, range: { from: CalendarDate; to: CalendarDate }) =>
    range.from <= day && day <= range.to
  return ReportSource.of({
    eventsOn: (scope, range, options) =>
      read((db) => {
        const rows: Array<ReportEvent> = []
        for (const r of sortedCards(db, scope)) {
          if (!r.history.some((e) => inRange(e.on, range))) continue
          if (options?.cardIds !== undefined && !options.cardIds.includes(r.cardId)) continue
          for (const row of reportEventsOf(r.tenant, r.cardId, initialCardState, r.history)) {
            if (!inRange(row.event.on, range)) continue
            if (options?.owner !== undefined && row.owner !== options.owner) continue
            if (options?.kinds !== undefined && !options.kinds.includes(row.event._tag)) continue
            rows.push(row)
          }
        }
        return rows
      }),
    dueSpans: (scope, range, options) =>
      read((db) => {
        const spans: Array<DueSpan> = []
        for (const r of sortedCards(db, scope)) {
          for (const s of dueSpansOf(r.tenant, r.cardId, r.history)) {
            const covers =
              s.startedOn < range.to &&
              (s.endedOn === undefined || (s.endedOn >= range.from && s.endedOn > s.startedOn))
            if (!covers) continue
            if (options?.owner !== undefined && s.owner !== options.owner) continue
            if (options?.dueOnOrBefore !== undefined && s.due > options.dueOnOrBefore) continue
            spans.push(s)
          }
        }
        return spans
      }),
    histories: (tenant, cardIds) =>
      read((db) => {
        const seen = new Set<string>()
        const out: Array<CardHistory> = []
        for (const id of cardIds) {
          if (seen.has(id)) continue
          seen.add(id)
          const row = db.cards.get(key(tenant, id))
          if (row !== undefined) out.push({ tenant: row.tenant, cardId: row.cardId, history: row.history })
        }
        return out
      }),
    cardKeys: (scope, page) =>
      read((db) => {
        const out: Array<CardKey> = []
        const after = page.after
        const limit = cardKeyLimit(page)
        for (const r of sortedCards(db, scope)) {
          if (out.length >= limit) break
          if (
            after !== undefined &&
            (r.tenant.storeId < after.storeId ||
              (r.tenant.storeId === after.storeId && r.cardId <= after.cardId))
          )
            continue
          out.push({ tenant: r.tenant, cardId: r.cardId })
        }
        return out
      }),
    cardFacts: (scope, options) =>
      read((db) => {
        const out: Array<CardFacts> = []
        for (const r of sortedCards(db, scope)) {
          if (options?.statuses !== undefined && !options.statuses.includes(r.state.status)) continue
          if (options?.owner !== undefined && r.state.owner !== options.owner) continue
          const facts = cardFactsOf(r.tenant, r.cardId, r.state)
          if (
            options?.mayRaiseFindings !== undefined &&
            !factMayRaiseFinding(facts, options.mayRaiseFindings)
          )
            continue
          if (
            options?.dueBefore !== undefined &&
            (facts.nextContactDue === undefined || facts.nextContactDue >= options.dueBefore)
          )
            continue
          if (
            options?.statusSinceOnOrBefore !== undefined &&
            (facts.statusSince === undefined || facts.statusSince > options.statusSinceOnOrBefore)
          )
            continue
          if (options?.erased === false && facts.phone !== undefined && isErasedPhone(facts.phone)) continue
          out.push(facts)
        }
        return out
      }),
    recordVisits: (visits) =>
      write<void, never>((db): Commit<void> => {
        const next = new Map(db.visits)
        for (const v of visits) {
          const k = key(v.tenant, v.visitId)
          const stored = next.get(k)
          // the one change allowed: an erasure gives the stored visit again without its phone
          if (
            stored === undefined ||
            (stored.phone !== undefined && v.phone === undefined && sameBut(stored, v))
          )
            next.set(k, v)
        }
        return new Commit(undefined, { ...db, visits: next })
      }),
    visitsOn: (scope, range, options) =>
      read((db) =>
        [...db.visits.values()]
          .filter(
            (v) =>
              inScope(scope, v.tenant) &&
              inRange(v.on, range) &&
              (options?.consultant === undefined || v.consultant === options.consultant) &&
              (options?.phone === undefined || v.phone === options.phone)
          )
          .sort((a, b) => a.at - b.at || (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0))
      ),
    referralsOn: (scope, range, options) =>
      read((db) => {
        const out: Array<ReportReferral> = []
        for (const r of db.referrals.values()) {
          if (!inScope(scope, r.tenant)) continue
          const row = reportReferralOf(r.tenant, r.state)
          if (row === undefined || !inRange(row.registeredOn, range)) continue
          if (options?.consultant !== undefined && row.consultantId !== options.consultant) continue
          out.push(row)
        }
        return out.sort(
          (a, b) =>
            (a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : 0) ||
            (a.referralId < b.referralId ? -1 : a.referralId > b.referralId ? 1 : 0)
        )
      })
  })
}

/** Whether two visits are the same but for the phone. */
const sameBut = (a: ShowroomVisit, b: ShowroomVisit): boolean => {
  const { phone: _a, ...restA } = a
  const { phone: _b, ...restB } = b
  return JSON.stringify(restA, Object.keys(restA).sort()) === JSON.stringify(restB, Object.keys(restB).sort())
}
