import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { lifecycleDiagram } from "../../src/index.js"

describe("docs/lifecycle.md", () => {
  it("shows the state diagram generated from lifecycleTransitions", () => {
    const page = readFileSync(new URL("../../../../docs/lifecycle.md", import.meta.url), "utf8")
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(page)?.[1]
    expect(block).toBe(lifecycleDiagram())
  })
})
