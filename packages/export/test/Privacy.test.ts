import { PassThrough } from "node:stream"
import type { PersonalDataAccess, ReportTable, Viewer } from "@jipan/core"
import { parse } from "csv-parse/sync"
import { Effect, Result } from "effect"
import ExcelJS from "exceljs"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  csvBuffer,
  type ExportError,
  type ExportPrivacy,
  maskForExport,
  renderCsv,
  toCsv,
  toCsvAudited,
  toCsvBytes,
  toXlsx,
  toXlsxAudited,
  writeXlsx,
  xlsxBuffer
} from "../src/index.js"

/** Customers of two consultants and one with no consultant; every personal kind of column. */
const calls: ReportTable = {
  id: "calls",
  title: { "zh-CN": "回访", en: "Calls" },
  columns: [
    { key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
    { key: "name", label: { "zh-CN": "姓名", en: "Name" }, kind: "text" },
    { key: "phone", label: { "zh-CN": "电话", en: "Phone" }, kind: "text" },
    { key: "note", label: { "zh-CN": "备注", en: "Note" }, kind: "text" },
    { key: "visitCount", label: { "zh-CN": "来店", en: "Visits" }, kind: "integer" }
  ],
  rows: [
    { consultant: "c-wang", name: "王小明", phone: "+8613812345678", note: "想要白色", visitCount: 2 },
    { consultant: "c-li", name: "陈大文", phone: "13900005678", note: "嫌贵", visitCount: 1 },
    { consultant: null, name: "李四", phone: "13700001111", note: null, visitCount: 0 }
  ]
}

/** Each row of `calls` as CSV fields, in full and masked. */
const plain = [
  ["c-wang", "王小明", "+8613812345678", "想要白色", "2"],
  ["c-li", "陈大文", "13900005678", "嫌贵", "1"],
  ["", "李四", "13700001111", "", "0"]
]
const masked = [
  ["c-wang", "王**", "138****5678", "***", "2"],
  ["c-li", "陈**", "139****5678", "***", "1"],
  ["", "李*", "137****1111", "", "0"]
]
const header = ["Consultant", "Name", "Phone", "Note", "Visits"]

const wang: Viewer = { role: "consultant", consultantId: "c-wang" }
const zhao: Viewer = { role: "consultant", consultantId: "c-zhao" }
const supervisor: Viewer = { role: "supervisor" }

/** Who looks, and which rows of `calls` they see in full. */
const matrix: ReadonlyArray<readonly [string, Viewer | undefined, ReadonlyArray<boolean>]> = [
  ["the owner consultant", wang, [true, false, false]],
  ["another consultant", zhao, [false, false, false]],
  ["a consultant with no id", { role: "consultant" }, [false, false, false]],
  ["a supervisor", supervisor, [true, true, true]],
  ["the DCRC", { role: "dcrc" }, [true, true, true]],
  ["an admin", { role: "admin" }, [true, true, true]],
  ["the system", { role: "system" }, [false, false, false]],
  ["no viewer", undefined, [false, false, false]]
]

const expectedRows = (sees: ReadonlyArray<boolean>) => sees.map((s, r) => (s ? plain[r] : masked[r]))

const cellString = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return ""
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === "object" && "richText" in value) return value.richText.map((t) => t.text).join("")
  return String(value)
}

const sheetRows = async (bytes: Uint8Array): Promise<Array<Array<Array<string>>>> => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  return workbook.worksheets.map((sheet) => {
    const rows: Array<Array<string>> = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: Array<string> = []
      for (let i = 1; i <= sheet.columnCount; i++) cells.push(cellString(row.getCell(i).value))
      rows.push(cells)
    })
    return rows
  })
}

const streamed = async (tables: unknown, options: ExportPrivacy & { locale: "en" }) => {
  const stream = new PassThrough()
  const chunks: Array<Buffer> = []
  stream.on("data", (chunk: Buffer) => chunks.push(chunk))
  await Effect.runPromise(writeXlsx(tables, stream, options))
  return new Uint8Array(Buffer.concat(chunks))
}

const csvRecords = (text: string): Array<Array<string>> => parse(text, { bom: true })

/** Every entry point, reading back the rows (header included) of one table it wrote. */
const outputs: ReadonlyArray<
  readonly [string, (options: ExportPrivacy & { locale: "en" }) => Promise<Array<Array<string>>>]
> = [
  ["toCsv", async (o) => csvRecords(await Effect.runPromise(toCsv(calls, o)))],
  ["csvBuffer", async (o) => csvRecords((await csvBuffer(calls, o)).toString("utf8"))],
  ["renderCsv", async (o) => csvRecords(renderCsv(calls, o))],
  ["toXlsx", async (o) => (await sheetRows(await Effect.runPromise(toXlsx(calls, o))))[0] ?? []],
  ["xlsxBuffer", async (o) => (await sheetRows(new Uint8Array(await xlsxBuffer(calls, o))))[0] ?? []],
  ["writeXlsx", async (o) => (await sheetRows(await streamed(calls, o)))[0] ?? []]
]

const failureOf = async <A>(effect: Effect.Effect<A, ExportError>): Promise<ExportError> => {
  const r = await Effect.runPromise(Effect.result(effect))
  if (Result.isSuccess(r)) throw new Error("expected the export to fail")
  return r.failure
}

describe("masking by role (role × output)", () => {
  for (const [output, write] of outputs)
    for (const [who, viewer, sees] of matrix)
      it(`${output}: ${who} sees ${sees.map((s) => (s ? "full" : "masked")).join(", ")}`, async () => {
        const rows = await write(viewer === undefined ? { locale: "en" } : { locale: "en", viewer })
        expect(rows[0]).toEqual(header)
        expect(rows.slice(1)).toEqual(expectedRows(sees))
      })

  it("masks with no options at all, as existing callers call it", async () => {
    const csv = await Effect.runPromise(toCsv(calls))
    expect(csvRecords(csv).slice(1)).toEqual(masked)
    const [sheet] = await sheetRows(await Effect.runPromise(toXlsx(calls)))
    expect(sheet?.slice(1)).toEqual(masked)
  })

  it("reads each row's owner from ownerKey when the table names it otherwise", async () => {
    const byOwner: ReportTable = {
      ...calls,
      columns: calls.columns.map((c) => (c.key === "consultant" ? { ...c, key: "owner" } : c)),
      rows: calls.rows.map(({ consultant, ...rest }) => ({ ...rest, owner: consultant ?? null }))
    }
    const asWang = await Effect.runPromise(toCsv(byOwner, { locale: "en", viewer: wang, ownerKey: "owner" }))
    expect(csvRecords(asWang).slice(1)).toEqual(expectedRows([true, false, false]))
    // without it the default column `consultant` is absent: nobody's row is the consultant's
    const withoutKey = await Effect.runPromise(toCsv(byOwner, { locale: "en", viewer: wang }))
    expect(csvRecords(withoutKey).slice(1)).toEqual(masked)
  })

  it("writes a masked cell of a date column as text, and leaves tables with no personal column alone", async () => {
    const birthdays: ReportTable = {
      id: "birthdays",
      title: { "zh-CN": "生日", en: "Birthdays" },
      columns: [
        { key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
        { key: "birthday", label: { "zh-CN": "生日", en: "Birthday" }, kind: "date" }
      ],
      rows: [{ consultant: "c-wang", birthday: "1990-05-17" }]
    }
    const [sheet] = await sheetRows(await Effect.runPromise(toXlsx(birthdays)))
    expect(sheet?.[1]).toEqual(["c-wang", "***"])
    const [mine] = await sheetRows(await Effect.runPromise(toXlsx(birthdays, { viewer: wang })))
    expect(mine?.[1]).toEqual(["c-wang", "1990-05-17"])
    const counts: ReportTable = {
      id: "counts",
      title: { "zh-CN": "数", en: "Counts" },
      columns: [{ key: "visitCount", label: { "zh-CN": "来店", en: "Visits" }, kind: "integer" }],
      rows: [{ visitCount: 3 }]
    }
    expect(await Effect.runPromise(toCsv(counts, { locale: "en", lineEnding: "lf" }))).toBe("Visits\n3\n")
  })
})

describe("unmask", () => {
  const at = Date.parse("2026-12-07T02:00:00Z")

  it("shows what the viewer may see and records exactly one access, given to onAccess and returned", async () => {
    const seen: Array<PersonalDataAccess> = []
    const unmask = {
      viewer: supervisor,
      reason: " month-end review ",
      at,
      onAccess: (a: PersonalDataAccess) => seen.push(a)
    }
    const { value, accesses } = await Effect.runPromise(toCsvAudited(calls, { locale: "en", unmask }))
    expect(csvRecords(value).slice(1)).toEqual(plain)
    const expected: PersonalDataAccess = {
      at,
      viewer: supervisor,
      action: "unmask",
      output: "csv",
      subject: "report:calls",
      reason: "month-end review"
    }
    expect(accesses).toEqual([expected])
    expect(seen).toEqual([expected])

    const xlsxSeen: Array<PersonalDataAccess> = []
    const xlsx = await Effect.runPromise(
      toXlsxAudited(calls, { unmask: { ...unmask, onAccess: (a) => xlsxSeen.push(a) } })
    )
    expect((await sheetRows(xlsx.value))[0]?.slice(1)).toEqual(plain)
    expect(xlsx.accesses).toEqual([{ ...expected, output: "xlsx" }])
    expect(xlsxSeen).toEqual([{ ...expected, output: "xlsx" }])
  })

  it("records through every entry point, once per call", async () => {
    const seen: Array<PersonalDataAccess> = []
    const unmask = {
      viewer: supervisor,
      reason: "audit",
      at,
      onAccess: (a: PersonalDataAccess) => seen.push(a)
    }
    await Effect.runPromise(toCsv(calls, { unmask }))
    await csvBuffer(calls, { unmask })
    await Effect.runPromise(toXlsx(calls, { unmask }))
    await xlsxBuffer(calls, { unmask })
    await streamed(calls, { locale: "en", unmask })
    expect(seen.map((a) => a.output)).toEqual(["csv", "csv", "xlsx", "xlsx", "xlsx"])
  })

  it("never widens a consultant's rights: the other consultants' customers stay masked", async () => {
    const { value, accesses } = await Effect.runPromise(
      toCsvAudited(calls, { locale: "en", unmask: { viewer: wang, reason: "calling my customers", at } })
    )
    expect(csvRecords(value).slice(1)).toEqual(expectedRows([true, false, false]))
    expect(accesses).toHaveLength(1)
    expect(accesses[0]?.viewer).toEqual(wang)
  })

  it("records nothing without unmask, whoever looks", async () => {
    const { accesses } = await Effect.runPromise(toCsvAudited(calls, { viewer: supervisor }))
    expect(accesses).toEqual([])
    expect((await Effect.runPromise(toXlsxAudited(calls))).accesses).toEqual([])
  })

  it("refuses an unmask without a reason, with the typed error, recording and writing nothing", async () => {
    for (const reason of ["", "   "]) {
      const seen: Array<PersonalDataAccess> = []
      const unmask = { viewer: supervisor, reason, at, onAccess: (a: PersonalDataAccess) => seen.push(a) }
      const csvError = await failureOf(toCsv(calls, { unmask }))
      expect(csvError._tag).toBe("ExportError")
      expect(csvError.reason).toBe("UnmaskRefused")
      expect(csvError.tableId).toBe("calls")
      expect((await failureOf(toXlsx(calls, { unmask }))).reason).toBe("UnmaskRefused")
      const rejected = await csvBuffer(calls, { unmask }).catch((e: unknown) => e)
      expect((rejected as ExportError).reason).toBe("UnmaskRefused")
      const stream = new PassThrough()
      let written = 0
      stream.on("data", (chunk: Buffer) => {
        written += chunk.length
      })
      expect((await failureOf(writeXlsx(calls, stream, { unmask }))).reason).toBe("UnmaskRefused")
      expect(written).toBe(0)
      expect(seen).toEqual([])
    }
  })

  it("refuses an unmask with no valid time, or naming another viewer than viewer", async () => {
    const bad = await failureOf(toCsv(calls, { unmask: { viewer: supervisor, reason: "x", at: Number.NaN } }))
    expect(bad.reason).toBe("UnmaskRefused")
    const other = await failureOf(
      toCsv(calls, { viewer: wang, unmask: { viewer: supervisor, reason: "x", at } })
    )
    expect(other.reason).toBe("UnmaskRefused")
    // the same viewer twice is fine
    const same = await Effect.runPromise(
      toCsv(calls, { locale: "en", viewer: wang, unmask: { viewer: wang, reason: "x", at } })
    )
    expect(csvRecords(same).slice(1)).toEqual(expectedRows([true, false, false]))
  })

  it("checks the table first: a bad table is InvalidTable even when the unmask is refused too", async () => {
    const bad = { ...calls, rows: [{ visitCount: 1.5 }] }
    const e = await failureOf(toCsv(bad, { unmask: { viewer: supervisor, reason: "", at } }))
    expect(e.reason).toBe("InvalidTable")
    expect(e.issues.map((i) => i.path)).toEqual(["rows.0.visitCount"])
    expect((await failureOf(toXlsx(bad))).reason).toBe("InvalidTable")
  })

  it("fails, handing nothing out, when onAccess throws; a stream gets the record before any byte", async () => {
    const onAccess = () => {
      throw new Error("audit log down")
    }
    const e = await failureOf(toXlsx(calls, { unmask: { viewer: supervisor, reason: "x", at, onAccess } }))
    expect(e.reason).toBe("UnmaskRefused")
    expect(e.message).toContain("audit log down")
    const stream = new PassThrough()
    let written = 0
    stream.on("data", (chunk: Buffer) => {
      written += chunk.length
    })
    const streamError = await failureOf(
      writeXlsx(calls, stream, { unmask: { viewer: supervisor, reason: "x", at, onAccess } })
    )
    expect(streamError.reason).toBe("UnmaskRefused")
    expect(written).toBe(0)
    let writtenAtRecord = -1
    const recording = new PassThrough()
    let bytes = 0
    recording.on("data", (chunk: Buffer) => {
      bytes += chunk.length
    })
    await Effect.runPromise(
      writeXlsx(calls, recording, {
        unmask: { viewer: supervisor, reason: "x", at, onAccess: () => (writtenAtRecord = bytes) }
      })
    )
    expect(writtenAtRecord).toBe(0)
    expect(bytes).toBeGreaterThan(0)
  })

  it("records one access per table of a workbook, each with its own subject", async () => {
    const second: ReportTable = { ...calls, id: "calls-march" }
    const { accesses } = await Effect.runPromise(
      toXlsxAudited([calls, second], { unmask: { viewer: supervisor, reason: "x", at } })
    )
    expect(accesses.map((a) => [a.subject, a.output, a.action])).toEqual([
      ["report:calls", "xlsx", "unmask"],
      ["report:calls-march", "xlsx", "unmask"]
    ])
  })

  it("maskForExport is the same rule for output of one's own", () => {
    const view = maskForExport([calls], { unmask: { viewer: wang, reason: "x", at } }, "table")
    if (Result.isFailure(view)) throw new Error("refused")
    expect(view.success.tables[0]?.rows[1]?.phone).toBe("139****5678")
    expect(view.success.tables[0]?.rows[0]?.phone).toBe("+8613812345678")
    expect(view.success.accesses[0]?.output).toBe("table")
    expect(
      Result.isFailure(maskForExport([calls], { unmask: { viewer: wang, reason: "", at } }, "table"))
    ).toBe(true)
  })
})

describe("nothing personal leaks to a viewer without rights (property)", () => {
  const surnames = [..."赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"]
  const personName = fc
    .array(fc.constantFrom(...surnames), { minLength: 2, maxLength: 4 })
    .map((chars) => chars.join(""))
  const mobile = fc
    .tuple(fc.constantFrom("13", "15", "18", "19"), fc.stringMatching(/^\d{9}$/), fc.boolean())
    .map(([prefix, rest, e164]) => `${e164 ? "+86" : ""}${prefix}${rest}`)
  const row = fc.record({
    consultant: fc.constantFrom("c-1", "c-2", "c-3", null),
    name: personName,
    phone: mobile,
    visitCount: fc.nat({ max: 9 })
  })
  const table = fc.array(row, { minLength: 1, maxLength: 10 }).map(
    (rows): ReportTable => ({
      id: "people",
      title: { "zh-CN": "客户", en: "People" },
      columns: [
        { key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
        { key: "name", label: { "zh-CN": "姓名", en: "Name" }, kind: "text" },
        { key: "phone", label: { "zh-CN": "电话", en: "Phone" }, kind: "text" },
        { key: "visitCount", label: { "zh-CN": "来店", en: "Visits" }, kind: "integer" }
      ],
      rows
    })
  )
  const noRights: fc.Arbitrary<ExportPrivacy> = fc.oneof(
    fc.constant({}),
    fc
      .constantFrom<Viewer>(
        { role: "system" },
        { role: "consultant", consultantId: "c-9" },
        { role: "consultant" }
      )
      .chain((viewer) =>
        fc.constantFrom<ExportPrivacy>({ viewer }, { unmask: { viewer, reason: "because", at: 0 } })
      )
  )

  it("no original phone or name is in the CSV bytes or the XLSX cells", async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        noRights,
        fc.constantFrom("zh-CN", "en") as fc.Arbitrary<"zh-CN" | "en">,
        async (t, privacy, locale) => {
          const secrets = t.rows.flatMap((r) => {
            const phone = String(r.phone)
            return [String(r.name), phone, phone.replace(/^\+86/, "")]
          })
          const csv = new TextDecoder().decode(await Effect.runPromise(toCsvBytes(t, { ...privacy, locale })))
          const cells = (await sheetRows(await Effect.runPromise(toXlsx(t, { ...privacy, locale })))).flat(2)
          expect(cells.length).toBeGreaterThan(t.rows.length)
          for (const secret of secrets) {
            expect(csv).not.toContain(secret)
            for (const cell of cells) expect(cell).not.toContain(secret)
          }
        }
      ),
      { numRuns: 60 }
    )
  })
})
