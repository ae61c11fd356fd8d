// One POST with a timeout; network failures and timeouts classified into SmsError reasons.
import { Effect } from "effect"
import { Network, SmsError, Timeout } from "../SmsError.js"

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

const origin = (url: string): string => {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}`
  } catch {
    return "<invalid url>"
  }
}

export const post = (request: {
  readonly url: string
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  readonly timeoutMillis: number
  readonly fetch?: Fetch | undefined
}): Effect.Effect<{ readonly status: number; readonly body: string }, SmsError> => {
  const doFetch = request.fetch ?? globalThis.fetch
  return Effect.tryPromise({
    try: async (interrupted) => {
      const signal = AbortSignal.any([interrupted, AbortSignal.timeout(request.timeoutMillis)])
      const response = await doFetch(request.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
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
        return new SmsError({
          message: `POST ${origin(request.url)} timed out after ${request.timeoutMillis} ms`,
          reason: new Timeout({ timeoutMillis: request.timeoutMillis })
        })
      const code = errorCode(cause)
      return new SmsError({
        message: `POST ${origin(request.url)} failed: ${code ?? String(cause)}`,
        reason: code === undefined ? new Network({}) : new Network({ code })
      })
    }
  })
}
