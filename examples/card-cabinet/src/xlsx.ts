/**
 * XLSX export of a report table (the core's `ReportTable`), in the browser. `write-excel-file` is
 * loaded only when a supervisor exports.
 *
 * @module
 */
import type { Locale, ReportTable } from "@jipan/core"

/** The sheet rows of a report table: a header row of labels, then the cells. */
export const sheetOf = (table: ReportTable, locale: Locale) => [
  table.columns.map((c) => ({ value: c.label[locale], fontWeight: "bold" as const })),
  ...table.rows.map((row) =>
    table.columns.map((c) => {
      const v = row[c.key]
      return v === null || v === undefined ? null : { value: v }
    })
  )
]

/** Builds the XLSX of `table` and offers it as a download. Resolves with the file's size. */
export const downloadXlsx = async (table: ReportTable, locale: Locale): Promise<number> => {
  const { default: writeXlsxFile } = await import("write-excel-file/browser")
  const blob = await writeXlsxFile(sheetOf(table, locale) as never, {
    sheet: table.title[locale].slice(0, 31)
  }).toBlob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement("a")
  a.href = url
  a.download = `${table.id}.xlsx`
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return blob.size
}
