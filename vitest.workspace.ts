import type { TestProjectConfiguration } from "vitest/config"

/**
 * The test projects, one per package. vitest 5 no longer reads this file on its own:
 * `vitest.config.ts` imports it as `test.projects` (left alone, vitest 4 and 5 silently ignore it
 * and run every file as one unnamed project).
 * Packages import each other by name, as users do; tests run on the sources (no build needed
 * for `npm test` on a fresh machine), so every project resolves @jipan/* to `src`.
 * Database projects run their files one at a time: each file owns one embedded PGlite (~300 MB).
 */
const source = (name: string) => new URL(`./packages/${name}/src/index.ts`, import.meta.url).pathname
const resolve = {
  alias: {
    // the core's contexts (@jipan/core/grading, …) before the core itself
    ...Object.fromEntries(
      ["kernel", "policy", "grading", "card", "care", "referral", "report", "notify", "app"].map(
        (context) => [
          `@jipan/core/${context}`,
          new URL(`./packages/core/src/${context}/index.ts`, import.meta.url).pathname
        ]
      )
    ),
    "@jipan/core": source("core"),
    "@jipan/store-sql": source("store-sql"),
    // a subpath before its package: the package's alias would also catch "…/browser"
    "@jipan/store-pglite/browser": new URL("./packages/store-pglite/src/browser.ts", import.meta.url)
      .pathname,
    "@jipan/store-pglite": source("store-pglite"),
    "@jipan/store-postgres": source("store-postgres"),
    "@jipan/testkit": source("testkit"),
    "@jipan/export": source("export"),
    "@jipan/notify-sms": source("notify-sms")
  }
}
const database = { fileParallelism: false, testTimeout: 60_000, hookTimeout: 60_000 }
const project = (name: string, options: Record<string, unknown> = {}): TestProjectConfiguration => ({
  resolve,
  test: { name, root: `./packages/${name}`, include: ["test/**/*.test.ts"], ...options }
})

export const projects: Array<TestProjectConfiguration> = [
  project("core"),
  { resolve, test: { name: "docs", root: "./docs", include: ["snippets/**/*.test.ts"] } },
  project("store-pglite", database),
  project("store-postgres", database),
  project("store-sql", database),
  project("testkit"),
  project("notify-webhook"),
  project("notify-email"),
  project("notify-sms"),
  project("notify-wechat"),
  project("export"),
  {
    resolve,
    test: {
      name: "showroom",
      root: "./examples/showroom",
      include: ["test/**/*.test.ts"],
      testTimeout: 120_000
    }
  },
  {
    // the cabinet runs React's API on preact/compat (examples/card-cabinet/vite.config.ts): the
    // component tests do too, @testing-library/react included (its ESM build, inlined so the
    // alias reaches its own imports of react-dom)
    resolve: {
      alias: {
        "@testing-library/react": new URL(
          "./node_modules/@testing-library/react/dist/@testing-library/react.esm.js",
          import.meta.url
        ).pathname,
        "react-dom/test-utils": "preact/test-utils",
        "react-dom": "preact/compat",
        react: "preact/compat",
        ...resolve.alias
      }
    },
    test: {
      name: "card-cabinet",
      root: "./examples/card-cabinet",
      include: ["test/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
      server: { deps: { inline: [/@testing-library[/]react/] } },
      fileParallelism: false,
      // the e2e files poll the page while PGlite works; the shared machine can be slow
      expect: { poll: { timeout: 20_000 } },
      testTimeout: 120_000,
      hookTimeout: 180_000
    }
  },
  {
    resolve: {
      alias: {
        ...resolve.alias,
        "@jipan/notify-webhook": new URL("./packages/notify-webhook/src/index.ts", import.meta.url).pathname
      }
    },
    test: {
      name: "dms-api",
      root: "./examples/dms-api",
      include: ["test/**/*.test.ts"],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000
    }
  }
]

export default projects
