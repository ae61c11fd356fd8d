import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { JipanPglite } from "@jipan/store-pglite"
import { parse } from "csv-parse/sync"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import { afterAll, describe, expect, it } from "vitest"
import { findingsWindow, runDemo } from "../src/Demo.js"
import type { Simulation } from "../src/Simulate.js"

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

/** The demo's output (the CLI run), read by the later tests. */
let out = ""

describe("npm run demo", () => {
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
      "营业日报表 (Daily business report)",
      "主管检查 (Supervisor findings) — 2026-03-31, events and visits from 2026-03-01",
      "有望客户进度管制表 ",
      "客户信息卡(正面) ",
      "客户信息卡(背面) ",
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

  it("prints the daily report of the last simulated day, each total the sum of its consultants", () => {
    const daily = section(out, "营业日报表 (Daily business report)")
    expect(daily).toContain("日期 (Date): 2026-03-30")
    const header = cells(daily.find((l) => l.startsWith("销售顾问 (Consultant)")))
    expect(header.slice(1, -1)).toEqual(["c-chen", "c-li", "c-liu", "c-wang", "c-yang", "c-zhang"])
    expect(header.at(-1)).toBe("合计")
    const counts = new Map(
      daily
        .filter((l) => /^\S.*\(.*\)\s{2,}\d/.test(l) && !l.startsWith("留档率"))
        .map((l) => {
          const row = cells(l)
          return [row[0] ?? "", row.slice(1).map(Number)] as const
        })
    )
    expect(counts.size).toBe(25)
    for (const [label, row] of counts) {
      const total = row.at(-1) ?? -1
      expect(
        row.slice(0, -1).reduce((n, c) => n + c, 0),
        label
      ).toBe(total)
    }
    const total = (label: string) => counts.get(label)?.at(-1) ?? -1
    // new cards are the sum of new cards by source; due = done on due cards + overdue ≥ overdue
    const bySource = [...counts]
      .filter(([l]) => l.startsWith("新建卡-"))
      .reduce((n, [, r]) => n + (r.at(-1) ?? 0), 0)
    expect(total("新建卡 (New cards)")).toBe(bySource)
    expect(total("应联系 (Contacts due)")).toBeGreaterThan(0)
    expect(total("逾期未联系 (Contacts overdue)")).toBeLessThanOrEqual(total("应联系 (Contacts due)"))
    expect(total("已联系 (Contacts done)")).toBeGreaterThan(0)
    // every walk-in card of the day came with a first walk-in in reception's log
    expect(total("新建卡-来店 (New cards: Walk-in)")).toBeLessThanOrEqual(total("首次来店 (First walk-ins)"))
  })

  it("prints the findings: per-rule totals add up, with the walk-ins left without a card", () => {
    const findings = section(out, "主管检查 (Supervisor findings)")
    const summary = findings.slice(
      findings.findIndex((l) => l.startsWith("检查项")) + 2,
      findings.findIndex((l) => l.startsWith("合计 (Total)")) + 1
    )
    const rows = summary.map(cells)
    const rules = rows.slice(0, -1)
    expect(rules.length).toBeGreaterThan(2)
    for (const row of rules) {
      const n = row.slice(1).map(Number)
      expect(n.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(n.at(-1))
    }
    const grand = Number(rows.at(-1)?.at(-1))
    expect(rules.reduce((a, r) => a + Number(r.at(-1)), 0)).toBe(grand)
    const walkIns = rules.find((r) => r[0] === "来店未建卡 (Walk-in without a card)")
    expect(Number(walkIns?.at(-1))).toBeGreaterThan(0)
    const detail = findings.filter((l) => l.includes("来店未建卡") && /visit-\d+/.test(l))
    expect(detail).toHaveLength(Number(walkIns?.at(-1)))
    expect(out).toContain(`of ${grand} findings`)
  })

  it("prints a control table and the customer card of one of its rows", () => {
    const control = section(out, "有望客户进度管制表 ")
    const rows = control.filter((l) => /^card-\d+\s/.test(l)).map(cells)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThanOrEqual(12)
    const front = section(out, "客户信息卡(正面) ")
    const cardId = cells(front.find((l) => l.startsWith("卡号 "))).at(1)
    expect(rows.map((r) => r[0])).toContain(cardId)
    const back = section(out, "客户信息卡(背面) ")
    expect(back.filter((l) => /^\d{4}-\d{2}-\d{2}\s/.test(l)).length).toBeGreaterThan(0)
  })

  it("is deterministic: the same output in process as from the CLI", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "jipan-demo-"))
    const lines: Array<string> = []
    sim = await Effect.runPromise(
      runDemo({ print: (t) => lines.push(t), tty: false }).pipe(
        Effect.provide(JipanPglite.layer({ dataDir: join(dataDir, "data") }))
      )
    )
    expect(stable(lines.join("\n"))).toBe(stable(out))
  })

  it("flags every walk-in the generator left without a card in the findings window", () => {
    if (sim === undefined) throw new Error("no simulation")
    const window = findingsWindow(sim)
    const seeded = sim.walkInsWithoutCard.filter((v) => v.on >= window.from && v.on <= window.on)
    expect(seeded.length).toBeGreaterThan(0)
    const findings = section(out, "主管检查 (Supervisor findings)").join("\n")
    for (const v of seeded)
      expect(findings).toMatch(new RegExp(`${v.consultant}\\s+${v.visitId}\\s+${v.on} 首次来店未建卡`))
  })
})

/** The in-process demo's store on disk and its simulation, for the `report` commands. */
let dataDir = ""
let sim: Simulation | undefined

describe("report daily|control|card|findings", () => {
  afterAll(async () => {
    if (dataDir !== "") await rm(dataDir, { recursive: true, force: true })
  })
  const report = (args: ReadonlyArray<string>) =>
    cli(["report", ...args, "--data-dir", join(dataDir, "data")])

  it("writes the daily report as CSV on standard output, totals the sum of the consultants", async () => {
    const r = await report(["daily", "--on", "2026-03-30", "--format", "csv"])
    expect(r.stderr).toContain("Store: embedded PGlite")
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith("\uFEFF日期,销售顾问,首次来店,")).toBe(true)
    const records: Array<Array<string>> = parse(r.stdout, { bom: true })
    const [header, ...rows] = records
    expect(header?.at(-1)).toBe("留档率")
    expect(rows.map((x) => x[1])).toEqual(["c-chen", "c-li", "c-liu", "c-wang", "c-yang", "c-zhang", "合计"])
    const total = rows.at(-1) ?? []
    for (let i = 2; i < (header?.length ?? 0) - 1; i++)
      expect(
        rows.slice(0, -1).reduce((n, x) => n + Number(x[i]), 0),
        header?.[i]
      ).toBe(Number(total[i]))
    // the same numbers as the demo printed for that day
    const printed = section(out, "营业日报表").find((l) => l.startsWith("应联系 (Contacts due)"))
    expect(cells(printed).slice(1)).toEqual(rows.map((x) => x[header?.indexOf("应联系") ?? -1]))
  })

  it("writes the daily report as XLSX with en headers and typed cells", async () => {
    const file = join(dataDir, "daily.xlsx")
    const r = await report([
      "daily",
      "--on",
      "2026-03-30",
      "--format",
      "xlsx",
      "--out",
      file,
      "--locale",
      "en"
    ])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Wrote ${file}`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.getWorksheet("Daily business report")
    if (sheet === undefined) throw new Error("no sheet")
    const header = (sheet.getRow(1).values as Array<unknown>).slice(1)
    expect(header.slice(0, 4)).toEqual(["Date", "Consultant", "First walk-ins", "Repeat walk-ins"])
    expect(header.at(-1)).toBe("Carding rate")
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
    expect(sheet.rowCount).toBe(8) // header, six consultants, the total
    expect(sheet.getRow(8).getCell(2).value).toBe("Total")
    expect(sheet.getRow(2).getCell(1).value).toEqual(new Date("2026-03-30T00:00:00Z"))
    const due = header.indexOf("Contacts due") + 1
    let sum = 0
    for (let row = 2; row <= 7; row++) {
      const v = sheet.getRow(row).getCell(due).value
      expect(typeof v).toBe("number")
      sum += Number(v)
    }
    expect(sheet.getRow(8).getCell(due).value).toBe(sum)

    // several tables: one sheet each
    const many = join(dataDir, "analytics.xlsx")
    const analytics = await report([
      "analytics",
      "--from",
      "2026-01-01",
      "--to",
      "2026-03-30",
      "--format",
      "xlsx",
      "--out",
      many
    ])
    expect(analytics.code).toBe(0)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(many)
    expect(book.worksheets.map((w) => w.name)).toHaveLength(5)
    const funnel = book.worksheets[0]
    expect(funnel?.getRow(1).getCell(1).value).toBe("来源")
    expect(funnel?.getRow(2).getCell(1).value).toBe("来店")
    expect(Number(funnel?.getRow(2).getCell(2).value)).toBeGreaterThan(0)
  })

  it("refuses xlsx without --out, and prints the control table, a card and the findings", async () => {
    const noOut = await report(["daily", "--on", "2026-03-30", "--format", "xlsx"])
    expect(noOut.code).toBe(1)
    expect(noOut.stderr).toContain("--format xlsx needs --out")

    const control = await report(["control", "--consultant", "c-li", "--month", "2026-03", "--locale", "en"])
    expect(control.code).toBe(0)
    expect(control.stdout).toContain("Prospect progress control table c-li 2026-03")
    expect(control.stdout).toMatch(/^card-\d+ /m)

    const card = await report(["card", "--card", "card-0001", "--format", "csv", "--locale", "en"])
    expect(card.code).toBe(0)
    expect(card.stdout).toContain("Card,card-0001")
    expect(card.stdout).toMatch(/^Date,By,Kind,Channel,Outcome/m)

    const missing = await report(["card", "--card", "card-9999"])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("card-9999")

    if (sim === undefined) throw new Error("no simulation")
    const window = findingsWindow(sim)
    const findings = await report(["findings", "--on", window.on, "--from", window.from, "--format", "csv"])
    expect(findings.code).toBe(0)
    const rows: Array<Array<string>> = parse(findings.stdout, { bom: true })
    const walkIns = rows.filter((x) => x[1] === "findings.walkInWithoutCard")
    expect(walkIns.map((x) => x[5]).sort()).toEqual(
      sim.walkInsWithoutCard
        .filter((v) => v.on >= window.from && v.on <= window.on)
        .map((v) => v.visitId)
        .sort()
    )
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
