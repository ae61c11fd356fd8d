/**
 * The report rows an append, a referral append and the bulk import write next to a history, made
 * with the core's pure functions (`reportEventsOf`, `dueSpanChanges`, `cardFactsOf`,
 * `reportReferralOf`) so that the SQL `ReportSource` answers what the in-memory store answers.
 *
 * @since 0.2.0
 */
import {
  type CardEvent,
  type CardFacts,
  type CardId,
  type CardReportRows,
  type CardState,
  cardReportRowsOf,
  type DueSpan,
  type ReportEvent,
  type ReportedEvent,
  type ReportReferral,
  type Tenant
} from "@jipan/core"

/**
 * A `jipan_report_events` row without its tenant and card (JSON for `jsonb_to_recordset`).
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import type { ReportRows } from "@jipan/store-sql"
 * const day = (r: ReportRows.EventRecord) => r.on_date
 * ```
 */
export interface EventRecord {
  readonly version: number
  readonly on_date: string
  readonly owner_id: string | null
  readonly report: {
    readonly source?: string
    readonly gradeBefore?: string
    readonly statusBefore: string
    readonly testDriveBefore: boolean
    readonly event: ReportedEvent
  }
}

/**
 * A `jipan_due_spans` row without its tenant and card.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import type { ReportRows } from "@jipan/store-sql"
 * const open = (r: ReportRows.SpanRecord) => r.ended_on === null
 * ```
 */
export interface SpanRecord {
  readonly started_version: number
  readonly started_on: string
  readonly ended_on: string | null
  readonly owner_id: string | null
  readonly due: string
}

/**
 * A `jipan_card_facts` row without its tenant and card.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import type { ReportRows } from "@jipan/store-sql"
 * const open = (r: ReportRows.FactsRecord) => r.status === "prospect"
 * ```
 */
export interface FactsRecord {
  readonly version: number
  readonly status: string
  readonly owner_id: string | null
  readonly facts: Omit<CardFacts, "tenant" | "cardId" | "version" | "status" | "owner">
}

/**
 * A `jipan_report_referrals` row without its tenant.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import type { ReportRows } from "@jipan/store-sql"
 * const day = (r: ReportRows.ReferralRecord) => r.registered_on
 * ```
 */
export interface ReferralRecord {
  readonly referral_id: string
  readonly registered_on: string
  readonly consultant_id: string
  readonly report: Omit<ReportReferral, "tenant" | "referralId" | "registeredOn" | "consultantId">
}

/**
 * The report rows of one card append: the event rows, the span changes (the open span to close
 * on `closeOpenSpanOn`, the spans to insert) and the card's facts after the events. `before` is
 * the state the events apply to (`initialCardState` for a new card).
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import { initialCardState, foldCard } from "@jipan/core"
 * import { ReportRows } from "@jipan/store-sql"
 * const rows = ReportRows.cardReportRows(tenant, cardId, initialCardState, history, foldCard(history))
 * rows.events.length === history.length // true
 * ```
 */
export const cardReportRows = (
  tenant: Tenant,
  cardId: CardId,
  before: CardState,
  events: ReadonlyArray<CardEvent>,
  after: CardState
): ReportRecords => reportRecords(cardReportRowsOf(tenant, cardId, before, events, after))

/**
 * The rows of a card append (made by the core: `CardAppend.report`) as this store's records.
 *
 * @since 0.3.0
 * @category rows
 * @example
 * ```ts
 * import type { CardAppend } from "@jipan/core"
 * import { ReportRows } from "@jipan/store-sql"
 * declare const append: CardAppend
 * ReportRows.reportRecords(append.report).events.length === append.events.length // true
 * ```
 */
export const reportRecords = (rows: CardReportRows): ReportRecords => ({
  events: rows.events.map(eventRecord),
  closeOpenSpanOn: rows.closeOpenSpanOn ?? null,
  spans: rows.spans.map(spanRecord),
  facts: factsRecord(rows.facts)
})

/**
 * The records of one card append: event rows, the span to close and the spans to insert, the facts.
 *
 * @since 0.3.0
 * @category rows
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * const closes = (r: ReportRows.ReportRecords) => r.closeOpenSpanOn !== null
 * ```
 */
export interface ReportRecords {
  readonly events: ReadonlyArray<EventRecord>
  readonly closeOpenSpanOn: string | null
  readonly spans: ReadonlyArray<SpanRecord>
  readonly facts: FactsRecord
}

const eventRecord = (r: ReportEvent): EventRecord => ({
  version: r.version,
  on_date: r.event.on,
  owner_id: r.owner ?? null,
  report: {
    ...(r.source === undefined ? {} : { source: r.source }),
    ...(r.gradeBefore === undefined ? {} : { gradeBefore: r.gradeBefore }),
    statusBefore: r.statusBefore,
    testDriveBefore: r.testDriveBefore,
    event: r.event
  }
})

const spanRecord = (s: DueSpan): SpanRecord => ({
  started_version: s.startedVersion,
  started_on: s.startedOn,
  ended_on: s.endedOn ?? null,
  owner_id: s.owner ?? null,
  due: s.due
})

const factsRecord = (f: CardFacts): FactsRecord => {
  const { tenant: _t, cardId: _c, version, status, owner, ...facts } = f
  return { version, status, owner_id: owner ?? null, facts }
}

/**
 * The `jipan_report_referrals` row of a referral's report row.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import { reportReferralOf } from "@jipan/core"
 * import { ReportRows } from "@jipan/store-sql"
 * const row = reportReferralOf(tenant, referralState)
 * if (row !== undefined) ReportRows.referralRecord(row).registered_on
 * ```
 */
export const referralRecord = (r: ReportReferral): ReferralRecord => {
  const { tenant: _t, referralId, registeredOn, consultantId, ...row } = r
  return { referral_id: referralId, registered_on: registeredOn, consultant_id: consultantId, report: row }
}
