/**
 * A real `node:http` server on 127.0.0.1 for tests that talk HTTP (webhooks, SMS and WeChat
 * gateways, an API under test): it listens on a port the OS picks, reads every request whole,
 * records it, and hands it to your handler with the response to write. Two faces: a Promise one
 * (`loopbackServer`, close it yourself) and an Effect one (`loopbackServerScoped`, closed with
 * its scope).
 *
 * @module
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { Effect, type Scope } from "effect"

/**
 * What the server read of one request: method, path with query, headers, and the raw body.
 *
 * @example
 * ```ts
 * import type { LoopbackRequest } from "@jipan/testkit"
 * const payload = (request: LoopbackRequest): unknown => JSON.parse(request.body.toString("utf8"))
 * ```
 */
export interface LoopbackRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/**
 * Answers one request: write the status, headers and body on `response` (and end it). The socket
 * is there for tests that cut a connection (`socket.destroy()`). A handler that throws or rejects
 * gets a 500 when it has not answered yet.
 *
 * @example
 * ```ts
 * import type { LoopbackHandler } from "@jipan/testkit"
 * const slow: LoopbackHandler = (_request, response) => {
 *   setTimeout(() => response.end("late"), 5_000)
 * }
 * ```
 */
export type LoopbackHandler = (
  request: LoopbackRequest,
  response: ServerResponse,
  socket: Socket
) => void | Promise<void>

/**
 * A listening loopback server: its port, its origin (`http://127.0.0.1:<port>`), `url(path)`, the
 * requests it has read so far (in arrival order), `waitForRequests(n)` and `close()`.
 *
 * @example
 * ```ts
 * import { loopbackServer } from "@jipan/testkit"
 * const server = await loopbackServer()
 * await fetch(server.url("/hook"), { method: "POST", body: "{}" })
 * server.requests[0]?.url // "/hook"
 * await server.close()
 * ```
 */
export interface LoopbackServer {
  readonly port: number
  readonly origin: string
  /** The absolute URL of a path on this server (`/` by default). */
  readonly url: (path?: string) => string
  /** Every request read so far, in arrival order (recorded before the handler runs). */
  readonly requests: ReadonlyArray<LoopbackRequest>
  /** Resolves once at least `count` requests have been read; rejects after `timeoutMs` (default 5 000). */
  readonly waitForRequests: (
    count: number,
    options?: { readonly timeoutMs?: number | undefined }
  ) => Promise<ReadonlyArray<LoopbackRequest>>
  /** Stops listening and destroys open connections (keep-alive clients, slow handlers), so it ends at once. */
  readonly close: () => Promise<void>
}

/**
 * Options of {@link loopbackServer}: a fixed port (default 0: the OS picks a free one).
 *
 * @example
 * ```ts
 * import type { LoopbackServerOptions } from "@jipan/testkit"
 * const options: LoopbackServerOptions = { port: 0 }
 * ```
 */
export interface LoopbackServerOptions {
  readonly port?: number | undefined
}

/**
 * Writes a JSON answer (an empty body when `json` is `undefined`).
 *
 * @example
 * ```ts
 * import { loopbackServer, respondJson } from "@jipan/testkit"
 * const server = await loopbackServer((request, response) =>
 *   respondJson(response, 200, { errcode: 0, echo: request.url })
 * )
 * ```
 */
export const respondJson = (response: ServerResponse, status: number, json?: unknown): void => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(json === undefined ? "" : JSON.stringify(json))
}

/**
 * A handler that answers every request with the same status and JSON body.
 *
 * @example
 * ```ts
 * import { answerJson, loopbackServer } from "@jipan/testkit"
 * const down = await loopbackServer(answerJson(503, { error: "maintenance" }))
 * ```
 */
export const answerJson =
  (status: number, json?: unknown): LoopbackHandler =>
  (_request, response) =>
    respondJson(response, status, json)

/**
 * Starts a loopback server (Promise face): every request is read whole, recorded in `requests`,
 * then given to `handler` (default: `200` with an empty JSON body). Close it when the test is done
 * (`afterAll(() => server.close())`).
 *
 * @example
 * ```ts
 * import { afterAll, expect, it } from "vitest"
 * import { loopbackServer, respondJson } from "@jipan/testkit"
 *
 * const robot = await loopbackServer((_request, response) => respondJson(response, 200, { errcode: 0 }))
 * afterAll(() => robot.close())
 *
 * it("posts the message to the robot", async () => {
 *   await fetch(robot.url("/send?key=k"), { method: "POST", body: JSON.stringify({ msgtype: "text" }) })
 *   const [request] = await robot.waitForRequests(1)
 *   expect(JSON.parse(request?.body.toString("utf8") ?? "")).toEqual({ msgtype: "text" })
 * })
 * ```
 */
export const loopbackServer = async (
  handler: LoopbackHandler = answerJson(200),
  options: LoopbackServerOptions = {}
): Promise<LoopbackServer> => {
  const requests: Array<LoopbackRequest> = []
  const waiting = new Set<() => void>()
  const sockets = new Set<Socket>()
  const server = createServer(async (incoming, response) => {
    const chunks: Array<Buffer> = []
    try {
      for await (const chunk of incoming) chunks.push(chunk as Buffer)
    } catch {
      return // the client went away mid-body: nothing to record or answer
    }
    const request: LoopbackRequest = {
      method: incoming.method ?? "",
      url: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks)
    }
    requests.push(request)
    for (const wake of waiting) wake()
    try {
      await handler(request, response, incoming.socket)
    } catch (error) {
      if (!response.headersSent) respondJson(response, 500, { error: String(error) })
      else response.destroy()
    }
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    port,
    origin,
    url: (path = "/") => `${origin}${path.startsWith("/") ? path : `/${path}`}`,
    requests,
    waitForRequests: (count, waitOptions = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return
          waiting.delete(check)
          clearTimeout(timer)
          resolve([...requests])
        }
        const timeoutMs = waitOptions.timeoutMs ?? 5_000
        const timer = setTimeout(() => {
          waiting.delete(check)
          reject(new Error(`${origin}: ${requests.length} of ${count} requests after ${timeoutMs} ms`))
        }, timeoutMs)
        waiting.add(check)
        check()
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/**
 * Starts a loopback server for as long as the enclosing scope (Effect face): the server is
 * closed when the scope closes (with `it.effect`, at the end of the test). Failing to listen (a
 * fixed port in use) is a defect.
 *
 * @example
 * ```ts
 * import { assert, it } from "@effect/vitest"
 * import { Effect } from "effect"
 * import { loopbackServerScoped, respondJson } from "@jipan/testkit"
 *
 * it.effect("the receiver sees the idempotency key", () =>
 *   Effect.gen(function* () {
 *     const receiver = yield* loopbackServerScoped((_request, response) => respondJson(response, 204))
 *     yield* Effect.promise(() =>
 *       fetch(receiver.url("/events"), { method: "POST", headers: { "idempotency-key": "k-1" }, body: "{}" })
 *     )
 *     assert.strictEqual(receiver.requests[0]?.headers["idempotency-key"], "k-1")
 *   })
 * )
 * ```
 */
export const loopbackServerScoped = (
  handler?: LoopbackHandler,
  options?: LoopbackServerOptions
): Effect.Effect<LoopbackServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => loopbackServer(handler, options)),
    (server) => Effect.promise(() => server.close())
  )

/**
 * A loopback port with nothing listening on it (it was free a moment ago): connections to it are
 * refused, for tests of an unreachable receiver.
 *
 * @example
 * ```ts
 * import { closedLoopbackPort } from "@jipan/testkit"
 * const port = await closedLoopbackPort()
 * await fetch(`http://127.0.0.1:${port}/`).catch((error) => error.cause.code) // "ECONNREFUSED"
 * ```
 */
export const closedLoopbackPort = async (): Promise<number> => {
  const server = await loopbackServer()
  await server.close()
  return server.port
}
