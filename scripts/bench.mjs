// npm run bench: runs every package's benchmarks (packages/*/bench/*.bench.ts, each in its own
// process on the pinned Node), prints one table, and writes bench-results.json at the root.
// `npm run bench -- grading` runs only the files whose name contains "grading".
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const filter = process.argv[2] ?? ""
const out = join(mkdtempSync(join(tmpdir(), "jipan-bench-")), "results.jsonl")
writeFileSync(out, "")

const files = []
for (const dir of ["packages", "examples"]) {
  if (!existsSync(join(root, dir))) continue
  for (const pkg of readdirSync(join(root, dir))) {
    const bench = join(root, dir, pkg, "bench")
    if (!existsSync(bench)) continue
    for (const f of readdirSync(bench).sort()) {
      if (f.endsWith(".bench.ts") && f.includes(filter)) files.push(join(bench, f))
    }
  }
}

let failed = 0
for (const file of files) {
  console.log(`\n▶ ${file.slice(root.length)}`)
  const r = spawnSync(process.execPath, ["--import", "tsx", file], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, BENCH_OUT: out }
  })
  if (r.status !== 0) {
    failed++
    console.error(`✗ ${file.slice(root.length)} exited with ${r.status ?? r.signal}`)
  }
}

const results = readFileSync(out, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l))
// A filtered run replaces only the measurements it made; the others stay from earlier runs.
const resultsFile = join(root, "bench-results.json")
const measured = new Set(results.map((m) => `${m.id}|${m.peer ?? ""}`))
const kept =
  filter !== "" && existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, "utf8")).filter((m) => !measured.has(`${m.id}|${m.peer ?? ""}`))
    : []
writeFileSync(resultsFile, `${JSON.stringify([...kept, ...results], null, 2)}\n`)

const rows = results.map((m) => ({
  id: m.id,
  value: `${Number(m.value).toPrecision(4)} ${m.unit}`,
  peer: m.peer ?? "",
  ratio: m.ratio === undefined ? "" : `${Number(m.ratio).toFixed(1)}x`,
  note: m.note ?? ""
}))
console.log("\nBenchmarks (ratio = times faster than the peer, same run)")
console.table(rows)
console.log(`wrote bench-results.json (${results.length} measurements)`)
if (failed > 0) process.exit(1)
