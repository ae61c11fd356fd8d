/**
 * What the fuzz suite's modules share (not exported from the package): the fast-check parameters
 * of a run, the typed-rejection judge, the facade's writes called with untyped arguments, the seed
 * data of a fuzzed tenant and what is read back of it.
 *
 * @module
 */

import type { CalendarDate, Jipan, Tenant } from "@jipan/core"
import * as core from "@jipan/core"
import * as fc from "fast-check"
import { cardCommandSequence, referralCommandSequence } from "../DomainArbitraries.js"
import { type ReadProbe, settle, untypedReason } from "../FacadeSupport.js"

/** The bounds of one fuzz run: runs per property, and the fast-check parameters built from the options. */
export interface FuzzRun {
  readonly runs: number
  readonly params: {
    readonly numRuns: number
    readonly interruptAfterTimeLimit: number
    readonly markInterruptAsFailure: boolean
    readonly endOnFailure: boolean
    readonly seed?: number
  }
}

/** The JSON form of a value (what crosses a wire). */
export const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** The typed-rejection check of a call made with bad or random input; throws a descriptive Error. */
export const judgeRejection = (error: unknown, what: string, input: unknown): void => {
  const reason = untypedReason(error)
  if (reason !== undefined) {
    let shown: string
    try {
      shown = JSON.stringify(input)?.slice(0, 400) ?? String(input)
    } catch {
      shown = String(input)
    }
    throw new Error(`${what}: ${reason}\n  input: ${shown}`)
  }
}

/** The days the fuzz reads the daily forms of. */
const DAY_FROM = "2026-03-01" as CalendarDate
export const DAY_TO = "2026-03-21" as CalendarDate

/**
 * The facade's writes called with whatever a DMS might send (`unknown` scopes, ids and payloads):
 * the fuzz passes values the typed signatures would not admit.
 */
export const putPolicy = (jipan: Jipan, scope: unknown, document: unknown): Promise<void> =>
  (jipan.putPolicyDocument as unknown as (...args: ReadonlyArray<unknown>) => Promise<void>)(scope, document)
export const recordVisits = (jipan: Jipan, scope: unknown, visits: unknown): Promise<void> =>
  (jipan.recordVisits as unknown as (...args: ReadonlyArray<unknown>) => Promise<void>)(scope, visits)
export const handleReferral = (jipan: Jipan, tenant: unknown, referralId: unknown, command: unknown) =>
  (
    jipan.handleReferral as unknown as (
      ...args: ReadonlyArray<unknown>
    ) => ReturnType<Jipan["handleReferral"]>
  )(tenant, referralId, command)

/** Opens a few cards and a referral in a fresh tenant, so refusals have something to leave alone. */
export const seed = async (jipan: Jipan, tenant: Tenant): Promise<void> => {
  const [sequence] = fc.sample(
    cardCommandSequence(core.defaultPolicy, {
      cards: 2,
      maxLength: 6,
      start: Date.parse("2026-03-02T09:00:00+08:00"),
      storeId: tenant.storeId
    }),
    { numRuns: 1, seed: 14 }
  )
  for (const { cardId, command } of sequence ?? []) await settle(() => jipan.handle(tenant, cardId, command))
  const [referrals] = fc.sample(
    referralCommandSequence(core.defaultPolicy, { referrals: 1, maxLength: 2, storeId: tenant.storeId }),
    { numRuns: 1, seed: 14 }
  )
  for (const { referralId, command } of referrals ?? [])
    await settle(() => handleReferral(jipan, tenant, referralId, command))
}

/** What `readEverything` reads of a fuzzed tenant. */
export const probeOf = (tenant: Tenant): ReadProbe => ({
  tenants: [tenant],
  consultants: ["c-wang", "c-li"],
  referralIds: ["ref-1", "ref-2"],
  from: DAY_FROM,
  to: DAY_TO
})
