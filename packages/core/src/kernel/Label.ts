/**
 * User-facing labels. Every enum a person sees carries its text in zh-CN and en.
 *
 * @module
 */
import { Schema } from "effect"
import { NonEmptyText } from "./Text.js"

/**
 * The locales Jipan ships labels for.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Locale } from "@jipan/core"
 * Schema.is(Locale)("zh-CN") // true
 * ```
 */
export const Locale = Schema.Literals(["zh-CN", "en"])
/** @see {@link Locale} */
export type Locale = typeof Locale.Type

/**
 * A label in every shipped locale.
 *
 * @example
 * ```ts
 * import type { Label } from "@jipan/core"
 * const walkIn: Label = { "zh-CN": "来店", en: "Walk-in" }
 * ```
 */
export const Label = Schema.Struct({
  "zh-CN": NonEmptyText,
  en: NonEmptyText
})
/** @see {@link Label} */
export type Label = typeof Label.Type

/**
 * A closed set of values, each with its labels, as one Schema plus lookup helpers.
 * Built by {@link defineEnum}.
 */
export interface LabelledEnum<V extends string> {
  /** The Schema that accepts exactly these values. */
  readonly schema: Schema.Literals<ReadonlyArray<V>>
  /** The values in their defined order. */
  readonly values: ReadonlyArray<V>
  /** The labels of every value. */
  readonly labels: Readonly<Record<V, Label>>
  /** The label of one value in one locale. */
  readonly label: (value: V, locale: Locale) => string
}

/**
 * Defines a labelled enum from a record of value → label (the record's order is the enum's order).
 *
 * @example
 * ```ts
 * import { defineEnum } from "@jipan/core"
 * const Channel = defineEnum({ call: { "zh-CN": "电话", en: "Phone call" } })
 * Channel.label("call", "zh-CN") // "电话"
 * ```
 */
export const defineEnum = <const V extends string>(labels: Readonly<Record<V, Label>>): LabelledEnum<V> => {
  const values = Object.keys(labels) as Array<V>
  return {
    schema: Schema.Literals(values),
    values,
    labels,
    label: (value, locale) => labels[value][locale]
  }
}
