/**
 * The acceptance suite: random VALID command sequences (from `cardCommandSequence` and
 * `referralCommandSequence`) run through the Promise facade on a store. Whatever a call accepts
 * can be read back — `card()` equals what `handle()` returned (state, version, and the history
 * ends with the events it appended), `referral()` likewise — and reported (the daily report, the
 * control table, the findings and the analytics of the days it touched succeed); every refusal is
 * a typed error, the one the pure decider gives for the same command; an `InvalidInput` names its
 * paths. Sequences run under the default policy and under a random policy document stored first,
 * in one store and across two stores of a group (where one open card per phone holds in the group
 * or in each store, as the policy says). And erasure (PIPL, #19): random people of a random history
 * erased, every report's and settlement's numbers unchanged, none of their phones or texts left.
 *
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import {
  applyDocument,
  type CalendarDate,
  calendarDateOf,
  defaultPolicy,
  type Jipan,
  type JipanStore,
  type Policy,
  type PolicyDocument,
  type Tenant
} from "@jipan/core"
import type { Layer } from "effect"
import * as fc from "fast-check"
import { cardPolicy } from "./Arbitraries.js"
import { erasureProperty } from "./conformance/ErasureProperty.js"
import {
  cardCommandSequence,
  hostileIds,
  policySection,
  referralCommandSequence
} from "./DomainArbitraries.js"
import { facadeOn, readEverything, settle, untypedReason, warmUp } from "./FacadeSupport.js"
import { freshTenant } from "./Fixtures.js"

/**
 * Options of {@link acceptanceSuite}: runs per property (default 25), a time budget per property
 * in ms (default 20 000), the per-test timeout, the fast-check seed, tests to skip.
 *
 * @example
 * ```ts
 * import type { AcceptanceSuiteOptions } from "@jipan/testkit"
 * const options: AcceptanceSuiteOptions = { runs: 10 }
 * ```
 */
export interface AcceptanceSuiteOptions {
  readonly runs?: number | undefined
  readonly budgetMs?: number | undefined
  readonly timeout?: number | undefined
  readonly seed?: number | undefined
  readonly skip?: Partial<Record<AcceptanceTestName, true>> | undefined
}

/**
 * The names of the acceptance suite's tests, for typed skips.
 *
 * @example
 * ```ts
 * import type { AcceptanceTestName } from "@jipan/testkit"
 * const name: AcceptanceTestName = "acceptance: card command sequences"
 * ```
 */
export type AcceptanceTestName =
  | "acceptance: card command sequences"
  | "acceptance: card command sequences under a stored policy"
  | "acceptance: card command sequences on hostile card ids"
  | "acceptance: card command sequences across the stores of a group"
  | "acceptance: referral command sequences"
  | "acceptance: referral command sequences under a stored policy"
  | "acceptance: erasing random people keeps every report's numbers and leaves none of their data"

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

const dayOf = (at: number): CalendarDate => calendarDateOf(at, defaultPolicy.timeZone)

const typed = (error: unknown, what: string): string => {
  const reason = untypedReason(error)
  if (reason !== undefined) throw new Error(`${what}: ${reason}`)
  return (error as { readonly _tag: string })._tag
}

/** Reads the forms of a span of days: daily report, findings, analytics, and each consultant's control table. */
const reportSpan = async (
  jipan: Jipan,
  tenant: Tenant,
  from: CalendarDate,
  to: CalendarDate
): Promise<void> => {
  const consultants = ["c-wang", "c-li"]
  const months = [...new Set([from.slice(0, 7), to.slice(0, 7)])]
  const reads: Array<readonly [string, () => Promise<unknown>]> = [
    ["daily", () => jipan.reports.daily(tenant, { from, to })],
    ["findings", () => jipan.reports.findings(tenant, { on: to, from })],
    ["analytics", () => jipan.reports.analytics(tenant, { from, to })],
    ["group daily", () => jipan.reports.daily({ dealerGroupId: tenant.dealerGroupId }, { from: to })],
    ...consultants.flatMap((consultantId) =>
      months.map(
        (month) =>
          [
            `control ${consultantId} ${month}`,
            () => jipan.reports.control(tenant, { consultantId, month })
          ] as const
      )
    )
  ]
  for (const [name, read] of reads) {
    const outcome = await settle(read)
    if (!outcome.ok)
      throw new Error(
        `${name} of ${from}..${to} failed: ${String((outcome.error as Error)?.message ?? outcome.error)}`
      )
  }
}

/**
 * Registers the acceptance suite for a store: one `describe` block with one facade on
 * `makeLayer()`; each run works in a fresh dealer group (so the default policy is in force).
 *
 * @example
 * ```ts
 * import { acceptanceSuite } from "@jipan/testkit"
 * import { layerMemory } from "@jipan/core"
 * acceptanceSuite("memory", () => layerMemory)
 * ```
 */
export const acceptanceSuite = (
  name: string,
  makeLayer: () => Layer.Layer<JipanStore, unknown>,
  options: AcceptanceSuiteOptions = {}
): void => {
  const params = {
    numRuns: options.runs ?? 25,
    interruptAfterTimeLimit: options.budgetMs ?? 20_000,
    markInterruptAsFailure: false,
    endOnFailure: true,
    ...(options.seed === undefined ? {} : { seed: options.seed })
  }
  const timeout = options.timeout ?? 120_000
  describe(`Jipan acceptance (${name})`, () => {
    const world = {} as { jipan: Jipan }
    beforeAll(async () => {
      world.jipan = facadeOn(makeLayer)
      // build the store now (a PGlite takes seconds), so that no test's time budget pays for it
      await warmUp(world.jipan)
    }, timeout)
    afterAll(async () => {
      await world.jipan?.close()
    })
    const test = (testName: AcceptanceTestName, body: () => Promise<void>) =>
      (options.skip?.[testName] === true ? it.skip : it)(testName, body, timeout)

    /** A policy document of the group laying random grading, follow-up and lifecycle sections over the defaults. */
    const documentOf = (policy: Policy, dealerGroupId: string) =>
      ({
        policyId: "pol-acceptance",
        version: 1,
        effectiveFrom: "2000-01-01",
        scope: { dealerGroupId },
        grading: policy.grading,
        firstContact: policy.firstContact,
        followUp: policy.followUp,
        lifecycle: policy.lifecycle
      }) as unknown as PolicyDocument
    /** A policy document of the group with a random referral section (reward values, windows, caps). */
    const referralDocument = (referral: PolicyDocument["referral"], dealerGroupId: string) =>
      ({
        policyId: "pol-referral",
        version: 1,
        effectiveFrom: "2000-01-01",
        scope: { dealerGroupId },
        referral
      }) as unknown as PolicyDocument
    const cardSequences = (options: {
      readonly cardIds?: ReadonlyArray<string>
      readonly storedPolicy?: boolean
      readonly storeIds?: ReadonlyArray<string>
    }) =>
      fc.assert(
        fc.asyncProperty(
          (options.storedPolicy === true ? cardPolicy : fc.constant(undefined)).chain((random) =>
            fc.tuple(
              fc.constant(random),
              cardCommandSequence(
                random === undefined
                  ? defaultPolicy
                  : applyDocument(defaultPolicy, documentOf(random, "grp")),
                {
                  cards: 3,
                  maxLength: 25,
                  ...(options.cardIds === undefined ? {} : { cardIds: options.cardIds }),
                  ...(options.storeIds === undefined ? {} : { storeIds: options.storeIds })
                }
              )
            )
          ),
          async ([random, sequence]) => {
            const { jipan } = world
            const tenant = freshTenant()
            if (random !== undefined) {
              const stored = await settle(() =>
                jipan.putPolicyDocument(
                  { dealerGroupId: tenant.dealerGroupId },
                  documentOf(random, tenant.dealerGroupId)
                )
              )
              if (!stored.ok)
                throw new Error(
                  `a sound policy document was refused: ${String((stored.error as Error)?.message)}`
                )
            }
            const histories = new Map<string, Array<unknown>>()
            let first = Number.POSITIVE_INFINITY
            let last = Number.NEGATIVE_INFINITY
            for (const [i, { cardId, storeId, command, expected }] of sequence.entries()) {
              // one store: the run's tenant; stores of a group: the card's store in the run's group
              const here = options.storeIds === undefined ? tenant : ({ ...tenant, storeId } as Tenant)
              const what = `step ${i} ${command._tag} on ${here.storeId}/${cardId}`
              const outcome = await settle(() =>
                jipan.handle(here, cardId, {
                  ...command,
                  ...(command._tag === "OpenCard" || command._tag === "RecordBroadBase"
                    ? { storeId: here.storeId }
                    : {})
                })
              )
              if (!outcome.ok) {
                const tag = typed(outcome.error, what)
                expect(
                  tag,
                  `${what}: the store refused (${(outcome.error as Error).message}), the decider said ${expected}`
                ).toBe(expected)
                continue
              }
              expect("accepted", `${what}: the store accepted, the decider said ${expected}`).toBe(expected)
              first = Math.min(first, command.at)
              last = Math.max(last, command.at)
              const history = histories.get(`${here.storeId}/${cardId}`) ?? []
              history.push(...outcome.value.events)
              histories.set(`${here.storeId}/${cardId}`, history)
              const stored = await settle(() => jipan.card(here, cardId))
              if (!stored.ok)
                throw new Error(
                  `${what}: accepted, then card() failed: ${String((stored.error as Error)?.message)}`
                )
              expect(json(stored.value.state), `${what}: card() state`).toEqual(json(outcome.value.state))
              expect(stored.value.version, `${what}: card() version`).toBe(outcome.value.version)
              expect(json(stored.value.history), `${what}: card() history`).toEqual(json(history))
            }
            if (first <= last) {
              const from = dayOf(first)
              const to = dayOf(last)
              const tenants =
                options.storeIds === undefined
                  ? [tenant]
                  : options.storeIds.map((storeId) => ({ ...tenant, storeId }) as Tenant)
              for (const t of tenants) await reportSpan(jipan, t, from, to)
              await readEverything(jipan, {
                tenants,
                consultants: ["c-wang", "c-li"],
                referralIds: [],
                from: to,
                to,
                cardForms: true
              })
            }
          }
        ),
        params
      )

    test("acceptance: card command sequences", () => cardSequences({}))
    test("acceptance: card command sequences under a stored policy", () =>
      cardSequences({ storedPolicy: true }))
    // a phone held in one store meets the other store's open (refused across the group by default,
    // allowed under a random policy keeping one open card per phone in each store)
    test("acceptance: card command sequences across the stores of a group", () =>
      cardSequences({ storedPolicy: true, storeIds: ["store-01", "store-02"] }))
    test("acceptance: card command sequences on hostile card ids", () =>
      cardSequences({
        cardIds: [hostileIds[0] as string, hostileIds[5] as string, hostileIds[16] as string]
      }))

    const referralSequences = (storedPolicy: boolean) =>
      fc.assert(
        fc.asyncProperty(
          (storedPolicy ? policySection.referral : fc.constant(undefined)).chain((referral) =>
            fc.tuple(
              fc.constant(referral),
              referralCommandSequence(
                referral === undefined
                  ? defaultPolicy
                  : applyDocument(defaultPolicy, referralDocument(referral, "grp")),
                { referrals: 2, maxLength: 20 }
              )
            )
          ),
          async ([referral, sequence]) => {
            const { jipan } = world
            const tenant = freshTenant()
            if (referral !== undefined) {
              const stored = await settle(() =>
                jipan.putPolicyDocument(
                  { dealerGroupId: tenant.dealerGroupId },
                  referralDocument(referral, tenant.dealerGroupId)
                )
              )
              if (!stored.ok)
                throw new Error(
                  `a valid referral section was refused: ${String((stored.error as Error)?.message)}`
                )
            }
            const days: Array<CalendarDate> = []
            for (const [i, { referralId, command, expected }] of sequence.entries()) {
              const what = `step ${i} ${command._tag} on ${referralId}`
              const sent =
                command._tag === "Register"
                  ? { ...command, registration: { ...command.registration, storeId: tenant.storeId } }
                  : command
              const outcome = await settle(() => jipan.handleReferral(tenant, referralId, sent as never))
              if (!outcome.ok) {
                const tag = typed(outcome.error, what)
                if (expected !== "refused")
                  expect(
                    tag,
                    `${what}: the store refused (${(outcome.error as Error).message}), the decider said ${expected}`
                  ).toBe(expected)
                continue
              }
              expect("accepted", `${what}: the store accepted, the decider said ${expected}`).toBe(expected)
              days.push(command.on)
              const stored = await settle(() => jipan.referral(tenant, referralId))
              if (!stored.ok)
                throw new Error(
                  `${what}: accepted, then referral() failed: ${String((stored.error as Error)?.message)}`
                )
              expect(json(stored.value.state), `${what}: referral() state`).toEqual(json(outcome.value.state))
              const ledger = await settle(() => jipan.ledger(tenant))
              if (!ledger.ok)
                throw new Error(
                  `${what}: accepted, then ledger() failed: ${String((ledger.error as Error)?.message)}`
                )
              const mine = ledger.value.filter((r) => r.entry.referralId === referralId).map((r) => r.entry)
              expect(json(mine), `${what}: the ledger holds the referral's entries`).toEqual(
                json(outcome.value.state.ledger)
              )
            }
            if (days.length > 0) {
              const sorted = [...days].sort()
              const from = sorted[0] as CalendarDate
              const to = sorted[sorted.length - 1] as CalendarDate
              await reportSpan(jipan, tenant, from, to)
              const month = await settle(() => jipan.ledger(tenant, { month: to.slice(0, 7) } as never))
              if (!month.ok)
                throw new Error(
                  `ledger of ${to.slice(0, 7)} failed: ${String((month.error as Error)?.message)}`
                )
            }
          }
        ),
        params
      )

    test("acceptance: referral command sequences", () => referralSequences(false))
    test("acceptance: referral command sequences under a stored policy", () => referralSequences(true))
    // PIPL (#19): each run builds a history, closes a day and erases people, then reads every form
    // twice: half the runs of the other properties (at least 5)
    test("acceptance: erasing random people keeps every report's numbers and leaves none of their data", () =>
      erasureProperty(() => world.jipan, { ...params, numRuns: Math.max(5, Math.ceil(params.numRuns / 2)) }))
  })
}
