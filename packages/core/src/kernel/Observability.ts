/**
 * Tracing and log annotations of the use cases, the stores and the dispatcher: every use case,
 * store query and dispatcher step is an `Effect.withSpan` named `jipan.…`, with the tenant, the
 * card or referral id and the command's tag as attributes, and its log lines carry the same ids.
 * Never personal data: no phone, name or free text is an attribute (the ids are the DMS's keys).
 * Wire any effect tracer (e.g. `@effect/opentelemetry`) to see them; see docs/observability.md.
 *
 * @module
 */
import { Effect } from "effect"
import { BoundedCache } from "./Memo.js"

/**
 * What a span or log line may say about a call: the tenant, ids and tags, never personal data.
 *
 * @example
 * ```ts
 * import type { TraceIds } from "@jipan/core"
 * const ids: TraceIds = { dealerGroupId: "grp-east", storeId: "store-01", cardId: "card-1", command: "LogContact" }
 * ```
 */
export interface TraceIds {
  readonly dealerGroupId?: string | undefined
  readonly storeId?: string | undefined
  readonly cardId?: string | undefined
  readonly referralId?: string | undefined
  readonly command?: string | undefined
  readonly [key: string]: string | number | boolean | undefined
}

/**
 * The span attributes of {@link TraceIds}, namespaced `jipan.*` (undefined ones left out).
 *
 * @example
 * ```ts
 * import { traceAttributes } from "@jipan/core"
 * traceAttributes({ dealerGroupId: "grp-east", cardId: "card-1" })
 * // { "jipan.dealer_group_id": "grp-east", "jipan.card_id": "card-1" }
 * ```
 */
export const traceAttributes = (ids: TraceIds): Record<string, string | number | boolean> => {
  const attributes: Record<string, string | number | boolean> = {}
  for (const key of Object.keys(ids)) {
    const value = ids[key]
    if (value !== undefined) attributes[attributeName(key)] = value
  }
  return attributes
}

// the attribute name of each key, computed once (every span of every command names the same keys)
const attributeNames = new BoundedCache<string, string>(1_000)
const attributeName = (key: string): string =>
  attributeNames.get(key) ??
  attributeNames.set(key, `jipan.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)

/**
 * Runs an effect in a span named `name` whose attributes, and the log annotations of every line
 * logged inside, are the ids given.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { traced } from "@jipan/core"
 * const program = Effect.log("graded").pipe(traced("jipan.example", { dealerGroupId: "grp-east", cardId: "card-1" }))
 * ```
 */
// a span's stack trace costs more than the command it times (1.5% of a command's CPU)
const noStackTrace = { captureStackTrace: false } as const

export const traced =
  (name: string, ids: TraceIds) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    const attributes = traceAttributes(ids)
    return self.pipe(Effect.annotateLogs(attributes), Effect.withSpan(name, { attributes }, noStackTrace))
  }

/**
 * The tenant's ids of a tenant or scope (and nothing else it may carry), for {@link traced}.
 *
 * @example
 * ```ts
 * import { tenantIds } from "@jipan/core"
 * tenantIds({ dealerGroupId: "grp-east", storeId: "store-01" }) // { dealerGroupId: "grp-east", storeId: "store-01" }
 * ```
 */
export const tenantIds = (scope: unknown): TraceIds => {
  if (typeof scope !== "object" || scope === null) return {}
  const s = scope as { readonly dealerGroupId?: unknown; readonly storeId?: unknown }
  return {
    dealerGroupId: typeof s.dealerGroupId === "string" ? s.dealerGroupId : undefined,
    storeId: typeof s.storeId === "string" ? s.storeId : undefined
  }
}

/**
 * The `_tag` of a command (or of anything), when it has a string one.
 *
 * @example
 * ```ts
 * import { tagOf } from "@jipan/core"
 * tagOf({ _tag: "LogContact" }) // "LogContact"
 * tagOf(null) // undefined
 * ```
 */
export const tagOf = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null && typeof (value as { _tag?: unknown })._tag === "string"
    ? ((value as { _tag: string })._tag as string)
    : undefined

/**
 * Wraps every method of a port's service so each call runs in a span `jipan.store.<port>.<method>`
 * with the tenant of its first argument (or the ids `ids[method]` picks from its arguments; never
 * a phone or a name). The stores wrap their ports with it, so every store query is traced.
 *
 * @example
 * ```ts
 * import { CardStore, tracedPort } from "@jipan/core"
 * const traced = (cards: CardStore["Service"]) =>
 *   tracedPort("cards", cards, { append: (a: { readonly cardId: string }) => ({ cardId: a.cardId }) })
 * ```
 */
export const tracedPort = <S extends object>(
  port: string,
  service: S,
  ids: { readonly [K in keyof S]?: (...args: ReadonlyArray<never>) => TraceIds } = {}
): S => {
  const wrapped: Record<string, unknown> = {}
  for (const key of Object.keys(service)) {
    const method = (service as Record<string, unknown>)[key]
    if (typeof method !== "function") {
      wrapped[key] = method
      continue
    }
    const idsOf = (ids as Record<string, ((...args: ReadonlyArray<unknown>) => TraceIds) | undefined>)[key]
    const name = `jipan.store.${port}.${key}`
    wrapped[key] = (...args: ReadonlyArray<unknown>) => {
      const result = (method as (...a: ReadonlyArray<unknown>) => unknown)(...args)
      if (!Effect.isEffect(result)) return result
      return traced(name, idsOf === undefined ? tenantIds(args[0]) : idsOf(...args))(result)
    }
  }
  return wrapped as S
}

/**
 * The ids a card or referral store's calls carry in their spans: the tenant, and the card's or
 * referral's id for a load or an append. Every store passes it to {@link tracedPort}.
 *
 * @example
 * ```ts
 * import { CardStore, aggregateCallIds, tracedPort } from "@jipan/core"
 * const traced = (cards: CardStore["Service"]) => tracedPort("cards", cards, aggregateCallIds)
 * ```
 */
export const aggregateCallIds = {
  load: (tenant: unknown, id: string): TraceIds => ({ ...tenantIds(tenant), id }),
  loadState: (tenant: unknown, id: string): TraceIds => ({ ...tenantIds(tenant), id }),
  append: (a: {
    readonly tenant: unknown
    readonly cardId?: string
    readonly referralId?: string
  }): TraceIds => ({
    ...tenantIds(a.tenant),
    id: a.cardId ?? a.referralId
  })
}
