/**
 * CSV (RFC 4180) exports of a report table through csv-stringify: one header row in the chosen
 * locale, then one record per row with cells formatted by their column's kind.
 *
 * @module
 */
import type { Locale, ReportTable } from "@jipan/core"
import { stringify } from "csv-stringify/sync"
import { Effect, Result } from "effect"
import { cellText, type PercentStyle } from "./CellText.js"
import { ExportError } from "./ExportError.js"
import { decodeReportTable } from "./ExportTable.js"

/**
 * CSV options, every one optional:
 * - `locale` of the header row (default `"zh-CN"`);
 * - `bom`: start with a UTF-8 byte order mark (default: on for zh-CN, off for en);
 * - `lineEnding`: `"crlf"` (default, as RFC 4180 says) or `"lf"`;
 * - `percent`: how percent cells read (see {@link PercentStyle}; default `"percent"`, `12.5%`).
 *
 * @example
 * ```ts
 * import type { CsvOptions } from "@jipan/export"
 * const options: CsvOptions = { locale: "en", lineEnding: "lf" }
 * ```
 */
export interface CsvOptions {
  readonly locale?: Locale
  readonly bom?: boolean
  readonly lineEnding?: "crlf" | "lf"
  readonly percent?: PercentStyle
}

/**
 * The CSV text of a table that is already known to be valid (see {@link toCsv} for the checked
 * entry point). Fields holding a comma, a quote, CR or LF are quoted, quotes doubled (RFC 4180).
 *
 * The BOM: Excel opens a `.csv` without a byte order mark in the machine's legacy code page (GBK
 * on a Chinese Windows), so UTF-8 Chinese headers come out as mojibake; the three bytes EF BB BF
 * make it read UTF-8. Other tools skip the BOM, so it is on by default for zh-CN, where the
 * headers are Chinese, and off for en.
 *
 * @example
 * ```ts
 * import { decodeReportTable, renderCsv } from "@jipan/export"
 * import type { ReportTable } from "@jipan/core"
 * import { Result } from "effect"
 * declare const table: ReportTable // e.g. dailyReportTable(report)
 * const checked = decodeReportTable(table)
 * if (Result.isSuccess(checked)) process.stdout.write(renderCsv(checked.success, { locale: "en" }))
 * ```
 */
export const renderCsv = (table: ReportTable, options: CsvOptions = {}): string => {
  const locale = options.locale ?? "zh-CN"
  const style = options.percent ?? "percent"
  const records = [
    table.columns.map((c) => c.label[locale]),
    ...table.rows.map((row) => table.columns.map((c) => cellText(c.kind, row[c.key], style)))
  ]
  return stringify(records, {
    bom: options.bom ?? locale === "zh-CN",
    record_delimiter: options.lineEnding === "lf" ? "unix" : "windows",
    // with an explicit record delimiter csv-stringify stops quoting CR/LF inside fields unless told
    quote_record_delimiter: true
  })
}

/**
 * A report table as CSV text: decoded and checked first (an invalid table fails with
 * `ExportError` reason `InvalidTable`, listing every problem), then written as RFC 4180 CSV with
 * headers in the chosen locale. Fen reads as yuan with two decimals, percent as `12.5%` (or the
 * plain ratio with `percent: "ratio"`), dates as `YYYY-MM-DD`, empty cells as empty fields.
 *
 * @example
 * ```ts
 * import { toCsv } from "@jipan/export"
 * import { Effect } from "effect"
 * const table = {
 *   id: "orders",
 *   title: { "zh-CN": "订单", en: "Orders" },
 *   columns: [
 *     { key: "who", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
 *     { key: "amount", label: { "zh-CN": "金额(元)", en: "Amount (yuan)" }, kind: "fen" }
 *   ],
 *   rows: [{ who: "c-wang", amount: 30000 }]
 * } as const
 * const csv = await Effect.runPromise(toCsv(table, { locale: "en", lineEnding: "lf" }))
 * // "Consultant,Amount (yuan)\nc-wang,300.00\n"
 * ```
 */
export const toCsv = (table: unknown, options: CsvOptions = {}): Effect.Effect<string, ExportError> =>
  Effect.suspend(() => {
    const decoded = decodeReportTable(table)
    if (Result.isFailure(decoded)) return Effect.fail(decoded.failure)
    return Effect.try({
      try: () => renderCsv(decoded.success, options),
      catch: (cause) =>
        new ExportError({
          reason: "WriteFailed",
          tableId: decoded.success.id,
          issues: [],
          message: `CSV of ${decoded.success.id} could not be written: ${cause instanceof Error ? cause.message : String(cause)}`
        })
    })
  })

const utf8 = new TextEncoder()

/**
 * Like {@link toCsv}, as UTF-8 bytes ready for a file or an HTTP response.
 *
 * @example
 * ```ts
 * import { toCsvBytes } from "@jipan/export"
 * import type { ReportTable } from "@jipan/core"
 * import { Effect } from "effect"
 * declare const table: ReportTable
 * const bytes = await Effect.runPromise(toCsvBytes(table)) // starts EF BB BF (zh-CN default)
 * ```
 */
export const toCsvBytes = (
  table: unknown,
  options: CsvOptions = {}
): Effect.Effect<Uint8Array, ExportError> => Effect.map(toCsv(table, options), (text) => utf8.encode(text))
