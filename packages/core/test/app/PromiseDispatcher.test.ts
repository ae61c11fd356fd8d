// The dispatcher's Promise face (#16.8): runOnce/runUntilIdle send what the facade's commands
// queued, start/stop run it in the background.
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  type CardCommandInput,
  type ChannelMessage,
  createJipan,
  defaultPolicy,
  makeTenant,
  notificationDraft
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const at = Date.parse("2026-11-22T10:00:00+08:00")
const open = (i: number): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${i}`,
  storeId: "store-01",
  customerId: `cust-${i}`,
  phone: `+86139${String(10_000_000 + i).slice(-8)}`,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: "c-wang", role: "consultant" },
  at: at + i
})

const jipanWithMessages = () =>
  createJipan({
    messages: (change) => [
      notificationDraft({
        tenant: change.tenant,
        policy: defaultPolicy,
        at: change.command.at,
        key: `${change.cardId}:${change.state.version}`,
        to: { id: "c-wang", name: "王", channel: "console" },
        data: {
          kind: "cardAssigned",
          consultantName: "王",
          reason: "opened",
          card: { cardId: change.cardId }
        }
      })
    ]
  })

describe("the dispatcher with Promises", () => {
  it("runUntilIdle sends every queued message once, through the named channel", async () => {
    const jipan = jipanWithMessages()
    for (let i = 0; i < 5; i++) await jipan.handle(tenant, `card-${i}`, open(i))
    const sent: Array<ChannelMessage> = []
    const dispatcher = jipan.dispatcher({
      channels: [{ name: "console", send: (m) => Effect.sync(() => void sent.push(m)) }],
      batchSize: 2
    })
    expect(await dispatcher.runUntilIdle()).toBe(5)
    expect(sent.map((m) => m.messageId).sort()).toEqual(
      (await jipan.outbox(tenant, "sent")).map((m) => m.id).sort()
    )
    expect((await dispatcher.runOnce()).claimed).toBe(0)
    await dispatcher.close()
    await jipan.close()
  })

  it("start() keeps sending in the background until stop()", async () => {
    const jipan = jipanWithMessages()
    const sent: Array<string> = []
    const dispatcher = jipan.dispatcher({
      channels: [{ name: "console", send: (m) => Effect.sync(() => void sent.push(m.messageId ?? "")) }],
      pollIntervalMs: 10
    })
    dispatcher.start()
    dispatcher.start()
    await jipan.handle(tenant, "card-1", open(1))
    for (let i = 0; i < 200 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(sent).toHaveLength(1)
    expect(dispatcher.running()).toBe(true)
    await dispatcher.stop()
    expect(dispatcher.running()).toBe(false)
    await jipan.handle(tenant, "card-2", open(2))
    await new Promise((r) => setTimeout(r, 50))
    expect(sent).toHaveLength(1)
    expect(await jipan.outbox(tenant, "pending")).toHaveLength(1)
    await jipan.close()
  })
})
