import { Clock, Effect, Ref } from "effect"
import {
  ChannelError,
  type ChannelMessage,
  type ConsultantId,
  type Contact,
  defaultPolicy,
  makeTenant,
  type NotificationDirectory,
  type NotifierChannel,
  type OutboxDraft,
  type OutboxMessage,
  type Policy,
  type Tenant
} from "../src/index.js"

export const tenant = makeTenant("grp-east", "store-01")

export const people: Record<string, Contact> = {
  "c-wang": { id: "c-wang", name: "王强", channel: "wecom", mentions: ["13900001111"] },
  "c-li": { id: "c-li", name: "李娜", channel: "email", to: ["li@store.example"] }
}

export const directory: NotificationDirectory = {
  store: () => ({ name: "东方丰田", phone: "021-5555 0000" }),
  consultant: (id: ConsultantId) => people[id],
  supervisors: () => [{ id: "s-zhao", name: "赵主管", channel: "wecom" }],
  customer: (id: string) => ({
    id,
    name: id === "cust-card-1" ? "张伟" : "陈静",
    channel: "sms",
    to: ["13800001234"],
    customerId: id
  })
}

export const policyWith = (n: Partial<Policy["notifications"]>): Policy => ({
  ...defaultPolicy,
  notifications: { ...defaultPolicy.notifications, ...n }
})

let seq = 0
/** An outbox message from a draft, as `handleCard` would write it. */
export const messageOf = (draft: OutboxDraft, at = 0, t: Tenant = tenant): OutboxMessage => {
  const id = `m-${++seq}`
  return {
    id,
    idempotencyKey: draft.idempotencyKey ?? id,
    tenant: t,
    topic: draft.topic,
    recipient: draft.recipient,
    payload: draft.payload,
    availableAt: draft.availableAt ?? at,
    status: "pending",
    attempts: 0,
    lastError: undefined
  }
}

export interface Sent {
  readonly key: string
  readonly at: number
  readonly message: ChannelMessage
}

/** A channel that records what it was given and answers with `answer(n)` for the n-th call. */
export const recordingChannel = (
  name: string,
  answer: (n: number, m: ChannelMessage) => "ok" | "retry" | "permanent" = () => "ok"
) =>
  Effect.gen(function* () {
    const sent = yield* Ref.make<ReadonlyArray<Sent>>([])
    let calls = 0
    const channel: NotifierChannel = {
      name,
      send: (message) =>
        Effect.gen(function* () {
          const at = yield* Clock.currentTimeMillis
          const a = answer(++calls, message)
          if (a === "ok") {
            yield* Ref.update(sent, (s) => [...s, { key: message.idempotencyKey, at, message }])
            return
          }
          return yield* new ChannelError({
            channel: name,
            reason: a === "retry" ? "HttpStatus" : "Rejected",
            retryable: a === "retry",
            message: a === "retry" ? "503 Service Unavailable" : "422 Unprocessable"
          })
        })
    }
    return { channel, sent: Ref.get(sent) }
  })
