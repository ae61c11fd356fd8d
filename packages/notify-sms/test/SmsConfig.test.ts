import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { SmsConfig } from "../src/index.js"
import { aliyunConfig, birthdayData, maintenanceData } from "./fixtures.js"

const decode = Schema.decodeUnknownExit(SmsConfig.SmsConfig)
const provider = { provider: "aliyun", accessKeyId: "id", accessKeySecret: "secret" }

describe("SMS configuration", () => {
  it("decodes a configuration for each provider and refuses a missing key", () => {
    expect(decode({ provider, signName: "东方丰田", templates: {} })._tag).toBe("Success")
    expect(
      decode({
        provider: { provider: "tencent", secretId: "AKID", secretKey: "k", smsSdkAppId: "1400006666" },
        signName: "东方丰田",
        templates: {}
      })._tag
    ).toBe("Success")
    expect(
      decode({ provider: { provider: "aliyun", accessKeyId: "id" }, signName: "x", templates: {} })._tag
    ).toBe("Failure")
  })

  it("refuses a marketing template without the opt-out text", () => {
    const noOptOut = decode({
      provider,
      signName: "东方丰田",
      templates: { "careContact.birthday": { templateId: "SMS_1", params: ["customerName"] } }
    })
    expect(noOptOut._tag).toBe("Failure")
    expect(String(noOptOut)).toContain("opt-out")
    // a plain careContact template may serve birthdays: it needs the opt-out too
    expect(
      decode({ provider, signName: "x", templates: { careContact: { templateId: "SMS_1", params: [] } } })
        ._tag
    ).toBe("Failure")
    expect(
      decode({
        provider,
        signName: "x",
        templates: { "careContact.festival": { templateId: "SMS_1", params: [], optOutInTemplate: true } }
      })._tag
    ).toBe("Success")
    // declared service explicitly: allowed without
    expect(
      decode({
        provider,
        signName: "x",
        templates: { careContact: { templateId: "SMS_1", params: [], purpose: "service" } }
      })._tag
    ).toBe("Success")
  })

  it("greetings are marketing, reminders service", () => {
    expect(SmsConfig.defaultPurpose("careContact", "birthday")).toBe("marketing")
    expect(SmsConfig.defaultPurpose("careContact", "festival")).toBe("marketing")
    expect(SmsConfig.defaultPurpose("careContact", "maintenance")).toBe("service")
    expect(SmsConfig.defaultPurpose("careContact", "insurance")).toBe("service")
    expect(SmsConfig.defaultPurpose("voucherExpiring")).toBe("service")
  })

  it("picks the template by kind and care kind and fills its parameters from the data", () => {
    const config = aliyunConfig("http://127.0.0.1:1/")
    const maintenance = SmsConfig.resolveTemplate(config, {
      kind: "careContact",
      data: maintenanceData,
      text: "t"
    })
    expect(maintenance).toEqual(
      Result.succeed({
        key: "careContact.maintenance",
        templateId: "SMS_100001",
        signName: "东方丰田",
        purpose: "service",
        params: [
          ["customerName", "王先生"],
          ["car", "卡罗拉"],
          ["storeName", "东方丰田"]
        ]
      })
    )
    const birthday = SmsConfig.resolveTemplate(config, { kind: "careContact", data: birthdayData, text: "t" })
    expect(Result.isSuccess(birthday) && birthday.success.purpose).toBe("marketing")
    expect(Result.isSuccess(birthday) && birthday.success.params.at(-1)).toEqual(["td", "回T退订"])
    const reward = SmsConfig.resolveTemplate(config, {
      kind: "rewardIssued",
      text: "t",
      data: {
        kind: "rewardIssued",
        referrerName: "刘女士",
        storeName: "东方丰田",
        reward: "免费保养一次",
        valueFen: 30000,
        expiresOn: "2027-05-01"
      }
    })
    expect(Result.isSuccess(reward) && reward.success.params).toEqual([
      ["referrerName", "刘女士"],
      ["reward", "免费保养一次"],
      ["amount", "¥300.00"],
      ["expiresOn", "2027-05-01"]
    ])
  })

  it("uses a parameter's default, and fails in words without a template or a value", () => {
    const config = aliyunConfig("http://127.0.0.1:1/")
    const { vehicle: _vehicle, ...noVehicle } = maintenanceData
    const filled = SmsConfig.resolveTemplate(config, { kind: "careContact", data: noVehicle, text: "t" })
    expect(Result.isSuccess(filled) && filled.success.params[1]).toEqual(["car", "爱车"])
    const none = SmsConfig.resolveTemplate(config, { kind: "workList", data: {}, text: "t" })
    expect(none).toEqual(Result.fail("no SMS template is configured for kind workList"))
    const missing = SmsConfig.resolveTemplate(config, {
      kind: "careContact",
      data: { kind: "careContact", careKind: "maintenance", storeName: "x" },
      text: "t"
    })
    expect(Result.isFailure(missing) && missing.failure).toContain("customerName")
    expect(Result.isFailure(SmsConfig.resolveTemplate(config, { text: "t" }))).toBe(true)
  })
})
