// The close of day (#16.6): lapse downgrades as events with their rule ids, vouchers expired past
// their date, the day's care messages; and running it twice for a day changes nothing the second time.
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import * as fc from "fast-check"
import {
  type CardCommandInput,
  CardStore,
  createJipan,
  type Jipan,
  makeMemory,
  makeTenant,
  type NotificationDirectory
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const base = Date.parse("2026-10-01T10:00:00+08:00")
const at = (n: number) => base + n * 86_400_000
const dayOf = (n: number) => new Date(at(n) + 8 * 3_600_000).toISOString().slice(0, 10)
const night = (n: number) => at(n) + 12 * 3_600_000
const wang = { id: "c-wang", role: "consultant" as const }

const phoneOf = (i: number) => `+86139${String(10_000_000 + i).slice(-8)}`
const open = (i: number, n: number): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${i}`,
  storeId: "store-01",
  customerId: `cust-${i}`,
  phone: phoneOf(i),
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: wang,
  at: at(n)
})
const regrade = (grade: "H" | "A" | "B" | "C", n: number): CardCommandInput => ({
  _tag: "Regrade",
  grade,
  justification: "met the customer",
  by: wang,
  at: at(n)
})

const directory: NotificationDirectory = {
  store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
  consultant: (id) => ({ id, name: "王", channel: "wecom" }),
  supervisors: () => [],
  customer: (id) => ({ id, name: "陈先生", channel: "sms", to: ["13800001234"], customerId: id })
}

const snapshot = async (jipan: Jipan) => ({
  cards: await jipan.listCards({ dealerGroupId: "grp-east" }, {}, { limit: 500 }),
  ledger: await jipan.ledger({ dealerGroupId: "grp-east" }),
  outbox: await jipan.outbox({ dealerGroupId: "grp-east" })
})

/**
 * The memory store with its card store changed: `loadStates`/`appendMany` left out (the close
 * lapses a card at a time), or counted, or refusing every batch (as if each card moved meanwhile).
 */
const storeWith = (kind: "oneAtATime" | "batched" | "batchRefused", calls = { batches: 0 }) =>
  Layer.effectContext(
    Effect.sync(() => {
      const context = makeMemory()
      const cards = Context.get(context, CardStore)
      const appendMany = cards.appendMany
      if (appendMany === undefined) throw new Error("the memory store batches its appends")
      return Context.add(
        context,
        CardStore,
        kind === "oneAtATime"
          ? { ...cards, loadStates: undefined, appendMany: undefined }
          : {
              ...cards,
              appendMany: (t, appends) => {
                calls.batches++
                return kind === "batched" ? appendMany(t, appends) : Effect.succeed(appends.map(() => false))
              }
            }
      )
    })
  )

/** A card of the properties: its grade, the day it opened, when (if ever) it was called. */
const cardFields = {
  grade: fc.constantFrom("H" as const, "A" as const, "B" as const, "C" as const),
  openDay: fc.integer({ min: 0, max: 20 }),
  contactAfter: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined })
}

/** Opens each card in its store (store-01 unless named), grades it, and logs its contact if any. */
const seed = async (
  jipan: Jipan,
  cards: ReadonlyArray<{
    readonly grade: "H" | "A" | "B" | "C"
    readonly openDay: number
    readonly contactAfter: number | undefined
    readonly store?: string
  }>
) => {
  for (const [i, c] of cards.entries()) {
    const t = makeTenant("grp-east", c.store ?? "store-01")
    await jipan.handle(t, `card-${i}`, { ...open(i, c.openDay), storeId: t.storeId } as CardCommandInput)
    await jipan.handle(t, `card-${i}`, regrade(c.grade, c.openDay))
    if (c.contactAfter !== undefined)
      await jipan.handle(t, `card-${i}`, {
        _tag: "LogContact",
        channel: "call",
        outcome: "reached",
        evidence: {},
        by: wang,
        at: at(c.openDay + c.contactAfter) + 1000
      } as CardCommandInput)
  }
}

describe("closeDay", () => {
  it("lowers an overdue prospect's grade one step with the lapse rule's id, once a day", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", open(1, 0))
    await jipan.handle(tenant, "card-1", regrade("A", 0))
    // A is due after 4 days (day 4); the downgrade step applies from 7 days overdue (day 11)
    const early = await jipan.closeDay({ dealerGroupId: "grp-east" }, dayOf(10), night(10))
    expect(early.lapsed).toEqual([])
    const closed = await jipan.closeDay({ dealerGroupId: "grp-east" }, dayOf(11), night(11))
    expect(closed.lapsed).toEqual([
      { tenant, cardId: "card-1", from: "A", to: "B", ruleId: "followUp.lapse.downgrade" }
    ])
    const card = await jipan.card(tenant, "card-1")
    expect(card.state.grade).toBe("B")
    expect(card.history.at(-1)).toMatchObject({
      _tag: "GradeLapsed",
      from: "A",
      grade: "B",
      stepId: "lapse.downgrade"
    })
    const again = await jipan.closeDay({ dealerGroupId: "grp-east" }, dayOf(11), night(11) + 60_000)
    expect(again.lapsed).toEqual([])
    expect((await jipan.card(tenant, "card-1")).version).toBe(card.version)
    await jipan.close()
  })

  it("expires an issued voucher past its date, and queues the day's care messages with a directory", async () => {
    const jipan = createJipan()
    // the referee's card, the referral audited, then ordered, delivered, approved and issued
    await jipan.handle(tenant, "card-9", open(9, 0))
    await jipan.handleReferral(tenant, "ref-1", {
      _tag: "Register",
      on: dayOf(0),
      registration: {
        referralId: "ref-1",
        storeId: "store-01",
        consultantId: "c-wang",
        registeredOn: dayOf(0),
        askedAt: "delivery",
        referrer: { kind: "ownedCustomer", id: "cust-old", phone: "138 0000 0001" },
        referee: { name: "李四", phone: phoneOf(9) }
      }
    })
    await jipan.handleReferral(tenant, "ref-1", {
      _tag: "Recheck",
      on: dayOf(1),
      context: {
        existing: [],
        earlierClaims: [],
        refereeConfirmation: { on: dayOf(1), namedReferrerId: "cust-old" },
        phoneAudit: { on: dayOf(1), outcome: "realProspect" }
      }
    })
    await jipan.handle(tenant, "card-9", {
      _tag: "PlaceOrder",
      orderId: "SO-9",
      model: "GL8",
      by: wang,
      at: at(2)
    })
    await jipan.handle(tenant, "card-9", {
      _tag: "Deliver",
      vehicle: { vin: "LSVAU2187N2123456", brand: "Buick", model: "GL8" },
      deliveredOn: dayOf(3),
      by: wang,
      at: at(3)
    })
    await jipan.handleReferral(tenant, "ref-1", { _tag: "Approve", on: dayOf(40) })
    const issued = await jipan.handleReferral(tenant, "ref-1", {
      _tag: "IssueReward",
      on: dayOf(41),
      voucherId: "v-1",
      choiceId: "maintenance"
    })
    const expiresOn = issued.state.voucher?.expiresOn as string
    const care = await jipan.careDue(tenant, dayOf(60))
    const firstCare = care[0]
    expect(firstCare).toBeDefined()
    const careDay = firstCare?.on as string
    const n = Math.round((Date.parse(careDay) - Date.parse(dayOf(0))) / 86_400_000)
    const withMessages = await jipan.closeDay(tenant, careDay, night(n), { directory })
    expect(withMessages.messages.length).toBeGreaterThan(0)
    const outbox = await jipan.outbox(tenant)
    expect(outbox.map((m) => m.id).sort()).toEqual([...withMessages.messages].sort())
    await jipan.closeDay(tenant, careDay, night(n) + 1000, { directory })
    expect((await jipan.outbox(tenant)).length).toBe(outbox.length)

    const m = Math.round((Date.parse(expiresOn) - Date.parse(dayOf(0))) / 86_400_000) + 1
    const expired = await jipan.closeDay(tenant, dayOf(m), night(m))
    expect(expired.vouchersExpired).toEqual([{ tenant, referralId: "ref-1", voucherId: "v-1" }])
    expect((await jipan.referral(tenant, "ref-1")).state.status).toBe("expired")
    const ledger = await jipan.ledger(tenant)
    expect(ledger.map((r) => r.entry.kind)).toEqual(["issued", "expired"])
    await jipan.close()
  })

  it("property: closing a day twice changes nothing the second time", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record(cardFields), { maxLength: 6 }),
        fc.integer({ min: 20, max: 60 }),
        async (cards, closeOn) => {
          const jipan = createJipan()
          try {
            await seed(jipan, cards)
            await jipan.closeDay({ dealerGroupId: "grp-east" }, dayOf(closeOn), night(closeOn), { directory })
            const once = await snapshot(jipan)
            const twice = await jipan.closeDay(
              { dealerGroupId: "grp-east" },
              dayOf(closeOn),
              night(closeOn) + 1,
              {
                directory
              }
            )
            expect(twice.lapsed).toEqual([])
            expect(twice.vouchersExpired).toEqual([])
            expect(await snapshot(jipan)).toEqual(once)
          } finally {
            await jipan.close()
          }
        }
      ),
      { numRuns: 30 }
    )
  })

  it("property: lapsing in batches changes the store exactly as lapsing a card at a time, also when every batch is refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ...cardFields, store: fc.constantFrom("store-01", "store-02") }), {
          maxLength: 8
        }),
        fc.integer({ min: 20, max: 60 }),
        async (cards, closeOn) => {
          const closes = await Promise.all(
            (["oneAtATime", "batched", "batchRefused"] as const).map(async (kind) => {
              const calls = { batches: 0 }
              const jipan = createJipan({ store: storeWith(kind, calls) })
              try {
                await seed(jipan, cards)
                const closed = await jipan.closeDay(
                  { dealerGroupId: "grp-east" },
                  dayOf(closeOn),
                  night(closeOn)
                )
                const histories = await Promise.all(
                  cards.map((c, i) => jipan.card(makeTenant("grp-east", c.store), `card-${i}`))
                )
                return { closed, histories, snapshot: await snapshot(jipan), calls: calls.batches }
              } finally {
                await jipan.close()
              }
            })
          )
          const [alone, batched, refused] = closes as [
            (typeof closes)[0],
            (typeof closes)[0],
            (typeof closes)[0]
          ]
          expect(batched.closed).toEqual(alone.closed)
          expect(batched.histories).toEqual(alone.histories)
          expect(batched.snapshot).toEqual(alone.snapshot)
          expect(refused.closed).toEqual(alone.closed)
          expect(refused.histories).toEqual(alone.histories)
          expect(refused.snapshot).toEqual(alone.snapshot)
          // the batches were used whenever something lapsed
          if (alone.closed.lapsed.length > 0) expect(batched.calls).toBeGreaterThan(0)
        }
      ),
      { numRuns: 40 }
    )
  })
})
