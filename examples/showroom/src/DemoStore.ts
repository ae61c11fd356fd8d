/**
 * The demo's store on disk: the first `demo` generates the history into
 * `examples/showroom/.data/demo` (a PGlite data directory `pgdata/` and `demo.json`, what the
 * generator knows that the store does not: the counts, the names, what the close of the last day
 * did); later runs and the CLI's `plan`, `settle`, `close-day` and `report` open it instead of
 * simulating again.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Simulation } from "./Simulate.js"

/** The folder of the nearest package.json above this module: src/ when run from source, dist/chunks/ when bundled. */
const packageDir = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir
    if (dirname(dir) === dir) return from
  }
}

/** The showroom package's folder. */
export const SHOWROOM_DIR = packageDir(dirname(fileURLToPath(import.meta.url)))

/** Where `npm run demo` keeps its store, and where the CLI finds it by default. */
export const DEMO_STORE_DIR = join(SHOWROOM_DIR, ".data", "demo")

/** The default store of `import`: its own, so the demo's stays as generated. */
export const IMPORT_STORE_DIR = join(SHOWROOM_DIR, ".data", "import")

/** The format of `demo.json`; a store written by another format is generated again. */
export const DEMO_FORMAT = 3

/** The file beside the data directory that makes a folder a demo store. */
export const MANIFEST_FILE = "demo.json"

/** The PGlite data directory of a demo store. */
export const pgdataOf = (dir: string): string => join(dir, "pgdata")

/**
 * What `demo.json` holds: the generator's seed and days, how long it took, and the simulation
 * (its maps as entry lists).
 */
export interface DemoManifest {
  readonly format: number
  readonly seed: number
  readonly days: number
  readonly generatedSeconds: number
  readonly simulation: Omit<Simulation, "loyalty"> & {
    readonly loyalty: ReadonlyArray<readonly [string, number]>
  }
}

/** The manifest of a demo store as JSON text. */
export const manifestText = (
  sim: Simulation,
  meta: { readonly seed: number; readonly days: number; readonly generatedSeconds: number }
): string => {
  const manifest: DemoManifest = {
    format: DEMO_FORMAT,
    ...meta,
    simulation: { ...sim, loyalty: [...sim.loyalty] }
  }
  return `${JSON.stringify(manifest)}\n`
}

/** The demo store in `dir`, when it is one of this format; `undefined` otherwise. */
export const readManifest = (dir: string): DemoManifest | undefined => {
  const file = join(dir, MANIFEST_FILE)
  if (!existsSync(file)) return undefined
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as DemoManifest
    return manifest.format === DEMO_FORMAT ? manifest : undefined
  } catch {
    return undefined
  }
}

/** The simulation a manifest describes. */
export const simulationOf = (manifest: DemoManifest): Simulation => ({
  ...manifest.simulation,
  loyalty: new Map(manifest.simulation.loyalty)
})
