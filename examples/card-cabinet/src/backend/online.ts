/**
 * The online backend: the DMS API's typed client (`HttpApiClient` derived from the API's
 * definition, over `fetch`), from `@jipan/dms-api/client` — the package's browser-safe entry (the
 * definition, its problems and the client; the server stays out of the page). The key goes in
 * `Authorization: Bearer`, an `Idempotency-Key` on every POST.
 *
 * Failures reach the views as the offline mode's do: a command or a referral that does not decode
 * is refused before any request with the core's `InvalidInput`; the API's problems become errors
 * carrying the core error's `_tag` (`VersionConflict`, `CardNotFound`, `TransitionNotAllowed`…),
 * its fields and the problem's `detail` as `message` (a 400 is an `InvalidInput` with its issues,
 * a 503 or a lost connection a `StoreError` with reason `Unavailable`).
 *
 * @module
 */
import {
  type Analytics,
  type CalendarDate,
  type CardCommand,
  type CardId,
  type CardState,
  type CareContactDue,
  type ConsultantId,
  type DailyReport,
  decodeCardCommand,
  decoderFor,
  type FindingsReport,
  type HandledCard,
  type InputIssue,
  type ProgressControlTable,
  type ReferralEvent,
  type ReferralId,
  type ReferralState,
  type StoredCard,
  type StoredReferral,
  type WorkList,
  type YearMonth
} from "@jipan/core"
import {
  type CardView,
  type DmsClient,
  makeClient,
  type ReferralRegistrationRequest,
  type ReferralView,
  ReferralRegistrationRequest as RegistrationSchema
} from "@jipan/dms-api/client"
import { Effect, Result } from "effect"
import { FetchHttpClient } from "effect/http"
import { type CabinetBackend, type CardTile, tileOf } from "./CabinetBackend.js"

/** Options of {@link openOnline}. */
export interface OnlineOptions {
  /** The API's base URL (the cabinet's own server proxies `/api` to it); relative to the page. */
  readonly baseUrl: string
  /** An API key of the store (supervisor role to see every consultant's cards). */
  readonly apiKey: string
  /** The tenant of the key. */
  readonly tenant: { readonly dealerGroupId: string; readonly storeId: string }
  /** The supervisor's id (who approves defeats). */
  readonly supervisor?: string | undefined
  /** The store's consultants (default: the owners of the cards found). */
  readonly consultants?: ReadonlyArray<string> | undefined
}

/** What the API answered with: its problem document (RFC 9457 fields and the error's `data`). */
interface ProblemDocument {
  readonly status: number
  readonly _tag: string
  readonly detail: string
  readonly title?: string
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>
  readonly data?: Readonly<Record<string, unknown>>
}

/**
 * A failure of the online mode, shaped as the offline mode's: `_tag` is the core error's
 * (`VersionConflict`, `CardNotFound`, `InvalidInput`, `StoreError`…, or the API's own such as
 * `Unauthorized` and `Forbidden`), `message` the problem's `detail`, and the error's fields
 * (`existingCardId`, `expected`, `actual`, `issues`, `reason`…) are its own. `status` is the HTTP
 * status (0 when the API could not be reached), `problem` the document as answered.
 */
export class ApiError extends Error {
  readonly _tag: string
  readonly status: number
  readonly problem: ProblemDocument | undefined
  readonly [field: string]: unknown
  constructor(
    tag: string,
    message: string,
    fields: Readonly<Record<string, unknown>>,
    status: number,
    problem?: ProblemDocument
  ) {
    super(message)
    Object.assign(this, fields)
    this.name = tag
    this._tag = tag
    this.status = status
    this.problem = problem
  }
}

const isProblem = (u: unknown): u is ProblemDocument =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as { status?: unknown }).status === "number" &&
  typeof (u as { _tag?: unknown })._tag === "string" &&
  typeof (u as { detail?: unknown }).detail === "string"

/** The API's tags for the core's store errors (`problemOfError` on the server), back to `StoreError`. */
const storeReasons: Readonly<Record<string, string>> = {
  Unavailable: "Unavailable",
  TenantMismatch: "TenantMismatch"
}

/** The offline mode's error for a failure of a client call: a problem, a bad answer, or no answer. */
export const errorOf = (error: unknown): ApiError => {
  if (isProblem(error)) {
    const data = error.data ?? {}
    if (error._tag === "BadRequest") {
      const issues: ReadonlyArray<InputIssue> = (error.errors ?? []).map((i) => ({
        path: i.path.replace(/^payload\.?/, ""),
        message: i.message
      }))
      return new ApiError("InvalidInput", error.detail, { what: "request", issues }, error.status, error)
    }
    const reason = storeReasons[error._tag]
    if (reason !== undefined)
      return new ApiError("StoreError", error.detail, { ...data, reason }, error.status, error)
    return new ApiError(error._tag, error.detail, data, error.status, error)
  }
  const tag = (error as { _tag?: unknown } | null)?._tag
  const message = error instanceof Error ? error.message : String(error)
  // an answer the client could not decode is the server's fault; no answer at all, unavailable
  return tag === "SchemaError"
    ? new ApiError("StoreError", message, { reason: "Unknown" }, 0)
    : new ApiError("StoreError", message, { reason: "Unavailable" }, 0)
}

/** The page's `fetch` as it is when a request is sent (not as it was when the client was made). */
const fetchNow: typeof fetch = (input, init) => globalThis.fetch(input, init)

/** Runs a client call; rejects with {@link errorOf}'s error. */
const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(
    Effect.mapError(effect, errorOf).pipe(Effect.provideService(FetchHttpClient.Fetch, fetchNow))
  )

const decodeRegistration = decoderFor(RegistrationSchema, "ReferralRegistration")

const isoToday = () => new Date().toISOString().slice(0, 10)

/** The base URL as an absolute URL (a relative one is resolved against the page). */
const absolute = (baseUrl: string): string => {
  const trimmed = baseUrl.replace(/\/+$/, "")
  return typeof location === "undefined" ? trimmed : new URL(trimmed, location.href).href
}

const storedCard = (view: CardView): StoredCard => ({ ...view, state: view.state as unknown as CardState })

/** Connects to the API and returns the backend on it. */
export const openOnline = async (options: OnlineOptions): Promise<CabinetBackend> => {
  const client: DmsClient = await Effect.runPromise(
    makeClient({ baseUrl: absolute(options.baseUrl), apiKey: options.apiKey }).pipe(
      Effect.provide(FetchHttpClient.layer)
    )
  )
  const post = () => ({ "idempotency-key": crypto.randomUUID() })
  const getCard = (cardId: string) =>
    run(client.cards.get({ params: { cardId: cardId as CardId }, headers: {} })).then(storedCard)

  // The tiles: every card's state, kept up to date by the commands run through this backend
  // (the referral form's look-ups read them, as offline).
  const index = new Map<string, CardTile>()
  const tiles = async (owner?: string): Promise<ReadonlyArray<CardTile>> => {
    const out: Array<CardTile> = []
    let cursor: string | undefined
    do {
      const page = await run(
        client.cards.list({
          query: {
            ...(owner === undefined ? {} : { owner: owner as ConsultantId }),
            limit: 500,
            ...(cursor === undefined ? {} : { cursor })
          }
        })
      )
      const cards = await Promise.all(page.items.map((x) => getCard(x.cardId)))
      for (const c of cards) {
        const tile = tileOf(c.cardId, c.state)
        index.set(c.cardId, tile)
        out.push(tile)
      }
      cursor = page.next
    } while (cursor !== undefined)
    return out
  }
  const all = await tiles()
  const owners = [...new Set(all.map((x) => x.owner).filter((x): x is string => x !== undefined))].sort()
  const consultants = options.consultants ?? (owners.length > 0 ? owners : ["c-01"])

  const storedReferral = (view: ReferralView): StoredReferral => ({
    tenant: options.tenant as StoredReferral["tenant"],
    referralId: view.referralId,
    version: view.version,
    state: view.state as unknown as ReferralState,
    history: (view.history ?? []) as unknown as ReadonlyArray<ReferralEvent>
  })
  const referralIds = (cardId: string) => Array.from({ length: 20 }, (_, n) => `ref-${cardId}-${n + 1}`)
  const referralsOf = async (cardId: string): Promise<ReadonlyArray<StoredReferral>> => {
    const out: Array<StoredReferral> = []
    for (const id of referralIds(cardId)) {
      try {
        out.push(
          storedReferral(await run(client.referrals.get({ params: { referralId: id as ReferralId } })))
        )
      } catch {
        break
      }
    }
    return out
  }

  const handle = async (cardId: string, input: Record<string, unknown>): Promise<HandledCard> => {
    // the forms build commands field by field: decoded here as the offline facade does (InvalidInput names the path)
    const decoded = decodeCardCommand(input)
    if (Result.isFailure(decoded)) throw decoded.failure
    const command: CardCommand = decoded.success
    const result = await run(
      command._tag === "OpenCard"
        ? client.cards.open({ headers: post(), payload: command })
        : client.cards.command({ params: { cardId: cardId as CardId }, headers: post(), payload: command })
    )
    const state = result.state as unknown as CardState
    index.set(result.cardId, tileOf(result.cardId, state))
    // the API sends the card's own result; the referrals it drove are the API's to show, not the cabinet's
    return {
      cardId: result.cardId,
      version: result.version,
      events: result.events,
      state,
      messages: [],
      referrals: [],
      referralProblems: []
    }
  }

  return {
    mode: "online",
    tenant: options.tenant,
    today: isoToday(),
    now: () => Date.now(),
    consultants,
    supervisor: options.supervisor ?? "supervisor",
    tiles,
    workList: (consultantId, date) =>
      run(
        client.work.workList({
          params: { consultantId: consultantId as ConsultantId },
          query: { date: date as CalendarDate }
        })
      ) as Promise<WorkList>,
    careDue: (date, consultantId) =>
      run(
        client.work.careDue({
          query: {
            date: date as CalendarDate,
            ...(consultantId === undefined ? {} : { consultantId: consultantId as ConsultantId })
          }
        })
      ) as Promise<ReadonlyArray<unknown>> as Promise<ReadonlyArray<CareContactDue>>,
    card: getCard,
    handle,
    referralsOf,
    registerReferral: async (input) => {
      const referrer = await getCard(input.referrerCardId)
      const n = (await referralsOf(input.referrerCardId)).length + 1
      const referralId = `ref-${input.referrerCardId}-${n}`
      const open = [...index.values()].filter(
        (x) => x.phone === input.refereePhone && (x.status === "prospect" || x.status === "ordered")
      )
      const request: typeof ReferralRegistrationRequest.Encoded = {
        on: input.on,
        registration: {
          referralId,
          storeId: options.tenant.storeId,
          consultantId: referrer.state.owner ?? consultants[0] ?? "",
          registeredOn: input.on,
          askedAt: input.askedAt,
          referrer: {
            kind: "ownedCustomer",
            id: referrer.state.customerId ?? input.referrerCardId,
            phone: referrer.state.phone ?? "",
            ...(referrer.state.customerId === undefined ? {} : { customerId: referrer.state.customerId })
          },
          referee: { name: input.refereeName, phone: input.refereePhone }
        },
        context: {
          existing: open.map((x) => ({
            kind: "openCard",
            cardId: x.cardId,
            lastActiveOn: x.openedOn ?? input.on
          })),
          earlierClaims: []
        }
      }
      const payload = decodeRegistration(request)
      if (Result.isFailure(payload)) throw payload.failure
      return storedReferral(
        await run(client.referrals.register({ headers: post(), payload: payload.success }))
      )
    },
    daily: (date) =>
      run(
        client.reports.daily({ query: { from: date as CalendarDate } })
      ) as Promise<unknown> as Promise<DailyReport>,
    control: (consultantId, month, asOf) =>
      run(
        client.reports.control({
          query: {
            consultantId: consultantId as ConsultantId,
            month: month as YearMonth,
            asOf: asOf as CalendarDate
          }
        })
      ) as Promise<unknown> as Promise<ProgressControlTable>,
    findings: (on) =>
      run(
        client.reports.findings({ query: { on: on as CalendarDate } })
      ) as Promise<unknown> as Promise<FindingsReport>,
    analytics: (from, to) =>
      run(
        client.reports.analytics({ query: { from: from as CalendarDate, to: to as CalendarDate } })
      ) as Promise<unknown> as Promise<Analytics>,
    // the DMS API has no visit-plan endpoints (suggestion, plan vs done): the plan is hidden online
    visitPlans: undefined,
    close: async () => {}
  }
}
