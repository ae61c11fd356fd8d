/**
 * The rows a bulk import reads, and how one is checked: the two row forms
 * ({@link CardHistoryRow}, {@link FlatCardRow}), the sources they come from, and
 * {@link decodeRow}, which decodes a row and folds it to the card it imports (pure: no database
 * is read).
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
  cardDecider,
  careContactsOf,
  decideAndEvolve,
  defaultPolicy,
  foldCard,
  IntentType,
  LeadSource,
  normalisePhone,
  type Policy,
  StoreId
} from "@jipan/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"

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

const decodeImportRow = Schema.decodeUnknownResult(ImportRow)

/** A row checked and folded: ready to write. */
export interface Prepared {
  readonly line: number
  readonly storeId: string
  readonly cardId: CardId
  readonly history: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly care: ReadonlyArray<CareContact>
}

/** The store and card ids of a raw row, where it has them. */
export const idsOf = (raw: unknown): { storeId: string | undefined; cardId: string | undefined } => {
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
  // the decider's pure half, as the use case's runner runs it
  const decided = decideAndEvolve(
    cardDecider,
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
    cardDecider.initialState,
    policy
  )
  if (Result.isFailure(decided)) return Result.fail([decided.failure.message])
  return Result.succeed({
    storeId: row.storeId,
    cardId: row.cardId,
    history: decided.success.events,
    state: decided.success.state
  })
}

/** The care contacts planned for a card imported with its history, under the policy given. */
export const careOf = (
  state: CardState,
  history: ReadonlyArray<CardEvent>,
  policy: Policy
): ReadonlyArray<CareContact> => {
  const last = history[history.length - 1]
  if (last === undefined) return []
  return careContactsOf(state, policy, last.on as CalendarDate)
}
