/**
 * Alibaba Cloud SMS `SendSms` (RPC style, API version 2017-05-25): the signed form request and
 * the reading of its answer. Pure: the caller passes the instant and the nonce.
 *
 * Request: `POST https://dysmsapi.aliyuncs.com/` with a form body of the common parameters and
 * `PhoneNumbers` (national numbers for the mainland, comma-separated), `SignName`,
 * `TemplateCode`, `TemplateParam` (a JSON object of strings) and `OutId` (the idempotency key,
 * which the status report echoes as `out_id`), signed as in {@link AliyunSignature}.
 * Answer: `{"Code":"OK","Message":"OK","BizId":"…","RequestId":"…"}`, or a `Code` naming the
 * refusal (HTTP 200 for business refusals, 4xx for signature and key errors).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as AliyunSignature from "./AliyunSignature.js"
import { classify, type Disposition } from "./ErrorCodes.js"
import type { AliyunProvider } from "./SmsConfig.js"

/**
 * The default endpoint.
 *
 * @example
 * ```ts
 * import { AliyunSms } from "@jipan/notify-sms"
 * AliyunSms.DEFAULT_ENDPOINT // "https://dysmsapi.aliyuncs.com/"
 * ```
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"

/**
 * The signed parameters of one `SendSms` call (`Signature` included).
 *
 * @example
 * ```ts
 * import { AliyunSms } from "@jipan/notify-sms"
 * const params = AliyunSms.sendSmsParams(
 *   { provider: "aliyun", accessKeyId: "testId", accessKeySecret: "testSecret" },
 *   { phoneNumbers: ["13800001234"], signName: "东方丰田", templateCode: "SMS_1", templateParam: { name: "王先生" }, outId: "k-1" },
 *   { now: 0, nonce: "n-1" }
 * )
 * params.Action // "SendSms"
 * ```
 * @category requests
 * @since 0.1.0
 */
export const sendSmsParams = (
  provider: AliyunProvider,
  send: {
    readonly phoneNumbers: ReadonlyArray<string>
    readonly signName: string
    readonly templateCode: string
    readonly templateParam: Readonly<Record<string, string>>
    readonly outId: string
  },
  at: { readonly now: number; readonly nonce: string }
): Record<string, string> => {
  const params: Record<string, string> = {
    AccessKeyId: provider.accessKeyId,
    Action: "SendSms",
    Format: "JSON",
    RegionId: provider.regionId ?? "cn-hangzhou",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: at.nonce,
    SignatureVersion: "1.0",
    Timestamp: AliyunSignature.timestamp(at.now),
    Version: "2017-05-25",
    PhoneNumbers: send.phoneNumbers.join(","),
    SignName: send.signName,
    TemplateCode: send.templateCode,
    TemplateParam: JSON.stringify(send.templateParam),
    OutId: send.outId
  }
  return { ...params, Signature: AliyunSignature.sign("POST", params, provider.accessKeySecret) }
}

/**
 * What an answer means: accepted with its `BizId`, refused with a code and its disposition, or
 * unreadable.
 *
 * @example
 * ```ts
 * import type { AliyunSms } from "@jipan/notify-sms"
 * const ok: AliyunSms.Answer = { _tag: "Accepted", bizId: "900619746936498440^0", requestId: "r" }
 * ```
 * @category answers
 * @since 0.1.0
 */
export type Answer =
  | { readonly _tag: "Accepted"; readonly bizId: string; readonly requestId: string }
  | {
      readonly _tag: "Refused"
      readonly code: string
      readonly message: string
      readonly disposition: Disposition
    }

/**
 * Reads an answer (status and body). A JSON body with a `Code` is read whatever the status;
 * anything else fails with a description.
 *
 * @example
 * ```ts
 * import { AliyunSms } from "@jipan/notify-sms"
 * AliyunSms.readAnswer(200, '{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控","RequestId":"r"}')
 * // Success({ _tag: "Refused", code: "isv.BUSINESS_LIMIT_CONTROL", message: "触发分钟级流控", disposition: "retryable" })
 * ```
 * @category answers
 * @since 0.1.0
 */
export const readAnswer = (
  status: number,
  body: string,
  overrides?: Readonly<Record<string, Disposition>>
): Result.Result<Answer, string> => {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return Result.fail(`HTTP ${status}: not JSON`)
  }
  if (typeof json !== "object" || json === null) return Result.fail(`HTTP ${status}: not a JSON object`)
  const o = json as Record<string, unknown>
  const code = typeof o.Code === "string" ? o.Code : undefined
  if (code === undefined) return Result.fail(`HTTP ${status}: no Code in the answer`)
  const message = typeof o.Message === "string" ? o.Message : ""
  if (code === "OK" && status >= 200 && status < 300) {
    if (typeof o.BizId !== "string") return Result.fail("Code OK without a BizId")
    return Result.succeed({
      _tag: "Accepted",
      bizId: o.BizId,
      requestId: typeof o.RequestId === "string" ? o.RequestId : ""
    })
  }
  return Result.succeed({ _tag: "Refused", code, message, disposition: classify("aliyun", code, overrides) })
}
