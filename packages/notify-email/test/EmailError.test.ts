import { describe, expect, it } from "@effect/vitest"
import { EmailError, SmtpChannel } from "../src/index.js"

const nodemailerError = (fields: Record<string, unknown>): Error => Object.assign(new Error("smtp"), fields)

describe("EmailError classification", () => {
  it("5xx replies are permanent (503 excepted), 4xx are retryable", () => {
    for (const code of [550, 551, 552, 553, 554, 535])
      expect(EmailError.isRetryableReply(code), String(code)).toBe(false)
    for (const code of [421, 450, 451, 452, 503])
      expect(EmailError.isRetryableReply(code), String(code)).toBe(true)
  })

  it("maps nodemailer's errors to reasons", () => {
    expect(
      EmailError.classify(
        nodemailerError({ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 no" }),
        1
      ).reason
    ).toEqual(new EmailError.Rejected({ responseCode: 550, response: "550 5.1.1 no" }))
    expect(EmailError.classify(nodemailerError({ code: "ETIMEDOUT" }), 300).reason).toEqual(
      new EmailError.Timeout({ timeoutMillis: 300 })
    )
    expect(
      EmailError.classify(nodemailerError({ code: "ESOCKET", originalCode: "ECONNREFUSED" }), 1).reason
    ).toEqual(new EmailError.Connection({ code: "ECONNREFUSED" }))
    const invalid = EmailError.classify(nodemailerError({ code: "EENVELOPE" }), 1)
    expect(invalid.reason._tag).toBe("Invalid")
    expect(invalid.retryable).toBe(false)
    expect(EmailError.classify("weird", 1).reason).toEqual(new EmailError.Connection({}))
  })
})

describe("SmtpChannel helpers", () => {
  it("the Message-ID is stable per idempotency key and safe for any key", () => {
    const a = SmtpChannel.messageIdFor("care:card-42:生日", "store.example")
    expect(a).toBe(SmtpChannel.messageIdFor("care:card-42:生日", "store.example"))
    expect(a).toMatch(/^<jipan\.[0-9a-f]{40}@store\.example>$/)
    expect(SmtpChannel.messageIdFor("other", "store.example")).not.toBe(a)
  })

  it("renders text as escaped HTML paragraphs", () => {
    expect(SmtpChannel.textToHtml("您好\n请回电 <急>\n\n基盘")).toBe(
      "<p>您好<br>请回电 &lt;急&gt;</p>\n<p>基盘</p>"
    )
  })
})
