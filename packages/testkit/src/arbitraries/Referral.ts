/**
 * Valid referral values: registrations (the referral form), commands one at a time and sequences
 * that walk the lifecycle, and ledgers of vouchers.
 *
 * @module
 */
import {
  AskMoment,
  addDays,
  type CalendarDate,
  type CardId,
  decideReferral,
  defaultPolicy,
  evolveReferral,
  type Fen,
  initialReferralState,
  type LedgerEntry,
  type Policy,
  type ReferralCommand,
  type ReferralId,
  type ReferralRegistration,
  type ReferralState,
  ReferrerKind,
  type StoreId
} from "@jipan/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { anyCalendarDate, freeText, idString, phone } from "./Kernel.js"
import { CONSULTANTS } from "./Shared.js"

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
 * The twelve kinds of referral command.
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
  "LinkRefereeCard",
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
      // sometimes without a context: the storage use case assembles the look-ups
      return {
        _tag: "Register",
        on,
        registration: { ...registration, registeredOn: on },
        ...(!s.flag && s.pick % 3 === 0
          ? {}
          : {
              context: {
                existing: [],
                earlierClaims: [],
                ...(s.flag ? { phoneAudit: { on, outcome: "realProspect" } } : {})
              }
            })
      }
    case "Recheck":
      return {
        _tag: "Recheck",
        on,
        ...(!s.flag && s.pick % 4 === 0
          ? {}
          : {
              context: {
                existing: [],
                earlierClaims: [],
                refereeConfirmation: { on, namedReferrerId: registration.referrer.id },
                phoneAudit: { on, outcome: s.flag || s.pick % 5 !== 0 ? "realProspect" : "notReal" }
              }
            })
      }
    case "LinkRefereeCard":
      // the referee's card, in the referral's store or a sister store (the same card again: no event)
      return {
        _tag: "LinkRefereeCard",
        on,
        storeId: (s.flag || s.pick % 3 !== 0 ? registration.storeId : "store-02") as StoreId,
        cardId: `card-${1 + (s.pick % 3)}` as CardId
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
        // sometimes without the cap usage: the storage use case reads it from the ledger
        ...(!s.flag && s.pick % 5 === 0
          ? {}
          : { capUsage: { count: s.pick % 12, valueFen: (s.pick % 4) * 30_000 } })
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
 * Random referral command sequences that walk the lifecycle (register, link the referee's card, audit, the referee's order
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
        "LinkRefereeCard",
        "Recheck",
        "RecordRefereeOrder",
        "RecordRefereeDelivery",
        "Approve",
        "IssueReward"
      ]
      // every other referral registers without look-ups and is rechecked bare first (pending),
      // then with the referee's confirmation and the audit; its delivery leaves out the cap usage
      const bare = (kind: ReferralStep["kind"], i: number, k: number): ReadonlyArray<ReferralStep> => {
        const step = { kind, days: k === 0 ? 0 : 1, pick: i, flag: true, text: "" }
        if (i % 2 === 0) return [step]
        switch (kind) {
          case "Register":
            return [{ ...step, flag: false, pick: 3 }]
          case "Recheck":
            return [{ ...step, flag: false, pick: 4 }, step]
          case "RecordRefereeDelivery":
            return [{ ...step, flag: false, pick: 5 }]
          default:
            return [step]
        }
      }
      const all: Array<[number, ReferralStep]> = [
        ...ids.flatMap((_, i) =>
          happy.flatMap((kind, k) => bare(kind, i, k).map((step): [number, ReferralStep] => [i, step]))
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
        const registration = registrations[i] as ReferralRegistration
        const made = materialiseReferral(s, on, state, registration, policy)
        // without its cap usage, a delivery's usage is read by the store from the referrer's other
        // referrals, which the decider alone cannot know: left out only for a referrer of one referral
        const command =
          made._tag === "RecordRefereeDelivery" &&
          made.capUsage === undefined &&
          registrations.filter((r) => r.referrer.id === registration.referrer.id).length > 1
            ? { ...made, capUsage: { count: 0, valueFen: 0 } }
            : made
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
