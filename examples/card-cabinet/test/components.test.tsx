// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it } from "vitest"
import { type Cabinet, CabinetContext, translator } from "../src/context.js"
import { CabinetGrid } from "../src/views/Cabinet.js"
import { ContactForm, draftOf, evidenceOf, liveGrade } from "../src/views/LiveGrading.js"
import { NewCard, normalisePhone } from "../src/views/NewCard.js"
import { fakeBackend, tile } from "./fakeBackend.js"

const today = "2026-11-23"
const tiles = [
  tile({ cardId: "card-1", grade: "H", nextContactDue: "2026-11-20" }),
  tile({ cardId: "card-2", grade: "B", nextContactDue: today, owner: "c-li" }),
  tile({ cardId: "card-3", grade: "B", nextContactDue: today, source: "phoneIn" })
]

const withCabinet = (ui: React.ReactNode, over: Partial<Cabinet> = {}) => {
  const value: Cabinet = {
    backend: fakeBackend(tiles),
    locale: "zh-CN",
    role: "supervisor",
    consultant: "c-wang",
    revision: 0,
    t: translator(over.locale ?? "zh-CN"),
    changed: () => {},
    navigate: () => {},
    ...over
  }
  return render(<CabinetContext.Provider value={value}>{ui}</CabinetContext.Provider>)
}

afterEach(cleanup)

describe("live grading (the pure core in the view)", () => {
  it("grades the evidence as it is ticked, with reasons and the next contact", () => {
    const cold = liveGrade({ flags: {}, timeframe: "90", modelOfInterest: "" }, today, "2026-11-01", "")
    const hot = liveGrade(
      {
        flags: {
          modelChosen: true,
          colourChosen: true,
          testDriveDone: true,
          budgetSettled: true,
          decisionMakerPresent: true
        },
        timeframe: "7",
        modelOfInterest: "GL8"
      },
      today,
      "2026-11-01",
      ""
    )
    expect(cold._tag === "graded" && cold.grading.grade).toBe("C")
    expect(hot._tag === "graded" && hot.grading.grade).toBe("H")
    expect(hot._tag === "graded" && hot.next?.due).toBe("2026-11-25")
    expect(hot._tag === "graded" && hot.grading.ruleIds.length).toBeGreaterThan(1)
  })
  it("round-trips the card's evidence through the form's draft", () => {
    const evidence = { purchaseTimeframeDays: 7, modelChosen: true, modelOfInterest: "GL8" }
    expect(evidenceOf(draftOf(evidence as never))).toEqual(evidence)
  })
  it("updates the shown grade on a tick and submits a LogContact", async () => {
    const sent: Array<Record<string, unknown>> = []
    withCabinet(
      <ContactForm
        initial={{ purchaseTimeframeDays: 7 } as never}
        openedOn="2026-11-01"
        onSubmit={async (c) => {
          sent.push(c)
        }}
      />
    )
    const grade = () => document.querySelector("[data-grade]")?.getAttribute("data-grade")
    const before = grade()
    for (const name of [
      "modelChosen",
      "colourChosen",
      "testDriveDone",
      "budgetSettled",
      "decisionMakerPresent"
    ])
      fireEvent.click(document.querySelector(`input[name=${name}]`) as Element)
    expect(grade()).toBe("H")
    expect(before).not.toBe("H")
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "记录联系" }))
    })
    expect(sent[0]?._tag).toBe("LogContact")
    expect(sent[0]?.evidence).toMatchObject({ testDriveDone: true, purchaseTimeframeDays: 7 })
  })
})

describe("the cabinet grid", () => {
  it("counts the cards in each drawer and filters by consultant and source", () => {
    withCabinet(<CabinetGrid tiles={tiles} today={today} />)
    expect(document.querySelector('[data-drawer="H|overdue"]')?.textContent).toBe("1")
    expect(document.querySelector(`[data-drawer="B|${today}"]`)?.textContent).toBe("2")
    fireEvent.change(screen.getByLabelText("销售顾问"), { target: { value: "c-li" } })
    expect(document.querySelector(`[data-drawer="B|${today}"]`)?.textContent).toBe("1")
    expect(document.querySelector('[data-drawer="H|overdue"]')).toBeNull()
    fireEvent.change(screen.getByLabelText("销售顾问"), { target: { value: "" } })
    fireEvent.change(screen.getByLabelText("来源"), { target: { value: "phoneIn" } })
    expect(document.querySelectorAll(".tiles li")).toHaveLength(1)
  })
  it("shows a drawer's tiles when it is opened", () => {
    withCabinet(<CabinetGrid tiles={tiles} today={today} />)
    fireEvent.click(document.querySelector('[data-drawer="H|overdue"]') as Element)
    expect([...document.querySelectorAll(".tiles a")].map((a) => a.getAttribute("data-card"))).toEqual([
      "card-1"
    ])
  })
  it("speaks English when switched", () => {
    withCabinet(<CabinetGrid tiles={tiles} today={today} />, { locale: "en" })
    expect(screen.getByLabelText("Consultant")).toBeDefined()
    expect(screen.getAllByText("Overdue").length).toBeGreaterThan(0)
  })
})

describe("opening a card", () => {
  it("normalises a typed mainland mobile number", () => {
    expect(normalisePhone("138 1000 7919")).toBe("+8613810007919")
  })
  it("says who already holds a card for the phone typed", async () => {
    withCabinet(<NewCard />)
    await act(async () => {})
    fireEvent.input(screen.getByLabelText("电话"), { target: { value: "13810007919" } })
    expect(screen.getByTestId("already-has-card").textContent).toContain("card-1")
  })
})
