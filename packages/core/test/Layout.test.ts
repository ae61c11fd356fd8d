// The core's layout: context folders whose dependencies point one way
// (kernel ← policy ← grading ← card ← care ← referral ← report | notify ← app) and no circle
// between modules. Read from the sources, so an upward import fails here before review.
import { readdirSync, readFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

/** The rank of each context: a module may import its own context or one of a lower rank. */
const ranks: Record<string, number> = {
  kernel: 0,
  policy: 1,
  grading: 2,
  card: 3,
  care: 4,
  referral: 5,
  report: 6,
  notify: 6,
  app: 7
}

const src = resolve(import.meta.dirname, "../src")

/** Every module of `src` (path relative to it) with the relative modules it imports. */
const graphOf = (root: string): Map<string, ReadonlyArray<string>> => {
  const graph = new Map<string, ReadonlyArray<string>>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith(".ts")) {
        const text = readFileSync(path, "utf8")
        const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)\.js"/g)].map((m) =>
          relative(root, resolve(dir, `${m[1]}.ts`))
        )
        graph.set(relative(root, path), targets)
      }
    }
  }
  walk(root)
  return graph
}

const contextOf = (module: string): string =>
  module.includes("/") ? (module.split("/")[0] ?? "(root)") : "(root)"

/** Imports from a context into one of an equal or higher rank (other than its own). */
const upwardImports = (
  graph: ReadonlyMap<string, ReadonlyArray<string>>,
  rank: Readonly<Record<string, number>>
): ReadonlyArray<string> => {
  const found: Array<string> = []
  for (const [from, targets] of graph) {
    const source = contextOf(from)
    if (source === "(root)") continue // the root barrel re-exports every context
    for (const to of targets) {
      const target = contextOf(to)
      if (target === source) continue
      const s = rank[source]
      const t = rank[target]
      if (s === undefined || t === undefined || t >= s) found.push(`${from} → ${to}`)
    }
  }
  return found
}

/** One circle of imports between modules, if there is one (depth-first search). */
const importCircle = (graph: ReadonlyMap<string, ReadonlyArray<string>>): ReadonlyArray<string> => {
  const state = new Map<string, "open" | "done">()
  const path: Array<string> = []
  const visit = (node: string): ReadonlyArray<string> => {
    if (state.get(node) === "done") return []
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node]
    state.set(node, "open")
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next)
      if (circle.length > 0) return circle
    }
    path.pop()
    state.set(node, "done")
    return []
  }
  for (const node of graph.keys()) {
    const circle = visit(node)
    if (circle.length > 0) return circle
  }
  return []
}

describe("the core's layout", () => {
  const graph = graphOf(src)

  it("puts every module in a context folder with a rank", () => {
    const loose = [...graph.keys()].filter((m) => m !== "index.ts" && ranks[contextOf(m)] === undefined)
    expect(loose).toEqual([])
    expect(graph.size).toBeGreaterThan(60)
  })

  it("has no import from a context into one of an equal or higher rank", () => {
    expect(upwardImports(graph, ranks)).toEqual([])
  })

  it("has no circle of imports between modules", () => {
    expect(importCircle(graph)).toEqual([])
  })

  it("gives every context a barrel that the root re-exports, flat and as a namespace", () => {
    const root = readFileSync(join(src, "index.ts"), "utf8")
    for (const context of Object.keys(ranks)) {
      expect(graph.has(`${context}/index.ts`)).toBe(true)
      expect(root).toContain(`export * from "./${context}/index.js"`)
      expect(root).toMatch(new RegExp(`export \\* as \\w+ from "\\./${context}/index\\.js"`))
      const barrel = graph.get(`${context}/index.ts`) ?? []
      const modules = [...graph.keys()].filter(
        (m) => contextOf(m) === context && !m.endsWith("index.ts") && !m.includes("/internal/")
      )
      expect([...barrel].sort()).toEqual(modules.sort())
    }
  })

  // "The core is pure" in letter: a module-level cache is a BoundedCache (Memo.ts) or a WeakMap
  // keyed by a policy; a Map or Set made empty at module level is filled later: a cache (one made
  // with its entries is a constant table).
  it("keeps every module-level cache behind the bounded memo helper", () => {
    const unbounded: Array<string> = []
    for (const module of graph.keys()) {
      const text = readFileSync(join(src, module), "utf8")
      for (const m of text.matchAll(/^(?:const|let) (\w+)\s*(?::[^=]+)?= new (?:Map|Set)(?:<[^()]*>)?\(\)/gm))
        unbounded.push(`${module}: ${m[1]}`)
    }
    expect(unbounded).toEqual([])
  })

  // The checks can fail: a deliberate upward import and a deliberate circle are found.
  it("finds an upward import and a circle when there is one", () => {
    const bad = new Map<string, ReadonlyArray<string>>([
      ["kernel/Ids.ts", ["card/Card.ts"]],
      ["card/Card.ts", ["kernel/Ids.ts"]],
      ["report/Findings.ts", ["notify/Outbox.ts"]]
    ])
    expect(upwardImports(bad, ranks)).toEqual([
      "kernel/Ids.ts → card/Card.ts",
      "report/Findings.ts → notify/Outbox.ts"
    ])
    expect(importCircle(bad)).toEqual(["kernel/Ids.ts", "card/Card.ts", "kernel/Ids.ts"])
  })
})
