/**
 * A fake WeChat Official Account API on loopback: `/cgi-bin/stable_token` and `/cgi-bin/token`
 * check the appid and secret, `/cgi-bin/message/template/send` checks the access token (unknown:
 * 40001, revoked: 42001), the follower (not following: 43004; unknown: 40003) and the template
 * id (40037), answering with the API's real payload shapes.
 */
import { type LoopbackHandler as Handler, respondJson } from "@jipan/testkit"

export const APP = { appId: "wx1234567890abcdef", appSecret: "app-secret" }
export const FOLLOWER = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
export const UNFOLLOWED = "o6_bmjrPTlm6_2sgVt7hMZOPfL2X"

export interface Sent {
  readonly touser: string
  readonly template_id: string
  readonly client_msg_id?: string
  readonly url?: string
  readonly data: Record<string, { value: string }>
}

export interface FakeWeChat {
  readonly handler: Handler
  readonly sent: Array<Sent>
  readonly tokensIssued: () => number
  /** Every issued token now answers 42001 (expired). */
  readonly expireTokens: () => void
  /** The next template sends answer this errcode. */
  refuse: { errcode: number; errmsg: string } | undefined
}

export const fakeWeChat = (templates: ReadonlyArray<string>, expiresIn = 7200): FakeWeChat => {
  const valid = new Set<string>()
  const expired = new Set<string>()
  let issued = 0
  let msgid = 200228332
  let current: string | undefined
  const issue = (appid: unknown, secret: unknown, force: boolean, response: Parameters<Handler>[1]) => {
    if (appid !== APP.appId) return respondJson(response, 200, { errcode: 40013, errmsg: "invalid appid" })
    if (secret !== APP.appSecret)
      return respondJson(response, 200, { errcode: 40125, errmsg: "invalid appsecret" })
    if (current === undefined || force || !valid.has(current)) {
      current = `TOKEN_${++issued}_${Math.random().toString(36).slice(2)}`
      valid.add(current)
    }
    respondJson(response, 200, { access_token: current, expires_in: expiresIn })
  }
  const fake: FakeWeChat = {
    sent: [],
    tokensIssued: () => issued,
    expireTokens: () => {
      for (const t of valid) expired.add(t)
      valid.clear()
    },
    refuse: undefined,
    handler: (request, response) => {
      const url = new URL(request.url, "http://127.0.0.1")
      if (url.pathname === "/cgi-bin/stable_token" && request.method === "POST") {
        const b = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>
        if (b.grant_type !== "client_credential")
          return respondJson(response, 200, { errcode: 40002, errmsg: "invalid grant_type" })
        return issue(b.appid, b.secret, b.force_refresh === true, response)
      }
      if (url.pathname === "/cgi-bin/token" && request.method === "GET")
        return issue(url.searchParams.get("appid"), url.searchParams.get("secret"), true, response)
      if (url.pathname === "/cgi-bin/message/template/send" && request.method === "POST") {
        const token = url.searchParams.get("access_token") ?? ""
        if (token === "")
          return respondJson(response, 200, { errcode: 41001, errmsg: "access_token missing" })
        if (expired.has(token))
          return respondJson(response, 200, { errcode: 42001, errmsg: "access_token expired" })
        if (!valid.has(token))
          return respondJson(response, 200, {
            errcode: 40001,
            errmsg: "invalid credential, access_token is invalid or not latest"
          })
        let body: Sent
        try {
          body = JSON.parse(request.body.toString("utf8")) as Sent
        } catch {
          return respondJson(response, 200, { errcode: 47001, errmsg: "data format error" })
        }
        if (fake.refuse !== undefined) return respondJson(response, 200, fake.refuse)
        if (!templates.includes(body.template_id))
          return respondJson(response, 200, { errcode: 40037, errmsg: "invalid template_id" })
        if (body.touser === UNFOLLOWED)
          return respondJson(response, 200, { errcode: 43004, errmsg: "require subscribe" })
        if (body.touser !== FOLLOWER)
          return respondJson(response, 200, { errcode: 40003, errmsg: "invalid openid" })
        if (Object.values(body.data).some((v) => typeof v?.value !== "string"))
          return respondJson(response, 200, { errcode: 47001, errmsg: "data format error" })
        fake.sent.push(body)
        return respondJson(response, 200, { errcode: 0, errmsg: "ok", msgid: ++msgid })
      }
      respondJson(response, 404, { errcode: -1, errmsg: "not found" })
    }
  }
  return fake
}
