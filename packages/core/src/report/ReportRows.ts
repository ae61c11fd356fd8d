/**
 * The report rows of a card's and a referral's history, derived with pure functions (the same in every store): each event as the reports read it, the due spans, the card's facts, the referral's row, and the rows of one append.
 *
 * @module
 */
import { Schema, Struct } from "effect"
import {
  type CardEvent,
  CardOpened,
  CareContactRecorded,
  ComplaintHandled,
  ComplaintRecorded,
  ComplaintResolved,
  ContactLogged,
  DefeatApproved,
  DefeatRejected,
  DefeatRequested,
  Delivered,
  GradeLapsed,
  MarkedInvalid,
  OrderCancelled,
  OrderPlaced,
  OwnerMined,
  ReactivationApproved,
  ReactivationRejected,
  ReactivationRequested,
  Reassigned,
  Regraded,
  SurveyRecorded,
  VisitPlanned,
  VisitUnplanned
} from "../card/CardEvent.js"
import { evolveCard } from "../card/CardEvolve.js"
import { type CardState, type CardStatus, initialCardState } from "../card/CardState.js"
import { oldestOpenComplaint } from "../card/Complaint.js"
import type { PlannedVisit } from "../card/VisitPlan.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { ProspectEvidence } from "../kernel/Evidence.js"
import type { CardId, ConsultantId, CustomerId } from "../kernel/Ids.js"
import type { IntentType } from "../kernel/IntentType.js"
import type { LeadSource } from "../kernel/LeadSource.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { ReferralState, ReferralStatus } from "../referral/Referral.js"
import type { AskMoment, ReferrerKind } from "../referral/ReferralValidity.js"

/** What the reports read of a card's evidence: whether a test drive is on record. */
const ReportedEvidence = ProspectEvidence.mapFields(Struct.pick(["testDriveDone"]))

const reported = {
  CardOpened: CardOpened.mapFields(Struct.pick(["_tag", "at", "on", "source", "phone", "grade"])).mapFields(
    Struct.assign({ evidence: ReportedEvidence })
  ),
  ContactLogged: ContactLogged.mapFields(
    Struct.pick(["_tag", "at", "on", "channel", "outcome", "grade"])
  ).mapFields(Struct.assign({ evidence: ReportedEvidence })),
  Regraded: Regraded.mapFields(Struct.pick(["_tag", "at", "on", "from", "grade", "justification"])),
  Reassigned: Reassigned.mapFields(Struct.pick(["_tag", "at", "on", "from", "to"])),
  OrderPlaced: OrderPlaced.mapFields(Struct.pick(["_tag", "at", "on", "orderId", "model"])),
  OrderCancelled: OrderCancelled.mapFields(Struct.pick(["_tag", "at", "on", "orderId"])),
  Delivered: Delivered.mapFields(Struct.pick(["_tag", "at", "on", "deliveredOn", "sale"])),
  DefeatRequested: DefeatRequested.mapFields(Struct.pick(["_tag", "at", "on", "defeat"])),
  DefeatApproved: DefeatApproved.mapFields(Struct.pick(["_tag", "at", "on", "defeat"])),
  DefeatRejected: DefeatRejected.mapFields(Struct.pick(["_tag", "at", "on", "owner", "grade"])),
  ReactivationRequested: ReactivationRequested.mapFields(Struct.pick(["_tag", "at", "on"])),
  ReactivationApproved: ReactivationApproved.mapFields(Struct.pick(["_tag", "at", "on", "owner", "grade"])),
  ReactivationRejected: ReactivationRejected.mapFields(Struct.pick(["_tag", "at", "on"])),
  MarkedInvalid: MarkedInvalid.mapFields(Struct.pick(["_tag", "at", "on", "reasonId", "mergedInto"])),
  OwnerMined: OwnerMined.mapFields(Struct.pick(["_tag", "at", "on", "kind", "newCardId"])),
  CareContactRecorded: CareContactRecorded.mapFields(
    Struct.pick(["_tag", "at", "on", "ruleId", "plannedOn", "outcome"])
  ),
  SurveyRecorded: SurveyRecorded.mapFields(Struct.pick(["_tag", "at", "on", "surveyId", "answers"])),
  GradeLapsed: GradeLapsed.mapFields(Struct.pick(["_tag", "at", "on", "from", "grade", "stepId"])),
  ComplaintRecorded: ComplaintRecorded.mapFields(
    Struct.pick(["_tag", "at", "on", "complaintId", "category", "severity", "channel"])
  ),
  ComplaintHandled: ComplaintHandled.mapFields(Struct.pick(["_tag", "at", "on", "complaintId"])),
  ComplaintResolved: ComplaintResolved.mapFields(
    Struct.pick(["_tag", "at", "on", "complaintId", "satisfied"])
  ),
  VisitPlanned: VisitPlanned.mapFields(Struct.pick(["_tag", "at", "on", "month", "week", "means"])),
  VisitUnplanned: VisitUnplanned.mapFields(Struct.pick(["_tag", "at", "on", "month"]))
}

/**
 * What the reports read of a card event: its tag, instant and day, and per kind the few fields
 * the daily report, the findings and the analytics use (a contact's grade and whether the evidence
 * shows a test drive, a re-grade's grades and justification, a defeat's reason, a care contact's
 * step and outcome…). A store keeps and hands back this much of each event, not the whole of it:
 * a day's report reads thousands of events. {@link reportedEventOf} makes one from an event.
 *
 * @example
 * ```ts
 * import type { ReportedEvent } from "@jipan/core"
 * const raised = (e: ReportedEvent) => e._tag === "Regraded" && e.grade !== e.from
 * ```
 */
export const ReportedEvent = Schema.Union([
  reported.CardOpened,
  reported.ContactLogged,
  reported.Regraded,
  reported.Reassigned,
  reported.OrderPlaced,
  reported.OrderCancelled,
  reported.Delivered,
  reported.DefeatRequested,
  reported.DefeatApproved,
  reported.DefeatRejected,
  reported.ReactivationRequested,
  reported.ReactivationApproved,
  reported.ReactivationRejected,
  reported.MarkedInvalid,
  reported.OwnerMined,
  reported.CareContactRecorded,
  reported.SurveyRecorded,
  reported.GradeLapsed,
  reported.ComplaintRecorded,
  reported.ComplaintHandled,
  reported.ComplaintResolved,
  reported.VisitPlanned,
  reported.VisitUnplanned
])
/** @see {@link ReportedEvent} */
export type ReportedEvent = typeof ReportedEvent.Type

// the fields each kind keeps, from the schemas above (one list per kind, in one place)
const reportedKeys = new Map<string, ReadonlyArray<string>>(
  Object.entries(reported).map(([tag, schema]) => [tag, Object.keys(schema.fields)])
)
const evidenceKeys = Object.keys(ReportedEvidence.fields)

/**
 * The {@link ReportedEvent} of a card event: the fields its kind keeps (absent ones stay absent).
 *
 * @example
 * ```ts
 * import { reportedEventOf, ContactLogged } from "@jipan/core"
 * declare const contactLogged: ContactLogged
 * reportedEventOf(contactLogged) // { _tag: "ContactLogged", at, on, channel, outcome, grade, evidence: { testDriveDone } }
 * ```
 */
export const reportedEventOf = (event: CardEvent): ReportedEvent => {
  const from = event as unknown as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const k of reportedKeys.get(event._tag) ?? []) {
    const v = from[k]
    if (v === undefined) continue
    if (k === "evidence") {
      const evidence: Record<string, unknown> = {}
      for (const e of evidenceKeys) {
        const x = (v as Record<string, unknown>)[e]
        if (x !== undefined) evidence[e] = x
      }
      out[k] = evidence
    } else out[k] = v
  }
  return out as ReportedEvent
}

/**
 * One card event as reports read it: the event (what reports read of it, {@link ReportedEvent}) with its card, its position in the card's history
 * (`version`: 1 for the first event), the card's owner **after** the event is applied (so a
 * `CardOpened` carries its owner, a `Reassigned` the new one), the card's lead source (fixed when
 * the card opened), and three facts of the state **before** the event that a day's events alone
 * cannot tell: the grade (`gradeBefore`, for grade changes), the status (`statusBefore`) and
 * whether a test drive was already on record (`testDriveBefore`, so a test drive counts once, on
 * the day the card's evidence first shows it).
 *
 * @example
 * ```ts
 * import type { ReportEvent } from "@jipan/core"
 * const contacts = (rows: ReadonlyArray<ReportEvent>) => rows.filter((r) => r.event._tag === "ContactLogged").length
 * ```
 */
export interface ReportEvent {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly version: number
  readonly owner: ConsultantId | undefined
  readonly source: LeadSource | undefined
  readonly gradeBefore: GradeId | undefined
  readonly statusBefore: CardStatus
  readonly testDriveBefore: boolean
  readonly event: ReportedEvent
}

/**
 * The report rows of events appended to a card: what a store writes next to its history (one row
 * per event a form counts; none for a broad-base record, a correction or an erasure). `before` is the card's state before the events (`initialCardState` for a new card).
 *
 * @example
 * ```ts
 * import { initialCardState, reportEventsOf } from "@jipan/core"
 * reportEventsOf(tenant, cardId, initialCardState, [opened])[0]?.owner // the consultant who opened it
 * ```
 */
export const reportEventsOf = (
  tenant: Tenant,
  cardId: CardId,
  before: CardState,
  events: ReadonlyArray<CardEvent>
): Array<ReportEvent> => {
  const rows: Array<ReportEvent> = []
  let state = before
  for (const event of events) {
    const gradeBefore = state.grade
    const statusBefore = state.status
    const testDriveBefore = state.evidence.testDriveDone === true
    state = evolveCard(state, event)
    // an event no form counts (a broad-base record, a correction, an erasure) has no report row
    if (!reportedKeys.has(event._tag)) continue
    rows.push({
      tenant,
      cardId,
      version: state.version,
      owner: state.owner,
      source: state.source,
      gradeBefore,
      statusBefore,
      testDriveBefore,
      event: reportedEventOf(event)
    })
  }
  return rows
}

/**
 * A stretch of days during which a card had the same next due contact (`due`) and the same owner:
 * the schedule of one card as the control table and the daily report read it. The span starts on
 * the day of the event that set it (`startedOn`, at history position `startedVersion`) and ends on
 * the day of the next event that changed the due date or the owner (`endedOn`; `undefined` while
 * it is still in force). Only cards with a due contact (open prospects and orders) have spans.
 *
 * **The card's schedule at the start of day `d`** is the span with `startedOn < d` and (`endedOn`
 * undefined or `endedOn >= d`): at most one per card, since spans of one card do not overlap. A
 * span that starts and ends on the same day covers no day start (it still exists, and is harmless).
 *
 * @example
 * ```ts
 * import type { DueSpan } from "@jipan/core"
 * const dueAtStartOf = (s: DueSpan, d: string) => s.startedOn < d && (s.endedOn === undefined || s.endedOn >= d)
 * ```
 */
export interface DueSpan {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly owner: ConsultantId | undefined
  readonly due: CalendarDate
  readonly startedOn: CalendarDate
  readonly startedVersion: number
  readonly endedOn: CalendarDate | undefined
}

/**
 * What appending events does to a card's due spans, for a store that keeps them as rows:
 * `closeOpenSpanOn` — when set, the card's currently open span (the one with `endedOn` undefined,
 * if any) ends on that day; `spans` — the new spans to insert (all closed but possibly the last).
 * `before` is the card's state before the events.
 *
 * @example
 * ```ts
 * import { dueSpanChanges, type CardState } from "@jipan/core"
 * declare const before: CardState // the card before the events
 * const { closeOpenSpanOn, spans } = dueSpanChanges(tenant, cardId, before, events)
 * // UPDATE due_spans SET ended_on = closeOpenSpanOn WHERE card = … AND ended_on IS NULL; INSERT spans
 * ```
 */
export const dueSpanChanges = (
  tenant: Tenant,
  cardId: CardId,
  before: CardState,
  events: ReadonlyArray<CardEvent>
): { readonly closeOpenSpanOn: CalendarDate | undefined; readonly spans: ReadonlyArray<DueSpan> } => {
  let closeOpenSpanOn: CalendarDate | undefined
  const spans: Array<DueSpan> = []
  let state = before
  let open: DueSpan | undefined
  let hadOpen = before.nextContactDue !== undefined
  for (const event of events) {
    const next = evolveCard(state, event)
    if (next.nextContactDue !== state.nextContactDue || next.owner !== state.owner) {
      if (open !== undefined) spans[spans.length - 1] = { ...open, endedOn: event.on }
      else if (hadOpen && closeOpenSpanOn === undefined) closeOpenSpanOn = event.on
      hadOpen = false
      open = undefined
      if (next.nextContactDue !== undefined) {
        open = {
          tenant,
          cardId,
          owner: next.owner,
          due: next.nextContactDue,
          startedOn: event.on,
          startedVersion: next.version,
          endedOn: undefined
        }
        spans.push(open)
      }
    }
    state = next
  }
  return { closeOpenSpanOn, spans }
}

/**
 * Every due span of a card's whole history (the in-memory store and tests use it; SQL stores keep
 * them incrementally with {@link dueSpanChanges}, which gives the same rows).
 *
 * @example
 * ```ts
 * import { dueSpansOf } from "@jipan/core"
 * dueSpansOf(tenant, cardId, history).at(-1)?.endedOn // undefined while the card is open
 * ```
 */
export const dueSpansOf = (
  tenant: Tenant,
  cardId: CardId,
  history: ReadonlyArray<CardEvent>,
  initial: CardState = initialCardState
): ReadonlyArray<DueSpan> => dueSpanChanges(tenant, cardId, initial, history).spans

/**
 * What findings read of a card: a narrow projection of its current state (one row per card,
 * rewritten on every append with {@link cardFactsOf}).
 *
 * @example
 * ```ts
 * import type { CardFacts } from "@jipan/core"
 * const overdue = (f: CardFacts, today: string) => f.nextContactDue !== undefined && f.nextContactDue < today
 * ```
 */
export interface CardFacts {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly version: number
  readonly status: CardStatus
  readonly statusSince: CalendarDate | undefined
  readonly owner: ConsultantId | undefined
  readonly source: LeadSource | undefined
  readonly customerId: CustomerId | undefined
  readonly phone: PhoneNumber | undefined
  readonly openedOn: CalendarDate | undefined
  readonly grade: GradeId | undefined
  readonly gradeSince: CalendarDate | undefined
  readonly lastContactOn: CalendarDate | undefined
  readonly contactCount: number
  readonly nextContactDue: CalendarDate | undefined
  readonly agreedNextContactOn: CalendarDate | undefined
  readonly overridesToReview: number
  /** The intent type (direct, key person, latent): a latent prospect is watched, not chased. */
  readonly intent?: IntentType | undefined
  /** The day the oldest unresolved complaint was recorded, if one is open. */
  readonly openComplaintSince?: CalendarDate | undefined
  /** The latest month's base-visit plan of the card, if it has one. */
  readonly plannedVisit?: PlannedVisit | undefined
  /** The last day the customer was reached: a contact logged or a care contact done. */
  readonly lastReachedOn?: CalendarDate | undefined
}

/**
 * The facts of a card's state (what a store keeps as one row per card).
 *
 * @example
 * ```ts
 * import { cardFactsOf } from "@jipan/core"
 * cardFactsOf(tenant, cardId, state).gradeSince
 * ```
 */
export const cardFactsOf = (tenant: Tenant, cardId: CardId, s: CardState): CardFacts => ({
  tenant,
  cardId,
  version: s.version,
  status: s.status,
  statusSince: s.statusSince,
  owner: s.owner,
  source: s.source,
  customerId: s.customerId,
  phone: s.phone,
  openedOn: s.openedOn,
  grade: s.grade,
  gradeSince: s.gradeSince,
  lastContactOn: s.lastContactOn,
  contactCount: s.contactCount,
  nextContactDue: s.nextContactDue,
  agreedNextContactOn: s.agreedNextContactOn,
  overridesToReview: s.overridesToReview,
  intent: s.intent,
  openComplaintSince: oldestOpenComplaint(s.complaints),
  plannedVisit: s.visitPlans.at(-1),
  lastReachedOn: lastReachedOf(s)
})

// the last day the customer was reached: a contact logged, or a care contact done (an owned
// customer is reached by care contacts, never by LogContact)
const lastReachedOf = (s: CardState): CalendarDate | undefined => {
  let last = s.lastContactOn
  for (const r of s.careLog) if (r.outcome === "done" && (last === undefined || r.on > last)) last = r.on
  return last
}

/**
 * A referral as reports read it: who registered it and when, the referrer, the referee (their
 * customer id, else their phone), its status, and the referee's order and delivery.
 *
 * @example
 * ```ts
 * import type { ReportReferral } from "@jipan/core"
 * const closed = (r: ReportReferral) => r.refereeDeliveredOn !== undefined
 * ```
 */
export interface ReportReferral {
  readonly tenant: Tenant
  readonly referralId: string
  readonly consultantId: ConsultantId
  readonly registeredOn: CalendarDate
  readonly askedAt: AskMoment
  readonly referrerId: string
  readonly referrerKind: ReferrerKind
  readonly refereeId: string
  readonly status: ReferralStatus
  readonly auditedOn: CalendarDate | undefined
  readonly rejected: boolean
  readonly refereeOrdered: boolean
  readonly refereeDeliveredOn: CalendarDate | undefined
}

/**
 * The report row of a referral's state (`undefined` before it is registered); a store rewrites it
 * on every append.
 *
 * @example
 * ```ts
 * import { reportReferralOf } from "@jipan/core"
 * reportReferralOf(tenant, referralState)?.registeredOn
 * ```
 */
export const reportReferralOf = (tenant: Tenant, s: ReferralState): ReportReferral | undefined => {
  const r = s.registration
  if (r === undefined) return undefined
  return {
    tenant,
    referralId: r.referralId,
    consultantId: r.consultantId,
    registeredOn: r.registeredOn,
    askedAt: r.askedAt,
    referrerId: r.referrer.id,
    referrerKind: r.referrer.kind,
    refereeId: r.referee.customerId ?? r.referee.phone,
    status: s.status,
    auditedOn: s.auditedOn,
    rejected: s.status === "rejected" || s.status === "voided",
    refereeOrdered: s.orderId !== undefined || s.delivery !== undefined,
    refereeDeliveredOn: s.delivery?.deliveredOn
  }
}

/**
 * The report rows of one card append, derived in the core so that every store writes the same:
 * the event rows, the due-span changes (the open span to close, the spans to insert) and the
 * card's facts after the events. `before` is the state the events apply to.
 *
 * @example
 * ```ts
 * import { cardReportRowsOf, foldCard, initialCardState } from "@jipan/core"
 * const rows = cardReportRowsOf(tenant, cardId, initialCardState, history, foldCard(history))
 * rows.events.length === history.length // true
 * ```
 */
export interface CardReportRows {
  readonly events: ReadonlyArray<ReportEvent>
  readonly closeOpenSpanOn: CalendarDate | undefined
  readonly spans: ReadonlyArray<DueSpan>
  readonly facts: CardFacts
}

/**
 * The {@link CardReportRows} of the events `events` applied to `before`, leading to `after`.
 *
 * @example
 * ```ts
 * import { cardReportRowsOf, foldCard, initialCardState } from "@jipan/core"
 * cardReportRowsOf(tenant, cardId, initialCardState, history, foldCard(history)).facts.status
 * ```
 */
export const cardReportRowsOf = (
  tenant: Tenant,
  cardId: CardId,
  before: CardState,
  events: ReadonlyArray<CardEvent>,
  after: CardState
): CardReportRows => {
  const spans = dueSpanChanges(tenant, cardId, before, events)
  return {
    events: reportEventsOf(tenant, cardId, before, events),
    closeOpenSpanOn: spans.closeOpenSpanOn,
    spans: spans.spans,
    facts: cardFactsOf(tenant, cardId, after)
  }
}
