// The in-memory store's data: the whole store as one immutable value, its keys and orders, and
// what the ports share to read it and to write a new value (see MemoryStore.ts).

import type { Effect } from "effect"
import type { CardEvent } from "../../../card/CardEvent.js"
import type { CardState } from "../../../card/CardState.js"
import type { CardSummary } from "../../../card/CardSummary.js"
import type { CareContact } from "../../../care/CareContact.js"
import type { CardId, ReferralId } from "../../../kernel/Ids.js"
import { StoreError, VersionConflict } from "../../../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../../../kernel/Tenant.js"
import type { DeliveryReceipt, ProviderSubmission } from "../../../notify/DeliveryReceipts.js"
import type { OutboxMessage, OutboxOutcome } from "../../../notify/Outbox.js"
import type { ConsentEntry } from "../../../notify/PersonConsent.js"
import type { PolicyDocument } from "../../../policy/Policy.js"
import type { ReferralEvent, ReferralState } from "../../../referral/Referral.js"
import type { ShowroomVisit } from "../../../report/ShowroomVisit.js"
import type { AccessRecord } from "../../AuditLog.js"
import type { LedgerRow } from "../../ReferralStore.js"

export interface CardRow {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly state: CardState
  readonly history: ReadonlyArray<CardEvent>
  readonly care: ReadonlyArray<CareContact>
}

export interface ReferralRow {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly state: ReferralState
  readonly history: ReadonlyArray<ReferralEvent>
}

/** The whole store as immutable data: a write makes a new value, so a snapshot is a reference. */
export interface Db {
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
  /** The audit log of personal data, in the order recorded. */
  readonly audit: ReadonlyArray<AccessRecord>
  /** The consent ledger, in the order recorded. */
  readonly consents: ReadonlyArray<ConsentEntry>
}

export const emptyDb: Db = {
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
  receipts: new Map(),
  audit: [],
  consents: []
}

export const key = (tenant: Tenant, id: string) => `${tenant.dealerGroupId}\u0000${tenant.storeId}\u0000${id}`

export const byCardId = (a: { readonly cardId: string }, b: { readonly cardId: string }) =>
  a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0

export const byDue = (a: CardSummary, b: CardSummary) =>
  (a.nextContactDue ?? "") < (b.nextContactDue ?? "")
    ? -1
    : (a.nextContactDue ?? "") > (b.nextContactDue ?? "")
      ? 1
      : byCardId(a, b)

/** A write's result and the new data. */
export class Commit<A> {
  readonly value: A
  readonly db: Db
  constructor(value: A, db: Db) {
    this.value = value
    this.db = db
  }
}

/**
 * A rewrite of a stream's events and state in place (the erasure's; see CardStore.rewrite and
 * ReferralStore.rewrite): refused unless the row is at the rewrite's version and keeps its history's
 * length and version; else the commit `land` makes of the row.
 */
export const rewriteRow = <
  R extends { readonly state: { readonly version: number }; readonly history: ReadonlyArray<unknown> }
>(
  what: "Card" | "Referral",
  id: string,
  row: R | undefined,
  rewrite: {
    readonly version: number
    readonly events: ReadonlyArray<unknown>
    readonly state: { readonly version: number }
  },
  land: (row: R) => Commit<void>
): Commit<void> | VersionConflict | StoreError => {
  const actual = row?.state.version ?? 0
  if (row === undefined || actual !== rewrite.version)
    return new VersionConflict({
      id,
      expected: rewrite.version,
      actual,
      message: `${what} ${id} is at version ${actual}, not ${rewrite.version}: the erasure reads it again`
    })
  if (rewrite.events.length !== row.history.length || rewrite.state.version !== rewrite.version)
    return new StoreError({
      reason: "Unknown",
      id,
      message: `${what} ${id}: a rewrite keeps the history's ${row.history.length} events and version ${actual}`
    })
  return land(row)
}

// The message after one outcome (see OutboxOutcome): attempts count only real sends.
export const settledMessage = (m: OutboxMessage, o: OutboxOutcome): OutboxMessage => {
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

/** How a port reads the current value (the transaction's, else the committed one) and writes a new one. */
export interface MemoryAccess {
  readonly read: <A>(f: (db: Db) => A) => Effect.Effect<A>
  readonly write: <A, E = never>(f: (db: Db) => Commit<A> | E) => Effect.Effect<A, E>
  readonly cardsIn: (db: Db, scope: TenantScope) => Array<CardRow>
}
