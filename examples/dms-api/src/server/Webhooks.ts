/**
 * Webhooks out: a DMS registers one URL per tenant (store, or whole dealer group) for card and
 * referral events. Each handled command whose tenant has a registration writes an outbox message
 * in the command's own transaction (channel `dms-webhook`, a `NotificationPayload` whose `data`
 * is the event); the core's dispatcher delivers it at least once through the `dms-webhook`
 * channel below, signed with `@jipan/notify-webhook`'s HMAC-SHA256 (`x-jipan-signature`,
 * `x-jipan-timestamp`, `idempotency-key`).
 *
 * @module
 */
import { ChannelError, type NotifierChannel, Outbox, type OutboxMessage, type Tenant } from "@jipan/core"
import { JsonPost, WebhookSignature } from "@jipan/notify-webhook"
import { Clock, Effect, Option } from "effect"
import type { SqlClient } from "effect/sql"
import { type WebhookRow, webhookFor } from "./Tables.js"

/** The channel name of the API's webhook messages. */
export const WEBHOOK_CHANNEL = "dms-webhook"

/** The JSON body a DMS receives. */
export interface WebhookBody {
  readonly idempotencyKey: string
  readonly kind: string
  readonly tenant: Tenant | undefined
  readonly data: unknown
}

/**
 * A small cache of registrations (per tenant, `ttlMillis`, default 5 s), so a command does not
 * read the table each time; `invalidate` after a registration changes in this process.
 */
export const makeWebhookCache = (ttlMillis = 5_000) => {
  const cache = new Map<string, { readonly at: number; readonly row: Option.Option<WebhookRow> }>()
  return {
    get: (tenant: Tenant): Effect.Effect<Option.Option<WebhookRow>, unknown, SqlClient.SqlClient> => {
      const key = `${tenant.dealerGroupId}\u0000${tenant.storeId}`
      const hit = cache.get(key)
      if (hit !== undefined && Date.now() - hit.at < ttlMillis) return Effect.succeed(hit.row)
      return Effect.tap(webhookFor(tenant.dealerGroupId, tenant.storeId), (row) =>
        Effect.sync(() => cache.set(key, { at: Date.now(), row }))
      )
    },
    invalidate: () => cache.clear()
  }
}

/** The registration cache's type. */
export type WebhookCache = ReturnType<typeof makeWebhookCache>

/**
 * Writes the outbox message of an event for a tenant with a webhook registered for the topic (in
 * the caller's transaction); nothing otherwise.
 */
export const enqueueWebhook = (
  cache: WebhookCache,
  input: {
    readonly tenant: Tenant
    readonly topic: "card" | "referral"
    readonly id: string
    readonly version: number
    readonly at: number
    readonly data: Record<string, unknown>
  }
) =>
  Effect.gen(function* () {
    const hook = yield* cache.get(input.tenant)
    if (Option.isNone(hook) || !hook.value.topics.includes(input.topic)) return
    const outbox = yield* Outbox
    const kind = `${input.topic}.changed`
    const id = `dms-webhook:${input.topic}:${input.tenant.storeId}:${input.id}:${input.version}`
    const message: OutboxMessage = {
      id,
      idempotencyKey: id,
      tenant: input.tenant,
      topic: kind,
      recipient: hook.value.url,
      payload: {
        kind,
        audience: "supervisor",
        channel: WEBHOOK_CHANNEL,
        to: [],
        customerFacing: false,
        locale: "en",
        subject: kind,
        text: `${kind} ${input.id} v${input.version}`,
        markdown: "",
        data: { kind, id: input.id, version: input.version, ...input.data }
      },
      availableAt: input.at,
      status: "pending",
      attempts: 0,
      lastError: undefined
    }
    yield* outbox.enqueue([message])
  })

/**
 * The `dms-webhook` channel: posts `{ idempotencyKey, kind, tenant, data }` to the tenant's
 * registered URL, signed with its secret. No registration any more: dead-lettered (not retryable).
 */
export const makeWebhookChannel = (options: {
  readonly lookup: (tenant: Tenant) => Effect.Effect<Option.Option<WebhookRow>, unknown>
  readonly timeoutMillis?: number
}): NotifierChannel => ({
  name: WEBHOOK_CHANNEL,
  send: (message) =>
    Effect.gen(function* () {
      if (message.tenant === undefined)
        return yield* new ChannelError({
          channel: WEBHOOK_CHANNEL,
          reason: "NoTenant",
          retryable: false,
          message: "the message has no tenant"
        })
      const hook = yield* options.lookup(message.tenant).pipe(
        Effect.mapError(
          () =>
            new ChannelError({
              channel: WEBHOOK_CHANNEL,
              reason: "Lookup",
              retryable: true,
              message: "the webhook registration could not be read"
            })
        )
      )
      if (Option.isNone(hook))
        return yield* new ChannelError({
          channel: WEBHOOK_CHANNEL,
          reason: "NotRegistered",
          retryable: false,
          message: "no webhook is registered for the tenant any more"
        })
      const body: WebhookBody = {
        idempotencyKey: message.idempotencyKey,
        kind: message.kind ?? "event",
        tenant: message.tenant,
        data: message.data
      }
      const text = JSON.stringify(body)
      const timestamp = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      yield* JsonPost.postJson({
        url: hook.value.url,
        body: text,
        headers: {
          "user-agent": "jipan-dms-api",
          ...WebhookSignature.signatureHeaders({
            secret: hook.value.secret,
            timestamp,
            body: text,
            idempotencyKey: message.idempotencyKey
          })
        },
        ...(options.timeoutMillis === undefined ? {} : { timeoutMillis: options.timeoutMillis })
      }).pipe(
        Effect.mapError(
          (e) =>
            new ChannelError({
              channel: WEBHOOK_CHANNEL,
              reason: e.reason._tag,
              retryable: e.retryable,
              message: e.message
            })
        )
      )
    })
})
