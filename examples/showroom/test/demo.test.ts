import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { JipanPglite } from "@jipan/store-pglite"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { runDemo } from "../src/Demo.js"

const run = promisify(execFile)
const showroom = fileURLToPath(new URL("..", import.meta.url))

/** Runs the CLI with tsx as `npm run demo` does; resolves with stdout, stderr and the exit code. */
const cli = async (args: ReadonlyArray<string>) => {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "src/main.ts", ...args], {
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

/** The count of a row of the "generated" table, by its English label. */
const generated = (out: string, label: string): number => {
  const m = new RegExp(`\\(${label.replace(/[()]/g, "\\$&")}\\)\\s+(\\d+)\\s*$`, "m").exec(out)
  if (m === null) throw new Error(`no row ${label}`)
  return Number(m[1])
}

/** The lines of the section whose heading starts with `title`, up to the next heading. */
const section = (out: string, title: string): Array<string> => {
  const lines = out.split("\n")
  const start = lines.findIndex((l) => l.startsWith(title))
  if (start < 0) throw new Error(`no section ${title}`)
  const end = lines.findIndex((_l, i) => i > start + 1 && /^=+$/.test(lines[i + 1] ?? ""))
  return lines.slice(start, end < 0 ? undefined : end)
}

const cells = (line: string | undefined) => (line ?? "").trim().split(/\s{2,}/)
const totalRow = (lines: ReadonlyArray<string>) => cells(lines.find((l) => l.startsWith("合计 (Total)")))

/** Output without the lines that carry timings. */
const stable = (out: string) =>
  out
    .split("\n")
    .filter((l) => !l.startsWith("Generated ") && !l.startsWith("Store:"))
    .join("\n")
    .trim()

describe("npm run demo", () => {
  let out = ""

  it("runs end to end and prints every section", async () => {
    const result = await cli(["demo"])
    expect(result.stderr).not.toMatch(/Error/)
    expect(result.code).toBe(0)
    out = result.stdout
    for (const title of [
      "生成的历史 (Generated history)",
      "客户卡状态 (Cards by status)",
      "今日工作清单 (Today's work list) — 2026-03-31",
      "保客关怀待办 (Owned-customer care contacts due) — 2026-03-31",
      "月度推荐结算 (Referral settlement) — 2026-03"
    ])
      expect(out).toContain(title)
    // no TTY here: plain progress lines instead of a bar
    expect(out).toContain("生成 (generating): 100% (89/89) 2026-03-30")
  })

  it("prints counts consistent with what it generated", () => {
    const opened = generated(out, "Cards opened")
    expect(opened).toBeGreaterThan(300)
    expect(
      generated(out, "walk-ins") + generated(out, "phone-ins") + generated(out, "referral, online, event")
    ).toBe(opened)
    expect(generated(out, "approved") + generated(out, "rejected, keep tracking")).toBeLessThanOrEqual(
      generated(out, "Defeats requested")
    )
    expect(generated(out, "Test drives")).toBeGreaterThan(0)
    expect(generated(out, "Surveys")).toBeGreaterThan(0)

    // the store's cards by status agree with the commands the generator ran
    const statuses = totalRow(section(out, "客户卡状态"))
    const [, prospect, ordered, owned, defeatRequested, defeated, invalid, total] = statuses.map(Number)
    expect(total).toBe(opened)
    expect(owned).toBe(generated(out, "Deliveries"))
    expect(invalid).toBe(generated(out, "Invalid cards"))
    expect(defeated).toBe(generated(out, "approved"))
    expect(defeatRequested).toBe(
      generated(out, "Defeats requested") -
        generated(out, "approved") -
        generated(out, "rejected, keep tracking")
    )
    expect(ordered).toBe(generated(out, "Orders") - generated(out, "Deliveries"))
    expect(prospect).toBe(
      opened - Number(ordered) - Number(owned) - Number(defeatRequested) - Number(defeated) - Number(invalid)
    )

    // the work list (store query) and the cabinet (core function) agree per consultant
    const plan = section(out, "今日工作清单")
    const rows = plan.filter((l) => /^c-\w+\s{2,}/.test(l)).map(cells)
    expect(rows).toHaveLength(6)
    let dueToday = 0
    let overdue = 0
    for (const row of rows) {
      const slots = row
        .slice(1, 7)
        .filter((c) => c !== "·")
        .map((c) => c.split("/").map(Number))
      expect(slots.reduce((n, [t]) => n + Number(t), 0)).toBe(Number(row[7]))
      expect(slots.reduce((n, [, o]) => n + Number(o), 0)).toBe(Number(row[8]))
      dueToday += Number(row[7])
      overdue += Number(row[8])
    }
    const planTotal = totalRow(plan)
    expect(planTotal.slice(1, 3).map(Number)).toEqual([dueToday, overdue])
    expect(overdue).toBeGreaterThan(0) // some consultants let contacts slip
    // open cards in the cabinets = prospects + orders
    expect(Number(planTotal[4])).toBe(Number(prospect) + Number(ordered))

    // the settlement's total is the sum of its parties
    const settlement = section(out, "月度推荐结算")
    const parties = settlement.filter((l) => /^(c-|cust-)/.test(l)).map(cells)
    expect(parties.length).toBeGreaterThan(6)
    const sum = parties.reduce((n, p) => n + Math.round(Number(p[3]) * 100), 0)
    expect(Math.round(Number(totalRow(settlement)[2]) * 100)).toBe(sum)
    expect(settlement.join("\n")).toContain("问题 (Problems): none")
    expect(settlement.filter((l) => l.includes("推荐人 (Referrer)"))).toHaveLength(
      generated(out, "rewards issued")
    )
  })

  it("is deterministic: the same output in process as from the CLI", async () => {
    const lines: Array<string> = []
    await Effect.runPromise(
      runDemo({ print: (t) => lines.push(t), tty: false }).pipe(Effect.provide(JipanPglite.layer()))
    )
    expect(stable(lines.join("\n"))).toBe(stable(out))
  })
})

describe("import <file.csv>", () => {
  let dir = ""
  afterAll(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true })
  })

  const csv = [
    "type,card_id,at,consultant,phone,source,intent,channel,outcome,model,timeframe_days,test_drive,next_contact,note",
    "open,imp-001,2026-03-01 10:00,c-wang,138 1234 5678,walkIn,direct,,,Buick GL8,10,booked,,",
    "open,imp-002,2026-03-01 11:00,c-li,+86 139-8765-4321,phoneIn,,,,,,,,",
    "open,imp-003,2026-03-01 12:00,c-li,12345,walkIn,,,,,,,,",
    "contact,imp-001,2026-03-02 15:00,c-wang,,,,showroomVisit,visited,Buick GL8,5,yes,2026-03-04,test drive",
    "contact,imp-002,2026-03-02 16:00,c-li,,,,fax,reached,,,,,",
    "open,imp-004,2026-03-01 09:30,c-zhang,138-1234-5678,walkIn,,,,,,,,",
    "contact,imp-001,not-a-date,c-wang,,,,call,reached,,,,,",
    "open,imp-005,2026-03-03 09:00,c-chen,137 0000 1234,tv,,,,,abc,,,",
    "contact,imp-002,2026-03-03 10:00,c-wang,,,,call,reached,,,,,"
  ].join("\n")

  it("stores the good rows, reports the bad ones by line, and is idempotent", async () => {
    dir = await mkdtemp(join(tmpdir(), "jipan-import-"))
    const file = join(dir, "cards.csv")
    await writeFile(file, `${csv}\n`)
    const args = ["import", file, "--data-dir", join(dir, "data")]

    const first = await cli(args)
    expect(first.code).toBe(1) // some rows were rejected
    expect(first.stdout).toContain("9 rows — 3 imported, 0 already there (skipped), 6 rejected")
    expect(first.stdout).toMatch(/line 4 \(imp-003\):\n\s+- phone: "12345" is not a valid phone number/)
    expect(first.stdout).toMatch(/line 6 \(imp-002\):\n\s+- channel: /)
    expect(first.stdout).toMatch(
      /line 7 \(imp-004\):\n\s+- AlreadyHasCard: \+8613812345678 already has a card/
    )
    expect(first.stdout).toMatch(/line 8 \(imp-001\):\n\s+- at: expected YYYY-MM-DD HH:mm/)
    expect(first.stdout).toMatch(
      /line 9 \(imp-005\):\n\s+- source: [^\n]*\n\s+- evidence.purchaseTimeframeDays: /
    )
    expect(first.stdout).toMatch(/line 10 \(imp-002\):\n\s+- NotCardOwner: /)
    expect(first.stdout).toContain("导入 (importing): 100% (9/9)")

    const again = await cli(args)
    expect(again.stdout).toContain("9 rows — 0 imported, 3 already there (skipped), 6 rejected")
    expect(again.stdout).toMatch(/line 7 \(imp-004\):\n\s+- AlreadyHasCard/)

    // the stored cards are there: imp-001 was contacted on 03-02 with an agreed contact on 03-04
    const plan = await cli(["plan", "--date", "2026-03-04", "--data-dir", join(dir, "data")])
    expect(plan.code).toBe(0)
    const wang = plan.stdout.split("\n").find((l) => l.startsWith("c-wang"))
    expect(cells(wang)[7]).toBe("1")
  })
})
