// Docs as code: every TSDoc `@example` in packages/*/src and every ```ts block in docs/*.md and the
// READMEs typechecks (docs/examples/compile-examples.ts), so an example cannot drift from the API.
import { describe, expect, it } from "vitest"
import { collectExamples, compileExamples, formatDiagnostic } from "../examples/compile-examples.js"

/**
 * Files (or folders, ending in `/`) whose examples may still fail, because other work owns them
 * right now. Their diagnostics are printed, not failed on; an entry whose examples all compile
 * fails the test until it leaves the list. Empty it.
 */
const notYetCompiled: ReadonlyArray<string> = []
/** A file on the list, or a file under a folder on it (an entry ending in `/`). */
const listed = (file: string) =>
  notYetCompiled.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry))

describe("docs as code", () => {
  const examples = collectExamples()

  it("finds the examples of the sources, the docs and the READMEs", () => {
    expect(examples.filter((e) => e.kind === "tsdoc").length).toBeGreaterThan(900)
    expect(examples.some((e) => e.file.startsWith("docs/"))).toBe(true)
    expect(examples.some((e) => /^packages\/[^/]+\/README\.md$/.test(e.file))).toBe(true)
  })

  it("every example typechecks against the sources, importing what it uses", { timeout: 180_000 }, () => {
    const diagnostics = compileExamples(examples)
    const allowed = diagnostics.filter((d) => listed(d.file))
    if (allowed.length > 0) {
      console.warn(
        `${allowed.length} diagnostics in not-yet-compiled files:\n${allowed.map(formatDiagnostic).join("\n")}`
      )
    }
    const failures = diagnostics.filter((d) => !listed(d.file)).map(formatDiagnostic)
    expect(failures, `examples that do not compile:\n${failures.join("\n")}`).toEqual([])
    const clean = notYetCompiled.filter(
      (entry) => !allowed.some((d) => (entry.endsWith("/") ? d.file.startsWith(entry) : d.file === entry))
    )
    expect(clean, "these files' examples compile now: take them off notYetCompiled").toEqual([])
  })
})
