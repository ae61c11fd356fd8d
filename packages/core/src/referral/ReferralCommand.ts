/**
 * The commands a referral accepts, as Schemas: decoded at the boundary like card commands, so a
 * referral day of "2026-02-30", a cap usage of −1 fen or an unnormalised phone is refused with
 * its path before anything is written.
 *
 * @module
 */
import { Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { CardId, IdString, StoreId } from "../kernel/Ids.js"
import { NonNegativeFen } from "../kernel/Money.js"
import { DeliveryUnits } from "../kernel/Sale.js"
import { NonEmptyText, Text } from "../kernel/Text.js"
import { ReferralRegistration, RejectionReason, ValidityContext } from "./ReferralValidity.js"

const meta = {
  /** The calendar day the command takes effect, in the store's zone. */
  on: CalendarDate
}

/**
 * Registers a referral (推荐登记). The storage use case assembles the validity look-ups (cards and
 * owned customers with the referee's phone in the dealer group, earlier claims on the referee)
 * under a lock on the phone and adds them to `context`, which need carry only what the library
 * cannot know (the referee's confirmation, the DCRC audit, customers kept outside Jipan).
 */
const Register = Schema.TaggedStruct("Register", {
  ...meta,
  registration: ReferralRegistration,
  context: Schema.optionalKey(ValidityContext)
})
/** Runs the validity checks again with newer look-ups (the referee confirmed, the DCRC audited). */
const Recheck = Schema.TaggedStruct("Recheck", { ...meta, context: Schema.optionalKey(ValidityContext) })
/**
 * Links the referral to the referee's card (found by phone when the card opens, or given): the
 * card's order, delivery and cancellation then advance the referral in the card's transaction.
 */
const LinkRefereeCard = Schema.TaggedStruct("LinkRefereeCard", { ...meta, storeId: StoreId, cardId: CardId })
/** The referee ordered. */
const RecordRefereeOrder = Schema.TaggedStruct("RecordRefereeOrder", { ...meta, orderId: IdString })
/** The referee took delivery: retail or fleet, the units, and the referrer's cap usage so far. */
const RecordRefereeDelivery = Schema.TaggedStruct("RecordRefereeDelivery", {
  ...meta,
  deliveryId: IdString,
  saleKind: Schema.Literals(["retail", "fleet"]),
  units: DeliveryUnits,
  /** The referrer's rewards so far in the cap period; the storage use case reads it from the ledger when absent. */
  capUsage: Schema.optionalKey(
    Schema.Struct({
      count: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 })),
      valueFen: NonNegativeFen
    })
  )
})
/** The referee cancelled the order or returned the vehicle. */
const RecordRefereeCancellation = Schema.TaggedStruct("RecordRefereeCancellation", {
  ...meta,
  kind: Schema.Literals(["orderCancelled", "vehicleReturned"])
})
/** The holding window is over: approve the reward. */
const Approve = Schema.TaggedStruct("Approve", meta)
/** Issue the reward as the referrer's choice, under a voucher id. */
const IssueReward = Schema.TaggedStruct("IssueReward", {
  ...meta,
  voucherId: IdString,
  choiceId: IdString
})
/** The voucher was redeemed. */
const RedeemReward = Schema.TaggedStruct("RedeemReward", meta)
/** The voucher expired unredeemed. */
const ExpireReward = Schema.TaggedStruct("ExpireReward", meta)
/** Reject the referral with reason codes and a note. */
const Reject = Schema.TaggedStruct("Reject", {
  ...meta,
  reasons: Schema.NonEmptyArray(RejectionReason.schema),
  note: Text
})
/** Void the referral (registered in error). */
const Void = Schema.TaggedStruct("Void", { ...meta, reason: NonEmptyText })

/**
 * The commands a referral accepts (转介绍指令). `Register` and `Recheck` carry the look-ups for the
 * validity checks; `RecordRefereeDelivery` carries the referrer's cap usage in the period.
 *
 * @example
 * ```ts
 * import { CalendarDate, type ReferralCommand } from "@jipan/core"
 * const approve: ReferralCommand = { _tag: "Approve", on: CalendarDate.make("2026-12-11") }
 * ```
 */
export const ReferralCommand = Schema.Union([
  Register,
  Recheck,
  LinkRefereeCard,
  RecordRefereeOrder,
  RecordRefereeDelivery,
  RecordRefereeCancellation,
  Approve,
  IssueReward,
  RedeemReward,
  ExpireReward,
  Reject,
  Void
])
/** @see {@link ReferralCommand} */
export type ReferralCommand = typeof ReferralCommand.Type
/**
 * A referral command as JSON would carry it (phones in any common format, before normalising): a
 * wrong literal in a typed caller's command is a compile error.
 *
 * @example
 * ```ts
 * import type { ReferralCommandInput } from "@jipan/core"
 * const issue: ReferralCommandInput = { _tag: "IssueReward", on: "2026-12-12", voucherId: "v-1", choiceId: "accessories" }
 * ```
 */
export type ReferralCommandInput = typeof ReferralCommand.Encoded

/**
 * Decodes an untrusted referral command (JSON from a DMS or a form): every problem listed with its
 * path (`InvalidInput`), phones normalised to E.164.
 *
 * @example
 * ```ts
 * import { decodeReferralCommand } from "@jipan/core"
 * decodeReferralCommand({ _tag: "IssueReward", on: "2026-12-12", voucherId: "v-1", choiceId: "accessories" })._tag // "Success"
 * decodeReferralCommand({ _tag: "Approve", on: "2026-02-30" })._tag // "Failure": no such day
 * ```
 */
export const decodeReferralCommand = /* @__PURE__ */ decoderFor(ReferralCommand, "ReferralCommand")
