// The shared package build (scripts/tsup.package.ts), with two changes: one entry per bounded
// context (the subpaths `@jipan/core/grading`, …) beside the root, and for browsers an ESM build
// that keeps one file per module (dist/esm/…), so a bundler drops every module an app does not
// reach ("sideEffects": false) — grading alone does not bring the lunar calendar. CJS (Node's
// require) is one bundle; each context's CJS entry re-exports its namespace from it, so a class
// required through two subpaths is one class.
import { mkdir, writeFile } from "node:fs/promises"
import { defineConfig } from "tsup"
import shared from "../../scripts/tsup.package.js"

const base = shared as Record<string, unknown>
const namespaces: Record<string, string> = {
  kernel: "Kernel",
  policy: "Policies",
  grading: "Grades",
  card: "Cards",
  care: "Care",
  referral: "Referrals",
  report: "Reports",
  notify: "Notify",
  app: "App"
}
const contexts = Object.keys(namespaces)
const entry: Record<string, string> = { index: "src/index.ts" }
for (const context of contexts) entry[`${context}/index`] = `src/${context}/index.ts`

export default defineConfig([
  {
    ...base,
    entry: ["src/index.ts"],
    format: ["cjs"],
    clean: false,
    // each context's CJS entry is the root bundle's namespace of that context: one copy of every
    // class however it is required (tsup's CJS code splitting mangles `??` inside generators)
    onSuccess: async () => {
      for (const [context, namespace] of Object.entries(namespaces)) {
        await mkdir(`dist/${context}`, { recursive: true })
        await writeFile(
          `dist/${context}/index.cjs`,
          `"use strict"\n// @jipan/core/${context}: the ${namespace} namespace of the root bundle\nmodule.exports = require("../index.cjs").${namespace}\n`
        )
      }
    }
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
