/**
 * Fake Alibaba Cloud and Tencent Cloud SMS APIs on loopback. Each recomputes the request's
 * signature from the secret exactly as the provider documents it and refuses a wrong one with
 * the provider's own error payload; it answers with the providers' real success and error
 * shapes, and records what it accepted (the backdoor the tests read).
 */
import { AliyunSignature, PhoneFormat, TencentSignature } from "../src/index.js"
import { type Handler, type Recorded, respondJson } from "./httpServer.js"

export interface Accepted {
  readonly key: string
  readonly providerMessageId: string
  readonly phones: ReadonlyArray<string>
  readonly signName: string
  readonly templateId: string
  readonly params: unknown
}

export interface FakeProvider {
  readonly handler: Handler
  readonly accepted: Array<Accepted>
  readonly refusedSignatures: () => number
  /** The next answers refuse with this code (business refusal), until reset to undefined. */
  refuse: string | undefined
}

const formParams = (r: Recorded): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(r.body.toString("utf8")))

let serial = 0

/** Alibaba Cloud dysmsapi: RPC signature v1.0, `SendSms` 2017-05-25. */
export const fakeAliyun = (keys: Readonly<Record<string, string>>): FakeProvider => {
  const nonces = new Set<string>()
  let badSignatures = 0
  const fake: FakeProvider = {
    accepted: [],
    refusedSignatures: () => badSignatures,
    refuse: undefined,
    handler: (request, response) => {
      const p = formParams(request)
      const requestId = `req-${++serial}`
      const secret = keys[p.AccessKeyId ?? ""]
      if (secret === undefined)
        return respondJson(response, 404, {
          RequestId: requestId,
          HostId: "dysmsapi.aliyuncs.com",
          Code: "InvalidAccessKeyId.NotFound",
          Message: "Specified access key is not found."
        })
      if (
        request.method !== "POST" ||
        p.SignatureMethod !== "HMAC-SHA1" ||
        p.SignatureVersion !== "1.0" ||
        !AliyunSignature.verify("POST", p, secret)
      ) {
        badSignatures++
        return respondJson(response, 400, {
          RequestId: requestId,
          HostId: "dysmsapi.aliyuncs.com",
          Code: "SignatureDoesNotMatch",
          Message: `Specified signature is not matched with our calculation. server string to sign is:${AliyunSignature.stringToSign("POST", p)}`
        })
      }
      const at = Date.parse(p.Timestamp ?? "")
      if (
        !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(p.Timestamp ?? "") ||
        Math.abs(Date.now() - at) > 15 * 60_000
      )
        return respondJson(response, 400, {
          RequestId: requestId,
          Code: "InvalidTimeStamp.Expired",
          Message: "Specified time stamp or date value is expired."
        })
      if (nonces.has(p.SignatureNonce ?? ""))
        return respondJson(response, 400, {
          RequestId: requestId,
          Code: "SignatureNonceUsed",
          Message: "Specified signature nonce was used already."
        })
      nonces.add(p.SignatureNonce ?? "")
      if (p.Action !== "SendSms" || p.Version !== "2017-05-25" || p.Format !== "JSON")
        return respondJson(response, 400, { RequestId: requestId, Code: "InvalidAction", Message: p.Action })
      if (fake.refuse !== undefined)
        return respondJson(response, 200, { RequestId: requestId, Code: fake.refuse, Message: "refused" })
      const phones = (p.PhoneNumbers ?? "").split(",")
      // the mainland's numbers are national (11 digits); an E.164 "+86…" is illegal here
      if (phones.some((n) => !/^\d{6,15}$/.test(n)))
        return respondJson(response, 200, {
          RequestId: requestId,
          Code: "isv.MOBILE_NUMBER_ILLEGAL",
          Message: "invalid mobile number"
        })
      let params: unknown
      try {
        params = JSON.parse(p.TemplateParam ?? "{}")
      } catch {
        return respondJson(response, 200, {
          RequestId: requestId,
          Code: "isv.INVALID_JSON_PARAM",
          Message: ""
        })
      }
      const bizId = `${900000000 + ++serial}^0`
      fake.accepted.push({
        key: p.OutId ?? "",
        providerMessageId: bizId,
        phones,
        signName: p.SignName ?? "",
        templateId: p.TemplateCode ?? "",
        params
      })
      respondJson(response, 200, { Message: "OK", RequestId: requestId, Code: "OK", BizId: bizId })
    }
  }
  return fake
}

/** Tencent Cloud sms: TC3-HMAC-SHA256, `SendSms` 2021-01-11. */
export const fakeTencent = (keys: Readonly<Record<string, string>>, sdkAppId: string): FakeProvider => {
  let badSignatures = 0
  const fake: FakeProvider = {
    accepted: [],
    refusedSignatures: () => badSignatures,
    refuse: undefined,
    handler: (request, response) => {
      const requestId = `req-${++serial}`
      const error = (Code: string, Message: string) =>
        respondJson(response, 200, { Response: { Error: { Code, Message }, RequestId: requestId } })
      const header = String(request.headers.authorization ?? "")
      const parsed = TencentSignature.parseAuthorization(header)
      if (parsed === undefined) return error("AuthFailure.InvalidAuthorization", "Authorization is invalid")
      const secret = keys[parsed.secretId]
      if (secret === undefined) return error("AuthFailure.SecretIdNotFound", "The SecretId is not found")
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
      if (!TencentSignature.verify(signed, header, secret)) {
        badSignatures++
        return error(
          "AuthFailure.SignatureFailure",
          "The provided credentials could not be validated. Please check your signature is correct."
        )
      }
      if (Math.abs(Date.now() / 1000 - timestamp) > 300)
        return error("AuthFailure.SignatureExpire", "Signature expired")
      if (request.headers["x-tc-action"] !== "SendSms" || request.headers["x-tc-version"] !== "2021-01-11")
        return error("InvalidAction", "unknown action or version")
      const b = JSON.parse(body) as {
        PhoneNumberSet: Array<string>
        SmsSdkAppId: string
        SignName: string
        TemplateId: string
        TemplateParamSet: Array<string>
        SessionContext?: string
      }
      if (b.SmsSdkAppId !== sdkAppId)
        return error("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId not exist")
      if (fake.refuse !== undefined && !fake.refuse.startsWith("per-number:"))
        return error(fake.refuse, "refused")
      const perNumber = fake.refuse?.slice("per-number:".length)
      const statuses = b.PhoneNumberSet.map((n) => {
        const ok = /^\+[1-9]\d{6,14}$/.test(n) && perNumber === undefined
        const serialNo = ok ? `2433:${++serial}` : ""
        return {
          SerialNo: serialNo,
          PhoneNumber: n,
          Fee: ok ? 1 : 0,
          SessionContext: b.SessionContext ?? "",
          Code: ok ? "Ok" : (perNumber ?? "InvalidParameterValue.IncorrectPhoneNumber"),
          Message: ok ? "send success" : "refused",
          IsoCode: n.startsWith("+86") ? "CN" : "XX"
        }
      })
      const ok = statuses.filter((s) => s.Code === "Ok")
      for (const s of ok)
        fake.accepted.push({
          key: b.SessionContext ?? "",
          providerMessageId: s.SerialNo,
          phones: [s.PhoneNumber],
          signName: b.SignName,
          templateId: b.TemplateId,
          params: b.TemplateParamSet
        })
      respondJson(response, 200, { Response: { SendStatusSet: statuses, RequestId: requestId } })
    }
  }
  return fake
}

/** What Alibaba would push for the accepted messages (HTTP batch push `SmsReport`). */
export const aliyunReports = (accepted: ReadonlyArray<Accepted>, success = true) =>
  accepted.flatMap((a) =>
    a.phones.map((phone) => ({
      phone_number: phone,
      send_time: "2026-11-22 10:00:00",
      report_time: "2026-11-22 10:00:03",
      success,
      err_code: success ? "DELIVERED" : "MK:0001",
      err_msg: success ? "用户接收成功" : "空号",
      sms_size: "1",
      biz_id: a.providerMessageId,
      out_id: a.key
    }))
  )

/** What Tencent would call back with for the accepted messages. */
export const tencentReports = (accepted: ReadonlyArray<Accepted>, success = true) =>
  accepted.flatMap((a) =>
    a.phones.map((phone) => ({
      user_receive_time: "2026-11-22 10:00:03",
      nationcode: phone.slice(1, 3),
      mobile: PhoneFormat.toProvider("aliyun", phone),
      report_status: success ? "SUCCESS" : "FAIL",
      errmsg: success ? "DELIVRD" : "MK:0001",
      description: success ? "用户短信送达成功" : "空号",
      sid: a.providerMessageId
    }))
  )
