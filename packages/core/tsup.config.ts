// The shared package build (scripts/tsup.package.ts), with two changes: one entry per bounded
// context (the subpaths `@jipan/core/grading`, …) beside the root, and for browsers an ESM build
// that keeps one file per module (dist/esm/…), so a bundler drops every module an app does not
// reach ("sideEffects": false) — grading alone does not bring the lunar calendar. CJS (Node's
// require) is bundled per entry with shared chunks, so a class required through two subpaths is
// one class.
import { defineConfig } from "tsup"
import shared from "../../scripts/tsup.package.js"

const base = shared as Record<string, unknown>
const contexts = ["kernel", "policy", "grading", "card", "care", "referral", "report", "notify", "app"]
const entry: Record<string, string> = { index: "src/index.ts" }
for (const context of contexts) entry[`${context}/index`] = `src/${context}/index.ts`

export default defineConfig([
  {
    ...base,
    entry,
    format: ["cjs"],
    splitting: true,
    clean: false
  },
  {
    ...base,
    entry: ["src/**/*.ts"],
    format: ["esm"],
    bundle: false,
    outDir: "dist/esm",
    dts: false,
    clean: false
  },
  {
    ...base,
    entry,
    format: ["esm", "cjs"],
    dts: { only: true, compilerOptions: { ignoreDeprecations: "6.0", composite: false } },
    clean: false
  }
])
