/**
 * `policy diff`, the policy lab on the command line, through the built CLI: a short demo history
 * (30 days) generated once into a temporary folder, then the draft of examples/showroom
 * (policy-draft.json: A every 3 days, B every 5, referrer reward 200 yuan) replayed over it.
 */
import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import ExcelJS from "exceljs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const showroom = fileURLToPath(new URL("..", import.meta.url))

const cli = async (args: ReadonlyArray<string>) => {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/jipan-showroom.mjs", ...args], {
      cwd: showroom,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1" }
    })
    return { stdout, stderr, code: 0 }
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string; code?: number }
    return { stdout: failed.stdout ?? "", stderr: failed.stderr ?? "", code: failed.code ?? 1 }
  }
}

let dir = ""
let store = ""

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "jipan-policy-diff-"))
  store = join(dir, "demo")
  const demo = await cli(["demo", "--data-dir", store, "--days", "30"])
  if (demo.code !== 0) throw new Error(demo.stderr)
}, 180_000)

afterAll(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true })
})

describe("policy diff", () => {
  it("prints the differences per rule id, the workload and the parties; progress on standard error", async () => {
    const r = await cli([
      "policy",
      "diff",
      "policy-draft.json",
      "--from",
      "2026-01-01",
      "--to",
      "2026-01-30",
      "--locale",
      "en",
      "--data-dir",
      store
    ])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/Replayed \d+\/\d+ cards of store-01/)
    expect(r.stdout).toContain("Policy lab 2026-01-01..2026-01-30: draft grp-demo-2026q2 v1")
    const earlier = r.stdout.split("\n").filter((l) => l.startsWith("dueShift     earlier"))
    expect(earlier.length).toBeGreaterThan(0)
    expect(earlier.every((l) => /followUp\.interval\.[AB]/.test(l))).toBe(true)
    expect(r.stdout).toContain("Contacts due per consultant over the window")
    expect(r.stdout).toContain("Settlement totals and referrer rewards")
  }, 60_000)

  it("the policy in force as a draft shows no difference; a broken draft is refused with its problems", async () => {
    const same = join(dir, "same.json")
    await writeFile(
      same,
      JSON.stringify({
        policyId: "grp-demo-same",
        version: 1,
        effectiveFrom: "2026-01-01",
        scope: { dealerGroupId: "grp-demo" }
      })
    )
    const r = await cli([
      "policy",
      "diff",
      same,
      "--from",
      "2026-01-01",
      "--to",
      "2026-01-30",
      "--data-dir",
      store
    ])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("0 difference(s)")

    const broken = join(dir, "broken.json")
    const draft = JSON.parse(
      await (await import("node:fs/promises")).readFile(join(showroom, "policy-draft.json"), "utf8")
    ) as { grading: { grades: Array<{ horizonDays: { min: number } }> } }
    const a = draft.grading.grades[1]
    if (a !== undefined) a.horizonDays.min = 10
    await writeFile(broken, JSON.stringify(draft))
    const refused = await cli([
      "policy",
      "diff",
      broken,
      "--from",
      "2026-01-01",
      "--to",
      "2026-01-30",
      "--data-dir",
      store
    ])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("has 1 problem(s)")
    expect(refused.stderr).toContain("grading.grades")
  }, 60_000)

  it("writes XLSX, a sheet per table", async () => {
    const file = join(dir, "diff.xlsx")
    const r = await cli([
      "policy",
      "diff",
      "policy-draft.json",
      "--from",
      "2026-01-01",
      "--to",
      "2026-01-30",
      "--format",
      "xlsx",
      "--out",
      file,
      "--locale",
      "en",
      "--data-dir",
      store
    ])
    expect(r.code).toBe(0)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    expect(book.worksheets).toHaveLength(4)
    const sheet = book.worksheets[0]
    if (sheet === undefined) throw new Error("no sheet")
    const header = (sheet.getRow(1).values as Array<unknown>).slice(1)
    expect(header.slice(0, 3)).toEqual(["Area", "What", "Rules"])
  }, 60_000)
})
