/**
 * The Schemas the report tables' rows are read back with, and the core's report values made of
 * them: with the tenant columns (a group scope) or without (a store scope names the tenant).
 *
 * @since 0.2.0
 */
import {
  AskMoment,
  CalendarDate,
  type CardFacts,
  CardId,
  CardStatus,
  ConsultantId,
  CustomerId,
  type DueSpan,
  GradeId,
  IntentType,
  LeadSource,
  PhoneNumber,
  ReferralStatus,
  ReferrerKind,
  type ReportEvent,
  ReportedEvent,
  type ReportReferral,
  type Tenant,
  VisitMeans
} from "@jipan/core"
import * as Schema from "effect/Schema"
import { nullable, optional, tenantFields, tenantOf } from "./RowDecoding.js"

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
 * declare const row: unknown // as the driver returns it
 * Schema.decodeUnknownResult(ReportRows.ReportEventRow)(row)
 * ```
 */
export const ReportEventRow = Schema.Struct({ ...tenantFields, ...reportEventColumns })

/**
 * A {@link ReportEventRow} without its tenant columns: what a store-scoped query selects (the
 * scope names the tenant of every row).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * declare const decodedBody: typeof ReportRows.ReportEventBody.Type
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
 * declare const decoded: typeof ReportRows.ReportEventRow.Type
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
 * declare const body: typeof ReportRows.ReportEventBody.Type
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
 * declare const row: unknown // as the driver returns it
 * Schema.decodeUnknownResult(ReportRows.DueSpanRow)(row)
 * ```
 */
export const DueSpanRow = Schema.Struct({ ...tenantFields, ...dueSpanColumns })

/**
 * A {@link DueSpanRow} without its tenant columns (a store-scoped query's row).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * declare const decodedBody: typeof ReportRows.DueSpanBody.Type
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
 * declare const decoded: typeof ReportRows.DueSpanRow.Type
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
 * declare const body: typeof ReportRows.DueSpanBody.Type
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
    overridesToReview: Schema.Int,
    intent: optional(IntentType.schema),
    openComplaintSince: optional(CalendarDate),
    lastReachedOn: optional(CalendarDate),
    plannedVisit: optional(
      Schema.Struct({
        month: Schema.String,
        week: Schema.Int,
        means: VisitMeans.schema,
        from: CalendarDate,
        to: CalendarDate
      })
    )
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
 * declare const row: unknown // as the driver returns it
 * Schema.decodeUnknownResult(ReportRows.CardFactsRow)(row)
 * ```
 */
export const CardFactsRow = Schema.Struct({ ...tenantFields, ...cardFactsColumns })

/**
 * A {@link CardFactsRow} without its tenant columns (a store-scoped query's row).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { ReportRows } from "@jipan/store-sql"
 * declare const decodedBody: typeof ReportRows.CardFactsBody.Type
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
 * declare const decoded: typeof ReportRows.CardFactsRow.Type
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
 * declare const body: typeof ReportRows.CardFactsBody.Type
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
    overridesToReview: f.overridesToReview,
    intent: f.intent,
    openComplaintSince: f.openComplaintSince,
    lastReachedOn: f.lastReachedOn,
    plannedVisit: f.plannedVisit
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
 * declare const row: unknown // as the driver returns it
 * Schema.decodeUnknownResult(ReportRows.ReportReferralRow)(row)
 * ```
 */
export const ReportReferralRow = Schema.Struct({
  ...tenantFields,
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
 * declare const decoded: typeof ReportRows.ReportReferralRow.Type
 * const referral = ReportRows.reportReferralOfRow(decoded)
 * ```
 */
export const reportReferralOfRow = (r: typeof ReportReferralRow.Type): ReportReferral => ({
  tenant: tenantOf(r),
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
