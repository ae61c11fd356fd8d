import { fileURLToPath } from "node:url"
import { defineConfig } from "vite"

const source = (name: string, entry = "index") =>
  fileURLToPath(new URL(`../../packages/${name}/src/${entry}.ts`, import.meta.url))

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
      "@jipan/store-pglite/browser": source("store-pglite", "browser")
    }
  },
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
