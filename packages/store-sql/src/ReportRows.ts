/**
 * The rows of the report tables (migration `7_reports`) and their decoding: what an append, a
 * referral append and the bulk import write next to a history — made with the core's pure
 * functions (`reportEventsOf`, `dueSpanChanges`, `cardFactsOf`, `reportReferralOf`), so that the
 * SQL `ReportSource` answers what the in-memory store answers — and the Schemas every row read
 * back is decoded with.
 *
 * Tables (all keyed by `dealer_group_id, store_id` first):
 *
 * - `jipan_report_events`: one row per card event (`card_id, version`, `on_date`, `owner_id` after
 *   the event, `report` jsonb: source, grade/status/test drive before, the event);
 * - `jipan_due_spans`: one row per due span (`card_id, started_version`, `started_on`,
 *   `ended_on` — null while open —, `owner_id`, `due`);
 * - `jipan_card_facts`: one row per card (`card_id`, `version`, `status`, `owner_id`, `facts` jsonb);
 * - `jipan_showroom_visits`: the visit log, unique by `visit_id` (`at`, `on_date`,
 *   `consultant_id`, `visit` jsonb);
 * - `jipan_report_referrals`: one row per registered referral (`referral_id`, `registered_on`,
 *   `consultant_id`, `report` jsonb).
 *
 * @since 0.2.0
 */
import {
  AskMoment,
  CalendarDate,
  type CardEvent,
  type CardFacts,
  CardId,
  type CardState,
  CardStatus,
  ConsultantId,
  CustomerId,
  cardFactsOf,
  DealerGroupId,
  type DueSpan,
  dueSpanChanges,
  GradeId,
  LeadSource,
  PhoneNumber,
  ReferralStatus,
  ReferrerKind,
  type ReportEvent,
  ReportedEvent,
  type ReportReferral,
  reportEventsOf,
  StoreId,
  type Tenant
} from "@jipan/core"
import * as Schema from "effect/Schema"

// -----------------------------------------------------------------------------
// rows written
// -----------------------------------------------------------------------------

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
 * import { initialCardState } from "@jipan/core"
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
): {
  readonly events: ReadonlyArray<EventRecord>
  readonly closeOpenSpanOn: string | null
  readonly spans: ReadonlyArray<SpanRecord>
  readonly facts: FactsRecord
} => {
  const spans = dueSpanChanges(tenant, cardId, before, events)
  return {
    events: reportEventsOf(tenant, cardId, before, events).map(eventRecord),
    closeOpenSpanOn: spans.closeOpenSpanOn ?? null,
    spans: spans.spans.map(spanRecord),
    facts: factsRecord(cardFactsOf(tenant, cardId, after))
  }
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
 * const row = reportReferralOf(tenant, state)
 * if (row !== undefined) ReportRows.referralRecord(row).registered_on
 * ```
 */
export const referralRecord = (r: ReportReferral): ReferralRecord => {
  const { tenant: _t, referralId, registeredOn, consultantId, ...row } = r
  return { referral_id: referralId, registered_on: registeredOn, consultant_id: consultantId, report: row }
}

// -----------------------------------------------------------------------------
// rows read
// -----------------------------------------------------------------------------

const nullable = <S extends Schema.Top>(s: S) => Schema.NullOr(s)
const optional = Schema.optionalKey

const tenantColumns = { dealer_group_id: DealerGroupId, store_id: StoreId }
const tenantOf = (r: { readonly dealer_group_id: DealerGroupId; readonly store_id: StoreId }): Tenant => ({
  dealerGroupId: r.dealer_group_id,
  storeId: r.store_id
})

const reportEventColumns = {
  card_id: CardId,
  version: Schema.Int,
  owner_id: nullable(ConsultantId),
  report: Schema.Struct({
    source: optional(LeadSource.schema),
    gradeBefore: optional(GradeId),
    statusBefore: CardStatus.schema,
    testDriveBefore: Schema.Boolean,
    event: ReportedEvent
  })
}
/**
 * A `jipan_report_events` row as read (dates as text).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReportRows } from "@jipan/store-sql"
 * Schema.decodeUnknownResult(ReportRows.ReportEventRow)(row)
 * ```
 */
export const ReportEventRow = Schema.Struct({ ...tenantColumns, ...reportEventColumns })

/**
 * A {@link ReportEventRow} without its tenant columns: what a store-scoped query selects (the
 * scope names the tenant of every row).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * ReportRows.reportEventOf(tenant, decodedBody)
 * ```
 */
export const ReportEventBody = Schema.Struct(reportEventColumns)

/**
 * The report event of a decoded {@link ReportEventRow}.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * const event = ReportRows.reportEventOfRow(decoded)
 * ```
 */
export const reportEventOfRow = (r: typeof ReportEventRow.Type): ReportEvent => reportEventOf(tenantOf(r), r)

/**
 * The report event of a decoded {@link ReportEventBody} of a tenant.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * ReportRows.reportEventOf({ dealerGroupId, storeId }, body).event._tag
 * ```
 */
export const reportEventOf = (tenant: Tenant, r: typeof ReportEventBody.Type): ReportEvent => ({
  tenant,
  cardId: r.card_id,
  version: r.version,
  owner: r.owner_id ?? undefined,
  source: r.report.source,
  gradeBefore: r.report.gradeBefore,
  statusBefore: r.report.statusBefore,
  testDriveBefore: r.report.testDriveBefore,
  event: r.report.event
})

const dueSpanColumns = {
  card_id: CardId,
  started_version: Schema.Int,
  started_on: CalendarDate,
  ended_on: nullable(CalendarDate),
  owner_id: nullable(ConsultantId),
  due: CalendarDate
}
/**
 * A `jipan_due_spans` row as read.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReportRows } from "@jipan/store-sql"
 * Schema.decodeUnknownResult(ReportRows.DueSpanRow)(row)
 * ```
 */
export const DueSpanRow = Schema.Struct({ ...tenantColumns, ...dueSpanColumns })

/**
 * A {@link DueSpanRow} without its tenant columns (a store-scoped query's row).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * ReportRows.dueSpanOf(tenant, decodedBody).due
 * ```
 */
export const DueSpanBody = Schema.Struct(dueSpanColumns)

/**
 * The due span of a decoded {@link DueSpanRow}.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * const span = ReportRows.dueSpanOfRow(decoded)
 * ```
 */
export const dueSpanOfRow = (r: typeof DueSpanRow.Type): DueSpan => dueSpanOf(tenantOf(r), r)

/**
 * The due span of a decoded {@link DueSpanBody} of a tenant.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * ReportRows.dueSpanOf({ dealerGroupId, storeId }, body).startedOn
 * ```
 */
export const dueSpanOf = (tenant: Tenant, r: typeof DueSpanBody.Type): DueSpan => ({
  tenant,
  cardId: r.card_id,
  owner: r.owner_id ?? undefined,
  due: r.due,
  startedOn: r.started_on,
  startedVersion: r.started_version,
  endedOn: r.ended_on ?? undefined
})

const cardFactsColumns = {
  card_id: CardId,
  version: Schema.Int,
  status: CardStatus.schema,
  owner_id: nullable(ConsultantId),
  facts: Schema.Struct({
    statusSince: optional(CalendarDate),
    source: optional(LeadSource.schema),
    customerId: optional(CustomerId),
    phone: optional(PhoneNumber),
    openedOn: optional(CalendarDate),
    grade: optional(GradeId),
    gradeSince: optional(CalendarDate),
    lastContactOn: optional(CalendarDate),
    contactCount: Schema.Int,
    nextContactDue: optional(CalendarDate),
    agreedNextContactOn: optional(CalendarDate),
    overridesToReview: Schema.Int
  })
}
/**
 * A `jipan_card_facts` row as read.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReportRows } from "@jipan/store-sql"
 * Schema.decodeUnknownResult(ReportRows.CardFactsRow)(row)
 * ```
 */
export const CardFactsRow = Schema.Struct({ ...tenantColumns, ...cardFactsColumns })

/**
 * A {@link CardFactsRow} without its tenant columns (a store-scoped query's row).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * ReportRows.cardFactsOfBody(tenant, decodedBody).grade
 * ```
 */
export const CardFactsBody = Schema.Struct(cardFactsColumns)

/**
 * The card facts of a decoded {@link CardFactsRow}.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * const facts = ReportRows.cardFactsOfRow(decoded)
 * ```
 */
export const cardFactsOfRow = (r: typeof CardFactsRow.Type): CardFacts => cardFactsOfBody(tenantOf(r), r)

/**
 * The card facts of a decoded {@link CardFactsBody} of a tenant.
 *
 * @since 0.2.0
 * @category rows
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * ReportRows.cardFactsOfBody({ dealerGroupId, storeId }, body).nextContactDue
 * ```
 */
export const cardFactsOfBody = (tenant: Tenant, r: typeof CardFactsBody.Type): CardFacts => {
  const f = r.facts
  return {
    tenant,
    cardId: r.card_id,
    version: r.version,
    status: r.status,
    statusSince: f.statusSince,
    owner: r.owner_id ?? undefined,
    source: f.source,
    customerId: f.customerId,
    phone: f.phone,
    openedOn: f.openedOn,
    grade: f.grade,
    gradeSince: f.gradeSince,
    lastContactOn: f.lastContactOn,
    contactCount: f.contactCount,
    nextContactDue: f.nextContactDue,
    agreedNextContactOn: f.agreedNextContactOn,
    overridesToReview: f.overridesToReview
  }
}

/**
 * A `jipan_report_referrals` row as read.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReportRows } from "@jipan/store-sql"
 * Schema.decodeUnknownResult(ReportRows.ReportReferralRow)(row)
 * ```
 */
export const ReportReferralRow = Schema.Struct({
  ...tenantColumns,
  referral_id: Schema.String,
  registered_on: CalendarDate,
  consultant_id: ConsultantId,
  report: Schema.Struct({
    askedAt: AskMoment.schema,
    referrerId: Schema.String,
    referrerKind: ReferrerKind.schema,
    refereeId: Schema.String,
    status: ReferralStatus.schema,
    auditedOn: optional(CalendarDate),
    rejected: Schema.Boolean,
    refereeOrdered: Schema.Boolean,
    refereeDeliveredOn: optional(CalendarDate)
  })
})

/**
 * The report referral of a decoded {@link ReportReferralRow}.
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * const referral = ReportRows.reportReferralOfRow(decoded)
 * ```
 */
export const reportReferralOfRow = (r: typeof ReportReferralRow.Type): ReportReferral => ({
  tenant: { dealerGroupId: r.dealer_group_id, storeId: r.store_id },
  referralId: r.referral_id,
  consultantId: r.consultant_id,
  registeredOn: r.registered_on,
  askedAt: r.report.askedAt,
  referrerId: r.report.referrerId,
  referrerKind: r.report.referrerKind,
  refereeId: r.report.refereeId,
  status: r.report.status,
  auditedOn: r.report.auditedOn,
  rejected: r.report.rejected,
  refereeOrdered: r.report.refereeOrdered,
  refereeDeliveredOn: r.report.refereeDeliveredOn
})
