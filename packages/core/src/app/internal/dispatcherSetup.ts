/**
 * A Promise dispatcher's set-up, checked before anything runs, and the dispatcher of a set-up
 * that does not decode. Apart from `PromiseDispatcher` so that the facade checks a set-up at once
 * while the dispatcher itself is loaded on first use.
 *
 * @internal
 */
import { Schema } from "effect"
import { decoderFor, type InvalidInput } from "../../kernel/Errors.js"

const fn = Schema.declare(
  (u: unknown): u is (...args: ReadonlyArray<unknown>) => unknown => typeof u === "function",
  {
    expected: "a function"
  }
)
const count = (maximum: number) =>
  Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum })))
const DispatcherSetupSchema = Schema.Struct({
  channels: Schema.Array(Schema.Struct({ name: Schema.NonEmptyString, send: fn })).check(
    Schema.isMaxLength(100)
  ),
  batchSize: count(1_000),
  leaseMs: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1_000, maximum: 86_400_000 }))),
  concurrency: count(256),
  inFlightPerChannel: count(256),
  groupSize: count(1_000),
  pipelines: count(16),
  pollIntervalMs: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 10, maximum: 86_400_000 }))),
  claimant: Schema.optional(Schema.NonEmptyString.check(Schema.isMaxLength(200))),
  policy: Schema.optional(fn),
  onError: Schema.optional(fn)
})

/** Decodes a dispatcher's set-up (a JavaScript caller may pass anything). */
export const decodeDispatcherSetup = /* @__PURE__ */ decoderFor(DispatcherSetupSchema, "DispatcherSetup")

/** The dispatcher of a set-up that did not decode: every call says why. */
export const refusingDispatcher = (error: InvalidInput) => ({
  runOnce: (): Promise<never> => Promise.reject(error),
  runUntilIdle: (): Promise<never> => Promise.reject(error),
  start: (): void => undefined,
  stop: async (): Promise<void> => undefined,
  running: (): boolean => false,
  close: async (): Promise<void> => undefined
})
