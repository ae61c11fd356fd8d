/**
 * Why the card decider refused a command. A refused command emits no events and changes nothing.
 *
 * @module
 */
import { Schema } from "effect"
import type { OverrideNeedsJustification, UnknownGrade } from "../grading/Grading.js"
import type { InvalidInput } from "../kernel/Errors.js"

/**
 * Opening a card for a phone number that already has an open card in the store ("already has a
 * card", 已有客户卡): the existing card's id is returned so the consultant can go to it.
 *
 * @example
 * ```ts
 * import { decideCard } from "@jipan/core"
 * // r.failure._tag === "AlreadyHasCard" && r.failure.existingCardId
 * ```
 */
export class AlreadyHasCard extends Schema.TaggedError<AlreadyHasCard>()("AlreadyHasCard", {
  existingCardId: Schema.String,
  phone: Schema.String,
  storeId: Schema.String,
  /** The store and the consultant holding the existing card, when the look-up said. */
  existingStoreId: Schema.optional(Schema.String),
  existingOwner: Schema.optional(Schema.String),
  message: Schema.String
}) {}

/**
 * A complaint command that cannot apply: the id is already on the card (`duplicate`), no such
 * complaint (`unknown`), or it is resolved already (`resolved`).
 *
 * @example
 * ```ts
 * // { _tag: "ComplaintRefused", complaintId: "cp-1", reason: "resolved", message: "…" }
 * ```
 */
export class ComplaintRefused extends Schema.TaggedError<ComplaintRefused>()("ComplaintRefused", {
  complaintId: Schema.String,
  reason: Schema.Literals(["duplicate", "unknown", "resolved"]),
  message: Schema.String
}) {}

/**
 * The command does not apply to a card in its current status (e.g. delivering a card never ordered).
 *
 * @example
 * ```ts
 * // { _tag: "TransitionNotAllowed", command: "Deliver", status: "prospect", allowedFrom: ["ordered"] }
 * ```
 */
export class TransitionNotAllowed extends Schema.TaggedError<TransitionNotAllowed>()("TransitionNotAllowed", {
  command: Schema.String,
  status: Schema.String,
  allowedFrom: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/**
 * The command's time is earlier than the card's last event: the history never goes back in time.
 *
 * @example
 * ```ts
 * // { _tag: "EarlierThanLastEvent", command: "LogContact", at: …, lastEventAt: … }
 * ```
 */
export class EarlierThanLastEvent extends Schema.TaggedError<EarlierThanLastEvent>()("EarlierThanLastEvent", {
  command: Schema.String,
  at: Schema.Number,
  lastEventAt: Schema.Number,
  message: Schema.String
}) {}

/**
 * The actor's role may not issue this command (e.g. a consultant approving a defeat).
 *
 * @example
 * ```ts
 * // { _tag: "NotPermitted", command: "ApproveDefeat", role: "consultant", allowedRoles: ["supervisor"] }
 * ```
 */
export class NotPermitted extends Schema.TaggedError<NotPermitted>()("NotPermitted", {
  command: Schema.String,
  role: Schema.String,
  allowedRoles: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/**
 * A consultant acted on another consultant's card.
 *
 * @example
 * ```ts
 * // { _tag: "NotCardOwner", actorId: "c-li", owner: "c-wang" }
 * ```
 */
export class NotCardOwner extends Schema.TaggedError<NotCardOwner>()("NotCardOwner", {
  command: Schema.String,
  actorId: Schema.String,
  owner: Schema.String,
  message: Schema.String
}) {}

/**
 * Reassigning a card to the consultant who already owns it.
 *
 * @example
 * ```ts
 * // { _tag: "SameOwner", owner: "c-wang" }
 * ```
 */
export class SameOwner extends Schema.TaggedError<SameOwner>()("SameOwner", {
  owner: Schema.String,
  message: Schema.String
}) {}

/**
 * A defeat reason that is not in the policy's catalogue (type → reason).
 *
 * @example
 * ```ts
 * // { _tag: "UnknownDefeatReason", typeId: "price", reasonId: "tooExpensive" }
 * ```
 */
export class UnknownDefeatReason extends Schema.TaggedError<UnknownDefeatReason>()("UnknownDefeatReason", {
  typeId: Schema.String,
  reasonId: Schema.String,
  message: Schema.String
}) {}

/**
 * The defeat reason says a competitor was bought, but no brand and model were given (战败车型).
 *
 * @example
 * ```ts
 * // { _tag: "CompetitorRequired", reasonId: "competitor" }
 * ```
 */
export class CompetitorRequired extends Schema.TaggedError<CompetitorRequired>()("CompetitorRequired", {
  reasonId: Schema.String,
  message: Schema.String
}) {}

/**
 * A delivery date before the order or after the command's own date.
 *
 * @example
 * ```ts
 * // { _tag: "InvalidDeliveryDate", deliveredOn: "2026-11-01", orderedOn: "2026-11-10", today: "2026-11-22" }
 * ```
 */
export class InvalidDeliveryDate extends Schema.TaggedError<InvalidDeliveryDate>()("InvalidDeliveryDate", {
  deliveredOn: Schema.String,
  orderedOn: Schema.String,
  today: Schema.String,
  message: Schema.String
}) {}

/**
 * An invalid-card reason the policy does not have.
 *
 * @example
 * ```ts
 * // { _tag: "UnknownInvalidReason", reasonId: "spam" }
 * ```
 */
export class UnknownInvalidReason extends Schema.TaggedError<UnknownInvalidReason>()("UnknownInvalidReason", {
  reasonId: Schema.String,
  message: Schema.String
}) {}

/**
 * A duplicate card must name another card to merge into (and not itself); other reasons must not.
 *
 * @example
 * ```ts
 * // { _tag: "InvalidMerge", reasonId: "duplicate", survivingCardId: undefined }
 * ```
 */
export class InvalidMerge extends Schema.TaggedError<InvalidMerge>()("InvalidMerge", {
  reasonId: Schema.String,
  survivingCardId: Schema.optionalKey(Schema.String),
  message: Schema.String
}) {}

/**
 * Every refusal of the card decider.
 *
 * @example
 * ```ts
 * import type { CardError } from "@jipan/core"
 * const describe = (e: CardError) => `${e._tag}: ${e.message}`
 * ```
 */
export type CardError =
  | AlreadyHasCard
  | ComplaintRefused
  | TransitionNotAllowed
  | EarlierThanLastEvent
  | NotPermitted
  | NotCardOwner
  | SameOwner
  | UnknownDefeatReason
  | CompetitorRequired
  | InvalidDeliveryDate
  | UnknownInvalidReason
  | InvalidMerge
  | UnknownGrade
  | OverrideNeedsJustification
  | InvalidInput
