import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { BroadBaseKind } from "../kernel/CustomerKind.js"
import type { ProspectEvidence } from "../kernel/Evidence.js"
import type { CardId, ConsultantId, CustomerId, StoreId } from "../kernel/Ids.js"
import type { IntentType } from "../kernel/IntentType.js"
import { defineEnum } from "../kernel/Label.js"
import type { LeadSource } from "../kernel/LeadSource.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { DeliverySale } from "../kernel/Sale.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { DefeatClaim, DeliveredVehicle, MiningKind } from "./CardCommand.js"
import type { Complaint } from "./Complaint.js"
import type { PlannedVisit } from "./VisitPlan.js"

/**
 * Where a card stands in its lifecycle: not opened yet, prospect (有望客户), ordered (订单, O),
 * defeat requested (战败申请, awaiting 战败审核), defeated (战败), reactivation requested (激活申请),
 * owned customer (保有客户, after 交车), or invalid (无效卡).
 *
 * @example
 * ```ts
 * import { CardStatus } from "@jipan/core"
 * CardStatus.label("defeatRequested", "zh-CN") // "战败审核中"
 * ```
 */
export const CardStatus = /* @__PURE__ */ defineEnum({
  none: { "zh-CN": "未建卡", en: "Not opened" },
  prospect: { "zh-CN": "有望客户", en: "Prospect" },
  ordered: { "zh-CN": "已订车", en: "Ordered" },
  defeatRequested: { "zh-CN": "战败审核中", en: "Defeat requested" },
  defeated: { "zh-CN": "战败客户", en: "Defeated" },
  reactivationRequested: { "zh-CN": "激活审核中", en: "Reactivation requested" },
  owned: { "zh-CN": "保有客户", en: "Owned customer" },
  broadBase: { "zh-CN": "他牌/他销基盘", en: "Broad-base owner" },
  invalid: { "zh-CN": "无效卡", en: "Invalid" }
})
/** @see {@link CardStatus} */
export type CardStatus = (typeof CardStatus.values)[number]

/**
 * One owned-customer care contact recorded on the card.
 *
 * @example
 * ```ts
 * import type { CareRecord } from "@jipan/core"
 * const r = { ruleId: "care.day3", plannedOn: "2026-11-25", on: "2026-11-25", outcome: "done" } as CareRecord
 * ```
 */
export interface CareRecord {
  readonly ruleId: string
  readonly plannedOn: CalendarDate
  readonly on: CalendarDate
  readonly outcome: "done" | "missed"
  readonly odometerKm: number | undefined
  /** The customer was not satisfied: a service visit is booked (`care.serviceVisit`). */
  readonly dissatisfied?: boolean | undefined
}

/**
 * The state of a card: the fold of its events. Every field is always present (`undefined` when
 * not known yet) so that folding stays fast. `version` counts the events folded (the optimistic
 * version a store checks).
 *
 * @example
 * ```ts
 * import { foldCard } from "@jipan/core"
 * const s = foldCard(history)
 * s.status === "prospect" && s.nextContactDue
 * ```
 */
export interface CardState {
  readonly status: CardStatus
  readonly version: number
  /** The time of the last event (epoch ms); `-Infinity` before the first. */
  readonly lastEventAt: number
  readonly cardId: CardId | undefined
  readonly storeId: StoreId | undefined
  readonly customerId: CustomerId | undefined
  readonly phone: PhoneNumber | undefined
  readonly owner: ConsultantId | undefined
  readonly source: LeadSource | undefined
  readonly intent: IntentType | undefined
  readonly openedOn: CalendarDate | undefined
  readonly linkedTo: { readonly cardId: CardId; readonly kind: MiningKind } | undefined
  readonly grade: GradeId | undefined
  /** The day the current grade was first given (a re-grade to the same grade keeps it). */
  readonly gradeSince: CalendarDate | undefined
  /** The day the current status began. */
  readonly statusSince: CalendarDate | undefined
  /** The next contact agreed with the customer at the last contact, if one was agreed. */
  readonly agreedNextContactOn: CalendarDate | undefined
  readonly evidence: ProspectEvidence
  /** The day from which the grade's contact interval counts (last contact or last grade decision). */
  readonly scheduleBase: CalendarDate | undefined
  readonly lastContactOn: CalendarDate | undefined
  /** The one next due contact of an open prospect or order; `undefined` in every other status. */
  readonly nextContactDue: CalendarDate | undefined
  readonly contactCount: number
  /** Grade overrides waiting for the supervisor's review. */
  readonly overridesToReview: number
  readonly order:
    | { readonly orderId: string; readonly model: string; readonly orderedOn: CalendarDate }
    | undefined
  readonly delivery:
    | {
        readonly vehicle: DeliveredVehicle
        readonly deliveredOn: CalendarDate
        readonly odometerKm: number | undefined
        readonly insuranceExpiresOn: CalendarDate
        readonly birthday: { readonly month: number; readonly day: number } | undefined
        /** Retail or fleet, when the delivery said (absent: one retail car). */
        readonly sale?: DeliverySale | undefined
      }
    | undefined
  /** A broad-base card's owner and vehicle (他牌基盘 / 本牌他销): what its mining rules read. */
  readonly broadBase:
    | {
        readonly kind: BroadBaseKind
        readonly vehicle: DeliveredVehicle
        readonly boughtOn: CalendarDate
        readonly recordedOn: CalendarDate
        readonly odometerKm: number | undefined
        readonly insuranceExpiresOn: CalendarDate | undefined
        readonly birthday: { readonly month: number; readonly day: number } | undefined
      }
    | undefined
  readonly defeat: { readonly claim: DefeatClaim; readonly approved: boolean } | undefined
  readonly invalid: { readonly reasonId: string; readonly mergedInto: CardId | undefined } | undefined
  readonly minedCards: ReadonlyArray<{ readonly cardId: CardId; readonly kind: MiningKind }>
  readonly careLog: ReadonlyArray<CareRecord>
  /** The complaints on the card (客户投诉), open and resolved, in the order recorded. */
  readonly complaints: ReadonlyArray<Complaint>
  /** The card's base-visit plans (基盘拜访计划), one a month at most, by month. */
  readonly visitPlans: ReadonlyArray<PlannedVisit>
}

/**
 * The state before the first event.
 *
 * @example
 * ```ts
 * import { initialCardState } from "@jipan/core"
 * initialCardState.status // "none"
 * ```
 */
export const initialCardState: CardState = {
  status: "none",
  version: 0,
  lastEventAt: Number.NEGATIVE_INFINITY,
  cardId: undefined,
  storeId: undefined,
  customerId: undefined,
  phone: undefined,
  owner: undefined,
  source: undefined,
  intent: undefined,
  openedOn: undefined,
  linkedTo: undefined,
  grade: undefined,
  gradeSince: undefined,
  statusSince: undefined,
  agreedNextContactOn: undefined,
  evidence: {},
  scheduleBase: undefined,
  lastContactOn: undefined,
  nextContactDue: undefined,
  contactCount: 0,
  overridesToReview: 0,
  order: undefined,
  delivery: undefined,
  broadBase: undefined,
  defeat: undefined,
  invalid: undefined,
  minedCards: [],
  careLog: [],
  complaints: [],
  visitPlans: []
}
