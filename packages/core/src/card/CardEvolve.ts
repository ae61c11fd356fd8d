import type { CalendarDate } from "../kernel/CalendarDate.js"
import type { GradeId } from "../policy/GradingPolicy.js"
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
import { type CardState, initialCardState } from "./CardState.js"
import { planWeekDays } from "./VisitPlan.js"

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
  broadBase: s.broadBase,
  defeat: s.defeat,
  invalid: s.invalid,
  minedCards: s.minedCards,
  careLog: s.careLog,
  complaints: s.complaints,
  visitPlans: s.visitPlans
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
    birthday: e.birthday,
    ...(e.sale === undefined ? {} : { sale: e.sale })
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
    odometerKm: e.odometerKm,
    ...(e.dissatisfied === true ? { dissatisfied: true } : {})
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
    case "PersonalDataErased":
      return nextState(s, e.at)
    case "PersonalDataCorrected": {
      const n = nextState(s, e.at)
      const c = e.correction
      if (c.field === "phone") n.phone = c.phone
      else if (c.field === "birthday") {
        if (s.delivery !== undefined) n.delivery = { ...s.delivery, birthday: c.birthday }
        if (s.broadBase !== undefined) n.broadBase = { ...s.broadBase, birthday: c.birthday }
      } else {
        if (s.delivery !== undefined)
          n.delivery = { ...s.delivery, vehicle: { ...s.delivery.vehicle, vin: c.vin } }
        if (s.broadBase !== undefined)
          n.broadBase = { ...s.broadBase, vehicle: { ...s.broadBase.vehicle, vin: c.vin } }
      }
      return n
    }
    case "BroadBaseRecorded": {
      const n = nextState(s, e.at)
      n.status = "broadBase"
      n.cardId = e.cardId
      n.storeId = e.storeId
      n.customerId = e.customerId
      n.phone = e.phone
      n.owner = e.owner
      n.source = e.source
      n.openedOn = e.on
      n.statusSince = e.on
      n.broadBase = {
        kind: e.kind,
        vehicle: e.vehicle,
        boughtOn: e.boughtOn,
        recordedOn: e.on,
        odometerKm: e.odometerKm,
        insuranceExpiresOn: e.insuranceExpiresOn,
        birthday: e.birthday
      }
      return n
    }
    case "GradeLapsed": {
      const n = nextState(s, e.at)
      setSchedule(n, s, e.on, e.grade, e.scheduleBase, e.nextContactDue)
      return n
    }
    case "ComplaintRecorded": {
      const n = nextState(s, e.at)
      n.complaints = [
        ...s.complaints,
        {
          complaintId: e.complaintId,
          category: e.category,
          severity: e.severity,
          channel: e.channel,
          words: e.words,
          recordedOn: e.on,
          steps: [],
          resolvedOn: undefined,
          resolution: undefined,
          satisfied: undefined
        }
      ]
      return n
    }
    case "ComplaintHandled": {
      const n = nextState(s, e.at)
      n.complaints = s.complaints.map((c) =>
        c.complaintId === e.complaintId
          ? { ...c, steps: [...c.steps, { on: e.on, step: e.step, by: e.by.id }] }
          : c
      )
      return n
    }
    case "ComplaintResolved": {
      const n = nextState(s, e.at)
      n.complaints = s.complaints.map((c) =>
        c.complaintId === e.complaintId
          ? { ...c, resolvedOn: e.on, resolution: e.resolution, satisfied: e.satisfied }
          : c
      )
      return n
    }
    case "VisitPlanned": {
      const n = nextState(s, e.at)
      const { from, to } = planWeekDays(e.month, e.week)
      n.visitPlans = [
        ...s.visitPlans.filter((p) => p.month !== e.month),
        { month: e.month, week: e.week, means: e.means, from, to }
      ].sort((a, b) => (a.month < b.month ? -1 : 1))
      return n
    }
    case "VisitUnplanned": {
      const n = nextState(s, e.at)
      n.visitPlans = s.visitPlans.filter((p) => p.month !== e.month)
      return n
    }
    case "SurveyRecorded":
      // surveys change no card fact: reports and settlement read the event itself
      return nextState(s, e.at)
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
