/**
 * The conformance suite every Jipan store passes — ours (memory, PGlite, PostgreSQL) and a DMS's
 * own adapter: `storeSuite(name, makeLayer, options)` on @effect/vitest. One store is built per
 * suite; every test works in fresh tenants, so no cleaning is needed between tests. Optional
 * backdoor readers check what really reached the database without trusting the adapter.
 *
 * @module
 */
import { layer } from "@effect/vitest"
import type { JipanStore } from "@jipan/core"
import type { Layer } from "effect"
import type { Backdoor } from "./conformance/Backdoor.js"
import { type CardBatchTestName, cardBatchTests } from "./conformance/CardBatch.js"
import { type CardStoreTestName, cardStoreTests } from "./conformance/CardStore.js"
import { type ConsentStoreTestName, consentStoreTests } from "./conformance/ConsentStore.js"
import { type CrossPortTestName, crossPortTests } from "./conformance/CrossPort.js"
import { type DeliveryReceiptsTestName, deliveryReceiptsTests } from "./conformance/DeliveryReceipts.js"
import { type ErasureTestName, erasureTests } from "./conformance/Erasure.js"
import { type ErasureLookupTestName, erasureLookupTests } from "./conformance/ErasureLookups.js"
import { type ErasurePortTestName, erasurePortTests } from "./conformance/ErasurePorts.js"
import { type LockTestName, lockTests } from "./conformance/Locks.js"
import { type OutboxTestName, outboxTests } from "./conformance/Outbox.js"
import { type SettleTestName, settleTests } from "./conformance/OutboxSettle.js"
import { type PhoneUniquenessTestName, phoneUniquenessTests } from "./conformance/PhoneUniqueness.js"
import { type PolicyStoreTestName, policyStoreTests } from "./conformance/PolicyStore.js"
import { type ReadBackTestName, readBackTests } from "./conformance/ReadBack.js"
import { type ReferralClaimTestName, referralClaimTests } from "./conformance/ReferralClaims.js"
import { type ReferralFindTestName, referralFindTests } from "./conformance/ReferralFind.js"
import { type ReferralStoreTestName, referralStoreTests } from "./conformance/ReferralStore.js"
import { type ReportTestName, reportTests } from "./conformance/ReportSource.js"
import type { StoreTraits, SuiteBody } from "./conformance/Support.js"

/**
 * The names of the suite's tests, for typed skips.
 *
 * @example
 * ```ts
 * import type { StoreTestName } from "@jipan/testkit"
 * const skip: Partial<Record<StoreTestName, true>> = { "outbox: pending, sent and failed messages": true }
 * ```
 */
export type StoreTestName =
  | CardStoreTestName
  | CardBatchTestName
  | CrossPortTestName
  | OutboxTestName
  | ReferralStoreTestName
  | ReferralFindTestName
  | ReferralClaimTestName
  | PhoneUniquenessTestName
  | LockTestName
  | ReadBackTestName
  | PolicyStoreTestName
  | DeliveryReceiptsTestName
  | ReportTestName
  | SettleTestName
  | ErasurePortTestName
  | ErasureTestName
  | ErasureLookupTestName
  | ConsentStoreTestName

/**
 * Options of {@link storeSuite}: backdoor readers (optional), tests to skip (typed: a misspelt
 * name does not compile), the per-test timeout, and whether the store's transactions run at the
 * same time.
 *
 * @example
 * ```ts
 * import type { StoreSuiteOptions } from "@jipan/testkit"
 * const options: StoreSuiteOptions<never> = { skip: { "outbox: pending, sent and failed messages": true } }
 * // a store on a server's connection pool: the lock tests also check that groups never wait on each other
 * const pooled: StoreSuiteOptions<never> = { concurrentTransactions: true }
 * // a known gap, still run: the test must fail until the gap is closed
 * const known: StoreSuiteOptions<never> = {
 *   expectFailure: { "erasure: the person's showroom visits keep their count, not their phone": "re-recorded visits are ignored" }
 * }
 * ```
 */
export interface StoreSuiteOptions<R> {
  readonly backdoor?: Backdoor<R> | undefined
  readonly skip?: Partial<Record<StoreTestName, true>> | undefined
  /**
   * Tests your store is known to fail, each with the reason (typed): they still run, and must
   * fail; one that passes fails the suite, so the entry goes once the gap is closed.
   */
  readonly expectFailure?: Partial<Record<StoreTestName, string>> | undefined
  /** Per-test timeout in ms (default 60 000). */
  readonly timeout?: number | undefined
  /**
   * Whether the store runs transactions at the same time (a pool of connections to a server),
   * not one after another (the memory store, one PGlite). When set, the lock tests also check
   * that a lock one transaction holds does not block another group's transaction (default false).
   */
  readonly concurrentTransactions?: boolean | undefined
}

/** Every test of the suite, by name, in the order they are registered (one module per port). */
const tests = <R>(): Record<StoreTestName, SuiteBody<R>> => ({
  ...reportTests<R>(),
  ...settleTests<R>(),
  ...cardStoreTests<R>(),
  ...cardBatchTests<R>(),
  ...deliveryReceiptsTests<R>(),
  ...outboxTests<R>(),
  ...referralStoreTests<R>(),
  ...referralFindTests<R>(),
  ...referralClaimTests<R>(),
  ...policyStoreTests<R>(),
  ...crossPortTests<R>(),
  ...phoneUniquenessTests<R>(),
  ...lockTests<R>(),
  ...readBackTests<R>(),
  ...erasurePortTests<R>(),
  ...erasureTests<R>(),
  ...erasureLookupTests<R>(),
  ...consentStoreTests<R>()
})

/**
 * Registers the conformance suite for a store: one `describe` block whose layer is built once
 * (`makeLayer()`), with one test per {@link StoreTestName}. Pass backdoor readers to check what
 * reached the database, and `skip` for tests your store cannot pass yet (typed).
 *
 * @example
 * ```ts
 * // test/MyStore.conformance.test.ts
 * import { storeSuite } from "@jipan/testkit"
 * import type { JipanStore } from "@jipan/core"
 * import type { Layer } from "effect"
 * declare const MyStore: { readonly layer: (options?: { url?: string | undefined }) => Layer.Layer<JipanStore, unknown> } // yours
 *
 * storeSuite("my-store", () => MyStore.layer({ url: process.env.DATABASE_URL }), {
 *   skip: { "outbox: pending, sent and failed messages": true }
 * })
 * ```
 */
export const storeSuite = <R = never>(
  name: string,
  makeLayer: () => Layer.Layer<JipanStore | R, unknown>,
  options: StoreSuiteOptions<R> = {}
): void => {
  const timeout = options.timeout ?? 60_000
  const traits: StoreTraits = { concurrentTransactions: options.concurrentTransactions === true }
  layer(makeLayer(), { excludeTestServices: true, timeout: "120 seconds" })(
    `Jipan store conformance (${name})`,
    (it) => {
      for (const [testName, body] of Object.entries(tests<R>()) as Array<[StoreTestName, SuiteBody<R>]>) {
        const register =
          options.skip?.[testName] === true
            ? it.effect.skip
            : options.expectFailure?.[testName] !== undefined
              ? it.effect.fails
              : it.effect
        register(testName, () => body(options.backdoor, traits), timeout)
      }
    }
  )
}
