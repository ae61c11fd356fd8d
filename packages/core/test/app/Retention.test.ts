// Retention (#19.4): the close of day erases a person whose every card has been defeated or
// invalid for the policy's months, and the phone of a visit never carded after its days.
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  addDays,
  addMonths,
  type CalendarDate,
  type CardCommandInput,
  createJipan,
  makeTenant
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const group = { dealerGroupId: "grp-east" }
const wang = { id: "c-wang", role: "consultant" as const }
const boss = { id: "s-zhao", role: "supervisor" as const }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const phoneOf = (i: number) => `+86139${String(10_000_000 + i).slice(-8)}`
const day = (d: string) => d as CalendarDate

const open = (i: number, cardId: string, on: string): CardCommandInput => ({
  _tag: "OpenCard",
  cardId,
  storeId: "store-01",
  customerId: `cust-${i}`,
  phone: phoneOf(i),
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: wang,
  at: at(on)
})
const defeat = async (jipan: ReturnType<typeof createJipan>, i: number, cardId: string, on: string) => {
  await jipan.handle(tenant, cardId, open(i, cardId, on))
  await jipan.handle(tenant, cardId, {
    _tag: "RequestDefeat",
    defeat: { typeId: "boughtElsewhere", reasonId: "competitor", competitor: { brand: "BYD", model: "Han" } },
    by: wang,
    at: at(on, 11)
  })
  await jipan.handle(tenant, cardId, { _tag: "ApproveDefeat", by: boss, at: at(on, 12) })
}
const close = (jipan: ReturnType<typeof createJipan>, on: string) => jipan.closeDay(group, on, at(on, 23))

describe("the retention sweep at the close of day", () => {
  it("erases a person defeated for 24 months, not a day before, and not one with a live card", async () => {
    const jipan = createJipan()
    await defeat(jipan, 1, "card-1", "2024-03-01")
    // person 2: defeated long ago, but also on the broad base as an other-brand owner
    await defeat(jipan, 2, "card-2", "2024-03-01")
    await jipan.handle(tenant, "card-3", {
      _tag: "RecordBroadBase",
      cardId: "card-3",
      storeId: "store-01",
      customerId: "cust-2",
      phone: phoneOf(2),
      owner: "c-wang",
      kind: "otherBrandOwner",
      source: "outbound",
      vehicle: { brand: "Toyota", model: "Camry", vin: "" },
      boughtOn: "2021-05-01",
      by: wang,
      at: at("2026-02-01")
    })
    // person 4: a card closed as invalid (wrong number): 6 months
    await jipan.handle(tenant, "card-4", open(4, "card-4", "2025-09-01"))
    await jipan.handle(tenant, "card-4", {
      _tag: "MarkInvalid",
      reasonId: "noIntent",
      by: { id: "dcrc-1", role: "dcrc" },
      at: at("2025-09-01", 11)
    })
    const before = await close(jipan, "2026-02-28")
    expect(before.retention.erased).toEqual([])
    // 24 months after the defeat, 6 after the invalid card
    const due = await close(jipan, "2026-03-01")
    expect(due.retention.erased.flatMap((e) => e.cards.map((c) => c.cardId))).toEqual(["card-1", "card-4"])
    expect((await jipan.card(tenant, "card-1")).state.phone).toBe("+0")
    expect((await jipan.card(tenant, "card-2")).state.phone).toBe(phoneOf(2))
    // the audit log says why, without the phone
    const log = await jipan.auditLog("grp-east", { actions: ["erase"] })
    expect(log.records.map((r) => [r.id, r.viewer.role, r.reason])).toEqual([
      ["retention-2026-03-01-1", "system", "retention period over (2026-03-01)"],
      ["retention-2026-03-01-2", "system", "retention period over (2026-03-01)"]
    ])
    // closing again changes nothing
    const again = await close(jipan, "2026-03-01")
    expect([again.retention.erased.length, again.retention.visits]).toEqual([0, 0])
  })

  it("removes the phone of a visit never carded after 90 days, keeps a carded one's", async () => {
    const jipan = createJipan()
    const visit = (id: string, phone: string, cardId?: string) => ({
      tenant,
      visitId: id,
      at: at("2026-01-10"),
      on: "2026-01-10",
      kind: "walkIn",
      ordinal: "first",
      consultant: "c-wang",
      phone,
      ...(cardId === undefined ? {} : { cardId })
    })
    await jipan.handle(tenant, "card-9", open(9, "card-9", "2026-01-10"))
    await jipan.recordVisits(group, [visit("v-1", phoneOf(8)), visit("v-2", phoneOf(9), "card-9")])
    expect((await close(jipan, "2026-04-09")).retention.visits).toBe(0)
    expect((await close(jipan, "2026-04-10")).retention.visits).toBe(1)
    const data = await jipan.exportPersonalData("grp-east", phoneOf(8), {
      by: { role: "dcrc" },
      reason: "check",
      at: at("2026-04-11"),
      accessId: "a-1"
    })
    expect(data.visits).toEqual([])
  })

  it("property: a person is erased exactly when every card of theirs is past its retention", async () => {
    // a person's cards one after another: each closed as invalid but the last, which may be defeated
    const person = fc
      .uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 3 })
      .chain((ms) =>
        fc
          .boolean()
          .map((lastDefeated) =>
            [...ms]
              .sort((a, b) => a - b)
              .map((m, i, all) => ({ m, defeated: lastDefeated && i === all.length - 1 }))
          )
      )
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 70 }),
        async (people, closeAfter) => {
          const jipan = createJipan()
          const start = day("2022-01-15")
          let n = 0
          for (const [k, cards] of people.entries())
            for (const c of cards) {
              const cardId = `card-${++n}`
              const on = addMonths(start, c.m)
              if (c.defeated) await defeat(jipan, k + 1, cardId, on)
              else {
                await jipan.handle(tenant, cardId, open(k + 1, cardId, on))
                await jipan.handle(tenant, cardId, {
                  _tag: "MarkInvalid",
                  reasonId: "noIntent",
                  by: { id: "dcrc-1", role: "dcrc" },
                  at: at(on, 11)
                })
              }
            }
          const on = addDays(addMonths(start, closeAfter), 1)
          const closed = await close(jipan, on)
          const erased = new Set(closed.retention.erased.flatMap((e) => e.cards.map((c) => c.cardId)))
          n = 0
          for (const cards of people) {
            const ids = cards.map(() => `card-${++n}`)
            const expired = cards.every((c) => addMonths(addMonths(start, c.m), c.defeated ? 24 : 6) <= on)
            for (const id of ids) expect(erased.has(id as never), id).toBe(expired)
          }
        }
      ),
      { numRuns: 15 }
    )
  })
})
