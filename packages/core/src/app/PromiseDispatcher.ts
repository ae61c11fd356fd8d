/**
 * The outbox dispatcher with a Promise face, for a DMS that does not write Effect: `runOnce()` sends
 * one batch, `runUntilIdle()` until nothing is due (a cron job), `start()` keeps sending in the
 * background until `stop()`. Channels are plain objects (`NotifierChannel`: a name and a `send`),
 * e.g. the `@jipan/notify-*` adapters' channels. `createDispatcher` runs on its own store layer (a
 * SQL store: the dispatcher process); `jipan.dispatcher(...)` shares a facade's store (needed for
 * the in-memory store, whose data lives in the facade).
 *
 * @module
 */
import { Effect, Fiber, Layer, ManagedRuntime, Result } from "effect"
import type { StoreError } from "../kernel/StoreError.js"
import { type DispatcherOptions, type DispatchReport, makeDispatcher } from "../notify/Dispatcher.js"
import { makeNotifierChannels, type NotifierChannel, NotifierChannels } from "../notify/NotifierChannel.js"
import type { Outbox } from "../notify/Outbox.js"
import { decodeDispatcherSetup, refusingDispatcher } from "./internal/dispatcherSetup.js"

/**
 * What a Promise dispatcher sends through, and how: the channels (by name, as messages name them),
 * the dispatcher's options (batch size, lease, concurrency, poll interval…), and `onError`, told of
 * a store failure of the background loop (which then stops; `start()` again to resume).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { DispatcherSetup } from "@jipan/core"
 * const setup: DispatcherSetup = {
 *   channels: [{ name: "console", send: (m) => Effect.sync(() => console.log(m.text)) }],
 *   pollIntervalMs: 1_000
 * }
 * ```
 */
export interface DispatcherSetup extends DispatcherOptions {
  readonly channels: ReadonlyArray<NotifierChannel>
  readonly onError?: ((error: StoreError | unknown) => void) | undefined
}

/**
 * A dispatcher with Promises: `runOnce` and `runUntilIdle` reject only with a `StoreError`;
 * `start` is idempotent while running; `stop` resolves once the loop has stopped (a message being
 * sent finishes or returns to the outbox by its lease). A set-up that does not decode (no channel
 * list, a batch size of 0, a claimant that is not a string…) gives a dispatcher whose calls reject
 * with that `InvalidInput` and whose `start` does nothing.
 *
 * @example
 * ```ts
 * import type { JipanDispatcher } from "@jipan/core"
 * const nightly = async (d: JipanDispatcher) => `${await d.runUntilIdle()} messages`
 * ```
 */
export interface JipanDispatcher {
  readonly runOnce: () => Promise<DispatchReport>
  readonly runUntilIdle: () => Promise<number>
  readonly start: () => void
  readonly stop: () => Promise<void>
  readonly running: () => boolean
  /** Stops, and releases the store layer when the dispatcher made its own (`createDispatcher`). */
  readonly close: () => Promise<void>
}

/** What a Promise dispatcher runs its effects with: a facade's runtime, or its own. */
export interface DispatcherRuntime {
  readonly runPromise: <A, E>(effect: Effect.Effect<A, E, Outbox>) => Promise<A>
  readonly runFork: <A, E>(effect: Effect.Effect<A, E, Outbox>) => Fiber.Fiber<A, unknown>
  readonly dispose: () => Promise<void>
}

/**
 * A Promise dispatcher over a runtime that provides the outbox (see {@link createDispatcher} and
 * the facade's `dispatcher`).
 *
 * @example
 * ```ts
 * import { ManagedRuntime } from "effect"
 * import { dispatcherOn, layerMemory } from "@jipan/core"
 * const runtime = ManagedRuntime.make(layerMemory)
 * const d = dispatcherOn(runtime, { channels: [] })
 * ```
 */
export const dispatcherOn = (runtime: DispatcherRuntime, setup: DispatcherSetup): JipanDispatcher => {
  // a JavaScript caller may pass anything: a bad set-up rejects every call with InvalidInput
  const checked = decodeDispatcherSetup(setup)
  if (Result.isFailure(checked)) return refusingDispatcher(checked.failure)
  const { channels, onError, ...options } = setup
  const withChannels = Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels(channels)))
  // one dispatcher for every call: its rate-limit counters span the batches
  const dispatcher = runtime.runPromise(makeDispatcher(options))
  let loop: Fiber.Fiber<never, unknown> | undefined
  // what the caller asked for last: a stop() before the loop has forked keeps it from forking
  let wanted = false
  const stop = async () => {
    wanted = false
    const fiber = loop
    loop = undefined
    if (fiber !== undefined) await runtime.runPromise(Fiber.interrupt(fiber))
  }
  return {
    runOnce: async () => runtime.runPromise(withChannels((await dispatcher).runOnce)),
    runUntilIdle: async () => runtime.runPromise(withChannels((await dispatcher).runUntilIdle)),
    start: () => {
      if (wanted) return
      wanted = true
      void dispatcher.then((d) => {
        if (!wanted || loop !== undefined) return
        const fiber = runtime.runFork(
          withChannels(d.run).pipe(
            Effect.tapError((e) =>
              Effect.sync(() => {
                loop = undefined
                wanted = false
                onError?.(e)
              })
            )
          )
        )
        loop = fiber
      })
    },
    stop,
    running: () => wanted,
    close: async () => {
      await stop()
      await runtime.dispose()
    }
  }
}

/**
 * A Promise dispatcher on its own store layer (a SQL store's: a dispatcher process next to the
 * DMS), with the given channels.
 *
 * @example
 * ```ts
 * import { Effect, type Layer } from "effect"
 * import { createDispatcher, type Outbox } from "@jipan/core"
 * declare const store: Layer.Layer<Outbox>
 * const dispatcher = createDispatcher({ store, channels: [{ name: "console", send: () => Effect.void }] })
 * dispatcher.start()
 * // … on shutdown
 * await dispatcher.close()
 * ```
 */
export const createDispatcher = (
  setup: DispatcherSetup & { readonly store: Layer.Layer<Outbox, unknown> }
): JipanDispatcher => {
  const { store, ...rest } = setup
  return dispatcherOn(ManagedRuntime.make(store), rest)
}
