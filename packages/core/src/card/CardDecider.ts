/**
 * The card decider: `decideCard(command, state, policy)` gives the events of a command or its typed refusal; one function per command.
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
  intentFollowUp,
  joinFollowUpRuleIds,
  lapseOf,
  lapseStepReached
} from "../grading/FollowUp.js"
import { gradeEvidence, gradeProspect, UnknownGrade } from "../grading/Grading.js"
import { addDays, addMonths, type CalendarDate, daysBetween } from "../kernel/CalendarDate.js"
import type { ProspectEvidence } from "../kernel/Evidence.js"
import type { ConsultantId } from "../kernel/Ids.js"
import { maskPhone } from "../kernel/PhoneMask.js"
import { parseVin } from "../kernel/Vin.js"
import { defaultIntents, type GradeId } from "../policy/GradingPolicy.js"
import type { DefeatReason } from "../policy/LifecyclePolicy.js"
import type { Policy } from "../policy/Policy.js"
import type {
  ApplyLapse,
  ApproveDefeat,
  ApproveReactivation,
  CancelOrder,
  CardCommand,
  CorrectPersonalData,
  DefeatClaim,
  Deliver,
  HandleComplaint,
  LogContact,
  MarkInvalid,
  MineOwner,
  OpenCard,
  PlaceOrder,
  Reassign,
  RecordBroadBase,
  RecordCareContact,
  RecordComplaint,
  RecordSurvey,
  Regrade,
  RejectDefeat,
  RejectReactivation,
  RequestDefeat,
  RequestReactivation,
  ResolveComplaint
} from "./CardCommand.js"
import {
  AlreadyHasCard,
  type CardError,
  CompetitorRequired,
  ComplaintRefused,
  InvalidDeliveryDate,
  InvalidMerge,
  SameOwner,
  UnknownDefeatReason,
  UnknownInvalidReason
} from "./CardError.js"
import type { CardEvent, CardOpened } from "./CardEvent.js"
import type { CardState } from "./CardState.js"
import { admit, GATES, transitionNotAllowed } from "./internal/admission.js"

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
    const holder = command.existingOpenCardHolder
    const where = holder?.storeId ?? command.storeId
    return refuse(
      new AlreadyHasCard({
        existingCardId: command.existingOpenCardId,
        phone: command.phone,
        storeId: command.storeId,
        existingStoreId: holder?.storeId,
        existingOwner: holder?.owner,
        message: `${maskPhone(command.phone)} already has a card (已有客户卡) in store ${where}: ${command.existingOpenCardId}${holder?.owner !== undefined ? `, held by ${holder.owner}` : ""}`
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
  const rules = intentFollowUp(policy, grade, command.intent)
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
  const rules = intentFollowUp(policy, grade, state.intent)
  if (rules === undefined) return unknownGrade(policy, grade, on)
  const scheduled = schedule(rules, grade, on, ruleIds, command.agreedNextContactOn)
  // a letter is confirmed by phone a few days later, if nothing else is due before
  const confirmOn =
    command.channel === "letter" ? addDays(on, policy.followUp.letterConfirmationDays ?? 3) : undefined
  const s =
    confirmOn !== undefined && confirmOn < scheduled.nextContactDue
      ? {
          ...scheduled,
          nextContactDue: confirmOn,
          ruleIds: [...scheduled.ruleIds, "followUp.letterConfirmation"]
        }
      : scheduled
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
  const rules = intentFollowUp(policy, command.grade, state.intent)
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
    const rules = intentFollowUp(policy, command.next.grade, state.intent)
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
      birthday: command.birthday,
      sale: command.sale
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
  const rules = intentFollowUp(policy, command.grade, state.intent)
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
  const rules = intentFollowUp(policy, command.grade, state.intent)
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

const decideRecordBroadBase = (command: RecordBroadBase, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.RecordBroadBase, state, by, at, policy)
  if (typeof on !== "string") return on
  // the VIN is often not known for a car we did not sell: checked only when given
  let vehicle = command.vehicle
  if (vehicle.vin !== "") {
    const vin = parseVin(vehicle.vin)
    if (Result.isFailure(vin)) return refuse(vin.failure)
    if (vin.success !== vehicle.vin) vehicle = { ...vehicle, vin: vin.success }
  }
  if (command.boughtOn > on)
    return refuse(
      new InvalidDeliveryDate({
        deliveredOn: command.boughtOn,
        orderedOn: "",
        today: on,
        message: `Purchase date (购车日期) ${command.boughtOn} must not be after today ${on}`
      })
    )
  return ok([
    {
      _tag: "BroadBaseRecorded",
      by,
      at,
      on,
      cardId: command.cardId,
      storeId: command.storeId,
      customerId: command.customerId,
      phone: command.phone,
      owner: command.owner,
      kind: command.kind,
      source: command.source,
      vehicle,
      boughtOn: command.boughtOn,
      odometerKm: command.odometerKm,
      insuranceExpiresOn: command.insuranceExpiresOn,
      birthday: command.birthday
    }
  ])
}

const decideCorrectPersonalData = (
  command: CorrectPersonalData,
  state: CardState,
  policy: Policy
): Decision => {
  const { by, at } = command
  const on = admit(GATES.CorrectPersonalData, state, by, at, policy)
  if (typeof on !== "string") return on
  let correction = command.correction
  if (correction.field === "phone" && command.existingOpenCardId !== undefined)
    return refuse(
      new AlreadyHasCard({
        existingCardId: command.existingOpenCardId,
        phone: correction.phone,
        storeId: state.storeId ?? ("" as never),
        existingStoreId: undefined,
        existingOwner: undefined,
        message: `${maskPhone(correction.phone)} already has an open card (已有客户卡): ${command.existingOpenCardId}; merge the cards instead`
      })
    )
  if (correction.field === "vin" && correction.vin !== "") {
    const vin = parseVin(correction.vin)
    if (Result.isFailure(vin)) return refuse(vin.failure)
    correction = { field: "vin", vin: vin.success }
  }
  return ok([{ _tag: "PersonalDataCorrected", by, at, on, correction, reason: command.reason }])
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
      odometerKm: command.odometerKm,
      dissatisfied: command.dissatisfied
    }
  ])
}

const complaintOf = (state: CardState, complaintId: string) =>
  state.complaints.find((c) => c.complaintId === complaintId)

const decideRecordComplaint = (command: RecordComplaint, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.RecordComplaint, state, by, at, policy)
  if (typeof on !== "string") return on
  if (complaintOf(state, command.complaintId) !== undefined)
    return refuse(
      new ComplaintRefused({
        complaintId: command.complaintId,
        reason: "duplicate",
        message: `Complaint ${command.complaintId} is already on this card`
      })
    )
  return ok([
    {
      _tag: "ComplaintRecorded",
      by,
      at,
      on,
      complaintId: command.complaintId,
      category: command.category,
      severity: command.severity,
      channel: command.channel,
      words: command.words
    }
  ])
}

const openComplaint = (state: CardState, complaintId: string): ComplaintRefused | undefined => {
  const c = complaintOf(state, complaintId)
  if (c === undefined)
    return new ComplaintRefused({
      complaintId,
      reason: "unknown",
      message: `No complaint ${complaintId} on this card`
    })
  if (c.resolvedOn !== undefined)
    return new ComplaintRefused({
      complaintId,
      reason: "resolved",
      message: `Complaint ${complaintId} was resolved on ${c.resolvedOn}`
    })
  return undefined
}

const decideHandleComplaint = (command: HandleComplaint, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.HandleComplaint, state, by, at, policy)
  if (typeof on !== "string") return on
  const refused = openComplaint(state, command.complaintId)
  if (refused !== undefined) return refuse(refused)
  return ok([{ _tag: "ComplaintHandled", by, at, on, complaintId: command.complaintId, step: command.step }])
}

const decideResolveComplaint = (command: ResolveComplaint, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.ResolveComplaint, state, by, at, policy)
  if (typeof on !== "string") return on
  const refused = openComplaint(state, command.complaintId)
  if (refused !== undefined) return refuse(refused)
  return ok([
    {
      _tag: "ComplaintResolved",
      by,
      at,
      on,
      complaintId: command.complaintId,
      resolution: command.resolution,
      satisfied: command.satisfied
    }
  ])
}

const decideApplyLapse = (command: ApplyLapse, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.ApplyLapse, state, by, at, policy)
  if (typeof on !== "string") return on
  const { grade, nextContactDue } = state
  // a grade set today is not lapsed today: the close of day may run twice
  if (grade === undefined || nextContactDue === undefined || (state.gradeSince ?? on) >= on) return ok([])
  // a latent prospect is watched, not chased: no downgrade unless the policy says so
  // (a policy whose intents leave latent out treats latent prospects as direct ones)
  const latent = (policy.followUp.intents ?? defaultIntents).latent
  if (state.intent === "latent" && latent !== undefined && !latent.lapse) return ok([])
  const overdueDays = daysBetween(nextContactDue, on)
  const step = lapseStepReached(policy, overdueDays)
  if (step === undefined || step.action !== "downgrade") return ok([])
  const lapse = lapseOf(policy, step, grade)
  if (lapse.downgradeTo === undefined) return ok([])
  const rules = intentFollowUp(policy, lapse.downgradeTo, state.intent)
  if (rules === undefined) return unknownGrade(policy, lapse.downgradeTo, on)
  const base = state.scheduleBase ?? on
  const s = schedule(rules, lapse.downgradeTo, base, [`followUp.${step.id}`])
  return ok([
    {
      _tag: "GradeLapsed",
      by,
      at,
      on,
      from: grade,
      stepId: step.id,
      overdueDays,
      grade: s.grade,
      ruleIds: s.ruleIds,
      scheduleBase: s.scheduleBase,
      nextContactDue: s.nextContactDue
    }
  ])
}

const decideRecordSurvey = (command: RecordSurvey, state: CardState, policy: Policy): Decision => {
  const { by, at } = command
  const on = admit(GATES.RecordSurvey, state, by, at, policy)
  if (typeof on !== "string") return on
  return ok([{ _tag: "SurveyRecorded", by, at, on, surveyId: command.surveyId, answers: command.answers }])
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
 * import { decideCard, initialCardState, defaultPolicy, PhoneNumber } from "@jipan/core"
 * const phone = PhoneNumber.make("+8613812345678")
 * const r = decideCard({ _tag: "OpenCard", cardId, storeId, customerId, phone, owner: consultantId, source: "walkIn",
 *   intent: "direct", evidence: {}, existingOpenCardId: undefined, by: { id: consultantId, role: "consultant" },
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
    case "RecordBroadBase":
      return decideRecordBroadBase(command, state, policy)
    case "CorrectPersonalData":
      return decideCorrectPersonalData(command, state, policy)
    case "RecordSurvey":
      return decideRecordSurvey(command, state, policy)
    case "ApplyLapse":
      return decideApplyLapse(command, state, policy)
    case "RecordComplaint":
      return decideRecordComplaint(command, state, policy)
    case "HandleComplaint":
      return decideHandleComplaint(command, state, policy)
    case "ResolveComplaint":
      return decideResolveComplaint(command, state, policy)
    case "PlanVisit": {
      const on = admit(GATES.PlanVisit, state, command.by, command.at, policy)
      if (typeof on !== "string") return on
      const same = state.visitPlans.find((p) => p.month === command.month)
      // the same plan again changes nothing
      if (same !== undefined && same.week === command.week && same.means === command.means) return ok([])
      return ok([
        {
          _tag: "VisitPlanned",
          by: command.by,
          at: command.at,
          on,
          month: command.month,
          week: command.week,
          means: command.means
        }
      ])
    }
    case "UnplanVisit": {
      const on = admit(GATES.UnplanVisit, state, command.by, command.at, policy)
      if (typeof on !== "string") return on
      if (!state.visitPlans.some((p) => p.month === command.month)) return ok([])
      return ok([{ _tag: "VisitUnplanned", by: command.by, at: command.at, on, month: command.month }])
    }
    default: {
      // not a command of the lifecycle (untyped input): no status allows it
      const unknown = command as CardCommand
      return refuse(transitionNotAllowed(unknown._tag, state.status, []))
    }
  }
}
