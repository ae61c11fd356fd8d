import { fileURLToPath } from "node:url"
import { defineConfig } from "vite"

const source = (name: string, entry = "index") =>
  fileURLToPath(new URL(`../../packages/${name}/src/${entry}.ts`, import.meta.url))

/**
 * The cabinet's build: React's JSX by Vite's own transform (no plugin), @jipan/* from their
 * sources (as the tests do), PGlite left out of dependency pre-bundling (it loads its own wasm
 * and data files next to its module).
 */
export default defineConfig({
  base: "./",
  resolve: {
    alias: {
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
    // bench.html is the render bench's page (bench/cabinet.bench.ts), not part of the app
    rollupOptions: {
      input: { main: "index.html", bench: "bench.html" },
      // PGlite's Emscripten glue uses eval on purpose; nothing to act on
      onwarn: (warning, warn) => {
        if (warning.code !== "EVAL") warn(warning)
      }
    }
  },
  worker: { format: "es" }
})
