/**
 * A card's history read back from `jipan_card_events`, row by row: each event must be the next
 * version and decode as a card event, and the whole history must reach the card row's version.
 * Shared by the card store's load and the report source's histories.
 *
 * @since 0.1.0
 */
import { type CardEvent, decodeCardEvent, type StoreError } from "@jipan/core"
import * as Result from "effect/Result"
import { malformed } from "./StoreErrors.js"

/**
 * Adds the event stored at `version` to the history read so far, or answers why it cannot (out
 * of sequence, or not a card event).
 */
export const pushEvent = (
  history: Array<CardEvent>,
  cardId: string,
  version: number,
  stored: unknown
): StoreError | undefined => {
  if (version !== history.length + 1)
    return malformed("card event", cardId, `version ${version} where ${history.length + 1} was expected`)
  const event = decodeCardEvent(stored)
  if (Result.isFailure(event))
    return malformed("card event", cardId, `version ${version}: ${event.failure.message}`)
  history.push(event.success)
  return undefined
}

/** Why a history read in full does not match its card row's version, if it does not. */
export const incompleteHistory = (
  cardId: string,
  version: number,
  history: ReadonlyArray<CardEvent>
): StoreError | undefined =>
  history.length === version
    ? undefined
    : malformed("card", cardId, `version ${version} but ${history.length} events`)
