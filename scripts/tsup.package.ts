import { defineConfig } from "tsup"

/**
 * The build every published package shares: ESM + CJS + `.d.ts` from `src/index.ts`,
 * dependencies external. Each package's tsup.config.ts re-exports it.
 */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // TS 6 + tsup 8: the d.ts build fails on the deprecated baseUrl tsup injects (TS5101) unless
  // deprecations are ignored; tsup 9 no longer injects it
  dts: { compilerOptions: { ignoreDeprecations: "6.0", composite: false } },
  tsconfig: "tsconfig.build.json",
  clean: true,
  sourcemap: true,
  target: "node20"
})
