import { defineConfig } from "tsup"

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
