/**
 * How a cell reads as text — in a CSV file and in a terminal table — by its column's kind, and
 * how wide that text is on screen (a CJK character takes two columns).
 *
 * @module
 */
import type { ReportCell, ReportColumnKind } from "@jipan/core"

/**
 * How a percent column reads as text: `"percent"` (default) writes the ratio as a percentage with
 * one decimal (`0.125` → `12.5%`, as Excel's `0.0%` shows it); `"ratio"` writes the plain ratio
 * (`0.125`), exact and easy for another program to read back.
 *
 * @example
 * ```ts
 * import type { PercentStyle } from "@jipan/export"
 * const style: PercentStyle = "ratio"
 * ```
 */
export type PercentStyle = "percent" | "ratio"

/**
 * Integer fen (分) as yuan (元) with exactly two decimals, computed on integers so no float
 * rounding creeps in (`123456` → `1234.56`, `-5` → `-0.05`).
 *
 * @example
 * ```ts
 * import { yuanText } from "@jipan/export"
 * yuanText(30000) // "300.00"
 * ```
 */
export const yuanText = (fen: number): string => {
  const sign = fen < 0 ? "-" : ""
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`
}

/**
 * A ratio as a percentage with one decimal (`0.125` → `12.5%`, `1` → `100.0%`).
 *
 * @example
 * ```ts
 * import { percentText } from "@jipan/export"
 * percentText(0.125) // "12.5%"
 * ```
 */
export const percentText = (ratio: number): string => {
  const text = (ratio * 100).toFixed(1)
  // -0.0% reads as a mistake to a person: a tiny negative ratio rounds to 0.0%
  return `${text === "-0.0" ? "0.0" : text}%`
}

/**
 * One cell as text, by its column's kind: empty for `null`, fen as yuan with two decimals,
 * percent by `style`, integers and text as they are, dates as they are (`YYYY-MM-DD`).
 *
 * @example
 * ```ts
 * import { cellText } from "@jipan/export"
 * cellText("fen", 1050) // "10.50"
 * cellText("percent", 0.5) // "50.0%"
 * cellText("integer", null) // ""
 * ```
 */
export const cellText = (
  kind: ReportColumnKind,
  cell: ReportCell | undefined,
  style: PercentStyle = "percent"
): string => {
  if (cell === null || cell === undefined) return ""
  if (typeof cell === "string") return cell
  switch (kind) {
    case "fen":
      return yuanText(cell)
    case "percent":
      return style === "percent" ? percentText(cell) : String(cell)
    default:
      return String(cell)
  }
}

const wide = (code: number): boolean =>
  (code >= 0x1100 && code <= 0x115f) ||
  (code >= 0x2e80 && code <= 0xa4cf) ||
  (code >= 0xac00 && code <= 0xd7a3) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0xfe30 && code <= 0xfe4f) ||
  (code >= 0xff00 && code <= 0xff60) ||
  (code >= 0xffe0 && code <= 0xffe6) ||
  (code >= 0x1f300 && code <= 0x1faff) ||
  (code >= 0x20000 && code <= 0x3fffd)

/**
 * How many columns a string takes in a terminal or a spreadsheet column: CJK (and other East
 * Asian wide) characters count double, every other code point once.
 *
 * @example
 * ```ts
 * import { displayWidth } from "@jipan/export"
 * displayWidth("营业日报表 Daily") // 16
 * ```
 */
export const displayWidth = (s: string): number => {
  let width = 0
  for (const ch of s) width += wide(ch.codePointAt(0) ?? 0) ? 2 : 1
  return width
}
