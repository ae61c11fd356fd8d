/**
 * What a referral learns from the rest of the customer base, as pure functions of what a store
 * found: the validity look-ups (cards with the referee's phone, earlier claims on the referee), the
 * referrer's cap usage, and the referral commands that bring a referral level with the referee's
 * card (order, delivery, cancellation). The storage use cases run the look-ups inside the
 * registering or the card's transaction and call these; nothing here reads a store.
 *
 * A delivery's id is the id of the card delivered (a card is delivered once: the next purchase
 * opens a new card by owner mining), so a referrer's `deliveryId` for 一拓一 is their card's id.
 *
 * @module
 */
import { addMonths, type CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, StoreId } from "../kernel/Ids.js"
import type { DeliverySale } from "../kernel/Sale.js"
import type { Policy } from "../policy/Policy.js"
import { type ReferralState, ReferralStatus } from "./Referral.js"
import type { ReferralCommand } from "./ReferralCommand.js"
import type { ReferralRegistration, ValidityContext } from "./ReferralValidity.js"

/**
 * A card with the referee's phone as a look-up found it (any status).
 *
 * @example
 * ```ts
 * import type { CardWithPhone } from "@jipan/core"
 * const c = { tenant: { storeId: "store-01" }, cardId: "card-7", status: "owned", openedOn: "2025-03-02",
 *   statusSince: "2025-04-10" } as CardWithPhone
 * ```
 */
export interface CardWithPhone {
  readonly tenant: { readonly storeId: StoreId }
  readonly cardId: CardId
  readonly status: string
  readonly openedOn: CalendarDate | undefined
  readonly statusSince: CalendarDate | undefined
}

/** The statuses of a referral that still claims its referee (not rejected or voided). */
const lapsed: ReadonlySet<ReferralStatus> = new Set(["none", "rejected", "voided"])

/**
 * The statuses of a referral that still claims its referee: every status but `none`, `rejected`
 * and `voided`. The look-ups of a referee's claims filter by them.
 *
 * @example
 * ```ts
 * import { claimingStatuses } from "@jipan/core"
 * claimingStatuses.includes("registered") // true
 * ```
 */
export const claimingStatuses: ReadonlyArray<ReferralStatus> = ReferralStatus.values.filter(
  (s) => !lapsed.has(s)
)

/**
 * Whether a referral still claims its referee: registered and neither rejected nor voided.
 *
 * @example
 * ```ts
 * import { claimsReferee, initialReferralState } from "@jipan/core"
 * claimsReferee(initialReferralState) // false
 * ```
 */
export const claimsReferee = (state: ReferralState): boolean => !lapsed.has(state.status)

/**
 * The validity look-ups of a registration from what the store holds: every card with the
 * referee's phone in the dealer group and the referrals that claim the same referee, added to what
 * the caller gave (`given`, e.g. customers kept outside Jipan, the referee's confirmation, the DCRC
 * audit). `stored: "before"` says the claims were all registered before this registration (a
 * `Register` looking them up under the lock): a same-day tie then goes to them. A card counts as the referee being known only if it opened before the registration day:
 * the card opened for the referee's own visit (that day or after) is the referral's result, not a
 * clash. Open and owned cards are active up to the registration day; a defeated card was last
 * active on its defeat day; an invalid card (a wrong number, a duplicate) is no customer at all.
 *
 * @example
 * ```ts
 * import { validityLookupsOf, type CardWithPhone, type ReferralState } from "@jipan/core"
 * declare const cardsWithPhone: ReadonlyArray<CardWithPhone>, claims: ReadonlyArray<ReferralState>
 * const context = validityLookupsOf(registration, cardsWithPhone, claims, undefined)
 * context.earlierClaims?.length
 * ```
 */
export const validityLookupsOf = (
  registration: ReferralRegistration,
  cards: ReadonlyArray<CardWithPhone>,
  claims: ReadonlyArray<ReferralState>,
  given: ValidityContext | undefined,
  stored: "before" | "unordered" = "unordered"
): ValidityContext => {
  const on = registration.registeredOn
  const existing: Array<NonNullable<ValidityContext["existing"]>[number]> = [...(given?.existing ?? [])]
  for (const c of cards) {
    if (c.status === "invalid" || c.openedOn === undefined || c.openedOn >= on) continue
    if (c.status === "defeated") {
      const since = c.statusSince ?? c.openedOn
      existing.push({ kind: "openCard", cardId: c.cardId, lastActiveOn: since < on ? since : on })
    } else
      existing.push({
        kind: c.status === "owned" ? "ownedCustomer" : "openCard",
        cardId: c.cardId,
        lastActiveOn: on
      })
  }
  const earlierClaims: Array<NonNullable<ValidityContext["earlierClaims"]>[number]> = [
    ...(given?.earlierClaims ?? [])
  ]
  for (const s of claims) {
    const r = s.registration
    if (r === undefined || r.referralId === registration.referralId || !claimsReferee(s)) continue
    if (earlierClaims.some((c) => c.referralId === r.referralId)) continue
    earlierClaims.push({
      referralId: r.referralId,
      referrerId: r.referrer.id,
      registeredOn: r.registeredOn,
      // a Recheck of a claim sees later claims in the store too: only a Register's look-up comes after them all
      ...(stored === "before" ? { storedFirst: true } : {})
    })
  }
  return {
    existing,
    earlierClaims,
    ...(given?.refereeConfirmation !== undefined ? { refereeConfirmation: given.refereeConfirmation } : {}),
    ...(given?.phoneAudit !== undefined ? { phoneAudit: given.phoneAudit } : {})
  }
}

/**
 * The first day of the cap period (`month` or `year`, from the referral policy) that holds `on`.
 *
 * @example
 * ```ts
 * import { capPeriodStart, CalendarDate } from "@jipan/core"
 * capPeriodStart(CalendarDate.make("2026-11-10"), "year") // "2026-01-01"
 * ```
 */
export const capPeriodStart = (on: CalendarDate, period: "month" | "year"): CalendarDate =>
  (period === "year" ? `${on.slice(0, 4)}-01-01` : `${on.slice(0, 7)}-01`) as CalendarDate

/**
 * A referrer's cap usage in the period of `on`: the rewards earned (a value above zero) by their
 * other referrals whose referee took delivery in that period, and their value, leaving out rewards
 * that were never payable or were taken back (rejected, voided, reversed).
 *
 * @example
 * ```ts
 * import { capUsageOf, defaultPolicy, CalendarDate, type ReferralState } from "@jipan/core"
 * declare const referrerReferrals: ReadonlyArray<ReferralState>
 * capUsageOf(referrerReferrals, "ref-9", CalendarDate.make("2026-11-10"), defaultPolicy) // { count: 2, valueFen: 60000 }
 * ```
 */
export const capUsageOf = (
  referrals: ReadonlyArray<ReferralState>,
  referralId: string,
  on: CalendarDate,
  policy: Policy
): { readonly count: number; readonly valueFen: number } => {
  const period = policy.referral.caps.period
  const start = capPeriodStart(on, period)
  const end = addMonths(start, period === "year" ? 12 : 1)
  let count = 0
  let valueFen = 0
  for (const s of referrals) {
    const earned = s.earned
    if (s.registration?.referralId === referralId || earned === undefined || earned.valueFen <= 0) continue
    if (s.status === "rejected" || s.status === "voided" || s.status === "reversed") continue
    if (earned.earnedOn < start || earned.earnedOn >= end) continue
    count += 1
    valueFen += earned.valueFen
  }
  return { count, valueFen }
}

/**
 * What a referral reads of the referee's card: its status, its current order, its delivery.
 *
 * @example
 * ```ts
 * import type { RefereeCardView } from "@jipan/core"
 * const v = { cardId: "card-9", status: "ordered", order: { orderId: "SO-1", orderedOn: "2026-11-20" },
 *   delivery: undefined } as RefereeCardView
 * ```
 */
export interface RefereeCardView {
  readonly cardId: CardId
  readonly status: string
  readonly order: { readonly orderId: string; readonly orderedOn: CalendarDate } | undefined
  readonly delivery:
    | { readonly deliveredOn: CalendarDate; readonly sale?: DeliverySale | undefined }
    | undefined
}

/**
 * The referral commands that bring a referral level with its referee's card, in order: an order
 * the referral has not heard of (after a cancellation of the one it had), then the delivery. A
 * referral still waiting for its checks hears nothing yet; it catches up when it is audited. The
 * days are the card's: the order's day, the delivery's day (which starts the holding window), and
 * `today` for a cancellation (the card keeps no day for an order it no longer has).
 *
 * @example
 * ```ts
 * import { refereeCardCommands, CalendarDate, type RefereeCardView, type ReferralState } from "@jipan/core"
 * declare const auditedReferral: ReferralState, orderedCard: RefereeCardView
 * refereeCardCommands(auditedReferral, orderedCard, CalendarDate.make("2026-11-21")).map((c) => c._tag)
 * // ["RecordRefereeOrder"]
 * ```
 */
export const refereeCardCommands = (
  referral: ReferralState,
  card: RefereeCardView,
  today: CalendarDate
): ReadonlyArray<ReferralCommand> => {
  const commands: Array<ReferralCommand> = []
  let status = referral.status
  // the card's current order, or the order it delivered on
  const order = card.order
  if (status === "refereeOrdered" && card.delivery === undefined && order?.orderId !== referral.orderId) {
    commands.push({ _tag: "RecordRefereeCancellation", on: today, kind: "orderCancelled" })
    status = "audited"
  }
  if (status === "audited" && order !== undefined) {
    commands.push({ _tag: "RecordRefereeOrder", on: order.orderedOn, orderId: order.orderId })
    status = "refereeOrdered"
  }
  if (status === "refereeOrdered" && card.delivery !== undefined) {
    const sale = card.delivery.sale
    commands.push({
      _tag: "RecordRefereeDelivery",
      on: card.delivery.deliveredOn,
      deliveryId: card.cardId,
      saleKind: sale?.kind ?? "retail",
      units: sale?.units ?? 1
    })
  }
  return commands
}
