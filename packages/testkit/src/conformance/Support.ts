/**
 * Helpers shared by the store conformance suite's modules (not exported from the package).
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  CardStore,
  type CardSummary,
  type ConsultantId,
  initialCardState,
  type JipanStore,
  type OutboxMessage,
  type Tenant
} from "@jipan/core"
import { Effect, Exit } from "effect"
import { appendFor, cardIdOf, START } from "../Fixtures.js"
import type { Backdoor } from "./Backdoor.js"

/** What the store under test says of itself (from `StoreSuiteOptions`). */
export interface StoreTraits {
  /** Transactions run at the same time (a pool of connections), not one after another. */
  readonly concurrentTransactions: boolean
}

/**
 * One conformance test: given the backdoor readers (when the store has them) and the store's
 * traits, an effect on the store.
 */
export type SuiteBody<R> = (
  backdoor: Backdoor<R> | undefined,
  traits: StoreTraits
) => Effect.Effect<void, unknown, JipanStore | R>

/** The card ids of a list of card summaries, in order. */
export const ids = (cards: ReadonlyArray<CardSummary>) => cards.map((c) => c.cardId)

/** A consultant id from a literal. */
export const owner = (s: string) => s as ConsultantId

/** Appends a sequence of commands to a fresh card through the store; returns the final state. */
export const writeCard = (
  tenant: Tenant,
  n: number,
  commands: ReadonlyArray<Parameters<typeof appendFor>[3]>
) =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    let state = initialCardState
    for (const command of commands) {
      const append = appendFor(tenant, cardIdOf(n), state, command)
      yield* cards.append(append)
      state = append.state
    }
    return state
  })

/** Asserts that the effect fails with an error of that tag. */
export const failsWith = <A, E, R>(effect: Effect.Effect<A, E, R>, tag: string) =>
  Effect.map(Effect.exit(effect), (exit) => {
    assert.isTrue(Exit.isFailure(exit), `expected ${tag}, got success`)
    if (Exit.isFailure(exit)) {
      const error = exit.cause.reasons.find((r) => r._tag === "Fail")
      assert.strictEqual(
        error?._tag === "Fail" ? (error.error as { _tag?: string })._tag : String(exit.cause),
        tag
      )
    }
  })

/** A pending outbox message of the tenant, available at the fixtures' start. */
export const message = (tenant: Tenant, id: string): OutboxMessage => ({
  id,
  idempotencyKey: `key-${id}`,
  tenant,
  topic: "card.opened",
  recipient: "consultant:c-wang",
  payload: { cardId: "card-0001", n: [1, 2] },
  availableAt: START,
  status: "pending",
  attempts: 0,
  lastError: undefined
})

/** The JSON form of a value (fields left `undefined` dropped), to compare two stores' answers. */
export const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
