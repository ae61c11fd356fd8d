/**
 * The demo and the CLI, end to end, through the built CLI (bin/jipan-showroom.mjs) as a user runs
 * it. The demo's history is generated once, on PGlite in a temporary folder; every test reads that
 * one output or runs a fast command on that one store.
 */
import { execFile } from "node:child_process"
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { layerMemory, maskName } from "@jipan/core"
import { parse } from "csv-parse/sync"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { findingsWindow, runDemo } from "../src/Demo.js"
import { readManifest, simulationOf } from "../src/DemoStore.js"
import { careLabel } from "../src/Forms.js"
import type { Simulation } from "../src/Simulate.js"

const run = promisify(execFile)
const showroom = fileURLToPath(new URL("..", import.meta.url))

/** Runs the CLI as `npx jipan-showroom` does; resolves with stdout, stderr and the exit code. */
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

/** The demo's temporary store, its output and its simulation (from the store's demo.json). */
let dir = ""
let store = ""
let out = ""
let err = ""
let sim: Simulation
let names: ReadonlyArray<string> = []

type Run = Awaited<ReturnType<typeof cli>>

/**
 * The commands the tests run on the demo's store, by name: run once the demo is there, two at a
 * time, each worker on its own copy of the store (one PGlite per data directory).
 */
const storeRuns = () => {
  const window = findingsWindow(sim)
  return {
    again: ["demo"],
    plan: ["plan"],
    settle: ["settle", "2026-03"],
    dailyCsv: ["report", "daily", "--format", "csv"], // the demo's last day by default
    dailyXlsx: [
      "report",
      "daily",
      "--on",
      "2026-03-30",
      "--format",
      "xlsx",
      "--out",
      join(dir, "daily.xlsx"),
      "--locale",
      "en"
    ],
    analytics: [
      "report",
      "analytics",
      "--from",
      "2026-01-01",
      "--format",
      "xlsx",
      "--out",
      join(dir, "analytics.xlsx")
    ],
    noOut: ["report", "daily", "--format", "xlsx"],
    control: ["report", "control", "--consultant", names[1] ?? "", "--format", "csv", "--locale", "en"],
    card: ["report", "card", "--card", "card-0001", "--format", "csv", "--locale", "en"],
    missing: ["report", "card", "--card", "card-9999"],
    findings: ["report", "findings", "--from", window.from, "--format", "csv"],
    // the masking matrix: role × output, on the findings (walk-ins without a card carry the visitor's phone)
    ...Object.fromEntries(
      Object.entries(roles()).map(([role, as]) => [
        `findings:${role}`,
        ["report", "findings", "--from", window.from, ...as]
      ])
    ),
    findingsCsvMasked: ["report", "findings", "--from", window.from, "--format", "csv", "--as", "supervisor"],
    findingsCsvUnmasked: [
      "report",
      "findings",
      "--from",
      window.from,
      "--format",
      "csv",
      "--as",
      "supervisor",
      "--unmask",
      "--reason",
      "month-end review",
      "--audit-log",
      join(dir, "audit-supervisor.jsonl")
    ],
    findingsCsvOwn: [
      "report",
      "findings",
      "--from",
      window.from,
      "--format",
      "csv",
      ...(roles()["consultant:own"] ?? []),
      "--unmask",
      "--reason",
      "call backs",
      "--audit-log",
      join(dir, "audit-consultant.jsonl")
    ],
    controlXlsxMasked: [
      "report",
      "control",
      "--consultant",
      walkInOwner(),
      "--format",
      "xlsx",
      "--out",
      join(dir, "control-masked.xlsx"),
      "--as",
      "dcrc"
    ],
    controlXlsxUnmasked: [
      "report",
      "control",
      "--consultant",
      walkInOwner(),
      "--format",
      "xlsx",
      "--out",
      join(dir, "control-unmasked.xlsx"),
      "--as",
      "dcrc",
      "--unmask",
      "--reason",
      "return visit calls",
      "--audit-log",
      join(dir, "audit-dcrc.jsonl")
    ],
    controlOwn: ["report", "control", "--consultant", walkInOwner(), ...(roles()["consultant:own"] ?? [])],
    controlOther: [
      "report",
      "control",
      "--consultant",
      walkInOwner(),
      ...(roles()["consultant:other"] ?? [])
    ],
    unmaskNoReason: [
      "report",
      "control",
      "--consultant",
      walkInOwner(),
      "--format",
      "csv",
      "--as",
      "supervisor",
      "--unmask"
    ],
    badRole: ["plan", "--as", "boss"]
  } satisfies Record<string, ReadonlyArray<string>>
}
const ran = new Map<string, Run>()

/** A consultant with walk-ins left without a card in the findings window (their findings show a phone). */
const walkInOwner = (): string => {
  const window = findingsWindow(sim)
  const seeded = sim.walkInsWithoutCard.filter((v) => v.on >= window.from && v.on <= window.on)
  const counts = new Map<string, number>()
  for (const v of seeded) counts.set(v.consultant, (counts.get(v.consultant) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "c-01"
}

/** The roles of the masking matrix, as `--as` flags (none: the default, the system). */
const roles = (): Record<string, ReadonlyArray<string>> => {
  const own = walkInOwner()
  const other = Object.keys(sim.directory.consultants).find((c) => c !== own) ?? "c-02"
  return {
    default: [],
    system: ["--as", "system"],
    supervisor: ["--as", "supervisor"],
    dcrc: ["--as", "dcrc"],
    admin: ["--as", "admin"],
    "consultant:own": ["--as", `consultant:${own}`],
    "consultant:other": ["--as", `consultant:${other}`]
  }
}

/** The close-day runs, in order, on a copy of their own (they change the store). */
const closeRuns = {
  closeLastDay: ["close-day", "2026-03-30"], // the demo closed it already
  // ten days past the demo's "today" with nobody working: overdue prospects lapse (latent ones are
  // watched, not chased, so they do not)
  closeToday: ["close-day", "2026-04-10"],
  closeTodayAgain: ["close-day", "2026-04-10"],
  // an unmasked export recorded in the store's own audit log, which the supervisor reads with `audit`
  auditExport: [
    "report",
    "daily",
    "--format",
    "csv",
    "--as",
    "supervisor",
    "--unmask",
    "--reason",
    "PIPL audit check"
  ],
  auditList: ["audit", "--as", "dcrc", "--action", "unmask"],
  auditDenied: ["audit", "--as", "consultant:c-01"]
} satisfies Record<string, ReadonlyArray<string>>
const closed = new Map<string, Run>()

const runOnStore = async () => {
  const copy = join(dir, "demo-copy")
  const closing = join(dir, "demo-close")
  await cp(store, copy, { recursive: true })
  await cp(store, closing, { recursive: true })
  const queue = Object.entries(storeRuns())
  const worker = async (data: string) => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift())
      ran.set(next[0], await cli([...next[1], "--data-dir", data]))
  }
  const closer = async () => {
    for (const [name, args] of Object.entries(closeRuns))
      closed.set(name, await cli([...args, "--data-dir", closing]))
  }
  await Promise.all([worker(store), worker(copy), closer()])
}

/** The result of one of the {@link storeRuns}. */
const on = (name: keyof ReturnType<typeof storeRuns> | `findings:${string}`): Run => {
  const run = ran.get(name)
  if (run === undefined) throw new Error(`${name} did not run`)
  return run
}

/** The import test's three runs, started beside the demo (another store, another core). */
let imported: ReadonlyArray<Awaited<ReturnType<typeof cli>>> = []
/** The demo's output on core's in-memory store, run in this process meanwhile. */
let inMemory = ""

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "jipan-showroom-"))
  store = join(dir, "demo")
  const demo = cli(["demo", "--data-dir", store])
  const importing = importRuns()
  const lines: Array<string> = []
  await Effect.runPromise(runDemo({ print: (t) => lines.push(t) }).pipe(Effect.provide(layerMemory)))
  inMemory = `${lines.join("\n")}\n`
  const result = await demo
  imported = await importing
  expect(result.stderr).not.toMatch(/Error/)
  expect(result.code).toBe(0)
  out = result.stdout
  err = result.stderr
  const manifest = readManifest(store)
  if (manifest === undefined) throw new Error("the demo left no demo.json")
  sim = simulationOf(manifest)
  names = Object.values(sim.directory.consultants)
  await runOnStore()
}, 360_000)

afterAll(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true })
})

describe("npm run demo", () => {
  it("prints every section on standard output, messages on standard error", () => {
    for (const title of [
      "生成的历史 (Generated history)",
      "客户卡状态 (Cards by status)",
      "今日工作清单 (Today's work list) — 2026-03-31",
      "保客关怀待办 (Owned-customer care contacts due) — 2026-03-31",
      "短信关怀提醒 (SMS care reminders) — 2026-03-31",
      "营业日报表 (Daily business report)",
      "主管检查 (Supervisor findings) — 2026-03-31, events and visits from 2026-03-01",
      "有望客户进度管制表 (Prospect progress control table) — ",
      "客户信息卡(正面) ",
      "客户信息卡(背面) ",
      "月度推荐结算 (Referral settlement) — 2026-03"
    ])
      expect(out).toContain(title)
    expect(out).not.toMatch(/^Store:|^Generated /m)
    expect(err).toMatch(/^Store: embedded PGlite at /m)
    // no terminal here: no progress lines, one closing line
    expect(err).not.toMatch(/%/)
    expect(err).toMatch(/^Generated 89 days from 2026-01-01: \d+ commands in [\d.]+ s\.$/m)
  })

  it("shows people by name and masks every phone", () => {
    expect(names).toHaveLength(6)
    for (const name of names) expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/)
    expect(new Set(names).size).toBe(6)
    // no consultant or customer id, no phone in the clear
    expect(out).not.toMatch(/\bc-0\d\b|\bcust-\d+/)
    expect(out).not.toMatch(/\+86|(?<![\d*])1[3-9]\d{9}(?!\d)/)
    expect(out).toMatch(/1[3-9]\d\*\*\*\*\d{4}/)
    // the referrers of the settlement are customers, by name, masked by default (the system sees none)
    const referrers = section(out, "月度推荐结算").filter((l) => l.includes("推荐人 (Referrer)"))
    expect(referrers.length).toBeGreaterThan(0)
    for (const l of referrers) expect(l).toMatch(/^[\u4e00-\u9fff]\*{1,2}\s/)
    // no customer's name in the clear anywhere
    const customers = Object.values(sim.directory.customers)
    expect(out).not.toMatch(new RegExp(`(?<![\\u4e00-\\u9fff])(${customers.join("|")})(?![\\u4e00-\\u9fff])`))
    expect(err).toContain("As: system, customers' names and phones masked")
  })

  it("prints statuses and labels in Chinese, with English in brackets in the bilingual tables", () => {
    const cabinet = section(out, "今日工作清单")
    const rows = cabinet.filter((l) => /^card-\d+\s/.test(l))
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row).toMatch(/有望客户 \(Prospect\)|已订车 \(Ordered\)/)
    expect(out).not.toMatch(/\s(prospect|ordered|owned|defeated)\s/)
    expect(section(out, "客户卡状态")[2]).toContain("有望客户 (Prospect)")
    // care steps by their purpose, not their rule ids
    expect(section(out, "保客关怀待办").join("\n")).not.toMatch(/thankYou|day3|day7|care\./)
    expect(section(out, "生成的历史").join("\n")).toMatch(/忠诚度: 忠诚客户 \(loyalty: Loyal\)/)
  })

  it("prints counts consistent with what it generated", () => {
    const opened = generated(out, "Cards opened")
    expect(opened).toBeGreaterThan(300)
    expect(
      generated(out, "walk-ins") + generated(out, "phone-ins") + generated(out, "referral, online, event")
    ).toBe(opened)
    expect(generated(out, "Test drives")).toBeGreaterThan(0)
    expect(generated(out, "Surveys")).toBeGreaterThan(0)

    // the store's cards by status agree with the commands the generator ran
    const [, prospect, ordered, owned, defeatRequested, defeated, invalid, total] = totalRow(
      section(out, "客户卡状态")
    ).map(Number)
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
    const rows = plan.filter((l) => names.some((n) => l.startsWith(`${n}  `))).map(cells)
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
    expect(Number(planTotal[4])).toBe(Number(prospect) + Number(ordered))

    // the settlement's total is the sum of its parties
    const settlement = section(out, "月度推荐结算")
    const parties = settlement.filter((l) => /(顾问|推荐人) \(/.test(l) && !l.startsWith("对象")).map(cells)
    expect(parties.length).toBeGreaterThan(6)
    const sum = parties.reduce((n, p) => n + Math.round(Number(p[3]) * 100), 0)
    expect(Math.round(Number(totalRow(settlement)[2]) * 100)).toBe(sum)
    expect(settlement.join("\n")).toContain("问题 (Problems): none")
    expect(settlement.filter((l) => l.includes("推荐人 (Referrer)"))).toHaveLength(
      generated(out, "rewards issued")
    )
  })

  it("sends the day's care reminders by SMS to the loopback provider and prints the receipts the store recorded", () => {
    const sms = section(out, "短信关怀提醒 (SMS care reminders)")
    const rule = sms.findIndex((l) => /^-+(\s+-+){7}$/.test(l))
    expect(cells(sms[rule - 1])).toEqual([
      "客户 (Customer)",
      "手机 (Phone)",
      "关怀 (Care)",
      "到期 (Due)",
      "模板 (Template)",
      "状态 (Status)",
      "回执编号 (BizId)",
      "外发消息 (Outbox message)"
    ])
    const summary = sms.findIndex((l) => l.includes(" 条提醒 (reminders): "))
    const rows = sms.slice(rule + 1, summary).map(cells)
    // one reminder per care contact due today (today's and the overdue ones of the care section)
    const [, today, overdue] = totalRow(section(out, "保客关怀待办")).map(Number)
    expect(rows.length).toBe(Number(today) + Number(overdue))
    expect(rows.length).toBeGreaterThan(0)
    const customers = new Set(Object.values(sim.directory.customers).map(maskName))
    for (const [customer, phone, care, due, template, status, bizId, messageId] of rows) {
      // masked by default: 林**
      expect(customers.has(customer ?? "")).toBe(true)
      expect(customer).toMatch(/^[\u4e00-\u9fff]\*+$/)
      expect(phone).toMatch(/^1[3-9]\d\*\*\*\*\d{4}$/)
      expect(template).toMatch(/^SMS_\d{9}$/)
      expect(status).toMatch(/^(已送达|失败 \S+)$/)
      // every receipt is tied to its outbox message: the day's reminder of a care step of a card
      expect(bizId).toMatch(/^9\d{17}\^0$/)
      // today's reminder, or the message the close of the day before queued for that contact
      const [, step] =
        /^sms:2026-03-31:card-\d{4}:(\w+)$/.exec(messageId ?? "") ??
        /^close:careContact:grp-demo\/store-01:card-\d{4}:care\.(\w+):2026-03-30$/.exec(messageId ?? "") ??
        []
      expect(step, messageId).toBeDefined()
      expect(care).toBe(careLabel(`care.${step}`)["zh-CN"])
      expect(due).toMatch(/^2026-03-(2\d|3[01])$/)
    }
    expect(new Set(rows.map((r) => r[7])).size).toBe(rows.length)
    expect(new Set(rows.map((r) => r[6])).size).toBe(rows.length)
    // today's and the overdue ones, as the care table counts them
    expect(rows.filter((r) => r[3] === "2026-03-31").length).toBe(Number(today))
    const counts =
      /^(\d+) 条提醒 \(reminders\): 已发送 \(sent\) (\d+), 已送达 \(delivered\) (\d+), 失败 \(failed\) (\d+)$/
        .exec(sms[summary] ?? "")
        ?.slice(1)
        .map(Number)
    expect(counts).toBeDefined()
    const [reminders, sent, delivered, failed] = counts ?? []
    expect(reminders).toBe(rows.length)
    expect(sent).toBe(reminders)
    expect(Number(delivered) + Number(failed)).toBe(sent)
    expect(delivered).toBe(rows.filter((r) => r[5] === "已送达").length)
    expect(failed).toBe(rows.filter((r) => r[5]?.startsWith("失败")).length)
    // no port, no key, no phone in the clear (the run-independent parts only)
    expect(sms.join("\n")).not.toMatch(/127\.0\.0\.1:\d|LTAI|secret/)
  })

  it("prints the daily report of the last simulated day, each total the sum of its consultants", () => {
    const daily = section(out, "营业日报表 (Daily business report)")
    expect(daily).toContain("日期 (Date): 2026-03-30")
    const header = cells(daily.find((l) => l.startsWith("销售顾问 (Consultant)")))
    expect(header.slice(1, -1)).toEqual(names)
    expect(header.at(-1)).toBe("合计")
    const counts = new Map(
      daily
        .filter((l) => /^\S.*\(.*\)\s{2,}\d/.test(l) && !l.startsWith("留档率"))
        .map((l) => {
          const row = cells(l)
          return [row[0] ?? "", row.slice(1).map(Number)] as const
        })
    )
    expect(counts.size).toBe(27)
    for (const [label, row] of counts)
      expect(
        row.slice(0, -1).reduce((n, c) => n + c, 0),
        label
      ).toBe(row.at(-1))
    const total = (label: string) => counts.get(label)?.at(-1) ?? -1
    const bySource = [...counts]
      .filter(([l]) => l.startsWith("新建卡-"))
      .reduce((n, [, r]) => n + (r.at(-1) ?? 0), 0)
    expect(total("新建卡 (New cards)")).toBe(bySource)
    expect(total("逾期未联系 (Contacts overdue)")).toBeLessThanOrEqual(total("应联系 (Contacts due)"))
    expect(total("已联系 (Contacts done)")).toBeGreaterThan(0)
    expect(total("新建卡-来店 (New cards: Walk-in)")).toBeLessThanOrEqual(total("首次来店 (First walk-ins)"))
  })

  it("prints the findings in words, the rule id in its own column, totals adding up", () => {
    const findings = section(out, "主管检查 (Supervisor findings)")
    const summary = findings.slice(
      findings.findIndex((l) => l.startsWith("检查项")) + 2,
      findings.findIndex((l) => l.startsWith("合计 (Total)")) + 1
    )
    const rows = summary.map(cells)
    const rules = rows.slice(0, -1)
    expect(rules.length).toBeGreaterThan(2)
    for (const row of rules) {
      expect(row.at(-1)).toMatch(/^findings\.\w+$/)
      const n = row.slice(1, -1).map(Number)
      expect(n.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(n.at(-1))
    }
    const grand = Number(rows.at(-1)?.at(-1))
    expect(rules.reduce((a, r) => a + Number(r.at(-2)), 0)).toBe(grand)
    expect(out).toContain(`of ${grand} findings`)
    // the detail: the message in words (no care rule id in it), the ids in the last column
    const detail = findings
      .slice(findings.findIndex((l) => l.startsWith("严重度")) + 2)
      .filter((l) => l !== "")
    expect(detail.length).toBeGreaterThan(5)
    for (const l of detail) {
      const row = cells(l)
      expect(row.at(-1)).toMatch(/^findings\.\w+( care\.\w+)?$/)
      expect(row.at(-2)).not.toMatch(/care\.|findings\./)
    }
    expect(detail.some((l) => /关怀 [\u4e00-\u9fff\d]+\(计划/.test(l))).toBe(true)
  })

  it("flags every walk-in the generator left without a card in the findings window", () => {
    const window = findingsWindow(sim)
    const seeded = sim.walkInsWithoutCard.filter((v) => v.on >= window.from && v.on <= window.on)
    expect(seeded.length).toBeGreaterThan(0)
    const findings = section(out, "主管检查 (Supervisor findings)").join("\n")
    for (const v of seeded)
      expect(findings).toMatch(
        new RegExp(`${sim.directory.consultants[v.consultant]}\\s+${v.visitId}\\s+${v.on} 首次来店未建卡`)
      )
  })

  it("prints a control table of prospects being worked, planned = on time + late + missed", () => {
    const control = section(out, "有望客户进度管制表 (Prospect progress control table)")
    const header = cells(control[2])
    expect(header.slice(-5)).toEqual(["计划", "按时", "补做", "未实施", "计划外"])
    const rows = control.filter((l) => /^card-\d+\s/.test(l)).map((l) => l.trim().split(/\s+/))
    expect(rows.length).toBeGreaterThan(6)
    expect(rows.length).toBeLessThanOrEqual(12)
    let planned = 0
    let done = 0
    let missed = 0
    for (const row of rows) {
      const [p, onTime, late, miss] = row.slice(-5).map(Number)
      expect(p, row[0]).toBe(Number(onTime) + Number(late) + Number(miss))
      planned += Number(p)
      done += Number(onTime) + Number(late)
      missed += Number(miss)
      // a prospect being worked: not an order (O), a contact planned or made
      expect(row.at(-6)).toMatch(/^[HABCN]$/)
      expect(Number(p) + Number(row.at(-1))).toBeGreaterThan(0)
    }
    expect(missed).toBeLessThan(done)
    expect(control.join("\n")).toContain(`Planned ${planned} = on time `)
    // the customer card of one of its rows
    const front = section(out, "客户信息卡(正面) ")
    const cardId = cells(front.find((l) => l.startsWith("卡号 "))).at(1)
    expect(rows.map((r) => r[0])).toContain(cardId)
    const back = section(out, "客户信息卡(背面) ")
    expect(back.filter((l) => /^\d{4}-\d{2}-\d{2}\s/.test(l)).length).toBeGreaterThan(0)
  })

  it("prints the same when run again on its store (no simulation), and the same on the in-memory store", async () => {
    const again = on("again")
    expect(again.code).toBe(0)
    expect(again.stderr).toContain("generated earlier")
    expect(again.stdout).toBe(out)
    // the history is deterministic and the store does not matter: core's in-memory store prints the same
    expect(inMemory).toBe(out)
  }, 60_000)
})

describe("audit (个人信息处理记录)", () => {
  const ran = (name: keyof typeof closeRuns): Run => {
    const run = closed.get(name)
    if (run === undefined) throw new Error(`${name} did not run`)
    return run
  }
  it("lists the unmasked export from the store's own audit log, for the supervisor and the DCRC only", () => {
    expect(ran("auditExport").code).toBe(0)
    const list = ran("auditList")
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/unmask\s+csv\s+report:daily-report\s+by supervisor\s+"PIPL audit check"/)
    expect(list.stdout).toMatch(/^个人信息处理记录 \(Personal data audit log\): \d+$/m)
    expect(list.stdout).not.toMatch(/\s(read|export|correct|erase)\s/)
    const denied = ran("auditDenied")
    expect(denied.code).not.toBe(0)
    expect(denied.stderr).toContain("The audit log is the supervisor's")
  })
})

describe("close-day <day>", () => {
  const ran = (name: keyof typeof closeRuns): Run => {
    const run = closed.get(name)
    if (run === undefined) throw new Error(`${name} did not run`)
    return run
  }

  it("the demo closes its last day; closing it again prints nothing new", () => {
    const demo = section(out, "日结 (Close of day) — 2026-03-30")
    // what the close finds to do depends on the simulated history: it says what it did, or that nothing was due
    expect(demo.join("\n")).toMatch(/外发消息 \(Messages queued\): \d+|无新变化 \(Nothing new\)/)
    expect(demo.join("\n")).toContain("问题 (Problems): none")
    const again = ran("closeLastDay")
    expect(again.code).toBe(0)
    expect(again.stdout).toContain("无新变化 (Nothing new)")
    expect(again.stdout).not.toMatch(/逾期降级|过期奖励券|外发消息/)
  })

  it("closes a day: lapsed cards with their rule ids, vouchers, messages; twice, nothing new the second time", () => {
    const first = ran("closeToday")
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/^Store: the demo's embedded PGlite/m)
    const text = section(first.stdout, "日结 (Close of day) — 2026-04-10")
    const lapsed = /逾期降级 \(Lapsed grades\): (\d+)/.exec(text.join("\n"))
    expect(lapsed).not.toBeNull()
    const rows = text.filter((l) => /^card-\d{4}\s/.test(l)).map(cells)
    expect(rows).toHaveLength(Number(lapsed?.[1]))
    expect(rows.length).toBeGreaterThan(0)
    for (const [, customer, consultant, from, to, ruleId] of rows) {
      expect(customer).toMatch(/^[\u4e00-\u9fff]\*{1,2}$/) // masked by default
      expect(names).toContain(consultant)
      expect(from).not.toBe(to)
      expect(ruleId).toMatch(/^followUp\.[\w.]+$/)
    }
    expect(text.join("\n")).toMatch(/外发消息 \(Messages queued\): [1-9]\d*/)
    expect(first.stdout).not.toMatch(/\bcust-\d+|(?<![\d*])1[3-9]\d{9}(?!\d)/)

    const second = ran("closeTodayAgain")
    expect(second.code).toBe(0)
    expect(second.stdout).toContain("无新变化 (Nothing new)")
    expect(second.stdout).not.toMatch(/^card-\d{4}\s/m)
    expect(second.stdout).toContain("问题 (Problems): none")
  })
})

describe("plan, settle and report on the demo's store", () => {
  it("plan and settle: the report on standard output, the Store line on standard error", async () => {
    const plan = on("plan")
    expect(plan.code).toBe(0)
    expect(plan.stdout).not.toContain("Store:")
    expect(plan.stderr).toMatch(/^Store: the demo's embedded PGlite at .*"today" is 2026-03-31$/m)
    expect(out).toContain(plan.stdout) // what the demo printed for today
    const settle = on("settle")
    expect(settle.code).toBe(0)
    expect(settle.stdout).not.toContain("Store:")
  })

  it("settle <month> on the demo's store prints the demo's own settlement, surveys and fleet sales read from the store", () => {
    const settle = on("settle")
    const demo = section(out, "月度推荐结算")
    const printed = section(settle.stdout, "月度推荐结算")
    // one statement: the core's settlement from the store, in the demo and in the CLI alike
    expect(printed).toEqual(demo)
    const total = totalRow(printed)[2]
    expect(total).toBe(totalRow(demo)[2])
    expect(total).toMatch(/^-?\d+\.\d{2}$/)
    // the CVP bonus needs the surveys, which the demo recorded on the cards (RecordSurvey)
    expect(printed.find((l) => l.startsWith("CVP满意度奖励"))).toMatch(/\s[1-9]\d*\.\d{2}$/)
    expect(generated(out, "of which fleet sales")).toBeGreaterThan(0)
  })

  it("writes the daily report as CSV on standard output, totals the sum of the consultants", async () => {
    const r = on("dailyCsv")
    expect(r.stderr).toContain("Store: the demo's embedded PGlite")
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith("\uFEFF日期,销售顾问,首次来店,")).toBe(true)
    const records: Array<Array<string>> = parse(r.stdout, { bom: true })
    const [header, ...rows] = records
    expect(rows.map((x) => x[0])).toEqual(Array(7).fill("2026-03-30"))
    expect(rows.map((x) => x[1])).toEqual([...names, "合计"])
    const total = rows.at(-1) ?? []
    for (let i = 2; i < (header?.length ?? 0) - 1; i++)
      expect(
        rows.slice(0, -1).reduce((n, x) => n + Number(x[i]), 0),
        header?.[i]
      ).toBe(Number(total[i]))
    const printed = section(out, "营业日报表").find((l) => l.startsWith("应联系 (Contacts due)"))
    expect(cells(printed).slice(1)).toEqual(rows.map((x) => x[header?.indexOf("应联系") ?? -1]))
  })

  it("writes XLSX with en headers and typed cells, a sheet per table, and refuses xlsx without --out", async () => {
    const file = join(dir, "daily.xlsx")
    const r = on("dailyXlsx")
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Wrote ${file}`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.getWorksheet("Daily business report")
    if (sheet === undefined) throw new Error("no sheet")
    const header = (sheet.getRow(1).values as Array<unknown>).slice(1)
    expect(header.slice(0, 4)).toEqual(["Date", "Consultant", "First walk-ins", "Repeat walk-ins"])
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
    expect(sheet.rowCount).toBe(8)
    expect(sheet.getRow(2).getCell(2).value).toBe(names[0])
    expect(sheet.getRow(8).getCell(2).value).toBe("Total")
    expect(sheet.getRow(2).getCell(1).value).toEqual(new Date("2026-03-30T00:00:00Z"))
    const due = header.indexOf("Contacts due") + 1
    let sum = 0
    for (let row = 2; row <= 7; row++) sum += Number(sheet.getRow(row).getCell(due).value)
    expect(sheet.getRow(8).getCell(due).value).toBe(sum)

    const many = join(dir, "analytics.xlsx")
    const analytics = on("analytics")
    expect(analytics.code).toBe(0)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(many)
    expect(book.worksheets).toHaveLength(5)
    expect(book.worksheets[0]?.getRow(2).getCell(1).value).toBe("来店")

    const noOut = on("noOut")
    expect(noOut.code).toBe(1)
    expect(noOut.stderr).toContain("--format xlsx needs --out")
  })

  it("prints the control table (consultant by name), a card, and the findings as CSV", async () => {
    const control = on("control")
    expect(control.code).toBe(0)
    const records: Array<Array<string>> = parse(control.stdout, { bom: true })
    const [header, ...rows] = records
    const col = (key: string) => header?.indexOf(key) ?? -1
    expect(rows.length).toBeGreaterThan(10)
    for (const row of rows) {
      expect(Number(row[col("Planned")])).toBe(
        Number(row[col("On time")]) + Number(row[col("Late")]) + Number(row[col("Missed")])
      )
      expect(row[col("Phone")]).toMatch(/^1[3-9]\d\*\*\*\*\d{4}$/)
    }

    const card = on("card")
    expect(card.code).toBe(0)
    expect(card.stdout).toContain("Card,card-0001")
    // masked by default: the export shows no customer's name
    expect(card.stdout).toContain(`Customer,${maskName(sim.directory.customers["cust-0001"] ?? "")}`)
    expect(card.stdout).toMatch(/^Date,By,Kind,Channel,Outcome/m)

    const missing = on("missing")
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("card-9999")

    const window = findingsWindow(sim)
    const findings = on("findings")
    expect(findings.code).toBe(0)
    const [head, ...found]: Array<Array<string>> = parse(findings.stdout, { bom: true })
    const at = (key: string) => head?.indexOf(key) ?? -1
    expect(found.every((x) => !/care\./.test(x[at("说明")] ?? ""))).toBe(true)
    const walkIns = found.filter((x) => x[at("规则编号")] === "findings.walkInWithoutCard")
    expect(walkIns.map((x) => x[at("客户卡/登记")]).sort()).toEqual(
      sim.walkInsWithoutCard
        .filter((v) => v.on >= window.from && v.on <= window.on)
        .map((v) => v.visitId)
        .sort()
    )
  })
})

describe("masking by role (--as, --unmask)", () => {
  const MASKED = /phone=1[3-9]\d\*{4}\d{4}/
  const CLEAR = /phone=\+861[3-9]\d{9}/
  /** The walk-in findings' rows of a table text: [consultant shown, the row]. */
  const walkInRows = (text: string) =>
    text
      .split("\n")
      .filter((l) => l.includes("phone="))
      .map((l) => [cells(l)[3] ?? "", l] as const)

  it("masks the findings table by role: the system none, supervisor, dcrc and admin every phone", () => {
    for (const role of ["default", "system", "supervisor", "dcrc", "admin"]) {
      const r = on(`findings:${role}`)
      expect(r.code, role).toBe(0)
      const rows = walkInRows(r.stdout)
      expect(rows.length, role).toBeGreaterThan(1)
      const seesAll = role !== "default" && role !== "system"
      for (const [, l] of rows) {
        expect(l, role).not.toMatch(seesAll ? MASKED : CLEAR)
      }
      expect(
        rows.some(([, l]) => (seesAll ? CLEAR : MASKED).test(l)),
        role
      ).toBe(true)
    }
    expect(on("findings:default").stdout).toBe(on("findings:system").stdout)
  })

  it("shows a consultant their own customers' phones and no one else's", () => {
    const own = walkInOwner()
    const ownName = sim.directory.consultants[own]
    for (const role of ["consultant:own", "consultant:other"]) {
      const r = on(`findings:${role}`)
      expect(r.code).toBe(0)
      const rows = walkInRows(r.stdout)
      const mine = rows.filter(([c]) => c === ownName)
      const others = rows.filter(([c]) => c !== ownName)
      expect(mine.length).toBeGreaterThan(0)
      expect(others.length).toBeGreaterThan(0)
      // no one else's phone in the clear, whoever asks
      for (const [, l] of others) if (role === "consultant:own") expect(l).not.toMatch(CLEAR)
      if (role === "consultant:own") {
        for (const [, l] of mine) expect(l).not.toMatch(MASKED)
        expect(mine.some(([, l]) => CLEAR.test(l))).toBe(true)
      } else for (const [, l] of mine) expect(l).not.toMatch(CLEAR)
    }
    // the control table of their own prospects: names and phones in the clear for them, masked for another
    const mineTable = on("controlOwn")
      .stdout.split("\n")
      .filter((l) => /^card-\d+\s/.test(l))
    const otherTable = on("controlOther")
      .stdout.split("\n")
      .filter((l) => /^card-\d+\s/.test(l))
    expect(mineTable.length).toBeGreaterThan(0)
    expect(mineTable.length).toBe(otherTable.length)
    const customers = new Set(Object.values(sim.directory.customers))
    for (const l of mineTable) {
      const [, , customer, phone] = cells(l)
      expect(customers.has(customer ?? "")).toBe(true)
      expect(phone).toMatch(/^\+861[3-9]\d{9}$/)
    }
    for (const l of otherTable) {
      const [, , customer, phone] = cells(l)
      expect(customer).toMatch(/^[\u4e00-\u9fff]\*{1,2}$/)
      expect(phone).toMatch(/^1[3-9]\d\*{4}\d{4}$/)
    }
  })

  it("masks CSV and XLSX for every role unless --unmask --reason, which shows what the role may see and is recorded", async () => {
    const inputsOf = (csv: string) => {
      const [head, ...rows]: Array<Array<string>> = parse(csv, { bom: true })
      const at = (key: string) => head?.indexOf(key) ?? -1
      return rows
        .filter((r) => (r[at("依据")] ?? "").includes("phone="))
        .map((r) => [r[at("销售顾问")] ?? "", r[at("依据")] ?? ""] as const)
    }
    // a supervisor's CSV without --unmask: masked
    const masked = on("findingsCsvMasked")
    expect(masked.code).toBe(0)
    expect(masked.stderr).toContain('--unmask --reason "<why>" shows what supervisor may see')
    expect(inputsOf(masked.stdout).every(([, i]) => !CLEAR.test(i))).toBe(true)
    expect(inputsOf(masked.stdout).some(([, i]) => MASKED.test(i))).toBe(true)
    // unmasked, with the access recorded on standard error and in the audit log
    const unmasked = on("findingsCsvUnmasked")
    expect(unmasked.code).toBe(0)
    expect(inputsOf(unmasked.stdout).every(([, i]) => !MASKED.test(i))).toBe(true)
    expect(unmasked.stderr).toMatch(
      /个人信息访问记录 \(Personal data access\): unmask csv report:findings as supervisor, reason "month-end review"/
    )
    const log = (await readFile(join(dir, "audit-supervisor.jsonl"), "utf8")).trim().split("\n")
    expect(log.map((l) => JSON.parse(l))).toEqual([
      {
        at: expect.any(Number),
        viewer: { role: "supervisor" },
        action: "unmask",
        output: "csv",
        subject: "report:findings",
        reason: "month-end review"
      }
    ])
    // a consultant's unmask shows their own customers only
    const own = on("findingsCsvOwn")
    expect(own.code).toBe(0)
    const ownName = sim.directory.consultants[walkInOwner()]
    const rows = inputsOf(own.stdout)
    expect(rows.filter(([c]) => c === ownName).some(([, i]) => CLEAR.test(i))).toBe(true)
    expect(rows.filter(([c]) => c !== ownName).every(([, i]) => !CLEAR.test(i))).toBe(true)
    expect(JSON.parse((await readFile(join(dir, "audit-consultant.jsonl"), "utf8")).trim())).toMatchObject({
      viewer: { role: "consultant", consultantId: walkInOwner() },
      output: "csv"
    })

    // XLSX: the DCRC's control table, masked, then unmasked and recorded
    const sheetOf = async (file: string) => {
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(join(dir, file))
      const sheet = book.worksheets[0]
      if (sheet === undefined) throw new Error("no sheet")
      const header = (sheet.getRow(1).values as Array<unknown>).slice(1)
      const column = (label: string) =>
        Array.from({ length: sheet.rowCount - 1 }, (_, i) =>
          String(sheet.getRow(i + 2).getCell(header.indexOf(label) + 1).value ?? "")
        ).filter((v) => v !== "")
      return { phones: column("电话"), customers: column("客户") }
    }
    expect(on("controlXlsxMasked").code).toBe(0)
    const m = await sheetOf("control-masked.xlsx")
    expect(m.phones.length).toBeGreaterThan(0)
    for (const p of m.phones) expect(p).toMatch(/^1[3-9]\d\*{4}\d{4}$/)
    for (const c of m.customers) expect(c).toMatch(/^[\u4e00-\u9fff]\*{1,2}$/)
    const x = on("controlXlsxUnmasked")
    expect(x.code).toBe(0)
    expect(x.stderr).toMatch(/Personal data access\): unmask xlsx report:progress-control-/)
    const u = await sheetOf("control-unmasked.xlsx")
    expect(u.phones).toHaveLength(m.phones.length)
    for (const p of u.phones) expect(p).toMatch(/^\+861[3-9]\d{9}$/)
    const customers = new Set(Object.values(sim.directory.customers))
    for (const c of u.customers) expect(customers.has(c)).toBe(true)
  })

  it("refuses --unmask without a reason and a role that is none, before reading anything", () => {
    const refused = on("unmaskNoReason")
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('--unmask needs --reason "<why>"')
    expect(refused.stderr).not.toContain("Store:")
    expect(refused.stdout).toBe("")
    const bad = on("badRole")
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('Invalid value for flag --as: "boss"')
    expect(bad.stderr).not.toMatch(/\s+at .*\.(m?js|ts):\d+/) // no stack trace
    expect(bad.stderr).not.toContain("Store:")
  })
})

/** The import's CSV: codes and Chinese labels, good and bad rows. */
const IMPORT_CSV = [
  "type,card_id,at,consultant,phone,source,intent,channel,outcome,model,timeframe_days,test_drive,next_contact,note",
  "open,imp-001,2026-03-01 10:00,c-01,138 1234 5678,walkIn,direct,,,Buick GL8,10,booked,,",
  "建卡,imp-002,2026-03-01 11:00,c-02,+86 139-8765-4321,来电,,,,,,,,",
  "open,imp-003,2026-03-01 12:00,c-02,12345,来店,,,,,,,,",
  "联系,imp-001,2026-03-02 15:00,c-01,,,,到店,客户到店,Buick GL8,5,是,2026-03-04,test drive",
  "contact,imp-002,2026-03-02 16:00,c-02,,,,fax,reached,,,,,",
  "open,imp-004,2026-03-01 09:30,c-03,138-1234-5678,转介绍,,,,,,,,",
  "contact,imp-001,not-a-date,c-01,,,,call,reached,,,,,",
  "open,imp-005,2026-03-03 09:00,c-04,137 0000 1234,tv,,,,,abc,,,",
  "contact,imp-002,2026-03-03 10:00,c-01,,,,微信,已联系上,,,,,",
  "open,imp-006,2026-13-45,c-04,137 0000 9999,电视,桩脚,,,,,,,",
  "open,imp-007,2026-03-04 10:00,c-04,136 0000 1111,外拓,潜在型,,,,,,,"
].join("\n")

/** Imports the CSV twice into a store of its own, then plans a day on that store. */
const importRuns = async () => {
  const file = join(dir, "cards.csv")
  await writeFile(file, `${IMPORT_CSV}\n`)
  const data = join(dir, "import")
  const first = await cli(["import", file, "--data-dir", data])
  const again = await cli(["import", file, "--data-dir", data])
  const plan = await cli(["plan", "--date", "2026-03-04", "--data-dir", data])
  return [first, again, plan]
}

describe("import <file.csv>", () => {
  it("takes codes or Chinese labels, stores the good rows, reports every reason of each bad row, and is idempotent", () => {
    const [first, again, plan] = imported
    if (first === undefined || again === undefined || plan === undefined) throw new Error("no import runs")
    expect(first.code).toBe(1) // some rows were rejected
    expect(first.stdout).toContain("11 rows — 4 imported, 0 already there (skipped), 7 rejected")
    expect(first.stdout).toMatch(/line 4 \(imp-003\):\n\s+- phone: "\*\*\*\*\*" is not a valid phone number/)
    expect(first.stdout).toMatch(/line 6 \(imp-002\):\n\s+- channel: "fax" is not one of call \(电话\), /)
    // the phone that already has a card, masked in the message
    expect(first.stdout).toMatch(
      /line 7 \(imp-004\):\n\s+- AlreadyHasCard: 138\*\*\*\*5678 already has a card/
    )
    expect(first.stdout).toMatch(/line 8 \(imp-001\):\n\s+- at: expected YYYY-MM-DD HH:mm/)
    expect(first.stdout).toMatch(
      /line 9 \(imp-005\):\n\s+- source: "tv" is not one of [^\n]*\n\s+- evidence.purchaseTimeframeDays: /
    )
    expect(first.stdout).toMatch(/line 10 \(imp-002\):\n\s+- NotCardOwner: /)
    // a bad date does not hide a bad source
    expect(first.stdout).toMatch(/line 11 \(imp-006\):\n\s+- at: [^\n]*\n\s+- source: "电视" is not one of/)
    expect(first.stdout).not.toMatch(/\+86|1[3-9]\d{9}/)
    expect(first.stderr).not.toMatch(/%/) // no progress lines without a terminal

    expect(again.stdout).toContain("11 rows — 0 imported, 4 already there (skipped), 7 rejected")

    // the stored cards are there: imp-001 was contacted on 03-02 with an agreed contact on 03-04
    expect(plan.code).toBe(0)
    const first01 = plan.stdout.split("\n").find((l) => l.startsWith("c-01"))
    expect(cells(first01)[7]).toBe("1")
  })
})
