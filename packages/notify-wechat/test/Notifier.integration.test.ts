// The notifier conformance suite against the fake Official Account API. The suite's messages
// carry only a key and a text; the fixtures add a kind, its data and the follower's openid.
import type { ChannelMessage, NotifierChannel } from "@jipan/core"
import {
  closedLoopbackPort as closedPort,
  notifierSuite,
  type SuiteMessage,
  loopbackServer as startServer
} from "@jipan/testkit"
import { Effect } from "effect"
import { WeChatChannel } from "../src/index.js"
import { FOLLOWER, fakeWeChat } from "./fakeWeChat.js"
import { config, maintenanceData, TEMPLATES } from "./fixtures.js"

const server = (...args: Parameters<typeof startServer>) =>
  Effect.acquireRelease(
    Effect.promise(() => startServer(...args)),
    (s) => Effect.promise(() => s.close())
  )

const addressed = { kind: "careContact", data: maintenanceData, to: [FOLLOWER] }

notifierSuite("WeChat template message", {
  errorTag: "WeChatError",
  reasons: { permanent: ["Rejected"], transient: ["Throttled"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const accepting = fakeWeChat(TEMPLATES)
    const permanent = fakeWeChat(TEMPLATES)
    permanent.refuse = { errcode: 40037, errmsg: "invalid template_id" }
    const transient = fakeWeChat(TEMPLATES)
    transient.refuse = { errcode: 45009, errmsg: "reach max api daily quota limit" }
    const a = yield* server(accepting.handler)
    const p = yield* server(permanent.handler)
    const t = yield* server(transient.handler)
    const port = yield* Effect.promise(() => closedPort())
    const make = (origin: string) => Effect.runSync(WeChatChannel.make(config(origin)))
    // the typed send, and the channel itself (the dispatcher's port), with the suite's messages addressed
    const send = (c: WeChatChannel.WeChatChannel) => (m: SuiteMessage) => c.deliver({ ...m, ...addressed })
    const channel = (c: WeChatChannel.WeChatChannel): NotifierChannel => ({
      name: c.name,
      send: (m: ChannelMessage) => c.send({ ...addressed, ...m })
    })
    return {
      accepting: send(make(a.origin)),
      // the backdoor: the client_msg_id (= the idempotency key) of every message the API took
      receivedKeys: Effect.sync(() => accepting.sent.map((s) => s.client_msg_id ?? "")),
      refusingPermanently: send(make(p.origin)),
      refusingTransiently: send(make(t.origin)),
      unreachable: send(make(`http://127.0.0.1:${port}`)),
      acceptingChannel: channel(make(a.origin)),
      refusingChannel: channel(make(p.origin))
    }
  })
})
