// The loopback HTTP server helper: it records what it reads, answers with the handler, waits for
// requests, closes at once (also with open connections), and its Effect face closes with the scope.
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  answerJson,
  closedLoopbackPort,
  loopbackServer,
  loopbackServerScoped,
  respondJson
} from "../src/index.js"

const refused = (url: string) =>
  fetch(url).then(
    () => "answered",
    (error: { readonly cause?: { readonly code?: string } }) => error.cause?.code
  )

describe("loopbackServer", () => {
  it("records method, path, headers and body, and answers with the handler", async () => {
    const server = await loopbackServer((request, response) =>
      respondJson(response, 201, { echo: JSON.parse(request.body.toString("utf8")) })
    )
    try {
      assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.strictEqual(server.url("hook?x=1"), `${server.origin}/hook?x=1`)
      const answer = await fetch(server.url("/hook?x=1"), {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": "s1" },
        body: JSON.stringify({ text: "客户卡" })
      })
      assert.strictEqual(answer.status, 201)
      assert.deepStrictEqual(await answer.json(), { echo: { text: "客户卡" } })
      assert.strictEqual(server.requests.length, 1)
      const [request] = server.requests
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.url, "/hook?x=1")
      assert.strictEqual(request?.headers["x-signature"], "s1")
      assert.deepStrictEqual(JSON.parse(request?.body.toString("utf8") ?? ""), { text: "客户卡" })
    } finally {
      await server.close()
    }
  })

  it("answers 200 with an empty body by default, and 500 when the handler throws", async () => {
    const plain = await loopbackServer()
    const failing = await loopbackServer(() => {
      throw new Error("handler bug")
    })
    const rejecting = await loopbackServer(async () => {
      await Promise.reject(new Error("async handler bug"))
    })
    try {
      const ok = await fetch(plain.url())
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(await ok.text(), "")
      assert.strictEqual((await fetch(failing.url())).status, 500)
      assert.strictEqual((await fetch(rejecting.url())).status, 500)
      assert.strictEqual(failing.requests.length, 1)
    } finally {
      await Promise.all([plain.close(), failing.close(), rejecting.close()])
    }
  })

  it("waits for requests, and says how many came when they do not", async () => {
    const server = await loopbackServer(answerJson(202, { queued: true }))
    try {
      const two = server.waitForRequests(2)
      await fetch(server.url("/a"), { method: "POST", body: "1" })
      await fetch(server.url("/b"), { method: "POST", body: "2" })
      assert.deepStrictEqual(
        (await two).map((r) => r.url),
        ["/a", "/b"]
      )
      assert.strictEqual((await server.waitForRequests(1)).length, 2)
      const late = await server.waitForRequests(3, { timeoutMs: 50 }).then(
        () => "resolved",
        (error: Error) => error.message
      )
      assert.include(late, "2 of 3 requests after 50 ms")
    } finally {
      await server.close()
    }
  })

  it("closes at once with a request still unanswered, and refuses connections afterwards", async () => {
    const server = await loopbackServer(() => undefined) // never answers
    const pending = fetch(server.url("/slow")).then(
      () => "answered",
      () => "cut"
    )
    await server.waitForRequests(1)
    await server.close()
    assert.strictEqual(await pending, "cut")
    assert.strictEqual(await refused(server.url()), "ECONNREFUSED")
  })

  it("closedLoopbackPort gives a port with nothing listening", async () => {
    const port = await closedLoopbackPort()
    assert.strictEqual(await refused(`http://127.0.0.1:${port}/`), "ECONNREFUSED")
  })
})

describe("loopbackServerScoped", () => {
  it.live("serves inside the scope and is closed with it", () =>
    Effect.gen(function* () {
      const url = yield* Effect.scoped(
        Effect.gen(function* () {
          const server = yield* loopbackServerScoped(answerJson(200, { errcode: 0 }))
          const body = yield* Effect.promise(() => fetch(server.url("/send")).then((r) => r.json()))
          assert.deepStrictEqual(body, { errcode: 0 })
          assert.strictEqual(server.requests[0]?.url, "/send")
          return server.url()
        })
      )
      assert.strictEqual(yield* Effect.promise(() => refused(url)), "ECONNREFUSED")
    })
  )
})
