// WeChat with @jipan/notify-sms as the fallback, through the outbox dispatcher: customers with an
// openid get the template message, customers without one get the SMS (Alibaba Cloud, against a
// loopback fake that verifies the request signature), every message is settled as sent.

import type { OutboxMessage, Policy } from "@jipan/core"
import {
  defaultPolicy,
  layerConsentRecords,
  layerMemory,
  makeDispatcher,
  makeTenant,
  notificationDraft,
  Outbox
} from "@jipan/core"
import { SmsChannel, SmsConfig, SmsLoopback } from "@jipan/notify-sms"
import { loopbackServer as startServer, type LoopbackServer as TestServer } from "@jipan/testkit"
import { Effect, Layer, ManagedRuntime, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WeChatChannel } from "../src/index.js"
import { FOLLOWER, fakeWeChat } from "./fakeWeChat.js"
import { config, TEMPLATES } from "./fixtures.js"

const tenant = makeTenant("grp-wechat", "store-01")
const allDay: Policy = {
  ...defaultPolicy,
  notifications: { ...defaultPolicy.notifications, customerHours: { from: "00:00", to: "24:00" } }
}

const wechat = fakeWeChat(TEMPLATES)
let wechatServer: TestServer
// notify-sms's own loopback Alibaba Cloud SendSms: verifies the signature, records OutId and the numbers
let smsServer: SmsLoopback.SmsLoopback
beforeAll(async () => {
  wechatServer = await startServer(wechat.handler)
  smsServer = await SmsLoopback.start({ provider: "aliyun", keys: { "LTAI-test": "sms-secret" } })
})
afterAll(async () => {
  await wechatServer.close()
  await smsServer.close()
})

const message = (i: number, mobile: string): OutboxMessage => {
  const key = `fb-${i}`
  const draft = notificationDraft({
    tenant,
    policy: allDay,
    at: Date.now(),
    key,
    to: { id: `cust-${i}`, name: "王先生", channel: "wechat", to: [mobile], customerId: `cust-${i}` },
    data: {
      kind: "careContact",
      careKind: "maintenance",
      customerName: "王先生",
      storeName: "东方丰田",
      on: "2026-11-22",
      vehicle: "卡罗拉"
    }
  })
  return {
    id: key,
    idempotencyKey: draft.idempotencyKey ?? key,
    tenant,
    topic: draft.topic,
    recipient: draft.recipient,
    payload: draft.payload,
    availableAt: Date.now(),
    status: "pending",
    attempts: 0,
    lastError: undefined
  }
}

describe("WeChat with the SMS channel as fallback, through the dispatcher", () => {
  it("openid known: WeChat; unknown: SMS; all sent", async () => {
    const sms = Effect.runSync(
      SmsChannel.make(
        Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
          provider: smsServer.providerConfig,
          signName: "东方丰田",
          templates: {
            "careContact.maintenance": { templateId: "SMS_100001", params: ["customerName", "vehicle"] }
          }
        })
      )
    )
    const openids = new Map([["13800000000", FOLLOWER]])
    const channels = WeChatChannel.layer(
      config(wechatServer.origin, { fallback: { on: "noOpenid", customerFacing: true } }),
      {
        fallback: sms,
        openidOf: (m) => Effect.succeed(m.to?.map((n) => openids.get(n)).find((o) => o !== undefined))
      }
    )
    const messages = [message(0, "13800000000"), message(1, "13800000001"), message(2, "13800000002")]
    const runtime = ManagedRuntime.make(
      Layer.mergeAll(
        layerMemory,
        channels,
        layerConsentRecords(
          messages.map((_, i) => ({
            customerId: `cust-${i}`,
            channel: "wechat",
            status: "granted" as const,
            at: 0
          }))
        )
      )
    )
    try {
      await runtime.runPromise(Outbox.use((o) => o.enqueue(messages)))
      const report = await runtime.runPromise(
        Effect.flatMap(makeDispatcher({ policy: () => allDay }), (d) => d.runOnce)
      )
      expect(report).toMatchObject({ claimed: 3, sent: 3, dead: 0 })
      expect(wechat.sent.filter((s) => s.client_msg_id === messages[0]?.idempotencyKey).length).toBe(1)
      const smsSeen = smsServer.accepted().map((a) => ({ key: a.key, phones: a.phones.join(",") }))
      expect(smsSeen.map((s) => [s.key, s.phones])).toEqual([
        [messages[1]?.idempotencyKey, "13800000001"],
        [messages[2]?.idempotencyKey, "13800000002"]
      ])
    } finally {
      await runtime.dispose()
    }
  })
})
