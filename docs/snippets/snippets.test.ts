// Every snippet the docs show is compiled (docs/tsconfig.json) and run here; the README's copy
// must be the file's text exactly.
import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it, vi } from "vitest"

const root = new URL("../../", import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), "utf8")

describe("docs snippets", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("the README's grading tour is docs/snippets/grading-tour.ts, and it prints what its comments say", async () => {
    const snippet = read("docs/snippets/grading-tour.ts")
    expect(read("README.md")).toContain(`\`\`\`ts\n${snippet}\`\`\``)
    const lines: Array<Array<unknown>> = []
    vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
      lines.push(args)
    })
    await import("./grading-tour.js")
    expect(lines).toEqual([
      ["A", "2026-11-26"],
      [["grading.timeframe", "grading.evidence.A"]],
      [8, { stepId: "lapse.downgrade", action: "downgrade", downgradeTo: "B" }]
    ])
  })
})
