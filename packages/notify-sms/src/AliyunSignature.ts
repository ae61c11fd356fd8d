/**
 * Alibaba Cloud's RPC request signature (signature version 1.0, `HMAC-SHA1`), as its API
 * reference documents it:
 *
 * 1. every parameter but `Signature` — the common ones (`AccessKeyId`, `Action`, `Format`,
 *    `RegionId`, `SignatureMethod`, `SignatureNonce`, `SignatureVersion`, `Timestamp`,
 *    `Version`) and the API's own — is percent-encoded, key and value, with the RFC 3986 rules
 *    (UTF-8; unreserved `A-Z a-z 0-9 - _ . ~` kept; everything else `%XX` in upper case, so a
 *    space is `%20`, `*` is `%2A` and `~` stays);
 * 2. the encoded pairs are sorted by key and joined as `k=v&k=v` (the canonicalized query);
 * 3. the string to sign is `METHOD&%2F&` + the percent-encoded canonicalized query;
 * 4. the signature is Base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)).
 *
 * The functions are pure (the caller passes the nonce and the timestamp); the tests check them
 * against the documented example (`testSecret`, `SendSms` to `15300000001`, signature
 * `zJDF+Lrzhj/ThnlvIToysFRq6t4=`).
 *
 * @since 0.1.0
 */
import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * RFC 3986 percent-encoding as Alibaba Cloud's signature wants it.
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * AliyunSignature.percentEncode("a b*c~d") // "a%20b%2Ac~d"
 * AliyunSignature.percentEncode("阿") // "%E9%98%BF"
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * The canonicalized query string: encoded pairs sorted by encoded key (`Signature` left out).
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * AliyunSignature.canonicalize({ b: "2", a: "x y" }) // "a=x%20y&b=2"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const canonicalize = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .filter((k) => k !== "Signature")
    .map((k) => [percentEncode(k), percentEncode(params[k] ?? "")] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&")

/**
 * The string to sign: `METHOD&%2F&` followed by the encoded canonicalized query.
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * AliyunSignature.stringToSign("POST", { Action: "SendSms" }) // "POST&%2F&Action%3DSendSms"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const stringToSign = (method: "GET" | "POST", params: Readonly<Record<string, string>>): string =>
  `${method}&${percentEncode("/")}&${percentEncode(canonicalize(params))}`

/**
 * The `Signature` parameter (Base64, before the request's own encoding).
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * const signature = AliyunSignature.sign("POST", { Action: "SendSms", AccessKeyId: "id" }, "secret")
 * ```
 * @category signing
 * @since 0.1.0
 */
export const sign = (
  method: "GET" | "POST",
  params: Readonly<Record<string, string>>,
  accessKeySecret: string
): string => createHmac("sha1", `${accessKeySecret}&`).update(stringToSign(method, params)).digest("base64")

/**
 * Whether `params.Signature` is the signature of the other parameters under the secret, compared
 * in constant time: what the provider checks, and what the tests' fake provider checks.
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * const params = { Action: "SendSms", AccessKeyId: "id" }
 * const Signature = AliyunSignature.sign("POST", params, "secret")
 * AliyunSignature.verify("POST", { ...params, Signature }, "secret") // true
 * AliyunSignature.verify("POST", { ...params, Signature }, "wrong") // false
 * ```
 * @category signing
 * @since 0.1.0
 */
export const verify = (
  method: "GET" | "POST",
  params: Readonly<Record<string, string>>,
  accessKeySecret: string
): boolean => {
  const given = Buffer.from(params.Signature ?? "", "utf8")
  const expected = Buffer.from(sign(method, params, accessKeySecret), "utf8")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * Alibaba's timestamp format: ISO 8601 in UTC without milliseconds (`2017-07-12T02:42:19Z`).
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * AliyunSignature.timestamp(Date.UTC(2017, 6, 12, 2, 42, 19, 500)) // "2017-07-12T02:42:19Z"
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const timestamp = (millis: number): string => `${new Date(millis).toISOString().slice(0, 19)}Z`

/**
 * A form body (`application/x-www-form-urlencoded`) of the signed parameters, `Signature` included.
 *
 * @example
 * ```ts
 * import { AliyunSignature } from "@jipan/notify-sms"
 * AliyunSignature.formBody({ Action: "SendSms", Signature: "a+b=" }) // "Action=SendSms&Signature=a%2Bb%3D"
 * ```
 * @category encoding
 * @since 0.1.0
 */
export const formBody = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? "")}`)
    .join("&")
