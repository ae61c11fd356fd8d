// The shared package build (scripts/tsup.package.ts), with a second entry: the browser-safe
// client (`@jipan/dms-api/client`: the API definition, its problems and the typed client).
import { defineConfig } from "tsup"
import shared from "../../scripts/tsup.package.js"

const base = shared as Record<string, unknown>

export default defineConfig({
  ...base,
  entry: { index: "src/index.ts", client: "src/client-entry.ts" }
})
