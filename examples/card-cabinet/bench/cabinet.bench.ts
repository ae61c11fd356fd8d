// cabinet-bundle: the app's JavaScript, gzip, as a browser downloads it (PGlite's wasm and data
// files excluded): what the first page needs (the entry and its static imports), the offline
// mode's lazy chunk (PGlite's JS, the store, the facade), the rest of the lazy chunks, and the
// breakdown by package. Floor: ≤ 300 KB for the first page's JavaScript.
// cabinet-render: 500 cards rendered and interactive in Chromium (median of 9), and the live
// grading per keystroke (event → grade and reasons updated in the DOM; median of 200).
import { existsSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { gzipSync } from "node:zlib"
import { build, type Rolldown } from "vite"
import { report } from "../../../scripts/bench-harness.js"
import { hasChromium, launch, root, serve } from "../e2e/harness.js"

const machine = () => `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`
const kb = (n: number) => n / 1024
const gz = (code: string) => gzipSync(code, { level: 9 }).length

const output = (await build({ root, logLevel: "silent", build: { write: false } })) as
  | Rolldown.RolldownOutput
  | Array<Rolldown.RolldownOutput>
const chunks = (Array.isArray(output) ? output.flatMap((o) => o.output) : output.output).filter(
  (x): x is Rolldown.OutputChunk => x.type === "chunk"
)
const byName = new Map(chunks.map((c) => [c.fileName, c]))
const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith("index.html"))
if (entry === undefined) throw new Error("no app entry")
const closure = (start: Rolldown.OutputChunk, follow: (c: Rolldown.OutputChunk) => ReadonlyArray<string>) => {
  const seen = new Set<string>()
  const visit = (c: Rolldown.OutputChunk) => {
    if (seen.has(c.fileName)) return
    seen.add(c.fileName)
    for (const f of follow(c)) {
      const next = byName.get(f)
      if (next !== undefined) visit(next)
    }
  }
  visit(start)
  return seen
}
const initial = closure(entry, (c) => c.imports)
const app = closure(entry, (c) => [...c.imports, ...c.dynamicImports])
const offlineChunk = chunks.find((c) => c.facadeModuleId?.endsWith("backend/offline.ts"))
const offline = offlineChunk === undefined ? new Set<string>() : closure(offlineChunk, (c) => c.imports)
const size = (names: Iterable<string>) => {
  let n = 0
  for (const f of names) n += gz(byName.get(f)?.code ?? "")
  return n
}
const initialBytes = size(initial)
const offlineBytes = size([...offline].filter((f) => !initial.has(f)))
const allBytes = size(app)

// by package: each module's rendered code gzipped on its own (an upper bound of its share)
const packageOf = (id: string) => {
  const nm = id.lastIndexOf("node_modules/")
  if (nm >= 0) {
    const rest = id.slice(nm + 13).split("/")
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? id)
  }
  const pkg = /\/packages\/([^/]+)\//.exec(id)
  if (pkg) return `@jipan/${pkg[1]}`
  return "card-cabinet (app)"
}
// the offline mode's JavaScript: the first page and the offline chunk with its static imports
const offlineMode = new Set([...initial, ...offline])
const packages = new Map<string, { initial: number; lazy: number; offline: number }>()
for (const name of app) {
  const chunk = byName.get(name)
  if (chunk === undefined) continue
  for (const [id, m] of Object.entries(chunk.modules)) {
    const p = packageOf(id)
    const row = packages.get(p) ?? { initial: 0, lazy: 0, offline: 0 }
    const bytes = m.code === null || m.code === undefined || m.code === "" ? 0 : gz(m.code)
    if (initial.has(name)) row.initial += bytes
    else row.lazy += bytes
    if (offlineMode.has(name)) row.offline += bytes
    packages.set(p, row)
  }
}
const breakdown = [...packages.entries()]
  .sort((a, b) => b[1].initial + b[1].lazy - (a[1].initial + a[1].lazy))
  .filter(([, v]) => v.initial + v.lazy >= 1024)
console.log(
  "\n  package                       first page KB   lazy KB   offline mode KB   (gzip of each module alone)"
)
for (const [p, v] of breakdown)
  console.log(
    `  ${p.padEnd(30)}${kb(v.initial).toFixed(1).padStart(12)}${kb(v.lazy).toFixed(1).padStart(10)}${kb(v.offline).toFixed(1).padStart(18)}`
  )
const top = breakdown
  .slice(0, 6)
  .map(([p, v]) => `${p} ${kb(v.initial + v.lazy).toFixed(0)}`)
  .join(", ")

const measurements = [
  {
    id: "cabinet-bundle",
    value: kb(initialBytes),
    unit: "KB",
    note: `the app's JS of the first page (entry + static imports), gzip -9; floor ≤ 300 KB. The offline mode's chunk adds ${kb(offlineBytes).toFixed(0)} KB (PGlite's JS, store-sql, the facade: ${kb(initialBytes + offlineBytes).toFixed(0)} KB before the offline cabinet shows), every lazy chunk together ${kb(allBytes).toFixed(0)} KB; wasm/data excluded. Largest packages (KB, modules gzipped alone): ${top}`
  }
]

if (!hasChromium) {
  console.warn("cabinet-render skipped: /usr/bin/chromium is absent")
} else {
  if (!existsSync(`${root}dist/bench.html`)) await build({ root, logLevel: "silent" })
  const server = await serve({ build: false })
  const browser = await launch()
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await page.goto(`${server.url}bench.html`)
    await page.waitForFunction(() => (window as { __benchReady?: boolean }).__benchReady === true)
    type Render = { painted: number; interactive: number; tiles: number }
    const runs: Array<Render> = []
    for (let i = 0; i < 10; i++)
      runs.push(
        await page.evaluate(() =>
          (window as unknown as { __benchRender: (n: number) => Promise<Render> }).__benchRender(500)
        )
      )
    const timed = runs.slice(1) // the first warms the JIT
    const median = (xs: ReadonlyArray<number>) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
    const grade = await page.evaluate(() =>
      (
        window as unknown as {
          __benchGrade: (n: number) => Promise<{ ticks: Array<number>; updated: number }>
        }
      ).__benchGrade(220)
    )
    const ticks = grade.ticks.slice(20)
    const p95 = [...ticks].sort((a, b) => a - b)[Math.floor(ticks.length * 0.95)] ?? Number.NaN
    measurements.push(
      {
        id: "cabinet-render",
        value: median(timed.map((r) => r.interactive)),
        unit: "ms",
        note: `500 cards: grid of drawers + 500 tiles rendered, painted, then a drawer click re-rendered (median of 9 in Chromium; painted alone ${median(timed.map((r) => r.painted)).toFixed(0)} ms), ${machine()}; floor < 500 ms`
      },
      {
        id: "cabinet-grade-keystroke",
        value: median(ticks),
        unit: "ms",
        note: `a tick in the contact form: gradeProspect + nextContact + React re-render of grade, reasons and next contact (median of 200, p95 ${p95.toFixed(2)} ms; ${grade.updated} of 220 ticks changed the shown grade, reasons or date before the click returned), ${machine()}; floor < 16 ms`
      }
    )
  } finally {
    await browser.close()
    await server.close()
  }
}
report(measurements)
