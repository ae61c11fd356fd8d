/**
 * The tabular shape every form, finding list and analysis can be rendered to: what the CLI prints
 * and what the CSV/XLSX exporters (`@jipan/export`) write. Cells are plain values; labels come in
 * every shipped locale, so one table exports with zh-CN or en headers.
 *
 * @module
 */
import type { Label } from "../kernel/Label.js"
import { dataClassOf, maskedFor, maySeePersonal, type Viewer } from "../kernel/PersonalData.js"

/**
 * How a column's values read: exporters format and type cells by it (money is integer fen and
 * shows as yuan; percent is a ratio 0–1; a date is a `CalendarDate` string).
 *
 * @example
 * ```ts
 * import type { ReportColumnKind } from "@jipan/core"
 * const kind: ReportColumnKind = "fen"
 * ```
 */
export type ReportColumnKind = "text" | "integer" | "percent" | "date" | "fen"

/**
 * One column: the key its rows use, its header in every locale, and how its values read.
 *
 * @example
 * ```ts
 * import type { ReportColumn } from "@jipan/core"
 * const col: ReportColumn = { key: "orders", label: { "zh-CN": "订单", en: "Orders" }, kind: "integer" }
 * ```
 */
export interface ReportColumn {
  readonly key: string
  readonly label: Label
  readonly kind: ReportColumnKind
  /**
   * For a transposed table (one row per field, e.g. the customer card's front): the key of the row
   * cell that names the field whose class applies to this column's cell (`phone`, `vin`…), so
   * masking knows which rows are personal. A cell of that key is not a column.
   */
  readonly dataClassFrom?: string
}

/**
 * A cell: text, a number (integer, ratio or fen, as the column says), or empty.
 *
 * @example
 * ```ts
 * import type { ReportCell } from "@jipan/core"
 * const cells: ReadonlyArray<ReportCell> = ["2026-11-22", 3, null]
 * ```
 */
export type ReportCell = string | number | null

/**
 * A rendered report: an id (stable, used for file and sheet names), a title in every locale, the
 * columns in order, and the rows keyed by column key.
 *
 * @example
 * ```ts
 * import type { ReportTable } from "@jipan/core"
 * const table: ReportTable = {
 *   id: "daily-report",
 *   title: { "zh-CN": "营业日报表", en: "Daily business report" },
 *   columns: [{ key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" }],
 *   rows: [{ consultant: "wang" }]
 * }
 * ```
 */
export interface ReportTable {
  readonly id: string
  readonly title: Label
  readonly columns: ReadonlyArray<ReportColumn>
  readonly rows: ReadonlyArray<Readonly<Record<string, ReportCell>>>
  /**
   * The consultant whose customer the whole table is about (one card's form): masking lets them
   * see it, when no row names its own consultant.
   */
  readonly owner?: string | undefined
}

/**
 * A report table as a viewer may see it (按角色脱敏): every cell of a personal column (by the
 * column's key in the personal-information map: `phone`, `name`, `words`, `note`…) masked unless
 * the viewer may see that row's customer — a supervisor, the DCRC or an admin, or the consultant
 * named in the row's `ownerKey` column (`consultant` unless given). Other cells are unchanged.
 *
 * @example
 * ```ts
 * import { maskReportTable, type ReportTable } from "@jipan/core"
 * declare const table: ReportTable
 * const forLi = maskReportTable(table, { role: "consultant", consultantId: "c-li" })
 * ```
 */
export const maskReportTable = (
  table: ReportTable,
  viewer: Viewer,
  options: { readonly ownerKey?: string | undefined } = {}
): ReportTable => {
  const personal = (k: string) => {
    const c = dataClassOf(k)
    return c !== undefined && c !== "none"
  }
  // a column is personal by its key, or row by row by the field a cell of the row names
  const byKey = table.columns.filter((c) => personal(c.key)).map((c) => c.key)
  const byRow = table.columns.filter((c) => c.dataClassFrom !== undefined)
  if (byKey.length === 0 && byRow.length === 0) return table
  const ownerKey = options.ownerKey ?? "consultant"
  return {
    ...table,
    rows: table.rows.map((row) => {
      const owner = row[ownerKey]
      const ownerId = typeof owner === "string" ? owner : table.owner
      if (maySeePersonal(viewer, ownerId)) return row
      const out: Record<string, ReportCell> = { ...row }
      for (const k of byKey) {
        const v = row[k]
        if (v !== undefined && v !== null) out[k] = maskedFor(viewer, ownerId, k, String(v)) as string
      }
      for (const c of byRow) {
        const field = row[c.dataClassFrom as string]
        const v = row[c.key]
        if (typeof field === "string" && personal(field) && v !== undefined && v !== null)
          out[c.key] = maskedFor(viewer, ownerId, field, String(v)) as string
      }
      return out
    })
  }
}
