// @vitest-environment happy-dom
// Cancel an order, reactivate a defeated card, mark a card invalid: the forms send the core's
// commands through the backend's one interface, and the card view follows the card's status.
import { decodeCardCommand } from "@jipan/core"
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react"
import * as Result from "effect/Result"
import { afterEach, describe, expect, it } from "vitest"
import type { CabinetBackend } from "../src/backend/CabinetBackend.js"
import { type Cabinet, CabinetContext, translator } from "../src/context.js"
import { CardView } from "../src/views/CardView.js"
import {
  CancelOrderForm,
  MarkInvalidForm,
  ReactivationDecision,
  RequestReactivationForm
} from "../src/views/Lifecycle.js"
import { deciderBackend } from "./deciderBackend.js"
import { fakeBackend } from "./fakeBackend.js"

const withCabinet = (ui: React.ReactNode, over: Partial<Cabinet> = {}) => {
  const value: Cabinet = {
    backend: fakeBackend([]),
    locale: "zh-CN",
    role: "consultant",
    consultant: "c-wang",
    revision: 0,
    t: translator(over.locale ?? "zh-CN"),
    changed: () => {},
    navigate: () => {},
    ...over
  }
  return render(<CabinetContext.Provider value={value}>{ui}</CabinetContext.Provider>)
}

const submit = async (action: string) => {
  await act(async () => {
    fireEvent.click(document.querySelector(`button[data-action=${action}]`) as Element)
  })
}
// as a browser does: typing fires `input` (what onChange follows on a text field under
// preact/compat), a pick in a select fires `change`
const type = (name: string, value: string) => {
  const field = document.querySelector(`[name=${name}]`) as Element
  fireEvent.input(field, { target: { value } })
  fireEvent.change(field, { target: { value } })
}

afterEach(cleanup)

describe("cancel an order (退订)", () => {
  it("sends CancelOrder back to prospect with the grade picked", async () => {
    const sent: Array<Record<string, unknown>> = []
    withCabinet(<CancelOrderForm run={async (c) => void sent.push(c)} />)
    type("cancelReason", "资金未到位")
    type("cancelGrade", "A")
    await submit("cancel-order")
    expect(sent).toEqual([
      { _tag: "CancelOrder", reason: "资金未到位", next: { kind: "backToProspect", grade: "A" } }
    ])
  })
  it("sends CancelOrder on into a defeat request with a catalogue reason", async () => {
    const sent: Array<Record<string, unknown>> = []
    withCabinet(<CancelOrderForm run={async (c) => void sent.push(c)} />)
    type("cancelReason", "买了别家")
    fireEvent.click(document.querySelector("input[name=cancelNext][value=requestDefeat]") as Element)
    expect(document.querySelector("[name=cancelGrade]")).toBeNull()
    type("cancelDefeatType", "price")
    type("cancelDefeatReason", "betterOffer")
    await submit("cancel-order")
    expect(sent[0]).toEqual({
      _tag: "CancelOrder",
      reason: "买了别家",
      next: { kind: "requestDefeat", defeat: { typeId: "price", reasonId: "betterOffer" } }
    })
  })
})

describe("mark invalid (无效卡)", () => {
  it("closes a card with a policy reason, and asks for the surviving card only for a duplicate", async () => {
    const sent: Array<Record<string, unknown>> = []
    const state = { cardId: "card-9" } as never
    withCabinet(<MarkInvalidForm state={state} run={async (c) => void sent.push(c)} />)
    expect(document.querySelector("[name=survivingCard]")).toBeNull()
    await submit("mark-invalid")
    type("invalidReason", "duplicate")
    type("survivingCard", " card-1 ")
    await submit("mark-invalid")
    expect(sent).toEqual([
      { _tag: "MarkInvalid", reasonId: "wrongNumber" },
      { _tag: "MarkInvalid", reasonId: "duplicate", survivingCardId: "card-1" }
    ])
  })
  it("speaks English when switched", () => {
    withCabinet(<MarkInvalidForm state={{} as never} run={async () => {}} />, { locale: "en" })
    expect(screen.getByRole("button", { name: "Mark invalid" })).toBeDefined()
    expect(screen.getByRole("option", { name: "Wrong number" })).toBeDefined()
  })
})

describe("reactivation (战败激活)", () => {
  it("asks for a reactivation with a note", async () => {
    const sent: Array<Record<string, unknown>> = []
    withCabinet(<RequestReactivationForm run={async (c) => void sent.push(c)} />)
    type("reactivationNote", "客户回店询价")
    await submit("request-reactivation")
    expect(sent).toEqual([{ _tag: "RequestReactivation", note: "客户回店询价" }])
  })
  it("lets the supervisor approve with a grade and a new owner, as the supervisor", async () => {
    const backend = deciderBackend({ "card-r": "reactivationRequested" })
    let changed = 0
    withCabinet(<ReactivationDecision cardId="card-r" owner="c-wang" />, {
      backend,
      role: "supervisor",
      changed: () => void changed++
    })
    type("reactivationGrade", "A")
    type("reactivationOwner", "c-li")
    await submit("approve-reactivation")
    expect(backend.sent[0]).toMatchObject({
      _tag: "ApproveReactivation",
      grade: "A",
      newOwner: "c-li",
      by: { id: "s-chen", role: "supervisor" }
    })
    const card = await backend.card("card-r")
    expect([card.state.status, card.state.grade, card.state.owner]).toEqual(["prospect", "A", "c-li"])
    expect(changed).toBe(1)
  })
  it("shows the refusal when the card has moved on", async () => {
    const backend = deciderBackend({ "card-d": "defeated" })
    withCabinet(<ReactivationDecision cardId="card-d" owner="c-wang" />, { backend, role: "supervisor" })
    await submit("reject-reactivation")
    expect(screen.getByRole("alert").textContent).toContain("RejectReactivation")
  })
})

describe("the card view offers what the card's status allows", () => {
  const view = async (backend: CabinetBackend, cardId: string, over: Partial<Cabinet> = {}) => {
    let revision = 0
    const result = withCabinet(<CardView cardId={cardId} />, { backend, ...over })
    await act(async () => {})
    const rerender = async () => {
      revision++
      result.rerender(
        <CabinetContext.Provider
          value={{
            backend,
            locale: "zh-CN",
            role: over.role ?? "consultant",
            consultant: "c-wang",
            revision,
            t: translator("zh-CN"),
            changed: () => {},
            navigate: () => {}
          }}
        >
          <CardView cardId={cardId} />
        </CabinetContext.Provider>
      )
      await act(async () => {})
    }
    return { rerender }
  }
  const forms = () =>
    [...document.querySelectorAll("form[data-form]")].map((f) => f.getAttribute("data-form"))

  it("an ordered card: cancel, and back to prospect on the back of the card", async () => {
    const backend = deciderBackend({ "card-o": "ordered" })
    const { rerender } = await view(backend, "card-o")
    expect(forms()).toEqual(["deliver", "cancel-order"])
    type("cancelReason", "资金未到位")
    await submit("cancel-order")
    expect(backend.sent[0]).toMatchObject({ _tag: "CancelOrder", by: { id: "c-wang", role: "consultant" } })
    await rerender()
    expect(screen.getByTestId("card-status").textContent).toBe("有望客户")
    expect(document.querySelector('[data-event="OrderCancelled"]')?.textContent).toContain(
      "退订: 资金未到位 → B"
    )
    expect(forms()).toContain("mark-invalid")
  })
  it("a defeated card: reactivation and mark invalid, no prospect commands", async () => {
    const backend = deciderBackend({ "card-d": "defeated" })
    const { rerender } = await view(backend, "card-d")
    expect(forms()).toEqual(["request-reactivation", "mark-invalid"])
    type("reactivationNote", "客户回店询价")
    await submit("request-reactivation")
    await rerender()
    expect(screen.getByTestId("card-status").textContent).toBe("激活审核中")
    expect(document.querySelector('[data-event="ReactivationRequested"]')?.textContent).toContain(
      "客户回店询价"
    )
    // a consultant waits; the supervisor decides on the card
    expect(document.querySelector("[data-decision=reactivation]")).toBeNull()
  })
  it("the supervisor decides a reactivation on the card", async () => {
    const backend = deciderBackend({ "card-r": "reactivationRequested" })
    await view(backend, "card-r", { role: "supervisor" })
    expect(document.querySelector("[data-decision=reactivation]")).not.toBeNull()
  })
  it("a prospect marked invalid as a duplicate is merged, and nothing more can be done", async () => {
    const backend = deciderBackend({ "card-p": "prospect" })
    const { rerender } = await view(backend, "card-p")
    type("invalidReason", "duplicate")
    type("survivingCard", "card-1")
    await submit("mark-invalid")
    await rerender()
    expect(screen.getByTestId("card-status").textContent).toBe("无效卡")
    expect(document.querySelector('[data-event="MarkedInvalid"]')?.textContent).toContain(
      "重复建卡 · 合并到 card-1"
    )
    expect(forms()).toEqual([])
  })
  it("a refused command is shown, not thrown", async () => {
    const backend = deciderBackend({ "card-p": "prospect" })
    await view(backend, "card-p")
    type("invalidReason", "duplicate")
    type("survivingCard", "card-p")
    await submit("mark-invalid")
    expect(screen.getByRole("alert").textContent).toContain("merged into another")
  })
})

describe("both modes take the same commands", () => {
  it("every command the new forms send decodes with the core's CardCommand (the DMS API's payload)", async () => {
    const sent: Array<Record<string, unknown>> = []
    const run = async (c: Record<string, unknown>) => void sent.push(c)
    withCabinet(
      <>
        <CancelOrderForm run={run} />
        <MarkInvalidForm state={{ cardId: "card-9" } as never} run={run} />
        <RequestReactivationForm run={run} />
      </>
    )
    type("cancelReason", "资金未到位")
    await submit("cancel-order")
    fireEvent.click(document.querySelector("input[name=cancelNext][value=requestDefeat]") as Element)
    await submit("cancel-order")
    type("invalidReason", "duplicate")
    type("survivingCard", "card-1")
    await submit("mark-invalid")
    type("reactivationNote", "客户回店询价")
    await submit("request-reactivation")
    const backend = deciderBackend({ "card-r": "reactivationRequested" })
    withCabinet(<ReactivationDecision cardId="card-r" owner="c-wang" />, { backend, role: "supervisor" })
    const approve = document.querySelectorAll("button[data-action=approve-reactivation]")
    await act(async () => {
      fireEvent.click(approve[approve.length - 1] as Element)
    })
    const by = { id: "c-wang", role: "consultant" }
    const commands: Array<Record<string, unknown>> = [
      ...sent.map((c) => ({ ...c, by, at: 1_800_000_000_000 })),
      ...backend.sent
    ]
    expect(commands.map((c) => c._tag)).toEqual([
      "CancelOrder",
      "CancelOrder",
      "MarkInvalid",
      "RequestReactivation",
      "ApproveReactivation"
    ])
    for (const c of commands) expect(Result.isSuccess(decodeCardCommand(c))).toBe(true)
  })
})
