/**
 * `@jipan/dms-api/client` — the browser-safe part of the package: the API definition (the groups,
 * endpoints and schemas), its problem+json errors and the typed client (`HttpApiClient` over
 * `fetch`). Nothing reachable from here imports a Node module or the server, so a web front end
 * (the card cabinet's online mode) can bundle it; the root entry adds the server, the tables and
 * the OpenAPI document.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DmsApiClient } from "@jipan/dms-api/client"
 *
 * const page = Effect.flatMap(Effect.service(DmsApiClient), (c) => c.cards.list({ query: { limit: 20 } })).pipe(
 *   Effect.provide(DmsApiClient.layer({ baseUrl: "/api", apiKey: "jpk_…" }))
 * )
 * ```
 *
 * @module
 */
export * from "./Api.js"
export * from "./Client.js"
export * from "./Problems.js"
