import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AccessToken, WeChatChannel, WeChatConfig, WeChatError } from "../src/index.js"
import { FOLLOWER } from "./fakeWeChat.js"
import { config, maintenanceData } from "./fixtures.js"

describe("errcodes", () => {
  it("maps the documented codes", () => {
    expect(WeChatError.classify(43004)).toBe("consent")
    expect(WeChatError.classify(43101)).toBe("consent")
    expect(WeChatError.classify(45009)).toBe("retryable")
    expect(WeChatError.classify(-1)).toBe("retryable")
    expect(WeChatError.classify(40001)).toBe("token")
    expect(WeChatError.classify(42001)).toBe("token")
    expect(WeChatError.classify(40003)).toBe("permanent")
    expect(WeChatError.classify(40037)).toBe("permanent")
    expect(WeChatError.classify(40037, { "40037": "retryable" })).toBe("retryable")
  })

  it("property: total — every errcode has one disposition, and the error built from it agrees", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.constantFrom(...Object.keys(WeChatError.errcodes).map(Number))),
        (code) => {
          const d = WeChatError.classify(code)
          expect(["token", "retryable", "permanent", "consent"]).toContain(d)
          const e = WeChatError.fromErrcode("send", code, "x")
          expect(e.retryable).toBe(d === "retryable")
          expect(e.consent).toBe(d === "consent")
        }
      )
    )
  })
})

describe("template messages", () => {
  const c = config("http://127.0.0.1:1")

  it("fills the kind's template from the data, with the link and the idempotency key as client_msg_id", () => {
    const built = WeChatConfig.templateMessage(
      c,
      { idempotencyKey: "k-1", kind: "careContact", data: maintenanceData, text: "t" },
      FOLLOWER
    )
    expect(built).toEqual(
      Result.succeed({
        touser: FOLLOWER,
        template_id: "tpl-maintenance",
        url: "https://store.example/booking",
        client_msg_id: "k-1",
        data: {
          thing1: { value: "王先生" },
          thing2: { value: "卡罗拉" },
          time3: { value: "2026-11-22" },
          thing4: { value: "东方丰田" }
        }
      })
    )
  })

  it("a marketing greeting carries the opt-out text in its remark", () => {
    const built = WeChatConfig.templateMessage(
      c,
      {
        idempotencyKey: "k-2",
        kind: "careContact",
        data: { ...maintenanceData, careKind: "birthday" },
        text: "t"
      },
      FOLLOWER
    )
    expect(Result.isSuccess(built) && built.success.data.remark?.value).toBe("祝您生日快乐 回复TD退订")
  })

  it("fails with what is missing: a template, a field", () => {
    const none = WeChatConfig.templateMessage(
      c,
      { idempotencyKey: "k", kind: "workList", text: "t" },
      FOLLOWER
    )
    expect(Result.isFailure(none) && none.failure.missing).toBe("template")
    const field = WeChatConfig.templateMessage(
      c,
      {
        idempotencyKey: "k",
        kind: "careContact",
        data: { kind: "careContact", careKind: "maintenance" },
        text: "t"
      },
      FOLLOWER
    )
    expect(Result.isFailure(field) && field.failure.missing).toBe("field")
  })

  it("property: client_msg_id is the key when short, a stable 39-character hash otherwise", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (key) => {
        const id = WeChatConfig.defaultClientMsgId(key)
        expect(WeChatConfig.defaultClientMsgId(key)).toBe(id)
        if (id !== key) expect(id).toMatch(/^sha256:[0-9a-f]{32}$/)
        expect(id.length).toBeLessThanOrEqual(64)
      })
    )
  })

  it("openids are recognised", () => {
    expect(WeChatChannel.isOpenid(FOLLOWER)).toBe(true)
    expect(WeChatChannel.isOpenid("13800001234")).toBe(false)
  })

  it("the configuration is data: decoding refuses what is not", () => {
    expect(Schema.decodeUnknownExit(WeChatConfig.WeChatConfig)({ appId: "wx", templates: {} })._tag).toBe(
      "Failure"
    )
    expect(
      Schema.decodeUnknownExit(WeChatConfig.WeChatConfig)({
        appId: "wx",
        appSecret: "s",
        templates: {},
        fallback: { on: "sometimes" }
      })._tag
    ).toBe("Failure")
  })
})

describe("access token lifetime", () => {
  it("a token is used until five minutes before it expires (half its life when shorter)", () => {
    expect(AccessToken.usableUntil(1_000, 7200)).toBe(1_000 + 6_900_000)
    expect(AccessToken.usableUntil(0, 100)).toBe(50_000)
  })

  it("property: a token is never used past its expiry, and always for a while", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 100_000 }),
        (now, expires) => {
          const until = AccessToken.usableUntil(now, expires)
          expect(until).toBeLessThan(now + expires * 1000)
          expect(until).toBeGreaterThan(now)
        }
      )
    )
  })
})
