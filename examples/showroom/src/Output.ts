/**
 * Where a report goes: printed as text tables, or exported with `@jipan/export` as CSV (to a file
 * or standard output) or XLSX (to a file; one sheet per table). The exporter (and exceljs with it)
 * is loaded only for csv and xlsx.
 *
 * @module
 */
import { writeFile } from "node:fs/promises"
import { extname } from "node:path"
import type { Locale, ReportTable } from "@jipan/core"
import { Effect } from "effect"
import { renderReportTable } from "./Table.js"

/** The output formats of `report`. */
export const REPORT_FORMATS = ["table", "csv", "xlsx"] as const
/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** How and where to write the tables. */
export interface OutputOptions {
  readonly format: ReportFormat
  readonly locale: Locale
  /** The file to write (required for xlsx; csv goes to standard output without it). */
  readonly out: string | undefined
  /** Where text goes (the table format, and csv without --out). */
  readonly write: (text: string) => void
  /** Where messages go ("Wrote …"); kept off standard output so a CSV there stays clean. */
  readonly note: (text: string) => void
}

/** The output could not be written as asked. */
export class OutputError extends Error {
  readonly _tag = "OutputError"
}

/**
 * The file a CSV of one table of several goes to: `daily.csv` stays as is for a single table;
 * for several (the card's front and back) each gets its table id, `card.customer-card-front-….csv`.
 */
export const csvFileFor = (out: string, table: ReportTable, many: boolean): string => {
  if (!many) return out
  const ext = extname(out)
  const base = ext === "" ? out : out.slice(0, -ext.length)
  return `${base}.${table.id}${ext === "" ? ".csv" : ext}`
}

const save = (file: string, data: string | Uint8Array) =>
  Effect.tryPromise({
    try: () => writeFile(file, data),
    catch: (e) => new OutputError(`Could not write ${file}: ${e instanceof Error ? e.message : String(e)}`)
  })

/**
 * Writes the tables: `table` prints each as text; `csv` writes each as CSV (several tables to
 * standard output are separated by an empty line); `xlsx` writes one workbook with a sheet per
 * table to `out`.
 */
export const emitTables = (
  tables: ReadonlyArray<ReportTable>,
  options: OutputOptions
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const { locale, out } = options
    switch (options.format) {
      case "table":
        for (const t of tables) options.write(renderReportTable(t, { locale }))
        if (out !== undefined) options.note("(--out is for csv and xlsx; the table went to standard output)")
        return
      case "csv": {
        const { toCsv } = yield* Effect.promise(() => import("@jipan/export"))
        const many = tables.length > 1
        const texts: Array<string> = []
        for (const t of tables) {
          const csv = yield* toCsv(t, { locale })
          if (out === undefined) texts.push(csv)
          else {
            const file = csvFileFor(out, t, many)
            yield* save(file, csv)
            options.note(`Wrote ${file} (${t.rows.length} rows)`)
          }
        }
        // the BOM belongs at the start of the stream only
        if (out === undefined)
          options.write(texts.map((t, i) => (i === 0 ? t : t.replace(/^\uFEFF/, ""))).join("\r\n"))
        return
      }
      case "xlsx": {
        if (out === undefined)
          return yield* Effect.fail(new OutputError("--format xlsx needs --out <file.xlsx>"))
        const { toXlsx } = yield* Effect.promise(() => import("@jipan/export"))
        const bytes = yield* toXlsx(tables, { locale })
        yield* save(out, bytes)
        options.note(`Wrote ${out} (${tables.map((t) => `${t.id}: ${t.rows.length} rows`).join(", ")})`)
        return
      }
    }
  })
