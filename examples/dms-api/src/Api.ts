/**
 * The DMS API as an `effect/http-api` definition: the groups, endpoints and schemas, shared by the
 * server, the typed client (`HttpApiClient`) and the OpenAPI document. Request bodies and query
 * parameters are the core's own Schemas (`OpenCard`, `CardCommand`, `ReferralCommand`,
 * `ReferralQuery`, `PolicyDocument`, `ShowroomVisit`…), taken as they are rather than copied;
 * nothing here depends on the server.
 *
 * @module
 */
import {
  AccessRecord,
  type ActorRole,
  CalendarDate,
  CardCommand,
  CardId,
  CardStatus,
  ConsentEntry,
  ConsultantId,
  ContactRecord,
  CardEvent as CoreCardEvent,
  PolicyDocument as CorePolicyDocument,
  GradeId,
  IdString,
  Instant,
  NonEmptyText,
  OpenCard,
  PhoneNumberFromInput,
  ReferralCommand,
  ReferralId,
  ReferralKey,
  ReferralQuery,
  ShowroomVisit,
  StoreId,
  Tenant,
  type Viewer,
  VisitMeans,
  YearMonth
} from "@jipan/core"
import { Context, Schema, Struct } from "effect"
import {
  HttpApi,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpApiMiddleware,
  HttpApiSchema,
  HttpApiSecurity,
  OpenApi
} from "effect/http-api"
import { commonProblems, Unauthorized } from "./Problems.js"

// ---------------------------------------------------------------------------------------------
// Who calls: the principal of an API key
// ---------------------------------------------------------------------------------------------

/**
 * The role of an API key: a consultant's key acts only on that consultant's cards; a supervisor's
 * on every card of its scope; an admin's also puts policies, registers webhooks and runs the
 * dispatcher.
 *
 * @example
 * ```ts
 * import { KeyRole } from "@jipan/dms-api"
 * KeyRole.literals // ["consultant", "supervisor", "admin"]
 * ```
 */
export const KeyRole = Schema.Literals(["consultant", "supervisor", "admin"])
/** @see {@link KeyRole} */
export type KeyRole = typeof KeyRole.Type

/**
 * Who a request acts for, from its API key: the key's id, its dealer group, its store (absent for
 * a group-wide key), its role and, for a consultant's key, the consultant.
 *
 * @example
 * ```ts
 * import type { PrincipalShape } from "@jipan/dms-api"
 * const p: PrincipalShape = { keyId: "k1", dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" }
 * ```
 */
export interface PrincipalShape {
  readonly keyId: string
  readonly dealerGroupId: string
  readonly storeId?: string | undefined
  readonly role: KeyRole
  readonly consultantId?: string | undefined
}

/**
 * Who looks at the personal data of an answer (PIPL, 个人信息): the key's role, and for a
 * consultant's key its consultant. The key decides, and nothing in the request can widen it: a
 * consultant's key sees its own customers (cards it owns, referrals it is the consultant of)
 * unmasked and everyone else's masked (phones as 138****5678, names as 陈**, other personal text as
 * `***`); supervisor and admin keys see their scope unmasked.
 *
 * @example
 * ```ts
 * import { maySeePersonal } from "@jipan/core"
 * import { viewerOf } from "@jipan/dms-api"
 * const viewer = viewerOf({ keyId: "k1", dealerGroupId: "grp-east", storeId: "store-01", role: "consultant", consultantId: "c-wang" })
 * maySeePersonal(viewer, "c-li") // false: c-li's customers come masked
 * ```
 */
export const viewerOf = (principal: PrincipalShape): Viewer =>
  principal.role === "consultant"
    ? { role: "consultant", consultantId: principal.consultantId }
    : { role: principal.role }

/**
 * The principal of the current request (provided by the {@link Authorization} middleware).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Principal } from "@jipan/dms-api"
 * const group = Effect.map(Effect.service(Principal), (p) => p.dealerGroupId)
 * ```
 */
export class Principal extends Context.Service<Principal, PrincipalShape>()("@jipan/dms-api/Principal") {}

/**
 * API-key authentication: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. An unknown, revoked
 * or missing key answers 401.
 *
 * @example
 * ```ts
 * import { HttpApiEndpoint } from "effect/http-api"
 * import { Authorization } from "@jipan/dms-api"
 * const secured = HttpApiEndpoint.get("x", "/x").middleware(Authorization)
 * ```
 */
export class Authorization extends HttpApiMiddleware.Service<Authorization, { provides: Principal }>()(
  "@jipan/dms-api/Authorization",
  {
    security: {
      bearer: HttpApiSecurity.bearer,
      apiKey: HttpApiSecurity.apiKey({ key: "X-Api-Key", in: "header" })
    },
    error: Unauthorized
  }
) {}

/**
 * The gateway of every authenticated endpoint: renders undecodable input as a 400 problem with
 * the failing paths, and gives POSTs `Idempotency-Key` semantics (stored response replayed; the
 * same key with another body: 422).
 *
 * @example
 * ```ts
 * import { HttpApiEndpoint } from "effect/http-api"
 * import { Gateway } from "@jipan/dms-api"
 * const guarded = HttpApiEndpoint.post("x", "/x").middleware(Gateway)
 * ```
 */
export class Gateway extends HttpApiMiddleware.Service<Gateway, { requires: Principal }>()(
  "@jipan/dms-api/Gateway",
  { error: [...commonProblems] }
) {}

// ---------------------------------------------------------------------------------------------
// Shared request and response schemas
// ---------------------------------------------------------------------------------------------

// the core's schemas met more than once, named so the OpenAPI document defines them once
const CardEvent = CoreCardEvent.annotate({ identifier: "CardEvent" })
const PolicyDocument = CorePolicyDocument.annotate({ identifier: "PolicyDocument" })

/** A JSON object of the core's (a state, a report, a policy): see the core's types for its fields. */
export const JsonObject = Schema.Record(Schema.String, Schema.Unknown).annotate({
  description: "A JSON object; its fields are the core's type named in the endpoint's description"
})

const IdempotencyKey = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(255)).annotate({
  description:
    "Idempotency-Key (Stripe's semantics): the same key and body replay the stored response; the same key with another body answers 422; kept 24 h per dealer group and store"
})

/** The headers every POST accepts. */
const postHeaders = { "idempotency-key": Schema.optional(IdempotencyKey) }

/**
 * A card as read: its tenant, id, version (also the `ETag`), current state (the core's
 * `CardState`) and history (the core's `CardEvent`s, oldest first).
 *
 * @example
 * ```ts
 * import type { CardView } from "@jipan/dms-api"
 * const status = (c: CardView) => c.state.status
 * ```
 */
export const CardView = Schema.Struct({
  tenant: Tenant,
  cardId: CardId,
  version: Schema.Number,
  state: JsonObject,
  history: Schema.Array(CardEvent)
})
/** @see {@link CardView} */
export type CardView = typeof CardView.Type

/**
 * A referral a command moved, as one result line: its tenant, id and new version; within the
 * key's tenant also the events appended and the state (the core's `ReferralEvent`s and
 * `ReferralState`). A referral of another store of the dealer group (the referee's card is here,
 * the referral there) shows only its tenant, id and version.
 *
 * @example
 * ```ts
 * import type { ReferralChange } from "@jipan/dms-api"
 * const status = (r: ReferralChange) => r.state?.status
 * ```
 */
export const ReferralChange = Schema.Struct({
  tenant: Tenant,
  referralId: ReferralId,
  version: Schema.Number,
  events: Schema.optional(Schema.Array(JsonObject)),
  state: Schema.optional(JsonObject)
})
/** @see {@link ReferralChange} */
export type ReferralChange = typeof ReferralChange.Type

/**
 * A referral a card's command could not advance (its own refusal, e.g. no reward row matches the
 * delivery): the card's command stands, the referral is left as it was (the core's
 * `ReferralProblem`).
 *
 * @example
 * ```ts
 * import type { ReferralProblemLine } from "@jipan/dms-api"
 * const line = (p: ReferralProblemLine) => `${p.referralId}: ${p.error}`
 * ```
 */
export const ReferralProblemLine = Schema.Struct({
  tenant: Tenant,
  referralId: ReferralId,
  error: Schema.String,
  message: Schema.String
})
/** @see {@link ReferralProblemLine} */
export type ReferralProblemLine = typeof ReferralProblemLine.Type

/**
 * The card another card's command opened in the same transaction (owner mining, `MineOwner`: the
 * linked prospect card): its id, version, events and state.
 *
 * @example
 * ```ts
 * import type { LinkedCard } from "@jipan/dms-api"
 * const id = (c: LinkedCard) => c.cardId
 * ```
 */
export const LinkedCard = Schema.Struct({
  cardId: CardId,
  version: Schema.Number,
  events: Schema.Array(CardEvent),
  state: JsonObject
})
/** @see {@link LinkedCard} */
export type LinkedCard = typeof LinkedCard.Type

/**
 * What a command produced: the events appended, the card's new state and version (the new
 * `ETag`); the referrals whose referee the card is, moved in the same transaction (linked on
 * open, ordered, delivered, cancelled), and those it could not move; the card owner mining
 * opened (`linked`).
 *
 * @example
 * ```ts
 * import type { CommandResult } from "@jipan/dms-api"
 * const tags = (r: CommandResult) => r.events.map((e) => e._tag)
 * ```
 */
export const CommandResult = Schema.Struct({
  cardId: CardId,
  version: Schema.Number,
  events: Schema.Array(CardEvent),
  state: JsonObject,
  referrals: Schema.Array(ReferralChange),
  referralProblems: Schema.Array(ReferralProblemLine),
  linked: Schema.optional(LinkedCard)
})
/** @see {@link CommandResult} */
export type CommandResult = typeof CommandResult.Type

/**
 * One line of a card list (the core's `CardSummary`).
 *
 * @example
 * ```ts
 * import type { CardLine } from "@jipan/dms-api"
 * const due = (c: CardLine) => c.nextContactDue
 * ```
 */
export const CardLine = Schema.Struct({
  tenant: Tenant,
  cardId: CardId,
  version: Schema.Number,
  status: CardStatus.schema,
  owner: Schema.optional(ConsultantId),
  grade: Schema.optional(GradeId),
  nextContactDue: Schema.optional(CalendarDate),
  phone: Schema.optional(Schema.String).annotate({
    description:
      "The customer's phone in E.164, or masked (138****5678) when the key may not see the owner's customers"
  }),
  customerId: Schema.optional(Schema.String),
  openedOn: Schema.optional(CalendarDate)
})
/** @see {@link CardLine} */
export type CardLine = typeof CardLine.Type

/**
 * A page of cards; pass `next` as `cursor` for the following page (absent on the last one).
 *
 * @example
 * ```ts
 * import type { CardPage } from "@jipan/dms-api"
 * const more = (p: CardPage) => p.next !== undefined
 * ```
 */
export const CardPage = Schema.Struct({ items: Schema.Array(CardLine), next: Schema.optional(Schema.String) })
/** @see {@link CardPage} */
export type CardPage = typeof CardPage.Type

/**
 * A consultant's work list for a day: due that day and overdue.
 *
 * @example
 * ```ts
 * import type { WorkListView } from "@jipan/dms-api"
 * const count = (w: WorkListView) => w.dueToday.length + w.overdue.length
 * ```
 */
export const WorkListView = Schema.Struct({
  date: CalendarDate,
  dueToday: Schema.Array(CardLine),
  overdue: Schema.Array(CardLine)
})
/** @see {@link WorkListView} */
export type WorkListView = typeof WorkListView.Type

const [Register, ...referralCommandsButRegister] = ReferralCommand.members

/**
 * Registering a referral (推荐登记): the core's `Register` command without its tag — the day, the
 * registration form and, optionally, the validity look-ups only the caller knows (the referee's
 * confirmation, the DCRC's phone audit, customers kept outside Jipan). The library assembles the
 * rest (cards with the referee's phone across the dealer group, earlier claims) and links the
 * referee's card. The referral's id is the registration's `referralId`; its `storeId` must be the
 * key's.
 *
 * @example
 * ```ts
 * import type { ReferralRegistrationRequest } from "@jipan/dms-api"
 * ```
 */
export const ReferralRegistrationRequest = Register.mapFields(Struct.omit(["_tag"]))
/** @see {@link ReferralRegistrationRequest} */
export type ReferralRegistrationRequest = typeof ReferralRegistrationRequest.Type

/**
 * Every referral command but `Register` (which is `POST /referrals`): the members of the core's
 * `ReferralCommand` Schema after its first, `Register`, so a command body is decoded exactly as
 * the core decodes it.
 *
 * @example
 * ```ts
 * import type { ReferralCommandBody } from "@jipan/dms-api"
 * const approve: ReferralCommandBody = { _tag: "Approve", on: "2026-12-11" as never }
 * ```
 */
export const ReferralCommandBody = Schema.Union(referralCommandsButRegister)
/** @see {@link ReferralCommandBody} */
export type ReferralCommandBody = typeof ReferralCommandBody.Type

/**
 * A referral as read (with its `history`) or as a command left it (with the `events` appended,
 * the library's link to the referee's card and catch-up included, and the `ledger` entries): id,
 * version and state (the core's `ReferralState`).
 *
 * @example
 * ```ts
 * import type { ReferralView } from "@jipan/dms-api"
 * const status = (r: ReferralView) => r.state.status
 * ```
 */
export const ReferralView = Schema.Struct({
  referralId: ReferralId,
  version: Schema.Number,
  state: JsonObject,
  history: Schema.optional(Schema.Array(JsonObject)),
  events: Schema.optional(Schema.Array(JsonObject)),
  ledger: Schema.optional(Schema.Array(JsonObject))
})
/** @see {@link ReferralView} */
export type ReferralView = typeof ReferralView.Type

/**
 * Where a page of referrals continues: the core's `ReferralKey` (the last referral's store and
 * id) as an opaque cursor (base64url JSON) on the wire, the `ReferralKey` itself in the typed
 * client. A DMS passes a page's `next` back as `cursor`, as with the cards.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ReferralCursor } from "@jipan/dms-api"
 * Schema.encodeSync(ReferralCursor)({ storeId: "store-01", referralId: "ref-1" } as never) // "eyJzdG9yZUlkIjoi…"
 * ```
 */
export const ReferralCursor = Schema.StringFromBase64Url.pipe(
  Schema.decodeTo(Schema.fromJsonString(ReferralKey))
).annotate({
  description: "An opaque cursor: the next of the page before"
})

const referralQuery = ReferralQuery.fields

/**
 * The query parameters of `GET /referrals`: the core's `ReferralQuery` filters as they are (the
 * referee's phone in any common format, the referrer, the consultant, the status — repeat for
 * several —, the referee's linked card), `limit` within the core's bounds (1–500, 50 when absent)
 * and the `cursor` of the page before.
 *
 * @example
 * ```ts
 * import { ReferralSearch } from "@jipan/dms-api"
 * Object.keys(ReferralSearch) // ["refereePhone", "referrerId", "consultantId", "status", "refereeCardId", "limit", "cursor"]
 * ```
 */
export const ReferralSearch = {
  refereePhone: referralQuery.refereePhone,
  referrerId: referralQuery.referrerId,
  consultantId: referralQuery.consultantId,
  status: referralQuery.status,
  refereeCardId: referralQuery.refereeCardId,
  limit: Schema.optional(
    Schema.FiniteFromString.pipe(Schema.decodeTo(referralQuery.limit.schema.members[0]))
  ),
  cursor: Schema.optional(ReferralCursor)
}

/**
 * One referral a search found (the core's `FoundReferral`): its tenant, id, version and state
 * (the core's `ReferralState`), without the history.
 *
 * @example
 * ```ts
 * import type { ReferralLine } from "@jipan/dms-api"
 * const status = (r: ReferralLine) => r.state.status
 * ```
 */
export const ReferralLine = Schema.Struct({
  tenant: Tenant,
  referralId: ReferralId,
  version: Schema.Number,
  state: JsonObject
})
/** @see {@link ReferralLine} */
export type ReferralLine = typeof ReferralLine.Type

/**
 * A page of referrals, in (store, referral id) order; pass `next` as `cursor` for the following
 * page (absent on the last one).
 *
 * @example
 * ```ts
 * import type { ReferralLinePage } from "@jipan/dms-api"
 * const more = (p: ReferralLinePage) => p.next !== undefined
 * ```
 */
export const ReferralLinePage = Schema.Struct({
  items: Schema.Array(ReferralLine),
  next: Schema.optional(ReferralCursor)
})
/** @see {@link ReferralLinePage} */
export type ReferralLinePage = typeof ReferralLinePage.Type

/**
 * What a close of day did (the core's `DayClosed`): the grades the lapse rule lowered (with the
 * step's rule id), the vouchers expired, the outbox messages written or already there (their
 * ids; none without a notification directory), and what it could not do, each with its reason.
 *
 * @example
 * ```ts
 * import type { DayClosedView } from "@jipan/dms-api"
 * const line = (d: DayClosedView) => `${d.day}: ${d.lapsed.length} lapsed`
 * ```
 */
export const DayClosedView = Schema.Struct({
  day: CalendarDate,
  lapsed: Schema.Array(
    Schema.Struct({
      tenant: Tenant,
      cardId: CardId,
      from: Schema.String,
      to: Schema.String,
      ruleId: Schema.String
    })
  ),
  vouchersExpired: Schema.Array(
    Schema.Struct({ tenant: Tenant, referralId: ReferralId, voucherId: Schema.String })
  ),
  messages: Schema.Array(Schema.String),
  problems: Schema.Array(Schema.Struct({ id: Schema.String, error: Schema.String, message: Schema.String }))
})
/** @see {@link DayClosedView} */
export type DayClosedView = typeof DayClosedView.Type

/**
 * A webhook registration: where the DMS wants card and referral events (`card.changed`,
 * `referral.changed`), signed with `secret` (HMAC-SHA256, `x-jipan-signature`).
 *
 * @example
 * ```ts
 * import type { WebhookRegistration } from "@jipan/dms-api"
 * const hook: WebhookRegistration = { url: "https://dms.example.com/jipan", topics: ["card", "referral"] }
 * ```
 */
export const WebhookRegistration = Schema.Struct({
  url: Schema.String.check(Schema.isPattern(/^https?:\/\/[^\s]{1,2000}$/)),
  topics: Schema.Array(Schema.Literals(["card", "referral"])).check(Schema.isMinLength(1)),
  secret: Schema.optional(Schema.String.check(Schema.isMinLength(16), Schema.isMaxLength(200)))
})
/** @see {@link WebhookRegistration} */
export type WebhookRegistration = typeof WebhookRegistration.Type

/** A stored webhook registration (the secret is only shown when it is created). */
export const WebhookView = Schema.Struct({
  dealerGroupId: Schema.String,
  storeId: Schema.optional(Schema.String),
  url: Schema.String,
  topics: Schema.Array(Schema.String),
  secret: Schema.optional(Schema.String)
})
/** @see {@link WebhookView} */
export type WebhookView = typeof WebhookView.Type

// ---------------------------------------------------------------------------------------------
// Privacy (PIPL, issue #19): erasure, the access export, the audit log, consents
// ---------------------------------------------------------------------------------------------

const PersonPhone = PhoneNumberFromInput.annotate({
  description: "The person's phone in any common format (138 1234 5678, +86 138…), normalised to E.164"
})

/**
 * An erasure request (个人信息删除, PIPL art. 47): the person's phone, why (the request it answers,
 * not the person: it goes to the audit log), the caller's instant and an id for the erasure (its
 * audit record; erasing again with the same id records nothing new). Who asks is the key's.
 *
 * @example
 * ```ts
 * import type { ErasureRequest } from "@jipan/dms-api"
 * const r = { phone: "138 1234 5678", reason: "PIPL request 2026-118", at: Date.now(), erasureId: "erase-2026-118" }
 * ```
 */
export const ErasureRequest = Schema.Struct({
  phone: PersonPhone,
  reason: NonEmptyText,
  at: Instant,
  erasureId: IdString
})
/** @see {@link ErasureRequest} */
export type ErasureRequest = typeof ErasureRequest.Type

/**
 * What an erasure did (the core's `PersonErased`): the cards and referrals rewritten, the visits,
 * messages, delivery receipts and consent records whose personal data was removed.
 *
 * @example
 * ```ts
 * import type { ErasureView } from "@jipan/dms-api"
 * const line = (e: ErasureView) => `${e.cards.length} cards erased`
 * ```
 */
export const ErasureView = Schema.Struct({
  erasureId: Schema.String,
  cards: Schema.Array(Schema.Struct({ tenant: Tenant, cardId: CardId })),
  referrals: Schema.Array(Schema.Struct({ tenant: Tenant, referralId: ReferralId })),
  visits: Schema.Number,
  messages: Schema.Number,
  receipts: Schema.Number,
  consents: Schema.Number
})
/** @see {@link ErasureView} */
export type ErasureView = typeof ErasureView.Type

/**
 * A request for everything held about one person (查阅、复制, PIPL art. 45): the phone, why, the
 * caller's instant and an id for the access (its audit record).
 *
 * @example
 * ```ts
 * import type { PersonalDataRequest } from "@jipan/dms-api"
 * const r = { phone: "138 1234 5678", reason: "PIPL access request 2026-120", at: Date.now(), accessId: "access-120" }
 * ```
 */
export const PersonalDataRequest = Schema.Struct({
  phone: PersonPhone,
  reason: NonEmptyText,
  at: Instant,
  accessId: IdString
})
/** @see {@link PersonalDataRequest} */
export type PersonalDataRequest = typeof PersonalDataRequest.Type

const AuditKey = Schema.Struct({ at: Instant, id: IdString })

/**
 * Where a page of the audit log continues: the last record's instant and id as an opaque cursor
 * (base64url JSON) on the wire, `{ at, id }` in the typed client.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { AuditCursor } from "@jipan/dms-api"
 * Schema.encodeSync(AuditCursor)({ at: 1796000000000, id: "erase-1" } as never) // "eyJhdCI6…"
 * ```
 */
export const AuditCursor = Schema.StringFromBase64Url.pipe(
  Schema.decodeTo(Schema.fromJsonString(AuditKey))
).annotate({ description: "An opaque cursor: the next of the page before" })

const InstantFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Instant))

/**
 * The query parameters of `GET /privacy/audit`: a window of epoch milliseconds (`from` inclusive,
 * `to` exclusive), the actions (repeat for several), a store, `limit` (1–500, 100 by default) and
 * the `cursor` of the page before — the core's `AuditQuery`.
 *
 * @example
 * ```ts
 * import { AuditSearch } from "@jipan/dms-api"
 * Object.keys(AuditSearch) // ["from", "to", "action", "storeId", "limit", "cursor"]
 * ```
 */
export const AuditSearch = {
  from: Schema.optional(InstantFromString),
  to: Schema.optional(InstantFromString),
  action: Schema.optional(Schema.Array(Schema.Literals(["read", "export", "unmask", "correct", "erase"]))),
  storeId: Schema.optional(StoreId),
  limit: Schema.optional(
    Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 500 }))
  ),
  cursor: Schema.optional(AuditCursor)
}

/**
 * A page of the audit log (the core's `AccessRecord`s, in (at, id) order: who read, exported,
 * unmasked, corrected or erased, when, through which output and why; never a phone or a name);
 * pass `next` as `cursor` for the following page (absent on the last one).
 *
 * @example
 * ```ts
 * import type { AuditPageView } from "@jipan/dms-api"
 * const erasures = (p: AuditPageView) => p.records.filter((r) => r.action === "erase")
 * ```
 */
export const AuditPageView = Schema.Struct({
  records: Schema.Array(AccessRecord.annotate({ identifier: "AccessRecord" })),
  next: Schema.optional(AuditCursor)
})
/** @see {@link AuditPageView} */
export type AuditPageView = typeof AuditPageView.Type

/**
 * A consent record as a DMS sends it: the core's `ConsentEntry` without its `dealerGroupId` (the
 * key's) — id, the person's phone (any common format), purpose, channel (`"*"`: every channel),
 * `granted` or `withdrawn`, the instant and the evidence (who captured it, the form or recording).
 *
 * @example
 * ```ts
 * import type { ConsentInput } from "@jipan/dms-api"
 * ```
 */
export const ConsentInput = ConsentEntry.mapFields(Struct.omit(["dealerGroupId"]))
/** @see {@link ConsentInput} */
export type ConsentInput = typeof ConsentInput.Type

/**
 * A stored consent record (the core's `ConsentEntry`), its phone in E.164 or masked for a key that
 * may not see it.
 *
 * @example
 * ```ts
 * import type { ConsentView } from "@jipan/dms-api"
 * const withdrawn = (c: ConsentView) => c.status === "withdrawn"
 * ```
 */
export const ConsentView = Schema.Struct({
  ...ConsentEntry.fields,
  phone: Schema.String.annotate({ description: "The person's phone in E.164, or masked (138****5678)" })
})
/** @see {@link ConsentView} */
export type ConsentView = typeof ConsentView.Type

/**
 * One consultant's base-visit plan of a month against what was done (the core's `VisitPlanRow`).
 *
 * @example
 * ```ts
 * import type { VisitPlanLine } from "@jipan/dms-api"
 * const rate = (r: VisitPlanLine) => (r.planned === 0 ? 1 : r.done / r.planned)
 * ```
 */
export const VisitPlanLine = Schema.Struct({
  consultantId: ConsultantId,
  planned: Schema.Number,
  done: Schema.Number,
  doneByPlannedMeans: Schema.Number,
  missed: Schema.Number,
  pending: Schema.Number,
  missedCardIds: Schema.Array(CardId)
})
/** @see {@link VisitPlanLine} */
export type VisitPlanLine = typeof VisitPlanLine.Type

/**
 * One suggested entry of a consultant's plan (the core's `SuggestedVisit`): the card, the week of
 * the month, the means and why (`followUp.due` or the care rule's id).
 *
 * @example
 * ```ts
 * import type { SuggestedVisitLine } from "@jipan/dms-api"
 * const line = (v: SuggestedVisitLine) => `${v.cardId}: week ${v.week} by ${v.means}`
 * ```
 */
export const SuggestedVisitLine = Schema.Struct({
  cardId: CardId,
  week: Schema.Number,
  means: VisitMeans.schema,
  why: Schema.String
})
/** @see {@link SuggestedVisitLine} */
export type SuggestedVisitLine = typeof SuggestedVisitLine.Type

/** A report's answers by `Accept`: the core's value as JSON (an object, or a list of rows), CSV or XLSX. */
const reportAs = <J extends Schema.Top>(json: J) =>
  [
    json,
    Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/csv" })),
    Schema.Uint8Array.pipe(
      HttpApiSchema.asUint8Array({
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      })
    )
  ] as const

const reportSuccess = reportAs(JsonObject)

const describe = (description: string) => OpenApi.annotations({ description })

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/** `GET /health`: no key needed. */
export class SystemGroup extends HttpApiGroup.make("system", { topLevel: true }).add(
  HttpApiEndpoint.get("health", "/health", { success: Schema.Struct({ status: Schema.Literal("ok") }) })
) {}

/** Cards: open, read (with history, `ETag`), list (filters, cursor pages), commands (`If-Match`). */
export class CardsGroup extends HttpApiGroup.make("cards").add(
  HttpApiEndpoint.post("open", "/cards", {
    headers: postHeaders,
    payload: OpenCard,
    success: CommandResult.pipe(HttpApiSchema.status(201)),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Opens a card (建卡) with the core's OpenCard command; its storeId must be the key's store (a consultant's key opens only its own cards). Answers 201 with the card's ETag."
    )
  ),
  HttpApiEndpoint.get("get", "/cards/:cardId", {
    params: { cardId: CardId },
    headers: { "if-none-match": Schema.optional(Schema.String) },
    success: CardView,
    error: [...commonProblems]
  }).annotateMerge(describe("One card with its state and history; ETag is the card's version.")),
  HttpApiEndpoint.get("list", "/cards", {
    query: {
      owner: Schema.optional(ConsultantId),
      grade: Schema.optional(GradeId),
      status: Schema.optional(Schema.Array(CardStatus.schema)),
      limit: Schema.optional(Schema.FiniteFromString.check(Schema.isBetween({ minimum: 1, maximum: 500 }))),
      cursor: Schema.optional(Schema.String.check(Schema.isMaxLength(500)))
    },
    success: CardPage,
    error: [...commonProblems]
  }).annotateMerge(
    describe("A page of cards by owner, grade and status (repeat status for several); pass next as cursor.")
  ),
  HttpApiEndpoint.post("command", "/cards/:cardId/commands", {
    params: { cardId: CardId },
    headers: {
      ...postHeaders,
      "if-match": Schema.optional(Schema.String).annotate({
        description: 'The card version the command is based on ("3"); 412 when the card moved on'
      })
    },
    payload: CardCommand,
    // a command that opens a card (RecordBroadBase) names a card not there yet and answers 201
    success: [CommandResult, CommandResult.pipe(HttpApiSchema.status(201))],
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Runs one of the core's card commands (CardCommand) on the card: 200, or 201 for a command that opens the card (RecordBroadBase). With If-Match, the command applies only at that version (412 otherwise)."
    )
  )
) {}

/** Work lists and care contacts due. */
export class WorkGroup extends HttpApiGroup.make("work").add(
  HttpApiEndpoint.get("workList", "/work-lists/:consultantId", {
    params: { consultantId: ConsultantId },
    query: { date: CalendarDate },
    success: WorkListView,
    error: [...commonProblems]
  }).annotateMerge(describe("A consultant's cards due on date, and overdue.")),
  HttpApiEndpoint.get("careDue", "/care-due", {
    query: { date: CalendarDate, consultantId: Schema.optional(ConsultantId) },
    success: Schema.Array(JsonObject),
    error: [...commonProblems]
  }).annotateMerge(
    describe("Owned-customer care contacts due on or before date (the core's CareContactDue).")
  )
) {}

/** Referrals: register, find, read, commands; the reward ledger; a month's settlement. */
export class ReferralsGroup extends HttpApiGroup.make("referrals").add(
  HttpApiEndpoint.post("register", "/referrals", {
    headers: postHeaders,
    payload: ReferralRegistrationRequest,
    success: ReferralView.pipe(HttpApiSchema.status(201)),
    error: [...commonProblems]
  }).annotateMerge(describe("Registers a referral (推荐登记) with the caller's validity look-ups.")),
  HttpApiEndpoint.get("find", "/referrals", {
    query: ReferralSearch,
    success: ReferralLinePage,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Finds the registered referrals of the key's scope by the referee's phone (any common format), referrer, consultant, status (repeat for several) and the referee's linked card, limit (1–500, 50 by default) at a time in (store, referral id) order; pass next as cursor. A consultant's key finds only its own consultant's referrals."
    )
  ),
  HttpApiEndpoint.get("get", "/referrals/:referralId", {
    params: { referralId: ReferralId },
    success: ReferralView,
    error: [...commonProblems]
  }),
  HttpApiEndpoint.post("command", "/referrals/:referralId/commands", {
    params: { referralId: ReferralId },
    headers: postHeaders,
    payload: ReferralCommandBody,
    success: ReferralView,
    error: [...commonProblems]
  }).annotateMerge(describe("Runs a referral command (Approve, IssueReward, Reject…).")),
  HttpApiEndpoint.get("ledger", "/ledger", {
    query: {
      month: Schema.optional(YearMonth),
      referrerId: Schema.optional(Schema.String.check(Schema.isMaxLength(64))),
      consultantId: Schema.optional(ConsultantId)
    },
    success: Schema.Array(JsonObject),
    error: [...commonProblems]
  }).annotateMerge(describe("Reward ledger rows (the core's LedgerRow), in the order appended.")),
  HttpApiEndpoint.get("settlement", "/settlements/:month", {
    params: { month: YearMonth },
    success: JsonObject,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "A month's referral settlement (转介绍结算, the core's SettlementStatement) of the key's scope from the store alone: the deliveries (retail or fleet, units) and surveys the cards recorded, every registered referral and the month's ledger, under the policies in force (the default policy where no document sets a rule). Supervisor and admin keys. Computes; writes nothing."
    )
  ),
  HttpApiEndpoint.post("settle", "/settlements/:month", {
    params: { month: YearMonth },
    headers: postHeaders,
    payload: Schema.Struct({
      referralIds: Schema.optional(Schema.Array(ReferralId).check(Schema.isMaxLength(10_000))),
      contacts: Schema.optional(Schema.Array(ContactRecord).check(Schema.isMaxLength(100_000)))
    }),
    success: JsonObject,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Settles a month (the core's SettlementStatement) as GET /settlements/{month} does, for the key's store, adding the survey contacts given (contacts kept outside Jipan; a contact id the store holds is counted once). referralIds is accepted and ignored: every registered referral is read. Computes; writes nothing."
    )
  )
) {}

/** Policy documents: put a version, the policy in force on a day, check a draft. */
export class PoliciesGroup extends HttpApiGroup.make("policies").add(
  HttpApiEndpoint.post("put", "/policies", {
    headers: postHeaders,
    payload: PolicyDocument,
    success: HttpApiSchema.Created,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Stores a policy document version (admin keys; its scope must be the key's group, or its store)."
    )
  ),
  HttpApiEndpoint.get("inForce", "/policies/in-force", {
    query: { on: CalendarDate },
    success: JsonObject,
    error: [...commonProblems]
  }).annotateMerge(describe("The policy in force for the key's scope on a day (the core's Policy).")),
  HttpApiEndpoint.post("check", "/policies/check", {
    headers: postHeaders,
    payload: PolicyDocument,
    success: Schema.Struct({ findings: Schema.Array(JsonObject) }),
    error: [...commonProblems]
  }).annotateMerge(
    describe("Checks a draft document against the stored versions (gaps, overlaps) and the policy it makes.")
  ),
  HttpApiEndpoint.post("replay", "/policies/replay", {
    headers: postHeaders,
    payload: Schema.Struct({ draft: PolicyDocument, from: CalendarDate, to: CalendarDate }),
    success: JsonObject,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "The policy lab: replays the stored histories of the key's scope from `from` to `to` under the draft (checked first) and returns the differences against the policies in force, per rule id, with sample cards (the core's PolicyReplay). Computes; writes nothing."
    )
  )
) {}

/** The reception's visit log (来店/来电登记). */
export class VisitsGroup extends HttpApiGroup.make("visits").add(
  HttpApiEndpoint.post("record", "/visits", {
    headers: postHeaders,
    payload: Schema.Struct({ visits: Schema.Array(ShowroomVisit).check(Schema.isMaxLength(1000)) }),
    success: Schema.Struct({ recorded: Schema.Number }),
    error: [...commonProblems]
  }).annotateMerge(
    describe("Records visit-log entries (idempotent by visitId); each tenant must be the key's.")
  ),
  HttpApiEndpoint.get("list", "/visits", {
    query: { from: CalendarDate, to: Schema.optional(CalendarDate) },
    success: Schema.Array(JsonObject),
    error: [...commonProblems]
  })
) {}

/** The supervisor's forms and findings, as JSON, CSV or XLSX by `Accept`. */
export class ReportsGroup extends HttpApiGroup.make("reports").add(
  HttpApiEndpoint.get("daily", "/reports/daily", {
    query: {
      from: CalendarDate,
      to: Schema.optional(CalendarDate),
      consultantId: Schema.optional(ConsultantId)
    },
    success: reportSuccess,
    error: [...commonProblems]
  }).annotateMerge(describe("The daily business report (营业日报表).")),
  HttpApiEndpoint.get("control", "/reports/control", {
    query: { consultantId: ConsultantId, month: YearMonth, asOf: Schema.optional(CalendarDate) },
    success: reportSuccess,
    error: [...commonProblems]
  }).annotateMerge(describe("The prospect progress control table (有望客户进度管制表).")),
  HttpApiEndpoint.get("card", "/reports/card/:cardId", {
    params: { cardId: CardId },
    success: reportSuccess,
    error: [...commonProblems]
  }).annotateMerge(describe("The customer card form (客户信息卡), front and back.")),
  HttpApiEndpoint.get("findings", "/reports/findings", {
    query: { on: CalendarDate, from: Schema.optional(CalendarDate) },
    success: reportSuccess,
    error: [...commonProblems]
  }).annotateMerge(describe("The supervisor's findings on a day.")),
  HttpApiEndpoint.get("analytics", "/reports/analytics", {
    query: { from: CalendarDate, to: CalendarDate },
    success: reportSuccess,
    error: [...commonProblems]
  }).annotateMerge(
    describe("Funnel by source, referrals, follow-up effectiveness, defeats, referral chains.")
  ),
  HttpApiEndpoint.get("complaints", "/reports/complaints", {
    query: { from: CalendarDate, to: Schema.optional(CalendarDate) },
    success: reportAs(Schema.Array(JsonObject)),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "The supervisor's reply form (主管回复表, the core's ComplaintReplyRow list) of the days from..to (to defaults to from): every complaint recorded in the window and every one recorded before it and still open at its start, with the customer's words, the steps taken, the reply and whether the customer was satisfied. Supervisor and admin keys; the key's scope."
    )
  ),
  HttpApiEndpoint.get("vouchers", "/reports/vouchers", {
    query: { from: YearMonth, to: Schema.optional(YearMonth) },
    success: reportSuccess,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "The referral voucher statistics form (转介绍保养券统计表, the core's VoucherStatistics) of the months from..to (YYYY-MM, inclusive; to defaults to from) from the reward ledger: vouchers issued, redeemed, expired and reversed by month and referrer (counts and fen), the totals and the redemption rate. Supervisor and admin keys; the key's scope."
    )
  ),
  HttpApiEndpoint.get("visitPlan", "/reports/visit-plan", {
    query: { month: YearMonth, asOf: Schema.optional(CalendarDate) },
    success: Schema.Array(VisitPlanLine),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "The month's base-visit plan (基盘拜访计划) against what was done, per consultant, as of asOf (the month's last day by default): planned, done (by the planned means or not), missed with their cards, pending (the core's VisitPlanRow). The key's scope; a consultant's key gets its own consultant's line only."
    )
  ),
  HttpApiEndpoint.get("visitPlanSuggestion", "/reports/visit-plan/suggestion", {
    query: { consultantId: ConsultantId, month: YearMonth },
    success: Schema.Array(SuggestedVisitLine),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "A consultant's suggested base-visit plan for a month from the cabinet (the core's SuggestedVisit): open prospects and orders in the week of their due day by a call, owned customers by their care contacts. Nothing is planned until the consultant records PlanVisit. A consultant's key asks only for its own consultant."
    )
  )
) {}

/** Personal data (PIPL): erasure, the access export, the audit log and consents. */
export class PrivacyGroup extends HttpApiGroup.make("privacy").add(
  HttpApiEndpoint.post("erase", "/privacy/erasures", {
    headers: postHeaders,
    payload: ErasureRequest,
    success: ErasureView,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Erases one person from the key's dealer group by their phone (个人信息删除, PIPL art. 47; the core's erasePerson): every personal field of their cards, referrals, visits, messages, delivery receipts and consent records becomes a tombstone in one transaction, while every id, date, status and amount stays so past forms and settlements keep their numbers; recorded in the audit log as an erase by the key's role. Supervisor and admin keys (403 Forbidden for a consultant's). While a legal hold applies — an open order on one of their cards, a referral reward not yet settled — 409 ErasureRefused with data.reason (openOrder | unsettledReward) and data.holds (each card or referral: kind, storeId, id); retry once the hold is lifted. Erasing again with the same erasureId records nothing new."
    )
  ),
  HttpApiEndpoint.post("export", "/privacy/exports", {
    headers: postHeaders,
    payload: PersonalDataRequest,
    success: [
      JsonObject,
      Schema.Uint8Array.pipe(
        HttpApiSchema.asUint8Array({
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        })
      )
    ],
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Everything held about one person across the key's dealer group (查阅、复制, PIPL art. 45; the core's exportPersonalData): cards with their history, the referrals they are the referee or referrer of, visits, messages and delivery receipts, as JSON (the core's PersonalDataExport), or by Accept as the person's own XLSX copy, unmasked (the core's personalDataTables), each sheet's unmask written to the audit log with the request's reason before the workbook is sent. The export itself is recorded as an export with accessId. Supervisor and admin keys."
    )
  ),
  HttpApiEndpoint.get("audit", "/privacy/audit", {
    query: AuditSearch,
    success: AuditPageView,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "The audit log of personal data of the key's dealer group (个人信息处理记录, PIPL art. 54–55; the core's AuditLog): who read, exported, unmasked, corrected or erased, when, through which output and why, never a phone or a name; filtered by the window from..to (epoch ms, to exclusive), action (repeat for several) and storeId (a store key may name only its own), limit (1–500, 100 by default) at a time in (at, id) order; pass next as cursor. Supervisor and admin keys."
    )
  ),
  HttpApiEndpoint.post("recordConsents", "/privacy/consents", {
    headers: postHeaders,
    payload: Schema.Struct({
      entries: Schema.Array(ConsentInput).check(Schema.isMinLength(1), Schema.isMaxLength(1000))
    }),
    success: Schema.Struct({ recorded: Schema.Number }),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Records consents given or withdrawn (个人信息处理同意, PIPL art. 13–14; the core's ConsentEntry) in the key's dealer group, per person, purpose (careContact, marketing, referralProgram, shareWithOem, shareWithInsurer) and channel, with the evidence; the dispatcher and the close of day read them, so a withdrawal stops what is queued. Idempotent by id. Every key role: a consultant's key records only what its consultant captured (evidence.capturedBy)."
    )
  ),
  HttpApiEndpoint.get("consents", "/privacy/consents", {
    query: { phone: PersonPhone },
    success: Schema.Array(ConsentView),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "A person's consent records in the key's dealer group (by phone, in any common format), in time order. Supervisor and admin keys (the DCRC's): a consultant's key is refused, since the records span every store and consultant of the group."
    )
  )
) {}

/** The close of day (日结). */
export class DaysGroup extends HttpApiGroup.make("days").add(
  HttpApiEndpoint.post("close", "/days/:day/close", {
    params: { day: CalendarDate },
    headers: postHeaders,
    payload: Schema.Struct({
      at: Instant.annotate({
        description:
          "The instant of the close (epoch milliseconds), after the day's last command: the lapses are recorded then"
      })
    }),
    success: DayClosedView,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Closes a day for the key's scope (admin keys), what a DMS runs nightly: the lapse rule lowers overdue prospects one grade (an event with the step's rule id), vouchers past their date expire, and — when the server was given a notification directory — the day's care messages and voucher reminders go to the outbox. The API's command line has no directory, so it changes grades and vouchers only. Each card and referral in its own transaction; refusals are listed, not fatal; closing a day twice changes nothing the second time."
    )
  )
) {}

/** The outbox, the dispatcher (operators) and the webhook registration. */
export class OutboxGroup extends HttpApiGroup.make("outbox").add(
  HttpApiEndpoint.get("list", "/outbox", {
    query: { status: Schema.optional(Schema.Literals(["pending", "sent", "dead", "skipped"])) },
    success: Schema.Array(JsonObject),
    error: [...commonProblems]
  }).annotateMerge(describe("The outbox messages of the key's scope (the core's OutboxMessage).")),
  HttpApiEndpoint.post("dispatch", "/dispatch/run-once", {
    headers: postHeaders,
    success: JsonObject,
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Runs one dispatcher batch (admin keys): delivers due messages, webhooks included (the core's DispatchReport)."
    )
  ),
  HttpApiEndpoint.post("registerWebhook", "/webhooks", {
    headers: postHeaders,
    payload: WebhookRegistration,
    success: WebhookView.pipe(HttpApiSchema.status(201)),
    error: [...commonProblems]
  }).annotateMerge(
    describe(
      "Registers (or replaces) the key's tenant's webhook for card and referral events (admin keys). The secret is shown once."
    )
  ),
  HttpApiEndpoint.get("getWebhook", "/webhooks", { success: WebhookView, error: [...commonProblems] })
) {}

/**
 * The whole API: every group behind the {@link Authorization} and {@link Gateway} middleware but
 * `GET /health`.
 *
 * @example
 * ```ts
 * import { OpenApi } from "effect/http-api"
 * import { DmsApi } from "@jipan/dms-api"
 * const spec = OpenApi.fromApi(DmsApi)
 * ```
 */
export class DmsApi extends HttpApi.make("jipan-dms-api")
  .add(CardsGroup)
  .add(WorkGroup)
  .add(ReferralsGroup)
  .add(PoliciesGroup)
  .add(VisitsGroup)
  .add(ReportsGroup)
  .add(DaysGroup)
  .add(OutboxGroup)
  .add(PrivacyGroup)
  .middleware(Gateway)
  .middleware(Authorization)
  .add(SystemGroup)
  .annotate(HttpApi.PayloadParseOptions, { errors: "all", onExcessProperty: "error" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  .annotate(HttpApi.ParamsParseOptions, { errors: "all" })
  .annotateMerge(
    OpenApi.annotations({
      title: "Jipan DMS API",
      version: "0.0.0",
      description:
        "Jipan (基盘) over HTTP: customer cards, work lists, referrals (registration, search, settlement), the ledger, policies, visits, the supervisor's forms, the base-visit plan, the close of day, the outbox and personal data (erasure, the access export, the audit log, consents). Every request but /health carries an API key (Authorization: Bearer or X-Api-Key) scoped to one dealer group and optionally one store; the tenant always comes from the key. Personal data (PIPL) is masked by the key's role: a consultant's key sees its own customers (cards it owns, referrals it is the consultant of) and gets everyone else's masked (phones as 138****5678, names as 陈**, other personal text as ***), supervisor and admin keys see their scope unmasked; fields the core types strictly (a card's history) are only ever served to a key that may see them. Errors are application/problem+json with the error's _tag."
    })
  ) {}

/** Roles that may act as an actor of a command, per key role. */
export const actorRolesOf: Readonly<Record<KeyRole, ReadonlyArray<ActorRole>>> = {
  consultant: ["consultant"],
  supervisor: ["consultant", "supervisor", "dcrc", "system"],
  admin: ["consultant", "supervisor", "dcrc", "system"]
}
