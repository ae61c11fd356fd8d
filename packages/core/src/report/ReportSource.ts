/**
 * The report source port: the narrow reads the supervisor's forms, findings and analytics need —
 * card events by day, the schedule of due contacts as day spans, a card's facts (a narrow
 * projection of its state), full histories of a bounded set of cards, the reception's visit log
 * (来店登记) and referral registrations. Every read is scoped to a tenant; nothing loads every
 * card's full history, so a SQL store can answer a 100-consultant, 100,000-card store's daily
 * report and findings in well under 200 ms.
 *
 * Stores fill the projections at append time with the pure functions of this module
 * ({@link reportEventsOf}, {@link dueSpanChanges}, {@link cardFactsOf}, {@link reportReferralOf}),
 * so what they answer is by construction what the in-memory store answers.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { CardEvent } from "../card/CardEvent.js"
import type { CardStatus } from "../card/CardState.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId, ConsultantId, StoreId } from "../kernel/Ids.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { CardFacts, DueSpan, ReportEvent, ReportReferral } from "./ReportRows.js"
import type { ShowroomVisit } from "./ShowroomVisit.js"

/**
 * A range of calendar days, both ends included (`from` ≤ `to`, in the store's zone).
 *
 * @example
 * ```ts
 * import type { DayRange } from "@jipan/core"
 * const november = { from: "2026-11-01", to: "2026-11-30" } as DayRange
 * ```
 */
export interface DayRange {
  readonly from: CalendarDate
  readonly to: CalendarDate
}

/**
 * A full card history (the control table and the customer card form read a bounded set of them).
 *
 * @example
 * ```ts
 * import type { CardHistory } from "@jipan/core"
 * const length = (h: CardHistory) => h.history.length
 * ```
 */
export interface CardHistory {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly history: ReadonlyArray<CardEvent>
}

/**
 * The report source port. Implemented in memory by `layerMemory` and on SQL by `@jipan/store-sql`.
 * Every read returns only rows whose tenant is in `scope` (`inScope`); "in range" means
 * `range.from <= day <= range.to` on calendar-date strings.
 *
 * - `eventsOn(scope, range, options?)`: every card event whose `on` is in range, as
 *   {@link ReportEvent}s (rows of {@link reportEventsOf}); with `options.owner`, only rows whose
 *   `owner` (the owner after the event) is that consultant; with `options.kinds`, only events of
 *   those tags; with `options.cardIds`, only those cards' events (in any store of the scope).
 *   Ordered by storeId, cardId, version.
 * - `dueSpans(scope, range, options?)`: every {@link DueSpan} (rows of {@link dueSpanChanges} /
 *   {@link dueSpansOf}) that is in force at the start of at least one day of the range, i.e.
 *   `startedOn < range.to` and (`endedOn` undefined, or `endedOn >= range.from` and
 *   `endedOn > startedOn`); with `options.owner` only that owner's spans; with
 *   `options.dueOnOrBefore` only spans with `due <= dueOnOrBefore`. Ordered by storeId, cardId,
 *   startedVersion.
 * - `histories(tenant, cardIds)`: the full histories of those cards of the tenant (ids not found
 *   are left out), in the order of `cardIds`, duplicates once.
 * - `cardKeys(scope, page)`: the keys of the scope's cards in (store id, card id) code-point order,
 *   at most `page.limit`, strictly after `page.after`: a replay pages through a whole group with
 *   them instead of holding every card's row.
 * - `cardFacts(scope, options?)`: the {@link CardFacts} of every card (rows of
 *   {@link cardFactsOf} of its current state), filtered by `options.statuses` (any of),
 *   `options.owner`, `options.mayRaiseFindings` (only facts that pass `factMayRaiseFinding`),
 *   `options.dueBefore` (`nextContactDue` before it), `options.statusSinceOnOrBefore`
 *   (`statusSince` on or before it) and `options.erased: false` (not a phone that
 *   `isErasedPhone`) when given, all of them. Ordered by storeId, cardId.
 * - `recordVisits(visits)`: stores visit-log entries; idempotent by (tenant, visitId): an entry
 *   whose id is already stored for its tenant is ignored (the first one stays) — except the
 *   stored visit given again without its phone and otherwise the same, which replaces it: how an
 *   erasure (`erasePerson`) removes a person's phone from the visit log and keeps the visit.
 * - `visitsOn(scope, range, options?)`: the visits whose `on` is in range (only
 *   `options.consultant`'s, only those with `options.phone`, when given), ordered by `at`, then
 *   visitId.
 * - `referralsOn(scope, range, options?)`: the {@link ReportReferral}s (rows of
 *   {@link reportReferralOf}) whose `registeredOn` is in range (only `options.consultant`'s when
 *   given), ordered by registeredOn, then referralId.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ReportSource, type DayRange } from "@jipan/core"
 * const today = Effect.gen(function* () {
 *   const source = yield* ReportSource
 *   return yield* source.eventsOn({ dealerGroupId, storeId }, { from: "2026-11-22", to: "2026-11-22" } as DayRange)
 * })
 * ```
 */
export class ReportSource extends Context.Service<
  ReportSource,
  {
    readonly eventsOn: (
      scope: TenantScope,
      range: DayRange,
      options?: {
        readonly owner?: ConsultantId | undefined
        readonly kinds?: ReadonlyArray<CardEvent["_tag"]> | undefined
        readonly cardIds?: ReadonlyArray<CardId> | undefined
      }
    ) => Effect.Effect<ReadonlyArray<ReportEvent>, StoreError>
    readonly dueSpans: (
      scope: TenantScope,
      range: DayRange,
      options?: {
        readonly owner?: ConsultantId | undefined
        readonly dueOnOrBefore?: CalendarDate | undefined
      }
    ) => Effect.Effect<ReadonlyArray<DueSpan>, StoreError>
    readonly histories: (
      tenant: Tenant,
      cardIds: ReadonlyArray<CardId>
    ) => Effect.Effect<ReadonlyArray<CardHistory>, StoreError>
    readonly cardKeys: (
      scope: TenantScope,
      page: CardKeyPage
    ) => Effect.Effect<ReadonlyArray<CardKey>, StoreError>
    readonly cardFacts: (
      scope: TenantScope,
      options?: {
        readonly statuses?: ReadonlyArray<CardStatus> | undefined
        readonly owner?: ConsultantId | undefined
        readonly mayRaiseFindings?: FindingsFactFilter | undefined
        /** Only the cards whose next contact was due before this day (the close of day's lapse candidates). */
        readonly dueBefore?: CalendarDate | undefined
        /** Only the cards in their status since this day or earlier (the retention sweep's candidates). */
        readonly statusSinceOnOrBefore?: CalendarDate | undefined
        /** `false`: not the cards of an erased person (their phone the erasure marker). */
        readonly erased?: false | undefined
      }
    ) => Effect.Effect<ReadonlyArray<CardFacts>, StoreError>
    readonly recordVisits: (visits: ReadonlyArray<ShowroomVisit>) => Effect.Effect<void, StoreError>
    readonly visitsOn: (
      scope: TenantScope,
      range: DayRange,
      options?: { readonly consultant?: ConsultantId | undefined; readonly phone?: PhoneNumber | undefined }
    ) => Effect.Effect<ReadonlyArray<ShowroomVisit>, StoreError>
    readonly referralsOn: (
      scope: TenantScope,
      range: DayRange,
      options?: { readonly consultant?: ConsultantId | undefined }
    ) => Effect.Effect<ReadonlyArray<ReportReferral>, StoreError>
  }
>()("@jipan/core/ReportSource") {}

/**
 * Which card facts can raise a finding on a day: the fact rules' thresholds turned into dates, and
 * the phones of the window's first visits without a card (the walk-in rule looks them up among the
 * facts). A store reads only the facts this filter keeps (a `WHERE` on indexed columns instead of
 * every open card: {@link factMayRaiseFinding} says which), and {@link findings} over them equals
 * {@link findings} over all the facts. Made by {@link findingsFactFilter}.
 *
 * @example
 * ```ts
 * import type { FindingsFactFilter } from "@jipan/core"
 * const overdueOnly = (f: FindingsFactFilter) => f.dueBefore
 * ```
 */
export interface FindingsFactFilter {
  /** `findings.overdue`: an open prospect or order due before this day. */
  readonly dueBefore: CalendarDate
  /** `findings.gradeHorizon`: a prospect at one of these grades since before its day. */
  readonly gradeSinceBefore: ReadonlyArray<{ readonly grade: GradeId; readonly before: CalendarDate }>
  /** `findings.gradeStale`: a prospect at its grade since this day or earlier, contacted since. */
  readonly staleSinceOnOrBefore: CalendarDate
  /** `findings.defeatReview`: a defeat request made before this day. */
  readonly defeatRequestedBefore: CalendarDate
  /** `findings.tomorrowUnplanned`: an open card due on this day (tomorrow; absent: the rule is off). */
  readonly dueOn?: CalendarDate | undefined
  /** `findings.visitPlanMissed`: a planned visit whose week ended before this day (absent: the rule is off). */
  readonly visitPlanOverBefore?: CalendarDate | undefined
  /** `findings.complaintOpen`: a complaint unresolved since before this day (absent: the rule is off). */
  readonly complaintOpenBefore?: CalendarDate | undefined
  /** `findings.walkInWithoutCard`: the phones of the window's first visits without a card id. */
  readonly phones: ReadonlyArray<PhoneNumber>
}

/**
 * A card's key: its tenant and id.
 *
 * @example
 * ```ts
 * import type { CardKey } from "@jipan/core"
 * const label = (k: CardKey) => `${k.tenant.storeId}/${k.cardId}`
 * ```
 */
export interface CardKey {
  readonly tenant: Tenant
  readonly cardId: CardId
}

/**
 * The number of keys a {@link CardKeyPage} asks for, clamped to 1–10,000: every store answers
 * the same page for the same request.
 *
 * @example
 * ```ts
 * import { cardKeyLimit } from "@jipan/core"
 * cardKeyLimit({ limit: 50_000 }) // 10000
 * ```
 */
export const cardKeyLimit = (page: CardKeyPage): number =>
  Number.isFinite(page.limit) ? Math.max(1, Math.min(10_000, Math.floor(page.limit))) : 1

/**
 * A page of card keys: at most `limit` (1–10,000), after the key `after` (the last one of the
 * previous page) in (store id, card id) code-point order.
 *
 * @example
 * ```ts
 * import type { CardKeyPage } from "@jipan/core"
 * const next: CardKeyPage = { limit: 500, after: { storeId: "store-01", cardId: "card-0499" } } as CardKeyPage
 * ```
 */
export interface CardKeyPage {
  readonly limit: number
  readonly after?: { readonly storeId: StoreId; readonly cardId: CardId } | undefined
}
