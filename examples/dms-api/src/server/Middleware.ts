/**
 * The server's middleware: the request middleware of every route (request id, language, body
 * limit, problem+json for every failure, one structured log line), API-key authentication, and
 * the gateway (400 problems with paths for bad input; `Idempotency-Key` on POSTs).
 *
 * @module
 */
import { randomUUID } from "node:crypto"
import { ByteSize, Cause, Effect, Exit, Layer, Option, Redacted } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiError } from "effect/http-api"
import { SqlClient } from "effect/sql"
import type * as Types from "effect/Types"
import { Authorization, Gateway, Principal } from "../Api.js"
import { isProblem, type Problem } from "../Problems.js"
import {
  badRequestOf,
  CurrentRequest,
  langOf,
  problemOf,
  problemOfError,
  type RequestInfo
} from "./Errors.js"
import {
  claimIdempotent,
  findIdempotent,
  makeKeyVerifier,
  requestDigest,
  type StoredResponse
} from "./Tables.js"

/** The JSON body of a problem. */
export const problemBody = (p: Problem) => ({
  type: p.type,
  title: p.title,
  status: p.status,
  detail: p.detail,
  _tag: p._tag,
  ...(p.instance === undefined ? {} : { instance: p.instance }),
  ...(p.requestId === undefined ? {} : { requestId: p.requestId }),
  ...(p.errors === undefined ? {} : { errors: p.errors }),
  ...(p.data === undefined ? {} : { data: p.data })
})

/** A problem as an `application/problem+json` response. */
export const problemResponse = (p: Problem): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(problemBody(p), { status: p.status, contentType: "application/problem+json" })

/** One structured line per request: never a body, a query string or a header value but the ids. */
export interface RequestLogLine {
  readonly level: "info" | "error"
  readonly msg: "request"
  readonly requestId: string
  readonly method: string
  readonly path: string
  readonly status: number
  readonly ms: number
  readonly keyId?: string | undefined
  readonly dealerGroupId?: string | undefined
  readonly storeId?: string | undefined
  readonly replayed?: boolean | undefined
  readonly error?: string | undefined
}

/** Options of {@link requestMiddleware}. */
export interface RequestMiddlewareOptions {
  /** The largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined
  /** Where the per-request log line goes (default: JSON on stdout); `false` for none. */
  readonly log?: ((line: RequestLogLine) => void) | false | undefined
}

const requestIdPattern = /^[\w.:-]{1,100}$/

const failureResponse = (cause: Cause.Cause<unknown>, info: RequestInfo) => {
  for (const reason of cause.reasons) {
    const value: unknown = Cause.isFailReason(reason)
      ? reason.error
      : Cause.isDieReason(reason)
        ? reason.defect
        : undefined
    if (value === undefined) continue
    if (isProblem(value)) return { response: problemResponse(value), error: undefined }
    if (
      HttpApiError.HttpApiSchemaError.is(value) &&
      value.kind !== "Body" &&
      value.kind !== "ResponseHeaders"
    )
      return { response: problemResponse(badRequestOf(info, value)), error: undefined }
    const tag = (value as { readonly _tag?: unknown })._tag
    const inner = (value as { readonly reason?: { readonly _tag?: unknown; readonly reason?: unknown } })
      .reason
    if (tag === "RouteNotFound" || inner?._tag === "RouteNotFound")
      return { response: problemResponse(problemOf(info, "RouteNotFound")), error: undefined }
    if (tag === "RequestParseError" || inner?._tag === "RequestParseError") {
      const tooLarge =
        (value as { readonly reason?: unknown }).reason === "BodyTooLarge" || inner?.reason === "BodyTooLarge"
      return {
        response: problemResponse(problemOf(info, tooLarge ? "PayloadTooLarge" : "BadRequest")),
        error: undefined
      }
    }
  }
  if (Cause.hasInterruptsOnly(cause))
    return { response: HttpServerResponse.empty({ status: 499 }), error: "interrupted" }
  return {
    response: problemResponse(problemOf(info, "InternalError")),
    error: Cause.pretty(cause).slice(0, 2000)
  }
}

/**
 * The request middleware of every route: a request id (the caller's `x-request-id` when
 * well-formed, else a new UUID, echoed in the response), the language of problems, the body
 * limit (413 before reading), every failure as problem+json, and one structured log line.
 *
 * @example
 * ```ts
 * const Routes = Layer.mergeAll(ApiRoutes, requestMiddleware({ maxBodyBytes: 1 << 20 }))
 * ```
 */
export const requestMiddleware = (options: RequestMiddlewareOptions = {}) => {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const log =
    options.log === false
      ? undefined
      : (options.log ?? ((line: RequestLogLine) => process.stdout.write(`${JSON.stringify(line)}\n`)))
  return HttpRouter.middleware(
    (
      app: Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled>
    ): Effect.Effect<
      HttpServerResponse.HttpServerResponse,
      Types.unhandled,
      HttpServerRequest.HttpServerRequest
    > =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const given = request.headers["x-request-id"]
        const requestId = given !== undefined && requestIdPattern.test(given) ? given : randomUUID()
        const path = request.url.split("?")[0] ?? "/"
        const info: RequestInfo = { requestId, lang: langOf(request.headers["accept-language"]), path }
        const started = performance.now()
        const length = Number(request.headers["content-length"] ?? "0")
        let error: string | undefined
        let response: HttpServerResponse.HttpServerResponse
        if (Number.isFinite(length) && length > maxBodyBytes) {
          response = problemResponse(
            problemOf(info, "PayloadTooLarge", {
              detail:
                info.lang === "zh-CN"
                  ? `请求体不得超过 ${maxBodyBytes} 字节`
                  : `The body must not exceed ${maxBodyBytes} bytes`
            })
          )
        } else {
          const exit = yield* app.pipe(
            Effect.provideService(CurrentRequest, info),
            Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBodyBytes)),
            Effect.exit
          )
          if (Exit.isSuccess(exit)) response = exit.value
          else {
            const failed = failureResponse(exit.cause, info)
            response = failed.response
            error = failed.error
          }
        }
        // the API's payload decoder answers an unsupported content type with plain text
        if (
          response.status === 415 &&
          !(response.body._tag === "Uint8Array" && response.body.contentType === "application/problem+json")
        )
          response = problemResponse(problemOf(info, "UnsupportedMediaType"))
        response = HttpServerResponse.setHeader(response, "x-request-id", requestId)
        if (log !== undefined)
          log({
            level: response.status >= 500 ? "error" : "info",
            msg: "request",
            requestId,
            method: request.method,
            path,
            status: response.status,
            ms: Math.round((performance.now() - started) * 10) / 10,
            ...(info.keyId === undefined ? {} : { keyId: info.keyId }),
            ...(info.dealerGroupId === undefined ? {} : { dealerGroupId: info.dealerGroupId }),
            ...(info.storeId === undefined ? {} : { storeId: info.storeId }),
            ...(info.replayed === true ? { replayed: true } : {}),
            ...(error === undefined ? {} : { error })
          })
        return response
      }),
    { global: true }
  )
}

/**
 * The {@link Authorization} middleware on the API-key table: an unknown, revoked or missing key
 * answers 401; a known one provides its {@link Principal}.
 *
 * @example
 * ```ts
 * const Api = HttpApiBuilder.layer(DmsApi).pipe(Layer.provide(authorizationLayer))
 * ```
 */
export const authorizationLayer = Layer.effect(
  Authorization,
  Effect.gen(function* () {
    const verify = yield* makeKeyVerifier()
    const check = Effect.fnUntraced(function* (
      httpEffect: Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, Principal>,
      options: { readonly credential: Redacted.Redacted }
    ) {
      const info = yield* CurrentRequest
      const found = yield* verify(Redacted.value(options.credential)).pipe(
        Effect.catch((e) =>
          Effect.fail(problemOfError(info, { _tag: "StoreError", reason: "Unavailable", cause: e }))
        )
      )
      if (Option.isNone(found)) return yield* Effect.fail(problemOf(info, "Unauthorized"))
      const principal = found.value
      info.keyId = principal.keyId
      info.dealerGroupId = principal.dealerGroupId
      info.storeId = principal.storeId
      return yield* Effect.provideService(httpEffect, Principal, principal)
    })
    return Authorization.of({ bearer: check, apiKey: check } as never)
  })
)

/** The failure that rolls a request back when its Idempotency-Key is already taken. */
const keyTaken = { _tag: "IdempotencyKeyTaken" } as const

const storable = (status: number, tag: string | undefined) =>
  status < 500 &&
  status !== 412 &&
  status !== 401 &&
  tag !== "VersionConflict" &&
  tag !== "IdempotencyKeyInUse"

const toStored = (
  response: HttpServerResponse.HttpServerResponse,
  requestSha256: string
): StoredResponse | undefined => {
  const body = response.body
  const text =
    body._tag === "Empty" ? "" : body._tag === "Uint8Array" ? new TextDecoder().decode(body.body) : undefined
  if (text === undefined) return undefined
  return {
    requestSha256,
    status: response.status,
    contentType: body._tag === "Uint8Array" ? body.contentType : undefined,
    etag: response.headers.etag,
    body: text
  }
}

const replay = (stored: StoredResponse) => {
  const headers: Record<string, string> = { "idempotent-replayed": "true" }
  if (stored.etag !== undefined) headers.etag = stored.etag
  return stored.body === "" && stored.contentType === undefined
    ? HttpServerResponse.empty({ status: stored.status, headers })
    : HttpServerResponse.text(stored.body, {
        status: stored.status,
        contentType: stored.contentType ?? "application/json",
        headers
      })
}

/**
 * The {@link Gateway} middleware: bad input as a 400 problem with the failing paths, and
 * `Idempotency-Key` on POSTs with Stripe's semantics. The key's record is written in the same
 * transaction as the command (a concurrent request with the same key waits for it, then gets the
 * stored response); a response is kept for 24 h unless it is a server fault, a stale `If-Match`
 * (412) or a version conflict, which a retry may get past.
 *
 * @example
 * ```ts
 * const Api = HttpApiBuilder.layer(DmsApi).pipe(Layer.provide(gatewayLayer))
 * ```
 */
export const gatewayLayer = Layer.effect(
  Gateway,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return Gateway.of(((
      httpEffect: Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, unknown>,
      options: { readonly endpoint: { readonly path: string } }
    ) =>
      Effect.gen(function* () {
        const info = yield* CurrentRequest
        const principal = yield* Principal
        const request = yield* HttpServerRequest.HttpServerRequest
        const run = httpEffect.pipe(
          Effect.catch((e) =>
            HttpApiError.HttpApiSchemaError.is(e) && e.kind !== "Body" && e.kind !== "ResponseHeaders"
              ? Effect.fail(badRequestOf(info, e))
              : Effect.fail(e)
          )
        )
        const key = request.headers["idempotency-key"]
        if (request.method !== "POST" || key === undefined) return yield* run
        if (key.length < 1 || key.length > 255)
          return yield* Effect.fail(
            problemOf(info, "BadRequest", {
              errors: [{ path: "headers.idempotency-key", message: "Expected 1 to 255 characters" }]
            })
          )
        const body = yield* request.text.pipe(
          Effect.catch(() => Effect.fail(problemOf(info, "PayloadTooLarge")))
        )
        const digest = requestDigest(request.method, request.url, body)
        const scope = { dealerGroupId: principal.dealerGroupId, storeId: principal.storeId ?? "" }
        // the dispatcher sends HTTP requests: it runs outside a transaction, its record kept after
        const transactional = options.endpoint.path !== "/dispatch/run-once"
        /** What a kept record of this key answers: its replay, a 422 for another request, or nothing. */
        const answerKept = Effect.gen(function* () {
          const found = yield* findIdempotent(scope, key)
          if (Option.isNone(found)) return undefined
          if (found.value.requestSha256 !== digest)
            return yield* Effect.fail(
              problemOf(info, "IdempotencyKeyReused", {
                detail:
                  info.lang === "zh-CN"
                    ? "该幂等键已用于不同的请求(方法、路径或请求体不同)"
                    : "This Idempotency-Key was used for a different request (method, path or body)"
              })
            )
          info.replayed = true
          return replay(found.value)
        })
        // Runs the request, then keeps its answer under the key in the same transaction. When the
        // key is already taken (a replay, or a concurrent twin that committed first), the
        // transaction rolls back and the kept answer is given instead.
        const execute = Effect.gen(function* () {
          const exit = yield* Effect.exit(run)
          let response: HttpServerResponse.HttpServerResponse | undefined
          let tag: string | undefined
          if (Exit.isSuccess(exit)) response = exit.value
          else {
            const failure = exit.cause.reasons.find(Cause.isFailReason)?.error
            if (isProblem(failure)) {
              response = problemResponse(failure)
              tag = failure._tag
            }
          }
          const stored = response === undefined ? undefined : toStored(response, digest)
          if (response === undefined || stored === undefined || !storable(response.status, tag)) {
            // a stale If-Match or a conflict may only mean that this is a retry of a kept request
            if (Exit.isFailure(exit) && Option.isSome(yield* findIdempotent(scope, key)))
              return yield* Effect.fail(keyTaken)
            return yield* exit
          }
          if (!(yield* claimIdempotent(scope, key, stored))) return yield* Effect.fail(keyTaken)
          return response
        })
        const sqlProblem = Effect.mapError((e: unknown) =>
          (e as { readonly _tag?: unknown } | undefined)?._tag === "SqlError"
            ? problemOfError(info, { _tag: "StoreError", reason: "Unavailable", cause: e })
            : e
        )
        if (!transactional) {
          // the dispatcher sends HTTP requests: no transaction around it; look for a kept answer first
          const kept = yield* answerKept.pipe(sqlProblem)
          if (kept !== undefined) return kept
        }
        const result = yield* (transactional ? sql.withTransaction(execute) : execute).pipe(
          Effect.catchIf(
            (e) => e === keyTaken,
            () => Effect.succeed(undefined)
          ),
          sqlProblem
        )
        if (result !== undefined) return result
        const kept = yield* answerKept.pipe(sqlProblem)
        return kept ?? (yield* Effect.fail(problemOf(info, "IdempotencyKeyInUse")))
      })) as never)
  })
)
