/**
 * The fuzz suite: fast-check over every public decoder and every method of the Promise facade
 * (`createJipan({ store })`) with valid, hostile-but-valid and deliberately invalid input. What it
 * holds a store and the core to:
 *
 * - no call rejects without a `_tag` (no `TypeError`, no `RangeError`), and an `InvalidInput`
 *   names the path of every issue;
 * - bad input is never a `StoreError`: it is refused before it reaches the store;
 * - a refused call changes nothing the facade can read (snapshots before and after are equal);
 * - after every accepted call everything is readable: cards, pages, work lists, care contacts, the
 *   ledger, the outbox, the daily report, the control table, the findings and the analytics.
 *
 * Each property is bounded in runs and time, so the suite takes seconds per store.
 *
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as core from "@jipan/core"
import {
  type CalendarDate,
  type CardCommand,
  decodeCardCommand,
  decodeCardEvent,
  decodeCardFilter,
  decodeEvidence,
  decodeLedgerEntries,
  decodeLedgerQuery,
  decodeMotiveObservations,
  decodePageRequest,
  decodePolicy,
  decodePolicyDocument,
  decodeReferralCommand,
  decodeReferralRegistration,
  decodeSettlementHistory,
  decodeShowroomVisit,
  decodeSurvey,
  decodeValidityContext,
  type InvalidInput,
  type Jipan,
  type JipanStore,
  type ReferralCommand,
  type Tenant
} from "@jipan/core"
import type { Layer } from "effect"
import { Result } from "effect"
import * as fc from "fast-check"
import { anyPolicy } from "./Arbitraries.js"
import {
  cardCommand,
  cardCommandOf,
  cardCommandSequence,
  cardEvent,
  cardFilter,
  hostileIds,
  idString,
  ledgerEntries,
  ledgerQuery,
  pageRequest,
  policyDocument,
  referralCommand,
  referralCommandSequence,
  referralRegistration,
  settlementHistory,
  showroomVisit,
  survey
} from "./DomainArbitraries.js"
import {
  facadeOn,
  type ReadProbe,
  readDay,
  readEverything,
  settle,
  untypedReason,
  warmUp
} from "./FacadeSupport.js"
import { freshTenant } from "./Fixtures.js"
import { type Broken, invalid, namesPath } from "./InvalidArbitraries.js"
import { referralLife } from "./Lives.js"

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

/** A decoder of the core: untrusted input to a Result with an `InvalidInput`. */
type Decoder = (input: unknown) => Result.Result<unknown, InvalidInput>

/** The core's public decoders the suite checks, by name, each with its valid and invalid inputs. */
const decoders = (): ReadonlyArray<{
  readonly name: string
  readonly decode: Decoder
  readonly valid: fc.Arbitrary<unknown>
  readonly broken: fc.Arbitrary<Broken>
}> => {
  const tenant = { dealerGroupId: "grp-1", storeId: "store-01" } as Tenant
  const whole =
    (what: string) =>
    (value: unknown): Broken => ({ value, path: "?", why: `an invalid ${what}` })
  return [
    { name: "decodeCardCommand", decode: decodeCardCommand, valid: cardCommand, broken: invalid.cardCommand },
    { name: "decodeCardEvent", decode: decodeCardEvent, valid: cardEvent, broken: invalid.cardEvent },
    {
      name: "decodePolicyDocument",
      decode: decodePolicyDocument,
      valid: policyDocument({ dealerGroupId: "grp-1" }),
      broken: invalid.policyDocument({ dealerGroupId: "grp-1" })
    },
    {
      name: "decodePolicy",
      decode: decodePolicy,
      valid: anyPolicy,
      broken: invalid.notAnObject.map(whole("policy"))
    },
    {
      name: "decodeShowroomVisit",
      decode: decodeShowroomVisit,
      valid: showroomVisit(tenant),
      broken: invalid.showroomVisit(tenant)
    },
    {
      name: "decodeReferralRegistration",
      decode: decodeReferralRegistration,
      valid: referralRegistration(),
      broken: invalid.referralRegistration
    },
    {
      name: "decodeReferralCommand",
      decode: decodeReferralCommand,
      valid: referralCommand,
      broken: invalid.referralCommand
    },
    {
      name: "decodeValidityContext",
      decode: decodeValidityContext,
      valid: referralCommand
        .filter((c) => c._tag === "Register" || c._tag === "Recheck")
        .map((c) => (c as { readonly context: unknown }).context),
      broken: invalid.notAnObject.map(whole("validity context"))
    },
    { name: "decodeSurvey", decode: decodeSurvey, valid: survey, broken: invalid.survey },
    {
      name: "decodeLedgerEntries",
      decode: decodeLedgerEntries,
      valid: ledgerEntries,
      broken: invalid.ledgerEntries
    },
    {
      name: "decodeSettlementHistory",
      decode: decodeSettlementHistory,
      valid: settlementHistory,
      broken: invalid.settlementHistory
    },
    {
      name: "decodeCardFilter",
      decode: decodeCardFilter,
      valid: cardFilter,
      broken: invalid.cardFilter.map(whole("card filter"))
    },
    {
      name: "decodePageRequest",
      decode: decodePageRequest,
      valid: pageRequest,
      broken: invalid.pageRequest.map(whole("page request"))
    },
    {
      name: "decodeLedgerQuery",
      decode: decodeLedgerQuery,
      valid: ledgerQuery,
      broken: invalid.ledgerQuery.map(whole("ledger query"))
    },
    {
      name: "decodeMotiveObservations",
      decode: decodeMotiveObservations,
      valid: fc.constant([]),
      broken: fc.constantFrom<Broken>(
        { value: [{ kind: "bribe" }], path: "0.kind", why: "unknown observation" },
        { value: null, path: "", why: "null" }
      )
    },
    {
      name: "decodeEvidence",
      decode: decodeEvidence,
      valid: fc.constant({}),
      broken: fc.constantFrom<Broken>(
        { value: { visitCount: -1 }, path: "visitCount", why: "negative visit count" },
        { value: { expectedPurchaseDate: "2026-02-30" }, path: "expectedPurchaseDate", why: "bad date" },
        { value: null, path: "", why: "null" }
      )
    }
  ]
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** The typed-rejection check of a call made with bad or random input; throws a descriptive Error. */
const judgeRejection = (error: unknown, what: string, input: unknown): void => {
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

const DAY_FROM = "2026-03-01" as CalendarDate
const DAY_TO = "2026-03-21" as CalendarDate

/** What the fuzz tests share: the facade. */
interface World {
  readonly jipan: Jipan
}

/**
 * The facade's writes called with whatever a DMS might send (`unknown` scopes, ids and payloads):
 * the fuzz passes values the typed signatures would not admit.
 */
const putPolicy = (jipan: Jipan, scope: unknown, document: unknown): Promise<void> =>
  (jipan.putPolicyDocument as unknown as (...args: ReadonlyArray<unknown>) => Promise<void>)(scope, document)
const recordVisits = (jipan: Jipan, scope: unknown, visits: unknown): Promise<void> =>
  (jipan.recordVisits as unknown as (...args: ReadonlyArray<unknown>) => Promise<void>)(scope, visits)
const handleReferral = (jipan: Jipan, tenant: unknown, referralId: unknown, command: unknown) =>
  (
    jipan.handleReferral as unknown as (
      ...args: ReadonlyArray<unknown>
    ) => ReturnType<Jipan["handleReferral"]>
  )(tenant, referralId, command)

/** Opens a few cards and a referral in a fresh tenant, so refusals have something to leave alone. */
const seed = async (jipan: Jipan, tenant: Tenant): Promise<void> => {
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

const probeOf = (tenant: Tenant): ReadProbe => ({
  tenants: [tenant],
  consultants: ["c-wang", "c-li"],
  referralIds: ["ref-1", "ref-2"],
  from: DAY_FROM,
  to: DAY_TO
})

/**
 * Registers the fuzz suite for a store: one `describe` block with one facade on `makeLayer()`;
 * every test works in fresh dealer groups. Use {@link sharedStore} to share one built store (one
 * PGlite) between this and the other suites of a file.
 *
 * @example
 * ```ts
 * // test/MyStore.fuzz.test.ts
 * import { fuzzSuite } from "@jipan/testkit"
 * import { MyStore } from "../src/index.js"
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

    test("fuzz: decoders never throw, accept the valid and refuse the invalid with paths", async () => {
      // every decoder is checked, and every failing one reported (one does not hide the others)
      const failures: Array<string> = []
      const check = (run: () => void) => {
        try {
          run()
        } catch (error) {
          const cause = (error as { readonly cause?: unknown }).cause
          const example = String((error as Error).message)
            .split("\n")
            .find((line) => line.startsWith("Counterexample"))
          failures.push(
            `${cause instanceof Error ? cause.message : String(error)} — ${example?.slice(0, 300) ?? ""}`
          )
        }
      }
      for (const { name: decoder, decode, valid, broken } of decoders()) {
        check(() =>
          fc.assert(
            fc.property(valid, (value) => {
              const once = decode(json(value))
              if (Result.isFailure(once))
                throw new Error(`${decoder} refused a valid value: ${once.failure.message}`)
            }),
            { ...params, numRuns: runs * 2 }
          )
        )
        check(() =>
          fc.assert(
            fc.property(broken, (b) => {
              let result: Result.Result<unknown, InvalidInput>
              try {
                result = decode(b.value)
              } catch (error) {
                throw new Error(`${decoder} threw on ${b.why}: ${String(error)}`)
              }
              if (Result.isSuccess(result)) throw new Error(`${decoder} accepted ${b.why} (path ${b.path})`)
              const reason = untypedReason(result.failure)
              if (reason !== undefined) throw new Error(`${decoder}: ${reason}`)
              if (!namesPath(result.failure.issues, b.path))
                throw new Error(
                  `${decoder} refused ${b.why} without naming ${b.path}: ${JSON.stringify(result.failure.issues).slice(0, 300)}`
                )
            }),
            { ...params, numRuns: runs * 2 }
          )
        )
        check(() =>
          fc.assert(
            fc.property(
              fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }),
              (value) => {
                try {
                  decode(value)
                } catch (error) {
                  throw new Error(`${decoder} threw: ${String(error)}`)
                }
              }
            ),
            { ...params, numRuns: runs }
          )
        )
      }
      expect(failures).toEqual([])
    })

    test("fuzz: card commands", async ({ jipan }) => {
      const tenant = freshTenant()
      await seed(jipan, tenant)
      // the card forms of every card are read after each accepted command (below), not in every snapshot
      const probe = { ...probeOf(tenant), cardForms: false }
      const ids = ["card-1", "card-2", "card-3", ...hostileIds.slice(0, 6)]
      const call = fc.oneof(
        // valid commands, fitted to the call (the store's tenant and the card id)
        fc.tuple(fc.constantFrom(...ids), cardCommand).map(([cardId, c]) => ({
          tenant: tenant as unknown,
          cardId: (c._tag === "OpenCard" ? c.cardId : cardId) as unknown,
          command: (c._tag === "OpenCard" ? { ...c, storeId: tenant.storeId } : c) as unknown,
          what: `valid ${c._tag}`
        })),
        // a valid command at an instant outside 2000–2099 (2e15, 8.64e15, NaN…): the issue's first find
        fc
          .tuple(fc.constantFrom(...ids), fc.oneof(cardCommandOf("OpenCard"), cardCommand), invalid.instant)
          .map(([cardId, c, at]) => ({
            tenant: tenant as unknown,
            cardId: (c._tag === "OpenCard" ? c.cardId : cardId) as unknown,
            command: { ...c, ...(c._tag === "OpenCard" ? { storeId: tenant.storeId } : {}), at } as unknown,
            what: `${c._tag} at ${String(at)}`
          })),
        fc.tuple(fc.constantFrom(...ids), invalid.cardCommand).map(([cardId, b]) => ({
          tenant: tenant as unknown,
          cardId: cardId as unknown,
          command: b.value,
          what: `invalid command (${b.why})`
        })),
        fc.tuple(invalid.tenant, invalid.id, cardCommand).map(([t, id, c]) => ({
          tenant: t,
          cardId: id,
          command: c as unknown,
          what: "invalid tenant or card id"
        })),
        fc.tuple(fc.constantFrom(...ids), fc.anything()).map(([cardId, anything]) => ({
          tenant: tenant as unknown,
          cardId: cardId as unknown,
          command: anything,
          what: "anything"
        }))
      )
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const before = await readEverything(jipan, probe)
          const outcome = await settle(() => jipan.handle(c.tenant as Tenant, c.cardId as string, c.command))
          if (!outcome.ok) {
            judgeRejection(outcome.error, `handle: ${c.what}`, c.command)
            expect(await readEverything(jipan, probe), `a refused ${c.what} changed something`).toEqual(
              before
            )
            return
          }
          const stored = await jipan.card(tenant, c.cardId as string)
          expect(json(stored.state)).toEqual(json(outcome.value.state))
          expect(stored.version).toBe(outcome.value.version)
          const form = await settle(() => jipan.reports.card(tenant, c.cardId as string))
          if (!form.ok)
            throw new Error(
              `the card form of an accepted ${c.what} failed: ${String((form.error as Error)?.message)}`
            )
          await readEverything(jipan, probe)
          await readDay(jipan, tenant, (c.command as CardCommand).at)
        }),
        params
      )
    })

    test("fuzz: reads with bad arguments reject typed, never StoreError", async ({ jipan }) => {
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
        [
          "careDue",
          jipan.careDue as Read,
          fc.tuple(scope, day, fc.oneof(invalid.id, fc.constant(undefined)))
        ],
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
    })

    test("fuzz: policy documents, then a reward under them", async ({ jipan }) => {
      const tenant = freshTenant()
      let version = 0
      const other = { dealerGroupId: `${tenant.dealerGroupId}-other` }
      const document = fc.oneof(
        policyDocument(
          { dealerGroupId: tenant.dealerGroupId },
          { version: fc.constant(0), effectiveFrom: fc.constant("2026-01-01" as CalendarDate) }
        ).map((d) => ({
          scope: { dealerGroupId: tenant.dealerGroupId } as unknown,
          document: d as unknown,
          what: "valid document"
        })),
        invalid.policyDocument({ dealerGroupId: tenant.dealerGroupId }).map((b) => ({
          scope: { dealerGroupId: tenant.dealerGroupId } as unknown,
          document: b.value,
          what: `invalid document (${b.why})`
        })),
        policyDocument(other).map((d) => ({
          scope: { dealerGroupId: tenant.dealerGroupId } as unknown,
          document: d as unknown,
          what: "another group's document"
        })),
        fc
          .tuple(invalid.tenant, policyDocument({ dealerGroupId: tenant.dealerGroupId }))
          .map(([s, d]) => ({ scope: s, document: d as unknown, what: "invalid scope" }))
      )
      const probe = { ...probeOf(tenant), cardForms: false }
      let referrals = 0
      await fc.assert(
        fc.asyncProperty(document, async (c) => {
          // every valid version is new (versions are immutable)
          const sent =
            c.document !== null &&
            typeof c.document === "object" &&
            (c.document as { version?: unknown }).version === 0
              ? { ...(c.document as object), version: ++version + 1000 }
              : c.document
          const before = await readEverything(jipan, probe)
          const outcome = await settle(() => putPolicy(jipan, c.scope, sent))
          if (!outcome.ok) {
            judgeRejection(outcome.error, `putPolicyDocument: ${c.what}`, sent)
            expect(await readEverything(jipan, probe), `a refused ${c.what} changed something`).toEqual(
              before
            )
            return
          }
          expect(
            c.what === "another group's document" || c.what === "invalid scope",
            `accepted ${c.what}`
          ).toBe(false)
          // a reward under the stored policy: every step typed, and the ledger readable after
          const referralId = `ref-p${++referrals}`
          const [sequence] = fc.sample(
            referralCommandSequence(core.defaultPolicy, {
              referrals: 1,
              referralIds: [referralId],
              storeId: tenant.storeId,
              maxLength: 1
            }),
            { numRuns: 1, seed: referrals }
          )
          for (const { command } of (sequence ?? []).slice(0, 6)) {
            const step = await settle(() => handleReferral(jipan, tenant, referralId, command))
            if (!step.ok)
              judgeRejection(step.error, `handleReferral ${command._tag} after a policy document`, command)
          }
          await readEverything(jipan, { ...probe, referralIds: [referralId] })
        }),
        params
      )
    })

    test("fuzz: referral commands", async ({ jipan }) => {
      const tenant = freshTenant()
      await seed(jipan, tenant)
      const probe = { ...probeOf(tenant), cardForms: false }
      const ids = ["ref-1", "ref-2", "ref-3", ...hostileIds.slice(0, 4)]
      const call = fc.oneof(
        fc.tuple(fc.constantFrom(...ids), referralCommand).map(([referralId, c]) => ({
          tenant: tenant as unknown,
          referralId: referralId as unknown,
          command: (c._tag === "Register"
            ? { ...c, registration: { ...c.registration, referralId, storeId: tenant.storeId } }
            : c) as unknown,
          what: `valid ${c._tag}`
        })),
        fc.tuple(fc.constantFrom(...ids), invalid.referralCommand).map(([referralId, b]) => ({
          tenant: tenant as unknown,
          referralId: referralId as unknown,
          command: b.value,
          what: `invalid command (${b.why})`
        })),
        fc.tuple(invalid.tenant, invalid.id, referralCommand).map(([t, id, c]) => ({
          tenant: t,
          referralId: id,
          command: c as unknown,
          what: "invalid tenant or referral id"
        })),
        fc.tuple(fc.constantFrom(...ids), fc.anything()).map(([referralId, anything]) => ({
          tenant: tenant as unknown,
          referralId: referralId as unknown,
          command: anything,
          what: "anything"
        }))
      )
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const before = await readEverything(jipan, { ...probe, referralIds: ids })
          const outcome = await settle(() => handleReferral(jipan, c.tenant, c.referralId, c.command))
          if (!outcome.ok) {
            judgeRejection(outcome.error, `handleReferral: ${c.what}`, c.command)
            expect(
              await readEverything(jipan, { ...probe, referralIds: ids }),
              `a refused ${c.what} changed something`
            ).toEqual(before)
            return
          }
          const stored = await jipan.referral(tenant, c.referralId as string)
          expect(json(stored.state)).toEqual(json(outcome.value.state))
          await readEverything(jipan, { ...probe, referralIds: ids })
          await readDay(jipan, tenant, (c.command as ReferralCommand).on)
        }),
        params
      )
    })

    test("fuzz: showroom visits", async ({ jipan }) => {
      const tenant = freshTenant()
      const probe = { ...probeOf(tenant), cardForms: false }
      const visits = fc.oneof(
        fc
          .array(showroomVisit(tenant), { minLength: 1, maxLength: 4 })
          .map((vs) => ({ scope: tenant as unknown, visits: vs as unknown, what: "valid visits" })),
        fc
          .tuple(fc.array(showroomVisit(tenant), { maxLength: 2 }), invalid.showroomVisit(tenant))
          .map(([vs, b]) => ({
            scope: tenant as unknown,
            visits: [...vs, b.value] as unknown,
            what: `an invalid visit (${b.why})`
          })),
        fc
          .array(showroomVisit({ ...tenant, storeId: `${tenant.storeId}-other` } as Tenant), {
            minLength: 1,
            maxLength: 2
          })
          .map((vs) => ({ scope: tenant as unknown, visits: vs as unknown, what: "another store's visits" })),
        invalid.notAnObject.map((v) => ({ scope: tenant as unknown, visits: v, what: "not an array" })),
        fc
          .tuple(invalid.tenant, fc.array(showroomVisit(tenant), { maxLength: 1 }))
          .map(([s, vs]) => ({ scope: s, visits: vs as unknown, what: "invalid scope" }))
      )
      await fc.assert(
        fc.asyncProperty(visits, async (c) => {
          const before = await readEverything(jipan, probe)
          const outcome = await settle(() => recordVisits(jipan, c.scope, c.visits))
          if (!outcome.ok) {
            judgeRejection(outcome.error, `recordVisits: ${c.what}`, c.visits)
            expect(await readEverything(jipan, probe), `refused ${c.what} changed something`).toEqual(before)
            return
          }
          expect(
            c.what === "valid visits" || (Array.isArray(c.visits) && c.visits.length === 0),
            `accepted ${c.what}`
          ).toBe(true)
          await readEverything(jipan, probe)
          for (const v of c.visits as ReadonlyArray<{ readonly at: number }>)
            await readDay(jipan, tenant, v.at)
        }),
        params
      )
    })

    test("fuzz: issue #14 cases", async ({ jipan }) => {
      await issue14Cases(jipan)
    })
  })
}

/**
 * The failures issue #14 found from outside, as explicit cases (each must be refused typed, or
 * accepted and readable): card commands at 2e15 and 8.64e15, reward choices of 1e15 and 0 fen,
 * a referral naming a referrer the store does not know, `listCards` with a null filter and a NaN
 * page limit, `ledger` with month 5; and a voucher id issued by two referrals of one store (the
 * second refused, typed, not a `StoreError`).
 *
 * @example
 * ```ts
 * import { issue14Cases } from "@jipan/testkit"
 * await issue14Cases(createJipan())
 * ```
 */
export const issue14Cases = async (jipan: Jipan): Promise<void> => {
  const tenant = freshTenant()
  const probe = { ...probeOf(tenant), referralIds: ["ref-x", "ref-0", "ref-big"] }
  const failures: Array<string> = []
  const expectRefused = async (what: string, call: () => Promise<unknown>) => {
    const before = await readEverything(jipan, probe)
    const outcome = await settle(call)
    if (outcome.ok) failures.push(`${what}: accepted`)
    else {
      const reason = untypedReason(outcome.error)
      if (reason !== undefined) failures.push(`${what}: ${reason}`)
    }
    const after = await settle(() => readEverything(jipan, probe))
    if (!after.ok) failures.push(`${what}: then ${String(after.error)}`)
    else if (JSON.stringify(after.value) !== JSON.stringify(before))
      failures.push(`${what}: changed the store`)
  }
  const open = (cardId: string, at: number): CardCommand =>
    ({
      _tag: "OpenCard",
      cardId,
      storeId: tenant.storeId,
      customerId: `cust-${cardId}`,
      phone: `+861380000${String(1000 + cardId.length * 7).slice(-4)}`,
      owner: "c-wang",
      source: "walkIn",
      intent: "direct",
      evidence: {},
      by: { id: "c-wang", role: "consultant" },
      at
    }) as unknown as CardCommand
  await expectRefused("OpenCard at 2e15", () => jipan.handle(tenant, "card-2e15", open("card-2e15", 2e15)))
  await expectRefused("OpenCard at 8.64e15", () =>
    jipan.handle(tenant, "card-864", open("card-864", 8.64e15))
  )
  await expectRefused("OpenCard at NaN", () => jipan.handle(tenant, "card-nan", open("card-nan", Number.NaN)))
  await expectRefused("listCards with a null filter", () => jipan.listCards(tenant, null as never))
  await expectRefused("listCards with page.limit NaN", () =>
    jipan.listCards(tenant, {}, { limit: Number.NaN })
  )
  await expectRefused("ledger with month 5", () => jipan.ledger(tenant, { month: 5 } as never))
  await expectRefused("ledger with a null query", () => jipan.ledger(tenant, null as never))
  const withChoice = (valueFen: number, version: number) => ({
    policyId: "pol-14",
    version,
    effectiveFrom: "2026-01-01",
    scope: { dealerGroupId: tenant.dealerGroupId },
    referral: {
      ...core.defaultSections.referral,
      caps: { ...core.defaultSections.referral.caps, maxValueFen: 1e14 },
      offers: core.defaultSections.referral.offers.map((o) => ({
        ...o,
        choices: o.choices.map((c) => ({ ...c, valueFen }))
      }))
    }
  })
  await expectRefused("a reward choice of 1e15 fen", () =>
    putPolicy(jipan, { dealerGroupId: tenant.dealerGroupId }, withChoice(1e15, 1))
  )
  await expectRefused("a reward choice of 0 fen", () =>
    putPolicy(jipan, { dealerGroupId: tenant.dealerGroupId }, withChoice(0, 2))
  )
  await expectRefused("another group's policy document", () =>
    putPolicy(
      jipan,
      { dealerGroupId: tenant.dealerGroupId },
      {
        ...withChoice(30000, 3),
        scope: { dealerGroupId: `${tenant.dealerGroupId}-x` }
      }
    )
  )
  // a referral naming a referrer id nobody stored: accepted or refused, the reports must still run
  const [sequence] = fc.sample(
    referralCommandSequence(core.defaultPolicy, {
      referrals: 1,
      referralIds: ["ref-x"],
      storeId: tenant.storeId,
      maxLength: 1
    }),
    { numRuns: 1, seed: 14 }
  )
  for (const { command } of sequence ?? []) {
    const sent =
      command._tag === "Register"
        ? {
            ...command,
            registration: {
              ...command.registration,
              referrer: { ...command.registration.referrer, id: "nobody-we-know", kind: "baseCustomer" }
            }
          }
        : command
    const outcome = await settle(() => handleReferral(jipan, tenant, "ref-x", sent))
    if (!outcome.ok) {
      const reason = untypedReason(outcome.error)
      if (reason !== undefined) failures.push(`referral with an unknown referrer, ${command._tag}: ${reason}`)
    }
  }
  const reads = await settle(() => readEverything(jipan, probe))
  if (!reads.ok) failures.push(`after a referral with an unknown referrer: ${String(reads.error)}`)
  const analytics = await settle(() =>
    jipan.reports.analytics(tenant, { from: "2026-01-01", to: "2026-12-31" })
  )
  if (!analytics.ok)
    failures.push(
      `analytics of 2026 after a referral with an unknown referrer: ${String((analytics.error as Error).message)}`
    )
  // two referrals of one store issuing the same voucher id: the second is refused, typed, and the
  // first one's entry stays the only one
  for (const referralId of ["ref-va", "ref-vb"]) {
    const refereePhone = referralId === "ref-va" ? "+8613912340101" : "+8613912340102"
    for (const command of referralLife(tenant, referralId, "v-dup", "+8613912340100", refereePhone)) {
      const outcome = await settle(() => jipan.handleReferral(tenant, referralId, command))
      if (!outcome.ok) {
        const reason = untypedReason(outcome.error)
        if (reason !== undefined) failures.push(`${referralId} ${command._tag} with voucher v-dup: ${reason}`)
        else if (referralId === "ref-va")
          failures.push(`${referralId} ${command._tag}: refused ${String((outcome.error as Error).message)}`)
      } else if (referralId === "ref-vb" && command._tag === "IssueReward")
        failures.push("a second referral of the store issued voucher v-dup again: accepted")
    }
  }
  // the largest reward a policy may offer, issued twice: the ledger and the reports still read
  const big = freshTenant()
  const stored = await settle(() =>
    jipan.putPolicyDocument(
      { dealerGroupId: big.dealerGroupId },
      { ...withChoice(1e14, 1), scope: { dealerGroupId: big.dealerGroupId } }
    )
  )
  if (!stored.ok)
    failures.push(`a reward choice of 1e14 fen (the bound): ${String((stored.error as Error).message)}`)
  for (const [referralId, refereePhone] of [
    ["ref-b1", "+8613912340201"],
    ["ref-b2", "+8613912340202"]
  ] as const)
    for (const command of referralLife(big, referralId, `v-${referralId}`, "+8613912340200", refereePhone)) {
      const outcome = await settle(() => jipan.handleReferral(big, referralId, command))
      if (!outcome.ok)
        failures.push(
          `${referralId} ${command._tag} under a 1e14-fen reward: ${String((outcome.error as Error).message)}`
        )
    }
  const bigReads = await settle(() =>
    readEverything(jipan, {
      ...probeOf(big),
      referralIds: ["ref-b1", "ref-b2"],
      from: "2026-03-01" as CalendarDate,
      to: "2026-04-30" as CalendarDate
    })
  )
  if (!bigReads.ok) failures.push(`after two 1e14-fen rewards: ${String((bigReads.error as Error).message)}`)
  const vouchers = await settle(() => jipan.ledger(tenant))
  if (!vouchers.ok)
    failures.push(`ledger after a duplicate voucher: ${String((vouchers.error as Error).message)}`)
  else {
    const issued = vouchers.value.filter((r) => r.entry.voucherId === "v-dup" && r.entry.kind === "issued")
    if (issued.length !== 1 || issued[0]?.entry.referralId !== "ref-va")
      failures.push(
        `voucher v-dup issued ${issued.length} times: ${JSON.stringify(issued.map((r) => r.entry.referralId))}`
      )
  }
  expect(failures).toEqual([])
}
