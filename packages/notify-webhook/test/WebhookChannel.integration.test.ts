import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import {
  answerJson as answer,
  closedLoopbackPort as closedPort,
  loopbackServer as startServer,
  type LoopbackServer as TestServer
} from "@jipan/testkit"
import { Effect, Fiber, Result, Schedule } from "effect"
import { TestClock } from "effect/testing"
import { WebhookChannel, type WebhookError, WebhookSignature } from "../src/index.js"
import { makeReceiver } from "./receiver.js"

const SECRET = "whsec-test-🔑-0123456789"

const servers: Array<TestServer> = []
const start = async (...args: Parameters<typeof startServer>) => {
  const server = await startServer(...args)
  servers.push(server)
  return server
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

const channel = (url: string, timeoutMillis = 2_000) =>
  Effect.runSync(WebhookChannel.make({ url, secret: SECRET, timeoutMillis }))

let ok: TestServer
let fails: Record<number, TestServer>
let slow: TestServer
let reset: TestServer
let refusedPort: number

beforeAll(async () => {
  ok = await start(answer(200, { ok: true }))
  fails = {}
  for (const status of [400, 404, 408, 429, 500, 503]) fails[status] = await start(answer(status, { status }))
  // Answers after 5 s: far beyond the client's timeout, well within the test's.
  slow = await start((_request, response) => {
    const timer = setTimeout(() => response.end("late"), 5_000)
    response.on("close", () => clearTimeout(timer))
  })
  reset = await start((_request, _response, socket) => {
    socket.destroy()
  })
  refusedPort = await closedPort()
})

const failure = (url: string, timeoutMillis?: number) =>
  Effect.flip(channel(url, timeoutMillis).deliver({ idempotencyKey: "k-fail", text: "x" }))

describe("WebhookChannel against real loopback servers", () => {
  it.live("200: delivered, with signature, timestamp, idempotency key and the JSON body", () =>
    Effect.gen(function* () {
      const delivered = yield* channel(`${ok.origin}/hook`).deliver({
        idempotencyKey: "card-42:assigned",
        subject: "新卡片",
        text: "张先生的卡片已分配给你",
        mentions: ["13800000000"]
      })
      expect(delivered).toEqual({ _tag: "Delivered", idempotencyKey: "card-42:assigned", status: 200 })
      const request = ok.requests.at(-1)
      expect(request?.method).toBe("POST")
      expect(request?.url).toBe("/hook")
      expect(request?.headers["content-type"]).toBe("application/json; charset=utf-8")
      expect(request?.headers["idempotency-key"]).toBe("card-42:assigned")
      expect(request?.headers["x-jipan-signature"]).toMatch(/^v1=[0-9a-f]{64}$/)
      expect(JSON.parse(request?.body.toString("utf8") ?? "")).toEqual({
        idempotencyKey: "card-42:assigned",
        subject: "新卡片",
        text: "张先生的卡片已分配给你",
        mentions: ["13800000000"]
      })
      const verified = WebhookSignature.verifyWebhook({
        secret: SECRET,
        headers: request?.headers ?? {},
        body: request?.body ?? "",
        now: new Date()
      })
      expect(Result.isSuccess(verified)).toBe(true)
    })
  )

  it.effect("the timestamp header comes from effect's Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_767_225_600_000)
      yield* channel(`${ok.origin}/clock`).deliver({ idempotencyKey: "clock", text: "x" })
      const request = ok.requests.find((r) => r.url === "/clock")
      expect(request?.headers["x-jipan-timestamp"]).toBe("1767225600")
      const at = (seconds: number) =>
        WebhookSignature.verifyWebhook({
          secret: SECRET,
          headers: request?.headers ?? {},
          body: request?.body ?? "",
          now: new Date(seconds * 1000)
        })
      expect(Result.isSuccess(at(1_767_225_600))).toBe(true)
      expect(Result.isFailure(at(1_767_225_600 + 301))).toBe(true)
    })
  )

  it.live("5xx is a retryable HttpStatus", () =>
    Effect.gen(function* () {
      for (const status of [500, 503]) {
        const error = yield* failure(fails[status]?.origin ?? "")
        expect(error.reason).toMatchObject({ _tag: "HttpStatus", status })
        expect(error.retryable).toBe(true)
      }
    })
  )

  it.live("4xx is permanent, except 408 and 429", () =>
    Effect.gen(function* () {
      for (const [status, retryable] of [
        [400, false],
        [404, false],
        [408, true],
        [429, true]
      ] as const) {
        const error = yield* failure(fails[status]?.origin ?? "")
        expect(error._tag).toBe("WebhookError")
        expect(error.reason).toMatchObject({ _tag: "HttpStatus", status })
        expect(error.retryable, String(status)).toBe(retryable)
      }
    })
  )

  it.live("a slow receiver times out (retryable), in about the timeout", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const error = yield* failure(slow.origin, 200)
      expect(error.reason).toEqual(expect.objectContaining({ _tag: "Timeout", timeoutMillis: 200 }))
      expect(error.retryable).toBe(true)
      expect(Date.now() - started).toBeLessThan(3_000)
    })
  )

  it.live("a reset connection is a retryable Network error", () =>
    Effect.gen(function* () {
      const error = yield* failure(reset.origin)
      expect(error.reason._tag).toBe("Network")
      expect(error.retryable).toBe(true)
    })
  )

  it.live("a refused connection is a retryable Network error with its code", () =>
    Effect.gen(function* () {
      const error = yield* failure(`http://127.0.0.1:${refusedPort}/hook`)
      expect(error.reason).toMatchObject({ _tag: "Network", code: "ECONNREFUSED" })
      expect(error.retryable).toBe(true)
    })
  )

  it.live("interrupting a send aborts the request", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        channel(slow.origin, 10_000).deliver({ idempotencyKey: "i", text: "x" })
      )
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(fiber)
      // interruption returned promptly rather than waiting out the 5 s answer
    })
  )
})

/** What a dispatcher would do: retry retryable failures with backoff, give up on permanent ones. */
const retrying = <A>(effect: Effect.Effect<A, WebhookError.WebhookError>) =>
  effect.pipe(
    Effect.retry({
      schedule: Schedule.min([Schedule.exponential("20 millis", 1.5), Schedule.spaced("200 millis")]),
      while: (error) => error.retryable,
      times: 60
    })
  )

describe("a verifying, deduplicating receiver", () => {
  it.live("verifies signatures, refuses a wrong secret, sees each key once", () =>
    Effect.gen(function* () {
      const receiver = makeReceiver(SECRET)
      const server = yield* Effect.promise(() => start(receiver.handler))
      const webhook = channel(server.origin)
      const keys = ["m-1", "m-2", "m-3", "m-4", "m-5"]
      yield* Effect.forEach(keys, (key) => webhook.deliver({ idempotencyKey: key, text: `消息 ${key}` }))
      // The dispatcher resends two after a crash: the receiver answers 200 and ignores them.
      yield* Effect.forEach(["m-2", "m-4"], (key) =>
        webhook.deliver({ idempotencyKey: key, text: `消息 ${key}` })
      )
      expect([...receiver.processed.entries()]).toEqual(keys.map((key) => [key, 1]))
      expect(receiver.accepted).toHaveLength(7)

      const forged = Effect.runSync(
        WebhookChannel.make({ url: server.origin, secret: "wrong-0123456789abcdef" })
      )
      const error = yield* Effect.flip(forged.deliver({ idempotencyKey: "m-6", text: "forged" }))
      expect(error.reason).toMatchObject({ _tag: "HttpStatus", status: 401 })
      expect(error.retryable).toBe(false)
      expect(receiver.refused).toEqual(["BadSignature"])
      expect(receiver.processed.has("m-6")).toBe(false)
    })
  )

  it.live("lost acknowledgements: the sender retries, the receiver processes each key exactly once", () =>
    Effect.gen(function* () {
      const receiver = makeReceiver(SECRET, { dropFirstAck: true })
      const server = yield* Effect.promise(() => start(receiver.handler))
      const webhook = channel(server.origin)
      const keys = Array.from({ length: 8 }, (_, i) => `ack-${i}`)
      yield* Effect.forEach(keys, (key) => retrying(webhook.deliver({ idempotencyKey: key, text: key })), {
        concurrency: 4
      })
      expect(receiver.processed.size).toBe(8)
      for (const key of keys) expect(receiver.processed.get(key)).toBe(1)
      expect(receiver.accepted.length).toBeGreaterThanOrEqual(16)
    })
  )

  it.live("a receiver down for a while then back: every message arrives, none lost", () =>
    Effect.gen(function* () {
      const port = yield* Effect.promise(() => closedPort())
      const receiver = makeReceiver(SECRET)
      const webhook = channel(`http://127.0.0.1:${port}/hook`)
      const keys = Array.from({ length: 20 }, (_, i) => `down-${i}`)
      const sending = yield* Effect.forkChild(
        Effect.forEach(keys, (key) => retrying(webhook.deliver({ idempotencyKey: key, text: key })), {
          concurrency: 5
        })
      )
      yield* Effect.sleep("400 millis")
      expect(receiver.accepted).toHaveLength(0) // still down: nothing could arrive yet
      yield* Effect.promise(() => start(receiver.handler, { port }))
      const delivered = yield* Fiber.join(sending)
      expect(delivered.map((d) => d.idempotencyKey)).toEqual(keys)
      expect([...receiver.processed.keys()].sort()).toEqual([...keys].sort())
      for (const key of keys) expect(receiver.processed.get(key)).toBe(1)
    })
  )
})
