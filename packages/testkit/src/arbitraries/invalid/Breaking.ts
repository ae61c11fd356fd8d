/**
 * How an invalid value is made from a valid one (not exported from the package): the `Broken`
 * record, one field set to a bad value at a dotted path, an own `__proto__` key, or the whole value
 * replaced by a non-object; and the bad values every kind of command shares.
 *
 * @module
 */

import * as fc from "fast-check"
import { notAnObject } from "./Kernel.js"

/**
 * A broken value and where it was broken (`path`: the dotted path a decoder's issue should name,
 * `""` for the value as a whole).
 *
 * @example
 * ```ts
 * import type { Broken } from "@jipan/testkit"
 * const b: Broken = { value: { at: 2e15 }, path: "at", why: "instant out of range" }
 * ```
 */
export interface Broken {
  readonly value: unknown
  readonly path: string
  readonly why: string
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** Sets a dotted path of a JSON copy of `value` (creating nothing: the path must exist up to its last key). */
const setPath = (value: unknown, path: string, to: unknown): unknown => {
  const copy = json(value) as Record<string, unknown>
  const keys = path.split(".")
  let at: Record<string, unknown> = copy
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>
  const last = keys[keys.length - 1] as string
  if (to === REMOVE) delete at[last]
  else Object.defineProperty(at, last, { value: to, enumerable: true, writable: true, configurable: true })
  return copy
}
export const REMOVE = Symbol("remove")

/** A JSON object with an own `__proto__` key, as `JSON.parse` makes it (not a prototype change). */
const withProtoKey = (value: unknown): unknown => {
  const copy = json(value) as Record<string, unknown>
  // on a list, the key goes on its first element (a list's own keys are not its items)
  const target = (Array.isArray(copy) ? copy[0] : copy) as Record<string, unknown>
  Object.defineProperty(target, "__proto__", {
    value: { polluted: true },
    enumerable: true,
    writable: true,
    configurable: true
  })
  return copy
}

/** Breaks one of `cases` on a valid value, or replaces the whole value with a non-object. */
export const breaking = <A>(
  valid: fc.Arbitrary<A>,
  cases: (a: A) => ReadonlyArray<readonly [path: string, bad: fc.Arbitrary<unknown>, why: string]>,
  options: { readonly list?: boolean } = {}
): fc.Arbitrary<Broken> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: valid.chain((a) => {
        const options = cases(a)
        return fc.integer({ min: 0, max: options.length - 1 }).chain((i) => {
          const [path, bad, why] = options[i] as readonly [string, fc.Arbitrary<unknown>, string]
          return bad.map((b): Broken => ({ value: setPath(a, path, b), path, why: `${why}: ${show(b)}` }))
        })
      })
    },
    {
      weight: 1,
      arbitrary: valid.map(
        (a): Broken => ({ value: withProtoKey(a), path: "__proto__", why: "an own __proto__ key" })
      )
    },
    {
      weight: 1,
      arbitrary: notAnObject
        // an empty list is a valid list
        .filter((v) => !(options.list === true && Array.isArray(v) && v.length === 0))
        .map((v): Broken => ({ value: v, path: "", why: `not an object: ${show(v)}` }))
    }
  )

const show = (v: unknown): string => {
  try {
    return typeof v === "number" ? String(v) : (JSON.stringify(v) ?? String(v)).slice(0, 60)
  } catch {
    return String(v)
  }
}

export const bad = {
  role: fc.constantFrom("boss", "", null, 1),
  tag: fc.constantFrom("OpenCardd", "", "__proto__", null, "constructor"),
  text: fc.constantFrom(null, 1, {}, []),
  nonEmpty: fc.constantFrom("", null, 1),
  bool: fc.constantFrom("true", 1, null)
}
