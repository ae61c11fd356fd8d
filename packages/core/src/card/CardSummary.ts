/**
 * What lists, work lists and reports show of a card: its summary columns, the stored card with
 * its history, the consultant's work list, and the statuses in which a card counts as open.
 *
 * @module
 */
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId, CustomerId } from "../kernel/Ids.js"
import type { IntentType } from "../kernel/IntentType.js"
import type { LeadSource } from "../kernel/LeadSource.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { CardEvent } from "./CardEvent.js"
import type { CardState, CardStatus } from "./CardState.js"

/**
 * The statuses in which a card counts as open for "already has a card" (已有客户卡): every status
 * but owned customers (owner mining opens a new card for them) and invalid cards.
 *
 * @example
 * ```ts
 * import { openCardStatuses } from "@jipan/core"
 * openCardStatuses.includes("defeated") // true: reactivate it rather than open a new card
 * ```
 */
export const openCardStatuses: ReadonlyArray<CardStatus> = [
  "prospect",
  "ordered",
  "defeatRequested",
  "defeated",
  "reactivationRequested"
]

/**
 * A card as stored: its tenant, current state, version (the number of events) and full history.
 *
 * @example
 * ```ts
 * import type { StoredCard } from "@jipan/core"
 * const show = (c: StoredCard) => `${c.state.cardId} v${c.version}: ${c.state.status}`
 * ```
 */
export interface StoredCard {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly state: CardState
  readonly version: number
  readonly history: ReadonlyArray<CardEvent>
}

/**
 * The columns of a card that lists, work lists and reports show (the state's query fields).
 *
 * @example
 * ```ts
 * import type { CardSummary } from "@jipan/core"
 * const line = (c: CardSummary) => `${c.cardId} ${c.grade ?? "-"} due ${c.nextContactDue ?? "-"}`
 * ```
 */
export interface CardSummary {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly version: number
  readonly status: CardStatus
  readonly owner: ConsultantId | undefined
  readonly grade: GradeId | undefined
  readonly nextContactDue: CalendarDate | undefined
  readonly phone: PhoneNumber | undefined
  readonly customerId: CustomerId | undefined
  readonly openedOn: CalendarDate | undefined
  /** Where the customer came from, and the kind of intent: what a cabinet filters its drawers by. */
  readonly source: LeadSource | undefined
  readonly intent: IntentType | undefined
  /** The model ordered, or delivered: what a tile shows without loading the card. */
  readonly model: string | undefined
}

/**
 * The summary of a card's state (what a store keeps as columns).
 *
 * @example
 * ```ts
 * import { summaryOf } from "@jipan/core"
 * summaryOf(tenant, cardId, state).status
 * ```
 */
export const summaryOf = (tenant: Tenant, cardId: CardId, state: CardState): CardSummary => ({
  tenant,
  cardId,
  version: state.version,
  status: state.status,
  owner: state.owner,
  grade: state.grade,
  nextContactDue: state.nextContactDue,
  phone: state.phone,
  customerId: state.customerId,
  openedOn: state.openedOn,
  source: state.source,
  intent: state.intent,
  model: state.order?.model ?? state.delivery?.vehicle.model
})

/**
 * A consultant's work list for a day: the cards due that day and the overdue ones (due before),
 * each ordered by due date, then card id.
 *
 * @example
 * ```ts
 * import type { WorkList } from "@jipan/core"
 * const count = (w: WorkList) => w.dueToday.length + w.overdue.length
 * ```
 */
export interface WorkList {
  readonly date: CalendarDate
  readonly dueToday: ReadonlyArray<CardSummary>
  readonly overdue: ReadonlyArray<CardSummary>
}
