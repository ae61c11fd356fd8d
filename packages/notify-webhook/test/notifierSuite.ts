/**
 * The notifier behaviour every Jipan notification adapter must show, written once and run by
 * each adapter's tests (webhook, email). It moves to @jipan/testkit with core's channel port.
 *
 * The adapter under test supplies fixtures: a `send` wired to an accepting peer, with a
 * backdoor reading the idempotency keys that really reached that peer (not what the adapter
 * claims), and `send`s wired to a peer that refuses permanently, one that refuses transiently,
 * and one that is not there at all.
 */
import { assert, layer } from "@effect/vitest"
import { Context, Effect, Layer, type Scope } from "effect"

export interface SuiteMessage {
  readonly idempotencyKey: string
  readonly subject?: string
  readonly text: string
}

export interface SuiteError {
  readonly _tag: string
  readonly message: string
  readonly retryable: boolean
  readonly reason: { readonly _tag: string }
}

export type SuiteSend = (
  message: SuiteMessage
) => Effect.Effect<{ readonly idempotencyKey: string }, SuiteError>

export interface NotifierFixtures {
  readonly accepting: SuiteSend
  /** Backdoor: the idempotency keys the accepting peer received, in arrival order. */
  readonly receivedKeys: Effect.Effect<ReadonlyArray<string>>
  readonly refusingPermanently: SuiteSend
  readonly refusingTransiently: SuiteSend
  readonly unreachable: SuiteSend
}

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

class Fixtures extends Context.Service<Fixtures, NotifierFixtures>()("test/NotifierFixtures") {}

let counter = 0
const uniqueKey = (label: string): string => `${label}-${Date.now()}-${++counter}`

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
    }
  )
