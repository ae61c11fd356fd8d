// The notifier conformance suite, against the loopback Alibaba Cloud and Tencent Cloud APIs. The
// suite's messages carry only a key and a text; the fixtures add what an SMS needs (a kind, its
// template data and a mobile number), as the directory does for the outbox's messages.
import type { ChannelMessage, NotifierChannel } from "@jipan/core"
import { notifierSuite, type SuiteMessage } from "@jipan/testkit"
import { Effect } from "effect"
import { SmsChannel, SmsLoopback } from "../src/index.js"
import { ALIYUN_KEY, aliyunConfig, maintenanceData, TENCENT_KEY, tencentConfig } from "./fixtures.js"
import { closedPort } from "./httpServer.js"

const addressed = { kind: "careContact", data: maintenanceData, to: ["13800001234"] }

/** The typed send, with the suite's bare messages addressed like the outbox's. */
const sendOf = (channel: SmsChannel.SmsChannel) => (m: SuiteMessage) =>
  channel.deliver({ ...m, ...addressed })

/** The channel itself (the dispatcher's port), with the suite's bare messages addressed likewise. */
const channelOf = (channel: SmsChannel.SmsChannel): NotifierChannel => ({
  name: channel.name,
  send: (m: ChannelMessage) => channel.send({ ...addressed, ...m })
})

notifierSuite("Alibaba Cloud SMS", {
  errorTag: "SmsError",
  reasons: { permanent: ["Rejected"], transient: ["Throttled"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const keys = { [ALIYUN_KEY.id]: ALIYUN_KEY.secret }
    const accepting = yield* SmsLoopback.scoped({ provider: "aliyun", keys })
    const permanent = yield* SmsLoopback.scoped({
      provider: "aliyun",
      keys,
      refuse: "isv.MOBILE_NUMBER_ILLEGAL"
    })
    const transient = yield* SmsLoopback.scoped({
      provider: "aliyun",
      keys,
      refuse: "isv.BUSINESS_LIMIT_CONTROL"
    })
    const port = yield* Effect.promise(() => closedPort())
    const make = (endpoint: string) => Effect.runSync(SmsChannel.make(aliyunConfig(endpoint)))
    return {
      accepting: sendOf(make(accepting.endpoint)),
      // the backdoor: the OutId (= idempotency key) of every SendSms the loopback provider accepted
      receivedKeys: Effect.sync(() => accepting.accepted().map((x) => x.key)),
      refusingPermanently: sendOf(make(permanent.endpoint)),
      refusingTransiently: sendOf(make(transient.endpoint)),
      unreachable: sendOf(make(`http://127.0.0.1:${port}`)),
      acceptingChannel: channelOf(make(accepting.endpoint)),
      refusingChannel: channelOf(make(permanent.endpoint))
    }
  })
})

notifierSuite("Tencent Cloud SMS", {
  errorTag: "SmsError",
  reasons: { permanent: ["Rejected"], transient: ["Throttled"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const keys = { [TENCENT_KEY.id]: TENCENT_KEY.secret }
    const options = { provider: "tencent", keys, smsSdkAppId: TENCENT_KEY.sdkAppId } as const
    const accepting = yield* SmsLoopback.scoped(options)
    const permanent = yield* SmsLoopback.scoped({
      ...options,
      refuse: { code: "InvalidParameterValue.IncorrectPhoneNumber", perNumber: true }
    })
    const transient = yield* SmsLoopback.scoped({ ...options, refuse: "LimitExceeded.PhoneNumberDailyLimit" })
    const port = yield* Effect.promise(() => closedPort())
    const make = (endpoint: string) => Effect.runSync(SmsChannel.make(tencentConfig(endpoint)))
    return {
      accepting: sendOf(make(accepting.endpoint)),
      // the backdoor: the SessionContext (= idempotency key) of every number the loopback accepted
      receivedKeys: Effect.sync(() => accepting.accepted().map((x) => x.key)),
      refusingPermanently: sendOf(make(permanent.endpoint)),
      refusingTransiently: sendOf(make(transient.endpoint)),
      unreachable: sendOf(make(`http://127.0.0.1:${port}`)),
      acceptingChannel: channelOf(make(accepting.endpoint)),
      refusingChannel: channelOf(make(permanent.endpoint))
    }
  })
})
