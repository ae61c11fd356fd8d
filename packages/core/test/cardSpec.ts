// The given/when/then spec helper for the card decider (the Decider pattern's specification).
import { Result } from "effect"
import { expect } from "vitest"
import {
  type CardCommand,
  type CardCommandTag,
  type CardError,
  type CardEvent,
  type CardState,
  type CardStatus,
  decideCard,
  defaultPolicy,
  evolveCard,
  foldCard,
  type Policy
} from "../src/index.js"

/** Every (from, command, to) a spec has seen succeed: the lifecycle table's coverage. */
export const covered = new Set<string>()
export const transitionKey = (from: CardStatus, command: CardCommandTag, to: CardStatus) =>
  `${from} -${command}-> ${to}`

type Expected =
  | ReadonlyArray<{ readonly _tag: CardEvent["_tag"] } & Record<string, unknown>>
  | ({ readonly _tag: CardError["_tag"] } & Record<string, unknown>)

/**
 * `given(history).when(command).then(expectedEvents | expectedError)`: decides the command on the
 * fold of the history and checks the outcome (events matched field by field, or the refusal's tag
 * and fields). A refusal must emit nothing. Returns the state after, for further checks.
 */
export const given = (history: ReadonlyArray<CardEvent>, policy: Policy = defaultPolicy) => ({
  when: (command: CardCommand) => {
    const before = foldCard(history)
    const result = decideCard(command, before, policy)
    return {
      result,
      // biome-ignore lint/suspicious/noThenProperty: the given/when/then spec reads best this way; never awaited
      then: (expected: Expected): CardState => {
        if (Array.isArray(expected)) {
          if (Result.isFailure(result))
            throw new Error(`expected events, got ${result.failure._tag}: ${result.failure.message}`)
          expect(result.success).toHaveLength(expected.length)
          expect(result.success).toMatchObject(expected)
          const after = result.success.reduce(evolveCard, before)
          covered.add(transitionKey(before.status, command._tag, after.status))
          return after
        }
        if (Result.isSuccess(result))
          throw new Error(`expected ${(expected as { _tag: string })._tag}, got events`)
        expect(result.failure).toMatchObject(expected)
        expect(result.failure.message.length).toBeGreaterThan(10)
        return before
      }
    }
  }
})

/** The events a successful decision produced (for building histories step by step). */
export const eventsOf = (r: Result.Result<ReadonlyArray<CardEvent>, CardError>): ReadonlyArray<CardEvent> => {
  if (Result.isFailure(r)) throw new Error(`${r.failure._tag}: ${r.failure.message}`)
  return r.success
}
