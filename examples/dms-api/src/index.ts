/**
 * @jipan/dms-api — Jipan over HTTP for a dealer's DMS in any language: the API definition (the
 * core's Schemas as request bodies), its OpenAPI 3.1 document, the typed client, and the server
 * (API keys scoped to a tenant, idempotency keys, ETags, problem+json) on `@effect/platform-node`.
 *
 * @module
 */
export * from "./Api.js"
export * from "./Client.js"
export * from "./OpenApiDocument.js"
export * from "./Problems.js"
export { type Lang, langOf } from "./server/Errors.js"
export { formatOf } from "./server/Handlers.js"
export {
  authorizationLayer,
  gatewayLayer,
  problemBody,
  problemResponse,
  type RequestLogLine,
  type RequestMiddlewareOptions,
  requestMiddleware
} from "./server/Middleware.js"
export { apiRoutes, type ServerOptions, type StoreChoice, serverLayer, storeLayer } from "./server/Server.js"
export {
  createKey,
  IDEMPOTENCY_TTL_HOURS,
  KEY_PREFIX,
  type KeyListing,
  listKeys,
  migrate,
  migrations,
  migrationsLayer,
  type NewKey,
  revokeKey,
  sweepIdempotency
} from "./server/Tables.js"
export { makeWebhookChannel, WEBHOOK_CHANNEL, type WebhookBody } from "./server/Webhooks.js"
