import { createServer, type Server, type Socket } from "node:net"
import { type ParsedMail, simpleParser } from "mailparser"
import { SMTPServer, type SMTPServerOptions } from "smtp-server"

/** A mail as the server received it: raw source and mailparser's reading of it. */
export interface Received {
  readonly raw: string
  readonly parsed: ParsedMail
  readonly connectionId: string
}

/** A real SMTP server (smtp-server) on 127.0.0.1, ephemeral port, that parses what it gets. */
export interface TestSmtpServer {
  readonly port: number
  readonly received: Array<Received>
  /** Connections opened and closed so far (ids). */
  readonly connections: Array<string>
  readonly closed: Array<string>
  readonly close: () => Promise<void>
}

export type Refusal = {
  readonly at: "rcpt" | "data"
  readonly responseCode: number
  readonly message: string
}

const refusal = (r: Refusal): Error => Object.assign(new Error(r.message), { responseCode: r.responseCode })

export const startSmtpServer = async (
  options: { readonly refuse?: Refusal } = {}
): Promise<TestSmtpServer> => {
  const received: Array<Received> = []
  const connections: Array<string> = []
  const closed: Array<string> = []
  const config: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(session, callback) {
      connections.push(session.id)
      callback()
    },
    onClose(session) {
      closed.push(session.id)
    },
    onRcptTo(_address, _session, callback) {
      if (options.refuse?.at === "rcpt") callback(refusal(options.refuse))
      else callback()
    },
    onData(stream, session, callback) {
      const chunks: Array<Buffer> = []
      stream.on("data", (chunk: Buffer) => chunks.push(chunk))
      stream.on("end", () => {
        if (options.refuse?.at === "data") {
          callback(refusal(options.refuse))
          return
        }
        const raw = Buffer.concat(chunks).toString("utf8")
        simpleParser(raw).then(
          (parsed) => {
            received.push({ raw, parsed, connectionId: session.id })
            callback()
          },
          (error: Error) => callback(error)
        )
      })
    }
  }
  const server = new SMTPServer(config)
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address()
      if (address === null || typeof address === "string") reject(new Error("no TCP address"))
      else resolve(address.port)
    })
  })
  return {
    port,
    received,
    connections,
    closed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A TCP server on 127.0.0.1 that accepts and never says a word (no SMTP greeting). */
export const startSilentServer = async (): Promise<{
  readonly port: number
  readonly close: () => Promise<void>
}> => {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      if (address === null || typeof address === "string") reject(new Error("no TCP address"))
      else resolve(address.port)
    })
  })
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** A port with nothing listening. */
export const closedPort = async (): Promise<number> => {
  const silent = await startSilentServer()
  await silent.close()
  return silent.port
}
