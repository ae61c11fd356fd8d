/**
 * A loopback SMS provider for your own tests and demos: a `node:http` server on `127.0.0.1` that
 * speaks Alibaba Cloud's or Tencent Cloud's `SendSms` as the providers document it, so the real
 * {@link SmsChannel} (and the outbox dispatcher through it) can be run end to end without an
 * account, a network or a phone.
 *
 * - **Signatures.** Each request's signature is recomputed from the secret of its key exactly as
 *   the provider documents it (Alibaba: RPC HMAC-SHA1 over the canonicalized query; Tencent:
 *   TC3-HMAC-SHA256 over the canonical request). A wrong one is refused with the provider's own
 *   error payload (`SignatureDoesNotMatch`, HTTP 400 / `AuthFailure.SignatureFailure`), as are an
 *   unknown key, a stale timestamp (against `now`, 15 minutes for Alibaba, 5 for Tencent) and a
 *   reused Alibaba `SignatureNonce`.
 * - **Answers.** An accepted send is answered with the provider's success payload and ids (a
 *   `BizId` such as `900619746936498440^0`, a `SerialNo` such as `2433:…` per number). The ids are
 *   derived from the idempotency key (`OutId` / `SessionContext`), the number and how many times
 *   that key was accepted before, so the same sends give the same ids on every run; a resend gets
 *   a new one, as at the provider. `refuse` answers every send with a business refusal instead.
 * - **Backdoor.** `accepted()` lists what it accepted (key, provider id, numbers, sign, template,
 *   parameters, when), `refusedSignatures()` counts the signatures it refused.
 * - **Status reports.** `statusReports()` builds the provider's delivery-report callback bodies
 *   for what it accepted (delivered, or failed for the numbers you say), and
 *   `pushStatusReports(url)` POSTs them to your callback as the provider would; feed them to
 *   {@link DeliveryReceipts.handle}.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import type { ServerResponse } from "node:http"
import { Effect, type Scope } from "effect"
import * as AliyunSignature from "./AliyunSignature.js"
import type { AliyunReport, TencentReport } from "./DeliveryReceipts.js"
import { type Recorded, respondJson, startServer } from "./internal/httpServer.js"
import { fromProvider } from "./PhoneFormat.js"
import type { AliyunProvider, TencentProvider } from "./SmsConfig.js"
import type { Provider } from "./SmsError.js"
import * as TencentSignature from "./TencentSignature.js"

/**
 * How to start a loopback: which provider it plays, the keys it knows (key id → secret), and
 * optionally the Tencent `SmsSdkAppId` it accepts (default: any), its clock (default
 * `Date.now`: pass the clock your sender uses when that is not the wall clock), a refusal to
 * start with, and a port (default 0: a free one).
 *
 * @example
 * ```ts
 * import type { SmsLoopback } from "@jipan/notify-sms"
 * const options: SmsLoopback.LoopbackOptions = { provider: "aliyun", keys: { "LTAI-test": "test-secret" } }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface LoopbackOptions {
  readonly provider: Provider
  /** Alibaba `AccessKeyId` or Tencent `SecretId` → its secret. */
  readonly keys: Readonly<Record<string, string>>
  readonly smsSdkAppId?: string | undefined
  readonly now?: (() => number) | undefined
  readonly refuse?: Refusal | string | undefined
  readonly port?: number | undefined
}

/**
 * A business refusal to answer every send with: the provider's error `code` (and `message`);
 * with `perNumber`, Tencent refuses in each number's `SendStatus` (HTTP 200, the request itself
 * fine) rather than the whole request.
 *
 * @example
 * ```ts
 * import type { SmsLoopback } from "@jipan/notify-sms"
 * const blacklisted: SmsLoopback.Refusal = { code: "FailedOperation.PhoneNumberInBlacklist", perNumber: true }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Refusal {
  readonly code: string
  readonly message?: string | undefined
  readonly perNumber?: boolean | undefined
}

/**
 * One send the loopback accepted: the idempotency key the sender passed (`OutId` /
 * `SessionContext`), the provider's id for it, the numbers as the provider received them
 * (national for Alibaba's mainland numbers, E.164 for Tencent), sign, template, parameters (an
 * object for Alibaba, an array for Tencent) and when (the loopback's clock).
 *
 * @example
 * ```ts
 * import type { SmsLoopback } from "@jipan/notify-sms"
 * const keys = (accepted: ReadonlyArray<SmsLoopback.Accepted>) => accepted.map((a) => a.key)
 * ```
 * @category models
 * @since 0.1.0
 */
export interface Accepted {
  readonly provider: Provider
  readonly key: string
  readonly providerMessageId: string
  readonly phones: ReadonlyArray<string>
  readonly signName: string
  readonly templateId: string
  readonly params: unknown
  readonly at: number
}

/**
 * One status report as the provider posts it: Alibaba's `SmsReport` item or Tencent's status
 * callback item (the shapes {@link DeliveryReceipts.handle} reads).
 *
 * @example
 * ```ts
 * import type { SmsLoopback } from "@jipan/notify-sms"
 * const count = (reports: ReadonlyArray<SmsLoopback.StatusReport>) => reports.length
 * ```
 * @category models
 * @since 0.1.0
 */
export type StatusReport = (typeof AliyunReport)["Type"] | (typeof TencentReport)["Type"]

/**
 * Which accepted sends to report on (default: every one the loopback accepted) and which numbers
 * failed (default: none; a failed number is reported as the carrier's `MK:0001` 空号).
 *
 * @example
 * ```ts
 * import type { SmsLoopback } from "@jipan/notify-sms"
 * const options: SmsLoopback.ReportOptions = { failed: (_accepted, phone) => phone.endsWith("0000") }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface ReportOptions {
  readonly accepted?: ReadonlyArray<Accepted> | undefined
  readonly failed?: ((accepted: Accepted, phone: string) => boolean) | undefined
}

/**
 * A running loopback provider.
 *
 * - `endpoint` is what to configure as the provider's `endpoint` (`http://127.0.0.1:<port>/`);
 *   `providerConfig` is the whole `provider` section of an `SmsConfig` for its first key.
 * - `refuse(code)` answers every following send with that refusal; `refuse(undefined)` accepts
 *   again.
 * - `statusReports(options)` are the callback items for what it accepted;
 *   `pushStatusReports(url, options)` POSTs them as one JSON array and resolves with the
 *   receiver's status and body.
 *
 * @example
 * ```ts
 * import { SmsLoopback } from "@jipan/notify-sms"
 * const loopback = await SmsLoopback.start({ provider: "tencent", keys: { "AKID-test": "test-key" } })
 * loopback.endpoint // "http://127.0.0.1:<port>/"
 * await loopback.close()
 * ```
 * @category models
 * @since 0.1.0
 */
export interface SmsLoopback {
  readonly provider: Provider
  readonly port: number
  readonly origin: string
  readonly endpoint: string
  readonly providerConfig: AliyunProvider | TencentProvider
  readonly accepted: () => ReadonlyArray<Accepted>
  readonly refusedSignatures: () => number
  readonly refuse: (refusal: Refusal | string | undefined) => void
  readonly statusReports: (options?: ReportOptions) => ReadonlyArray<StatusReport>
  readonly pushStatusReports: (
    url: string,
    options?: ReportOptions
  ) => Promise<{ readonly status: number; readonly body: string }>
  readonly close: () => Promise<void>
}

/** `count` decimal digits derived from `seed` (SHA-256), the same for the same seed. */
const digitsOf = (seed: string, count: number): string => {
  const hex = createHash("sha256").update(seed).digest("hex").slice(0, 30)
  return (BigInt(`0x${hex}`) % 10n ** BigInt(count)).toString().padStart(count, "0")
}

/** Beijing time in the providers' report format (`2026-11-22 10:00:03`). */
const beijingTime = (millis: number): string =>
  new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")

/** The parts of an E.164 number a Tencent report carries: `nationcode` and `mobile`. */
const tencentNumber = (e164: string): { readonly nationcode: string; readonly mobile: string } =>
  e164.startsWith("+86")
    ? { nationcode: "86", mobile: e164.slice(3) }
    : { nationcode: e164.slice(1, 3), mobile: e164.slice(3) }

/** The providers' texts for the refusals the tests and demos use most (else the code itself). */
const refusalMessages: Readonly<Record<string, string>> = {
  "isv.BUSINESS_LIMIT_CONTROL": "触发分钟级流控Permits:1",
  "isv.MOBILE_NUMBER_ILLEGAL": "非法手机号",
  "isv.BLACK_KEY_CONTROL_LIMIT": "黑名单管控",
  "isv.SMS_TEMPLATE_ILLEGAL": "该账号下找不到对应模板",
  "LimitExceeded.PhoneNumberDailyLimit": "单个手机号日下发短信条数超过设定的上限",
  "LimitExceeded.PhoneNumberThirtySecondLimit": "单个手机号30秒内下发短信条数超过设定的上限",
  "FailedOperation.PhoneNumberInBlacklist": "手机号在免打扰名单库中",
  "FailedOperation.TemplateIncorrectOrUnapproved": "模板未审批或内容不匹配",
  "InvalidParameterValue.IncorrectPhoneNumber": "手机号格式错误"
}

const refusalOf = (r: Refusal | string | undefined): Refusal | undefined =>
  typeof r === "string" ? { code: r } : r

/**
 * The status-report callback items for accepted sends, as the provider posts them: every number
 * of every send, delivered unless `failed` says so. Times are the send's acceptance (Alibaba's
 * `send_time`) and 3 s later (the report), in Beijing time.
 *
 * @example
 * ```ts
 * import { SmsLoopback } from "@jipan/notify-sms"
 * const body = JSON.stringify(SmsLoopback.statusReports("aliyun", [{ provider: "aliyun", key: "k-1",
 *   providerMessageId: "900619746936498440^0", phones: ["13800001234"], signName: "东方丰田",
 *   templateId: "SMS_1", params: {}, at: Date.UTC(2026, 10, 22, 2) }]))
 * // [{"phone_number":"13800001234",…,"success":true,"err_code":"DELIVERED",…,"biz_id":"900619746936498440^0","out_id":"k-1"}]
 * ```
 * @category status reports
 * @since 0.1.0
 */
export const statusReports = (
  provider: Provider,
  accepted: ReadonlyArray<Accepted>,
  options: Pick<ReportOptions, "failed"> = {}
): ReadonlyArray<StatusReport> =>
  accepted.flatMap((a) =>
    a.phones.map((phone): StatusReport => {
      const delivered = options.failed?.(a, phone) !== true
      if (provider === "aliyun")
        return {
          phone_number: phone,
          send_time: beijingTime(a.at),
          report_time: beijingTime(a.at + 3_000),
          success: delivered,
          err_code: delivered ? "DELIVERED" : "MK:0001",
          err_msg: delivered ? "用户接收成功" : "空号",
          sms_size: "1",
          biz_id: a.providerMessageId,
          out_id: a.key
        }
      const { nationcode, mobile } = tencentNumber(fromProvider("tencent", phone))
      return {
        user_receive_time: beijingTime(a.at + 3_000),
        nationcode,
        mobile,
        report_status: delivered ? "SUCCESS" : "FAIL",
        errmsg: delivered ? "DELIVRD" : "MK:0001",
        description: delivered ? "用户短信送达成功" : "空号",
        sid: a.providerMessageId
      }
    })
  )

interface State {
  readonly options: LoopbackOptions
  readonly now: () => number
  readonly accepted: Array<Accepted>
  /** Acceptances per key (and number, for Tencent): the ids' sequence. */
  readonly times: Map<string, number>
  readonly nonces: Set<string>
  badSignatures: number
  requests: number
  refusal: Refusal | undefined
}

const nth = (state: State, key: string): number => {
  const n = state.times.get(key) ?? 0
  state.times.set(key, n + 1)
  return n
}

/** Alibaba Cloud dysmsapi: RPC signature v1.0, `SendSms` 2017-05-25. */
const aliyun = (state: State, request: Recorded, response: ServerResponse) => {
  const p = Object.fromEntries(new URLSearchParams(request.body.toString("utf8")))
  const RequestId = `loopback-${++state.requests}`
  const refuse = (status: number, Code: string, Message: string) =>
    respondJson(response, status, { RequestId, HostId: "dysmsapi.aliyuncs.com", Code, Message })
  const secret = state.options.keys[p.AccessKeyId ?? ""]
  if (secret === undefined)
    return refuse(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
  if (
    request.method !== "POST" ||
    p.SignatureMethod !== "HMAC-SHA1" ||
    p.SignatureVersion !== "1.0" ||
    !AliyunSignature.verify("POST", p, secret)
  ) {
    state.badSignatures++
    return refuse(
      400,
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${AliyunSignature.stringToSign("POST", p)}`
    )
  }
  const timestamp = p.Timestamp ?? ""
  if (
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(timestamp) ||
    Math.abs(state.now() - Date.parse(timestamp)) > 15 * 60_000
  )
    return refuse(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
  const nonce = p.SignatureNonce ?? ""
  if (state.nonces.has(nonce))
    return refuse(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
  state.nonces.add(nonce)
  if (p.Action !== "SendSms" || p.Version !== "2017-05-25" || p.Format !== "JSON")
    return refuse(400, "InvalidAction.NotFound", `Specified api is not found: ${p.Action ?? ""}`)
  if (state.refusal !== undefined)
    return refuse(200, state.refusal.code, state.refusal.message ?? refusalMessages[state.refusal.code] ?? "")
  const phones = (p.PhoneNumbers ?? "").split(",")
  // the mainland's numbers are national (11 digits); an E.164 "+86…" is illegal here
  if (phones.some((n) => !/^\d{6,15}$/.test(n)))
    return refuse(200, "isv.MOBILE_NUMBER_ILLEGAL", refusalMessages["isv.MOBILE_NUMBER_ILLEGAL"] ?? "")
  let params: unknown
  try {
    params = JSON.parse(p.TemplateParam ?? "{}")
  } catch {
    return refuse(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
  }
  const key = p.OutId ?? ""
  const bizId = `9${digitsOf(`aliyun|${key}|${nth(state, key)}`, 17)}^0`
  state.accepted.push({
    provider: "aliyun",
    key,
    providerMessageId: bizId,
    phones,
    signName: p.SignName ?? "",
    templateId: p.TemplateCode ?? "",
    params,
    at: state.now()
  })
  respondJson(response, 200, { Message: "OK", RequestId, Code: "OK", BizId: bizId })
}

/** Tencent Cloud sms: TC3-HMAC-SHA256, `SendSms` 2021-01-11. */
const tencent = (state: State, request: Recorded, response: ServerResponse) => {
  const RequestId = `loopback-${++state.requests}`
  const refuse = (Code: string, Message: string) =>
    respondJson(response, 200, { Response: { Error: { Code, Message }, RequestId } })
  const header = String(request.headers.authorization ?? "")
  const parsed = TencentSignature.parseAuthorization(header)
  if (parsed === undefined) return refuse("AuthFailure.InvalidAuthorization", "Authorization is invalid")
  const secret = state.options.keys[parsed.secretId]
  if (secret === undefined) return refuse("AuthFailure.SecretIdNotFound", "The SecretId is not found")
  const timestamp = Number(request.headers["x-tc-timestamp"])
  const body = request.body.toString("utf8")
  const signed: TencentSignature.SignedRequest = {
    method: "POST",
    host: String(request.headers.host ?? ""),
    contentType: String(request.headers["content-type"] ?? ""),
    body,
    timestamp,
    service: "sms"
  }
  if (request.method !== "POST" || !TencentSignature.verify(signed, header, secret)) {
    state.badSignatures++
    return refuse(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated. Please check your signature is correct."
    )
  }
  if (Math.abs(state.now() / 1000 - timestamp) > 300)
    return refuse("AuthFailure.SignatureExpire", "Signature expired")
  if (request.headers["x-tc-action"] !== "SendSms" || request.headers["x-tc-version"] !== "2021-01-11")
    return refuse("InvalidAction", "The action or version does not exist")
  let b: {
    readonly PhoneNumberSet?: ReadonlyArray<string>
    readonly SmsSdkAppId?: string
    readonly SignName?: string
    readonly TemplateId?: string
    readonly TemplateParamSet?: ReadonlyArray<string>
    readonly SessionContext?: string
  }
  try {
    b = JSON.parse(body) as typeof b
  } catch {
    return refuse("InvalidParameter", "The request body is not JSON")
  }
  const sdkAppId = state.options.smsSdkAppId
  if (sdkAppId !== undefined && b.SmsSdkAppId !== sdkAppId)
    return refuse("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId not exist")
  const refusal = state.refusal
  if (refusal !== undefined && refusal.perNumber !== true)
    return refuse(refusal.code, refusal.message ?? refusalMessages[refusal.code] ?? "")
  const key = b.SessionContext ?? ""
  const statuses = (b.PhoneNumberSet ?? []).map((n) => {
    const valid = /^\+[1-9]\d{6,14}$/.test(n)
    const code = refusal?.code ?? (valid ? "Ok" : "InvalidParameterValue.IncorrectPhoneNumber")
    const ok = code === "Ok"
    return {
      SerialNo: ok ? `2433:${digitsOf(`tencent|${key}|${n}|${nth(state, `${key}\u0000${n}`)}`, 18)}` : "",
      PhoneNumber: n,
      Fee: ok ? 1 : 0,
      SessionContext: key,
      Code: code,
      Message: ok ? "send success" : (refusal?.message ?? refusalMessages[code] ?? code),
      IsoCode: n.startsWith("+86") ? "CN" : "XX"
    }
  })
  for (const s of statuses)
    if (s.Code === "Ok")
      state.accepted.push({
        provider: "tencent",
        key,
        providerMessageId: s.SerialNo,
        phones: [s.PhoneNumber],
        signName: b.SignName ?? "",
        templateId: b.TemplateId ?? "",
        params: b.TemplateParamSet ?? [],
        at: state.now()
      })
  respondJson(response, 200, { Response: { SendStatusSet: statuses, RequestId } })
}

/**
 * Starts a loopback provider on `127.0.0.1` (a free port unless `port` is given).
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { SmsChannel, SmsConfig, SmsLoopback } from "@jipan/notify-sms"
 *
 * const loopback = await SmsLoopback.start({ provider: "aliyun", keys: { "LTAI-test": "test-secret" } })
 * const config = Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
 *   provider: loopback.providerConfig, // { provider: "aliyun", accessKeyId: "LTAI-test", …, endpoint }
 *   signName: "东方丰田",
 *   templates: { "careContact.maintenance": { templateId: "SMS_471230001", params: ["customerName"] } }
 * })
 * const sms = Effect.runSync(SmsChannel.make(config))
 * await Effect.runPromise(sms.deliver({ idempotencyKey: "k-1", kind: "careContact", text: "…", to: ["13800001234"],
 *   data: { kind: "careContact", careKind: "maintenance", customerName: "王先生" } }))
 * loopback.accepted() // [{ key: "k-1", providerMessageId: "9…^0", phones: ["13800001234"], templateId: "SMS_471230001", … }]
 * await loopback.close()
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const start = async (options: LoopbackOptions): Promise<SmsLoopback> => {
  const state: State = {
    options,
    now: options.now ?? Date.now,
    accepted: [],
    times: new Map(),
    nonces: new Set(),
    badSignatures: 0,
    requests: 0,
    refusal: refusalOf(options.refuse)
  }
  const serve = options.provider === "aliyun" ? aliyun : tencent
  const server = await startServer((request, response) => serve(state, request, response), options.port ?? 0)
  const endpoint = `${server.origin}/`
  const [keyId = "", secret = ""] = Object.entries(options.keys)[0] ?? []
  const providerConfig: AliyunProvider | TencentProvider =
    options.provider === "aliyun"
      ? { provider: "aliyun", accessKeyId: keyId, accessKeySecret: secret, endpoint }
      : {
          provider: "tencent",
          secretId: keyId,
          secretKey: secret,
          smsSdkAppId: options.smsSdkAppId ?? "1400000000",
          endpoint
        }
  const reports = (o: ReportOptions = {}) =>
    statusReports(options.provider, o.accepted ?? state.accepted, { failed: o.failed })
  return {
    provider: options.provider,
    port: server.port,
    origin: server.origin,
    endpoint,
    providerConfig,
    accepted: () => [...state.accepted],
    refusedSignatures: () => state.badSignatures,
    refuse: (refusal) => {
      state.refusal = refusalOf(refusal)
    },
    statusReports: reports,
    pushStatusReports: async (url, o) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(reports(o))
      })
      return { status: response.status, body: await response.text() }
    },
    close: server.close
  }
}

/**
 * {@link start} as a scoped Effect: the loopback closes when the scope does (a failure to listen
 * is a defect).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SmsLoopback } from "@jipan/notify-sms"
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const loopback = yield* SmsLoopback.scoped({ provider: "aliyun", keys: { "LTAI-test": "test-secret" } })
 *     return loopback.endpoint
 *   })
 * )
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const scoped = (options: LoopbackOptions): Effect.Effect<SmsLoopback, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (loopback) => Effect.promise(() => loopback.close())
  )
