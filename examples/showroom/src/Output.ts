/**
 * Where a report goes: printed as text tables, or exported with `@jipan/export` as CSV (to a file
 * or standard output) or XLSX (to a file; one sheet per table). The exporter (and exceljs with it)
 * is loaded only for csv and xlsx.
 *
 * Personal data (see `Privacy.ts`): the terminal shows what the viewer may see; the files (and CSV
 * on standard output) are masked for every role unless `--unmask --reason` was given, when they show
 * what the viewer may see and each table exported is recorded as a `PersonalDataAccess` before the
 * file is written.
 *
 * @module
 */
import { writeFile } from "node:fs/promises"
import { extname } from "node:path"
import type { Locale, PersonalDataAccess, ReportTable, Viewer } from "@jipan/core"
import { Effect } from "effect"
import { DEFAULT_VIEWER, type Privacy, recordAccess, viewerText } from "./Privacy.js"
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
  /** Who is looking, the unmask asked for, the audit log. */
  readonly privacy: Privacy
  /** A table as a viewer may see it (names for ids, personal data masked: `People.displayTable`). */
  readonly display: (table: ReportTable, viewer: Viewer) => ReportTable
  /**
   * The viewer as the displayed tables name people (a consultant by the name their `consultant`
   * column shows), for the exporter's own masking pass; default the viewer.
   */
  readonly exportViewer?: Viewer
  /** Records the accesses in the store's own audit log too (the `AuditLog` port), when given. */
  readonly audit?: (accesses: ReadonlyArray<PersonalDataAccess>) => Effect.Effect<void, unknown>
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
 * table to `out`. Personal data as the module notes say; an unmask's records are written (standard
 * error and the audit log) before the data is.
 */
export const emitTables = (
  tables: ReadonlyArray<ReportTable>,
  options: OutputOptions
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const { locale, out, privacy } = options
    const viewer = privacy.viewer
    if (options.format === "table") {
      for (const t of tables) options.write(renderReportTable(options.display(t, viewer), { locale }))
      if (out !== undefined) options.note("(--out is for csv and xlsx; the table went to standard output)")
      if (privacy.unmask !== undefined)
        options.note(
          `(--unmask is for csv and xlsx; the terminal already shows what ${viewerText(viewer)} may see: nothing was recorded)`
        )
      return
    }
    // the files: masked for everyone unless an unmask asks, and then only what the viewer may see
    const unmask = privacy.unmask !== undefined && viewer.role !== "system" ? privacy.unmask : undefined
    if (privacy.unmask !== undefined && unmask === undefined)
      options.note(
        "(--unmask: the system may see no personal data; the file stays masked, nothing was recorded)"
      )
    else if (unmask === undefined && viewer.role !== "system")
      options.note(
        `(personal data in the ${options.format.toUpperCase()} is masked; --unmask --reason "<why>" shows what ${viewerText(viewer)} may see, and is recorded)`
      )
    const shown = tables.map((t) => options.display(t, unmask === undefined ? DEFAULT_VIEWER : viewer))
    const privacyOptions =
      unmask === undefined
        ? {}
        : { unmask: { viewer: options.exportViewer ?? viewer, reason: unmask.reason, at: unmask.at } }
    // the records name the viewer as --as gave it
    const record = (accesses: ReadonlyArray<PersonalDataAccess>) =>
      Effect.gen(function* () {
        const mine = accesses.map((a) => ({ ...a, viewer }))
        yield* recordAccess(privacy, mine, options.note)
        if (options.audit !== undefined && mine.length > 0) yield* options.audit(mine)
      })
    if (options.format === "csv") {
      const { toCsvAudited } = yield* Effect.promise(() => import("@jipan/export"))
      const texts: Array<string> = []
      const accesses: Array<PersonalDataAccess> = []
      for (const t of shown) {
        const csv = yield* toCsvAudited(t, { locale, ...privacyOptions })
        texts.push(csv.value)
        accesses.push(...csv.accesses)
      }
      yield* record(accesses)
      if (out === undefined) {
        // the BOM belongs at the start of the stream only
        options.write(texts.map((t, i) => (i === 0 ? t : t.replace(/^\uFEFF/, ""))).join("\r\n"))
        return
      }
      for (const [i, t] of shown.entries()) {
        const file = csvFileFor(out, t, shown.length > 1)
        yield* save(file, texts[i] ?? "")
        options.note(`Wrote ${file} (${t.rows.length} rows)`)
      }
      return
    }
    if (out === undefined) return yield* Effect.fail(new OutputError("--format xlsx needs --out <file.xlsx>"))
    const { toXlsxAudited } = yield* Effect.promise(() => import("@jipan/export"))
    const workbook = yield* toXlsxAudited(shown, { locale, ...privacyOptions })
    yield* record(workbook.accesses)
    yield* save(out, workbook.value)
    options.note(`Wrote ${out} (${shown.map((t) => `${t.id}: ${t.rows.length} rows`).join(", ")})`)
  })
