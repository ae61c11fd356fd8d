/**
 * The notifier conformance suite: the behaviour every Jipan notification adapter must show,
 * written once and run by each adapter's tests (webhook, WeCom, DingTalk, email, a DMS's own).
 *
 * The adapter under test supplies fixtures: a `send` wired to an accepting peer, with a
 * backdoor reading the idempotency keys that really reached that peer (not what the adapter
 * claims), and `send`s wired to a peer that refuses permanently, one that refuses transiently,
 * and one that is not there at all. With `channel`, the suite also checks the adapter's
 * `@jipan/core` channel (the dispatcher's port): delivery with the key, and the error mapped to a
 * `ChannelError` with the same `retryable`.
 *
 * @module
 */
import { assert, layer } from "@effect/vitest"
import type { NotifierChannel } from "@jipan/core"
import { Context, Effect, Layer, type Scope } from "effect"

/**
 * The message shape the suite sends (a subset of every adapter's message).
 *
 * @example
 * ```ts
 * import type { SuiteMessage } from "@jipan/testkit"
 * const m: SuiteMessage = { idempotencyKey: "k-1", text: "hello" }
 * ```
 */
export interface SuiteMessage {
  readonly idempotencyKey: string
  readonly subject?: string
  readonly text: string
}

/**
 * What the suite expects of an adapter's error: a tag, a message, `retryable` and a reason tag.
 *
 * @example
 * ```ts
 * import type { SuiteError } from "@jipan/testkit"
 * const transient = (e: SuiteError) => e.retryable
 * ```
 */
export interface SuiteError {
  readonly _tag: string
  readonly message: string
  readonly retryable: boolean
  readonly reason: { readonly _tag: string }
}

/**
 * An adapter's `send`, as the suite calls it.
 *
 * @example
 * ```ts
 * import type { SuiteSend } from "@jipan/testkit"
 * const wrap = (send: SuiteSend): SuiteSend => (m) => send({ ...m, text: m.text.trim() })
 * ```
 */
export type SuiteSend = (
  message: SuiteMessage
) => Effect.Effect<{ readonly idempotencyKey: string }, SuiteError>

/**
 * The peers an adapter's test starts for the suite, and the backdoor that reads what the
 * accepting peer really received. `acceptingChannel` and `refusingChannel` (optional) are the
 * adapter's core channels wired to the accepting and the permanently refusing peer.
 *
 * @example
 * ```ts
 * import type { NotifierFixtures } from "@jipan/testkit"
 * const keys = (f: NotifierFixtures) => f.receivedKeys
 * ```
 */
export interface NotifierFixtures {
  readonly accepting: SuiteSend
  /** Backdoor: the idempotency keys the accepting peer received, in arrival order. */
  readonly receivedKeys: Effect.Effect<ReadonlyArray<string>>
  readonly refusingPermanently: SuiteSend
  readonly refusingTransiently: SuiteSend
  readonly unreachable: SuiteSend
  readonly acceptingChannel?: NotifierChannel | undefined
  readonly refusingChannel?: NotifierChannel | undefined
}

/**
 * Options of {@link notifierSuite}.
 *
 * @example
 * ```ts
 * import type { NotifierSuiteOptions } from "@jipan/testkit"
 * const reasons: NotifierSuiteOptions["reasons"] = { permanent: ["HttpStatus"], transient: ["HttpStatus"], unreachable: ["Network"] }
 * ```
 */
export interface NotifierSuiteOptions {
  /** The adapter's error tag, e.g. "WebhookError". */
  readonly errorTag: string
  /** The reason tags the adapter reports for each fixture. */
  readonly reasons: {
    readonly permanent: ReadonlyArray<string>
    readonly transient: ReadonlyArray<string>
    readonly unreachable: ReadonlyArray<string>
  }
  /** Starts the peers; the scope closes them (in afterAll). */
  readonly fixtures: Effect.Effect<NotifierFixtures, unknown, Scope.Scope>
}

class Fixtures extends Context.Service<Fixtures, NotifierFixtures>()("@jipan/testkit/NotifierFixtures") {}

let counter = 0
const uniqueKey = (label: string): string => `${label}-${Date.now()}-${++counter}`

/**
 * Runs the notifier conformance suite for one adapter (one `describe` block, peers started once).
 *
 * @example
 * ```ts
 * import { notifierSuite, type NotifierSuiteOptions } from "@jipan/testkit"
 * declare const fixtures: NotifierSuiteOptions["fixtures"] // starts the peer, makes the channel
 * notifierSuite("signed webhook", { errorTag: "WebhookError",
 *   reasons: { permanent: ["HttpStatus"], transient: ["HttpStatus"], unreachable: ["Network"] }, fixtures })
 * ```
 */
export const notifierSuite = (name: string, options: NotifierSuiteOptions): void =>
  layer(Layer.effect(Fixtures, options.fixtures), { excludeTestServices: true, timeout: "20 seconds" })(
    `notifier behaviour (${name})`,
    (it) => {
      it.effect("delivers and the peer receives the idempotency key", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          const key = uniqueKey("deliver")
          const delivered = yield* fixtures.accepting({
            idempotencyKey: key,
            subject: "新线索",
            text: "客户张先生"
          })
          assert.strictEqual(delivered.idempotencyKey, key)
          const keys = yield* fixtures.receivedKeys
          assert.include(keys, key)
        })
      )

      it.effect("a resend carries the same key again (dedup is the receiver's job)", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          const key = uniqueKey("resend")
          yield* fixtures.accepting({ idempotencyKey: key, text: "first" })
          yield* fixtures.accepting({ idempotencyKey: key, text: "first" })
          const keys = yield* fixtures.receivedKeys
          assert.strictEqual(keys.filter((k) => k === key).length, 2)
        })
      )

      it.effect("distinct messages carry distinct keys", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          const sent = [uniqueKey("a"), uniqueKey("b"), uniqueKey("c")]
          yield* Effect.forEach(sent, (key) => fixtures.accepting({ idempotencyKey: key, text: key }), {
            discard: true
          })
          const keys = yield* fixtures.receivedKeys
          for (const key of sent) assert.strictEqual(keys.filter((k) => k === key).length, 1)
        })
      )

      it.effect("a permanent refusal is a typed, non-retryable error value", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          const error = yield* Effect.flip(
            fixtures.refusingPermanently({ idempotencyKey: uniqueKey("p"), text: "x" })
          )
          assert.strictEqual(error._tag, options.errorTag)
          assert.isAbove(error.message.length, 0)
          assert.include(options.reasons.permanent, error.reason._tag)
          assert.isFalse(error.retryable)
        })
      )

      it.effect("a transient refusal is a typed, retryable error value", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          const error = yield* Effect.flip(
            fixtures.refusingTransiently({ idempotencyKey: uniqueKey("t"), text: "x" })
          )
          assert.strictEqual(error._tag, options.errorTag)
          assert.include(options.reasons.transient, error.reason._tag)
          assert.isTrue(error.retryable)
        })
      )

      it.effect("an unreachable peer is a typed, retryable error value", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          const error = yield* Effect.flip(
            fixtures.unreachable({ idempotencyKey: uniqueKey("u"), text: "x" })
          )
          assert.strictEqual(error._tag, options.errorTag)
          assert.include(options.reasons.unreachable, error.reason._tag)
          assert.isTrue(error.retryable)
        })
      )
      it.effect("the adapter's core channel delivers with the key and maps refusals to ChannelError", () =>
        Effect.gen(function* () {
          const fixtures = yield* Fixtures
          if (fixtures.acceptingChannel === undefined || fixtures.refusingChannel === undefined) return
          const key = uniqueKey("channel")
          yield* fixtures.acceptingChannel.send({
            idempotencyKey: key,
            subject: "保养提醒",
            text: "王先生您好"
          })
          assert.include(yield* fixtures.receivedKeys, key)
          const error = yield* Effect.flip(
            fixtures.refusingChannel.send({ idempotencyKey: uniqueKey("cp"), text: "x" })
          )
          assert.strictEqual(error._tag, "ChannelError")
          assert.strictEqual(error.channel, fixtures.refusingChannel.name)
          assert.include(options.reasons.permanent, error.reason)
          assert.isFalse(error.retryable)
        })
      )
    }
  )
