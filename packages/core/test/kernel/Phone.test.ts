import { readFileSync } from "node:fs"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { parsePhoneNumberFromString as parseWith } from "libphonenumber-js/core"
import { describe, expect, it } from "vitest"
import { normalisePhone, PhoneNumber, PhoneNumberFromInput } from "../../src/index.js"
import { phoneMetadata } from "../../src/kernel/internal/phoneMetadata.js"

describe("phone numbers", () => {
  it.each([
    ["13812345678", "+8613812345678"],
    ["138 1234 5678", "+8613812345678"],
    ["138-1234-5678", "+8613812345678"],
    ["+86 138 1234 5678", "+8613812345678"],
    ["+86-138-1234-5678", "+8613812345678"],
    ["0086 13812345678", "+8613812345678"],
    ["  (+86) 13812345678 ", "+8613812345678"],
    ["+85291234567", "+85291234567"]
  ])("normalises %s to %s", (input, expected) => {
    expect(normalisePhone(input)).toEqual(Result.succeed(expected))
    expect(Schema.decodeUnknownSync(PhoneNumberFromInput)(input)).toBe(expected)
  })

  it.each(["12345", "not a phone", "", "+86 123", "1381234567"])("rejects %j with a typed error", (input) => {
    const r = normalisePhone(input)
    expect(Result.isFailure(r)).toBe(true)
    if (Result.isFailure(r)) {
      expect(r.failure._tag).toBe("InvalidInput")
      expect(r.failure.message).toContain("not a valid phone number")
    }
  })

  it("accepts only E.164 as a stored PhoneNumber", () => {
    expect(Schema.is(PhoneNumber)("+8613812345678")).toBe(true)
    expect(Schema.is(PhoneNumber)("13812345678")).toBe(false)
  })

  it("property: a number already in E.164 decodes as parsing it with the default country does (the fast path)", () => {
    // the decode keeps a valid E.164 number as it is instead of parsing it again with CN as the
    // default country; the answer must be the parse's, for numbers of any country, valid or not
    const parse = (s: string) => {
      const parsed = parseWith(s.trim(), { defaultCountry: "CN" }, phoneMetadata)
      return parsed?.isValid() ? parsed.number : s
    }
    const decode = Schema.decodeUnknownResult(PhoneNumberFromInput)
    fc.assert(
      fc.property(
        fc.constantFrom("+86", "+852", "+853", "+886", "+1", "+44", "+81", "+7", "+683", "+8"),
        fc.oneof(
          fc.stringMatching(/^[0-9]{3,12}$/),
          fc.stringMatching(/^1[3-9][0-9]{9}$/), // a mainland mobile's digits
          fc.stringMatching(/^[2-9][0-9]{6,9}$/) // a Hong Kong, Macau, Taiwan or other country's
        ),
        fc.constantFrom("", " "),
        fc.boolean(),
        (code, rest, pad, twice) => {
          const input = `${pad}${code}${rest}${pad}`
          const expected = parse(input)
          for (let k = 0; k < (twice ? 2 : 1); k++) {
            const r = decode(input)
            const valid = Result.isSuccess(Schema.decodeUnknownResult(PhoneNumber)(expected))
            expect(Result.isSuccess(r)).toBe(valid)
            if (Result.isSuccess(r)) expect(r.success).toBe(expected)
          }
        }
      ),
      { numRuns: 3_000 }
    )
  })

  it("property: every spelling of one mobile number normalises to the same E.164", () => {
    const separators = fc.constantFrom("", " ", "-")
    fc.assert(
      fc.property(
        fc.constantFrom("130", "135", "138", "150", "186", "199"),
        fc.integer({ min: 0, max: 99_999_999 }),
        separators,
        fc.constantFrom("", "+86", "+86 ", "0086"),
        (prefix, rest, sep, country) => {
          const digits = String(rest).padStart(8, "0")
          const typed = `${country}${prefix}${sep}${digits.slice(0, 4)}${sep}${digits.slice(4)}`
          const r = normalisePhone(typed)
          return Result.isSuccess(r) && r.success === `+86${prefix}${digits}`
        }
      )
    )
  })
})

describe("the phone metadata", () => {
  it("is what scripts/phone-metadata.mjs writes from the installed libphonenumber-js", async () => {
    const script = new URL("../../../../scripts/phone-metadata.mjs", import.meta.url).href
    const { moduleText } = (await import(script)) as { moduleText: () => string }
    const file = readFileSync(new URL("../../src/kernel/internal/phoneMetadata.ts", import.meta.url), "utf8")
    expect(file).toBe(moduleText())
  })

  it.each([
    ["+861381234567", false], // a "mobile" one digit short: refused under CN's full metadata
    ["+86138123456789", false],
    ["+861012345678", true], // a Beijing landline
    ["+85291234567", true],
    ["+447911123456", true], // other countries: lengths and leading digits
    ["+4479111234", false]
  ])("says %s is %s", (phone, valid) => {
    expect(Schema.is(PhoneNumber)(phone)).toBe(valid)
  })
})
