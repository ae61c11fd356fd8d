/**
 * Mobile numbers between Jipan and the providers. Jipan keeps numbers in E.164
 * (`+8613812345678`, core's `PhoneNumber`); Tencent Cloud wants E.164 too, Alibaba Cloud wants the
 * national number for the Chinese mainland (`13812345678`) and the country code followed by the
 * number, without `+`, for other countries (`85291234567`). Receipts come back in the provider's
 * form and are turned into E.164 again.
 *
 * @since 0.1.0
 */
import { normalisePhone } from "@jipan/core"
import { Result } from "effect"
import type { Provider } from "./SmsError.js"

/**
 * A number as people type it (`138 1234 5678`, `+86 138-1234-5678`, `0086…`) in E.164, or
 * `undefined` when it is not a valid number. Numbers without a country code are read as Chinese.
 *
 * @example
 * ```ts
 * import { PhoneFormat } from "@jipan/notify-sms"
 * PhoneFormat.toE164("138-1234-5678") // "+8613812345678"
 * PhoneFormat.toE164("12345") // undefined
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toE164 = (input: string): string | undefined => {
  const normalised = normalisePhone(input)
  return Result.isSuccess(normalised) ? normalised.success : undefined
}

/**
 * An E.164 number in the form the provider's `SendSms` wants.
 *
 * @example
 * ```ts
 * import { PhoneFormat } from "@jipan/notify-sms"
 * PhoneFormat.toProvider("aliyun", "+8613812345678") // "13812345678"
 * PhoneFormat.toProvider("aliyun", "+85291234567") // "85291234567"
 * PhoneFormat.toProvider("tencent", "+8613812345678") // "+8613812345678"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const toProvider = (provider: Provider, e164: string): string => {
  if (provider === "tencent") return e164
  return e164.startsWith("+86") ? e164.slice(3) : e164.replace(/^\+/, "")
}

/**
 * A number in the provider's form (from a receipt or an answer) in E.164. Alibaba's 11-digit
 * numbers starting with 1 are Chinese mobiles; other digits carry their country code. Tencent's
 * receipts split the country code (`nationcode`) from the number.
 *
 * @example
 * ```ts
 * import { PhoneFormat } from "@jipan/notify-sms"
 * PhoneFormat.fromProvider("aliyun", "13812345678") // "+8613812345678"
 * PhoneFormat.fromProvider("tencent", "13812345678", "86") // "+8613812345678"
 * PhoneFormat.fromProvider("tencent", "+8613812345678") // "+8613812345678"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const fromProvider = (provider: Provider, number: string, nationCode?: string): string => {
  const digits = number.trim()
  if (digits.startsWith("+")) return digits
  if (digits.startsWith("00")) return `+${digits.slice(2)}`
  if (provider === "tencent") return `+${nationCode ?? "86"}${digits}`
  return /^1[3-9]\d{9}$/.test(digits) ? `+86${digits}` : `+${digits}`
}
