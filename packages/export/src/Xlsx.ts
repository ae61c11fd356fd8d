/**
 * XLSX exports through exceljs: one workbook, one worksheet per report table, typed cells.
 *
 * Cells keep their type so a supervisor can sum and sort in Excel: integers are numbers
 * (`#,##0`), fen (分) become yuan numbers with the `#,##0.00` format (the cell holds 300 for
 * 30000 fen), percent cells hold the ratio with the `0.0%` format (0.125 shows as 12.5%), and
 * dates are real Excel dates (`yyyy-mm-dd`) so they sort and filter as dates — the day is the
 * store's calendar day, written at midnight UTC with no zone, so it reads back as the same
 * `YYYY-MM-DD` wherever the file is opened. Text stays text; empty cells stay empty.
 *
 * Personal columns are masked unless the options say who is looking (see `ExportPrivacy`); a
 * masked cell is text whatever its column's kind.
 *
 * @module
 */
import type { Writable } from "node:stream"
import type { Locale, ReportColumnKind, ReportTable } from "@jipan/core"
import { Effect, Result } from "effect"
import ExcelJS from "exceljs"
import { cellText, displayWidth } from "./CellText.js"
import { ExportError } from "./ExportError.js"
import { type Audited, type ExportPrivacy, maskForExport } from "./ExportPrivacy.js"
import { decodeReportTable } from "./ExportTable.js"
import { recordAccesses } from "./internal/record.js"
import { sheetNames } from "./SheetName.js"

/**
 * XLSX options, every one optional:
 * - `locale` of the headers, titles and sheet names (default `"zh-CN"`);
 * - `title`: write the table's title in a bold first row above the header (default `false`, so
 *   the header is row 1 and the sheet reads straight back as a table);
 * - the privacy options `viewer`, `ownerKey` and `unmask` (see `ExportPrivacy`; with none, every
 *   personal cell is masked).
 *
 * @example
 * ```ts
 * import type { XlsxOptions } from "@jipan/export"
 * const options: XlsxOptions = { locale: "en", title: true, viewer: { role: "dcrc" } }
 * ```
 */
export interface XlsxOptions extends ExportPrivacy {
  readonly locale?: Locale
  readonly title?: boolean
}

/**
 * The Excel number format each kind is written with (`undefined`: General).
 *
 * @example
 * ```ts
 * import { xlsxNumberFormat } from "@jipan/export"
 * xlsxNumberFormat.fen // "#,##0.00"
 * ```
 */
export const xlsxNumberFormat: Readonly<Record<ReportColumnKind, string | undefined>> = {
  text: undefined,
  integer: "#,##0",
  fen: "#,##0.00",
  percent: "0.0%",
  date: "yyyy-mm-dd"
}

const MIN_WIDTH = 6
const MAX_WIDTH = 60

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Text as an XLSX cell keeps it. A sheet is XML, and XML turns CR LF and a lone CR into LF when
 * it is read, so line breaks are written as LF — Excel's own in-cell line break (Alt+Enter). The
 * control characters XML 1.0 cannot carry at all (and unpaired surrogates) become U+FFFD rather
 * than corrupting the file. Tabs and LF are kept.
 *
 * @example
 * ```ts
 * import { xlsxText } from "@jipan/export"
 * xlsxText("line\r\nbreak") // "line\nbreak"
 * ```
 */
export const xlsxText = (text: string): string =>
  text.replace(/\r\n?/g, "\n").replace(notXml, "\ufffd").replace(loneSurrogate, "\ufffd")

const isoDay = /^\d{4}-\d{2}-\d{2}$/

/** The value an Excel cell holds for a report cell of a kind (the table is already checked). */
const excelValue = (kind: ReportColumnKind, cell: string | number | null | undefined) => {
  if (cell === null || cell === undefined) return null
  if (typeof cell === "string")
    // a masked cell (***) is text even in a date column
    return kind === "date" && isoDay.test(cell) ? new Date(`${cell}T00:00:00Z`) : xlsxText(cell)
  return kind === "fen" ? cell / 100 : cell
}

/** Widest line of a text, in display columns. */
const textWidth = (s: string) => Math.max(0, ...s.split("\n").map(displayWidth))

/**
 * Column widths in Excel's character units: the widest of the header and the formatted cells
 * (CJK characters count double, as they take two character cells), plus a margin, within 6–60.
 */
const columnWidths = (table: ReportTable, locale: Locale): Array<number> =>
  table.columns.map((c) => {
    let widest = textWidth(c.label[locale])
    for (const row of table.rows) widest = Math.max(widest, textWidth(cellText(c.kind, row[c.key])))
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2))
  })

type Sheet = ExcelJS.Worksheet

const fillSheet = (sheet: Sheet, table: ReportTable, options: XlsxOptions, stream: boolean) => {
  const locale = options.locale ?? "zh-CN"
  const widths = columnWidths(table, locale)
  // columns first: a streaming sheet writes its <cols> before the first row
  sheet.columns = table.columns.map((c, i) => ({
    key: c.key,
    width: widths[i] ?? MIN_WIDTH,
    ...(xlsxNumberFormat[c.kind] === undefined
      ? {}
      : { style: { numFmt: xlsxNumberFormat[c.kind] as string } })
  }))
  const n = Math.max(1, table.columns.length)
  if (options.title === true) {
    const title = sheet.getRow(1)
    title.getCell(1).value = xlsxText(table.title[locale])
    title.font = { bold: true, size: 14 }
    if (n > 1) sheet.mergeCells(1, 1, 1, n)
    if (stream) title.commit()
  }
  const headerAt = options.title === true ? 2 : 1
  const header = sheet.getRow(headerAt)
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1)
    cell.value = xlsxText(c.label[locale])
    // the header is text whatever the column's number format
    cell.numFmt = "@"
  })
  header.font = { bold: true }
  header.alignment = { vertical: "middle" }
  if (stream) header.commit()
  table.rows.forEach((row, r) => {
    const line = sheet.getRow(headerAt + 1 + r)
    table.columns.forEach((c, i) => {
      const value = excelValue(c.kind, row[c.key])
      if (value === null) return
      const cell = line.getCell(i + 1)
      cell.value = value
      const format = xlsxNumberFormat[c.kind]
      if (format !== undefined) cell.numFmt = format
      if (typeof value === "string" && value.includes("\n"))
        cell.alignment = { wrapText: true, vertical: "top" }
    })
    if (stream) line.commit()
  })
  if (table.columns.length > 0)
    sheet.autoFilter = { from: { row: headerAt, column: 1 }, to: { row: headerAt, column: n } }
}

const sheetOptions = (options: XlsxOptions): Partial<ExcelJS.AddWorksheetOptions> => ({
  // the header (and the title above it) stays in view while scrolling
  views: [{ state: "frozen", xSplit: 0, ySplit: options.title === true ? 2 : 1 }]
})

const writeFailed = (cause: unknown) =>
  new ExportError({
    reason: "WriteFailed",
    issues: [],
    message: `The workbook could not be written: ${cause instanceof Error ? cause.message : String(cause)}`
  })

/**
 * Decodes every table before anything is written (the first invalid one fails the export), then
 * masks them for the options' viewer and makes the unmask records.
 */
const checkAll = (tables: unknown, options: XlsxOptions) =>
  Effect.suspend(() => {
    const list: ReadonlyArray<unknown> = Array.isArray(tables) ? tables : [tables]
    const out: Array<ReportTable> = []
    for (const t of list) {
      const decoded = decodeReportTable(t)
      if (Result.isFailure(decoded)) return Effect.fail(decoded.failure)
      out.push(decoded.success)
    }
    const view = maskForExport(out, options, "xlsx")
    return Result.isFailure(view) ? Effect.fail(view.failure) : Effect.succeed(view.success)
  })

/**
 * One table or several as an XLSX workbook, one sheet per table named from its title (cleaned
 * and made unique, see `sheetNames`): a bold, frozen header row in the chosen locale with an
 * auto-filter, typed cells (see the module notes), column widths from the content. Every table is
 * checked first; an invalid one fails the export with `ExportError` reason `InvalidTable`. Then
 * the personal columns are masked: all of them with no options, as `viewer` may see them, or as
 * `unmask.viewer` may with a reason (else `UnmaskRefused`), recorded through `unmask.onAccess`.
 *
 * @example
 * ```ts
 * import { toXlsx } from "@jipan/export"
 * import { writeFile } from "node:fs/promises"
 * import type { ReportTable } from "@jipan/core"
 * import { Effect } from "effect"
 * declare const dailyReport: ReportTable, findings: ReportTable // dailyReportTable(…), findingsTable(…)
 * const bytes = await Effect.runPromise(toXlsx([dailyReport, findings], { locale: "zh-CN", title: true }))
 * await writeFile("report.xlsx", bytes) // personal columns masked
 * const forSupervisor = await Effect.runPromise(toXlsx(findings, { viewer: { role: "supervisor" } }))
 * ```
 */
export const toXlsx = (tables: unknown, options: XlsxOptions = {}): Effect.Effect<Uint8Array, ExportError> =>
  Effect.map(toXlsxAudited(tables, options), (audited) => audited.value)

/**
 * Like {@link toXlsx}, with the unmask records it produced (one per table, `output: "xlsx"`,
 * `subject: "report:<table id>"`, when `unmask` is given; none otherwise), for the caller's audit
 * log. They are also given to `unmask.onAccess` before the bytes are returned.
 *
 * @example
 * ```ts
 * import { toXlsxAudited } from "@jipan/export"
 * import type { PersonalDataAccess, ReportTable } from "@jipan/core"
 * import { Effect } from "effect"
 * declare const controlTable: ReportTable
 * declare const auditLog: { append: (access: PersonalDataAccess) => Promise<void> }
 * const { value: bytes, accesses } = await Effect.runPromise(
 *   toXlsxAudited(controlTable, {
 *     unmask: { viewer: { role: "supervisor" }, reason: "month-end review", at: Date.now() }
 *   })
 * )
 * for (const access of accesses) await auditLog.append(access) // { action: "unmask", output: "xlsx", … }
 * ```
 */
export const toXlsxAudited = (
  tables: unknown,
  options: XlsxOptions = {}
): Effect.Effect<Audited<Uint8Array>, ExportError> =>
  Effect.gen(function* () {
    const view = yield* checkAll(tables, options)
    const bytes = yield* Effect.tryPromise({
      try: async () => {
        const workbook = new ExcelJS.Workbook()
        const names = sheetNames(view.tables.map((t) => t.title[options.locale ?? "zh-CN"]))
        view.tables.forEach((table, i) => {
          fillSheet(workbook.addWorksheet(names[i], sheetOptions(options)), table, options, false)
        })
        const buffer = await workbook.xlsx.writeBuffer()
        return new Uint8Array(buffer as ArrayBuffer)
      },
      catch: writeFailed
    })
    yield* recordAccesses(view.accesses, options)
    return { value: bytes, accesses: view.accesses }
  })

/**
 * Like {@link toXlsx}, streamed to a Node writable (a file, an HTTP response) with exceljs's
 * streaming writer: each row is committed as it is written, so a big table is not held twice in
 * memory as a workbook and a buffer. The stream is ended when the workbook is complete; a stream
 * error fails with reason `WriteFailed`. Nothing is written when a table is invalid or an unmask
 * is refused; an unmask is given to `unmask.onAccess` before the first byte is written.
 *
 * @example
 * ```ts
 * import { writeXlsx } from "@jipan/export"
 * import { createWriteStream } from "node:fs"
 * import type { ReportTable } from "@jipan/core"
 * import { Effect } from "effect"
 * declare const controlTable: ReportTable // progressControlReportTable(…)
 * await Effect.runPromise(writeXlsx(controlTable, createWriteStream("control.xlsx")))
 * ```
 */
export const writeXlsx = (
  tables: unknown,
  stream: Writable,
  options: XlsxOptions = {}
): Effect.Effect<void, ExportError> =>
  Effect.gen(function* () {
    const view = yield* checkAll(tables, options)
    // a stream hands bytes out as they are written: the unmask is recorded before the first one
    yield* recordAccesses(view.accesses, options)
    yield* Effect.tryPromise({
      try: () =>
        new Promise<void>((resolve, reject) => {
          stream.once("error", reject)
          stream.once("finish", () => resolve())
          const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
            stream,
            useStyles: true,
            useSharedStrings: true
          })
          const names = sheetNames(view.tables.map((t) => t.title[options.locale ?? "zh-CN"]))
          view.tables.forEach((table, i) => {
            const sheet = workbook.addWorksheet(names[i], sheetOptions(options))
            fillSheet(sheet, table, options, true)
            sheet.commit()
          })
          workbook.commit().catch(reject)
        }),
      catch: writeFailed
    })
  })
