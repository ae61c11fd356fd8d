/**
 * The use cases on the storage ports (the Effect face): `handleCard` runs a card command end to
 * end — load, phone lookup for an open, the policy in force, decide, then append the events, the
 * care contacts and the outbox messages in one transaction, retrying on a version conflict — and
 * the read use cases (the card, the work list, the care contacts due, lists, the ledger).
 * No clock is read: dates come from the command's instant.
 *
 * @module
 */
import { Effect, Option, Result } from "effect"
import { cardDecider } from "../card/Card.js"
import type { CardChange } from "../card/CardChange.js"
import { type CardCommand, decodeCardCommand } from "../card/CardCommand.js"
import type { CardError } from "../card/CardError.js"
import type { CardEvent } from "../card/CardEvent.js"
import type { CardState } from "../card/CardState.js"
import type { CardSummary, StoredCard, WorkList } from "../card/CardSummary.js"
import { type CareContactDue, careContactsOf } from "../care/CareContact.js"
import { type CalendarDate, calendarDateOf } from "../kernel/CalendarDate.js"
import { InvalidInput } from "../kernel/Errors.js"
import type { CardId, ConsultantId, ReferralId } from "../kernel/Ids.js"
import { tagOf, tenantIds, traced } from "../kernel/Observability.js"
import {
  CardNotFound,
  ReferralNotFound,
  type StoreError,
  type VersionConflict
} from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { Outbox, OutboxDraft, OutboxMessage } from "../notify/Outbox.js"
import {
  decodePolicyDocument,
  defaultPolicy,
  type NoPolicyInForce,
  type Policy,
  type PolicyDocument,
  resolvePolicy
} from "../policy/Policy.js"
import {
  type ReferralError,
  type ReferralEvent,
  type ReferralState,
  referralDecider
} from "../referral/Referral.js"
import { decodeReferralCommand, type ReferralCommand } from "../referral/ReferralCommand.js"
import { cardReportRowsOf, reportReferralOf } from "../report/ReportRows.js"
import {
  type CardFilter,
  CardStore,
  decodeCardFilter,
  decodePageRequest,
  type Page,
  type PageRequest
} from "./CardStore.js"
import { runCommand } from "./CommandRunner.js"
import { PolicyStore } from "./PolicyStore.js"
import {
  decodeLedgerQuery,
  type LedgerQuery,
  type LedgerRow,
  ReferralStore,
  type StoredReferral
} from "./ReferralStore.js"
import { lockKey, StoreTransaction } from "./StoreTransaction.js"

/** How many times a command is re-decided after a version conflict when not told otherwise. */
export const DEFAULT_CONFLICT_RETRIES = 3

/**
 * Options of the use cases.
 *
 * - `conflictRetries` (default {@link DEFAULT_CONFLICT_RETRIES}): how many times a command is
 *   reloaded and decided again after a {@link VersionConflict} before the conflict is returned.
 *   Safe because nothing was written and the command is decided afresh on the new state (a command
 *   that no longer applies is then refused by the decider); 0 turns retries off.
 * - `timeZone` (default `Asia/Shanghai`): the zone that turns the command's instant into the date
 *   the policy is resolved for (then the policy's own zone, if it differs).
 * - `policyWhenNoDocuments` (default `"default"`): on a day when no policy document of the dealer
 *   group is in force (none at all, or none yet), decide under {@link defaultPolicy} (with the
 *   store's override in force, if any); `"fail"` refuses with `NoPolicyInForce` instead.
 * - `messages`: the outbox messages a card change causes, written in the same transaction.
 * - `referralMessages`: the same for a referral change (a DMS's webhook for referral events).
 *
 * @example
 * ```ts
 * import type { UseCaseOptions } from "@jipan/core"
 * const options: UseCaseOptions = { conflictRetries: 5, policyWhenNoDocuments: "fail" }
 * ```
 */
export interface UseCaseOptions {
  readonly conflictRetries?: number | undefined
  readonly timeZone?: string | undefined
  readonly policyWhenNoDocuments?: "default" | "fail" | undefined
  readonly messages?: ((change: CardChange) => ReadonlyArray<OutboxDraft>) | undefined
  readonly referralMessages?: ((change: ReferralChange) => ReadonlyArray<OutboxDraft>) | undefined
}

/**
 * A referral change, as `referralMessages` sees it: the command, the events it produced, the
 * states before and after, and the ledger entries it wrote.
 *
 * @example
 * ```ts
 * import type { ReferralChange } from "@jipan/core"
 * const approved = (c: ReferralChange) => c.events.some((e) => e._tag === "ReferralApproved")
 * ```
 */
export interface ReferralChange {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly command: ReferralCommand
  readonly events: ReadonlyArray<ReferralEvent>
  readonly before: ReferralState
  readonly state: ReferralState
  readonly ledger: ReadonlyArray<LedgerRow["entry"]>
}

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

const tenantMismatch = (what: string, expected: string, got: string) =>
  new InvalidInput({
    what,
    issues: [{ path: "storeId", message: `Expected store ${expected}, got ${got}` }],
    message: `Invalid ${what}: it names store ${got}, but the call is scoped to store ${expected}`
  })

/**
 * The policy in force for a tenant on the date of an instant: the stored documents resolved with
 * `resolvePolicy`; the date is taken in `timeZone`, then in the policy's own zone if it differs.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { policyInForce } from "@jipan/core"
 * const policy = policyInForce(tenant, Date.parse("2026-11-22T10:00:00+08:00"))
 * ```
 */
export const policyInForce = (
  tenant: Tenant,
  at: number | CalendarDate,
  options: UseCaseOptions = {}
): Effect.Effect<Policy, NoPolicyInForce | StoreError, PolicyStore> =>
  Effect.gen(function* () {
    const policies = yield* PolicyStore
    const documents = yield* policies.documents(tenant.dealerGroupId)
    if (documents.length === 0 && options.policyWhenNoDocuments !== "fail") return defaultPolicy
    const scope = { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
    const zone = options.timeZone ?? "Asia/Shanghai"
    const dateIn = (z: string) => (typeof at === "number" ? calendarDateOf(at, z) : at)
    const base = options.policyWhenNoDocuments === "fail" ? undefined : defaultPolicy
    const first = resolvePolicy(documents, scope, dateIn(zone), base)
    if (Result.isSuccess(first) && (typeof at !== "number" || first.success.timeZone === zone))
      return first.success
    // the policy's own zone may put the instant on another day: resolve again for that day
    const again = resolvePolicy(
      documents,
      scope,
      dateIn(Result.isSuccess(first) ? first.success.timeZone : zone),
      base
    )
    return yield* Effect.fromResult(again)
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
): Effect.Effect<HandledCard, HandleCardError, CardStore | PolicyStore | Outbox | StoreTransaction> =>
  Effect.gen(function* () {
    const { tenant, cardId } = input
    // typed callers can still pass numbers out of range (`at: 2e15`): the same Schema the store
    // reads with decides, so nothing is written that cannot be read back
    const decoded = decodeCardCommand(input.command)
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
    const cards = yield* CardStore
    const tx = yield* StoreTransaction
    const run = yield* runCommand(
      tenant,
      command,
      {
        id: cardId,
        decider: cardDecider,
        load: Effect.map(
          cards.load(tenant, cardId),
          Option.map((c) => c.state)
        ),
        complete: (command) => {
          if (command._tag !== "OpenCard" || command.existingOpenCardId !== undefined)
            return Effect.succeed(command)
          return Effect.gen(function* () {
            // under a lock on the phone, so two opens racing for one customer see each other
            yield* tx.lock([lockKey(tenant.dealerGroupId, "phone", command.phone)])
            // no policy in force: the runner refuses next with NoPolicyInForce; until then, the default scope
            const policy = yield* policyInForce(tenant, command.at, options).pipe(
              Effect.catchTag("NoPolicyInForce", () => Effect.succeed(defaultPolicy))
            )
            const scope: TenantScope =
              (policy.lifecycle.phoneUniqueness ?? "group") === "group"
                ? { dealerGroupId: tenant.dealerGroupId }
                : { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
            const open = yield* cards.findOpenByPhone(scope, command.phone)
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
          cards.append({
            tenant,
            cardId,
            expectedVersion: before.version,
            events,
            state,
            care: careContactsOf(state, policy, calendarDateOf(command.at, policy.timeZone)),
            report: cardReportRowsOf(tenant, cardId, before, events, state)
          }),
        messages: options.messages && ((d) => options.messages?.({ ...d, cardId }) ?? []),
        messageId: (state, i) => `card:${cardId}:${state.version}:${i}`,
        availableAt: (command) => command.at
      },
      {
        expectedVersion: options.expectedVersion,
        retries: options.conflictRetries ?? DEFAULT_CONFLICT_RETRIES
      }
    )
    const { events, state } = run.decided
    return { cardId, events, state, version: state.version, messages: run.messages }
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
  readonly referralId: ReferralId
  readonly events: ReadonlyArray<ReferralEvent>
  readonly state: ReferralState
  readonly version: number
  readonly ledger: ReadonlyArray<LedgerRow["entry"]>
  /** The outbox messages `referralMessages` wrote with the change. */
  readonly messages: ReadonlyArray<OutboxMessage>
}

/**
 * Handles one referral command in one transaction: load, the policy in force on the command's
 * date, decide, then append the events with the ledger entries they produced; retried on a
 * version conflict like {@link handleCard}.
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
): Effect.Effect<
  HandledReferral,
  ReferralError | NoPolicyInForce | VersionConflict | StoreError | InvalidInput,
  ReferralStore | PolicyStore | Outbox | StoreTransaction
> =>
  Effect.gen(function* () {
    const { tenant, referralId } = input
    const decoded = decodeReferralCommand(input.command)
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
    const referrals = yield* ReferralStore
    const run = yield* runCommand(
      tenant,
      command,
      {
        id: referralId,
        decider: referralDecider,
        load: Effect.map(
          referrals.load(tenant, referralId),
          Option.map((r) => r.state)
        ),
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
      { retries: options.conflictRetries ?? DEFAULT_CONFLICT_RETRIES }
    )
    const { events, state } = run.decided
    return { referralId, events, state, version: state.version, ledger: run.appended, messages: run.messages }
  }).pipe(
    traced("jipan.handleReferral", {
      ...tenantIds(input.tenant),
      referralId: input.referralId,
      command: tagOf(input.command)
    })
  )

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

/**
 * Stores a policy document version for the caller's scope (immutable: the same version again is
 * a `Duplicate` store error). The document is checked against the Schema again, and refused with
 * `InvalidInput` when it names another dealer group, or another store than a store-scoped caller's
 * (a caller scoped to one tenant is held to it).
 *
 * @example
 * ```ts
 * import { DealerGroupId, putPolicyDocument, type PolicyDocument } from "@jipan/core"
 * declare const policyDocument: PolicyDocument
 * putPolicyDocument({ dealerGroupId: DealerGroupId.make("grp-east") }, policyDocument)
 * ```
 */
export const putPolicyDocument = (
  scope: TenantScope,
  document: PolicyDocument
): Effect.Effect<void, StoreError | InvalidInput, PolicyStore> =>
  Effect.gen(function* () {
    const decoded = decodePolicyDocument(document)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const doc = decoded.success
    const outside = scopeMismatch(scope, doc.scope.dealerGroupId, doc.scope.storeId, "scope")
    if (outside !== undefined) return yield* outside("PolicyDocument")
    const policies = yield* PolicyStore
    return yield* policies.put(doc)
  }).pipe(traced("jipan.putPolicyDocument", { ...tenantIds(scope) }))

/**
 * Whether a payload's tenant lies outside the caller's scope: another dealer group, or (for a
 * store-scoped caller) another store or the whole group. Returns the refusal (naming the path) to
 * build, or `undefined` when the payload is the caller's.
 *
 * @example
 * ```ts
 * import { scopeMismatch } from "@jipan/core"
 * const refuse = scopeMismatch({ dealerGroupId: "grp-east", storeId: "store-01" } as never, "grp-east", "store-02", "scope")
 * refuse?.("PolicyDocument").issues // [{ path: "scope.storeId", message: "Expected store store-01" }]
 * ```
 */
export const scopeMismatch = (
  scope: TenantScope,
  dealerGroupId: string,
  storeId: string | undefined,
  path: string
): ((what: string) => InvalidInput) | undefined => {
  const wrongGroup = dealerGroupId !== scope.dealerGroupId
  const wrongStore = !wrongGroup && scope.storeId !== undefined && storeId !== scope.storeId
  if (!wrongGroup && !wrongStore) return undefined
  return (what) =>
    new InvalidInput({
      what,
      issues: [
        wrongGroup
          ? { path: `${path}.dealerGroupId`, message: `Expected dealer group ${scope.dealerGroupId}` }
          : { path: `${path}.storeId`, message: `Expected store ${scope.storeId}` }
      ],
      message: wrongGroup
        ? `Invalid ${what}: it is for another dealer group than the caller's (${scope.dealerGroupId})`
        : `Invalid ${what}: it is for another store than the caller's (${scope.storeId})`
    })
}
