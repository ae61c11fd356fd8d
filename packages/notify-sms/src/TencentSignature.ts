/**
 * Tencent Cloud's API 3.0 request signature, `TC3-HMAC-SHA256`, as its documentation gives it:
 *
 * 1. the canonical request is `METHOD\n/\n<query>\n<canonical headers>\n<signed headers>\n<hex
 *    SHA-256 of the body>`; the canonical headers are `name:value\n` per signed header, lower
 *    case and sorted (at least `content-type` and `host`), the signed headers their names joined
 *    by `;`;
 * 2. the string to sign is `TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n<hex
 *    SHA-256 of the canonical request>`, the date being the UTC date of the timestamp;
 * 3. the signing key is HMAC-SHA256 chained over `"TC3" + SecretKey` → date → service →
 *    `tc3_request`, and the signature the hex HMAC-SHA256 of the string to sign under it;
 * 4. `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=…, Signature=…`.
 *
 * Pure functions; the tests check them against the documented example (`cvm`
 * `DescribeInstances`, timestamp 1551113065, signature `72e494ea…5168`).
 *
 * @since 0.1.0
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"

/**
 * What is signed: the method, the host, the content type, the body and the timestamp in seconds,
 * plus the service name (`sms`).
 *
 * @example
 * ```ts
 * import type { TencentSignature } from "@jipan/notify-sms"
 * const r: TencentSignature.SignedRequest = { method: "POST", host: "sms.tencentcloudapi.com",
 *   contentType: "application/json; charset=utf-8", body: "{}", timestamp: 1551113065, service: "sms" }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface SignedRequest {
  readonly method: "POST" | "GET"
  readonly host: string
  readonly contentType: string
  readonly body: string
  readonly timestamp: number
  readonly service: string
  readonly query?: string
}

const sha256Hex = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex")
const hmac = (key: string | Buffer, message: string): Buffer =>
  createHmac("sha256", key).update(message, "utf8").digest()

/**
 * The UTC date (`yyyy-mm-dd`) of a timestamp in seconds: the credential scope's date.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * TencentSignature.utcDate(1551113065) // "2019-02-25"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const utcDate = (timestamp: number): string => new Date(timestamp * 1000).toISOString().slice(0, 10)

/**
 * The signed header names, in order.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * TencentSignature.SIGNED_HEADERS // "content-type;host"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const SIGNED_HEADERS = "content-type;host"

/**
 * The canonical request.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * TencentSignature.canonicalRequest({ method: "POST", host: "sms.tencentcloudapi.com",
 *   contentType: "application/json; charset=utf-8", body: "{}", timestamp: 0, service: "sms" }).split("\n")[0] // "POST"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const canonicalRequest = (r: SignedRequest): string =>
  [
    r.method,
    "/",
    r.query ?? "",
    `content-type:${r.contentType.trim().toLowerCase()}\nhost:${r.host.trim().toLowerCase()}\n`,
    SIGNED_HEADERS,
    sha256Hex(r.body)
  ].join("\n")

/**
 * The string to sign.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * const s = TencentSignature.stringToSign({ method: "POST", host: "sms.tencentcloudapi.com",
 *   contentType: "application/json; charset=utf-8", body: "{}", timestamp: 1551113065, service: "sms" })
 * s.split("\n")[2] // "2019-02-25/sms/tc3_request"
 * ```
 * @category signing
 * @since 0.1.0
 */
export const stringToSign = (r: SignedRequest): string =>
  [
    "TC3-HMAC-SHA256",
    String(r.timestamp),
    `${utcDate(r.timestamp)}/${r.service}/tc3_request`,
    sha256Hex(canonicalRequest(r))
  ].join("\n")

/**
 * The hex signature of a request under a secret key.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * const sig = TencentSignature.sign({ method: "POST", host: "sms.tencentcloudapi.com",
 *   contentType: "application/json; charset=utf-8", body: "{}", timestamp: 1551113065, service: "sms" }, "key")
 * sig.length // 64
 * ```
 * @category signing
 * @since 0.1.0
 */
export const sign = (r: SignedRequest, secretKey: string): string => {
  const secretDate = hmac(`TC3${secretKey}`, utcDate(r.timestamp))
  const secretService = hmac(secretDate, r.service)
  const secretSigning = hmac(secretService, "tc3_request")
  return createHmac("sha256", secretSigning).update(stringToSign(r), "utf8").digest("hex")
}

/**
 * The `Authorization` header value.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * const header = TencentSignature.authorization({ method: "POST", host: "sms.tencentcloudapi.com",
 *   contentType: "application/json; charset=utf-8", body: "{}", timestamp: 1551113065, service: "sms" }, "AKID…", "key")
 * header.startsWith("TC3-HMAC-SHA256 Credential=AKID…/2019-02-25/sms/tc3_request, SignedHeaders=content-type;host, Signature=") // true
 * ```
 * @category signing
 * @since 0.1.0
 */
export const authorization = (r: SignedRequest, secretId: string, secretKey: string): string =>
  `TC3-HMAC-SHA256 Credential=${secretId}/${utcDate(r.timestamp)}/${r.service}/tc3_request, SignedHeaders=${SIGNED_HEADERS}, Signature=${sign(r, secretKey)}`

/**
 * The parts of an `Authorization` header, or `undefined` when it is not a TC3 header.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * TencentSignature.parseAuthorization("TC3-HMAC-SHA256 Credential=AKID/2019-02-25/sms/tc3_request, SignedHeaders=content-type;host, Signature=ab")
 * // { secretId: "AKID", date: "2019-02-25", service: "sms", signedHeaders: "content-type;host", signature: "ab" }
 * ```
 * @category verifying
 * @since 0.1.0
 */
export const parseAuthorization = (
  header: string
):
  | {
      readonly secretId: string
      readonly date: string
      readonly service: string
      readonly signedHeaders: string
      readonly signature: string
    }
  | undefined => {
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
      header
    )
  if (m === null) return undefined
  const [, secretId = "", date = "", service = "", signedHeaders = "", signature = ""] = m
  return { secretId, date, service, signedHeaders, signature }
}

/**
 * Whether an `Authorization` header signs the request under the secret key (constant-time
 * compare): what the provider checks, and what the tests' fake provider checks.
 *
 * @example
 * ```ts
 * import { TencentSignature } from "@jipan/notify-sms"
 * const r = { method: "POST", host: "sms.tencentcloudapi.com", contentType: "application/json; charset=utf-8",
 *   body: "{}", timestamp: 1551113065, service: "sms" } as const
 * TencentSignature.verify(r, TencentSignature.authorization(r, "AKID", "key"), "key") // true
 * ```
 * @category verifying
 * @since 0.1.0
 */
export const verify = (r: SignedRequest, header: string, secretKey: string): boolean => {
  const parsed = parseAuthorization(header)
  if (parsed === undefined || parsed.signedHeaders !== SIGNED_HEADERS) return false
  if (parsed.date !== utcDate(r.timestamp) || parsed.service !== r.service) return false
  const given = Buffer.from(parsed.signature, "utf8")
  const expected = Buffer.from(sign(r, secretKey), "utf8")
  return given.length === expected.length && timingSafeEqual(given, expected)
}
