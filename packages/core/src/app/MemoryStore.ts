/**
 * The in-memory store: every storage port on plain maps, for tests, prototypes and demos. No I/O.
 * Transactions are real: `withTransaction` works on a private copy that replaces the committed data
 * only when the whole effect succeeds (reads outside it never see uncommitted writes), and
 * transactions run one at a time.
 *
 * @module
 */
import { Context, Effect, Layer, Option, Semaphore } from "effect"
import type { CardEvent } from "../card/CardEvent.js"
import { type CardState, initialCardState } from "../card/CardState.js"
import { type CardSummary, openCardStatuses, type StoredCard, summaryOf } from "../card/CardSummary.js"
import type { CareContact, CareContactDue } from "../care/CareContact.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ReferralId } from "../kernel/Ids.js"
import { aggregateCallIds, tracedPort } from "../kernel/Observability.js"
import { StoreError, VersionConflict } from "../kernel/StoreError.js"
import { inScope, type Tenant, type TenantScope } from "../kernel/Tenant.js"
import {
  type DeliveryReceipt,
  DeliveryReceipts,
  type ProviderSubmission
} from "../notify/DeliveryReceipts.js"
import {
  Outbox,
  type OutboxMessage,
  type OutboxOutcome,
  type OutboxSettlement,
  type OutboxSettleResult
} from "../notify/Outbox.js"
import type { PolicyDocument } from "../policy/Policy.js"
import type { ReferralEvent, ReferralState } from "../referral/Referral.js"
import { factMayRaiseFinding } from "../report/Findings.js"
import {
  type CardFacts,
  type CardHistory,
  type CardKey,
  cardFactsOf,
  type DueSpan,
  dueSpansOf,
  type ReportEvent,
  type ReportReferral,
  ReportSource,
  reportEventsOf,
  reportReferralOf,
  type ShowroomVisit
} from "../report/ReportSource.js"
import { type CardAppend, CardStore, type Page, pageLimit } from "./CardStore.js"
import { PolicyStore } from "./PolicyStore.js"
import { type LedgerRow, ReferralStore, type StoredReferral } from "./ReferralStore.js"
import { type JipanStore, StoreTransaction } from "./StoreTransaction.js"

interface CardRow {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly state: CardState
  readonly history: ReadonlyArray<CardEvent>
  readonly care: ReadonlyArray<CareContact>
}

interface ReferralRow {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly state: ReferralState
  readonly history: ReadonlyArray<ReferralEvent>
}

/** The whole store as immutable data: a write makes a new value, so a snapshot is a reference. */
interface Db {
  readonly cards: ReadonlyMap<string, CardRow>
  readonly referrals: ReadonlyMap<string, ReferralRow>
  readonly ledger: ReadonlyArray<LedgerRow>
  readonly outbox: ReadonlyArray<OutboxMessage>
  /** Where each message is in `outbox` (key: tenant + id; messages never move), and the keys taken. */
  readonly outboxIndex: ReadonlyMap<string, number>
  readonly outboxKeys: ReadonlySet<string>
  /** Who holds each claimed message (key: tenant + message id). */
  readonly claims: ReadonlyMap<string, string>
  readonly policies: ReadonlyArray<PolicyDocument>
  /** The reception's visit log (key: tenant + visit id). */
  readonly visits: ReadonlyMap<string, ShowroomVisit>
  /** Provider submissions (key: provider + provider message id + number). */
  readonly submissions: ReadonlyMap<string, ProviderSubmission>
  /** Delivery receipts (key: the submission's + status), in the order recorded. */
  readonly receipts: ReadonlyMap<string, DeliveryReceipt>
}

const emptyDb: Db = {
  cards: new Map(),
  referrals: new Map(),
  ledger: [],
  outbox: [],
  outboxIndex: new Map(),
  outboxKeys: new Set(),
  claims: new Map(),
  policies: [],
  visits: new Map(),
  submissions: new Map(),
  receipts: new Map()
}

const key = (tenant: Tenant, id: string) => `${tenant.dealerGroupId}\u0000${tenant.storeId}\u0000${id}`

const byCardId = (a: { readonly cardId: string }, b: { readonly cardId: string }) =>
  a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0

const byDue = (a: CardSummary, b: CardSummary) =>
  (a.nextContactDue ?? "") < (b.nextContactDue ?? "")
    ? -1
    : (a.nextContactDue ?? "") > (b.nextContactDue ?? "")
      ? 1
      : byCardId(a, b)

let instances = 0

/** A write's result and the new data. */
class Commit<A> {
  readonly value: A
  readonly db: Db
  constructor(value: A, db: Db) {
    this.value = value
    this.db = db
  }
}

// The message after one outcome (see OutboxOutcome): attempts count only real sends.
const settledMessage = (m: OutboxMessage, o: OutboxOutcome): OutboxMessage => {
  switch (o._tag) {
    case "Sent":
      return { ...m, status: "sent", attempts: m.attempts + 1 }
    case "Failed":
      return o.retryAt === undefined
        ? { ...m, status: "dead", attempts: m.attempts + 1, lastError: o.error }
        : { ...m, status: "pending", attempts: m.attempts + 1, lastError: o.error, availableAt: o.retryAt }
    case "Deferred":
      return { ...m, availableAt: o.until, lastError: o.reason }
    case "Skipped":
      return { ...m, status: "skipped", lastError: o.reason }
  }
}

/**
 * Creates the ports of one fresh in-memory store (what {@link layerMemory} provides).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CardStore, makeMemory } from "@jipan/core"
 * const program = Effect.gen(function* () {
 *   const cards = yield* CardStore
 *   return yield* cards.list({ dealerGroupId }, {})
 * }).pipe(Effect.provide(makeMemory()))
 * ```
 */
export const makeMemory = (): Context.Context<JipanStore> => {
  let committed: Db = emptyDb
  const lock = Semaphore.makeUnsafe(1)
  // the working copy of the transaction the current fiber is in, for this store instance only
  const Current = Context.Reference<{ db: Db } | undefined>(`@jipan/core/MemoryStore/${++instances}`, {
    defaultValue: () => undefined
  })

  const read = <A>(f: (db: Db) => A): Effect.Effect<A> =>
    Effect.map(Effect.service(Current), (tx) => f(tx === undefined ? committed : tx.db))

  const write = <A, E = never>(f: (db: Db) => Commit<A> | E): Effect.Effect<A, E> =>
    Effect.flatMap(Effect.service(Current), (tx) => {
      const apply = (db: Db, set: (db: Db) => void): Effect.Effect<A, E> => {
        const r = f(db)
        if (r instanceof Commit) {
          set(r.db)
          return Effect.succeed(r.value as A)
        }
        return Effect.fail(r)
      }
      return tx === undefined
        ? Semaphore.withPermits(lock, 1)(Effect.suspend(() => apply(committed, (db) => (committed = db))))
        : Effect.suspend(() => apply(tx.db, (db) => (tx.db = db)))
    })

  const withTransaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(Effect.service(Current), (tx) =>
      tx !== undefined
        ? effect
        : Semaphore.withPermits(
            lock,
            1
          )(
            Effect.suspend(() => {
              const box = { db: committed }
              return effect.pipe(
                Effect.provideService(Current, box),
                Effect.tap(() => Effect.sync(() => (committed = box.db)))
              )
            })
          )
    )

  const cardsIn = (db: Db, scope: TenantScope) =>
    [...db.cards.values()].filter((r) => inScope(scope, r.tenant))

  const cards = CardStore.of({
    load: (tenant, cardId) =>
      read((db) => {
        const row = db.cards.get(key(tenant, cardId))
        return row === undefined
          ? Option.none()
          : Option.some<StoredCard>({
              tenant: row.tenant,
              cardId: row.cardId,
              state: row.state,
              version: row.state.version,
              history: row.history
            })
      }),
    append: (append: CardAppend) =>
      write((db): Commit<void> | VersionConflict | StoreError => {
        const k = key(append.tenant, append.cardId)
        const row = db.cards.get(k)
        const actual = row?.state.version ?? 0
        if (actual !== append.expectedVersion) {
          return new VersionConflict({
            id: append.cardId,
            expected: append.expectedVersion,
            actual,
            message: `Card ${append.cardId} is at version ${actual}, not ${append.expectedVersion}: reload and decide again`
          })
        }
        const history = [...(row?.history ?? []), ...append.events]
        if (append.state.version !== history.length) {
          return new StoreError({
            reason: "Unknown",
            id: append.cardId,
            message: `Card ${append.cardId}: the state's version ${append.state.version} is not the history's length ${history.length}`
          })
        }
        const next: CardRow = {
          tenant: append.tenant,
          cardId: append.cardId,
          state: append.state,
          history,
          care: append.care
        }
        return new Commit(undefined, { ...db, cards: new Map(db.cards).set(k, next) })
      }),
    findOpenByPhone: (scope, phone) =>
      read((db) =>
        cardsIn(db, scope)
          .filter((r) => r.state.phone === phone && openCardStatuses.includes(r.state.status))
          .map((r) => summaryOf(r.tenant, r.cardId, r.state))
          .sort(byCardId)
      ),
    workList: (scope, owner, date) =>
      read((db) => {
        const mine = cardsIn(db, scope)
          .filter((r) => r.state.owner === owner && r.state.nextContactDue !== undefined)
          .map((r) => summaryOf(r.tenant, r.cardId, r.state))
        return {
          date,
          dueToday: mine.filter((c) => c.nextContactDue === date).sort(byDue),
          overdue: mine.filter((c) => (c.nextContactDue as CalendarDate) < date).sort(byDue)
        }
      }),
    careDue: (scope, date, owner) =>
      read((db) => {
        const due: Array<CareContactDue> = []
        for (const r of cardsIn(db, scope)) {
          if (owner !== undefined && r.state.owner !== owner) continue
          for (const c of r.care) {
            if (c.on <= date) due.push({ ...c, tenant: r.tenant, cardId: r.cardId, owner: r.state.owner })
          }
        }
        return due.sort(
          (a, b) =>
            (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) ||
            byCardId(a, b) ||
            (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
            (a.plannedOn < b.plannedOn ? -1 : a.plannedOn > b.plannedOn ? 1 : 0)
        )
      }),
    list: (scope, filter, page) =>
      read((db): Page<CardSummary> => {
        const limit = pageLimit(page)
        const cursor = page?.cursor
        const matching = cardsIn(db, scope)
          .filter(
            (r) =>
              (cursor === undefined || r.cardId > cursor) &&
              (filter.owner === undefined || r.state.owner === filter.owner) &&
              (filter.grade === undefined || r.state.grade === filter.grade) &&
              (filter.status === undefined || filter.status.includes(r.state.status))
          )
          .map((r) => summaryOf(r.tenant, r.cardId, r.state))
          .sort(byCardId)
        const items = matching.slice(0, limit)
        return { items, next: matching.length > limit ? items[items.length - 1]?.cardId : undefined }
      })
  })

  const referrals = ReferralStore.of({
    load: (tenant, referralId) =>
      read((db) => {
        const row = db.referrals.get(key(tenant, referralId))
        return row === undefined
          ? Option.none()
          : Option.some<StoredReferral>({ ...row, version: row.state.version })
      }),
    append: (append) =>
      write((db): Commit<void> | VersionConflict | StoreError => {
        const k = key(append.tenant, append.referralId)
        const row = db.referrals.get(k)
        const actual = row?.state.version ?? 0
        if (actual !== append.expectedVersion) {
          return new VersionConflict({
            id: append.referralId,
            expected: append.expectedVersion,
            actual,
            message: `Referral ${append.referralId} is at version ${actual}, not ${append.expectedVersion}: reload and decide again`
          })
        }
        const ids = new Set(
          db.ledger
            .filter(
              (l) =>
                l.tenant.dealerGroupId === append.tenant.dealerGroupId &&
                l.tenant.storeId === append.tenant.storeId
            )
            .map((l) => l.entry.entryId)
        )
        for (const entry of append.ledger) {
          if (ids.has(entry.entryId)) {
            return new StoreError({
              reason: "Duplicate",
              id: entry.entryId,
              message: `Ledger entry ${entry.entryId} is already in the ledger (entries are never rewritten)`
            })
          }
          ids.add(entry.entryId)
        }
        const consultantId = append.state.registration?.consultantId
        const next: ReferralRow = {
          tenant: append.tenant,
          referralId: append.referralId,
          state: append.state,
          history: [...(row?.history ?? []), ...append.events]
        }
        return new Commit(undefined, {
          ...db,
          referrals: new Map(db.referrals).set(k, next),
          ledger: [
            ...db.ledger,
            ...append.ledger.map((entry) => ({ tenant: append.tenant, consultantId, entry }))
          ]
        })
      }),
    ledger: (scope, query) =>
      read((db) =>
        db.ledger.filter(
          (r) =>
            inScope(scope, r.tenant) &&
            (query.month === undefined || r.entry.on.slice(0, 7) === query.month) &&
            (query.referrerId === undefined || r.entry.referrerId === query.referrerId) &&
            (query.consultantId === undefined || r.consultantId === query.consultantId)
        )
      )
  })

  // a message changes in place: one copy of the array, one look-up (the dispatcher records a
  // message at a time on channels that do not deduplicate)
  const update = (tenant: Tenant, id: string, f: (m: OutboxMessage) => OutboxMessage) =>
    write<void, never>((db): Commit<void> => {
      const i = db.outboxIndex.get(key(tenant, id))
      if (i === undefined) return new Commit(undefined, db)
      const outbox = db.outbox.slice()
      outbox[i] = f(outbox[i] as OutboxMessage)
      return new Commit(undefined, { ...db, outbox })
    })

  const outbox = Outbox.of({
    enqueue: (messages) =>
      write<void, never>((db): Commit<void> => {
        const added: Array<OutboxMessage> = []
        let index: Map<string, number> | undefined
        let keys: Set<string> | undefined
        for (const m of messages) {
          const id = key(m.tenant, m.id)
          const k = key(m.tenant, m.idempotencyKey)
          if ((index ?? db.outboxIndex).has(id) || (keys ?? db.outboxKeys).has(k)) continue
          index ??= new Map(db.outboxIndex)
          keys ??= new Set(db.outboxKeys)
          index.set(id, db.outbox.length + added.length)
          keys.add(k)
          added.push(m)
        }
        if (added.length === 0) return new Commit(undefined, db)
        return new Commit(undefined, {
          ...db,
          outbox: [...db.outbox, ...added],
          outboxIndex: index ?? db.outboxIndex,
          outboxKeys: keys ?? db.outboxKeys
        })
      }),
    pending: (scope, now, limit) =>
      read((db) =>
        db.outbox
          .filter((m) => inScope(scope, m.tenant) && m.status === "pending" && m.availableAt <= now)
          .map((m, i) => [m, i] as const)
          .sort(([a, i], [b, j]) => a.availableAt - b.availableAt || i - j)
          .slice(0, limit)
          .map(([m]) => m)
      ),
    markSent: (tenant, id) => update(tenant, id, (m) => ({ ...m, status: "sent", attempts: m.attempts + 1 })),
    markFailed: (tenant, id, failure) =>
      update(tenant, id, (m) => ({
        ...m,
        attempts: m.attempts + 1,
        lastError: failure.error,
        ...(failure.retryAt === undefined
          ? { status: "dead" as const }
          : { status: "pending" as const, availableAt: failure.retryAt })
      })),
    list: (scope, status) =>
      read((db) =>
        db.outbox.filter((m) => inScope(scope, m.tenant) && (status === undefined || m.status === status))
      ),
    claim: ({ now, limit, leaseMs, claimant }) =>
      write<ReadonlyArray<OutboxMessage>, never>((db): Commit<ReadonlyArray<OutboxMessage>> => {
        const due = db.outbox
          .map((m, i) => [m, i] as const)
          .filter(([m]) => m.status === "pending" && m.availableAt <= now)
          .sort(([a, i], [b, j]) => a.availableAt - b.availableAt || i - j)
          .slice(0, Math.max(0, Math.floor(limit)))
        const leased = new Map(due.map(([m, i]) => [i, { ...m, availableAt: now + leaseMs }]))
        const claims = new Map(db.claims)
        for (const m of leased.values())
          if (claimant === undefined) claims.delete(key(m.tenant, m.id))
          else claims.set(key(m.tenant, m.id), claimant)
        return new Commit([...leased.values()], {
          ...db,
          claims,
          outbox: db.outbox.map((m, i) => leased.get(i) ?? m)
        })
      }),
    settle: (settlements, options) =>
      write<OutboxSettleResult, never>((db): Commit<OutboxSettleResult> => {
        const byKey = new Map<string, OutboxSettlement>()
        for (const s of settlements) byKey.set(key(s.tenant, s.id), s)
        const claims = new Map(db.claims)
        const lost: Array<string> = []
        let settled = 0
        const outbox = db.outbox.slice()
        for (const [k, s] of byKey) {
          const i = db.outboxIndex.get(k)
          const m = i === undefined ? undefined : outbox[i]
          if (i === undefined || m === undefined) {
            lost.push(s.id)
            continue
          }
          const holder = claims.get(k)
          if (m.status !== "pending" || (options?.claimant !== undefined && holder !== options.claimant)) {
            lost.push(m.id)
            continue
          }
          claims.delete(k)
          settled++
          outbox[i] = settledMessage(m, s.outcome)
        }
        return new Commit({ settled, lost }, { ...db, claims, outbox })
      }),
    markSkipped: (tenant, id, reason) =>
      update(tenant, id, (m) => ({ ...m, status: "skipped", lastError: reason }))
  })

  const policies = PolicyStore.of({
    put: (document) =>
      write((db): Commit<void> | StoreError =>
        db.policies.some(
          (d) =>
            d.scope.dealerGroupId === document.scope.dealerGroupId &&
            d.policyId === document.policyId &&
            d.version === document.version
        )
          ? new StoreError({
              reason: "Duplicate",
              id: `${document.policyId}@${document.version}`,
              message: `Policy ${document.policyId} version ${document.version} is already stored (versions are immutable)`
            })
          : new Commit(undefined, { ...db, policies: [...db.policies, document] })
      ),
    documents: (dealerGroupId) =>
      read((db) => db.policies.filter((d) => d.scope.dealerGroupId === dealerGroupId))
  })

  // report reads: derived from the card and referral rows on each call (the SQL stores keep them
  // as rows written at append time with the same pure functions)
  const byStoreThenCard = (a: { tenant: Tenant; cardId: string }, b: { tenant: Tenant; cardId: string }) =>
    a.tenant.storeId < b.tenant.storeId ? -1 : a.tenant.storeId > b.tenant.storeId ? 1 : byCardId(a, b)
  const sortedCards = (db: Db, scope: TenantScope) => cardsIn(db, scope).sort(byStoreThenCard)
  const inRange = (day: CalendarDate, range: { from: CalendarDate; to: CalendarDate }) =>
    range.from <= day && day <= range.to

  const reports = ReportSource.of({
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
        for (const r of sortedCards(db, scope)) {
          if (out.length >= page.limit) break
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
          out.push(facts)
        }
        return out
      }),
    recordVisits: (visits) =>
      write<void, never>((db): Commit<void> => {
        const next = new Map(db.visits)
        for (const v of visits) {
          const k = key(v.tenant, v.visitId)
          if (!next.has(k)) next.set(k, v)
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
              (options?.consultant === undefined || v.consultant === options.consultant)
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

  const submissionKey = (provider: string, id: string, phone: string) =>
    `${provider}\u0000${id}\u0000${phone}`
  const receipts = DeliveryReceipts.of({
    submitted: (submission) =>
      write<void>((db) => {
        const k = submissionKey(submission.provider, submission.providerMessageId, submission.phone)
        if (db.submissions.has(k)) return new Commit(undefined, db)
        return new Commit(undefined, { ...db, submissions: new Map(db.submissions).set(k, submission) })
      }),
    lookup: (provider, providerMessageId, phone) =>
      read((db) =>
        Option.fromNullishOr(db.submissions.get(submissionKey(provider, providerMessageId, phone)))
      ),
    record: (receipt) =>
      write<void>((db) => {
        const k = `${submissionKey(receipt.provider, receipt.providerMessageId, receipt.phone)}\u0000${receipt.status}`
        if (db.receipts.has(k)) return new Commit(undefined, db)
        return new Commit(undefined, { ...db, receipts: new Map(db.receipts).set(k, receipt) })
      }),
    list: (scope, messageId) =>
      read((db) =>
        [...db.receipts.values()].filter(
          (r) => inScope(scope, r.tenant) && (messageId === undefined || r.messageId === messageId)
        )
      )
  })

  // every port call is a span with the tenant and the card or referral id, as on the SQL stores
  return Context.make(CardStore, tracedPort("cards", cards, aggregateCallIds)).pipe(
    Context.add(ReferralStore, tracedPort("referrals", referrals, aggregateCallIds)),
    Context.add(Outbox, tracedPort("outbox", outbox)),
    Context.add(PolicyStore, tracedPort("policies", policies)),
    Context.add(StoreTransaction, StoreTransaction.of({ withTransaction })),
    Context.add(ReportSource, tracedPort("reports", reports)),
    Context.add(DeliveryReceipts, tracedPort("receipts", receipts, { lookup: () => ({}) }))
  )
}

/**
 * Every storage port in memory; each time the layer is built it starts empty.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { handleCard, layerMemory } from "@jipan/core"
 * await Effect.runPromise(handleCard({ tenant, cardId, command }).pipe(Effect.provide(layerMemory)))
 * ```
 */
export const layerMemory: Layer.Layer<JipanStore> = Layer.effectContext(Effect.sync(makeMemory))
