import type { ReportTable } from "@jipan/core"
import { parse } from "csv-parse/sync"
import { Effect, Result } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { cellText, percentText, toCsv, toCsvBytes, yuanText } from "../src/index.js"
import { reportTable, sample } from "./fixtures.js"

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const failure = async <A, E>(e: Effect.Effect<A, E>) => {
  const r = await Effect.runPromise(Effect.result(e))
  if (Result.isSuccess(r)) throw new Error("expected a failure")
  return r.failure
}

/** A viewer who may see every row's personal columns, for the tests of the format itself. */
const seeAll = { viewer: { role: "supervisor" } } as const

describe("toCsv", () => {
  it("writes zh-CN headers with a BOM and CRLF by default", async () => {
    const csv = await run(toCsv(sample, seeAll))
    expect(csv.startsWith("\uFEFF顾问,日期,订单,成交率,奖励(元),备注\r\n")).toBe(true)
    expect(csv).toContain('王伟,2026-03-31,3,12.5%,300.00,"客户说:""再看看"""\r\n')
    // a field with a comma and a newline is quoted, the newline kept inside the quotes
    expect(csv).toContain('c-li,2026-03-30,0,0.0%,-0.05,"a, b\nsecond line"\r\n')
    // empty cells, and a missing key, are empty fields
    expect(csv.endsWith("c-yang,,,,,\r\n")).toBe(true)
  })

  it("writes en headers without a BOM, LF on request, the ratio on request", async () => {
    const csv = await run(toCsv(sample, { ...seeAll, locale: "en", lineEnding: "lf", percent: "ratio" }))
    expect(csv.split("\n")[0]).toBe("Consultant,Date,Orders,Close rate,Reward (yuan),Note")
    expect(csv.split("\n")[1]).toBe('王伟,2026-03-31,3,0.125,300.00,"客户说:""再看看"""')
    expect(csv).not.toContain("\r")
  })

  it("encodes UTF-8 bytes starting with EF BB BF for zh-CN, none when bom is off", async () => {
    const bytes = await run(toCsvBytes(sample))
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes.slice(3, 9))).toBe("顾问")
    const plain = await run(toCsvBytes(sample, { bom: false }))
    expect(plain[0]).toBe(0xe9) // 顾 = U+987E = E9 A1 BE
    expect(new TextDecoder().decode(plain).startsWith("顾问,")).toBe(true)
  })

  it("refuses a row key that no column declares, listing every problem", async () => {
    const bad = {
      ...sample,
      rows: [
        { consultant: "x", orderz: 1 },
        { orders: 1.5, closeRate: Number.NaN }
      ]
    }
    const e = await failure(toCsv(bad))
    expect(e._tag).toBe("ExportError")
    expect(e.reason).toBe("InvalidTable")
    expect(e.tableId).toBe("daily-report")
    expect(e.issues.map((i) => i.path)).toEqual(["rows.0.orderz", "rows.1.orders", "rows.1.closeRate"])
  })

  it("refuses non-finite numbers, fractional fen, bad dates, duplicate keys and a bad shape", async () => {
    const one = (kind: string, cell: unknown) => ({
      id: "t",
      title: { "zh-CN": "表", en: "T" },
      columns: [{ key: "x", label: { "zh-CN": "列", en: "X" }, kind }],
      rows: [{ x: cell }]
    })
    for (const [kind, cell] of [
      ["integer", Number.POSITIVE_INFINITY],
      ["integer", 2.5],
      ["fen", 10.5],
      ["percent", Number.NaN],
      ["date", "2026-02-30"],
      ["date", "31/03/2026"],
      ["text", Number.NEGATIVE_INFINITY]
    ] as const)
      expect((await failure(toCsv(one(kind, cell)))).issues[0]?.path).toBe("rows.0.x")
    const dup = { ...one("text", "a"), columns: [...one("text", "a").columns, ...one("text", "a").columns] }
    expect((await failure(toCsv(dup))).issues[0]?.path).toBe("columns.1.key")
    expect((await failure(toCsv({ id: "t", columns: [], rows: [] }))).reason).toBe("InvalidTable")
    expect((await failure(toCsv(one("money", 1)))).issues[0]?.path).toBe("columns.0.kind")
  })
})

describe("cell text", () => {
  it("formats fen as yuan on integers", () => {
    expect(yuanText(0)).toBe("0.00")
    expect(yuanText(5)).toBe("0.05")
    expect(yuanText(-123456)).toBe("-1234.56")
    expect(yuanText(30000)).toBe("300.00")
    expect(percentText(0.125)).toBe("12.5%")
    expect(percentText(-0.0001)).toBe("0.0%")
    expect(cellText("text", 12)).toBe("12")
    expect(cellText("date", "2026-03-31")).toBe("2026-03-31")
  })

  it("yuan text reads back as the same fen (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        const [whole, cents] = yuanText(fen).replace("-", "").split(".")
        const back = (BigInt(whole ?? "0") * 100n + BigInt(cents ?? "0")) * (fen < 0 ? -1n : 1n)
        expect(back).toBe(BigInt(fen))
      })
    )
  })
})

/** What a parsed-back field should be for a cell: `cellText` with the exact ratio style. */
const expected = (table: ReportTable) =>
  table.rows.map((row) => table.columns.map((c) => cellText(c.kind, row[c.key], "ratio")))

describe("CSV round trip through csv-parse (property)", () => {
  it("gives back the headers and every cell, in either locale and line ending", async () => {
    await fc.assert(
      fc.asyncProperty(
        reportTable,
        fc.constantFrom("zh-CN", "en") as fc.Arbitrary<"zh-CN" | "en">,
        fc.constantFrom("crlf", "lf") as fc.Arbitrary<"crlf" | "lf">,
        async (table, locale, lineEnding) => {
          const csv = await run(toCsv(table, { locale, lineEnding, percent: "ratio" }))
          const records: Array<Array<string>> = parse(csv, { bom: true, relax_column_count: false })
          expect(records[0]).toEqual(table.columns.map((c) => c.label[locale]))
          expect(records.slice(1)).toEqual(expected(table))
          // the numbers read back exactly: fen from yuan, ratios from their text
          records.slice(1).forEach((record, r) => {
            table.columns.forEach((c, i) => {
              const cell = table.rows[r]?.[c.key]
              if (typeof cell !== "number") return
              const back = Number(record[i])
              // (+ 0 folds -0 into 0: "-0" is not written)
              expect((c.kind === "fen" ? Math.round(back * 100) : back) + 0).toBe(cell + 0)
            })
          })
        }
      ),
      { numRuns: 150 }
    )
  })
})
