// The WeChat channel against the fake Official Account API on loopback: token caching and
// refresh, a wrong app secret, errcode dispositions, openid look-up, and the fallback channel.
import { ChannelError, type ChannelMessage, type NotifierChannel } from "@jipan/core"
import { loopbackServer as startServer, type LoopbackServer as TestServer } from "@jipan/testkit"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WeChatChannel } from "../src/index.js"
import { FOLLOWER, fakeWeChat, UNFOLLOWED } from "./fakeWeChat.js"
import { config, maintenanceData, TEMPLATES } from "./fixtures.js"

const fake = fakeWeChat(TEMPLATES)
let server: TestServer
beforeAll(async () => {
  server = await startServer(fake.handler)
})
afterAll(async () => {
  await server.close()
})

const message = (
  key: string,
  to: ReadonlyArray<string>,
  extra: Partial<ChannelMessage> = {}
): ChannelMessage => ({
  idempotencyKey: key,
  kind: "careContact",
  data: maintenanceData,
  text: "王先生您好",
  to,
  ...extra
})

const notifier = (
  overrides: Parameters<typeof config>[1] = {},
  options: WeChatChannel.WeChatChannelOptions = {}
) => Effect.runSync(WeChatChannel.make(config(server.origin, overrides), options))

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(Effect.result(e))

describe.each(["stable_token", "token"] as const)("WeChat template messages (%s)", (tokenApi) => {
  it("sends to the openid in `to`, fetching the token once for many sends", async () => {
    const n = notifier({ tokenApi })
    for (const i of [1, 2, 3]) {
      const r = await run(n.deliver(message(`${tokenApi}-cache-${i}`, ["13800001234", FOLLOWER])))
      expect(Result.isSuccess(r) && r.success.openid).toBe(FOLLOWER)
    }
    expect(n.tokenFetches()).toBe(1)
    const sent = fake.sent.filter((s) => s.client_msg_id?.startsWith(`${tokenApi}-cache-`))
    expect(sent.map((s) => s.data.thing1?.value)).toEqual(["王先生", "王先生", "王先生"])
  })

  it("an expired or invalid token (42001 / 40001) is refreshed and the message sent once more", async () => {
    const n = notifier({ tokenApi })
    await run(n.deliver(message(`${tokenApi}-before`, [FOLLOWER])))
    fake.expireTokens()
    const r = await run(n.deliver(message(`${tokenApi}-after`, [FOLLOWER])))
    expect(Result.isSuccess(r)).toBe(true)
    expect(n.tokenFetches()).toBe(2)
  })
})

describe("WeChat failures", () => {
  it("a wrong app secret fails the token fetch: permanent (40125)", async () => {
    const r = await run(notifier({ appSecret: "wrong" }).deliver(message("wrong-secret", [FOLLOWER])))
    if (Result.isSuccess(r)) throw new Error("sent with a wrong secret")
    expect(r.failure.reason._tag).toBe("Rejected")
    expect(r.failure.message).toContain("40125")
    expect(r.failure.retryable).toBe(false)
  })

  it("an unfollowed openid is OptedOut; an unknown one Rejected; a quota Throttled", async () => {
    const n = notifier()
    const unfollowed = await run(n.deliver(message("unfollowed", [UNFOLLOWED])))
    expect(
      Result.isFailure(unfollowed) && [unfollowed.failure.reason._tag, unfollowed.failure.consent]
    ).toEqual(["OptedOut", true])
    const unknown = await run(n.deliver(message("unknown", ["o6_bmjrPTlm6_2sgVt7hMZOPfL00"])))
    expect(Result.isFailure(unknown) && unknown.failure.reason._tag).toBe("Rejected")
    fake.refuse = { errcode: 45009, errmsg: "reach max api daily quota limit" }
    try {
      const quota = await run(n.deliver(message("quota", [FOLLOWER])))
      expect(Result.isFailure(quota) && [quota.failure.reason._tag, quota.failure.retryable]).toEqual([
        "Throttled",
        true
      ])
    } finally {
      fake.refuse = undefined
    }
  })

  it("without an openid in `to`, the look-up is asked; without one at all the message is Unsendable", async () => {
    const looked = notifier(
      {},
      { openidOf: (m) => Effect.succeed(m.to?.includes("13800001234") ? FOLLOWER : undefined) }
    )
    const found = await run(looked.deliver(message("lookup", ["13800001234"])))
    expect(Result.isSuccess(found) && found.success.openid).toBe(FOLLOWER)
    const none = await run(looked.deliver(message("none", ["13900009999"])))
    expect(Result.isFailure(none) && none.failure.reason._tag).toBe("Unsendable")
  })
})

describe("the channel and its fallback", () => {
  const recording = () => {
    const got: Array<ChannelMessage> = []
    const channel: NotifierChannel = {
      name: "sms",
      send: (m) =>
        Effect.sync(() => {
          got.push(m)
        })
    }
    return { channel, got }
  }
  const channelWith = (fallback: unknown, sms: NotifierChannel) => notifier({ fallback }, { fallback: sms })

  it("noOpenid: a customer without an openid gets the message through the fallback channel", async () => {
    const sms = recording()
    const channel = channelWith({ on: "noOpenid", customerFacing: true }, sms.channel)
    const r = await run(channel.send(message("fallback-1", ["13800001234"], { customerFacing: true })))
    expect(Result.isSuccess(r)).toBe(true)
    expect(sms.got.map((m) => m.idempotencyKey)).toEqual(["fallback-1"])
    // an unfollowed openid is not "no openid": no fallback under this rule
    const refused = await run(channel.send(message("fallback-2", [UNFOLLOWED], { customerFacing: true })))
    expect(Result.isFailure(refused) && refused.failure.reason).toBe("OptedOut")
    expect(sms.got.length).toBe(1)
  })

  it("refused: an unfollowed customer falls back too; a retryable failure never does", async () => {
    const sms = recording()
    const channel = channelWith({ on: "refused", customerFacing: true }, sms.channel)
    expect(
      Result.isSuccess(await run(channel.send(message("refused-1", [UNFOLLOWED], { customerFacing: true }))))
    ).toBe(true)
    fake.refuse = { errcode: -1, errmsg: "system error" }
    try {
      const busy = await run(channel.send(message("refused-2", [FOLLOWER], { customerFacing: true })))
      expect(Result.isFailure(busy) && [busy.failure.reason, busy.failure.retryable]).toEqual([
        "Throttled",
        true
      ])
    } finally {
      fake.refuse = undefined
    }
    expect(sms.got.map((m) => m.idempotencyKey)).toEqual(["refused-1"])
  })

  it("customer messages do not fall back unless the configuration says consent covers it", async () => {
    const sms = recording()
    const channel = channelWith({ on: "noOpenid" }, sms.channel)
    const r = await run(channel.send(message("consent-1", ["13800001234"], { customerFacing: true })))
    expect(Result.isFailure(r) && r.failure.reason).toBe("Unsendable")
    expect(sms.got).toEqual([])
    // an internal message may
    expect(Result.isSuccess(await run(channel.send(message("internal-1", ["13800001234"]))))).toBe(true)
  })

  it("a failing fallback fails the channel with the fallback's retryability", async () => {
    const failing: NotifierChannel = {
      name: "sms",
      send: () =>
        Effect.fail(
          new ChannelError({ channel: "sms", reason: "Throttled", retryable: true, message: "limit" })
        )
    }
    const channel = channelWith({ on: "noOpenid" }, failing)
    const r = await run(channel.send(message("fallback-fails", ["13800001234"])))
    expect(Result.isFailure(r) && [r.failure.channel, r.failure.reason, r.failure.retryable]).toEqual([
      "wechat",
      "Throttled",
      true
    ])
  })
})
