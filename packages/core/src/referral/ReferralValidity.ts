/**
 * Registering a referral (转介绍登记) and judging whether it is valid: each check with its own
 * reason code, and checks still waiting (the referee's confirmation, the DCRC phone audit 电话稽核)
 * reported as pending with an "until" date, not as a rejection. The core does no lookups: the
 * caller passes the existing cards and owned customers with the referee's phone, and the earlier
 * claims on the same referee.
 *
 * @module
 */
import { Schema } from "effect"
import { addDays, CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { CardId, ConsultantId, CustomerId, IdString, ReferralId, StoreId } from "../kernel/Ids.js"
import { defineEnum } from "../kernel/Label.js"
import { PhoneNumberFromInput } from "../kernel/Phone.js"
import { NonEmptyText } from "../kernel/Text.js"
import type { Policy, SectionSource } from "../policy/Policy.js"

/**
 * Who refers (推荐人): an owned customer (保有客户), a base customer (基盘客户), a defeated customer
 * (战败客户), an other-brand owner (他牌车主), a key person (关键人), a member of staff (内部员工)
 * or a partner of the secondary network (二级网络).
 *
 * @example
 * ```ts
 * import { ReferrerKind } from "@jipan/core"
 * ReferrerKind.label("secondaryNetworkPartner", "zh-CN") // "二级网络"
 * ```
 */
export const ReferrerKind = /* @__PURE__ */ defineEnum({
  ownedCustomer: { "zh-CN": "保有客户", en: "Owned customer" },
  baseCustomer: { "zh-CN": "基盘客户", en: "Base customer" },
  defeatedCustomer: { "zh-CN": "战败客户", en: "Defeated customer" },
  otherBrandOwner: { "zh-CN": "他牌车主", en: "Other-brand owner" },
  keyPerson: { "zh-CN": "关键人", en: "Key person" },
  staff: { "zh-CN": "内部员工", en: "Staff" },
  secondaryNetworkPartner: { "zh-CN": "二级网络", en: "Secondary-network partner" }
})
/** @see {@link ReferrerKind} */
export type ReferrerKind = (typeof ReferrerKind.values)[number]

/**
 * When the referral was asked for: at delivery, at the day-7 photo visit, at an event, other.
 *
 * @example
 * ```ts
 * import { AskMoment } from "@jipan/core"
 * AskMoment.label("day7PhotoVisit", "zh-CN") // "7日送照片回访"
 * ```
 */
export const AskMoment = /* @__PURE__ */ defineEnum({
  delivery: { "zh-CN": "交车时", en: "At delivery" },
  day7PhotoVisit: { "zh-CN": "7日送照片回访", en: "Day-7 photo visit" },
  event: { "zh-CN": "车主活动", en: "Owner event" },
  other: { "zh-CN": "其他", en: "Other" }
})
/** @see {@link AskMoment} */
export type AskMoment = (typeof AskMoment.values)[number]

/**
 * A referral as registered on the referral form (推荐登记表). `staffRelation` is declared when a
 * member of staff refers themself or a relative. `referrer.deliveryId` names the delivery the
 * referral came from (for 一拓一).
 *
 * @example
 * ```ts
 * import { decodeReferralRegistration } from "@jipan/core"
 * decodeReferralRegistration({ referralId: "ref-1", storeId: "store-01", consultantId: "c-wang",
 *   registeredOn: "2026-11-05", askedAt: "delivery",
 *   referrer: { kind: "ownedCustomer", id: "cust-1", phone: "138 1234 5678", customerId: "cust-1" },
 *   referee: { name: "李四", phone: "139 8765 4321" } })
 * ```
 */
export const ReferralRegistration = Schema.Struct({
  referralId: ReferralId,
  storeId: StoreId,
  consultantId: ConsultantId,
  registeredOn: CalendarDate,
  askedAt: AskMoment.schema,
  referrer: Schema.Struct({
    kind: ReferrerKind.schema,
    id: IdString,
    phone: PhoneNumberFromInput,
    customerId: Schema.optionalKey(CustomerId),
    deliveryId: Schema.optionalKey(IdString)
  }),
  referee: Schema.Struct({
    name: NonEmptyText,
    phone: PhoneNumberFromInput,
    customerId: Schema.optionalKey(CustomerId)
  }),
  staffRelation: Schema.optionalKey(Schema.Literals(["self", "relative"]))
})
/** @see {@link ReferralRegistration} */
export type ReferralRegistration = typeof ReferralRegistration.Type

/**
 * Decodes an untrusted referral registration (phones normalised), listing every problem.
 *
 * @example
 * ```ts
 * import { decodeReferralRegistration } from "@jipan/core"
 * decodeReferralRegistration({ referralId: "" })._tag // "Failure"
 * ```
 */
export const decodeReferralRegistration = /* @__PURE__ */ decoderFor(
  ReferralRegistration,
  "ReferralRegistration"
)

/**
 * What the checks read: cards and owned customers of the dealer group with
 * the referee's normalised phone (`lastActiveOn`: the last day the card was open or the customer
 * was served), the other standing claims on the same referee, the referee's answer when asked who
 * referred them, and the DCRC phone audit.
 *
 * @example
 * ```ts
 * import { decodeValidityContext } from "@jipan/core"
 * decodeValidityContext({ existing: [], earlierClaims: [],
 *   phoneAudit: { on: "2026-11-06", outcome: "realProspect" } })
 * ```
 */
export const ValidityContext = Schema.Struct({
  existing: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        kind: Schema.Literals(["openCard", "ownedCustomer"]),
        cardId: Schema.optionalKey(CardId),
        lastActiveOn: CalendarDate
      })
    )
  ),
  earlierClaims: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        referralId: ReferralId,
        referrerId: IdString,
        registeredOn: CalendarDate,
        /** The store holds it already: registered before this one, so a same-day tie is its, whatever the ids. */
        storedFirst: Schema.optionalKey(Schema.Boolean)
      })
    )
  ),
  refereeConfirmation: Schema.optionalKey(
    Schema.Struct({ on: CalendarDate, namedReferrerId: Schema.NullOr(IdString) })
  ),
  phoneAudit: Schema.optionalKey(
    Schema.Struct({ on: CalendarDate, outcome: Schema.Literals(["realProspect", "notReal", "unreachable"]) })
  )
})
/** @see {@link ValidityContext} */
export type ValidityContext = typeof ValidityContext.Type

/**
 * Decodes the caller's look-ups for the validity checks.
 *
 * @example
 * ```ts
 * import { decodeValidityContext } from "@jipan/core"
 * decodeValidityContext({ existing: "none" })._tag // "Failure"
 * ```
 */
export const decodeValidityContext = /* @__PURE__ */ decoderFor(ValidityContext, "ValidityContext")

/**
 * Why a referral is rejected, one code a check.
 *
 * @example
 * ```ts
 * import { RejectionReason } from "@jipan/core"
 * RejectionReason.label("alreadyClaimed", "zh-CN") // "已被他人推荐在先"
 * ```
 */
export const RejectionReason = /* @__PURE__ */ defineEnum({
  refereeNotNew: { "zh-CN": "被推荐人非新客户", en: "Referee is not a new customer" },
  refereeIsReferrer: { "zh-CN": "自己推荐自己", en: "Referee is the referrer" },
  staffSelfReferral: { "zh-CN": "员工推荐本人", en: "Staff referring themself" },
  staffRelativeReferral: { "zh-CN": "员工推荐亲属", en: "Staff referring a relative" },
  alreadyClaimed: { "zh-CN": "已被他人推荐在先", en: "Already referred by someone earlier" },
  refereeDenied: { "zh-CN": "被推荐人不认可推荐人", en: "Referee does not confirm the referrer" },
  auditNotReal: { "zh-CN": "电话稽核:非真实客户", en: "Phone audit: not a real prospect" },
  other: { "zh-CN": "其他", en: "Other" }
})
/** @see {@link RejectionReason} */
export type RejectionReason = (typeof RejectionReason.values)[number]

/**
 * The result of one check: its stable id, `pass`, `fail` (with the reason code) or `pending` (with
 * the date by which it is due, and whether that date has passed), what it read, and why.
 *
 * @example
 * ```ts
 * import { type ValidityCheck, CalendarDate } from "@jipan/core"
 * const c: ValidityCheck = { checkId: "referral.phoneAudit", outcome: "pending", until: "2026-11-12" as CalendarDate,
 *   overdue: false, reads: {}, message: "Waiting for the DCRC phone audit" }
 * ```
 */
export interface ValidityCheck {
  readonly checkId: string
  readonly outcome: "pass" | "fail" | "pending"
  readonly reason?: RejectionReason
  readonly until?: CalendarDate
  readonly overdue?: boolean
  readonly reads: Readonly<Record<string, unknown>>
  readonly message: string
}

/**
 * The verdict on a referral: `valid`, `pending` (until the earliest pending check is due) or
 * `rejected` (with every failing reason), every check with its trace, and the policy version read.
 *
 * @example
 * ```ts
 * import { checkReferralValidity } from "@jipan/core"
 * const v = checkReferralValidity(registration, context, policy, today)
 * v.status // "pending"
 * ```
 */
export interface ValidityVerdict {
  readonly status: "valid" | "pending" | "rejected"
  readonly reasons: ReadonlyArray<RejectionReason>
  readonly pendingUntil: CalendarDate | undefined
  readonly checks: ReadonlyArray<ValidityCheck>
  readonly policy: SectionSource
}

/**
 * Runs every validity check of a referral on the caller's look-ups, as of `today`.
 *
 * @example
 * ```ts
 * import { checkReferralValidity, defaultPolicy } from "@jipan/core"
 * const v = checkReferralValidity(registration, { existing: [], earlierClaims: [] }, defaultPolicy, today)
 * v.checks.filter((c) => c.outcome === "pending").map((c) => c.checkId)
 * // ["referral.refereeConfirms", "referral.phoneAudit"]
 * ```
 */
export const checkReferralValidity = (
  registration: ReferralRegistration,
  context: ValidityContext,
  policy: Policy,
  today: CalendarDate
): ValidityVerdict => {
  const rules = policy.referral
  const checks: Array<ValidityCheck> = []
  const { referrer, referee, registeredOn } = registration
  const pass = (checkId: string, reads: Record<string, unknown>, message: string) =>
    checks.push({ checkId, outcome: "pass", reads, message })
  const fail = (checkId: string, reason: RejectionReason, reads: Record<string, unknown>, message: string) =>
    checks.push({ checkId, outcome: "fail", reason, reads, message })
  const pending = (checkId: string, until: CalendarDate, reads: Record<string, unknown>, message: string) =>
    checks.push({ checkId, outcome: "pending", until, overdue: today > until, reads, message })

  // The referee is new: nothing active with this phone within the window before registration.
  const windowStart = addDays(registeredOn, -rules.newCustomerWindowDays)
  const existing = context.existing ?? []
  const clash = existing.find((e) => e.lastActiveOn >= windowStart && e.lastActiveOn <= registeredOn)
  const newReads = { windowDays: rules.newCustomerWindowDays, windowStart, existing }
  if (clash === undefined)
    pass("referral.refereeNew", newReads, "No open card or owned customer with this phone in the window")
  else
    fail(
      "referral.refereeNew",
      "refereeNotNew",
      newReads,
      `The referee's phone already has ${clash.kind === "openCard" ? "an open card" : "an owned-customer record"} active on ${clash.lastActiveOn}`
    )

  const sameCustomer =
    referrer.customerId !== undefined &&
    referee.customerId !== undefined &&
    referrer.customerId === referee.customerId
  const notReferrerReads = { referrerPhone: referrer.phone, refereePhone: referee.phone }
  if (referrer.phone === referee.phone || sameCustomer)
    fail("referral.notReferrer", "refereeIsReferrer", notReferrerReads, "The referee is the referrer")
  else pass("referral.notReferrer", notReferrerReads, "The referee is not the referrer")

  if (referrer.kind === "staff") {
    const reads = {
      staffRelation: registration.staffRelation ?? "none",
      forbidSelf: rules.forbidStaffSelfReferral,
      forbidRelative: rules.forbidStaffRelativeReferral
    }
    if (registration.staffRelation === "self" && rules.forbidStaffSelfReferral)
      fail("referral.staffSelf", "staffSelfReferral", reads, "Staff may not refer themselves")
    else if (registration.staffRelation === "relative" && rules.forbidStaffRelativeReferral)
      fail("referral.staffRelative", "staffRelativeReferral", reads, "Staff may not refer a relative")
    else pass("referral.staffRelation", reads, "No forbidden staff relation")
  }

  // First registered referrer wins. A claim the store already holds was registered first (the
  // look-up runs under a lock on the referee's phone); other same-day ties go to the smaller
  // referral id, so the order is total.
  const earlier = (context.earlierClaims ?? [])
    .filter(
      (c) =>
        c.referralId !== registration.referralId &&
        (c.registeredOn < registeredOn ||
          (c.registeredOn === registeredOn &&
            (c.storedFirst === true || c.referralId < registration.referralId)))
    )
    .sort((a, b) => (a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : 0))
  const first = earlier[0]
  if (first === undefined)
    pass("referral.firstClaim", { earlierClaims: 0 }, "First registered claim on this referee")
  else
    fail(
      "referral.firstClaim",
      "alreadyClaimed",
      { firstClaim: first },
      `Referral ${first.referralId} by ${first.referrerId} was registered first, on ${first.registeredOn}`
    )

  const confirmation = context.refereeConfirmation
  if (confirmation === undefined)
    pending(
      "referral.refereeConfirms",
      addDays(registeredOn, rules.confirmWithinDays),
      {},
      "Waiting for the referee to confirm who referred them"
    )
  else if (confirmation.namedReferrerId === referrer.id)
    pass(
      "referral.refereeConfirms",
      { confirmation },
      `The referee confirmed the referrer on ${confirmation.on}`
    )
  else
    fail(
      "referral.refereeConfirms",
      "refereeDenied",
      { confirmation },
      confirmation.namedReferrerId === null
        ? "The referee does not know the referrer"
        : `The referee named ${confirmation.namedReferrerId} as referrer`
    )

  const audit = context.phoneAudit
  const auditDue = addDays(registeredOn, rules.auditWithinDays)
  if (audit === undefined)
    pending("referral.phoneAudit", auditDue, {}, "Waiting for the DCRC phone audit (电话稽核)")
  else if (audit.outcome === "unreachable")
    pending(
      "referral.phoneAudit",
      auditDue,
      { audit },
      `The DCRC could not reach the referee on ${audit.on}; try again`
    )
  else if (audit.outcome === "realProspect")
    pass("referral.phoneAudit", { audit }, `The DCRC confirmed a real prospect on ${audit.on}`)
  else
    fail("referral.phoneAudit", "auditNotReal", { audit }, `The DCRC found no real prospect on ${audit.on}`)

  const reasons = checks.flatMap((c) => (c.outcome === "fail" && c.reason !== undefined ? [c.reason] : []))
  let pendingUntil: CalendarDate | undefined
  for (const c of checks)
    if (
      c.outcome === "pending" &&
      c.until !== undefined &&
      (pendingUntil === undefined || c.until < pendingUntil)
    )
      pendingUntil = c.until
  return {
    status: reasons.length > 0 ? "rejected" : pendingUntil !== undefined ? "pending" : "valid",
    reasons,
    pendingUntil: reasons.length > 0 ? undefined : pendingUntil,
    checks,
    policy: policy.provenance.referral
  }
}
