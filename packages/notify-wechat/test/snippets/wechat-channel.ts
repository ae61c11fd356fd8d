import type { NotifierChannel } from "@jipan/core"
import { WeChatChannel, WeChatConfig } from "@jipan/notify-wechat"
import { Effect, Schema } from "effect"

const config = Schema.decodeUnknownSync(WeChatConfig.WeChatConfig)({
  appId: "wx1234567890abcdef",
  appSecret: process.env.WECHAT_APP_SECRET,
  templates: {
    "careContact.maintenance": {
      templateId: "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY",
      url: "https://m.store.example/booking",
      fields: { thing1: "customerName", thing2: { from: "vehicle", default: "您的爱车" }, time3: "on" }
    }
  },
  // no openid known, or WeChat refused for good: send by SMS, for customers too (the dealer's
  // consent form covers SMS and WeChat together)
  fallback: { on: "refused", customerFacing: true }
})

// The customer's openid: from the DMS (by the mobile number the message is addressed to).
const openids = new Map([["13800001234", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"]])
const openidOf = (message: { readonly to?: ReadonlyArray<string> | undefined }) =>
  Effect.succeed(message.to?.map((n) => openids.get(n)).find((o) => o !== undefined))

// The dispatcher's channels (core's NotifierChannels): "wechat", handing over to `sms` by the rule above.
export const channels = (sms: NotifierChannel) => WeChatChannel.layer(config, { fallback: sms, openidOf })
