/**
 * The owned-customer care contacts a store keeps per card (the care plan's contacts with their
 * current day), and a contact due with its card and owner.
 *
 * @module
 */
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { PlannedContact } from "./CarePlan.js"

/**
 * One owned-customer care contact of a card's care plan (what the store keeps per card).
 *
 * @example
 * ```ts
 * import type { CareContact } from "@jipan/core"
 * const c = { ruleId: "care.day3", plannedOn: "2026-11-25", on: "2026-11-25", kind: "call", critical: true } as CareContact
 * ```
 */
export interface CareContact {
  readonly ruleId: string
  readonly plannedOn: CalendarDate
  readonly on: CalendarDate
  readonly kind: PlannedContact["kind"]
  readonly critical: boolean
}

/**
 * A care contact due, with the card and its current owner.
 *
 * @example
 * ```ts
 * import type { CareContactDue } from "@jipan/core"
 * const who = (c: CareContactDue) => `${c.owner} calls ${c.cardId} (${c.ruleId}) on ${c.on}`
 * ```
 */
export interface CareContactDue extends CareContact {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly owner: ConsultantId | undefined
}
