/**
 * Builders for store tests: unique tenants, cards opened and moved through the real decider under
 * the default policy, and referral histories with ledger entries.
 *
 * @module
 */
import {
  addDays,
  type CalendarDate,
  type CardAppend,
  type CardCommand,
  type CardId,
  type CardState,
  type ConsultantId,
  type CustomerId,
  calendarDateOf,
  cardReportRowsOf,
  careContactsOf,
  decideCard,
  defaultPolicy,
  type Fen,
  foldCard,
  foldReferral,
  type LedgerEntry,
  type PhoneNumber,
  type Policy,
  type ProspectEvidence,
  type ReferralAppend,
  type ReferralEvent,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  reportReferralOf,
  type Tenant
} from "@jipan/core"
import { Result } from "effect"

let tenants = 0

/**
 * A tenant no other test uses (a fresh dealer group id), so tests share one store without
 * cleaning it.
 *
 * @example
 * ```ts
 * import { freshTenant } from "@jipan/testkit"
 * const a = freshTenant("s1")
 * const b = { ...a, storeId: "s2" } // another store of the same group
 * ```
 */
export const freshTenant = (storeId = "store-01"): Tenant =>
  ({
    dealerGroupId: `grp-${process.pid}-${Date.now().toString(36)}-${++tenants}-${Math.random().toString(36).slice(2, 7)}`,
    storeId
  }) as Tenant

/** 2026-03-02 09:00 in Beijing: the day the fixtures start. */
export const START = Date.parse("2026-03-02T09:00:00+08:00")
const DAY = 86_400_000

/**
 * An `OpenCard` command for card `n` of a tenant, `day` days after {@link START}.
 *
 * @example
 * ```ts
 * import { ConsultantId } from "@jipan/core"
 * import { freshTenant, openCommand } from "@jipan/testkit"
 * const command = openCommand(freshTenant(), 1, { owner: "c-li" as ConsultantId })
 * ```
 */
export const openCommand = (
  tenant: Tenant,
  n: number,
  options: {
    readonly owner?: ConsultantId
    readonly phone?: PhoneNumber
    readonly day?: number
    readonly evidence?: ProspectEvidence
  } = {}
): CardCommand & { readonly _tag: "OpenCard" } => {
  const owner = options.owner ?? ("c-wang" as ConsultantId)
  return {
    _tag: "OpenCard",
    cardId: cardIdOf(n),
    storeId: tenant.storeId,
    customerId: `cust-${n}` as CustomerId,
    phone: options.phone ?? phoneOf(n),
    owner,
    source: "walkIn",
    intent: "direct",
    evidence: options.evidence ?? {},
    existingOpenCardId: undefined,
    by: { id: owner, role: "consultant" },
    at: START + (options.day ?? 0) * DAY
  }
}

/**
 * The card id of fixture card `n` (zero-padded, so ids sort as numbers).
 *
 * @example
 * ```ts
 * import { cardIdOf } from "@jipan/testkit"
 * cardIdOf(7) // "card-0007"
 * ```
 */
export const cardIdOf = (n: number): CardId => `card-${String(n).padStart(4, "0")}` as CardId

/**
 * A distinct mobile phone number per `n` (E.164).
 *
 * @example
 * ```ts
 * import { phoneOf } from "@jipan/testkit"
 * phoneOf(1) // "+8613800000001"
 * ```
 */
export const phoneOf = (n: number): PhoneNumber => `+86138${String(n).padStart(8, "0")}` as PhoneNumber

/**
 * Decides `command` on `before` under `policy` and returns the append a store should accept (the
 * events, the state they fold to, and the care contacts of an owned card); throws on a refusal.
 *
 * @example
 * ```ts
 * import { initialCardState } from "@jipan/core"
 * import { appendFor, freshTenant, openCommand } from "@jipan/testkit"
 * const tenant = freshTenant()
 * const open = openCommand(tenant, 1)
 * const append = appendFor(tenant, open.cardId, initialCardState, open)
 * ```
 */
export const appendFor = (
  tenant: Tenant,
  cardId: CardId,
  before: CardState,
  command: CardCommand,
  policy: Policy = defaultPolicy
): CardAppend => {
  const decided = decideCard(command, before, policy)
  if (Result.isFailure(decided)) throw new Error(`fixture refused: ${decided.failure.message}`)
  const state = foldCard(decided.success, before)
  const on = calendarDateOf(command.at, policy.timeZone)
  return {
    tenant,
    cardId,
    expectedVersion: before.version,
    events: decided.success,
    state,
    care: careContactsOf(state, policy, on),
    report: cardReportRowsOf(tenant, cardId, before, decided.success, state)
  }
}

/**
 * The commands that take an opened card to delivery (order, then delivery `days` later), for
 * owned-customer care tests.
 *
 * @example
 * ```ts
 * import { deliverySteps } from "@jipan/testkit"
 * const [order, deliver] = deliverySteps(consultantId, at, 2)
 * ```
 */
export const deliverySteps = (
  owner: ConsultantId,
  openedAt: number,
  n: number
): readonly [CardCommand, CardCommand] => {
  const orderAt = openedAt + DAY
  const deliverAt = orderAt + 2 * DAY
  const by = { id: owner, role: "consultant" as const }
  return [
    { _tag: "PlaceOrder", orderId: `SO-${n}`, model: "GL8", by, at: orderAt },
    {
      _tag: "Deliver",
      vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
      deliveredOn: calendarDateOf(deliverAt),
      by,
      at: deliverAt
    }
  ]
}

/**
 * A referral registered in a tenant: its first append (registration event) and a ledger entry
 * maker, for referral and ledger store tests (no validity checks run: the store only stores).
 *
 * @example
 * ```ts
 * import { ConsultantId } from "@jipan/core"
 * import { freshTenant, referralFixture } from "@jipan/testkit"
 * const r = referralFixture(freshTenant(), 1, { consultantId: "c-li" as ConsultantId, referrerId: "cust-9" })
 * r.append.events[0]?._tag // "ReferralRegistered"
 * ```
 */
export const referralFixture = (
  tenant: Tenant,
  n: number,
  options: { readonly consultantId: ConsultantId; readonly referrerId: string; readonly on?: CalendarDate }
): {
  readonly referralId: ReferralId
  readonly append: ReferralAppend
  readonly entry: (k: number, on: CalendarDate, amountFen?: number) => LedgerEntry
  readonly next: (
    state: ReferralState,
    events: ReadonlyArray<ReferralEvent>,
    ledger: ReadonlyArray<LedgerEntry>
  ) => ReferralAppend
} => {
  const referralId = `ref-${String(n).padStart(4, "0")}` as ReferralId
  const on = options.on ?? ("2026-03-02" as CalendarDate)
  const registration = {
    referralId,
    storeId: tenant.storeId,
    consultantId: options.consultantId,
    registeredOn: on,
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: options.referrerId, phone: phoneOf(9000 + n) },
    referee: { name: `Referee ${n}`, phone: phoneOf(8000 + n) }
  } as ReferralRegistration
  const events: ReadonlyArray<ReferralEvent> = [{ _tag: "ReferralRegistered", on, registration }]
  return {
    referralId,
    append: {
      tenant,
      referralId,
      expectedVersion: 0,
      events,
      state: foldReferral(events),
      ledger: [],
      report: reportReferralOf(tenant, foldReferral(events))
    },
    entry: (k, day, amountFen = 30000) =>
      ({
        entryId: `${referralId}:v${k}:issued`,
        voucherId: `${referralId}:v${k}`,
        referralId,
        referrerId: options.referrerId,
        kind: "issued",
        amountFen: amountFen as Fen,
        on: day,
        choiceId: "maintenance"
      }) as LedgerEntry,
    next: (state, more, ledger) => {
      const after = foldReferral(more, state)
      return {
        tenant,
        referralId,
        expectedVersion: state.version,
        events: more,
        state: after,
        ledger,
        report: reportReferralOf(tenant, after)
      }
    }
  }
}

/**
 * `day` days after a date (re-exported for suites building work-list dates).
 *
 * @example
 * ```ts
 * import { CalendarDate } from "@jipan/core"
 * import { dayAfter } from "@jipan/testkit"
 * dayAfter("2026-03-02" as CalendarDate, 1) // "2026-03-03"
 * ```
 */
export const dayAfter = (date: CalendarDate, days: number): CalendarDate => addDays(date, days)
