// One request with a timeout; network failures and timeouts classified; the answer's JSON read.
import { Effect } from "effect"
import { HttpStatus, InvalidResponse, Network, Timeout, WeChatError } from "../WeChatError.js"

export type Fetch = (input: string, init: RequestInit) => Promise<Response>

const errorCode = (cause: unknown): string | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

/** The URL without its query (which holds the access token or the secret). */
const redact = (url: string): string => {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}`
  } catch {
    return "<invalid url>"
  }
}

export const requestJson = (request: {
  readonly method: "GET" | "POST"
  readonly url: string
  readonly body?: string | undefined
  readonly timeoutMillis: number
  readonly fetch?: Fetch | undefined
}): Effect.Effect<Record<string, unknown>, WeChatError> => {
  const doFetch = request.fetch ?? globalThis.fetch
  return Effect.tryPromise({
    try: async (interrupted) => {
      const signal = AbortSignal.any([interrupted, AbortSignal.timeout(request.timeoutMillis)])
      const response = await doFetch(request.url, {
        method: request.method,
        ...(request.body === undefined
          ? {}
          : { body: request.body, headers: { "content-type": "application/json; charset=utf-8" } }),
        redirect: "manual",
        signal
      })
      return { status: response.status, body: await response.text() }
    },
    catch: (cause) => {
      if (
        typeof cause === "object" &&
        cause !== null &&
        (cause as { name?: unknown }).name === "TimeoutError"
      )
        return new WeChatError({
          message: `${request.method} ${redact(request.url)} timed out after ${request.timeoutMillis} ms`,
          reason: new Timeout({ timeoutMillis: request.timeoutMillis })
        })
      const code = errorCode(cause)
      return new WeChatError({
        message: `${request.method} ${redact(request.url)} failed: ${code ?? String(cause)}`,
        reason: code === undefined ? new Network({}) : new Network({ code })
      })
    }
  }).pipe(
    Effect.flatMap((answer) => {
      if (answer.status < 200 || answer.status >= 300)
        return Effect.fail(
          new WeChatError({
            message: `${request.method} ${redact(request.url)} answered HTTP ${answer.status}`,
            reason: new HttpStatus({ status: answer.status })
          })
        )
      try {
        const json: unknown = JSON.parse(answer.body)
        if (typeof json === "object" && json !== null && !Array.isArray(json))
          return Effect.succeed(json as Record<string, unknown>)
      } catch {
        // fall through
      }
      return Effect.fail(
        new WeChatError({
          message: `${redact(request.url)} answered something that is not the API's JSON`,
          reason: new InvalidResponse({ detail: answer.body.slice(0, 200) })
        })
      )
    })
  )
}
