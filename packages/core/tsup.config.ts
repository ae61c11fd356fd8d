// The shared package build (scripts/tsup.package.ts), with one change for browsers: the ESM
// build keeps one file per module (dist/esm/…), so a bundler drops every module an app does not
// reach ("sideEffects": false) — grading alone no longer brings the lunar calendar and the phone
// metadata. CJS (Node's require) stays one bundled file.
import { defineConfig } from "tsup"
import shared from "../../scripts/tsup.package.js"

const base = shared as Record<string, unknown>

export default defineConfig([
  {
    ...base,
    entry: ["src/index.ts"],
    format: ["cjs"],
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
    entry: ["src/index.ts"],
    format: ["esm"],
    dts: { only: true, compilerOptions: { ignoreDeprecations: "6.0", composite: false } },
    clean: false
  }
])
