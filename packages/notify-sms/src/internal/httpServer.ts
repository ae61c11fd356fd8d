// A node:http server on 127.0.0.1 that reads each request whole before handing it over; the
// loopback providers and the package's tests run on it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { Socket } from "node:net"

/** What the server read of one request: method, path with query, headers, raw body. */
export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: Buffer
}

/** A listening server: its port, `http://127.0.0.1:<port>`, and `close()`. */
export interface Listening {
  readonly port: number
  readonly origin: string
  readonly close: () => Promise<void>
}

export type Handler = (request: Recorded, response: ServerResponse, socket: Socket) => void

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject)
      const address = server.address()
      if (address === null || typeof address === "string") reject(new Error("no TCP address"))
      else resolve(address.port)
    })
  })

/** Starts a server; `port` 0 (the default) asks the OS for a free one. */
export const startServer = async (handler: Handler, port = 0): Promise<Listening> => {
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () =>
      handler(
        { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) },
        res,
        req.socket
      )
    )
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  const bound = await listen(server, port)
  return {
    port: bound,
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        // keep-alive clients and slow handlers keep sockets open; destroy them so close() ends at once
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** Writes a JSON answer. */
export const respondJson = (response: ServerResponse, status: number, json?: unknown): void => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(json === undefined ? "" : JSON.stringify(json))
}
