/**
 * The card store port: a card's state, version and history; appends with the expected version
 * (optimistic concurrency); the phone lookup behind "already has a card"; the consultant's work
 * list, the care contacts due, and lists with keyset pagination. Every call is scoped to a tenant.
 *
 * @module
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type { CardEvent } from "../card/CardEvent.js"
import { type CardState, CardStatus } from "../card/CardState.js"
import type { CardSummary, StoredCard, WorkList } from "../card/CardSummary.js"
import type { CareContact, CareContactDue } from "../care/CareContact.js"
import type { CalendarDate } from "../kernel/CalendarDate.js"
import { decoderFor } from "../kernel/Errors.js"
import { type CardId, ConsultantId, IdString } from "../kernel/Ids.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import type { StoreError, VersionConflict } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import { GradeId } from "../policy/GradingPolicy.js"
import type { CardReportRows } from "../report/ReportRows.js"

/**
 * What an append writes: the events decided on the card at `expectedVersion`, the state they
 * fold to (`foldCard(events, current)`), and the card's care contacts (replacing the previous
 * ones; empty for a card that is not an owned customer's).
 *
 * @example
 * ```ts
 * import { cardReportRowsOf, foldCard, initialCardState, type CardAppend } from "@jipan/core"
 * const state = foldCard(events)
 * const report = cardReportRowsOf(tenant, cardId, initialCardState, events, state)
 * const append: CardAppend = { tenant, cardId, expectedVersion: 0, events, state, care: [], report }
 * ```
 */
export interface CardAppend {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly expectedVersion: number
  readonly events: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly care: ReadonlyArray<CareContact>
  /** The report rows of the append (`cardReportRowsOf`): a store that keeps report tables writes them as given. */
  readonly report: CardReportRows
}

/**
 * Filters of {@link CardStore.list}; each left out matches every card.
 *
 * @example
 * ```ts
 * import { type CardFilter, GradeId } from "@jipan/core"
 * const aGrades: CardFilter = { grade: "A" as GradeId, status: ["prospect"] }
 * ```
 */
export const CardFilter = Schema.Struct({
  owner: Schema.optional(ConsultantId),
  grade: Schema.optional(GradeId),
  status: Schema.optional(Schema.Array(CardStatus.schema).check(Schema.isMaxLength(CardStatus.values.length)))
})
/** @see {@link CardFilter} */
export type CardFilter = typeof CardFilter.Type

/**
 * Decodes a card filter from outside (`InvalidInput` with the path when it is not one).
 *
 * @example
 * ```ts
 * import { decodeCardFilter } from "@jipan/core"
 * decodeCardFilter({ grade: "A" })._tag // "Success"
 * decodeCardFilter(null)._tag // "Failure"
 * ```
 */
export const decodeCardFilter = /* @__PURE__ */ decoderFor(CardFilter, "CardFilter")

/**
 * A page request: at most `limit` items (1–500, default 50) after the opaque `cursor` of the
 * previous page.
 *
 * @example
 * ```ts
 * import type { PageRequest } from "@jipan/core"
 * const first: PageRequest = { limit: 20 }
 * const next = (cursor: string): PageRequest => ({ limit: 20, cursor })
 * ```
 */
export const PageRequest = Schema.Struct({
  limit: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 }))),
  cursor: Schema.optional(IdString)
})
/** @see {@link PageRequest} */
export type PageRequest = typeof PageRequest.Type

/**
 * Decodes a page request from outside: `limit` a whole number 1–500, `cursor` a card id.
 *
 * @example
 * ```ts
 * import { decodePageRequest } from "@jipan/core"
 * decodePageRequest({ limit: Number.NaN })._tag // "Failure"
 * ```
 */
export const decodePageRequest = /* @__PURE__ */ decoderFor(PageRequest, "PageRequest")

/**
 * One page of a keyset-paginated list: `next` is the cursor of the following page, `undefined`
 * on the last one. Cursors are stable: rows added or changed meanwhile neither repeat nor shift
 * the pages (items are ordered by card id).
 *
 * @example
 * ```ts
 * import type { Page, CardSummary } from "@jipan/core"
 * const more = (p: Page<CardSummary>) => p.next !== undefined
 * ```
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly next: string | undefined
}

/**
 * The page size a {@link PageRequest} asks for, clamped to 1–500 (default 50).
 *
 * @example
 * ```ts
 * import { pageLimit } from "@jipan/core"
 * pageLimit({}) // 50
 * ```
 */
export const pageLimit = (page: PageRequest | undefined): number =>
  Math.max(1, Math.min(500, Math.floor(page?.limit ?? 50)))

/**
 * A card with a given phone, as the referral checks read it: its status, owner, the day it opened
 * and the day its status began (a defeat's day, a delivery's day).
 *
 * @example
 * ```ts
 * import type { PhoneCard } from "@jipan/core"
 * const owned = (c: PhoneCard) => c.status === "owned"
 * ```
 */
export interface PhoneCard {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly status: CardStatus
  readonly owner: ConsultantId | undefined
  readonly openedOn: CalendarDate | undefined
  readonly statusSince: CalendarDate | undefined
}

/**
 * What an erasure writes (个人信息删除): the card's whole history with every personal field replaced
 * (`redactPersonal`), event for event at the same versions, the state it folds to, the care
 * contacts, and the card's report rows rebuilt from the whole history. Only an erasure rewrites a
 * history; a store replaces the card's events, state, care and report rows (events, due spans,
 * facts) in place if the card is still at `version`, else fails with {@link VersionConflict} and
 * writes nothing.
 *
 * @example
 * ```ts
 * import { CardEvent, cardReportRowsOf, foldCard, initialCardState, redactPersonal, type CardRewrite } from "@jipan/core"
 * const redacted = history.map((e) => redactPersonal(CardEvent, e))
 * const state = foldCard(redacted)
 * const rewrite: CardRewrite = { tenant, cardId, version: state.version, events: redacted, state, care: [],
 *   report: cardReportRowsOf(tenant, cardId, initialCardState, redacted, state) }
 * ```
 */
export interface CardRewrite {
  readonly tenant: Tenant
  readonly cardId: CardId
  readonly version: number
  readonly events: ReadonlyArray<CardEvent>
  readonly state: CardState
  readonly care: ReadonlyArray<CareContact>
  readonly report: CardReportRows
}

/**
 * The card store port. Implemented in memory by `layerMemory` (this package) and on SQL by
 * `@jipan/store-sql`; every implementation passes `@jipan/testkit`'s `storeSuite`.
 *
 * - `load`: the card in the tenant, or `None`.
 * - `append`: writes the events, state and care contacts if the card is still at
 *   `expectedVersion` (0 for a new card), else fails with {@link VersionConflict} and writes nothing.
 * - `findOpenByPhone`: the open cards ({@link openCardStatuses}) with that normalised phone in
 *   the scope (a store, or the whole group), by card id.
 * - `workList`: the cards of a consultant due on `date`, and overdue; not an erased person's card
 *   (its phone `ERASED_PHONE`): nobody is left to call.
 * - `careDue`: care contacts due on or before `date` (optionally for one consultant).
 * - `list`: cards by filter with keyset pagination.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CardStore, CalendarDate } from "@jipan/core"
 * const today = Effect.gen(function* () {
 *   const cards = yield* CardStore
 *   return yield* cards.workList({ dealerGroupId, storeId }, consultantId, "2026-11-22" as CalendarDate)
 * })
 * ```
 */
export class CardStore extends Context.Service<
  CardStore,
  {
    readonly load: (tenant: Tenant, cardId: CardId) => Effect.Effect<Option.Option<StoredCard>, StoreError>
    /**
     * A card's current state alone (no history): what a command decides on. A store that keeps
     * the state beside the history reads it in one row; it must equal the fold of the history.
     */
    readonly loadState: (
      tenant: Tenant,
      cardId: CardId
    ) => Effect.Effect<Option.Option<CardState>, StoreError>
    /**
     * `loadState` after taking the transaction's lock on `lockKey` (as `StoreTransaction.lock`
     * would), in one round trip: an open locks its phone before it looks for the phone's open
     * cards, and reads its own card meanwhile (the state may be read before the lock is held: the
     * append checks the version). Optional: without it the lock and the read are two calls.
     */
    readonly loadStateLocked?:
      | ((
          tenant: Tenant,
          cardId: CardId,
          lockKey: string
        ) => Effect.Effect<Option.Option<CardState>, StoreError>)
      | undefined
    readonly append: (append: CardAppend) => Effect.Effect<void, VersionConflict | StoreError>
    /**
     * Several cards' current states in one read (what the close of day's lapses decide on), by
     * card id; a card not found is absent. Optional: without it the close reads a card at a time.
     */
    readonly loadStates?:
      | ((
          tenant: Tenant,
          cardIds: ReadonlyArray<CardId>
        ) => Effect.Effect<ReadonlyMap<CardId, CardState>, StoreError>)
      | undefined
    /**
     * Several appends to one tenant's existing cards at once (the close of day's lapses): for
     * each, in order, whether it was written. An append is written whole or not at all, exactly
     * as `append` would write it; `false` means its card is not at the expected version, or the
     * append cannot go in a batch (a new card, no events, another tenant's card, a card named
     * again after its first append in the batch, whatever became of that one), and nothing of it
     * was written — the caller runs it alone. Optional: without it the close appends a card at a
     * time. A store that decorates `append` (a change feed) decorates this too or leaves it out.
     */
    readonly appendMany?:
      | ((
          tenant: Tenant,
          appends: ReadonlyArray<CardAppend>
        ) => Effect.Effect<ReadonlyArray<boolean>, StoreError>)
      | undefined
    /** Replaces a card's history in place for an erasure (see {@link CardRewrite}); nothing else rewrites. */
    readonly rewrite: (rewrite: CardRewrite) => Effect.Effect<void, VersionConflict | StoreError>
    readonly findOpenByPhone: (
      scope: TenantScope,
      phone: PhoneNumber
    ) => Effect.Effect<ReadonlyArray<CardSummary>, StoreError>
    /**
     * An open's two look-ups in one read, for a store that keeps the referrals beside the cards
     * (the referrals its `ReferralStore` reads): `findOpenByPhone`'s answer, and whether a referral
     * of the dealer group that still claims its referee (`claimingStatuses`) names the phone
     * and has no referee card yet (the referrals the new card then links). Read under the phone's
     * lock, which a registration takes too, so the answer holds until the open commits. Optional:
     * without it the referrals are looked up after the append, one round trip more.
     */
    readonly findOpenByPhoneAndClaims?:
      | ((
          scope: TenantScope,
          phone: PhoneNumber
        ) => Effect.Effect<
          { readonly open: ReadonlyArray<CardSummary>; readonly unlinkedClaims: boolean },
          StoreError
        >)
      | undefined
    /** Every card of the scope with the phone, whatever its status, in (store, card id) order. */
    readonly withPhone: (
      scope: TenantScope,
      phone: PhoneNumber
    ) => Effect.Effect<ReadonlyArray<PhoneCard>, StoreError>
    readonly workList: (
      scope: TenantScope,
      owner: ConsultantId,
      date: CalendarDate
    ) => Effect.Effect<WorkList, StoreError>
    readonly careDue: (
      scope: TenantScope,
      date: CalendarDate,
      owner?: ConsultantId
    ) => Effect.Effect<ReadonlyArray<CareContactDue>, StoreError>
    readonly list: (
      scope: TenantScope,
      filter: CardFilter,
      page?: PageRequest
    ) => Effect.Effect<Page<CardSummary>, StoreError>
  }
>()("@jipan/core/CardStore") {}
