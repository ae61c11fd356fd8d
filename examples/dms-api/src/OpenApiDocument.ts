/**
 * The OpenAPI 3.1 document of the API, generated from its definition (`OpenApi.fromApi`), with the
 * default local server.
 *
 * @module
 */
import { OpenApi } from "effect/http-api"
import { DmsApi } from "./Api.js"

/**
 * The OpenAPI 3.1 document (also served at `GET /openapi.json`, and written to
 * `docs/dms-api.openapi.json` by `npm run openapi -w @jipan/dms-api`).
 *
 * @example
 * ```ts
 * import { openApiDocument } from "@jipan/dms-api"
 * Object.keys(openApiDocument().paths).includes("/cards/{cardId}/commands") // true
 * ```
 */
export const openApiDocument = (): OpenApi.OpenAPISpec => OpenApi.fromApi(DmsApi)
