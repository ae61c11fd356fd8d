/**
 * A small text-table helper that keeps columns aligned when cells mix Chinese and Latin text
 * (a CJK character takes two columns in a terminal).
 *
 * @module
 */

const wide = (code: number): boolean =>
  (code >= 0x1100 && code <= 0x115f) ||
  (code >= 0x2e80 && code <= 0xa4cf) ||
  (code >= 0xac00 && code <= 0xd7a3) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0xfe30 && code <= 0xfe4f) ||
  (code >= 0xff00 && code <= 0xff60) ||
  (code >= 0xffe0 && code <= 0xffe6)

/** The number of terminal columns a string takes. */
export const displayWidth = (s: string): number => {
  let width = 0
  for (const ch of s) width += wide(ch.codePointAt(0) ?? 0) ? 2 : 1
  return width
}

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
 * Renders rows as an aligned table with a header rule.
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
  const cells = rows.map((r) => columns.map((_, i) => String(r[i] ?? "")))
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

/** Fen as yuan with two decimals (`12345` → `123.45`). */
export const yuan = (fen: number): string => (fen / 100).toFixed(2)
