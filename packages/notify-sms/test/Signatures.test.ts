import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AliyunSignature, TencentSignature } from "../src/index.js"

// Alibaba Cloud's documented SendSms example (the dysmsapi signature guide)
const documented = {
  AccessKeyId: "testId",
  Action: "SendSms",
  Format: "XML",
  OutId: "123",
  PhoneNumbers: "15300000001",
  RegionId: "cn-hangzhou",
  SignName: "阿里云短信测试专用",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "45e25e9b-0a6f-4070-8c85-2956eda1b466",
  SignatureVersion: "1.0",
  TemplateCode: "SMS_71390007",
  TemplateParam: '{"customer":"test"}',
  Timestamp: "2017-07-12T02:42:19Z",
  Version: "2017-05-25"
}

describe("Alibaba Cloud RPC signature", () => {
  it("reproduces the documented example", () => {
    expect(AliyunSignature.canonicalize(documented)).toBe(
      "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
    )
    expect(AliyunSignature.sign("GET", documented, "testSecret")).toBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=")
    expect(
      AliyunSignature.verify(
        "GET",
        { ...documented, Signature: "zJDF+Lrzhj/ThnlvIToysFRq6t4=" },
        "testSecret"
      )
    ).toBe(true)
  })

  it("percent-encodes as RFC 3986 (space %20, * %2A, ~ kept, ! ' ( ) encoded)", () => {
    expect(AliyunSignature.percentEncode("a b*c~d!'()")).toBe("a%20b%2Ac~d%21%27%28%29")
    expect(AliyunSignature.percentEncode("+/=")).toBe("%2B%2F%3D")
  })

  it("the timestamp is ISO 8601 UTC without milliseconds", () => {
    expect(AliyunSignature.timestamp(Date.UTC(2017, 6, 12, 2, 42, 19, 999))).toBe("2017-07-12T02:42:19Z")
  })

  const params = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== "Signature"),
    fc.string({ maxLength: 20 }),
    { minKeys: 1, maxKeys: 8 }
  )

  it("property: signing is deterministic and independent of the parameters' order", () => {
    fc.assert(
      fc.property(params, fc.string({ minLength: 1 }), (p, secret) => {
        const reversed = Object.fromEntries(Object.entries(p).reverse())
        expect(AliyunSignature.sign("POST", p, secret)).toBe(AliyunSignature.sign("POST", reversed, secret))
      })
    )
  })

  it("property: any change to a parameter's value, a new parameter or another secret changes the signature", () => {
    fc.assert(
      fc.property(params, fc.string({ maxLength: 20 }), fc.string({ minLength: 1 }), (p, value, secret) => {
        const key = Object.keys(p)[0] as string
        fc.pre(p[key] !== value)
        const base = AliyunSignature.sign("POST", p, secret)
        expect(AliyunSignature.sign("POST", { ...p, [key]: value }, secret)).not.toBe(base)
        expect(AliyunSignature.sign("POST", { ...p, [`${key}x`]: value }, secret)).not.toBe(base)
        expect(AliyunSignature.sign("POST", p, `${secret}x`)).not.toBe(base)
        expect(AliyunSignature.verify("POST", { ...p, Signature: base }, `${secret}x`)).toBe(false)
      })
    )
  })
})

// Tencent Cloud's documented TC3-HMAC-SHA256 example (cvm DescribeInstances)
const tc3: TencentSignature.SignedRequest = {
  method: "POST",
  host: "cvm.tencentcloudapi.com",
  contentType: "application/json; charset=utf-8",
  body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
  service: "cvm"
}

describe("Tencent Cloud TC3-HMAC-SHA256", () => {
  it("reproduces the documented example", () => {
    expect(TencentSignature.canonicalRequest(tc3)).toBe(
      "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    expect(TencentSignature.stringToSign(tc3)).toBe(
      "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    expect(TencentSignature.sign(tc3, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")).toBe(
      "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )
    const header = TencentSignature.authorization(
      tc3,
      "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
      "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
    )
    expect(header).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )
    expect(TencentSignature.verify(tc3, header, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")).toBe(true)
  })

  it("the credential date is the UTC date (00:44 in Beijing is the day before)", () => {
    expect(TencentSignature.utcDate(1551113065)).toBe("2019-02-25")
  })

  const request = fc.record({
    body: fc.string({ maxLength: 60 }),
    timestamp: fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }),
    host: fc.constantFrom("sms.tencentcloudapi.com", "127.0.0.1:8080")
  })

  it("property: deterministic; a change to the body, the time, the host or the key changes it", () => {
    fc.assert(
      fc.property(request, fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (r, key, other) => {
        const signed: TencentSignature.SignedRequest = {
          ...r,
          method: "POST",
          contentType: "application/json; charset=utf-8",
          service: "sms"
        }
        const sig = TencentSignature.sign(signed, key)
        expect(TencentSignature.sign(signed, key)).toBe(sig)
        expect(TencentSignature.sign({ ...signed, body: `${signed.body} ` }, key)).not.toBe(sig)
        expect(TencentSignature.sign({ ...signed, timestamp: signed.timestamp + 1 }, key)).not.toBe(sig)
        expect(TencentSignature.sign({ ...signed, host: `x${signed.host}` }, key)).not.toBe(sig)
        fc.pre(other !== key)
        expect(
          TencentSignature.verify(signed, TencentSignature.authorization(signed, "AKID", key), other)
        ).toBe(false)
      })
    )
  })
})
