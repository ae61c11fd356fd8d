/**
 * The SMS channel, a `@jipan/core` `NotifierChannel` (named `"sms"` unless told otherwise): sends
 * one message as a provider template SMS and records what the provider accepted (its `BizId` /
 * `SerialNo` per number, mapped to the outbox message) in the {@link ReceiptSink} when one is
 * provided. The channel's `send` is what the dispatcher calls; an {@link SmsError} becomes a
 * `ChannelError` whose `reason` is the error's reason tag (`Throttled`, `Rejected`, `OptedOut`,
 * `Unsendable`, `Timeout`, `Network`, `HttpStatus`, `InvalidResponse`) and whose `retryable` is
 * the error's own; `OptedOut` means the customer refused (unsubscribed, blacklisted) and is not
 * retried. `deliver` is the same send with the typed result and error.
 *
 * One message is one provider request to all its numbers. Numbers are normalised to E.164 first
 * (a message without one valid number is `Unsendable`), then put in the provider's form. Tencent
 * answers per number: the send succeeds when every number was accepted; otherwise it fails with
 * the worst refusal (consent before permanent before retryable), and a retry sends to every
 * number again (customers' messages have one number).
 *
 * @since 0.1.0
 */
import {
  type ChannelMessage,
  deliveringChannel,
  layerNotifierChannels,
  type NotifierChannel,
  type NotifierChannels
} from "@jipan/core"
import { Clock, Effect, type Layer, Option, Result } from "effect"
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
 * What the provider accepted: one provider id per number (E.164).
 *
 * @example
 * ```ts
 * import type { SmsChannel } from "@jipan/notify-sms"
 * const d: SmsChannel.SmsDelivered = { idempotencyKey: "k-1", provider: "aliyun", templateId: "SMS_1",
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
 * The SMS channel: core's `NotifierChannel`, the configured `provider`, and `deliver`, the same
 * send with its typed result and {@link SmsError}. Of a message it reads `kind` and `data` (the
 * template and its parameters), `to` (the numbers), and `messageId`, `tenant` and
 * `idempotencyKey` for the receipts.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmsChannel } from "@jipan/notify-sms"
 * const sent = (sms: SmsChannel.SmsChannel) =>
 *   sms.deliver({ idempotencyKey: "k-1", messageId: "m-1", kind: "careContact", text: "…",
 *     data: { kind: "careContact", careKind: "maintenance", customerName: "王先生" }, to: ["13800001234"] })
 * ```
 * @category models
 * @since 0.2.0
 */
export interface SmsChannel extends NotifierChannel {
  readonly provider: Provider
  readonly deliver: (message: ChannelMessage) => Effect.Effect<SmsDelivered, SmsError>
}

/**
 * Options besides the configuration: the channel's name (default `"sms"`) and a `fetch` to use
 * instead of the global one.
 *
 * @example
 * ```ts
 * import type { SmsChannel } from "@jipan/notify-sms"
 * const o: SmsChannel.SmsChannelOptions = { name: "sms", fetch: globalThis.fetch }
 * ```
 * @category models
 * @since 0.2.0
 */
export interface SmsChannelOptions {
  readonly name?: string | undefined
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
 * Builds the channel from a decoded {@link SmsConfig}. A {@link ReceiptSink} in context when the
 * channel is built receives a submission per accepted number (its failure is logged, never
 * failing a send the provider accepted).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ReceiptSink, SmsChannel } from "@jipan/notify-sms"
 * const sms = SmsChannel.make({
 *   provider: { provider: "aliyun", accessKeyId: "LTAI…", accessKeySecret: "…" },
 *   signName: "东方丰田",
 *   templates: { rewardIssued: { templateId: "SMS_471234567", params: ["referrerName", "reward", "expiresOn"] } }
 * }).pipe(Effect.provide(ReceiptSink.layerMemory))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (config: SmsConfig, options: SmsChannelOptions = {}): Effect.Effect<SmsChannel> =>
  Effect.gen(function* () {
    const sink = yield* Effect.serviceOption(ReceiptSink)
    const p = config.provider
    const provider: Provider = p.provider
    const timeoutMillis = config.timeoutMillis ?? 10_000

    const record = (message: ChannelMessage, templateId: string, accepted: SmsDelivered["accepted"]) =>
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

    const deliver = (message: ChannelMessage): Effect.Effect<SmsDelivered, SmsError> =>
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

    const name = options.name ?? "sms"
    return { ...deliveringChannel(name, deliver), provider }
  })

/**
 * Provides core's `NotifierChannels` with the SMS channel (a {@link ReceiptSink} provided to this
 * layer receives submissions). To serve several channels at once, pass `make(...)` with the others
 * to `layerNotifierChannels` from `@jipan/core`.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { ReceiptSink, SmsChannel } from "@jipan/notify-sms"
 * const SmsLive = SmsChannel.layer({
 *   provider: { provider: "tencent", secretId: "AKID…", secretKey: "…", smsSdkAppId: "1400006666" },
 *   signName: "东方丰田", templates: {}
 * }).pipe(Layer.provide(ReceiptSink.layerMemory))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (config: SmsConfig, options: SmsChannelOptions = {}): Layer.Layer<NotifierChannels> =>
  layerNotifierChannels([make(config, options)])
