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
 * card whose normalised phone already has an open card — earlier in the source, or in the
 * database under another key — is rejected as "already has a card" (已有客户卡), as `OpenCard`
 * would be: across the dealer group, or only within the card's store when the policy's
 * `lifecycle.phoneUniqueness` is `store`. The first line wins, so re-running gives the same result.
 *
 * @since 0.1.0
 */
import {
  type CardState,
  defaultPolicy,
  openCardStatuses,
  type Policy,
  type StoreError,
  type Tenant
} from "@jipan/core"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import { careOf, decodeRow, type ImportSource, idsOf, type Prepared } from "./BulkImportRow.js"
import { tablesOf } from "./BulkImportTables.js"
import { BulkLoader, insertRows } from "./BulkLoader.js"
import { storeError } from "./StoreErrors.js"

export {
  CardHistoryRow,
  decodeRow,
  FlatCardRow,
  ImportRow,
  type ImportSource
} from "./BulkImportRow.js"
export { tablesOf } from "./BulkImportTables.js"

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
 * const ok = (r: BulkImport.ImportReport) => r.rejected === 0
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

// -----------------------------------------------------------------------------
// the import
// -----------------------------------------------------------------------------

// What a loader's write answered: nothing (a COPY loader, all or nothing), or how many rows of
// each table it inserted (the INSERT loader, which skips existing rows).
const insertedCounts = (answer: unknown): ReadonlyArray<number> | undefined =>
  typeof answer === "object" && answer !== null && "inserted" in answer
    ? (answer as { readonly inserted: ReadonlyArray<number> }).inserted
    : undefined

const isOpen = (state: CardState) => openCardStatuses.includes(state.status)

/** The open card holding a phone: its store and id. */
interface Holder {
  readonly storeId: string
  readonly cardId: string
}

const nothingExisting = () => ({ present: new Set<number>(), phoneHeldBy: new Map<number, Holder>() })

/**
 * Rows of a batch already in the database: by id, and open cards holding a phone (in the group,
 * or in the row's store when `perStore`).
 */
const existing = (
  sql: SqlClient.SqlClient,
  dealerGroupId: string,
  perStore: boolean,
  keys: ReadonlyArray<{
    readonly i: number
    readonly s: string
    readonly c: string
    readonly p: string | null
  }>
) =>
  Effect.gen(function* () {
    if (keys.length === 0) return nothingExisting()
    // LATERAL … LIMIT 1: one index probe a key (the planner cannot turn it into a scan of the table)
    const json = JSON.stringify(keys)
    // the phone probe reads the (dealer_group_id, phone) index either way
    const rows = yield* sql<{
      readonly i: number
      readonly kind: string
      readonly store_id: string
      readonly card_id: string
    }>`
      SELECT k.i, 'id' AS kind, x.store_id, x.card_id
        FROM jsonb_to_recordset(${json}::jsonb) AS k(i integer, s text, c text, p text)
        CROSS JOIN LATERAL (SELECT c.store_id, c.card_id FROM jipan_cards c
          WHERE c.dealer_group_id = ${dealerGroupId} AND c.store_id = k.s AND c.card_id = k.c LIMIT 1) x
      UNION ALL
      SELECT k.i, 'phone' AS kind, x.store_id, x.card_id
        FROM jsonb_to_recordset(${json}::jsonb) AS k(i integer, s text, c text, p text)
        CROSS JOIN LATERAL (SELECT c.store_id, c.card_id FROM jipan_cards c
          WHERE c.dealer_group_id = ${dealerGroupId} AND c.phone = k.p AND (c.store_id, c.card_id) <> (k.s, k.c)
            AND ${perStore ? sql`c.store_id = k.s` : sql`TRUE`} AND ${sql.in("c.status", openCardStatuses)}
          ORDER BY c.store_id COLLATE "C", c.card_id COLLATE "C" LIMIT 1) x
        WHERE k.p IS NOT NULL`
    const found = nothingExisting()
    for (const r of rows) {
      if (r.kind === "id") found.present.add(r.i)
      else if (!found.phoneHeldBy.has(r.i))
        found.phoneHeldBy.set(r.i, { storeId: r.store_id, cardId: r.card_id })
    }
    return found
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
 * declare const rows: AsyncIterable<unknown> // the parsed lines of an NDJSON export
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
    // one open card per phone in the group (the default) or in each store, as OpenCard decides
    const perStore = (policy.lifecycle.phoneUniqueness ?? "group") === "store"
    const firstCardLine = new Map<string, number>()
    const openPhone = new Map<
      string,
      { readonly storeId: string; readonly cardId: string; readonly line: number }
    >()
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
          const counts = insertedCounts(written.success)
          const inserted = counts === undefined ? cards.length : (counts[0] ?? 0)
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
          ? nothingExisting()
          : yield* existing(sql, dealerGroupId, perStore, keys).pipe(Effect.mapError((e) => storeError(e)))
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
          const phoneKey =
            phone === undefined ? undefined : perStore ? `${card.storeId}\u0000${phone}` : phone
          const holder = { storeId: card.storeId, cardId: card.cardId, line: d.line }
          if (db.present.has(i)) {
            alreadyPresent++
            if (phoneKey !== undefined && !openPhone.has(phoneKey)) openPhone.set(phoneKey, holder)
            continue
          }
          if (phoneKey !== undefined) {
            const earlier = openPhone.get(phoneKey)
            if (earlier !== undefined) {
              reject(
                `${phone} already has a card (已有客户卡) in store ${earlier.storeId}: ${earlier.cardId} (line ${earlier.line})`
              )
              continue
            }
            const held = db.phoneHeldBy.get(i)
            if (held !== undefined) {
              reject(
                `${phone} already has a card (已有客户卡) in store ${held.storeId}: ${held.cardId} (in the database)`
              )
              continue
            }
            openPhone.set(phoneKey, holder)
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
