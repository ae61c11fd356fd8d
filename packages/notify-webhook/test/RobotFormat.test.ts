import { describe, expect, it } from "@effect/vitest"
import { DingTalkRobot, WebhookChannel, WeComRobot } from "../src/index.js"

describe("WeCom message format", () => {
  it("text with mentioned_mobile_list, subject as the first line", () => {
    expect(
      WeComRobot.formatMessage({
        idempotencyKey: "k",
        subject: "逾期回访",
        text: "2 张卡片逾期",
        mentions: ["13800000000", "@all"]
      })
    ).toEqual({
      msgtype: "text",
      text: { content: "逾期回访\n2 张卡片逾期", mentioned_mobile_list: ["13800000000", "@all"] }
    })
  })

  it("markdown when there is nobody to mention; text when there is", () => {
    expect(
      WeComRobot.formatMessage({ idempotencyKey: "k", text: "t", markdown: "**m**", subject: "S" })
    ).toEqual({
      msgtype: "markdown",
      markdown: { content: "### S\n**m**" }
    })
    expect(
      WeComRobot.formatMessage({
        idempotencyKey: "k",
        text: "t",
        markdown: "**m**",
        mentions: ["13800000000"]
      }).msgtype
    ).toBe("text")
  })

  it("key goes in the query of a configurable endpoint", () => {
    expect(WeComRobot.robotUrl({ key: "a b", endpoint: "http://127.0.0.1:9/cgi-bin/webhook/send" })).toBe(
      "http://127.0.0.1:9/cgi-bin/webhook/send?key=a+b"
    )
    expect(WeComRobot.robotUrl({ key: "k" })).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
  })
})

describe("DingTalk message format and signature", () => {
  it("sign = base64(HmacSHA256(secret, timestamp + '\\n' + secret)) (vector from openssl)", () => {
    // printf '1767225600000\nSECtest' | openssl dgst -sha256 -hmac SECtest -binary | base64
    expect(DingTalkRobot.sign("SECtest", 1_767_225_600_000)).toBe(
      "VFnS0ToY3dOa75/lvH0rYNwJBmfT5at2UOkds8G1Cuo="
    )
  })

  it("the signed URL url-encodes the signature", () => {
    const url = DingTalkRobot.signedUrl({ accessToken: "tok", secret: "SECtest" }, 1_767_225_600_000)
    expect(url).toBe(
      "https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=1767225600000&sign=VFnS0ToY3dOa75%2FlvH0rYNwJBmfT5at2UOkds8G1Cuo%3D"
    )
    expect(DingTalkRobot.signedUrl({ accessToken: "tok" }, 1)).toBe(
      "https://oapi.dingtalk.com/robot/send?access_token=tok"
    )
  })

  it("text with at.atMobiles; @all sets isAtAll", () => {
    expect(
      DingTalkRobot.formatMessage({ idempotencyKey: "k", text: "新线索", mentions: ["13800000000", "@all"] })
    ).toEqual({
      msgtype: "text",
      text: { content: "新线索" },
      at: { atMobiles: ["13800000000"], isAtAll: true }
    })
  })

  it("markdown gets a title and the missing @mobile mentions", () => {
    expect(
      DingTalkRobot.formatMessage({
        idempotencyKey: "k",
        text: "首行\n次行",
        markdown: "**新线索** @13900000000",
        mentions: ["13800000000", "13900000000"]
      })
    ).toEqual({
      msgtype: "markdown",
      markdown: { title: "首行", text: "**新线索** @13900000000\n\n@13800000000" },
      at: { atMobiles: ["13800000000", "13900000000"], isAtAll: false }
    })
  })
})

describe("generic webhook body", () => {
  it("carries exactly the message fields", () => {
    expect(
      JSON.parse(WebhookChannel.encodeBody({ idempotencyKey: "k-1", text: "hi", mentions: ["1"] }))
    ).toEqual({
      idempotencyKey: "k-1",
      text: "hi",
      mentions: ["1"]
    })
  })
})
