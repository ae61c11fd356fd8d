/**
 * Valid card lives: command sequences over a few cards that make sense step by step (decided by
 * the pure decider, refusals kept with their tag), the histories they write and single events.
 *
 * @module
 */
import {
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  type CustomerId,
  decideCard,
  defaultPolicy,
  evolveCard,
  initialCardState,
  openCardStatuses,
  type PhoneNumber,
  type Policy,
  type StoreId
} from "@jipan/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { type CardStep, cardStep, materialiseCardCommand } from "./CardCommand.js"
import { phone } from "./Kernel.js"
import { DAY, MINUTE, SEQUENCE_START } from "./Shared.js"

/**
 * One command of a sequence: the card it is for, the command, and what the pure decider said
 * under the sequence's policy (`accepted`, or the refusal's tag). A store running the sequence in
 * order must agree.
 *
 * @example
 * ```ts
 * import type { SequencedCommand } from "@jipan/testkit"
 * const accepted = (c: SequencedCommand) => c.expected === "accepted"
 * ```
 */
export interface SequencedCommand {
  readonly cardId: CardId
  readonly command: CardCommand
  readonly expected: "accepted" | string
}

/**
 * Options of {@link cardCommandSequence}: how many cards (default 3, sharing phones so that a
 * second open card for a customer is refused), the first instant, the card ids (default
 * `card-1`…, or pass hostile ones), the store, and the length bounds.
 *
 * @example
 * ```ts
 * import type { CardSequenceOptions } from "@jipan/testkit"
 * const options: CardSequenceOptions = { cards: 2, cardIds: ["__proto__", "card-1"] }
 * ```
 */
export interface CardSequenceOptions {
  readonly cards?: number | undefined
  readonly start?: number | undefined
  readonly cardIds?: ReadonlyArray<string> | undefined
  readonly storeId?: string | undefined
  readonly minLength?: number | undefined
  readonly maxLength?: number | undefined
}

/**
 * Random card command sequences over a few cards that make sense step by step: each step is
 * materialised against the card's state as the pure decider left it under `policy` (the policy a
 * store resolves for the tenant: the default one when no document is stored), the phone lookup of
 * `OpenCard` mimicked as a store does it. Every card is opened first (most of the time
 * successfully), then random steps follow; refusals are kept, with their tag.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { defaultPolicy } from "@jipan/core"
 * import { cardCommandSequence } from "@jipan/testkit"
 * fc.assert(fc.property(cardCommandSequence(defaultPolicy), (sequence) => sequence.length > 0))
 * ```
 */
export const cardCommandSequence = (
  policy: Policy = defaultPolicy,
  options: CardSequenceOptions = {}
): fc.Arbitrary<ReadonlyArray<SequencedCommand>> => {
  const n = Math.max(1, options.cards ?? 3)
  const ids = Array.from({ length: n }, (_, i) => (options.cardIds?.[i] ?? `card-${i + 1}`) as CardId)
  const storeId = (options.storeId ?? "store-01") as StoreId
  return fc
    .tuple(
      fc.array(cardStep, { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 30 }),
      fc.array(phone, { minLength: Math.max(1, n - 1), maxLength: n }),
      options.start === undefined ? fc.integer({ min: 0, max: 200 }) : fc.constant(0)
    )
    .map(([steps, phones, startDay]) => {
      const states = new Map<CardId, CardState>(ids.map((id) => [id, initialCardState]))
      const phoneOfCard = (i: number) => phones[i % phones.length] as PhoneNumber
      let clock = (options.start ?? SEQUENCE_START) + startDay * DAY
      const opens: Array<CardStep> = ids.map((_, i) => ({
        ...(steps[i % steps.length] as CardStep),
        kind: "OpenCard",
        card: i,
        actor: 2,
        pick: i,
        minutes: 5
      }))
      const out: Array<SequencedCommand> = []
      for (const s of [...opens, ...steps]) {
        clock += s.minutes * MINUTE
        const i = s.card % n
        const cardId = ids[i] as CardId
        const state = states.get(cardId) ?? initialCardState
        let command = materialiseCardCommand(s, {
          at: clock,
          state,
          policy,
          cardId,
          storeId,
          customerId: `cust-${i + 1}` as CustomerId,
          phone: phoneOfCard(i),
          otherCardIds: ids.filter((id) => id !== cardId)
        })
        if (command._tag === "OpenCard") {
          const phoneNumber = command.phone
          const existing = ids.find(
            (id) =>
              id !== cardId &&
              states.get(id)?.phone === phoneNumber &&
              openCardStatuses.includes((states.get(id) as CardState).status)
          )
          if (existing !== undefined) command = { ...command, existingOpenCardId: existing }
        }
        const decided = decideCard(command, state, policy)
        if (Result.isSuccess(decided)) states.set(cardId, decided.success.reduce(evolveCard, state))
        // the store fills existingOpenCardId itself: send the command as a DMS would
        const sent = command._tag === "OpenCard" ? { ...command, existingOpenCardId: undefined } : command
        out.push({
          cardId,
          command: sent,
          expected: Result.isSuccess(decided) ? "accepted" : decided.failure._tag
        })
      }
      return out
    })
}

/**
 * A card's history as the decider writes it: the events of a random accepted command sequence
 * (non-empty; every event decodes with `decodeCardEvent`).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { foldCard } from "@jipan/core"
 * import { cardHistory } from "@jipan/testkit"
 * fc.assert(fc.property(cardHistory(), (events) => foldCard(events).version === events.length))
 * ```
 */
export const cardHistory = (policy: Policy = defaultPolicy): fc.Arbitrary<ReadonlyArray<CardEvent>> =>
  cardCommandSequence(policy, { cards: 1, maxLength: 25 }).map((sequence) => {
    let state = initialCardState
    const events: Array<CardEvent> = []
    for (const { command } of sequence) {
      const decided = decideCard(command, state, policy)
      if (Result.isSuccess(decided)) {
        events.push(...decided.success)
        state = decided.success.reduce(evolveCard, state)
      }
    }
    return events
  })

/**
 * One valid card event (of any kind a random history reaches).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardEvent } from "@jipan/core"
 * import { cardEvent } from "@jipan/testkit"
 * fc.assert(fc.property(cardEvent, (e) => decodeCardEvent(e)._tag === "Success"))
 * ```
 */
export const cardEvent: fc.Arbitrary<CardEvent> = cardHistory()
  .filter((events) => events.length > 0)
  .chain((events) => fc.constantFrom(...events))
