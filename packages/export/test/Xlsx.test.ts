import { PassThrough } from "node:stream"
import type { ReportTable } from "@jipan/core"
import { Effect, Result } from "effect"
import ExcelJS from "exceljs"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { cleanSheetName, sheetNames, toXlsx, writeXlsx, xlsxText } from "../src/index.js"
import { reportTable, sample } from "./fixtures.js"

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)

const load = async (bytes: Uint8Array) => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  return workbook
}

/** A cell read back as the report cell it came from (fen from yuan, dates as YYYY-MM-DD). */
const readBack = (value: ExcelJS.CellValue, kind: string): string | number | null => {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === "number") return kind === "fen" ? Math.round(value * 100) : value
  if (typeof value === "string") return value
  if (typeof value === "object" && "richText" in value) return value.richText.map((t) => t.text).join("")
  throw new Error(`unexpected cell ${JSON.stringify(value)}`)
}

const rowsOf = (sheet: ExcelJS.Worksheet, table: ReportTable, first: number) =>
  table.rows.map((_, r) =>
    Object.fromEntries(
      table.columns.map((c, i) => [c.key, readBack(sheet.getRow(first + r).getCell(i + 1).value, c.kind)])
    )
  )

/** The table's rows with every column present (a missing key is an empty cell, null). */
const normalised = (table: ReportTable) =>
  table.rows.map((row) =>
    Object.fromEntries(
      table.columns.map((c) => {
        const cell = row[c.key] ?? null
        // -0 is written as 0: the sheet has no negative zero
        return [c.key, typeof cell === "string" ? xlsxText(cell) : typeof cell === "number" ? cell + 0 : cell]
      })
    )
  )

/** A viewer who may see every row's personal columns, for the tests of the format itself. */
const seeAll = { viewer: { role: "admin" } } as const

describe("toXlsx", () => {
  it("writes a typed sheet with a bold, frozen zh-CN header", async () => {
    const workbook = await load(await run(toXlsx(sample, seeAll)))
    const sheet = workbook.getWorksheet("营业日报表")
    if (sheet === undefined) throw new Error("no sheet")
    expect(sheet.getRow(1).values).toEqual([undefined, "顾问", "日期", "订单", "成交率", "奖励(元)", "备注"])
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
    const first = sheet.getRow(2)
    expect(first.getCell(2).value).toEqual(new Date("2026-03-31T00:00:00Z"))
    expect(first.getCell(2).numFmt).toBe("yyyy-mm-dd")
    expect(first.getCell(3).value).toBe(3)
    expect(first.getCell(4).value).toBe(0.125)
    expect(first.getCell(4).numFmt).toBe("0.0%")
    expect(first.getCell(5).value).toBe(300)
    expect(first.getCell(5).numFmt).toBe("#,##0.00")
    expect(first.getCell(6).value).toBe('客户说:"再看看"')
    expect(sheet.getRow(3).getCell(5).value).toBe(-0.05)
    expect(sheet.getRow(3).getCell(6).value).toBe("a, b\nsecond line")
    expect(sheet.getRow(4).getCell(2).value).toBe(null)
    expect(rowsOf(sheet, sample, 2)).toEqual(normalised(sample))
    // CJK counts double: the Chinese note column is wider than its 2-character header
    expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(2 * ' 客户说:"再看看"'.length - 4)
    expect(sheet.getColumn(3).width).toBe(6)
  })

  it("writes en headers, an optional title row, and one sheet per table", async () => {
    const other: ReportTable = { ...sample, id: "again" }
    const workbook = await load(await run(toXlsx([sample, other], { ...seeAll, locale: "en", title: true })))
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Daily business report",
      "Daily business report (2)"
    ])
    const sheet = workbook.worksheets[0]
    if (sheet === undefined) throw new Error("no sheet")
    expect(sheet.getRow(1).getCell(1).value).toBe("Daily business report")
    expect(sheet.getRow(2).getCell(1).value).toBe("Consultant")
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 })
    expect(rowsOf(sheet, sample, 3)).toEqual(normalised(sample))
  })

  it("refuses an invalid table and writes nothing", async () => {
    const stream = new PassThrough()
    let written = 0
    stream.on("data", (chunk: Buffer) => {
      written += chunk.length
    })
    const bad = { ...sample, rows: [{ orders: Number.POSITIVE_INFINITY }] }
    const r = await Effect.runPromise(Effect.result(writeXlsx([sample, bad], stream)))
    expect(Result.isFailure(r) && r.failure.reason).toBe("InvalidTable")
    expect(Result.isFailure(r) && r.failure.issues[0]?.path).toBe("rows.0.orders")
    expect(written).toBe(0)
    const r2 = await Effect.runPromise(Effect.result(toXlsx(bad)))
    expect(Result.isFailure(r2) && r2.failure._tag).toBe("ExportError")
  })

  it("streams the same workbook to a Node stream", async () => {
    const stream = new PassThrough()
    const chunks: Array<Buffer> = []
    stream.on("data", (chunk: Buffer) => chunks.push(chunk))
    await run(writeXlsx(sample, stream, { ...seeAll, title: true }))
    const workbook = await load(new Uint8Array(Buffer.concat(chunks)))
    const sheet = workbook.worksheets[0]
    if (sheet === undefined) throw new Error("no sheet")
    expect(sheet.name).toBe("营业日报表")
    expect(sheet.getRow(2).getCell(1).value).toBe("顾问")
    expect(rowsOf(sheet, sample, 3)).toEqual(normalised(sample))
    expect(sheet.getRow(3).getCell(5).numFmt).toBe("#,##0.00")
  })

  it("keeps line breaks as LF and replaces what XML cannot carry", () => {
    expect(xlsxText("a\r\nb\rc\nd\te")).toBe("a\nb\nc\nd\te")
    expect(xlsxText("x\u0001y\ud800")).toBe("x\ufffdy\ufffd")
    expect(xlsxText("😀 营业")).toBe("😀 营业")
  })

  it("fails with WriteFailed when the stream breaks", async () => {
    const stream = new PassThrough()
    stream.destroy(new Error("disk full"))
    const r = await Effect.runPromise(Effect.result(writeXlsx(sample, stream)))
    expect(Result.isFailure(r) && r.failure.reason).toBe("WriteFailed")
  })
})

describe("sheet names", () => {
  it("cleans forbidden characters, apostrophes, reserved names and length", () => {
    expect(cleanSheetName("Daily report: 2026/03/31", "S")).toBe("Daily report_ 2026_03_31")
    expect(cleanSheetName("'quoted'", "S")).toBe("quoted")
    expect(cleanSheetName("[*?]", "S")).toBe("____")
    expect(cleanSheetName("  ", "Fallback")).toBe("Fallback")
    expect(cleanSheetName("history", "S")).toBe("history_")
    expect(
      cleanSheetName("有望客户进度管制表有望客户进度管制表有望客户进度管制表有望客户进度管制表", "S")
    ).toHaveLength(31)
    expect(sheetNames(["营业日报表", "营业日报表", ""])).toEqual(["营业日报表", "营业日报表 (2)", "Sheet3"])
    expect(sheetNames(["ABC", "abc"])).toEqual(["ABC", "abc (2)"])
  })

  it("are valid and unique for any titles (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40, unit: "grapheme" }), { maxLength: 12 }), (titles) => {
        const names = sheetNames(titles)
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
        for (const name of names) {
          expect(name.length).toBeGreaterThan(0)
          expect(name.length).toBeLessThanOrEqual(31)
          expect(name).not.toMatch(/[\\/?*[\]:]|^'|'$/)
          expect(name.toLowerCase()).not.toBe("history")
          // exceljs accepts it (it throws on names Excel refuses)
          new ExcelJS.Workbook().addWorksheet(name)
        }
      })
    )
  })
})

describe("XLSX round trip through exceljs (property)", () => {
  it("gives back every header, cell and type", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportTable, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (tables, title) => {
          const workbook = await load(await run(toXlsx(tables, { locale: "en", title })))
          expect(workbook.worksheets).toHaveLength(tables.length)
          tables.forEach((table, t) => {
            const sheet = workbook.worksheets[t]
            if (sheet === undefined) throw new Error("no sheet")
            const header = title ? 2 : 1
            expect(table.columns.map((_, i) => sheet.getRow(header).getCell(i + 1).value)).toEqual(
              table.columns.map((c) => xlsxText(c.label.en))
            )
            expect(rowsOf(sheet, table, header + 1)).toEqual(normalised(table))
          })
        }
      ),
      { numRuns: 40 }
    )
  })
})
