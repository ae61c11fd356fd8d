import { Schema } from "effect"
import { WeChatConfig } from "../src/index.js"
import { APP } from "./fakeWeChat.js"

export const TEMPLATES = ["tpl-maintenance", "tpl-birthday", "tpl-reward"]

export const config = (
  baseUrl: string,
  overrides: Partial<Record<"appSecret" | "tokenApi", string>> & { fallback?: unknown } = {}
): WeChatConfig.WeChatConfig =>
  Schema.decodeUnknownSync(WeChatConfig.WeChatConfig)({
    appId: APP.appId,
    appSecret: APP.appSecret,
    baseUrl,
    timeoutMillis: 2_000,
    templates: {
      "careContact.maintenance": {
        templateId: "tpl-maintenance",
        url: "https://store.example/booking",
        fields: {
          thing1: "customerName",
          thing2: { from: "vehicle", default: "您的爱车" },
          time3: "on",
          thing4: "storeName"
        }
      },
      "careContact.birthday": {
        templateId: "tpl-birthday",
        fields: { thing1: "customerName", remark: { value: "祝您生日快乐" } }
      },
      rewardIssued: {
        templateId: "tpl-reward",
        fields: { thing1: "reward", amount2: { from: "value" }, time3: "expiresOn" }
      }
    },
    ...overrides
  })

export const maintenanceData = {
  kind: "careContact",
  careKind: "maintenance",
  customerName: "王先生",
  storeName: "东方丰田",
  on: "2026-11-22",
  vehicle: "卡罗拉"
} as const
