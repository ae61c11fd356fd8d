// The id checks read strings in place; they accept exactly what their patterns describe.
import { Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CardId, GradeId, IdString } from "../../src/index.js"

const idLike = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.string({ unit: "binary", maxLength: 70 }),
  fc.stringMatching(/^[A-Z][A-Z0-9]{0,4}$/),
  fc.constantFrom("", " ", "a b", "\u3000", "x\u00a0", "card-1", "H", "A1", "O", "h", "1A", "ABCD", "ABCDE")
)

// a lone surrogate makes encodeURIComponent throw: an independent check of well-formedness
const encodeURIComponentOk = (s: string): boolean => {
  try {
    encodeURIComponent(s)
    return true
  } catch {
    return false
  }
}

describe("ids", () => {
  it("an id is 1 to 64 characters without whitespace, control characters or lone surrogates", () => {
    fc.assert(
      fc.property(idLike, (s) => {
        const expected =
          s.length >= 1 &&
          s.length <= 64 &&
          /^\S+$/.test(s) &&
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters an id refuses
          !/[\u0000-\u001f\u007f]/.test(s) &&
          encodeURIComponentOk(s)
        expect(Schema.is(IdString)(s)).toBe(expected)
        expect(Schema.is(CardId)(s)).toBe(expected)
      }),
      { numRuns: 3000 }
    )
  })

  it("a grade id is a capital letter and up to three capitals or digits", () => {
    fc.assert(
      fc.property(idLike, (s) => {
        expect(Schema.is(GradeId)(s)).toBe(/^[A-Z][A-Z0-9]{0,3}$/.test(s))
      }),
      { numRuns: 3000 }
    )
    expect(Schema.decodeUnknownResult(GradeId)("h")._tag).toBe("Failure")
  })
})
