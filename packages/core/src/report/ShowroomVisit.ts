/**
 * The reception's visit log (来店登记): a showroom visit, first or return, with or without a card.
 *
 * @module
 */
import { Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { CardId, ConsultantId, IdString } from "../kernel/Ids.js"
import { Instant } from "../kernel/Instant.js"
import { defineEnum } from "../kernel/Label.js"
import { PhoneNumber } from "../kernel/Phone.js"
import { Tenant } from "../kernel/Tenant.js"

/**
 * How a customer reached the showroom: walked in (来店) or phoned in (来电).
 *
 * @example
 * ```ts
 * import { VisitKind } from "@jipan/core"
 * VisitKind.label("phoneIn", "zh-CN") // "来电"
 * ```
 */
export const VisitKind = /* @__PURE__ */ defineEnum({
  walkIn: { "zh-CN": "来店", en: "Walk-in" },
  phoneIn: { "zh-CN": "来电", en: "Phone-in" }
})
/** @see {@link VisitKind} */
export type VisitKind = (typeof VisitKind.values)[number]

/**
 * Whether it is the customer's first visit (首次) or a repeat one (再次).
 *
 * @example
 * ```ts
 * import { VisitOrdinal } from "@jipan/core"
 * VisitOrdinal.label("repeat", "zh-CN") // "再次"
 * ```
 */
export const VisitOrdinal = /* @__PURE__ */ defineEnum({
  first: { "zh-CN": "首次", en: "First" },
  repeat: { "zh-CN": "再次", en: "Repeat" }
})
/** @see {@link VisitOrdinal} */
export type VisitOrdinal = (typeof VisitOrdinal.values)[number]

/**
 * One entry of the reception's visit log (来店/来电登记): reception counts every walk-in and
 * phone-in, whether or not a card was made — that is what the carding rate (留档率) and the
 * "walk-in without a card" finding need. `consultant` is who received the customer; `cardId` is
 * the card made or found for the visit, when reception knows it; `phone` (E.164) lets a report
 * match the visit to a card opened the same day.
 *
 * @example
 * ```ts
 * import { decodeShowroomVisit } from "@jipan/core"
 * decodeShowroomVisit({ tenant: { dealerGroupId: "grp", storeId: "s1" }, visitId: "v-1",
 *   at: Date.parse("2026-11-22T10:00:00+08:00"), on: "2026-11-22", kind: "walkIn", ordinal: "first",
 *   consultant: "c-wang", phone: "+8613800138000" })
 * ```
 */
export const ShowroomVisit = Schema.Struct({
  tenant: Tenant,
  visitId: IdString,
  /** Epoch milliseconds of the visit. */
  at: Instant,
  /** The calendar date of `at` in the store's zone. */
  on: CalendarDate,
  kind: VisitKind.schema,
  ordinal: VisitOrdinal.schema,
  consultant: ConsultantId,
  phone: Schema.optionalKey(PhoneNumber),
  cardId: Schema.optionalKey(CardId),
  partySize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 })))
})
/** @see {@link ShowroomVisit} */
export type ShowroomVisit = typeof ShowroomVisit.Type

/**
 * Decodes an untrusted visit-log entry (JSON from a reception app or a DMS), listing every problem.
 *
 * @example
 * ```ts
 * import { decodeShowroomVisit } from "@jipan/core"
 * decodeShowroomVisit({ visitId: "" })._tag // "Failure"
 * ```
 */
export const decodeShowroomVisit = /* @__PURE__ */ decoderFor(ShowroomVisit, "ShowroomVisit")
