/**
 * The audit log of personal data (个人信息处理记录, PIPL art. 54–55): who read, exported, unmasked,
 * corrected or erased whose data, when, through which output and why — append-only, kept by every
 * store, queryable by the supervisor. A record never holds the person's phone or name: its subject
 * is a card, a report or an erasure id.
 *
 * @module
 */
import { Context, type Effect, type Result, Schema } from "effect"
import { decoderFor, type InvalidInput } from "../kernel/Errors.js"
import { DealerGroupId, IdString, StoreId } from "../kernel/Ids.js"
import { Instant } from "../kernel/Instant.js"
import { type PersonalDataAccess, Viewer } from "../kernel/PersonalData.js"
import type { StoreError } from "../kernel/StoreError.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import { recordedViewer } from "./internal/recordedViewer.js"

/**
 * One audit record: a {@link PersonalDataAccess} with its id (unique in the group: recording the
 * same id twice keeps the first) and the group and store it happened in.
 *
 * @example
 * ```ts
 * import type { AccessRecord } from "@jipan/core"
 * const r: AccessRecord = { id: "acc-1", dealerGroupId, at: Date.parse("2026-12-07T02:00:00Z"),
 *   viewer: { role: "supervisor" }, action: "unmask", output: "xlsx", subject: "report:progress-control", reason: "month-end review" }
 * ```
 */
export const AccessRecord = Schema.Struct({
  id: IdString,
  dealerGroupId: DealerGroupId,
  storeId: Schema.optionalKey(StoreId),
  at: Instant,
  viewer: Schema.Struct({ role: Viewer.fields.role, consultantId: Schema.optionalKey(Text) }),
  action: Schema.Literals(["read", "export", "unmask", "correct", "erase"]),
  output: NonEmptyText,
  subject: NonEmptyText,
  reason: NonEmptyText
})
/** @see {@link AccessRecord} */
export type AccessRecord = typeof AccessRecord.Type

/**
 * Decodes an untrusted audit record, naming each problem.
 *
 * @example
 * ```ts
 * import { decodeAccessRecord } from "@jipan/core"
 * decodeAccessRecord({ id: "" })._tag // "Failure"
 * ```
 */
export const decodeAccessRecord = /* @__PURE__ */ decoderFor(AccessRecord, "AccessRecord")

/**
 * The audit record of an access (what the masking reports through `onAccess`), with its id and
 * where it happened, decoded with the record's bounds: what an output records before the data
 * leaves, in one place for every output (the API, the CLI).
 *
 * @example
 * ```ts
 * import { accessRecordOf, type PersonalDataAccess } from "@jipan/core"
 * declare const access: PersonalDataAccess
 * const record = accessRecordOf(access, { id: "unmask-1", dealerGroupId: "grp-east", storeId: "store-01" })
 * record._tag // "Success", or "Failure" with an InvalidInput naming the field out of bounds
 * ```
 */
export const accessRecordOf = (
  access: PersonalDataAccess,
  where: { readonly id: string; readonly dealerGroupId: string; readonly storeId?: string | undefined }
): Result.Result<AccessRecord, InvalidInput> =>
  decodeAccessRecord({
    id: where.id,
    dealerGroupId: where.dealerGroupId,
    ...(where.storeId === undefined ? {} : { storeId: where.storeId }),
    at: access.at,
    viewer: recordedViewer(access.viewer),
    action: access.action,
    output: access.output,
    subject: access.subject,
    reason: access.reason
  })

/**
 * Which audit records to read: a time window (epoch ms, `from` inclusive, `to` exclusive), the
 * actions, a store, and a page (`after` the last record's id of the previous page, `limit` 1–500,
 * 100 by default). Records come in (at, id) order.
 *
 * @example
 * ```ts
 * import type { AuditQuery } from "@jipan/core"
 * const q: AuditQuery = { actions: ["erase", "unmask"], limit: 50 }
 * ```
 */
export const AuditQuery = Schema.Struct({
  from: Schema.optionalKey(Instant),
  to: Schema.optionalKey(Instant),
  actions: Schema.optionalKey(
    Schema.Array(Schema.Literals(["read", "export", "unmask", "correct", "erase"]))
  ),
  storeId: Schema.optionalKey(StoreId),
  after: Schema.optionalKey(Schema.Struct({ at: Instant, id: IdString })),
  limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })))
})
/** @see {@link AuditQuery} */
export type AuditQuery = typeof AuditQuery.Type

/**
 * Decodes an untrusted audit query.
 *
 * @example
 * ```ts
 * import { decodeAuditQuery } from "@jipan/core"
 * decodeAuditQuery({ limit: 0 })._tag // "Failure"
 * ```
 */
export const decodeAuditQuery = /* @__PURE__ */ decoderFor(AuditQuery, "AuditQuery")

/**
 * One page of audit records and the key of the next page (absent on the last).
 *
 * @example
 * ```ts
 * import type { AuditPage } from "@jipan/core"
 * const count = (p: AuditPage) => p.records.length
 * ```
 */
export interface AuditPage {
  readonly records: ReadonlyArray<AccessRecord>
  readonly next: { readonly at: number; readonly id: string } | undefined
}

/**
 * Whether a record matches a query's filters and comes after its page key: one definition for
 * every store.
 *
 * @example
 * ```ts
 * import { auditMatches, type AccessRecord } from "@jipan/core"
 * declare const r: AccessRecord
 * auditMatches({ actions: ["erase"] }, r)
 * ```
 */
export const auditMatches = (query: AuditQuery, r: AccessRecord): boolean =>
  (query.from === undefined || r.at >= query.from) &&
  (query.to === undefined || r.at < query.to) &&
  (query.actions === undefined || query.actions.includes(r.action)) &&
  (query.storeId === undefined || r.storeId === query.storeId) &&
  (query.after === undefined || r.at > query.after.at || (r.at === query.after.at && r.id > query.after.id))

/**
 * The audit log port: `record` appends (a record whose id the group already has is ignored) and
 * `find` reads a page in (at, id) order. Implemented in memory (`layerMemory`) and on SQL.
 *
 * @example
 * ```ts
 * import { AuditLog } from "@jipan/core"
 * const erasures = AuditLog.use((log) => log.find(dealerGroupId, { actions: ["erase"] }))
 * ```
 */
export class AuditLog extends Context.Service<
  AuditLog,
  {
    readonly record: (records: ReadonlyArray<AccessRecord>) => Effect.Effect<void, StoreError>
    readonly find: (dealerGroupId: DealerGroupId, query: AuditQuery) => Effect.Effect<AuditPage, StoreError>
  }
>()("@jipan/core/AuditLog") {}
