// The base-visit plan (PDCA) and broad-base cards through the offline backend on PGlite in Node,
// on a working day after the demo's (2026-12-16: December's week 3), as the views send them.
import { CalendarDate, carePlanOf, defaultPolicy } from "@jipan/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CabinetBackend, VisitPlanReads } from "../src/backend/CabinetBackend.js"
import { openOffline } from "../src/backend/offline.js"

const DAY = "2026-12-16"
const MONTH = "2026-12"
const wang = { id: "c-wang", role: "consultant" } as const

describe("the base-visit plan and broad-base cards (offline backend)", () => {
  let backend: CabinetBackend
  let plans: VisitPlanReads
  beforeAll(async () => {
    backend = await openOffline({ dataDir: undefined, today: DAY })
    if (backend.visitPlans === undefined) throw new Error("the offline backend has plan reads")
    plans = backend.visitPlans
  }, 120_000)
  afterAll(() => backend?.close())

  const wangRow = async () => (await plans.check(MONTH, DAY)).find((r) => r.consultantId === "c-wang")
  const send = (cardId: string, command: Record<string, unknown>) =>
    backend.handle(cardId, { ...command, by: wang, at: backend.now() })

  it("works on the day asked for, and ignores a day before the demo's", async () => {
    expect(backend.today).toBe(DAY)
    expect(new Date(backend.now()).toISOString().slice(0, 10)).toBe(DAY)
    const early = await openOffline({ dataDir: undefined, today: "2026-01-01" })
    expect(early.today).toBe("2026-11-23")
    await early.close()
  }, 120_000)

  let cardId = ""
  it("plans a card, counts a past week as missed, and re-plans it for the running week", async () => {
    const card = (await backend.tiles("c-wang")).find((x) => x.status === "prospect")
    if (card === undefined) throw new Error("no prospect of c-wang")
    cardId = card.cardId
    expect(await wangRow()).toBeUndefined()

    await send(cardId, { _tag: "PlanVisit", month: MONTH, week: 2, means: "call" })
    expect((await backend.tiles()).find((x) => x.cardId === cardId)?.visitPlans).toEqual([
      { month: MONTH, week: 2, means: "call" }
    ])
    expect(await wangRow()).toMatchObject({
      planned: 1,
      done: 0,
      missed: 1,
      pending: 0,
      missedCardIds: [cardId]
    })

    await send(cardId, { _tag: "PlanVisit", month: MONTH, week: 3, means: "visit" })
    expect(await wangRow()).toMatchObject({ planned: 1, done: 0, missed: 0, pending: 1, missedCardIds: [] })
  })

  it("counts the card done (by the planned means) once contacted in its week", async () => {
    await send(cardId, {
      _tag: "LogContact",
      channel: "showroomVisit",
      outcome: "reached",
      evidence: { purchaseTimeframeDays: 20, modelOfInterest: "GL8" }
    })
    expect(await wangRow()).toMatchObject({
      planned: 1,
      done: 1,
      doneByPlannedMeans: 1,
      missed: 0,
      pending: 0
    })
    // the daily report of the day counts it too
    const daily = await backend.daily(DAY)
    expect(JSON.stringify(daily)).toContain("plannedVisitsDone")
  })

  it("suggests only the consultant's own cards, in weeks 1–5", async () => {
    const suggested = await plans.suggest("c-wang", MONTH)
    const mine = new Set((await backend.tiles("c-wang")).map((x) => x.cardId))
    for (const s of suggested) {
      expect(mine.has(s.cardId)).toBe(true)
      expect(s.week).toBeGreaterThanOrEqual(1)
      expect(s.week).toBeLessThanOrEqual(5)
    }
  })

  it("takes a card out of the plan", async () => {
    await send(cardId, { _tag: "UnplanVisit", month: MONTH })
    expect(await wangRow()).toBeUndefined()
    expect((await backend.tiles()).find((x) => x.cardId === cardId)?.visitPlans).toEqual([])
  })

  const record = (id: string, kind: string, phone: string) =>
    send(id, {
      _tag: "RecordBroadBase",
      cardId: id,
      storeId: backend.tenant.storeId,
      customerId: `cust-${id}`,
      phone,
      owner: "c-wang",
      kind,
      source: "outbound",
      vehicle: { brand: "Toyota", model: "Camry", vin: "" },
      boughtOn: "2022-03-10"
    })

  it("records an other-brand owner, planned by its kind's mining rules", async () => {
    const handled = await record("base-t1", "otherBrandOwner", "+8613912340001")
    expect(handled.state.status).toBe("broadBase")
    const rules = new Set(
      carePlanOf(handled.state, defaultPolicy, CalendarDate.make(DAY))?.contacts.map((c) => c.ruleId)
    )
    for (const r of ["mining.keepInTouch", "mining.newModels", "mining.replacement.otherBrand"])
      expect(rules).toContain(r)
    expect(rules).not.toContain("mining.serviceInvite")
    const due = await backend.careDue("2027-12-31", "c-wang")
    expect(due.filter((c) => c.cardId === "base-t1").map((c) => c.ruleId)).toContain("mining.keepInTouch")
    expect((await backend.tiles()).find((x) => x.cardId === "base-t1")).toMatchObject({
      status: "broadBase",
      broadBase: "otherBrandOwner",
      model: "Camry"
    })
  })

  it("records an owner of our brand bought elsewhere with its own rules", async () => {
    const handled = await record("base-t2", "boughtElsewhere", "+8613912340002")
    const rules = new Set(
      carePlanOf(handled.state, defaultPolicy, CalendarDate.make(DAY))?.contacts.map((c) => c.ruleId)
    )
    expect(rules).toContain("mining.serviceInvite")
    expect(rules).not.toContain("mining.newModels")
  })

  it("mines an owned customer: the linked prospect card opens and joins the cabinet", async () => {
    const owned = (await backend.tiles("c-wang")).find((x) => x.status === "owned")
    if (owned === undefined) throw new Error("no owned customer of c-wang")
    const newCardId = `${owned.cardId}-m1`
    const handled = await send(owned.cardId, { _tag: "MineOwner", kind: "additionalPurchase", newCardId })
    expect(handled.linked?.cardId).toBe(newCardId)
    expect((await backend.tiles()).find((x) => x.cardId === newCardId)).toMatchObject({
      status: "prospect",
      owner: "c-wang",
      phone: owned.phone
    })
    expect((await backend.card(newCardId)).state.linkedTo).toEqual({
      cardId: owned.cardId,
      kind: "additionalPurchase"
    })
  })

  it("mines a broad-base owner: the linked prospect card opens and joins the cabinet", async () => {
    const handled = await send("base-t1", { _tag: "MineOwner", kind: "replacement", newCardId: "base-t1-m1" })
    expect(handled.state.minedCards).toEqual([{ cardId: "base-t1-m1", kind: "replacement" }])
    const mined = (await backend.tiles()).find((x) => x.cardId === "base-t1-m1")
    expect(mined).toMatchObject({ status: "prospect", owner: "c-wang", phone: "+8613912340001" })
    const card = await backend.card("base-t1-m1")
    expect(card.state.linkedTo).toEqual({ cardId: "base-t1", kind: "replacement" })
  })
})
