/**
 * Free text from people (notes, reasons, names, labels): bounded, and only what every store can
 * hold. PostgreSQL refuses a NUL character in `text` and `jsonb`, and `jsonb` refuses a lone
 * UTF-16 surrogate, so such a string is refused here, at the boundary, instead of failing the
 * store's write (a `StoreError` that would read like an outage).
 *
 * @module
 */
import { Schema } from "effect"

/**
 * The longest free text Jipan accepts, in UTF-16 code units.
 *
 * @example
 * ```ts
 * import { TEXT_MAX_LENGTH } from "@jipan/core"
 * TEXT_MAX_LENGTH // 2000
 * ```
 */
export const TEXT_MAX_LENGTH = 2000

const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed: () => boolean }).isWellFormed()

/**
 * Whether `s` can be stored: no NUL character and no lone surrogate. Other control characters
 * (new lines in a note) are kept.
 *
 * @example
 * ```ts
 * import { isStorableText } from "@jipan/core"
 * isStorableText("客户说下周再来") // true
 * isStorableText("a\u0000b") // false
 * ```
 */
export const isStorableText = (s: string): boolean => s.indexOf("\u0000") === -1 && wellFormed(s)

/**
 * Free text (自由文本) of up to {@link TEXT_MAX_LENGTH} characters that every store can hold.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Text } from "@jipan/core"
 * Schema.is(Text)("客户说下周再来") // true
 * Schema.is(Text)("\ud800") // false: a lone surrogate
 * ```
 */
export const Text = Schema.String.check(
  Schema.makeFilter((s: string) => s.length <= TEXT_MAX_LENGTH && isStorableText(s), {
    expected: `text of at most ${TEXT_MAX_LENGTH} characters without NUL or lone surrogates`
  })
)

/**
 * {@link Text} that is not empty.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { NonEmptyText } from "@jipan/core"
 * Schema.is(NonEmptyText)("") // false
 * ```
 */
export const NonEmptyText = Schema.String.check(
  Schema.makeFilter((s: string) => s.length >= 1 && s.length <= TEXT_MAX_LENGTH && isStorableText(s), {
    expected: `non-empty text of at most ${TEXT_MAX_LENGTH} characters without NUL or lone surrogates`
  })
)
