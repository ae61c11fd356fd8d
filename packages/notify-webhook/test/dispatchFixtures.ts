/**
 * Shared by the dispatcher fault tests and the bench: a deduplicating signed-webhook receiver
 * that can hold its answers (to catch a dispatcher mid-send), notification messages for the
 * outbox, and the PostgreSQL the tests use (TestPostgres: the server at JIPAN_TEST_POSTGRES_URL,
 * else PGlite over the wire).
 */
import { defaultPolicy, makeTenant, notificationDraft, type OutboxMessage, type Tenant } from "@jipan/core"
import type { LoopbackHandler as Handler } from "@jipan/testkit"
import { Result } from "effect"
import { WebhookSignature } from "../src/index.js"

export const SECRET = "dispatch-secret-0123456789"
export const tenant: Tenant = makeTenant("grp-dispatch", "store-01")

/** A receiver that verifies, processes each key once, and may hold each answer `holdMs`. */
export interface DedupReceiver {
  readonly handler: Handler
  /** Processings per key: exactly 1 each is the guarantee a deduplicating receiver gives. */
  readonly processed: Map<string, number>
  /** Every verified arrival, duplicates included. */
  readonly arrivals: Array<string>
  /** Requests received whose answer has not been written yet. */
  readonly inFlight: () => number
  readonly refused: Array<string>
}

export const makeDedupReceiver = (options: { readonly holdMs?: number } = {}): DedupReceiver => {
  const processed = new Map<string, number>()
  const arrivals: Array<string> = []
  const refused: Array<string> = []
  let inFlight = 0
  const verifier = WebhookSignature.makeVerifier({ secret: SECRET, toleranceSeconds: 300 })
  if (Result.isFailure(verifier)) throw verifier.failure
  const handler: Handler = (request, response) => {
    const verified = verifier.success.verify({
      headers: request.headers,
      body: request.body,
      now: new Date()
    })
    if (Result.isFailure(verified)) {
      refused.push(verified.failure.reason._tag)
      response.writeHead(401)
      response.end()
      return
    }
    const key = (JSON.parse(request.body.toString("utf8")) as { idempotencyKey: string }).idempotencyKey
    arrivals.push(key)
    if (!processed.has(key)) processed.set(key, 1)
    const answer = () => {
      inFlight--
      if (!response.destroyed) {
        response.writeHead(200, { "content-type": "application/json" })
        response.end('{"ok":true}')
      }
    }
    inFlight++
    if (options.holdMs === undefined) answer()
    else setTimeout(answer, options.holdMs)
  }
  return { handler, processed, arrivals, inFlight: () => inFlight, refused }
}

/** `n` outbox messages to the consultant's webhook channel, due at `at`. */
export const webhookMessages = (n: number, at: number, prefix = "m"): Array<OutboxMessage> =>
  Array.from({ length: n }, (_, i) => {
    const key = `${prefix}-${i}`
    const draft = notificationDraft({
      tenant,
      policy: defaultPolicy,
      at,
      key,
      to: { id: "c-wang", name: "王强", channel: "webhook" },
      data: {
        kind: "cardAssigned",
        consultantName: "王强",
        reason: "opened",
        card: { cardId: key, customerName: "张伟" }
      }
    })
    return {
      id: key,
      idempotencyKey: draft.idempotencyKey ?? key,
      tenant,
      topic: draft.topic,
      recipient: draft.recipient,
      payload: draft.payload,
      availableAt: at,
      status: "pending",
      attempts: 0,
      lastError: undefined
    }
  })

/** Polls `check` every 20 ms until it holds or `timeoutMs` passes. */
export const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
