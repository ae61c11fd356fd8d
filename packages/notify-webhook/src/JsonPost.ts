/**
 * One JSON POST with a timeout, every failure classified into a {@link WebhookError}.
 *
 * Built on the global `fetch` (undici in Node): it keeps connections alive and pooled across
 * sends, its `AbortSignal` ties the request to Effect interruption and to the timeout, it runs
 * unchanged on other runtimes, and callers can inject their own `fetch` (a proxy agent, a test
 * double). The price is that system error codes sit in `cause` chains; {@link classifyFailure}
 * digs them out in one place.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { HttpStatus, Network, Timeout, WebhookError } from "./WebhookError.js"

/**
 * The `fetch` signature the adapters need (the global one fits).
 *
 * @example
 * ```ts
 * import type { JsonPost } from "@jipan/notify-webhook"
 * const f: JsonPost.Fetch = globalThis.fetch
 * ```
 * @category models
 * @since 0.1.0
 */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>

/**
 * Default time allowed for connecting, sending and reading the whole answer.
 *
 * @example
 * ```ts
 * import { JsonPost } from "@jipan/notify-webhook"
 * JsonPost.DEFAULT_TIMEOUT_MILLIS // 10000
 * ```
 * @category models
 * @since 0.1.0
 */
export const DEFAULT_TIMEOUT_MILLIS = 10_000

/**
 * A POST request: `body` is the exact JSON text sent (so a signature over it stays valid).
 *
 * @example
 * ```ts
 * import type { JsonPost } from "@jipan/notify-webhook"
 * const request: JsonPost.JsonPostRequest = { url: "http://127.0.0.1:8080/hook", body: "{}" }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface JsonPostRequest {
  readonly url: string
  readonly body: string
  readonly headers?: Readonly<Record<string, string>>
  readonly timeoutMillis?: number
  readonly fetch?: Fetch
}

/**
 * A 2xx answer: its status and body text.
 *
 * @example
 * ```ts
 * import type { JsonPost } from "@jipan/notify-webhook"
 * const answer: JsonPost.JsonPostResponse = { status: 200, body: '{"errcode":0}' }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface JsonPostResponse {
  readonly status: number
  readonly body: string
}

const errorCode = (cause: unknown): string | undefined => {
  // undici wraps the system error: TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })
  let current: unknown = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

const isTimeout = (cause: unknown): boolean =>
  typeof cause === "object" &&
  cause !== null &&
  (cause as { readonly name?: unknown }).name === "TimeoutError"

/** Strips the query, which may hold a robot's access token or key. */
const redact = (url: string): string => {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return "<invalid url>"
  }
}

/**
 * Maps what `fetch` (or reading its body) rejected with to a `WebhookError`: a timeout signal
 * becomes `Timeout`, anything else `Network` with the system error code when there is one.
 *
 * @example
 * ```ts
 * import { JsonPost } from "@jipan/notify-webhook"
 * const e = JsonPost.classifyFailure(
 *   new TypeError("fetch failed", { cause: Object.assign(new Error("refused"), { code: "ECONNREFUSED" }) }),
 *   "http://127.0.0.1:1/hook",
 *   1000
 * )
 * e.reason._tag // "Network"
 * ```
 * @category classification
 * @since 0.1.0
 */
export const classifyFailure = (cause: unknown, url: string, timeoutMillis: number): WebhookError => {
  if (isTimeout(cause)) {
    return new WebhookError({
      message: `POST ${redact(url)} timed out after ${timeoutMillis} ms`,
      reason: new Timeout({ timeoutMillis })
    })
  }
  const code = errorCode(cause)
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new WebhookError({
    message: `POST ${redact(url)} failed: ${code ?? detail}`,
    reason: code === undefined ? new Network({}) : new Network({ code })
  })
}

/**
 * POSTs JSON and reads the answer. A 2xx answer succeeds with status and body; any other
 * status, a timeout or a network failure fails with a `WebhookError`. Redirects are not
 * followed (a signed payload must not travel to another host), so a 3xx is a permanent
 * `HttpStatus` failure. Interrupting the effect aborts the request.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { JsonPost } from "@jipan/notify-webhook"
 *
 * const answer = JsonPost.postJson({
 *   url: "http://127.0.0.1:8080/hook",
 *   body: JSON.stringify({ text: "hi" }),
 *   timeoutMillis: 2_000
 * })
 * // Effect<JsonPostResponse, WebhookError>
 * ```
 * @category sending
 * @since 0.1.0
 */
export const postJson = (request: JsonPostRequest): Effect.Effect<JsonPostResponse, WebhookError> => {
  const timeoutMillis = request.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS
  const doFetch = request.fetch ?? globalThis.fetch
  return Effect.tryPromise({
    try: async (interrupted) => {
      const signal = AbortSignal.any([interrupted, AbortSignal.timeout(timeoutMillis)])
      const response = await doFetch(request.url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", ...request.headers },
        body: request.body,
        redirect: "manual",
        signal
      })
      // Read the whole answer under the same signal: a peer that stalls mid-body times out too.
      const body = await response.text()
      return { status: response.status, body }
    },
    catch: (cause) => classifyFailure(cause, request.url, timeoutMillis)
  }).pipe(
    Effect.flatMap((answer) =>
      answer.status >= 200 && answer.status < 300
        ? Effect.succeed(answer)
        : Effect.fail(
            new WebhookError({
              message: `POST ${redact(request.url)} answered HTTP ${answer.status}`,
              reason: new HttpStatus({ status: answer.status })
            })
          )
    )
  )
}
