import type { ReportColumnKind, ReportTable } from "@jipan/core"
import * as fc from "fast-check"

/** A small daily-report-like table with every kind and awkward text. */
export const sample: ReportTable = {
  id: "daily-report",
  title: { "zh-CN": "营业日报表", en: "Daily business report" },
  columns: [
    { key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
    { key: "day", label: { "zh-CN": "日期", en: "Date" }, kind: "date" },
    { key: "orders", label: { "zh-CN": "订单", en: "Orders" }, kind: "integer" },
    { key: "closeRate", label: { "zh-CN": "成交率", en: "Close rate" }, kind: "percent" },
    { key: "reward", label: { "zh-CN": "奖励(元)", en: "Reward (yuan)" }, kind: "fen" },
    { key: "note", label: { "zh-CN": "备注", en: "Note" }, kind: "text" }
  ],
  rows: [
    {
      consultant: "王伟",
      day: "2026-03-31",
      orders: 3,
      closeRate: 0.125,
      reward: 30000,
      note: '客户说:"再看看"'
    },
    { consultant: "c-li", day: "2026-03-30", orders: 0, closeRate: 0, reward: -5, note: "a, b\nsecond line" },
    { consultant: "c-yang", day: null, orders: null, closeRate: null, reward: null }
  ]
}

const kinds: ReadonlyArray<ReportColumnKind> = ["text", "integer", "percent", "date", "fen"]

const label = fc.record({
  "zh-CN": fc.string({ minLength: 1, maxLength: 8, unit: "grapheme" }),
  en: fc.string({ minLength: 1, maxLength: 12 })
})

const cellOf = (kind: ReportColumnKind): fc.Arbitrary<string | number | null> => {
  switch (kind) {
    case "text":
      return fc.oneof(
        fc.string({ maxLength: 20, unit: "grapheme" }),
        fc.constantFrom(
          "a,b",
          '"q"',
          "line\r\nbreak",
          "cr\ronly",
          "来店,来电",
          " lead ",
          "=1+1",
          "tab\tbell\u0007",
          "😀"
        ),
        fc.constant(null)
      )
    case "integer":
      return fc.option(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }))
    case "fen":
      return fc.option(fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }))
    case "percent":
      return fc.option(fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }))
    case "date":
      return fc.option(
        fc
          .date({
            min: new Date("1950-01-01T00:00:00Z"),
            max: new Date("2100-12-31T00:00:00Z"),
            noInvalidDate: true
          })
          .map((d) => d.toISOString().slice(0, 10))
      )
  }
}

/** Random valid report tables: 1–6 columns of random kinds, 0–12 rows. */
export const reportTable: fc.Arbitrary<ReportTable> = fc
  .array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 6 })
  .chain((columnKinds) =>
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 10 }),
      title: label,
      columns: fc.tuple(
        ...columnKinds.map((kind, i) => label.map((l) => ({ key: `c${i}`, label: l, kind })))
      ),
      rows: fc.array(fc.tuple(...columnKinds.map(cellOf)), { maxLength: 12 })
    })
  )
  .map(({ id, title, columns, rows }) => ({
    id,
    title,
    columns,
    rows: rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [`c${i}`, cell])))
  }))
