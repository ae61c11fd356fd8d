// Copies each snippet file into the Markdown code block that follows its marker
// `<!-- snippet: docs/snippets/x.ts ... -->`, so the docs show exactly the compiled, tested code.
// Usage: node scripts/sync-snippets.mjs README.md docs/*.md
import { readFileSync, writeFileSync } from "node:fs"

const root = new URL("..", import.meta.url)
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8")
  const synced = text.replace(
    /(<!-- snippet: (\S+)[^\n]*-->\n```ts\n)[\s\S]*?(```)/g,
    (_, head, path, tail) => `${head}${readFileSync(new URL(path, root), "utf8")}${tail}`
  )
  if (synced !== text) {
    writeFileSync(file, synced)
    console.log(`synced ${file}`)
  }
}
