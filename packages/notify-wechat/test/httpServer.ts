// @jipan/testkit's loopback HTTP server, under the names this package's tests use.
import { type LoopbackHandler, type LoopbackServer, loopbackServer } from "@jipan/testkit"

export {
  answerJson as answer,
  closedLoopbackPort as closedPort,
  type LoopbackHandler as Handler,
  type LoopbackRequest as Recorded,
  type LoopbackServer as TestServer,
  respondJson
} from "@jipan/testkit"

/** Starts a server on 127.0.0.1; `port` 0 (the default) asks the OS for a free one. */
export const startServer = (handler: LoopbackHandler, port = 0): Promise<LoopbackServer> =>
  loopbackServer(handler, { port })
