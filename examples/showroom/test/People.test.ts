import type { Viewer } from "@jipan/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { CHANNELS, codeOf, INTENTS, OUTCOMES, SOURCES } from "../src/Import.js"
import { displayTable, maskedText, nameGenerator, nameOf, shownPhone } from "../src/People.js"
import { parseViewer, privacyOf } from "../src/Privacy.js"
import { makePrng } from "../src/Prng.js"

describe("People", () => {
  const system: Viewer = { role: "system" }
  const supervisor: Viewer = { role: "supervisor" }

  it("masks mobile numbers and VINs in text, normalised or typed, and leaves other numbers alone", () => {
    expect(shownPhone("+8613812345678", system, "c-01")).toBe("138****5678")
    expect(shownPhone("+8613812345678", { role: "consultant", consultantId: "c-01" }, "c-01")).toBe(
      "+8613812345678"
    )
    expect(maskedText("+8613812345678 already has a card", system, undefined)).toBe(
      "138****5678 already has a card"
    )
    expect(maskedText("call +86 139-8765-4321 today", system, undefined)).toBe("call 139****4321 today")
    expect(maskedText("Buick GL8 LSGUA8457TS000111 (2026-03-01)", system, "c-01")).toBe(
      "Buick GL8 *** (2026-03-01)"
    )
    expect(maskedText("call +86 139-8765-4321 today", supervisor, undefined)).toBe(
      "call +86 139-8765-4321 today"
    )
    // a consultant sees no phone whose owner is not known
    expect(maskedText("+8613812345678", { role: "consultant", consultantId: "c-01" }, undefined)).toBe(
      "138****5678"
    )
    for (const text of ["visit-00399", "2026-03-30", "card-0001", "12345678901234", "950493781229171807^0"])
      expect(maskedText(text, system, undefined)).toBe(text)
  })

  it("draws distinct Chinese names, the same for the same seed", () => {
    const draw = (seed: number) => {
      const names = nameGenerator(makePrng(seed))
      return Array.from({ length: 500 }, () => names.next())
    }
    const a = draw(7)
    expect(new Set(a).size).toBe(500)
    for (const name of a) expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/)
    expect(draw(7)).toEqual(a)
    expect(draw(8)).not.toEqual(a)
  })

  it("prints names for ids and masks customers' names, phones and notes by the viewer's role", () => {
    const directory = {
      consultants: { "c-01": "陈静", "c-02": "李强" },
      customers: { "cust-0001": "王芳华", "cust-0002": "赵敏" }
    }
    expect(nameOf(directory, "c-03")).toBe("c-03")
    const table = {
      id: "t",
      title: { "zh-CN": "管制表 c-01", en: "Control c-01" },
      columns: (["consultant", "customer", "phone", "note", "n"] as const).map((key) => ({
        key,
        label: { "zh-CN": key, en: key },
        kind: key === "n" ? ("integer" as const) : ("text" as const)
      })),
      rows: [
        {
          consultant: "c-01",
          customer: "cust-0001",
          phone: "+8613812345678",
          note: "wife 13900001111",
          n: 3
        },
        { consultant: "c-02", customer: "cust-0002", phone: "+8613987654321", note: null, n: 4 }
      ]
    }
    const rowsFor = (viewer: Viewer) => displayTable(table, directory, viewer).rows
    const masked = [
      { consultant: "陈静", customer: "王**", phone: "138****5678", note: "***", n: 3 },
      { consultant: "李强", customer: "赵*", phone: "139****4321", note: null, n: 4 }
    ]
    const clear = [
      { consultant: "陈静", customer: "王芳华", phone: "+8613812345678", note: "wife 13900001111", n: 3 },
      { consultant: "李强", customer: "赵敏", phone: "+8613987654321", note: null, n: 4 }
    ]
    expect(displayTable(table, directory, system).title["zh-CN"]).toBe("管制表 陈静")
    expect(rowsFor(system)).toEqual(masked)
    for (const role of ["supervisor", "dcrc", "admin"] as const) expect(rowsFor({ role })).toEqual(clear)
    // a consultant sees their own customers only
    expect(rowsFor({ role: "consultant", consultantId: "c-01" })).toEqual([clear[0], masked[1]])
    expect(rowsFor({ role: "consultant", consultantId: "c-02" })).toEqual([masked[0], clear[1]])
    // a table without a consultant column: the owner given
    const { consultant: _, ...row } = table.rows[0] ?? {}
    const owned = { ...table, rows: [row] }
    expect(
      displayTable(owned, directory, { role: "consultant", consultantId: "c-01" }, { owner: "c-01" }).rows[0]
        ?.phone
    ).toBe("+8613812345678")
    expect(displayTable(owned, directory, { role: "consultant", consultantId: "c-01" }).rows[0]?.phone).toBe(
      "138****5678"
    )
  })

  it("decodes --as and refuses an unmask without a reason", () => {
    expect(parseViewer("consultant:c-01")).toEqual(
      Result.succeed({ role: "consultant", consultantId: "c-01" })
    )
    expect(parseViewer("supervisor")).toEqual(Result.succeed({ role: "supervisor" }))
    for (const bad of ["boss", "consultant", "consultant:", "supervisor:c-01", ""])
      expect(Result.isFailure(parseViewer(bad)), bad).toBe(true)
    const flags = { viewer: undefined, unmask: true, auditLog: undefined, now: 1 }
    expect(Result.isFailure(privacyOf({ ...flags, reason: undefined }))).toBe(true)
    expect(Result.isFailure(privacyOf({ ...flags, reason: "  " }))).toBe(true)
    const ok = privacyOf({ ...flags, reason: "month-end review" })
    expect(Result.isSuccess(ok) && ok.success).toMatchObject({
      viewer: { role: "system" },
      unmask: { reason: "month-end review", at: 1 }
    })
  })
})

describe("import vocabulary", () => {
  it("takes the codes, the zh-CN and en labels and the dealers' words", () => {
    const code = <V extends string>(vocab: Parameters<typeof codeOf<V>>[0], text: string) =>
      Result.getOrUndefined(codeOf(vocab, text))
    expect(["walkIn", "来店", "Walk-in", "walk-in", "到店"].map((t) => code(SOURCES, t))).toEqual(
      Array(5).fill("walkIn")
    )
    expect(code(SOURCES, "来电")).toBe("phoneIn")
    expect(["转介绍", "介绍", "客户介绍", "referral"].map((t) => code(SOURCES, t))).toEqual(
      Array(4).fill("referral")
    )
    expect(code(SOURCES, "外拓")).toBe("outbound")
    expect(code(SOURCES, "扫街")).toBe("outbound")
    expect(code(INTENTS, "潜在型")).toBe("latent")
    expect(code(CHANNELS, "微信")).toBe("wechat")
    expect(code(OUTCOMES, "未联系上")).toBe("notReached")
    const bad = codeOf(SOURCES, "电视")
    expect(Result.isFailure(bad) && bad.failure).toMatch(
      /^source: "电视" is not one of walkIn \(来店\), phoneIn \(来电\)/
    )
  })
})
