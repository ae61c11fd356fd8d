/**
 * Vehicle identification numbers (车架号 / VIN), checked before a delivery is recorded.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { InvalidInput } from "./Errors.js"

// ISO 3779 transliteration and weights; GB 16735 makes the 9th-position check digit mandatory in
// China. The table is indexed by character code (-1: not allowed in a VIN: I, O, Q, lower case…).
const VALUES = new Int8Array(128).fill(-1)
"0123456789".split("").forEach((c, i) => {
  VALUES[c.charCodeAt(0)] = i
})
"ABCDEFGH".split("").forEach((c, i) => {
  VALUES[c.charCodeAt(0)] = i + 1
})
"JKLMN".split("").forEach((c, i) => {
  VALUES[c.charCodeAt(0)] = i + 1
})
VALUES["P".charCodeAt(0)] = 7
VALUES["R".charCodeAt(0)] = 9
"STUVWXYZ".split("").forEach((c, i) => {
  VALUES[c.charCodeAt(0)] = i + 2
})
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

// One table read per character: value × weight by (position, character code), or a negative far
// beyond any sum for a character not allowed (so one sign check after the loop catches any).
const NOT_ALLOWED = -100_000
const TERMS = new Int32Array(WEIGHTS.length * 128).fill(NOT_ALLOWED)
WEIGHTS.forEach((weight, i) => {
  VALUES.forEach((value, code) => {
    if (value !== -1) TERMS[i * 128 + code] = value * weight
  })
})

const vinProblem = (vin: string): string | undefined => {
  if (vin.length !== 17) return `a VIN has 17 characters, not ${vin.length}`
  let sum = 0
  let codes = 0
  for (let i = 0; i < 17; i++) {
    const code = vin.charCodeAt(i)
    codes |= code // above 127 at the end: some character is not ASCII
    sum += TERMS[i * 128 + (code & 127)] as number
  }
  if (sum < 0 || codes > 127) return "a VIN uses digits and capital letters except I, O and Q"
  const remainder = sum % 11
  if (vin.charCodeAt(8) !== (remainder === 10 ? 88 : 48 + remainder)) {
    return `the check digit (9th character) should be ${remainder === 10 ? "X" : remainder}, not ${vin.charAt(8)}`
  }
  return undefined
}

/**
 * A vehicle identification number (车架号): 17 characters, no I/O/Q, with a valid check digit.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Vin } from "@jipan/core"
 * Schema.is(Vin)("LVGBE40K08G000003") // true
 * ```
 */
export const Vin = Schema.String.check(
  Schema.makeFilter((s: string) => vinProblem(s) === undefined, {
    expected: "a 17-character VIN with a valid check digit"
  })
).pipe(Schema.brand("Vin"))
/** @see {@link Vin} */
export type Vin = typeof Vin.Type

/**
 * Checks a typed VIN (spaces removed, upper-cased), saying what is wrong when it is not one.
 *
 * @example
 * ```ts
 * import { parseVin } from "@jipan/core"
 * parseVin("lvgbe40k08g000003") // Success("LVGBE40K08G000003")
 * parseVin("LVGBE40K18G000003")._tag // "Failure": wrong check digit
 * ```
 */
export const parseVin = (input: string): Result.Result<Vin, InvalidInput> => {
  // A valid VIN as typed is the common case: checked as it is, no pattern test (a valid one has
  // only digits and capitals, so it needs no normalising).
  if (vinProblem(input) === undefined) return Result.succeed(input as Vin)
  // people type VINs with spaces and in lower case; normalise only when needed
  const vin = /^[0-9A-Z]{17}$/.test(input) ? input : input.replace(/\s+/g, "").toUpperCase()
  const problem = vinProblem(vin)
  if (problem === undefined) return Result.succeed(vin as Vin)
  const message = `"${input}" is not a valid VIN (车架号): ${problem}`
  return Result.fail(new InvalidInput({ what: "Vin", issues: [{ path: "", message }], message }))
}
