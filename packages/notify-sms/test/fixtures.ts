import { Schema } from "effect"
import { SmsConfig } from "../src/index.js"

export const ALIYUN_KEY = { id: "LTAI-test", secret: "aliyun-secret" }
export const TENCENT_KEY = { id: "AKID-test", secret: "tencent-secret", sdkAppId: "1400006666" }

const templates = {
  "careContact.maintenance": {
    templateId: "SMS_100001",
    params: ["customerName", { name: "car", from: "vehicle", default: "爱车" }, "storeName"]
  },
  "careContact.birthday": {
    templateId: "SMS_100002",
    params: ["customerName", "storeName", { name: "td", from: "optOut" }]
  },
  rewardIssued: {
    templateId: "SMS_100003",
    params: ["referrerName", "reward", { name: "amount", from: "value" }, "expiresOn"]
  }
}

export const aliyunConfig = (endpoint: string, secret = ALIYUN_KEY.secret): SmsConfig.SmsConfig =>
  Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
    provider: { provider: "aliyun", accessKeyId: ALIYUN_KEY.id, accessKeySecret: secret, endpoint },
    signName: "东方丰田",
    templates,
    timeoutMillis: 2_000
  })

export const tencentConfig = (endpoint: string, secret = TENCENT_KEY.secret): SmsConfig.SmsConfig =>
  Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
    provider: {
      provider: "tencent",
      secretId: TENCENT_KEY.id,
      secretKey: secret,
      smsSdkAppId: TENCENT_KEY.sdkAppId,
      endpoint
    },
    signName: "东方丰田",
    templates: {
      ...templates,
      "careContact.maintenance": {
        templateId: "1840021",
        params: templates["careContact.maintenance"].params
      },
      "careContact.birthday": { templateId: "1840022", params: templates["careContact.birthday"].params },
      rewardIssued: { templateId: "1840023", params: templates.rewardIssued.params }
    },
    timeoutMillis: 2_000
  })

export const maintenanceData = {
  kind: "careContact",
  careKind: "maintenance",
  customerName: "王先生",
  storeName: "东方丰田",
  on: "2026-11-22",
  vehicle: "卡罗拉"
} as const

export const birthdayData = {
  kind: "careContact",
  careKind: "birthday",
  customerName: "李女士",
  storeName: "东方丰田",
  on: "2026-11-22"
} as const
