/**
 * The Promise face of Jipan, for a DMS that does not use Effect: `createJipan({ store })` returns
 * plain async methods. Inputs from outside (tenants, ids, commands, policy documents) are decoded
 * and checked first. Every method resolves with plain objects or **rejects with the typed error
 * instance** (`AlreadyHasCard`, `VersionConflict`, `InvalidInput`, `StoreError`…: check `_tag`
 * or `instanceof`); nothing is returned as a result wrapper.
 *
 * @module
 */
import { Effect, Layer, ManagedRuntime, Result, Schema } from "effect"
import { type CardCommand, type CardCommandInput, decodeCardCommand } from "../card/CardCommand.js"
import type { CardSummary, StoredCard, WorkList } from "../card/CardSummary.js"
import type { CareContactDue } from "../care/CareContact.js"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor, InvalidInput } from "../kernel/Errors.js"
import { CardId, ConsultantId, ReferralId } from "../kernel/Ids.js"
import { normalisePhone } from "../kernel/Phone.js"
import { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { NotificationDirectory } from "../notify/Notification.js"
import { Outbox, type OutboxMessage, type OutboxStatus } from "../notify/Outbox.js"
import { type ConsentEntry, ConsentStore } from "../notify/PersonConsent.js"
import { decodePolicyDocument } from "../policy/Policy.js"
import {
  decodeReferralCommand,
  type ReferralCommand,
  type ReferralCommandInput
} from "../referral/ReferralCommand.js"
import type { SettlementStatement } from "../referral/Settlement.js"
import { YearMonth } from "../referral/YearMonth.js"
import type { Analytics } from "../report/Analytics.js"
import type { ComplaintReplyRow } from "../report/ComplaintReplyForm.js"
import type { CustomerCardForm } from "../report/CustomerCardForm.js"
import type { DailyReport } from "../report/DailyReport.js"
import type { Finding, FindingsReport } from "../report/Findings.js"
import type { ProgressControlTable } from "../report/ProgressControlTable.js"
import type { SuggestedVisit, VisitPlanRow } from "../report/VisitPlanReport.js"
import type { VoucherStatistics } from "../report/VoucherStatistics.js"
import { type AccessRecord, AuditLog, type AuditPage, type AuditQuery } from "./AuditLog.js"
import type { CardFilter, Page, PageRequest } from "./CardStore.js"
import type { DayClosed } from "./CloseDay.js"
import type { EraseRequest, PersonErased } from "./Erasure.js"
import { markDecoded } from "./internal/decodedCommands.js"
import { decodeDispatcherSetup, refusingDispatcher } from "./internal/dispatcherSetup.js"
import { lazyDispatcher } from "./internal/lazyDispatcher.js"
import type { ExportRequest, PersonalDataExport } from "./PersonalDataExport.js"
import type { PolicyReplay, ReplayProgress } from "./PolicyReplay.js"
import type { DispatcherSetup, JipanDispatcher } from "./PromiseDispatcher.js"
import type {
  LedgerQuery,
  LedgerRow,
  ReferralPage,
  ReferralQueryInput,
  StoredReferral
} from "./ReferralStore.js"
import {
  findReferrals,
  getReferral,
  type HandledReferral,
  handleReferral,
  readLedger
} from "./ReferralUseCase.js"
import type { JipanStore } from "./StoreTransaction.js"
import { careDue, getCard, type HandledCard, handleCard, listCards, workList } from "./UseCase.js"
import { putPolicyDocument, type UseCaseOptions } from "./UseCaseOptions.js"

/**
 * Options of {@link createJipan}: the store (a layer from `@jipan/store-pglite`,
 * `@jipan/store-postgres`, or any adapter; in memory when left out) and the use-case options.
 *
 * @example
 * ```ts
 * import { createJipan } from "@jipan/core"
 * import { JipanPglite } from "@jipan/store-pglite"
 * const jipan = createJipan({ store: JipanPglite.layer({ dataDir: "./data/jipan" }), conflictRetries: 5 })
 * ```
 */
export interface JipanOptions extends UseCaseOptions {
  readonly store?: Layer.Layer<JipanStore, unknown> | undefined
}

/** A tenant as plain strings. */
type TenantInput = { readonly dealerGroupId: string; readonly storeId: string }
/** A scope as plain strings (leave `storeId` out for the whole group). */
type ScopeInput = { readonly dealerGroupId: string; readonly storeId?: string }
type AuditQueryInput = typeof AuditQuery.Encoded
type ConsentEntryInput = typeof ConsentEntry.Encoded
type AccessRecordInput = typeof AccessRecord.Encoded

/**
 * The Promise API returned by {@link createJipan}.
 *
 * @example
 * ```ts
 * import { createJipan, type Jipan } from "@jipan/core"
 * const jipan: Jipan = createJipan()
 * await jipan.close()
 * ```
 */
export interface Jipan {
  /**
   * Runs a card command end to end; see `handleCard`. `command` is typed (a wrong literal such
   * as `channel: "phone"` is a compile error) and decoded again at run time for JavaScript
   * callers: a bad value rejects with `InvalidInput` naming its path. With
   * `expectedVersion` (the version the caller read) a stale card rejects with `VersionConflict`.
   */
  readonly handle: (
    tenant: TenantInput,
    cardId: string,
    command: CardCommand | CardCommandInput,
    options?: { readonly expectedVersion?: number }
  ) => Promise<HandledCard>
  /** One card with its state, version and history; rejects with `CardNotFound`. */
  readonly card: (tenant: TenantInput, cardId: string) => Promise<StoredCard>
  /** A consultant's cards due on `date` (YYYY-MM-DD) and overdue. */
  readonly workList: (scope: ScopeInput, consultantId: string, date: string) => Promise<WorkList>
  /** Owned-customer care contacts due on or before `date`. */
  readonly careDue: (
    scope: ScopeInput,
    date: string,
    consultantId?: string
  ) => Promise<ReadonlyArray<CareContactDue>>
  /** A page of cards; pass the previous page's `next` as `page.cursor`. */
  readonly listCards: (
    scope: ScopeInput,
    filter?: CardFilter,
    page?: PageRequest
  ) => Promise<Page<CardSummary>>
  /** Runs a referral command (decoded with `decodeReferralCommand`) end to end; see `handleReferral`. */
  readonly handleReferral: (
    tenant: TenantInput,
    referralId: string,
    command: ReferralCommand | ReferralCommandInput
  ) => Promise<HandledReferral>
  /** One referral; rejects with `ReferralNotFound`. */
  readonly referral: (tenant: TenantInput, referralId: string) => Promise<StoredReferral>
  /**
   * The referrals of a scope by the referee's phone (any common format), referrer, consultant,
   * status or the referee's card, a page at a time; see `findReferrals`.
   */
  readonly findReferrals: (scope: ScopeInput, query?: ReferralQueryInput) => Promise<ReferralPage>
  /**
   * Closes a day at the caller's instant `at` (epoch ms): lapse downgrades, expired vouchers, the
   * day's care and voucher messages (with a `directory`); idempotent. See `closeDay`.
   */
  /**
   * Erases one person from a dealer group by their phone, keeping every statistic (PIPL); refused
   * with `ErasureRefused` while an open order or an unsettled reward holds the data. See `erasePerson`.
   */
  readonly erasePerson: (dealerGroupId: string, phone: string, request: EraseRequest) => Promise<PersonErased>
  /**
   * Everything held about one person (PIPL right of access), recorded in the audit log as an
   * export; `personalDataTables` turns it into a workbook's sheets. See `exportPersonalData`.
   */
  readonly exportPersonalData: (
    dealerGroupId: string,
    phone: string,
    request: ExportRequest
  ) => Promise<PersonalDataExport>
  /**
   * Records consent given or withdrawn (per person, purpose and channel, with the evidence); the
   * dispatcher and the close of day read it. See `ConsentEntry`.
   */
  readonly recordConsent: (entries: ReadonlyArray<ConsentEntryInput>) => Promise<void>
  /** A person's consent records (by phone, in any common format), in time order. */
  readonly consentOf: (dealerGroupId: string, phone: string) => Promise<ReadonlyArray<ConsentEntry>>
  /** The audit log of personal data (who read, exported, unmasked, corrected or erased), a page at a time. */
  readonly auditLog: (dealerGroupId: string, query?: AuditQueryInput) => Promise<AuditPage>
  /** Records accesses to personal data in the audit log (an export's unmask, a read of a card). */
  readonly recordAccess: (records: ReadonlyArray<AccessRecordInput>) => Promise<void>
  readonly closeDay: (
    scope: ScopeInput,
    day: string,
    at: number,
    options?: { readonly directory?: NotificationDirectory | undefined }
  ) => Promise<DayClosed>
  /**
   * The outbox dispatcher on this facade's store, with Promises: `runOnce()`, `runUntilIdle()`,
   * `start()`/`stop()`; see `PromiseDispatcher`.
   */
  readonly dispatcher: (setup: DispatcherSetup) => JipanDispatcher
  /** A month's referral settlement from the store alone (`YYYY-MM`); see `settlement`. */
  readonly settlement: (scope: ScopeInput, month: string) => Promise<SettlementStatement>
  /** Reward ledger rows by month, referrer or consultant. */
  readonly ledger: (scope: ScopeInput, query?: LedgerQuery) => Promise<ReadonlyArray<LedgerRow>>
  /**
   * Stores a policy document version (decoded from `document`) for the caller's scope; rejects
   * with `InvalidInput` when the document's scope is another group's, or another store's than a
   * store-scoped caller's.
   */
  readonly putPolicyDocument: (scope: ScopeInput, document: unknown) => Promise<void>
  /** The outbox messages in a scope (optionally of one status). */
  readonly outbox: (scope: ScopeInput, status?: OutboxStatus) => Promise<ReadonlyArray<OutboxMessage>>
  /**
   * Stores reception visit-log entries (来店/来电登记), each decoded with `decodeShowroomVisit`;
   * rejects with `InvalidInput` (naming the entry's index) and writes nothing when any is invalid.
   * Idempotent by (tenant, visitId).
   */
  readonly recordVisits: (scope: ScopeInput, visits: ReadonlyArray<unknown>) => Promise<void>
  /**
   * The policy lab: replays the scope's histories from `from` to `to` (YYYY-MM-DD) under a draft
   * policy document (decoded, then checked: rejects with `DraftPolicyRefused` listing the
   * problems) and resolves with the difference against the policy in force; see `replayPolicy`.
   * `onProgress` is called after each batch of cards; `signal` aborts it.
   */
  readonly replayPolicy: (
    scope: ScopeInput,
    draft: unknown,
    window: {
      readonly from: string
      readonly to: string
      readonly onProgress?: ((progress: ReplayProgress) => void) | undefined
      readonly signal?: AbortSignal | undefined
    }
  ) => Promise<PolicyReplay>
  /** The supervisor's forms, findings and analytics (days are YYYY-MM-DD in the store's zone). */
  readonly reports: JipanReports
  /** Releases the store (closes PGlite or the pool). */
  readonly close: () => Promise<void>
}

/**
 * The report methods of {@link Jipan}: each decodes its inputs, reads the store and resolves with
 * the report object (render it with the `…Table` functions).
 *
 * @example
 * ```ts
 * import { createJipan, dailyReportTable } from "@jipan/core"
 * const jipan = createJipan()
 * const report = await jipan.reports.daily({ dealerGroupId: "grp-east", storeId: "store-01" }, { from: "2026-11-22" })
 * dailyReportTable(report, { locale: "en" }).rows.length
 * ```
 */
export interface JipanReports {
  /** The daily business report (营业日报表) of `from`..`to` (default `from`), optionally of one consultant. */
  readonly daily: (
    scope: ScopeInput,
    query: {
      readonly from: string
      readonly to?: string | undefined
      readonly consultantId?: string | undefined
    }
  ) => Promise<DailyReport>
  /** The prospect progress control table (有望客户进度管制表) of a consultant and month ("2026-11"). */
  readonly control: (
    tenant: TenantInput,
    query: { readonly consultantId: string; readonly month: string; readonly asOf?: string | undefined }
  ) => Promise<ProgressControlTable>
  /** The customer card form (客户信息卡) of one card; rejects with `CardNotFound`. */
  readonly card: (tenant: TenantInput, cardId: string) => Promise<CustomerCardForm>
  /**
   * The supervisor's findings on `on`; the event-based rules (grade jumps, missed care, walk-ins
   * without a card) read `from`..`on` (default: `on` alone).
   */
  readonly findings: (
    scope: ScopeInput,
    query: { readonly on: string; readonly from?: string | undefined }
  ) => Promise<FindingsReport>
  /**
   * The cross-check of the three forms (daily report, control table, card backs) for a consultant
   * and month: a finding per disagreement, none on consistent data.
   */
  readonly consistency: (
    tenant: TenantInput,
    query: { readonly consultantId: string; readonly month: string; readonly asOf?: string | undefined }
  ) => Promise<ReadonlyArray<Finding>>
  /**
   * The month's base-visit plan against what was done, per consultant (the PDCA check), as of a
   * day (the month's last by default); see `visitPlanOf`.
   */
  readonly visitPlan: (
    scope: ScopeInput,
    query: { readonly month: string; readonly asOf?: string | undefined }
  ) => Promise<ReadonlyArray<VisitPlanRow>>
  /** A consultant's suggested plan for a month from the cabinet; see `suggestVisitPlanOf`. */
  readonly suggestVisitPlan: (
    scope: ScopeInput,
    query: { readonly consultantId: string; readonly month: string }
  ) => Promise<ReadonlyArray<SuggestedVisit>>
  /** The supervisor's reply form (主管回复表) of the days `from`..`to`; see `complaintReplyFormOf`. */
  readonly complaints: (
    scope: ScopeInput,
    query: { readonly from: string; readonly to: string }
  ) => Promise<ReadonlyArray<ComplaintReplyRow>>
  /**
   * The referral voucher statistics form (转介绍保养券统计表) of the months `from`..`to` (YYYY-MM),
   * from the ledger; see `voucherStatistics`.
   */
  readonly vouchers: (
    scope: ScopeInput,
    query: { readonly from: string; readonly to: string }
  ) => Promise<VoucherStatistics>
  /** The analytics (funnel, referrals, follow-up effectiveness, defeats, referral chains) of `from`..`to`. */
  readonly analytics: (
    scope: ScopeInput,
    query: { readonly from: string; readonly to: string }
  ) => Promise<Analytics>
}

const decodeTenant = /* @__PURE__ */ decoderFor(Tenant, "Tenant")
const decodeScope = /* @__PURE__ */ decoderFor(TenantScope, "TenantScope")
const decodeCardId = /* @__PURE__ */ decoderFor(CardId, "CardId")
const decodeReferralId = /* @__PURE__ */ decoderFor(ReferralId, "ReferralId")
const decodeConsultantId = /* @__PURE__ */ decoderFor(ConsultantId, "ConsultantId")
const decodeDate = /* @__PURE__ */ decoderFor(CalendarDate, "CalendarDate")
const decodeOptionalConsultant = /* @__PURE__ */ decoderFor(Schema.UndefinedOr(ConsultantId), "ConsultantId")
const decodeMonth = /* @__PURE__ */ decoderFor(YearMonth, "YearMonth")
const decodeOptionalDate = /* @__PURE__ */ decoderFor(Schema.UndefinedOr(CalendarDate), "CalendarDate")
const decodeExpectedVersion = /* @__PURE__ */ decoderFor(
  Schema.UndefinedOr(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  "expectedVersion"
)
const decodeOutboxStatus = /* @__PURE__ */ decoderFor(
  Schema.Literals(["pending", "sent", "dead", "skipped"]),
  "OutboxStatus"
)

/**
 * The facade's code beyond the cards, loaded on first use with `import()` (a bundler splits it into
 * a chunk of its own): a front end that opens on its cards does not carry the reports, the
 * settlement, the close of day, erasure, the access export, the dispatcher or the in-memory store
 * until it calls one of them; the policy lab likewise, apart, in `replayPolicy`.
 */
const onDemand = () => import("./internal/facadeOnDemand.js")
const later = () => Effect.promise(onDemand)

/** The in-memory store, loaded when the facade is made without a store (on its first call). */
const memoryStore: Layer.Layer<JipanStore> = /* @__PURE__ */ Layer.unwrap(
  Effect.map(later(), (m) => m.layerMemory)
)

/**
 * Creates the Promise API on a store. The store's layer is built once, on the first call, and
 * released by `close()`.
 *
 * @example
 * ```ts
 * import { createJipan, AlreadyHasCard, type CardCommandInput } from "@jipan/core"
 *
 * const jipan = createJipan() // in memory; pass { store } for PGlite or PostgreSQL
 * const tenant = { dealerGroupId: "grp-east", storeId: "store-01" }
 * const openCard = {
 *   _tag: "OpenCard", cardId: "card-1", storeId: "store-01", customerId: "cust-1", phone: "138 1234 5678",
 *   owner: "c-wang", source: "walkIn", intent: "direct", evidence: {},
 *   by: { id: "c-wang", role: "consultant" }, at: Date.parse("2026-11-22T10:00:00+08:00")
 * } satisfies CardCommandInput // typed: a wrong literal is a compile error
 * const opened = await jipan.handle(tenant, "card-1", openCard)
 * opened.state.nextContactDue // "2026-11-23"
 * try {
 *   await jipan.handle(tenant, "card-2", { ...openCard, cardId: "card-2" }) // the same customer
 * } catch (e) {
 *   if (e instanceof AlreadyHasCard) console.log(e.existingCardId) // "card-1"
 * }
 * await jipan.close()
 * ```
 */
export const createJipan = (options: JipanOptions = {}): Jipan => {
  const { store, ...useCase } = options
  const runtime = ManagedRuntime.make(store ?? memoryStore)
  const run = <A, E>(effect: Effect.Effect<A, E, JipanStore>): Promise<A> => runtime.runPromise(effect)
  return {
    handle: (tenant, cardId, command, options) =>
      run(
        Effect.gen(function* () {
          const t = yield* Effect.fromResult(decodeTenant(tenant))
          const id = yield* Effect.fromResult(decodeCardId(cardId))
          const c = yield* Effect.fromResult(decodeCardCommand(command))
          const expected = yield* Effect.fromResult(decodeExpectedVersion(options?.expectedVersion))
          return yield* handleCard(
            { tenant: t, cardId: id, command: markDecoded(c) },
            expected === undefined ? useCase : { ...useCase, expectedVersion: expected }
          )
        })
      ),
    card: (tenant, cardId) =>
      run(
        Effect.gen(function* () {
          const t = yield* Effect.fromResult(decodeTenant(tenant))
          return yield* getCard(t, yield* Effect.fromResult(decodeCardId(cardId)))
        })
      ),
    workList: (scope, consultantId, date) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          const c = yield* Effect.fromResult(decodeConsultantId(consultantId))
          return yield* workList(s, c, yield* Effect.fromResult(decodeDate(date)))
        })
      ),
    careDue: (scope, date, consultantId) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          const c = yield* Effect.fromResult(decodeOptionalConsultant(consultantId))
          return yield* careDue(s, yield* Effect.fromResult(decodeDate(date)), c)
        })
      ),
    listCards: (scope, filter, page) =>
      run(Effect.flatMap(Effect.fromResult(decodeScope(scope)), (s) => listCards(s, filter, page))),
    handleReferral: (tenant, referralId, command) =>
      run(
        Effect.gen(function* () {
          const t = yield* Effect.fromResult(decodeTenant(tenant))
          const id = yield* Effect.fromResult(decodeReferralId(referralId))
          const c = yield* Effect.fromResult(decodeReferralCommand(command))
          return yield* handleReferral({ tenant: t, referralId: id, command: markDecoded(c) }, useCase)
        })
      ),
    dispatcher: (setup) => {
      // a bad set-up is refused at once; the dispatcher itself is loaded on its first call
      const checked = decodeDispatcherSetup(setup)
      if (Result.isFailure(checked)) return refusingDispatcher(checked.failure)
      return lazyDispatcher(
        async () =>
          (await onDemand()).dispatcherOn(
            {
              runPromise: (effect) => runtime.runPromise(effect),
              runFork: (effect) => runtime.runFork(effect),
              // the facade owns the store: its close() releases it
              dispose: async () => undefined
            },
            setup
          ),
        setup.onError
      )
    },
    erasePerson: (dealerGroupId, phone, request) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope({ dealerGroupId }))
          return yield* (yield* later()).erasePerson(s.dealerGroupId, phone, request, useCase)
        })
      ),
    exportPersonalData: (dealerGroupId, phone, request) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope({ dealerGroupId }))
          return yield* (yield* later()).exportPersonalData(s.dealerGroupId, phone, request)
        })
      ),
    recordConsent: (entries) =>
      run(
        Effect.gen(function* () {
          const { decodeConsentEntry } = yield* later()
          const decoded = yield* Effect.forEach(Array.isArray(entries) ? entries : [entries], (e) =>
            Effect.fromResult(decodeConsentEntry(e))
          )
          return yield* ConsentStore.use((c) => c.record(decoded))
        })
      ),
    consentOf: (dealerGroupId, phone) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope({ dealerGroupId }))
          const p = yield* Effect.fromResult(normalisePhone(typeof phone === "string" ? phone : ""))
          return yield* ConsentStore.use((c) => c.ofPerson(s.dealerGroupId, p))
        })
      ),
    auditLog: (dealerGroupId, query) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope({ dealerGroupId }))
          const q = yield* Effect.fromResult((yield* later()).decodeAuditQuery(query ?? {}))
          return yield* AuditLog.use((log) => log.find(s.dealerGroupId, q))
        })
      ),
    recordAccess: (records) =>
      run(
        Effect.gen(function* () {
          const { decodeAccessRecord } = yield* later()
          const decoded = yield* Effect.forEach(Array.isArray(records) ? records : [records], (r) =>
            Effect.fromResult(decodeAccessRecord(r))
          )
          return yield* AuditLog.use((log) => log.record(decoded))
        })
      ),
    closeDay: (scope, day, at, options) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          return yield* (yield* later()).closeDay(s, day, at, { ...useCase, directory: options?.directory })
        })
      ),
    settlement: (scope, month) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          return yield* (yield* later()).settlement(s, month, useCase)
        })
      ),
    findReferrals: (scope, query) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          return yield* findReferrals(s, query)
        })
      ),
    referral: (tenant, referralId) =>
      run(
        Effect.gen(function* () {
          const t = yield* Effect.fromResult(decodeTenant(tenant))
          return yield* getReferral(t, yield* Effect.fromResult(decodeReferralId(referralId)))
        })
      ),
    ledger: (scope, query) =>
      run(Effect.flatMap(Effect.fromResult(decodeScope(scope)), (s) => readLedger(s, query))),
    putPolicyDocument: (scope, document) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          const d = yield* Effect.fromResult(decodePolicyDocument(document))
          return yield* putPolicyDocument(s, d)
        })
      ),
    outbox: (scope, status) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          if (status !== undefined) yield* Effect.fromResult(decodeOutboxStatus(status))
          const outbox = yield* Outbox
          return yield* outbox.list(s, status)
        })
      ),
    recordVisits: (scope, visits) =>
      run(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          if (!Array.isArray(visits))
            return yield* new InvalidInput({
              what: "ShowroomVisit",
              issues: [{ path: "", message: "Expected an array of visits" }],
              message: "Invalid ShowroomVisit: expected an array of visits"
            })
          const { decodeVisits, recordVisits } = yield* later()
          return yield* recordVisits(s, yield* Effect.fromResult(decodeVisits(visits)))
        })
      ),
    replayPolicy: (scope, draft, window) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const s = yield* Effect.fromResult(decodeScope(scope))
          const d = yield* Effect.fromResult(decodePolicyDocument(draft))
          // a JavaScript caller may pass anything: the window is read only once it is an object
          const w = (typeof window === "object" && window !== null ? window : {}) as Partial<typeof window>
          const from = yield* Effect.fromResult(decodeDate(w.from))
          const to = yield* Effect.fromResult(decodeDate(w.to))
          // loaded on first use: a front end that never replays does not carry the lab
          const lab = yield* Effect.promise(() => import("./PolicyLab.js"))
          return yield* lab.replayPolicy(s, d, {
            from,
            to,
            ...(typeof w.onProgress === "function" ? { onProgress: w.onProgress } : {})
          })
        }),
        typeof window === "object" && window !== null && window.signal instanceof AbortSignal
          ? { signal: window.signal }
          : undefined
      ),
    reports: {
      daily: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            const from = yield* Effect.fromResult(decodeDate(query?.from))
            const to = yield* Effect.fromResult(decodeOptionalDate(query?.to))
            const consultantId = yield* Effect.fromResult(decodeOptionalConsultant(query?.consultantId))
            return yield* (yield* later()).dailyReportOf(s, { from, to, consultantId }, useCase)
          })
        ),
      control: (tenant, query) =>
        run(
          Effect.gen(function* () {
            const t = yield* Effect.fromResult(decodeTenant(tenant))
            const consultantId = yield* Effect.fromResult(decodeConsultantId(query?.consultantId))
            const month = yield* Effect.fromResult(decodeMonth(query?.month))
            const asOf = yield* Effect.fromResult(decodeOptionalDate(query?.asOf))
            return yield* (yield* later()).controlTableOf(t, { consultantId, month, asOf }, useCase)
          })
        ),
      card: (tenant, cardId) =>
        run(
          Effect.gen(function* () {
            const t = yield* Effect.fromResult(decodeTenant(tenant))
            return yield* (yield* later()).cardFormOf(
              t,
              yield* Effect.fromResult(decodeCardId(cardId)),
              useCase
            )
          })
        ),
      findings: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            const on = yield* Effect.fromResult(decodeDate(query?.on))
            const from = yield* Effect.fromResult(decodeOptionalDate(query?.from))
            return yield* (yield* later()).findingsOf(s, { on, from }, useCase)
          })
        ),
      consistency: (tenant, query) =>
        run(
          Effect.gen(function* () {
            const t = yield* Effect.fromResult(decodeTenant(tenant))
            const consultantId = yield* Effect.fromResult(decodeConsultantId(query?.consultantId))
            const month = yield* Effect.fromResult(decodeMonth(query?.month))
            const asOf = yield* Effect.fromResult(decodeOptionalDate(query?.asOf))
            return yield* (yield* later()).consistencyOf(t, { consultantId, month, asOf }, useCase)
          })
        ),
      visitPlan: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            return yield* (yield* later()).visitPlanOf(s, query?.month, query?.asOf)
          })
        ),
      suggestVisitPlan: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            const c = yield* Effect.fromResult(decodeConsultantId(query?.consultantId))
            return yield* (yield* later()).suggestVisitPlanOf(s, c, query?.month)
          })
        ),
      complaints: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            const from = yield* Effect.fromResult(decodeDate(query?.from))
            const to = yield* Effect.fromResult(decodeDate(query?.to))
            return yield* (yield* later()).complaintReplyFormOf(s, { from, to })
          })
        ),
      vouchers: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            return yield* (yield* later()).voucherStatisticsOf(s, query?.from, query?.to)
          })
        ),
      analytics: (scope, query) =>
        run(
          Effect.gen(function* () {
            const s = yield* Effect.fromResult(decodeScope(scope))
            const from = yield* Effect.fromResult(decodeDate(query?.from))
            const to = yield* Effect.fromResult(decodeDate(query?.to))
            return yield* (yield* later()).analyticsOf(s, { from, to }, useCase)
          })
        )
    },
    close: () => runtime.dispose()
  }
}
