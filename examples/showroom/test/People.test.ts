import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { CHANNELS, codeOf, INTENTS, OUTCOMES, SOURCES } from "../src/Import.js"
import { displayTable, maskPhone, maskPhonesIn, nameGenerator, nameOf } from "../src/People.js"
import { makePrng } from "../src/Prng.js"

describe("People", () => {
  it("masks mobile numbers, normalised or typed, and leaves other numbers alone", () => {
    expect(maskPhone("+8613812345678")).toBe("138****5678")
    expect(maskPhone("138 1234 5678")).toBe("138****5678")
    expect(maskPhonesIn("+8613812345678 already has a card")).toBe("138****5678 already has a card")
    expect(maskPhonesIn("call +86 139-8765-4321 today")).toBe("call 139****4321 today")
    for (const text of ["LSGUA8457TS000111", "visit-00399", "2026-03-30", "card-0001", "12345678901234"])
      expect(maskPhonesIn(text)).toBe(text)
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

  it("prints names for ids and masks phones in any report table", () => {
    const directory = { consultants: { "c-01": "陈静" }, customers: { "cust-0001": "王芳" } }
    expect(nameOf(directory, "c-02")).toBe("c-02")
    const table = displayTable(
      {
        id: "t",
        title: { "zh-CN": "管制表 c-01", en: "Control c-01" },
        columns: [],
        rows: [{ consultant: "c-01", customer: "cust-0001", phone: "+8613812345678", n: 3, none: null }]
      },
      directory
    )
    expect(table.title["zh-CN"]).toBe("管制表 陈静")
    expect(table.rows[0]).toEqual({
      consultant: "陈静",
      customer: "王芳",
      phone: "138****5678",
      n: 3,
      none: null
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
