import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ErrorCodes } from "../src/index.js"

describe("error codes", () => {
  it("Alibaba: limits retry, illegal numbers are permanent, the blacklist is consent", () => {
    expect(ErrorCodes.classify("aliyun", "isv.BUSINESS_LIMIT_CONTROL")).toBe("retryable")
    expect(ErrorCodes.classify("aliyun", "isp.SYSTEM_ERROR")).toBe("retryable")
    expect(ErrorCodes.classify("aliyun", "isp.SOMETHING_NEW")).toBe("retryable")
    expect(ErrorCodes.classify("aliyun", "isv.MOBILE_NUMBER_ILLEGAL")).toBe("permanent")
    expect(ErrorCodes.classify("aliyun", "SignatureDoesNotMatch")).toBe("permanent")
    expect(ErrorCodes.classify("aliyun", "isv.BLACK_KEY_CONTROL_LIMIT")).toBe("consent")
    expect(ErrorCodes.classify("aliyun", "isv.SOMETHING_NEW")).toBe("permanent")
  })

  it("Tencent: LimitExceeded.* retries, the blacklist is consent, the rest permanent", () => {
    expect(ErrorCodes.classify("tencent", "LimitExceeded.PhoneNumberDailyLimit")).toBe("retryable")
    expect(ErrorCodes.classify("tencent", "LimitExceeded.DeliveryFrequencyLimit")).toBe("retryable")
    expect(ErrorCodes.classify("tencent", "RequestLimitExceeded")).toBe("retryable")
    expect(ErrorCodes.classify("tencent", "FailedOperation.MarketingSendTimeConstraint")).toBe("retryable")
    expect(ErrorCodes.classify("tencent", "FailedOperation.PhoneNumberInBlacklist")).toBe("consent")
    expect(ErrorCodes.classify("tencent", "AuthFailure.SignatureFailure")).toBe("permanent")
    expect(ErrorCodes.classify("tencent", "InvalidParameterValue.IncorrectPhoneNumber")).toBe("permanent")
  })

  it("a configured override wins", () => {
    expect(
      ErrorCodes.classify("aliyun", "isv.AMOUNT_NOT_ENOUGH", { "isv.AMOUNT_NOT_ENOUGH": "retryable" })
    ).toBe("retryable")
    expect(ErrorCodes.classify("tencent", "toString")).toBe("permanent") // no prototype keys
  })

  it("property: the mapping is total — every code of either provider has exactly one disposition", () => {
    const code = fc.oneof(
      fc.string(),
      fc.constantFrom(...Object.keys(ErrorCodes.aliyunCodes), ...Object.keys(ErrorCodes.tencentCodes)),
      fc.string().map((s) => `LimitExceeded.${s}`),
      fc.string().map((s) => `isp.${s}`)
    )
    fc.assert(
      fc.property(fc.constantFrom("aliyun" as const, "tencent" as const), code, (provider, c) => {
        expect(["retryable", "permanent", "consent"]).toContain(ErrorCodes.classify(provider, c))
      })
    )
  })

  it("property: the tables are what classify answers for their codes", () => {
    for (const [c, d] of Object.entries(ErrorCodes.aliyunCodes))
      expect(ErrorCodes.classify("aliyun", c)).toBe(d)
    for (const [c, d] of Object.entries(ErrorCodes.tencentCodes))
      expect(ErrorCodes.classify("tencent", c)).toBe(d)
  })
})
