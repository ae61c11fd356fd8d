/**
 * The referral lifecycle as a decider: registered → audited → referee ordered → referee delivered
 * → holding (the order-cancellation window) → approved → reward issued → redeemed or expired;
 * rejected (with reasons) and voided at any point. The reward is fixed when earned, at the
 * referee's delivery, by the policy in force that day: later policy versions never change it. A
 * cancellation or return after approval reverses an issued reward as a new negative entry.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { addDays, type CalendarDate } from "../kernel/CalendarDate.js"
import type { Decider } from "../kernel/Decider.js"
import {
  evaluateTable,
  type MissingTableInput,
  type NoRowMatched,
  type NoTableInForce,
  type TableDecision,
  tableInForce
} from "../kernel/DecisionTable.js"
import type { CardId, StoreId } from "../kernel/Ids.js"
import { defineEnum } from "../kernel/Label.js"
import type { Policy, SectionSource } from "../policy/Policy.js"
import type { RewardChoice } from "../policy/ReferralPolicy.js"
import { RewardTableId } from "../policy/RewardTables.js"
import type { ReferralCommand } from "./ReferralCommand.js"
import {
  type AskMoment,
  checkReferralValidity,
  type ReferralRegistration,
  type ReferrerKind,
  type RejectionReason,
  type ValidityCheck,
  type ValidityContext
} from "./ReferralValidity.js"
import type { LedgerEntry, ReversalReason } from "./RewardLedger.js"

/**
 * Where a referral stands.
 *
 * @example
 * ```ts
 * import { ReferralStatus } from "@jipan/core"
 * ReferralStatus.label("holding", "zh-CN") // "退订观察期"
 * ```
 */
export const ReferralStatus = /* @__PURE__ */ defineEnum({
  none: { "zh-CN": "未登记", en: "Not registered" },
  registered: { "zh-CN": "已登记(待核实)", en: "Registered (checks pending)" },
  audited: { "zh-CN": "已稽核", en: "Audited" },
  refereeOrdered: { "zh-CN": "被推荐人已订车", en: "Referee ordered" },
  refereeDelivered: { "zh-CN": "被推荐人已交车", en: "Referee delivered" },
  holding: { "zh-CN": "退订观察期", en: "Holding (cancellation window)" },
  approved: { "zh-CN": "奖励已批准", en: "Approved" },
  rewardIssued: { "zh-CN": "奖励已发放", en: "Reward issued" },
  redeemed: { "zh-CN": "已兑换", en: "Redeemed" },
  expired: { "zh-CN": "已过期", en: "Expired" },
  rejected: { "zh-CN": "已驳回", en: "Rejected" },
  voided: { "zh-CN": "已作废", en: "Voided" },
  reversed: { "zh-CN": "已冲销", en: "Reversed" }
})
/** @see {@link ReferralStatus} */
export type ReferralStatus = (typeof ReferralStatus.values)[number]

/**
 * A reward fixed when earned: the offer and its choices (empty when nothing is due), the value the
 * cap was judged on, why it was capped (if it was), the voucher validity and holding days of the
 * policy then in force, that policy's version, and the decision table's trace.
 *
 * @example
 * ```ts
 * import { earnReferrerReward, defaultPolicy, CalendarDate } from "@jipan/core"
 * const r = earnReferrerReward({ referrerKind: "ownedCustomer", askedAt: "delivery", refereeSaleKind: "retail",
 *   refereeUnits: 1, deliveredOn: CalendarDate.make("2026-11-10"), capUsage: { count: 0, valueFen: 0 } }, defaultPolicy)
 * if (r._tag === "Success") r.success.choices.map((c) => c.id) // ["maintenance", "accessories"]
 * ```
 */
export interface EarnedReward {
  readonly offerId: string
  readonly choices: ReadonlyArray<RewardChoice>
  readonly valueFen: number
  readonly capped: { readonly reason: string } | undefined
  readonly earnedOn: CalendarDate
  readonly voucherValidityDays: number
  readonly holdingDays: number
  readonly policy: SectionSource
  readonly decision: TableDecision
}

/**
 * What earning a referrer's reward reads: the referrer's kind, when they were asked, the referee's
 * sale (retail or fleet, and units), the delivery date, and the caller's look-up of the rewards the
 * referrer already earned in the cap period.
 *
 * @example
 * ```ts
 * import type { EarnInput } from "@jipan/core"
 * const input = { referrerKind: "baseCustomer", askedAt: "delivery", refereeSaleKind: "retail", refereeUnits: 1,
 *   deliveredOn: "2026-11-10", capUsage: { count: 2, valueFen: 60000 } } as EarnInput
 * ```
 */
export interface EarnInput {
  readonly referrerKind: ReferrerKind
  readonly askedAt: AskMoment
  readonly refereeSaleKind: "retail" | "fleet"
  readonly refereeUnits: number
  readonly deliveredOn: CalendarDate
  readonly capUsage: { readonly count: number; readonly valueFen: number }
}

/**
 * An offer named by the reward table is not among the policy's offers.
 *
 * @example
 * ```ts
 * // { _tag: "UnknownRewardOffer", offerId: "gold" }
 * ```
 */
export class UnknownRewardOffer extends Schema.TaggedError<UnknownRewardOffer>()("UnknownRewardOffer", {
  offerId: Schema.String,
  message: Schema.String
}) {}

/**
 * Earns the referrer's reward for a delivered referee under `policy`, which must be the policy in
 * force on the delivery date: the reward table picks the offer, then the cap per referrer per
 * period applies. The result is fixed; nothing later re-reads the policy.
 *
 * @example
 * ```ts
 * import { earnReferrerReward, defaultPolicy, CalendarDate } from "@jipan/core"
 * const r = earnReferrerReward({ referrerKind: "ownedCustomer", askedAt: "delivery", refereeSaleKind: "retail",
 *   refereeUnits: 1, deliveredOn: CalendarDate.make("2026-11-10"), capUsage: { count: 10, valueFen: 0 } }, defaultPolicy)
 * if (r._tag === "Success") r.success.capped // { reason: "…10 rewards a year…" }
 * ```
 */
export const earnReferrerReward = (
  input: EarnInput,
  policy: Policy
): Result.Result<EarnedReward, MissingTableInput | NoRowMatched | NoTableInForce | UnknownRewardOffer> => {
  const rules = policy.referral
  const table = tableInForce(rules.tables, RewardTableId.referrerReward, input.deliveredOn)
  if (Result.isFailure(table)) return Result.fail(table.failure)
  const decision = evaluateTable(
    table.success,
    {
      referrerKind: input.referrerKind,
      askedAt: input.askedAt,
      refereeSaleKind: input.refereeSaleKind,
      refereeUnits: input.refereeUnits
    },
    policy.provenance.referral
  )
  if (Result.isFailure(decision)) return Result.fail(decision.failure)
  const offerId = String(decision.success.outputs[0]?.offer)
  const offer = rules.offers.find((o) => o.id === offerId)
  if (offer === undefined)
    return Result.fail(
      new UnknownRewardOffer({
        offerId,
        message: `The reward table gives offer ${offerId}, which the policy does not define`
      })
    )
  const valueFen = offer.choices.reduce((m, c) => Math.max(m, c.valueFen), 0)
  const { caps } = rules
  const capped =
    valueFen > 0 && input.capUsage.count + 1 > caps.maxRewards
      ? {
          reason: `Cap reached: at most ${caps.maxRewards} rewards a ${caps.period} per referrer (already ${input.capUsage.count})`
        }
      : valueFen > 0 && input.capUsage.valueFen + valueFen > caps.maxValueFen
        ? {
            reason: `Cap reached: at most ${caps.maxValueFen} fen a ${caps.period} per referrer (already ${input.capUsage.valueFen})`
          }
        : undefined
  return Result.succeed({
    offerId,
    choices: capped === undefined ? offer.choices : [],
    valueFen: capped === undefined ? valueFen : 0,
    capped,
    earnedOn: input.deliveredOn,
    voucherValidityDays: rules.voucherValidityDays,
    holdingDays: rules.holdingDays,
    policy: policy.provenance.referral,
    decision: decision.success
  })
}

interface Meta {
  readonly on: CalendarDate
}

/** The events of a referral's history. @example // { _tag: "ReferralRegistered", on: "2026-11-05", registration } */
export type ReferralEvent =
  | (Meta & { readonly _tag: "ReferralRegistered"; readonly registration: ReferralRegistration })
  | (Meta & {
      readonly _tag: "ReferralPending"
      readonly until: CalendarDate
      readonly checks: ReadonlyArray<ValidityCheck>
    })
  | (Meta & { readonly _tag: "ReferralAudited"; readonly checks: ReadonlyArray<ValidityCheck> })
  | (Meta & {
      readonly _tag: "ReferralRejected"
      readonly reasons: ReadonlyArray<RejectionReason>
      readonly checks: ReadonlyArray<ValidityCheck>
      readonly note: string
    })
  | (Meta & {
      readonly _tag: "RefereeCardLinked"
      readonly storeId: StoreId
      readonly cardId: CardId
    })
  | (Meta & { readonly _tag: "RefereeOrdered"; readonly orderId: string })
  | (Meta & { readonly _tag: "RefereeOrderCancelled"; readonly orderId: string })
  | (Meta & {
      readonly _tag: "RefereeDelivered"
      readonly deliveryId: string
      readonly saleKind: "retail" | "fleet"
      readonly units: number
      readonly earned: EarnedReward
    })
  | (Meta & { readonly _tag: "HoldingStarted"; readonly until: CalendarDate })
  | (Meta & { readonly _tag: "ReferralApproved" })
  | (Meta & {
      readonly _tag: "RewardIssued"
      readonly voucherId: string
      readonly choice: RewardChoice
      readonly expiresOn: CalendarDate
    })
  | (Meta & { readonly _tag: "RewardRedeemed"; readonly voucherId: string })
  | (Meta & { readonly _tag: "RewardExpired"; readonly voucherId: string })
  | (Meta & {
      readonly _tag: "RewardReversed"
      readonly voucherId: string
      readonly amountFen: number
      readonly reason: ReversalReason
    })
  | (Meta & { readonly _tag: "ReferralVoided"; readonly reason: string })

/**
 * A referral's state: the fold of its events.
 *
 * @example
 * ```ts
 * import { foldReferral } from "@jipan/core"
 * foldReferral(referralEvents).status // "holding"
 * ```
 */
export interface ReferralState {
  readonly status: ReferralStatus
  readonly version: number
  readonly registration: ReferralRegistration | undefined
  readonly pendingUntil: CalendarDate | undefined
  readonly auditedOn: CalendarDate | undefined
  readonly orderId: string | undefined
  readonly delivery:
    | {
        readonly deliveryId: string
        readonly deliveredOn: CalendarDate
        readonly saleKind: "retail" | "fleet"
        readonly units: number
      }
    | undefined
  readonly earned: EarnedReward | undefined
  readonly holdUntil: CalendarDate | undefined
  readonly approvedOn: CalendarDate | undefined
  readonly voucher:
    | {
        readonly voucherId: string
        readonly choice: RewardChoice
        readonly issuedOn: CalendarDate
        readonly expiresOn: CalendarDate
      }
    | undefined
  readonly rejection:
    | { readonly reasons: ReadonlyArray<RejectionReason>; readonly on: CalendarDate }
    | undefined
  readonly voidReason: string | undefined
  /**
   * What the checks were last told of the referee's confirmation and the DCRC's phone audit: a
   * recheck that leaves one out keeps the one given before.
   */
  readonly answers?:
    | {
        readonly refereeConfirmation?: NonNullable<ValidityContext["refereeConfirmation"]> | undefined
        readonly phoneAudit?: NonNullable<ValidityContext["phoneAudit"]> | undefined
      }
    | undefined
  /** The referee's card, once linked: its order, delivery and cancellation drive this referral. */
  readonly refereeCard?: { readonly storeId: StoreId; readonly cardId: CardId } | undefined
  /** The ledger entries this referral wrote, in order (never edited). */
  readonly ledger: ReadonlyArray<LedgerEntry>
}

/**
 * The state before the first event.
 *
 * @example
 * ```ts
 * import { initialReferralState } from "@jipan/core"
 * initialReferralState.status // "none"
 * ```
 */
export const initialReferralState: ReferralState = {
  status: "none",
  version: 0,
  registration: undefined,
  pendingUntil: undefined,
  auditedOn: undefined,
  orderId: undefined,
  delivery: undefined,
  earned: undefined,
  holdUntil: undefined,
  approvedOn: undefined,
  voucher: undefined,
  rejection: undefined,
  voidReason: undefined,
  ledger: []
}

/**
 * The command does not apply in the referral's status.
 *
 * @example
 * ```ts
 * // { _tag: "ReferralTransitionNotAllowed", command: "Approve", status: "audited", allowedFrom: ["holding"] }
 * ```
 */
export class ReferralTransitionNotAllowed extends Schema.TaggedError<ReferralTransitionNotAllowed>()(
  "ReferralTransitionNotAllowed",
  {
    command: Schema.String,
    status: Schema.String,
    allowedFrom: Schema.Array(Schema.String),
    message: Schema.String
  }
) {}

/**
 * Approval asked before the holding window (the order-cancellation window) is over.
 *
 * @example
 * ```ts
 * // { _tag: "StillHolding", until: "2026-12-10" }
 * ```
 */
export class StillHolding extends Schema.TaggedError<StillHolding>()("StillHolding", {
  until: Schema.String,
  message: Schema.String
}) {}

/**
 * Issuing a reward that was not earned (capped, or an offer without choices), or a choice the offer
 * does not have.
 *
 * @example
 * ```ts
 * // { _tag: "NoRewardDue", reason: "Cap reached…" }
 * ```
 */
export class NoRewardDue extends Schema.TaggedError<NoRewardDue>()("NoRewardDue", {
  reason: Schema.String,
  message: Schema.String
}) {}

/**
 * Redeeming an expired voucher, or expiring one still valid.
 *
 * @example
 * ```ts
 * // { _tag: "VoucherDate", expiresOn: "2027-12-11" }
 * ```
 */
export class VoucherDate extends Schema.TaggedError<VoucherDate>()("VoucherDate", {
  expiresOn: Schema.String,
  message: Schema.String
}) {}

/**
 * Every refusal of the referral decider.
 *
 * @example
 * ```ts
 * import type { ReferralError } from "@jipan/core"
 * const tag = (e: ReferralError) => e._tag
 * ```
 */
export type ReferralError =
  | ReferralTransitionNotAllowed
  | StillHolding
  | NoRewardDue
  | VoucherDate
  | MissingTableInput
  | NoRowMatched
  | NoTableInForce
  | UnknownRewardOffer

const terminal: ReadonlySet<ReferralStatus> = new Set(["rejected", "voided", "reversed", "expired"])

const notAllowed = (
  command: ReferralCommand,
  state: ReferralState,
  allowedFrom: ReadonlyArray<ReferralStatus>
) =>
  Result.fail(
    new ReferralTransitionNotAllowed({
      command: command._tag,
      status: state.status,
      allowedFrom: [...allowedFrom],
      message: `${command._tag} is not allowed on a referral that is ${state.status} (allowed from: ${allowedFrom.join(", ")})`
    })
  )

const ok = (
  events: ReadonlyArray<ReferralEvent>
): Result.Result<ReadonlyArray<ReferralEvent>, ReferralError> => Result.succeed(events)

const noLookups: ValidityContext = { existing: [], earlierClaims: [] }

const verdictEvents = (
  on: CalendarDate,
  registration: ReferralRegistration,
  context: ValidityContext,
  policy: Policy
): Array<ReferralEvent> => {
  const verdict = checkReferralValidity(registration, context, policy, on)
  if (verdict.status === "rejected")
    return [
      {
        _tag: "ReferralRejected",
        on,
        reasons: verdict.reasons,
        checks: verdict.checks,
        note: "Validity checks failed"
      }
    ]
  if (verdict.status === "pending")
    return [{ _tag: "ReferralPending", on, until: verdict.pendingUntil ?? on, checks: verdict.checks }]
  return [{ _tag: "ReferralAudited", on, checks: verdict.checks }]
}

const reversalOf = (state: ReferralState, on: CalendarDate, reason: ReversalReason): Array<ReferralEvent> =>
  state.voucher !== undefined && (state.status === "rewardIssued" || state.status === "redeemed")
    ? [
        {
          _tag: "RewardReversed",
          on,
          voucherId: state.voucher.voucherId,
          amountFen: -state.voucher.choice.valueFen,
          reason
        }
      ]
    : []

/**
 * Decides a command on a referral's state. `policy` must be the policy in force on the command's
 * date; only registration, re-checks and the referee's delivery read it (the reward is fixed then).
 * A refused command emits nothing.
 *
 * @example
 * ```ts
 * import { decideReferral, initialReferralState, defaultPolicy } from "@jipan/core"
 * const r = decideReferral({ _tag: "Register", on: registration.registeredOn, registration, context }, initialReferralState, defaultPolicy)
 * if (r._tag === "Success") r.success.map((e) => e._tag) // ["ReferralRegistered", "ReferralPending"]
 * ```
 */
export const decideReferral = (
  command: ReferralCommand,
  state: ReferralState,
  policy: Policy
): Result.Result<ReadonlyArray<ReferralEvent>, ReferralError> => {
  const { on } = command
  switch (command._tag) {
    case "Register":
      if (state.status !== "none") return notAllowed(command, state, ["none"])
      return ok([
        { _tag: "ReferralRegistered", on, registration: command.registration },
        ...verdictEvents(on, command.registration, command.context ?? noLookups, policy)
      ])
    case "Recheck":
      if (state.status !== "registered" || state.registration === undefined)
        return notAllowed(command, state, ["registered"])
      return ok(verdictEvents(on, state.registration, command.context ?? noLookups, policy))
    case "LinkRefereeCard":
      if (state.status === "none")
        return notAllowed(
          command,
          state,
          ReferralStatus.values.filter((s) => s !== "none")
        )
      // linking the card already linked changes nothing (a card drives its referrals idempotently)
      if (state.refereeCard?.storeId === command.storeId && state.refereeCard.cardId === command.cardId)
        return ok([])
      return ok([{ _tag: "RefereeCardLinked", on, storeId: command.storeId, cardId: command.cardId }])
    case "RecordRefereeOrder":
      if (state.status !== "audited") return notAllowed(command, state, ["audited"])
      return ok([{ _tag: "RefereeOrdered", on, orderId: command.orderId }])
    case "RecordRefereeDelivery": {
      if (state.status !== "refereeOrdered" || state.registration === undefined)
        return notAllowed(command, state, ["refereeOrdered"])
      const earned = earnReferrerReward(
        {
          referrerKind: state.registration.referrer.kind,
          askedAt: state.registration.askedAt,
          refereeSaleKind: command.saleKind,
          refereeUnits: command.units,
          deliveredOn: on,
          capUsage: command.capUsage ?? { count: 0, valueFen: 0 }
        },
        policy
      )
      if (Result.isFailure(earned)) return Result.fail(earned.failure)
      return ok([
        {
          _tag: "RefereeDelivered",
          on,
          deliveryId: command.deliveryId,
          saleKind: command.saleKind,
          units: command.units,
          earned: earned.success
        },
        { _tag: "HoldingStarted", on, until: addDays(on, earned.success.holdingDays) }
      ])
    }
    case "RecordRefereeCancellation":
      switch (state.status) {
        case "refereeOrdered":
          return ok([{ _tag: "RefereeOrderCancelled", on, orderId: state.orderId ?? "" }])
        case "refereeDelivered":
        case "holding":
          // Inside the holding window: the reward never becomes payable.
          return ok([
            { _tag: "ReferralVoided", on, reason: `Referee ${command.kind} inside the holding window` }
          ])
        case "approved":
          return ok([
            { _tag: "ReferralVoided", on, reason: `Referee ${command.kind} after approval, before issue` }
          ])
        case "rewardIssued":
        case "redeemed":
          return ok(reversalOf(state, on, command.kind))
        default:
          return notAllowed(command, state, [
            "refereeOrdered",
            "holding",
            "approved",
            "rewardIssued",
            "redeemed"
          ])
      }
    case "Approve":
      if (state.status !== "holding" || state.holdUntil === undefined)
        return notAllowed(command, state, ["holding"])
      if (on <= state.holdUntil)
        return Result.fail(
          new StillHolding({
            until: state.holdUntil,
            message: `The order-cancellation window runs until ${state.holdUntil}; approve from the day after`
          })
        )
      return ok([{ _tag: "ReferralApproved", on }])
    case "IssueReward": {
      if (state.status !== "approved" || state.earned === undefined)
        return notAllowed(command, state, ["approved"])
      const earned = state.earned
      if (earned.choices.length === 0)
        return Result.fail(
          new NoRewardDue({
            reason: earned.capped?.reason ?? `Offer ${earned.offerId} has no choices`,
            message: `No reward is due: ${earned.capped?.reason ?? `offer ${earned.offerId} has no choices`}`
          })
        )
      const choice = earned.choices.find((c) => c.id === command.choiceId)
      if (choice === undefined)
        return Result.fail(
          new NoRewardDue({
            reason: `unknown choice ${command.choiceId}`,
            message: `Choice ${command.choiceId} is not offered (choices: ${earned.choices.map((c) => c.id).join(", ")})`
          })
        )
      return ok([
        {
          _tag: "RewardIssued",
          on,
          voucherId: command.voucherId,
          choice,
          expiresOn: addDays(on, earned.voucherValidityDays)
        }
      ])
    }
    case "RedeemReward":
      if (state.status !== "rewardIssued" || state.voucher === undefined)
        return notAllowed(command, state, ["rewardIssued"])
      if (on > state.voucher.expiresOn)
        return Result.fail(
          new VoucherDate({
            expiresOn: state.voucher.expiresOn,
            message: `Voucher expired on ${state.voucher.expiresOn}`
          })
        )
      return ok([{ _tag: "RewardRedeemed", on, voucherId: state.voucher.voucherId }])
    case "ExpireReward":
      if (state.status !== "rewardIssued" || state.voucher === undefined)
        return notAllowed(command, state, ["rewardIssued"])
      if (on <= state.voucher.expiresOn)
        return Result.fail(
          new VoucherDate({
            expiresOn: state.voucher.expiresOn,
            message: `Voucher is valid until ${state.voucher.expiresOn}`
          })
        )
      return ok([{ _tag: "RewardExpired", on, voucherId: state.voucher.voucherId }])
    case "Reject":
      if (state.status === "none" || terminal.has(state.status))
        return notAllowed(
          command,
          state,
          ReferralStatus.values.filter((s) => s !== "none" && !terminal.has(s))
        )
      return ok([
        ...reversalOf(state, on, "rejected"),
        { _tag: "ReferralRejected", on, reasons: command.reasons, checks: [], note: command.note }
      ])
    case "Void":
      if (state.status === "none" || terminal.has(state.status))
        return notAllowed(
          command,
          state,
          ReferralStatus.values.filter((s) => s !== "none" && !terminal.has(s))
        )
      return ok([...reversalOf(state, on, "voided"), { _tag: "ReferralVoided", on, reason: command.reason }])
  }
}

const entry = (
  state: ReferralState,
  kind: LedgerEntry["kind"],
  voucherId: string,
  amountFen: number,
  on: CalendarDate,
  extra: { choiceId?: string; reason?: ReversalReason }
): LedgerEntry =>
  ({
    entryId: `${voucherId}:${kind}`,
    voucherId,
    referralId: state.registration?.referralId ?? "",
    referrerId: state.registration?.referrer.id ?? "",
    kind,
    amountFen,
    on,
    ...extra
  }) as LedgerEntry

// the confirmation and audit a verdict's checks read (kept when a check did not read one)
const answersOf = (s: ReferralState, checks: ReadonlyArray<ValidityCheck>): ReferralState["answers"] => {
  let refereeConfirmation = s.answers?.refereeConfirmation
  let phoneAudit = s.answers?.phoneAudit
  for (const c of checks) {
    const confirmation = c.reads.confirmation as ReferralStateAnswers["refereeConfirmation"]
    const audit = c.reads.audit as ReferralStateAnswers["phoneAudit"]
    if (c.checkId === "referral.refereeConfirms" && confirmation !== undefined)
      refereeConfirmation = confirmation
    if (c.checkId === "referral.phoneAudit" && audit !== undefined) phoneAudit = audit
  }
  return refereeConfirmation === undefined && phoneAudit === undefined
    ? s.answers
    : { refereeConfirmation, phoneAudit }
}
type ReferralStateAnswers = NonNullable<ReferralState["answers"]>

/**
 * Applies one event to a referral's state.
 *
 * @example
 * ```ts
 * import { evolveReferral, initialReferralState } from "@jipan/core"
 * evolveReferral(initialReferralState, { _tag: "ReferralRegistered", on, registration }).status // "registered"
 * ```
 */
export const evolveReferral = (s: ReferralState, e: ReferralEvent): ReferralState => {
  const next = { ...s, version: s.version + 1 }
  switch (e._tag) {
    case "ReferralRegistered":
      return { ...next, status: "registered", registration: e.registration }
    case "ReferralPending":
      return { ...next, pendingUntil: e.until, answers: answersOf(s, e.checks) }
    case "ReferralAudited":
      return {
        ...next,
        status: "audited",
        auditedOn: e.on,
        pendingUntil: undefined,
        answers: answersOf(s, e.checks)
      }
    case "ReferralRejected":
      return {
        ...next,
        status: "rejected",
        rejection: { reasons: e.reasons, on: e.on },
        answers: answersOf(s, e.checks)
      }
    case "RefereeCardLinked":
      return { ...next, refereeCard: { storeId: e.storeId, cardId: e.cardId } }
    case "RefereeOrdered":
      return { ...next, status: "refereeOrdered", orderId: e.orderId }
    case "RefereeOrderCancelled":
      return { ...next, status: "audited", orderId: undefined }
    case "RefereeDelivered":
      return {
        ...next,
        status: "refereeDelivered",
        delivery: { deliveryId: e.deliveryId, deliveredOn: e.on, saleKind: e.saleKind, units: e.units },
        earned: e.earned
      }
    case "HoldingStarted":
      return { ...next, status: "holding", holdUntil: e.until }
    case "ReferralApproved":
      return { ...next, status: "approved", approvedOn: e.on }
    case "RewardIssued":
      return {
        ...next,
        status: "rewardIssued",
        voucher: { voucherId: e.voucherId, choice: e.choice, issuedOn: e.on, expiresOn: e.expiresOn },
        ledger: [
          ...s.ledger,
          entry(s, "issued", e.voucherId, e.choice.valueFen, e.on, { choiceId: e.choice.id })
        ]
      }
    case "RewardRedeemed":
      return {
        ...next,
        status: "redeemed",
        ledger: [...s.ledger, entry(s, "redeemed", e.voucherId, -(s.voucher?.choice.valueFen ?? 0), e.on, {})]
      }
    case "RewardExpired":
      return {
        ...next,
        status: "expired",
        ledger: [...s.ledger, entry(s, "expired", e.voucherId, -(s.voucher?.choice.valueFen ?? 0), e.on, {})]
      }
    case "RewardReversed":
      return {
        ...next,
        status: "reversed",
        ledger: [...s.ledger, entry(s, "reversed", e.voucherId, e.amountFen, e.on, { reason: e.reason })]
      }
    case "ReferralVoided":
      return { ...next, status: s.status === "reversed" ? "reversed" : "voided", voidReason: e.reason }
  }
}

/**
 * Folds a referral's history into its state.
 *
 * @example
 * ```ts
 * import { foldReferral } from "@jipan/core"
 * foldReferral([]).status // "none"
 * ```
 */
export const foldReferral = (
  events: ReadonlyArray<ReferralEvent>,
  from: ReferralState = initialReferralState
): ReferralState => events.reduce(evolveReferral, from)

/**
 * The referral as a {@link Decider}: `decideReferral`, `evolveReferral` and
 * `initialReferralState`, decided under the policy in force.
 *
 * @example
 * ```ts
 * import { foldWith, referralDecider } from "@jipan/core"
 * foldWith(referralDecider, []).status // "none"
 * ```
 */
export const referralDecider: Decider<ReferralCommand, ReferralState, ReferralEvent, ReferralError, Policy> =
  {
    initialState: initialReferralState,
    decide: decideReferral,
    evolve: evolveReferral
  }
