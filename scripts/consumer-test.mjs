// A consumer's project, as a DMS would set it up: `npm pack` the built @jipan/* packages, install
// them into a temporary project beside the testkit and its documented dev packages (vitest 5,
// @effect/vitest, fast-check), then assert that the tree holds ONE `effect` (every @jipan/*
// package takes it as a peer) and that a store round trip works on the Node this script runs on
// (.ci/run: the system Node, 20.19+). Run after `npm run build`.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), "jipan-consumer-"))
const npm = (args, cwd) => execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "inherit"] }).toString()
const fail = (message) => {
  console.error(`consumer test failed: ${message}`)
  process.exit(1)
}

try {
  const wanted = ["core", "store-sql", "store-pglite", "testkit"]
  const tarballs = {}
  for (const name of wanted) {
    const out = npm(["pack", join(root, "packages", name), "--pack-destination", work, "--silent"], root)
    tarballs[`@jipan/${name}`] = `file:${join(work, out.trim().split("\n").pop())}`
  }
  const pinned = (name) => JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies[name]
  writeFileSync(
    join(work, "package.json"),
    JSON.stringify(
      {
        name: "a-dms",
        private: true,
        type: "module",
        dependencies: { ...tarballs, effect: "^4.1.0" },
        devDependencies: {
          vitest: pinned("vitest"),
          "@effect/vitest": pinned("@effect/vitest"),
          "fast-check": pinned("fast-check")
        }
      },
      null,
      2
    )
  )
  npm(["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], work)

  // one effect: every copy of package.json named "effect" in the installed tree
  const copies = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const path = join(dir, entry.name)
      if (entry.name === "effect" && dir.endsWith("node_modules")) copies.push(path)
      if (entry.name === "node_modules" || dir.endsWith("node_modules") || entry.name.startsWith("@"))
        walk(path)
    }
  }
  walk(join(work, "node_modules"))
  if (copies.length !== 1)
    fail(`expected one effect in the tree, found ${copies.length}: ${copies.join(", ")}`)

  // a store round trip on this Node: open a card on embedded PGlite and read it back
  writeFileSync(
    join(work, "round-trip.mjs"),
    `import { createJipan } from "@jipan/core"
import { JipanPglite } from "@jipan/store-pglite"
const jipan = createJipan({ store: JipanPglite.layer() })
const tenant = { dealerGroupId: "grp-east", storeId: "store-01" }
await jipan.handle(tenant, "card-1", {
  _tag: "OpenCard", cardId: "card-1", storeId: "store-01", customerId: "cust-1", phone: "+8613812345678",
  owner: "c-wang", source: "walkIn", intent: "direct", evidence: {},
  by: { id: "c-wang", role: "consultant" }, at: Date.parse("2026-11-22T10:00:00+08:00")
})
const card = await jipan.card(tenant, "card-1")
await jipan.close()
if (card.version !== 1 || card.state.status !== "prospect") { console.error(card); process.exit(1) }
console.log("round trip ok on Node " + process.version)
`
  )
  const out = execFileSync(process.execPath, ["round-trip.mjs"], {
    cwd: work,
    stdio: ["ignore", "pipe", "inherit"]
  })
  console.log(`consumer test: one effect (${copies[0].slice(work.length + 1)}); ${out.toString().trim()}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
