import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import {
  answerJson as answer,
  loopbackServer as startServer,
  type LoopbackServer as TestServer
} from "@jipan/testkit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { DingTalkRobot, WeComRobot } from "../src/index.js"
import { dingTalkHandler, weComHandler } from "./robotServers.js"

const WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
const DING_TOKEN = "d3b0c4f1e2"
const DING_SECRET = "SEC7a1b2c3d4e5f6+/="

const servers: Array<TestServer> = []
const start = async (...args: Parameters<typeof startServer>) => {
  const server = await startServer(...args)
  servers.push(server)
  return server
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

let wecom: TestServer
let ding: TestServer
let wecomLimited: TestServer
let dingLimited: TestServer
let notJson: TestServer
let down: TestServer

beforeAll(async () => {
  wecom = await start(weComHandler(WECOM_KEY))
  ding = await start(dingTalkHandler(DING_TOKEN, DING_SECRET))
  wecomLimited = await start(answer(200, { errcode: 45009, errmsg: "api freq out of limit" }))
  dingLimited = await start(
    answer(200, { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" })
  )
  notJson = await start((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" })
    response.end("<html>captive portal</html>")
  })
  down = await start(answer(502))
})

const weComRobot = (origin: string, key = WECOM_KEY) =>
  Effect.runSync(WeComRobot.make({ key, endpoint: `${origin}/cgi-bin/webhook/send`, timeoutMillis: 2_000 }))
const dingTalkRobot = (origin: string, secret = DING_SECRET) =>
  Effect.runSync(
    DingTalkRobot.make({
      accessToken: DING_TOKEN,
      secret,
      endpoint: `${origin}/robot/send`,
      timeoutMillis: 2_000
    })
  )

const lastBody = (server: TestServer): unknown =>
  JSON.parse(server.requests.at(-1)?.body.toString("utf8") ?? "")

describe("WeCom group robot against a loopback fake", () => {
  it.live("text with mentioned_mobile_list: exact request, errcode 0 is delivered", () =>
    Effect.gen(function* () {
      const delivered = yield* weComRobot(wecom.origin).deliver({
        idempotencyKey: "overdue:store-1:2026-03-01",
        subject: "逾期回访提醒",
        text: "3 张卡片已逾期",
        markdown: "**3** 张卡片已逾期",
        mentions: ["13800000000"]
      })
      expect(delivered).toEqual({
        _tag: "Delivered",
        idempotencyKey: "overdue:store-1:2026-03-01",
        status: 200
      })
      const request = wecom.requests.at(-1)
      expect(request?.url).toBe(`/cgi-bin/webhook/send?key=${WECOM_KEY}`)
      expect(request?.headers["idempotency-key"]).toBe("overdue:store-1:2026-03-01")
      expect(lastBody(wecom)).toEqual({
        msgtype: "text",
        text: { content: "逾期回访提醒\n3 张卡片已逾期", mentioned_mobile_list: ["13800000000"] }
      })
    })
  )

  it.live("markdown without mentions", () =>
    Effect.gen(function* () {
      yield* weComRobot(wecom.origin).deliver({
        idempotencyKey: "md",
        text: "t",
        markdown: "> **早报**\n待办 5"
      })
      expect(lastBody(wecom)).toEqual({ msgtype: "markdown", markdown: { content: "> **早报**\n待办 5" } })
    })
  )

  it.live("a wrong key is errcode 93000 in a 200: a permanent RobotRejected", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        weComRobot(wecom.origin, "wrong").deliver({ idempotencyKey: "k", text: "x" })
      )
      expect(error.reason).toMatchObject({ _tag: "RobotRejected", platform: "wecom", errcode: 93000 })
      expect(error.retryable).toBe(false)
    })
  )

  it.live("rate limit 45009 is retryable", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        weComRobot(wecomLimited.origin).deliver({ idempotencyKey: "k", text: "x" })
      )
      expect(error.reason).toMatchObject({
        _tag: "RobotRejected",
        errcode: 45009,
        errmsg: "api freq out of limit"
      })
      expect(error.retryable).toBe(true)
    })
  )

  it.live("a 200 that is not the robot's JSON is a permanent InvalidResponse; a 502 is retryable", () =>
    Effect.gen(function* () {
      const invalid = yield* Effect.flip(
        weComRobot(notJson.origin).deliver({ idempotencyKey: "k", text: "x" })
      )
      expect(invalid.reason._tag).toBe("InvalidResponse")
      expect(invalid.retryable).toBe(false)
      const bad = yield* Effect.flip(weComRobot(down.origin).deliver({ idempotencyKey: "k", text: "x" }))
      expect(bad.reason).toMatchObject({ _tag: "HttpStatus", status: 502 })
      expect(bad.retryable).toBe(true)
    })
  )
})

describe("DingTalk group robot against a loopback fake", () => {
  it.live("signed URL verified by the fake; text with at.atMobiles delivered", () =>
    Effect.gen(function* () {
      const delivered = yield* dingTalkRobot(ding.origin).deliver({
        idempotencyKey: "defeat:card-7",
        text: "战败申请待审批：李女士",
        mentions: ["13800000000"]
      })
      expect(delivered.status).toBe(200)
      const url = new URL(ding.requests.at(-1)?.url ?? "", ding.origin)
      expect(url.pathname).toBe("/robot/send")
      expect(url.searchParams.get("access_token")).toBe(DING_TOKEN)
      expect(Math.abs(Number(url.searchParams.get("timestamp")) - Date.now())).toBeLessThan(10_000)
      expect(lastBody(ding)).toEqual({
        msgtype: "text",
        text: { content: "战败申请待审批：李女士" },
        at: { atMobiles: ["13800000000"], isAtAll: false }
      })
    })
  )

  it.live("markdown with title and @all", () =>
    Effect.gen(function* () {
      yield* dingTalkRobot(ding.origin).deliver({
        idempotencyKey: "daily-check",
        subject: "每日检查",
        text: "2 项发现",
        markdown: "- 超期未联系 2 位",
        mentions: ["@all"]
      })
      expect(lastBody(ding)).toEqual({
        msgtype: "markdown",
        markdown: { title: "每日检查", text: "### 每日检查\n- 超期未联系 2 位" },
        at: { atMobiles: [], isAtAll: true }
      })
    })
  )

  it.live("a wrong secret is errcode 310000: permanent", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        dingTalkRobot(ding.origin, "SECwrong").deliver({ idempotencyKey: "k", text: "x" })
      )
      expect(error.reason).toMatchObject({ _tag: "RobotRejected", platform: "dingtalk", errcode: 310000 })
      expect(error.retryable).toBe(false)
    })
  )

  it.effect("the timestamp is effect's Clock (a stale clock is refused by DingTalk)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_767_225_600_000)
      const error = yield* Effect.flip(dingTalkRobot(ding.origin).deliver({ idempotencyKey: "k", text: "x" }))
      const url = new URL(ding.requests.at(-1)?.url ?? "", ding.origin)
      expect(url.searchParams.get("timestamp")).toBe("1767225600000")
      expect(error.reason).toMatchObject({ errcode: 310000, errmsg: "invalid timestamp" })
    })
  )

  it.live("send too fast (130101) is retryable", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        dingTalkRobot(dingLimited.origin).deliver({ idempotencyKey: "k", text: "x" })
      )
      expect(error.reason).toMatchObject({ _tag: "RobotRejected", errcode: 130101 })
      expect(error.retryable).toBe(true)
    })
  )
})
