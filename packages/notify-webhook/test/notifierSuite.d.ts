import { Effect, type Scope } from "effect"
export interface SuiteMessage {
  readonly idempotencyKey: string
  readonly subject?: string
  readonly text: string
}
export interface SuiteError {
  readonly _tag: string
  readonly message: string
  readonly retryable: boolean
  readonly reason: {
    readonly _tag: string
  }
}
export type SuiteSend = (message: SuiteMessage) => Effect.Effect<
  {
    readonly idempotencyKey: string
  },
  SuiteError
>
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
export declare const notifierSuite: (name: string, options: NotifierSuiteOptions) => void
