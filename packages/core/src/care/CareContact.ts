/**
 * The owned-customer care contacts a store keeps per card (the care plan's contacts with their
 * current day), and a contact due with its card and owner.
 *
 * @module
 */

import type { CardState } from "../card/CardState.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { Policy } from "../policy/Policy.js"
import { carePlanOf, type PlannedContact } from "./CarePlan.js"

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

/**
 * The care contacts a store keeps for a card: its care plan's contacts on `on` (none for a card
 * that is not an owned customer's). Derived in the core, so every store writes the same rows.
 *
 * @example
 * ```ts
 * import { careContactsOf, defaultPolicy, CalendarDate } from "@jipan/core"
 * careContactsOf(state, defaultPolicy, "2026-11-22" as CalendarDate).map((c) => c.ruleId)
 * ```
 */
export const careContactsOf = (
  state: CardState,
  policy: Policy,
  on: CalendarDate
): ReadonlyArray<CareContact> =>
  (carePlanOf(state, policy, on)?.contacts ?? []).map((c) => ({
    ruleId: c.ruleId,
    plannedOn: c.plannedOn,
    on: c.on,
    kind: c.kind,
    critical: c.critical
  }))
