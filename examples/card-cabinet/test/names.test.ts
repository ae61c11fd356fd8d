// What a tile shows of a phone: the middle digits masked, for any number the card holds.
import { describe, expect, it } from "vitest"
import { maskPhone } from "../src/names.js"

describe("maskPhone", () => {
  it("masks a mainland mobile as people write it", () => {
    expect(maskPhone("+8613812345678")).toBe("138****5678")
    expect(maskPhone("13812345678")).toBe("138****5678")
  })
  it("masks a number from elsewhere too (a Hong Kong customer's was shown whole)", () => {
    const shown = maskPhone("+85291234567")
    expect(shown).not.toContain("9123")
    expect(shown.endsWith("4567")).toBe(true)
  })
  it("shows a dash without a phone", () => {
    expect(maskPhone(undefined)).toBe("—")
  })
})
