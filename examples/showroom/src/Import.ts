/**
 * `import <file.csv>`: cards and contacts from a spreadsheet. Each row becomes an `OpenCard` or a
 * `LogContact` command, decoded with the core's Schemas (`normalisePhone` for typed phone numbers,
 * `decodeCardCommand` for the rest); good rows go in through `handleCard`, bad rows are reported
 * by line with every reason. Re-running the same file is idempotent: a row already in the card's
 * history (the same command at the same instant) is skipped.
 *
 * Columns (a header row; unknown columns are an error, empty cells are "not known"):
 * `type` (open | contact), `card_id`, `at` (`YYYY-MM-DD HH:mm`, Beijing time), `consultant`, and
 * for `open`: `phone`, `customer_id` (default `cust-<card_id>`), `source` (walkIn, phoneIn,
 * referral, staff, outbound, event, online), `intent` (default direct); for `contact`: `channel`,
 * `outcome`, `next_contact` (YYYY-MM-DD); evidence for both: `model`, `timeframe_days`,
 * `test_drive` (yes/no/booked).
 *
 * @module
 */
import {
  type CardEvent,
  CardId,
  type CardStore,
  decodeCardCommand,
  getCard,
  type HandleCardError,
  handleCard,
  type InputIssue,
  normalisePhone,
  type Outbox,
  type PolicyStore,
  type StoreError,
  type StoreTransaction,
  type Tenant
} from "@jipan/core"
import { parse } from "csv-parse/sync"
import { Effect, Result, Schema } from "effect"
import { startProgress } from "./Progress.js"

/** The columns an import file may have. */
export const IMPORT_COLUMNS = [
  "type",
  "card_id",
  "at",
  "consultant",
  "phone",
  "customer_id",
  "source",
  "intent",
  "channel",
  "outcome",
  "model",
  "timeframe_days",
  "test_drive",
  "next_contact",
  "note"
] as const

/** One rejected row: its line in the file and every reason. */
export interface RowError {
  readonly line: number
  readonly cardId: string
  readonly reasons: ReadonlyArray<string>
}

/** What an import did. */
export interface ImportReport {
  readonly rows: number
  readonly imported: number
  readonly skipped: number
  readonly errors: ReadonlyArray<RowError>
}

/** The file itself could not be read as CSV (no row was imported). */
export class CsvUnreadable extends Error {
  readonly _tag = "CsvUnreadable"
}

type Row = Readonly<Record<string, string>>

const instant = (text: string): number => {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(text.trim())
  if (m === null) return Number.NaN
  return Date.parse(`${m[1]}T${m[2] ?? "09"}:${m[3] ?? "00"}:00+08:00`)
}

const yesNo = (text: string): boolean | undefined =>
  /^(yes|y|true|1|是)$/i.test(text) ? true : /^(no|n|false|0|否)$/i.test(text) ? false : undefined

/** Builds the command of a row (as plain data, to be decoded), or the reasons it cannot. */
export const commandOfRow = (
  row: Row,
  tenant: Tenant
): Result.Result<Record<string, unknown>, ReadonlyArray<string>> => {
  const reasons: Array<string> = []
  const cell = (k: string) => (row[k] ?? "").trim()
  const evidence: Record<string, unknown> = {}
  if (cell("model") !== "") evidence.modelOfInterest = cell("model")
  if (cell("timeframe_days") !== "") {
    const n = Number(cell("timeframe_days"))
    // left to the Schema to judge, so the reason names the field
    evidence.purchaseTimeframeDays = Number.isFinite(n) ? n : cell("timeframe_days")
  }
  const td = cell("test_drive")
  if (td === "booked") evidence.testDriveBooked = true
  else if (td !== "") {
    const yes = yesNo(td)
    if (yes === undefined) reasons.push(`test_drive: expected yes, no or booked, got "${td}"`)
    else evidence.testDriveDone = yes
  }
  const at = instant(cell("at"))
  if (Number.isNaN(at)) reasons.push(`at: expected YYYY-MM-DD HH:mm, got "${cell("at")}"`)
  const by = { id: cell("consultant"), role: "consultant" }
  const type = cell("type")
  if (type === "open") {
    const phone = normalisePhone(cell("phone"))
    if (Result.isFailure(phone)) reasons.push(`phone: ${phone.failure.message}`)
    if (reasons.length > 0) return Result.fail(reasons)
    return Result.succeed({
      _tag: "OpenCard",
      cardId: cell("card_id"),
      storeId: tenant.storeId,
      customerId: cell("customer_id") === "" ? `cust-${cell("card_id")}` : cell("customer_id"),
      phone: Result.isSuccess(phone) ? phone.success : cell("phone"),
      owner: cell("consultant"),
      source: cell("source"),
      intent: cell("intent") === "" ? "direct" : cell("intent"),
      evidence,
      by,
      at
    })
  }
  if (type === "contact") {
    if (reasons.length > 0) return Result.fail(reasons)
    return Result.succeed({
      _tag: "LogContact",
      channel: cell("channel"),
      outcome: cell("outcome") === "" ? "reached" : cell("outcome"),
      evidence,
      ...(cell("next_contact") === "" ? {} : { agreedNextContactOn: cell("next_contact") }),
      ...(cell("note") === "" ? {} : { note: cell("note") }),
      by,
      at
    })
  }
  return Result.fail([...reasons, `type: expected open or contact, got "${type}"`])
}

const issueText = (issues: ReadonlyArray<InputIssue>) =>
  issues.map((i) => `${i.path === "" ? "(row)" : i.path}: ${i.message}`)

const refusalText = (e: HandleCardError): string => `${e._tag}: ${e.message}`

/** Parses CSV text into rows with their line numbers, or fails if it is not CSV. */
export const parseCsv = (text: string): Array<{ readonly line: number; readonly row: Row }> => {
  try {
    const records = parse(text, {
      columns: (header: Array<string>) => {
        const unknown = header.filter((h) => !(IMPORT_COLUMNS as ReadonlyArray<string>).includes(h.trim()))
        if (unknown.length > 0)
          throw new CsvUnreadable(
            `Unknown column(s) ${unknown.join(", ")}; the columns are ${IMPORT_COLUMNS.join(", ")}`
          )
        return header.map((h) => h.trim())
      },
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      bom: true
    }) as Array<{ record: Row; info: { lines: number } }>
    return records.map((r) => ({ line: r.info.lines, row: r.record }))
  } catch (e) {
    if (e instanceof CsvUnreadable) throw e
    throw new CsvUnreadable(`Not a readable CSV file: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * Imports the rows into the store in context, in file order. A refused command (a phone that
 * already has a card, a contact on someone else's card…) is reported with the row, like a row that
 * does not decode.
 */
export const importRows = (
  rows: ReadonlyArray<{ readonly line: number; readonly row: Row }>,
  tenant: Tenant,
  options: { readonly print: (line: string) => void; readonly tty?: boolean }
): Effect.Effect<ImportReport, StoreError, CardStore | PolicyStore | Outbox | StoreTransaction> =>
  Effect.gen(function* () {
    const errors: Array<RowError> = []
    let imported = 0
    let skipped = 0
    const progress = startProgress("导入 (importing)", rows.length, options.print, options.tty)
    for (const [i, { line, row }] of rows.entries()) {
      const cardId = (row.card_id ?? "").trim()
      const built = commandOfRow(row, tenant)
      const decoded = Result.isFailure(built)
        ? Result.fail(built.failure)
        : Result.mapError(decodeCardCommand(built.success), (e) => issueText(e.issues))
      const validId = Schema.is(CardId)(cardId)
      if (Result.isFailure(decoded) || !validId) {
        errors.push({
          line,
          cardId,
          reasons: [
            ...(!validId ? [`card_id: expected an id (no spaces, 1–64 characters), got "${cardId}"`] : []),
            ...(Result.isFailure(decoded) ? decoded.failure : [])
          ]
        })
      } else {
        const command = decoded.success
        // Idempotency: the same command at the same instant is already on the card.
        const existing = yield* getCard(tenant, cardId).pipe(
          Effect.map((c): ReadonlyArray<CardEvent> => c.history),
          Effect.catchTag("CardNotFound", () => Effect.succeed([]))
        )
        const already = existing.some(
          (e) =>
            e._tag === (command._tag === "OpenCard" ? "CardOpened" : "ContactLogged") && e.at === command.at
        )
        if (already) skipped++
        else {
          const result = yield* Effect.result(handleCard({ tenant, cardId, command }))
          if (Result.isSuccess(result)) imported++
          else errors.push({ line, cardId, reasons: [refusalText(result.failure)] })
        }
      }
      progress.update(i + 1)
    }
    progress.stop()
    return { rows: rows.length, imported, skipped, errors }
  })

/** The import report as text: the counts, then each bad row by line. */
export const renderImport = (file: string, report: ImportReport): string =>
  [
    `${file}: ${report.rows} rows — ${report.imported} imported, ${report.skipped} already there (skipped), ${report.errors.length} rejected`,
    ...report.errors.map(
      (e) =>
        `  line ${e.line} (${e.cardId || "no card_id"}):\n${e.reasons.map((r) => `    - ${r}`).join("\n")}`
    )
  ].join("\n")
