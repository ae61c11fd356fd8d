/**
 * The customer card (客户信息卡) as a decider: `decideCard(command, state, policy)` → events or a
 * typed refusal, `evolveCard(state, event)` → state, `initialCardState`, and `foldCard(events)`.
 * The card's current state is the fold of its history; a refused command emits nothing.
 *
 * @module
 */
import { Result } from "effect"
import { type Decider, decideAndEvolve } from "../kernel/Decider.js"
import type { ProspectEvidence } from "../kernel/Evidence.js"
import type { CardId } from "../kernel/Ids.js"
import type { IntentType } from "../kernel/IntentType.js"
import type { LeadSource } from "../kernel/LeadSource.js"
import type { Policy } from "../policy/Policy.js"
import type { Actor, CardCommand, MiningKind, OpenCard } from "./CardCommand.js"
import { decideCard } from "./CardDecider.js"
import { type CardError, TransitionNotAllowed } from "./CardError.js"
import type { CardEvent } from "./CardEvent.js"
import { evolveCard } from "./CardEvolve.js"
import type { CardState } from "./CardState.js"
import { initialCardState } from "./CardState.js"

/**
 * The card as a {@link Decider}: `decideCard`, `evolveCard` and `initialCardState`, decided under
 * the policy in force. What the use case's runner and the bulk import run.
 *
 * @example
 * ```ts
 * import { cardDecider, foldWith } from "@jipan/core"
 * foldWith(cardDecider, history).version === history.length // true
 * ```
 */
export const cardDecider: Decider<CardCommand, CardState, CardEvent, CardError, Policy> = {
  initialState: initialCardState,
  decide: decideCard,
  evolve: evolveCard
}

/**
 * Decides a command and applies its events: the new state with the events, or the refusal.
 *
 * @example
 * ```ts
 * import { executeCard, type CardEvent } from "@jipan/core"
 * declare const save: (events: ReadonlyArray<CardEvent>, version: number) => void
 * const r = executeCard(command, state, policy)
 * if (r._tag === "Success") save(r.success.events, r.success.state.version)
 * ```
 */
export const executeCard = (
  command: CardCommand,
  state: CardState,
  policy: Policy
): Result.Result<{ readonly events: ReadonlyArray<CardEvent>; readonly state: CardState }, CardError> =>
  decideAndEvolve(cardDecider, command, state, policy)

/**
 * What the new prospect card of an owner-mining event needs to open: an {@link OpenCard} command
 * linked to the owned card, for the same customer, store and consultant. The caller fills
 * `existingOpenCardId` from its phone lookup, as for any open.
 *
 * @example
 * ```ts
 * import { openMinedCard, type CardState, type OwnerMined } from "@jipan/core"
 * declare const ownedState: CardState
 * declare const minedEvent: OwnerMined
 * const open = openMinedCard(ownedState, minedEvent, { source: "referral", existingOpenCardId: undefined })
 * ```
 */
export const openMinedCard = (
  owned: CardState,
  mined: { readonly newCardId: CardId; readonly kind: MiningKind; readonly by: Actor; readonly at: number },
  input: {
    readonly source: LeadSource
    readonly existingOpenCardId: CardId | undefined
    readonly evidence?: ProspectEvidence
    readonly intent?: IntentType
  }
): Result.Result<OpenCard, TransitionNotAllowed> => {
  if (
    (owned.status !== "owned" && owned.status !== "broadBase") ||
    owned.cardId === undefined ||
    owned.storeId === undefined ||
    owned.customerId === undefined ||
    owned.phone === undefined ||
    owned.owner === undefined
  ) {
    return Result.fail(
      new TransitionNotAllowed({
        command: "MineOwner",
        status: owned.status,
        allowedFrom: ["owned", "broadBase"],
        message: `Only an owned customer's card (保有客户) or a broad-base card (他牌/他销基盘) can open a mined prospect card; this one is ${owned.status}`
      })
    )
  }
  return Result.succeed({
    _tag: "OpenCard",
    by: mined.by,
    at: mined.at,
    cardId: mined.newCardId,
    storeId: owned.storeId,
    customerId: owned.customerId,
    phone: owned.phone,
    owner: owned.owner,
    source: input.source,
    intent: input.intent ?? "direct",
    evidence: {
      ...input.evidence,
      tradeIn: mined.kind === "replacement" ? true : (input.evidence?.tradeIn ?? false)
    },
    existingOpenCardId: input.existingOpenCardId,
    linkedTo: { cardId: owned.cardId, kind: mined.kind }
  })
}
