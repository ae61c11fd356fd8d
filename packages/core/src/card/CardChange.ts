/**
 * A change a card command made (events, states before and after, the policy it was decided
 * under): what the outbox message factories and the referral policy read.
 *
 * @module
 */

import type { CardId } from "../kernel/Ids.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { Policy } from "../policy/Policy.js"
import type { CardCommand } from "./CardCommand.js"
import type { CardEvent } from "./CardEvent.js"
import type { CardState } from "./CardState.js"

/**
 * A change a command made, as the outbox message factory sees it.
 *
 * @example
 * ```ts
 * import type { CardChange } from "@jipan/core"
 * const messages = (c: CardChange) => c.events.some((e) => e._tag === "CardOpened")
 *   ? [{ topic: "card.opened", recipient: `consultant:${c.state.owner}`, payload: { cardId: c.cardId } }] : []
 * ```
 */
export interface CardChange {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly command: CardCommand
  readonly events: ReadonlyArray<CardEvent>
  readonly before: CardState
  readonly state: CardState
  readonly policy: Policy
}
