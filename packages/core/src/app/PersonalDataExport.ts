/**
 * The right of access and portability (查阅、复制、转移, PIPL art. 45): everything Jipan holds about
 * one person — found by their phone across the dealer group — as data (JSON) and as report tables
 * (for an XLSX workbook with `@jipan/export`). Every export is recorded in the audit log.
 *
 * @module
 */
import { Effect, Result, Schema } from "effect"
import type { StoredCard } from "../card/CardSummary.js"
import { calendarDateOf } from "../kernel/CalendarDate.js"
import { decoderFor, type InvalidInput } from "../kernel/Errors.js"
import { type CardId, type DealerGroupId, IdString, type ReferralId } from "../kernel/Ids.js"
import type { Label } from "../kernel/Label.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { Viewer } from "../kernel/PersonalData.js"
import { normalisePhone, type PhoneNumber } from "../kernel/Phone.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant } from "../kernel/Tenant.js"
import { type DeliveryReceipt, DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import { Outbox, type OutboxMessage } from "../notify/Outbox.js"
import type { ReferralState } from "../referral/Referral.js"
import type { ReportSource } from "../report/ReportSource.js"
import type { ReportTable } from "../report/ReportTable.js"
import type { ShowroomVisit } from "../report/ShowroomVisit.js"
import { AuditLog } from "./AuditLog.js"
import { CardStore } from "./CardStore.js"
import { referralsOf } from "./Erasure.js"
import { nationalForms } from "./internal/nationalPhone.js"
import { personRequestFields } from "./internal/personRequest.js"
import { visitsWithPhone } from "./internal/personVisits.js"
import { recordedViewer } from "./internal/recordedViewer.js"
import type { ReferralStore } from "./ReferralStore.js"

const ExportRequestSchema = Schema.Struct({ ...personRequestFields, accessId: IdString })
const decodeExportRequest = /* @__PURE__ */ decoderFor(ExportRequestSchema, "ExportRequest", "ignore")

/**
 * Everything held about one person: their cards (state and whole history), the referrals they
 * are the referee or the referrer of, their showroom visits, the messages to them and the SMS
 * delivery receipts of their number.
 *
 * @example
 * ```ts
 * import type { PersonalDataExport } from "@jipan/core"
 * const summary = (e: PersonalDataExport) => `${e.cards.length} cards, ${e.referrals.length} referrals`
 * ```
 */
export interface PersonalDataExport {
  readonly phone: PhoneNumber
  readonly exportedAt: number
  readonly cards: ReadonlyArray<{
    readonly tenant: Tenant
    readonly cardId: CardId
    readonly card: StoredCard
  }>
  readonly referrals: ReadonlyArray<{
    readonly tenant: Tenant
    readonly referralId: ReferralId
    readonly role: "referee" | "referrer"
    readonly state: ReferralState
  }>
  readonly visits: ReadonlyArray<ShowroomVisit>
  readonly messages: ReadonlyArray<OutboxMessage>
  readonly receipts: ReadonlyArray<DeliveryReceipt>
}

/**
 * Who asks for the export and why (recorded in the audit log as an `export` with its id).
 *
 * @example
 * ```ts
 * import type { ExportRequest } from "@jipan/core"
 * const r: ExportRequest = { by: { role: "dcrc" }, reason: "PIPL access request 2026-120",
 *   at: Date.parse("2026-12-07T10:00:00+08:00"), accessId: "access-120" }
 * ```
 */
export interface ExportRequest {
  readonly by: Viewer
  readonly reason: string
  readonly at: number
  readonly accessId: string
}

/**
 * Reads everything held about one person (see the module) and records the export in the audit
 * log (action `export`, output `json`, never the phone). `InvalidInput` for a bad phone or request.
 *
 * @example
 * ```ts
 * import { exportPersonalData } from "@jipan/core"
 * exportPersonalData(dealerGroupId, "138 1234 5678", { by: { role: "dcrc" }, reason: "PIPL access request 2026-120",
 *   at: Date.parse("2026-12-07T10:00:00+08:00"), accessId: "access-120" })
 * ```
 */
export const exportPersonalData = (
  dealerGroupId: DealerGroupId,
  phone: string,
  request: ExportRequest
): Effect.Effect<
  PersonalDataExport,
  InvalidInput | StoreError,
  CardStore | ReferralStore | Outbox | ReportSource | DeliveryReceipts | AuditLog
> =>
  Effect.gen(function* () {
    const normalised = normalisePhone(typeof phone === "string" ? phone : "")
    if (Result.isFailure(normalised)) return yield* normalised.failure
    // each field with its own bound, the same as the erasure's and the audit record's
    const decoded = decodeExportRequest(request)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const asked = decoded.success
    const p = normalised.success
    const scope = { dealerGroupId }
    const cards = yield* CardStore
    const found = yield* cards.withPhone(scope, p)
    const held: Array<PersonalDataExport["cards"][number]> = []
    const customerIds = new Set<string>()
    for (const c of found) {
      const card = yield* cards.load(c.tenant, c.cardId)
      if (card._tag === "None") continue
      if (card.value.state.customerId !== undefined) customerIds.add(card.value.state.customerId)
      held.push({ tenant: c.tenant, cardId: c.cardId, card: card.value })
    }
    const referrals = (yield* referralsOf(scope, p)).flatMap((f): PersonalDataExport["referrals"] => {
      const r = f.state.registration
      if (r?.referee.phone === p)
        return [{ tenant: f.tenant, referralId: f.referralId, role: "referee" as const, state: f.state }]
      if (r?.referrer.phone === p)
        return [{ tenant: f.tenant, referralId: f.referralId, role: "referrer" as const, state: f.state }]
      return []
    })
    const visits = yield* visitsWithPhone(scope, p)
    const messages = (yield* (yield* Outbox).about(scope, {
      recipients: [...customerIds].map((id) => `customer:${id}`),
      subjects: []
    })).filter((m) => customerIds.has(m.recipient.slice(m.recipient.indexOf(":") + 1)))
    const forms = [p, ...nationalForms(p)]
    const receipts = (yield* (yield* DeliveryReceipts).list(scope)).filter((r) => forms.includes(r.phone))
    yield* (yield* AuditLog).record([
      {
        id: asked.accessId,
        dealerGroupId,
        at: asked.at,
        viewer: recordedViewer(asked.by),
        action: "export",
        output: "json",
        subject: `person:${held.map((c) => c.cardId).join(",") || "no card"}`,
        reason: asked.reason.trim()
      }
    ])
    return { phone: p, exportedAt: asked.at, cards: held, referrals, visits, messages, receipts }
  }).pipe(traced("jipan.exportPersonalData", { ...tenantIds({ dealerGroupId }) }))

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * A personal-data export as report tables, for a workbook (`toXlsx` of `@jipan/export`, with an
 * unmask for the person's own copy): the cards (one row per event of each card's history, with
 * its fields as JSON), the referrals, the visits and the messages.
 *
 * @example
 * ```ts
 * import { personalDataTables, type PersonalDataExport } from "@jipan/core"
 * declare const data: PersonalDataExport
 * personalDataTables(data).map((t) => t.id) // ["personal-cards", "personal-referrals", "personal-visits", "personal-messages"]
 * ```
 */
export const personalDataTables = (data: PersonalDataExport): ReadonlyArray<ReportTable> => {
  const text = (v: unknown) => JSON.stringify(v)
  return [
    {
      id: "personal-cards",
      title: label("客户卡记录", "Customer cards"),
      columns: [
        { key: "store", label: label("门店", "Store"), kind: "text" },
        { key: "cardId", label: label("客户卡", "Card"), kind: "text" },
        { key: "version", label: label("序号", "No."), kind: "integer" },
        { key: "on", label: label("日期", "Date"), kind: "date" },
        { key: "kind", label: label("记录", "Record"), kind: "text" },
        // the whole event as the store holds it: the person's own data, for their copy
        { key: "details", label: label("内容", "Details"), kind: "text" }
      ],
      rows: data.cards.flatMap((c) =>
        c.card.history.map((e, i) => ({
          store: c.tenant.storeId,
          cardId: c.cardId,
          version: i + 1,
          on: e.on,
          kind: e._tag,
          details: text(e)
        }))
      )
    },
    {
      id: "personal-referrals",
      title: label("转介绍记录", "Referrals"),
      columns: [
        { key: "store", label: label("门店", "Store"), kind: "text" },
        { key: "referralId", label: label("转介绍", "Referral"), kind: "text" },
        { key: "role", label: label("身份", "Role"), kind: "text" },
        { key: "status", label: label("状态", "Status"), kind: "text" },
        { key: "details", label: label("内容", "Details"), kind: "text" }
      ],
      rows: data.referrals.map((r) => ({
        store: r.tenant.storeId,
        referralId: r.referralId,
        role: r.role,
        status: r.state.status,
        details: text(r.state.registration ?? null)
      }))
    },
    {
      id: "personal-visits",
      title: label("来店来电记录", "Visits"),
      columns: [
        { key: "store", label: label("门店", "Store"), kind: "text" },
        { key: "visitId", label: label("登记", "Visit"), kind: "text" },
        { key: "on", label: label("日期", "Date"), kind: "date" },
        { key: "kind", label: label("类别", "Kind"), kind: "text" }
      ],
      rows: data.visits.map((v) => ({ store: v.tenant.storeId, visitId: v.visitId, on: v.on, kind: v.kind }))
    },
    {
      id: "personal-messages",
      title: label("发送给客户的消息", "Messages"),
      columns: [
        { key: "store", label: label("门店", "Store"), kind: "text" },
        { key: "topic", label: label("主题", "Topic"), kind: "text" },
        { key: "on", label: label("日期", "Date"), kind: "date" },
        { key: "status", label: label("状态", "Status"), kind: "text" },
        { key: "details", label: label("内容", "Details"), kind: "text" }
      ],
      rows: data.messages.map((m) => ({
        store: m.tenant.storeId,
        topic: m.topic,
        on: calendarDateOf(m.availableAt),
        status: m.status,
        details: text(m.payload)
      }))
    }
  ]
}
