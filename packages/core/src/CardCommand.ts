/**
 * What people (and the DMS) ask of a customer card: the commands of the card decider. Every
 * command says who asks and when; the decider never reads a clock.
 *
 * @module
 */
import type { CalendarDate } from "./CalendarDate.js"
import type { ContactChannel } from "./ContactChannel.js"
import type { ProspectEvidence } from "./Evidence.js"
import type { CardId, ConsultantId, CustomerId, StoreId } from "./Ids.js"
import type { IntentType } from "./IntentType.js"
import { defineEnum } from "./Label.js"
import type { LeadSource } from "./LeadSource.js"
import type { PhoneNumber } from "./Phone.js"
import type { GradeId } from "./Policy.js"

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
export const ActorRole = defineEnum({
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
export interface Actor {
  readonly id: string
  readonly role: ActorRole
}

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
export const ReassignReason = defineEnum({
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
export const ContactOutcome = defineEnum({
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
export const MiningKind = defineEnum({
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
export interface DefeatClaim {
  readonly typeId: string
  readonly reasonId: string
  readonly competitor?: { readonly brand: string; readonly model: string }
  readonly note?: string
}

/**
 * The delivered vehicle: brand, model and VIN (车架号, checked).
 *
 * @example
 * ```ts
 * import type { DeliveredVehicle } from "@jipan/core"
 * const v: DeliveredVehicle = { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" }
 * ```
 */
export interface DeliveredVehicle {
  readonly brand: string
  readonly model: string
  readonly vin: string
}

interface Meta {
  /** Who issues the command. */
  readonly by: Actor
  /** When, as epoch milliseconds from the caller; the calendar date derives in the policy's time zone. */
  readonly at: number
}

/**
 * Open a card at first contact (建卡). The decider sees one card, so the caller looks up open cards
 * with the same normalised phone in the same store and passes the result as `existingOpenCardId`
 * (the storage use case fills it); when set, the open is refused with that card's id.
 */
export interface OpenCard extends Meta {
  readonly _tag: "OpenCard"
  readonly cardId: CardId
  readonly storeId: StoreId
  readonly customerId: CustomerId
  readonly phone: PhoneNumber
  readonly owner: ConsultantId
  readonly source: LeadSource
  readonly intent: IntentType
  readonly evidence: ProspectEvidence
  readonly existingOpenCardId: CardId | undefined
  /** Set when owner mining opens this card from an owned customer's card. */
  readonly linkedTo?: { readonly cardId: CardId; readonly kind: MiningKind }
}

/** Log a contact (channel, outcome, evidence learnt, next agreed contact): re-grades and reschedules. */
export interface LogContact extends Meta {
  readonly _tag: "LogContact"
  readonly channel: ContactChannel
  readonly outcome: ContactOutcome
  /** What changed in the evidence; merged over the card's evidence. */
  readonly evidence: ProspectEvidence
  readonly agreedNextContactOn?: CalendarDate
  readonly note?: string
}

/** Override the computed grade, with a justification (flagged for supervisor review). */
export interface Regrade extends Meta {
  readonly _tag: "Regrade"
  readonly grade: GradeId
  readonly justification: string
}

/** Move the card, with its whole history, to another consultant. */
export interface Reassign extends Meta {
  readonly _tag: "Reassign"
  readonly to: ConsultantId
  readonly reason: ReassignReason
}

/** The customer signed an order or paid a deposit (O). */
export interface PlaceOrder extends Meta {
  readonly _tag: "PlaceOrder"
  readonly orderId: string
  readonly model: string
}

/** Cancel the order (退订): back to prospect with a grade, or on into a defeat request. */
export interface CancelOrder extends Meta {
  readonly _tag: "CancelOrder"
  readonly reason: string
  readonly next:
    | { readonly kind: "backToProspect"; readonly grade: GradeId }
    | { readonly kind: "requestDefeat"; readonly defeat: DefeatClaim }
}

/** Hand over the car (交车): the card becomes an owned-customer card. */
export interface Deliver extends Meta {
  readonly _tag: "Deliver"
  readonly vehicle: DeliveredVehicle
  readonly deliveredOn: CalendarDate
  readonly odometerKm?: number
  /** When the first insurance expires; a year after delivery when not given. */
  readonly insuranceExpiresOn?: CalendarDate
  /** The customer's birthday as month and day, for the care plan. */
  readonly birthday?: { readonly month: number; readonly day: number }
}

/** Ask for a defeat (战败申请) with a catalogue reason. */
export interface RequestDefeat extends Meta {
  readonly _tag: "RequestDefeat"
  readonly defeat: DefeatClaim
}

/** The supervisor approves the defeat request (战败审核通过). */
export interface ApproveDefeat extends Meta {
  readonly _tag: "ApproveDefeat"
  readonly note?: string
}

/** The supervisor rejects the defeat request: tracking continues (继续跟踪) with a new grade and maybe a new owner. */
export interface RejectDefeat extends Meta {
  readonly _tag: "RejectDefeat"
  readonly grade: GradeId
  readonly newOwner?: ConsultantId
  readonly note: string
}

/** Ask to reactivate a defeated card (战败激活). */
export interface RequestReactivation extends Meta {
  readonly _tag: "RequestReactivation"
  readonly note: string
}

/** The supervisor approves the reactivation: the card is a prospect again, with a grade. */
export interface ApproveReactivation extends Meta {
  readonly _tag: "ApproveReactivation"
  readonly grade: GradeId
  readonly newOwner?: ConsultantId
}

/** The supervisor rejects the reactivation: the card stays defeated. */
export interface RejectReactivation extends Meta {
  readonly _tag: "RejectReactivation"
  readonly note: string
}

/** Close the card as invalid (无效卡): a policy reason; a duplicate merges into the surviving card. */
export interface MarkInvalid extends Meta {
  readonly _tag: "MarkInvalid"
  readonly reasonId: string
  readonly survivingCardId?: CardId
}

/** Owner mining: an owned customer wants to replace (置换) or add (增购) a car; a new linked prospect card opens. */
export interface MineOwner extends Meta {
  readonly _tag: "MineOwner"
  readonly kind: MiningKind
  readonly newCardId: CardId
  readonly note?: string
}

/** Record a planned owned-customer care contact as done or missed (it feeds the next care plan). */
export interface RecordCareContact extends Meta {
  readonly _tag: "RecordCareContact"
  readonly ruleId: string
  readonly plannedOn: CalendarDate
  readonly outcome: "done" | "missed"
  readonly odometerKm?: number
}

/**
 * Every command of the card decider.
 *
 * @example
 * ```ts
 * import type { CardCommand } from "@jipan/core"
 * const order: CardCommand = { _tag: "PlaceOrder", orderId: "SO-1", model: "GL8",
 *   by: { id: "c-wang", role: "consultant" }, at: Date.parse("2026-11-22T10:00:00+08:00") }
 * ```
 */
export type CardCommand =
  | OpenCard
  | LogContact
  | Regrade
  | Reassign
  | PlaceOrder
  | CancelOrder
  | Deliver
  | RequestDefeat
  | ApproveDefeat
  | RejectDefeat
  | RequestReactivation
  | ApproveReactivation
  | RejectReactivation
  | MarkInvalid
  | MineOwner
  | RecordCareContact

/** The tag of a command, e.g. `"PlaceOrder"`. */
export type CardCommandTag = CardCommand["_tag"]
