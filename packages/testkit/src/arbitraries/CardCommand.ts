/**
 * Valid card commands one at a time: the twenty-five kinds, the abstract step of a card's life, and
 * how a step becomes a command that makes sense for the card's state (`materialiseCardCommand`);
 * a command of any kind or of one kind, on its own.
 *
 * @module
 */
import {
  type Actor,
  addDays,
  BroadBaseKind,
  BuyAgain,
  type CardCommand,
  type CardId,
  type CardState,
  ComplaintCategory,
  ComplaintSeverity,
  type ConsultantId,
  ContactChannel,
  type CustomerId,
  calendarDateOf,
  commandPermissions,
  defaultPolicy,
  type GradeId,
  IntentType,
  initialCardState,
  LeadSource,
  lifecycleTransitions,
  type PhoneNumber,
  type Policy,
  Recommend,
  Satisfaction,
  type StoreId,
  VisitMeans
} from "@jipan/core"
import * as fc from "fast-check"
import { evidence } from "../Arbitraries.js"
import { freeText, idString, instant, phone } from "./Kernel.js"
import { ACTORS, CONSULTANTS } from "./Shared.js"

const VINS = ["LSVAU2187N2123456", "LVGBE40K08G000003", "LSVAU2188N2123456"]
const FLEET_CUSTOMERS = ["东方出租", "Shanghai Car Rental Co.", "滴滴 fleet 🚕"]

/**
 * The twenty-five kinds of card command: the lifecycle's, then the broad base, corrections,
 * complaints, visit plans and the lapse rule.
 *
 * @example
 * ```ts
 * import { cardCommandKinds } from "@jipan/testkit"
 * cardCommandKinds.length // 25
 * ```
 */
export const cardCommandKinds = [
  "OpenCard",
  "LogContact",
  "Regrade",
  "Reassign",
  "PlaceOrder",
  "CancelOrder",
  "Deliver",
  "RequestDefeat",
  "ApproveDefeat",
  "RejectDefeat",
  "RequestReactivation",
  "ApproveReactivation",
  "RejectReactivation",
  "MarkInvalid",
  "MineOwner",
  "RecordCareContact",
  "RecordSurvey",
  "RecordBroadBase",
  "CorrectPersonalData",
  "RecordComplaint",
  "HandleComplaint",
  "ResolveComplaint",
  "PlanVisit",
  "UnplanVisit",
  "ApplyLapse"
] as const satisfies ReadonlyArray<CardCommand["_tag"]>

/**
 * The commands that leave a card's status as it is and may come in (almost) any status, and the
 * broad base (a card that is never sold to): a guided step takes one of them now and then only, so
 * that random lives still move through the lifecycle.
 */
const SIDE_COMMANDS: ReadonlySet<string> = new Set([
  "RecordBroadBase",
  "CorrectPersonalData",
  "RecordComplaint",
  "HandleComplaint",
  "ResolveComplaint",
  "PlanVisit",
  "UnplanVisit",
  "ApplyLapse"
])

/**
 * The commands each status allows, from the lifecycle table: those this module can make (a
 * command the core adds later is left out until it is taught here, rather than made wrongly).
 */
const ALLOWED = new Map<string, ReadonlyArray<CardCommand["_tag"]>>()
for (const row of lifecycleTransitions)
  if (
    (cardCommandKinds as ReadonlyArray<string>).includes(row.command) &&
    !(ALLOWED.get(row.from) ?? []).includes(row.command)
  )
    ALLOWED.set(row.from, [...(ALLOWED.get(row.from) ?? []), row.command])

/**
 * One abstract step of a card's life: a command kind and the random choices it needs, turned into
 * a command that makes sense for the card's state by {@link materialiseCardCommand}. A `guided`
 * step (most of them) takes a command the card's status allows, issued by someone allowed to;
 * the others take `kind` as it is. `card` picks which card of a multi-card sequence the step acts
 * on; `minutes` moves the clock (sometimes backwards, which the decider refuses).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { cardStep } from "@jipan/testkit"
 * fc.sample(cardStep, 1)[0]?.kind // "LogContact"
 * ```
 */
export const cardStep = fc.record({
  kind: fc.constantFrom(...cardCommandKinds),
  guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  // a guided step takes a side command (a complaint, a plan, a correction, the lapse rule) one time in five
  side: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  card: fc.nat(),
  actor: fc.nat(),
  minutes: fc.integer({ min: -600, max: 7 * 24 * 60 }),
  pick: fc.nat(),
  flag: fc.boolean(),
  evidence,
  text: freeText
})
/** @see {@link cardStep} */
export type CardStep = typeof cardStep extends fc.Arbitrary<infer S> ? S : never

/**
 * What {@link materialiseCardCommand} needs besides the step: the instant, the card's state, the
 * policy, and the card's identity (id, store, customer, phone) and its neighbours' ids.
 *
 * @example
 * ```ts
 * import { initialCardState, defaultPolicy, CardId, StoreId, CustomerId, PhoneNumber } from "@jipan/core"
 * import type { CardContext } from "@jipan/testkit"
 * const context: CardContext = { at: Date.now(), state: initialCardState, policy: defaultPolicy,
 *   cardId: CardId.make("card-1"), storeId: StoreId.make("store-01"), customerId: CustomerId.make("cust-1"),
 *   phone: PhoneNumber.make("+8613812345678"), otherCardIds: [CardId.make("card-2")] }
 * ```
 */
export interface CardContext {
  readonly at: number
  readonly state: CardState
  readonly policy: Policy
  readonly cardId: CardId
  readonly storeId: StoreId
  readonly customerId: CustomerId
  readonly phone: PhoneNumber
  /** Other cards of the sequence (surviving cards of a merge, mined cards). */
  readonly otherCardIds: ReadonlyArray<CardId>
  /** The phones of the other cards (a correction to one of them meets the one-open-card rule). */
  readonly otherPhones?: ReadonlyArray<PhoneNumber> | undefined
}

/**
 * Turns an abstract step into a card command that makes sense for the card's state (a grade of the
 * policy, a defeat reason of its catalogue, an order date before the delivery…), with some
 * deliberate misfits (a wrong actor, an unknown defeat type, an empty justification) that the
 * decider refuses with a typed error. Every command it makes decodes with `decodeCardCommand`.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { cardStep, materialiseCardCommand, type CardContext } from "@jipan/testkit"
 * const [step] = fc.sample(cardStep, 1)
 * declare const context: CardContext
 * const command = materialiseCardCommand(step!, context)
 * ```
 */
export const materialiseCardCommand = (step: CardStep, context: CardContext): CardCommand => {
  const { at, state, policy } = context
  const statusAllows = step.guided ? (ALLOWED.get(state.status) ?? []) : []
  const main = statusAllows.filter((k) => !SIDE_COMMANDS.has(k))
  // a guided step handles or resolves an open complaint, unplans a planned month
  const side = statusAllows.filter(
    (k) =>
      SIDE_COMMANDS.has(k) &&
      ((k !== "HandleComplaint" && k !== "ResolveComplaint") ||
        state.complaints.some((c) => c.resolvedOn === undefined)) &&
      (k !== "UnplanVisit" || state.visitPlans.length > 0)
  )
  const allowed = side.length > 0 && (main.length === 0 || step.side === true) ? side : main
  const s =
    allowed.length > 0 ? { ...step, kind: allowed[step.pick % allowed.length] as CardStep["kind"] } : step
  const permitted = commandPermissions[s.kind].roles
  const owner = ACTORS.find((a) => a.id === state.owner)
  const by =
    allowed.length > 0
      ? ((permitted.includes("consultant") ? owner : undefined) ??
        ACTORS.find((a) => a.role !== "consultant" && permitted.includes(a.role)) ??
        (ACTORS[s.actor % ACTORS.length] as Actor))
      : ((s.actor % 3 === 0 ? owner : undefined) ?? (ACTORS[s.actor % ACTORS.length] as Actor))
  const grades = [
    ...policy.grading.grades.map((g) => g.id),
    policy.grading.ungraded.id,
    policy.grading.ordered.id
  ]
  const grade = grades[s.pick % grades.length] as GradeId
  const types = policy.lifecycle.defeatReasonTypes
  const type = types[s.pick % types.length] as (typeof types)[number]
  const reason = type.reasons[s.pick % type.reasons.length] as (typeof type.reasons)[number]
  const defeat = {
    typeId: s.flag || s.pick % 5 !== 0 ? type.id : "nope",
    reasonId: reason.id,
    ...(s.flag ? { competitor: { brand: "BYD", model: "Han" } } : {})
  }
  const consultant = CONSULTANTS[s.pick % 2] as ConsultantId
  const other = context.otherCardIds[s.pick % Math.max(1, context.otherCardIds.length)] ?? context.cardId
  const invalidReasons = policy.lifecycle.invalidReasons
  const base = { by, at }
  const today = calendarDateOf(at, policy.timeZone)
  // a complaint of the card: an open one mostly (handled, resolved), else a new id or a resolved one
  const open = state.complaints.filter((c) => c.resolvedOn === undefined)
  const complaintId =
    (s.flag || s.pick % 5 !== 0 ? open[s.pick % Math.max(1, open.length)]?.complaintId : undefined) ??
    state.complaints[s.pick % Math.max(1, state.complaints.length)]?.complaintId ??
    `cmp-${s.pick % 3}`
  // this month, or the next; a month planned already (replanned, unplanned) when there is one
  const month =
    (s.pick % 3 === 0 ? undefined : state.visitPlans[s.pick % Math.max(1, state.visitPlans.length)]?.month) ??
    (s.flag ? today.slice(0, 7) : addDays(today, 31).slice(0, 7))
  switch (s.kind) {
    case "OpenCard":
      return {
        ...base,
        _tag: "OpenCard",
        cardId: context.cardId,
        storeId: context.storeId,
        customerId: context.customerId,
        phone: context.phone,
        owner: consultant,
        source: LeadSource.values[s.pick % LeadSource.values.length] as LeadSource,
        intent: IntentType.values[s.pick % IntentType.values.length] as IntentType,
        evidence: s.flag ? {} : s.evidence,
        existingOpenCardId: undefined
      }
    case "LogContact":
      return {
        ...base,
        _tag: "LogContact",
        channel: ContactChannel.values[s.pick % ContactChannel.values.length] as ContactChannel,
        outcome: s.flag ? "reached" : s.pick % 2 === 0 ? "notReached" : "visited",
        evidence: s.evidence,
        ...(s.pick % 3 === 0
          ? { agreedNextContactOn: addDays(calendarDateOf(at, policy.timeZone), 1 + (s.pick % 5)) }
          : {}),
        ...(s.pick % 4 === 0 ? { note: s.text } : {})
      }
    case "Regrade":
      return { ...base, _tag: "Regrade", grade, justification: s.flag ? s.text || "Customer said so" : "" }
    case "Reassign":
      return { ...base, _tag: "Reassign", to: consultant, reason: s.flag ? "workload" : "consultantLeft" }
    case "PlaceOrder":
      return { ...base, _tag: "PlaceOrder", orderId: `SO-${s.pick % 100}`, model: "GL8" }
    case "CancelOrder":
      return {
        ...base,
        _tag: "CancelOrder",
        reason: s.text,
        next: s.flag ? { kind: "backToProspect", grade } : { kind: "requestDefeat", defeat }
      }
    case "Deliver":
      return {
        ...base,
        _tag: "Deliver",
        vehicle: { brand: "Buick", model: "GL8", vin: VINS[s.pick % VINS.length] as string },
        deliveredOn: addDays(state.order?.orderedOn ?? calendarDateOf(at, policy.timeZone), s.pick % 3),
        ...(s.flag
          ? { odometerKm: s.pick % 100, birthday: { month: 1 + (s.pick % 12), day: 1 + (s.pick % 28) } }
          : {}),
        // retail (one car, or said so), fleet with or without the fleet customer, 1 to 10,000 units
        // (chosen by the actor's draw: the kind's own draw, `pick`, already chose Deliver)
        ...(s.actor % 4 === 0
          ? {}
          : s.actor % 4 === 1
            ? { sale: { kind: "retail" as const, units: 1 + (s.pick % 3) } }
            : {
                sale: {
                  kind: "fleet" as const,
                  units: s.pick % 7 === 0 ? 10_000 : 1 + (s.pick % 40),
                  ...(s.actor % 8 >= 4
                    ? { fleetCustomer: FLEET_CUSTOMERS[s.pick % FLEET_CUSTOMERS.length] as string }
                    : {})
                }
              })
      }
    case "RequestDefeat":
      return { ...base, _tag: "RequestDefeat", defeat }
    case "ApproveDefeat":
      return { ...base, _tag: "ApproveDefeat", ...(s.flag ? { note: s.text } : {}) }
    case "RejectDefeat":
      return {
        ...base,
        _tag: "RejectDefeat",
        grade,
        note: s.text,
        ...(s.flag ? { newOwner: consultant } : {})
      }
    case "RequestReactivation":
      return { ...base, _tag: "RequestReactivation", note: s.text }
    case "ApproveReactivation":
      return { ...base, _tag: "ApproveReactivation", grade, ...(s.flag ? { newOwner: consultant } : {}) }
    case "RejectReactivation":
      return { ...base, _tag: "RejectReactivation", note: s.text }
    case "MarkInvalid": {
      const merging = invalidReasons.find((r) => r.mergeIntoSurvivor)
      const closing = invalidReasons.filter((r) => !r.mergeIntoSurvivor)
      return s.flag && merging !== undefined
        ? {
            ...base,
            _tag: "MarkInvalid",
            reasonId: merging.id,
            survivingCardId: s.pick % 4 === 0 ? context.cardId : other
          }
        : {
            ...base,
            _tag: "MarkInvalid",
            reasonId: (closing[s.pick % Math.max(1, closing.length)] ?? invalidReasons[0]).id
          }
    }
    case "MineOwner":
      return {
        ...base,
        _tag: "MineOwner",
        kind: s.flag ? "replacement" : "additionalPurchase",
        newCardId: other,
        ...(s.pick % 2 === 0 ? { note: s.text } : {})
      }
    case "RecordCareContact": {
      const delivered = state.delivery?.deliveredOn ?? calendarDateOf(at, policy.timeZone)
      const step = policy.care.cadence[s.pick % policy.care.cadence.length]
      return {
        ...base,
        _tag: "RecordCareContact",
        ruleId: step?.id ?? "care.day3",
        plannedOn: addDays(delivered, 1 + (s.pick % 30)),
        outcome: s.flag ? "done" : "missed",
        ...(s.pick % 3 === 0 ? { odometerKm: 100 + (s.pick % 5000) } : {})
      }
    }
    case "RecordSurvey":
      return {
        ...base,
        _tag: "RecordSurvey",
        surveyId: s.flag ? `cvp-${s.pick % 50}` : s.text || "survey",
        answers: {
          satisfaction: Satisfaction.values[s.pick % Satisfaction.values.length] as Satisfaction,
          buyAgain: BuyAgain.values[(s.pick >> 3) % BuyAgain.values.length] as BuyAgain,
          recommend: Recommend.values[(s.pick >> 5) % Recommend.values.length] as Recommend
        }
      }
    case "RecordBroadBase":
      return {
        ...base,
        _tag: "RecordBroadBase",
        cardId: context.cardId,
        storeId: context.storeId,
        customerId: context.customerId,
        phone: context.phone,
        owner: consultant,
        kind: BroadBaseKind.values[s.pick % BroadBaseKind.values.length] as BroadBaseKind,
        source: LeadSource.values[s.pick % LeadSource.values.length] as LeadSource,
        // the VIN of a car we did not sell is often unknown
        vehicle: {
          brand: s.flag ? "Toyota" : "Buick",
          model: s.flag ? "Camry" : "GL8",
          vin: s.pick % 3 === 0 ? "" : (VINS[s.pick % VINS.length] as string)
        },
        // bought up to years ago; now and then after today (refused)
        boughtOn: addDays(today, s.pick % 11 === 0 ? 3 : -(s.pick % 2000)),
        ...(s.flag ? { odometerKm: (s.pick * 37) % 200_000 } : {}),
        ...(s.pick % 2 === 0 ? { insuranceExpiresOn: addDays(today, s.pick % 365) } : {}),
        ...(s.pick % 3 === 1 ? { birthday: { month: 1 + (s.pick % 12), day: 1 + (s.pick % 28) } } : {})
      }
    case "CorrectPersonalData": {
      const field = s.pick % 3
      const taken = context.otherPhones?.[s.actor % Math.max(1, context.otherPhones.length)]
      return {
        ...base,
        _tag: "CorrectPersonalData",
        correction:
          field === 0
            ? {
                field: "phone",
                // another card's phone now and then; else the last digit changed: another valid mobile
                phone:
                  s.flag && s.actor % 3 === 0 && taken !== undefined
                    ? taken
                    : (`${context.phone.slice(0, -1)}${(Number(context.phone.slice(-1)) + 1 + (s.actor % 9)) % 10}` as PhoneNumber)
              }
            : field === 1
              ? { field: "birthday", birthday: { month: 1 + (s.actor % 12), day: 1 + (s.actor % 28) } }
              : { field: "vin", vin: s.flag ? (VINS[s.actor % VINS.length] as string) : "" },
        reason: s.text || "客户要求更正 (the customer asked)"
      }
    }
    case "RecordComplaint":
      return {
        ...base,
        _tag: "RecordComplaint",
        // a new id mostly; now and then one already on the card (refused as a duplicate)
        complaintId:
          s.pick % 7 === 0 && state.complaints.length > 0
            ? complaintId
            : `cmp-${state.complaints.length + (s.pick % 2)}`,
        category: ComplaintCategory.values[s.pick % ComplaintCategory.values.length] as ComplaintCategory,
        severity: ComplaintSeverity.values[s.actor % ComplaintSeverity.values.length] as ComplaintSeverity,
        channel: ContactChannel.values[s.pick % ContactChannel.values.length] as ContactChannel,
        words: s.text || "等了两个小时没人管"
      }
    case "HandleComplaint":
      return { ...base, _tag: "HandleComplaint", complaintId, step: s.text || "已回电, 预约维修" }
    case "ResolveComplaint":
      return {
        ...base,
        _tag: "ResolveComplaint",
        complaintId,
        resolution: s.text || "免费更换, 客户接受",
        satisfied: s.flag
      }
    case "PlanVisit":
      return {
        ...base,
        _tag: "PlanVisit",
        month,
        week: 1 + (s.actor % 5),
        means: VisitMeans.values[s.pick % VisitMeans.values.length] as VisitMeans
      }
    case "UnplanVisit":
      return { ...base, _tag: "UnplanVisit", month }
    case "ApplyLapse":
      return { ...base, _tag: "ApplyLapse" }
  }
}

/**
 * A valid card command of any of the twenty-five kinds, on its own (not fitted to a card's state): it
 * decodes; the decider may well refuse it.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardCommand } from "@jipan/core"
 * import { cardCommand } from "@jipan/testkit"
 * fc.assert(fc.property(cardCommand, (c) => decodeCardCommand(c)._tag === "Success"))
 * ```
 */
export const cardCommand: fc.Arbitrary<CardCommand> = fc
  .tuple(cardStep, instant, phone, idString, idString)
  .map(([s, at, p, cardId, customerId]) =>
    materialiseCardCommand(
      { ...s, guided: false },
      {
        at,
        state: initialCardState,
        policy: defaultPolicy,
        cardId: cardId as CardId,
        storeId: "store-01" as StoreId,
        customerId: customerId as CustomerId,
        phone: p,
        otherCardIds: ["card-2" as CardId]
      }
    )
  )

/**
 * A valid card command of one kind.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { cardCommandOf } from "@jipan/testkit"
 * fc.sample(cardCommandOf("Deliver"), 1)[0]?._tag // "Deliver"
 * ```
 */
export const cardCommandOf = <K extends (typeof cardCommandKinds)[number]>(
  kind: K
): fc.Arbitrary<Extract<CardCommand, { readonly _tag: K }>> =>
  fc.tuple(cardStep, instant, phone, idString).map(
    ([s, at, p, cardId]) =>
      materialiseCardCommand(
        { ...s, kind, guided: false },
        {
          at,
          state: initialCardState,
          policy: defaultPolicy,
          cardId: cardId as CardId,
          storeId: "store-01" as StoreId,
          customerId: "cust-1" as CustomerId,
          phone: p,
          otherCardIds: ["card-2" as CardId]
        }
      ) as Extract<CardCommand, { readonly _tag: K }>
  )
