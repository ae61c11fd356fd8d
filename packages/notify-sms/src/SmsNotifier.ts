/**
 * The `SmsNotifier` service: sends one message as a provider template SMS and records what the
 * provider accepted (its `BizId` / `SerialNo` per number, mapped to the outbox message) in the
 * {@link ReceiptSink} when one is provided.
 *
 * One message is one provider request to all its numbers. Numbers are normalised to E.164 first
 * (a message without one valid number is `Unsendable`), then put in the provider's form. Tencent
 * answers per number: the send succeeds when every number was accepted; otherwise it fails with
 * the worst refusal (consent before permanent before retryable), and a retry sends to every
 * number again (customers' messages have one number).
 *
 * @since 0.1.0
 */
import type { Tenant } from "@jipan/core"
import { Clock, Context, Effect, Layer, Option, Result } from "effect"
import { formBody } from "./AliyunSignature.js"
import * as AliyunSms from "./AliyunSms.js"
import type { Disposition } from "./ErrorCodes.js"
import { type Fetch, post } from "./internal/post.js"
import { toE164, toProvider } from "./PhoneFormat.js"
import { ReceiptSink, type Submission } from "./ReceiptSink.js"
import { resolveTemplate, type SmsConfig } from "./SmsConfig.js"
import {
  HttpStatus,
  InvalidResponse,
  OptedOut,
  type Provider,
  Rejected,
  SmsError,
  Throttled,
  Unsendable
} from "./SmsError.js"
import * as TencentSms from "./TencentSms.js"

/**
 * What the notifier sends: core's `ChannelMessage` fields that matter for a template SMS.
 *
 * @example
 * ```ts
 * import type { SmsNotifier } from "@jipan/notify-sms"
 * const m: SmsNotifier.SmsMessage = { idempotencyKey: "k-1", messageId: "m-1", kind: "careContact", text: "…",
 *   data: { kind: "careContact", careKind: "maintenance", customerName: "王先生", storeName: "东方丰田", on: "2026-11-22" },
 *   to: ["13800001234"] }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface SmsMessage {
  readonly idempotencyKey: string
  readonly messageId?: string | undefined
  readonly tenant?: Tenant | undefined
  readonly kind?: string | undefined
  readonly data?: unknown
  readonly text: string
  readonly to?: ReadonlyArray<string> | undefined
}

/**
 * What the provider accepted: one provider id per number (E.164).
 *
 * @example
 * ```ts
 * import type { SmsNotifier } from "@jipan/notify-sms"
 * const d: SmsNotifier.SmsDelivered = { idempotencyKey: "k-1", provider: "aliyun", templateId: "SMS_1",
 *   accepted: [{ phone: "+8613800001234", providerMessageId: "900619746936498440^0" }] }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface SmsDelivered {
  readonly idempotencyKey: string
  readonly provider: Provider
  readonly templateId: string
  readonly accepted: ReadonlyArray<{ readonly phone: string; readonly providerMessageId: string }>
}

/**
 * The service.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmsNotifier } from "@jipan/notify-sms"
 * const send = SmsNotifier.SmsNotifier.use((n) => n.send({ idempotencyKey: "k", text: "…" }))
 * ```
 * @category services
 * @since 0.1.0
 */
export class SmsNotifier extends Context.Service<
  SmsNotifier,
  {
    readonly provider: Provider
    readonly send: (message: SmsMessage) => Effect.Effect<SmsDelivered, SmsError>
  }
>()("@jipan/notify-sms/SmsNotifier") {}

/**
 * Options besides the configuration: a `fetch` to use instead of the global one.
 *
 * @example
 * ```ts
 * import type { SmsNotifier } from "@jipan/notify-sms"
 * const o: SmsNotifier.SmsNotifierOptions = { fetch: globalThis.fetch }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface SmsNotifierOptions {
  readonly fetch?: Fetch | undefined
}

const refusal = (provider: Provider, code: string, detail: string, disposition: Disposition): SmsError => {
  const fields = { provider, code, detail }
  const reason =
    disposition === "retryable"
      ? new Throttled(fields)
      : disposition === "consent"
        ? new OptedOut(fields)
        : new Rejected(fields)
  return new SmsError({
    message: `${provider} refused the SMS: ${code}${detail === "" ? "" : ` (${detail})`}`,
    reason
  })
}

const unsendable = (detail: string) => new SmsError({ message: detail, reason: new Unsendable({ detail }) })

const badAnswer = (provider: Provider, status: number, detail: string) =>
  status >= 200 && status < 300
    ? new SmsError({
        message: `${provider} answered something unreadable: ${detail}`,
        reason: new InvalidResponse({ detail })
      })
    : new SmsError({
        message: `${provider} answered HTTP ${status}: ${detail}`,
        reason: new HttpStatus({ status })
      })

const rank: Record<Disposition, number> = { consent: 0, permanent: 1, retryable: 2 }

/**
 * Builds the notifier from a decoded {@link SmsConfig}. A {@link ReceiptSink} in context when the
 * notifier is built receives a submission per accepted number (its failure is logged, never
 * failing a send the provider accepted).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ReceiptSink, SmsNotifier } from "@jipan/notify-sms"
 * const notifier = SmsNotifier.make({
 *   provider: { provider: "aliyun", accessKeyId: "LTAI…", accessKeySecret: "…" },
 *   signName: "东方丰田",
 *   templates: { rewardIssued: { templateId: "SMS_471234567", params: ["referrerName", "reward", "expiresOn"] } }
 * }).pipe(Effect.provide(ReceiptSink.layerMemory))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  config: SmsConfig,
  options: SmsNotifierOptions = {}
): Effect.Effect<SmsNotifier["Service"]> =>
  Effect.gen(function* () {
    const sink = yield* Effect.serviceOption(ReceiptSink)
    const p = config.provider
    const provider: Provider = p.provider
    const timeoutMillis = config.timeoutMillis ?? 10_000

    const record = (message: SmsMessage, templateId: string, accepted: SmsDelivered["accepted"]) =>
      Option.isNone(sink)
        ? Effect.void
        : Effect.gen(function* () {
            const at = yield* Clock.currentTimeMillis
            yield* Effect.forEach(
              accepted,
              (a) =>
                sink.value.submitted({
                  provider,
                  providerMessageId: a.providerMessageId,
                  phone: a.phone,
                  messageId: message.messageId,
                  tenant: message.tenant,
                  idempotencyKey: message.idempotencyKey,
                  templateId,
                  at
                } satisfies Submission),
              { discard: true }
            )
          }).pipe(
            Effect.catch((e) =>
              Effect.logWarning(`SMS accepted, but its submission could not be recorded: ${e.message}`)
            )
          )

    const send = (message: SmsMessage): Effect.Effect<SmsDelivered, SmsError> =>
      Effect.gen(function* () {
        const resolved = resolveTemplate(config, message)
        if (Result.isFailure(resolved)) return yield* unsendable(resolved.failure)
        const template = resolved.success
        const phones = [...new Set((message.to ?? []).map(toE164).filter((x) => x !== undefined))]
        if (phones.length === 0)
          return yield* unsendable(
            `no valid mobile number in ${JSON.stringify(message.to ?? [])} (to: E.164 or a Chinese mobile)`
          )
        const now = yield* Clock.currentTimeMillis
        if (p.provider === "aliyun") {
          const nonce = yield* Effect.sync(() => crypto.randomUUID())
          const params = AliyunSms.sendSmsParams(
            p,
            {
              phoneNumbers: phones.map((x) => toProvider("aliyun", x)),
              signName: template.signName,
              templateCode: template.templateId,
              templateParam: Object.fromEntries(template.params),
              outId: message.idempotencyKey
            },
            { now, nonce }
          )
          const url = p.endpoint ?? AliyunSms.DEFAULT_ENDPOINT
          const answer = yield* post({
            url,
            body: formBody(params),
            headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
            timeoutMillis,
            fetch: options.fetch
          })
          const read = AliyunSms.readAnswer(answer.status, answer.body, config.errorCodes)
          if (Result.isFailure(read)) return yield* badAnswer("aliyun", answer.status, read.failure)
          const a = read.success
          if (a._tag === "Refused") return yield* refusal("aliyun", a.code, a.message, a.disposition)
          const accepted = phones.map((phone) => ({ phone, providerMessageId: a.bizId }))
          yield* record(message, template.templateId, accepted)
          return {
            idempotencyKey: message.idempotencyKey,
            provider,
            templateId: template.templateId,
            accepted
          }
        }
        const request = TencentSms.sendSmsRequest(
          p,
          {
            phoneNumbers: phones,
            signName: template.signName,
            templateId: template.templateId,
            templateParams: template.params.map(([, v]) => v),
            sessionContext: message.idempotencyKey
          },
          Math.floor(now / 1000)
        )
        const answer = yield* post({ ...request, timeoutMillis, fetch: options.fetch })
        const read = TencentSms.readAnswer(answer.body, config.errorCodes)
        if (Result.isFailure(read) || answer.status < 200 || answer.status >= 300)
          return yield* badAnswer("tencent", answer.status, Result.isFailure(read) ? read.failure : "not 2xx")
        const a = read.success
        if (a._tag === "Refused") return yield* refusal("tencent", a.code, a.message, a.disposition)
        const accepted = a.statuses
          .filter((s) => s.disposition === undefined)
          .map((s) => ({ phone: s.phoneNumber, providerMessageId: s.serialNo }))
        yield* record(message, template.templateId, accepted)
        const refused = a.statuses
          .filter((s) => s.disposition !== undefined)
          .sort((x, y) => rank[x.disposition ?? "retryable"] - rank[y.disposition ?? "retryable"])
        const worst = refused[0]
        if (worst !== undefined)
          return yield* refusal(
            "tencent",
            worst.code,
            `${worst.phoneNumber}: ${worst.message}`,
            worst.disposition ?? "permanent"
          )
        if (accepted.length === 0) return yield* badAnswer("tencent", answer.status, "an empty SendStatusSet")
        return { idempotencyKey: message.idempotencyKey, provider, templateId: template.templateId, accepted }
      })

    return SmsNotifier.of({ provider, send })
  })

/**
 * The notifier as a layer (a {@link ReceiptSink} provided to this layer receives submissions).
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { ReceiptSink, SmsNotifier } from "@jipan/notify-sms"
 * const SmsLive = SmsNotifier.layer({
 *   provider: { provider: "tencent", secretId: "AKID…", secretKey: "…", smsSdkAppId: "1400006666" },
 *   signName: "东方丰田", templates: {}
 * }).pipe(Layer.provide(ReceiptSink.layerMemory))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (config: SmsConfig, options: SmsNotifierOptions = {}): Layer.Layer<SmsNotifier> =>
  Layer.effect(SmsNotifier, make(config, options))
