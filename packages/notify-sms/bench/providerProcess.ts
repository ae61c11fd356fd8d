/**
 * The bench's SMS providers in their own process (the provider is another system): the fake
 * Alibaba Cloud and Tencent Cloud APIs of the tests, checking every signature. Prints the two
 * ports, then serves until killed; `GET /count` answers how many messages each accepted.
 */

import { fakeAliyun, fakeTencent } from "../test/fakeProviders.js"
import { ALIYUN_KEY, TENCENT_KEY } from "../test/fixtures.js"
import { startServer } from "../test/httpServer.js"

const aliyun = fakeAliyun({ [ALIYUN_KEY.id]: ALIYUN_KEY.secret })
const tencent = fakeTencent({ [TENCENT_KEY.id]: TENCENT_KEY.secret }, TENCENT_KEY.sdkAppId)
const count =
  (accepted: ReadonlyArray<unknown>, refused: number): Parameters<typeof startServer>[0] =>
  (request, response) => {
    response.writeHead(200, { "content-type": "application/json" })
    response.end(
      JSON.stringify({ accepted: accepted.length, badSignatures: refused, method: request.method })
    )
  }
const a = await startServer((request, response, socket) =>
  request.method === "GET"
    ? count(aliyun.accepted, aliyun.refusedSignatures())(request, response, socket)
    : aliyun.handler(request, response, socket)
)
const t = await startServer((request, response, socket) =>
  request.method === "GET"
    ? count(tencent.accepted, tencent.refusedSignatures())(request, response, socket)
    : tencent.handler(request, response, socket)
)
// keep memory flat: the recorded requests are not needed here
setInterval(() => {
  a.requests.splice(0)
  t.requests.splice(0)
}, 1_000).unref()
process.stdout.write(`${a.port} ${t.port}\n`)
