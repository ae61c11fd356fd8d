/**
 * Bulk import of existing cards and their histories (a DMS moving in): a stream of rows, each
 * decoded with Schema, checked, folded to its state and written in batches through the
 * {@link BulkLoader.BulkLoader} the driver provides (COPY where the backend has it). Bad rows are
 * reported by line with their reasons and do not stop the good ones; running the same import
 * again changes nothing and reports the same rejections.
 *
 * Two row forms are accepted, mixed freely:
 *
 * - {@link CardHistoryRow}: a card with its full history, as JSON (`{ storeId, cardId, history }`,
 *   the events in their stored JSON form) — one line of an NDJSON export;
 * - {@link FlatCardRow}: a flat, CSV-friendly open card (`storeId, cardId, customerId, phone,
 *   owner, source, intent, openedAt[, modelOfInterest]`), opened through the decider under the
 *   policy given (so it is graded and scheduled as if opened that day).
 *
 * Duplicates: a card is identified by (store, card id). A card already in the database is left as
 * it is and counted as `alreadyPresent` (an import never rewrites a history). A card id seen
 * earlier in the same source is rejected (`the card appears again`, first line named). An open
 * card whose normalised phone already has an open card in the store — earlier in the source, or
 * in the database under another id — is rejected as "already has a card" (已有客户卡), as
 * `OpenCard` would be. The first line wins, so re-running gives the same result.
 *
 * @since 0.1.0
 */
import {
  type CalendarDate,
  type CardEvent,
  CardEvent as CardEventSchema,
  CardId,
  type CardState,
  type CareContact,
  ConsultantId,
  CustomerId,
  carePlanOf,
  decideCard,
  defaultPolicy,
  foldCard,
  IntentType,
  initialCardState,
  LeadSource,
  normalisePhone,
  openCardStatuses,
  type Policy,
  type StoreError,
  StoreId,
  type Tenant
} from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import { BulkLoader, type BulkTable, type BulkValue, insertRows, JsonText } from "./BulkLoader.js"
import { cardReportRows } from "./ReportRows.js"
import { stateJson, storeError } from "./SqlStore.js"

// -----------------------------------------------------------------------------
// the input
// -----------------------------------------------------------------------------

/**
 * A card with its whole history, as exported by a DMS (or by Jipan): the events in their JSON
 * form, oldest first; the first must be the `CardOpened` of this card in this store.
 *
 * @since 0.1.0
 * @category input
 * @example
 * ```ts
 * import { BulkImport } from "@jipan/store-sql"
 * const line = JSON.stringify({ storeId: "store-01", cardId: "card-1", history: [opened] })
 * BulkImport.decodeRow(JSON.parse(line))
 * ```
 */
export const CardHistoryRow = Schema.Struct({
  storeId: StoreId,
  cardId: CardId,
  history: Schema.Array(CardEventSchema)
})
/** @see {@link CardHistoryRow} */
export type CardHistoryRow = typeof CardHistoryRow.Type

/**
 * A flat, CSV-friendly row for a card still open: every field a string. `openedAt` is an ISO 8601
 * instant (`2026-03-02T09:00:00+08:00`) or epoch milliseconds; `phone` is normalised
 * (`138 1234 5678` → `+8613812345678`).
 *
 * @since 0.1.0
 * @category input
 * @example
 * ```ts
 * import { BulkImport } from "@jipan/store-sql"
 * const row: typeof BulkImport.FlatCardRow.Encoded = {
 *   storeId: "store-01", cardId: "card-2", customerId: "cust-2", phone: "138 0000 0002",
 *   owner: "c-wang", source: "walkIn", intent: "direct", openedAt: "2026-03-02T09:00:00+08:00"
 * }
 * ```
 */
export const FlatCardRow = Schema.Struct({
  storeId: StoreId,
  cardId: CardId,
  customerId: CustomerId,
  phone: Schema.String,
  owner: ConsultantId,
  source: LeadSource.schema,
  intent: IntentType.schema,
  openedAt: Schema.String,
  modelOfInterest: Schema.optional(Schema.String)
})
/** @see {@link FlatCardRow} */
export type FlatCardRow = typeof FlatCardRow.Type

/**
 * One import row: {@link CardHistoryRow} or {@link FlatCardRow}.
 *
 * @since 0.1.0
 * @category input
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { BulkImport } from "@jipan/store-sql"
 * Schema.decodeUnknownResult(BulkImport.ImportRow)({ storeId: "s", cardId: "c", history: [] })
 * ```
 */
export const ImportRow = Schema.Union([CardHistoryRow, FlatCardRow])
/** @see {@link ImportRow} */
export type ImportRow = typeof ImportRow.Type

// -----------------------------------------------------------------------------
// the report
// -----------------------------------------------------------------------------

/**
 * A row that was not imported: its line (1-based position in the source, shifted by
 * `firstLine`), the card when it could be read, and why.
 *
 * @since 0.1.0
 * @category report
 * @example
 * ```ts
 * import type { BulkImport } from "@jipan/store-sql"
 * const show = (r: BulkImport.RejectedRow) => `line ${r.line}: ${r.reasons.join("; ")}`
 * ```
 */
export interface RejectedRow {
  readonly line: number
  readonly storeId: string | undefined
  readonly cardId: string | undefined
  readonly reasons: ReadonlyArray<string>
}

/**
 * Where an import is, handed to `onProgress` after every batch.
 *
 * @since 0.1.0
 * @category report
 * @example
 * ```ts
 * import type { BulkImport } from "@jipan/store-sql"
 * const log = (p: BulkImport.ImportProgress) => console.log(`${p.lines} read, ${p.imported} imported`)
 * ```
 */
export interface ImportProgress {
  readonly lines: number
  readonly imported: number
  readonly alreadyPresent: number
  readonly rejected: number
}

/**
 * What an import did: lines read, cards imported now, cards already present (skipped), the
 * rejected rows, and the loader method (`copy` or `insert`).
 *
 * @since 0.1.0
 * @category report
 * @example
 * ```ts
 * import type { BulkImport } from "@jipan/store-sql"
 * const ok = (r: BulkImport.ImportReport) => r.rejected.length === 0
 * ```
 */
export interface ImportReport extends ImportProgress {
  readonly method: "copy" | "insert"
  readonly rejectedRows: ReadonlyArray<RejectedRow>
}

/**
 * Options of {@link importCards}.
 *
 * - `policy` (default `defaultPolicy`): decides flat rows and plans owned customers' care;
 * - `batchSize` (default 5,000): rows per batch (one transaction, one COPY per table);
 * - `firstLine` (default 1): the line number of the first row (2 for a CSV with a header);
 * - `onProgress`: called after every batch.
 *
 * @since 0.1.0
 * @category options
 * @example
 * ```ts
 * import type { BulkImport } from "@jipan/store-sql"
 * const options: BulkImport.ImportOptions = { batchSize: 10_000, firstLine: 2, onProgress: (p) => console.log(p.lines) }
 * ```
 */
export interface ImportOptions {
  readonly policy?: Policy | undefined
  readonly batchSize?: number | undefined
  readonly firstLine?: number | undefined
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined
}

/**
 * What an import reads: an effect `Stream`, an `AsyncIterable` or an `Iterable` of unknown
 * values (parsed JSON lines, CSV records as objects…), decoded row by row.
 *
 * @since 0.1.0
 * @category input
 * @example
 * ```ts
 * import type { BulkImport } from "@jipan/store-sql"
 * async function* lines(): AsyncIterable<unknown> { yield { storeId: "s", cardId: "c", history: [] } }
 * const source: BulkImport.ImportSource<never, never> = lines()
 * ```
 */
export type ImportSource<E, R> = Stream.Stream<unknown, E, R> | AsyncIterable<unknown> | Iterable<unknown>

// -----------------------------------------------------------------------------
// decoding one row
// -----------------------------------------------------------------------------

const decodeImportRow = Schema.decodeUnknownResult(ImportRow)

/** A row checked and folded: ready to write. */
interface Prepared {
  readonly line: number
  readonly storeId: string
  readonly cardId: CardId
  readonly history: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly care: ReadonlyArray<CareContact>
}

const idsOf = (raw: unknown): { storeId: string | undefined; cardId: string | undefined } => {
  const o = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {}
  return {
    storeId: typeof o.storeId === "string" ? o.storeId : undefined,
    cardId: typeof o.cardId === "string" ? o.cardId : undefined
  }
}

const instantOf = (text: string): number | undefined => {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return undefined
  const t = Date.parse(trimmed)
  return Number.isFinite(t) ? t : undefined
}

/**
 * Decodes and checks one row, returning the card's history and the state it folds to, or the
 * reasons it cannot be imported. Pure: no database is read.
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { BulkImport } from "@jipan/store-sql"
 * const r = BulkImport.decodeRow({ storeId: "s", cardId: "c", history: [] })
 * Result.isFailure(r) && r.failure // ["the history is empty: …"]
 * ```
 */
export const decodeRow = (
  raw: unknown,
  policy: Policy = defaultPolicy
): Result.Result<
  {
    readonly storeId: string
    readonly cardId: CardId
    readonly history: ReadonlyArray<CardEvent>
    readonly state: CardState
  },
  ReadonlyArray<string>
> => {
  const decoded = decodeImportRow(raw, { errors: "all" })
  if (Result.isFailure(decoded)) return Result.fail([decoded.failure.message])
  const row = decoded.success
  if ("history" in row) {
    const history = row.history
    const first = history[0]
    if (first === undefined) return Result.fail(["the history is empty: a card starts with CardOpened"])
    const reasons: Array<string> = []
    if (first._tag !== "CardOpened") reasons.push(`the first event is ${first._tag}, not CardOpened`)
    else {
      if (first.cardId !== row.cardId)
        reasons.push(`CardOpened names card ${first.cardId}, the row ${row.cardId}`)
      if (first.storeId !== row.storeId)
        reasons.push(`CardOpened names store ${first.storeId}, the row ${row.storeId}`)
    }
    for (let i = 1; i < history.length; i++) {
      const e = history[i] as CardEvent
      if (e._tag === "CardOpened") reasons.push(`event ${i + 1} opens the card again`)
      if (e.at < (history[i - 1] as CardEvent).at) reasons.push(`event ${i + 1} is earlier than event ${i}`)
    }
    if (reasons.length > 0) return Result.fail(reasons)
    return Result.succeed({
      storeId: row.storeId,
      cardId: row.cardId,
      history,
      state: foldCard(history)
    })
  }
  const phone = normalisePhone(row.phone)
  const at = instantOf(row.openedAt)
  const reasons: Array<string> = []
  if (Result.isFailure(phone)) reasons.push(phone.failure.message)
  if (at === undefined)
    reasons.push(`openedAt "${row.openedAt}" is neither an ISO 8601 instant nor epoch milliseconds`)
  if (Result.isFailure(phone) || at === undefined) return Result.fail(reasons)
  const decided = decideCard(
    {
      _tag: "OpenCard",
      cardId: row.cardId,
      storeId: row.storeId,
      customerId: row.customerId,
      phone: phone.success,
      owner: row.owner,
      source: row.source,
      intent: row.intent,
      evidence: row.modelOfInterest === undefined ? {} : { modelOfInterest: row.modelOfInterest },
      existingOpenCardId: undefined,
      by: { id: row.owner, role: "consultant" },
      at
    },
    foldCard([]),
    policy
  )
  if (Result.isFailure(decided)) return Result.fail([decided.failure.message])
  return Result.succeed({
    storeId: row.storeId,
    cardId: row.cardId,
    history: decided.success,
    state: foldCard(decided.success)
  })
}

const careOf = (
  state: CardState,
  history: ReadonlyArray<CardEvent>,
  policy: Policy
): ReadonlyArray<CareContact> => {
  const last = history[history.length - 1]
  if (last === undefined) return []
  return (carePlanOf(state, policy, last.on as CalendarDate)?.contacts ?? []).map((c) => ({
    ruleId: c.ruleId,
    plannedOn: c.plannedOn,
    on: c.on,
    kind: c.kind,
    critical: c.critical
  }))
}

// -----------------------------------------------------------------------------
// the rows written
// -----------------------------------------------------------------------------

const cardColumns = [
  "dealer_group_id",
  "store_id",
  "card_id",
  "version",
  "status",
  "owner_id",
  "grade",
  "next_contact_due",
  "phone",
  "customer_id",
  "opened_on",
  "state"
] as const
const eventColumns = [
  "dealer_group_id",
  "store_id",
  "card_id",
  "version",
  "event_type",
  "at",
  "event"
] as const
const careColumns = [
  "dealer_group_id",
  "store_id",
  "card_id",
  "rule_id",
  "planned_on",
  "due_on",
  "kind",
  "critical",
  "owner_id"
] as const
const reportEventColumns = [
  "dealer_group_id",
  "store_id",
  "card_id",
  "version",
  "on_date",
  "owner_id",
  "report"
] as const
const spanColumns = [
  "dealer_group_id",
  "store_id",
  "card_id",
  "started_version",
  "started_on",
  "ended_on",
  "owner_id",
  "due"
] as const
const factsColumns = [
  "dealer_group_id",
  "store_id",
  "card_id",
  "version",
  "status",
  "owner_id",
  "facts"
] as const

/**
 * The tables rows of prepared cards: `jipan_cards`, `jipan_card_events`, `jipan_care_contacts`
 * and the report tables `jipan_report_events`, `jipan_due_spans`, `jipan_card_facts` (the same
 * columns and JSON forms as `SqlStore`'s append; the report rows of the whole history, made with
 * the same pure functions). `jipan_cards` comes first.
 *
 * @since 0.1.0
 * @category writing
 * @example
 * ```ts
 * import { BulkImport } from "@jipan/store-sql"
 * const tables = BulkImport.tablesOf("grp-1", [{ storeId: "store-01", cardId, history, state, care: [] }])
 * ```
 */
export const tablesOf = (
  dealerGroupId: string,
  cards: ReadonlyArray<Omit<Prepared, "line">>
): ReadonlyArray<BulkTable> => {
  const cardRows: Array<ReadonlyArray<BulkValue>> = []
  const eventRows: Array<ReadonlyArray<BulkValue>> = []
  const careRows: Array<ReadonlyArray<BulkValue>> = []
  const reportEventRows: Array<ReadonlyArray<BulkValue>> = []
  const spanRows: Array<ReadonlyArray<BulkValue>> = []
  const factsRows: Array<ReadonlyArray<BulkValue>> = []
  for (const c of cards) {
    const s = c.state
    cardRows.push([
      dealerGroupId,
      c.storeId,
      c.cardId,
      s.version,
      s.status,
      s.owner ?? null,
      s.grade ?? null,
      s.nextContactDue ?? null,
      s.phone ?? null,
      s.customerId ?? null,
      s.openedOn ?? null,
      new JsonText(stateJson(s))
    ])
    for (let i = 0; i < c.history.length; i++) {
      const e = c.history[i] as CardEvent
      eventRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        i + 1,
        e._tag,
        e.at,
        new JsonText(JSON.stringify(e))
      ])
    }
    for (const k of c.care)
      careRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        k.ruleId,
        k.plannedOn,
        k.on,
        k.kind,
        k.critical,
        s.owner ?? null
      ])
    const tenant = { dealerGroupId, storeId: c.storeId } as Tenant
    const report = cardReportRows(tenant, c.cardId, initialCardState, c.history, s)
    for (const r of report.events)
      reportEventRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        r.version,
        r.on_date,
        r.owner_id,
        new JsonText(JSON.stringify(r.report))
      ])
    for (const r of report.spans)
      spanRows.push([
        dealerGroupId,
        c.storeId,
        c.cardId,
        r.started_version,
        r.started_on,
        r.ended_on,
        r.owner_id,
        r.due
      ])
    const f = report.facts
    factsRows.push([
      dealerGroupId,
      c.storeId,
      c.cardId,
      f.version,
      f.status,
      f.owner_id,
      new JsonText(JSON.stringify(f.facts))
    ])
  }
  return [
    { table: "jipan_cards", columns: cardColumns, rows: cardRows },
    { table: "jipan_card_events", columns: eventColumns, rows: eventRows },
    { table: "jipan_care_contacts", columns: careColumns, rows: careRows },
    { table: "jipan_report_events", columns: reportEventColumns, rows: reportEventRows },
    { table: "jipan_due_spans", columns: spanColumns, rows: spanRows },
    { table: "jipan_card_facts", columns: factsColumns, rows: factsRows }
  ]
}

// -----------------------------------------------------------------------------
// the import
// -----------------------------------------------------------------------------

const isOpen = (state: CardState) => openCardStatuses.includes(state.status)

/** Rows of a batch already in the database: by id, and open cards holding a phone. */
const existing = (
  sql: SqlClient.SqlClient,
  dealerGroupId: string,
  keys: ReadonlyArray<{
    readonly i: number
    readonly s: string
    readonly c: string
    readonly p: string | null
  }>
) =>
  Effect.gen(function* () {
    if (keys.length === 0) return { present: new Set<number>(), phoneHeldBy: new Map<number, string>() }
    // LATERAL … LIMIT 1: one index probe a key (the planner cannot turn it into a scan of the table)
    const json = JSON.stringify(keys)
    const rows = yield* sql<{ readonly i: number; readonly kind: string; readonly card_id: string }>`
      SELECT k.i, 'id' AS kind, x.card_id FROM jsonb_to_recordset(${json}::jsonb) AS k(i integer, s text, c text, p text)
        CROSS JOIN LATERAL (SELECT c.card_id FROM jipan_cards c
          WHERE c.dealer_group_id = ${dealerGroupId} AND c.store_id = k.s AND c.card_id = k.c LIMIT 1) x
      UNION ALL
      SELECT k.i, 'phone' AS kind, x.card_id FROM jsonb_to_recordset(${json}::jsonb) AS k(i integer, s text, c text, p text)
        CROSS JOIN LATERAL (SELECT c.card_id FROM jipan_cards c
          WHERE c.dealer_group_id = ${dealerGroupId} AND c.phone = k.p AND c.store_id = k.s AND c.card_id <> k.c
            AND ${sql.in("c.status", openCardStatuses)}
          ORDER BY c.card_id LIMIT 1) x
        WHERE k.p IS NOT NULL`
    const present = new Set<number>()
    const phoneHeldBy = new Map<number, string>()
    for (const r of rows) {
      if (r.kind === "id") present.add(r.i)
      else if (!phoneHeldBy.has(r.i)) phoneHeldBy.set(r.i, r.card_id)
    }
    return { present, phoneHeldBy }
  })

const toStream = <E, R>(source: ImportSource<E, R>): Stream.Stream<unknown, E, R> =>
  Stream.isStream(source)
    ? (source as Stream.Stream<unknown, E, R>)
    : Symbol.asyncIterator in (source as object)
      ? (Stream.fromAsyncIterable(source as AsyncIterable<unknown>, (e) => e) as Stream.Stream<unknown, E, R>)
      : Stream.fromIterable(source as Iterable<unknown>)

/**
 * Imports cards with their histories into a dealer group (each row names its store), in batches
 * of one transaction each, through the {@link BulkLoader.BulkLoader} in context (COPY on the
 * PostgreSQL and PGlite stores, else multi-row INSERT). Rows are decoded with {@link ImportRow};
 * a bad row is reported with its line and reasons and the others go in; re-running the same
 * import imports nothing more and reports the same rejections (see the module notes on
 * duplicates). Fails only on a database failure (`StoreError`) or the source's own error.
 *
 * Run it before the store goes live, or while no one opens cards for the same phones: the import
 * checks phones against the database per batch, not under the lock `OpenCard` takes.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { BulkImport } from "@jipan/store-sql"
 * import { JipanPglite } from "@jipan/store-pglite"
 * const report = await Effect.runPromise(
 *   BulkImport.importCards({ dealerGroupId }, rows, { onProgress: (p) => console.log(p.lines) }).pipe(
 *     Effect.provide(JipanPglite.layer())
 *   )
 * )
 * report.rejectedRows // [{ line: 7, cardId: "card-7", reasons: ["…"] }]
 * ```
 */
export const importCards = <E = never, R = never>(
  scope: { readonly dealerGroupId: Tenant["dealerGroupId"] },
  source: ImportSource<E, R>,
  options: ImportOptions = {}
): Effect.Effect<ImportReport, StoreError | E, SqlClient.SqlClient | BulkLoader | R> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const loader = yield* BulkLoader
    const policy = options.policy ?? defaultPolicy
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 5_000))
    const dealerGroupId = scope.dealerGroupId
    const firstCardLine = new Map<string, number>()
    const openPhone = new Map<string, { readonly cardId: string; readonly line: number }>()
    const rejectedRows: Array<RejectedRow> = []
    let line = (options.firstLine ?? 1) - 1
    let lines = 0
    let imported = 0
    let alreadyPresent = 0
    let writing: Fiber.Fiber<void, StoreError> | undefined
    let analyzeAt = 1
    // A dealer group with no card yet (a DMS moving in) has nothing to check the rows against
    // but the source itself: the per-batch database lookups are skipped. A concurrent writer's
    // card still cannot be duplicated (the COPY fails on its key and the batch is written again
    // skipping existing cards).
    const fresh = yield* sql<{ readonly any: boolean }>`SELECT EXISTS (
        SELECT 1 FROM jipan_cards WHERE dealer_group_id = ${dealerGroupId}) AS any`.pipe(
      Effect.map((rows) => rows[0]?.any !== true),
      Effect.mapError((e) => storeError(e))
    )

    // reported when a batch is written: the lines up to that batch, the rejections among them
    const progress = (upTo: number, rejected: number) =>
      options.onProgress?.({ lines: upTo, imported, alreadyPresent, rejected })

    const writeBatch = (cards: ReadonlyArray<Prepared>) =>
      Effect.gen(function* () {
        if (cards.length === 0) return
        const tables = tablesOf(dealerGroupId, cards)
        const written = yield* Effect.result(loader.write(tables))
        if (Result.isSuccess(written)) {
          // a loader that skips existing rows says how many cards it wrote: another import may
          // have written the rest first (counted once, by whichever wrote them)
          const inserted = written.success === undefined ? cards.length : (written.success.inserted[0] ?? 0)
          imported += inserted
          alreadyPresent += cards.length - inserted
          return
        }
        if (written.failure.reason !== "Duplicate") return yield* written.failure
        // another writer got some of these cards in first: skip those, write the rest
        const [inserted] = yield* insertRows(tables).pipe(
          sql.withTransaction,
          Effect.mapError((e) => storeError(e))
        )
        imported += inserted ?? 0
        alreadyPresent += cards.length - (inserted ?? 0)
      })

    const batch = (raws: ReadonlyArray<unknown>) =>
      Effect.gen(function* () {
        const decoded = raws.map((raw) => {
          line++
          lines++
          return { line, raw, result: decodeRow(raw, policy) }
        })
        const keys = decoded.flatMap((d, i) =>
          Result.isSuccess(d.result)
            ? [
                {
                  i,
                  s: d.result.success.storeId,
                  c: d.result.success.cardId,
                  p: isOpen(d.result.success.state) ? (d.result.success.state.phone ?? null) : null
                }
              ]
            : []
        )
        // The table grows fast under an import: refresh its statistics each time it has doubled,
        // or the planner, believing it small, scans it once per probed key.
        if (!fresh && imported >= analyzeAt) {
          analyzeAt = imported * 2
          yield* Effect.ignore(sql`ANALYZE jipan_cards`)
        }
        const db = fresh
          ? { present: new Set<number>(), phoneHeldBy: new Map<number, string>() }
          : yield* existing(sql, dealerGroupId, keys).pipe(Effect.mapError((e) => storeError(e)))
        const ready: Array<Prepared> = []
        for (let i = 0; i < decoded.length; i++) {
          const d = decoded[i] as (typeof decoded)[number]
          if (Result.isFailure(d.result)) {
            rejectedRows.push({ line: d.line, ...idsOf(d.raw), reasons: d.result.failure })
            continue
          }
          const card = d.result.success
          const reject = (reason: string) =>
            rejectedRows.push({ line: d.line, storeId: card.storeId, cardId: card.cardId, reasons: [reason] })
          const key = `${card.storeId}\u0000${card.cardId}`
          const first = firstCardLine.get(key)
          if (first !== undefined) {
            reject(`card ${card.cardId} appears again in store ${card.storeId} (first at line ${first})`)
            continue
          }
          firstCardLine.set(key, d.line)
          const phone = isOpen(card.state) ? card.state.phone : undefined
          const phoneKey = phone === undefined ? undefined : `${card.storeId}\u0000${phone}`
          if (db.present.has(i)) {
            alreadyPresent++
            if (phoneKey !== undefined && !openPhone.has(phoneKey))
              openPhone.set(phoneKey, { cardId: card.cardId, line: d.line })
            continue
          }
          if (phoneKey !== undefined) {
            const earlier = openPhone.get(phoneKey)
            if (earlier !== undefined) {
              reject(
                `${phone} already has a card (已有客户卡) in store ${card.storeId}: ${earlier.cardId} (line ${earlier.line})`
              )
              continue
            }
            const held = db.phoneHeldBy.get(i)
            if (held !== undefined) {
              reject(
                `${phone} already has a card (已有客户卡) in store ${card.storeId}: ${held} (in the database)`
              )
              continue
            }
            openPhone.set(phoneKey, { cardId: card.cardId, line: d.line })
          }
          ready.push({ line: d.line, ...card, care: careOf(card.state, card.history, policy) })
        }
        // one batch written while the next is read and checked
        if (writing !== undefined) yield* Fiber.join(writing)
        const upTo = lines
        const rejected = rejectedRows.length
        writing = yield* Effect.forkChild(
          writeBatch(ready).pipe(Effect.tap(() => Effect.sync(() => progress(upTo, rejected))))
        )
      })

    yield* Stream.runForEach(Stream.grouped(toStream(source), batchSize), batch)
    if (writing !== undefined) yield* Fiber.join(writing)
    if (lines === 0) progress(0, 0)
    // fresh statistics for the queries that follow
    if (imported > 0) yield* Effect.ignore(sql`ANALYZE jipan_cards`)
    return {
      lines,
      imported,
      alreadyPresent,
      rejected: rejectedRows.length,
      rejectedRows,
      method: loader.method
    }
  })
