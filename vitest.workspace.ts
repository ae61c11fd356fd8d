import type { TestProjectConfiguration } from "vitest/config"

/**
 * The test projects, one per package. vitest 5 no longer reads this file on its own:
 * `vitest.config.ts` imports it as `test.projects` (toolchain.md, gotcha 13).
 * Database projects run their files one at a time: each file owns one embedded PGlite (~300 MB).
 */
const database = { fileParallelism: false, testTimeout: 60_000, hookTimeout: 60_000 }

export const projects: Array<TestProjectConfiguration> = [
  { test: { name: "core", root: "./packages/core", include: ["test/**/*.test.ts"] } },
  {
    // docs snippets import "@jipan/core" as a user would; tests run on its sources, unbuilt
    resolve: { alias: { "@jipan/core": new URL("./packages/core/src/index.ts", import.meta.url).pathname } },
    test: { name: "docs", root: "./docs", include: ["snippets/**/*.test.ts"] }
  },
  {
    test: {
      name: "store-pglite",
      root: "./packages/store-pglite",
      include: ["test/**/*.test.ts"],
      ...database
    }
  },
  {
    test: {
      name: "store-postgres",
      root: "./packages/store-postgres",
      include: ["test/**/*.test.ts"],
      ...database
    }
  },
  { test: { name: "notify-webhook", root: "./packages/notify-webhook", include: ["test/**/*.test.ts"] } },
  { test: { name: "notify-email", root: "./packages/notify-email", include: ["test/**/*.test.ts"] } }
]

export default projects
