/**
 * Text tables for the terminal: columns stay aligned when cells mix Chinese and Latin text (a CJK
 * character takes two columns), and any core `ReportTable` (the daily report, the control table,
 * the card form, the findings) prints through one generic renderer.
 *
 * @module
 */
import type { Locale, ReportColumn, ReportTable } from "@jipan/core"
// one width rule for the terminal and the XLSX column widths (see the showroom README)
import { cellText, displayWidth, yuanText } from "@jipan/export"

export { displayWidth }

/** A column: its header (zh-CN with English in parentheses) and alignment. */
export interface Column {
  readonly header: string
  readonly align?: "left" | "right"
}

const pad = (s: string, width: number, align: "left" | "right") => {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)))
  return align === "right" ? fill + s : s + fill
}

/**
 * Renders rows as an aligned table with a header rule. Line breaks inside a cell become spaces,
 * so every row stays one line.
 *
 * @example
 * ```ts
 * renderTable([{ header: "顾问 (Consultant)" }, { header: "逾期 (Overdue)", align: "right" }], [["c-wang", "3"]])
 * ```
 */
export const renderTable = (
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>
): string => {
  const cells = rows.map((r) => columns.map((_, i) => String(r[i] ?? "").replace(/\s*[\r\n]+\s*/g, " ")))
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i] ?? "")))
  )
  const line = (r: ReadonlyArray<string>) =>
    r
      .map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.align ?? "left"))
      .join("  ")
      .trimEnd()
  return [
    line(columns.map((c) => c.header)),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map(line)
  ].join("\n")
}

/** A section title, underlined. */
export const heading = (title: string): string => `\n${title}\n${"=".repeat(displayWidth(title))}`

/** Fen as yuan with two decimals (`12345` → `123.45`), on integers. */
export const yuan = (fen: number): string => yuanText(fen)

/**
 * The language of a printed report table: one locale, or `"both"` (zh-CN with the English in
 * parentheses, as the demo prints every table).
 */
export type TextLocale = Locale | "both"

/** Options of {@link renderReportTable}. */
export interface ReportTextOptions {
  readonly locale?: TextLocale
  /**
   * `"wide"`: one line per row, one column per column (as the CSV). `"tall"`: transposed, one
   * line per value column and one column per row, headed by the row's key cells — the readable
   * form of a table with many count columns (the daily report has 28). `"auto"` (default): wide
   * when it fits in `width` or has text columns after its key columns; else tall.
   */
  readonly layout?: "auto" | "wide" | "tall"
  /** The terminal width `"auto"` fits to (default 160). */
  readonly width?: number
  /** Print the title as an underlined heading (default true). */
  readonly title?: boolean
}

const labelOf = (label: ReportTable["title"], locale: TextLocale) =>
  locale === "both"
    ? label["zh-CN"] === label.en
      ? label.en
      : `${label["zh-CN"]} (${label.en})`
    : label[locale]

const alignOf = (c: ReportColumn): "left" | "right" =>
  c.kind === "text" || c.kind === "date" ? "left" : "right"

const wide = (table: ReportTable, locale: TextLocale): string =>
  renderTable(
    table.columns.map((c) => ({ header: labelOf(c.label, locale), align: alignOf(c) })),
    table.rows.map((row) => table.columns.map((c) => cellText(c.kind, row[c.key])))
  )

/** The leading text and date columns: what names a row (day, consultant, card…). */
const keyColumns = (table: ReportTable): ReadonlyArray<ReportColumn> => {
  const keys: Array<ReportColumn> = []
  for (const c of table.columns) {
    if (c.kind !== "text" && c.kind !== "date") break
    keys.push(c)
  }
  return keys
}

/**
 * Whether a table reads well transposed: a row named by one or two key cells and every other
 * column a number (the daily report). A table of text (the card's back) stays wide.
 */
const countsTable = (table: ReportTable): boolean => {
  const keys = keyColumns(table)
  return (
    keys.length >= 1 &&
    keys.length <= 2 &&
    table.columns.slice(keys.length).every((c) => c.kind !== "text" && c.kind !== "date")
  )
}

const tall = (table: ReportTable, locale: TextLocale): string => {
  const keys = keyColumns(table)
  const text = (c: ReportColumn, row: ReportTable["rows"][number]) => cellText(c.kind, row[c.key])
  // a key that is the same on every row (one day's report) is said once, above the table
  const constant = keys.filter((c) => new Set(table.rows.map((row) => text(c, row))).size <= 1)
  const varying = keys.filter((c) => !constant.includes(c))
  const naming = varying.length > 0 ? varying : keys.slice(0, 1)
  const values = table.columns.filter((c) => !keys.includes(c))
  const above = constant
    .filter((c) => !naming.includes(c) && table.rows.length > 0)
    .map((c) => `${labelOf(c.label, locale)}: ${text(c, table.rows[0] ?? {})}`)
  const body = renderTable(
    [
      { header: naming.length === 0 ? "#" : naming.map((c) => labelOf(c.label, locale)).join(" / ") },
      ...table.rows.map((row, i) => ({
        header: naming.length === 0 ? String(i + 1) : naming.map((c) => text(c, row)).join(" "),
        align: "right" as const
      }))
    ],
    values.map((c) => [labelOf(c.label, locale), ...table.rows.map((row) => text(c, row))])
  )
  return [...above, body].join("\n")
}

const noRows: Record<TextLocale, string> = { "zh-CN": "(无)", en: "(no rows)", both: "(无 / no rows)" }

/**
 * Prints any report table of the core as aligned text: headers in the chosen locale, cells as
 * the CSV writes them (fen as yuan with two decimals, percent as `12.5%`, dates `YYYY-MM-DD`,
 * empty cells blank), numbers right-aligned, CJK-aware widths. A table too wide for the terminal
 * is transposed (see {@link ReportTextOptions.layout}). An empty table prints its header and
 * "(no rows)".
 *
 * @example
 * ```ts
 * import { dailyReportTable } from "@jipan/core"
 * console.log(renderReportTable(dailyReportTable(report), { locale: "both" }))
 * ```
 */
export const renderReportTable = (table: ReportTable, options: ReportTextOptions = {}): string => {
  const locale = options.locale ?? "zh-CN"
  const layout = options.layout ?? "auto"
  const width = options.width ?? 160
  let body: string
  if (table.rows.length === 0) body = `${wide(table, locale)}\n${noRows[locale]}`
  else if (layout === "wide") body = wide(table, locale)
  else if (layout === "tall") body = tall(table, locale)
  else {
    const w = wide(table, locale)
    const fits = w.split("\n").every((l) => displayWidth(l) <= width)
    body = fits || !countsTable(table) ? w : tall(table, locale)
  }
  return options.title === false ? body : `${heading(labelOf(table.title, locale))}\n${body}`
}
