/**
 * The bench's webhook receiver in its own process (a DMS is another system): verifies each
 * signature, processes each idempotency key once, answers 200. Prints its port, then serves
 * until killed; `GET /count` answers how many distinct keys it processed.
 */

import { loopbackServer as startServer } from "@jipan/testkit"
import { makeDedupReceiver } from "../test/dispatchFixtures.js"

const receiver = makeDedupReceiver()
const server = await startServer((request, response, socket) => {
  if (request.method === "GET") {
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify({ processed: receiver.processed.size, arrivals: receiver.arrivals.length }))
    return
  }
  receiver.handler(request, response, socket)
})
process.stdout.write(`${server.port}\n`)
