/**
 * Helpers for suites that drive the Promise facade (`createJipan`): settle a call without letting
 * it throw, judge a rejection (typed: a `_tag` and a message; `InvalidInput` with paths), read
 * everything the facade can read in a few tenants (a snapshot to compare before and after a
 * refused call, and the proof that whatever was accepted can be read back), and share one store
 * between several suites of a test file.
 *
 * @module
 */
import {
  type CalendarDate,
  calendarDateOf,
  createJipan,
  type Jipan,
  type JipanOptions,
  type JipanStore
} from "@jipan/core"
import { Effect, Layer, ManagedRuntime } from "effect"

/**
 * The outcome of a facade call: resolved with a value, or rejected with an error (a synchronous
 * throw counts as a rejection).
 *
 * @example
 * ```ts
 * import { settle } from "@jipan/testkit"
 * const outcome = await settle(() => jipan.card(tenant, "card-1"))
 * if (!outcome.ok) console.log(outcome.error)
 * ```
 */
export type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly error: unknown }

/**
 * Runs a facade call and settles it (never throws).
 *
 * @example
 * ```ts
 * import { settle } from "@jipan/testkit"
 * const outcome = await settle(() => jipan.listCards(tenant, null as never))
 * ```
 */
export const settle = async <A>(call: () => Promise<A>): Promise<Outcome<A>> => {
  try {
    return { ok: true, value: await call() }
  } catch (error) {
    return { ok: false, error }
  }
}

const describeError = (error: unknown): string => {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}

/**
 * Why a rejection is not a typed error, or `undefined` when it is: a typed error has a string
 * `_tag` and a non-empty `message`; an `InvalidInput` lists at least one issue, each with a string
 * path and a message; with `storeErrors: false` (the default) a `StoreError` is not acceptable
 * either (bad input must never reach the store and fail there).
 *
 * @example
 * ```ts
 * import { untypedReason } from "@jipan/testkit"
 * untypedReason(new RangeError("Invalid time value")) // "untyped rejection: RangeError: Invalid time value"
 * ```
 */
export const untypedReason = (
  error: unknown,
  options: { readonly storeErrors?: boolean } = {}
): string | undefined => {
  const e = error as { readonly _tag?: unknown; readonly message?: unknown; readonly issues?: unknown } | null
  if (e === null || typeof e !== "object" || typeof e._tag !== "string")
    return `untyped rejection: ${describeError(error)}`
  if (typeof e.message !== "string" || e.message.length === 0) return `${e._tag} without a message`
  if (e._tag === "StoreError" && options.storeErrors !== true)
    return `StoreError for a caller's input: ${e.message}`
  if (e._tag === "InvalidInput") {
    const issues = e.issues
    if (!Array.isArray(issues) || issues.length === 0) return `InvalidInput without issues: ${e.message}`
    for (const issue of issues as ReadonlyArray<{ readonly path?: unknown; readonly message?: unknown }>)
      if (typeof issue.path !== "string" || typeof issue.message !== "string")
        return `InvalidInput issue without a path or message: ${e.message}`
  }
  return undefined
}

/**
 * Throws (with `what` in the message) when an outcome is a rejection that is not typed; see
 * {@link untypedReason}.
 *
 * @example
 * ```ts
 * import { expectTypedIfRejected, settle } from "@jipan/testkit"
 * expectTypedIfRejected(await settle(() => jipan.ledger(tenant, { month: 5 } as never)), "ledger month 5")
 * ```
 */
export const expectTypedIfRejected = (outcome: Outcome<unknown>, what: string): void => {
  if (outcome.ok) return
  const reason = untypedReason(outcome.error)
  if (reason !== undefined) throw new Error(`${what}: ${reason}`)
}

/**
 * Which tenants, consultants, referrals and days {@link readEverything} reads.
 *
 * @example
 * ```ts
 * import { CalendarDate } from "@jipan/core"
 * import type { ReadProbe } from "@jipan/testkit"
 * const probe: ReadProbe = { tenants: [tenant], consultants: ["c-wang"], referralIds: ["ref-1"],
 *   from: CalendarDate.make("2026-03-01"), to: CalendarDate.make("2026-03-31") }
 * ```
 */
export interface ReadProbe {
  readonly tenants: ReadonlyArray<{ readonly dealerGroupId: string; readonly storeId: string }>
  readonly consultants: ReadonlyArray<string>
  readonly referralIds: ReadonlyArray<string>
  /** The days the reports read (both included; at most a few weeks apart). */
  readonly from: CalendarDate
  readonly to: CalendarDate
  /** Also read the forms and findings of the card forms (客户信息卡) of every card (default true). */
  readonly cardForms?: boolean
}

/**
 * A read of {@link readEverything} that rejected: which read, and the error.
 *
 * @example
 * ```ts
 * import { ReadFailed, readEverything, type ReadProbe } from "@jipan/testkit"
 * declare const probe: ReadProbe
 * try { await readEverything(jipan, probe) } catch (e) { if (e instanceof ReadFailed) console.log(e.read) }
 * ```
 */
export class ReadFailed extends Error {
  readonly read: string
  readonly error: unknown
  constructor(read: string, error: unknown) {
    super(`${read} failed: ${describeError(error)}`)
    this.read = read
    this.error = error
  }
}

const plain = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)))

const monthOf = (day: CalendarDate): string => day.slice(0, 7)

/**
 * Reads everything the facade can read in the probe's tenants (each store, and its dealer group
 * as a whole): every card page and card (state, version, history) and its card form, the outbox,
 * the ledger (all of it, and by month), the referrals, the work lists and care contacts of the
 * consultants, the daily report, the control table and the three-form cross-check, the findings
 * and the analytics. Resolves with a plain snapshot (compare two with `toEqual`); rejects with
 * {@link ReadFailed} naming the first read that failed — which is the failure "something was
 * accepted that cannot be read back". A referral that does not exist is recorded, not a failure.
 *
 * @example
 * ```ts
 * import { expect } from "vitest"
 * import { readEverything, type ReadProbe } from "@jipan/testkit"
 * declare const probe: ReadProbe, badCommand: never // a command the store must refuse (junk, past the types)
 * const before = await readEverything(jipan, probe)
 * await jipan.handle(tenant, "card-1", badCommand).catch(() => undefined)
 * expect(await readEverything(jipan, probe)).toEqual(before)
 * ```
 */
export const readEverything = async (jipan: Jipan, probe: ReadProbe): Promise<Record<string, unknown>> => {
  const snapshot: Record<string, unknown> = {}
  const read = async <A>(name: string, call: () => Promise<A>): Promise<A> => {
    const outcome = await settle(call)
    if (!outcome.ok) throw new ReadFailed(name, outcome.error)
    snapshot[name] = plain(outcome.value)
    return outcome.value
  }
  const { from, to } = probe
  const groups = [...new Set(probe.tenants.map((t) => t.dealerGroupId))]
  for (const tenant of probe.tenants) {
    const at = `${tenant.dealerGroupId}/${tenant.storeId}`
    const cardIds: Array<string> = []
    let cursor: string | undefined
    for (let page = 0; page < 100; page++) {
      const result = await read(`${at} listCards page ${page}`, () =>
        jipan.listCards(tenant, {}, cursor === undefined ? { limit: 50 } : { limit: 50, cursor })
      )
      cardIds.push(...result.items.map((c) => c.cardId))
      cursor = result.next
      if (cursor === undefined) break
    }
    for (const cardId of cardIds) {
      await read(`${at} card ${cardId}`, () => jipan.card(tenant, cardId))
      if (probe.cardForms !== false)
        await read(`${at} card form ${cardId}`, () => jipan.reports.card(tenant, cardId))
    }
    await read(`${at} outbox`, () => jipan.outbox(tenant))
    await read(`${at} ledger`, () => jipan.ledger(tenant))
    await read(`${at} ledger ${monthOf(to)}`, () => jipan.ledger(tenant, { month: monthOf(to) } as never))
    for (const referralId of probe.referralIds) {
      const outcome = await settle(() => jipan.referral(tenant, referralId))
      if (outcome.ok) snapshot[`${at} referral ${referralId}`] = plain(outcome.value)
      else if ((outcome.error as { _tag?: unknown } | null)?._tag === "ReferralNotFound")
        snapshot[`${at} referral ${referralId}`] = "not found"
      else throw new ReadFailed(`${at} referral ${referralId}`, outcome.error)
    }
    for (const consultantId of probe.consultants) {
      await read(`${at} workList ${consultantId}`, () => jipan.workList(tenant, consultantId, to))
      await read(`${at} careDue ${consultantId}`, () => jipan.careDue(tenant, to, consultantId))
      await read(`${at} control ${consultantId}`, () =>
        jipan.reports.control(tenant, { consultantId, month: monthOf(to), asOf: to })
      )
      await read(`${at} consistency ${consultantId}`, () =>
        jipan.reports.consistency(tenant, { consultantId, month: monthOf(to), asOf: to })
      )
    }
    await read(`${at} careDue`, () => jipan.careDue(tenant, to))
    await read(`${at} daily`, () => jipan.reports.daily(tenant, { from, to }))
    await read(`${at} findings`, () => jipan.reports.findings(tenant, { on: to, from }))
    await read(`${at} analytics`, () => jipan.reports.analytics(tenant, { from, to }))
  }
  for (const dealerGroupId of groups) {
    const scope = { dealerGroupId }
    await read(`${dealerGroupId} listCards`, () => jipan.listCards(scope, {}, { limit: 500 }))
    await read(`${dealerGroupId} outbox`, () => jipan.outbox(scope))
    await read(`${dealerGroupId} ledger`, () => jipan.ledger(scope))
    await read(`${dealerGroupId} daily`, () => jipan.reports.daily(scope, { from, to }))
    await read(`${dealerGroupId} findings`, () => jipan.reports.findings(scope, { on: to, from }))
    await read(`${dealerGroupId} analytics`, () => jipan.reports.analytics(scope, { from, to }))
  }
  return snapshot
}

/**
 * Reads the reports of one day of a tenant (daily report, findings, analytics): after a call that
 * wrote something on an unusual day (year 2000 or 2099), its day must be reportable too.
 *
 * @example
 * ```ts
 * import { readDay } from "@jipan/testkit"
 * await readDay(jipan, tenant, Date.parse("2099-12-31T23:59:59Z"))
 * ```
 */
export const readDay = async (
  jipan: Jipan,
  tenant: { readonly dealerGroupId: string; readonly storeId: string },
  at: number | CalendarDate
): Promise<void> => {
  const day = typeof at === "number" ? calendarDateOf(at, "Asia/Shanghai") : at
  const reads: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
    [`daily ${day}`, () => jipan.reports.daily(tenant, { from: day })],
    [`findings ${day}`, () => jipan.reports.findings(tenant, { on: day })],
    [`analytics ${day}`, () => jipan.reports.analytics(tenant, { from: day, to: day })],
    [`ledger ${monthOf(day)}`, () => jipan.ledger(tenant, { month: monthOf(day) } as never)]
  ]
  for (const [name, call] of reads) {
    const outcome = await settle(call)
    if (!outcome.ok) throw new ReadFailed(name, outcome.error)
  }
}

/**
 * A store built once and shared by several suites of one test file (one PGlite per file): pass
 * `shared.layer` where a suite takes `makeLayer`, and `shared.close` to `afterAll`. The layer each
 * suite gets hands out the same built store; closing a suite's facade does not close it.
 *
 * @example
 * ```ts
 * import { afterAll } from "vitest"
 * import { JipanPglite } from "@jipan/store-pglite"
 * import { acceptanceSuite, fuzzSuite, sharedStore } from "@jipan/testkit"
 * const shared = sharedStore(() => JipanPglite.layer())
 * afterAll(shared.close)
 * fuzzSuite("pglite", shared.layer)
 * acceptanceSuite("pglite", shared.layer)
 * ```
 */
export const sharedStore = (
  makeLayer: () => Layer.Layer<JipanStore, unknown>
): { readonly layer: () => Layer.Layer<JipanStore, unknown>; readonly close: () => Promise<void> } => {
  let runtime: ManagedRuntime.ManagedRuntime<JipanStore, unknown> | undefined
  const get = () => {
    runtime ??= ManagedRuntime.make(makeLayer())
    return runtime
  }
  return {
    layer: () =>
      Layer.unwrap(
        Effect.map(
          Effect.promise(() => get().context()),
          (context) => Layer.succeedContext(context)
        )
      ),
    close: async () => {
      if (runtime !== undefined) await runtime.dispose()
      runtime = undefined
    }
  }
}

/**
 * Creates a facade on a suite's store layer (with the use-case options), for suites.
 *
 * @example
 * ```ts
 * import { layerMemory } from "@jipan/core"
 * import { facadeOn } from "@jipan/testkit"
 * const jipan = facadeOn(() => layerMemory)
 * ```
 */
export const facadeOn = (
  makeLayer: () => Layer.Layer<JipanStore, unknown>,
  options: Omit<JipanOptions, "store"> = {}
): Jipan => createJipan({ ...options, store: makeLayer() })

/**
 * Builds a facade's store (the first call does) with one cheap read: suites call it in
 * `beforeAll`, so that building a PGlite or connecting a pool is not counted in a test.
 *
 * @example
 * ```ts
 * import { beforeAll } from "vitest"
 * import { facadeOn, warmUp } from "@jipan/testkit"
 * import { JipanPglite } from "@jipan/store-pglite"
 * const jipan = facadeOn(() => JipanPglite.layer())
 * beforeAll(() => warmUp(jipan), 60_000)
 * ```
 */
export const warmUp = async (jipan: Jipan): Promise<void> => {
  await jipan.outbox({ dealerGroupId: "warm-up" })
}
