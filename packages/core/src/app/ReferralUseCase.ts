/**
 * The referral use cases on the storage ports: `handleReferral` decodes a command and runs it in one
 * transaction, assembling what the caller cannot know (the validity look-ups under a lock on the
 * referee's phone, the referrer's cap usage) and bringing the referral level with the referee's
 * card; `driveRefereeReferrals` is the other direction, run inside a card's transaction: the card's
 * open, order, delivery and cancellation advance the referrals that name it. Queries and the ledger.
 *
 * @module
 */
import { Effect, Option, Result } from "effect"
import type { CardEvent } from "../card/CardEvent.js"
import type { CardState } from "../card/CardState.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { InvalidInput } from "../kernel/Errors.js"
import type { CardId, ReferralId } from "../kernel/Ids.js"
import { tagOf, tenantIds, traced } from "../kernel/Observability.js"
import { ReferralNotFound, type StoreError, type VersionConflict } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { Outbox, OutboxMessage } from "../notify/Outbox.js"
import type { NoPolicyInForce } from "../policy/Policy.js"
import {
  capUsageOf,
  claimingStatuses,
  claimsReferee,
  type RefereeCardView,
  refereeCardCommands,
  validityLookupsOf
} from "../referral/RefereeLookups.js"
import {
  type ReferralError,
  type ReferralEvent,
  type ReferralState,
  referralDecider
} from "../referral/Referral.js"
import { decodeReferralCommand, type ReferralCommand } from "../referral/ReferralCommand.js"
import { reportReferralOf } from "../report/ReportRows.js"
import { CardStore } from "./CardStore.js"
import { retryOnConflict, runCommand } from "./CommandRunner.js"
import { takeDecoded } from "./internal/decodedCommands.js"
import type { PolicyStore } from "./PolicyStore.js"
import {
  decodeLedgerQuery,
  decodeReferralQuery,
  type FoundReferral,
  type LedgerQuery,
  type LedgerRow,
  type ReferralPage,
  type ReferralQuery,
  type ReferralQueryInput,
  ReferralStore,
  type StoredReferral
} from "./ReferralStore.js"
import { lockKey, StoreTransaction } from "./StoreTransaction.js"
import {
  DEFAULT_CONFLICT_RETRIES,
  policyInForce,
  tenantMismatch,
  type UseCaseOptions,
  withPolicyDocumentsOnce
} from "./UseCaseOptions.js"

/**
 * What a handled referral command produced.
 *
 * @example
 * ```ts
 * import type { HandledReferral } from "@jipan/core"
 * const paid = (h: HandledReferral) => h.ledger.filter((e) => e.kind === "issued")
 * ```
 */
export interface HandledReferral {
  /** The referral's store (a card drives referrals registered in any store of its group). */
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly events: ReadonlyArray<ReferralEvent>
  readonly state: ReferralState
  readonly version: number
  readonly ledger: ReadonlyArray<LedgerRow["entry"]>
  /** The outbox messages `referralMessages` wrote with the change. */
  readonly messages: ReadonlyArray<OutboxMessage>
}

/**
 * Everything `handleReferral` can fail with: the decider's refusal, no policy in force, a stale
 * version after the retries, bad input, or the store's error.
 *
 * @example
 * ```ts
 * import type { HandleReferralError } from "@jipan/core"
 * const refused = (e: HandleReferralError) => e._tag === "ReferralTransitionNotAllowed"
 * ```
 */
export type HandleReferralError =
  | ReferralError
  | NoPolicyInForce
  | VersionConflict
  | StoreError
  | InvalidInput

/** The ports a referral use case writes through (a referral may read and link the referee's card). */
type ReferralPorts = ReferralStore | CardStore | PolicyStore | Outbox | StoreTransaction

const groupOf = (tenant: Tenant | TenantScope): TenantScope => ({ dealerGroupId: tenant.dealerGroupId })

/**
 * Every referral of a scope matching a query, page after page (the query's own `limit` and
 * `after` aside): for the library's look-ups and for reports over all referrals.
 *
 * @example
 * ```ts
 * import { findAllReferrals } from "@jipan/core"
 * findAllReferrals({ dealerGroupId }, { referrerId: "cust-1" })
 * ```
 */
export const findAllReferrals = (
  scope: TenantScope,
  query: ReferralQuery
): Effect.Effect<ReadonlyArray<FoundReferral>, StoreError, ReferralStore> =>
  Effect.gen(function* () {
    const referrals = yield* ReferralStore
    const out: Array<FoundReferral> = []
    let after = query.after
    for (;;) {
      const page = yield* referrals.find(scope, { ...query, limit: 500, after })
      out.push(...page.items)
      if (page.next === undefined) return out
      after = page.next
    }
  })

/**
 * Fills what a referral command leaves to the library, inside its transaction: the validity
 * look-ups of `Register` and `Recheck` (under a lock on the referee's phone, so that of two
 * registrations racing for one referee the second sees the first: first claim wins), and the cap
 * usage of `RecordRefereeDelivery` (under a lock on the referrer).
 */
const complete = (
  tenant: Tenant,
  referralId: ReferralId,
  command: ReferralCommand,
  before: ReferralState,
  options: UseCaseOptions,
  /** The referee's phone was locked with the load (`ReferralStore.loadLocked`). */
  refereeLocked = false
): Effect.Effect<
  ReferralCommand,
  StoreError | NoPolicyInForce,
  ReferralStore | CardStore | PolicyStore | StoreTransaction
> =>
  Effect.gen(function* () {
    const tx = yield* StoreTransaction
    if (command._tag === "Register" || command._tag === "Recheck") {
      const registration = command._tag === "Register" ? command.registration : before.registration
      if (registration === undefined) return command
      const phone = registration.referee.phone
      // the key an open of the phone takes too: a registration and its referee's open never both
      // miss each other (the later one sees the earlier's card or claim and links them)
      if (!refereeLocked) yield* tx.lock([lockKey(tenant.dealerGroupId, "phone", phone)])
      const cards = yield* CardStore
      const withPhone = yield* cards.withPhone(groupOf(tenant), phone)
      const claims = yield* findAllReferrals(groupOf(tenant), {
        refereePhone: phone,
        status: claimingStatuses
      })
      // a recheck keeps what was told before of the confirmation and the audit, unless told anew
      const given =
        command._tag === "Recheck"
          ? {
              ...command.context,
              ...(command.context?.refereeConfirmation === undefined &&
              before.answers?.refereeConfirmation !== undefined
                ? { refereeConfirmation: before.answers.refereeConfirmation }
                : {}),
              ...(command.context?.phoneAudit === undefined && before.answers?.phoneAudit !== undefined
                ? { phoneAudit: before.answers.phoneAudit }
                : {})
            }
          : command.context
      const context = validityLookupsOf(
        registration,
        withPhone,
        claims.map((c) => c.state),
        given,
        command._tag === "Register" ? "before" : "unordered"
      )
      return { ...command, context }
    }
    if (command._tag === "RecordRefereeDelivery" && command.capUsage === undefined) {
      const referrer = before.registration?.referrer.id
      if (referrer === undefined) return command
      yield* tx.lock([lockKey(tenant.dealerGroupId, "referrer", referrer)])
      const policy = yield* policyInForce(tenant, command.on, options)
      const theirs = yield* findAllReferrals(groupOf(tenant), { referrerId: referrer })
      return {
        ...command,
        capUsage: capUsageOf(
          theirs.map((r) => r.state),
          referralId,
          command.on,
          policy
        )
      }
    }
    return command
  })

/** Runs one referral command inside the caller's transaction (no retries of its own). */
const runReferral = (
  tenant: Tenant,
  referralId: ReferralId,
  command: ReferralCommand,
  options: UseCaseOptions
): Effect.Effect<HandledReferral, HandleReferralError, ReferralPorts> =>
  Effect.gen(function* () {
    const referrals = yield* ReferralStore
    // a registration locks its referee's phone (two claims racing for one referee see each
    // other, and so do a claim and the referee's open): with the referral's read when the store
    // can, one round trip fewer
    const refereeLock =
      command._tag === "Register"
        ? lockKey(tenant.dealerGroupId, "phone", command.registration.referee.phone)
        : undefined
    const loadLocked = refereeLock === undefined ? undefined : referrals.loadLocked
    const run = yield* runCommand(
      tenant,
      command,
      {
        id: referralId,
        decider: referralDecider,
        load: Effect.map(
          loadLocked !== undefined && refereeLock !== undefined
            ? loadLocked(tenant, referralId, refereeLock)
            : referrals.load(tenant, referralId),
          Option.map((r) => r.state)
        ),
        complete: (c, before) =>
          complete(tenant, referralId, c, before, options, loadLocked !== undefined && c._tag === "Register"),
        policyDate: (c) => c.on,
        policy: (t, on) => policyInForce(t, on, options),
        append: ({ events, before, state }) => {
          const ledger = state.ledger.slice(before.ledger.length)
          return referrals
            .append({
              tenant,
              referralId,
              expectedVersion: before.version,
              events,
              state,
              ledger,
              report: reportReferralOf(tenant, state)
            })
            .pipe(
              // a voucher id the store's ledger already holds is the caller's choice, not a store
              // failure: refused (the transaction rolls back) with the path it came from
              Effect.catchIf(
                (e): e is StoreError =>
                  e._tag === "StoreError" &&
                  e.reason === "Duplicate" &&
                  ledger.some((l) => l.entryId === e.id),
                () => {
                  const voucherId = ledger[0]?.voucherId ?? ""
                  return Effect.fail(
                    new InvalidInput({
                      what: "ReferralCommand",
                      issues: [
                        {
                          path: "voucherId",
                          message: `Voucher ${voucherId} is already in this store's ledger`
                        }
                      ],
                      message: `Invalid ReferralCommand: voucher ${voucherId} is already in this store's ledger; vouchers are numbered once per store`
                    })
                  )
                }
              ),
              Effect.as(ledger)
            )
        },
        messages:
          options.referralMessages &&
          ((d, ledger) => options.referralMessages?.({ ...d, referralId, ledger }) ?? []),
        messageId: (state, i) => `referral:${referralId}:${state.version}:${i}`,
        // a referral command carries a day, not an instant: due from that day's start (UTC)
        availableAt: (c) => Date.parse(`${c.on}T00:00:00Z`)
      },
      { retries: 0, transaction: "caller" }
    )
    const { events, state } = run.decided
    return {
      tenant,
      referralId,
      events,
      state,
      version: state.version,
      ledger: run.appended,
      messages: run.messages
    }
  })

/** What a referral reads of a card's state. */
const refereeViewOf = (cardId: CardId, s: CardState): RefereeCardView => ({
  cardId,
  status: s.status,
  order: s.order === undefined ? undefined : { orderId: s.order.orderId, orderedOn: s.order.orderedOn },
  delivery:
    s.delivery === undefined ? undefined : { deliveredOn: s.delivery.deliveredOn, sale: s.delivery.sale }
})

/** Runs the commands that bring a referral level with its referee's card, in order. */
const catchUp = (
  tenant: Tenant,
  referralId: ReferralId,
  state: ReferralState,
  card: RefereeCardView,
  today: CalendarDate,
  options: UseCaseOptions
): Effect.Effect<ReadonlyArray<HandledReferral>, HandleReferralError, ReferralPorts> =>
  Effect.gen(function* () {
    const out: Array<HandledReferral> = []
    for (const command of refereeCardCommands(state, card, today)) {
      out.push(yield* runReferral(tenant, referralId, command, options))
    }
    return out
  })

/**
 * After a registration, a recheck or a link: link the referee's card if none is linked yet (the
 * latest-opened open or owned card with the referee's phone in the dealer group), then bring the
 * referral level with that card.
 */
const followReferee = (
  tenant: Tenant,
  referralId: ReferralId,
  state: ReferralState,
  today: CalendarDate,
  options: UseCaseOptions
): Effect.Effect<ReadonlyArray<HandledReferral>, HandleReferralError, ReferralPorts> =>
  Effect.gen(function* () {
    const registration = state.registration
    if (registration === undefined || !claimsReferee(state)) return []
    const cards = yield* CardStore
    const out: Array<HandledReferral> = []
    let current = state
    if (current.refereeCard === undefined) {
      const candidates = (yield* cards.withPhone(groupOf(tenant), registration.referee.phone)).filter(
        (c) => c.status !== "invalid" && c.status !== "defeated"
      )
      const latest = candidates.reduce<(typeof candidates)[number] | undefined>(
        (best, c) => (best === undefined || (c.openedOn ?? "") > (best.openedOn ?? "") ? c : best),
        undefined
      )
      if (latest === undefined) return out
      const linked = yield* runReferral(
        tenant,
        referralId,
        { _tag: "LinkRefereeCard", on: today, storeId: latest.tenant.storeId, cardId: latest.cardId },
        options
      )
      out.push(linked)
      current = linked.state
    }
    const link = current.refereeCard
    if (link === undefined) return out
    const card = yield* cards.load(
      { dealerGroupId: tenant.dealerGroupId, storeId: link.storeId },
      link.cardId
    )
    if (Option.isNone(card)) return out
    out.push(
      ...(yield* catchUp(
        tenant,
        referralId,
        current,
        refereeViewOf(link.cardId, card.value.state),
        today,
        options
      ))
    )
    return out
  })

/**
 * What a handled referral command produced, with the commands the library ran after it in the
 * same transaction (linking the referee's card, catching up with its order and delivery).
 */
const merged = (first: HandledReferral, more: ReadonlyArray<HandledReferral>): HandledReferral => {
  const last = more[more.length - 1]
  if (last === undefined) return first
  return {
    tenant: first.tenant,
    referralId: first.referralId,
    events: [...first.events, ...more.flatMap((h) => h.events)],
    state: last.state,
    version: last.version,
    ledger: [...first.ledger, ...more.flatMap((h) => h.ledger)],
    messages: [...first.messages, ...more.flatMap((h) => h.messages)]
  }
}

/**
 * Handles one referral command in one transaction: decodes it (`InvalidInput` with the path),
 * loads the referral, fills what the caller cannot know (for `Register` and `Recheck` the validity
 * look-ups: the cards with the referee's phone in the dealer group and the earlier claims on the
 * referee, read under a lock on the phone so that the first registered claim wins even when two
 * race; for `RecordRefereeDelivery` the referrer's cap usage), decides under the policy in force on
 * the command's day and appends the events with their ledger entries. A registered referral is
 * then linked to the referee's card and brought level with it (an order or a delivery already on
 * the card). Retried on a version conflict like {@link handleCard}; a refusal writes nothing.
 *
 * @example
 * ```ts
 * import { handleReferral, CalendarDate } from "@jipan/core"
 * handleReferral({ tenant, referralId, command: { _tag: "Approve", on: "2026-12-11" as CalendarDate } })
 * ```
 */
export const handleReferral = (
  input: { readonly tenant: Tenant; readonly referralId: ReferralId; readonly command: ReferralCommand },
  options: UseCaseOptions = {}
): Effect.Effect<HandledReferral, HandleReferralError, ReferralPorts> =>
  Effect.gen(function* () {
    const { tenant, referralId } = input
    // (the facade decoded it a moment ago: not twice)
    const decoded = takeDecoded(input.command)
      ? Result.succeed(input.command)
      : decodeReferralCommand(input.command)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const command = decoded.success
    if (command._tag === "Register") {
      if (command.registration.storeId !== tenant.storeId)
        return yield* tenantMismatch("ReferralRegistration", tenant.storeId, command.registration.storeId)
      if (command.registration.referralId !== referralId)
        return yield* new InvalidInput({
          what: "ReferralRegistration",
          issues: [{ path: "referralId", message: `Expected ${referralId}` }],
          message: `Invalid ReferralRegistration: it registers ${command.registration.referralId}, but the call is for ${referralId}`
        })
    }
    const tx = yield* StoreTransaction
    return yield* retryOnConflict(
      withPolicyDocumentsOnce(
        tx.withTransaction(
          Effect.gen(function* () {
            const first = yield* runReferral(tenant, referralId, command, options)
            const follows =
              command._tag === "Register" || command._tag === "Recheck" || command._tag === "LinkRefereeCard"
            if (!follows) return first
            return merged(first, yield* followReferee(tenant, referralId, first.state, command.on, options))
          })
        )
      ),
      options.conflictRetries ?? DEFAULT_CONFLICT_RETRIES
    )
  }).pipe(
    traced("jipan.handleReferral", {
      ...tenantIds(input.tenant),
      referralId: input.referralId,
      command: tagOf(input.command)
    })
  )

/**
 * A referral a card could not advance: the referral's own refusal (e.g. no row of the reward table
 * matches the delivery) or no policy in force for its store. The card's command still stands; the
 * referral waits, unchanged, for a supervisor.
 *
 * @example
 * ```ts
 * import type { ReferralProblem } from "@jipan/core"
 * const line = (p: ReferralProblem) => `${p.referralId}: ${p.message}`
 * ```
 */
export interface ReferralProblem {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly error: string
  readonly message: string
}

/**
 * What a card's transaction did to the referrals whose referee it is.
 *
 * @example
 * ```ts
 * import type { DrivenReferrals } from "@jipan/core"
 * const moved = (d: DrivenReferrals) => d.referrals.map((r) => r.referralId)
 * ```
 */
export interface DrivenReferrals {
  readonly referrals: ReadonlyArray<HandledReferral>
  readonly problems: ReadonlyArray<ReferralProblem>
}

// a referral's own refusal, as opposed to the store failing or a version conflict (which roll the whole transaction back)
const isReferralRefusal = (
  e: HandleReferralError
): e is Exclude<HandleReferralError, StoreError | VersionConflict> =>
  e._tag !== "StoreError" && e._tag !== "VersionConflict"

/**
 * Advances the referrals whose referee is this card, inside the card's transaction (handleCard
 * calls it): a card opened with a phone that standing referrals name links them; an order, a
 * cancelled order or a delivery on the card brings each linked referral level with the card (its
 * cap usage read from the store). A referral's own refusal does not undo the card's command: it
 * is returned as a problem and the referral is left as it was.
 *
 * @example
 * ```ts
 * import { driveRefereeReferrals, type HandledCard } from "@jipan/core"
 * declare const handled: HandledCard
 * driveRefereeReferrals(tenant, cardId, handled.events, handled.state)
 * ```
 */
export const driveRefereeReferrals = (
  tenant: Tenant,
  cardId: CardId,
  events: ReadonlyArray<CardEvent>,
  state: CardState,
  options: UseCaseOptions = {},
  /**
   * For an open: whether the card store's look-up found a referral waiting for the phone
   * (`CardStore.findOpenByPhoneAndClaims`); `false` skips the referrals' look-up, `undefined`
   * (not asked) looks.
   */
  unlinkedClaims?: boolean | undefined
): Effect.Effect<DrivenReferrals, StoreError | VersionConflict, ReferralPorts> =>
  Effect.gen(function* () {
    const last = events[events.length - 1]
    const referrals: Array<HandledReferral> = []
    const problems: Array<ReferralProblem> = []
    if (last === undefined) return { referrals, problems }
    const today = last.on
    const view = refereeViewOf(cardId, state)
    const tx = yield* StoreTransaction
    // each referral in a nested transaction: a refusal rolls back that referral's steps only
    const step = (
      f: FoundReferral,
      work: Effect.Effect<ReadonlyArray<HandledReferral>, HandleReferralError, ReferralPorts>
    ) =>
      tx.withTransaction(work).pipe(
        Effect.tap((done) =>
          Effect.sync(() => {
            referrals.push(...done)
          })
        ),
        Effect.asVoid,
        Effect.catchIf(isReferralRefusal, (e) =>
          Effect.sync(() => {
            problems.push({ tenant: f.tenant, referralId: f.referralId, error: e._tag, message: e.message })
          })
        )
      )
    if (
      unlinkedClaims !== false &&
      events.some((e) => e._tag === "CardOpened") &&
      state.phone !== undefined
    ) {
      const named = yield* findAllReferrals(groupOf(tenant), {
        refereePhone: state.phone,
        status: claimingStatuses
      })
      for (const f of named) {
        if (f.state.refereeCard !== undefined) continue
        yield* step(
          f,
          Effect.gen(function* () {
            const linked = yield* runReferral(
              f.tenant,
              f.referralId,
              { _tag: "LinkRefereeCard", on: today, storeId: tenant.storeId, cardId },
              options
            )
            return [linked, ...(yield* catchUp(f.tenant, f.referralId, linked.state, view, today, options))]
          })
        )
      }
    }
    if (
      events.some((e) => e._tag === "OrderPlaced" || e._tag === "OrderCancelled" || e._tag === "Delivered")
    ) {
      const found = yield* findAllReferrals(groupOf(tenant), {
        refereeCardId: cardId,
        status: claimingStatuses
      })
      for (const f of found) {
        if (f.state.refereeCard?.storeId !== tenant.storeId) continue
        yield* step(f, catchUp(f.tenant, f.referralId, f.state, view, today, options))
      }
    }
    return { referrals, problems }
  })

/**
 * Finds the registered referrals of a scope: by the referee's phone (any common format), the
 * referrer, the consultant, the status, the referee's linked card; a page at a time (`next` is the
 * key to pass as `after`). The query is decoded (`InvalidInput` with its path).
 *
 * @example
 * ```ts
 * import { findReferrals } from "@jipan/core"
 * findReferrals({ dealerGroupId }, { refereePhone: "139 8765 4321" })
 * ```
 */
export const findReferrals = (
  scope: TenantScope,
  query: ReferralQueryInput = {}
): Effect.Effect<ReferralPage, StoreError | InvalidInput, ReferralStore> =>
  Effect.gen(function* () {
    const q = decodeReferralQuery(query)
    if (Result.isFailure(q)) return yield* q.failure
    const referrals = yield* ReferralStore
    return yield* referrals.find(scope, q.success)
  }).pipe(traced("jipan.findReferrals", { ...tenantIds(scope) }))

/**
 * Reads one referral, or fails with {@link ReferralNotFound}.
 *
 * @example
 * ```ts
 * import { getReferral } from "@jipan/core"
 * getReferral(tenant, referralId)
 * ```
 */
export const getReferral = (
  tenant: Tenant,
  referralId: ReferralId
): Effect.Effect<StoredReferral, ReferralNotFound | StoreError, ReferralStore> =>
  Effect.flatMap(Effect.service(ReferralStore), (referrals) =>
    Effect.flatMap(referrals.load(tenant, referralId), (found) =>
      Option.match(found, {
        onNone: () =>
          Effect.fail(
            new ReferralNotFound({
              referralId,
              message: `No referral ${referralId} in store ${tenant.storeId}`
            })
          ),
        onSome: Effect.succeed
      })
    )
  ).pipe(traced("jipan.getReferral", { ...tenantIds(tenant), referralId }))

/**
 * The reward ledger in a scope, by month, referrer or consultant.
 *
 * @example
 * ```ts
 * import { readLedger, YearMonth } from "@jipan/core"
 * readLedger({ dealerGroupId }, { month: "2026-11" as YearMonth })
 * ```
 */
export const readLedger = (
  scope: TenantScope,
  query: LedgerQuery = {}
): Effect.Effect<ReadonlyArray<LedgerRow>, StoreError | InvalidInput, ReferralStore> =>
  Effect.gen(function* () {
    const q = decodeLedgerQuery(query)
    if (Result.isFailure(q)) return yield* q.failure
    const referrals = yield* ReferralStore
    return yield* referrals.ledger(scope, q.success)
  }).pipe(traced("jipan.readLedger", { ...tenantIds(scope) }))
