/**
 * The exports with a Promise face, for a DMS that does not write Effect: a CSV or an XLSX workbook
 * as a Node `Buffer`, ready for a file, a mail attachment or an HTTP response. They reject with the
 * same `ExportError` (`InvalidTable` naming each problem, `WriteFailed`, `UnmaskRefused`) as the
 * Effect functions, and mask personal columns the same way: all of them with no options, as
 * `viewer` may see them, or — with `unmask`, a reason and a time — as `unmask.viewer` may, each
 * unmask given to `unmask.onAccess` for the audit log before the `Buffer` is returned.
 *
 * @since 0.3.0
 */
import { Effect } from "effect"
import { type CsvOptions, toCsvBytes } from "./Csv.js"
import { toXlsx, type XlsxOptions } from "./Xlsx.js"

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * A report table as CSV bytes in a `Buffer` (UTF-8, with the byte-order mark Excel needs for zh-CN),
 * personal columns masked as the options say (see {@link CsvOptions}).
 *
 * @example
 * ```ts
 * import { csvBuffer } from "@jipan/export"
 * import { writeFile } from "node:fs/promises"
 * import type { ReportTable } from "@jipan/core"
 * declare const table: ReportTable
 * await writeFile("daily.csv", await csvBuffer(table, { locale: "zh-CN" })) // personal columns masked
 * const mine = await csvBuffer(table, { viewer: { role: "consultant", consultantId: "c-wang" } })
 * ```
 */
export const csvBuffer = (table: unknown, options: CsvOptions = {}): Promise<Buffer> =>
  Effect.runPromise(Effect.map(toCsvBytes(table, options), asBuffer))

/**
 * Report tables as one XLSX workbook (a sheet each) in a `Buffer`, personal columns masked as the
 * options say (see {@link XlsxOptions}).
 *
 * @example
 * ```ts
 * import { xlsxBuffer } from "@jipan/export"
 * import type { PersonalDataAccess, ReportTable } from "@jipan/core"
 * declare const dailyReport: ReportTable, findings: ReportTable
 * const workbook = await xlsxBuffer([dailyReport, findings], { locale: "en", title: true })
 * workbook.subarray(0, 2).toString() // "PK": a zip
 * const accesses: Array<PersonalDataAccess> = []
 * const unmasked = await xlsxBuffer(findings, {
 *   unmask: { viewer: { role: "supervisor" }, reason: "complaint follow-up", at: Date.now(), onAccess: (a) => accesses.push(a) }
 * }) // accesses: [{ action: "unmask", output: "xlsx", subject: `report:${findings.id}`, … }]
 * ```
 */
export const xlsxBuffer = (tables: unknown, options: XlsxOptions = {}): Promise<Buffer> =>
  Effect.runPromise(Effect.map(toXlsx(tables, options), asBuffer))
