/**
 * fast-check arbitraries for the values a DMS sends Jipan, all VALID (they decode with the core's
 * decoders and stay within the bounds a store can hold): instants, phones, ids (hostile ones
 * included: `__proto__`, SQL, long unicode — valid, so they must round-trip), every card command,
 * command sequences that make sense for the card's state, card events, referral commands and
 * sequences, ledger entries, showroom visits, surveys and every policy section. Their invalid
 * twins are in `invalid` (InvalidArbitraries.ts).
 *
 * @module
 */
import {
  type Actor,
  AskMoment,
  addDays,
  BuyAgain,
  type CalendarDate,
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  CardStatus,
  type ConsultantId,
  ContactChannel,
  type CustomerId,
  calendarDateOf,
  commandPermissions,
  decideCard,
  decideReferral,
  defaultPolicy,
  defaultSections,
  evolveCard,
  evolveReferral,
  type Fen,
  type GradeId,
  IntentType,
  initialCardState,
  initialReferralState,
  LeadSource,
  type LedgerEntry,
  lifecycleTransitions,
  openCardStatuses,
  type PhoneNumber,
  type Policy,
  type PolicyDocument,
  Recommend,
  type ReferralCommand,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  ReferrerKind,
  type RewardChoice,
  Satisfaction,
  type SettlementHistory,
  type ShowroomVisit,
  type StoreId,
  type Survey,
  type Tenant,
  VisitKind,
  VisitOrdinal
} from "@jipan/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { cardPolicy, evidence, soundPolicy } from "./Arbitraries.js"

const DAY = 86_400_000
const MINUTE = 60_000

/**
 * The first instant Jipan accepts (2000-01-01T00:00:00Z) and the first it no longer accepts
 * (2100-01-01T00:00:00Z): the `Instant` bound of the core, as plain numbers.
 *
 * @example
 * ```ts
 * import { INSTANT_RANGE } from "@jipan/testkit"
 * new Date(INSTANT_RANGE.end).toISOString() // "2100-01-01T00:00:00.000Z"
 * ```
 */
export const INSTANT_RANGE = { min: Date.UTC(2000, 0, 1), end: Date.UTC(2100, 0, 1) } as const

/** 2026-03-02 09:00 in Beijing, where sequences start by default. */
const SEQUENCE_START = Date.parse("2026-03-02T09:00:00+08:00")

/**
 * A valid instant (whole epoch milliseconds in 2000-01-01..2099-12-31 UTC): mostly around 2026,
 * sometimes the very first and the very last one.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { instant } from "@jipan/testkit"
 * fc.assert(fc.property(instant, (at) => Number.isInteger(at)))
 * ```
 */
export const instant: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: SEQUENCE_START - 400 * DAY, max: SEQUENCE_START + 400 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: INSTANT_RANGE.min, max: INSTANT_RANGE.end - 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(INSTANT_RANGE.min, INSTANT_RANGE.end - 1) }
)

/**
 * A valid calendar date: mostly within two years of 2026, sometimes at the ends of 1900–2199.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { anyCalendarDate } from "@jipan/testkit"
 * fc.sample(anyCalendarDate, 2) // ["2026-07-14", "1900-01-01"]
 * ```
 */
export const anyCalendarDate: fc.Arbitrary<CalendarDate> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: -800, max: 800 }).map((d) => addDays("2026-01-01" as CalendarDate, d))
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 109_572 }).map((d) => addDays("1900-01-01" as CalendarDate, d))
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "1900-01-01",
      "2199-12-31",
      "2000-02-29",
      "2096-02-29"
    ) as fc.Arbitrary<CalendarDate>
  }
)

/**
 * A valid Chinese mobile number in E.164 (`+86` and eleven digits).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { phone } from "@jipan/testkit"
 * fc.sample(phone, 1) // ["+8613912345678"]
 * ```
 */
export const phone: fc.Arbitrary<PhoneNumber> = fc
  .tuple(
    fc.constantFrom("138", "139", "135", "137", "150", "186", "188"),
    fc.integer({ min: 0, max: 99_999_999 })
  )
  .map(([prefix, n]) => `+86${prefix}${String(n).padStart(8, "0")}` as PhoneNumber)

/**
 * Ids that are valid (1–64 characters, no whitespace) but hostile to careless stores: prototype
 * keys, SQL, LIKE and regex metacharacters, quotes, Chinese and astral characters up to the 64
 * UTF-16 units the bound allows. A store must keep and return each exactly.
 *
 * @example
 * ```ts
 * import { hostileIds } from "@jipan/testkit"
 * hostileIds.includes("__proto__") // true
 * ```
 */
export const hostileIds: ReadonlyArray<string> = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "x';DROP/**/TABLE/**/jipan_cards;--",
  "1'OR'1'='1",
  "%",
  "_",
  "a%b_c\\d",
  "$1",
  "null",
  "undefined",
  "NaN",
  '"quoted"',
  "客户卡-一号",
  "🚗".repeat(32),
  "卡".repeat(64),
  "a".repeat(64)
]

/**
 * A valid id: plain (`[A-Za-z0-9_.:-]`, 1–24 characters) most of the time, else one of
 * {@link hostileIds}.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { idString } from "@jipan/testkit"
 * fc.assert(fc.property(idString, (id) => id.length >= 1 && id.length <= 64))
 * ```
 */
export const idString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,24}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileIds) }
)

/**
 * Free text as people type it (notes, names, justifications): ASCII, Chinese, emoji, quotes.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { freeText } from "@jipan/testkit"
 * fc.sample(freeText, 1)
 * ```
 */
export const freeText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("客户说下周再来", "价格太高 😅", 'O\'Brien said "no"', "'); DELETE FROM jipan_ledger; --"),
  fc.string({ unit: "grapheme", maxLength: 20 })
)

const ACTORS: ReadonlyArray<Actor> = [
  { id: "c-wang", role: "consultant" },
  { id: "c-li", role: "consultant" },
  { id: "s-zhao", role: "supervisor" },
  { id: "dcrc-1", role: "dcrc" },
  { id: "dms", role: "system" }
]
const CONSULTANTS = ["c-wang", "c-li"] as const
/** The commands each status allows, from the lifecycle table. */
const ALLOWED = new Map<string, ReadonlyArray<CardCommand["_tag"]>>()
for (const row of lifecycleTransitions)
  if (!(ALLOWED.get(row.from) ?? []).includes(row.command))
    ALLOWED.set(row.from, [...(ALLOWED.get(row.from) ?? []), row.command])
const VINS = ["LSVAU2187N2123456", "LVGBE40K08G000003", "LSVAU2188N2123456"]

/**
 * An actor (who issues a command): one of two consultants, a supervisor, the DCRC or the DMS.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { actor } from "@jipan/testkit"
 * fc.sample(actor, 1)[0]?.role // "consultant"
 * ```
 */
export const actor: fc.Arbitrary<Actor> = fc.constantFrom(...ACTORS)

/**
 * The sixteen kinds of card command, in the decider's order.
 *
 * @example
 * ```ts
 * import { cardCommandKinds } from "@jipan/testkit"
 * cardCommandKinds.length // 16
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
  "RecordCareContact"
] as const satisfies ReadonlyArray<CardCommand["_tag"]>

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
 * import type { CardContext } from "@jipan/testkit"
 * const context: CardContext = { at: Date.now(), state: initialCardState, policy: defaultPolicy,
 *   cardId: "card-1", storeId: "store-01", customerId: "cust-1", phone: "+8613812345678", otherCardIds: ["card-2"] }
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
 * import { cardStep, materialiseCardCommand } from "@jipan/testkit"
 * const [step] = fc.sample(cardStep, 1)
 * const command = materialiseCardCommand(step!, context)
 * ```
 */
export const materialiseCardCommand = (step: CardStep, context: CardContext): CardCommand => {
  const { at, state, policy } = context
  const allowed = step.guided ? (ALLOWED.get(state.status) ?? []) : []
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
          : {})
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
  }
}

/**
 * One command of a sequence: the card it is for, the command, and what the pure decider said
 * under the sequence's policy (`accepted`, or the refusal's tag). A store running the sequence in
 * order must agree.
 *
 * @example
 * ```ts
 * import type { SequencedCommand } from "@jipan/testkit"
 * const accepted = (c: SequencedCommand) => c.expected === "accepted"
 * ```
 */
export interface SequencedCommand {
  readonly cardId: CardId
  readonly command: CardCommand
  readonly expected: "accepted" | string
}

/**
 * Options of {@link cardCommandSequence}: how many cards (default 3, sharing phones so that a
 * second open card for a customer is refused), the first instant, the card ids (default
 * `card-1`…, or pass hostile ones), the store, and the length bounds.
 *
 * @example
 * ```ts
 * import type { CardSequenceOptions } from "@jipan/testkit"
 * const options: CardSequenceOptions = { cards: 2, cardIds: ["__proto__", "card-1"] }
 * ```
 */
export interface CardSequenceOptions {
  readonly cards?: number | undefined
  readonly start?: number | undefined
  readonly cardIds?: ReadonlyArray<string> | undefined
  readonly storeId?: string | undefined
  readonly minLength?: number | undefined
  readonly maxLength?: number | undefined
}

/**
 * Random card command sequences over a few cards that make sense step by step: each step is
 * materialised against the card's state as the pure decider left it under `policy` (the policy a
 * store resolves for the tenant: the default one when no document is stored), the phone lookup of
 * `OpenCard` mimicked as a store does it. Every card is opened first (most of the time
 * successfully), then random steps follow; refusals are kept, with their tag.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { defaultPolicy } from "@jipan/core"
 * import { cardCommandSequence } from "@jipan/testkit"
 * fc.assert(fc.property(cardCommandSequence(defaultPolicy), (sequence) => sequence.length > 0))
 * ```
 */
export const cardCommandSequence = (
  policy: Policy = defaultPolicy,
  options: CardSequenceOptions = {}
): fc.Arbitrary<ReadonlyArray<SequencedCommand>> => {
  const n = Math.max(1, options.cards ?? 3)
  const ids = Array.from({ length: n }, (_, i) => (options.cardIds?.[i] ?? `card-${i + 1}`) as CardId)
  const storeId = (options.storeId ?? "store-01") as StoreId
  return fc
    .tuple(
      fc.array(cardStep, { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 30 }),
      fc.array(phone, { minLength: Math.max(1, n - 1), maxLength: n }),
      options.start === undefined ? fc.integer({ min: 0, max: 200 }) : fc.constant(0)
    )
    .map(([steps, phones, startDay]) => {
      const states = new Map<CardId, CardState>(ids.map((id) => [id, initialCardState]))
      const phoneOfCard = (i: number) => phones[i % phones.length] as PhoneNumber
      let clock = (options.start ?? SEQUENCE_START) + startDay * DAY
      const opens: Array<CardStep> = ids.map((_, i) => ({
        ...(steps[i % steps.length] as CardStep),
        kind: "OpenCard",
        card: i,
        actor: 2,
        pick: i,
        minutes: 5
      }))
      const out: Array<SequencedCommand> = []
      for (const s of [...opens, ...steps]) {
        clock += s.minutes * MINUTE
        const i = s.card % n
        const cardId = ids[i] as CardId
        const state = states.get(cardId) ?? initialCardState
        let command = materialiseCardCommand(s, {
          at: clock,
          state,
          policy,
          cardId,
          storeId,
          customerId: `cust-${i + 1}` as CustomerId,
          phone: phoneOfCard(i),
          otherCardIds: ids.filter((id) => id !== cardId)
        })
        if (command._tag === "OpenCard") {
          const phoneNumber = command.phone
          const existing = ids.find(
            (id) =>
              id !== cardId &&
              states.get(id)?.phone === phoneNumber &&
              openCardStatuses.includes((states.get(id) as CardState).status)
          )
          if (existing !== undefined) command = { ...command, existingOpenCardId: existing }
        }
        const decided = decideCard(command, state, policy)
        if (Result.isSuccess(decided)) states.set(cardId, decided.success.reduce(evolveCard, state))
        // the store fills existingOpenCardId itself: send the command as a DMS would
        const sent = command._tag === "OpenCard" ? { ...command, existingOpenCardId: undefined } : command
        out.push({
          cardId,
          command: sent,
          expected: Result.isSuccess(decided) ? "accepted" : decided.failure._tag
        })
      }
      return out
    })
}

/**
 * A valid card command of any of the sixteen kinds, on its own (not fitted to a card's state): it
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
export const cardCommandOf = <K extends CardCommand["_tag"]>(
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

/**
 * A card's history as the decider writes it: the events of a random accepted command sequence
 * (non-empty; every event decodes with `decodeCardEvent`).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { foldCard } from "@jipan/core"
 * import { cardHistory } from "@jipan/testkit"
 * fc.assert(fc.property(cardHistory(), (events) => foldCard(events).version === events.length))
 * ```
 */
export const cardHistory = (policy: Policy = defaultPolicy): fc.Arbitrary<ReadonlyArray<CardEvent>> =>
  cardCommandSequence(policy, { cards: 1, maxLength: 25 }).map((sequence) => {
    let state = initialCardState
    const events: Array<CardEvent> = []
    for (const { command } of sequence) {
      const decided = decideCard(command, state, policy)
      if (Result.isSuccess(decided)) {
        events.push(...decided.success)
        state = decided.success.reduce(evolveCard, state)
      }
    }
    return events
  })

/**
 * One valid card event (of any kind a random history reaches).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardEvent } from "@jipan/core"
 * import { cardEvent } from "@jipan/testkit"
 * fc.assert(fc.property(cardEvent, (e) => decodeCardEvent(e)._tag === "Success"))
 * ```
 */
export const cardEvent: fc.Arbitrary<CardEvent> = cardHistory()
  .filter((events) => events.length > 0)
  .chain((events) => fc.constantFrom(...events))

/**
 * A valid referral registration (the referral form) for a store; the referrer may or may not be a
 * customer the store knows.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeReferralRegistration } from "@jipan/core"
 * import { referralRegistration } from "@jipan/testkit"
 * fc.assert(fc.property(referralRegistration(), (r) => decodeReferralRegistration(r)._tag === "Success"))
 * ```
 */
export const referralRegistration = (
  options: { readonly referralId?: string; readonly storeId?: string } = {}
): fc.Arbitrary<ReferralRegistration> =>
  fc
    .record({
      referralId: options.referralId === undefined ? idString : fc.constant(options.referralId),
      consultantId: fc.constantFrom(...CONSULTANTS),
      registeredOn: fc.integer({ min: 0, max: 300 }).map((d) => addDays("2026-03-01" as CalendarDate, d)),
      askedAt: fc.constantFrom(...AskMoment.values),
      kind: fc.constantFrom(...ReferrerKind.values),
      referrerId: fc.oneof(fc.constantFrom("cust-1", "cust-2"), idString),
      referrerPhone: phone,
      refereePhone: phone,
      name: fc.constantFrom("李四", "Wang Wu", "O'Neil", "🚗 fan"),
      withCustomer: fc.boolean(),
      staffRelation: fc.option(fc.constantFrom("self" as const, "relative" as const), { nil: undefined })
    })
    .map(
      (r) =>
        ({
          referralId: r.referralId,
          storeId: options.storeId ?? "store-01",
          consultantId: r.consultantId,
          registeredOn: r.registeredOn,
          askedAt: r.askedAt,
          referrer: {
            kind: r.kind,
            id: r.referrerId,
            phone: r.referrerPhone,
            ...(r.withCustomer ? { customerId: r.referrerId } : {})
          },
          referee: { name: r.name, phone: r.refereePhone },
          ...(r.staffRelation === undefined ? {} : { staffRelation: r.staffRelation })
        }) as ReferralRegistration
    )

/**
 * The eleven kinds of referral command.
 *
 * @example
 * ```ts
 * import { referralCommandKinds } from "@jipan/testkit"
 * referralCommandKinds.includes("IssueReward") // true
 * ```
 */
export const referralCommandKinds = [
  "Register",
  "Recheck",
  "RecordRefereeOrder",
  "RecordRefereeDelivery",
  "RecordRefereeCancellation",
  "Approve",
  "IssueReward",
  "RedeemReward",
  "ExpireReward",
  "Reject",
  "Void"
] as const satisfies ReadonlyArray<ReferralCommand["_tag"]>

const referralStep = fc.record({
  kind: fc.constantFrom(...referralCommandKinds),
  days: fc.integer({ min: 0, max: 60 }),
  pick: fc.nat(),
  flag: fc.boolean(),
  text: freeText
})
type ReferralStep = typeof referralStep extends fc.Arbitrary<infer S> ? S : never

const materialiseReferral = (
  s: ReferralStep,
  on: CalendarDate,
  state: ReferralState,
  registration: ReferralRegistration,
  policy: Policy
): ReferralCommand => {
  const choices = policy.referral.offers.flatMap((o) => o.choices.map((c) => c.id))
  switch (s.kind) {
    case "Register":
      return {
        _tag: "Register",
        on,
        registration: { ...registration, registeredOn: on },
        context: {
          existing: [],
          earlierClaims: [],
          ...(s.flag ? { phoneAudit: { on, outcome: "realProspect" } } : {})
        }
      }
    case "Recheck":
      return {
        _tag: "Recheck",
        on,
        context: {
          existing: [],
          earlierClaims: [],
          refereeConfirmation: { on, namedReferrerId: registration.referrer.id },
          phoneAudit: { on, outcome: s.flag || s.pick % 5 !== 0 ? "realProspect" : "notReal" }
        }
      }
    case "RecordRefereeOrder":
      return { _tag: "RecordRefereeOrder", on, orderId: `SO-R${s.pick % 100}` }
    case "RecordRefereeDelivery":
      return {
        _tag: "RecordRefereeDelivery",
        on,
        deliveryId: `DL-${s.pick % 100}`,
        saleKind: s.flag ? "retail" : "fleet",
        units: 1 + (s.pick % 5),
        capUsage: { count: s.pick % 12, valueFen: (s.pick % 4) * 30_000 }
      }
    case "RecordRefereeCancellation":
      return { _tag: "RecordRefereeCancellation", on, kind: s.flag ? "orderCancelled" : "vehicleReturned" }
    case "Approve":
      return {
        _tag: "Approve",
        on: state.holdUntil !== undefined && s.flag ? addDays(state.holdUntil, 1) : on
      }
    case "IssueReward":
      return {
        _tag: "IssueReward",
        on,
        voucherId:
          s.pick % 5 === 0
            ? "v-1"
            : `v-${Array.from(registration.referralId).slice(0, 20).join("")}-${s.pick % 3}`,
        choiceId: s.pick % 7 === 0 ? "nope" : (choices[s.pick % Math.max(1, choices.length)] ?? "maintenance")
      }
    case "RedeemReward":
      return { _tag: "RedeemReward", on }
    case "ExpireReward":
      return {
        _tag: "ExpireReward",
        on: state.voucher !== undefined && s.flag ? addDays(state.voucher.expiresOn, 1) : on
      }
    case "Reject":
      return { _tag: "Reject", on, reasons: [s.flag ? "refereeNotNew" : "other"], note: s.text }
    case "Void":
      return { _tag: "Void", on, reason: s.text || "void" }
  }
}

/**
 * One referral command of a sequence, for `referralId`, with what the pure decider said
 * (`accepted`, the refusal's tag, or `refused` for a reward issued under a voucher id another
 * referral of the store already used: a store must refuse it with some typed error).
 *
 * @example
 * ```ts
 * import type { SequencedReferralCommand } from "@jipan/testkit"
 * const issued = (c: SequencedReferralCommand) => c.command._tag === "IssueReward" && c.expected === "accepted"
 * ```
 */
export interface SequencedReferralCommand {
  readonly referralId: ReferralId
  readonly command: ReferralCommand
  readonly expected: "accepted" | string
}

/**
 * Random referral command sequences that walk the lifecycle (register, audit, the referee's order
 * and delivery, approval after the holding window, reward issue, redemption or expiry) with
 * random detours (cancellations, rejections, voids, unknown reward choices) on `referrals`
 * referrals (default 2), decided step by step by the pure decider under `policy`.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { referralCommandSequence } from "@jipan/testkit"
 * fc.sample(referralCommandSequence(), 1)[0]?.[0]?.command._tag // "Register"
 * ```
 */
export const referralCommandSequence = (
  policy: Policy = defaultPolicy,
  options: {
    readonly referrals?: number
    readonly referralIds?: ReadonlyArray<string>
    readonly storeId?: string
    readonly maxLength?: number
  } = {}
): fc.Arbitrary<ReadonlyArray<SequencedReferralCommand>> => {
  const n = Math.max(1, options.referrals ?? 2)
  const ids = Array.from({ length: n }, (_, i) => (options.referralIds?.[i] ?? `ref-${i + 1}`) as ReferralId)
  const storeId = options.storeId ?? "store-01"
  return fc
    .tuple(
      fc.tuple(...ids.map((referralId) => referralRegistration({ referralId, storeId }))),
      fc.array(fc.tuple(fc.nat(), referralStep), { minLength: 1, maxLength: options.maxLength ?? 30 })
    )
    .map(([registrations, steps]) => {
      const states = new Map<ReferralId, ReferralState>(ids.map((id) => [id, initialReferralState]))
      const days = new Map<ReferralId, CalendarDate>(
        ids.map((id, i) => [id, (registrations[i] as ReferralRegistration).registeredOn])
      )
      // the lifecycle's happy path first, most of the time, then random steps
      const happy: ReadonlyArray<ReferralStep["kind"]> = [
        "Register",
        "Recheck",
        "RecordRefereeOrder",
        "RecordRefereeDelivery",
        "Approve",
        "IssueReward"
      ]
      const all: Array<[number, ReferralStep]> = [
        ...ids.flatMap((_, i) =>
          happy.map((kind, k): [number, ReferralStep] => [
            i,
            { kind, days: k === 0 ? 0 : 1, pick: i, flag: true, text: "" }
          ])
        ),
        ...steps
      ]
      const out: Array<SequencedReferralCommand> = []
      const issued = new Set<string>()
      for (const [which, s] of all) {
        const i = which % n
        const referralId = ids[i] as ReferralId
        const state = states.get(referralId) ?? initialReferralState
        const on = addDays(days.get(referralId) as CalendarDate, s.days)
        const command = materialiseReferral(s, on, state, registrations[i] as ReferralRegistration, policy)
        days.set(referralId, command.on)
        const decided = decideReferral(command, state, policy)
        // a voucher id another referral of the store already issued: the store must refuse it,
        // typed (the decider sees one referral and cannot tell)
        const taken =
          Result.isSuccess(decided) &&
          decided.success.some((e) => e._tag === "RewardIssued" && issued.has(e.voucherId))
        if (Result.isSuccess(decided) && !taken) {
          states.set(referralId, decided.success.reduce(evolveReferral, state))
          for (const e of decided.success) if (e._tag === "RewardIssued") issued.add(e.voucherId)
        }
        out.push({
          referralId,
          command,
          expected: taken ? "refused" : Result.isSuccess(decided) ? "accepted" : decided.failure._tag
        })
      }
      return out
    })
}

/**
 * A valid referral command of any kind on its own (decodes; the decider may refuse it).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { referralCommand } from "@jipan/testkit"
 * fc.sample(referralCommand, 1)[0]?._tag
 * ```
 */
export const referralCommand: fc.Arbitrary<ReferralCommand> = fc
  .tuple(referralStep, referralRegistration(), fc.integer({ min: 0, max: 400 }))
  .map(([s, registration, d]) =>
    materialiseReferral(
      s,
      addDays("2026-01-01" as CalendarDate, d),
      initialReferralState,
      registration,
      defaultPolicy
    )
  )

/**
 * A valid ledger: a stream of entries `validateLedger` accepts (vouchers issued with a positive
 * value within the money bound, then maybe redeemed, expired or reversed by their whole value).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { validateLedger } from "@jipan/core"
 * import { ledgerEntries } from "@jipan/testkit"
 * fc.assert(fc.property(ledgerEntries, (entries) => validateLedger(entries)._tag === "Success"))
 * ```
 */
export const ledgerEntries: fc.Arbitrary<ReadonlyArray<LedgerEntry>> = fc
  .array(
    fc.record({
      voucher: idString,
      referral: idString,
      referrer: idString,
      amount: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(1, 1e14)),
      on: anyCalendarDate,
      close: fc.constantFrom("none", "redeemed", "expired", "reversed", "redeemedThenReversed")
    }),
    { maxLength: 6 }
  )
  .map((vouchers) => {
    const seen = new Set<string>()
    const entries: Array<LedgerEntry> = []
    for (const v of vouchers) {
      if (seen.has(v.voucher)) continue
      seen.add(v.voucher)
      const entry = (kind: LedgerEntry["kind"], amountFen: number, extra: object = {}): LedgerEntry =>
        ({
          entryId: `${v.voucher}:${kind}`,
          voucherId: v.voucher,
          referralId: v.referral,
          referrerId: v.referrer,
          kind,
          amountFen: amountFen as Fen,
          on: v.on,
          ...extra
        }) as LedgerEntry
      entries.push(entry("issued", v.amount, { choiceId: "maintenance" }))
      if (v.close === "redeemed" || v.close === "redeemedThenReversed")
        entries.push(entry("redeemed", -v.amount))
      if (v.close === "expired") entries.push(entry("expired", -v.amount))
      if (v.close === "reversed" || v.close === "redeemedThenReversed")
        entries.push(entry("reversed", -v.amount, { reason: "orderCancelled" }))
    }
    return entries
  })

/**
 * A valid reception visit-log entry of a tenant; `on` is the day of `at` in Beijing.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeShowroomVisit } from "@jipan/core"
 * import { showroomVisit } from "@jipan/testkit"
 * fc.assert(fc.property(showroomVisit(tenant), (v) => decodeShowroomVisit(v)._tag === "Success"))
 * ```
 */
export const showroomVisit = (
  tenant: Tenant,
  options: { readonly visitId?: fc.Arbitrary<string>; readonly at?: fc.Arbitrary<number> } = {}
): fc.Arbitrary<ShowroomVisit> =>
  fc
    .record({
      visitId: options.visitId ?? idString,
      at: options.at ?? instant,
      kind: fc.constantFrom(...VisitKind.values),
      ordinal: fc.constantFrom(...VisitOrdinal.values),
      consultant: fc.constantFrom(...CONSULTANTS),
      phone: fc.option(phone, { nil: undefined }),
      cardId: fc.option(fc.constantFrom("card-1", "card-2"), { nil: undefined }),
      partySize: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined })
    })
    .map(
      (v) =>
        ({
          tenant,
          visitId: v.visitId,
          at: v.at,
          on: calendarDateOf(v.at, "Asia/Shanghai"),
          kind: v.kind,
          ordinal: v.ordinal,
          consultant: v.consultant,
          ...(v.phone === undefined ? {} : { phone: v.phone }),
          ...(v.cardId === undefined ? {} : { cardId: v.cardId }),
          ...(v.partySize === undefined ? {} : { partySize: v.partySize })
        }) as ShowroomVisit
    )

/**
 * A valid satisfaction survey (满意度调查: satisfaction, buy-again probability, recommendation).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeSurvey } from "@jipan/core"
 * import { survey } from "@jipan/testkit"
 * fc.assert(fc.property(survey, (s) => decodeSurvey(s)._tag === "Success"))
 * ```
 */
export const survey: fc.Arbitrary<Survey> = fc
  .record({
    customerId: idString,
    surveyedOn: anyCalendarDate,
    satisfaction: fc.constantFrom(...Satisfaction.values),
    buyAgain: fc.constantFrom(...BuyAgain.values),
    recommend: fc.constantFrom(...Recommend.values)
  })
  .map((s) => s as Survey)

/**
 * A valid reward choice: positive value (≥ 1 fen) within the money bound.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { rewardChoice } from "@jipan/testkit"
 * fc.assert(fc.property(rewardChoice, (c) => c.valueFen >= 1))
 * ```
 */
export const rewardChoice: fc.Arbitrary<RewardChoice> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,15}$/),
    kind: fc.constantFrom(
      "maintenanceVoucher" as const,
      "accessories" as const,
      "cash" as const,
      "gift" as const
    ),
    valueFen: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom(1, 1e14))
  })
  .map((c) => ({ ...c, label: { "zh-CN": `奖励 ${c.id}`, en: `Reward ${c.id}` } }))

type Sections = Required<
  Omit<PolicyDocument, "policyId" | "version" | "effectiveFrom" | "scope" | "description">
>

/**
 * Valid policy sections, one arbitrary per section of the policy document (each decodes as that
 * section; the referral section's reward choices and caps are positive).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { policySection } from "@jipan/testkit"
 * fc.sample(policySection.referral, 1)[0]?.offers.length
 * ```
 */
export const policySection: { readonly [K in keyof Sections]: fc.Arbitrary<Sections[K]> } = {
  timeZone: fc.constantFrom("Asia/Shanghai", "Asia/Urumqi", "UTC", "Asia/Hong_Kong"),
  grading: soundPolicy.map((p) => p.grading),
  firstContact: fc.record({
    thankYouMessageWithinHours: fc.integer({ min: 1, max: 72 }),
    firstCallWithinDays: fc.integer({ min: 1, max: 14 })
  }),
  followUp: soundPolicy.map((p) => p.followUp),
  lifecycle: cardPolicy.map((p) => p.lifecycle),
  care: fc
    .record({
      everyMonths: fc.integer({ min: 1, max: 12 }),
      missed: fc.integer({ min: 1, max: 30 }),
      horizon: fc.integer({ min: 1, max: 36 }),
      critical: fc.integer({ min: 1, max: 12 }),
      holidayRule: fc.constantFrom("skip" as const, "shift" as const, "keep" as const)
    })
    .map((c) => ({
      ...defaultSections.care,
      periodic: { ...defaultSections.care.periodic, everyMonths: c.everyMonths },
      missedRetryAfterDays: c.missed,
      planHorizonMonths: c.horizon,
      criticalPeriodMonths: c.critical,
      holidayRule: c.holidayRule
    })),
  loyalty: fc
    .record({
      share: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      perReferral: fc.integer({ min: 0, max: 10_000_000 })
    })
    .map((l) => ({ ...defaultSections.loyalty, valueTopShare: l.share, valuePerReferralFen: l.perReferral })),
  referral: fc
    .record({
      maintenance: rewardChoice,
      accessories: rewardChoice,
      holdingDays: fc.integer({ min: 0, max: 60 }),
      validity: fc.integer({ min: 1, max: 730 }),
      maxRewards: fc.integer({ min: 1, max: 50 }),
      maxValueFen: fc.oneof(fc.integer({ min: 1, max: 100_000_000 }), fc.constant(1e14))
    })
    .map((r) => ({
      ...defaultSections.referral,
      holdingDays: r.holdingDays,
      voucherValidityDays: r.validity,
      caps: { ...defaultSections.referral.caps, maxRewards: r.maxRewards, maxValueFen: r.maxValueFen },
      offers: defaultSections.referral.offers.map((offer) => ({
        ...offer,
        // keep the choice ids the reward table and the sequences use; randomise the values
        choices: offer.choices.map((c, i) => ({
          ...c,
          valueFen: (i % 2 === 0 ? r.maintenance : r.accessories).valueFen
        }))
      })) as unknown as Sections["referral"]["offers"]
    })),
  notifications: fc.constant(defaultSections.notifications),
  reports: fc.constant(defaultSections.reports)
}

const SECTION_NAMES = Object.keys(policySection) as Array<keyof Sections>

/**
 * A valid policy document for a scope: version, effective date, and a random subset of sections
 * (each from {@link policySection}).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodePolicyDocument } from "@jipan/core"
 * import { policyDocument } from "@jipan/testkit"
 * fc.assert(fc.property(policyDocument({ dealerGroupId: "grp-1" }), (d) => decodePolicyDocument(d)._tag === "Success"))
 * ```
 */
export const policyDocument = (
  scope: { readonly dealerGroupId: string; readonly storeId?: string },
  options: {
    readonly version?: fc.Arbitrary<number>
    readonly effectiveFrom?: fc.Arbitrary<CalendarDate>
  } = {}
): fc.Arbitrary<PolicyDocument> =>
  fc
    .record({
      policyId: fc.constantFrom("pol-east", "pol-1", "__proto__"),
      version: options.version ?? fc.integer({ min: 1, max: 1000 }),
      effectiveFrom: options.effectiveFrom ?? anyCalendarDate,
      sections: fc.subarray(SECTION_NAMES),
      description: fc.option(freeText, { nil: undefined })
    })
    .chain((d) =>
      fc.tuple(...d.sections.map((name) => policySection[name] as fc.Arbitrary<unknown>)).map(
        (values) =>
          ({
            policyId: d.policyId,
            version: d.version,
            effectiveFrom: d.effectiveFrom,
            scope,
            ...(d.description === undefined ? {} : { description: d.description }),
            ...Object.fromEntries(d.sections.map((name, i) => [name, values[i]]))
          }) as PolicyDocument
      )
    )

/**
 * A valid card filter of `listCards` (any subset of owner, grade and statuses).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardFilter } from "@jipan/core"
 * import { cardFilter } from "@jipan/testkit"
 * fc.assert(fc.property(cardFilter, (f) => decodeCardFilter(f)._tag === "Success"))
 * ```
 */
export const cardFilter: fc.Arbitrary<{
  readonly owner?: string
  readonly grade?: string
  readonly status?: ReadonlyArray<CardStatus>
}> = fc.record(
  {
    owner: fc.oneof(fc.constantFrom(...CONSULTANTS), idString),
    grade: fc.constantFrom("H", "A", "B", "C", "N", "O", "Z9"),
    status: fc.subarray([...CardStatus.values])
  },
  { requiredKeys: [] }
)

/**
 * A valid page request of `listCards` (a limit of 1–500, an opaque cursor).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodePageRequest } from "@jipan/core"
 * import { pageRequest } from "@jipan/testkit"
 * fc.assert(fc.property(pageRequest, (p) => decodePageRequest(p)._tag === "Success"))
 * ```
 */
export const pageRequest: fc.Arbitrary<{ readonly limit?: number; readonly cursor?: string }> = fc.record(
  { limit: fc.integer({ min: 1, max: 500 }), cursor: idString },
  { requiredKeys: [] }
)

/**
 * A valid ledger query (any subset of month, referrer and consultant).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeLedgerQuery } from "@jipan/core"
 * import { ledgerQuery } from "@jipan/testkit"
 * fc.assert(fc.property(ledgerQuery, (q) => decodeLedgerQuery(q)._tag === "Success"))
 * ```
 */
export const ledgerQuery: fc.Arbitrary<{
  readonly month?: string
  readonly referrerId?: string
  readonly consultantId?: string
}> = fc.record(
  {
    month: anyCalendarDate.map((d) => d.slice(0, 7)),
    referrerId: idString,
    consultantId: fc.oneof(fc.constantFrom(...CONSULTANTS), idString)
  },
  { requiredKeys: [] }
)

/**
 * A valid settlement history (what `settleMonth` reads): deliveries (retail or fleet, with units),
 * referral facts (audited or rejected, maybe with the referee's delivery and the reward earned),
 * contacts with the customer's satisfaction (the CVP survey, 满意度回访) and a valid ledger.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeSettlementHistory } from "@jipan/core"
 * import { settlementHistory } from "@jipan/testkit"
 * fc.assert(fc.property(settlementHistory, (h) => decodeSettlementHistory(h)._tag === "Success"))
 * ```
 */
export const settlementHistory: fc.Arbitrary<SettlementHistory> = fc
  .record({
    deliveries: fc.array(
      fc.record({
        deliveryId: idString,
        customerId: idString,
        consultantId: fc.constantFrom(...CONSULTANTS),
        storeId: fc.constantFrom("store-01", "store-02"),
        deliveredOn: anyCalendarDate,
        saleKind: fc.constantFrom("retail" as const, "fleet" as const),
        units: fc.integer({ min: 1, max: 50 })
      }),
      { maxLength: 5 }
    ),
    referrals: fc.array(
      fc.record(
        {
          referralId: idString,
          referrerId: idString,
          referrerKind: fc.constantFrom(...ReferrerKind.values),
          askedAt: fc.constantFrom(...AskMoment.values),
          storeId: fc.constantFrom("store-01", "store-02"),
          fromDeliveryId: idString,
          registeredOn: anyCalendarDate,
          auditedOn: anyCalendarDate,
          rejected: fc.boolean(),
          refereeDelivery: fc.record({
            deliveredOn: anyCalendarDate,
            saleKind: fc.constantFrom("retail" as const, "fleet" as const),
            units: fc.integer({ min: 1, max: 50 }),
            earnedFen: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constant(1e14))
          })
        },
        {
          requiredKeys: [
            "referralId",
            "referrerId",
            "referrerKind",
            "askedAt",
            "storeId",
            "registeredOn",
            "rejected"
          ]
        }
      ),
      { maxLength: 5 }
    ),
    contacts: fc.array(
      fc.record(
        {
          contactId: idString,
          consultantId: fc.constantFrom(...CONSULTANTS),
          customerId: idString,
          on: anyCalendarDate,
          satisfaction: fc.constantFrom(...Satisfaction.values)
        },
        { requiredKeys: ["contactId", "consultantId", "customerId", "on"] }
      ),
      { maxLength: 8 }
    ),
    ledger: ledgerEntries
  })
  .map((h) => h as unknown as SettlementHistory)
