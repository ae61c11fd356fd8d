import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { defineConfig, type Plugin } from "vite"

const source = (name: string, entry = "index") =>
  fileURLToPath(new URL(`../../packages/${name}/src/${entry}.ts`, import.meta.url))
const example = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url))

/**
 * React's API on Preact: the views are written against React (and typed with @types/react), the
 * page runs them on `preact/compat` (~10 KB gzip instead of react-dom's ~100 KB). Each key also
 * catches its subpaths (`react/jsx-runtime` → `preact/compat/jsx-runtime`, `react-dom/client` →
 * `preact/compat/client`); the root `vitest.workspace.ts` uses the same map for the tests.
 */
export const preactCompat = {
  "react-dom/test-utils": "preact/test-utils",
  "react-dom": "preact/compat",
  react: "preact/compat"
}

/** The query that marks the online backend's modules (see {@link isolateOnline}). */
export const ONLINE = "?cabinet-online"

/**
 * The online backend gets its own copy of everything it imports (effect, the core's schemas, the
 * DMS API's typed client): every module reached from `src/backend/online.ts` is resolved to its
 * file plus {@link ONLINE}, a module of its own to the bundler. Without it the client's use of
 * effect (its HTTP client streams, layers, codecs) would be included in the modules the first
 * page and the offline backend share with it, and grow both (a module lives in one chunk, with
 * every export any chunk uses); with it the offline mode and the first page stay byte for byte
 * what they are without the online mode, which loads its own copy (within its floor).
 */
const isolateOnline = (): Plugin => ({
  name: "cabinet-isolate-online",
  apply: "build",
  enforce: "pre",
  async resolveId(source, importer, options) {
    if (importer === undefined || source.startsWith("\0") || source.endsWith(ONLINE)) return null
    const entry = /[\\/]src[\\/]backend[\\/]online\.ts$/
    const fromOnline = importer.endsWith(ONLINE)
    if (!fromOnline && !(source === "./backend/online.js" && /[\\/]src[\\/]main\.tsx$/.test(importer)))
      return null
    const resolved = await this.resolve(source, fromOnline ? importer.slice(0, -ONLINE.length) : importer, {
      ...options,
      skipSelf: true
    })
    if (resolved === null || resolved.external || resolved.id.startsWith("\0") || resolved.id.includes("?"))
      return resolved
    if (!fromOnline && !entry.test(resolved.id)) return resolved
    return { ...resolved, id: `${resolved.id}${ONLINE}` }
  },
  load(id) {
    return id.endsWith(ONLINE) ? readFileSync(id.slice(0, -ONLINE.length), "utf8") : null
  }
})

/**
 * The cabinet's build: JSX by Vite's own transform (no plugin) onto `preact/compat`, @jipan/*
 * from their sources (as the tests do), PGlite left out of dependency pre-bundling (it loads its
 * own wasm and data files next to its module).
 */
export default defineConfig(({ mode }) => ({
  base: "./",
  resolve: {
    alias: {
      ...preactCompat,
      "@jipan/core": source("core"),
      "@jipan/store-sql": source("store-sql"),
      "@jipan/store-pglite/browser": source("store-pglite", "browser"),
      // the DMS API's browser-safe entry (its definition and typed client), for the online mode
      "@jipan/dms-api/client": example("dms-api/src/client-entry.ts")
    }
  },
  plugins: [isolateOnline()],
  oxc: { jsx: { runtime: "automatic" } },
  optimizeDeps: { exclude: ["@electric-sql/pglite"] },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // bench.html is the render bench's page (bench/cabinet.bench.ts builds with `mode: "bench"`),
      // not part of the app: left out of the app's build so it does not shape the app's chunks
      input: mode === "bench" ? { main: "index.html", bench: "bench.html" } : { main: "index.html" },
      // PGlite's Emscripten glue uses eval on purpose; nothing to act on
      onwarn: (warning, warn) => {
        if (warning.code !== "EVAL") warn(warning)
      }
    }
  },
  worker: { format: "es" }
}))
