// Docs as code: every TypeScript example a reader can copy is compiled.
// Collects every ```ts block of every TSDoc `@example` in packages/*/src and every ```ts /
// ```typescript block in docs/*.md and the READMEs (but the blocks `npm run docs:sync` fills from
// docs/snippets, compiled by docs/tsconfig.json, and the blocks after `<!-- not-compiled: why -->`),
// writes each as its own module, and typechecks them all in one program with the repo's compiler
// options, @jipan/* mapped to the sources. The only names an example may use without importing
// them are the ones `prelude.ts` declares (`tenant`, `today`, `policy`, …).
// Run: `npx vitest run --project docs` (docs/snippets/examples.test.ts), or
// `npx node docs/examples/compile-examples.ts` to print the diagnostics.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = fileURLToPath(new URL("../../", import.meta.url))

/** One code block a reader can copy: where it is written and its text. */
export interface Example {
  /** The file it is written in, relative to the repo root. */
  readonly file: string
  /** The 1-based line of the block's first code line in that file. */
  readonly line: number
  readonly code: string
  readonly kind: "tsdoc" | "markdown"
}

/** A TypeScript diagnostic on an example, at its place in the file it is written in. */
export interface ExampleDiagnostic {
  readonly file: string
  readonly line: number
  readonly code: number
  readonly message: string
}

const walk = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? walk(join(dir, entry.name))
      : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")
        ? [join(dir, entry.name)]
        : []
  )

const listDir = (dir: string) => {
  try {
    return readdirSync(join(root, dir), { withFileTypes: true })
  } catch {
    return []
  }
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length

/** The ```ts blocks after the `@example` tags of every TSDoc comment in one source file. */
export const tsdocExamples = (file: string, text: string): Array<Example> => {
  const examples: Array<Example> = []
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const first = lineAt(text, comment.index)
    const lines = comment[0].split("\n").map((line) => line.replace(/^\s*\/?\*+\/? ?/, ""))
    let inExample = false
    let block: { start: number; code: Array<string> } | undefined
    lines.forEach((line, i) => {
      if (block !== undefined) {
        if (/^\s*```\s*$/.test(line)) {
          examples.push({ file, line: block.start, code: block.code.join("\n"), kind: "tsdoc" })
          block = undefined
        } else block.code.push(line)
        return
      }
      if (/^\s*@example\b/.test(line)) inExample = true
      else if (/^\s*@\w+/.test(line)) inExample = false
      if (inExample && /^\s*```(ts|typescript)\s*$/.test(line)) block = { start: first + i + 1, code: [] }
    })
  }
  return examples
}

/**
 * The ```ts / ```typescript blocks of one Markdown file, but the blocks after a
 * `<!-- snippet: … -->` or `<!-- not-compiled: why -->` marker and those that are a file of
 * `snippets` exactly (docs/tsconfig.json compiles those files).
 */
export const markdownExamples = (
  file: string,
  text: string,
  snippets: ReadonlySet<string> = new Set()
): Array<Example> => {
  const examples: Array<Example> = []
  for (const block of text.matchAll(/^```(ts|typescript)[ \t]*\n([\s\S]*?)^```/gm)) {
    const before = text.slice(0, block.index).trimEnd()
    const previous = before.slice(before.lastIndexOf("\n") + 1)
    if (/^<!-- (snippet|not-compiled):/.test(previous) || snippets.has(block[2] ?? "")) continue
    examples.push({ file, line: lineAt(text, block.index) + 1, code: block[2] ?? "", kind: "markdown" })
  }
  return examples
}

/** Every example in the repo: TSDoc in packages/*\/src, then docs/*.md and the READMEs. */
export const collectExamples = (): Array<Example> => {
  const tsdoc = listDir("packages")
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const src = join(root, "packages", entry.name, "src")
      return listDir(relative(root, src)).length === 0 ? [] : walk(src)
    })
    .sort()
    .flatMap((path) => tsdocExamples(relative(root, path), readFileSync(path, "utf8")))
  const snippets = new Set(
    listDir("docs/snippets")
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
      .map((entry) => readFileSync(join(root, "docs/snippets", entry.name), "utf8"))
  )
  const markdown = [
    ...listDir("docs")
      .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
      .map((entry) => `docs/${entry.name}`),
    "README.md",
    ...listDir("packages").map((entry) => `packages/${entry.name}/README.md`),
    ...listDir("examples").map((entry) => `examples/${entry.name}/README.md`)
  ]
    .filter((file) => listDir(dirname(file)).some((entry) => entry.name === file.split("/").pop()))
    .sort()
    .flatMap((file) => markdownExamples(file, readFileSync(join(root, file), "utf8"), snippets))
  return [...tsdoc, ...markdown]
}

const contexts = ["kernel", "policy", "grading", "card", "care", "referral", "report", "notify", "app"]

/** @jipan/* to the sources, as docs/tsconfig.json and vitest.workspace.ts map them. */
const paths = (): Record<string, Array<string>> => {
  const map: Record<string, Array<string>> = {}
  for (const context of contexts) map[`@jipan/core/${context}`] = [`packages/core/src/${context}/index.ts`]
  map["@jipan/store-pglite/browser"] = ["packages/store-pglite/src/browser.ts"]
  for (const entry of listDir("packages")) {
    if (entry.isDirectory()) map[`@jipan/${entry.name}`] = [`packages/${entry.name}/src/index.ts`]
  }
  // the DMS API example is a library too (its client), and docs/dms-api.md imports it
  map["@jipan/dms-api"] = ["examples/dms-api/src/index.ts"]
  return map
}

/** Where each run writes the examples as modules (inside the repo, so node_modules resolves). */
const cacheDir = join(root, "node_modules/.cache")

const moduleName = (example: Example, index: number) =>
  `${String(index).padStart(4, "0")}-${example.file.replace(/[^A-Za-z0-9]+/g, "_")}-L${example.line}.ts`

/**
 * Typechecks the examples in one program and returns their diagnostics, each at the line of the
 * file the example is written in. Diagnostics in the prelude count too; the sources' own are
 * `tsc -b`'s business and are not reported.
 */
export const compileExamples = (examples: ReadonlyArray<Example>): Array<ExampleDiagnostic> => {
  mkdirSync(cacheDir, { recursive: true })
  // a directory of its own per run: two runs at once must not overwrite each other's modules
  const outDir = mkdtempSync(join(cacheDir, "docs-examples-"))
  try {
    return compileIn(outDir, examples)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

const compileIn = (outDir: string, examples: ReadonlyArray<Example>): Array<ExampleDiagnostic> => {
  writeFileSync(join(outDir, "package.json"), `{ "type": "module" }\n`)
  const prelude = join(dirname(fileURLToPath(import.meta.url)), "prelude.ts")
  const written = new Map<string, Example>()
  examples.forEach((example, index) => {
    const path = join(outDir, moduleName(example, index))
    // `export {}` makes a fragment without imports a module of its own, not a global script
    writeFileSync(path, `${example.code}\nexport {}\n`)
    written.set(path, example)
  })
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, root)
  const program = ts.createProgram({
    rootNames: [prelude, ...written.keys()],
    options: {
      ...options,
      composite: false,
      declaration: false,
      emitDeclarationOnly: false,
      noEmit: true,
      paths: Object.fromEntries(
        Object.entries(paths()).map(([name, targets]) => [name, targets.map((t) => join(root, t))])
      )
    }
  })
  const diagnostics: Array<ExampleDiagnostic> = []
  const report = (diagnostic: ts.Diagnostic, at: (line: number) => { file: string; line: number }) => {
    const line =
      diagnostic.file !== undefined && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : 0
    diagnostics.push({
      ...at(line),
      code: diagnostic.code,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")
    })
  }
  for (const diagnostic of program.getOptionsDiagnostics()) report(diagnostic, () => ({ file: "", line: 0 }))
  for (const sourceFile of program.getSourceFiles()) {
    const path = sourceFile.fileName
    const example = written.get(path)
    if (example === undefined && path !== prelude) continue
    const found = [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile)
    ]
    for (const diagnostic of found) {
      report(diagnostic, (line) =>
        example === undefined
          ? { file: relative(root, prelude), line: line + 1 }
          : { file: example.file, line: example.line + line }
      )
    }
  }
  return diagnostics
}

/** `file:line TSxxxx message`, one line per diagnostic. */
export const formatDiagnostic = (d: ExampleDiagnostic) =>
  `${d.file}:${d.line} TS${d.code} ${d.message.replace(/\n\s*/g, " ")}`

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const examples = collectExamples()
  const diagnostics = compileExamples(examples)
  for (const d of diagnostics) console.log(formatDiagnostic(d))
  console.log(`${examples.length} examples, ${diagnostics.length} diagnostics`)
}
