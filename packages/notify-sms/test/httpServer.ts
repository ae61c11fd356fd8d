// The package's loopback server (src/internal/httpServer.ts), and what only the tests need of it.
import { startServer } from "../src/internal/httpServer.js"

export {
  type Handler,
  type Listening as TestServer,
  respondJson,
  startServer
} from "../src/internal/httpServer.js"

/** A port that was free a moment ago and has nothing listening now (connections are refused). */
export const closedPort = async (): Promise<number> => {
  const server = await startServer(() => undefined)
  await server.close()
  return server.port
}
