/**
 * The typed client for TypeScript callers: `HttpApiClient` derived from the API definition, so
 * every path, body and answer is checked at compile time, with the API key (and optionally an
 * `Accept-Language`) on every request.
 *
 * @module
 */
import { Context, type Effect, Layer } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import { DmsApi } from "./Api.js"

/** Where the API is and who calls it. */
export interface ClientOptions {
  /** The server, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl: string
  /** An API key (`jpk_…`). */
  readonly apiKey: string
  /** The language of problem messages (default en). */
  readonly language?: "zh-CN" | "en" | undefined
}

/**
 * Makes the typed client (needs an `HttpClient`, e.g. `FetchHttpClient.layer`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { FetchHttpClient } from "effect/http"
 * import { makeClient } from "@jipan/dms-api"
 *
 * const card = Effect.gen(function* () {
 *   const client = yield* makeClient({ baseUrl: "http://127.0.0.1:8787", apiKey: process.env.JIPAN_API_KEY ?? "" })
 *   return yield* client.cards.get({ params: { cardId: "card-1" }, headers: {} })
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 */
export const makeClient = (options: ClientOptions) =>
  HttpApiClient.make(DmsApi, {
    baseUrl: options.baseUrl,
    transformClient: HttpClient.mapRequest((request) =>
      HttpClientRequest.setHeaders(request, {
        authorization: `Bearer ${options.apiKey}`,
        ...(options.language === undefined ? {} : { "accept-language": options.language })
      })
    )
  })

/** The client's type. */
export type DmsClient = Effect.Success<ReturnType<typeof makeClient>>

/**
 * The typed client as a service.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DmsApiClient } from "@jipan/dms-api"
 * const list = Effect.flatMap(Effect.service(DmsApiClient), (c) => c.cards.list({ query: {} }))
 * ```
 */
export class DmsApiClient extends Context.Service<DmsApiClient, DmsClient>()("@jipan/dms-api/DmsApiClient") {
  /** The client over `fetch`. */
  static readonly layer = (options: ClientOptions) =>
    Layer.effect(DmsApiClient, makeClient(options)).pipe(Layer.provide(FetchHttpClient.layer))
}
