// Builds the showroom CLI into dist/ (esbuild: one ESM entry and lazily loaded chunks), so a
// command starts on plain Node without transpiling TypeScript. `ensureBuilt()` rebuilds only when
// a source of the showroom or of the Jipan packages it bundles is newer than the build.
// `node scripts/build.mjs` builds unconditionally.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const repo = join(root, "..", "..")
const dist = join(root, "dist")
const stamp = join(dist, "build.json")

/** The sources the bundle is made of: the showroom's and the bundled workspace packages'. */
const sourceDirs = [
  join(root, "src"),
  ...["core", "store-sql", "store-pglite", "store-postgres", "export", "notify-sms"].map((p) =>
    join(repo, "packages", p, "src")
  )
]
// the lockfile: a dependency installed or upgraded rebuilds too
const sourceFiles = [
  join(root, "package.json"),
  join(root, "tsconfig.json"),
  join(repo, "package-lock.json"),
  fileURLToPath(import.meta.url)
]

const newest = (dir) => {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(entry.parentPath ?? dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** The newest modification time among the bundle's sources. */
export const sourcesTime = () =>
  Math.max(...sourceDirs.map(newest), ...sourceFiles.map((f) => statSync(f).mtimeMs))

/** Whether dist/ holds a build at least as new as every source. */
export const isFresh = () => {
  try {
    return statSync(stamp).mtimeMs >= sourcesTime()
  } catch {
    return false
  }
}

/**
 * The text tables (src/Table.ts) need only @jipan/export's cell text and widths: resolving their
 * import to that module keeps the exporter, and exceljs with it, out of every `report … --format
 * table` (esbuild would otherwise load the exporter's whole chunk with the table renderer).
 */
const textWidthsOnly = {
  name: "text-widths-only",
  setup(build) {
    build.onResolve({ filter: /^@jipan\/export$/ }, (args) =>
      args.importer.endsWith(join("src", "Table.ts"))
        ? { path: join(repo, "packages", "export", "src", "CellText.ts") }
        : undefined
    )
  }
}

/** Bundles src/main.ts into a temporary folder, then swaps it in as dist/. */
export const build = async () => {
  const esbuild = await import("esbuild")
  const tmp = `${dist}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  const started = performance.now()
  await esbuild.build({
    entryPoints: { main: join(root, "src", "main.ts") },
    absWorkingDir: root,
    tsconfig: join(root, "tsconfig.json"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: tmp,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    // PGlite finds its WASM and data files next to its own module; exceljs is large and CommonJS
    external: ["@electric-sql/pglite", "@electric-sql/pglite/*", "exceljs"],
    banner: {
      js: "import { createRequire as __jipanRequire } from 'node:module'; const require = __jipanRequire(import.meta.url);"
    },
    legalComments: "none",
    plugins: [textWidthsOnly],
    logLevel: "warning"
  })
  writeFileSync(
    join(tmp, "build.json"),
    `${JSON.stringify({ builtIn: Math.round(performance.now() - started) })}\n`
  )
  rmSync(dist, { recursive: true, force: true })
  renameSync(tmp, dist)
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Builds when stale; one process builds at a time (a lock folder), the others wait for it. */
export const ensureBuilt = async () => {
  if (isFresh()) return
  const lock = `${dist}.lock`
  mkdirSync(dirname(lock), { recursive: true })
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (waited > 60_000) rmSync(lock, { recursive: true, force: true }) // a builder died holding it
      await sleep(100)
      if (isFresh()) return
    }
  }
  try {
    if (!isFresh()) {
      process.stderr.write("Building the showroom CLI (once, after a source changed)…\n")
      await build()
    }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build()
