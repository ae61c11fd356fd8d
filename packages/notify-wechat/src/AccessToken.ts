/**
 * The Official Account's access token: fetched from `/cgi-bin/stable_token` (default) or
 * `/cgi-bin/token`, cached until shortly before it expires, shared by concurrent senders (one
 * fetch at a time), and refreshed when the API says the token is invalid or expired (errcode
 * 40001, 40014, 41001, 42001): the stale token is dropped and, with `stable_token`, a new one is
 * forced (`force_refresh: true`).
 *
 * Time comes from effect's `Clock`.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Ref, Semaphore } from "effect"
import { type Fetch, requestJson } from "./internal/http.js"
import { DEFAULT_BASE_URL, type WeChatConfig } from "./WeChatConfig.js"
import { fromErrcode, InvalidResponse, WeChatError } from "./WeChatError.js"

/**
 * A cached token and the instant (epoch millis) it stops being used.
 *
 * @example
 * ```ts
 * import type { AccessToken } from "@jipan/notify-wechat"
 * const t: AccessToken.CachedToken = { token: "ACCESS_TOKEN", usableUntil: 1_767_232_800_000 }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface CachedToken {
  readonly token: string
  readonly usableUntil: number
}

/**
 * Until when a token fetched at `now` with `expires_in` seconds is used: five minutes before it
 * expires, or half its life when that is shorter.
 *
 * @example
 * ```ts
 * import { AccessToken } from "@jipan/notify-wechat"
 * AccessToken.usableUntil(0, 7200) // 6900000
 * AccessToken.usableUntil(0, 60) // 30000
 * ```
 * @category rules
 * @since 0.1.0
 */
export const usableUntil = (now: number, expiresInSeconds: number): number =>
  now + Math.max(0, expiresInSeconds * 1000 - Math.min(300_000, (expiresInSeconds * 1000) / 2))

/**
 * The token source: `get` (cached or fetched) and `refresh(stale)` (after the API refused
 * `stale`; a token fetched meanwhile by someone else is reused), and `fetches` (how many tokens
 * were fetched: for tests and metrics).
 *
 * @example
 * ```ts
 * import type { AccessToken } from "@jipan/notify-wechat"
 * const token = (s: AccessToken.TokenSource) => s.get
 * ```
 * @category models
 * @since 0.1.0
 */
export interface TokenSource {
  readonly get: Effect.Effect<string, WeChatError>
  readonly refresh: (stale: string) => Effect.Effect<string, WeChatError>
  readonly fetches: () => number
}

/**
 * Makes a token source for the configuration's account.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AccessToken } from "@jipan/notify-wechat"
 * const token = Effect.flatMap(AccessToken.make({ appId: "wx1", appSecret: "…", templates: {} }), (s) => s.get)
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  config: WeChatConfig,
  options: { readonly fetch?: Fetch | undefined } = {}
): Effect.Effect<TokenSource> =>
  Effect.gen(function* () {
    const cache = yield* Ref.make<CachedToken | undefined>(undefined)
    const lock = Semaphore.makeUnsafe(1)
    const base = (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, "")
    const timeoutMillis = config.timeoutMillis ?? 10_000
    let fetches = 0

    const fetchToken = (force: boolean): Effect.Effect<CachedToken, WeChatError> =>
      Effect.gen(function* () {
        fetches++
        const answer =
          config.tokenApi === "token"
            ? yield* requestJson({
                method: "GET",
                url: `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(config.appId)}&secret=${encodeURIComponent(config.appSecret)}`,
                timeoutMillis,
                fetch: options.fetch
              })
            : yield* requestJson({
                method: "POST",
                url: `${base}/cgi-bin/stable_token`,
                body: JSON.stringify({
                  grant_type: "client_credential",
                  appid: config.appId,
                  secret: config.appSecret,
                  force_refresh: force
                }),
                timeoutMillis,
                fetch: options.fetch
              })
        if (typeof answer.errcode === "number" && answer.errcode !== 0)
          return yield* fromErrcode(
            "access token",
            answer.errcode,
            String(answer.errmsg ?? ""),
            // a token refusal is never a token to refresh: a bad secret stays bad
            { ...config.errcodes, "40001": "permanent", "40014": "permanent", "42001": "permanent" }
          )
        if (typeof answer.access_token !== "string" || typeof answer.expires_in !== "number")
          return yield* new WeChatError({
            message: "the token answer has no access_token / expires_in",
            reason: new InvalidResponse({ detail: JSON.stringify(answer).slice(0, 200) })
          })
        const now = yield* Clock.currentTimeMillis
        return { token: answer.access_token, usableUntil: usableUntil(now, answer.expires_in) }
      })

    const get = Semaphore.withPermits(
      lock,
      1
    )(
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const current = yield* Ref.get(cache)
        if (current !== undefined && now < current.usableUntil) return current.token
        const fresh = yield* fetchToken(false)
        yield* Ref.set(cache, fresh)
        return fresh.token
      })
    )

    const refresh = (stale: string) =>
      Semaphore.withPermits(
        lock,
        1
      )(
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const current = yield* Ref.get(cache)
          if (current !== undefined && current.token !== stale && now < current.usableUntil)
            return current.token
          const fresh = yield* fetchToken(true)
          yield* Ref.set(cache, fresh)
          return fresh.token
        })
      )

    return { get, refresh, fetches: () => fetches }
  })
