/**
 * What a browser downloads of the cabinet's JavaScript, per mode: the production build (in
 * memory), its chunks' import graph, gzip sizes, and which package each module came from. Used by
 * the `cabinet-bundle` bench and by `test/bundle.test.ts` (which checks that each mode loads only
 * its own backend and that the heavy views stay lazy).
 *
 * @module
 */
import { gzipSync } from "node:zlib"
import { build, type Rolldown } from "vite"
import { root } from "../e2e/harness.js"
import { ONLINE } from "../vite.config.js"

/** gzip -9 of a string, in bytes. */
export const gz = (code: string): number => gzipSync(code, { level: 9 }).length

/** The package a module id belongs to (`@jipan/<name>` for the workspace's sources, the online copies included). */
export const packageOf = (id: string): string => {
  const nm = id.lastIndexOf("node_modules/")
  if (nm >= 0) {
    const rest = id.slice(nm + 13).split("/")
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? id)
  }
  const pkg = /\/packages\/([^/]+)\//.exec(id)
  if (pkg) return `@jipan/${pkg[1]}`
  if (/\/examples\/dms-api\//.test(id)) return "@jipan/dms-api"
  return "card-cabinet (app)"
}

/** A set of chunks a user loads, with its gzip size and its modules' packages. */
export interface Load {
  /** Chunk file names. */
  readonly chunks: ReadonlySet<string>
  /** gzip bytes of those chunks, each chunk gzipped whole (as a server sends it). */
  readonly bytes: number
  /** Module ids in those chunks. */
  readonly modules: ReadonlySet<string>
}

/** The cabinet's build, split the way a user meets it. */
export interface Bundle {
  /** The entry of `index.html` and its static imports: before any mode is chosen. */
  readonly firstPage: Load
  /** First page + the offline backend's chunk and its static imports (PGlite, store, facade). */
  readonly offline: Load
  /** First page + the online backend's chunk and its static imports (the API client). */
  readonly online: Load
  /** Every chunk the app can load (both modes, every lazy view), `bench.html` excluded. */
  readonly all: Load
  /** The offline mode with every view opened (charts, XLSX export, the card…). */
  readonly offlineEverything: Load
  /** The online mode with every view opened. */
  readonly onlineEverything: Load
  /** Each lazy chunk that is not part of either mode: its gzip bytes and packages. */
  readonly views: ReadonlyArray<{
    readonly name: string
    readonly bytes: number
    readonly packages: ReadonlyArray<string>
  }>
  /** gzip bytes of each module alone, by package, in each of the loads above. */
  readonly byPackage: ReadonlyMap<
    string,
    { firstPage: number; offline: number; online: number; views: number }
  >
}

/** Builds the cabinet in memory and measures it. */
export const measureBundle = async (): Promise<Bundle> => {
  const output = (await build({ root, logLevel: "silent", build: { write: false } })) as
    | Rolldown.RolldownOutput
    | Array<Rolldown.RolldownOutput>
  const chunks = (Array.isArray(output) ? output.flatMap((o) => o.output) : output.output).filter(
    (x): x is Rolldown.OutputChunk => x.type === "chunk"
  )
  const byName = new Map(chunks.map((c) => [c.fileName, c]))
  const chunkOf = (suffix: string) => {
    const c = chunks.find((x) => x.facadeModuleId?.replace(ONLINE, "").endsWith(suffix))
    if (c === undefined) throw new Error(`no chunk for ${suffix}`)
    return c
  }
  const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith("index.html"))
  if (entry === undefined) throw new Error("no app entry")
  const closure = (start: Rolldown.OutputChunk, dynamic: boolean, skip?: Rolldown.OutputChunk) => {
    const seen = new Set<string>()
    const visit = (c: Rolldown.OutputChunk) => {
      if (seen.has(c.fileName) || c === skip) return
      seen.add(c.fileName)
      for (const f of dynamic ? [...c.imports, ...c.dynamicImports] : c.imports) {
        const next = byName.get(f)
        if (next !== undefined) visit(next)
      }
    }
    visit(start)
    return seen
  }
  const load = (names: Iterable<string>): Load => {
    const set = new Set(names)
    let bytes = 0
    const modules = new Set<string>()
    for (const f of set) {
      const c = byName.get(f)
      if (c === undefined) continue
      bytes += gz(c.code)
      for (const [id, m] of Object.entries(c.modules)) if (m.renderedLength > 0) modules.add(id)
    }
    return { chunks: set, bytes, modules }
  }
  const first = closure(entry, false)
  const firstPage = load(first)
  const offlineChunk = chunkOf("src/backend/offline.ts")
  const onlineChunk = chunkOf("src/backend/online.ts")
  const offline = load([...first, ...closure(offlineChunk, false)])
  const online = load([...first, ...closure(onlineChunk, false)])
  const all = load(closure(entry, true))
  const offlineEverything = load(closure(entry, true, onlineChunk))
  const onlineEverything = load(closure(entry, true, offlineChunk))
  const views = [...all.chunks]
    .filter((f) => !offline.chunks.has(f) && !online.chunks.has(f))
    .map((name) => {
      const c = byName.get(name) as Rolldown.OutputChunk
      const packages = new Set(
        Object.entries(c.modules)
          .filter(([, m]) => m.renderedLength > 0)
          .map(([id]) => packageOf(id))
      )
      return { name, bytes: gz(c.code), packages: [...packages].sort() }
    })
    .sort((a, b) => b.bytes - a.bytes)
  const byPackage = new Map<string, { firstPage: number; offline: number; online: number; views: number }>()
  for (const name of all.chunks) {
    const c = byName.get(name) as Rolldown.OutputChunk
    for (const [id, m] of Object.entries(c.modules)) {
      if (m.code === null || m.code === undefined || m.code === "") continue
      const bytes = gz(m.code)
      const row = byPackage.get(packageOf(id)) ?? { firstPage: 0, offline: 0, online: 0, views: 0 }
      if (firstPage.chunks.has(name)) row.firstPage += bytes
      if (offline.chunks.has(name)) row.offline += bytes
      if (online.chunks.has(name)) row.online += bytes
      if (!offline.chunks.has(name) && !online.chunks.has(name)) row.views += bytes
      byPackage.set(packageOf(id), row)
    }
  }
  return { firstPage, offline, online, all, offlineEverything, onlineEverything, views, byPackage }
}
