// Histories for the report tests, built day by day through the decider (so every event is one the
// domain really emits): a consultant who follows the policy perfectly, and seeded violations.
import { Result } from "effect"
import fc from "fast-check"
import {
  addDays,
  type CalendarDate,
  type CardCommand,
  type CardEvent,
  type CardHistory,
  type CardId,
  type ConsultantId,
  decideCard,
  defaultPolicy,
  dueSpansOf,
  evolveCard,
  foldCard,
  initialCardState,
  type LeadSource,
  makeTenant,
  type Policy,
  type ProspectEvidence,
  type ReportEvent,
  reportEventsOf,
  type ShowroomVisit
} from "../src/index.js"

export const tenant = makeTenant("grp-east", "store-01")
export const at = (day: CalendarDate, minute = 0) => Date.parse(`${day}T10:00:00+08:00`) + minute * 60_000
export const day = (s: string) => s as CalendarDate

/** What one simulated card does. */
export interface CardPlan {
  readonly cardId: string
  readonly owner: string
  readonly source: LeadSource
  readonly openOn: CalendarDate
  /** Days from opening to the expected purchase (the grade warms as the day nears). */
  readonly daysToPurchase: number
  /** The order is placed when this many days are left (within the hottest grade's horizon). */
  readonly orderAtDaysLeft: number
  /** A fixed purchase timeframe instead of a date: the grade never moves (for seeded violations). */
  readonly fixedTimeframeDays?: number | undefined
  /** Forget the card from this day on: no contact, no order (seeds an overdue contact). */
  readonly stopContactsOn?: CalendarDate | undefined
  /** Contacts from this day on agree no next contact (seeds a missing agreed contact). */
  readonly noAgreementFrom?: CalendarDate | undefined
  /** Regrade to the hottest grade on this day with no contact (seeds a grade jump). */
  readonly jumpOn?: CalendarDate | undefined
  /** Log a contact on the jump day before the re-grade. */
  readonly contactOnJumpDay?: boolean | undefined
  /** Request a defeat on this day and leave it waiting. */
  readonly defeatOn?: CalendarDate | undefined
}

const by = (owner: string) => ({ id: owner, role: "consultant" as const })

const evidenceOf = (plan: CardPlan): ProspectEvidence => ({
  ...(plan.fixedTimeframeDays !== undefined
    ? { purchaseTimeframeDays: plan.fixedTimeframeDays }
    : { expectedPurchaseDate: addDays(plan.openOn, plan.daysToPurchase) }),
  modelOfInterest: "GL8",
  modelChosen: true,
  colourChosen: true,
  testDriveDone: true,
  budgetSettled: true,
  decisionMakerPresent: true
})

/** A simulated card: its history and the commands that made it (to replay through a store). */
export interface SimulatedCard extends CardHistory {
  readonly commands: ReadonlyArray<CardCommand>
}

const decide = (
  command: CardCommand,
  history: Array<CardEvent>,
  policy: Policy,
  commands: Array<CardCommand>
) => {
  const r = decideCard(command, foldCard(history), policy)
  if (Result.isFailure(r)) throw new Error(`${command._tag}: ${r.failure._tag}: ${r.failure.message}`)
  history.push(...r.success)
  commands.push(command)
}

/**
 * Simulates one card from its opening day to `until`: a contact on every due day agreeing the next
 * one two days later (every grade's interval is at least 2), the order once `orderAtDaysLeft`
 * days are left, and the plan's seeded violations.
 */
export const simulateCard = (
  plan: CardPlan,
  until: CalendarDate,
  policy: Policy = defaultPolicy
): SimulatedCard => {
  const history: Array<CardEvent> = []
  const commands: Array<CardCommand> = []
  const evidence = evidenceOf(plan)
  decide(
    {
      _tag: "OpenCard",
      cardId: plan.cardId as CardId,
      storeId: tenant.storeId,
      customerId: `cust-${plan.cardId}`,
      phone: phoneOf(plan.cardId),
      owner: plan.owner as ConsultantId,
      source: plan.source,
      intent: "direct",
      evidence,
      by: by(plan.owner),
      at: at(plan.openOn)
    } as CardCommand,
    history,
    policy,
    commands
  )
  const purchaseOn = addDays(plan.openOn, plan.daysToPurchase)
  for (let d = addDays(plan.openOn, 1); d <= until; d = addDays(d, 1)) {
    const state = foldCard(history)
    if (plan.defeatOn === d && state.status === "prospect") {
      decide(
        {
          _tag: "RequestDefeat",
          by: by(plan.owner),
          at: at(d, 30),
          defeat: { typeId: "price", reasonId: "priceTooHigh" }
        } as CardCommand,
        history,
        policy,
        commands
      )
      continue
    }
    if (plan.jumpOn === d && state.status === "prospect") {
      // a re-grade after the day's contact is no jump without a contact
      if (plan.contactOnJumpDay === true)
        decide(
          {
            _tag: "LogContact",
            by: by(plan.owner),
            at: at(d, 5),
            channel: "call",
            outcome: "reached",
            evidence,
            agreedNextContactOn: addDays(d, 2)
          } as CardCommand,
          history,
          policy,
          commands
        )
      const hottest = policy.grading.grades[0].id
      decide(
        {
          _tag: "Regrade",
          by: by(plan.owner),
          at: at(d, 10),
          grade: hottest,
          justification: "feels hot"
        } as CardCommand,
        history,
        policy,
        commands
      )
      continue
    }
    const stopped = plan.stopContactsOn !== undefined && d >= plan.stopContactsOn
    const s = foldCard(history)
    if (
      (s.status === "prospect" || s.status === "ordered") &&
      s.nextContactDue !== undefined &&
      s.nextContactDue <= d &&
      !stopped
    ) {
      const noAgreement = plan.noAgreementFrom !== undefined && d >= plan.noAgreementFrom
      decide(
        {
          _tag: "LogContact",
          by: by(plan.owner),
          at: at(d, 20),
          channel: "call",
          outcome: "reached",
          // once ordered, the purchase date is settled: the evidence no longer drives the grade
          evidence: s.status === "ordered" ? { ...evidence, orderSigned: true } : evidence,
          ...(noAgreement ? {} : { agreedNextContactOn: addDays(d, 2) })
        } as CardCommand,
        history,
        policy,
        commands
      )
    }
    const after = foldCard(history)
    if (
      plan.fixedTimeframeDays === undefined &&
      !stopped &&
      after.status === "prospect" &&
      addDays(d, plan.orderAtDaysLeft) >= purchaseOn
    )
      decide(
        {
          _tag: "PlaceOrder",
          by: by(plan.owner),
          at: at(d, 40),
          orderId: `ord-${plan.cardId}`,
          model: "GL8"
        } as CardCommand,
        history,
        policy,
        commands
      )
  }
  return { tenant, cardId: plan.cardId as CardId, history, commands }
}

export const phoneOf = (cardId: string) => {
  let h = 0
  for (const c of cardId) h = (h * 31 + c.charCodeAt(0)) % 100_000_000
  return `+86138${String(h).padStart(8, "0")}`
}

/** The report rows a store would keep for these histories. */
export const rowsOf = (histories: ReadonlyArray<CardHistory>) => {
  const events: Array<ReportEvent> = []
  const spans = []
  for (const h of histories) {
    events.push(...reportEventsOf(h.tenant, h.cardId, initialCardState, h.history))
    spans.push(...dueSpansOf(h.tenant, h.cardId, h.history))
  }
  return { events, spans }
}

/** A first walk-in of the card's opening day, carrying the card id (reception did its job). */
export const visitOf = (plan: CardPlan): ShowroomVisit =>
  ({
    tenant,
    visitId: `v-${plan.cardId}`,
    at: at(plan.openOn, -30),
    on: plan.openOn,
    kind: "walkIn",
    ordinal: "first",
    consultant: plan.owner,
    phone: phoneOf(plan.cardId),
    cardId: plan.cardId
  }) as ShowroomVisit

export const consultants = ["c-li", "c-wang", "c-zhao"] as const
export const START = day("2026-10-01")

/** Plans of a consultant team that follows the policy perfectly (opening days in October). */
export const perfectPlans: fc.Arbitrary<ReadonlyArray<CardPlan>> = fc
  .array(
    fc.record({
      owner: fc.constantFrom(...consultants),
      source: fc.constantFrom<LeadSource>("walkIn", "phoneIn", "referral", "online"),
      openOffset: fc.integer({ min: 0, max: 30 }),
      daysToPurchase: fc.integer({ min: 10, max: 60 }),
      orderAtDaysLeft: fc.integer({ min: 1, max: 6 })
    }),
    { minLength: 1, maxLength: 8 }
  )
  .map((rows) =>
    rows.map(
      (r, i): CardPlan => ({
        cardId: `card-${String(i).padStart(2, "0")}`,
        owner: r.owner,
        source: r.source,
        openOn: addDays(START, r.openOffset),
        daysToPurchase: r.daysToPurchase,
        orderAtDaysLeft: r.orderAtDaysLeft
      })
    )
  )

/** Folds a history up to the end of a day. */
export const stateAtEndOf = (history: ReadonlyArray<CardEvent>, d: CalendarDate) => {
  let s = initialCardState
  for (const e of history) if (e.on <= d) s = evolveCard(s, e)
  return s
}
