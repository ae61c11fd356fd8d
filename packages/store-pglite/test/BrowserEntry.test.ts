// The browser entry reaches no Node module: every import of every module reachable from
// src/browser.ts (the sources) and of dist/browser.js (the build, when present) is checked.
import { existsSync, readFileSync } from "node:fs"
import { builtinModules } from "node:module"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const specifiers = (code: string): Array<string> =>
  [
    ...code.matchAll(
      /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/gm
    )
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? "")

/** The bare (package) specifiers of every module reachable from `entry` through relative imports. */
const reachable = (entry: string, toFile: (specifier: string, from: string) => string): Set<string> => {
  const seen = new Set<string>()
  const bare = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const s of specifiers(readFileSync(file, "utf8"))) {
      if (s.startsWith(".")) visit(toFile(s, file))
      else bare.add(s)
    }
  }
  visit(entry)
  return bare
}

const nodeOnly = (s: string) =>
  s.startsWith("node:") || builtinModules.includes(s.split("/")[0] ?? s) || s.startsWith("@effect/sql-pg")

describe("@jipan/store-pglite/browser", () => {
  it("imports no Node module and not the wire driver (sources)", () => {
    const bare = reachable(resolve(pkg, "src/browser.ts"), (s, from) =>
      resolve(dirname(from), s.replace(/\.js$/, ".ts"))
    )
    expect(bare.has("@electric-sql/pglite")).toBe(true)
    expect([...bare].filter(nodeOnly)).toEqual([])
  })
  it("imports no Node module (the build, when built)", () => {
    const built = resolve(pkg, "dist/browser.js")
    if (!existsSync(built)) return
    const bare = reachable(built, (s, from) => resolve(dirname(from), s))
    expect([...bare].filter(nodeOnly)).toEqual([])
  })
  it("the Node entry still uses the wire driver (so the check above can fail)", () => {
    const bare = reachable(resolve(pkg, "src/index.ts"), (s, from) =>
      resolve(dirname(from), s.replace(/\.js$/, ".ts"))
    )
    expect([...bare].filter(nodeOnly)).toEqual(
      expect.arrayContaining(["@effect/sql-pg/PgClient", "node:fs/promises", "node:stream"])
    )
  })
})
