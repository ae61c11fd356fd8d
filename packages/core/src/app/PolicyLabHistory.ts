/**
 * The policy lab's first half: a card's history turned back into the commands that made it, and replayed under a policy (the acts are facts; what the policy derives is derived again).
 *
 * @module
 */
import { Result } from "effect"
import type { CardCommand } from "../card/CardCommand.js"
import { decideCard } from "../card/CardDecider.js"
import type { CardEvent } from "../card/CardEvent.js"
import { evolveCard } from "../card/CardEvolve.js"
import { type CardState, initialCardState } from "../card/CardState.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { Policy } from "../policy/Policy.js"

// ---------------------------------------------------------------------------------------------
// Replaying one card

/**
 * The command that made a stored event (with the next one when one command made two: an order
 * cancelled into a defeat request), or `undefined` for an event no command makes alone.
 *
 * @example
 * ```ts
 * import { commandOfEvent } from "@jipan/core"
 * const [first, second] = history
 * if (first !== undefined) commandOfEvent(first, second)?.command._tag // "OpenCard"
 * ```
 */
export const commandOfEvent = (
  event: CardEvent,
  next: CardEvent | undefined
): { readonly command: CardCommand; readonly consumed: 1 | 2 } | undefined => {
  const { by, at } = event
  // each command literal below is fresh: given its actor and instant in place (a spread copied it)
  const one = (command: Record<string, unknown>) => {
    command.by = by
    command.at = at
    return { command: command as unknown as CardCommand, consumed: 1 as const }
  }
  switch (event._tag) {
    case "CardOpened":
      return one({
        _tag: "OpenCard",
        cardId: event.cardId,
        storeId: event.storeId,
        customerId: event.customerId,
        phone: event.phone,
        owner: event.owner,
        source: event.source,
        intent: event.intent,
        evidence: event.evidence,
        existingOpenCardId: undefined,
        ...(event.linkedTo === undefined ? {} : { linkedTo: event.linkedTo })
      })
    case "ContactLogged":
      // the event keeps the evidence after the contact: merged again over the card's, it is the same
      return one({
        _tag: "LogContact",
        channel: event.channel,
        outcome: event.outcome,
        evidence: event.evidence,
        ...(event.agreedNextContactOn === undefined
          ? {}
          : { agreedNextContactOn: event.agreedNextContactOn }),
        ...(event.note === undefined ? {} : { note: event.note })
      })
    case "Regraded":
      return one({ _tag: "Regrade", grade: event.grade, justification: event.justification })
    case "Reassigned":
      return one({ _tag: "Reassign", to: event.to, reason: event.reason })
    case "OrderPlaced":
      return one({ _tag: "PlaceOrder", orderId: event.orderId, model: event.model })
    case "OrderCancelled":
      if (event.backToProspect !== undefined)
        return one({
          _tag: "CancelOrder",
          reason: event.reason,
          next: { kind: "backToProspect", grade: event.backToProspect.grade }
        })
      if (next?._tag === "DefeatRequested" && next.at === at)
        return {
          command: {
            _tag: "CancelOrder",
            by,
            at,
            reason: event.reason,
            next: { kind: "requestDefeat", defeat: next.defeat }
          } as CardCommand,
          consumed: 2
        }
      return undefined
    case "Delivered":
      return one({
        _tag: "Deliver",
        vehicle: event.vehicle,
        deliveredOn: event.deliveredOn,
        insuranceExpiresOn: event.insuranceExpiresOn,
        ...(event.odometerKm === undefined ? {} : { odometerKm: event.odometerKm }),
        ...(event.birthday === undefined ? {} : { birthday: event.birthday }),
        ...(event.sale === undefined ? {} : { sale: event.sale })
      })
    case "PersonalDataCorrected":
      return one({ _tag: "CorrectPersonalData", correction: event.correction, reason: event.reason })
    case "BroadBaseRecorded":
      return one({
        _tag: "RecordBroadBase",
        cardId: event.cardId,
        storeId: event.storeId,
        customerId: event.customerId,
        phone: event.phone,
        owner: event.owner,
        kind: event.kind,
        source: event.source,
        vehicle: event.vehicle,
        boughtOn: event.boughtOn,
        ...(event.odometerKm === undefined ? {} : { odometerKm: event.odometerKm }),
        ...(event.insuranceExpiresOn === undefined ? {} : { insuranceExpiresOn: event.insuranceExpiresOn }),
        ...(event.birthday === undefined ? {} : { birthday: event.birthday })
      })
    case "DefeatRequested":
      return one({ _tag: "RequestDefeat", defeat: event.defeat })
    case "DefeatApproved":
      return one({ _tag: "ApproveDefeat", ...(event.note === undefined ? {} : { note: event.note }) })
    case "DefeatRejected":
      return one({ _tag: "RejectDefeat", grade: event.grade, newOwner: event.owner, note: event.note })
    case "ReactivationRequested":
      return one({ _tag: "RequestReactivation", note: event.note })
    case "ReactivationApproved":
      return one({ _tag: "ApproveReactivation", grade: event.grade, newOwner: event.owner })
    case "ReactivationRejected":
      return one({ _tag: "RejectReactivation", note: event.note })
    case "MarkedInvalid":
      return one({
        _tag: "MarkInvalid",
        reasonId: event.reasonId,
        ...(event.mergedInto === undefined ? {} : { survivingCardId: event.mergedInto })
      })
    case "OwnerMined":
      return one({
        _tag: "MineOwner",
        kind: event.kind,
        newCardId: event.newCardId,
        ...(event.note === undefined ? {} : { note: event.note })
      })
    case "CareContactRecorded":
      return one({
        _tag: "RecordCareContact",
        ruleId: event.ruleId,
        plannedOn: event.plannedOn,
        outcome: event.outcome,
        ...(event.odometerKm === undefined ? {} : { odometerKm: event.odometerKm }),
        ...(event.dissatisfied === undefined ? {} : { dissatisfied: event.dissatisfied })
      })
    case "ComplaintRecorded":
      return one({
        _tag: "RecordComplaint",
        complaintId: event.complaintId,
        category: event.category,
        severity: event.severity,
        channel: event.channel,
        words: event.words
      })
    case "ComplaintHandled":
      return one({ _tag: "HandleComplaint", complaintId: event.complaintId, step: event.step })
    case "ComplaintResolved":
      return one({
        _tag: "ResolveComplaint",
        complaintId: event.complaintId,
        resolution: event.resolution,
        satisfied: event.satisfied
      })
    case "VisitPlanned":
      return one({ _tag: "PlanVisit", month: event.month, week: event.week, means: event.means })
    case "VisitUnplanned":
      return one({ _tag: "UnplanVisit", month: event.month })
    case "GradeLapsed":
      // replayed as the lapse rule: under a draft policy the grade may lapse otherwise, or not at all
      return one({ _tag: "ApplyLapse" })
    case "SurveyRecorded":
      return one({ _tag: "RecordSurvey", surveyId: event.surveyId, answers: event.answers })
  }
}

/**
 * One step of a replayed card: the command's stored day, the events decided (or kept as fact),
 * the state after them and the rule ids of the last scheduling decision.
 *
 * @example
 * ```ts
 * import type { ReplayStep } from "@jipan/core"
 * const due = (s: ReplayStep) => s.state.nextContactDue
 * ```
 */
export interface ReplayStep {
  readonly on: CalendarDate
  readonly events: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly ruleIds: ReadonlyArray<string>
  /** The `_tag` of the refusal when the policy refused the command (its stored events were kept). */
  readonly refused: string | undefined
}

const scheduledRuleIds = (events: ReadonlyArray<CardEvent>): ReadonlyArray<string> | undefined => {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as CardEvent
    if ("ruleIds" in e) return e.ruleIds
    if (e._tag === "OrderCancelled" && e.backToProspect !== undefined) return e.backToProspect.ruleIds
  }
  return undefined
}

/**
 * Replays a card's stored history: each stored command decided again under `policyOn(day)` (the
 * policy for the command's stored day), its events folded. A command the policy refuses keeps
 * its stored events, as fact. Pure.
 *
 * @example
 * ```ts
 * import { defaultPolicy, replayCardHistory } from "@jipan/core"
 * const steps = replayCardHistory(history, () => defaultPolicy)
 * steps.at(-1)?.state.grade
 * ```
 */
export const replayCardHistory = (
  history: ReadonlyArray<CardEvent>,
  policyOn: (day: CalendarDate) => Policy
): Array<ReplayStep> => {
  const steps: Array<ReplayStep> = []
  let state = initialCardState
  let ruleIds: ReadonlyArray<string> = []
  let i = 0
  while (i < history.length) {
    const stored = history[i] as CardEvent
    const made = commandOfEvent(stored, history[i + 1])
    const consumed = made?.consumed ?? 1
    let events: ReadonlyArray<CardEvent> = history.slice(i, i + consumed)
    let refused: string | undefined
    if (made !== undefined) {
      const decided = decideCard(made.command, state, policyOn(stored.on))
      if (Result.isSuccess(decided)) events = decided.success
      else refused = decided.failure._tag
    } else refused = "NoCommand"
    for (const e of events) state = evolveCard(state, e)
    ruleIds = scheduledRuleIds(events) ?? ruleIds
    steps.push({ on: stored.on, events, state, ruleIds, refused })
    i += consumed
  }
  return steps
}

// ---------------------------------------------------------------------------------------------
// The difference
