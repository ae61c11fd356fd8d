/**
 * The bulk loader: how a batch of rows reaches the tables in one transaction. `@jipan/store-sql`
 * provides the portable fallback (multi-row `INSERT … ON CONFLICT DO NOTHING` through the
 * `SqlClient`); the drivers override it with COPY (`@jipan/store-postgres`: `COPY … FROM STDIN`
 * through `pg-copy-streams`; `@jipan/store-pglite`: `COPY … FROM '/dev/blob'`).
 *
 * @since 0.1.0
 */
import { StoreError } from "@jipan/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { isUniqueViolation } from "./StoreErrors.js"

/**
 * One value of a bulk row: text, a number, a boolean, `null`, or an object or array (written as
 * JSON, for `jsonb` columns). Dates are `YYYY-MM-DD` strings.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { BulkLoader } from "@jipan/store-sql"
 * const row: ReadonlyArray<BulkLoader.BulkValue> = ["grp-1", "store-01", "card-1", 1, null, { status: "prospect" }]
 * ```
 */
export type BulkValue = string | number | boolean | null | object | JsonText

/**
 * JSON already serialised, for a `jsonb` column (written as it is: no second serialisation).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { BulkLoader } from "@jipan/store-sql"
 * const state = new BulkLoader.JsonText(JSON.stringify({ status: "prospect" }))
 * ```
 */
export class JsonText {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/**
 * Rows for one table, each row an array in the order of `columns`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { BulkLoader } from "@jipan/store-sql"
 * const table: BulkLoader.BulkTable = {
 *   table: "jipan_card_events",
 *   columns: ["dealer_group_id", "store_id", "card_id", "version", "event_type", "at", "event"],
 *   rows: [["grp-1", "store-01", "card-1", 1, "CardOpened", 1764000000000, { _tag: "CardOpened" }]]
 * }
 * ```
 */
export interface BulkTable {
  readonly table: string
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<BulkValue>>
}

/**
 * The bulk loader service.
 *
 * - `method`: `"copy"` or `"insert"` (reported by the import);
 * - `write`: writes every table's rows in one transaction, all or nothing, in the order given.
 *   A COPY loader fails with a `StoreError` of reason `Duplicate` when a row already exists (the
 *   import then writes that batch again through {@link insertRows}, which skips existing rows);
 *   the INSERT loader skips existing rows itself and answers how many rows of each table it
 *   inserted (`{ inserted }`), so an import racing another counts each card once.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { BulkLoader } from "@jipan/store-sql"
 * const write = (tables: ReadonlyArray<BulkLoader.BulkTable>) =>
 *   Effect.flatMap(Effect.service(BulkLoader.BulkLoader), (loader) => loader.write(tables))
 * ```
 */
export class BulkLoader extends Context.Service<
  BulkLoader,
  {
    readonly method: "copy" | "insert"
    readonly write: (
      tables: ReadonlyArray<BulkTable>
    ) =>
      | Effect.Effect<void, StoreError>
      | Effect.Effect<{ readonly inserted: ReadonlyArray<number> }, StoreError>
  }
>()("@jipan/store-sql/BulkLoader") {}

const loadFailed = (error: unknown, what: string): StoreError => {
  const unique =
    (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505") ||
    isUniqueViolation(error)
  const message = error instanceof Error ? error.message : String(error)
  return new StoreError({
    reason: unique ? "Duplicate" : "Unknown",
    message: `Bulk ${what} failed: ${message}`,
    cause: error
  })
}

/**
 * Turns a driver failure during a bulk write into a `StoreError` (`Duplicate` for a unique
 * violation — SQLSTATE 23505 or effect/sql's `UniqueViolation` — else `Unknown`).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { BulkLoader } from "@jipan/store-sql"
 * BulkLoader.bulkError({ code: "23505", message: "duplicate key" }, "COPY").reason // "Duplicate"
 * ```
 */
export const bulkError: (error: unknown, what: string) => StoreError = loadFailed

const escapeCopy = (text: string): string => {
  // COPY text format: backslash, tab, newline and carriage return are escaped
  let needs = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 92 || c === 9 || c === 10 || c === 13) {
      needs = true
      break
    }
  }
  if (!needs) return text
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"
  )
}

const copyField = (value: BulkValue): string =>
  value instanceof JsonText
    ? escapeCopy(value.text)
    : value === null
      ? "\\N"
      : typeof value === "string"
        ? escapeCopy(value)
        : typeof value === "number"
          ? String(value)
          : typeof value === "boolean"
            ? value
              ? "t"
              : "f"
            : escapeCopy(JSON.stringify(value))

/**
 * The rows of a table in PostgreSQL's COPY text format (tab-separated, `\N` for null, one line a
 * row), ready for `COPY table (columns) FROM STDIN` or PGlite's `COPY … FROM '/dev/blob'`.
 *
 * @since 0.1.0
 * @category COPY
 * @example
 * ```ts
 * import { BulkLoader } from "@jipan/store-sql"
 * BulkLoader.copyText({ table: "t", columns: ["a", "b"], rows: [["x\ty", null]] }) // "x\\ty\t\\N\n"
 * ```
 */
export const copyText = (table: BulkTable): string => {
  const lines = new Array<string>(table.rows.length)
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r] as ReadonlyArray<BulkValue>
    let line = ""
    for (let c = 0; c < row.length; c++) line += (c === 0 ? "" : "\t") + copyField(row[c] as BulkValue)
    lines[r] = line
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`
}

const identifier = /^[a-z_][a-z0-9_]*$/

/**
 * The `COPY table (columns) FROM <source>` statement of a table (names are checked to be plain
 * lower-case identifiers, so they need no quoting).
 *
 * @since 0.1.0
 * @category COPY
 * @example
 * ```ts
 * import { BulkLoader } from "@jipan/store-sql"
 * BulkLoader.copyStatement({ table: "t", columns: ["a", "b"], rows: [] }, "STDIN") // "COPY t (a, b) FROM STDIN"
 * ```
 */
export const copyStatement = (table: BulkTable, source: string): string => {
  for (const name of [table.table, ...table.columns])
    if (!identifier.test(name)) throw new Error(`Not a plain identifier: ${name}`)
  return `COPY ${table.table} (${table.columns.join(", ")}) FROM ${source}`
}

/**
 * Inserts rows through the `SqlClient`, skipping rows whose key already exists
 * (`INSERT … SELECT … FROM jsonb_populate_recordset(…) ON CONFLICT DO NOTHING`, one statement a
 * table); returns how many rows of each table were inserted. Call it inside a transaction to
 * make several tables all or nothing.
 *
 * @since 0.1.0
 * @category INSERT
 * @example
 * ```ts
 * import { BulkLoader } from "@jipan/store-sql"
 * declare const tables: ReadonlyArray<BulkLoader.BulkTable>
 * const inserted = BulkLoader.insertRows(tables) // Effect<ReadonlyArray<number>, SqlError, SqlClient>
 * ```
 */
export const insertRows = (
  tables: ReadonlyArray<BulkTable>
): Effect.Effect<ReadonlyArray<number>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const counts: Array<number> = []
    for (const table of tables) {
      if (table.rows.length === 0) {
        counts.push(0)
        continue
      }
      copyStatement(table, "STDIN") // checks the names
      const keys = table.columns.map((c) => JSON.stringify(c))
      const objects = table.rows.map((row) => {
        let o = ""
        for (let c = 0; c < keys.length; c++) {
          const v = row[c] as BulkValue
          o += `${c === 0 ? "{" : ","}${keys[c]}:${v instanceof JsonText ? v.text : JSON.stringify(v)}`
        }
        return `${o}}`
      })
      const columns = table.columns.join(", ")
      const rows = yield* sql`INSERT INTO ${sql.literal(table.table)} (${sql.literal(columns)})
        SELECT ${sql.literal(columns)} FROM jsonb_populate_recordset(NULL::${sql.literal(table.table)}, ${`[${objects.join(",")}]`}::jsonb)
        ON CONFLICT DO NOTHING RETURNING 1 AS one`
      counts.push(rows.length)
    }
    return counts
  })

/**
 * The portable loader: every batch through {@link insertRows} in one transaction of the
 * `SqlClient` (existing rows are skipped, never a `Duplicate`).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { BulkLoader, Migrations, SqlStore } from "@jipan/store-sql"
 * const Store = Layer.mergeAll(SqlStore.layer, BulkLoader.layerInsert).pipe(Layer.provideMerge(Migrations.layer))
 * ```
 */
export const layerInsert: Layer.Layer<BulkLoader, never, SqlClient.SqlClient> = Layer.effect(
  BulkLoader,
  Effect.map(Effect.service(SqlClient.SqlClient), (sql) =>
    BulkLoader.of({
      method: "insert",
      write: (tables) =>
        insertRows(tables).pipe(
          sql.withTransaction,
          Effect.map((inserted) => ({ inserted })),
          Effect.catch((e) => Effect.fail(loadFailed(e, "INSERT"))),
          Effect.provideService(SqlClient.SqlClient, sql)
        )
    })
  )
)
