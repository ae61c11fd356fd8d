import { Effect } from "effect"
import ExcelJS from "exceljs"
import { describe, expect, it } from "vitest"
import { csvBuffer, ExportError, toCsv, xlsxBuffer } from "../src/index.js"
import { sample } from "./fixtures.js"

describe("the Promise face", () => {
  it("csvBuffer is toCsv's text as UTF-8 bytes in a Buffer", async () => {
    const buffer = await csvBuffer(sample, { locale: "en" })
    expect(Buffer.isBuffer(buffer)).toBe(true)
    expect(buffer.toString("utf8")).toBe(await Effect.runPromise(toCsv(sample, { locale: "en" })))
  })

  it("xlsxBuffer is a workbook exceljs reads back, a sheet per table", async () => {
    const buffer = await xlsxBuffer([sample, { ...sample, id: "second" }], { locale: "en" })
    expect(buffer.subarray(0, 2).toString()).toBe("PK")
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    expect(workbook.worksheets).toHaveLength(2)
  })

  it("rejects a bad table with the ExportError naming the problem, never a TypeError", async () => {
    const error = await csvBuffer({ id: "x", rows: "none" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExportError)
    expect((error as ExportError).reason).toBe("InvalidTable")
  })
})
