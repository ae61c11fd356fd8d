/**
 * The port delivery receipts are recorded through, and the provider-id → outbox-message mapping
 * that makes them attributable.
 *
 * When a provider accepts a message, the channel records a {@link Submission}: the provider's id
 * for it (Alibaba `BizId`, Tencent `SerialNo`), the number, and the outbox message's id, tenant
 * and idempotency key. When the provider later calls back with a status report, the receipt
 * handler looks the submission up by (provider, provider id, number) and records a
 * {@link DeliveryReceipt} against the outbox message.
 *
 * Contract of an implementation (the in-memory one here; `@jipan/core` will store them with the
 * outbox):
 * - `submitted` is idempotent on (provider, providerMessageId, phone): recording the same
 *   submission twice keeps one;
 * - `lookup` finds a submission recorded by any process (so a callback can land on another
 *   instance than the send);
 * - `record` is idempotent on (provider, providerMessageId, phone, status): providers repeat
 *   callbacks until acknowledged, and a duplicate must not count twice;
 * - failures are {@link ReceiptSinkError} values; the receipt handler then answers the provider
 *   with an error so it calls back again.
 *
 * @since 0.1.0
 */
import { DeliveryReceipts, type Tenant } from "@jipan/core"
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { Provider } from "./SmsError.js"

/**
 * A message the provider accepted for one number.
 *
 * @example
 * ```ts
 * import type { ReceiptSink } from "@jipan/notify-sms"
 * const s: ReceiptSink.Submission = { provider: "aliyun", providerMessageId: "900619746936498440^0",
 *   phone: "+8613800001234", messageId: "m-1", idempotencyKey: "careContact:…", templateId: "SMS_1", at: 0 }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Submission {
  readonly provider: Provider
  /** Alibaba `BizId`, Tencent `SerialNo`. */
  readonly providerMessageId: string
  /** E.164. */
  readonly phone: string
  /** The outbox message's id, when the message came from the outbox. */
  readonly messageId?: string | undefined
  readonly tenant?: Tenant | undefined
  readonly idempotencyKey: string
  readonly templateId: string
  /** When the provider accepted it (epoch millis, effect's Clock). */
  readonly at: number
}

/**
 * A provider's status report for one number, attributed to its outbox message.
 *
 * @example
 * ```ts
 * import type { ReceiptSink } from "@jipan/notify-sms"
 * const r: ReceiptSink.DeliveryReceipt = { provider: "tencent", providerMessageId: "2019:1234", phone: "+8613800001234",
 *   messageId: "m-1", idempotencyKey: "k", status: "delivered", code: "DELIVRD", time: "2026-11-22 10:00:03" }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface DeliveryReceipt {
  readonly provider: Provider
  readonly providerMessageId: string
  readonly phone: string
  readonly messageId?: string | undefined
  readonly tenant?: Tenant | undefined
  readonly idempotencyKey?: string | undefined
  readonly status: "delivered" | "failed"
  /** The provider's status code (`DELIVERED`, `DELIVRD`, `MK:0001`…). */
  readonly code: string
  readonly description?: string | undefined
  /** The provider's time of the report (its own format, Beijing time: `2026-11-22 10:00:03`). */
  readonly time: string
}

/**
 * The sink could not record or read.
 *
 * @example
 * ```ts
 * import { ReceiptSink } from "@jipan/notify-sms"
 * new ReceiptSink.ReceiptSinkError({ message: "database unavailable" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class ReceiptSinkError extends Schema.TaggedError<ReceiptSinkError>()("ReceiptSinkError", {
  message: Schema.String
}) {}

/**
 * The port: record submissions, look them up, record receipts.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ReceiptSink } from "@jipan/notify-sms"
 * const find = ReceiptSink.ReceiptSink.use((sink) => sink.lookup("aliyun", "900619746936498440^0", "+8613800001234"))
 * ```
 * @category ports
 * @since 0.1.0
 */
export class ReceiptSink extends Context.Service<
  ReceiptSink,
  {
    readonly submitted: (submission: Submission) => Effect.Effect<void, ReceiptSinkError>
    readonly lookup: (
      provider: Provider,
      providerMessageId: string,
      phone: string
    ) => Effect.Effect<Option.Option<Submission>, ReceiptSinkError>
    readonly record: (receipt: DeliveryReceipt) => Effect.Effect<void, ReceiptSinkError>
  }
>()("@jipan/notify-sms/ReceiptSink") {}

/**
 * An in-memory sink and its backdoors (every submission and receipt, in arrival order).
 *
 * @example
 * ```ts
 * import { ReceiptSink } from "@jipan/notify-sms"
 * const memory = ReceiptSink.makeMemory()
 * memory.receipts() // []
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeMemory = (): {
  readonly sink: ReceiptSink["Service"]
  readonly submissions: () => ReadonlyArray<Submission>
  readonly receipts: () => ReadonlyArray<DeliveryReceipt>
} => {
  const submissions = new Map<string, Submission>()
  const receipts = new Map<string, DeliveryReceipt>()
  const key = (p: string, id: string, phone: string) => `${p}\u0000${id}\u0000${phone}`
  return {
    sink: ReceiptSink.of({
      submitted: (s) =>
        Effect.sync(() => {
          const k = key(s.provider, s.providerMessageId, s.phone)
          if (!submissions.has(k)) submissions.set(k, s)
        }),
      lookup: (provider, id, phone) =>
        Effect.sync(() => Option.fromNullishOr(submissions.get(key(provider, id, phone)))),
      record: (r) =>
        Effect.sync(() => {
          const k = `${key(r.provider, r.providerMessageId, r.phone)}\u0000${r.status}`
          if (!receipts.has(k)) receipts.set(k, r)
        })
    }),
    submissions: () => [...submissions.values()],
    receipts: () => [...receipts.values()]
  }
}

/**
 * A fresh in-memory {@link ReceiptSink} (for tests and single-process setups).
 *
 * @example
 * ```ts
 * import { ReceiptSink } from "@jipan/notify-sms"
 * const SinkLive = ReceiptSink.layerMemory
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layerMemory: Layer.Layer<ReceiptSink> = Layer.sync(ReceiptSink, () => makeMemory().sink)

/**
 * The sink in the Jipan store: submissions and receipts go to core's `DeliveryReceipts` port
 * (`jipan_provider_submissions` and `jipan_delivery_receipts` on the SQL stores), so a status
 * callback served by any process finds the submission, and receipts are read with the outbox
 * message they belong to. Sends without an outbox message (no tenant or message id) are not kept.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { JipanPglite } from "@jipan/store-pglite"
 * import { ReceiptSink } from "@jipan/notify-sms"
 * const Sink = ReceiptSink.layerStore.pipe(Layer.provide(JipanPglite.layer({ dataDir: "./data/jipan" })))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layerStore: Layer.Layer<ReceiptSink, never, DeliveryReceipts> = Layer.effect(
  ReceiptSink,
  Effect.map(Effect.service(DeliveryReceipts), (store) => {
    const failed = (e: { readonly message: string }) => new ReceiptSinkError({ message: e.message })
    return ReceiptSink.of({
      submitted: (s) =>
        s.tenant === undefined || s.messageId === undefined
          ? Effect.void
          : store
              .submitted({
                provider: s.provider,
                providerMessageId: s.providerMessageId,
                phone: s.phone,
                tenant: s.tenant,
                messageId: s.messageId,
                idempotencyKey: s.idempotencyKey,
                templateId: s.templateId,
                at: s.at
              })
              .pipe(Effect.mapError(failed)),
      lookup: (provider, providerMessageId, phone) =>
        store.lookup(provider, providerMessageId, phone).pipe(
          Effect.map(
            Option.map(
              (found): Submission => ({
                provider: found.provider as Provider,
                providerMessageId: found.providerMessageId,
                phone: found.phone,
                messageId: found.messageId,
                tenant: found.tenant,
                idempotencyKey: found.idempotencyKey,
                templateId: found.templateId ?? "",
                at: found.at
              })
            )
          ),
          Effect.mapError(failed)
        ),
      record: (r) =>
        r.tenant === undefined || r.messageId === undefined
          ? Effect.void
          : store
              .record({
                provider: r.provider,
                providerMessageId: r.providerMessageId,
                phone: r.phone,
                tenant: r.tenant,
                messageId: r.messageId,
                status: r.status,
                code: r.code,
                description: r.description,
                reportedAt: r.time
              })
              .pipe(Effect.mapError(failed))
    })
  })
)
