// @vitest-environment happy-dom
// The base-visit plan view and the broad-base forms under happy-dom, on a backend that runs the
// core's card decider: what each control sends, and that the core decodes it.
import { decodeCardCommand } from "@jipan/core"
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react"
import * as Result from "effect/Result"
import { afterEach, describe, expect, it } from "vitest"
import type { CabinetBackend, VisitPlanReads } from "../src/backend/CabinetBackend.js"
import { makeVin } from "../src/backend/demo.js"
import { type Cabinet, CabinetContext, translator } from "../src/context.js"
import { CardView } from "../src/views/CardView.js"
import { NewBroadBase } from "../src/views/NewCard.js"
import { VisitPlan } from "../src/views/VisitPlan.js"
import { deciderBackend } from "./deciderBackend.js"
import { fakeBackend } from "./fakeBackend.js"

const withCabinet = (ui: React.ReactNode, over: Partial<Cabinet> = {}) =>
  render(
    <CabinetContext.Provider
      value={{
        backend: fakeBackend([]),
        locale: "zh-CN",
        role: "consultant",
        consultant: "c-wang",
        revision: 0,
        t: translator(over.locale ?? "zh-CN"),
        changed: () => {},
        navigate: () => {},
        ...over
      }}
    >
      {ui}
    </CabinetContext.Provider>
  )
// the views read through a few promises (tiles, suggestion, check): let them all land
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => {})
}
const click = async (selector: string) => {
  await act(async () => {
    fireEvent.click(document.querySelector(selector) as Element)
  })
  await settle()
}
const pick = (selector: string, value: string) => {
  const field = document.querySelector(selector) as Element
  fireEvent.input(field, { target: { value } })
  fireEvent.change(field, { target: { value } })
}
const decodes = (command: Record<string, unknown> | undefined) => Result.isSuccess(decodeCardCommand(command))

afterEach(cleanup)

/** The decider's backend with plan reads: a fixed suggestion and a recorded check. */
const planBackend = () => {
  const base = deciderBackend({ "card-1": "prospect", "card-2": "prospect" })
  const checks: Array<readonly [string, string]> = []
  const visitPlans: VisitPlanReads = {
    suggest: async () => [{ cardId: "card-2" as never, week: 4, means: "call", why: "followUp.due" }],
    check: async (month, asOf) => {
      checks.push([month, asOf])
      return [
        {
          consultantId: "c-wang" as never,
          planned: 3,
          done: 1,
          doneByPlannedMeans: 1,
          missed: 1,
          pending: 1,
          missedCardIds: ["card-9" as never]
        },
        {
          consultantId: "c-li" as never,
          planned: 2,
          done: 2,
          doneByPlannedMeans: 0,
          missed: 0,
          pending: 0,
          missedCardIds: []
        }
      ]
    }
  }
  return Object.assign({}, base, { visitPlans, checks, sent: base.sent })
}

describe("the base-visit plan view", () => {
  it("plans a suggested card with the week and means picked, as a PlanVisit the core decodes", async () => {
    const backend = planBackend()
    withCabinet(<VisitPlan />, { backend })
    await settle()
    const row = document.querySelector('[data-testid=plan-lines] tr[data-card="card-2"]') as Element
    expect(row.getAttribute("data-planned")).toBe("")
    expect(row.textContent).toContain("第4周")
    expect(row.textContent).toContain("跟进到期")
    pick('tr[data-card="card-2"] select[name=week]', "2")
    pick('tr[data-card="card-2"] select[name=means]', "visit")
    await click('tr[data-card="card-2"] button[data-action=plan-visit]')
    expect(backend.sent[0]).toMatchObject({
      _tag: "PlanVisit",
      month: "2026-11",
      week: 2,
      means: "visit",
      by: { id: "c-wang", role: "consultant" }
    })
    expect(decodes(backend.sent[0])).toBe(true)
    // checked as of today while the month runs
    expect(backend.checks).toContainEqual(["2026-11", "2026-11-23"])
  })

  it("adopts every suggestion, adds another card, and removes a planned one", async () => {
    const backend = planBackend()
    const view = withCabinet(<VisitPlan />, { backend })
    await settle()
    await click("button[data-action=adopt-suggestions]")
    expect(backend.sent.map((c) => [c._tag, c.week, c.means])).toEqual([["PlanVisit", 4, "call"]])
    // card-1 is not suggested: offered to add
    expect((document.querySelector("select[name=addCard]") as HTMLSelectElement).value).toBe("card-1")
    pick("select[name=addWeek]", "5")
    pick("select[name=addMeans]", "letter")
    await click("button[data-action=add-to-plan]")
    expect(backend.sent[1]).toMatchObject({ _tag: "PlanVisit", week: 5, means: "letter" })
    expect(decodes(backend.sent[1])).toBe(true)
    // reload the view (a revision bump) and remove card-1 from the plan
    view.rerender(
      <CabinetContext.Provider
        value={{
          backend,
          locale: "zh-CN",
          role: "consultant",
          consultant: "c-wang",
          revision: 1,
          t: translator("zh-CN"),
          changed: () => {},
          navigate: () => {}
        }}
      >
        <VisitPlan />
      </CabinetContext.Provider>
    )
    await settle()
    expect(document.querySelector('tr[data-card="card-1"]')?.getAttribute("data-planned")).toBe("5:letter")
    await click('tr[data-card="card-1"] button[data-action=unplan-visit]')
    expect(backend.sent[2]).toMatchObject({ _tag: "UnplanVisit", month: "2026-11" })
    expect(decodes(backend.sent[2])).toBe(true)
  })

  it("shows a consultant their own check, the supervisor the team's", async () => {
    withCabinet(<VisitPlan />, { backend: planBackend() })
    await settle()
    const rows = () =>
      [...document.querySelectorAll("[data-testid=plan-check] tr[data-consultant]")].map((r) =>
        r.getAttribute("data-consultant")
      )
    expect(rows()).toEqual(["c-wang"])
    expect(document.querySelector("[data-count=missed]")?.textContent).toBe("1")
    cleanup()
    withCabinet(<VisitPlan />, { backend: planBackend(), role: "supervisor" })
    await settle()
    expect(rows()).toEqual(["c-wang", "c-li"])
  })

  it("plans as the supervisor when the supervisor plans", async () => {
    const backend = planBackend()
    withCabinet(<VisitPlan />, { backend, role: "supervisor" })
    await settle()
    await click('tr[data-card="card-2"] button[data-action=plan-visit]')
    expect(backend.sent[0]?.by).toEqual({ id: "s-chen", role: "supervisor" })
  })

  it("says why the plan is not there when the backend has no plan reads (online)", async () => {
    withCabinet(<VisitPlan />, { backend: fakeBackend([]), locale: "en" })
    await settle()
    expect(screen.getByTestId("plan-hidden").textContent).toContain("DMS API has no visit-plan endpoints")
    expect(document.querySelector("[data-testid=plan-lines]")).toBeNull()
  })
})

describe("broad-base cards (他牌基盘 / 本牌他销)", () => {
  it("records an owner of our brand bought elsewhere as a RecordBroadBase the core decodes", async () => {
    const backend = deciderBackend({})
    const went: Array<string> = []
    withCabinet(<NewBroadBase />, { backend, navigate: (h) => void went.push(h) })
    await settle()
    pick("select[name=baseKind]", "boughtElsewhere")
    pick("input[name=basePhone]", "139 1234 0002")
    pick("input[name=baseBrand]", "Buick")
    pick("input[name=baseModel]", "GL8")
    // typed in lower case, sent as the VIN (checked by the decider)
    pick("input[name=baseVin]", makeVin(901).toLowerCase())
    pick("input[name=baseBoughtOn]", "2021-06-01")
    await act(async () => {
      fireEvent.submit(document.querySelector("form") as Element)
    })
    await settle()
    const sent = backend.sent[0]
    expect(sent).toMatchObject({
      _tag: "RecordBroadBase",
      kind: "boughtElsewhere",
      phone: "+8613912340002",
      owner: "c-wang",
      vehicle: { brand: "Buick", model: "GL8", vin: makeVin(901) },
      boughtOn: "2021-06-01"
    })
    expect(sent && "insuranceExpiresOn" in sent).toBe(false)
    expect(decodes(sent)).toBe(true)
    expect(went).toEqual([`#/card/${String(sent?.cardId)}`])
  })

  const record = (backend: CabinetBackend, kind: string) =>
    backend.handle("base-1", {
      _tag: "RecordBroadBase",
      cardId: "base-1",
      storeId: "store-01",
      customerId: "cust-base-1",
      phone: "+8613912340001",
      owner: "c-wang",
      kind,
      source: "outbound",
      vehicle: { brand: "Toyota", model: "Camry", vin: "" },
      boughtOn: "2022-03-10",
      by: { id: "c-wang", role: "consultant" },
      at: Date.parse("2026-11-20T10:00:00+08:00")
    })

  it("shows an other-brand owner's mining contacts by their rules, and mines it", async () => {
    const backend = deciderBackend({})
    await record(backend, "otherBrandOwner")
    const went: Array<string> = []
    withCabinet(<CardView cardId="base-1" />, { backend, navigate: (h) => void went.push(h) })
    await settle()
    expect(screen.getByTestId("card-base-kind").textContent).toBe("他牌基盘")
    const rules = [...document.querySelectorAll("[data-testid=mining-plan] tr[data-rule]")].map((r) =>
      r.getAttribute("data-rule")
    )
    expect(rules).toEqual(expect.arrayContaining(["mining.keepInTouch", "mining.newModels"]))
    expect(rules).toContain("mining.replacement.otherBrand")
    expect(rules).not.toContain("mining.serviceInvite")
    // no prospect commands on a broad-base card
    expect(document.querySelector("button[data-action=log-contact]")).toBeNull()
    pick("select[name=miningKind]", "additionalPurchase")
    await click("button[data-action=mine-owner]")
    expect(backend.sent.at(-1)).toMatchObject({
      _tag: "MineOwner",
      kind: "additionalPurchase",
      newCardId: "base-1-m1"
    })
    expect(decodes(backend.sent.at(-1))).toBe(true)
    expect(went).toEqual(["#/card/base-1-m1"])
  })

  it("plans an owner of our brand bought elsewhere by its own rules", async () => {
    const backend = deciderBackend({})
    await record(backend, "boughtElsewhere")
    withCabinet(<CardView cardId="base-1" />, { backend, locale: "en", t: translator("en") })
    await settle()
    const rules = [...document.querySelectorAll("[data-testid=mining-plan] tr[data-rule]")].map((r) =>
      r.getAttribute("data-rule")
    )
    expect(rules).toContain("mining.serviceInvite")
    expect(rules).not.toContain("mining.newModels")
    expect(screen.getByTestId("mining-plan").textContent).toContain("Invite to our workshop")
  })
})
