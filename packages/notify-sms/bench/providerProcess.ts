/**
 * The bench's SMS providers in their own process (the provider is another system): the package's
 * loopback Alibaba Cloud and Tencent Cloud APIs (`SmsLoopback`), checking every signature. Prints
 * the two ports and the port of a stats server, then serves until killed; `GET /aliyun` and
 * `GET /tencent` on the stats server answer how many messages each accepted.
 */

import { SmsLoopback } from "../src/index.js"
import { respondJson, startServer } from "../src/internal/httpServer.js"
import { ALIYUN_KEY, TENCENT_KEY } from "../test/fixtures.js"

const aliyun = await SmsLoopback.start({ provider: "aliyun", keys: { [ALIYUN_KEY.id]: ALIYUN_KEY.secret } })
const tencent = await SmsLoopback.start({
  provider: "tencent",
  keys: { [TENCENT_KEY.id]: TENCENT_KEY.secret },
  smsSdkAppId: TENCENT_KEY.sdkAppId
})
const stats = await startServer((request, response) => {
  const loopback = request.url === "/tencent" ? tencent : aliyun
  respondJson(response, 200, {
    accepted: loopback.accepted().length,
    badSignatures: loopback.refusedSignatures()
  })
})
process.stdout.write(`${aliyun.port} ${tencent.port} ${stats.port}\n`)
