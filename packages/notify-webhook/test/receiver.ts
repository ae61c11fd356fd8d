import type { LoopbackHandler as Handler } from "@jipan/testkit"
import { Result } from "effect"
import { WebhookSignature } from "../src/index.js"

/**
 * A receiver as a DMS would write one: verify the signature over the raw body, then process
 * each idempotency key once (answering 200 to duplicates, so the sender stops retrying).
 */
export interface Receiver {
  readonly handler: Handler
  /** How many times each key was processed (the guarantee: exactly once each). */
  readonly processed: Map<string, number>
  /** Every request that passed verification, duplicates included. */
  readonly accepted: Array<string>
  readonly refused: Array<string>
}

export const makeReceiver = (secret: string, options: { readonly dropFirstAck?: boolean } = {}): Receiver => {
  const processed = new Map<string, number>()
  const accepted: Array<string> = []
  const refused: Array<string> = []
  const dropped = new Set<string>()
  // made once: a receiver with an empty or short secret fails here, at start
  const verifier = WebhookSignature.makeVerifier({ secret, toleranceSeconds: 300 })
  if (Result.isFailure(verifier)) throw verifier.failure
  const handler: Handler = (request, response, socket) => {
    const verified = verifier.success.verify({
      headers: request.headers,
      body: request.body,
      now: new Date()
    })
    if (Result.isFailure(verified)) {
      refused.push(verified.failure.reason._tag)
      response.writeHead(401, { "content-type": "text/plain" })
      response.end(verified.failure.reason._tag)
      return
    }
    const payload = JSON.parse(request.body.toString("utf8")) as { readonly idempotencyKey: string }
    const key = payload.idempotencyKey
    accepted.push(key)
    if (!processed.has(key)) processed.set(key, (processed.get(key) ?? 0) + 1)
    if (options.dropFirstAck === true && !dropped.has(key)) {
      // Processed, but the acknowledgement is lost: the sender must retry, the receiver dedupes.
      dropped.add(key)
      socket.destroy()
      return
    }
    response.writeHead(200, { "content-type": "application/json" })
    response.end('{"ok":true}')
  }
  return { handler, processed, accepted, refused }
}
