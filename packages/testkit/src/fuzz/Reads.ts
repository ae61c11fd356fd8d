/**
 * The facade read fuzz: every read called with bad scopes, ids, days, filters, pages and report
 * queries rejects typed (never a `StoreError`, never a `TypeError`).
 *
 * @module
 */
import { expect } from "@effect/vitest"
import type { Jipan } from "@jipan/core"
import * as fc from "fast-check"
import { idString } from "../DomainArbitraries.js"
import { settle } from "../FacadeSupport.js"
import { freshTenant } from "../Fixtures.js"
import { invalid } from "../InvalidArbitraries.js"
import { DAY_TO, type FuzzRun, judgeRejection, seed } from "./Support.js"

/** fuzz: reads with bad arguments reject typed, never StoreError */
export const badReads = async (jipan: Jipan, { runs, params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  await seed(jipan, tenant)
  const scope = fc.oneof(
    fc.constant(tenant as unknown),
    fc.constant({ dealerGroupId: tenant.dealerGroupId } as unknown),
    invalid.tenant
  )
  const day = fc.oneof(fc.constant(DAY_TO as unknown), invalid.calendarDate)
  type Read = (...args: ReadonlyArray<unknown>) => Promise<unknown>
  const id = fc.oneof(invalid.id, idString)
  const reads: ReadonlyArray<readonly [string, Read, fc.Arbitrary<ReadonlyArray<unknown>>]> = [
    ["listCards (filter)", jipan.listCards as Read, fc.tuple(scope, invalid.cardFilter)],
    ["listCards (page)", jipan.listCards as Read, fc.tuple(scope, fc.constant({}), invalid.pageRequest)],
    ["ledger", jipan.ledger as Read, fc.tuple(scope, invalid.ledgerQuery)],
    ["card", jipan.card as Read, fc.tuple(scope, id)],
    ["referral", jipan.referral as Read, fc.tuple(scope, id)],
    ["workList", jipan.workList as Read, fc.tuple(scope, id, day)],
    ["careDue", jipan.careDue as Read, fc.tuple(scope, day, fc.oneof(invalid.id, fc.constant(undefined)))],
    [
      "outbox",
      jipan.outbox as Read,
      fc.tuple(scope, fc.constantFrom<unknown>(undefined, "pending", "sent", "nope", null, 1))
    ],
    ["reports.daily", jipan.reports.daily as Read, fc.tuple(scope, invalid.reportQuery)],
    ["reports.findings", jipan.reports.findings as Read, fc.tuple(scope, invalid.reportQuery)],
    ["reports.analytics", jipan.reports.analytics as Read, fc.tuple(scope, invalid.reportQuery)],
    ["reports.control", jipan.reports.control as Read, fc.tuple(scope, invalid.reportQuery)],
    ["reports.consistency", jipan.reports.consistency as Read, fc.tuple(scope, invalid.reportQuery)],
    ["reports.card", jipan.reports.card as Read, fc.tuple(scope, id)]
  ]
  const failures: Array<string> = []
  for (const [what, read, args] of reads) {
    try {
      await fc.assert(
        fc.asyncProperty(args, async (a) => {
          const outcome = await settle(() => read(...a))
          if (!outcome.ok) judgeRejection(outcome.error, what, a)
        }),
        { ...params, numRuns: Math.max(10, Math.ceil(runs / 2)) }
      )
    } catch (error) {
      const cause = (error as { readonly cause?: unknown }).cause
      failures.push(cause instanceof Error ? cause.message : String(error))
    }
  }
  expect(failures).toEqual([])
}
