/**
 * The online backend: plain `fetch` against the DMS API's routes (`examples/dms-api`), with the
 * API key in `X-Api-Key`. The API's typed `HttpApiClient` is not used here: `@jipan/dms-api`'s
 * entry point also exports the server (Node's platform), so importing it would pull Node code
 * into the page.
 *
 * @module
 */
import type { StoredCard, StoredReferral } from "@jipan/core"
import { type CabinetBackend, type CardTile, tileOf } from "./CabinetBackend.js"

/** Options of {@link openOnline}. */
export interface OnlineOptions {
  /** The API's base URL (the cabinet's own server proxies `/api` to it). */
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

/** A failed request: the API's problem document (its `_tag`, `message`, `detail`). */
export class ApiProblem extends Error {
  readonly status: number
  readonly body: Record<string, unknown>
  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.detail ?? body.message ?? body.title ?? `HTTP ${status}`))
    this.status = status
    this.body = body
  }
}

const isoToday = () => new Date().toISOString().slice(0, 10)

/** Connects to the API and returns the backend on it. */
export const openOnline = async (options: OnlineOptions): Promise<CabinetBackend> => {
  const base = options.baseUrl.replace(/\/$/, "")
  const call = async <A>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<A> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        "x-api-key": options.apiKey,
        accept: "application/json",
        ...(body === undefined
          ? {}
          : { "content-type": "application/json", "idempotency-key": crypto.randomUUID() }),
        ...headers
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    const json = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>)
    if (!response.ok) throw new ApiProblem(response.status, json)
    return json as A
  }
  const q = (params: Record<string, string | undefined>) =>
    `?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString()}`

  const tiles = async (owner?: string): Promise<ReadonlyArray<CardTile>> => {
    const out: Array<CardTile> = []
    let cursor: string | undefined
    do {
      const page = await call<{ items: Array<{ cardId: string }>; next?: string }>(
        "GET",
        `/cards${q({ owner, limit: "500", cursor })}`
      )
      const cards = await Promise.all(page.items.map((x) => call<StoredCard>("GET", `/cards/${x.cardId}`)))
      for (const c of cards) out.push(tileOf(c.cardId, c.state))
      cursor = page.next
    } while (cursor !== undefined)
    return out
  }
  const all = await tiles()
  const owners = [...new Set(all.map((x) => x.owner).filter((x): x is string => x !== undefined))].sort()
  const consultants = options.consultants ?? (owners.length > 0 ? owners : ["c-01"])
  const referralIds = (cardId: string) => Array.from({ length: 20 }, (_, n) => `ref-${cardId}-${n + 1}`)
  const referralsOf = async (cardId: string) => {
    const out: Array<StoredReferral> = []
    for (const id of referralIds(cardId)) {
      try {
        out.push(await call<StoredReferral>("GET", `/referrals/${id}`))
      } catch {
        break
      }
    }
    return out
  }
  return {
    mode: "online",
    tenant: options.tenant,
    today: isoToday(),
    now: () => Date.now(),
    consultants,
    supervisor: options.supervisor ?? "supervisor",
    tiles,
    workList: (consultantId, date) => call("GET", `/work-lists/${consultantId}${q({ date })}`),
    careDue: (date, consultantId) => call("GET", `/care-due${q({ date, consultantId })}`),
    card: (cardId) => call("GET", `/cards/${cardId}`),
    handle: (cardId, command) =>
      command._tag === "OpenCard"
        ? call("POST", "/cards", command)
        : call("POST", `/cards/${cardId}/commands`, command),
    referralsOf,
    registerReferral: async (input) => {
      const referrer = await call<StoredCard>("GET", `/cards/${input.referrerCardId}`)
      const n = (await referralsOf(input.referrerCardId)).length + 1
      return call("POST", "/referrals", {
        referralId: `ref-${input.referrerCardId}-${n}`,
        storeId: options.tenant.storeId,
        consultantId: referrer.state.owner,
        registeredOn: input.on,
        askedAt: input.askedAt,
        referrer: {
          kind: "ownedCustomer",
          id: referrer.state.customerId,
          phone: referrer.state.phone,
          customerId: referrer.state.customerId
        },
        referee: { name: input.refereeName, phone: input.refereePhone }
      })
    },
    daily: (date) => call("GET", `/reports/daily${q({ from: date })}`),
    control: (consultantId, month, asOf) =>
      call("GET", `/reports/control${q({ consultantId, month, asOf })}`),
    findings: (on) => call("GET", `/reports/findings${q({ on })}`),
    analytics: (from, to) => call("GET", `/reports/analytics${q({ from, to })}`),
    close: async () => {}
  }
}
