// What each mode loads: the production build's chunk graph (bench/bundle.ts). The first page holds
// neither backend; the online mode never loads PGlite or the store, the offline mode never loads
// the API client; charts and the XLSX writer stay lazy; React's API runs on preact/compat.
// Sizes are the bench's business (`npm run bench -- cabinet`), not asserted here.
import { beforeAll, describe, expect, it } from "vitest"
import { type Bundle, measureBundle, packageOf } from "../bench/bundle.js"
import { ONLINE } from "../vite.config.js"

const packagesOf = (modules: ReadonlySet<string>) => new Set([...modules].map(packageOf))
const has = (modules: ReadonlySet<string>, suffix: string) =>
  [...modules].some((m) => m.replace(ONLINE, "").endsWith(suffix))

describe("the cabinet's bundle, per mode", () => {
  let bundle: Bundle
  beforeAll(async () => {
    bundle = await measureBundle()
  }, 120_000)

  it("keeps both backends out of the first page", () => {
    const first = packagesOf(bundle.firstPage.modules)
    for (const p of ["@electric-sql/pglite", "@jipan/store-sql", "@jipan/store-pglite"])
      expect(first).not.toContain(p)
    expect(has(bundle.firstPage.modules, "src/backend/offline.ts")).toBe(false)
    expect(has(bundle.firstPage.modules, "src/backend/online.ts")).toBe(false)
  })

  it("loads no PGlite or store code in the online mode, and no API client in the offline mode", () => {
    const online = packagesOf(bundle.online.modules)
    for (const p of ["@electric-sql/pglite", "@jipan/store-sql", "@jipan/store-pglite"])
      expect(online).not.toContain(p)
    expect(has(bundle.online.modules, "src/backend/online.ts")).toBe(true)
    expect(has(bundle.offline.modules, "src/backend/offline.ts")).toBe(true)
    expect(has(bundle.offline.modules, "src/backend/online.ts")).toBe(false)
    expect(packagesOf(bundle.offline.modules)).toContain("@jipan/core")
    expect(packagesOf(bundle.offline.modules)).toContain("@electric-sql/pglite")
  })

  it("gives the online backend its own copy of what it imports: nothing of it in the first page or offline", () => {
    const online = [...bundle.online.modules].filter((m) => !bundle.firstPage.modules.has(m))
    expect(online.length).toBeGreaterThan(0)
    expect(online.every((m) => m.endsWith(ONLINE))).toBe(true)
    for (const load of [bundle.firstPage, bundle.offline])
      expect([...load.modules].filter((m) => m.endsWith(ONLINE))).toEqual([])
    expect(packagesOf(new Set(online))).toContain("@jipan/dms-api")
  })

  it("leaves the charts and the XLSX export to lazy chunks", () => {
    for (const mode of [bundle.offline, bundle.online]) {
      const packages = packagesOf(mode.modules)
      for (const p of ["chart.js", "write-excel-file", "fflate"]) expect(packages).not.toContain(p)
      expect(has(mode.modules, "src/views/Charts.tsx")).toBe(false)
      expect(has(mode.modules, "src/xlsx.ts")).toBe(false)
    }
    const all = packagesOf(bundle.all.modules)
    expect(all).toContain("chart.js")
    expect(all).toContain("write-excel-file")
  })

  it("runs on preact/compat, with no copy of React", () => {
    const all = packagesOf(bundle.all.modules)
    expect(all).toContain("preact")
    for (const p of ["react", "react-dom", "scheduler"]) expect(all).not.toContain(p)
  })
})
