/**
 * What happened to a customer card: its events, the back of the paper card (who, when, what, why).
 * Events carry the decisions made (grades, due dates, rule ids), so replaying them needs no policy.
 * Each event is a Schema, so a store can encode it to JSON and decode it back (fields that may be
 * `undefined` may also be absent, as JSON drops them).
 *
 * @module
 */
import { Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { ContactChannel } from "../kernel/ContactChannel.js"
import { BroadBaseKind } from "../kernel/CustomerKind.js"
import { decoderFor } from "../kernel/Errors.js"
import { ProspectEvidence } from "../kernel/Evidence.js"
import { CardId, ConsultantId, CustomerId, StoreId } from "../kernel/Ids.js"
import { Instant } from "../kernel/Instant.js"
import { IntentType } from "../kernel/IntentType.js"
import { LeadSource } from "../kernel/LeadSource.js"
import { PhoneNumber } from "../kernel/Phone.js"
import { DeliverySale } from "../kernel/Sale.js"
import { SurveyAnswers } from "../kernel/Survey.js"
import { Text } from "../kernel/Text.js"
import { GradeId } from "../policy/GradingPolicy.js"
import {
  Actor,
  ContactOutcome,
  DefeatClaim,
  DeliveredVehicle,
  MiningKind,
  ReassignReason
} from "./CardCommand.js"
import { ComplaintCategory, ComplaintSeverity } from "./Complaint.js"
import { VisitMeans } from "./VisitPlan.js"

const meta = {
  by: Actor,
  /** Epoch milliseconds: never earlier than the card's previous event. */
  at: Instant,
  /** The calendar date of `at` in the policy's time zone. */
  on: CalendarDate
}

/** A prospect's grade and schedule as decided: the grade, the rules that fired, and the next due contact. */
const scheduled = {
  grade: GradeId,
  ruleIds: Schema.Array(Text),
  /** The day from which the grade's contact interval counts. */
  scheduleBase: CalendarDate,
  nextContactDue: CalendarDate
}

/**
 * A grade and schedule as decided (see {@link CardOpened} and the others that reschedule).
 *
 * @example
 * ```ts
 * import { type Scheduled, GradeId, CalendarDate } from "@jipan/core"
 * const s: Scheduled = { grade: GradeId.make("A"), ruleIds: ["grading.timeframe"],
 *   scheduleBase: CalendarDate.make("2026-11-22"), nextContactDue: CalendarDate.make("2026-11-26") }
 * ```
 */
export const Scheduled = Schema.Struct(scheduled)
/** @see {@link Scheduled} */
export type Scheduled = typeof Scheduled.Type

const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const maybe = Schema.optional

/** A card was opened (建卡). */
export const CardOpened = Schema.TaggedStruct("CardOpened", {
  ...meta,
  ...scheduled,
  cardId: CardId,
  storeId: StoreId,
  customerId: CustomerId,
  phone: PhoneNumber,
  owner: ConsultantId,
  source: LeadSource.schema,
  intent: IntentType.schema,
  evidence: ProspectEvidence,
  linkedTo: maybe(Schema.Struct({ cardId: CardId, kind: MiningKind.schema }))
})
/** @see {@link CardOpened} */
export type CardOpened = typeof CardOpened.Type

/** A contact was logged; the card was re-graded and rescheduled. `evidence` is the card's evidence after it. */
export const ContactLogged = Schema.TaggedStruct("ContactLogged", {
  ...meta,
  ...scheduled,
  channel: ContactChannel.schema,
  outcome: ContactOutcome.schema,
  evidence: ProspectEvidence,
  computedGrade: GradeId,
  agreedNextContactOn: maybe(CalendarDate),
  note: maybe(Text)
})
/** @see {@link ContactLogged} */
export type ContactLogged = typeof ContactLogged.Type

/** A consultant overrode the grade with a justification; flagged for review. */
export const Regraded = Schema.TaggedStruct("Regraded", {
  ...meta,
  ...scheduled,
  from: GradeId,
  computedGrade: GradeId,
  justification: Text,
  reviewRequired: Schema.Literal(true)
})
/** @see {@link Regraded} */
export type Regraded = typeof Regraded.Type

/** The card moved to another consultant, with its whole history. */
export const Reassigned = Schema.TaggedStruct("Reassigned", {
  ...meta,
  from: ConsultantId,
  to: ConsultantId,
  reason: ReassignReason.schema
})
/** @see {@link Reassigned} */
export type Reassigned = typeof Reassigned.Type

/** An order was signed (O). */
export const OrderPlaced = Schema.TaggedStruct("OrderPlaced", {
  ...meta,
  ...scheduled,
  orderId: Text,
  model: Text
})
/** @see {@link OrderPlaced} */
export type OrderPlaced = typeof OrderPlaced.Type

/** The order was cancelled (退订); back to prospect (with a grade), or a defeat request follows. */
export const OrderCancelled = Schema.TaggedStruct("OrderCancelled", {
  ...meta,
  orderId: Text,
  reason: Text,
  backToProspect: maybe(Scheduled)
})
/** @see {@link OrderCancelled} */
export type OrderCancelled = typeof OrderCancelled.Type

/** The car was handed over (交车): the card is an owned-customer card. */
export const Delivered = Schema.TaggedStruct("Delivered", {
  ...meta,
  vehicle: DeliveredVehicle,
  deliveredOn: CalendarDate,
  odometerKm: maybe(NonNegative),
  insuranceExpiresOn: CalendarDate,
  birthday: maybe(Schema.Struct({ month: Schema.Int, day: Schema.Int })),
  /** Absent on a retail delivery of one car (and on deliveries recorded before sales were). */
  sale: maybe(DeliverySale)
})
/** @see {@link Delivered} */
export type Delivered = typeof Delivered.Type

/** A broad-base card was recorded (广义基盘: 他牌基盘 or 本牌他销), with the owner's vehicle. */
export const BroadBaseRecorded = Schema.TaggedStruct("BroadBaseRecorded", {
  ...meta,
  cardId: CardId,
  storeId: StoreId,
  customerId: CustomerId,
  phone: PhoneNumber,
  owner: ConsultantId,
  kind: BroadBaseKind.schema,
  source: LeadSource.schema,
  vehicle: DeliveredVehicle,
  boughtOn: CalendarDate,
  odometerKm: maybe(NonNegative),
  insuranceExpiresOn: maybe(CalendarDate),
  birthday: maybe(Schema.Struct({ month: Schema.Int, day: Schema.Int }))
})
/** @see {@link BroadBaseRecorded} */
export type BroadBaseRecorded = typeof BroadBaseRecorded.Type

/** A personal field was corrected (更正), with the reason: the phone, the birthday or the VIN. */
export const PersonalDataCorrected = Schema.TaggedStruct("PersonalDataCorrected", {
  ...meta,
  correction: Schema.Union([
    Schema.Struct({ field: Schema.Literal("phone"), phone: PhoneNumber }),
    Schema.Struct({
      field: Schema.Literal("birthday"),
      birthday: Schema.Struct({ month: Schema.Int, day: Schema.Int })
    }),
    Schema.Struct({ field: Schema.Literal("vin"), vin: Text })
  ]),
  reason: Text
})
/** @see {@link PersonalDataCorrected} */
export type PersonalDataCorrected = typeof PersonalDataCorrected.Type

/**
 * The card's personal data was erased (个人信息删除, `erasePerson`): the events before it hold
 * tombstones where the person's data was. Written by the erasure itself, so a command decided on
 * the card before it conflicts and decides again on the erased card; dated at the card's previous
 * event (the erasure's own time is in the audit log).
 */
export const PersonalDataErased = Schema.TaggedStruct("PersonalDataErased", { ...meta, erasureId: Text })
/** @see {@link PersonalDataErased} */
export type PersonalDataErased = typeof PersonalDataErased.Type

/** A defeat was requested (战败申请) with a catalogue reason. */
export const DefeatRequested = Schema.TaggedStruct("DefeatRequested", { ...meta, defeat: DefeatClaim })
/** @see {@link DefeatRequested} */
export type DefeatRequested = typeof DefeatRequested.Type

/** The supervisor approved the defeat (战败). */
export const DefeatApproved = Schema.TaggedStruct("DefeatApproved", {
  ...meta,
  defeat: DefeatClaim,
  note: maybe(Text)
})
/** @see {@link DefeatApproved} */
export type DefeatApproved = typeof DefeatApproved.Type

/** The supervisor rejected the defeat: tracking continues (继续跟踪). */
export const DefeatRejected = Schema.TaggedStruct("DefeatRejected", {
  ...meta,
  ...scheduled,
  owner: ConsultantId,
  note: Text
})
/** @see {@link DefeatRejected} */
export type DefeatRejected = typeof DefeatRejected.Type

/** A reactivation of the defeated card was requested. */
export const ReactivationRequested = Schema.TaggedStruct("ReactivationRequested", {
  ...meta,
  note: Text
})
/** @see {@link ReactivationRequested} */
export type ReactivationRequested = typeof ReactivationRequested.Type

/** The reactivation was approved: a prospect again. */
export const ReactivationApproved = Schema.TaggedStruct("ReactivationApproved", {
  ...meta,
  ...scheduled,
  owner: ConsultantId
})
/** @see {@link ReactivationApproved} */
export type ReactivationApproved = typeof ReactivationApproved.Type

/** The reactivation was rejected: still defeated. */
export const ReactivationRejected = Schema.TaggedStruct("ReactivationRejected", {
  ...meta,
  note: Text
})
/** @see {@link ReactivationRejected} */
export type ReactivationRejected = typeof ReactivationRejected.Type

/** The card was closed as invalid (无效卡), merged into the surviving card when a duplicate. */
export const MarkedInvalid = Schema.TaggedStruct("MarkedInvalid", {
  ...meta,
  reasonId: Text,
  mergedInto: maybe(CardId)
})
/** @see {@link MarkedInvalid} */
export type MarkedInvalid = typeof MarkedInvalid.Type

/** Owner mining: a replacement (置换) or additional purchase (增购) opens a linked prospect card. */
export const OwnerMined = Schema.TaggedStruct("OwnerMined", {
  ...meta,
  kind: MiningKind.schema,
  newCardId: CardId,
  note: maybe(Text)
})
/** @see {@link OwnerMined} */
export type OwnerMined = typeof OwnerMined.Type

/** A planned care contact was done or missed. */
export const CareContactRecorded = Schema.TaggedStruct("CareContactRecorded", {
  ...meta,
  ruleId: Text,
  plannedOn: CalendarDate,
  outcome: Schema.Literals(["done", "missed"]),
  odometerKm: maybe(NonNegative),
  dissatisfied: maybe(Schema.Boolean)
})
/** @see {@link CareContactRecorded} */
export type CareContactRecorded = typeof CareContactRecorded.Type

/** The lapse rule lowered the grade of an overdue prospect (降级): rescheduled from the same base. */
export const GradeLapsed = Schema.TaggedStruct("GradeLapsed", {
  ...meta,
  ...scheduled,
  from: GradeId,
  stepId: Text,
  overdueDays: Schema.Int
})
/** @see {@link GradeLapsed} */
export type GradeLapsed = typeof GradeLapsed.Type

/** A complaint was recorded (客户投诉). */
export const ComplaintRecorded = Schema.TaggedStruct("ComplaintRecorded", {
  ...meta,
  complaintId: Text,
  category: ComplaintCategory.schema,
  severity: ComplaintSeverity.schema,
  channel: ContactChannel.schema,
  words: Text
})
/** @see {@link ComplaintRecorded} */
export type ComplaintRecorded = typeof ComplaintRecorded.Type

/** A step was taken on an open complaint. */
export const ComplaintHandled = Schema.TaggedStruct("ComplaintHandled", {
  ...meta,
  complaintId: Text,
  step: Text
})
/** @see {@link ComplaintHandled} */
export type ComplaintHandled = typeof ComplaintHandled.Type

/** The complaint was resolved with the supervisor's reply (主管回复). */
export const ComplaintResolved = Schema.TaggedStruct("ComplaintResolved", {
  ...meta,
  complaintId: Text,
  resolution: Text,
  satisfied: Schema.Boolean
})
/** @see {@link ComplaintResolved} */
export type ComplaintResolved = typeof ComplaintResolved.Type

/** A base visit was planned for a week of a month (it replaces the month's plan). */
export const VisitPlanned = Schema.TaggedStruct("VisitPlanned", {
  ...meta,
  month: Text,
  week: Schema.Int,
  means: VisitMeans.schema
})
/** @see {@link VisitPlanned} */
export type VisitPlanned = typeof VisitPlanned.Type

/** The card was taken out of a month's plan. */
export const VisitUnplanned = Schema.TaggedStruct("VisitUnplanned", { ...meta, month: Text })
/** @see {@link VisitUnplanned} */
export type VisitUnplanned = typeof VisitUnplanned.Type

/** A customer survey was recorded (满意度调查). */
export const SurveyRecorded = Schema.TaggedStruct("SurveyRecorded", {
  ...meta,
  surveyId: Text,
  answers: SurveyAnswers
})
/** @see {@link SurveyRecorded} */
export type SurveyRecorded = typeof SurveyRecorded.Type

/**
 * Every event of a customer card, as a Schema: {@link encodeCardEvent} for storage, and
 * {@link decodeCardEvent} to read one back, naming each problem of a malformed row.
 *
 * @example
 * ```ts
 * import { foldCard, type CardEvent } from "@jipan/core"
 * const state = foldCard(history satisfies ReadonlyArray<CardEvent>)
 * ```
 */
export const CardEvent = Schema.Union([
  CardOpened,
  ContactLogged,
  Regraded,
  Reassigned,
  OrderPlaced,
  OrderCancelled,
  Delivered,
  DefeatRequested,
  DefeatApproved,
  DefeatRejected,
  ReactivationRequested,
  ReactivationApproved,
  ReactivationRejected,
  MarkedInvalid,
  OwnerMined,
  CareContactRecorded,
  SurveyRecorded,
  GradeLapsed,
  ComplaintRecorded,
  ComplaintHandled,
  ComplaintResolved,
  VisitPlanned,
  VisitUnplanned,
  BroadBaseRecorded,
  PersonalDataCorrected,
  PersonalDataErased
])
/** @see {@link CardEvent} */
export type CardEvent = typeof CardEvent.Type

/** The tag of an event, e.g. `"OrderPlaced"`. */
export type CardEventTag = CardEvent["_tag"]

/**
 * Decodes a stored event (e.g. a jsonb column), listing every problem with its path.
 *
 * @example
 * ```ts
 * import { decodeCardEvent, encodeCardEvent } from "@jipan/core"
 * decodeCardEvent(JSON.parse(JSON.stringify(encodeCardEvent(event)))) // Success(event)
 * ```
 */
export const decodeCardEvent = /* @__PURE__ */ decoderFor(CardEvent, "CardEvent")

/**
 * Encodes an event to JSON-safe data (the inverse of {@link decodeCardEvent}).
 *
 * @example
 * ```ts
 * import { encodeCardEvent } from "@jipan/core"
 * JSON.stringify(encodeCardEvent(event))
 * ```
 */
export const encodeCardEvent = Schema.encodeSync(CardEvent)
