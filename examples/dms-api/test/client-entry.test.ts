// `@jipan/dms-api/client` is browser-safe: esbuild bundles src/client-entry.ts for the browser
// platform (a `node:` or Node built-in import anywhere in its graph, the core's included, fails
// the build), and none of the server's modules is reachable from it. The root entry, bundled the
// same way, does fail (so the check can fail).
import { builtinModules } from "node:module"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const bundle = (entry: string) =>
  build({
    entryPoints: [fileURLToPath(new URL(`../src/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    metafile: true,
    platform: "browser",
    format: "esm",
    logLevel: "silent",
    // @jipan/* from the sources, as the tests and the cabinet's build resolve them
    alias: {
      "@jipan/core": `${root}packages/core/src/index.ts`,
      "@jipan/store-sql": `${root}packages/store-sql/src/index.ts`,
      "@jipan/store-pglite": `${root}packages/store-pglite/src/index.ts`,
      "@jipan/store-postgres": `${root}packages/store-postgres/src/index.ts`,
      "@jipan/export": `${root}packages/export/src/index.ts`,
      "@jipan/notify-webhook": `${root}packages/notify-webhook/src/index.ts`
    }
  })

const isNode = (path: string) =>
  path.startsWith("node:") || builtinModules.includes(path.split("/")[0] ?? path)

describe("@jipan/dms-api/client", () => {
  it("bundles for the browser: no Node module, no server module reachable", async () => {
    const result = await bundle("client-entry.ts")
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((p) => p.endsWith("examples/dms-api/src/Client.ts"))).toBe(true)
    expect(
      inputs.filter((p) => p.includes("examples/dms-api/src/server/") || p.endsWith("src/main.ts"))
    ).toEqual([])
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path))
    expect(imports.filter(isNode)).toEqual([])
    expect(inputs.some((p) => p.includes("@effect/platform-node"))).toBe(false)
  }, 60_000)

  it("the root entry (the server) does not bundle for the browser", async () => {
    await expect(bundle("index.ts")).rejects.toThrow()
  }, 60_000)
})
