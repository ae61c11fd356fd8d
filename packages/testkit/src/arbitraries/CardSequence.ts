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
  /** The store of the card (the sequence's one store, or one of `storeIds`). */
  readonly storeId: StoreId
  readonly command: CardCommand
  readonly expected: "accepted" | string
}

/**
 * Options of {@link cardCommandSequence}: how many cards (default 3, sharing phones so that a
 * second open card for a customer is refused; `distinctPhones` gives each card its own), the
 * first instant, the card ids (default `card-1`…, or pass hostile ones), the store, or the stores
 * of one dealer group the cards are spread over (`storeIds`: card i in store i mod their number,
 * so that a phone held in one store meets the policy's `lifecycle.phoneUniqueness`), and the
 * length bounds.
 *
 * @example
 * ```ts
 * import type { CardSequenceOptions } from "@jipan/testkit"
 * const options: CardSequenceOptions = { cards: 2, cardIds: ["__proto__", "card-1"] }
 * // two stores of a group, each card with its own phone
 * const group: CardSequenceOptions = { cards: 4, storeIds: ["store-01", "store-02"], distinctPhones: true }
 * ```
 */
export interface CardSequenceOptions {
  readonly cards?: number | undefined
  readonly start?: number | undefined
  readonly cardIds?: ReadonlyArray<string> | undefined
  readonly storeId?: string | undefined
  readonly storeIds?: ReadonlyArray<string> | undefined
  readonly distinctPhones?: boolean | undefined
  readonly minLength?: number | undefined
  readonly maxLength?: number | undefined
}

/**
 * Random card command sequences over a few cards that make sense step by step: each step is
 * materialised against the card's state as the pure decider left it under `policy` (the policy a
 * store resolves for the tenant: the default one when no document is stored), the phone lookup of
 * `OpenCard` mimicked as the storage use case does it (across the dealer group, or within the
 * card's store, as the policy's `lifecycle.phoneUniqueness` says). Every card is opened first (most of the time
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
  const stores = (
    options.storeIds !== undefined && options.storeIds.length > 0
      ? options.storeIds
      : [options.storeId ?? "store-01"]
  ) as ReadonlyArray<StoreId>
  const storeOf = (i: number) => stores[i % stores.length] as StoreId
  const byGroup = (policy.lifecycle.phoneUniqueness ?? "group") === "group"
  return fc
    .tuple(
      fc.array(cardStep, { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 30 }),
      options.distinctPhones === true
        ? fc.uniqueArray(phone, { minLength: n, maxLength: n })
        : fc.array(phone, { minLength: Math.max(1, n - 1), maxLength: n }),
      options.start === undefined ? fc.integer({ min: 0, max: 200 }) : fc.constant(0)
    )
    .map(([steps, phones, startDay]) => {
      const states = new Map<CardId, CardState>(ids.map((id) => [id, initialCardState]))
      // where each card is: the sequence's cards, and the prospect cards owner mining opened
      const storeOfCard = new Map<CardId, StoreId>(ids.map((id, i) => [id, storeOf(i)]))
      const phoneOfCard = (i: number) => phones[i % phones.length] as PhoneNumber
      /** The open card holding a phone where the policy looks (the group, or the store), as the use case finds it. */
      const holder = (phoneNumber: PhoneNumber, storeId: StoreId, except: CardId) =>
        [...states.entries()].find(
          ([id, st]) =>
            id !== except &&
            (byGroup || storeOfCard.get(id) === storeId) &&
            st.phone === phoneNumber &&
            openCardStatuses.includes(st.status)
        )?.[0]
      let clock = (options.start ?? SEQUENCE_START) + startDay * DAY
      let mined = 0
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
        const storeId = storeOf(i)
        let command = materialiseCardCommand(s, {
          at: clock,
          state,
          policy,
          cardId,
          storeId,
          customerId: `cust-${i + 1}` as CustomerId,
          phone: phoneOfCard(i),
          otherCardIds: ids.filter((id) => id !== cardId),
          otherPhones: ids.flatMap((id) => {
            const p = states.get(id)?.phone
            return id === cardId || p === undefined ? [] : [p]
          })
        })
        if (command._tag === "OpenCard") {
          const existing = holder(command.phone, storeId, cardId)
          if (existing !== undefined) command = { ...command, existingOpenCardId: existing }
        }
        // a corrected phone is looked up as an open's is (the store fills existingOpenCardId)
        if (command._tag === "CorrectPersonalData" && command.correction.field === "phone") {
          const existing = holder(command.correction.phone, storeId, cardId)
          if (existing !== undefined) command = { ...command, existingOpenCardId: existing }
        }
        // owner mining opens a new prospect card (a fresh id) in the same transaction
        if (command._tag === "MineOwner") command = { ...command, newCardId: `mined-${++mined}` as CardId }
        const decided = decideCard(command, state, policy)
        let expected = Result.isSuccess(decided) ? "accepted" : decided.failure._tag
        if (Result.isSuccess(decided)) {
          const after = decided.success.reduce(evolveCard, state)
          if (command._tag === "MineOwner" && after.phone !== undefined) {
            // the mined card opens with the owner's phone: refused (and the mining with it) when
            // an open card holds that phone where the policy looks
            if (holder(after.phone, storeId, command.newCardId) !== undefined) expected = "AlreadyHasCard"
            else {
              states.set(command.newCardId, { ...initialCardState, status: "prospect", phone: after.phone })
              storeOfCard.set(command.newCardId, storeId)
            }
          }
          if (expected === "accepted") states.set(cardId, after)
        }
        // the store fills existingOpenCardId itself: send the command as a DMS would
        const sent =
          command._tag === "OpenCard" || command._tag === "CorrectPersonalData"
            ? { ...command, existingOpenCardId: undefined }
            : command
        out.push({ cardId, storeId, command: sent, expected })
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
