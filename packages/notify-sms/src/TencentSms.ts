/**
 * Tencent Cloud SMS `SendSms` (API 3.0, version 2021-01-11): the signed JSON request and the
 * reading of its answer. Pure: the caller passes the instant.
 *
 * Request: `POST https://sms.tencentcloudapi.com/` with `X-TC-Action: SendSms`,
 * `X-TC-Version`, `X-TC-Region`, `X-TC-Timestamp` and a TC3-HMAC-SHA256 `Authorization` (see
 * {@link TencentSignature}); the body has `PhoneNumberSet` (E.164), `SmsSdkAppId`, `SignName`,
 * `TemplateId`, `TemplateParamSet` (strings in template order) and `SessionContext` (the
 * idempotency key, echoed back). Answer: `{"Response":{"SendStatusSet":[{"SerialNo","PhoneNumber",
 * "Code":"Ok",…}],"RequestId"}}` with a status per number, or `{"Response":{"Error":{"Code",
 * "Message"},"RequestId"}}` for the whole request.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { classify, type Disposition } from "./ErrorCodes.js"
import type { TencentProvider } from "./SmsConfig.js"
import * as TencentSignature from "./TencentSignature.js"

/**
 * The default endpoint.
 *
 * @example
 * ```ts
 * import { TencentSms } from "@jipan/notify-sms"
 * TencentSms.DEFAULT_ENDPOINT // "https://sms.tencentcloudapi.com/"
 * ```
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_ENDPOINT = "https://sms.tencentcloudapi.com/"

/**
 * The JSON content type that is sent and signed.
 *
 * @example
 * ```ts
 * import { TencentSms } from "@jipan/notify-sms"
 * TencentSms.CONTENT_TYPE // "application/json; charset=utf-8"
 * ```
 * @category constants
 * @since 0.1.0
 */
export const CONTENT_TYPE = "application/json; charset=utf-8"

/**
 * The body and headers of one signed `SendSms` call to `endpoint`.
 *
 * @example
 * ```ts
 * import { TencentSms } from "@jipan/notify-sms"
 * const r = TencentSms.sendSmsRequest(
 *   { provider: "tencent", secretId: "AKID", secretKey: "key", smsSdkAppId: "1400006666" },
 *   { phoneNumbers: ["+8613800001234"], signName: "东方丰田", templateId: "1110", templateParams: ["王先生"], sessionContext: "k-1" },
 *   1551113065
 * )
 * r.headers["X-TC-Action"] // "SendSms"
 * ```
 * @category requests
 * @since 0.1.0
 */
export const sendSmsRequest = (
  provider: TencentProvider,
  send: {
    readonly phoneNumbers: ReadonlyArray<string>
    readonly signName: string
    readonly templateId: string
    readonly templateParams: ReadonlyArray<string>
    readonly sessionContext: string
  },
  timestampSeconds: number
): { readonly url: string; readonly body: string; readonly headers: Record<string, string> } => {
  const url = provider.endpoint ?? DEFAULT_ENDPOINT
  const body = JSON.stringify({
    PhoneNumberSet: send.phoneNumbers,
    SmsSdkAppId: provider.smsSdkAppId,
    SignName: send.signName,
    TemplateId: send.templateId,
    TemplateParamSet: send.templateParams,
    SessionContext: send.sessionContext
  })
  const signed: TencentSignature.SignedRequest = {
    method: "POST",
    host: new URL(url).host,
    contentType: CONTENT_TYPE,
    body,
    timestamp: timestampSeconds,
    service: "sms"
  }
  return {
    url,
    body,
    headers: {
      authorization: TencentSignature.authorization(signed, provider.secretId, provider.secretKey),
      "content-type": CONTENT_TYPE,
      "x-tc-action": "SendSms",
      "x-tc-version": "2021-01-11",
      "x-tc-region": provider.region ?? "ap-guangzhou",
      "x-tc-timestamp": String(timestampSeconds)
    }
  }
}

/**
 * One number's status in an answer.
 *
 * @example
 * ```ts
 * import type { TencentSms } from "@jipan/notify-sms"
 * const s: TencentSms.NumberStatus = { phoneNumber: "+8613800001234", serialNo: "2019:1", code: "Ok", message: "send success", disposition: undefined }
 * ```
 * @category answers
 * @since 0.1.0
 */
export interface NumberStatus {
  readonly phoneNumber: string
  readonly serialNo: string
  readonly code: string
  readonly message: string
  /** `undefined` when the number was accepted (`Code: "Ok"`). */
  readonly disposition: Disposition | undefined
}

/**
 * What an answer means: a status per number, or a refusal of the whole request.
 *
 * @example
 * ```ts
 * import type { TencentSms } from "@jipan/notify-sms"
 * const refused: TencentSms.Answer = { _tag: "Refused", code: "AuthFailure.SignatureFailure", message: "", disposition: "permanent" }
 * ```
 * @category answers
 * @since 0.1.0
 */
export type Answer =
  | { readonly _tag: "Statuses"; readonly statuses: ReadonlyArray<NumberStatus>; readonly requestId: string }
  | {
      readonly _tag: "Refused"
      readonly code: string
      readonly message: string
      readonly disposition: Disposition
    }

/**
 * Reads an answer body.
 *
 * @example
 * ```ts
 * import { TencentSms } from "@jipan/notify-sms"
 * TencentSms.readAnswer('{"Response":{"Error":{"Code":"LimitExceeded.PhoneNumberDailyLimit","Message":"…"},"RequestId":"r"}}')
 * // Success({ _tag: "Refused", code: "LimitExceeded.PhoneNumberDailyLimit", message: "…", disposition: "retryable" })
 * ```
 * @category answers
 * @since 0.1.0
 */
export const readAnswer = (
  body: string,
  overrides?: Readonly<Record<string, Disposition>>
): Result.Result<Answer, string> => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return Result.fail("not JSON")
  }
  const response =
    typeof json === "object" && json !== null ? (json as { Response?: unknown }).Response : undefined
  if (typeof response !== "object" || response === null) return Result.fail("no Response object")
  const r = response as Record<string, unknown>
  if (typeof r.Error === "object" && r.Error !== null) {
    const e = r.Error as Record<string, unknown>
    const code = typeof e.Code === "string" ? e.Code : "InternalError"
    return Result.succeed({
      _tag: "Refused",
      code,
      message: typeof e.Message === "string" ? e.Message : "",
      disposition: classify("tencent", code, overrides)
    })
  }
  if (!Array.isArray(r.SendStatusSet)) return Result.fail("no SendStatusSet")
  const statuses: Array<NumberStatus> = []
  for (const s of r.SendStatusSet as ReadonlyArray<unknown>) {
    if (typeof s !== "object" || s === null) return Result.fail("a SendStatusSet entry is not an object")
    const o = s as Record<string, unknown>
    const code = typeof o.Code === "string" ? o.Code : ""
    statuses.push({
      phoneNumber: typeof o.PhoneNumber === "string" ? o.PhoneNumber : "",
      serialNo: typeof o.SerialNo === "string" ? o.SerialNo : "",
      code,
      message: typeof o.Message === "string" ? o.Message : "",
      disposition: code === "Ok" ? undefined : classify("tencent", code, overrides)
    })
  }
  return Result.succeed({
    _tag: "Statuses",
    statuses,
    requestId: typeof r.RequestId === "string" ? r.RequestId : ""
  })
}
