import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { PhoneFormat } from "../src/index.js"

describe("phone numbers", () => {
  it("typed numbers become E.164; invalid ones are undefined", () => {
    expect(PhoneFormat.toE164("138 1234 5678")).toBe("+8613812345678")
    expect(PhoneFormat.toE164("+86 138-1234-5678")).toBe("+8613812345678")
    expect(PhoneFormat.toE164("0086 13812345678")).toBe("+8613812345678")
    expect(PhoneFormat.toE164("+852 9123 4567")).toBe("+85291234567")
    expect(PhoneFormat.toE164("12345")).toBeUndefined()
  })

  it("Tencent gets E.164, Alibaba the national number for CN and country code + number elsewhere", () => {
    expect(PhoneFormat.toProvider("tencent", "+8613812345678")).toBe("+8613812345678")
    expect(PhoneFormat.toProvider("aliyun", "+8613812345678")).toBe("13812345678")
    expect(PhoneFormat.toProvider("aliyun", "+85291234567")).toBe("85291234567")
    expect(PhoneFormat.fromProvider("tencent", "13812345678", "86")).toBe("+8613812345678")
  })

  const cnMobile = fc
    .tuple(fc.constantFrom("13", "15", "17", "18", "19"), fc.stringMatching(/^\d{9}$/))
    .map(([a, b]) => `+86${a}${b}`)
  const elsewhere = fc
    .tuple(fc.constantFrom("852", "853", "886", "65", "44", "49"), fc.stringMatching(/^[2-9]\d{7}$/))
    .map(([cc, n]) => `+${cc}${n}`)

  it("property: E.164 → provider form → E.164 round-trips (CN mobiles and other countries)", () => {
    fc.assert(
      fc.property(
        fc.oneof(cnMobile, elsewhere),
        fc.constantFrom("aliyun" as const, "tencent" as const),
        (n, p) => {
          expect(PhoneFormat.fromProvider(p, PhoneFormat.toProvider(p, n))).toBe(n)
        }
      )
    )
  })

  it("property: Tencent receipts (nationcode + mobile) round-trip", () => {
    fc.assert(
      fc.property(cnMobile, (n) => {
        expect(PhoneFormat.fromProvider("tencent", n.slice(3), "86")).toBe(n)
      })
    )
  })

  it("property: a valid E.164 number normalises to itself", () => {
    fc.assert(
      fc.property(cnMobile, (n) => {
        const e164 = PhoneFormat.toE164(n)
        if (e164 !== undefined) expect(PhoneFormat.toE164(e164)).toBe(e164)
      })
    )
  })
})
