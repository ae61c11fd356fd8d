import { createServer } from "node:http"
import { DeliveryReceipts, ReceiptSink, SmsChannel, SmsConfig } from "@jipan/notify-sms"
import { Effect, Layer, Schema } from "effect"

// The configuration is data (a settings file, the DMS's table); the secrets come from the environment.
const config = Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
  provider: {
    provider: "aliyun",
    accessKeyId: process.env.ALIYUN_ACCESS_KEY_ID,
    accessKeySecret: process.env.ALIYUN_ACCESS_KEY_SECRET
  },
  signName: "东方丰田",
  templates: {
    "careContact.maintenance": {
      templateId: "SMS_471230001",
      params: ["customerName", "vehicle", "storePhone"]
    },
    "careContact.birthday": {
      templateId: "SMS_471230002",
      params: ["customerName", { name: "td", from: "optOut" }]
    },
    rewardIssued: { templateId: "SMS_471230003", params: ["referrerName", "reward", "expiresOn"] }
  }
})

// One sink for the channel (it records BizId → outbox message) and the receipt callback.
const sink = ReceiptSink.makeMemory().sink // or your own ReceiptSink over your database
const Sink = Layer.succeed(ReceiptSink.ReceiptSink, sink)

// The dispatcher's channels: "sms" is the channel name the drafts carry (a Contact's `channel`).
export const Channels = SmsChannel.layer(config, { name: "sms" }).pipe(Layer.provide(Sink))

// The status-report callback registered in the console: https://crm.example.com/sms/receipts?token=…
export const receipts = createServer((request, response) => {
  const chunks: Array<Buffer> = []
  request.on("data", (chunk: Buffer) => chunks.push(chunk))
  request.on("end", () => {
    const token = new URL(request.url ?? "/", "http://localhost").searchParams.get("token")
    const callback = { body: Buffer.concat(chunks).toString("utf8"), token }
    const handled = DeliveryReceipts.handle("aliyun", callback, {
      token: process.env.SMS_CALLBACK_TOKEN ?? ""
    })
    void Effect.runPromise(Effect.result(Effect.provide(handled, Sink))).then((result) => {
      if (result._tag === "Success") response.writeHead(200).end(result.success.answer)
      else
        response.writeHead(result.failure.reason === "Unauthorized" ? 401 : 400).end(result.failure.message)
    })
  })
})
