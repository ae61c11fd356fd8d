/**
 * Worksheet names that Excel accepts, made from table titles: at most 31 characters, none of
 * `\ / ? * [ ] :`, not starting or ending with an apostrophe, not the reserved `History`, and
 * unique in the workbook ignoring case (Excel compares sheet names case-insensitively).
 *
 * @module
 */

const MAX = 31
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const forbidden = /[\\/?*[\]:\u0000-\u001f\u007f]/g

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair (an emoji, a rare CJK). */
const cut = (s: string, max: number): string => {
  if (s.length <= max) return s
  const high = s.charCodeAt(max - 1)
  return s.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max)
}

/**
 * One title made a valid sheet name on its own (not yet unique): forbidden characters become
 * `_`, apostrophes and blanks at either end go, the reserved `History` gets a `_`, an empty
 * result falls back to `fallback`, and the whole is cut to 31 characters.
 *
 * @example
 * ```ts
 * import { cleanSheetName } from "@jipan/export"
 * cleanSheetName("Daily report: 2026/03/31", "Sheet") // "Daily report_ 2026_03_31"
 * ```
 */
export const cleanSheetName = (title: string, fallback: string): string => {
  const trim = (s: string) => s.replace(/^[\s']+|[\s']+$/g, "")
  let name = trim(cut(trim(title.replace(forbidden, "_")), MAX))
  if (name === "") name = trim(cut(trim(fallback.replace(forbidden, "_")), MAX)) || "Sheet"
  if (name.toLowerCase() === "history") name = `${name}_`
  return name
}

/**
 * Sheet names for a list of titles, in order: each cleaned by {@link cleanSheetName}, and a
 * name already taken (ignoring case) gets ` (2)`, ` (3)`… with the base cut so the whole stays
 * within 31 characters.
 *
 * @example
 * ```ts
 * import { sheetNames } from "@jipan/export"
 * sheetNames(["营业日报表", "营业日报表", ""]) // ["营业日报表", "营业日报表 (2)", "Sheet3"]
 * ```
 */
export const sheetNames = (titles: ReadonlyArray<string>): Array<string> => {
  const taken = new Set<string>()
  return titles.map((title, i) => {
    const base = cleanSheetName(title, `Sheet${i + 1}`)
    let name = base
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`
      name = `${cut(base, MAX - suffix.length).replace(/[\s']+$/, "")}${suffix}`
    }
    taken.add(name.toLowerCase())
    return name
  })
}
