// The SMS channel against the loopback providers (SmsLoopback): what reaches the provider, a wrong
// secret, the error codes' dispositions, delivery receipts back to the outbox message, and the
// outbox dispatcher sending through the channel.
import {
  type ChannelMessage,
  DeliveryReceipts as CoreReceipts,
  layerConsentRecords,
  layerMemory,
  makeDispatcher,
  Outbox
} from "@jipan/core"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryReceipts, ReceiptSink, SmsChannel, type SmsError, SmsLoopback } from "../src/index.js"
import { allDay, consent, smsMessages, tenant } from "./dispatchFixtures.js"
import {
  ALIYUN_KEY,
  aliyunConfig,
  birthdayData,
  maintenanceData,
  TENCENT_KEY,
  tencentConfig
} from "./fixtures.js"

const loopbacks = {} as Record<"aliyun" | "tencent", SmsLoopback.SmsLoopback>

beforeAll(async () => {
  loopbacks.aliyun = await SmsLoopback.start({
    provider: "aliyun",
    keys: { [ALIYUN_KEY.id]: ALIYUN_KEY.secret }
  })
  loopbacks.tencent = await SmsLoopback.start({
    provider: "tencent",
    keys: { [TENCENT_KEY.id]: TENCENT_KEY.secret },
    smsSdkAppId: TENCENT_KEY.sdkAppId
  })
})
afterAll(async () => {
  await loopbacks.aliyun.close()
  await loopbacks.tencent.close()
})

const configs = {
  aliyun: (secret?: string) => aliyunConfig(loopbacks.aliyun.endpoint, secret),
  tencent: (secret?: string) => tencentConfig(loopbacks.tencent.endpoint, secret)
}
const reportsOf = (provider: "aliyun" | "tencent", accepted: ReadonlyArray<SmsLoopback.Accepted>) =>
  SmsLoopback.statusReports(provider, accepted)

const channelWith = (
  provider: "aliyun" | "tencent",
  options: { readonly secret?: string; readonly sink?: ReceiptSink.ReceiptSink["Service"] } = {}
) => {
  const make = SmsChannel.make(configs[provider](options.secret))
  return Effect.runSync(
    options.sink === undefined
      ? make
      : make.pipe(Effect.provideService(ReceiptSink.ReceiptSink, options.sink))
  )
}

const sendWith = (
  provider: "aliyun" | "tencent",
  message: ChannelMessage,
  options: { readonly secret?: string; readonly sink?: ReceiptSink.ReceiptSink["Service"] } = {}
) => Effect.runPromise(Effect.result(channelWith(provider, options).deliver(message)))

const failure = (r: Result.Result<unknown, SmsError.SmsError>): SmsError.SmsError => {
  if (Result.isSuccess(r)) throw new Error("expected a failure")
  return r.failure
}

const refusals = [
  ["aliyun", "isv.BUSINESS_LIMIT_CONTROL", "Throttled", true],
  ["aliyun", "isv.MOBILE_NUMBER_ILLEGAL", "Rejected", false],
  ["aliyun", "isv.BLACK_KEY_CONTROL_LIMIT", "OptedOut", false],
  ["tencent", "LimitExceeded.PhoneNumberThirtySecondLimit", "Throttled", true],
  // Tencent answers per number: one number on the blacklist
  ["tencent", { code: "FailedOperation.PhoneNumberInBlacklist", perNumber: true }, "OptedOut", false],
  ["tencent", "FailedOperation.TemplateIncorrectOrUnapproved", "Rejected", false]
] as const

describe.each(["aliyun", "tencent"] as const)("%s SMS", (provider) => {
  it("sends the kind's template with its parameters, sign and number in the provider's form", async () => {
    const loopback = loopbacks[provider]
    const key = `${provider}-params`
    const sent = await sendWith(provider, {
      idempotencyKey: key,
      messageId: "m-params",
      kind: "careContact",
      data: maintenanceData,
      text: "王先生您好",
      to: ["138 0000 1234"]
    })
    expect(Result.isSuccess(sent)).toBe(true)
    const got = loopback.accepted().find((a) => a.key === key)
    expect(got?.signName).toBe("东方丰田")
    if (provider === "aliyun") {
      expect(got?.phones).toEqual(["13800001234"])
      expect(got?.templateId).toBe("SMS_100001")
      expect(got?.params).toEqual({ customerName: "王先生", car: "卡罗拉", storeName: "东方丰田" })
    } else {
      expect(got?.phones).toEqual(["+8613800001234"])
      expect(got?.templateId).toBe("1840021")
      expect(got?.params).toEqual(["王先生", "卡罗拉", "东方丰田"])
    }
  })

  it("a marketing greeting carries the opt-out text", async () => {
    const key = `${provider}-birthday`
    await sendWith(provider, {
      idempotencyKey: key,
      kind: "careContact",
      data: birthdayData,
      text: "t",
      to: ["13800001234"]
    })
    const params = loopbacks[provider].accepted().find((a) => a.key === key)?.params
    expect(JSON.stringify(params)).toContain("回T退订")
  })

  it("a wrong secret is refused by the provider's signature check: permanent", async () => {
    const before = loopbacks[provider].refusedSignatures()
    const e = failure(
      await sendWith(
        provider,
        {
          idempotencyKey: `${provider}-wrong`,
          kind: "careContact",
          data: maintenanceData,
          text: "t",
          to: ["13800001234"]
        },
        { secret: "not-the-secret" }
      )
    )
    expect(loopbacks[provider].refusedSignatures()).toBe(before + 1)
    expect(e.reason._tag).toBe("Rejected")
    expect(e.retryable).toBe(false)
    expect(e.message).toContain(
      provider === "aliyun" ? "SignatureDoesNotMatch" : "AuthFailure.SignatureFailure"
    )
  })

  it.each(refusals.filter(([p]) => p === provider))(
    "%s refusal %o is %s (retryable %s)",
    async (_p, refusal, reason, retryable) => {
      loopbacks[provider].refuse(refusal)
      try {
        const message: ChannelMessage = {
          idempotencyKey: `${provider}-${JSON.stringify(refusal)}`,
          kind: "careContact",
          data: maintenanceData,
          text: "t",
          to: ["13800001234"]
        }
        const e = failure(await sendWith(provider, message))
        expect(e.reason._tag).toBe(reason)
        expect(e.retryable).toBe(retryable)
        expect(e.consent).toBe(reason === "OptedOut")
        // the same refusal through the channel's send (the dispatcher's port): a ChannelError
        const channelError = await Effect.runPromise(Effect.flip(channelWith(provider).send(message)))
        expect([channelError.channel, channelError.reason, channelError.retryable]).toEqual([
          "sms",
          reason,
          retryable
        ])
      } finally {
        loopbacks[provider].refuse(undefined)
      }
    }
  )

  it("a message without a template or a valid number is Unsendable, before any request", async () => {
    const count = loopbacks[provider].accepted().length
    const noTemplate = failure(
      await sendWith(provider, {
        idempotencyKey: "x",
        kind: "workList",
        data: {},
        text: "t",
        to: ["13800001234"]
      })
    )
    expect(noTemplate.reason._tag).toBe("Unsendable")
    const noNumber = failure(
      await sendWith(provider, {
        idempotencyKey: "y",
        kind: "careContact",
        data: maintenanceData,
        text: "t",
        to: ["123"]
      })
    )
    expect(noNumber.reason._tag).toBe("Unsendable")
    expect(loopbacks[provider].accepted().length).toBe(count)
  })

  it("delivery receipts are verified, matched to the outbox message and recorded once", async () => {
    const memory = ReceiptSink.makeMemory()
    const key = `${provider}-receipt`
    const sent = await sendWith(
      provider,
      {
        idempotencyKey: key,
        messageId: "m-receipt",
        tenant,
        kind: "careContact",
        data: maintenanceData,
        text: "t",
        to: ["13800001234"]
      },
      { sink: memory.sink }
    )
    expect(Result.isSuccess(sent)).toBe(true)
    const [submission] = memory.submissions()
    expect(submission).toMatchObject({
      provider,
      phone: "+8613800001234",
      messageId: "m-receipt",
      idempotencyKey: key
    })
    const accepted = loopbacks[provider].accepted().filter((a) => a.key === key)
    const reports = loopbacks[provider].statusReports({ accepted })
    // a report for a message this system never sent
    const strangers = accepted.map((a) => ({ ...a, providerMessageId: `${a.providerMessageId}-unknown` }))
    const body = JSON.stringify([...reports, ...reportsOf(provider, strangers)])
    const handle = (token: string) =>
      Effect.runPromise(
        Effect.result(
          DeliveryReceipts.handle(provider, { body, token }, { token: "callback-token" }).pipe(
            Effect.provideService(ReceiptSink.ReceiptSink, memory.sink)
          )
        )
      )
    const refused = await handle("guess")
    expect(Result.isFailure(refused) && refused.failure.reason).toBe("Unauthorized")
    const batch = await handle("callback-token")
    if (Result.isFailure(batch)) throw batch.failure
    expect(batch.success.receipts).toEqual([
      expect.objectContaining({
        provider,
        providerMessageId: submission?.providerMessageId,
        phone: "+8613800001234",
        messageId: "m-receipt",
        tenant,
        status: "delivered",
        code: provider === "aliyun" ? "DELIVERED" : "DELIVRD",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
      })
    ])
    expect(batch.success.unmatched.length).toBe(1)
    expect(batch.success.answer).toBe(
      provider === "aliyun" ? '{"code":0,"msg":"接收成功"}' : '{"result":0,"errmsg":"OK"}'
    )
    await handle("callback-token") // the provider repeats its callback
    expect(memory.receipts().length).toBe(1)
    const malformed = await Effect.runPromise(
      Effect.result(
        DeliveryReceipts.handle(
          provider,
          { body: '[{"nope":1}]', token: "callback-token" },
          { token: "callback-token" }
        ).pipe(Effect.provideService(ReceiptSink.ReceiptSink, memory.sink))
      )
    )
    expect(Result.isFailure(malformed) && malformed.failure.reason).toBe("Malformed")
  })

  it("with the store's sink, the receipt is kept in the Jipan store against the outbox message", async () => {
    const runtime = ManagedRuntime.make(Layer.provideMerge(ReceiptSink.layerStore, layerMemory))
    try {
      const sink = await runtime.runPromise(Effect.service(ReceiptSink.ReceiptSink))
      const key = `${provider}-stored-receipt`
      const sent = await sendWith(
        provider,
        {
          idempotencyKey: key,
          messageId: "m-stored",
          tenant,
          kind: "careContact",
          data: maintenanceData,
          text: "t",
          to: ["13800001234"]
        },
        { sink }
      )
      expect(Result.isSuccess(sent)).toBe(true)
      const accepted = loopbacks[provider].accepted().filter((a) => a.key === key)
      const body = JSON.stringify(reportsOf(provider, accepted))
      const batch = await runtime.runPromise(
        DeliveryReceipts.handle(provider, { body, token: "callback-token" }, { token: "callback-token" })
      )
      expect(batch.receipts.length).toBe(1)
      const stored = await runtime.runPromise(
        Effect.flatMap(Effect.service(CoreReceipts), (r) => r.list(tenant, "m-stored"))
      )
      expect(stored).toEqual([
        expect.objectContaining({
          provider,
          messageId: "m-stored",
          status: "delivered",
          phone: "+8613800001234"
        })
      ])
    } finally {
      await runtime.dispose()
    }
  })

  it("the outbox dispatcher sends customer care messages through the channel; submissions carry the outbox ids", async () => {
    const memory = ReceiptSink.makeMemory()
    const messages = smsMessages(12, Date.now(), `${provider}-outbox`)
    const runtime = ManagedRuntime.make(
      Layer.mergeAll(
        layerMemory,
        SmsChannel.layer(configs[provider]()).pipe(
          Layer.provide(Layer.succeed(ReceiptSink.ReceiptSink, memory.sink))
        ),
        layerConsentRecords(consent(messages.map((m) => `cust-${m.id}`)))
      )
    )
    try {
      await runtime.runPromise(Outbox.use((o) => o.enqueue(messages)))
      const report = await runtime.runPromise(
        Effect.flatMap(makeDispatcher({ policy: () => allDay }), (d) => d.runOnce)
      )
      expect(report).toMatchObject({ claimed: 12, sent: 12, dead: 0, skipped: 0, deferred: 0 })
      expect(new Set(memory.submissions().map((s) => s.messageId))).toEqual(
        new Set(messages.map((m) => m.id))
      )
      const keys = new Set(loopbacks[provider].accepted().map((a) => a.key))
      for (const m of messages) expect(keys.has(m.idempotencyKey)).toBe(true)
    } finally {
      await runtime.dispose()
    }
  })
})
