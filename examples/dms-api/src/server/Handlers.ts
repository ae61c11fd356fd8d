/**
 * The handlers of every group, on the core's Effect use cases (typed errors all the way), with the
 * API's rules on top: the tenant comes from the key (a payload naming another is refused), a
 * consultant's key acts only on its own cards, `If-Match` pins a command to a version, and card
 * and referral events go out to the tenant's webhook through the outbox, in the command's
 * transaction.
 *
 * @module
 */

import { createHash } from "node:crypto"
import {
  AuditLog,
  accessRecordOf,
  analyticsOf,
  analyticsTables,
  applyDocument,
  type CardCommand,
  type CardId,
  CardStore,
  ConsentStore,
  type ConsultantId,
  type ContactRecord,
  cardFormOf,
  careDue,
  checkPolicy,
  checkPolicyVersions,
  closeDay,
  complaintReplyFormOf,
  complaintReplyTable,
  controlTableOf,
  customerCardFormTables,
  type DealerGroupId,
  dailyReportOf,
  dailyReportTable,
  defaultPolicy,
  erasePerson,
  exportPersonalData,
  findingsOf,
  findingsTable,
  findReferrals,
  getCard,
  getReferral,
  type HandledCard,
  handleCard,
  handleReferral,
  type JipanStore,
  listCards,
  maskPersonal,
  maskReportTable,
  maySeePersonal,
  type NotificationDirectory,
  type NotifierChannels,
  Outbox,
  type PersonalDataAccess,
  type PhoneNumber,
  type Policy,
  type PolicyDocument,
  PolicyStore,
  personalDataTables,
  policyAt,
  policyForScope,
  progressControlReportTable,
  putPolicyDocument,
  type ReferralCommand,
  type ReferralId,
  ReferralStore,
  ReportSource,
  type ReportTable,
  readLedger,
  recordVisits,
  referralsOf,
  replayPolicy,
  runDispatcherOnce,
  type StoreId,
  settleMonth,
  settlement,
  settlementHistoryOf,
  suggestVisitPlanOf,
  type Tenant,
  type TenantScope,
  type UseCaseOptions,
  type VersionConflict,
  type Viewer,
  visitPlanOf,
  voucherStatisticsOf,
  voucherStatisticsTable,
  workList,
  type YearMonth
} from "@jipan/core"
import { toCsv, toXlsx } from "@jipan/export"
import { Effect, Layer, Option, Schema } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { SqlClient } from "effect/sql"
import {
  actorRolesOf,
  CardView,
  CommandResult,
  DmsApi,
  Principal,
  type PrincipalShape,
  type ReferralChange,
  viewerOf
} from "../Api.js"
import type { Problem } from "../Problems.js"
import { CurrentRequest, problemOf, problemOfError, type RequestInfo } from "./Errors.js"
import { getWebhook, newWebhookSecret, putWebhook } from "./Tables.js"
import { enqueueWebhook, type WebhookCache } from "./Webhooks.js"

/**
 * What the handlers need besides the store: use-case options, the webhook cache, the channels, and
 * optionally the notification directory the close of day makes customer messages with (without
 * one it changes grades and vouchers only).
 */
export interface HandlerOptions {
  readonly useCase?: UseCaseOptions | undefined
  readonly webhooks: WebhookCache
  readonly channels: Layer.Layer<NotifierChannels>
  readonly directory?: NotificationDirectory | undefined
}

type Ctx = { readonly info: RequestInfo; readonly principal: PrincipalShape; readonly viewer: Viewer }

const context: Effect.Effect<Ctx, never, Principal> = Effect.gen(function* () {
  const principal = yield* Principal
  return { info: yield* CurrentRequest, principal, viewer: viewerOf(principal) }
})

// ---------------------------------------------------------------------------------------------
// Masking (PIPL): every answer with personal data is masked for the key's viewer, by the owner of
// the customer it is about: a card's owner, a referral's consultant, a ledger row's consultant.
// ---------------------------------------------------------------------------------------------

/** The consultant a referral's personal data belongs to: the consultant on its registration. */
const referralOwner = (state: unknown): string | undefined => {
  const id = (state as { readonly registration?: { readonly consultantId?: unknown } } | undefined)
    ?.registration?.consultantId
  return typeof id === "string" ? id : undefined
}

/** Rows of customers (cards, care contacts, ledger rows, referrals), each masked by its own owner. */
const maskRows = <A>(
  ctx: Ctx,
  rows: ReadonlyArray<A>,
  ownerOf: (row: A) => string | undefined
): ReadonlyArray<A> => rows.map((row) => maskPersonal(row, ctx.viewer, ownerOf(row)))

/** A referral's view, masked by its consultant. */
const maskReferral = <A extends { readonly state: unknown }>(ctx: Ctx, view: A): A =>
  maskPersonal(view, ctx.viewer, referralOwner(view.state))

const fail = (ctx: Ctx, tag: string, detail?: { readonly zh: string; readonly en: string }) =>
  Effect.fail(
    problemOf(
      ctx.info,
      tag,
      detail === undefined ? {} : { detail: ctx.info.lang === "zh-CN" ? detail.zh : detail.en }
    )
  )

/** Any failure of a use case as its problem. */
const asProblem =
  (ctx: Ctx) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, Problem, R> =>
    Effect.mapError(effect, (e) =>
      isProblemLike(e) ? (e as unknown as Problem) : problemOfError(ctx.info, e)
    )

const isProblemLike = (e: unknown): boolean =>
  typeof e === "object" && e !== null && "type" in e && "status" in e && "title" in e && "detail" in e

/** The key's scope: its group, and its store when it has one. */
const scopeOf = (p: PrincipalShape): TenantScope =>
  (p.storeId === undefined
    ? { dealerGroupId: p.dealerGroupId }
    : { dealerGroupId: p.dealerGroupId, storeId: p.storeId }) as TenantScope

/** The key's tenant; a group-wide key cannot act on one store's records. */
const tenantOf = (ctx: Ctx): Effect.Effect<Tenant, Problem> =>
  ctx.principal.storeId === undefined
    ? fail(ctx, "StoreRequired", {
        zh: "该密钥覆盖整个经销商集团;单个门店的记录需用门店范围的密钥",
        en: "This key covers the whole dealer group; a store's records need a store-scoped key"
      })
    : Effect.succeed({
        dealerGroupId: ctx.principal.dealerGroupId as DealerGroupId,
        storeId: ctx.principal.storeId as StoreId
      })

const requireRole = (ctx: Ctx, roles: ReadonlyArray<PrincipalShape["role"]>) =>
  roles.includes(ctx.principal.role)
    ? Effect.void
    : fail(ctx, "Forbidden", {
        zh: `此操作需要 ${roles.join("/")} 角色的密钥`,
        en: `This needs a key with the role ${roles.join(" or ")}`
      })

/** A consultant's key may only name its own consultant. */
const ownConsultant = (ctx: Ctx, consultantId: string | undefined) =>
  ctx.principal.role !== "consultant" || consultantId === ctx.principal.consultantId
    ? Effect.void
    : fail(ctx, "Forbidden", {
        zh: "顾问密钥只能查看本人的数据",
        en: "A consultant's key sees only its own consultant's records"
      })

const notFound = (ctx: Ctx, tag: "CardNotFound" | "ReferralNotFound", id: string) =>
  Effect.fail(
    problemOf(ctx.info, tag, {
      detail: ctx.info.lang === "zh-CN" ? `门店中没有 ${id}` : `No ${id} in the key's store`,
      data: tag === "CardNotFound" ? { cardId: id } : { referralId: id }
    })
  )

/** Loads a card the key may see (a consultant's key: only its own customers'), or 404. */
const visibleCard = (ctx: Ctx, tenant: Tenant, cardId: CardId) =>
  Effect.gen(function* () {
    const card = yield* getCard(tenant, cardId).pipe(asProblem(ctx))
    // a card whose customer the key may not see is not found: its history (the core's strictly
    // typed events) is never served masked
    if (!maySeePersonal(ctx.viewer, card.state.owner)) return yield* notFound(ctx, "CardNotFound", cardId)
    return card
  })

/** The version an `If-Match` names (`"3"`, `W/"3"` or `3`), or a 400. */
const parseIfMatch = (ctx: Ctx, header: string | undefined): Effect.Effect<number | undefined, Problem> => {
  if (header === undefined) return Effect.succeed(undefined)
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  if (m === null)
    return Effect.fail(
      problemOf(ctx.info, "BadRequest", {
        errors: [{ path: "headers.if-match", message: 'Expected a card version, e.g. "3"' }]
      })
    )
  return Effect.succeed(Number(m[1]))
}

const etagOf = (version: number) => `"${version}"`

/** A value of the core's as plain JSON (absent fields dropped), for the `JsonObject` responses. */
// biome-ignore lint/suspicious/noExplicitAny: plain JSON, typed by the endpoint's JsonObject schema
const plain = <A>(value: A): any => JSON.parse(JSON.stringify(value))

const json = <S extends Schema.Top>(
  schema: S,
  value: S["Type"],
  options: { readonly status?: number; readonly etag?: string | undefined } = {}
) =>
  Effect.map(Effect.orDie(schemaEncode(schema)(value)), (encoded) =>
    HttpServerResponse.jsonUnsafe(encoded, {
      status: options.status ?? 200,
      ...(options.etag === undefined ? {} : { headers: { etag: options.etag } })
    })
  )

const encoders = new WeakMap<object, (v: unknown) => Effect.Effect<unknown, unknown>>()
const schemaEncode = (schema: Schema.Top) => {
  let e = encoders.get(schema)
  if (e === undefined) {
    e = Schema.encodeUnknownEffect(schema as Schema.Codec<unknown, unknown>) as (
      v: unknown
    ) => Effect.Effect<unknown, unknown>
    encoders.set(schema, e)
  }
  return e
}

/** Checks the actor of a command against the key: a consultant's key acts as its consultant only. */
const checkActor = (ctx: Ctx, command: CardCommand) => {
  const roles = actorRolesOf[ctx.principal.role]
  if (!roles.includes(command.by.role))
    return fail(ctx, "Forbidden", {
      zh: `该密钥不能以 ${command.by.role} 身份操作`,
      en: `This key may not act as a ${command.by.role}`
    })
  if (ctx.principal.role === "consultant" && command.by.id !== ctx.principal.consultantId)
    return fail(ctx, "Forbidden", {
      zh: "顾问密钥只能以本人身份操作",
      en: "A consultant's key acts only as its own consultant"
    })
  return Effect.void
}

/** The commands that open a card: they name a card that does not exist yet, its store and its owner. */
const opensCard = (
  command: CardCommand
): command is Extract<CardCommand, { readonly _tag: "OpenCard" | "RecordBroadBase" }> =>
  command._tag === "OpenCard" || command._tag === "RecordBroadBase"

/** A referral a card's command moved, merged over the library's steps, with the referral's own tenant. */
interface MovedReferral {
  readonly tenant: Tenant
  readonly referralId: ReferralId
  readonly version: number
  readonly status: string
  readonly events: ReadonlyArray<HandledCard["referrals"][number]["events"][number]>
  readonly state: HandledCard["referrals"][number]["state"]
}

/**
 * The referrals the cards' transaction moved, one line each (the library may run several steps on
 * one: link, order, delivery), with their tenant as the library reports it (`HandledReferral.tenant`):
 * the referral may belong to another store of the dealer group. Keyed by store and id, since two
 * stores may use the same referral id.
 */
const referralChangesOf = (cards: ReadonlyArray<HandledCard>): ReadonlyArray<MovedReferral> => {
  const merged = new Map<string, MovedReferral>()
  for (const changed of cards)
    for (const r of changed.referrals) {
      const key = `${r.tenant.storeId}\u0000${r.referralId}`
      const before = merged.get(key)
      merged.set(key, {
        tenant: r.tenant,
        referralId: r.referralId,
        version: r.version,
        status: r.state.status,
        events: [...(before?.events ?? []), ...r.events],
        state: r.state
      })
    }
  return [...merged.values()]
}

/**
 * A moved referral as a result line: in full within the key's tenant — masked by the referral's
 * consultant, who may be another than the card's (a referral another consultant registered for
 * this card's customer) —, its ids only elsewhere.
 */
const referralChangeView = (ctx: Ctx, tenant: Tenant, r: MovedReferral): ReferralChange =>
  r.tenant.dealerGroupId === tenant.dealerGroupId && r.tenant.storeId === tenant.storeId
    ? maskReferral(ctx, {
        tenant: r.tenant,
        referralId: r.referralId,
        version: r.version,
        events: plain(r.events),
        state: plain(r.state)
      })
    : { tenant: r.tenant, referralId: r.referralId, version: r.version }

const card = (options: HandlerOptions) =>
  HttpApiBuilder.group(DmsApi, "cards", (handlers) =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const store = yield* Effect.context<JipanStore>()
      const useCase = options.useCase ?? {}

      const runCommand = (ctx: Ctx, tenant: Tenant, cardId: CardId, command: CardCommand, ifMatch?: number) =>
        Effect.gen(function* () {
          // the commands that open a card (OpenCard, RecordBroadBase) name a card not there yet, and
          // the store and owner the key must match
          const opening = opensCard(command)
          if (opening) {
            yield* checkActor(ctx, command)
            if (command.storeId !== tenant.storeId)
              return yield* fail(ctx, "TenantMismatch", {
                zh: `命令指向门店 ${command.storeId},但密钥属于门店 ${tenant.storeId}`,
                en: `The command names store ${command.storeId}, but the key is for store ${tenant.storeId}`
              })
            if (ctx.principal.role === "consultant" && command.owner !== ctx.principal.consultantId)
              return yield* fail(ctx, "Forbidden", {
                zh: "顾问密钥只能为本人建卡",
                en: "A consultant's key opens cards only for its own consultant"
              })
          }
          const cards = yield* CardStore
          // a consultant's key and If-Match need the card first; otherwise the use case loads it
          const preload = ctx.principal.role === "consultant" || ifMatch !== undefined
          let current = 0
          if (preload) {
            const stored = yield* cards.load(tenant, cardId).pipe(asProblem(ctx))
            if (Option.isSome(stored) && !maySeePersonal(ctx.viewer, stored.value.state.owner))
              return yield* notFound(ctx, "CardNotFound", cardId)
            if (!opening && Option.isNone(stored)) return yield* notFound(ctx, "CardNotFound", cardId)
            current = Option.match(stored, { onNone: () => 0, onSome: (c) => c.version })
          }
          if (!opening) yield* checkActor(ctx, command)
          const stale = (actual: number) =>
            Effect.fail(
              problemOf(ctx.info, "PreconditionFailed", {
                detail:
                  ctx.info.lang === "zh-CN"
                    ? `客户卡当前版本为 ${actual},If-Match 为 ${ifMatch}`
                    : `The card is at version ${actual}, If-Match names ${ifMatch}`,
                data: { expected: ifMatch, actual }
              })
            )
          if (ifMatch !== undefined && current !== ifMatch) return yield* stale(current)
          const handled = yield* handleCard(
            { tenant, cardId, command },
            // with If-Match the core refuses another version with VersionConflict, unretried
            ifMatch === undefined ? useCase : { ...useCase, expectedVersion: ifMatch }
          ).pipe(
            Effect.catchTag(
              "VersionConflict",
              (e): Effect.Effect<never, Problem | VersionConflict> =>
                ifMatch === undefined ? Effect.fail(e) : stale(e.actual)
            ),
            // a refusal of a command on a card that does not exist is a 404
            Effect.catch((e) =>
              preload || opening || isProblemLike(e) || e._tag === "StoreError"
                ? Effect.fail(e)
                : Effect.flatMap(cards.load(tenant, cardId), (found) =>
                    Option.isNone(found) ? notFound(ctx, "CardNotFound", cardId) : Effect.fail(e)
                  )
            ),
            asProblem(ctx)
          )
          const cardsChanged = handled.linked === undefined ? [handled] : [handled, handled.linked]
          for (const changed of cardsChanged) {
            // a command that decided nothing (a lapse not reached) changed nothing to announce
            if (changed.events.length === 0) continue
            yield* enqueueWebhook(options.webhooks, {
              tenant,
              topic: "card",
              id: changed.cardId,
              version: changed.version,
              at: command.at,
              data: {
                status: changed.state.status,
                owner: changed.state.owner,
                grade: changed.state.grade,
                nextContactDue: changed.state.nextContactDue,
                events: changed.events.map((e) => e._tag)
              }
            }).pipe(asProblem(ctx))
          }
          const referrals = referralChangesOf(cardsChanged)
          for (const r of referrals)
            yield* enqueueWebhook(options.webhooks, {
              tenant: r.tenant,
              topic: "referral",
              id: r.referralId,
              version: r.version,
              at: command.at,
              data: { status: r.status, events: r.events.map((e) => e._tag) }
            }).pipe(asProblem(ctx))
          return { handled, referrals }
        })

      /** One transaction around the command when If-Match or a webhook message must commit with it. */
      const command = (ctx: Ctx, tenant: Tenant, cardId: CardId, body: CardCommand, ifMatch?: number) =>
        Effect.gen(function* () {
          const hook = yield* options.webhooks.get(tenant).pipe(asProblem(ctx))
          const run = runCommand(ctx, tenant, cardId, body, ifMatch)
          return yield* ifMatch !== undefined || Option.isSome(hook) ? sql.withTransaction(run) : run
        }).pipe(Effect.catchTag("SqlError", (e) => Effect.fail(problemOfError(ctx.info, e))))

      const respond = (
        ctx: Ctx,
        { handled, referrals }: Effect.Success<ReturnType<typeof command>>,
        tenant: Tenant,
        status: number
      ) => {
        // the command's card is the key's to see (runCommand refused it otherwise); the card owner
        // mining opened has the same owner, and would show no events if it had not
        const linked = handled.linked
        const linkedVisible = linked !== undefined && maySeePersonal(ctx.viewer, linked.state.owner)
        return json(
          CommandResult,
          {
            cardId: handled.cardId,
            version: handled.version,
            events: handled.events,
            state: maskPersonal(plain(handled.state), ctx.viewer, handled.state.owner),
            referrals: referrals.map((r) => referralChangeView(ctx, tenant, r)),
            referralProblems: [...handled.referralProblems, ...(handled.linked?.referralProblems ?? [])].map(
              (p) => ({
                tenant: p.tenant,
                referralId: p.referralId,
                error: p.error,
                message: p.message
              })
            ),
            ...(linked === undefined
              ? {}
              : {
                  linked: {
                    cardId: linked.cardId,
                    version: linked.version,
                    events: linkedVisible ? linked.events : [],
                    state: maskPersonal(plain(linked.state), ctx.viewer, linked.state.owner)
                  }
                })
          },
          { status, etag: etagOf(handled.version) }
        )
      }

      return handlers
        .handle("open", ({ payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            const tenant = yield* tenantOf(ctx)
            const handled = yield* command(ctx, tenant, payload.cardId, payload)
            return yield* respond(ctx, handled, tenant, 201)
          }).pipe(Effect.provideContext(store))
        )
        .handle("get", ({ params, headers }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            const tenant = yield* tenantOf(ctx)
            const found = yield* visibleCard(ctx, tenant, params.cardId)
            const etag = etagOf(found.version)
            if (headers["if-none-match"]?.includes(etag))
              return HttpServerResponse.empty({ status: 304, headers: { etag } })
            return yield* json(
              CardView,
              {
                tenant: found.tenant,
                cardId: found.cardId,
                version: found.version,
                state: maskPersonal(plain(found.state), ctx.viewer, found.state.owner),
                history: found.history
              },
              { etag }
            )
          }).pipe(Effect.provideContext(store))
        )
        .handle("list", ({ query }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* ownConsultant(ctx, query.owner ?? ctx.principal.consultantId)
            const owner =
              ctx.principal.role === "consultant" ? (ctx.principal.consultantId as ConsultantId) : query.owner
            const page = yield* listCards(
              scopeOf(ctx.principal),
              { owner, grade: query.grade, status: query.status },
              { limit: query.limit, cursor: query.cursor }
            ).pipe(asProblem(ctx))
            const items = maskRows(ctx, page.items, (c) => c.owner)
            return page.next == null ? { items } : { items, next: page.next }
          }).pipe(Effect.provideContext(store))
        )
        .handle("command", ({ params, headers, payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            const tenant = yield* tenantOf(ctx)
            const ifMatch = yield* parseIfMatch(ctx, headers["if-match"])
            const handled = yield* command(ctx, tenant, params.cardId, payload, ifMatch)
            return yield* respond(ctx, handled, tenant, opensCard(payload) ? 201 : 200)
          }).pipe(Effect.provideContext(store))
        )
    })
  )

const work = HttpApiBuilder.group(DmsApi, "work", (handlers) =>
  Effect.gen(function* () {
    const store = yield* Effect.context<JipanStore>()
    return handlers
      .handle("workList", ({ params, query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* ownConsultant(ctx, params.consultantId)
          const list = yield* workList(scopeOf(ctx.principal), params.consultantId, query.date).pipe(
            asProblem(ctx)
          )
          return {
            date: list.date,
            dueToday: maskRows(ctx, list.dueToday, (c) => c.owner),
            overdue: maskRows(ctx, list.overdue, (c) => c.owner)
          }
        }).pipe(Effect.provideContext(store))
      )
      .handle("careDue", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* ownConsultant(ctx, query.consultantId ?? ctx.principal.consultantId)
          const owner =
            ctx.principal.role === "consultant"
              ? (ctx.principal.consultantId as ConsultantId)
              : query.consultantId
          const due = yield* careDue(scopeOf(ctx.principal), query.date, owner).pipe(asProblem(ctx))
          return maskRows(ctx, plain(due) as ReadonlyArray<{ readonly owner?: string }>, (c) => c.owner)
        }).pipe(Effect.provideContext(store))
      )
  })
)

const referrals = (options: HandlerOptions) =>
  HttpApiBuilder.group(DmsApi, "referrals", (handlers) =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const store = yield* Effect.context<JipanStore>()
      const useCase = options.useCase ?? {}

      const run = (ctx: Ctx, tenant: Tenant, referralId: ReferralId, command: ReferralCommand) =>
        Effect.gen(function* () {
          const handled = yield* handleReferral({ tenant, referralId, command }, useCase).pipe(asProblem(ctx))
          yield* enqueueWebhook(options.webhooks, {
            tenant,
            topic: "referral",
            id: referralId,
            version: handled.version,
            at: Date.now(),
            data: { status: handled.state.status, events: handled.events.map((e) => e._tag) }
          }).pipe(asProblem(ctx))
          return maskReferral(ctx, {
            referralId: handled.referralId,
            version: handled.version,
            state: plain(handled.state),
            events: plain(handled.events),
            ledger: plain(handled.ledger)
          })
        }).pipe(
          sql.withTransaction,
          Effect.catchTag("SqlError", (e) => Effect.fail(problemOfError(ctx.info, e)))
        )

      /** A consultant's key sees only its own consultant's referrals. */
      const visibleReferral = (ctx: Ctx, tenant: Tenant, referralId: ReferralId) =>
        Effect.gen(function* () {
          const found = yield* getReferral(tenant, referralId).pipe(asProblem(ctx))
          if (
            ctx.principal.role === "consultant" &&
            found.state.registration?.consultantId !== ctx.principal.consultantId
          )
            return yield* notFound(ctx, "ReferralNotFound", referralId)
          return found
        })

      return handlers
        .handle("register", ({ payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            const tenant = yield* tenantOf(ctx)
            if (payload.registration.storeId !== tenant.storeId)
              return yield* fail(ctx, "TenantMismatch", {
                zh: `登记表指向门店 ${payload.registration.storeId},但密钥属于门店 ${tenant.storeId}`,
                en: `The registration names store ${payload.registration.storeId}, but the key is for store ${tenant.storeId}`
              })
            yield* ownConsultant(ctx, payload.registration.consultantId)
            const id = payload.registration.referralId
            const exists = yield* (yield* ReferralStore).load(tenant, id).pipe(asProblem(ctx))
            if (Option.isSome(exists))
              return yield* Effect.fail(
                problemOf(ctx.info, "Conflict", {
                  status: 409,
                  detail:
                    ctx.info.lang === "zh-CN" ? `推荐记录 ${id} 已存在` : `Referral ${id} already exists`
                })
              )
            const view = yield* run(ctx, tenant, id, { _tag: "Register", ...payload })
            return HttpServerResponse.jsonUnsafe(view, {
              status: 201,
              headers: { etag: etagOf(view.version) }
            })
          }).pipe(Effect.provideContext(store))
        )
        .handle("find", ({ query }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* ownConsultant(ctx, query.consultantId ?? ctx.principal.consultantId)
            const { cursor, ...filters } = query
            const page = yield* findReferrals(scopeOf(ctx.principal), {
              ...filters,
              ...(ctx.principal.role === "consultant"
                ? { consultantId: ctx.principal.consultantId as ConsultantId }
                : {}),
              ...(cursor === undefined ? {} : { after: cursor })
            }).pipe(asProblem(ctx))
            return {
              items: page.items.map((f) =>
                maskReferral(ctx, {
                  tenant: f.tenant,
                  referralId: f.referralId,
                  version: f.version,
                  state: plain(f.state)
                })
              ),
              ...(page.next === undefined ? {} : { next: page.next })
            }
          }).pipe(Effect.provideContext(store))
        )
        .handle("get", ({ params }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            const tenant = yield* tenantOf(ctx)
            const found = yield* visibleReferral(ctx, tenant, params.referralId)
            return maskReferral(ctx, {
              referralId: found.referralId,
              version: found.version,
              state: plain(found.state),
              history: plain(found.history)
            })
          }).pipe(Effect.provideContext(store))
        )
        .handle("command", ({ params, payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            const tenant = yield* tenantOf(ctx)
            yield* visibleReferral(ctx, tenant, params.referralId)
            if (ctx.principal.role === "consultant" && payload._tag !== "RecordRefereeOrder")
              return yield* fail(ctx, "Forbidden", {
                zh: "顾问密钥不能审核或发放推荐奖励",
                en: "A consultant's key cannot approve, reject or reward referrals"
              })
            return yield* run(ctx, tenant, params.referralId, payload)
          }).pipe(Effect.provideContext(store))
        )
        .handle("ledger", ({ query }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* ownConsultant(ctx, query.consultantId ?? ctx.principal.consultantId)
            const rows = yield* readLedger(scopeOf(ctx.principal), {
              month: query.month,
              referrerId: query.referrerId,
              consultantId:
                ctx.principal.role === "consultant"
                  ? (ctx.principal.consultantId as ConsultantId)
                  : query.consultantId
            }).pipe(asProblem(ctx))
            return maskRows(
              ctx,
              plain(rows) as ReadonlyArray<{ readonly consultantId?: string }>,
              (r) => r.consultantId
            )
          }).pipe(Effect.provideContext(store))
        )
        .handle("settlement", ({ params }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            const statement = yield* settlement(scopeOf(ctx.principal), params.month, useCase).pipe(
              asProblem(ctx)
            )
            // every consultant's referrals: whole, for the supervisor and admin keys it is open to
            return maskPersonal(plain(statement), ctx.viewer, undefined)
          }).pipe(Effect.provideContext(store))
        )
        .handle("settle", ({ params, payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            const tenant = yield* tenantOf(ctx)
            const statement = yield* settleWith(tenant, params.month, payload.contacts ?? [], useCase).pipe(
              asProblem(ctx)
            )
            return maskPersonal(plain(statement), ctx.viewer, undefined)
          }).pipe(Effect.provideContext(store))
        )
    })
  )

/**
 * A store's settlement as the core reads it from the store (`settlementHistoryOf`), with survey
 * contacts the DMS keeps outside Jipan added (a contact id the store holds already counts once),
 * under the policies in force as `settlement` settles them.
 */
const settleWith = (
  tenant: Tenant,
  month: YearMonth,
  extra: ReadonlyArray<ContactRecord>,
  options: UseCaseOptions
) =>
  Effect.gen(function* () {
    const scope = { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId } as TenantScope
    const history = yield* settlementHistoryOf(scope, month)
    const known = new Set(history.contacts.map((c) => c.contactId))
    const contacts = [...history.contacts, ...extra.filter((c) => !known.has(c.contactId))]
    const documents = yield* (yield* PolicyStore).documents(tenant.dealerGroupId)
    const base = options.policyWhenNoDocuments === "fail" ? undefined : defaultPolicy
    return settleMonth({ ...history, contacts }, month, policyAt(documents, tenant.dealerGroupId, base))
  })

const policies = HttpApiBuilder.group(DmsApi, "policies", (handlers) =>
  Effect.gen(function* () {
    const store = yield* Effect.context<JipanStore>()
    const inScope = (ctx: Ctx, document: PolicyDocument) =>
      document.scope.dealerGroupId !== ctx.principal.dealerGroupId ||
      (ctx.principal.storeId !== undefined && document.scope.storeId !== ctx.principal.storeId)
        ? fail(ctx, "TenantMismatch", {
            zh: "政策文件的范围不属于该密钥",
            en: "The document's scope is outside the key's scope"
          })
        : Effect.void
    return handlers
      .handle("put", ({ payload }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* requireRole(ctx, ["admin"])
          yield* inScope(ctx, payload)
          yield* putPolicyDocument(scopeOf(ctx.principal), payload).pipe(asProblem(ctx))
          return HttpServerResponse.empty({ status: 201 })
        }).pipe(Effect.provideContext(store))
      )
      .handle("inForce", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          const policy = yield* policyForScope(scopeOf(ctx.principal), query.on).pipe(asProblem(ctx))
          return plain(policy)
        }).pipe(Effect.provideContext(store))
      )
      .handle("check", ({ payload }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* requireRole(ctx, ["supervisor", "admin"])
          if (payload.scope.dealerGroupId !== ctx.principal.dealerGroupId)
            return yield* fail(ctx, "TenantMismatch", {
              zh: "政策文件的范围不属于该密钥的经销商集团",
              en: "The document's scope is outside the key's dealer group"
            })
          const documents = yield* (yield* PolicyStore)
            .documents(payload.scope.dealerGroupId)
            .pipe(asProblem(ctx))
          const base: Policy = yield* policyForScope(payload.scope, payload.effectiveFrom).pipe(
            Effect.catchTag("NoPolicyInForce", () => Effect.succeed(defaultPolicy)),
            asProblem(ctx)
          )
          const findings = [
            ...checkPolicyVersions([...documents, payload]),
            ...checkPolicy(applyDocument(base, payload))
          ]
          return { findings: plain(findings) }
        }).pipe(Effect.provideContext(store))
      )
      .handle("replay", ({ payload }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* requireRole(ctx, ["supervisor", "admin"])
          // the replay writes nothing and reads only the key's scope: a store's supervisor may ask
          // what a draft of the group's policy would have done to the store
          if (payload.draft.scope.dealerGroupId !== ctx.principal.dealerGroupId)
            return yield* fail(ctx, "TenantMismatch", {
              zh: "政策草案的范围不属于该密钥的经销商集团",
              en: "The draft's scope is outside the key's dealer group"
            })
          const replay = yield* replayPolicy(scopeOf(ctx.principal), payload.draft, {
            from: payload.from,
            to: payload.to
          }).pipe(asProblem(ctx))
          return plain(replay)
        }).pipe(Effect.provideContext(store))
      )
  })
)

const visits = HttpApiBuilder.group(DmsApi, "visits", (handlers) =>
  Effect.gen(function* () {
    const store = yield* Effect.context<JipanStore>()
    return handlers
      .handle("record", ({ payload }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* requireRole(ctx, ["supervisor", "admin"])
          const tenant = yield* tenantOf(ctx)
          const other = payload.visits.findIndex(
            (v) => v.tenant.dealerGroupId !== tenant.dealerGroupId || v.tenant.storeId !== tenant.storeId
          )
          if (other >= 0)
            return yield* Effect.fail(
              problemOf(ctx.info, "TenantMismatch", {
                errors: [{ path: `payload.visits.${other}.tenant`, message: "Expected the key's tenant" }]
              })
            )
          yield* recordVisits(tenant, payload.visits).pipe(asProblem(ctx))
          return { recorded: payload.visits.length }
        }).pipe(Effect.provideContext(store))
      )
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* requireRole(ctx, ["supervisor", "admin"])
          const source = yield* ReportSource
          const range = { from: query.from, to: query.to ?? query.from }
          if (range.to < range.from)
            return yield* Effect.fail(
              problemOf(ctx.info, "BadRequest", {
                errors: [{ path: "query.to", message: `Expected a day on or after ${range.from}` }]
              })
            )
          const rows = yield* source.visitsOn(scopeOf(ctx.principal), range).pipe(asProblem(ctx))
          return maskPersonal(plain(rows), ctx.viewer, undefined)
        }).pipe(Effect.provideContext(store))
      )
  })
)

const days = (options: HandlerOptions) =>
  HttpApiBuilder.group(DmsApi, "days", (handlers) =>
    Effect.gen(function* () {
      const store = yield* Effect.context<JipanStore>()
      const useCase = options.useCase ?? {}
      return handlers.handle("close", ({ params, payload }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* requireRole(ctx, ["admin"])
          const closed = yield* closeDay(scopeOf(ctx.principal), params.day, payload.at, {
            ...useCase,
            directory: options.directory
          }).pipe(asProblem(ctx))
          // the cards and referrals the close changed, to their tenants' webhooks
          const cards = yield* CardStore
          for (const lapse of closed.lapsed) {
            const found = yield* cards.load(lapse.tenant, lapse.cardId).pipe(asProblem(ctx))
            if (Option.isNone(found)) continue
            const { state, version } = found.value
            yield* enqueueWebhook(options.webhooks, {
              tenant: lapse.tenant,
              topic: "card",
              id: lapse.cardId,
              version,
              at: payload.at,
              data: {
                status: state.status,
                owner: state.owner,
                grade: state.grade,
                nextContactDue: state.nextContactDue,
                events: ["GradeLapsed"]
              }
            }).pipe(asProblem(ctx))
          }
          const referrals = yield* ReferralStore
          for (const expired of closed.vouchersExpired) {
            const found = yield* referrals.load(expired.tenant, expired.referralId).pipe(asProblem(ctx))
            if (Option.isNone(found)) continue
            yield* enqueueWebhook(options.webhooks, {
              tenant: expired.tenant,
              topic: "referral",
              id: expired.referralId,
              version: found.value.version,
              at: payload.at,
              data: { status: found.value.state.status, events: ["RewardExpired"] }
            }).pipe(asProblem(ctx))
          }
          return plain(closed)
        }).pipe(Effect.provideContext(store))
      )
    })
  )

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** The format an `Accept` header asks for: json (default), csv or xlsx; undefined when none can be given. */
export const formatOf = (accept: string | undefined): "json" | "csv" | "xlsx" | undefined => {
  if (accept === undefined || accept.trim() === "") return "json"
  const ranked = accept
    .split(",")
    .map((part, i) => {
      const [type = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase())
      const q = params.find((p) => p.startsWith("q="))
      return { type, q: q === undefined ? 1 : Number(q.slice(2)) || 0, i }
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const { type } of ranked) {
    if (type === "application/json" || type === "application/*" || type === "*/*") return "json"
    if (type === "text/csv" || type === "text/*") return "csv"
    if (type === XLSX) return "xlsx"
  }
  return undefined
}

/**
 * A report as the `Accept`ed format: the core's object as JSON, or its tables as CSV or XLSX, with
 * its personal data masked for the key's viewer — by `about.owner` when the whole report is about
 * one consultant's customers (a card's form, a consultant's table), else row by row by the tables'
 * consultant column (the JSON as a whole, as no viewer it is open to needs it masked).
 */
const renderReport = (
  ctx: Ctx,
  name: string,
  value: unknown,
  tables: (locale: "zh-CN" | "en") => ReadonlyArray<ReportTable>,
  about?: { readonly owner: string | undefined }
) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const format = formatOf(request.headers.accept)
    const locale = ctx.info.lang
    if (format === undefined)
      return yield* Effect.fail(
        problemOf(ctx.info, "NotAcceptable", {
          detail:
            locale === "zh-CN"
              ? "可提供 application/json、text/csv 或 XLSX"
              : `Available: application/json, text/csv, ${XLSX}`
        })
      )
    if (format === "json") return HttpServerResponse.jsonUnsafe(maskPersonal(value, ctx.viewer, about?.owner))
    const masked = (t: ReportTable) =>
      about === undefined
        ? maskReportTable(t, ctx.viewer)
        : maySeePersonal(ctx.viewer, about.owner)
          ? t
          : // no row names the owner: every row of the report is masked
            maskReportTable(t, ctx.viewer, { ownerKey: "\u0000" })
    const shown = () => tables(locale).map(masked)
    if (format === "csv") {
      const parts = yield* Effect.forEach(shown(), (t) => toCsv(t, { locale, viewer: ctx.viewer }))
      return HttpServerResponse.text(parts.join("\r\n"), {
        contentType: "text/csv; charset=utf-8",
        headers: { "content-disposition": `attachment; filename="${name}.csv"` }
      })
    }
    const bytes = yield* toXlsx(shown(), { locale, viewer: ctx.viewer })
    return HttpServerResponse.uint8Array(bytes, {
      contentType: XLSX,
      headers: { "content-disposition": `attachment; filename="${name}.xlsx"` }
    })
  }).pipe(asProblem(ctx))

/** The 400 of a range whose `to` comes before its `from`. */
const notBefore = (ctx: Ctx, from: string) =>
  Effect.fail(
    problemOf(ctx.info, "BadRequest", {
      errors: [{ path: "query.to", message: `Expected ${from} or later` }]
    })
  )

const reports = HttpApiBuilder.group(DmsApi, "reports", (handlers) =>
  Effect.gen(function* () {
    const store = yield* Effect.context<JipanStore>()
    const supervisors = (ctx: Ctx) => requireRole(ctx, ["supervisor", "admin"])
    return handlers
      .handle("daily", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          // a consultant's key reads its own consultant's rows
          const consultantId =
            ctx.principal.role === "consultant"
              ? (query.consultantId ?? (ctx.principal.consultantId as ConsultantId))
              : query.consultantId
          yield* ownConsultant(ctx, consultantId)
          const report = yield* dailyReportOf(scopeOf(ctx.principal), { ...query, consultantId }).pipe(
            asProblem(ctx)
          )
          return yield* renderReport(
            ctx,
            `daily-${query.from}`,
            report,
            (locale) => [dailyReportTable(report, { locale })],
            consultantId === undefined ? undefined : { owner: consultantId }
          )
        }).pipe(Effect.provideContext(store))
      )
      .handle("control", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* ownConsultant(ctx, query.consultantId)
          const tenant = yield* tenantOf(ctx)
          const table = yield* controlTableOf(tenant, query).pipe(asProblem(ctx))
          return yield* renderReport(
            ctx,
            `control-${query.consultantId}-${query.month}`,
            table,
            (locale) => [progressControlReportTable(table, { locale })],
            { owner: query.consultantId }
          )
        }).pipe(Effect.provideContext(store))
      )
      .handle("card", ({ params }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          const tenant = yield* tenantOf(ctx)
          const card = yield* visibleCard(ctx, tenant, params.cardId)
          const form = yield* cardFormOf(tenant, params.cardId).pipe(asProblem(ctx))
          return yield* renderReport(
            ctx,
            `card-${params.cardId}`,
            form,
            (locale) => customerCardFormTables(form, { locale }),
            { owner: card.state.owner }
          )
        }).pipe(Effect.provideContext(store))
      )
      .handle("findings", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* supervisors(ctx)
          const report = yield* findingsOf(scopeOf(ctx.principal), query).pipe(asProblem(ctx))
          return yield* renderReport(ctx, `findings-${query.on}`, report, (locale) => [
            findingsTable(report, { locale })
          ])
        }).pipe(Effect.provideContext(store))
      )
      .handle("analytics", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* supervisors(ctx)
          const report = yield* analyticsOf(scopeOf(ctx.principal), query).pipe(asProblem(ctx))
          return yield* renderReport(ctx, `analytics-${query.from}-${query.to}`, report, (locale) =>
            analyticsTables(report, { locale })
          )
        }).pipe(Effect.provideContext(store))
      )
      .handle("complaints", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* supervisors(ctx)
          const range = { from: query.from, to: query.to ?? query.from }
          if (range.to < range.from) return yield* notBefore(ctx, range.from)
          const rows = yield* complaintReplyFormOf(scopeOf(ctx.principal), range).pipe(asProblem(ctx))
          return yield* renderReport(ctx, `complaints-${range.from}-${range.to}`, plain(rows), (locale) => [
            complaintReplyTable(rows, { locale })
          ])
        }).pipe(Effect.provideContext(store))
      )
      .handle("vouchers", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* supervisors(ctx)
          const range = { from: query.from, to: query.to ?? query.from }
          if (range.to < range.from) return yield* notBefore(ctx, range.from)
          const statistics = yield* voucherStatisticsOf(scopeOf(ctx.principal), range.from, range.to).pipe(
            asProblem(ctx)
          )
          return yield* renderReport(
            ctx,
            `vouchers-${range.from}-${range.to}`,
            plain(statistics),
            (locale) => [voucherStatisticsTable(statistics, { locale })]
          )
        }).pipe(Effect.provideContext(store))
      )
      .handle("visitPlan", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          const rows = yield* visitPlanOf(scopeOf(ctx.principal), query.month, query.asOf).pipe(
            asProblem(ctx)
          )
          // a consultant's key reads its own consultant's line, as with the daily report
          return ctx.principal.role === "consultant"
            ? rows.filter((r) => r.consultantId === ctx.principal.consultantId)
            : rows
        }).pipe(Effect.provideContext(store))
      )
      .handle("visitPlanSuggestion", ({ query }) =>
        Effect.gen(function* () {
          const ctx = yield* context
          yield* ownConsultant(ctx, query.consultantId)
          return yield* suggestVisitPlanOf(scopeOf(ctx.principal), query.consultantId, query.month).pipe(
            asProblem(ctx)
          )
        }).pipe(Effect.provideContext(store))
      )
  })
)

const outbox = (options: HandlerOptions) =>
  HttpApiBuilder.group(DmsApi, "outbox", (handlers) =>
    Effect.gen(function* () {
      const store = yield* Effect.context<JipanStore>()
      const sql = yield* SqlClient.SqlClient
      return handlers
        .handle("list", ({ query }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            const messages = yield* (yield* Outbox)
              .list(scopeOf(ctx.principal), query.status)
              .pipe(asProblem(ctx))
            // a message carries its recipient and text: whole for the supervisor and admin keys
            return maskPersonal(plain(messages), ctx.viewer, undefined)
          }).pipe(Effect.provideContext(store))
        )
        .handle("dispatch", () =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["admin"])
            const report = yield* runDispatcherOnce().pipe(Effect.provide(options.channels), asProblem(ctx))
            return plain(report)
          }).pipe(Effect.provideContext(store))
        )
        .handle("registerWebhook", ({ payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["admin"])
            const secret = payload.secret ?? newWebhookSecret()
            const storeId = ctx.principal.storeId ?? ""
            yield* putWebhook({
              dealerGroupId: ctx.principal.dealerGroupId,
              storeId,
              url: payload.url,
              secret,
              topics: payload.topics
            }).pipe(asProblem(ctx))
            options.webhooks.invalidate()
            return HttpServerResponse.jsonUnsafe(
              {
                dealerGroupId: ctx.principal.dealerGroupId,
                ...(ctx.principal.storeId === undefined ? {} : { storeId: ctx.principal.storeId }),
                url: payload.url,
                topics: payload.topics,
                secret
              },
              { status: 201 }
            )
          }).pipe(Effect.provideService(SqlClient.SqlClient, sql))
        )
        .handle("getWebhook", () =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            const found = yield* getWebhook(ctx.principal.dealerGroupId, ctx.principal.storeId ?? "").pipe(
              asProblem(ctx)
            )
            if (Option.isNone(found)) return yield* Effect.fail(problemOf(ctx.info, "WebhookNotFound"))
            return {
              dealerGroupId: found.value.dealerGroupId,
              ...(found.value.storeId === "" ? {} : { storeId: found.value.storeId }),
              url: found.value.url,
              topics: found.value.topics
            }
          }).pipe(Effect.provideService(SqlClient.SqlClient, sql))
        )
    })
  )

/** A short, stable id derived from an access id (an audit record's id stays within 64 characters). */
const derivedId = (prefix: string, ...parts: ReadonlyArray<string>) =>
  `${prefix}-${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24)}`

const privacy = (options: HandlerOptions) =>
  HttpApiBuilder.group(DmsApi, "privacy", (handlers) =>
    Effect.gen(function* () {
      const store = yield* Effect.context<JipanStore>()
      const useCase = options.useCase ?? {}
      const group = (ctx: Ctx) => ctx.principal.dealerGroupId as DealerGroupId
      // an erasure and an access export act on the person across the dealer group: a store's key
      // may act only when every card and referral of theirs is its store's, else a group-wide key
      const withinKeyStore = (ctx: Ctx, phone: PhoneNumber) =>
        Effect.gen(function* () {
          const own = ctx.principal.storeId
          if (own === undefined) return
          const cards = yield* (yield* CardStore).withPhone({ dealerGroupId: group(ctx) }, phone)
          const referrals = yield* referralsOf({ dealerGroupId: group(ctx) }, phone)
          const others = [
            ...new Set([...cards.map((c) => c.tenant.storeId), ...referrals.map((r) => r.tenant.storeId)])
          ]
            .filter((s) => s !== own)
            .sort()
          if (others.length > 0)
            return yield* fail(ctx, "Forbidden", {
              zh: `此人在其他门店 (${others.join(", ")}) 也有资料：需用集团级密钥`,
              en: `The person also has data in other stores (${others.join(", ")}): this needs a group-wide key`
            })
        }).pipe(asProblem(ctx))
      return handlers
        .handle("erase", ({ payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            yield* withinKeyStore(ctx, payload.phone)
            const erased = yield* erasePerson(
              group(ctx),
              payload.phone,
              { by: ctx.viewer, reason: payload.reason, at: payload.at, erasureId: payload.erasureId },
              useCase
            ).pipe(
              Effect.mapError((e) =>
                // the core refuses the role itself too: the key's role decides, as a 403
                e._tag === "ErasureRefused" && e.reason === "notAllowed"
                  ? problemOf(ctx.info, "ErasureRefused", {
                      status: 403,
                      detail:
                        ctx.info.lang === "zh-CN"
                          ? "只有主管、DCRC 或管理员可以删除个人信息"
                          : "Only a supervisor, the DCRC or an admin may erase a person's data",
                      data: { reason: e.reason, holds: [] }
                    })
                  : e
              ),
              asProblem(ctx)
            )
            return plain(erased)
          }).pipe(Effect.provideContext(store))
        )
        .handle("export", ({ payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            const request = yield* HttpServerRequest.HttpServerRequest
            const format = formatOf(request.headers.accept)
            if (format !== "json" && format !== "xlsx")
              return yield* fail(ctx, "NotAcceptable", {
                zh: "可提供 application/json 或 XLSX",
                en: `Available: application/json, ${XLSX}`
              })
            yield* withinKeyStore(ctx, payload.phone)
            const data = yield* exportPersonalData(group(ctx), payload.phone, {
              by: ctx.viewer,
              reason: payload.reason,
              at: payload.at,
              accessId: payload.accessId
            }).pipe(asProblem(ctx))
            if (format === "json")
              return HttpServerResponse.jsonUnsafe(maskPersonal(plain(data), ctx.viewer, undefined))
            // the person's own copy, unmasked: each sheet's unmask goes to the audit log before the
            // workbook leaves the server
            const accesses: Array<PersonalDataAccess> = []
            const bytes = yield* toXlsx(personalDataTables(data), {
              locale: ctx.info.lang,
              unmask: {
                viewer: ctx.viewer,
                reason: payload.reason,
                at: payload.at,
                onAccess: (access) => accesses.push(access)
              }
            }).pipe(asProblem(ctx))
            const records = yield* Effect.forEach(accesses, (a) =>
              Effect.fromResult(
                accessRecordOf(a, {
                  id: derivedId("unmask", payload.accessId, a.subject),
                  dealerGroupId: group(ctx),
                  storeId: ctx.principal.storeId
                })
              )
            ).pipe(asProblem(ctx))
            yield* (yield* AuditLog).record(records).pipe(asProblem(ctx))
            return HttpServerResponse.uint8Array(bytes, {
              contentType: XLSX,
              headers: {
                "content-disposition": `attachment; filename="personal-data-${payload.accessId}.xlsx"`
              }
            })
          }).pipe(Effect.provideContext(store))
        )
        .handle("audit", ({ query }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            yield* requireRole(ctx, ["supervisor", "admin"])
            if (
              ctx.principal.storeId !== undefined &&
              query.storeId !== undefined &&
              query.storeId !== ctx.principal.storeId
            )
              return yield* fail(ctx, "TenantMismatch", {
                zh: `查询指向门店 ${query.storeId},但密钥属于门店 ${ctx.principal.storeId}`,
                en: `The query names store ${query.storeId}, but the key is for store ${ctx.principal.storeId}`
              })
            if (query.from !== undefined && query.to !== undefined && query.to < query.from)
              return yield* notBefore(ctx, String(query.from))
            const page = yield* (yield* AuditLog)
              .find(group(ctx), {
                ...(query.from === undefined ? {} : { from: query.from }),
                ...(query.to === undefined ? {} : { to: query.to }),
                ...(query.action === undefined ? {} : { actions: query.action }),
                ...(query.storeId === undefined ? {} : { storeId: query.storeId }),
                ...(query.cursor === undefined ? {} : { after: query.cursor }),
                ...(query.limit === undefined ? {} : { limit: query.limit })
              })
              .pipe(asProblem(ctx))
            return page.next === undefined
              ? { records: page.records }
              : { records: page.records, next: page.next as never }
          }).pipe(Effect.provideContext(store))
        )
        .handle("recordConsents", ({ payload }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            if (ctx.principal.role === "consultant") {
              const other = payload.entries.findIndex(
                (e) => e.evidence.capturedBy !== ctx.principal.consultantId
              )
              if (other >= 0)
                return yield* Effect.fail(
                  problemOf(ctx.info, "Forbidden", {
                    detail:
                      ctx.info.lang === "zh-CN"
                        ? "顾问密钥只能登记本人采集的同意"
                        : "A consultant's key records only the consents its consultant captured",
                    errors: [
                      {
                        path: `payload.entries.${other}.evidence.capturedBy`,
                        message: "Expected the key's consultant"
                      }
                    ]
                  })
                )
            }
            const entries = payload.entries.map((e) => ({ ...e, dealerGroupId: group(ctx) }))
            yield* (yield* ConsentStore).record(entries).pipe(asProblem(ctx))
            return { recorded: entries.length }
          }).pipe(Effect.provideContext(store))
        )
        .handle("consents", ({ query }) =>
          Effect.gen(function* () {
            const ctx = yield* context
            // the records span every store and consultant of the group: the DCRC's and supervisors' to read
            yield* requireRole(ctx, ["supervisor", "admin"])
            const entries = yield* (yield* ConsentStore)
              .ofPerson(group(ctx), query.phone)
              .pipe(asProblem(ctx))
            return maskPersonal(plain(entries), ctx.viewer, undefined)
          }).pipe(Effect.provideContext(store))
        )
    })
  )

const system = HttpApiBuilder.group(DmsApi, "system", (handlers) =>
  handlers.handle("health", () => Effect.succeed({ status: "ok" as const }))
)

/**
 * Every group's handlers, needing the store (and its `SqlClient`).
 *
 * @example
 * ```ts
 * const Handlers = handlersLayer({ webhooks: makeWebhookCache(), channels })
 * ```
 */
export const handlersLayer = (options: HandlerOptions) =>
  Layer.mergeAll(
    card(options),
    work,
    referrals(options),
    policies,
    visits,
    reports,
    days(options),
    outbox(options),
    privacy(options),
    system
  )
