import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CabinetBackend } from "../src/backend/CabinetBackend.js"
import { DEMO_CARDS, DEMO_TODAY } from "../src/backend/demo.js"
import { openOffline } from "../src/backend/offline.js"

describe("the offline backend (createJipan on PGlite through the browser SqlClient)", () => {
  let backend: CabinetBackend
  beforeAll(async () => {
    backend = await openOffline({ dataDir: undefined })
  }, 120_000)
  afterAll(() => backend?.close())

  it("seeds the demo store deterministically", async () => {
    const tiles = await backend.tiles()
    expect(tiles.length).toBe(DEMO_CARDS)
    expect(tiles.some((x) => x.status === "owned")).toBe(true)
    expect(tiles.some((x) => x.status === "defeatRequested")).toBe(true)
    const work = await backend.workList("c-wang", DEMO_TODAY)
    expect(work.dueToday.length + work.overdue.length).toBeGreaterThan(0)
  })

  it("logs a contact and moves the card to another drawer", async () => {
    const tiles = await backend.tiles("c-li")
    const card = tiles.find((x) => x.status === "prospect")
    if (card === undefined) throw new Error("no prospect")
    const handled = await backend.handle(card.cardId, {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: {
        purchaseTimeframeDays: 5,
        modelChosen: true,
        testDriveDone: true,
        budgetSettled: true,
        decisionMakerPresent: true,
        colourChosen: true
      },
      by: { id: "c-li", role: "consultant" },
      at: Date.parse(`${DEMO_TODAY}T11:00:00+08:00`)
    })
    expect(handled.state.grade).toBe("H")
    expect((await backend.tiles()).find((x) => x.cardId === card.cardId)?.grade).toBe("H")
  })

  it("reads the supervisor's reports", async () => {
    const daily = await backend.daily(DEMO_TODAY)
    expect(daily.rows.length).toBeGreaterThan(0)
    const analytics = await backend.analytics("2026-10-24", DEMO_TODAY)
    expect(analytics).toBeDefined()
    const findings = await backend.findings(DEMO_TODAY)
    expect(findings).toBeDefined()
  })
})
