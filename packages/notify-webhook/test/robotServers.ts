import { createHmac } from "node:crypto"
import {
  type LoopbackHandler as Handler,
  type LoopbackRequest as Recorded,
  respondJson
} from "@jipan/testkit"

const isStringArray = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === "string")

/** Checks a WeCom group-robot request the way the real API would; returns the errcode to answer. */
export const checkWeComRequest = (request: Recorded, key: string): { errcode: number; errmsg: string } => {
  const url = new URL(request.url, "http://127.0.0.1")
  if (request.method !== "POST" || url.pathname !== "/cgi-bin/webhook/send") {
    return { errcode: 404, errmsg: "not found" }
  }
  if (url.searchParams.get("key") !== key) return { errcode: 93000, errmsg: "invalid webhook url" }
  if (!String(request.headers["content-type"]).startsWith("application/json")) {
    return { errcode: 40008, errmsg: "invalid message type" }
  }
  const body = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>
  const keys = Object.keys(body).sort().join(",")
  if (body.msgtype === "text") {
    const text = body.text as Record<string, unknown> | undefined
    const ok =
      keys === "msgtype,text" &&
      typeof text?.content === "string" &&
      (text.mentioned_mobile_list === undefined || isStringArray(text.mentioned_mobile_list))
    return ok ? { errcode: 0, errmsg: "ok" } : { errcode: 40008, errmsg: "invalid message type" }
  }
  if (body.msgtype === "markdown") {
    const markdown = body.markdown as Record<string, unknown> | undefined
    const ok = keys === "markdown,msgtype" && typeof markdown?.content === "string"
    return ok ? { errcode: 0, errmsg: "ok" } : { errcode: 40008, errmsg: "invalid message type" }
  }
  return { errcode: 40008, errmsg: "invalid message type" }
}

/** A loopback WeCom robot: checks format and key, answers errcode 0 or the refusal. */
export const weComHandler =
  (key: string): Handler =>
  (request, response) => {
    respondJson(response, 200, checkWeComRequest(request, key))
  }

/** Recomputes DingTalk's 加签 signature independently of the adapter. */
const dingTalkSign = (secret: string, timestamp: string): string =>
  createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64")

/** Checks a DingTalk group-robot request like the real API: token, signature, freshness, format. */
export const checkDingTalkRequest = (
  request: Recorded,
  accessToken: string,
  secret: string,
  now: number
): { errcode: number; errmsg: string } => {
  const url = new URL(request.url, "http://127.0.0.1")
  if (request.method !== "POST" || url.pathname !== "/robot/send")
    return { errcode: 404, errmsg: "not found" }
  if (url.searchParams.get("access_token") !== accessToken)
    return { errcode: 300001, errmsg: "token is not exist" }
  const timestamp = url.searchParams.get("timestamp")
  const sign = url.searchParams.get("sign") // URLSearchParams has already url-decoded it
  if (timestamp === null || sign === null) return { errcode: 310000, errmsg: "sign not match" }
  if (sign !== dingTalkSign(secret, timestamp)) return { errcode: 310000, errmsg: "sign not match" }
  if (Math.abs(now - Number(timestamp)) > 3_600_000) {
    return { errcode: 310000, errmsg: "invalid timestamp" }
  }
  const body = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>
  const at = body.at as Record<string, unknown> | undefined
  const atOk = at !== undefined && isStringArray(at.atMobiles) && typeof at.isAtAll === "boolean"
  if (body.msgtype === "text") {
    const text = body.text as Record<string, unknown> | undefined
    return atOk && typeof text?.content === "string"
      ? { errcode: 0, errmsg: "ok" }
      : { errcode: 40035, errmsg: "缺少参数 json" }
  }
  if (body.msgtype === "markdown") {
    const markdown = body.markdown as Record<string, unknown> | undefined
    return atOk && typeof markdown?.title === "string" && typeof markdown.text === "string"
      ? { errcode: 0, errmsg: "ok" }
      : { errcode: 40035, errmsg: "缺少参数 json" }
  }
  return { errcode: 40035, errmsg: "缺少参数 json" }
}

/** A loopback DingTalk robot. */
export const dingTalkHandler =
  (accessToken: string, secret: string): Handler =>
  (request, response) => {
    respondJson(response, 200, checkDingTalkRequest(request, accessToken, secret, Date.now()))
  }
