/**
 * Customer consent (营销同意) per channel: records of consent granted or withdrawn with their
 * instants, the pure rule that reads them, and a small port the dispatcher asks at send time.
 * A customer-facing message goes out only when the customer's latest record for that channel (or
 * for every channel, `"*"`) at the moment of sending grants it.
 *
 * @module
 */
import { Context, Effect, Layer, Schema } from "effect"
import { Instant } from "../kernel/Instant.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant } from "../kernel/Tenant.js"
import { NonEmptyText, Text } from "../kernel/Text.js"

/**
 * One consent record: the customer granted or withdrew consent for a channel (`"*"` = all
 * channels, e.g. a full opt-out) at an instant (epoch ms), with where it was recorded.
 *
 * @example
 * ```ts
 * import type { ConsentRecord } from "@jipan/core"
 * const r: ConsentRecord = { customerId: "cust-1", channel: "sms", status: "granted", at: Date.parse("2026-06-10T02:00:00Z") }
 * ```
 */
export const ConsentRecord = Schema.Struct({
  customerId: Text,
  channel: NonEmptyText,
  status: Schema.Literals(["granted", "withdrawn"]),
  at: Instant,
  source: Schema.optionalKey(Text)
})
/** @see {@link ConsentRecord} */
export type ConsentRecord = typeof ConsentRecord.Type

/**
 * What the records say for one customer, channel and instant: `granted` with the record, or not,
 * with the reason (`withdrawn` with the record, or `none` recorded).
 *
 * @example
 * ```ts
 * import type { ConsentDecision } from "@jipan/core"
 * const ok = (d: ConsentDecision) => d._tag === "Granted"
 * ```
 */
export type ConsentDecision =
  | { readonly _tag: "Granted"; readonly record: ConsentRecord }
  | { readonly _tag: "Withdrawn"; readonly record: ConsentRecord; readonly reason: string }
  | { readonly _tag: "NoConsent"; readonly reason: string }

/**
 * The consent in force for a customer on a channel at `at`: the latest record at or before `at`
 * for that channel or for `"*"` (a later withdrawal beats an earlier grant; at the same instant a
 * withdrawal wins).
 *
 * @example
 * ```ts
 * import { consentAt } from "@jipan/core"
 * consentAt([{ customerId: "c1", channel: "sms", status: "granted", at: 0 }], "c1", "sms", 10)._tag // "Granted"
 * ```
 */
export const consentAt = (
  records: ReadonlyArray<ConsentRecord>,
  customerId: string,
  channel: string,
  at: number
): ConsentDecision => {
  let latest: ConsentRecord | undefined
  for (const r of records) {
    if (r.customerId !== customerId || r.at > at || (r.channel !== channel && r.channel !== "*")) continue
    if (latest === undefined || r.at > latest.at || (r.at === latest.at && r.status === "withdrawn"))
      latest = r
  }
  if (latest === undefined)
    return { _tag: "NoConsent", reason: `no consent recorded for channel ${channel} (未取得客户同意)` }
  if (latest.status === "withdrawn")
    return {
      _tag: "Withdrawn",
      record: latest,
      reason: `consent for ${latest.channel === "*" ? "every channel" : `channel ${channel}`} withdrawn at ${new Date(latest.at).toISOString()} (客户已退订)`
    }
  return { _tag: "Granted", record: latest }
}

/**
 * The consent port: a customer's consent records, asked by the dispatcher at send time. A DMS
 * that keeps consent itself implements it; {@link layerConsentRecords} serves fixed records.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ConsentBook } from "@jipan/core"
 * const records = ConsentBook.use((book) => book.records(tenant, "cust-1"))
 * ```
 */
export class ConsentBook extends Context.Service<
  ConsentBook,
  {
    readonly records: (
      tenant: Tenant,
      customerId: string
    ) => Effect.Effect<ReadonlyArray<ConsentRecord>, StoreError>
  }
>()("@jipan/core/ConsentBook") {}

/**
 * A {@link ConsentBook} over records the caller holds (read each time, so a function may return
 * the current list: consent withdrawn after a message was written is honoured at send time).
 *
 * @example
 * ```ts
 * import { layerConsentRecords } from "@jipan/core"
 * const consent = layerConsentRecords(() => [{ customerId: "c1", channel: "sms", status: "granted", at: 0 }])
 * ```
 */
export const layerConsentRecords = (
  records: ReadonlyArray<ConsentRecord> | (() => ReadonlyArray<ConsentRecord>)
): Layer.Layer<ConsentBook> =>
  Layer.succeed(
    ConsentBook,
    ConsentBook.of({
      records: (_tenant, customerId) =>
        Effect.sync(() =>
          (typeof records === "function" ? records() : records).filter((r) => r.customerId === customerId)
        )
    })
  )
