// bundle-size: what a front end pays for @jipan/core — esbuild, platform browser, minified, then
// gzip — for (a) grading alone and (b) grading + the card decider + command decoding (floor:
// (b) ≤ 150 KB gzip). The core's ESM build is one file per module and "sideEffects": false, so a
// bundler drops what an app does not reach; the source is bundled the same way here. The note
// says which packages the bytes come from (minified, before gzip).
import { gzipSync } from "node:zlib"
import { build } from "esbuild"
import { report } from "../../../scripts/bench-harness.js"

// As a front end imports them: the subpaths @jipan/core/kernel, /policy, /grading and /card.
const context = (name: string) => JSON.stringify(new URL(`../src/${name}/index.ts`, import.meta.url).pathname)
const grading = `import { CalendarDate } from ${context("kernel")}
import { defaultPolicy } from ${context("policy")}
import { gradeProspect } from ${context("grading")}`
const entries = {
  "bundle-size grading": `${grading}
console.log(gradeProspect({ purchaseTimeframeDays: 10 }, defaultPolicy, CalendarDate.make("2026-11-22")))`,
  "bundle-size grading+card": `${grading}
import { decideCard, decodeCardCommand, foldCard } from ${context("card")}
console.log(gradeProspect({ purchaseTimeframeDays: 10 }, defaultPolicy, CalendarDate.make("2026-11-22")), decideCard, decodeCardCommand, foldCard)`
}

const packageOf = (path: string): string => {
  const i = path.lastIndexOf("node_modules/")
  if (i < 0) return path.includes("phoneMetadata") ? "@jipan/core (phone metadata)" : "@jipan/core"
  const rest = path.slice(i + "node_modules/".length).split("/")
  return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path)
}

const measurements = []
for (const [id, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "error"
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const gzip = gzipSync(code).length / 1024
  const byPackage = new Map<string, number>()
  for (const output of Object.values(result.metafile.outputs))
    for (const [path, input] of Object.entries(output.inputs))
      byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + input.bytesInOutput)
  const breakdown = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`)
    .join(", ")
  console.log(
    `${id}: ${gzip.toFixed(1)} KB gzip (${(code.length / 1024).toFixed(0)} KB minified: ${breakdown})`
  )
  measurements.push({
    id,
    value: Math.round(gzip * 10) / 10,
    unit: "KB gzip",
    note: `minified by package: ${breakdown}${id.endsWith("card") ? "; floor ≤ 150 KB gzip" : ""}`
  })
}
report(measurements)
