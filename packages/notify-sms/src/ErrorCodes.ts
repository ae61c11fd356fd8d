/**
 * The providers' error codes and what each means for the dispatcher: retry later, give up, or
 * record that the customer refused. The tables follow the providers' published error-code
 * lists (Alibaba Cloud SMS `SendSms` API error codes; Tencent Cloud SMS API 3.0 error codes);
 * codes not in the tables fall to a rule by prefix, and anything else is permanent, so the
 * classification is total. A configuration can override single codes.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { Provider } from "./SmsError.js"

/**
 * What a refusal means: `retryable` (a limit or a system error: the same request may pass
 * later), `permanent` (it would be refused again), `consent` (the customer or the carrier
 * refused the number: unsubscribed, blacklisted).
 *
 * @example
 * ```ts
 * import { ErrorCodes } from "@jipan/notify-sms"
 * const d: ErrorCodes.Disposition = "consent"
 * ```
 * @category models
 * @since 0.1.0
 */
export type Disposition = "retryable" | "permanent" | "consent"

/**
 * Schema of {@link Disposition}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ErrorCodes } from "@jipan/notify-sms"
 * Schema.is(ErrorCodes.Disposition)("retryable") // true
 * ```
 * @category models
 * @since 0.1.0
 */
export const Disposition: Schema.Literals<readonly ["retryable", "permanent", "consent"]> = Schema.Literals([
  "retryable",
  "permanent",
  "consent"
])

/**
 * Alibaba Cloud SMS (`dysmsapi`) codes with a known disposition; every other `isp.*` (platform)
 * code is retryable, every other code permanent.
 *
 * @example
 * ```ts
 * import { ErrorCodes } from "@jipan/notify-sms"
 * ErrorCodes.aliyunCodes["isv.BUSINESS_LIMIT_CONTROL"] // "retryable"
 * ```
 * @category tables
 * @since 0.1.0
 */
export const aliyunCodes: Readonly<Record<string, Disposition>> = {
  // frequency limits (流控): pass with time
  "isv.BUSINESS_LIMIT_CONTROL": "retryable",
  BUSINESS_LIMIT_CONTROL_MINUTE: "retryable",
  "isv.BUSINESS_LIMIT_HOUR": "retryable",
  "isv.BUSINESS_LIMIT_DAY": "retryable",
  BUSINESS_LIMIT_CONTROL_PHONE: "retryable",
  "isv.DAY_LIMIT_CONTROL": "retryable",
  Throttling: "retryable",
  "Throttling.User": "retryable",
  "Throttling.Api": "retryable",
  ServiceUnavailable: "retryable",
  InternalError: "retryable",
  // a nonce seen within 15 minutes: the next attempt draws a new one
  SignatureNonceUsed: "retryable",
  // platform errors
  "isp.SYSTEM_ERROR": "retryable",
  "isp.GATEWAY_ERROR": "retryable",
  "isp.UNKNOWN": "retryable",
  // the customer's side refused
  "isv.BLACK_KEY_CONTROL_LIMIT": "consent",
  "isv.DENY_IP_RANGE": "permanent",
  // the request will never pass
  "isv.MOBILE_NUMBER_ILLEGAL": "permanent",
  "isv.MOBILE_COUNT_OVER_LIMIT": "permanent",
  "isv.SMS_TEMPLATE_ILLEGAL": "permanent",
  "isv.SMS_SIGNATURE_ILLEGAL": "permanent",
  "isv.SMS_SIGN_NAME_ILLEGAL": "permanent",
  "isv.SMS_CONTENT_CODE_ILLEGAL": "permanent",
  "isv.TEMPLATE_MISSING_PARAMETERS": "permanent",
  "isv.CONTENT_MISSING_PARAMETERS": "permanent",
  "isv.INVALID_PARAMETERS": "permanent",
  "isv.INVALID_JSON_PARAM": "permanent",
  "isv.PARAM_LENGTH_LIMIT": "permanent",
  "isv.PARAM_NOT_SUPPORT_URL": "permanent",
  "isv.AMOUNT_NOT_ENOUGH": "permanent",
  "isv.OUT_OF_SERVICE": "permanent",
  "isv.PRODUCT_UN_SUBSCRIPT": "permanent",
  "isv.ACCOUNT_NOT_EXISTS": "permanent",
  "isv.ACCOUNT_ABNORMAL": "permanent",
  "isv.NOT_SUPPORTED_COUNTRY": "permanent",
  "isp.RAM_PERMISSION_DENY": "permanent",
  SignatureDoesNotMatch: "permanent",
  "InvalidAccessKeyId.NotFound": "permanent",
  InvalidTimeStamp: "permanent",
  "InvalidTimeStamp.Expired": "permanent"
}

/**
 * Tencent Cloud SMS (API 3.0) codes with a known disposition; every other `LimitExceeded.*` and
 * `RequestLimitExceeded*` code is retryable, every other code permanent.
 *
 * @example
 * ```ts
 * import { ErrorCodes } from "@jipan/notify-sms"
 * ErrorCodes.tencentCodes["FailedOperation.PhoneNumberInBlacklist"] // "consent"
 * ```
 * @category tables
 * @since 0.1.0
 */
export const tencentCodes: Readonly<Record<string, Disposition>> = {
  "FailedOperation.PhoneNumberInBlacklist": "consent",
  "FailedOperation.MarketingSendTimeConstraint": "retryable",
  "InternalError.Timeout": "retryable",
  "InternalError.RequestTimeException": "retryable",
  "InternalError.SendAndRecvFail": "retryable",
  InternalError: "retryable",
  "FailedOperation.ContainSensitiveWord": "permanent",
  "FailedOperation.SignatureIncorrectOrUnapproved": "permanent",
  "FailedOperation.TemplateIncorrectOrUnapproved": "permanent",
  "FailedOperation.InsufficientBalanceInSmsPackage": "permanent",
  "FailedOperation.FailResolvePacket": "permanent",
  "InvalidParameterValue.IncorrectPhoneNumber": "permanent",
  "InvalidParameterValue.ContentLengthLimit": "permanent",
  "InvalidParameterValue.TemplateParameterFormatError": "permanent",
  "InvalidParameterValue.TemplateParameterLengthLimit": "permanent",
  "InvalidParameterValue.SdkAppIdNotExist": "permanent",
  "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": "permanent",
  "UnauthorizedOperation.SmsSdkAppIdVerifyFail": "permanent",
  "AuthFailure.SignatureFailure": "permanent",
  "AuthFailure.SignatureExpire": "permanent",
  "AuthFailure.SecretIdNotFound": "permanent"
}

const aliyunByPrefix = (code: string): Disposition => (code.startsWith("isp.") ? "retryable" : "permanent")

const tencentByPrefix = (code: string): Disposition =>
  code.startsWith("LimitExceeded") || code.startsWith("RequestLimitExceeded") ? "retryable" : "permanent"

/**
 * The disposition of a provider's error code: the configured override, else the table, else
 * the provider's prefix rule, else `permanent`. Total: every string has one.
 *
 * @example
 * ```ts
 * import { ErrorCodes } from "@jipan/notify-sms"
 * ErrorCodes.classify("aliyun", "isv.MOBILE_NUMBER_ILLEGAL") // "permanent"
 * ErrorCodes.classify("tencent", "LimitExceeded.PhoneNumberDailyLimit") // "retryable"
 * ErrorCodes.classify("aliyun", "isv.AMOUNT_NOT_ENOUGH", { "isv.AMOUNT_NOT_ENOUGH": "retryable" }) // "retryable"
 * ```
 * @category classification
 * @since 0.1.0
 */
export const classify = (
  provider: Provider,
  code: string,
  overrides: Readonly<Record<string, Disposition>> = {}
): Disposition => {
  const own = Object.hasOwn(overrides, code) ? overrides[code] : undefined
  if (own !== undefined) return own
  const table = provider === "aliyun" ? aliyunCodes : tencentCodes
  const known = Object.hasOwn(table, code) ? table[code] : undefined
  if (known !== undefined) return known
  return provider === "aliyun" ? aliyunByPrefix(code) : tencentByPrefix(code)
}
