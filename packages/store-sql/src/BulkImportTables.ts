/**
 * The table rows a bulk import writes for the cards it has checked: the same columns and JSON
 * forms as the card store's append, the report rows made with the same pure functions.
 *
 * @since 0.1.0
 */
import { type CardEvent, initialCardState, type Tenant } from "@jipan/core"
import type { Prepared } from "./BulkImportRow.js"
import { type BulkTable, type BulkValue, JsonText } from "./BulkLoader.js"
import { cardReportRows } from "./ReportRowsWritten.js"
import { stateJson } from "./SqlCardStore.js"

// every table is keyed by the card first
const cardKey = ["dealer_group_id", "store_id", "card_id"] as const
const cardColumns = [
  ...cardKey,
  "version",
  "status",
  "owner_id",
  "grade",
  "next_contact_due",
  "phone",
  "customer_id",
  "opened_on",
  "state"
] as const
const eventColumns = [...cardKey, "version", "event_type", "at", "event"] as const
const careColumns = [...cardKey, "rule_id", "planned_on", "due_on", "kind", "critical", "owner_id"] as const
const reportEventColumns = [...cardKey, "version", "on_date", "owner_id", "report"] as const
const spanColumns = [...cardKey, "started_version", "started_on", "ended_on", "owner_id", "due"] as const
const factsColumns = [...cardKey, "version", "status", "owner_id", "facts"] as const

/**
 * The tables rows of prepared cards: `jipan_cards`, `jipan_card_events`, `jipan_care_contacts`
 * and the report tables `jipan_report_events`, `jipan_due_spans`, `jipan_card_facts` (the same
 * columns and JSON forms as the card store's append; the report rows of the whole history, made with
 * the same pure functions). `jipan_cards` comes first.
 *
 * @since 0.1.0
 * @category writing
 * @example
 * ```ts
 * import { BulkImport } from "@jipan/store-sql"
 * const tables = BulkImport.tablesOf("grp-1", [{ storeId: "store-01", cardId, history, state, care: [] }])
 * ```
 */
export const tablesOf = (
  dealerGroupId: string,
  cards: ReadonlyArray<Omit<Prepared, "line">>
): ReadonlyArray<BulkTable> => {
  const cardRows: Array<ReadonlyArray<BulkValue>> = []
  const eventRows: Array<ReadonlyArray<BulkValue>> = []
  const careRows: Array<ReadonlyArray<BulkValue>> = []
  const reportEventRows: Array<ReadonlyArray<BulkValue>> = []
  const spanRows: Array<ReadonlyArray<BulkValue>> = []
  const factsRows: Array<ReadonlyArray<BulkValue>> = []
  for (const c of cards) {
    const s = c.state
    cardRows.push([
      dealerGroupId,
      c.storeId,
      c.cardId,
      s.version,
      s.status,
      s.owner ?? null,
      s.grade ?? null,
      s.nextContactDue ?? null,
      s.phone ?? null,
      s.customerId ?? null,
      s.openedOn ?? null,
      new JsonText(stateJson(s))
    ])
    for (let i = 0; i < c.history.length; i++) {
      const e = c.history[i] as CardEvent
      eventRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        i + 1,
        e._tag,
        e.at,
        new JsonText(JSON.stringify(e))
      ])
    }
    for (const k of c.care)
      careRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        k.ruleId,
        k.plannedOn,
        k.on,
        k.kind,
        k.critical,
        s.owner ?? null
      ])
    const tenant = { dealerGroupId, storeId: c.storeId } as Tenant
    const report = cardReportRows(tenant, c.cardId, initialCardState, c.history, s)
    for (const r of report.events)
      reportEventRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        r.version,
        r.on_date,
        r.owner_id,
        new JsonText(JSON.stringify(r.report))
      ])
    for (const r of report.spans)
      spanRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        r.started_version,
        r.started_on,
        r.ended_on,
        r.owner_id,
        r.due
      ])
    const f = report.facts
    factsRows.push([
      dealerGroupId,
      c.storeId,
      c.cardId,
      f.version,
      f.status,
      f.owner_id,
      new JsonText(JSON.stringify(f.facts))
    ])
  }
  return [
    { table: "jipan_cards", columns: cardColumns, rows: cardRows },
    { table: "jipan_card_events", columns: eventColumns, rows: eventRows },
    { table: "jipan_care_contacts", columns: careColumns, rows: careRows },
    { table: "jipan_report_events", columns: reportEventColumns, rows: reportEventRows },
    { table: "jipan_due_spans", columns: spanColumns, rows: spanRows },
    { table: "jipan_card_facts", columns: factsColumns, rows: factsRows }
  ]
}
