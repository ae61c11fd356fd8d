/**
 * Shared by the dispatcher test and the bench: customer care messages to the SMS channel, the
 * consent that lets them go, and a policy whose customer hours are the whole day (so a test at
 * night in Beijing is not held by quiet hours).
 */
import {
  type ConsentRecord,
  defaultPolicy,
  makeTenant,
  notificationDraft,
  type OutboxMessage,
  type Policy,
  type Tenant
} from "@jipan/core"

export const tenant: Tenant = makeTenant("grp-sms", "store-01")

/** Customer hours 00:00–24:00: the dispatcher compares minutes of the day, so every minute is in. */
export const allDay: Policy = {
  ...defaultPolicy,
  notifications: { ...defaultPolicy.notifications, customerHours: { from: "00:00", to: "24:00" } }
}

export const consent = (customers: ReadonlyArray<string>): ReadonlyArray<ConsentRecord> =>
  customers.map((customerId) => ({
    customerId,
    channel: "sms",
    status: "granted",
    at: 0,
    source: "delivery form"
  }))

/** `n` maintenance reminders by SMS, one customer each (`cust-<prefix>-<i>`), due at `at`. */
export const smsMessages = (n: number, at: number, prefix = "m"): Array<OutboxMessage> =>
  Array.from({ length: n }, (_, i) => {
    const key = `${prefix}-${i}`
    const customerId = `cust-${key}`
    const draft = notificationDraft({
      tenant,
      policy: allDay,
      at,
      key,
      to: {
        id: customerId,
        name: "王先生",
        channel: "sms",
        to: [`138${String(i % 100_000_000).padStart(8, "0")}`],
        customerId
      },
      data: {
        kind: "careContact",
        careKind: "maintenance",
        customerName: "王先生",
        storeName: "东方丰田",
        on: "2026-11-22",
        vehicle: "卡罗拉"
      }
    })
    return {
      id: key,
      idempotencyKey: draft.idempotencyKey ?? key,
      tenant,
      topic: draft.topic,
      recipient: draft.recipient,
      payload: draft.payload,
      availableAt: at,
      status: "pending",
      attempts: 0,
      lastError: undefined
    }
  })
