/**
 * Phone numbers, normalised to E.164 so that one person is one number whatever way it was typed.
 *
 * @module
 */
import { Result, Schema, SchemaGetter } from "effect"
// The number is the dedupe key, so a 10-digit "mobile" must be refused: full ("max") metadata for
// CN, HK, MO and TW, the lighter "min" for the rest (scripts/phone-metadata.mjs), so that a
// browser's card bundle does not carry every country's number types.
import { type CountryCode, parsePhoneNumberFromString as parseWith } from "libphonenumber-js/core"
import { InvalidInput } from "./Errors.js"
import { phoneMetadata } from "./internal/phoneMetadata.js"
import { BoundedCache } from "./Memo.js"
import { maskPhone } from "./PhoneMask.js"

const parsePhoneNumberFromString = (text: string, defaultCountry?: CountryCode) =>
  parseWith(text, defaultCountry === undefined ? {} : { defaultCountry }, phoneMetadata)

/**
 * A phone number in E.164 form (`+8613812345678`): the key for "already has a card" and for
 * referral checks.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { PhoneNumber } from "@jipan/core"
 * Schema.is(PhoneNumber)("+8613812345678") // true
 * ```
 */
export const PhoneNumber = Schema.String.check(
  // an erased person's phone is the marker (never a number: no country code starts with 0)
  Schema.makeFilter((s: string) => s === ERASED_PHONE_TEXT || isE164Valid(s), {
    expected: "a valid phone number, e.g. 138 1234 5678 or +86 138-1234-5678"
  })
).pipe(Schema.brand("PhoneNumber"))
/** @see {@link PhoneNumber} */
export type PhoneNumber = typeof PhoneNumber.Type

const ERASED_PHONE_TEXT = "+0"

/**
 * What an erasure (个人信息删除) leaves where a phone was: `+0`, which no real number can be (no
 * country code starts with 0), so stored rows still decode and no lookup ever matches it. A
 * command that gives it as a customer's phone is refused.
 *
 * @example
 * ```ts
 * import { ERASED_PHONE, isErasedPhone } from "@jipan/core"
 * isErasedPhone(ERASED_PHONE) // true
 * ```
 */
export const ERASED_PHONE = ERASED_PHONE_TEXT as PhoneNumber

/**
 * Whether a phone is the erasure marker {@link ERASED_PHONE}.
 *
 * @example
 * ```ts
 * import { isErasedPhone } from "@jipan/core"
 * isErasedPhone("+8613812345678") // false
 * ```
 */
export const isErasedPhone = (phone: string): boolean => phone === ERASED_PHONE_TEXT

// Validating against libphonenumber's metadata costs 15–40 µs, and every stored row a store
// reads decodes its phone again (a work list of 50 cards: over a millisecond); the answer for a
// string never changes, so recent answers are kept (bounded: the cache starts over when full).
const validated = new BoundedCache<string, boolean>(100_000)

const isE164Valid = (s: string): boolean => {
  const known = validated.get(s)
  if (known !== undefined) return known
  if (!/^\+[1-9]\d{6,14}$/.test(s)) return false
  const parsed = parsePhoneNumberFromString(s)
  const valid = parsed?.isValid() === true && parsed.number === s
  return validated.set(s, valid)
}

// What a typed number normalises to (for the default country CN, as every command decodes it):
// a caller sends the same customer's number again and again, and parsing it costs 15–40 µs.
const normalisedCN = new BoundedCache<string, string>(100_000)

const normaliseOrKeep = (input: string, defaultCountry: CountryCode): string => {
  const known = defaultCountry === "CN" ? normalisedCN.get(input) : undefined
  if (known !== undefined) return known
  const trimmed = input.trim()
  // already E.164 and valid (the number a DMS stores and sends back): parsing it again with a
  // default country gives the same number (a leading + names its own country), so keep it — one
  // parse instead of two, and the PhoneNumber check that follows finds it validated
  const normalised =
    trimmed.charCodeAt(0) === 43 /* + */ && isE164Valid(trimmed)
      ? trimmed
      : parseOrKeep(input, trimmed, defaultCountry)
  return defaultCountry === "CN" ? normalisedCN.set(input, normalised) : normalised
}

const parseOrKeep = (input: string, trimmed: string, defaultCountry: CountryCode): string => {
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry)
  return parsed?.isValid() ? parsed.number : input
}

/**
 * A phone number as people type it (`138 1234 5678`, `+86 138-1234-5678`, `0086…`), decoded to
 * its E.164 {@link PhoneNumber}. Numbers without a country code are read as Chinese.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { PhoneNumberFromInput } from "@jipan/core"
 * Schema.decodeUnknownSync(PhoneNumberFromInput)("138-1234-5678") // "+8613812345678"
 * ```
 */
export const PhoneNumberFromInput = Schema.String.check(
  // the erasure marker decodes where it is stored, never as a phone someone types
  Schema.makeFilter((s: string) => s.trim() !== ERASED_PHONE_TEXT, {
    expected: "a phone number (+0 marks an erased one)"
  })
).pipe(
  Schema.decodeTo(PhoneNumber, {
    decode: SchemaGetter.transform((s: string) => normaliseOrKeep(s, "CN")),
    encode: SchemaGetter.transform((s: string) => s)
  })
)

/**
 * Normalises a typed phone number to E.164, or says why it cannot.
 *
 * @param defaultCountry the country assumed when the number has no country code (default `CN`)
 * @example
 * ```ts
 * import { normalisePhone } from "@jipan/core"
 * normalisePhone("+86 138 1234 5678") // Success("+8613812345678")
 * normalisePhone("12345")._tag       // "Failure"
 * ```
 */
export const normalisePhone = (
  input: string,
  defaultCountry: CountryCode = "CN"
): Result.Result<PhoneNumber, InvalidInput> => {
  const normalised = normaliseOrKeep(input, defaultCountry)
  if (isE164Valid(normalised)) return Result.succeed(normalised as PhoneNumber)
  // masked: an error's message reaches logs and spans, which never hold a phone
  const message = `"${maskPhone(input)}" is not a valid phone number`
  return Result.fail(new InvalidInput({ what: "PhoneNumber", issues: [{ path: "", message }], message }))
}
