// cabinet-bundle: the app's JavaScript, gzip -9, as a browser downloads it (PGlite's wasm and data
// files excluded), per mode: what a user loads before the cabinet shows = the first page (the
// entry and its static imports) + the mode's backend chunk with its static imports (offline:
// PGlite's JS, store-sql, the core's facade; online: the API client). The views opened later
// (the card, the supervisor's desk, charts, XLSX export) are lazy chunks, listed apart, with the
// breakdown by package. Floor: ≤ 300 KB for each mode.
// cabinet-render: 500 cards rendered and interactive in Chromium (median of 9), and the live
// grading per keystroke (event → grade and reasons updated in the DOM; median of 200).
import { cpus, loadavg } from "node:os"
import { build } from "vite"
import { report } from "../../../scripts/bench-harness.js"
import { hasChromium, launch, root, serve } from "../e2e/harness.js"
import { measureBundle } from "./bundle.js"

const machine = () => `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`
const kb = (n: number) => n / 1024
const k = (n: number) => kb(n).toFixed(1)
const FLOOR = 300

const bundle = await measureBundle()
const { firstPage, offline, online, offlineEverything, onlineEverything, views } = bundle
// the demo store's writer: a lazy chunk the offline mode loads on a first open only
const seed = views.find((v) => v.name.includes("/seed-"))?.bytes ?? 0
const breakdown = [...bundle.byPackage.entries()]
  .sort((a, b) => b[1].offline + b[1].online + b[1].views - (a[1].offline + a[1].online + a[1].views))
  .filter(([, v]) => v.offline + v.online + v.views >= 512)
const col = (s: string, n: number) => s.padStart(n)
console.log(
  `\n  JS a user loads, gzip -9, wasm/data excluded (floor ≤ ${FLOOR} KB per mode)\n` +
    `    first page (entry + static imports)   ${col(k(firstPage.bytes), 7)} KB\n` +
    `    offline mode = first page + offline   ${col(k(offline.bytes), 7)} KB   (a first open adds the demo seed, ${k(seed)} KB; every view opened: ${k(offlineEverything.bytes)} KB)\n` +
    `    online mode  = first page + online    ${col(k(online.bytes), 7)} KB   (every view opened: ${k(onlineEverything.bytes)} KB)\n`
)
console.log(
  `  by package (KB, each module gzipped alone: an upper bound of its share)\n` +
    `  ${"package".padEnd(28)}${col("first page", 11)}${col("offline", 10)}${col("online", 9)}${col("lazy views", 12)}`
)
for (const [p, v] of breakdown)
  console.log(
    `  ${p.padEnd(28)}${col(k(v.firstPage), 11)}${col(k(v.offline), 10)}${col(k(v.online), 9)}${col(k(v.views), 12)}`
  )
console.log("\n  lazy chunks outside both modes (KB gzip: packages)")
for (const v of views) console.log(`  ${v.name.padEnd(40)}${col(k(v.bytes), 7)}  ${v.packages.join(", ")}`)
const top = (mode: "offline" | "online") =>
  breakdown
    .filter(([, v]) => v[mode] >= 1024)
    .sort((a, b) => b[1][mode] - a[1][mode])
    .slice(0, 6)
    .map(([p, v]) => `${p} ${kb(v[mode]).toFixed(0)}`)
    .join(", ")

const measurements = [
  {
    id: "cabinet-bundle",
    value: kb(offline.bytes),
    unit: "KB",
    note: `offline mode (the larger): first page ${k(firstPage.bytes)} + offline chunk ${k(offline.bytes - firstPage.bytes)} KB JS, gzip -9, PGlite's wasm/data excluded; floor ≤ ${FLOOR} KB. Largest: ${top("offline")}. A first open adds the demo seed (${k(seed)} KB); every view opened: ${k(offlineEverything.bytes)} KB`
  },
  {
    id: "cabinet-bundle-online",
    value: kb(online.bytes),
    unit: "KB",
    note: `online mode: first page ${k(firstPage.bytes)} + API client ${k(online.bytes - firstPage.bytes)} KB JS, gzip -9; floor ≤ ${FLOOR} KB. Largest: ${top("online")}. Every view opened: ${k(onlineEverything.bytes)} KB`
  }
]

if (!hasChromium) {
  console.warn("cabinet-render skipped: /usr/bin/chromium is absent")
} else {
  // the app with the bench's page (left out of the app's own build)
  await build({ root, logLevel: "silent", mode: "bench" })
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
        note: `a tick in the contact form: gradeProspect + nextContact + Preact re-render of grade, reasons and next contact (median of 200, p95 ${p95.toFixed(2)} ms; ${grade.updated} of 220 ticks changed the shown grade, reasons or date before the click returned), ${machine()}; floor < 16 ms`
      }
    )
  } finally {
    await browser.close()
    await server.close()
  }
}
report(measurements)
