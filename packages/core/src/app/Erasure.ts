/**
 * Erasure that keeps the statistics (个人信息删除, PIPL art. 47): `erasePerson` removes every
 * personal field of one person — found by their phone across the dealer group — from every card,
 * referral, showroom visit, outbox message and SMS delivery receipt, inside one transaction, while every id, date,
 * status, grade, count and amount stays, so every form and settlement of the past keeps its
 * numbers.
 *
 * How: the stored events are rewritten in place with their personal fields replaced by
 * tombstones (`redactPersonal`: a phone becomes `ERASED_PHONE`, a name or free text
 * `ERASED_TEXT`, a birthday is dropped). Chosen over crypto-shredding (a key per person, every
 * personal field encrypted) because an erased row must hold no trace of the person that a scan of
 * the database could find, every read of a card would otherwise decrypt, and a per-person key
 * would itself be personal data to keep and erase. The events stay the card's history: the same
 * count, the same versions, the same facts.
 *
 * Refused, with the reason, while a legal hold applies: an open order on one of the person's cards
 * (the sale is still being performed) or a referral reward not yet settled (the ledger must be
 * able to pay or reverse it).
 *
 * @module
 */
import { Effect, Result, Schema } from "effect"
import type { Actor } from "../card/CardCommand.js"
import { CardEvent, type CardEvent as CardEventType } from "../card/CardEvent.js"
import { evolveCard, foldCard } from "../card/CardEvolve.js"
import { initialCardState } from "../card/CardState.js"
import { careContactsOf } from "../care/CareContact.js"
import { calendarDateOf } from "../kernel/CalendarDate.js"
import { decoderFor, type InvalidInput } from "../kernel/Errors.js"
import { type CardId, type DealerGroupId, IdString, type ReferralId } from "../kernel/Ids.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import { ERASED_TEXT, redactPersonal, type Viewer } from "../kernel/PersonalData.js"
import { ERASED_PHONE, normalisePhone, type PhoneNumber } from "../kernel/Phone.js"
import type { StoreError, VersionConflict } from "../kernel/StoreError.js"
import type { Tenant } from "../kernel/Tenant.js"
import { DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import { Outbox } from "../notify/Outbox.js"
import { ConsentStore } from "../notify/PersonConsent.js"
import { defaultPolicy } from "../policy/Policy.js"
import { foldReferral, type ReferralEvent, type ReferralStatus } from "../referral/Referral.js"
import { ReferralRegistration } from "../referral/ReferralValidity.js"
import { cardReportRowsOf, reportReferralOf } from "../report/ReportRows.js"
import { ReportSource } from "../report/ReportSource.js"
import { AuditLog } from "./AuditLog.js"
import { CardStore } from "./CardStore.js"
import { retryOnConflict } from "./CommandRunner.js"
import { nationalForms } from "./internal/nationalPhone.js"
import { personRequestFields } from "./internal/personRequest.js"
import { visitsWithPhone } from "./internal/personVisits.js"
import { recordedViewer } from "./internal/recordedViewer.js"
import type { PolicyStore } from "./PolicyStore.js"
import { ReferralStore } from "./ReferralStore.js"
import { findAllReferrals } from "./ReferralUseCase.js"
import { lockKey, StoreTransaction } from "./StoreTransaction.js"
import { DEFAULT_CONFLICT_RETRIES, policyInForce, type UseCaseOptions } from "./UseCaseOptions.js"

/**
 * Why an erasure was refused: `openOrder` (a card of the person has an order not yet delivered or
 * cancelled), `unsettledReward` (a referral of theirs, as referee or referrer, has a reward not yet
 * settled), or `notAllowed` (the role may not erase: supervisors, the DCRC, admins and the system —
 * the retention sweep — may). `holds`
 * names each card or referral that holds it.
 *
 * @example
 * ```ts
 * import type { ErasureRefused } from "@jipan/core"
 * const why = (e: ErasureRefused) => `${e.reason}: ${e.holds.map((h) => h.id).join(", ")}`
 * ```
 */
export class ErasureRefused extends Schema.TaggedError<ErasureRefused>()("ErasureRefused", {
  reason: Schema.Literals(["openOrder", "unsettledReward", "notAllowed"]),
  holds: Schema.Array(
    Schema.Struct({ kind: Schema.Literals(["card", "referral"]), storeId: Schema.String, id: Schema.String })
  ),
  message: Schema.String
}) {}

/**
 * What an erasure is told: who asks (their role must allow it), why (recorded in the audit log:
 * say the request, not the person — "PIPL request 2026-118"), the caller's instant, and an id for
 * the erasure (its audit record; erasing again with the same id records nothing new).
 *
 * @example
 * ```ts
 * import type { EraseRequest } from "@jipan/core"
 * const request: EraseRequest = { by: { role: "supervisor" }, reason: "PIPL request 2026-118",
 *   at: Date.parse("2026-12-07T10:00:00+08:00"), erasureId: "erase-2026-118" }
 * ```
 */
export interface EraseRequest {
  readonly by: Viewer
  readonly reason: string
  readonly at: number
  readonly erasureId: string
}

/**
 * What an erasure did: the cards and referrals rewritten, the visits whose phone was removed, the
 * outbox messages redacted (those not yet sent are skipped), and the audit record's id.
 *
 * @example
 * ```ts
 * import type { PersonErased } from "@jipan/core"
 * const line = (e: PersonErased) => `${e.cards.length} cards, ${e.referrals.length} referrals erased`
 * ```
 */
export interface PersonErased {
  readonly erasureId: string
  readonly cards: ReadonlyArray<{ readonly tenant: Tenant; readonly cardId: CardId }>
  readonly referrals: ReadonlyArray<{ readonly tenant: Tenant; readonly referralId: ReferralId }>
  readonly visits: number
  readonly messages: number
  /** The provider submissions and delivery receipts whose phone was removed. */
  readonly receipts: number
  /** The consent records whose phone was removed. */
  readonly consents: number
}

// a reward earned or on its way and not yet settled: the ledger must still pay or reverse it
const unsettled: ReadonlyArray<ReferralStatus> = [
  "refereeOrdered",
  "refereeDelivered",
  "holding",
  "approved",
  "rewardIssued"
]

// the erasure's actor on the card: the viewer's id when a consultant's, else the role (an admin is the system)
const actorOf = (by: Viewer): Actor => ({
  id: by.consultantId ?? by.role,
  role: by.role === "admin" ? "system" : by.role
})

// the system erases by the retention sweep (RetentionSweep), never a consultant
const mayErase = (by: Viewer) =>
  by.role === "supervisor" || by.role === "dcrc" || by.role === "admin" || by.role === "system"

const EraseRequestSchema = Schema.Struct({ ...personRequestFields, erasureId: IdString })
const decodeEraseRequest = /* @__PURE__ */ decoderFor(EraseRequestSchema, "EraseRequest", "ignore")

/**
 * Erases one person from a dealer group (see the module): refused with {@link ErasureRefused}
 * while a legal hold applies, with `InvalidInput` for a bad phone, reason, instant or id; else
 * everything in one transaction, recorded in the audit log. A command racing on one of the cards
 * makes the erasure start over (`VersionConflict` only after the retries): one wins, nothing is
 * half-erased.
 *
 * @example
 * ```ts
 * import { erasePerson } from "@jipan/core"
 * erasePerson(dealerGroupId, "138 1234 5678", { by: { role: "supervisor" }, reason: "PIPL request 2026-118",
 *   at: Date.parse("2026-12-07T10:00:00+08:00"), erasureId: "erase-2026-118" })
 * ```
 */
export const erasePerson = (
  dealerGroupId: DealerGroupId,
  phone: string,
  request: EraseRequest,
  options: UseCaseOptions = {}
): Effect.Effect<
  PersonErased,
  ErasureRefused | InvalidInput | VersionConflict | StoreError,
  | CardStore
  | ReferralStore
  | Outbox
  | ReportSource
  | AuditLog
  | DeliveryReceipts
  | ConsentStore
  | PolicyStore
  | StoreTransaction
> =>
  Effect.gen(function* () {
    const normalised = normalisePhone(typeof phone === "string" ? phone : "")
    if (Result.isFailure(normalised)) return yield* normalised.failure
    const decoded = decodeEraseRequest(request)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const asked = decoded.success
    if (!mayErase(asked.by))
      return yield* new ErasureRefused({
        reason: "notAllowed",
        holds: [],
        message: `A ${asked.by.role} may not erase a person's data: a supervisor, the DCRC, an admin or the system may`
      })
    const tx = yield* StoreTransaction
    return yield* retryOnConflict(
      tx.withTransaction(eraseIn(dealerGroupId, normalised.success, asked, options)),
      options.conflictRetries ?? DEFAULT_CONFLICT_RETRIES
    )
  }).pipe(traced("jipan.erasePerson", { ...tenantIds({ dealerGroupId }) }))

const eraseIn = (
  dealerGroupId: DealerGroupId,
  phone: PhoneNumber,
  request: EraseRequest,
  options: UseCaseOptions
) =>
  Effect.gen(function* () {
    const tx = yield* StoreTransaction
    // a card opened for the phone meanwhile waits for the erasure (the open takes the same lock)
    yield* tx.lock([lockKey(dealerGroupId, "phone", phone)])
    const scope = { dealerGroupId }
    const cards = yield* CardStore
    const referrals = yield* ReferralStore

    // the person's cards and referrals, and the holds on them
    const theirCards = yield* cards.withPhone(scope, phone)
    const theirReferrals = yield* referralsOf(scope, phone)
    const openOrders = theirCards.filter((c) => c.status === "ordered")
    if (openOrders.length > 0)
      return yield* new ErasureRefused({
        reason: "openOrder",
        holds: openOrders.map((c) => ({ kind: "card" as const, storeId: c.tenant.storeId, id: c.cardId })),
        message: `An open order (订单未完结) holds the person's data until it is delivered or cancelled: ${openOrders.map((c) => c.cardId).join(", ")}`
      })
    const rewards = theirReferrals.filter((f) => unsettled.includes(f.state.status))
    if (rewards.length > 0)
      return yield* new ErasureRefused({
        reason: "unsettledReward",
        holds: rewards.map((f) => ({
          kind: "referral" as const,
          storeId: f.tenant.storeId,
          id: f.referralId
        })),
        message: `A referral reward not yet settled (奖励未结算) holds the person's data: ${rewards.map((f) => `${f.referralId} (${f.state.status})`).join(", ")}`
      })

    // the strings that name the person, scrubbed from explanations (a check's message or inputs)
    const names = new Set<string>()
    for (const f of theirReferrals) {
      const r = f.state.registration
      if (r !== undefined && r.referee.phone === phone) names.add(r.referee.name)
    }
    const scrub = scrubber(phone, names)

    // 1. the cards: every event redacted in place, the state, care and report rows from it
    const customerIds = new Set<string>()
    const cardIds = new Set<string>()
    const erasedCards: Array<PersonErased["cards"][number]> = []
    for (const c of theirCards) {
      const stored = yield* cards.load(c.tenant, c.cardId)
      if (stored._tag === "None") continue
      const { history, state: before } = stored.value
      if (before.customerId !== undefined) customerIds.add(before.customerId)
      cardIds.add(c.cardId)
      const events = history.map((e): CardEventType => redactPersonal(CardEvent, e))
      const state = foldCard(events)
      const policy =
        state.lastEventAt > 0
          ? yield* policyInForce(c.tenant, state.lastEventAt, options).pipe(
              Effect.catchTag("NoPolicyInForce", () => Effect.succeed(defaultPolicy))
            )
          : defaultPolicy
      const care = careContactsOf(state, policy, calendarDateOf(state.lastEventAt, policy.timeZone))
      yield* cards.rewrite({
        tenant: c.tenant,
        cardId: c.cardId,
        version: before.version,
        events,
        state,
        care,
        report: cardReportRowsOf(c.tenant, c.cardId, initialCardState, events, state)
      })
      // the erasure as the card's next event: a command decided on the card before it now
      // conflicts and decides again on the erased card (a rewrite alone keeps the version). It is
      // dated at the card's last event, so that command is not refused as earlier than it; the
      // erasure's own time is in the audit log.
      const erasedAt = state.lastEventAt
      const marker: CardEventType = {
        _tag: "PersonalDataErased",
        by: actorOf(request.by),
        at: erasedAt,
        on: calendarDateOf(erasedAt, policy.timeZone),
        erasureId: request.erasureId
      }
      const after = evolveCard(state, marker)
      yield* cards.append({
        tenant: c.tenant,
        cardId: c.cardId,
        expectedVersion: state.version,
        events: [marker],
        state: after,
        // no care contact for a person who asked to be erased: the plan's calls and greetings go
        care: [],
        report: cardReportRowsOf(c.tenant, c.cardId, state, [marker], after)
      })
      erasedCards.push({ tenant: c.tenant, cardId: c.cardId })
    }

    // 2. the referrals where the person is the referee or the referrer
    const erasedReferrals: Array<PersonErased["referrals"][number]> = []
    for (const f of theirReferrals) {
      const stored = yield* referrals.load(f.tenant, f.referralId)
      if (stored._tag === "None") continue
      const events = stored.value.history.map((e) => redactReferralEvent(e, phone, scrub))
      const state = foldReferral(events)
      yield* referrals.rewrite({
        tenant: f.tenant,
        referralId: f.referralId,
        version: stored.value.version,
        events,
        state,
        report: reportReferralOf(f.tenant, state)
      })
      erasedReferrals.push({ tenant: f.tenant, referralId: f.referralId })
    }

    // 3. the showroom visits with the phone keep their count, not the phone
    const reports = yield* ReportSource
    const visits = yield* visitsWithPhone(scope, phone)
    if (visits.length > 0) yield* reports.recordVisits(visits.map(({ phone: _, ...rest }) => rest))

    // 4. the outbox messages to the person or about their cards
    const outbox = yield* Outbox
    // to the person, naming their number, card or referral, or — a referral's message to its
    // referrer — naming them as the referee; a namesake's messages are not touched
    const phoneOnly = scrubber(phone, new Set())
    const referralIds = new Set<string>(theirReferrals.map((f) => f.referralId))
    const asReferee = new Map<string, Set<string>>()
    for (const f of theirReferrals) {
      const r = f.state.registration
      if (r === undefined || r.referee.phone !== phone) continue
      const names = asReferee.get(`referrer:${r.referrer.id}`) ?? new Set<string>()
      names.add(r.referee.name)
      asReferee.set(`referrer:${r.referrer.id}`, names)
    }
    const quoted = (payload: string, ids: ReadonlySet<string>) =>
      [...ids].some((id) => payload.includes(`"${id}"`))
    const national = nationalForms(phone)
    const candidates = yield* outbox.about(scope, {
      recipients: [...[...customerIds].map((id) => `customer:${id}`), ...asReferee.keys()],
      subjects: [phone, ...national, ...cardIds, ...customerIds, ...referralIds]
    })
    const messages = candidates.filter((m) => {
      const to = m.recipient.slice(m.recipient.indexOf(":") + 1)
      if (customerIds.has(to)) return true
      const payload = JSON.stringify(m.payload ?? null)
      if (phoneOnly(payload) !== payload) return true
      if (quoted(payload, cardIds) || quoted(payload, customerIds) || quoted(payload, referralIds))
        return true
      const names = asReferee.get(m.recipient)
      return names !== undefined && [...names].some((n) => payload.includes(n))
    })
    const byTenant = new Map<string, { tenant: Tenant; ids: Array<string> }>()
    for (const m of messages) {
      const k = `${m.tenant.storeId}`
      const entry = byTenant.get(k) ?? { tenant: m.tenant, ids: [] }
      entry.ids.push(m.id)
      byTenant.set(k, entry)
    }
    for (const { tenant, ids } of byTenant.values()) yield* outbox.redact(tenant, ids)

    // 5. the providers' submissions and delivery receipts sent to the phone
    const receipts = yield* (yield* DeliveryReceipts).redactPhone(scope, [phone, ...national])

    // 6. the consent records keep their purposes and evidence, not the phone
    const consents = yield* (yield* ConsentStore).redact(dealerGroupId, phone)

    // 7. the audit record: the erasure's id, never the phone
    yield* (yield* AuditLog).record([
      {
        id: request.erasureId,
        dealerGroupId,
        at: request.at,
        viewer: recordedViewer(request.by),
        action: "erase",
        output: "store",
        subject: `erasure:${request.erasureId} (${erasedCards.length} cards, ${erasedReferrals.length} referrals)`,
        reason: request.reason.trim()
      }
    ])
    return {
      erasureId: request.erasureId,
      cards: erasedCards,
      referrals: erasedReferrals,
      visits: visits.length,
      messages: messages.length,
      receipts,
      consents
    }
  })

/** Replaces the person's phone (E.164 and national) and names inside any text. */
const scrubber = (phone: PhoneNumber, names: ReadonlySet<string>) => {
  const needles = [phone, ...nationalForms(phone), ...names].filter((s) => s.length >= 2)
  return (text: string): string => {
    let out = text
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(ERASED_TEXT)
    return out
  }
}

const scrubDeep = (value: unknown, scrub: (s: string) => string): unknown => {
  if (typeof value === "string") return scrub(value)
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub))
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)]))
  return value
}

/**
 * A referral event with the person's data removed: the registration's referee (name, phone) and
 * the referrer's phone when it is theirs, a rejection's note and a voiding's reason, and the
 * person's phone or name wherever a check's explanation quotes them.
 */
const redactReferralEvent = (
  e: ReferralEvent,
  phone: PhoneNumber,
  scrub: (s: string) => string
): ReferralEvent => {
  switch (e._tag) {
    case "ReferralRegistered": {
      const r = e.registration
      const redacted = redactPersonal(ReferralRegistration, r)
      // only the erased person's own fields: the other party of the referral keeps theirs
      return {
        ...e,
        registration: {
          ...r,
          referee: r.referee.phone === phone ? redacted.referee : r.referee,
          referrer: r.referrer.phone === phone ? { ...r.referrer, phone: ERASED_PHONE } : r.referrer
        }
      }
    }
    case "ReferralPending":
    case "ReferralAudited":
      return { ...e, checks: scrubDeep(e.checks, scrub) as typeof e.checks }
    case "ReferralRejected":
      return { ...e, note: ERASED_TEXT, checks: scrubDeep(e.checks, scrub) as typeof e.checks }
    case "ReferralVoided":
      return { ...e, reason: ERASED_TEXT }
    default:
      return e
  }
}

/**
 * The referrals of a person in a dealer group, as the referee or the referrer, by the store's
 * indexed phone look-ups (what an erasure and an access export read).
 *
 * @example
 * ```ts
 * import { referralsOf } from "@jipan/core"
 * referralsOf({ dealerGroupId }, "+8613812345678" as never) // Effect<FoundReferral[], StoreError, ReferralStore>
 * ```
 */
export const referralsOf = (scope: { readonly dealerGroupId: DealerGroupId }, phone: PhoneNumber) =>
  Effect.gen(function* () {
    const asReferee = yield* findAllReferrals(scope, { refereePhone: phone })
    const asReferrer = yield* findAllReferrals(scope, { referrerPhone: phone })
    const seen = new Set<string>()
    return [...asReferee, ...asReferrer].filter((f) => {
      const k = `${f.tenant.storeId}\u0000${f.referralId}`
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
  })
