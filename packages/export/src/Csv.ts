/**
 * CSV (RFC 4180) exports of a report table through csv-stringify: one header row in the chosen
 * locale, then one record per row with cells formatted by their column's kind. Personal columns
 * are masked unless the options say who is looking (see `ExportPrivacy`).
 *
 * @module
 */
import { type Locale, maskReportTable, type ReportTable } from "@jipan/core"
import { stringify } from "csv-stringify/sync"
import { Effect, Result } from "effect"
import { cellText, type PercentStyle } from "./CellText.js"
import { ExportError } from "./ExportError.js"
import { type Audited, type ExportMasking, type ExportPrivacy, maskForExport } from "./ExportPrivacy.js"
import { decodeReportTable } from "./ExportTable.js"
import { recordAccesses } from "./internal/record.js"

/**
 * How a CSV file is written, every option optional:
 * - `locale` of the header row (default `"zh-CN"`);
 * - `bom`: start with a UTF-8 byte order mark (default: on for zh-CN, off for en);
 * - `lineEnding`: `"crlf"` (default, as RFC 4180 says) or `"lf"`;
 * - `percent`: how percent cells read (see {@link PercentStyle}; default `"percent"`, `12.5%`).
 *
 * @example
 * ```ts
 * import type { CsvFormat } from "@jipan/export"
 * const format: CsvFormat = { locale: "en", lineEnding: "lf" }
 * ```
 */
export interface CsvFormat {
  readonly locale?: Locale
  readonly bom?: boolean
  readonly lineEnding?: "crlf" | "lf"
  readonly percent?: PercentStyle
}

/**
 * CSV options: the format ({@link CsvFormat}) and the privacy options (`viewer`, `ownerKey`,
 * `unmask`; see `ExportPrivacy`). With none, every personal cell is masked.
 *
 * @example
 * ```ts
 * import type { CsvOptions } from "@jipan/export"
 * const options: CsvOptions = { locale: "en", lineEnding: "lf", viewer: { role: "supervisor" } }
 * ```
 */
export interface CsvOptions extends CsvFormat, ExportPrivacy {}

/** The CSV text of a checked table, cells as they are (already masked). */
const writeCsv = (table: ReportTable, options: CsvFormat): string => {
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
 * The CSV text of a table that is already known to be valid (see {@link toCsv} for the checked
 * entry point). Fields holding a comma, a quote, CR or LF are quoted, quotes doubled (RFC 4180).
 *
 * The BOM: Excel opens a `.csv` without a byte order mark in the machine's legacy code page (GBK
 * on a Chinese Windows), so UTF-8 Chinese headers come out as mojibake; the three bytes EF BB BF
 * make it read UTF-8. Other tools skip the BOM, so it is on by default for zh-CN, where the
 * headers are Chinese, and off for en.
 *
 * Personal cells are masked for `viewer` (default `{ role: "system" }`: all of them); an unmask,
 * which needs a reason and is recorded, goes through {@link toCsv} or {@link toCsvAudited}.
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
export const renderCsv = (table: ReportTable, options: CsvFormat & ExportMasking = {}): string =>
  writeCsv(
    maskReportTable(
      table,
      options.viewer ?? { role: "system" },
      options.ownerKey === undefined ? {} : { ownerKey: options.ownerKey }
    ),
    options
  )

/**
 * A report table as CSV text: decoded and checked first (an invalid table fails with
 * `ExportError` reason `InvalidTable`, listing every problem), then masked (see `ExportPrivacy`:
 * with no options every personal cell is masked; `viewer` shows what that viewer may see;
 * `unmask` needs a reason, else `UnmaskRefused`, and is recorded through `unmask.onAccess`), then
 * written as RFC 4180 CSV with headers in the chosen locale. Fen reads as yuan with two decimals,
 * percent as `12.5%` (or the plain ratio with `percent: "ratio"`), dates as `YYYY-MM-DD`, empty
 * cells as empty fields.
 *
 * @example
 * ```ts
 * import { toCsv } from "@jipan/export"
 * import { Effect } from "effect"
 * const table = {
 *   id: "calls",
 *   title: { "zh-CN": "回访", en: "Calls" },
 *   columns: [
 *     { key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
 *     { key: "phone", label: { "zh-CN": "电话", en: "Phone" }, kind: "text" },
 *     { key: "amount", label: { "zh-CN": "金额(元)", en: "Amount (yuan)" }, kind: "fen" }
 *   ],
 *   rows: [
 *     { consultant: "c-wang", phone: "13800001234", amount: 30000 },
 *     { consultant: "c-li", phone: "13900005678", amount: 100 }
 *   ]
 * } as const
 * const csv = await Effect.runPromise(toCsv(table, { locale: "en", lineEnding: "lf" }))
 * // "Consultant,Phone,Amount (yuan)\nc-wang,138****1234,300.00\nc-li,139****5678,1.00\n"
 * const forWang = await Effect.runPromise(
 *   toCsv(table, { locale: "en", viewer: { role: "consultant", consultantId: "c-wang" } })
 * ) // c-wang,13800001234,300.00 and c-li,139****5678,1.00
 * ```
 */
export const toCsv = (table: unknown, options: CsvOptions = {}): Effect.Effect<string, ExportError> =>
  Effect.map(toCsvAudited(table, options), (audited) => audited.value)

/**
 * Like {@link toCsv}, with the unmask records it produced (one, `output: "csv"`, `subject:
 * "report:<table id>"`, when `unmask` is given; none otherwise), for the caller's audit log. They
 * are also given to `unmask.onAccess` before the text is returned.
 *
 * @example
 * ```ts
 * import { toCsvAudited } from "@jipan/export"
 * import type { PersonalDataAccess, ReportTable } from "@jipan/core"
 * import { Effect } from "effect"
 * declare const table: ReportTable
 * declare const auditLog: { append: (access: PersonalDataAccess) => Promise<void> }
 * const { value: csv, accesses } = await Effect.runPromise(
 *   toCsvAudited(table, {
 *     unmask: { viewer: { role: "dcrc" }, reason: "return visit calls", at: Date.now() }
 *   })
 * )
 * for (const access of accesses) await auditLog.append(access)
 * ```
 */
export const toCsvAudited = (
  table: unknown,
  options: CsvOptions = {}
): Effect.Effect<Audited<string>, ExportError> =>
  Effect.gen(function* () {
    const decoded = decodeReportTable(table)
    if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
    const view = maskForExport([decoded.success], options, "csv")
    if (Result.isFailure(view)) return yield* Effect.fail(view.failure)
    const masked = view.success.tables[0]
    if (masked === undefined) return yield* Effect.die(new Error("maskForExport lost the table"))
    const text = yield* Effect.try({
      try: () => writeCsv(masked, options),
      catch: (cause) =>
        new ExportError({
          reason: "WriteFailed",
          tableId: masked.id,
          issues: [],
          message: `CSV of ${masked.id} could not be written: ${cause instanceof Error ? cause.message : String(cause)}`
        })
    })
    yield* recordAccesses(view.success.accesses, options)
    return { value: text, accesses: view.success.accesses }
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
