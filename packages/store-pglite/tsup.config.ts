// The shared package build (scripts/tsup.package.ts), with a second entry: the browser build
// (`@jipan/store-pglite/browser`, no Node module reachable from it).
import { defineConfig } from "tsup"
import shared from "../../scripts/tsup.package.js"

const base = shared as Record<string, unknown>

export default defineConfig({
  ...base,
  entry: { index: "src/index.ts", browser: "src/browser.ts" }
})
