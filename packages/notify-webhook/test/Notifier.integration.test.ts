import {
  answerJson as answer,
  closedLoopbackPort as closedPort,
  notifierSuite,
  respondJson,
  loopbackServer as startServer,
  type LoopbackServer as TestServer
} from "@jipan/testkit"
import { Effect } from "effect"
import { DingTalkRobot, WebhookChannel, WeComRobot } from "../src/index.js"
import { makeReceiver } from "./receiver.js"
import { dingTalkHandler, weComHandler } from "./robotServers.js"

const server = (...args: Parameters<typeof startServer>) =>
  Effect.acquireRelease(
    Effect.promise(() => startServer(...args)),
    (s) => Effect.promise(() => s.close())
  )

const headerKeys = (s: TestServer) =>
  Effect.sync(() => s.requests.map((r) => String(r.headers["idempotency-key"])))

notifierSuite("signed webhook", {
  errorTag: "WebhookError",
  reasons: { permanent: ["HttpStatus"], transient: ["HttpStatus"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const receiver = makeReceiver("suite-secret-0123456789")
    const accepting = yield* server(receiver.handler)
    const permanent = yield* server(answer(422))
    const transient = yield* server(answer(503))
    const port = yield* Effect.promise(() => closedPort())
    const make = (url: string) =>
      Effect.runSync(WebhookChannel.make({ url, secret: "suite-secret-0123456789", timeoutMillis: 2_000 }))
    // `deliver`: the typed send; the channel itself (its `send`) is the dispatcher's port
    return {
      accepting: make(accepting.origin).deliver,
      // the backdoor reads the signed body that reached the receiver, not the adapter's word
      receivedKeys: Effect.sync(() =>
        accepting.requests.map(
          (r) => (JSON.parse(r.body.toString("utf8")) as { idempotencyKey: string }).idempotencyKey
        )
      ),
      refusingPermanently: make(permanent.origin).deliver,
      refusingTransiently: make(transient.origin).deliver,
      unreachable: make(`http://127.0.0.1:${port}/hook`).deliver,
      acceptingChannel: make(accepting.origin),
      refusingChannel: make(permanent.origin)
    }
  })
})

notifierSuite("WeCom robot", {
  errorTag: "WebhookError",
  reasons: { permanent: ["RobotRejected"], transient: ["RobotRejected"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const accepting = yield* server(weComHandler("wecom-key"))
    const permanent = yield* server((_r, response) =>
      respondJson(response, 200, { errcode: 93000, errmsg: "invalid webhook url" })
    )
    const transient = yield* server((_r, response) =>
      respondJson(response, 200, { errcode: 45009, errmsg: "api freq out of limit" })
    )
    const port = yield* Effect.promise(() => closedPort())
    const make = (origin: string) =>
      Effect.runSync(
        WeComRobot.make({
          name: "robot",
          key: "wecom-key",
          endpoint: `${origin}/cgi-bin/webhook/send`,
          timeoutMillis: 2_000
        })
      )
    return {
      accepting: make(accepting.origin).deliver,
      receivedKeys: headerKeys(accepting),
      refusingPermanently: make(permanent.origin).deliver,
      refusingTransiently: make(transient.origin).deliver,
      unreachable: make(`http://127.0.0.1:${port}`).deliver,
      acceptingChannel: make(accepting.origin),
      refusingChannel: make(permanent.origin)
    }
  })
})

notifierSuite("DingTalk robot", {
  errorTag: "WebhookError",
  reasons: { permanent: ["RobotRejected"], transient: ["RobotRejected"], unreachable: ["Network"] },
  fixtures: Effect.gen(function* () {
    const accepting = yield* server(dingTalkHandler("ding-token", "SECsuite"))
    const permanent = yield* server((_r, response) =>
      respondJson(response, 200, { errcode: 310000, errmsg: "sign not match" })
    )
    const transient = yield* server((_r, response) =>
      respondJson(response, 200, { errcode: 410100, errmsg: "发送速度太快而限流" })
    )
    const port = yield* Effect.promise(() => closedPort())
    const make = (origin: string) =>
      Effect.runSync(
        DingTalkRobot.make({
          name: "robot",
          accessToken: "ding-token",
          secret: "SECsuite",
          endpoint: `${origin}/robot/send`,
          timeoutMillis: 2_000
        })
      )
    return {
      accepting: make(accepting.origin).deliver,
      receivedKeys: headerKeys(accepting),
      refusingPermanently: make(permanent.origin).deliver,
      refusingTransiently: make(transient.origin).deliver,
      unreachable: make(`http://127.0.0.1:${port}`).deliver,
      acceptingChannel: make(accepting.origin),
      refusingChannel: make(permanent.origin)
    }
  })
})
