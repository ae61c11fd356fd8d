/**
 * The report use cases on the storage ports (the Effect face of the supervisor's forms): record
 * the reception's visit log, and compute each form, finding list and analysis from the narrow
 * reads of {@link ReportSource} under the policy in force for the scope on the report's last day.
 * No clock is read: every day comes from the caller.
 *
 * @module
 */
import { Effect, Result } from "effect"
import { foldCard } from "../card/CardEvolve.js"
import { addDays, CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor, InvalidInput } from "../kernel/Errors.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import { CardNotFound, type StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import { defaultPolicy, type NoPolicyInForce, type Policy, resolvePolicy } from "../policy/Policy.js"
import { monthRange, YearMonth } from "../referral/YearMonth.js"
import { type Analytics, analytics } from "../report/Analytics.js"
import { type ComplaintReplyRow, complaintReplyForm } from "../report/ComplaintReplyForm.js"
import { type CustomerCardForm, customerCardForm } from "../report/CustomerCardForm.js"
import { type DailyReport, dailyReport } from "../report/DailyReport.js"
import {
  type Finding,
  type FindingsReport,
  findings,
  findingsEventKinds,
  findingsFactFilter
} from "../report/Findings.js"
import { formConsistency } from "../report/FormConsistency.js"
import { type ProgressControlTable, progressControlTable } from "../report/ProgressControlTable.js"
import { type DayRange, ReportSource } from "../report/ReportSource.js"
import { decodeShowroomVisit, type ShowroomVisit } from "../report/ShowroomVisit.js"
import {
  type SuggestedVisit,
  suggestVisitPlan,
  type VisitPlanRow,
  visitPlanVsDone
} from "../report/VisitPlanReport.js"
import { CardStore } from "./CardStore.js"
import { PolicyStore } from "./PolicyStore.js"
import { scopeMismatch, type UseCaseOptions } from "./UseCaseOptions.js"

/**
 * The policy in force for a scope (a store, or a whole dealer group: its group policy) on a day.
 * Like `policyInForce`, a day with no group document in force (none at all, or none yet) reads
 * {@link defaultPolicy} unless `policyWhenNoDocuments` is `"fail"`.
 *
 * @example
 * ```ts
 * import { policyForScope, CalendarDate } from "@jipan/core"
 * const policy = policyForScope({ dealerGroupId, storeId }, "2026-11-22" as CalendarDate)
 * ```
 */
export const policyForScope = (
  scope: TenantScope,
  on: CalendarDate,
  options: UseCaseOptions = {}
): Effect.Effect<Policy, NoPolicyInForce | StoreError, PolicyStore> =>
  Effect.gen(function* () {
    const policies = yield* PolicyStore
    const documents = yield* policies.documents(scope.dealerGroupId)
    if (documents.length === 0 && options.policyWhenNoDocuments !== "fail") return defaultPolicy
    const base = options.policyWhenNoDocuments === "fail" ? undefined : defaultPolicy
    return yield* Effect.fromResult(resolvePolicy(documents, scope, on, base))
  })

/**
 * Checks a day range (`from` ≤ `to`), failing with {@link InvalidInput} otherwise.
 *
 * @example
 * ```ts
 * import { checkDayRange, type DayRange } from "@jipan/core"
 * checkDayRange({ from: "2026-11-30", to: "2026-11-01" } as DayRange)._tag // "Failure"
 * ```
 */
export const checkDayRange = (range: DayRange): Result.Result<DayRange, InvalidInput> =>
  range.from <= range.to
    ? Result.succeed(range)
    : Result.fail(
        new InvalidInput({
          what: "DayRange",
          issues: [{ path: "to", message: `Expected a day on or after ${range.from}, got ${range.to}` }],
          message: `Invalid DayRange: ${range.to} is before ${range.from}`
        })
      )

/**
 * Stores reception visit-log entries (来店/来电登记), already decoded; idempotent by visit id.
 *
 * @example
 * ```ts
 * import { recordVisits } from "@jipan/core"
 * recordVisits({ dealerGroupId, storeId }, visits) // Effect<void, StoreError | InvalidInput, ReportSource>
 * ```
 */
export const recordVisits = (
  scope: TenantScope,
  visits: ReadonlyArray<ShowroomVisit>
): Effect.Effect<void, StoreError | InvalidInput, ReportSource> =>
  Effect.gen(function* () {
    for (let i = 0; i < visits.length; i++) {
      const decoded = decodeShowroomVisit(visits[i])
      if (Result.isFailure(decoded))
        return yield* new InvalidInput({
          what: "ShowroomVisit",
          issues: decoded.failure.issues.map((issue) => ({ ...issue, path: joinPath(`${i}`, issue.path) })),
          message: `Invalid visit at index ${i}: ${decoded.failure.message}`
        })
      const v = decoded.success
      const outside = scopeMismatch(scope, v.tenant.dealerGroupId, v.tenant.storeId, `${i}.tenant`)
      if (outside !== undefined) return yield* outside("ShowroomVisit")
    }
    const source = yield* ReportSource
    return yield* source.recordVisits(visits)
  }).pipe(
    traced("jipan.recordVisits", {
      ...tenantIds(scope),
      visits: Array.isArray(visits) ? visits.length : undefined
    })
  )

const joinPath = (head: string, rest: string) => (rest === "" ? head : `${head}.${rest}`)

/**
 * What the daily report is asked for: the days (`to` defaults to `from`) and optionally one
 * consultant (who then gets a row every day, even when idle).
 *
 * @example
 * ```ts
 * import { type DailyReportQuery, CalendarDate } from "@jipan/core"
 * const q: DailyReportQuery = { from: "2026-11-22" as CalendarDate }
 * ```
 */
export interface DailyReportQuery {
  readonly from: CalendarDate
  readonly to?: CalendarDate | undefined
  readonly consultantId?: ConsultantId | undefined
}

/**
 * The daily business report (营业日报表) of a scope: reads the range's events, due spans, visits
 * and referral registrations (only the consultant's when one is asked for) and computes
 * `dailyReport` under the policy in force on the range's last day.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { dailyReportOf, layerMemory, CalendarDate } from "@jipan/core"
 * const report = await Effect.runPromise(
 *   dailyReportOf({ dealerGroupId, storeId }, { from: "2026-11-22" as CalendarDate }).pipe(Effect.provide(layerMemory))
 * )
 * ```
 */
export const dailyReportOf = (
  scope: TenantScope,
  query: DailyReportQuery,
  options: UseCaseOptions = {}
): Effect.Effect<DailyReport, InvalidInput | NoPolicyInForce | StoreError, ReportSource | PolicyStore> =>
  Effect.gen(function* () {
    const range = yield* Effect.fromResult(checkDayRange({ from: query.from, to: query.to ?? query.from }))
    const source = yield* ReportSource
    const owner = query.consultantId
    // the plans reaching into the range were made up to two months before it, with their contacts
    const planFrom = addDays(`${range.from.slice(0, 7)}-01` as CalendarDate, -62)
    const [events, spans, visits, referrals, policy, planEvents] = yield* Effect.all(
      [
        source.eventsOn(scope, range, { owner }),
        source.dueSpans(scope, range, { owner, dueOnOrBefore: range.to }),
        source.visitsOn(scope, range, { consultant: owner }),
        source.referralsOn(scope, range, { consultant: owner }),
        policyForScope(scope, range.to, options),
        source.eventsOn(
          scope,
          { from: planFrom, to: addDays(range.from, -1) },
          { owner, kinds: ["VisitPlanned", "VisitUnplanned", "ContactLogged", "CareContactRecorded"] }
        )
      ],
      { concurrency: "unbounded" }
    )
    return dailyReport(
      {
        range,
        events,
        spans,
        visits,
        referrals,
        consultants: owner === undefined ? undefined : [owner],
        planEvents
      },
      policy
    )
  }).pipe(traced("jipan.dailyReport", { ...tenantIds(scope) }))

/**
 * What the control table is asked for: the consultant, the month, and optionally `asOf` (days
 * after it show only the plan).
 *
 * @example
 * ```ts
 * import { type ControlTableQuery, YearMonth } from "@jipan/core"
 * const q: ControlTableQuery = { consultantId, month: "2026-11" as YearMonth }
 * ```
 */
export interface ControlTableQuery {
  readonly consultantId: ConsultantId
  readonly month: YearMonth
  readonly asOf?: CalendarDate | undefined
}

/**
 * The prospect progress control table (有望客户进度管制表) of a consultant and month: finds the
 * cards with a due span or an event of the consultant in the month, reads their histories and
 * computes `progressControlTable` under the policy in force on the month's last day.
 *
 * @example
 * ```ts
 * import { controlTableOf, YearMonth } from "@jipan/core"
 * controlTableOf(tenant, { consultantId, month: "2026-11" as YearMonth })
 * ```
 */
export const controlTableOf = (
  tenant: Tenant,
  query: ControlTableQuery,
  options: UseCaseOptions = {}
): Effect.Effect<ProgressControlTable, NoPolicyInForce | StoreError, ReportSource | PolicyStore> =>
  Effect.map(controlWithHistories(tenant, query, options), ({ control }) => control).pipe(
    traced("jipan.controlTable", { ...tenantIds(tenant) })
  )

const controlWithHistories = (tenant: Tenant, query: ControlTableQuery, options: UseCaseOptions) =>
  Effect.gen(function* () {
    const { first, last } = monthRange(query.month)
    const range = { from: first, to: last }
    const source = yield* ReportSource
    const owner = query.consultantId
    const [spans, events, policy] = yield* Effect.all([
      source.dueSpans(tenant, range, { owner }),
      source.eventsOn(tenant, range, { owner }),
      policyForScope(tenant, last, options)
    ])
    const ids = new Set<CardId>()
    for (const s of spans) ids.add(s.cardId)
    for (const e of events) ids.add(e.cardId)
    const histories = yield* source.histories(tenant, [...ids])
    const control = progressControlTable(
      { consultantId: owner, month: query.month, histories, asOf: query.asOf },
      policy
    )
    return { control, histories, policy }
  })

/**
 * The customer card form (客户信息卡) of one card, under the policy in force on the day of its last
 * event; fails with {@link CardNotFound} for an unknown card.
 *
 * @example
 * ```ts
 * import { cardFormOf } from "@jipan/core"
 * cardFormOf(tenant, cardId) // Effect<CustomerCardForm, CardNotFound | …, ReportSource | PolicyStore>
 * ```
 */
export const cardFormOf = (
  tenant: Tenant,
  cardId: CardId,
  options: UseCaseOptions = {}
): Effect.Effect<CustomerCardForm, CardNotFound | NoPolicyInForce | StoreError, ReportSource | PolicyStore> =>
  Effect.gen(function* () {
    const source = yield* ReportSource
    const [found] = yield* source.histories(tenant, [cardId])
    const last = found?.history.at(-1)
    if (found === undefined || last === undefined)
      return yield* new CardNotFound({ cardId, message: `No card ${cardId} in store ${tenant.storeId}` })
    const policy = yield* policyForScope(tenant, last.on, options)
    return customerCardForm(found, policy)
  }).pipe(traced("jipan.cardForm", { ...tenantIds(tenant), cardId }))

/**
 * What the findings are asked for: the day of the check and the first day of the window of
 * events and visits the event-based rules read (`from`, default `on`).
 *
 * @example
 * ```ts
 * import { type FindingsQuery, CalendarDate } from "@jipan/core"
 * const q: FindingsQuery = { on: "2026-11-22" as CalendarDate, from: "2026-11-16" as CalendarDate }
 * ```
 */
export interface FindingsQuery {
  readonly on: CalendarDate
  readonly from?: CalendarDate | undefined
}

/**
 * The supervisor's findings of a scope on a day: reads the window's events the rules read
 * (`findingsEventKinds`, and the contacts of the cards re-graded) and visits, the care contacts due, and the facts of the open cards that can raise a finding (`findingsFactFilter`:
 * the store filters, as a query, instead of handing over every open card), and runs `findings`
 * under the policy in force on `on`.
 *
 * @example
 * ```ts
 * import { findingsOf, CalendarDate } from "@jipan/core"
 * findingsOf({ dealerGroupId, storeId }, { on: "2026-11-22" as CalendarDate })
 * ```
 */
export const findingsOf = (
  scope: TenantScope,
  query: FindingsQuery,
  options: UseCaseOptions = {}
): Effect.Effect<
  FindingsReport,
  InvalidInput | NoPolicyInForce | StoreError,
  ReportSource | CardStore | PolicyStore
> =>
  Effect.gen(function* () {
    const range = yield* Effect.fromResult(checkDayRange({ from: query.from ?? query.on, to: query.on }))
    const source = yield* ReportSource
    const cards = yield* CardStore
    // only the facts that can raise a finding: the filter needs the policy and the window's visits
    const factsToCheck = Effect.gen(function* () {
      const [policy, visits] = yield* Effect.all(
        [policyForScope(scope, range.to, options), source.visitsOn(scope, range)],
        { concurrency: "unbounded" }
      )
      const facts = yield* source.cardFacts(scope, {
        statuses: ["prospect", "ordered", "defeatRequested", "owned"],
        mayRaiseFindings: findingsFactFilter({ on: range.to, from: range.from, visits }, policy)
      })
      return { policy, visits, facts }
    })
    // the events the rules read, and the contacts of the cards re-graded (the same-day check)
    const eventsToCheck = Effect.gen(function* () {
      const events = yield* source.eventsOn(scope, range, { kinds: findingsEventKinds })
      const regraded = new Set<CardId>()
      for (const e of events) if (e.event._tag === "Regraded") regraded.add(e.cardId)
      if (regraded.size === 0) return events
      const contacts = yield* source.eventsOn(scope, range, {
        kinds: ["ContactLogged"],
        cardIds: [...regraded]
      })
      return [...events, ...contacts]
    })
    const [{ policy, visits, facts }, events, care] = yield* Effect.all(
      [factsToCheck, eventsToCheck, cards.careDue(scope, range.to)],
      { concurrency: "unbounded" }
    )
    // a store's own findings even with no card yet; a group's stores are those with cards
    const stores =
      scope.storeId === undefined
        ? undefined
        : [{ dealerGroupId: scope.dealerGroupId, storeId: scope.storeId }]
    return findings({ on: range.to, from: range.from, facts, events, visits, care, stores }, policy)
  }).pipe(traced("jipan.findings", { ...tenantIds(scope) }))

/**
 * The cross-check of the three forms for a consultant and month (up to `asOf`): computes the
 * control table, the consultant's daily report over the same days and the card forms of the
 * table's cards, and returns `formConsistency`'s findings (none on consistent data).
 *
 * @example
 * ```ts
 * import { consistencyOf, YearMonth } from "@jipan/core"
 * consistencyOf(tenant, { consultantId, month: "2026-11" as YearMonth })
 * ```
 */
export const consistencyOf = (
  tenant: Tenant,
  query: ControlTableQuery,
  options: UseCaseOptions = {}
): Effect.Effect<
  ReadonlyArray<Finding>,
  InvalidInput | NoPolicyInForce | StoreError,
  ReportSource | PolicyStore
> =>
  Effect.gen(function* () {
    const { control, histories, policy } = yield* controlWithHistories(tenant, query, options)
    const daily = yield* dailyReportOf(
      tenant,
      { from: control.range.from, to: control.asOf, consultantId: query.consultantId },
      options
    )
    const inTable = new Set<string>(control.rows.map((r) => r.cardId))
    const cards = histories.filter((h) => inTable.has(h.cardId)).map((h) => customerCardForm(h, policy))
    return formConsistency({ tenant, daily, control, cards }, policy)
  }).pipe(traced("jipan.consistency", { ...tenantIds(tenant) }))

/**
 * The analytics of a scope over a range of days: reads the range's events and referral
 * registrations and the histories of the cards ordered in the range (per store), and computes
 * `analytics` under the policy in force on the range's last day.
 *
 * @example
 * ```ts
 * import { analyticsOf, type DayRange } from "@jipan/core"
 * analyticsOf({ dealerGroupId }, { from: "2026-09-01", to: "2026-11-30" } as DayRange)
 * ```
 */
export const analyticsOf = (
  scope: TenantScope,
  range: DayRange,
  options: UseCaseOptions = {}
): Effect.Effect<Analytics, InvalidInput | NoPolicyInForce | StoreError, ReportSource | PolicyStore> =>
  Effect.gen(function* () {
    const checked = yield* Effect.fromResult(checkDayRange(range))
    const source = yield* ReportSource
    const [events, referrals, policy] = yield* Effect.all([
      source.eventsOn(scope, checked),
      source.referralsOn(scope, checked),
      policyForScope(scope, checked.to, options)
    ])
    const ordered = new Map<string, { tenant: Tenant; ids: Set<CardId> }>()
    for (const e of events) {
      if (e.event._tag !== "OrderPlaced") continue
      let entry = ordered.get(e.tenant.storeId)
      if (entry === undefined) {
        entry = { tenant: e.tenant, ids: new Set() }
        ordered.set(e.tenant.storeId, entry)
      }
      entry.ids.add(e.cardId)
    }
    const histories = yield* Effect.forEach([...ordered.values()], ({ tenant, ids }) =>
      source.histories(tenant, [...ids])
    )
    return analytics({ range: checked, events, referrals, orderedHistories: histories.flat() }, policy)
  }).pipe(traced("jipan.analytics", { ...tenantIds(scope) }))

/**
 * The supervisor's reply form (主管回复表) of a window from the store: the complaints recorded in it
 * (their cards found by the complaint events) and those still open from before (their cards found by
 * their facts), read from the cards' histories.
 *
 * @example
 * ```ts
 * import { complaintReplyFormOf, type DayRange } from "@jipan/core"
 * complaintReplyFormOf({ dealerGroupId }, { from: "2026-11-01", to: "2026-11-30" } as DayRange)
 * ```
 */
export const complaintReplyFormOf = (
  scope: TenantScope,
  range: DayRange
): Effect.Effect<ReadonlyArray<ComplaintReplyRow>, InvalidInput | StoreError, ReportSource> =>
  Effect.gen(function* () {
    const checked = yield* Effect.fromResult(checkDayRange(range))
    const source = yield* ReportSource
    const byStore = new Map<string, { tenant: Tenant; ids: Set<CardId> }>()
    const add = (tenant: Tenant, cardId: CardId) => {
      const entry = byStore.get(tenant.storeId) ?? { tenant, ids: new Set<CardId>() }
      entry.ids.add(cardId)
      byStore.set(tenant.storeId, entry)
    }
    for (const e of yield* source.eventsOn(scope, checked, { kinds: ["ComplaintRecorded"] }))
      add(e.tenant, e.cardId)
    // the complaints still open from before the window: the facts keep the oldest open one's day
    const never = "1900-01-01" as CalendarDate
    const open = yield* source.cardFacts(scope, {
      mayRaiseFindings: {
        dueBefore: never,
        gradeSinceBefore: [],
        staleSinceOnOrBefore: never,
        defeatRequestedBefore: never,
        complaintOpenBefore: checked.from,
        phones: []
      }
    })
    for (const f of open)
      if (f.openComplaintSince !== undefined && f.openComplaintSince < checked.from) add(f.tenant, f.cardId)
    const histories = yield* Effect.forEach([...byStore.values()], ({ tenant, ids }) =>
      source.histories(tenant, [...ids])
    )
    const cards = histories
      .flat()
      .map((h) => ({ tenant: h.tenant, cardId: h.cardId, state: foldCard(h.history) }))
    return complaintReplyForm(cards, checked.from, checked.to)
  }).pipe(traced("jipan.complaintReplyFormOf", { ...tenantIds(scope) }))

/**
 * A month's base-visit plan against what was done, per consultant, as of a day (the month's last
 * by default), from the store's report events (plans made up to three months before the month).
 *
 * @example
 * ```ts
 * import { visitPlanOf } from "@jipan/core"
 * visitPlanOf({ dealerGroupId, storeId }, "2026-12")
 * ```
 */
export const visitPlanOf = (
  scope: TenantScope,
  month: string,
  asOf?: string
): Effect.Effect<ReadonlyArray<VisitPlanRow>, InvalidInput | StoreError, ReportSource> =>
  Effect.gen(function* () {
    const m = decodeYearMonth(month)
    if (Result.isFailure(m)) return yield* m.failure
    const { first, last } = monthRange(m.success)
    const day = asOf === undefined ? Result.succeed(last) : decodeCalendarDate(asOf)
    if (Result.isFailure(day)) return yield* day.failure
    const source = yield* ReportSource
    const events = yield* source.eventsOn(
      scope,
      { from: addDays(first, -92), to: last },
      { kinds: ["VisitPlanned", "VisitUnplanned", "ContactLogged", "CareContactRecorded"] }
    )
    return visitPlanVsDone({ month: m.success, asOf: day.success, events })
  }).pipe(traced("jipan.visitPlanOf", { ...tenantIds(scope) }))

/**
 * A consultant's suggested plan for a month from the cabinet (see `suggestVisitPlan`): their open
 * prospects and orders by due day, their owned customers by care contact.
 *
 * @example
 * ```ts
 * import { suggestVisitPlanOf, ConsultantId } from "@jipan/core"
 * suggestVisitPlanOf({ dealerGroupId, storeId }, ConsultantId.make("c-wang"), "2026-12")
 * ```
 */
export const suggestVisitPlanOf = (
  scope: TenantScope,
  consultantId: ConsultantId,
  month: string
): Effect.Effect<ReadonlyArray<SuggestedVisit>, InvalidInput | StoreError, ReportSource | CardStore> =>
  Effect.gen(function* () {
    const m = decodeYearMonth(month)
    if (Result.isFailure(m)) return yield* m.failure
    const { last } = monthRange(m.success)
    const facts = yield* (yield* ReportSource).cardFacts(scope, {
      owner: consultantId,
      statuses: ["prospect", "ordered"]
    })
    const care = yield* (yield* CardStore).careDue(scope, last, consultantId)
    return suggestVisitPlan({ month: m.success, cards: facts, care })
  }).pipe(traced("jipan.suggestVisitPlanOf", { ...tenantIds(scope), consultantId }))

const decodeYearMonth = /* @__PURE__ */ decoderFor(YearMonth, "YearMonth")
const decodeCalendarDate = /* @__PURE__ */ decoderFor(CalendarDate, "CalendarDate")
