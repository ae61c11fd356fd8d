/**
 * The fuzz suite: fast-check over every public decoder and every method of the Promise facade
 * (`createJipan({ store })`) with valid, hostile-but-valid and deliberately invalid input. What it
 * holds a store and the core to:
 *
 * - no call rejects without a `_tag` (no `TypeError`, no `RangeError`), and an `InvalidInput`
 *   names the path of every issue;
 * - bad input is never a `StoreError`: it is refused before it reaches the store;
 * - a refused call changes nothing the facade can read (snapshots before and after are equal);
 * - junk given to the erasure (`erasePerson`) and the audit log (`auditLog`, `recordAccess`) is
 *   refused `InvalidInput` or `ErasureRefused` and changes nothing, the audit log included;
 * - junk given to the consent ledger (`recordConsent`, `consentOf`) is refused `InvalidInput` and
 *   records nothing;
 * - after every accepted call everything is readable: cards, pages, work lists, care contacts, the
 *   ledger, the outbox, the daily report, the control table, the findings and the analytics.
 *
 * Each property is bounded in runs and time, so the suite takes seconds per store.
 *
 * @module
 */
import { afterAll, beforeAll, describe, it } from "@effect/vitest"
import type { Jipan, JipanStore } from "@jipan/core"
import type { Layer } from "effect"
import { facadeOn, warmUp } from "./FacadeSupport.js"
import { consentJunk } from "./fuzz/Consent.js"
import { decodersNeverThrow } from "./fuzz/Decoders.js"
import { erasureJunk } from "./fuzz/Erasure.js"
import { issue14Cases } from "./fuzz/Issue14.js"
import { interleaved, joinMethods, knownUntyped } from "./fuzz/Joins.js"
import { badReads } from "./fuzz/Reads.js"
import type { FuzzRun } from "./fuzz/Support.js"
import { cardCommands, policyDocuments, referralCommands, showroomVisits } from "./fuzz/Writes.js"

export { issue14Cases } from "./fuzz/Issue14.js"

/**
 * Options of {@link fuzzSuite}: runs per property (default 40) and a time budget per property in
 * ms (default 15 000; a property stops early, passing, when its budget is spent), the per-test
 * timeout, and tests to skip.
 *
 * @example
 * ```ts
 * import type { FuzzSuiteOptions } from "@jipan/testkit"
 * const options: FuzzSuiteOptions = { runs: 20, budgetMs: 5_000 }
 * ```
 */
export interface FuzzSuiteOptions {
  readonly runs?: number | undefined
  readonly budgetMs?: number | undefined
  readonly timeout?: number | undefined
  readonly skip?: Partial<Record<FuzzTestName, true>> | undefined
  /** The fast-check seed (to replay a failure). */
  readonly seed?: number | undefined
}

/**
 * The names of the fuzz suite's tests, for typed skips.
 *
 * @example
 * ```ts
 * import type { FuzzTestName } from "@jipan/testkit"
 * const skip: Partial<Record<FuzzTestName, true>> = { "fuzz: showroom visits": true }
 * ```
 */
export type FuzzTestName =
  | "fuzz: decoders never throw, accept the valid and refuse the invalid with paths"
  | "fuzz: card commands"
  | "fuzz: reads with bad arguments reject typed, never StoreError"
  | "fuzz: policy documents, then a reward under them"
  | "fuzz: referral commands"
  | "fuzz: showroom visits"
  | "fuzz: issue #14 cases"
  | "fuzz: findReferrals, settlement, closeDay, dispatcher and replayPolicy with bad arguments"
  | "fuzz: hostile-but-valid commands interleaved with valid ones read back"
  | "fuzz: a junk dispatcher set-up, a replay window that is not an object: refused typed"
  | "fuzz: erasePerson, auditLog and recordAccess with junk refuse typed and change nothing"
  | "fuzz: recordConsent and consentOf with junk refuse InvalidInput and record nothing"

/** What the fuzz tests share: the facade. */
interface World {
  readonly jipan: Jipan
}

/**
 * Registers the fuzz suite for a store: one `describe` block with one facade on `makeLayer()`;
 * every test works in fresh dealer groups. Use {@link sharedStore} to share one built store (one
 * PGlite) between this and the other suites of a file.
 *
 * @example
 * ```ts
 * // test/MyStore.fuzz.test.ts
 * import { fuzzSuite } from "@jipan/testkit"
 * import type { JipanStore } from "@jipan/core"
 * import type { Layer } from "effect"
 * declare const MyStore: { readonly layer: (options?: { url?: string | undefined }) => Layer.Layer<JipanStore, unknown> } // yours
 * fuzzSuite("my-store", () => MyStore.layer(), { runs: 25 })
 * ```
 */
export const fuzzSuite = (
  name: string,
  makeLayer: () => Layer.Layer<JipanStore, unknown>,
  options: FuzzSuiteOptions = {}
): void => {
  const runs = options.runs ?? 40
  const budget = options.budgetMs ?? 15_000
  const timeout = options.timeout ?? 120_000
  const params = {
    numRuns: runs,
    interruptAfterTimeLimit: budget,
    markInterruptAsFailure: false,
    endOnFailure: true,
    ...(options.seed === undefined ? {} : { seed: options.seed })
  }
  describe(`Jipan fuzz (${name})`, () => {
    const world = {} as { jipan: Jipan }
    beforeAll(async () => {
      world.jipan = facadeOn(makeLayer)
      // build the store now (a PGlite takes seconds), so that no test's time budget pays for it
      await warmUp(world.jipan)
    }, timeout)
    afterAll(async () => {
      await world.jipan?.close()
    })
    const test = (testName: FuzzTestName, body: (w: World) => Promise<void>) =>
      (options.skip?.[testName] === true ? it.skip : it)(testName, () => body(world), timeout)

    const run: FuzzRun = { runs, params }

    test("fuzz: decoders never throw, accept the valid and refuse the invalid with paths", () =>
      decodersNeverThrow(run))
    test("fuzz: card commands", ({ jipan }) => cardCommands(jipan, run))
    test("fuzz: reads with bad arguments reject typed, never StoreError", ({ jipan }) => badReads(jipan, run))
    test("fuzz: policy documents, then a reward under them", ({ jipan }) => policyDocuments(jipan, run))
    test("fuzz: referral commands", ({ jipan }) => referralCommands(jipan, run))
    test("fuzz: showroom visits", ({ jipan }) => showroomVisits(jipan, run))
    test("fuzz: issue #14 cases", async ({ jipan }) => {
      await issue14Cases(jipan)
    })
    test("fuzz: findReferrals, settlement, closeDay, dispatcher and replayPolicy with bad arguments", ({
      jipan
    }) => joinMethods(jipan, run))
    test("fuzz: hostile-but-valid commands interleaved with valid ones read back", ({ jipan }) =>
      interleaved(jipan, run))
    // once untyped throws of the core (found by this suite), now refused typed
    test("fuzz: a junk dispatcher set-up, a replay window that is not an object: refused typed", ({
      jipan
    }) => knownUntyped(jipan))
    // PIPL (#19): the erasure and the audit log take junk from a DMS too
    test("fuzz: erasePerson, auditLog and recordAccess with junk refuse typed and change nothing", ({
      jipan
    }) => erasureJunk(jipan, run))
    // PIPL (#19): consent records come from a DMS's forms and call centre
    test("fuzz: recordConsent and consentOf with junk refuse InvalidInput and record nothing", ({ jipan }) =>
      consentJunk(jipan, run))
  })
}
