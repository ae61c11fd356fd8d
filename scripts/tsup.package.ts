import { defineConfig } from "tsup"

/**
 * The build every published package shares: ESM + CJS + `.d.ts` from `src/index.ts`,
 * dependencies external. Each package's tsup.config.ts re-exports it.
 */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // TS 6 + tsup 8 warn about the deprecated baseUrl tsup injects (toolchain.md, gotcha 12)
  dts: { compilerOptions: { ignoreDeprecations: "6.0", composite: false } },
  tsconfig: "tsconfig.build.json",
  clean: true,
  sourcemap: true,
  target: "node20"
})
