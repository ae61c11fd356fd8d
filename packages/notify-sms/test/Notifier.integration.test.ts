// The notifier conformance suite, against the fake Alibaba Cloud and Tencent Cloud APIs. The
// suite's messages carry only a key and a text; the fixtures add what an SMS needs (a kind, its
// template data and a mobile number), as the directory does for the outbox's messages.
import type { ChannelMessage, NotifierChannel } from "@jipan/core"
import { notifierSuite, type SuiteMessage } from "@jipan/testkit"
import { Effect } from "effect"
import { SmsNotifier, SmsNotifierChannel } from "../src/index.js"
import { fakeAliyun, fakeTencent } from "./fakeProviders.js"
import { ALIYUN_KEY, aliyunConfig, maintenanceData, TENCENT_KEY, tencentConfig } from "./fixtures.js"
import { closedPort, startServer } from "./httpServer.js"

const server = (...args: Parameters<typeof startServer>) =>
  Effect.acquireRelease(
    Effect.promise(() => startServer(...args)),
    (s) => Effect.promise(() => s.close())
  )

const addressed = { kind: "careContact", data: maintenanceData, to: ["13800001234"] }

const sendOf = (notifier: SmsNotifier.SmsNotifier["Service"]) => (m: SuiteMessage) =>
  notifier.send({ ...m, ...addressed })

/** The core channel, with the suite's bare messages addressed like the outbox's. */
const channelOf = (notifier: SmsNotifier.SmsNotifier["Service"]): NotifierChannel => {
  const channel = Effect.runSync(
    SmsNotifierChannel.make("sms").pipe(Effect.provideService(SmsNotifier.SmsNotifier, notifier))
  )
  return { name: channel.name, send: (m: ChannelMessage) => channel.send({ ...addressed, ...m }) }
}

notifierSuite("Alibaba Cloud SMS", {
  errorTag: "SmsError",
  reasons: { permanent: ["Rejected"], transient: ["Throttled"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const accepting = fakeAliyun({ [ALIYUN_KEY.id]: ALIYUN_KEY.secret })
    const permanent = fakeAliyun({ [ALIYUN_KEY.id]: ALIYUN_KEY.secret })
    permanent.refuse = "isv.MOBILE_NUMBER_ILLEGAL"
    const transient = fakeAliyun({ [ALIYUN_KEY.id]: ALIYUN_KEY.secret })
    transient.refuse = "isv.BUSINESS_LIMIT_CONTROL"
    const [a, p, t] = [
      yield* server(accepting.handler),
      yield* server(permanent.handler),
      yield* server(transient.handler)
    ]
    const port = yield* Effect.promise(() => closedPort())
    const make = (origin: string) => Effect.runSync(SmsNotifier.make(aliyunConfig(`${origin}/`)))
    return {
      accepting: sendOf(make(a.origin)),
      // the backdoor: the OutId (= idempotency key) of every SendSms the fake provider accepted
      receivedKeys: Effect.sync(() => accepting.accepted.map((x) => x.key)),
      refusingPermanently: sendOf(make(p.origin)),
      refusingTransiently: sendOf(make(t.origin)),
      unreachable: sendOf(make(`http://127.0.0.1:${port}`)),
      acceptingChannel: channelOf(make(a.origin)),
      refusingChannel: channelOf(make(p.origin))
    }
  })
})

notifierSuite("Tencent Cloud SMS", {
  errorTag: "SmsError",
  reasons: { permanent: ["Rejected"], transient: ["Throttled"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const keys = { [TENCENT_KEY.id]: TENCENT_KEY.secret }
    const accepting = fakeTencent(keys, TENCENT_KEY.sdkAppId)
    const permanent = fakeTencent(keys, TENCENT_KEY.sdkAppId)
    permanent.refuse = "per-number:InvalidParameterValue.IncorrectPhoneNumber"
    const transient = fakeTencent(keys, TENCENT_KEY.sdkAppId)
    transient.refuse = "LimitExceeded.PhoneNumberDailyLimit"
    const [a, p, t] = [
      yield* server(accepting.handler),
      yield* server(permanent.handler),
      yield* server(transient.handler)
    ]
    const port = yield* Effect.promise(() => closedPort())
    const make = (origin: string) => Effect.runSync(SmsNotifier.make(tencentConfig(`${origin}/`)))
    return {
      accepting: sendOf(make(a.origin)),
      // the backdoor: the SessionContext (= idempotency key) of every number the fake accepted
      receivedKeys: Effect.sync(() => accepting.accepted.map((x) => x.key)),
      refusingPermanently: sendOf(make(p.origin)),
      refusingTransiently: sendOf(make(t.origin)),
      unreachable: sendOf(make(`http://127.0.0.1:${port}`)),
      acceptingChannel: channelOf(make(a.origin)),
      refusingChannel: channelOf(make(p.origin))
    }
  })
})
