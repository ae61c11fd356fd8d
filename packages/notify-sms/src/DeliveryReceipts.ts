/**
 * The providers' delivery receipts (status reports), parsed, verified and recorded against the
 * outbox message they belong to.
 *
 * - Alibaba Cloud (`SmsReport`, HTTP batch push): a JSON array of `{ phone_number, send_time,
 *   report_time, success, err_code, err_msg, sms_size, biz_id, out_id }`; the expected answer is
 *   `{"code":0,"msg":"接收成功"}`.
 * - Tencent Cloud (status callback): a JSON array of `{ user_receive_time, nationcode, mobile,
 *   report_status: "SUCCESS" | "FAIL", errmsg, description, sid }`; the expected answer is
 *   `{"result":0,"errmsg":"OK"}`.
 *
 * Neither provider signs its callbacks. Verification here is threefold: the callback URL you
 * register carries a secret token (`https://crm.example.com/sms/receipts?token=…`) that
 * {@link handle} compares in constant time; the body must decode against the provider's schema;
 * and each report must name a submission this system made (provider id and number, looked up in
 * the {@link ReceiptSink}) — reports for unknown messages are returned as `unmatched`, never
 * recorded. Recording is idempotent (the sink's contract), so the providers' repeated callbacks
 * do no harm.
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import { Effect, Option, Schema } from "effect"
import { fromProvider } from "./PhoneFormat.js"
import { type DeliveryReceipt, ReceiptSink, type ReceiptSinkError } from "./ReceiptSink.js"
import type { Provider } from "./SmsError.js"

/**
 * One Alibaba Cloud status report.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { DeliveryReceipts } from "@jipan/notify-sms"
 * Schema.decodeUnknownSync(DeliveryReceipts.AliyunReport)({ phone_number: "13800001234", send_time: "2026-11-22 10:00:00",
 *   report_time: "2026-11-22 10:00:03", success: true, err_code: "DELIVERED", err_msg: "用户接收成功", sms_size: "1", biz_id: "1^0", out_id: "k" })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const AliyunReport = Schema.Struct({
  phone_number: Schema.String,
  send_time: Schema.optional(Schema.String),
  report_time: Schema.String,
  success: Schema.Boolean,
  err_code: Schema.String,
  err_msg: Schema.optional(Schema.String),
  sms_size: Schema.optional(Schema.String),
  biz_id: Schema.String,
  out_id: Schema.optional(Schema.String)
})

/**
 * One Tencent Cloud status report.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { DeliveryReceipts } from "@jipan/notify-sms"
 * Schema.decodeUnknownSync(DeliveryReceipts.TencentReport)({ user_receive_time: "2026-11-22 10:00:03", nationcode: "86",
 *   mobile: "13800001234", report_status: "SUCCESS", errmsg: "DELIVRD", description: "用户短信送达成功", sid: "2019:1" })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const TencentReport = Schema.Struct({
  user_receive_time: Schema.String,
  nationcode: Schema.String,
  mobile: Schema.String,
  report_status: Schema.Literals(["SUCCESS", "FAIL"]),
  errmsg: Schema.String,
  description: Schema.optional(Schema.String),
  sid: Schema.String
})

/**
 * A report in provider-neutral form, before it is matched to a submission.
 *
 * @example
 * ```ts
 * import type { DeliveryReceipts } from "@jipan/notify-sms"
 * const r: DeliveryReceipts.Report = { provider: "aliyun", providerMessageId: "1^0", phone: "+8613800001234",
 *   status: "delivered", code: "DELIVERED", time: "2026-11-22 10:00:03" }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Report {
  readonly provider: Provider
  readonly providerMessageId: string
  readonly phone: string
  readonly status: "delivered" | "failed"
  readonly code: string
  readonly description?: string | undefined
  readonly time: string
  /** Alibaba's `out_id`: the idempotency key the send passed as `OutId`. */
  readonly outId?: string | undefined
}

/**
 * Why a callback was refused.
 *
 * @example
 * ```ts
 * import { DeliveryReceipts } from "@jipan/notify-sms"
 * new DeliveryReceipts.ReceiptError({ reason: "Unauthorized", message: "wrong token" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class ReceiptError extends Schema.TaggedError<ReceiptError>()("ReceiptError", {
  reason: Schema.Literals(["Unauthorized", "Malformed", "SinkFailed"]),
  message: Schema.String
}) {}

const decodeJson = <S extends Schema.Top>(schema: S, body: string) => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return Effect.fail(new ReceiptError({ reason: "Malformed", message: "the callback body is not JSON" }))
  }
  return Schema.decodeUnknownEffect(Schema.Array(schema))(json).pipe(
    Effect.mapError((e) => new ReceiptError({ reason: "Malformed", message: e.message }))
  )
}

/**
 * Parses a callback body into provider-neutral reports (numbers in E.164).
 *
 * @example
 * ```ts
 * import { DeliveryReceipts } from "@jipan/notify-sms"
 * const reports = DeliveryReceipts.parse("tencent", '[{"user_receive_time":"2026-11-22 10:00:03","nationcode":"86","mobile":"13800001234","report_status":"SUCCESS","errmsg":"DELIVRD","description":"ok","sid":"2019:1"}]')
 * // Effect<ReadonlyArray<Report>, ReceiptError>
 * ```
 * @category parsing
 * @since 0.1.0
 */
export const parse = (
  provider: Provider,
  body: string
): Effect.Effect<ReadonlyArray<Report>, ReceiptError> =>
  provider === "aliyun"
    ? Effect.map(decodeJson(AliyunReport, body), (rs) =>
        rs.map(
          (r): Report => ({
            provider,
            providerMessageId: r.biz_id,
            phone: fromProvider("aliyun", r.phone_number),
            status: r.success ? "delivered" : "failed",
            code: r.err_code,
            description: r.err_msg,
            time: r.report_time,
            outId: r.out_id
          })
        )
      )
    : Effect.map(decodeJson(TencentReport, body), (rs) =>
        rs.map(
          (r): Report => ({
            provider,
            providerMessageId: r.sid,
            phone: fromProvider("tencent", r.mobile, r.nationcode),
            status: r.report_status === "SUCCESS" ? "delivered" : "failed",
            code: r.errmsg,
            description: r.description,
            time: r.user_receive_time
          })
        )
      )

/**
 * The body each provider expects as the acknowledgement of a callback it may stop repeating.
 *
 * @example
 * ```ts
 * import { DeliveryReceipts } from "@jipan/notify-sms"
 * DeliveryReceipts.acknowledgement("tencent") // '{"result":0,"errmsg":"OK"}'
 * ```
 * @category answers
 * @since 0.1.0
 */
export const acknowledgement = (provider: Provider): string =>
  provider === "aliyun"
    ? JSON.stringify({ code: 0, msg: "接收成功" })
    : JSON.stringify({ result: 0, errmsg: "OK" })

/**
 * Whether a callback's token is the configured one (constant time).
 *
 * @example
 * ```ts
 * import { DeliveryReceipts } from "@jipan/notify-sms"
 * DeliveryReceipts.verifyToken("s3cret", "s3cret") // true
 * DeliveryReceipts.verifyToken("s3cret", undefined) // false
 * ```
 * @category verifying
 * @since 0.1.0
 */
export const verifyToken = (expected: string, given: string | null | undefined): boolean => {
  if (given === null || given === undefined || expected === "") return false
  const a = Buffer.from(expected, "utf8")
  const b = Buffer.from(given, "utf8")
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * What a callback yielded: the receipts recorded against their outbox messages, the reports no
 * submission was found for, and the body to answer the provider with.
 *
 * @example
 * ```ts
 * import type { DeliveryReceipts } from "@jipan/notify-sms"
 * const recorded = (b: DeliveryReceipts.ReceiptBatch) => b.receipts.length
 * ```
 * @category models
 * @since 0.1.0
 */
export interface ReceiptBatch {
  readonly receipts: ReadonlyArray<DeliveryReceipt>
  readonly unmatched: ReadonlyArray<Report>
  readonly answer: string
}

/**
 * Handles one callback: checks the token, parses the body, matches each report to its
 * submission (provider id and number) and records it in the {@link ReceiptSink}. Answer the
 * provider with `answer` (HTTP 200) on success; on a `ReceiptError` answer 401 (`Unauthorized`),
 * 400 (`Malformed`) or 500 (`SinkFailed`: the provider will call again).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DeliveryReceipts, ReceiptSink } from "@jipan/notify-sms"
 * const batch = DeliveryReceipts.handle("aliyun", { body: "[]", token: "s3cret" }, { token: "s3cret" }).pipe(
 *   Effect.provide(ReceiptSink.layerMemory)
 * )
 * ```
 * @category handling
 * @since 0.1.0
 */
export const handle = (
  provider: Provider,
  callback: { readonly body: string; readonly token: string | null | undefined },
  options: { readonly token: string }
): Effect.Effect<ReceiptBatch, ReceiptError, ReceiptSink> =>
  Effect.gen(function* () {
    if (!verifyToken(options.token, callback.token))
      return yield* new ReceiptError({ reason: "Unauthorized", message: "the callback token does not match" })
    const reports = yield* parse(provider, callback.body)
    const sink = yield* ReceiptSink
    const receipts: Array<DeliveryReceipt> = []
    const unmatched: Array<Report> = []
    for (const r of reports) {
      const found = yield* sink.lookup(r.provider, r.providerMessageId, r.phone)
      if (Option.isNone(found)) {
        unmatched.push(r)
        continue
      }
      const s = found.value
      const receipt: DeliveryReceipt = {
        provider: r.provider,
        providerMessageId: r.providerMessageId,
        phone: r.phone,
        messageId: s.messageId,
        tenant: s.tenant,
        idempotencyKey: s.idempotencyKey,
        status: r.status,
        code: r.code,
        description: r.description,
        time: r.time
      }
      yield* sink.record(receipt)
      receipts.push(receipt)
    }
    return { receipts, unmatched, answer: acknowledgement(provider) }
  }).pipe(
    Effect.mapError((e: ReceiptError | ReceiptSinkError) =>
      e._tag === "ReceiptError" ? e : new ReceiptError({ reason: "SinkFailed", message: e.message })
    )
  )
