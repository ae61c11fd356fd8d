/**
 * The decider: the one shape every aggregate of Jipan has (a card, a referral). A command and the
 * current state decide the events or a typed refusal; events evolve the state; the state is the
 * fold of the history from the initial state. Pure: time and policy come in as arguments.
 *
 * @module
 */
import { Result } from "effect"

/**
 * An aggregate as three pure functions and a start: `decide(command, state, context)` gives the
 * events of a command or its refusal, `evolve(state, event)` applies one event, `initialState` is
 * where every history starts. `Context` is what a decision reads besides the state (the policy in
 * force).
 *
 * @example
 * ```ts
 * import { cardDecider, type Decider } from "@jipan/core"
 * const d: Decider<unknown, { readonly n: number }, number, never, void> = {
 *   initialState: { n: 0 },
 *   decide: () => ({ _tag: "Success", success: [1] }) as never,
 *   evolve: (s, e) => ({ n: s.n + e })
 * }
 * cardDecider.initialState.status // "none"
 * ```
 */
export interface Decider<Command, State, Event, Error, Context> {
  readonly initialState: State
  readonly decide: (
    command: Command,
    state: State,
    context: Context
  ) => Result.Result<ReadonlyArray<Event>, Error>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * The state of a history: its events applied to `from` (the decider's initial state by default).
 *
 * @example
 * ```ts
 * import { cardDecider, foldWith } from "@jipan/core"
 * foldWith(cardDecider, []).status // "none"
 * ```
 */
export const foldWith = <State, Event>(
  decider: Pick<Decider<never, State, Event, never, never>, "initialState" | "evolve">,
  events: ReadonlyArray<Event>,
  from: State = decider.initialState
): State => {
  let state = from
  for (let i = 0; i < events.length; i++) state = decider.evolve(state, events[i] as Event)
  return state
}

/**
 * Decides a command and applies its events: the events with the state they lead to, or the
 * refusal. The pure half of every command handling (the use cases add load and append around it;
 * a bulk import uses it alone).
 *
 * @example
 * ```ts
 * import { cardDecider, decideAndEvolve, defaultPolicy, OpenCard } from "@jipan/core"
 * declare const openCard: OpenCard
 * const r = decideAndEvolve(cardDecider, openCard, cardDecider.initialState, defaultPolicy)
 * if (r._tag === "Success") r.success.state.status // "prospect"
 * ```
 */
export const decideAndEvolve = <Command, State, Event, Error, Context>(
  decider: Decider<Command, State, Event, Error, Context>,
  command: Command,
  state: State,
  context: Context
): Result.Result<{ readonly events: ReadonlyArray<Event>; readonly state: State }, Error> => {
  const decided = decider.decide(command, state, context)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)
  return Result.succeed({ events: decided.success, state: foldWith(decider, decided.success, state) })
}
