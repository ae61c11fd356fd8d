/**
 * The fuzz of the facade's joins and day-end methods (`findReferrals`, `settlement`, `closeDay`,
 * `dispatcher`, `replayPolicy`), and of hostile-but-valid commands interleaved with valid ones:
 * a refused call is typed and changes nothing readable; whatever was accepted reads back (every
 * card's history decodes, every referral found loads, settlements and reports run).
 *
 * @module
 */
import { expect } from "@effect/vitest"
import { type CalendarDate, decodeCardEvent, defaultPolicy, type Jipan, type Tenant } from "@jipan/core"
import * as fc from "fast-check"
import {
  cardCommandSequence,
  hostileIds,
  policyDocument,
  referralCommandSequence,
  referralQuery
} from "../DomainArbitraries.js"
import { readEverything, settle } from "../FacadeSupport.js"
import { freshTenant } from "../Fixtures.js"
import { invalid } from "../InvalidArbitraries.js"
import { DAY_TO, type FuzzRun, handleReferral, json, judgeRejection, probeOf, seed } from "./Support.js"

/** A facade method called past its types. */
type Untyped = (...args: ReadonlyArray<unknown>) => Promise<unknown>

/** Months the settlement must refuse. */
const badMonth: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    "2026-13",
    "2026-00",
    "2026-3",
    "26-03",
    "2026-03-01",
    "2026/03",
    "",
    " 2026-03",
    "2026-03'; DROP TABLE jipan_cards;--",
    "__proto__",
    202603,
    Number.NaN,
    null,
    undefined,
    {},
    ["2026-03"],
    { __proto__: "2026-03" },
    "２０２６-０３"
  ),
  fc.anything()
)

/** Whether `value` is a month string the settlement is meant to take. */
const isMonth = (value: unknown): boolean =>
  typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)

/**
 * fuzz: findReferrals, settlement, closeDay, dispatcher and replayPolicy with bad arguments.
 * Reads reject typed; a refused close of day changes nothing; an accepted one reads back. The
 * dispatcher's junk set-ups are {@link knownUntyped} (the core does not refuse them typed yet).
 */
export const joinMethods = async (jipan: Jipan, { runs, params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  await seed(jipan, tenant)
  const probe = { ...probeOf(tenant), cardForms: false }
  const scope = fc.oneof(
    fc.constant(tenant as unknown),
    fc.constant({ dealerGroupId: tenant.dealerGroupId } as unknown),
    invalid.tenant
  )
  const day = fc.oneof(fc.constant(DAY_TO as unknown), invalid.calendarDate)
  const at = fc.oneof(fc.constant(Date.parse(`${DAY_TO}T23:30:00+08:00`) as unknown), invalid.instant)
  const window = fc.record({
    from: fc.oneof(fc.constant("2026-03-01" as unknown), invalid.calendarDate),
    to: fc.oneof(fc.constant(DAY_TO as unknown), invalid.calendarDate)
  })
  const draft = fc.oneof(
    policyDocument({ dealerGroupId: tenant.dealerGroupId }).map((d) => d as unknown),
    invalid.policyDocument({ dealerGroupId: tenant.dealerGroupId }).map((b) => b.value),
    fc.anything()
  )
  const reads: ReadonlyArray<readonly [string, Untyped, fc.Arbitrary<ReadonlyArray<unknown>>]> = [
    [
      "findReferrals",
      jipan.findReferrals as Untyped,
      fc.tuple(scope, fc.oneof(invalid.referralQuery, referralQuery, fc.anything()))
    ],
    ["settlement", jipan.settlement as Untyped, fc.tuple(scope, badMonth)],
    ["replayPolicy", jipan.replayPolicy as Untyped, fc.tuple(scope, draft, window)]
  ]
  const failures: Array<string> = []
  const collect = async (property: () => Promise<void>) => {
    try {
      await property()
    } catch (error) {
      const cause = (error as { readonly cause?: unknown }).cause
      failures.push(cause instanceof Error ? cause.message : String(error))
    }
  }
  for (const [what, read, args] of reads)
    await collect(() =>
      fc.assert(
        fc.asyncProperty(args, async (a) => {
          const outcome = await settle(() => read(...a))
          if (!outcome.ok) judgeRejection(outcome.error, what, a)
          else if (what === "settlement" && !isMonth(a[1]))
            throw new Error(`settlement accepted the month ${JSON.stringify(a[1])}`)
        }),
        { ...params, numRuns: Math.max(10, Math.ceil(runs / 2)) }
      )
    )
  // the close of day writes: a refusal changes nothing, an acceptance reads back
  const options = fc.constantFrom<unknown>(undefined, null, {}, { directory: undefined }, 5, "x")
  await collect(() =>
    fc.assert(
      fc.asyncProperty(fc.tuple(scope, day, at, options), async (a) => {
        const before = await readEverything(jipan, probe)
        const outcome = await settle(() => (jipan.closeDay as Untyped)(...a))
        if (!outcome.ok) {
          judgeRejection(outcome.error, "closeDay", a)
          expect(await readEverything(jipan, probe), "a refused closeDay changed something").toEqual(before)
          return
        }
        await readEverything(jipan, probe)
      }),
      { ...params, numRuns: Math.max(8, Math.ceil(runs / 3)) }
    )
  )
  expect(failures).toEqual([])
}

/**
 * The junk the core does not refuse typed yet (see the fuzz suite's "known untyped" test): a
 * dispatcher set-up that is not an object or has no channel list (a plain `TypeError`), or with
 * options of the wrong type (`batchSize: null`, `claimant: { … }`: a `StoreError` on PostgreSQL,
 * the options reach the SQL), and a replay window that is not an object (a `TypeError`).
 */
export const knownUntyped = async (jipan: Jipan): Promise<void> => {
  const tenant = freshTenant()
  const document = { policyId: "p", version: 1, scope: { dealerGroupId: tenant.dealerGroupId } }
  const cases: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
    ["dispatcher(null)", async () => jipan.dispatcher(null as never).runOnce()],
    ["dispatcher({})", async () => jipan.dispatcher({} as never).runOnce()],
    ["dispatcher({ channels: 5 })", async () => jipan.dispatcher({ channels: 5 } as never).runOnce()],
    [
      "dispatcher({ channels: [null] })",
      async () => jipan.dispatcher({ channels: [null] } as never).runOnce()
    ],
    ["replayPolicy(scope, draft, null)", () => jipan.replayPolicy(tenant, document, null as never)],
    ["replayPolicy(scope, draft, undefined)", () => jipan.replayPolicy(tenant, document, undefined as never)]
  ]
  const failures: Array<string> = []
  for (const [what, call] of cases) {
    const outcome = await settle(call)
    if (!outcome.ok)
      try {
        judgeRejection(outcome.error, what, undefined)
      } catch (error) {
        failures.push((error as Error).message)
      }
  }
  expect(failures).toEqual([])
}

/** Months from `from` to `to` (YYYY-MM), at most 24. */
const monthsOf = (days: ReadonlyArray<string>): ReadonlyArray<string> =>
  [...new Set(days.map((d) => d.slice(0, 7)))].sort().slice(0, 24)

/**
 * fuzz: hostile-but-valid commands interleaved with valid ones read back. Each run takes a fresh
 * group, hostile ids (SQL, `__proto__`, long unicode) for its cards and referrals, and a valid card
 * and referral sequence interleaved with junk (invalid commands, a valid command at another
 * card's id or at another instant, closes of day); afterwards every card listed loads and each
 * event of its history decodes, every referral found loads, the settlement of every month
 * touched and every report runs.
 */
export const interleaved = async (jipan: Jipan, { runs, params }: FuzzRun): Promise<void> => {
  const plan = fc
    .tuple(
      fc.shuffledSubarray([...hostileIds], { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.oneof(
            invalid.cardCommand.map((b) => ({ ...b, to: "card" as const })),
            invalid.referralCommand.map((b) => ({ ...b, to: "referral" as const }))
          )
        ),
        { maxLength: 6 }
      ),
      fc.array(fc.nat(), { maxLength: 3 })
    )
    .chain(([ids, salt, junk, closes]) =>
      fc
        .tuple(
          cardCommandSequence(defaultPolicy, {
            cards: 2,
            cardIds: ids.slice(0, 2),
            maxLength: 10,
            start: Date.parse("2026-03-02T09:00:00+08:00")
          }),
          referralCommandSequence(defaultPolicy, { referrals: 2, referralIds: ids.slice(2, 4), maxLength: 6 })
        )
        .map(([cards, referrals]) => ({ ids, salt, junk, closes, cards, referrals }))
    )
  await fc.assert(
    fc.asyncProperty(plan, async ({ ids, junk, closes, cards, referrals }) => {
      const tenant = freshTenant()
      const [cardA, cardB, refA, refB] = ids as [string, string, string, string]
      type Step = () => Promise<void>
      const steps: Array<Step> = []
      const touched: Array<string> = []
      const expectTyped = (what: string, input: unknown) => async (call: () => Promise<unknown>) => {
        const outcome = await settle(call)
        if (!outcome.ok) judgeRejection(outcome.error, what, input)
      }
      for (const { cardId, command } of cards) {
        const c = "storeId" in command ? { ...command, storeId: tenant.storeId } : command
        touched.push(new Date(command.at + 8 * 3_600_000).toISOString().slice(0, 10))
        steps.push(() => expectTyped(`handle ${c._tag}`, c)(() => jipan.handle(tenant, cardId, c)))
        // the same command at the other card (valid-looking: another card's id)
        if (command.at % 3 === 0)
          steps.push(() =>
            expectTyped(
              `handle ${c._tag} at the other card`,
              c
            )(() => jipan.handle(tenant, cardId === cardA ? cardB : cardA, c))
          )
      }
      for (const { referralId, command } of referrals) {
        const c =
          command._tag === "Register"
            ? { ...command, registration: { ...command.registration, storeId: tenant.storeId } }
            : command
        touched.push(command.on)
        steps.splice(Math.min(steps.length, touched.length), 0, () =>
          expectTyped(`handleReferral ${c._tag}`, c)(() => handleReferral(jipan, tenant, referralId, c))
        )
      }
      for (const [i, b] of junk) {
        const at = i % Math.max(1, steps.length)
        steps.splice(at, 0, async () => {
          const before = await readEverything(jipan, { ...probeOf(tenant), referralIds: [refA, refB] })
          const outcome = await settle<unknown>(() =>
            b.to === "card"
              ? jipan.handle(tenant, cardA, b.value as never)
              : handleReferral(jipan, tenant, refA, b.value)
          )
          if (outcome.ok) return // a breaking case may still be a valid command (e.g. another tag)
          judgeRejection(outcome.error, `junk (${b.why})`, b.value)
          expect(
            await readEverything(jipan, { ...probeOf(tenant), referralIds: [refA, refB] }),
            `a refused ${b.why} changed something`
          ).toEqual(before)
        })
      }
      for (const n of closes) {
        const day = touched[n % Math.max(1, touched.length)] ?? DAY_TO
        steps.splice(n % Math.max(1, steps.length), 0, () =>
          expectTyped(
            `closeDay ${day}`,
            day
          )(() => jipan.closeDay(tenant, day, Date.parse(`${day}T23:30:00+08:00`)))
        )
      }
      for (const step of steps) await step()
      await readBack(jipan, tenant, [refA, refB], monthsOf(touched))
    }),
    { ...params, numRuns: Math.max(3, Math.ceil(runs / 6)) }
  )
}

/** Reads a tenant back: cards (histories decoded), referrals (found and loaded), settlements, reports. */
const readBack = async (
  jipan: Jipan,
  tenant: Tenant,
  referralIds: ReadonlyArray<string>,
  months: ReadonlyArray<string>
): Promise<void> => {
  const failures: Array<string> = []
  const must = async <A>(what: string, call: () => Promise<A>): Promise<A | undefined> => {
    const outcome = await settle(call)
    if (outcome.ok) return outcome.value
    failures.push(`${what}: ${String((outcome.error as Error)?.message ?? outcome.error)}`)
    return undefined
  }
  const listed = await must("listCards", () => jipan.listCards(tenant, {}, { limit: 500 }))
  for (const { cardId } of listed?.items ?? []) {
    const stored = await must(`card ${cardId}`, () => jipan.card(tenant, cardId))
    for (const [i, event] of (stored?.history ?? []).entries()) {
      const decoded = decodeCardEvent(json(event))
      if (decoded._tag === "Failure")
        failures.push(`card ${cardId} event ${i} (${event._tag}) does not decode: ${decoded.failure.message}`)
    }
    await must(`card form ${cardId}`, () => jipan.reports.card(tenant, cardId))
  }
  let after: { readonly storeId: string; readonly referralId: string } | undefined
  for (let page = 0; page < 20; page++) {
    const found = await must(`findReferrals page ${page}`, () =>
      jipan.findReferrals(tenant, after === undefined ? { limit: 50 } : { limit: 50, after })
    )
    for (const f of found?.items ?? [])
      await must(`referral ${f.referralId}`, () => jipan.referral(tenant, f.referralId))
    after = found?.next
    if (after === undefined) break
  }
  for (const month of months) {
    await must(`settlement ${month}`, () => jipan.settlement(tenant, month))
    await must(`settlement ${month} (group)`, () =>
      jipan.settlement({ dealerGroupId: tenant.dealerGroupId }, month)
    )
  }
  await must("readEverything", () => readEverything(jipan, { ...probeOf(tenant), referralIds }))
  for (const month of months) {
    const day = `${month}-01` as CalendarDate
    await must(`daily ${day}`, () => jipan.reports.daily(tenant, { from: day }))
    await must(`findings ${day}`, () => jipan.reports.findings(tenant, { on: day }))
  }
  expect(failures).toEqual([])
}
