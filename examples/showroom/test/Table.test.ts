import type { ReportColumnKind, ReportTable } from "@jipan/core"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { displayWidth, renderReportTable, renderTable } from "../src/Table.js"

const daily: ReportTable = {
  id: "daily-report",
  title: { "zh-CN": "营业日报表", en: "Daily business report" },
  columns: [
    { key: "on", label: { "zh-CN": "日期", en: "Date" }, kind: "date" },
    { key: "consultant", label: { "zh-CN": "销售顾问", en: "Consultant" }, kind: "text" },
    { key: "orders", label: { "zh-CN": "订单", en: "Orders" }, kind: "integer" },
    { key: "reward", label: { "zh-CN": "奖励(元)", en: "Reward (yuan)" }, kind: "fen" },
    { key: "rate", label: { "zh-CN": "留档率", en: "Carding rate" }, kind: "percent" }
  ],
  rows: [
    { on: "2026-03-30", consultant: "王伟", orders: 3, reward: 30000, rate: 0.5 },
    { on: "2026-03-30", consultant: "c-li", orders: 12, reward: 5, rate: null },
    { on: "2026-03-30", consultant: "合计", orders: 15, reward: 30005, rate: 0.25 }
  ]
}

/** The rest of a line from a display column on (CJK characters take two). */
const fromColumn = (line: string, column: number): string => {
  let at = 0
  const chars = [...line]
  for (let i = 0; i < chars.length; i++) {
    if (at >= column) return chars.slice(i).join("")
    at += displayWidth(chars[i] ?? "")
  }
  return ""
}

const lines = (s: string) => s.split("\n").filter((l) => l !== "")

describe("renderReportTable", () => {
  it("prints a wide table with locale headers, typed cells and CJK-aligned columns", () => {
    const out = lines(renderReportTable(daily, { locale: "zh-CN", layout: "wide" }))
    expect(out[0]).toBe("营业日报表")
    expect(out[1]).toBe("==========")
    expect(out[2]).toMatch(/^日期\s+销售顾问\s+订单\s+奖励\(元\)\s+留档率$/)
    expect(out[4]).toMatch(/^2026-03-30\s+王伟\s+3\s+300\.00\s+50\.0%$/)
    expect(out[5]).toMatch(/^2026-03-30\s+c-li\s+12\s+0\.05$/)
    // every line of the body ends its numbers at the same display column
    const body = out.slice(4)
    expect(new Set(body.map((l) => displayWidth(l.replace(/\s+\S+%$/, ""))))).toEqual(
      new Set([displayWidth(body[0]?.replace(/\s+\S+%$/, "") ?? "")])
    )
    const en = lines(renderReportTable(daily, { locale: "en", layout: "wide" }))
    expect(en[0]).toBe("Daily business report")
    expect(en[2]).toMatch(/^Date\s+Consultant\s+Orders\s+Reward \(yuan\)\s+Carding rate$/)
  })

  it("transposes a table too wide for the terminal, saying a constant key once", () => {
    const out = lines(renderReportTable(daily, { locale: "both", width: 40 }))
    expect(out[0]).toBe("营业日报表 (Daily business report)")
    expect(out[2]).toBe("日期 (Date): 2026-03-30")
    expect(out[3]).toMatch(/^销售顾问 \(Consultant\)\s+王伟\s+c-li\s+合计$/)
    expect(out[5]).toMatch(/^订单 \(Orders\)\s+3\s+12\s+15$/)
    expect(out[6]).toMatch(/^奖励\(元\) \(Reward \(yuan\)\)\s+300\.00\s+0\.05\s+300\.05$/)
    expect(out[7]).toMatch(/^留档率 \(Carding rate\)\s+50\.0%\s+25\.0%$/)
    // the same table fits in 160 columns: wide
    expect(lines(renderReportTable(daily, { locale: "both" }))[2]).toMatch(/^日期 \(Date\)\s+销售顾问/)
  })

  it("prints an empty table's header and says it has no rows", () => {
    const out = renderReportTable({ ...daily, rows: [] }, { locale: "en" })
    expect(out).toContain("Date")
    expect(out.endsWith("(no rows)")).toBe(true)
  })
})

describe("renderTable", () => {
  it("keeps one line per row when a cell has line breaks", () => {
    expect(lines(renderTable([{ header: "备注" }], [["a\r\nb"]]))).toEqual(["备注", "----", "a b"])
  })

  const kinds: ReadonlyArray<ReportColumnKind> = ["text", "integer", "percent", "date", "fen"]
  const cell = fc.oneof(
    fc.constantFrom("王伟", "c-li", "来店,来电", "A", ""),
    fc.integer({ min: -100000, max: 100000 })
  )

  it("aligns every column at the same display width on every line (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 6 }),
        (columnKinds, rows) => {
          const header = columnKinds.map((k, i) => ({ header: `${k}列${i}`, align: "left" as const }))
          const text = renderTable(
            header,
            rows.map((r) => r.slice(0, columnKinds.length))
          )
          const out = text.split("\n")
          expect(out).toHaveLength(rows.length + 2)
          // the rule marks each column's width; every cell starts where its rule starts
          const rule = out[1] ?? ""
          const starts = [...rule.matchAll(/-+/g)].map((m) => m.index)
          expect(starts).toHaveLength(columnKinds.length)
          out.slice(2).forEach((line, r) => {
            columnKinds.forEach((_, i) => {
              const expected = String(rows[r]?.[i] ?? "")
              expect(fromColumn(line, starts[i] ?? 0).startsWith(expected)).toBe(true)
            })
          })
        }
      )
    )
  })
})
