/**
 * The one runner of every command on an aggregate (a card, a referral): in one transaction it
 * loads the aggregate, checks the version the caller read, completes the command from the store
 * (e.g. the phone lookup of an open), resolves the policy in force, decides, derives what the
 * store keeps beside the events, appends with the expected version, and enqueues the outbox
 * messages of the change; on a version conflict it starts over. The stores only write what they
 * are given.
 *
 * @module
 */
import { Effect, type Option } from "effect"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { type Decider, decideAndEvolve } from "../kernel/Decider.js"
import type { InvalidInput } from "../kernel/Errors.js"
import { type StoreError, VersionConflict } from "../kernel/StoreError.js"
import type { Tenant } from "../kernel/Tenant.js"
import { Outbox, type OutboxDraft, type OutboxMessage } from "../notify/Outbox.js"
import type { NoPolicyInForce, Policy } from "../policy/Policy.js"
import type { PolicyStore } from "./PolicyStore.js"
import { StoreTransaction } from "./StoreTransaction.js"

/**
 * A decided change, as the derivations and message factories see it.
 *
 * @example
 * ```ts
 * import type { Decided } from "@jipan/core"
 * const tags = (d: Decided<unknown, { readonly version: number }, { readonly _tag: string }>) => d.events.map((e) => e._tag)
 * ```
 */
export interface Decided<Command, State, Event> {
  readonly tenant: Tenant
  readonly command: Command
  readonly events: ReadonlyArray<Event>
  readonly before: State
  readonly state: State
  readonly policy: Policy
}

/**
 * How the runner handles one kind of aggregate: its decider, how it is loaded and appended, and
 * what a command means for time and messages.
 *
 * - `load`: the current state (none for an aggregate not yet started).
 * - `complete`: fills what the command needs from the store before deciding (inside the
 *   transaction), e.g. the open card holding the same phone.
 * - `policyDate`: the instant or day the policy in force is resolved for.
 * - `append`: writes the events with whatever the store keeps beside them, derived here from the
 *   decided change; fails with `VersionConflict` when the aggregate moved on, `InvalidInput` when
 *   the store refuses what the caller chose (a voucher id already used).
 * - `messages`, `messageId`, `availableAt`: the outbox messages of a change.
 *
 * @example
 * ```ts
 * import type { AggregateSpec } from "@jipan/core"
 * type CardSpec = AggregateSpec<unknown, { readonly version: number }, unknown, never, void, never>
 * ```
 */
export interface AggregateSpec<
  Command,
  State extends { readonly version: number },
  Event,
  Error,
  Appended,
  R
> {
  readonly id: string
  readonly decider: Decider<Command, State, Event, Error, Policy>
  readonly load: Effect.Effect<Option.Option<State>, StoreError, R>
  readonly complete?:
    | ((command: Command, before: State) => Effect.Effect<Command, StoreError | NoPolicyInForce, R>)
    | undefined
  readonly policyDate: (command: Command) => number | CalendarDate
  readonly policy: (
    tenant: Tenant,
    at: number | CalendarDate
  ) => Effect.Effect<Policy, NoPolicyInForce | StoreError, PolicyStore>
  readonly append: (
    decided: Decided<Command, State, Event>
  ) => Effect.Effect<Appended, VersionConflict | StoreError | InvalidInput, R>
  readonly messages?:
    | ((decided: Decided<Command, State, Event>, appended: Appended) => ReadonlyArray<OutboxDraft>)
    | undefined
  readonly messageId: (state: State, index: number) => string
  readonly availableAt: (command: Command) => number
}

/**
 * What a run produced: the decided change, what `append` returned, and the messages enqueued.
 *
 * @example
 * ```ts
 * import type { RunResult } from "@jipan/core"
 * const version = (r: RunResult<unknown, { readonly version: number }, unknown, void>) => r.decided.state.version
 * ```
 */
export interface RunResult<Command, State, Event, Appended> {
  readonly decided: Decided<Command, State, Event>
  readonly appended: Appended
  readonly messages: ReadonlyArray<OutboxMessage>
}

/**
 * Runs `attempt` again, up to `retries` times, while it fails with a {@link VersionConflict}: for
 * a whole transaction that touched several aggregates (a card and the referrals it drives), where
 * a conflict on any of them means deciding everything again on fresh states.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { retryOnConflict } from "@jipan/core"
 * declare const attempt: Effect.Effect<number>
 * retryOnConflict(attempt, 3)
 * ```
 */
export const retryOnConflict = <A, E, R>(
  attempt: Effect.Effect<A, E, R>,
  retries: number
): Effect.Effect<A, E, R> =>
  retries <= 0
    ? attempt
    : Effect.catchIf(
        attempt,
        (e): e is E => e instanceof VersionConflict,
        () => retryOnConflict(attempt, retries - 1)
      )

/**
 * Runs one command on one aggregate of a tenant, as described in the module. With
 * `expectedVersion`, an aggregate at another version is refused with `VersionConflict` and not
 * retried (the caller decided on what it read); otherwise a conflict is retried `retries` times.
 *
 * @example
 * ```ts
 * import { runCommand, type AggregateSpec, CardCommand, type CardState, CardEvent, type CardError, type CardAppend, CardStore } from "@jipan/core"
 * declare const spec: AggregateSpec<CardCommand, CardState, CardEvent, CardError, CardAppend, CardStore> // how a card loads, decides, appends
 * const run = runCommand(tenant, command, spec, { retries: 3 })
 * ```
 */
export const runCommand = <Command, State extends { readonly version: number }, Event, Error, Appended, R>(
  tenant: Tenant,
  command: Command,
  spec: AggregateSpec<Command, State, Event, Error, Appended, R>,
  options: {
    readonly expectedVersion?: number | undefined
    readonly retries: number
    /**
     * `own` (the default): the command runs in a transaction of its own (a savepoint inside a
     * caller's). `caller`: the caller runs it inside its transaction and retries the whole
     * (a savepoint costs two round trips a command on SQL).
     */
    readonly transaction?: "own" | "caller" | undefined
  }
): Effect.Effect<
  RunResult<Command, State, Event, Appended>,
  Error | NoPolicyInForce | VersionConflict | StoreError | InvalidInput,
  R | PolicyStore | Outbox | StoreTransaction
> =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const tx = yield* StoreTransaction
    const body = Effect.gen(function* () {
      const stored = yield* spec.load
      const before = stored._tag === "Some" ? stored.value : spec.decider.initialState
      if (options.expectedVersion !== undefined && before.version !== options.expectedVersion)
        return yield* new VersionConflict({
          id: spec.id,
          expected: options.expectedVersion,
          actual: before.version,
          message: `${spec.id} is at version ${before.version}, not ${options.expectedVersion}: reload it and decide again`
        })
      const completed = spec.complete === undefined ? command : yield* spec.complete(command, before)
      const policy = yield* spec.policy(tenant, spec.policyDate(completed))
      const { events, state } = yield* Effect.fromResult(
        decideAndEvolve(spec.decider, completed, before, policy)
      )
      const decided: Decided<Command, State, Event> = {
        tenant,
        command: completed,
        events,
        before,
        state,
        policy
      }
      const appended = yield* spec.append(decided)
      const drafts = spec.messages?.(decided, appended) ?? []
      const messages = drafts.map((d, i): OutboxMessage => {
        const id = spec.messageId(state, i)
        return {
          id,
          // a receiver deduplicates by key across every tenant it hears from: the default key
          // names the store, as the id alone does not (two stores may each have a "card-1")
          idempotencyKey: d.idempotencyKey ?? `${tenant.dealerGroupId}/${tenant.storeId}/${id}`,
          tenant,
          topic: d.topic,
          recipient: d.recipient,
          payload: d.payload,
          availableAt: d.availableAt ?? spec.availableAt(completed),
          status: "pending",
          attempts: 0,
          lastError: undefined
        }
      })
      if (messages.length > 0) yield* outbox.enqueue(messages)
      return { decided, appended, messages }
    })
    const attempt = options.transaction === "caller" ? body : tx.withTransaction(body)
    return yield* retryOnConflict(attempt, options.expectedVersion !== undefined ? 0 : options.retries)
  })
