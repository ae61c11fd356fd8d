/**
 * `import <file.csv>`: cards and contacts from a spreadsheet. Each row becomes an `OpenCard` or a
 * `LogContact` command, decoded with the core's Schemas (`normalisePhone` for typed phone numbers,
 * `decodeCardCommand` for the rest); good rows go in through `handleCard`, bad rows are reported
 * by line with every reason (a bad date does not hide a bad source). Re-running the same file is
 * idempotent: a row already in the card's history (the same command at the same instant) is
 * skipped.
 *
 * Columns (a header row; unknown columns are an error, empty cells are "not known"):
 * `type` (open | contact, or 建卡 | 联系), `card_id`, `at` (`YYYY-MM-DD HH:mm`, Beijing time),
 * `consultant`, and for `open`: `phone`, `customer_id` (default `cust-<card_id>`), `source`,
 * `intent` (default direct); for `contact`: `channel`, `outcome`, `next_contact` (YYYY-MM-DD);
 * evidence for both: `model`, `timeframe_days`, `test_drive` (yes/no/booked, 是/否/已预约).
 * `source`, `intent`, `channel` and `outcome` take the core's codes (`walkIn`) or their labels in
 * zh-CN or en (`来店`, `Walk-in`), and the words dealers write for them (`转介绍`, `扫街`, `微信`…).
 *
 * @module
 */
import {
  type AuditLog,
  type CardEvent,
  CardId,
  type CardStore,
  ContactChannel,
  ContactOutcome,
  decodeCardCommand,
  getCard,
  type HandleCardError,
  handleCard,
  type InputIssue,
  IntentType,
  type LabelledEnum,
  LeadSource,
  normalisePhone,
  type Outbox,
  type PolicyStore,
  type ReferralStore,
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
  /^(yes|y|true|1|是|已试驾)$/i.test(text)
    ? true
    : /^(no|n|false|0|否|未试驾)$/i.test(text)
      ? false
      : undefined

/**
 * A column of labelled values: the core's enum, and the words dealers write for its values
 * besides the codes and the zh-CN and en labels.
 */
interface Vocabulary<V extends string> {
  readonly column: string
  readonly values: LabelledEnum<V>
  readonly aliases: Readonly<Record<string, V>>
}

const vocabulary = <V extends string>(
  column: string,
  values: LabelledEnum<V>,
  aliases: Readonly<Record<string, V>> = {}
): Vocabulary<V> => ({ column, values, aliases })

/** The lead sources dealers write: the core's labels (来店, 来电, 客户介绍…) and these. */
export const SOURCES = vocabulary("source", LeadSource, {
  展厅: "walkIn",
  到店: "walkIn",
  进店: "walkIn",
  电话: "phoneIn",
  介绍: "referral",
  转介绍: "referral",
  老客户介绍: "referral",
  基盘介绍: "referral",
  员工介绍: "staff",
  内部: "staff",
  扫街: "outbound",
  外展: "outbound",
  车展: "event",
  线上: "online",
  网络线索: "online",
  汽车之家: "online",
  懂车帝: "online"
})
/** The intent types: the core's labels (直接型, 关键人, 潜在型) and these. */
export const INTENTS = vocabulary("intent", IntentType, {
  直接: "direct",
  关键人物: "keyPerson",
  桩脚: "keyPerson",
  潜在: "latent"
})
/** The contact channels: the core's labels (电话, 到店, 上门拜访, 短信, 微信, 信函, 电子邮件) and these. */
export const CHANNELS = vocabulary("channel", ContactChannel, {
  打电话: "call",
  电话回访: "call",
  来店: "showroomVisit",
  展厅: "showroomVisit",
  上门: "homeVisit",
  拜访: "homeVisit",
  信息: "sms",
  邮寄: "letter",
  信件: "letter",
  邮件: "email"
})
/** The contact outcomes: the core's labels (已联系上, 未联系上, 客户到店) and these. */
export const OUTCOMES = vocabulary("outcome", ContactOutcome, {
  联系上: "reached",
  已联系: "reached",
  接通: "reached",
  未接通: "notReached",
  无人接听: "notReached",
  到店: "visited",
  来店: "visited"
})

/**
 * The code of a cell of a labelled column: a code, a label (zh-CN or en, any case) or an alias;
 * or the reason it is none of them.
 *
 * @example
 * ```ts
 * codeOf(SOURCES, "来店") // Success("walkIn")
 * ```
 */
export const codeOf = <V extends string>(vocab: Vocabulary<V>, text: string): Result.Result<V, string> => {
  const t = text.trim().toLowerCase()
  for (const v of vocab.values.values) {
    const l = vocab.values.labels[v]
    if (v.toLowerCase() === t || l["zh-CN"].toLowerCase() === t || l.en.toLowerCase() === t)
      return Result.succeed(v)
  }
  const alias = Object.entries(vocab.aliases).find(([word]) => word.toLowerCase() === t)
  if (alias !== undefined) return Result.succeed(alias[1] as V)
  return Result.fail(
    `${vocab.column}: "${text}" is not one of ${vocab.values.values
      .map((v) => `${v} (${vocab.values.labels[v]["zh-CN"]})`)
      .join(", ")}`
  )
}

/** Where {@link commandOfRow} puts the reasons it found in cells it replaced by placeholders. */
const REASONS = Symbol.for("jipan/showroom/import/reasons")

const ROW_TYPES: Readonly<Record<string, "open" | "contact">> = {
  open: "open",
  建卡: "open",
  开卡: "open",
  新建: "open",
  contact: "contact",
  联系: "contact",
  跟进: "contact",
  回访: "contact"
}

/**
 * Builds the command of a row (as plain data, to be decoded), or every reason it cannot: each
 * cell is checked on its own, so one bad cell never hides another.
 */
export const commandOfRow = (
  row: Row,
  tenant: Tenant
): Result.Result<Record<string, unknown>, ReadonlyArray<string>> => {
  const reasons: Array<string> = []
  const cell = (k: string) => (row[k] ?? "").trim()
  /** A labelled cell's code; a placeholder (reported) when it is not one, so the rest still decodes. */
  const coded = <V extends string>(vocab: Vocabulary<V>, fallback: V): V => {
    const r = codeOf(vocab, cell(vocab.column))
    if (Result.isSuccess(r)) return r.success
    reasons.push(r.failure)
    return fallback
  }
  const evidence: Record<string, unknown> = {}
  if (cell("model") !== "") evidence.modelOfInterest = cell("model")
  if (cell("timeframe_days") !== "") {
    const n = Number(cell("timeframe_days"))
    // left to the Schema to judge, so the reason names the field
    evidence.purchaseTimeframeDays = Number.isFinite(n) ? n : cell("timeframe_days")
  }
  const td = cell("test_drive")
  if (/^(booked|已预约|预约)$/i.test(td)) evidence.testDriveBooked = true
  else if (td !== "") {
    const yes = yesNo(td)
    if (yes === undefined)
      reasons.push(`test_drive: expected yes, no or booked (是, 否, 已预约), got "${td}"`)
    else evidence.testDriveDone = yes
  }
  let at = instant(cell("at"))
  if (Number.isNaN(at)) {
    reasons.push(`at: expected YYYY-MM-DD HH:mm, got "${cell("at")}"`)
    at = Date.parse("2026-01-01T09:00:00+08:00") // a placeholder: the other cells are still checked
  }
  const by = { id: cell("consultant"), role: "consultant" }
  const type = ROW_TYPES[cell("type").toLowerCase()]
  if (type === "open") {
    const phone = normalisePhone(cell("phone"))
    if (Result.isFailure(phone)) reasons.push(`phone: ${phone.failure.message}`)
    return Result.succeed({
      _tag: "OpenCard",
      cardId: cell("card_id"),
      storeId: tenant.storeId,
      customerId: cell("customer_id") === "" ? `cust-${cell("card_id")}` : cell("customer_id"),
      phone: Result.isSuccess(phone) ? phone.success : "+8613800000000",
      owner: cell("consultant"),
      source: coded(SOURCES, "walkIn"),
      intent: cell("intent") === "" ? "direct" : coded(INTENTS, "direct"),
      evidence,
      by,
      at,
      // the reasons found so far travel with the command (see importRows)
      [REASONS]: reasons
    })
  }
  if (type === "contact") {
    return Result.succeed({
      _tag: "LogContact",
      channel: coded(CHANNELS, "call"),
      outcome: cell("outcome") === "" ? "reached" : coded(OUTCOMES, "reached"),
      evidence,
      ...(cell("next_contact") === "" ? {} : { agreedNextContactOn: cell("next_contact") }),
      ...(cell("note") === "" ? {} : { note: cell("note") }),
      by,
      at,
      [REASONS]: reasons
    })
  }
  return Result.fail([...reasons, `type: expected open or contact (建卡, 联系), got "${cell("type")}"`])
}

/**
 * The row's command decoded, or every reason against it: the cells' own ({@link commandOfRow})
 * and the Schema's.
 */
export const decodeRow = (row: Row, tenant: Tenant) => {
  const built = commandOfRow(row, tenant)
  if (Result.isFailure(built)) return Result.fail(built.failure)
  const { [REASONS]: found, ...command } = built.success as Record<string | symbol, unknown>
  const reasons = [...((found as ReadonlyArray<string> | undefined) ?? [])]
  const decoded = decodeCardCommand(command)
  if (Result.isFailure(decoded)) reasons.push(...issueText(decoded.failure.issues))
  return reasons.length > 0 || Result.isFailure(decoded)
    ? Result.fail(reasons)
    : Result.succeed(decoded.success)
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
  options: { readonly note: (line: string) => void; readonly tty?: boolean }
): Effect.Effect<
  ImportReport,
  StoreError,
  AuditLog | CardStore | ReferralStore | PolicyStore | Outbox | StoreTransaction
> =>
  Effect.gen(function* () {
    const errors: Array<RowError> = []
    let imported = 0
    let skipped = 0
    const progress = startProgress("导入 (importing)", rows.length, options.tty)
    for (const [i, { line, row }] of rows.entries()) {
      const cardId = (row.card_id ?? "").trim()
      const decoded = decodeRow(row, tenant)
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
