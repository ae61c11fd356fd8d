/**
 * The demo's SMS care reminders (短信关怀提醒), end to end through the public API: the day's care
 * contacts due (`careDue`) become customer-facing `careContact` messages for the `sms` channel in
 * the store's outbox (`notificationDraft`, `Outbox.enqueue`); the customers' consent is granted
 * (`layerConsentRecords`); the outbox dispatcher (`makeDispatcher`) sends them once through the
 * SMS channel (`SmsChannel`) to the Alibaba Cloud loopback provider of `@jipan/notify-sms`
 * (`SmsLoopback`, on 127.0.0.1, every signature checked), recording each
 * accepted `BizId` against its outbox message in the store (`ReceiptSink.layerStore`); the
 * loopback's status reports go through the receipt callback handler (`DeliveryReceipts.handle`),
 * and the table is what the store then holds (`DeliveryReceipts.list`, core's port).
 *
 * **Time.** The dispatcher runs on the demo's calendar: a `Clock` that reads the demo day at
 * 10:00 Beijing time and advances in real time, so the default policy's quiet hours (免打扰,
 * 09:00–20:00) apply as they would in the showroom that morning, and the loopback checks the
 * requests' timestamps against the same clock.
 *
 * **The close of day.** A contact due on the day before, which that day's close (`closeDay`)
 * already queued for the morning, is sent as that message (`close:careContact:…`), not twice.
 *
 * **Re-runs.** A message's id (`sms:<day>:<card>:<care step>`, unique in the tenant) and its
 * idempotency key are the same on every run of a demo day: on a reopened store the enqueue is a
 * no-op, the dispatcher finds nothing due, and the table reads the receipts of the first run.
 *
 * @module
 */
import {
  type CalendarDate,
  type CareContactDue,
  type ConsentRecord,
  careDue,
  careKindOf,
  DeliveryReceipts,
  defaultPolicy,
  type JipanStore,
  layerConsentRecords,
  makeDispatcher,
  notificationDraft,
  Outbox,
  type OutboxMessage,
  type Tenant,
  type Viewer
} from "@jipan/core"
import {
  ReceiptSink,
  DeliveryReceipts as SmsCallbacks,
  SmsChannel,
  SmsConfig,
  SmsLoopback
} from "@jipan/notify-sms"
import { Clock, Effect, Layer, Option, Schema } from "effect"
import { careLabel } from "./Forms.js"
import { type Directory, nameOf, shownName, shownPhone } from "./People.js"
import { DEFAULT_VIEWER } from "./Privacy.js"
import { allCards } from "./Reports.js"
import { DEMO_STORE } from "./Simulate.js"
import { heading, renderTable } from "./Table.js"

/** The loopback's key: what the demo's configuration signs with (not a real account's). */
const KEY = { id: "LTAI-showroom-demo", secret: "showroom-demo-secret" } as const

/** The callback token the demo's receipt handler checks (the token in the callback URL). */
const CALLBACK_TOKEN = "showroom-demo-callback"

/** The approved templates per care kind (Alibaba Cloud template codes), as a dealer configures them. */
const templates = {
  "careContact.thankYou": { templateId: "SMS_471230010", params: ["customerName", "storeName"] },
  "careContact.visit": {
    templateId: "SMS_471230011",
    params: ["customerName", "storeName", { name: "td", from: "optOut" }]
  },
  "careContact.maintenance": {
    templateId: "SMS_471230001",
    params: ["customerName", { name: "car", from: "vehicle", default: "爱车" }, "storePhone"]
  },
  "careContact.insurance": { templateId: "SMS_471230004", params: ["customerName", "on", "storePhone"] },
  "careContact.inspection": { templateId: "SMS_471230007", params: ["customerName", "on", "storePhone"] },
  "careContact.birthday": {
    templateId: "SMS_471230002",
    params: ["customerName", { name: "td", from: "optOut" }]
  },
  "careContact.festival": {
    templateId: "SMS_471230005",
    params: ["customerName", { name: "occasion", from: "occasion", default: "节日" }],
    optOutInTemplate: true
  }
}

/** The SMS configuration for a provider section (the loopback's, in the demo). */
const smsConfig = (provider: SmsLoopback.SmsLoopback["providerConfig"]) =>
  Schema.decodeUnknownSync(SmsConfig.SmsConfig)({
    provider,
    signName: DEMO_STORE.name,
    templates,
    timeoutMillis: 5_000
  })

/** An instant of a demo day in Beijing time (`hh:mm`). */
const beijing = (day: CalendarDate, time: string): number => Date.parse(`${day}T${time}:00+08:00`)

/**
 * A clock that reads `at` now and advances in real time; sleeping is the real clock's.
 *
 * @example
 * ```ts
 * Effect.provideService(program, Clock.Clock, shiftedClock(real, Date.parse("2026-03-31T10:00:00+08:00")))
 * ```
 */
export const shiftedClock = (real: Clock.Clock, at: number): Clock.Clock => {
  const offset = at - real.currentTimeMillisUnsafe()
  const millis = () => real.currentTimeMillisUnsafe() + offset
  const nanos = () => BigInt(millis()) * 1_000_000n
  return {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: real.monotonicTimeNanos,
    sleep: (duration) => real.sleep(duration)
  }
}

/** One reminder: the care contact, its customer, and its outbox message. */
interface Reminder {
  readonly contact: CareContactDue
  readonly customerId: string
  readonly phone: string
  readonly message: OutboxMessage
}

/** The outbox message id of a care contact's reminder on a demo day (unique in the tenant). */
export const reminderId = (day: CalendarDate, contact: CareContactDue): string =>
  `sms:${day}:${contact.cardId}:${contact.ruleId.replace(/^care\./, "")}`

/**
 * The day's care contacts due, each as an SMS reminder to its customer, in a stable order. A
 * contact the close of the day before already messaged (`closeDay` queues the care contacts due
 * that day, for the morning) keeps that message: the customer gets one SMS, not two.
 */
const remindersOn = (tenant: Tenant, day: CalendarDate, directory: Directory) =>
  Effect.gen(function* () {
    const scope = { dealerGroupId: tenant.dealerGroupId, storeId: tenant.storeId }
    const due = [...(yield* careDue(scope, day))].sort((a, b) =>
      a.on !== b.on
        ? a.on < b.on
          ? -1
          : 1
        : a.cardId !== b.cardId
          ? a.cardId < b.cardId
            ? -1
            : 1
          : a.ruleId < b.ruleId
            ? -1
            : 1
    )
    const cards = new Map((yield* allCards(tenant, { status: ["owned"] })).map((c) => [c.cardId, c]))
    const queued = (yield* Outbox.use((o) => o.list(scope))).filter((m) =>
      m.id.startsWith("close:careContact:")
    )
    // the messages are written the morning of the day, before the store opens
    const written = beijing(day, "08:30")
    return due.flatMap((contact): Array<Reminder> => {
      const card = cards.get(contact.cardId)
      if (card?.phone === undefined || card.customerId === undefined) return []
      const customerId = card.customerId
      const draft = notificationDraft({
        tenant,
        policy: defaultPolicy,
        at: written,
        // the day's reminder of the contact: a contact still due tomorrow is reminded again then
        key: `${contact.cardId}:${contact.ruleId}:${contact.on}:${day}`,
        to: {
          id: customerId,
          name: nameOf(directory, customerId),
          channel: "sms",
          to: [card.phone],
          customerId
        },
        data: {
          kind: "careContact",
          careKind: careKindOf(contact.ruleId),
          customerName: nameOf(directory, customerId),
          storeName: DEMO_STORE.name,
          storePhone: DEMO_STORE.phone,
          on: contact.on
        }
      })
      const closed = queued.find((m) =>
        m.id.startsWith(
          `close:careContact:${tenant.dealerGroupId}/${tenant.storeId}:${contact.cardId}:${contact.ruleId}:${contact.on}:`
        )
      )
      if (closed !== undefined) return [{ contact, customerId, phone: card.phone, message: closed }]
      const message: OutboxMessage = {
        id: reminderId(day, contact),
        idempotencyKey: draft.idempotencyKey ?? reminderId(day, contact),
        tenant,
        topic: draft.topic,
        recipient: draft.recipient,
        payload: draft.payload,
        availableAt: draft.availableAt ?? written,
        status: "pending",
        attempts: 0,
        lastError: undefined
      }
      return [{ contact, customerId, phone: card.phone, message }]
    })
  })

/**
 * Sends the reminders that are due through the loopback and handles its status reports: writes
 * the messages (a no-op for those already there), runs the dispatcher once on the demo day's
 * clock, and gives the receipt handler what the loopback reports.
 */
const sendThroughLoopback = (reminders: ReadonlyArray<Reminder>, day: CalendarDate) =>
  Effect.scoped(
    Effect.gen(function* () {
      yield* Outbox.use((outbox) => outbox.enqueue(reminders.map((r) => r.message)))
      const clock = shiftedClock(yield* Clock.Clock, beijing(day, "10:00"))
      const loopback = yield* SmsLoopback.scoped({
        provider: "aliyun",
        keys: { [KEY.id]: KEY.secret },
        now: clock.currentTimeMillisUnsafe
      })
      // consent as the delivery form recorded it (交车确认单: SMS care contacts), before the day
      const consent: ReadonlyArray<ConsentRecord> = reminders.map((r) => ({
        customerId: r.customerId,
        channel: "sms",
        status: "granted",
        at: beijing(r.contact.plannedOn, "00:00") - 86_400_000,
        source: "交车确认单 (delivery form)"
      }))
      const channels = SmsChannel.layer(smsConfig(loopback.providerConfig)).pipe(
        Layer.provide(ReceiptSink.layerStore)
      )
      yield* Effect.flatMap(
        makeDispatcher({ policy: () => defaultPolicy, claimant: "showroom-demo" }),
        (dispatcher) => dispatcher.runOnce
      ).pipe(
        Effect.provide(Layer.merge(channels, layerConsentRecords(consent))),
        Effect.provideService(Clock.Clock, clock)
      )
      if (loopback.accepted().length === 0) return
      // the provider's callback, as the showroom's receipt endpoint would handle it
      const body = JSON.stringify(loopback.statusReports())
      yield* SmsCallbacks.handle("aliyun", { body, token: CALLBACK_TOKEN }, { token: CALLBACK_TOKEN }).pipe(
        Effect.provide(ReceiptSink.layerStore)
      )
    })
  )

/**
 * The section: sends the day's reminders (what is not sent yet), then prints, from the store,
 * each reminder's receipt — customer, masked phone, care step, template, status, the provider's
 * id and the outbox message — and a summary line.
 */
export const renderSmsCare = (
  sim: {
    readonly tenant: Tenant
    readonly today: CalendarDate
    readonly directory: Directory
  },
  viewer: Viewer = DEFAULT_VIEWER
): Effect.Effect<string, unknown, JipanStore> =>
  Effect.gen(function* () {
    const title = heading(`短信关怀提醒 (SMS care reminders) — ${sim.today}`)
    const reminders = yield* remindersOn(sim.tenant, sim.today, sim.directory)
    if (reminders.length === 0) return `${title}\nNo care contacts due on ${sim.today}: nothing to send.`
    yield* sendThroughLoopback(reminders, sim.today)
    const scope = { dealerGroupId: sim.tenant.dealerGroupId, storeId: sim.tenant.storeId }
    const store = yield* DeliveryReceipts
    const ids = new Set(reminders.map((r) => r.message.id))
    const receipts = (yield* store.list(scope)).filter((r) => ids.has(r.messageId))
    const messages = new Map(
      (yield* Outbox.use((o) => o.list(scope))).filter((m) => ids.has(m.id)).map((m) => [m.id, m])
    )
    const rows: Array<ReadonlyArray<string>> = []
    for (const r of reminders) {
      const receipt = receipts.find((x) => x.messageId === r.message.id)
      const submission =
        receipt === undefined
          ? Option.none()
          : yield* store.lookup(receipt.provider, receipt.providerMessageId, receipt.phone)
      const status = messages.get(r.message.id)?.status ?? "pending"
      rows.push([
        shownName(sim.directory, r.customerId, viewer, r.contact.owner),
        shownPhone(receipt?.phone ?? r.phone, viewer, r.contact.owner),
        careLabel(r.contact.ruleId)["zh-CN"],
        r.contact.on,
        Option.match(submission, { onNone: () => "-", onSome: (s) => s.templateId ?? "-" }),
        receipt === undefined
          ? status === "sent"
            ? "已发送 (no receipt yet)"
            : `未发送 (${status})`
          : receipt.status === "delivered"
            ? "已送达"
            : `失败 ${receipt.code}`,
        receipt?.providerMessageId ?? "-",
        // the close of day's ids end with the recipient (channel and customer id): shown without it
        r.message.id.replace(/:sms:[^:]+$/, "")
      ])
    }
    const sent = reminders.filter((r) => messages.get(r.message.id)?.status === "sent").length
    const delivered = receipts.filter((r) => r.status === "delivered").length
    const failed = receipts.filter((r) => r.status === "failed").length
    return [
      title,
      [
        `The ${reminders.length} care contacts due, each a careContact SMS to the customer in the outbox of ${sim.tenant.dealerGroupId}/${sim.tenant.storeId}, consent granted;`,
        "sent by the dispatcher at 10:00 Beijing time to the Alibaba Cloud SMS loopback (SmsLoopback on 127.0.0.1,",
        "signatures verified), whose status reports went through DeliveryReceipts.handle. The receipts, read back from the store:"
      ].join("\n"),
      renderTable(
        [
          { header: "客户 (Customer)" },
          { header: "手机 (Phone)" },
          { header: "关怀 (Care)" },
          { header: "到期 (Due)" },
          { header: "模板 (Template)" },
          { header: "状态 (Status)" },
          { header: "回执编号 (BizId)" },
          { header: "外发消息 (Outbox message)" }
        ],
        rows
      ),
      `${reminders.length} 条提醒 (reminders): 已发送 (sent) ${sent}, 已送达 (delivered) ${delivered}, 失败 (failed) ${failed}`
    ].join("\n")
  })
