/**
 * The card state as stored in `jipan_cards.state` ({@link SqlStore.stateJson}), decoded back with
 * Schema: an append reads the state before its events from the card row it updates (in the same
 * statement) to fill the report tables with the core's pure functions, without loading the history.
 *
 * @since 0.2.0
 */
import {
  BroadBaseKind,
  CalendarDate,
  CardId,
  type CardState,
  CardStatus,
  ComplaintCategory,
  ComplaintSeverity,
  ConsultantId,
  ContactChannel,
  CustomerId,
  DefeatClaim,
  DeliveredVehicle,
  DeliverySale,
  GradeId,
  IntentType,
  initialCardState,
  LeadSource,
  MiningKind,
  PhoneNumber,
  ProspectEvidence,
  StoreId,
  VisitMeans
} from "@jipan/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { optional } from "./RowDecoding.js"

/**
 * The stored JSON form of a {@link CardState}: the fields left `undefined` are absent, and
 * `lastEventAt` is `null` for the state of no event (JSON has no `-Infinity`).
 *
 * @since 0.2.0
 * @category schemas
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { StoredState } from "@jipan/store-sql"
 * declare const stateJsonText: string // a card row's state column
 * Schema.decodeUnknownResult(StoredState.StoredCardState)(JSON.parse(stateJsonText))
 * ```
 */
export const StoredCardState = Schema.Struct({
  status: CardStatus.schema,
  version: Schema.Int,
  lastEventAt: Schema.NullOr(Schema.Finite),
  cardId: optional(CardId),
  storeId: optional(StoreId),
  customerId: optional(CustomerId),
  phone: optional(PhoneNumber),
  owner: optional(ConsultantId),
  source: optional(LeadSource.schema),
  intent: optional(IntentType.schema),
  openedOn: optional(CalendarDate),
  linkedTo: optional(Schema.Struct({ cardId: CardId, kind: MiningKind.schema })),
  grade: optional(GradeId),
  gradeSince: optional(CalendarDate),
  statusSince: optional(CalendarDate),
  agreedNextContactOn: optional(CalendarDate),
  evidence: ProspectEvidence,
  scheduleBase: optional(CalendarDate),
  lastContactOn: optional(CalendarDate),
  nextContactDue: optional(CalendarDate),
  contactCount: Schema.Int,
  overridesToReview: Schema.Int,
  order: optional(Schema.Struct({ orderId: Schema.String, model: Schema.String, orderedOn: CalendarDate })),
  delivery: optional(
    Schema.Struct({
      vehicle: DeliveredVehicle,
      deliveredOn: CalendarDate,
      odometerKm: optional(Schema.Finite),
      insuranceExpiresOn: CalendarDate,
      birthday: optional(Schema.Struct({ month: Schema.Int, day: Schema.Int })),
      sale: Schema.optionalKey(DeliverySale)
    })
  ),
  // absent in the states written before broad-base cards were kept
  broadBase: optional(
    Schema.Struct({
      kind: BroadBaseKind.schema,
      vehicle: DeliveredVehicle,
      boughtOn: CalendarDate,
      recordedOn: CalendarDate,
      odometerKm: optional(Schema.Finite),
      insuranceExpiresOn: optional(CalendarDate),
      birthday: optional(Schema.Struct({ month: Schema.Int, day: Schema.Int }))
    })
  ),
  defeat: optional(Schema.Struct({ claim: DefeatClaim, approved: Schema.Boolean })),
  invalid: optional(Schema.Struct({ reasonId: Schema.String, mergedInto: optional(CardId) })),
  minedCards: Schema.Array(Schema.Struct({ cardId: CardId, kind: MiningKind.schema })),
  careLog: Schema.Array(
    Schema.Struct({
      ruleId: Schema.String,
      plannedOn: CalendarDate,
      on: CalendarDate,
      outcome: Schema.Literals(["done", "missed"]),
      odometerKm: optional(Schema.Finite),
      dissatisfied: Schema.optionalKey(Schema.Boolean)
    })
  ),
  // absent in the states written before visit plans were kept
  visitPlans: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        month: Schema.String,
        week: Schema.Int,
        means: VisitMeans.schema,
        from: CalendarDate,
        to: CalendarDate
      })
    )
  ),
  // absent in the states written before complaints were kept
  complaints: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        complaintId: Schema.String,
        category: ComplaintCategory.schema,
        severity: ComplaintSeverity.schema,
        channel: ContactChannel.schema,
        words: Schema.String,
        recordedOn: CalendarDate,
        steps: Schema.Array(Schema.Struct({ on: CalendarDate, step: Schema.String, by: Schema.String })),
        resolvedOn: optional(CalendarDate),
        resolution: optional(Schema.String),
        satisfied: optional(Schema.Boolean)
      })
    )
  )
})

// Every field of CardState must be in the stored form (a field added to the core's state and
// not here fails to compile, instead of being dropped when the state is read back).
type Missing = Exclude<keyof CardState, keyof typeof StoredCardState.fields>
const complete: [Missing] extends [never] ? true : Missing = true
void complete

const decode = Schema.decodeUnknownResult(StoredCardState)

/**
 * Decodes a stored card state (the parsed `jipan_cards.state`); unknown fields are an error, so
 * a state written by a newer version is never silently truncated. The failure is the Schema
 * message.
 *
 * @since 0.2.0
 * @category decoding
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { foldCard } from "@jipan/core"
 * import { SqlStore, StoredState } from "@jipan/store-sql"
 * const state = StoredState.decodeStoredState(JSON.parse(SqlStore.stateJson(foldCard(history))))
 * Result.isSuccess(state) // true
 * ```
 */
export const decodeStoredState = (raw: unknown): Result.Result<CardState, string> => {
  const r = decode(raw, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(r)) return Result.fail(r.failure.message)
  const s = r.success
  // the absent fields come back as `undefined` (every CardState field is always present)
  return Result.succeed({
    ...initialCardState,
    ...s,
    lastEventAt: s.lastEventAt ?? Number.NEGATIVE_INFINITY
  } as CardState)
}
