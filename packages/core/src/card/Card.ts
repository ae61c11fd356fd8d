/**
 * The customer card (客户信息卡) as a decider: `decideCard(command, state, policy)` → events or a
 * typed refusal, `evolveCard(state, event)` → state, `initialCardState`, and `foldCard(events)`.
 * The card's current state is the fold of its history; a refused command emits nothing.
 *
 * @module
 */
import { Result } from "effect"
import {
  dueAfterContact,
  dueContact,
  firstCallDue,
  type GradeFollowUp,
  gradeFollowUp,
  joinFollowUpRuleIds
} from "../grading/FollowUp.js"
import { gradeEvidence, gradeProspect, UnknownGrade } from "../grading/Grading.js"
import { addMonths, type CalendarDate, calendarDateOf } from "../kernel/CalendarDate.js"
import type { ProspectEvidence } from "../kernel/Evidence.js"
import type { CardId, ConsultantId, CustomerId, StoreId } from "../kernel/Ids.js"
import type { IntentType } from "../kernel/IntentType.js"
import { defineEnum } from "../kernel/Label.js"
import type { LeadSource } from "../kernel/LeadSource.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import { parseVin } from "../kernel/Vin.js"
import type { GradeId } from "../policy/GradingPolicy.js"
import type { DefeatReason } from "../policy/LifecyclePolicy.js"
import type { Policy } from "../policy/Policy.js"
import type {
  Actor,
  ActorRole,
  ApproveDefeat,
  ApproveReactivation,
  CancelOrder,
  CardCommand,
  CardCommandTag,
  DefeatClaim,
  Deliver,
  DeliveredVehicle,
  LogContact,
  MarkInvalid,
  MineOwner,
  MiningKind,
  OpenCard,
  PlaceOrder,
  Reassign,
  RecordCareContact,
  Regrade,
  RejectDefeat,
  RejectReactivation,
  RequestDefeat,
  RequestReactivation
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
import type {
  CardEvent,
  CardOpened,
  CareContactRecorded,
  ContactLogged,
  DefeatApproved,
  DefeatRejected,
  DefeatRequested,
  Delivered,
  MarkedInvalid,
  OrderCancelled,
  OrderPlaced,
  OwnerMined,
  ReactivationApproved,
  ReactivationRejected,
  ReactivationRequested,
  Reassigned,
  Regraded
} from "./CardEvent.js"

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

/** The checks every command goes through before its own rules (see admit). */
interface Gate {
  readonly command: CardCommandTag
  readonly from: ReadonlyArray<CardStatus>
  readonly roles: ReadonlyArray<ActorRole>
  readonly ownerOnly: boolean
}
const gate = (command: CardCommandTag): Gate => ({
  command,
  from: allowedFrom.get(command) ?? [],
  ...commandPermissions[command]
})
// Read by name in each command's decider (a constant there), not looked up by the command's tag.
const GATES: Readonly<Record<CardCommandTag, Gate>> = {
  OpenCard: gate("OpenCard"),
  LogContact: gate("LogContact"),
  Regrade: gate("Regrade"),
  Reassign: gate("Reassign"),
  PlaceOrder: gate("PlaceOrder"),
  CancelOrder: gate("CancelOrder"),
  Deliver: gate("Deliver"),
  RequestDefeat: gate("RequestDefeat"),
  ApproveDefeat: gate("ApproveDefeat"),
  RejectDefeat: gate("RejectDefeat"),
  RequestReactivation: gate("RequestReactivation"),
  ApproveReactivation: gate("ApproveReactivation"),
  RejectReactivation: gate("RejectReactivation"),
  MarkInvalid: gate("MarkInvalid"),
  MineOwner: gate("MineOwner"),
  RecordCareContact: gate("RecordCareContact")
}

const transitionNotAllowed = (
  command: CardCommandTag,
  status: CardStatus,
  from: ReadonlyArray<CardStatus>
): TransitionNotAllowed =>
  new TransitionNotAllowed({
    command,
    status,
    allowedFrom: from,
    message: `Cannot ${command} a card that is ${status} (${CardStatus.labels[status]["zh-CN"]}); allowed from: ${from.join(", ")}`
  })

const includes = <A>(list: ReadonlyArray<A>, value: A): boolean => {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true
  return false
}

/**
 * The checks before a command's own rules, in order: the lifecycle allows the command from the
 * card's status, the actor's role may issue it (and a consultant owns the card), and it is not
 * earlier than the card's last event. Gives the command's calendar date, or the refusal.
 *
 * Each command's decider reads the command's `by` and `at` and passes them: read there, the
 * command's shape is known; read here, once for every kind of command, V8 would look them up
 * through its slow (megamorphic) path on every command. The refusals are worded apart (see
 * refuseAdmission), so that this stays small enough for V8 to inline into every decider, where
 * the gate is a constant.
 */
const admit = (
  gate: Gate,
  state: CardState,
  by: Actor,
  at: number,
  policy: Policy
): CalendarDate | Result.Result<never, CardError> => {
  if (
    !includes(gate.from, state.status) ||
    !includes(gate.roles, by.role) ||
    notTheOwner(gate, state, by) ||
    at < state.lastEventAt
  ) {
    return refuseAdmission(gate, state, by, at)
  }
  return calendarDateOf(at, policy.timeZone)
}

/** A consultant issuing an owner-only command on another consultant's card. */
const notTheOwner = (
  gate: Gate,
  state: CardState,
  by: Actor
): state is CardState & { readonly owner: ConsultantId } =>
  gate.ownerOnly && by.role === "consultant" && state.owner !== undefined && by.id !== state.owner

/** The first of admit's checks that fails, as its refusal. */
const refuseAdmission = (
  gate: Gate,
  state: CardState,
  by: Actor,
  at: number
): Result.Result<never, CardError> => {
  const command = gate.command
  if (!includes(gate.from, state.status)) {
    return Result.fail(transitionNotAllowed(command, state.status, gate.from))
  }
  if (!includes(gate.roles, by.role)) {
    return Result.fail(
      new NotPermitted({
        command,
        role: by.role,
        allowedRoles: gate.roles,
        message: `A ${by.role} may not ${command}; allowed: ${gate.roles.join(", ")}`
      })
    )
  }
  if (notTheOwner(gate, state, by)) {
    return Result.fail(
      new NotCardOwner({
        command,
        actorId: by.id,
        owner: state.owner,
        message: `Consultant ${by.id} cannot ${command} card ${state.cardId}: it belongs to ${state.owner}`
      })
    )
  }
  return Result.fail(
    new EarlierThanLastEvent({
      command,
      at,
      lastEventAt: state.lastEventAt,
      message: `${command} at ${iso(at)} is earlier than the card's last event at ${iso(state.lastEventAt)}: the history never goes back in time`
    })
  )
}

// The rule id lists events start with: shared constants, so their joins with the follow-up rules
// can be cached (see joinFollowUpRuleIds).
const UNGRADED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["grading.ungraded"])
const ORDERED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["grading.ordered"])
const ORDER_CANCELLED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["lifecycle.orderCancelled"])
const DEFEAT_REJECTED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["lifecycle.defeatRejected"])
const REACTIVATED_RULE_IDS: ReadonlyArray<string> = Object.freeze(["lifecycle.reactivated"])

/** The card's evidence after a contact: the card's, what the contact adds, and the contact's day. */
const evidenceAfterContact = (
  card: ProspectEvidence,
  added: ProspectEvidence,
  on: CalendarDate
): ProspectEvidence => {
  // What Object.assign({}, card, added, { lastContactOn: on }) gives, same keys in the same order,
  // faster: V8 clones one spread source in a step, but adds a second source's keys one by one.
  if (!hasAny(card)) return { ...added, lastContactOn: on }
  if (!hasAny(added)) return { ...card, lastContactOn: on }
  const evidence: { -readonly [K in keyof ProspectEvidence]: ProspectEvidence[K] } = Object.assign(
    { ...card },
    added
  )
  evidence.lastContactOn = on
  return evidence
}

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

/**
 * The next due contact for a grade counted from `base` (a contact, or a grade decision on that
 * day): what dueContact(policy, grade, base, base, agreed) gives, joined with the rules of the
 * grade decision, without a result object in between. The caller has found the grade's rules
 * (see unknownGrade): split so, this is small enough for V8 to inline, and then the schedule
 * object is never allocated.
 */
const schedule = (
  rules: GradeFollowUp,
  grade: GradeId,
  base: CalendarDate,
  ruleIds: ReadonlyArray<string>,
  agreed?: CalendarDate
): Schedule => {
  let due = dueAfterContact(rules, base)
  let second = rules.afterContact
  if (agreed !== undefined && agreed <= due) {
    due = agreed
    second = rules.agreedAfterContact
  }
  return {
    grade,
    ruleIds: joinFollowUpRuleIds(rules, ruleIds, second),
    scheduleBase: base,
    nextContactDue: due
  }
}

/** The refusal of a grade the policy does not have, in the follow-up rules' words. */
const unknownGrade = (policy: Policy, grade: GradeId, base: CalendarDate): Decision =>
  refuse(dueContact(policy, grade, base, undefined, undefined) as UnknownGrade)

/**
 * Whether a text is empty once trimmed. A first character from "!" to "~" is never white space,
 * so most texts are told apart without trimming (a builtin call, a tenth of a re-grade).
 */
const isBlank = (text: string): boolean => {
  const first = text.charCodeAt(0)
  return first > 32 && first < 127 ? false : text.trim() === ""
}

/** A grade a supervisor or consultant may set by hand: a scale grade or the ungraded one (not O). */
const isManualGrade = (policy: Policy, grade: GradeId): boolean => {
  const g = policy.grading
  if (grade === g.ungraded.id) return true
  for (const x of g.grades) if (x.id === grade) return true
  return false
}

const manualGrade = (policy: Policy, grade: GradeId): UnknownGrade | undefined =>
  isManualGrade(policy, grade) ? undefined : notManualGrade(policy, grade)

const notManualGrade = (policy: Policy, grade: GradeId): UnknownGrade => {
  const g = policy.grading
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

/** What deciding a command gives: the events to append, or the typed refusal. */
type Decision = Result.Result<ReadonlyArray<CardEvent>, CardError>

// One function per command, each optimised on its own by V8: as one big switch, the helpers the
// commands call were no longer inlined, and every read of the command saw every command's shape.

const decideOpenCard = (command: OpenCard, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.OpenCard, state, by, at, policy)
  if (typeof on !== "string") return on
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
    const graded = gradeEvidence(command.evidence, policy, on)
    grade = graded.grade
    gradeRules = graded.ruleIds
  }
  // Before any contact the first-call window applies (FollowUp), never later than the grade allows.
  const rules = gradeFollowUp(policy, grade)
  if (rules === undefined) return unknownGrade(policy, grade, on)
  const ruleIds = joinFollowUpRuleIds(rules, gradeRules, rules.firstCall)
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
    nextContactDue: firstCallDue(rules, on)
  }
  return ok([event])
}

const decideLogContact = (command: LogContact, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.LogContact, state, by, at, policy)
  if (typeof on !== "string") return on
  const evidence = evidenceAfterContact(state.evidence, command.evidence, on)
  let grade: GradeId
  let ruleIds: ReadonlyArray<string>
  if (state.status === "ordered") {
    // An ordered card stays O until delivery; contacts keep the order warm.
    grade = policy.grading.ordered.id
    ruleIds = ORDERED_RULE_IDS
  } else {
    // no override here: the computed grade is the grade
    const graded = gradeEvidence(evidence, policy, on)
    grade = graded.grade
    ruleIds = graded.ruleIds
  }
  const rules = gradeFollowUp(policy, grade)
  if (rules === undefined) return unknownGrade(policy, grade, on)
  const s = schedule(rules, grade, on, ruleIds, command.agreedNextContactOn)
  return ok([
    {
      _tag: "ContactLogged",
      by,
      at,
      on,
      channel: command.channel,
      outcome: command.outcome,
      evidence,
      computedGrade: grade,
      agreedNextContactOn: command.agreedNextContactOn,
      note: command.note,
      grade: s.grade,
      ruleIds: s.ruleIds,
      scheduleBase: s.scheduleBase,
      nextContactDue: s.nextContactDue
    }
  ])
}

const decideRegrade = (command: Regrade, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.Regrade, state, by, at, policy)
  if (typeof on !== "string") return on
  // An override as gradeProspect rules it, without the explanation the event does not keep; an
  // override it refuses (unknown grade, no justification) is refused in its words, before a grade
  // that cannot be set by hand (the ordered grade). A grade that can is one the policy knows.
  const manual = isManualGrade(policy, command.grade)
  if (!manual || isBlank(command.justification)) {
    const refused = gradeProspect(state.evidence, policy, on, {
      override: { grade: command.grade, justification: command.justification }
    })
    if (Result.isFailure(refused)) return refuse(refused.failure)
    if (!manual) return refuse(notManualGrade(policy, command.grade))
  }
  const graded = gradeEvidence(state.evidence, policy, on)
  const computedGrade = graded.grade
  const base = state.scheduleBase ?? on
  const gradeRules = command.grade === computedGrade ? graded.ruleIds : graded.overriddenRuleIds
  const rules = gradeFollowUp(policy, command.grade)
  if (rules === undefined) return unknownGrade(policy, command.grade, base)
  const s = schedule(rules, command.grade, base, gradeRules)
  return ok([
    {
      _tag: "Regraded",
      by,
      at,
      on,
      from: state.grade ?? computedGrade,
      computedGrade,
      justification: command.justification,
      reviewRequired: true,
      grade: s.grade,
      ruleIds: s.ruleIds,
      scheduleBase: s.scheduleBase,
      nextContactDue: s.nextContactDue
    }
  ])
}

const decideReassign = (command: Reassign, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.Reassign, state, by, at, policy)
  if (typeof on !== "string") return on
  const owner = state.owner as ConsultantId
  if (command.to === owner) {
    return refuse(new SameOwner({ owner, message: `Card ${state.cardId} already belongs to ${owner}` }))
  }
  return ok([{ _tag: "Reassigned", by, at, on, from: owner, to: command.to, reason: command.reason }])
}

const decidePlaceOrder = (command: PlaceOrder, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.PlaceOrder, state, by, at, policy)
  if (typeof on !== "string") return on
  const rules = gradeFollowUp(policy, policy.grading.ordered.id)
  if (rules === undefined) return unknownGrade(policy, policy.grading.ordered.id, on)
  const s = schedule(rules, policy.grading.ordered.id, on, ORDERED_RULE_IDS)
  return ok([
    {
      _tag: "OrderPlaced",
      by,
      at,
      on,
      orderId: command.orderId,
      model: command.model,
      grade: s.grade,
      ruleIds: s.ruleIds,
      scheduleBase: s.scheduleBase,
      nextContactDue: s.nextContactDue
    }
  ])
}

const decideCancelOrder = (command: CancelOrder, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.CancelOrder, state, by, at, policy)
  if (typeof on !== "string") return on
  const orderId = state.order?.orderId ?? ""
  if (command.next.kind === "backToProspect") {
    const manual = manualGrade(policy, command.next.grade)
    if (manual !== undefined) return refuse(manual)
    const rules = gradeFollowUp(policy, command.next.grade)
    if (rules === undefined) return unknownGrade(policy, command.next.grade, on)
    const s = schedule(rules, command.next.grade, on, ORDER_CANCELLED_RULE_IDS)
    return ok([{ _tag: "OrderCancelled", by, at, on, orderId, reason: command.reason, backToProspect: s }])
  }
  const invalid = checkDefeat(policy, command.next.defeat)
  if (invalid !== undefined) return refuse(invalid)
  return ok([
    { _tag: "OrderCancelled", by, at, on, orderId, reason: command.reason, backToProspect: undefined },
    { _tag: "DefeatRequested", by, at, on, defeat: command.next.defeat }
  ])
}

const decideDeliver = (command: Deliver, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.Deliver, state, by, at, policy)
  if (typeof on !== "string") return on
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
      // the vehicle as given when its VIN needed no normalising (values are never mutated)
      vehicle:
        vin.success === command.vehicle.vin ? command.vehicle : { ...command.vehicle, vin: vin.success },
      deliveredOn: command.deliveredOn,
      odometerKm: command.odometerKm,
      insuranceExpiresOn: command.insuranceExpiresOn ?? addMonths(command.deliveredOn, 12),
      birthday: command.birthday
    }
  ])
}

const decideRequestDefeat = (command: RequestDefeat, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.RequestDefeat, state, by, at, policy)
  if (typeof on !== "string") return on
  const invalid = checkDefeat(policy, command.defeat)
  if (invalid !== undefined) return refuse(invalid)
  return ok([{ _tag: "DefeatRequested", by, at, on, defeat: command.defeat }])
}

const decideApproveDefeat = (command: ApproveDefeat, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.ApproveDefeat, state, by, at, policy)
  if (typeof on !== "string") return on
  const claim = state.defeat?.claim as DefeatClaim
  return ok([{ _tag: "DefeatApproved", by, at, on, defeat: claim, note: command.note }])
}

const decideRejectDefeat = (command: RejectDefeat, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.RejectDefeat, state, by, at, policy)
  if (typeof on !== "string") return on
  const manual = manualGrade(policy, command.grade)
  if (manual !== undefined) return refuse(manual)
  const rules = gradeFollowUp(policy, command.grade)
  if (rules === undefined) return unknownGrade(policy, command.grade, on)
  const s = schedule(rules, command.grade, on, DEFEAT_REJECTED_RULE_IDS)
  return ok([
    {
      _tag: "DefeatRejected",
      by,
      at,
      on,
      owner: command.newOwner ?? (state.owner as ConsultantId),
      note: command.note,
      grade: s.grade,
      ruleIds: s.ruleIds,
      scheduleBase: s.scheduleBase,
      nextContactDue: s.nextContactDue
    }
  ])
}

const decideRequestReactivation = (
  command: RequestReactivation,
  state: CardState,
  policy: Policy
): Decision => {
  const { by, at } = command
  const on = admit(GATES.RequestReactivation, state, by, at, policy)
  if (typeof on !== "string") return on
  return ok([{ _tag: "ReactivationRequested", by, at, on, note: command.note }])
}

const decideApproveReactivation = (
  command: ApproveReactivation,
  state: CardState,
  policy: Policy
): Decision => {
  const { by, at } = command
  const on = admit(GATES.ApproveReactivation, state, by, at, policy)
  if (typeof on !== "string") return on
  const manual = manualGrade(policy, command.grade)
  if (manual !== undefined) return refuse(manual)
  const rules = gradeFollowUp(policy, command.grade)
  if (rules === undefined) return unknownGrade(policy, command.grade, on)
  const s = schedule(rules, command.grade, on, REACTIVATED_RULE_IDS)
  return ok([
    {
      _tag: "ReactivationApproved",
      by,
      at,
      on,
      owner: command.newOwner ?? (state.owner as ConsultantId),
      grade: s.grade,
      ruleIds: s.ruleIds,
      scheduleBase: s.scheduleBase,
      nextContactDue: s.nextContactDue
    }
  ])
}

const decideRejectReactivation = (
  command: RejectReactivation,
  state: CardState,
  policy: Policy
): Decision => {
  const { by, at } = command
  const on = admit(GATES.RejectReactivation, state, by, at, policy)
  if (typeof on !== "string") return on
  return ok([{ _tag: "ReactivationRejected", by, at, on, note: command.note }])
}

const decideMarkInvalid = (command: MarkInvalid, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.MarkInvalid, state, by, at, policy)
  if (typeof on !== "string") return on
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

const decideMineOwner = (command: MineOwner, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.MineOwner, state, by, at, policy)
  if (typeof on !== "string") return on
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
}

const decideRecordCareContact = (command: RecordCareContact, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.RecordCareContact, state, by, at, policy)
  if (typeof on !== "string") return on
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
export const decideCard = (command: CardCommand, state: CardState, policy: Policy): Decision => {
  switch (command._tag) {
    case "OpenCard":
      return decideOpenCard(command, state, policy)
    case "LogContact":
      return decideLogContact(command, state, policy)
    case "Regrade":
      return decideRegrade(command, state, policy)
    case "Reassign":
      return decideReassign(command, state, policy)
    case "PlaceOrder":
      return decidePlaceOrder(command, state, policy)
    case "CancelOrder":
      return decideCancelOrder(command, state, policy)
    case "Deliver":
      return decideDeliver(command, state, policy)
    case "RequestDefeat":
      return decideRequestDefeat(command, state, policy)
    case "ApproveDefeat":
      return decideApproveDefeat(command, state, policy)
    case "RejectDefeat":
      return decideRejectDefeat(command, state, policy)
    case "RequestReactivation":
      return decideRequestReactivation(command, state, policy)
    case "ApproveReactivation":
      return decideApproveReactivation(command, state, policy)
    case "RejectReactivation":
      return decideRejectReactivation(command, state, policy)
    case "MarkInvalid":
      return decideMarkInvalid(command, state, policy)
    case "MineOwner":
      return decideMineOwner(command, state, policy)
    case "RecordCareContact":
      return decideRecordCareContact(command, state, policy)
    default: {
      // not a command of the lifecycle (untyped input): no status allows it
      const unknown = command as CardCommand
      return refuse(transitionNotAllowed(unknown._tag, state.status, []))
    }
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * A copy of `s` one event later, every field in {@link initialCardState}'s order: every state
 * comes from this one literal, so V8 gives all of them one shape and the fold stays monomorphic
 * (spreads made a shape per event type). The caller sets what the event changes on the fresh copy.
 */
const nextState = (s: CardState, at: number): Writable<CardState> => ({
  status: s.status,
  version: s.version + 1,
  lastEventAt: at,
  cardId: s.cardId,
  storeId: s.storeId,
  customerId: s.customerId,
  phone: s.phone,
  owner: s.owner,
  source: s.source,
  intent: s.intent,
  openedOn: s.openedOn,
  linkedTo: s.linkedTo,
  grade: s.grade,
  gradeSince: s.gradeSince,
  statusSince: s.statusSince,
  agreedNextContactOn: s.agreedNextContactOn,
  evidence: s.evidence,
  scheduleBase: s.scheduleBase,
  lastContactOn: s.lastContactOn,
  nextContactDue: s.nextContactDue,
  contactCount: s.contactCount,
  overridesToReview: s.overridesToReview,
  order: s.order,
  delivery: s.delivery,
  defeat: s.defeat,
  invalid: s.invalid,
  minedCards: s.minedCards,
  careLog: s.careLog
})

/** A copy of `list` with `item` at the end (a loop: `[...list, item]` takes V8's slower iterator path). */
const append = <A>(list: ReadonlyArray<A>, item: A): Array<A> => {
  if (list.length === 0) return [item]
  const out: Array<A> = []
  for (let i = 0; i < list.length; i++) out.push(list[i] as A)
  out.push(item)
  return out
}

/**
 * Sets a (re)scheduled grade; the grade's start day moves only when the grade changes. Takes the
 * values, not the event: each event's function reads them where the event's shape is known.
 */
const setSchedule = (
  n: Writable<CardState>,
  s: CardState,
  on: CalendarDate,
  grade: GradeId,
  scheduleBase: CalendarDate,
  nextContactDue: CalendarDate
): void => {
  n.grade = grade
  n.gradeSince = s.grade === grade ? s.gradeSince : on
  n.scheduleBase = scheduleBase
  n.nextContactDue = nextContactDue
}

// One function per event, each optimised on its own by V8 (as the deciders are): in one function,
// V8 ended up reading the fields of every kind of event through its slow (megamorphic) path.

const applyCardOpened = (s: CardState, e: CardOpened): CardState => {
  const n = nextState(s, e.at)
  n.status = "prospect"
  n.cardId = e.cardId
  n.storeId = e.storeId
  n.customerId = e.customerId
  n.phone = e.phone
  n.owner = e.owner
  n.source = e.source
  n.intent = e.intent
  n.openedOn = e.on
  n.linkedTo = e.linkedTo
  n.evidence = e.evidence
  n.grade = e.grade
  n.gradeSince = e.on
  n.statusSince = e.on
  n.scheduleBase = e.scheduleBase
  n.nextContactDue = e.nextContactDue
  return n
}

const applyContactLogged = (s: CardState, e: ContactLogged): CardState => {
  const n = nextState(s, e.at)
  n.evidence = e.evidence
  setSchedule(n, s, e.on, e.grade, e.scheduleBase, e.nextContactDue)
  n.agreedNextContactOn = e.agreedNextContactOn
  n.lastContactOn = e.on
  n.contactCount = s.contactCount + 1
  return n
}

const applyRegraded = (s: CardState, e: Regraded): CardState => {
  const n = nextState(s, e.at)
  setSchedule(n, s, e.on, e.grade, e.scheduleBase, e.nextContactDue)
  n.overridesToReview = s.overridesToReview + 1
  return n
}

const applyReassigned = (s: CardState, e: Reassigned): CardState => {
  const n = nextState(s, e.at)
  n.owner = e.to
  return n
}

const applyOrderPlaced = (s: CardState, e: OrderPlaced): CardState => {
  const n = nextState(s, e.at)
  n.status = "ordered"
  n.statusSince = e.on
  setSchedule(n, s, e.on, e.grade, e.scheduleBase, e.nextContactDue)
  n.order = { orderId: e.orderId, model: e.model, orderedOn: e.on }
  return n
}

const applyOrderCancelled = (s: CardState, e: OrderCancelled): CardState => {
  const n = nextState(s, e.at)
  n.order = undefined
  const back = e.backToProspect
  if (back === undefined) {
    n.nextContactDue = undefined
  } else {
    n.status = "prospect"
    n.statusSince = e.on
    setSchedule(n, s, e.on, back.grade, back.scheduleBase, back.nextContactDue)
  }
  return n
}

const applyDelivered = (s: CardState, e: Delivered): CardState => {
  const n = nextState(s, e.at)
  n.status = "owned"
  n.statusSince = e.on
  n.nextContactDue = undefined
  n.delivery = {
    vehicle: e.vehicle,
    deliveredOn: e.deliveredOn,
    odometerKm: e.odometerKm,
    insuranceExpiresOn: e.insuranceExpiresOn,
    birthday: e.birthday
  }
  return n
}

const applyDefeatRequested = (s: CardState, e: DefeatRequested): CardState => {
  const n = nextState(s, e.at)
  n.status = "defeatRequested"
  n.statusSince = e.on
  n.nextContactDue = undefined
  n.defeat = { claim: e.defeat, approved: false }
  return n
}

const applyDefeatApproved = (s: CardState, e: DefeatApproved): CardState => {
  const n = nextState(s, e.at)
  n.status = "defeated"
  n.statusSince = e.on
  n.defeat = { claim: e.defeat, approved: true }
  return n
}

const applyBackToProspect = (s: CardState, e: DefeatRejected | ReactivationApproved): CardState => {
  const n = nextState(s, e.at)
  n.status = "prospect"
  n.statusSince = e.on
  n.owner = e.owner
  n.defeat = undefined
  setSchedule(n, s, e.on, e.grade, e.scheduleBase, e.nextContactDue)
  return n
}

const applyReactivationRequested = (s: CardState, e: ReactivationRequested): CardState => {
  const n = nextState(s, e.at)
  n.status = "reactivationRequested"
  n.statusSince = e.on
  return n
}

const applyReactivationRejected = (s: CardState, e: ReactivationRejected): CardState => {
  const n = nextState(s, e.at)
  n.status = "defeated"
  n.statusSince = e.on
  return n
}

const applyMarkedInvalid = (s: CardState, e: MarkedInvalid): CardState => {
  const n = nextState(s, e.at)
  n.status = "invalid"
  n.statusSince = e.on
  n.nextContactDue = undefined
  n.invalid = { reasonId: e.reasonId, mergedInto: e.mergedInto }
  return n
}

const applyOwnerMined = (s: CardState, e: OwnerMined): CardState => {
  const n = nextState(s, e.at)
  n.minedCards = append(s.minedCards, { cardId: e.newCardId, kind: e.kind })
  return n
}

const applyCareContactRecorded = (s: CardState, e: CareContactRecorded): CardState => {
  const n = nextState(s, e.at)
  n.careLog = append(s.careLog, {
    ruleId: e.ruleId,
    plannedOn: e.plannedOn,
    on: e.on,
    outcome: e.outcome,
    odometerKm: e.odometerKm
  })
  return n
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
  switch (e._tag) {
    case "CardOpened":
      return applyCardOpened(s, e)
    case "ContactLogged":
      return applyContactLogged(s, e)
    case "Regraded":
      return applyRegraded(s, e)
    case "Reassigned":
      return applyReassigned(s, e)
    case "OrderPlaced":
      return applyOrderPlaced(s, e)
    case "OrderCancelled":
      return applyOrderCancelled(s, e)
    case "Delivered":
      return applyDelivered(s, e)
    case "DefeatRequested":
      return applyDefeatRequested(s, e)
    case "DefeatApproved":
      return applyDefeatApproved(s, e)
    case "DefeatRejected":
    case "ReactivationApproved":
      return applyBackToProspect(s, e)
    case "ReactivationRequested":
      return applyReactivationRequested(s, e)
    case "ReactivationRejected":
      return applyReactivationRejected(s, e)
    case "MarkedInvalid":
      return applyMarkedInvalid(s, e)
    case "OwnerMined":
      return applyOwnerMined(s, e)
    case "CareContactRecorded":
      return applyCareContactRecorded(s, e)
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
