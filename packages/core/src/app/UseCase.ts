/**
 * The use cases on the storage ports (the Effect face): `handleCard` runs a card command end to
 * end — load, phone lookup for an open, the policy in force, decide, then append the events, the
 * care contacts and the outbox messages in one transaction, retrying on a version conflict — and
 * the read use cases (the card, the work list, the care contacts due, lists). The referrals whose
 * referee the card is advance in the card's transaction (`ReferralUseCase`).
 * No clock is read: dates come from the command's instant.
 *
 * @module
 */
import { Effect, Option, Result } from "effect"
import { cardDecider, openMinedCard } from "../card/Card.js"
import { type CardCommand, decodeCardCommand } from "../card/CardCommand.js"
import type { CardError } from "../card/CardError.js"
import type { CardEvent } from "../card/CardEvent.js"
import type { CardState } from "../card/CardState.js"
import type { CardSummary, StoredCard, WorkList } from "../card/CardSummary.js"
import type { CareContactDue } from "../care/CareContact.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { InvalidInput } from "../kernel/Errors.js"
import type { CardId, ConsultantId } from "../kernel/Ids.js"
import { tagOf, tenantIds, traced } from "../kernel/Observability.js"
import { CardNotFound, type StoreError, type VersionConflict } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { Outbox, OutboxMessage } from "../notify/Outbox.js"
import { defaultPolicy, type NoPolicyInForce } from "../policy/Policy.js"
import { AuditLog } from "./AuditLog.js"
import {
  type CardFilter,
  CardStore,
  decodeCardFilter,
  decodePageRequest,
  type Page,
  type PageRequest
} from "./CardStore.js"
import { retryOnConflict, runCommand } from "./CommandRunner.js"
import { cardAppendOf } from "./internal/cardAppend.js"
import { takeDecoded } from "./internal/decodedCommands.js"
import type { PolicyStore } from "./PolicyStore.js"
import type { ReferralStore } from "./ReferralStore.js"
import { driveRefereeReferrals, type HandledReferral, type ReferralProblem } from "./ReferralUseCase.js"
import { lockKey, StoreTransaction } from "./StoreTransaction.js"
import {
  DEFAULT_CONFLICT_RETRIES,
  policyInForce,
  tenantMismatch,
  type UseCaseOptions,
  withPolicyDocumentsOnce
} from "./UseCaseOptions.js"

/**
 * Options of one `handleCard` call: `expectedVersion` — the version the caller last read (a UI's
 * "I edited version N", an HTTP `If-Match`): when the card is at another version the command is
 * refused with `VersionConflict` and not retried.
 *
 * @example
 * ```ts
 * import type { HandleOptions } from "@jipan/core"
 * const options: HandleOptions = { expectedVersion: 3 }
 * ```
 */
export interface HandleOptions extends UseCaseOptions {
  readonly expectedVersion?: number | undefined
}

/**
 * What a handled card command produced: the events appended, the card's new state and version,
 * and the outbox messages written with them.
 *
 * @example
 * ```ts
 * import type { HandledCard } from "@jipan/core"
 * const summary = (h: HandledCard) => `${h.cardId} v${h.version}: ${h.events.map((e) => e._tag).join(", ")}`
 * ```
 */
export interface HandledCard {
  readonly cardId: CardId
  readonly events: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly version: number
  readonly messages: ReadonlyArray<OutboxMessage>
  /** The referrals whose referee this card is, advanced in the same transaction (linked, ordered, delivered…). */
  readonly referrals: ReadonlyArray<HandledReferral>
  /** The referrals this card could not advance (their own refusal), left as they were. */
  readonly referralProblems: ReadonlyArray<ReferralProblem>
  /** The prospect card that owner mining (`MineOwner`) opened in the same transaction. */
  readonly linked?: HandledCard | undefined
}

/**
 * Everything `handleCard` can fail with: the decider's refusal, no policy in force, a stale
 * version after the retries, an input that names another tenant, or the store's error.
 *
 * @example
 * ```ts
 * import type { HandleCardError } from "@jipan/core"
 * const retryable = (e: HandleCardError) => e._tag === "VersionConflict"
 * ```
 */
export type HandleCardError = CardError | NoPolicyInForce | VersionConflict | StoreError | InvalidInput

/**
 * A 53-bit digest (cyrb53) as base-36 text: an audit record's id names a card of any store within
 * the 64 characters of an id, where the ids themselves could take 128.
 */
const digestOf = (text: string): string => {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

/** One attempt at a card command inside the caller's transaction: decide, append, then what follows. */
const runCard = (
  tenant: Tenant,
  cardId: CardId,
  command: CardCommand,
  options: HandleOptions
): Effect.Effect<
  HandledCard,
  HandleCardError,
  AuditLog | CardStore | ReferralStore | PolicyStore | Outbox | StoreTransaction
> =>
  Effect.gen(function* () {
    const cards = yield* CardStore
    const tx = yield* StoreTransaction
    // an open locks its phone (two opens racing for one customer see each other): with the
    // card's read when the store can, one round trip fewer
    const phoneLock =
      command._tag === "OpenCard" && command.existingOpenCardId === undefined
        ? lockKey(tenant.dealerGroupId, "phone", command.phone)
        : undefined
    const loadStateLocked = phoneLock === undefined ? undefined : cards.loadStateLocked
    // the open's look-up also says whether a referral waits for this card (undefined: not asked)
    let unlinkedClaims: boolean | undefined
    const run = yield* runCommand(
      tenant,
      command,
      {
        id: cardId,
        decider: cardDecider,
        // the state alone: a store reads it in one row instead of folding the history
        load:
          loadStateLocked !== undefined && phoneLock !== undefined
            ? loadStateLocked(tenant, cardId, phoneLock)
            : cards.loadState(tenant, cardId),
        complete: (command) => {
          if (command._tag === "CorrectPersonalData" && command.correction.field === "phone") {
            const phone = command.correction.phone
            return Effect.gen(function* () {
              // a corrected phone is a new key: the same lock and lookup as an open
              yield* tx.lock([lockKey(tenant.dealerGroupId, "phone", phone)])
              const policy = yield* policyInForce(tenant, command.at, options).pipe(
                Effect.catchTag("NoPolicyInForce", () => Effect.succeed(defaultPolicy))
              )
              const scope: TenantScope =
                (policy.lifecycle.phoneUniqueness ?? "group") === "group"
                  ? { dealerGroupId: tenant.dealerGroupId }
                  : { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
              const open = yield* cards.findOpenByPhone(scope, phone)
              const other = open.find((c) => c.cardId !== cardId || c.tenant.storeId !== tenant.storeId)
              return other === undefined ? command : { ...command, existingOpenCardId: other.cardId }
            })
          }
          if (command._tag !== "OpenCard" || command.existingOpenCardId !== undefined)
            return Effect.succeed(command)
          return Effect.gen(function* () {
            // under a lock on the phone, so two opens racing for one customer see each other
            if (loadStateLocked === undefined)
              yield* tx.lock([lockKey(tenant.dealerGroupId, "phone", command.phone)])
            // no policy in force: the runner refuses next with NoPolicyInForce; until then, the default scope
            const policy = yield* policyInForce(tenant, command.at, options).pipe(
              Effect.catchTag("NoPolicyInForce", () => Effect.succeed(defaultPolicy))
            )
            const scope: TenantScope =
              (policy.lifecycle.phoneUniqueness ?? "group") === "group"
                ? { dealerGroupId: tenant.dealerGroupId }
                : { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
            const both = cards.findOpenByPhoneAndClaims
            let open: ReadonlyArray<CardSummary>
            if (both === undefined) open = yield* cards.findOpenByPhone(scope, command.phone)
            else {
              const found = yield* both(scope, command.phone)
              open = found.open
              unlinkedClaims = found.unlinkedClaims
            }
            const other = open.find((c) => c.cardId !== cardId || c.tenant.storeId !== tenant.storeId)
            return other === undefined
              ? command
              : {
                  ...command,
                  existingOpenCardId: other.cardId,
                  existingOpenCardHolder: { storeId: other.tenant.storeId, owner: other.owner }
                }
          })
        },
        policyDate: (command) => command.at,
        policy: (t, at) => policyInForce(t, at, options),
        append: ({ command, events, before, state, policy }) =>
          // nothing decided (a lapse not reached): nothing written, the care plan left as it was
          events.length === 0
            ? Effect.void
            : cards.append(cardAppendOf(tenant, cardId, command.at, { events, before, state, policy })),
        messages: options.messages && ((d) => options.messages?.({ ...d, cardId }) ?? []),
        messageId: (state, i) => `card:${cardId}:${state.version}:${i}`,
        availableAt: (command) => command.at
      },
      { expectedVersion: options.expectedVersion, retries: 0, transaction: "caller" }
    )
    const { events, state } = run.decided
    // a correction of personal data is audited like a read or an erasure, in the same transaction:
    // the field corrected, never the old or the new value; its reason may name the person ("his
    // wife's number"), so it stays on the card's event, which an erasure redacts, not in the log
    if (command._tag === "CorrectPersonalData" && events.length > 0)
      yield* (yield* AuditLog).record([
        {
          id: `correct:${digestOf(`${tenant.storeId}\u0000${cardId}`)}:${state.version}`,
          dealerGroupId: tenant.dealerGroupId,
          storeId: tenant.storeId,
          at: command.at,
          viewer: {
            role: command.by.role,
            ...(command.by.role === "consultant" ? { consultantId: command.by.id } : {})
          },
          action: "correct",
          output: "store",
          subject: `card:${cardId} ${command.correction.field}`,
          reason: "更正 correction: the reason is the card's PersonalDataCorrected event"
        }
      ])
    // the referrals whose referee this card is hear of it in the same transaction
    const driven = yield* driveRefereeReferrals(tenant, cardId, events, state, options, unlinkedClaims)
    // owner mining opens the linked prospect card in the same transaction (refused with it)
    const mined = events.find((e) => e._tag === "OwnerMined")
    let linked: HandledCard | undefined
    if (mined !== undefined && command._tag === "MineOwner") {
      const open = openMinedCard(
        state,
        { ...mined, by: command.by, at: command.at },
        {
          source: command.source ?? "outbound",
          existingOpenCardId: undefined,
          ...(command.evidence === undefined ? {} : { evidence: command.evidence }),
          ...(command.intent === undefined ? {} : { intent: command.intent })
        }
      )
      if (Result.isFailure(open)) return yield* open.failure
      linked = yield* runCard(tenant, mined.newCardId, open.success, {
        ...options,
        expectedVersion: undefined
      })
    }
    return {
      cardId,
      events,
      state,
      version: state.version,
      messages: run.messages,
      referrals: driven.referrals,
      referralProblems: driven.problems,
      linked
    }
  })

/**
 * Handles one card command end to end, in one transaction: loads the card (a new card starts from
 * `initialCardState`), fills `existingOpenCardId` of an `OpenCard` from the phone lookup in the
 * store, resolves the policy in force for the card's store on the command's date, decides, and
 * appends the events with the card's care contacts and the outbox messages of the change. On a
 * version conflict it starts over, up to `conflictRetries` times (see {@link UseCaseOptions}).
 * A refusal writes nothing.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { handleCard, layerMemory, type OpenCard } from "@jipan/core"
 * declare const openCard: OpenCard
 * const opened = await Effect.runPromise(
 *   handleCard({ tenant, cardId, command: openCard }).pipe(Effect.provide(layerMemory))
 * )
 * opened.state.status // "prospect"
 * ```
 */
export const handleCard = (
  input: { readonly tenant: Tenant; readonly cardId: CardId; readonly command: CardCommand },
  options: HandleOptions = {}
): Effect.Effect<
  HandledCard,
  HandleCardError,
  AuditLog | CardStore | ReferralStore | PolicyStore | Outbox | StoreTransaction
> =>
  Effect.gen(function* () {
    const { tenant, cardId } = input
    // typed callers can still pass numbers out of range (`at: 2e15`): the same Schema the store
    // reads with decides, so nothing is written that cannot be read back
    // (the facade decoded it a moment ago: not twice)
    const decoded = takeDecoded(input.command)
      ? Result.succeed(input.command)
      : decodeCardCommand(input.command)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    // the decoded command: its phone normalised to E.164
    const command = decoded.success
    if (command._tag === "OpenCard") {
      if (command.storeId !== tenant.storeId)
        return yield* tenantMismatch("OpenCard", tenant.storeId, command.storeId)
      if (command.cardId !== cardId)
        return yield* new InvalidInput({
          what: "OpenCard",
          issues: [{ path: "cardId", message: `Expected ${cardId}` }],
          message: `Invalid OpenCard: it opens ${command.cardId}, but the call is for card ${cardId}`
        })
    }
    const tx = yield* StoreTransaction
    return yield* retryOnConflict(
      withPolicyDocumentsOnce(tx.withTransaction(runCard(tenant, cardId, command, options))),
      options.expectedVersion !== undefined ? 0 : (options.conflictRetries ?? DEFAULT_CONFLICT_RETRIES)
    )
  }).pipe(
    traced("jipan.handleCard", {
      ...tenantIds(input.tenant),
      cardId: input.cardId,
      command: tagOf(input.command)
    })
  )

/**
 * Reads one card (state, version, history), or fails with {@link CardNotFound}.
 *
 * @example
 * ```ts
 * import { getCard } from "@jipan/core"
 * const card = getCard(tenant, cardId) // Effect<StoredCard, CardNotFound | StoreError, CardStore>
 * ```
 */
export const getCard = (
  tenant: Tenant,
  cardId: CardId
): Effect.Effect<StoredCard, CardNotFound | StoreError, CardStore> =>
  Effect.flatMap(Effect.service(CardStore), (cards) =>
    Effect.flatMap(cards.load(tenant, cardId), (found) =>
      Option.match(found, {
        onNone: () =>
          Effect.fail(new CardNotFound({ cardId, message: `No card ${cardId} in store ${tenant.storeId}` })),
        onSome: Effect.succeed
      })
    )
  ).pipe(traced("jipan.getCard", { ...tenantIds(tenant), cardId }))

/**
 * A consultant's work list for a day: due that day, and overdue.
 *
 * @example
 * ```ts
 * import { workList, CalendarDate } from "@jipan/core"
 * workList({ dealerGroupId, storeId }, consultantId, "2026-11-22" as CalendarDate)
 * ```
 */
export const workList = (
  scope: TenantScope,
  owner: ConsultantId,
  date: CalendarDate
): Effect.Effect<WorkList, StoreError, CardStore> =>
  Effect.flatMap(Effect.service(CardStore), (cards) => cards.workList(scope, owner, date)).pipe(
    traced("jipan.workList", { ...tenantIds(scope), consultantId: owner, date })
  )

/**
 * The owned-customer care contacts due on or before a day (optionally for one consultant).
 *
 * @example
 * ```ts
 * import { careDue, CalendarDate } from "@jipan/core"
 * careDue({ dealerGroupId, storeId }, "2026-11-22" as CalendarDate)
 * ```
 */
export const careDue = (
  scope: TenantScope,
  date: CalendarDate,
  owner?: ConsultantId
): Effect.Effect<ReadonlyArray<CareContactDue>, StoreError, CardStore> =>
  Effect.flatMap(Effect.service(CardStore), (cards) => cards.careDue(scope, date, owner)).pipe(
    traced("jipan.careDue", { ...tenantIds(scope), consultantId: owner, date })
  )

/**
 * One page of cards by store, consultant, grade and status.
 *
 * @example
 * ```ts
 * import { listCards, GradeId } from "@jipan/core"
 * listCards({ dealerGroupId, storeId }, { grade: "A" as GradeId }, { limit: 20 })
 * ```
 */
export const listCards = (
  scope: TenantScope,
  filter: CardFilter = {},
  page?: PageRequest
): Effect.Effect<Page<CardSummary>, StoreError | InvalidInput, CardStore> =>
  Effect.gen(function* () {
    const f = decodeCardFilter(filter)
    if (Result.isFailure(f)) return yield* f.failure
    const p = page === undefined ? undefined : decodePageRequest(page)
    if (p !== undefined && Result.isFailure(p)) return yield* p.failure
    const cards = yield* CardStore
    return yield* cards.list(scope, f.success, p?.success)
  }).pipe(traced("jipan.listCards", { ...tenantIds(scope) }))
