// Failures around the send: a provider that does not answer in time, a receipt sink that fails
// (the provider's acceptance stands; the callback is refused so the provider calls again).
import type { ChannelMessage } from "@jipan/core"
import { Effect, Option, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DeliveryReceipts, ReceiptSink, SmsChannel, SmsLoopback } from "../src/index.js"
import { ALIYUN_KEY, aliyunConfig, maintenanceData } from "./fixtures.js"
import { startServer, type TestServer } from "./httpServer.js"

let aliyun: SmsLoopback.SmsLoopback
let silent: TestServer
beforeAll(async () => {
  aliyun = await SmsLoopback.start({ provider: "aliyun", keys: { [ALIYUN_KEY.id]: ALIYUN_KEY.secret } })
  silent = await startServer(() => undefined) // reads the request, never answers
})
afterAll(async () => {
  await aliyun.close()
  await silent.close()
})

const message = (key: string): ChannelMessage => ({
  idempotencyKey: key,
  messageId: key,
  kind: "careContact",
  data: maintenanceData,
  text: "t",
  to: ["13800001234"]
})

const failingSink: ReceiptSink.ReceiptSink["Service"] = {
  submitted: () => Effect.fail(new ReceiptSink.ReceiptSinkError({ message: "database unavailable" })),
  lookup: () => Effect.fail(new ReceiptSink.ReceiptSinkError({ message: "database unavailable" })),
  record: () => Effect.fail(new ReceiptSink.ReceiptSinkError({ message: "database unavailable" }))
}

describe("SMS failures", () => {
  it("a provider that does not answer in time is a retryable Timeout", async () => {
    const sms = Effect.runSync(SmsChannel.make({ ...aliyunConfig(`${silent.origin}/`), timeoutMillis: 200 }))
    const r = await Effect.runPromise(Effect.result(sms.deliver(message("silent"))))
    expect(Result.isFailure(r) && [r.failure.reason._tag, r.failure.retryable]).toEqual(["Timeout", true])
  })

  it("a sink that cannot record a submission does not fail a send the provider accepted", async () => {
    const sms = Effect.runSync(
      SmsChannel.make(aliyunConfig(aliyun.endpoint)).pipe(
        Effect.provideService(ReceiptSink.ReceiptSink, failingSink)
      )
    )
    const r = await Effect.runPromise(Effect.result(sms.deliver(message("sink-down"))))
    expect(Result.isSuccess(r)).toBe(true)
    expect(aliyun.accepted().some((a) => a.key === "sink-down")).toBe(true)
  })

  it("a sink failure during a callback is SinkFailed (answer 5xx: the provider calls again)", async () => {
    const body = JSON.stringify(aliyun.statusReports({ accepted: aliyun.accepted().slice(0, 1) }))
    const r = await Effect.runPromise(
      Effect.result(
        DeliveryReceipts.handle("aliyun", { body, token: "t" }, { token: "t" }).pipe(
          Effect.provideService(ReceiptSink.ReceiptSink, failingSink)
        )
      )
    )
    expect(Result.isFailure(r) && r.failure.reason).toBe("SinkFailed")
  })

  it("the in-memory sink keeps one submission per provider id and number", async () => {
    const memory = ReceiptSink.makeMemory()
    const s = {
      provider: "aliyun" as const,
      providerMessageId: "1^0",
      phone: "+8613800001234",
      idempotencyKey: "k",
      templateId: "SMS_1",
      at: 0
    }
    await Effect.runPromise(Effect.andThen(memory.sink.submitted(s), memory.sink.submitted({ ...s, at: 1 })))
    expect(memory.submissions()).toEqual([s])
    const found = await Effect.runPromise(memory.sink.lookup("aliyun", "1^0", "+8613800001234"))
    expect(Option.getOrUndefined(found)).toEqual(s)
    expect(
      Option.isNone(await Effect.runPromise(memory.sink.lookup("tencent", "1^0", "+8613800001234")))
    ).toBe(true)
  })
})
