// The published loopback providers themselves: what they refuse (with the providers' own
// payloads), the ids they answer with, and the status reports they push to a receipt callback.
import type { ChannelMessage } from "@jipan/core"
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  AliyunSms,
  DeliveryReceipts,
  ReceiptSink,
  SmsChannel,
  SmsLoopback,
  TencentSms
} from "../src/index.js"
import { ALIYUN_KEY, aliyunConfig, maintenanceData, TENCENT_KEY, tencentConfig } from "./fixtures.js"
import { startServer } from "./httpServer.js"

const keys = {
  aliyun: { [ALIYUN_KEY.id]: ALIYUN_KEY.secret },
  tencent: { [TENCENT_KEY.id]: TENCENT_KEY.secret }
}
const configOf = (loopback: SmsLoopback.SmsLoopback, secret?: string) =>
  loopback.provider === "aliyun"
    ? aliyunConfig(loopback.endpoint, secret)
    : tencentConfig(loopback.endpoint, secret)

const message = (key: string, to = "13800001234"): ChannelMessage => ({
  idempotencyKey: key,
  messageId: key,
  kind: "careContact",
  data: maintenanceData,
  text: "t",
  to: [to]
})

const sendAll = (
  config: ReturnType<typeof configOf>,
  messages: ReadonlyArray<ChannelMessage>,
  sink: ReceiptSink.ReceiptSink["Service"] = ReceiptSink.makeMemory().sink
) =>
  Effect.runPromise(
    Effect.flatMap(
      SmsChannel.make(config).pipe(Effect.provideService(ReceiptSink.ReceiptSink, sink)),
      (sms) => Effect.forEach(messages, (m) => Effect.result(sms.deliver(m)))
    )
  )

const post = async (url: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(url, { method: "POST", body, headers })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

describe.each(["aliyun", "tencent"] as const)("SmsLoopback (%s)", (provider) => {
  it("answers with the same provider ids for the same sends, and a new id for a resend", async () => {
    const [first, second] = await Promise.all([
      SmsLoopback.start({ provider, keys: keys[provider] }),
      SmsLoopback.start({ provider, keys: keys[provider] })
    ])
    try {
      const sends = [message("k-1"), message("k-2", "13900005678"), message("k-1")]
      await sendAll(configOf(first), sends)
      await sendAll(configOf(second), sends)
      const ids = (l: SmsLoopback.SmsLoopback) => l.accepted().map((a) => a.providerMessageId)
      expect(ids(first)).toEqual(ids(second))
      expect(new Set(ids(first)).size).toBe(3)
      expect(ids(first)[0]).toMatch(provider === "aliyun" ? /^9\d{17}\^0$/ : /^2433:\d{18}$/)
      expect(first.accepted().map((a) => a.key)).toEqual(["k-1", "k-2", "k-1"])
    } finally {
      await first.close()
      await second.close()
    }
  })

  it("providerConfig points a configuration at the loopback with its first key", async () => {
    const loopback = await SmsLoopback.start({
      provider,
      keys: keys[provider],
      smsSdkAppId: TENCENT_KEY.sdkAppId
    })
    try {
      const config = { ...configOf(loopback), provider: loopback.providerConfig }
      const [sent] = await sendAll(config, [message("via-config")])
      expect(sent !== undefined && Result.isSuccess(sent)).toBe(true)
      expect(loopback.providerConfig).toMatchObject({ provider, endpoint: loopback.endpoint })
    } finally {
      await loopback.close()
    }
  })

  it("refuses a stale timestamp with the provider's error", async () => {
    // the provider's clock is a day ahead of the sender's
    const loopback = await SmsLoopback.start({
      provider,
      keys: keys[provider],
      now: () => Date.now() + 86_400_000
    })
    try {
      const [sent] = await sendAll(configOf(loopback), [message("stale")])
      if (sent === undefined || Result.isSuccess(sent)) throw new Error("expected a refusal")
      expect(sent.failure.message).toContain(
        provider === "aliyun" ? "InvalidTimeStamp.Expired" : "AuthFailure.SignatureExpire"
      )
      expect(loopback.accepted()).toEqual([])
    } finally {
      await loopback.close()
    }
  })

  it("pushes delivered and failed status reports that the receipt handler records against the message", async () => {
    const loopback = await SmsLoopback.start({ provider, keys: keys[provider] })
    const memory = ReceiptSink.makeMemory()
    const callback = await startServer((request, response) => {
      const token = new URL(request.url, "http://localhost").searchParams.get("token")
      const handled = DeliveryReceipts.handle(
        provider,
        { body: request.body.toString("utf8"), token },
        { token: "callback-token" }
      ).pipe(Effect.provideService(ReceiptSink.ReceiptSink, memory.sink))
      void Effect.runPromise(Effect.result(handled)).then((r) =>
        Result.isSuccess(r) ? response.writeHead(200).end(r.success.answer) : response.writeHead(401).end()
      )
    })
    try {
      await sendAll(
        configOf(loopback),
        [message("delivered"), message("empty-number", "13900000000")],
        memory.sink
      )
      const refused = await loopback.pushStatusReports(`${callback.origin}/sms?token=guess`)
      expect(refused.status).toBe(401)
      const pushed = await loopback.pushStatusReports(`${callback.origin}/sms?token=callback-token`, {
        failed: (_a, phone) => phone.endsWith("0000")
      })
      expect(pushed).toEqual({ status: 200, body: DeliveryReceipts.acknowledgement(provider) })
      const receipts = memory.receipts().map((r) => [r.messageId, r.phone, r.status, r.code])
      expect(receipts).toEqual([
        ["delivered", "+8613800001234", "delivered", provider === "aliyun" ? "DELIVERED" : "DELIVRD"],
        ["empty-number", "+8613900000000", "failed", "MK:0001"]
      ])
    } finally {
      await loopback.close()
      await callback.close()
    }
  })
})

describe("SmsLoopback's refusals, as the providers send them", () => {
  it("Alibaba: a wrong signature is HTTP 400 SignatureDoesNotMatch; a reused nonce SignatureNonceUsed", async () => {
    const loopback = await SmsLoopback.start({ provider: "aliyun", keys: keys.aliyun })
    try {
      const provider = {
        provider: "aliyun",
        accessKeyId: ALIYUN_KEY.id,
        accessKeySecret: ALIYUN_KEY.secret
      } as const
      const send = {
        phoneNumbers: ["13800001234"],
        signName: "东方丰田",
        templateCode: "SMS_100001",
        templateParam: { customerName: "王先生" },
        outId: "raw-1"
      }
      const form = { "content-type": "application/x-www-form-urlencoded" }
      const signed = AliyunSms.sendSmsParams(provider, send, { now: Date.now(), nonce: "nonce-1" })
      const forged = new URLSearchParams({ ...signed, TemplateCode: "SMS_999999" }).toString()
      const wrong = await post(loopback.endpoint, forged, form)
      expect(wrong.status).toBe(400)
      expect(wrong.json).toMatchObject({ Code: "SignatureDoesNotMatch", HostId: "dysmsapi.aliyuncs.com" })
      expect(String(wrong.json.Message)).toContain("server string to sign is:POST&%2F&")
      expect(loopback.refusedSignatures()).toBe(1)
      const ok = await post(loopback.endpoint, new URLSearchParams(signed).toString(), form)
      expect(ok).toMatchObject({ status: 200, json: { Code: "OK", Message: "OK" } })
      const again = await post(loopback.endpoint, new URLSearchParams(signed).toString(), form)
      expect(again.json).toMatchObject({ Code: "SignatureNonceUsed" })
      const unknown = AliyunSms.sendSmsParams({ ...provider, accessKeyId: "LTAI-unknown" }, send, {
        now: Date.now(),
        nonce: "nonce-2"
      })
      const noKey = await post(loopback.endpoint, new URLSearchParams(unknown).toString(), form)
      expect(noKey).toMatchObject({ status: 404, json: { Code: "InvalidAccessKeyId.NotFound" } })
    } finally {
      await loopback.close()
    }
  })

  it("Tencent: a wrong signature is AuthFailure.SignatureFailure; an unknown SmsSdkAppId is refused", async () => {
    const loopback = await SmsLoopback.start({
      provider: "tencent",
      keys: keys.tencent,
      smsSdkAppId: TENCENT_KEY.sdkAppId
    })
    try {
      const provider = {
        provider: "tencent",
        secretId: TENCENT_KEY.id,
        secretKey: TENCENT_KEY.secret,
        smsSdkAppId: TENCENT_KEY.sdkAppId,
        endpoint: loopback.endpoint
      } as const
      const send = {
        phoneNumbers: ["+8613800001234"],
        signName: "东方丰田",
        templateId: "1840021",
        templateParams: ["王先生"],
        sessionContext: "raw-1"
      }
      const now = Math.floor(Date.now() / 1000)
      const r = TencentSms.sendSmsRequest(provider, send, now)
      const wrong = await post(r.url, r.body.replace("王先生", "李女士"), r.headers)
      expect(wrong.json).toMatchObject({ Response: { Error: { Code: "AuthFailure.SignatureFailure" } } })
      expect(loopback.refusedSignatures()).toBe(1)
      const otherApp = TencentSms.sendSmsRequest({ ...provider, smsSdkAppId: "1400000001" }, send, now)
      const noApp = await post(otherApp.url, otherApp.body, otherApp.headers)
      expect(noApp.json).toMatchObject({
        Response: { Error: { Code: "InvalidParameterValue.SdkAppIdNotExist" } }
      })
      const ok = await post(r.url, r.body, r.headers)
      expect(ok.json).toMatchObject({
        Response: { SendStatusSet: [{ Code: "Ok", PhoneNumber: "+8613800001234", SessionContext: "raw-1" }] }
      })
    } finally {
      await loopback.close()
    }
  })
})
