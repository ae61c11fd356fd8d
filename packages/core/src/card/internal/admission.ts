/**
 * The checks every card command goes through before its own rules: the status it may come from, the role of its issuer and, for owner-only commands, the owner.
 *
 * @module
 */
import { Result } from "effect"
import { type CalendarDate, calendarDateOf } from "../../kernel/CalendarDate.js"
import type { ConsultantId } from "../../kernel/Ids.js"
import type { Policy } from "../../policy/Policy.js"
import type { Actor, ActorRole, CardCommandTag } from "../CardCommand.js"
import {
  type CardError,
  EarlierThanLastEvent,
  NotCardOwner,
  NotPermitted,
  TransitionNotAllowed
} from "../CardError.js"
import { commandPermissions, lifecycleTransitions } from "../CardLifecycle.js"
import { type CardState, CardStatus } from "../CardState.js"

export const allowedFrom = new Map<CardCommandTag, ReadonlyArray<CardStatus>>()
for (const row of lifecycleTransitions) {
  const from = allowedFrom.get(row.command) ?? []
  if (!from.includes(row.from)) allowedFrom.set(row.command, [...from, row.from])
}

/** The checks every command goes through before its own rules (see admit). */
export interface Gate {
  readonly command: CardCommandTag
  readonly from: ReadonlyArray<CardStatus>
  readonly roles: ReadonlyArray<ActorRole>
  readonly ownerOnly: boolean
}
export const gate = (command: CardCommandTag): Gate => ({
  command,
  from: allowedFrom.get(command) ?? [],
  ...commandPermissions[command]
})
// Read by name in each command's decider (a constant there), not looked up by the command's tag.
export const GATES: Readonly<Record<CardCommandTag, Gate>> = {
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
  RecordCareContact: gate("RecordCareContact"),
  RecordSurvey: gate("RecordSurvey"),
  ApplyLapse: gate("ApplyLapse"),
  RecordComplaint: gate("RecordComplaint"),
  RecordBroadBase: gate("RecordBroadBase"),
  CorrectPersonalData: gate("CorrectPersonalData"),
  HandleComplaint: gate("HandleComplaint"),
  ResolveComplaint: gate("ResolveComplaint"),
  PlanVisit: gate("PlanVisit"),
  UnplanVisit: gate("UnplanVisit")
}

export const transitionNotAllowed = (
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

export const includes = <A>(list: ReadonlyArray<A>, value: A): boolean => {
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
export const admit = (
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
export const notTheOwner = (
  gate: Gate,
  state: CardState,
  by: Actor
): state is CardState & { readonly owner: ConsultantId } =>
  gate.ownerOnly && by.role === "consultant" && state.owner !== undefined && by.id !== state.owner

/** The first of admit's checks that fails, as its refusal. */
export const refuseAdmission = (
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

// An instant as ISO text for messages (the raw number when it is not a valid instant).
const iso = (at: number) => (Number.isFinite(at) ? new Date(at).toISOString() : String(at))
