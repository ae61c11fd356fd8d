/**
 * The customer card (客户信息卡) as a decider: `decideCard(command, state, policy)` → events or a
 * typed refusal, `evolveCard(state, event)` → state, `initialCardState`, and `foldCard(events)`.
 * The card's current state is the fold of its history; a refused command emits nothing.
 *
 * @module
 */
import { Result } from "effect"
import { addMonths, type CalendarDate, calendarDateOf } from "./CalendarDate.js"
import type {
  Actor,
  ActorRole,
  CardCommand,
  CardCommandTag,
  DefeatClaim,
  DeliveredVehicle,
  MiningKind,
  OpenCard
} from "./CardCommand.js"
import {
  AlreadyHasCard,
  type CardError,
  CompetitorRequired,
  EarlierThanLastEvent,
  InvalidDeliveryDate,
  InvalidMerge,
  NotCardOwner,
  NotPermitted,
  SameOwner,
  TransitionNotAllowed,
  UnknownDefeatReason,
  UnknownInvalidReason
} from "./CardError.js"
import type { CardEvent, CardOpened } from "./CardEvent.js"
import type { ProspectEvidence } from "./Evidence.js"
import { contactDue } from "./FollowUp.js"
import { gradeProspect, UnknownGrade } from "./Grading.js"
import type { CardId, ConsultantId, CustomerId, StoreId } from "./Ids.js"
import type { IntentType } from "./IntentType.js"
import { defineEnum } from "./Label.js"
import type { LeadSource } from "./LeadSource.js"
import type { PhoneNumber } from "./Phone.js"
import type { DefeatReason, GradeId, Policy } from "./Policy.js"
import { parseVin } from "./Vin.js"

/**
 * Where a card stands in its lifecycle: not opened yet, prospect (有望客户), ordered (订单, O),
 * defeat requested (战败申请, awaiting 战败审核), defeated (战败), reactivation requested (激活申请),
 * owned customer (保有客户, after 交车), or invalid (无效卡).
 *
 * @example
 * ```ts
 * import { CardStatus } from "@jipan/core"
 * CardStatus.label("defeatRequested", "zh-CN") // "战败审核中"
 * ```
 */
export const CardStatus = defineEnum({
  none: { "zh-CN": "未建卡", en: "Not opened" },
  prospect: { "zh-CN": "有望客户", en: "Prospect" },
  ordered: { "zh-CN": "已订车", en: "Ordered" },
  defeatRequested: { "zh-CN": "战败审核中", en: "Defeat requested" },
  defeated: { "zh-CN": "战败客户", en: "Defeated" },
  reactivationRequested: { "zh-CN": "激活审核中", en: "Reactivation requested" },
  owned: { "zh-CN": "保有客户", en: "Owned customer" },
  invalid: { "zh-CN": "无效卡", en: "Invalid" }
})
/** @see {@link CardStatus} */
export type CardStatus = (typeof CardStatus.values)[number]

/**
 * One owned-customer care contact recorded on the card.
 *
 * @example
 * ```ts
 * import type { CareRecord } from "@jipan/core"
 * const r = { ruleId: "care.day3", plannedOn: "2026-11-25", on: "2026-11-25", outcome: "done" } as CareRecord
 * ```
 */
export interface CareRecord {
  readonly ruleId: string
  readonly plannedOn: CalendarDate
  readonly on: CalendarDate
  readonly outcome: "done" | "missed"
  readonly odometerKm: number | undefined
}

/**
 * The state of a card: the fold of its events. Every field is always present (`undefined` when
 * not known yet) so that folding stays fast. `version` counts the events folded (the optimistic
 * version a store checks).
 *
 * @example
 * ```ts
 * import { foldCard } from "@jipan/core"
 * const s = foldCard(history)
 * s.status === "prospect" && s.nextContactDue
 * ```
 */
export interface CardState {
  readonly status: CardStatus
  readonly version: number
  /** The time of the last event (epoch ms); `-Infinity` before the first. */
  readonly lastEventAt: number
  readonly cardId: CardId | undefined
  readonly storeId: StoreId | undefined
  readonly customerId: CustomerId | undefined
  readonly phone: PhoneNumber | undefined
  readonly owner: ConsultantId | undefined
  readonly source: LeadSource | undefined
  readonly intent: IntentType | undefined
  readonly openedOn: CalendarDate | undefined
  readonly linkedTo: { readonly cardId: CardId; readonly kind: MiningKind } | undefined
  readonly grade: GradeId | undefined
  /** The day the current grade was first given (a re-grade to the same grade keeps it). */
  readonly gradeSince: CalendarDate | undefined
  /** The day the current status began. */
  readonly statusSince: CalendarDate | undefined
  /** The next contact agreed with the customer at the last contact, if one was agreed. */
  readonly agreedNextContactOn: CalendarDate | undefined
  readonly evidence: ProspectEvidence
  /** The day from which the grade's contact interval counts (last contact or last grade decision). */
  readonly scheduleBase: CalendarDate | undefined
  readonly lastContactOn: CalendarDate | undefined
  /** The one next due contact of an open prospect or order; `undefined` in every other status. */
  readonly nextContactDue: CalendarDate | undefined
  readonly contactCount: number
  /** Grade overrides waiting for the supervisor's review. */
  readonly overridesToReview: number
  readonly order:
    | { readonly orderId: string; readonly model: string; readonly orderedOn: CalendarDate }
    | undefined
  readonly delivery:
    | {
        readonly vehicle: DeliveredVehicle
        readonly deliveredOn: CalendarDate
        readonly odometerKm: number | undefined
        readonly insuranceExpiresOn: CalendarDate
        readonly birthday: { readonly month: number; readonly day: number } | undefined
      }
    | undefined
  readonly defeat: { readonly claim: DefeatClaim; readonly approved: boolean } | undefined
  readonly invalid: { readonly reasonId: string; readonly mergedInto: CardId | undefined } | undefined
  readonly minedCards: ReadonlyArray<{ readonly cardId: CardId; readonly kind: MiningKind }>
  readonly careLog: ReadonlyArray<CareRecord>
}

/**
 * The state before the first event.
 *
 * @example
 * ```ts
 * import { initialCardState } from "@jipan/core"
 * initialCardState.status // "none"
 * ```
 */
export const initialCardState: CardState = {
  status: "none",
  version: 0,
  lastEventAt: Number.NEGATIVE_INFINITY,
  cardId: undefined,
  storeId: undefined,
  customerId: undefined,
  phone: undefined,
  owner: undefined,
  source: undefined,
  intent: undefined,
  openedOn: undefined,
  linkedTo: undefined,
  grade: undefined,
  gradeSince: undefined,
  statusSince: undefined,
  agreedNextContactOn: undefined,
  evidence: {},
  scheduleBase: undefined,
  lastContactOn: undefined,
  nextContactDue: undefined,
  contactCount: 0,
  overridesToReview: 0,
  order: undefined,
  delivery: undefined,
  defeat: undefined,
  invalid: undefined,
  minedCards: [],
  careLog: []
}

/**
 * One row of the lifecycle: a command moves a card from one status to another.
 *
 * @example
 * ```ts
 * import type { LifecycleTransition } from "@jipan/core"
 * const t: LifecycleTransition = { from: "ordered", command: "Deliver", to: "owned" }
 * ```
 */
export interface LifecycleTransition {
  readonly from: CardStatus
  readonly command: CardCommandTag
  readonly to: CardStatus
}

const t = (from: CardStatus, command: CardCommandTag, to: CardStatus): LifecycleTransition => ({
  from,
  command,
  to
})

/**
 * The card lifecycle as a table (status × command → status): the decider allows a command only
 * from the statuses listed here, the tests check every decision against it, and the docs' state
 * diagram is generated from it ({@link lifecycleDiagram}).
 *
 * @example
 * ```ts
 * import { lifecycleTransitions } from "@jipan/core"
 * lifecycleTransitions.filter((r) => r.command === "CancelOrder").map((r) => r.to) // ["prospect", "defeatRequested"]
 * ```
 */
export const lifecycleTransitions: ReadonlyArray<LifecycleTransition> = [
  t("none", "OpenCard", "prospect"),
  t("prospect", "LogContact", "prospect"),
  t("prospect", "Regrade", "prospect"),
  t("prospect", "Reassign", "prospect"),
  t("prospect", "PlaceOrder", "ordered"),
  t("prospect", "RequestDefeat", "defeatRequested"),
  t("prospect", "MarkInvalid", "invalid"),
  t("ordered", "LogContact", "ordered"),
  t("ordered", "Reassign", "ordered"),
  t("ordered", "CancelOrder", "prospect"),
  t("ordered", "CancelOrder", "defeatRequested"),
  t("ordered", "Deliver", "owned"),
  t("defeatRequested", "Reassign", "defeatRequested"),
  t("defeatRequested", "ApproveDefeat", "defeated"),
  t("defeatRequested", "RejectDefeat", "prospect"),
  t("defeated", "Reassign", "defeated"),
  t("defeated", "RequestReactivation", "reactivationRequested"),
  t("defeated", "MarkInvalid", "invalid"),
  t("reactivationRequested", "ApproveReactivation", "prospect"),
  t("reactivationRequested", "RejectReactivation", "defeated"),
  t("owned", "Reassign", "owned"),
  t("owned", "MineOwner", "owned"),
  t("owned", "RecordCareContact", "owned")
]

const everyone: ReadonlyArray<ActorRole> = ["consultant", "supervisor", "dcrc", "system"]
const sales: ReadonlyArray<ActorRole> = ["consultant", "supervisor"]
const salesAndSystem: ReadonlyArray<ActorRole> = ["consultant", "supervisor", "system"]
const supervisor: ReadonlyArray<ActorRole> = ["supervisor"]

/**
 * Who may issue each command, and whether a consultant must own the card to issue it. Supervisors
 * decide defeats and reactivations and reassign cards (the system too, e.g. when a consultant's
 * account is closed); the DCRC may mark invalid cards, mine owners and record care contacts.
 *
 * @example
 * ```ts
 * import { commandPermissions } from "@jipan/core"
 * commandPermissions.ApproveDefeat.roles // ["supervisor"]
 * ```
 */
export const commandPermissions: Readonly<
  Record<CardCommandTag, { readonly roles: ReadonlyArray<ActorRole>; readonly ownerOnly: boolean }>
> = {
  OpenCard: { roles: everyone, ownerOnly: false },
  LogContact: { roles: sales, ownerOnly: true },
  Regrade: { roles: sales, ownerOnly: true },
  Reassign: { roles: ["supervisor", "system"], ownerOnly: false },
  PlaceOrder: { roles: salesAndSystem, ownerOnly: true },
  CancelOrder: { roles: salesAndSystem, ownerOnly: true },
  Deliver: { roles: salesAndSystem, ownerOnly: true },
  RequestDefeat: { roles: sales, ownerOnly: true },
  ApproveDefeat: { roles: supervisor, ownerOnly: false },
  RejectDefeat: { roles: supervisor, ownerOnly: false },
  RequestReactivation: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: false },
  ApproveReactivation: { roles: supervisor, ownerOnly: false },
  RejectReactivation: { roles: supervisor, ownerOnly: false },
  MarkInvalid: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: true },
  MineOwner: { roles: ["consultant", "supervisor", "dcrc"], ownerOnly: true },
  RecordCareContact: { roles: everyone, ownerOnly: true }
}

const allowedFrom = new Map<CardCommandTag, ReadonlyArray<CardStatus>>()
for (const row of lifecycleTransitions) {
  const from = allowedFrom.get(row.command) ?? []
  if (!from.includes(row.from)) allowedFrom.set(row.command, [...from, row.from])
}
// the same as sets, for the check every command goes through
const allowedStatus = Object.fromEntries(
  [...allowedFrom].map(([tag, from]) => [tag, new Set(from)])
) as Partial<Record<CardCommandTag, ReadonlySet<CardStatus>>>

const UNGRADED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["grading.ungraded"])

const hasAny = (evidence: ProspectEvidence): boolean => {
  for (const _ in evidence) return true
  return false
}

const iso = (at: number) => (Number.isFinite(at) ? new Date(at).toISOString() : String(at))

interface Schedule {
  readonly grade: GradeId
  readonly ruleIds: ReadonlyArray<string>
  readonly scheduleBase: CalendarDate
  readonly nextContactDue: CalendarDate
}

/** The next due contact for a grade counted from `base` (a contact, or a grade decision on that day). */
const schedule = (
  policy: Policy,
  grade: GradeId,
  base: CalendarDate,
  ruleIds: ReadonlyArray<string>,
  agreed?: CalendarDate
): Result.Result<Schedule, UnknownGrade> => {
  const next = contactDue(
    agreed === undefined
      ? { grade, openedOn: base, lastContactOn: base }
      : { grade, openedOn: base, lastContactOn: base, agreedNextContactOn: agreed },
    policy
  )
  if (Result.isFailure(next)) return Result.fail(next.failure)
  return Result.succeed({
    grade,
    ruleIds: [...ruleIds, ...next.success.ruleIds],
    scheduleBase: base,
    nextContactDue: next.success.due
  })
}

/** A grade a supervisor or consultant may set by hand: a scale grade or the ungraded one (not O). */
const manualGrade = (policy: Policy, grade: GradeId): UnknownGrade | undefined => {
  const g = policy.grading
  if (grade === g.ungraded.id || g.grades.some((x) => x.id === grade)) return undefined
  const known = [...g.grades.map((x) => x.id), g.ungraded.id]
  return new UnknownGrade({
    grade,
    known,
    message: `Grade ${grade} cannot be set here: use one of ${known.join(", ")} (the ordered grade comes with an order)`
  })
}

const findDefeatReason = (policy: Policy, claim: DefeatClaim): DefeatReason | undefined => {
  for (const type of policy.lifecycle.defeatReasonTypes) {
    if (type.id !== claim.typeId) continue
    for (const reason of type.reasons) if (reason.id === claim.reasonId) return reason
  }
  return undefined
}

const checkDefeat = (policy: Policy, claim: DefeatClaim): CardError | undefined => {
  const reason = findDefeatReason(policy, claim)
  if (reason === undefined) {
    return new UnknownDefeatReason({
      typeId: claim.typeId,
      reasonId: claim.reasonId,
      message: `Defeat reason (战败原因) ${claim.typeId}/${claim.reasonId} is not in the policy's catalogue`
    })
  }
  if (
    reason.competitorBought &&
    (claim.competitor === undefined ||
      claim.competitor.brand.trim() === "" ||
      claim.competitor.model.trim() === "")
  ) {
    return new CompetitorRequired({
      reasonId: claim.reasonId,
      message: `Defeat reason ${claim.reasonId} needs the competitor brand and model bought (战败车型)`
    })
  }
  return undefined
}

const ok = (events: ReadonlyArray<CardEvent>): Result.Result<ReadonlyArray<CardEvent>, CardError> =>
  Result.succeed(events)
const refuse = (error: CardError): Result.Result<ReadonlyArray<CardEvent>, CardError> => Result.fail(error)

/**
 * Decides a command against a card's state under a policy: the events to append, or the typed
 * refusal (nothing changes). The command's instant gives the calendar date in the policy's time
 * zone; no rule reads a clock. Checks, in order: the lifecycle allows the command from the card's
 * status, the actor's role may issue it (and a consultant owns the card), the command is not
 * earlier than the card's last event, then the command's own rules.
 *
 * @example
 * ```ts
 * import { decideCard, initialCardState, defaultPolicy } from "@jipan/core"
 * const r = decideCard({ _tag: "OpenCard", cardId, storeId, customerId, phone, owner, source: "walkIn",
 *   intent: "direct", evidence: {}, existingOpenCardId: undefined, by: { id: owner, role: "consultant" },
 *   at: Date.parse("2026-11-22T10:00:00+08:00") }, initialCardState, defaultPolicy)
 * // Success([CardOpened { grade: "N", nextContactDue: "2026-11-23", … }])
 * ```
 */
export const decideCard = (
  command: CardCommand,
  state: CardState,
  policy: Policy
): Result.Result<ReadonlyArray<CardEvent>, CardError> => {
  const tag = command._tag
  if (allowedStatus[tag]?.has(state.status) !== true) {
    const from = allowedFrom.get(tag) ?? []
    return refuse(
      new TransitionNotAllowed({
        command: tag,
        status: state.status,
        allowedFrom: from,
        message: `Cannot ${tag} a card that is ${state.status} (${CardStatus.labels[state.status]["zh-CN"]}); allowed from: ${from.join(", ")}`
      })
    )
  }
  const by: Actor = command.by
  const permission = commandPermissions[tag]
  if (!permission.roles.includes(by.role)) {
    return refuse(
      new NotPermitted({
        command: tag,
        role: by.role,
        allowedRoles: permission.roles,
        message: `A ${by.role} may not ${tag}; allowed: ${permission.roles.join(", ")}`
      })
    )
  }
  if (
    permission.ownerOnly &&
    by.role === "consultant" &&
    state.owner !== undefined &&
    by.id !== state.owner
  ) {
    return refuse(
      new NotCardOwner({
        command: tag,
        actorId: by.id,
        owner: state.owner,
        message: `Consultant ${by.id} cannot ${tag} card ${state.cardId}: it belongs to ${state.owner}`
      })
    )
  }
  const at = command.at
  if (at < state.lastEventAt) {
    return refuse(
      new EarlierThanLastEvent({
        command: tag,
        at,
        lastEventAt: state.lastEventAt,
        message: `${tag} at ${iso(at)} is earlier than the card's last event at ${iso(state.lastEventAt)}: the history never goes back in time`
      })
    )
  }
  const on = calendarDateOf(at, policy.timeZone)

  switch (command._tag) {
    case "OpenCard": {
      if (command.existingOpenCardId !== undefined) {
        return refuse(
          new AlreadyHasCard({
            existingCardId: command.existingOpenCardId,
            phone: command.phone,
            storeId: command.storeId,
            message: `${command.phone} already has a card (已有客户卡) in store ${command.storeId}: ${command.existingOpenCardId}`
          })
        )
      }
      // Nothing known yet: the card opens ungraded (N), to be graded within the policy's window.
      let grade = policy.grading.ungraded.id
      let gradeRules: ReadonlyArray<string> = UNGRADED_RULE_IDS
      if (hasAny(command.evidence)) {
        const graded = gradeProspect(command.evidence, policy, on)
        if (Result.isFailure(graded)) return refuse(graded.failure)
        grade = graded.success.grade
        gradeRules = graded.success.ruleIds
      }
      // Before any contact the first-call window applies (FollowUp), never later than the grade allows.
      const next = contactDue({ grade, openedOn: on }, policy)
      if (Result.isFailure(next)) return refuse(next.failure)
      const ruleIds = [...gradeRules, ...next.success.ruleIds]
      const event: CardOpened = {
        _tag: "CardOpened",
        by,
        at,
        on,
        cardId: command.cardId,
        storeId: command.storeId,
        customerId: command.customerId,
        phone: command.phone,
        owner: command.owner,
        source: command.source,
        intent: command.intent,
        evidence: command.evidence,
        linkedTo: command.linkedTo,
        grade,
        ruleIds,
        scheduleBase: on,
        nextContactDue: next.success.due
      }
      return ok([event])
    }
    case "LogContact": {
      // Object.assign, not two spreads: a second spread in one literal takes V8's slow path (~10x)
      const evidence: ProspectEvidence = Object.assign({}, state.evidence, command.evidence, {
        lastContactOn: on
      })
      let grade: GradeId
      let computedGrade: GradeId
      let ruleIds: ReadonlyArray<string>
      if (state.status === "ordered") {
        // An ordered card stays O until delivery; contacts keep the order warm.
        grade = policy.grading.ordered.id
        computedGrade = grade
        ruleIds = ["grading.ordered"]
      } else {
        const graded = gradeProspect(evidence, policy, on)
        if (Result.isFailure(graded)) return refuse(graded.failure)
        grade = graded.success.grade
        computedGrade = graded.success.computedGrade
        ruleIds = graded.success.ruleIds
      }
      const s = schedule(policy, grade, on, ruleIds, command.agreedNextContactOn)
      if (Result.isFailure(s)) return refuse(s.failure)
      return ok([
        {
          _tag: "ContactLogged",
          by,
          at,
          on,
          channel: command.channel,
          outcome: command.outcome,
          evidence,
          computedGrade,
          agreedNextContactOn: command.agreedNextContactOn,
          note: command.note,
          grade: s.success.grade,
          ruleIds: s.success.ruleIds,
          scheduleBase: s.success.scheduleBase,
          nextContactDue: s.success.nextContactDue
        }
      ])
    }
    case "Regrade": {
      const graded = gradeProspect(state.evidence, policy, on, {
        override: { grade: command.grade, justification: command.justification }
      })
      if (Result.isFailure(graded)) return refuse(graded.failure)
      const manual = manualGrade(policy, command.grade)
      if (manual !== undefined) return refuse(manual)
      const base = state.scheduleBase ?? on
      const s = schedule(policy, command.grade, base, graded.success.ruleIds)
      if (Result.isFailure(s)) return refuse(s.failure)
      return ok([
        {
          _tag: "Regraded",
          by,
          at,
          on,
          from: state.grade ?? graded.success.computedGrade,
          computedGrade: graded.success.computedGrade,
          justification: command.justification,
          reviewRequired: true,
          grade: s.success.grade,
          ruleIds: s.success.ruleIds,
          scheduleBase: s.success.scheduleBase,
          nextContactDue: s.success.nextContactDue
        }
      ])
    }
    case "Reassign": {
      const owner = state.owner as ConsultantId
      if (command.to === owner) {
        return refuse(new SameOwner({ owner, message: `Card ${state.cardId} already belongs to ${owner}` }))
      }
      return ok([{ _tag: "Reassigned", by, at, on, from: owner, to: command.to, reason: command.reason }])
    }
    case "PlaceOrder": {
      const s = schedule(policy, policy.grading.ordered.id, on, ["grading.ordered"])
      if (Result.isFailure(s)) return refuse(s.failure)
      return ok([
        {
          _tag: "OrderPlaced",
          by,
          at,
          on,
          orderId: command.orderId,
          model: command.model,
          grade: s.success.grade,
          ruleIds: s.success.ruleIds,
          scheduleBase: s.success.scheduleBase,
          nextContactDue: s.success.nextContactDue
        }
      ])
    }
    case "CancelOrder": {
      const orderId = state.order?.orderId ?? ""
      if (command.next.kind === "backToProspect") {
        const manual = manualGrade(policy, command.next.grade)
        if (manual !== undefined) return refuse(manual)
        const s = schedule(policy, command.next.grade, on, ["lifecycle.orderCancelled"])
        if (Result.isFailure(s)) return refuse(s.failure)
        return ok([
          { _tag: "OrderCancelled", by, at, on, orderId, reason: command.reason, backToProspect: s.success }
        ])
      }
      const invalid = checkDefeat(policy, command.next.defeat)
      if (invalid !== undefined) return refuse(invalid)
      return ok([
        { _tag: "OrderCancelled", by, at, on, orderId, reason: command.reason, backToProspect: undefined },
        { _tag: "DefeatRequested", by, at, on, defeat: command.next.defeat }
      ])
    }
    case "Deliver": {
      const vin = parseVin(command.vehicle.vin)
      if (Result.isFailure(vin)) return refuse(vin.failure)
      const orderedOn = state.order?.orderedOn ?? on
      if (command.deliveredOn < orderedOn || command.deliveredOn > on) {
        return refuse(
          new InvalidDeliveryDate({
            deliveredOn: command.deliveredOn,
            orderedOn,
            today: on,
            message: `Delivery date (交车日期) ${command.deliveredOn} must be between the order date ${orderedOn} and today ${on}`
          })
        )
      }
      return ok([
        {
          _tag: "Delivered",
          by,
          at,
          on,
          vehicle: { ...command.vehicle, vin: vin.success },
          deliveredOn: command.deliveredOn,
          odometerKm: command.odometerKm,
          insuranceExpiresOn: command.insuranceExpiresOn ?? addMonths(command.deliveredOn, 12),
          birthday: command.birthday
        }
      ])
    }
    case "RequestDefeat": {
      const invalid = checkDefeat(policy, command.defeat)
      if (invalid !== undefined) return refuse(invalid)
      return ok([{ _tag: "DefeatRequested", by, at, on, defeat: command.defeat }])
    }
    case "ApproveDefeat": {
      const claim = state.defeat?.claim as DefeatClaim
      return ok([{ _tag: "DefeatApproved", by, at, on, defeat: claim, note: command.note }])
    }
    case "RejectDefeat": {
      const manual = manualGrade(policy, command.grade)
      if (manual !== undefined) return refuse(manual)
      const s = schedule(policy, command.grade, on, ["lifecycle.defeatRejected"])
      if (Result.isFailure(s)) return refuse(s.failure)
      return ok([
        {
          _tag: "DefeatRejected",
          by,
          at,
          on,
          owner: command.newOwner ?? (state.owner as ConsultantId),
          note: command.note,
          grade: s.success.grade,
          ruleIds: s.success.ruleIds,
          scheduleBase: s.success.scheduleBase,
          nextContactDue: s.success.nextContactDue
        }
      ])
    }
    case "RequestReactivation":
      return ok([{ _tag: "ReactivationRequested", by, at, on, note: command.note }])
    case "ApproveReactivation": {
      const manual = manualGrade(policy, command.grade)
      if (manual !== undefined) return refuse(manual)
      const s = schedule(policy, command.grade, on, ["lifecycle.reactivated"])
      if (Result.isFailure(s)) return refuse(s.failure)
      return ok([
        {
          _tag: "ReactivationApproved",
          by,
          at,
          on,
          owner: command.newOwner ?? (state.owner as ConsultantId),
          grade: s.success.grade,
          ruleIds: s.success.ruleIds,
          scheduleBase: s.success.scheduleBase,
          nextContactDue: s.success.nextContactDue
        }
      ])
    }
    case "RejectReactivation":
      return ok([{ _tag: "ReactivationRejected", by, at, on, note: command.note }])
    case "MarkInvalid": {
      const reason = policy.lifecycle.invalidReasons.find((r) => r.id === command.reasonId)
      if (reason === undefined) {
        return refuse(
          new UnknownInvalidReason({
            reasonId: command.reasonId,
            message: `Invalid-card reason ${command.reasonId} is not in the policy (${policy.lifecycle.invalidReasons.map((r) => r.id).join(", ")})`
          })
        )
      }
      const survivor = command.survivingCardId
      if (reason.mergeIntoSurvivor !== (survivor !== undefined) || survivor === state.cardId) {
        return refuse(
          new InvalidMerge({
            reasonId: reason.id,
            ...(survivor === undefined ? {} : { survivingCardId: survivor }),
            message: reason.mergeIntoSurvivor
              ? `A ${reason.id} card must be merged into another, surviving card (合并)`
              : `A ${reason.id} card is closed, not merged: leave out the surviving card`
          })
        )
      }
      return ok([{ _tag: "MarkedInvalid", by, at, on, reasonId: reason.id, mergedInto: survivor }])
    }
    case "MineOwner":
      return ok([
        {
          _tag: "OwnerMined",
          by,
          at,
          on,
          kind: command.kind,
          newCardId: command.newCardId,
          note: command.note
        }
      ])
    case "RecordCareContact":
      return ok([
        {
          _tag: "CareContactRecorded",
          by,
          at,
          on,
          ruleId: command.ruleId,
          plannedOn: command.plannedOn,
          outcome: command.outcome,
          odometerKm: command.odometerKm
        }
      ])
  }
}

/**
 * Applies one event to a card's state. Pure and shallow: one new state object per event, no deep
 * copies, so a long history folds fast.
 *
 * @example
 * ```ts
 * import { evolveCard, initialCardState } from "@jipan/core"
 * const s = evolveCard(initialCardState, opened)
 * s.status // "prospect"
 * ```
 */
export const evolveCard = (s: CardState, e: CardEvent): CardState => {
  const version = s.version + 1
  const lastEventAt = e.at
  switch (e._tag) {
    case "CardOpened":
      return {
        ...s,
        status: "prospect",
        version,
        lastEventAt,
        cardId: e.cardId,
        storeId: e.storeId,
        customerId: e.customerId,
        phone: e.phone,
        owner: e.owner,
        source: e.source,
        intent: e.intent,
        openedOn: e.on,
        linkedTo: e.linkedTo,
        evidence: e.evidence,
        grade: e.grade,
        gradeSince: e.on,
        statusSince: e.on,
        scheduleBase: e.scheduleBase,
        nextContactDue: e.nextContactDue
      }
    case "ContactLogged":
      return {
        ...s,
        version,
        lastEventAt,
        evidence: e.evidence,
        grade: e.grade,
        gradeSince: s.grade === e.grade ? s.gradeSince : e.on,
        agreedNextContactOn: e.agreedNextContactOn,
        scheduleBase: e.scheduleBase,
        nextContactDue: e.nextContactDue,
        lastContactOn: e.on,
        contactCount: s.contactCount + 1
      }
    case "Regraded":
      return {
        ...s,
        version,
        lastEventAt,
        grade: e.grade,
        gradeSince: s.grade === e.grade ? s.gradeSince : e.on,
        scheduleBase: e.scheduleBase,
        nextContactDue: e.nextContactDue,
        overridesToReview: s.overridesToReview + 1
      }
    case "Reassigned":
      return { ...s, version, lastEventAt, owner: e.to }
    case "OrderPlaced":
      return {
        ...s,
        status: "ordered",
        statusSince: e.on,
        version,
        lastEventAt,
        grade: e.grade,
        gradeSince: s.grade === e.grade ? s.gradeSince : e.on,
        scheduleBase: e.scheduleBase,
        nextContactDue: e.nextContactDue,
        order: { orderId: e.orderId, model: e.model, orderedOn: e.on }
      }
    case "OrderCancelled": {
      const back = e.backToProspect
      return back === undefined
        ? { ...s, version, lastEventAt, order: undefined, nextContactDue: undefined }
        : {
            ...s,
            status: "prospect",
            statusSince: e.on,
            version,
            lastEventAt,
            order: undefined,
            grade: back.grade,
            gradeSince: s.grade === back.grade ? s.gradeSince : e.on,
            scheduleBase: back.scheduleBase,
            nextContactDue: back.nextContactDue
          }
    }
    case "Delivered":
      return {
        ...s,
        status: "owned",
        statusSince: e.on,
        version,
        lastEventAt,
        nextContactDue: undefined,
        delivery: {
          vehicle: e.vehicle,
          deliveredOn: e.deliveredOn,
          odometerKm: e.odometerKm,
          insuranceExpiresOn: e.insuranceExpiresOn,
          birthday: e.birthday
        }
      }
    case "DefeatRequested":
      return {
        ...s,
        status: "defeatRequested",
        statusSince: e.on,
        version,
        lastEventAt,
        nextContactDue: undefined,
        defeat: { claim: e.defeat, approved: false }
      }
    case "DefeatApproved":
      return {
        ...s,
        status: "defeated",
        statusSince: e.on,
        version,
        lastEventAt,
        defeat: { claim: e.defeat, approved: true }
      }
    case "DefeatRejected":
    case "ReactivationApproved":
      return {
        ...s,
        status: "prospect",
        statusSince: e.on,
        version,
        lastEventAt,
        owner: e.owner,
        defeat: undefined,
        grade: e.grade,
        gradeSince: s.grade === e.grade ? s.gradeSince : e.on,
        scheduleBase: e.scheduleBase,
        nextContactDue: e.nextContactDue
      }
    case "ReactivationRequested":
      return { ...s, status: "reactivationRequested", statusSince: e.on, version, lastEventAt }
    case "ReactivationRejected":
      return { ...s, status: "defeated", statusSince: e.on, version, lastEventAt }
    case "MarkedInvalid":
      return {
        ...s,
        status: "invalid",
        statusSince: e.on,
        version,
        lastEventAt,
        nextContactDue: undefined,
        invalid: { reasonId: e.reasonId, mergedInto: e.mergedInto }
      }
    case "OwnerMined":
      return {
        ...s,
        version,
        lastEventAt,
        minedCards: [...s.minedCards, { cardId: e.newCardId, kind: e.kind }]
      }
    case "CareContactRecorded":
      return {
        ...s,
        version,
        lastEventAt,
        careLog: [
          ...s.careLog,
          { ruleId: e.ruleId, plannedOn: e.plannedOn, on: e.on, outcome: e.outcome, odometerKm: e.odometerKm }
        ]
      }
  }
}

/**
 * Folds a card's history into its state (from {@link initialCardState}, or from a snapshot).
 *
 * @example
 * ```ts
 * import { foldCard } from "@jipan/core"
 * foldCard(history).version === history.length // true
 * ```
 */
export const foldCard = (events: ReadonlyArray<CardEvent>, from: CardState = initialCardState): CardState => {
  let state = from
  for (let i = 0; i < events.length; i++) state = evolveCard(state, events[i] as CardEvent)
  return state
}

/**
 * Decides a command and applies its events: the new state with the events, or the refusal.
 *
 * @example
 * ```ts
 * import { executeCard } from "@jipan/core"
 * const r = executeCard(command, state, policy)
 * if (r._tag === "Success") save(r.success.events, r.success.state.version)
 * ```
 */
export const executeCard = (
  command: CardCommand,
  state: CardState,
  policy: Policy
): Result.Result<{ readonly events: ReadonlyArray<CardEvent>; readonly state: CardState }, CardError> => {
  const decided = decideCard(command, state, policy)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)
  return Result.succeed({ events: decided.success, state: foldCard(decided.success, state) })
}

/**
 * What the new prospect card of an owner-mining event needs to open: an {@link OpenCard} command
 * linked to the owned card, for the same customer, store and consultant. The caller fills
 * `existingOpenCardId` from its phone lookup, as for any open.
 *
 * @example
 * ```ts
 * import { openMinedCard } from "@jipan/core"
 * const open = openMinedCard(ownedState, minedEvent, { source: "referral", existingOpenCardId: undefined })
 * ```
 */
export const openMinedCard = (
  owned: CardState,
  mined: { readonly newCardId: CardId; readonly kind: MiningKind; readonly by: Actor; readonly at: number },
  input: {
    readonly source: LeadSource
    readonly existingOpenCardId: CardId | undefined
    readonly evidence?: ProspectEvidence
    readonly intent?: IntentType
  }
): Result.Result<OpenCard, TransitionNotAllowed> => {
  if (
    owned.status !== "owned" ||
    owned.cardId === undefined ||
    owned.storeId === undefined ||
    owned.customerId === undefined ||
    owned.phone === undefined ||
    owned.owner === undefined
  ) {
    return Result.fail(
      new TransitionNotAllowed({
        command: "MineOwner",
        status: owned.status,
        allowedFrom: ["owned"],
        message: `Only an owned customer's card (保有客户) can open a mined prospect card; this one is ${owned.status}`
      })
    )
  }
  return Result.succeed({
    _tag: "OpenCard",
    by: mined.by,
    at: mined.at,
    cardId: mined.newCardId,
    storeId: owned.storeId,
    customerId: owned.customerId,
    phone: owned.phone,
    owner: owned.owner,
    source: input.source,
    intent: input.intent ?? "direct",
    evidence: {
      ...input.evidence,
      tradeIn: mined.kind === "replacement" ? true : (input.evidence?.tradeIn ?? false)
    },
    existingOpenCardId: input.existingOpenCardId,
    linkedTo: { cardId: owned.cardId, kind: mined.kind }
  })
}

/**
 * The lifecycle as a Mermaid state diagram, generated from {@link lifecycleTransitions} (the docs
 * page embeds it and a test keeps the two equal).
 *
 * @example
 * ```ts
 * import { lifecycleDiagram } from "@jipan/core"
 * lifecycleDiagram().startsWith("stateDiagram-v2") // true
 * ```
 */
export const lifecycleDiagram = (): string => {
  const edges = new Map<string, Array<string>>()
  for (const row of lifecycleTransitions) {
    const key = `${row.from === "none" ? "[*]" : row.from} --> ${row.to}`
    const commands = edges.get(key) ?? []
    commands.push(row.command)
    edges.set(key, commands)
  }
  const states = CardStatus.values
    .filter((s) => s !== "none")
    .map((s) => `  ${s}: ${s} ${CardStatus.labels[s]["zh-CN"]}`)
  const lines = [...edges].map(([key, commands]) => `  ${key}: ${commands.join(", ")}`)
  return ["stateDiagram-v2", ...states, ...lines].join("\n")
}
