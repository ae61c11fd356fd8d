/**
 * The boundary of every exporter: an unknown value is decoded into a `ReportTable` and checked
 * cell by cell against its columns before a single byte is written, so a bad table fails whole
 * with every problem listed instead of producing a half-right file.
 *
 * @module
 */
import { CalendarDate, type InputIssue, issuesOf, Label, type ReportTable } from "@jipan/core"
import { Result, Schema } from "effect"
import { ExportError } from "./ExportError.js"

const Cell = Schema.NullOr(Schema.Union([Schema.String, Schema.Number]))

/**
 * The shape of a `ReportTable` as Schema: what an exporter accepts. The per-kind cell rules are
 * checked after it by {@link decodeReportTable}.
 *
 * @example
 * ```ts
 * import { ReportTableSchema } from "@jipan/export"
 * import { Schema } from "effect"
 * Schema.is(ReportTableSchema)({ id: "t", title: { "zh-CN": "表", en: "Table" }, columns: [], rows: [] }) // true
 * ```
 */
export const ReportTableSchema = Schema.Struct({
  id: Schema.NonEmptyString,
  title: Label,
  columns: Schema.Array(
    Schema.Struct({
      key: Schema.NonEmptyString,
      label: Label,
      kind: Schema.Literals(["text", "integer", "percent", "date", "fen"]),
      dataClassFrom: Schema.optionalKey(Schema.String)
    })
  ),
  owner: Schema.optional(Schema.String),
  rows: Schema.Array(Schema.Record(Schema.String, Cell))
})

const isCalendarDate = Schema.is(CalendarDate)

/** Why a cell does not fit its column's kind, or undefined when it fits. */
const cellProblem = (kind: ReportTable["columns"][number]["kind"], cell: unknown): string | undefined => {
  if (cell === null || cell === undefined) return undefined
  switch (kind) {
    case "text":
      return typeof cell === "string" || (typeof cell === "number" && Number.isFinite(cell))
        ? undefined
        : "Expected text or a finite number"
    case "integer":
      return Number.isSafeInteger(cell) ? undefined : `Expected an integer, got ${String(cell)}`
    case "fen":
      return Number.isSafeInteger(cell) ? undefined : `Expected integer fen (分), got ${String(cell)}`
    case "percent":
      return typeof cell === "number" && Number.isFinite(cell)
        ? undefined
        : `Expected a finite ratio, got ${String(cell)}`
    case "date":
      return isCalendarDate(cell) ? undefined : `Expected a calendar date YYYY-MM-DD, got ${String(cell)}`
  }
}

const invalid = (tableId: string | undefined, issues: ReadonlyArray<InputIssue>) =>
  new ExportError({
    reason: "InvalidTable",
    ...(tableId === undefined ? {} : { tableId }),
    issues,
    message: `Invalid report table${tableId === undefined ? "" : ` ${tableId}`}: ${issues
      .slice(0, 5)
      .map((i) => `${i.path || "(root)"}: ${i.message}`)
      .join("; ")}${issues.length > 5 ? `; and ${issues.length - 5} more` : ""}`
  })

const decodeShape = Schema.decodeUnknownResult(ReportTableSchema)

/**
 * Decodes and checks a report table: the shape (Schema), unique column keys, no row key that no
 * column declares, and every cell of its column's kind — text (a string or finite number),
 * integer and fen (safe integers; fen is money in 分), percent (a finite ratio, 0.125 = 12.5%),
 * date (a real `YYYY-MM-DD`). Empty cells (`null` or a missing key) are fine everywhere. Every
 * problem is reported, with its path.
 *
 * @example
 * ```ts
 * import { decodeReportTable } from "@jipan/export"
 * const r = decodeReportTable({
 *   id: "t", title: { "zh-CN": "表", en: "Table" },
 *   columns: [{ key: "n", label: { "zh-CN": "数", en: "N" }, kind: "integer" }],
 *   rows: [{ n: 1.5 }]
 * })
 * r._tag // "Failure": rows.0.n: Expected an integer, got 1.5
 * ```
 */
export const decodeReportTable = (input: unknown): Result.Result<ReportTable, ExportError> => {
  const shape = decodeShape(input, { errors: "all" })
  const rawId = (input as { id?: unknown } | null)?.id
  if (Result.isFailure(shape))
    return Result.fail(invalid(typeof rawId === "string" ? rawId : undefined, issuesOf(shape.failure.issue)))
  const table = shape.success
  const issues: Array<InputIssue> = []
  const kinds = new Map<string, ReportTable["columns"][number]["kind"]>()
  table.columns.forEach((column, i) => {
    if (kinds.has(column.key))
      issues.push({ path: `columns.${i}.key`, message: `Duplicate column key ${column.key}` })
    else kinds.set(column.key, column.kind)
  })
  // a cell a column names as its row's field (a transposed table's masking key) is not written
  const fieldKeys = new Set(
    table.columns.flatMap((c) => (c.dataClassFrom === undefined ? [] : [c.dataClassFrom]))
  )
  table.rows.forEach((row, r) => {
    for (const [key, cell] of Object.entries(row)) {
      const kind = kinds.get(key)
      if (kind === undefined && fieldKeys.has(key) && (typeof cell === "string" || cell === null)) continue
      if (kind === undefined) {
        issues.push({ path: `rows.${r}.${key}`, message: `No column has the key ${key}` })
        continue
      }
      const problem = cellProblem(kind, cell)
      if (problem !== undefined) issues.push({ path: `rows.${r}.${key}`, message: problem })
    }
  })
  return issues.length === 0 ? Result.succeed(table) : Result.fail(invalid(table.id, issues))
}
