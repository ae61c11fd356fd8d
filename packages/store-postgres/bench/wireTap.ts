// A counting proxy for the benchmarks' diagnoses: a TCP relay to PostgreSQL, in a worker thread
// (its clock is not held up by the benchmark's own event loop), that reads the frontend/backend
// protocol as it passes and counts, per connection and in total, the round trips (a Sync or a
// simple Query answered by ReadyForQuery), the statements executed (by their text: a Bind names a
// statement parsed earlier, named or not), and the time the server had at least one round trip
// outstanding (PostgreSQL's time plus the loopback, as the client waits for it).
import { Worker } from "node:worker_threads"

const code = `
const net = require("node:net")
const { parentPort, workerData } = require("node:worker_threads")
let roundTrips = 0, busyMs = 0
let statements = new Map()
const count = (text) => { const k = text.replace(/\\s+/g, " ").trim(); statements.set(k, (statements.get(k) ?? 0) + 1) }
const cstr = (buf, at) => { const end = buf.indexOf(0, at); return [buf.toString("utf8", at, end), end + 1] }
const server = net.createServer((client) => {
  const upstream = net.connect(workerData.port, workerData.host)
  client.setNoDelay(true); upstream.setNoDelay(true)
  let inBuf = Buffer.alloc(0), outBuf = Buffer.alloc(0)
  let started = false, sslAsked = false, sslAnswered = false
  const named = new Map(); let unnamed = ""
  let outstanding = 0, since = 0
  client.on("data", (chunk) => {
    upstream.write(chunk)
    inBuf = Buffer.concat([inBuf, chunk])
    for (;;) {
      if (!started) {
        if (inBuf.length < 8) return
        const len = inBuf.readInt32BE(0); if (inBuf.length < len) return
        const code = inBuf.readInt32BE(4); inBuf = inBuf.subarray(len)
        if (code === 80877103) { sslAsked = true; continue }
        started = true; continue
      }
      if (inBuf.length < 5) return
      const type = String.fromCharCode(inBuf[0]); const len = inBuf.readInt32BE(1)
      if (inBuf.length < len + 1) return
      const body = inBuf.subarray(5, len + 1); inBuf = inBuf.subarray(len + 1)
      if (type === "P") { const [name, at] = cstr(body, 0); const [text] = cstr(body, at); if (name === "") unnamed = text; else named.set(name, text) }
      else if (type === "B") { const [, at] = cstr(body, 0); const [name] = cstr(body, at); count(name === "" ? unnamed : (named.get(name) ?? name)) }
      else if (type === "Q") { count(cstr(body, 0)[0]) }
      if (type === "S" || type === "Q") { if (outstanding++ === 0) since = performance.now() }
    }
  })
  upstream.on("data", (chunk) => {
    client.write(chunk)
    outBuf = Buffer.concat([outBuf, chunk])
    for (;;) {
      if (sslAsked && !sslAnswered) { if (outBuf.length < 1) return; outBuf = outBuf.subarray(1); sslAnswered = true; continue }
      if (outBuf.length < 5) return
      const type = String.fromCharCode(outBuf[0]); const len = outBuf.readInt32BE(1)
      if (outBuf.length < len + 1) return
      outBuf = outBuf.subarray(len + 1)
      if (type === "Z" && outstanding > 0) { roundTrips++; if (--outstanding === 0) busyMs += performance.now() - since }
    }
  })
  const end = () => { client.destroy(); upstream.destroy() }
  client.on("error", end); upstream.on("error", end); client.on("close", end); upstream.on("close", end)
})
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }))
parentPort.on("message", (m) => {
  if (m === "reset") { roundTrips = 0; busyMs = 0; statements = new Map(); parentPort.postMessage({ ok: true }) }
  else if (m === "read") parentPort.postMessage({ roundTrips, busyMs, statements: [...statements.entries()] })
  else if (m === "close") server.close(() => process.exit(0))
})
`

/** What the tap saw since the last reset. */
export interface WireCounts {
  readonly roundTrips: number
  readonly busyMs: number
  /** Each statement's text (whitespace collapsed) and how many times it ran. */
  readonly statements: ReadonlyArray<readonly [string, number]>
}

/** A running tap: connect to `url` instead of the server's. */
export interface WireTap {
  readonly url: string
  readonly reset: () => Promise<void>
  readonly read: () => Promise<WireCounts>
  readonly close: () => Promise<void>
}

/** Starts a tap in front of the server at `url`. */
export const startWireTap = async (url: string): Promise<WireTap> => {
  const target = new URL(url)
  const worker = new Worker(code, {
    eval: true,
    workerData: { host: target.hostname, port: Number(target.port || 5432) }
  })
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => worker.once("message", (m) => resolve(m)))
  const { port } = (await next()) as { port: number }
  const tapped = new URL(url)
  tapped.hostname = "127.0.0.1"
  tapped.port = String(port)
  return {
    url: tapped.toString(),
    reset: async () => {
      const answer = next()
      worker.postMessage("reset")
      await answer
    },
    read: async () => {
      const answer = next()
      worker.postMessage("read")
      return (await answer) as unknown as WireCounts
    },
    close: async () => {
      worker.postMessage("close")
      await new Promise((resolve) => worker.once("exit", resolve))
    }
  }
}
