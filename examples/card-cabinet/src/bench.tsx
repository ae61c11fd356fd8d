/**
 * The page the render bench drives in Chromium (`bench.html`, not part of the app): renders the
 * cabinet grid with N synthetic cards, and the contact form for the per-keystroke grading time.
 *
 * @module
 */
import { flushSync } from "react-dom"
import { createRoot, type Root } from "react-dom/client"
import type { CardTile } from "./backend/CabinetBackend.js"
import { addDays } from "./backend/demo.js"
import { type Cabinet, CabinetContext, translator } from "./context.js"
import { CabinetGrid } from "./views/Cabinet.js"
import { ContactForm } from "./views/LiveGrading.js"
import "./styles.css"

const TODAY = "2026-11-23"
const GRADES = ["H", "A", "B", "C", undefined] as const
const SOURCES = ["walkIn", "phoneIn", "referral", "online", "event"]

/** N synthetic open cards spread over the drawers. */
export const syntheticTiles = (n: number): Array<CardTile> =>
  Array.from({ length: n }, (_, i) => ({
    cardId: `card-${i}`,
    status: i % 17 === 0 ? "ordered" : "prospect",
    grade: GRADES[i % GRADES.length],
    nextContactDue: addDays(TODAY, (i % 23) - 5),
    owner: ["c-wang", "c-li", "c-zhao"][i % 3],
    phone: `+86138${String(10_000_000 + i).slice(-8)}`,
    customerId: `cust-${i}`,
    source: SOURCES[i % SOURCES.length],
    intent: "direct",
    openedOn: "2026-11-01",
    model: "GL8",
    broadBase: undefined,
    visitPlans: []
  }))

const never = () => Promise.reject(new Error("bench"))
const context = (tiles: ReadonlyArray<CardTile>): Cabinet => ({
  backend: {
    mode: "offline",
    tenant: { dealerGroupId: "grp-demo", storeId: "store-01" },
    today: TODAY,
    now: () => Date.now(),
    consultants: ["c-wang", "c-li", "c-zhao"],
    supervisor: "s-chen",
    tiles: async () => tiles,
    visitPlans: undefined,
    workList: never,
    careDue: never,
    card: never,
    handle: never,
    referralsOf: never,
    registerReferral: never,
    daily: never,
    control: never,
    findings: never,
    analytics: never,
    close: async () => {}
  },
  locale: "zh-CN",
  role: "supervisor",
  consultant: "c-wang",
  revision: 0,
  t: translator("zh-CN"),
  changed: () => {},
  navigate: () => {}
})

const container = document.getElementById("root") as HTMLElement
let root: Root | undefined
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

/** Renders the grid with `n` cards; resolves with ms until painted and until a drawer click re-rendered. */
const renderCabinet = async (n: number) => {
  root?.unmount()
  root = createRoot(container)
  const tiles = syntheticTiles(n)
  const t0 = performance.now()
  flushSync(() => {
    root?.render(
      <CabinetContext.Provider value={context(tiles)}>
        <CabinetGrid tiles={tiles} today={TODAY} />
      </CabinetContext.Provider>
    )
  })
  await frame()
  const painted = performance.now() - t0
  const drawer = container.querySelector<HTMLButtonElement>("button.drawer")
  drawer?.click()
  await frame()
  const interactive = performance.now() - t0
  return { painted, interactive, tiles: container.querySelectorAll(".tile").length, total: n }
}

/** Ticks evidence `times` times in the contact form; resolves with each tick's ms (event to DOM updated). */
const gradeKeystrokes = async (times: number) => {
  root?.unmount()
  root = createRoot(container)
  flushSync(() => {
    root?.render(
      <CabinetContext.Provider value={context([])}>
        <ContactForm initial={undefined} openedOn="2026-11-01" onSubmit={async () => {}} />
      </CabinetContext.Provider>
    )
  })
  const boxes = [...container.querySelectorAll<HTMLInputElement>("input[type=checkbox]")]
  const out: Array<number> = []
  const output = container.querySelector("output")
  let updated = 0
  for (let i = 0; i < times; i++) {
    const box = boxes[i % boxes.length] as HTMLInputElement
    const before = output?.textContent
    const t0 = performance.now()
    // Preact renders a state update on a microtask; flushSync commits it inside the click, so the
    // time covers the event, the grading and the DOM updated (as React 19 does for a click)
    flushSync(() => box.click())
    out.push(performance.now() - t0)
    if (output?.textContent !== before) updated++
  }
  await frame()
  return { ticks: out, updated }
}

Object.assign(window, { __benchRender: renderCabinet, __benchGrade: gradeKeystrokes, __benchReady: true })
