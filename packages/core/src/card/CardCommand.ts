/**
 * What people (and the DMS) ask of a customer card: the commands of the card decider. Every
 * command says who asks and when; the decider never reads a clock.
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
import { defineEnum } from "../kernel/Label.js"
import { LeadSource } from "../kernel/LeadSource.js"
import { PhoneNumberFromInput } from "../kernel/Phone.js"
import { DeliverySale } from "../kernel/Sale.js"
import { SurveyAnswers } from "../kernel/Survey.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import { GradeId } from "../policy/GradingPolicy.js"
import { ComplaintCategory, ComplaintSeverity } from "./Complaint.js"
import { PlanWeek, VisitMeans } from "./VisitPlan.js"

/**
 * Who acts on a card: a sales consultant (销售顾问), a supervisor (主管), the customer relations
 * centre (DCRC), or the system (the DMS, a scheduled job).
 *
 * @example
 * ```ts
 * import { ActorRole } from "@jipan/core"
 * ActorRole.label("supervisor", "zh-CN") // "主管"
 * ```
 */
export const ActorRole = /* @__PURE__ */ defineEnum({
  consultant: { "zh-CN": "销售顾问", en: "Sales consultant" },
  supervisor: { "zh-CN": "主管", en: "Supervisor" },
  dcrc: { "zh-CN": "客户关系中心(DCRC)", en: "Customer relations centre (DCRC)" },
  system: { "zh-CN": "系统", en: "System" }
})
/** @see {@link ActorRole} */
export type ActorRole = (typeof ActorRole.values)[number]

/**
 * Who issued a command: an id (a consultant's id for consultants) and a role.
 *
 * @example
 * ```ts
 * import type { Actor } from "@jipan/core"
 * const wang: Actor = { id: "c-wang", role: "consultant" }
 * ```
 */
export const Actor = Schema.Struct({ id: NonEmptyText, role: ActorRole.schema })
/** @see {@link Actor} */
export type Actor = typeof Actor.Type

/**
 * Why a card moves to another consultant: the consultant left (离职), workload, or a supervisor's
 * decision. The card keeps its whole history.
 *
 * @example
 * ```ts
 * import { ReassignReason } from "@jipan/core"
 * ReassignReason.label("consultantLeft", "zh-CN") // "顾问离职"
 * ```
 */
export const ReassignReason = /* @__PURE__ */ defineEnum({
  consultantLeft: { "zh-CN": "顾问离职", en: "Consultant left" },
  workload: { "zh-CN": "工作量调整", en: "Workload" },
  supervisorDecision: { "zh-CN": "主管决定", en: "Supervisor decision" }
})
/** @see {@link ReassignReason} */
export type ReassignReason = (typeof ReassignReason.values)[number]

/**
 * The outcome of one contact attempt.
 *
 * @example
 * ```ts
 * import { ContactOutcome } from "@jipan/core"
 * ContactOutcome.label("notReached", "en") // "Not reached"
 * ```
 */
export const ContactOutcome = /* @__PURE__ */ defineEnum({
  reached: { "zh-CN": "已联系上", en: "Reached" },
  notReached: { "zh-CN": "未联系上", en: "Not reached" },
  visited: { "zh-CN": "客户到店", en: "Customer visited" }
})
/** @see {@link ContactOutcome} */
export type ContactOutcome = (typeof ContactOutcome.values)[number]

/**
 * Owner mining (保客挖掘): an owned customer wants to replace the car (置换) or add one (增购).
 *
 * @example
 * ```ts
 * import { MiningKind } from "@jipan/core"
 * MiningKind.label("replacement", "zh-CN") // "置换"
 * ```
 */
export const MiningKind = /* @__PURE__ */ defineEnum({
  replacement: { "zh-CN": "置换", en: "Replacement" },
  additionalPurchase: { "zh-CN": "增购", en: "Additional purchase" }
})
/** @see {@link MiningKind} */
export type MiningKind = (typeof MiningKind.values)[number]

/**
 * A defeat claim: a reason from the policy's two-level catalogue (type → reason) and, when the
 * reason says the customer bought a competitor, the brand and model bought (战败车型).
 *
 * @example
 * ```ts
 * import type { DefeatClaim } from "@jipan/core"
 * const claim: DefeatClaim = { typeId: "boughtElsewhere", reasonId: "competitor", competitor: { brand: "BYD", model: "Han" } }
 * ```
 */
export const DefeatClaim = Schema.Struct({
  typeId: NonEmptyText,
  reasonId: NonEmptyText,
  competitor: Schema.optionalKey(Schema.Struct({ brand: Text, model: Text })),
  note: Schema.optionalKey(Text)
})
/** @see {@link DefeatClaim} */
export type DefeatClaim = typeof DefeatClaim.Type

/**
 * The delivered vehicle: brand, model and VIN (车架号, checked).
 *
 * @example
 * ```ts
 * import type { DeliveredVehicle } from "@jipan/core"
 * const v: DeliveredVehicle = { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" }
 * ```
 */
export const DeliveredVehicle = Schema.Struct({
  brand: NonEmptyText,
  model: NonEmptyText,
  // checked by the decider (a typed refusal naming the problem), so any string decodes here
  vin: Text,
  /** Private (私家车, the default) or operating (营运): they follow different inspection schedules. */
  use: Schema.optionalKey(Schema.Literals(["private", "operating"]))
})
/** @see {@link DeliveredVehicle} */
export type DeliveredVehicle = typeof DeliveredVehicle.Type

const meta = {
  /** Who issues the command. */
  by: Actor,
  /** When, as epoch milliseconds from the caller; the calendar date derives in the policy's time zone. */
  at: Instant
}
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * Open a card at first contact (建卡). The decider sees one card, so the caller looks up open cards
 * with the same normalised phone (in the dealer group, or the store, as the policy's
 * `lifecycle.phoneUniqueness` says) and passes the result as `existingOpenCardId` with who holds
 * it (`existingOpenCardHolder`); the storage use case fills both under a lock on the phone. When
 * set, the open is refused with that card's id, store and consultant. `linkedTo`
 * is set when owner mining opens this card from an owned customer's card.
 */
export const OpenCard = Schema.TaggedStruct("OpenCard", {
  ...meta,
  cardId: CardId,
  storeId: StoreId,
  customerId: CustomerId,
  // typed as people type it (138 1234 5678, +86…, 0086…), decoded to E.164
  phone: PhoneNumberFromInput,
  owner: ConsultantId,
  source: LeadSource.schema,
  intent: IntentType.schema,
  evidence: ProspectEvidence,
  existingOpenCardId: Schema.optional(CardId),
  existingOpenCardHolder: Schema.optionalKey(
    Schema.Struct({ storeId: StoreId, owner: Schema.optional(ConsultantId) })
  ),
  linkedTo: Schema.optionalKey(Schema.Struct({ cardId: CardId, kind: MiningKind.schema }))
})
/** @see {@link OpenCard} */
export type OpenCard = typeof OpenCard.Type

/**
 * Log a contact (channel, outcome, evidence learnt — merged over the card's —, next agreed
 * contact): re-grades and reschedules.
 */
export const LogContact = Schema.TaggedStruct("LogContact", {
  ...meta,
  channel: ContactChannel.schema,
  outcome: ContactOutcome.schema,
  evidence: ProspectEvidence,
  agreedNextContactOn: Schema.optionalKey(CalendarDate),
  note: Schema.optionalKey(Text)
})
/** @see {@link LogContact} */
export type LogContact = typeof LogContact.Type

/** Override the computed grade, with a justification (flagged for supervisor review). */
export const Regrade = Schema.TaggedStruct("Regrade", {
  ...meta,
  grade: GradeId,
  justification: Text
})
/** @see {@link Regrade} */
export type Regrade = typeof Regrade.Type

/** Move the card, with its whole history, to another consultant. */
export const Reassign = Schema.TaggedStruct("Reassign", {
  ...meta,
  to: ConsultantId,
  reason: ReassignReason.schema
})
/** @see {@link Reassign} */
export type Reassign = typeof Reassign.Type

/** The customer signed an order or paid a deposit (O). */
export const PlaceOrder = Schema.TaggedStruct("PlaceOrder", {
  ...meta,
  orderId: NonEmptyText,
  model: NonEmptyText
})
/** @see {@link PlaceOrder} */
export type PlaceOrder = typeof PlaceOrder.Type

/** Cancel the order (退订): back to prospect with a grade, or on into a defeat request. */
export const CancelOrder = Schema.TaggedStruct("CancelOrder", {
  ...meta,
  reason: Text,
  next: Schema.Union([
    Schema.Struct({ kind: Schema.Literal("backToProspect"), grade: GradeId }),
    Schema.Struct({ kind: Schema.Literal("requestDefeat"), defeat: DefeatClaim })
  ])
})
/** @see {@link CancelOrder} */
export type CancelOrder = typeof CancelOrder.Type

// a customer's birthday, month and day (the care plan greets them)
const Birthday = Schema.Struct({
  month: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })),
  day: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 31 }))
})

/**
 * Hand over the car (交车): the card becomes an owned-customer card. `insuranceExpiresOn` defaults
 * to a year after delivery; the birthday (month and day) feeds the care plan.
 */
export const Deliver = Schema.TaggedStruct("Deliver", {
  ...meta,
  vehicle: DeliveredVehicle,
  deliveredOn: CalendarDate,
  odometerKm: Schema.optionalKey(NonNegative),
  insuranceExpiresOn: Schema.optionalKey(CalendarDate),
  birthday: Schema.optionalKey(Birthday),
  /** Retail (the default: one car) or fleet, with the fleet customer and the units. */
  sale: Schema.optionalKey(DeliverySale)
})
/** @see {@link Deliver} */
export type Deliver = typeof Deliver.Type

/** Ask for a defeat (战败申请) with a catalogue reason. */
export const RequestDefeat = Schema.TaggedStruct("RequestDefeat", { ...meta, defeat: DefeatClaim })
/** @see {@link RequestDefeat} */
export type RequestDefeat = typeof RequestDefeat.Type

/** The supervisor approves the defeat request (战败审核通过). */
export const ApproveDefeat = Schema.TaggedStruct("ApproveDefeat", {
  ...meta,
  note: Schema.optionalKey(Text)
})
/** @see {@link ApproveDefeat} */
export type ApproveDefeat = typeof ApproveDefeat.Type

/** The supervisor rejects the defeat request: tracking continues (继续跟踪) with a new grade and maybe a new owner. */
export const RejectDefeat = Schema.TaggedStruct("RejectDefeat", {
  ...meta,
  grade: GradeId,
  newOwner: Schema.optionalKey(ConsultantId),
  note: Text
})
/** @see {@link RejectDefeat} */
export type RejectDefeat = typeof RejectDefeat.Type

/** Ask to reactivate a defeated card (战败激活). */
export const RequestReactivation = Schema.TaggedStruct("RequestReactivation", {
  ...meta,
  note: Text
})
/** @see {@link RequestReactivation} */
export type RequestReactivation = typeof RequestReactivation.Type

/** The supervisor approves the reactivation: the card is a prospect again, with a grade. */
export const ApproveReactivation = Schema.TaggedStruct("ApproveReactivation", {
  ...meta,
  grade: GradeId,
  newOwner: Schema.optionalKey(ConsultantId)
})
/** @see {@link ApproveReactivation} */
export type ApproveReactivation = typeof ApproveReactivation.Type

/** The supervisor rejects the reactivation: the card stays defeated. */
export const RejectReactivation = Schema.TaggedStruct("RejectReactivation", { ...meta, note: Text })
/** @see {@link RejectReactivation} */
export type RejectReactivation = typeof RejectReactivation.Type

/** Close the card as invalid (无效卡): a policy reason; a duplicate merges into the surviving card. */
export const MarkInvalid = Schema.TaggedStruct("MarkInvalid", {
  ...meta,
  reasonId: NonEmptyText,
  survivingCardId: Schema.optionalKey(CardId)
})
/** @see {@link MarkInvalid} */
export type MarkInvalid = typeof MarkInvalid.Type

/**
 * Owner mining: an owned customer wants to replace (置换) or add (增购) a car. The storage use case
 * opens the new linked prospect card `newCardId` in the same transaction (same customer, phone,
 * store and consultant; `source` `outbound` unless given, the evidence learnt so far, a
 * replacement's trade-in), and refuses both if the card cannot open.
 */
export const MineOwner = Schema.TaggedStruct("MineOwner", {
  ...meta,
  kind: MiningKind.schema,
  newCardId: CardId,
  note: Schema.optionalKey(Text),
  source: Schema.optionalKey(LeadSource.schema),
  intent: Schema.optionalKey(IntentType.schema),
  evidence: Schema.optionalKey(ProspectEvidence)
})
/** @see {@link MineOwner} */
export type MineOwner = typeof MineOwner.Type

/**
 * Record a broad-base card (广义基盘): an owner the dealer did not sell to — an other-brand owner
 * (他牌基盘) or an owner of our brand who bought it elsewhere (本牌他销) — with their vehicle and the
 * day it was bought. The card is kept in touch with and mined by the care policy's mining table;
 * `MineOwner` opens a prospect card from it. `vehicle.vin` may be empty when not known.
 */
export const RecordBroadBase = Schema.TaggedStruct("RecordBroadBase", {
  ...meta,
  cardId: CardId,
  storeId: StoreId,
  customerId: CustomerId,
  phone: PhoneNumberFromInput,
  owner: ConsultantId,
  kind: BroadBaseKind.schema,
  source: LeadSource.schema,
  vehicle: DeliveredVehicle,
  boughtOn: CalendarDate,
  odometerKm: Schema.optionalKey(NonNegative),
  insuranceExpiresOn: Schema.optionalKey(CalendarDate),
  birthday: Schema.optionalKey(Birthday)
})
/** @see {@link RecordBroadBase} */
export type RecordBroadBase = typeof RecordBroadBase.Type

/**
 * Correct a personal field of the card (更正, PIPL art. 46): the customer's phone, birthday or
 * their car's VIN, with the reason; the correction is an event of the card's history like any
 * other (who, when, why). A phone another open card of the group already holds is refused.
 */
export const CorrectPersonalData = Schema.TaggedStruct("CorrectPersonalData", {
  ...meta,
  correction: Schema.Union([
    Schema.Struct({ field: Schema.Literal("phone"), phone: PhoneNumberFromInput }),
    Schema.Struct({ field: Schema.Literal("birthday"), birthday: Birthday }),
    Schema.Struct({ field: Schema.Literal("vin"), vin: Text })
  ]),
  reason: NonEmptyText,
  existingOpenCardId: Schema.optional(CardId)
})
/** @see {@link CorrectPersonalData} */
export type CorrectPersonalData = typeof CorrectPersonalData.Type

/** Record a planned owned-customer care contact as done or missed (it feeds the next care plan). */
export const RecordCareContact = Schema.TaggedStruct("RecordCareContact", {
  ...meta,
  ruleId: NonEmptyText,
  plannedOn: CalendarDate,
  outcome: Schema.Literals(["done", "missed"]),
  odometerKm: Schema.optionalKey(NonNegative),
  /** The customer was not satisfied (不满意): a service visit is booked at once (`care.serviceVisit`). */
  dissatisfied: Schema.optionalKey(Schema.Boolean)
})
/** @see {@link RecordCareContact} */
export type RecordCareContact = typeof RecordCareContact.Type

/** A customer complains (客户投诉): on any card, with the category, severity, channel and their words. */
export const RecordComplaint = Schema.TaggedStruct("RecordComplaint", {
  ...meta,
  complaintId: NonEmptyText,
  category: ComplaintCategory.schema,
  severity: ComplaintSeverity.schema,
  channel: ContactChannel.schema,
  words: NonEmptyText
})
/** @see {@link RecordComplaint} */
export type RecordComplaint = typeof RecordComplaint.Type

/** A step taken on an open complaint (called back, booked a repair, escalated…). */
export const HandleComplaint = Schema.TaggedStruct("HandleComplaint", {
  ...meta,
  complaintId: NonEmptyText,
  step: NonEmptyText
})
/** @see {@link HandleComplaint} */
export type HandleComplaint = typeof HandleComplaint.Type

/** The supervisor's reply (主管回复): the resolution, and whether the customer was satisfied with it. */
export const ResolveComplaint = Schema.TaggedStruct("ResolveComplaint", {
  ...meta,
  complaintId: NonEmptyText,
  resolution: NonEmptyText,
  satisfied: Schema.Boolean
})
/** @see {@link ResolveComplaint} */
export type ResolveComplaint = typeof ResolveComplaint.Type

/**
 * Plan a base visit of the card for a week of a month (基盘拜访计划): by a call, a visit or a letter.
 * A card has one plan a month: planning again replaces it.
 */
export const PlanVisit = Schema.TaggedStruct("PlanVisit", {
  ...meta,
  month: Schema.String.check(Schema.isPattern(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/)),
  week: PlanWeek,
  means: VisitMeans.schema
})
/** @see {@link PlanVisit} */
export type PlanVisit = typeof PlanVisit.Type

/** Take the card out of a month's plan. */
export const UnplanVisit = Schema.TaggedStruct("UnplanVisit", {
  ...meta,
  month: Schema.String.check(Schema.isPattern(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/))
})
/** @see {@link UnplanVisit} */
export type UnplanVisit = typeof UnplanVisit.Type

/**
 * Apply the lapse rule (`followUp.lapse`) to a prospect on the command's day: a contact overdue
 * past the downgrade step lowers the grade one step (降级), once a day at most. The close of day
 * sends it for every prospect overdue long enough; on a card not lapsed it records nothing.
 */
export const ApplyLapse = Schema.TaggedStruct("ApplyLapse", meta)
/** @see {@link ApplyLapse} */
export type ApplyLapse = typeof ApplyLapse.Type

/**
 * Record a customer survey (满意度调查, the CVP survey after delivery, usually by the DCRC) on an
 * owned customer's card: settlement's CVP bonus and the loyalty measures read it.
 */
export const RecordSurvey = Schema.TaggedStruct("RecordSurvey", {
  ...meta,
  surveyId: NonEmptyText,
  answers: SurveyAnswers
})
/** @see {@link RecordSurvey} */
export type RecordSurvey = typeof RecordSurvey.Type

/**
 * Every command of the card decider, as a Schema: decode what a DMS or a form sends with
 * {@link decodeCardCommand}.
 *
 * @example
 * ```ts
 * import type { CardCommand } from "@jipan/core"
 * const order: CardCommand = { _tag: "PlaceOrder", orderId: "SO-1", model: "GL8",
 *   by: { id: "c-wang", role: "consultant" }, at: Date.parse("2026-11-22T10:00:00+08:00") }
 * ```
 */
export const CardCommand = Schema.Union([
  OpenCard,
  LogContact,
  Regrade,
  Reassign,
  PlaceOrder,
  CancelOrder,
  Deliver,
  RequestDefeat,
  ApproveDefeat,
  RejectDefeat,
  RequestReactivation,
  ApproveReactivation,
  RejectReactivation,
  MarkInvalid,
  MineOwner,
  RecordCareContact,
  RecordSurvey,
  ApplyLapse,
  RecordComplaint,
  HandleComplaint,
  ResolveComplaint,
  PlanVisit,
  UnplanVisit,
  RecordBroadBase,
  CorrectPersonalData
])
/** @see {@link CardCommand} */
export type CardCommand = typeof CardCommand.Type

/**
 * A card command as a caller writes it (JSON-shaped: ids and days as strings, a phone in any
 * common format): what `decodeCardCommand` and the facade's `handle` accept. A wrong literal
 * (`channel: "phone"` for `"call"`) is a compile error.
 *
 * @example
 * ```ts
 * import type { CardCommandInput } from "@jipan/core"
 * const log: CardCommandInput = { _tag: "LogContact", by: { role: "consultant", id: "c-wang" },
 *   at: Date.parse("2026-11-22T10:00:00+08:00"), channel: "call", outcome: "reached", evidence: {} }
 * ```
 */
export type CardCommandInput = typeof CardCommand.Encoded

/** The tag of a command, e.g. `"PlaceOrder"`. */
export type CardCommandTag = CardCommand["_tag"]

/**
 * Decodes an untrusted command (JSON from a DMS, a form), listing every problem with its path;
 * phone numbers must already be E.164 (normalise typed ones with `normalisePhone`).
 *
 * @example
 * ```ts
 * import { decodeCardCommand } from "@jipan/core"
 * decodeCardCommand({ _tag: "PlaceOrder", orderId: "", model: "GL8", by: { id: "c-wang", role: "boss" }, at: 0 })
 * // Failure(InvalidInput): orderId, by.role
 * ```
 */
export const decodeCardCommand = /* @__PURE__ */ decoderFor(CardCommand, "CardCommand")
