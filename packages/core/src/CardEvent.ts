/**
 * What happened to a customer card: its events, the back of the paper card (who, when, what, why).
 * Events carry the decisions made (grades, due dates, rule ids), so replaying them needs no policy.
 *
 * @module
 */
import type { CalendarDate } from "./CalendarDate.js"
import type {
  Actor,
  ContactOutcome,
  DefeatClaim,
  DeliveredVehicle,
  MiningKind,
  ReassignReason
} from "./CardCommand.js"
import type { ContactChannel } from "./ContactChannel.js"
import type { ProspectEvidence } from "./Evidence.js"
import type { CardId, ConsultantId, CustomerId, StoreId } from "./Ids.js"
import type { IntentType } from "./IntentType.js"
import type { LeadSource } from "./LeadSource.js"
import type { PhoneNumber } from "./Phone.js"
import type { GradeId } from "./Policy.js"

interface Meta {
  readonly by: Actor
  /** Epoch milliseconds: never earlier than the card's previous event. */
  readonly at: number
  /** The calendar date of `at` in the policy's time zone. */
  readonly on: CalendarDate
}

/** A prospect's grade and schedule as decided: the grade, the rules that fired, and the next due contact. */
interface Scheduled {
  readonly grade: GradeId
  readonly ruleIds: ReadonlyArray<string>
  /** The day from which the grade's contact interval counts. */
  readonly scheduleBase: CalendarDate
  readonly nextContactDue: CalendarDate
}

/** A card was opened (建卡). */
export interface CardOpened extends Meta, Scheduled {
  readonly _tag: "CardOpened"
  readonly cardId: CardId
  readonly storeId: StoreId
  readonly customerId: CustomerId
  readonly phone: PhoneNumber
  readonly owner: ConsultantId
  readonly source: LeadSource
  readonly intent: IntentType
  readonly evidence: ProspectEvidence
  readonly linkedTo: { readonly cardId: CardId; readonly kind: MiningKind } | undefined
}

/** A contact was logged; the card was re-graded and rescheduled. */
export interface ContactLogged extends Meta, Scheduled {
  readonly _tag: "ContactLogged"
  readonly channel: ContactChannel
  readonly outcome: ContactOutcome
  /** The card's evidence after the contact (merged). */
  readonly evidence: ProspectEvidence
  readonly computedGrade: GradeId
  readonly agreedNextContactOn: CalendarDate | undefined
  readonly note: string | undefined
}

/** A consultant overrode the grade with a justification; flagged for review. */
export interface Regraded extends Meta, Scheduled {
  readonly _tag: "Regraded"
  readonly from: GradeId
  readonly computedGrade: GradeId
  readonly justification: string
  readonly reviewRequired: true
}

/** The card moved to another consultant, with its whole history. */
export interface Reassigned extends Meta {
  readonly _tag: "Reassigned"
  readonly from: ConsultantId
  readonly to: ConsultantId
  readonly reason: ReassignReason
}

/** An order was signed (O). */
export interface OrderPlaced extends Meta, Scheduled {
  readonly _tag: "OrderPlaced"
  readonly orderId: string
  readonly model: string
}

/** The order was cancelled (退订); back to prospect (with a grade), or a defeat request follows. */
export interface OrderCancelled extends Meta {
  readonly _tag: "OrderCancelled"
  readonly orderId: string
  readonly reason: string
  readonly backToProspect: Scheduled | undefined
}

/** The car was handed over (交车): the card is an owned-customer card. */
export interface Delivered extends Meta {
  readonly _tag: "Delivered"
  readonly vehicle: DeliveredVehicle
  readonly deliveredOn: CalendarDate
  readonly odometerKm: number | undefined
  readonly insuranceExpiresOn: CalendarDate
  readonly birthday: { readonly month: number; readonly day: number } | undefined
}

/** A defeat was requested (战败申请) with a catalogue reason. */
export interface DefeatRequested extends Meta {
  readonly _tag: "DefeatRequested"
  readonly defeat: DefeatClaim
}

/** The supervisor approved the defeat (战败). */
export interface DefeatApproved extends Meta {
  readonly _tag: "DefeatApproved"
  readonly defeat: DefeatClaim
  readonly note: string | undefined
}

/** The supervisor rejected the defeat: tracking continues (继续跟踪). */
export interface DefeatRejected extends Meta, Scheduled {
  readonly _tag: "DefeatRejected"
  readonly owner: ConsultantId
  readonly note: string
}

/** A reactivation of the defeated card was requested. */
export interface ReactivationRequested extends Meta {
  readonly _tag: "ReactivationRequested"
  readonly note: string
}

/** The reactivation was approved: a prospect again. */
export interface ReactivationApproved extends Meta, Scheduled {
  readonly _tag: "ReactivationApproved"
  readonly owner: ConsultantId
}

/** The reactivation was rejected: still defeated. */
export interface ReactivationRejected extends Meta {
  readonly _tag: "ReactivationRejected"
  readonly note: string
}

/** The card was closed as invalid (无效卡), merged into the surviving card when a duplicate. */
export interface MarkedInvalid extends Meta {
  readonly _tag: "MarkedInvalid"
  readonly reasonId: string
  readonly mergedInto: CardId | undefined
}

/** Owner mining: a replacement (置换) or additional purchase (增购) opens a linked prospect card. */
export interface OwnerMined extends Meta {
  readonly _tag: "OwnerMined"
  readonly kind: MiningKind
  readonly newCardId: CardId
  readonly note: string | undefined
}

/** A planned care contact was done or missed. */
export interface CareContactRecorded extends Meta {
  readonly _tag: "CareContactRecorded"
  readonly ruleId: string
  readonly plannedOn: CalendarDate
  readonly outcome: "done" | "missed"
  readonly odometerKm: number | undefined
}

/**
 * Every event of a customer card.
 *
 * @example
 * ```ts
 * import { type CardEvent, foldCard } from "@jipan/core"
 * declare const history: ReadonlyArray<CardEvent>
 * foldCard(history).status
 * ```
 */
export type CardEvent =
  | CardOpened
  | ContactLogged
  | Regraded
  | Reassigned
  | OrderPlaced
  | OrderCancelled
  | Delivered
  | DefeatRequested
  | DefeatApproved
  | DefeatRejected
  | ReactivationRequested
  | ReactivationApproved
  | ReactivationRejected
  | MarkedInvalid
  | OwnerMined
  | CareContactRecorded

/** The tag of an event, e.g. `"OrderPlaced"`. */
export type CardEventTag = CardEvent["_tag"]
