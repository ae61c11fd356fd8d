/**
 * Decision tables (决策表), in the style of DMN and GoRules ZEN: named inputs, rows with stable ids
 * and descriptions, one condition per input (a missing condition matches anything), outputs, and a
 * hit policy. Tables are versioned and effective-dated data inside a policy; evaluation is pure
 * and returns the trace (rows fired, inputs read, table and policy version). A missing input or no
 * matching row is an error value, never a silent default. {@link checkDecisionTable} finds gaps,
 * overlaps, shadowed rows and a missing default row before a table is used.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { CalendarDate } from "./CalendarDate.js"
import { defineEnum } from "./Label.js"
import { NonEmptyText, Text } from "./Text.js"

const Id = Schema.String.check(Schema.isPattern(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

/**
 * A value a table reads or writes: a string, a finite number or a boolean.
 *
 * @example
 * ```ts
 * import type { Scalar } from "@jipan/core"
 * const v: Scalar = "retail"
 * ```
 */
export const Scalar = Schema.Union([Text, Schema.Finite, Schema.Boolean])
/** @see {@link Scalar} */
export type Scalar = typeof Scalar.Type

/**
 * The kind of an input or output column. Numbers in tables are integers (counts, days, fen), which
 * keeps the gap analysis exact.
 *
 * @example
 * ```ts
 * import { ColumnKind } from "@jipan/core"
 * ColumnKind.label("integer", "zh-CN") // "整数"
 * ```
 */
export const ColumnKind = /* @__PURE__ */ defineEnum({
  integer: { "zh-CN": "整数", en: "Integer" },
  string: { "zh-CN": "文本", en: "Text" },
  boolean: { "zh-CN": "是/否", en: "Yes/no" }
})
/** @see {@link ColumnKind} */
export type ColumnKind = (typeof ColumnKind.values)[number]

/**
 * An input column. A text input may list its `values` (then the gap analysis knows every case);
 * an integer input may bound its domain with `min`/`max` (inclusive).
 *
 * @example
 * ```ts
 * import type { DecisionInput } from "@jipan/core"
 * const input: DecisionInput = { id: "auditedReferrals", kind: "integer", min: 0 }
 * ```
 */
export const DecisionInput = Schema.Struct({
  id: Id,
  kind: ColumnKind.schema,
  values: Schema.optionalKey(Schema.NonEmptyArray(Text)),
  min: Schema.optionalKey(Schema.Int),
  max: Schema.optionalKey(Schema.Int)
})
/** @see {@link DecisionInput} */
export type DecisionInput = typeof DecisionInput.Type

/**
 * An output column.
 *
 * @example
 * ```ts
 * import type { DecisionOutput } from "@jipan/core"
 * const output: DecisionOutput = { id: "amountFen", kind: "integer" }
 * ```
 */
export const DecisionOutput = Schema.Struct({ id: Id, kind: ColumnKind.schema })
/** @see {@link DecisionOutput} */
export type DecisionOutput = typeof DecisionOutput.Type

/**
 * One cell of a row: `any` (the empty cell), `eq` a value, `in` a list of texts, or `between`
 * two integers (inclusive, either end open).
 *
 * @example
 * ```ts
 * import type { Condition } from "@jipan/core"
 * const atLeastOne: Condition = { op: "between", min: 1 }
 * ```
 */
export const Condition = Schema.Union([
  Schema.Struct({ op: Schema.Literal("any") }),
  Schema.Struct({ op: Schema.Literal("eq"), value: Scalar }),
  Schema.Struct({ op: Schema.Literal("in"), values: Schema.NonEmptyArray(Text) }),
  Schema.Struct({
    op: Schema.Literal("between"),
    min: Schema.optionalKey(Schema.Int),
    max: Schema.optionalKey(Schema.Int)
  })
])
/** @see {@link Condition} */
export type Condition = typeof Condition.Type

/**
 * A row (rule) of a table: a stable id (cited in every trace), a description for people, the
 * conditions by input id, and the outputs by output id.
 *
 * @example
 * ```ts
 * import type { DecisionRow } from "@jipan/core"
 * const row: DecisionRow = { id: "yty.bonus", description: "Bonus per audited referral",
 *   when: { auditedReferrals: { op: "between", min: 1 } }, result: { amountFen: 5000, per: "referral" } }
 * ```
 */
export const DecisionRow = Schema.Struct({
  id: Id,
  description: NonEmptyText,
  when: Schema.Record(Text, Condition),
  result: Schema.Record(Text, Scalar)
})
/** @see {@link DecisionRow} */
export type DecisionRow = typeof DecisionRow.Type

/**
 * How rows combine: `first` (the first matching row, in order), `unique` (exactly one row may
 * match), `collect` (every matching row, in order) and `collectSum` (every matching row, integer
 * outputs summed).
 *
 * @example
 * ```ts
 * import { HitPolicy } from "@jipan/core"
 * HitPolicy.label("collectSum", "en") // "Collect (sum)"
 * ```
 */
export const HitPolicy = /* @__PURE__ */ defineEnum({
  first: { "zh-CN": "首条命中", en: "First" },
  unique: { "zh-CN": "唯一命中", en: "Unique" },
  collect: { "zh-CN": "全部命中", en: "Collect" },
  collectSum: { "zh-CN": "全部命中(求和)", en: "Collect (sum)" }
})
/** @see {@link HitPolicy} */
export type HitPolicy = (typeof HitPolicy.values)[number]

/**
 * A decision table in one version, in force from `effectiveFrom` to `effectiveTo` (inclusive; open
 * when absent).
 *
 * @example
 * ```ts
 * import { defaultPolicy } from "@jipan/core"
 * defaultPolicy.referral.tables.map((t) => t.id) // ["referral.referrerReward", "referral.yiTuoYi", …]
 * ```
 */
export const DecisionTable = Schema.Struct({
  id: Id,
  version: PositiveInt,
  effectiveFrom: CalendarDate,
  effectiveTo: Schema.optionalKey(CalendarDate),
  description: NonEmptyText,
  hitPolicy: HitPolicy.schema,
  inputs: Schema.Array(DecisionInput),
  outputs: Schema.NonEmptyArray(DecisionOutput),
  rows: Schema.NonEmptyArray(DecisionRow)
})
/** @see {@link DecisionTable} */
export type DecisionTable = typeof DecisionTable.Type

/**
 * Where a table came from: the policy document and version that carried it.
 *
 * @example
 * ```ts
 * import type { TableSource } from "@jipan/core"
 * const s = { policyId: "grp-east", version: 3 } as TableSource
 * ```
 */
export interface TableSource {
  readonly policyId: string
  readonly version: number
}

/**
 * One row that fired, with the outputs it gave.
 *
 * @example
 * ```ts
 * import type { FiredRow } from "@jipan/core"
 * const f: FiredRow = { rowId: "cvp.retail", description: "…", outputs: { bonusFen: 3000 } }
 * ```
 */
export interface FiredRow {
  readonly rowId: string
  readonly description: string
  readonly outputs: Readonly<Record<string, Scalar>>
}

/**
 * The trace of one evaluation: which table (id and version) from which policy version, the hit
 * policy, every input read with its value, the rows that fired, and the result: one output record
 * for `first`, `unique` and `collectSum`, one per fired row for `collect`.
 *
 * @example
 * ```ts
 * import { evaluateTable, DecisionTable, type TableSource } from "@jipan/core"
 * declare const table: DecisionTable, source: TableSource // a policy's table and where it came from
 * const r = evaluateTable(table, { auditedReferrals: 2 }, source)
 * if (r._tag === "Success") r.success.fired.map((f) => f.rowId) // ["yty.bonus"]
 * ```
 */
export interface TableDecision {
  readonly tableId: string
  readonly tableVersion: number
  readonly policy: TableSource
  readonly hitPolicy: HitPolicy
  readonly inputsRead: Readonly<Record<string, Scalar>>
  readonly fired: ReadonlyArray<FiredRow>
  readonly outputs: ReadonlyArray<Readonly<Record<string, Scalar>>>
}

/**
 * An input the table needs was not given (or has the wrong kind). Nothing is defaulted.
 *
 * @example
 * ```ts
 * import { evaluateTable, DecisionTable, type TableSource } from "@jipan/core"
 * declare const table: DecisionTable, source: TableSource // a policy's table and where it came from
 * evaluateTable(table, {}, source) // Failure(MissingTableInput { missing: ["auditedReferrals"] })
 * ```
 */
export class MissingTableInput extends Schema.TaggedError<MissingTableInput>()("MissingTableInput", {
  tableId: Schema.String,
  tableVersion: Schema.Number,
  missing: Schema.Array(Schema.String),
  wrongKind: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/**
 * No row of the table matched the inputs (for `unique`: more than one did). The inputs read are
 * carried so the caller can say why.
 *
 * @example
 * ```ts
 * import { evaluateTable, DecisionTable, type TableSource } from "@jipan/core"
 * declare const table: DecisionTable, source: TableSource // a policy's table and where it came from
 * const r = evaluateTable(table, { saleKind: "lease" }, source)
 * r._tag === "Failure" && r.failure._tag // "NoRowMatched"
 * ```
 */
export class NoRowMatched extends Schema.TaggedError<NoRowMatched>()("NoRowMatched", {
  tableId: Schema.String,
  tableVersion: Schema.Number,
  inputsRead: Schema.Record(Schema.String, Scalar),
  /** For `unique`: the rows that matched together. */
  ambiguousRows: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/**
 * No version of the table is in force on the date asked.
 *
 * @example
 * ```ts
 * import { tableInForce, CalendarDate } from "@jipan/core"
 * tableInForce([], "referral.cvp", CalendarDate.make("2026-11-30"))._tag // "Failure"
 * ```
 */
export class NoTableInForce extends Schema.TaggedError<NoTableInForce>()("NoTableInForce", {
  tableId: Schema.String,
  date: CalendarDate,
  message: Schema.String
}) {}

/**
 * Every way evaluating a table can fail.
 *
 * @example
 * ```ts
 * import type { DecisionError } from "@jipan/core"
 * const tag = (e: DecisionError) => e._tag // "MissingTableInput" | "NoRowMatched" | "NoTableInForce"
 * ```
 */
export type DecisionError = MissingTableInput | NoRowMatched | NoTableInForce

/**
 * The version of a table in force on a date: the latest `effectiveFrom` not after the date whose
 * `effectiveTo` (if any) is not before it; the higher version on a tie.
 *
 * @example
 * ```ts
 * import { tableInForce, defaultPolicy, CalendarDate } from "@jipan/core"
 * tableInForce(defaultPolicy.referral.tables, "referral.cvp", CalendarDate.make("2026-11-30"))
 * ```
 */
export const tableInForce = (
  tables: ReadonlyArray<DecisionTable>,
  tableId: string,
  date: CalendarDate
): Result.Result<DecisionTable, NoTableInForce> => {
  let best: DecisionTable | undefined
  for (const t of tables) {
    if (t.id !== tableId || t.effectiveFrom > date) continue
    if (t.effectiveTo !== undefined && t.effectiveTo < date) continue
    if (
      best === undefined ||
      t.effectiveFrom > best.effectiveFrom ||
      (t.effectiveFrom === best.effectiveFrom && t.version > best.version)
    )
      best = t
  }
  return best === undefined
    ? Result.fail(
        new NoTableInForce({
          tableId,
          date,
          message: `No version of table ${tableId} is in force on ${date}`
        })
      )
    : Result.succeed(best)
}

/**
 * Whether one cell matches a value.
 *
 * @example
 * ```ts
 * import { conditionMatches } from "@jipan/core"
 * conditionMatches({ op: "between", min: 1 }, 3) // true
 * ```
 */
export const conditionMatches = (condition: Condition, value: Scalar): boolean => {
  switch (condition.op) {
    case "any":
      return true
    case "eq":
      return value === condition.value
    case "in":
      return typeof value === "string" && condition.values.includes(value)
    case "between":
      return (
        typeof value === "number" &&
        (condition.min === undefined || value >= condition.min) &&
        (condition.max === undefined || value <= condition.max)
      )
  }
}

const kindOf = (v: Scalar): ColumnKind =>
  typeof v === "boolean" ? "boolean" : typeof v === "string" ? "string" : "integer"
const fitsKind = (v: Scalar, kind: ColumnKind): boolean =>
  kind === "integer" ? Number.isInteger(v) : kindOf(v) === kind

const rowMatches = (row: DecisionRow, inputs: Readonly<Record<string, Scalar | undefined>>): boolean => {
  for (const key in row.when) {
    const condition = row.when[key]
    const value = inputs[key]
    if (condition === undefined || condition.op === "any") continue
    if (value === undefined || !conditionMatches(condition, value)) return false
  }
  return true
}

/**
 * Evaluates a table on inputs (by input id) and returns the decision with its trace, or why there
 * is none: a missing or mistyped input, no matching row, or (for `unique`) several. Pure.
 *
 * @example
 * ```ts
 * import { evaluateTable, defaultPolicy, tableInForce, CalendarDate } from "@jipan/core"
 * const t = tableInForce(defaultPolicy.referral.tables, "referral.yiTuoYi", CalendarDate.make("2026-11-30"))
 * if (t._tag === "Success") evaluateTable(t.success, { auditedReferrals: 0 }, defaultPolicy.provenance.referral)
 * // Success: fired ["yty.penalty"], outputs [{ amountFen: -5000, per: "delivery" }]
 * ```
 */
export const evaluateTable = (
  table: DecisionTable,
  inputs: Readonly<Record<string, Scalar | undefined>>,
  source: TableSource
): Result.Result<TableDecision, MissingTableInput | NoRowMatched> => {
  const inputsRead: Record<string, Scalar> = {}
  const missing: Array<string> = []
  const wrongKind: Array<string> = []
  for (const input of table.inputs) {
    const value = inputs[input.id]
    if (value === undefined) missing.push(input.id)
    else if (!fitsKind(value, input.kind)) wrongKind.push(input.id)
    else inputsRead[input.id] = value
  }
  if (missing.length > 0 || wrongKind.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(", ")}` : "",
      wrongKind.length > 0 ? `wrong kind: ${wrongKind.join(", ")}` : ""
    ].filter((p) => p !== "")
    return Result.fail(
      new MissingTableInput({
        tableId: table.id,
        tableVersion: table.version,
        missing,
        wrongKind,
        message: `Table ${table.id} v${table.version}: ${parts.join("; ")}`
      })
    )
  }
  const fired: Array<FiredRow> = []
  for (const row of table.rows) {
    if (!rowMatches(row, inputsRead)) continue
    fired.push({ rowId: row.id, description: row.description, outputs: row.result })
    if (table.hitPolicy === "first") break
  }
  const noMatch = (ambiguousRows: Array<string>, why: string) =>
    Result.fail(
      new NoRowMatched({
        tableId: table.id,
        tableVersion: table.version,
        inputsRead,
        ambiguousRows,
        message: `Table ${table.id} v${table.version}: ${why} for ${JSON.stringify(inputsRead)}`
      })
    )
  if (fired.length === 0) return noMatch([], "no row matches")
  if (table.hitPolicy === "unique" && fired.length > 1)
    return noMatch(
      fired.map((f) => f.rowId),
      `rows ${fired.map((f) => f.rowId).join(", ")} all match (unique hit policy)`
    )
  let outputs: ReadonlyArray<Readonly<Record<string, Scalar>>>
  if (table.hitPolicy === "collect") outputs = fired.map((f) => f.outputs)
  else if (table.hitPolicy === "collectSum") {
    const sum: Record<string, Scalar> = {}
    for (const output of table.outputs) {
      let total = 0
      for (const f of fired) {
        const v = f.outputs[output.id]
        if (typeof v === "number") total += v
      }
      sum[output.id] = total
    }
    outputs = [sum]
  } else outputs = fired.slice(0, 1).map((f) => f.outputs)
  return Result.succeed({
    tableId: table.id,
    tableVersion: table.version,
    policy: { policyId: source.policyId, version: source.version },
    hitPolicy: table.hitPolicy,
    inputsRead,
    fired,
    outputs
  })
}

/**
 * The codes {@link checkDecisionTable} reports.
 *
 * @example
 * ```ts
 * import { decisionFindingCodes } from "@jipan/core"
 * decisionFindingCodes.includes("DECISION_GAP") // true
 * ```
 */
export const decisionFindingCodes = [
  "DECISION_GAP",
  "DECISION_OVERLAP",
  "DECISION_ROW_SHADOWED",
  "DECISION_ROW_REDUNDANT",
  "DECISION_NO_DEFAULT_ROW",
  "DECISION_UNKNOWN_INPUT",
  "DECISION_UNKNOWN_OUTPUT",
  "DECISION_MISSING_OUTPUT",
  "DECISION_KIND_MISMATCH",
  "DECISION_EMPTY_CONDITION",
  "DECISION_DUPLICATE_ROW",
  "DECISION_DUPLICATE_COLUMN",
  "DECISION_DUPLICATE_VERSION",
  "DECISION_INVERTED_DATES",
  "DECISION_TOO_LARGE"
] as const
/** @see {@link decisionFindingCodes} */
export type DecisionFindingCode = (typeof decisionFindingCodes)[number]

/**
 * One finding of {@link checkDecisionTable}; `path` is relative to the table (`rows.2.when.x`).
 *
 * @example
 * ```ts
 * import type { DecisionFinding } from "@jipan/core"
 * const f: DecisionFinding = { code: "DECISION_GAP", severity: "error", path: "rows", message: "…" }
 * ```
 */
export interface DecisionFinding {
  readonly code: DecisionFindingCode
  readonly severity: "error" | "warning"
  readonly path: string
  readonly message: string
}

// One elementary case of an input's domain, for the gap analysis: a representative value and how
// to show the whole case to a person.
interface Case {
  readonly value: Scalar
  readonly text: string
}

const OTHER = "\u0000other"
const MAX_CELLS = 50_000

const casesOf = (input: DecisionInput, rows: ReadonlyArray<DecisionRow>): Array<Case> => {
  const conditions = rows.flatMap((r) => {
    const c = r.when[input.id]
    return c === undefined ? [] : [c]
  })
  if (input.kind === "boolean")
    return [
      { value: true, text: "true" },
      { value: false, text: "false" }
    ]
  if (input.kind === "string") {
    if (input.values !== undefined) return input.values.map((v) => ({ value: v, text: JSON.stringify(v) }))
    const seen = new Set<string>()
    for (const c of conditions) {
      if (c.op === "eq" && typeof c.value === "string") seen.add(c.value)
      if (c.op === "in") for (const v of c.values) seen.add(v)
    }
    return [
      ...[...seen].sort().map((v) => ({ value: v, text: JSON.stringify(v) })),
      { value: OTHER, text: "any other text" }
    ]
  }
  const lo = input.min ?? Number.NEGATIVE_INFINITY
  const hi = input.max ?? Number.POSITIVE_INFINITY
  const points = new Set<number>([lo])
  const cut = (p: number) => {
    if (p > lo && p <= hi) points.add(p)
  }
  for (const c of conditions) {
    if (c.op === "between") {
      if (c.min !== undefined) cut(c.min)
      if (c.max !== undefined) cut(c.max + 1)
    } else if (c.op === "eq" && typeof c.value === "number") {
      cut(c.value)
      cut(c.value + 1)
    }
  }
  const sorted = [...points].sort((a, b) => a - b)
  return sorted.map((start, i) => {
    const next = sorted[i + 1]
    const end = next === undefined ? hi : next - 1
    const value = Number.isFinite(start) ? start : Number.isFinite(end) ? end : 0
    const show = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? "∞" : "-∞")
    return { value, text: start === end ? show(start) : `${show(start)}..${show(end)}` }
  })
}

const sameCondition = (a: Condition | undefined, b: Condition | undefined): boolean =>
  JSON.stringify(a ?? { op: "any" }) === JSON.stringify(b ?? { op: "any" })

const isCatchAll = (row: DecisionRow): boolean =>
  Object.values(row.when).every((c) => c === undefined || c.op === "any")

/**
 * Static checks of one table: unknown or mistyped columns and cells, duplicate row ids, and, by
 * enumerating every elementary case of the inputs' domains, gaps (a case no row matches),
 * overlaps (`unique` tables: a case several rows match), shadowed rows (`first`/`unique`: a row
 * that never decides any case), redundant rows (`collect`: a row repeating an earlier one), and a
 * `first` table without a default (catch-all) row.
 *
 * @example
 * ```ts
 * import { checkDecisionTable, defaultPolicy } from "@jipan/core"
 * defaultPolicy.referral.tables.flatMap(checkDecisionTable) // []
 * ```
 */
export const checkDecisionTable = (table: DecisionTable): Array<DecisionFinding> => {
  const findings: Array<DecisionFinding> = []
  const add = (code: DecisionFindingCode, severity: "error" | "warning", path: string, message: string) =>
    findings.push({ code, severity, path, message })
  const name = `Table ${table.id} v${table.version}`
  if (table.effectiveTo !== undefined && table.effectiveTo < table.effectiveFrom)
    add("DECISION_INVERTED_DATES", "error", "effectiveTo", `${name} ends before it starts`)
  const inputs = new Map<string, DecisionInput>()
  table.inputs.forEach((input, i) => {
    if (inputs.has(input.id))
      add(
        "DECISION_DUPLICATE_COLUMN",
        "error",
        `inputs.${i}.id`,
        `${name}: input ${input.id} is declared twice`
      )
    inputs.set(input.id, input)
  })
  const outputs = new Map<string, DecisionOutput>()
  table.outputs.forEach((output, i) => {
    if (outputs.has(output.id))
      add(
        "DECISION_DUPLICATE_COLUMN",
        "error",
        `outputs.${i}.id`,
        `${name}: output ${output.id} is declared twice`
      )
    outputs.set(output.id, output)
    if (table.hitPolicy === "collectSum" && output.kind !== "integer")
      add(
        "DECISION_KIND_MISMATCH",
        "error",
        `outputs.${i}.kind`,
        `${name}: a collectSum table sums its outputs, but ${output.id} is not an integer`
      )
  })
  let wellFormed = true
  const rowIds = new Set<string>()
  table.rows.forEach((row, r) => {
    const path = `rows.${r}`
    if (rowIds.has(row.id))
      add("DECISION_DUPLICATE_ROW", "error", `${path}.id`, `${name}: row id ${row.id} is used twice`)
    rowIds.add(row.id)
    for (const [key, condition] of Object.entries(row.when)) {
      const input = inputs.get(key)
      if (input === undefined) {
        wellFormed = false
        add(
          "DECISION_UNKNOWN_INPUT",
          "error",
          `${path}.when.${key}`,
          `${name}: row ${row.id} reads unknown input ${key}`
        )
        continue
      }
      const fits =
        condition.op === "any" ||
        (condition.op === "eq" && fitsKind(condition.value, input.kind)) ||
        (condition.op === "in" && input.kind === "string") ||
        (condition.op === "between" && input.kind === "integer")
      if (!fits) {
        wellFormed = false
        add(
          "DECISION_KIND_MISMATCH",
          "error",
          `${path}.when.${key}`,
          `${name}: row ${row.id} tests ${input.kind} input ${key} with "${condition.op}" of another kind`
        )
      }
      if (
        condition.op === "between" &&
        condition.min !== undefined &&
        condition.max !== undefined &&
        condition.min > condition.max
      )
        add(
          "DECISION_EMPTY_CONDITION",
          "error",
          `${path}.when.${key}`,
          `${name}: row ${row.id} needs ${key} between ${condition.min} and ${condition.max}: nothing can match`
        )
    }
    for (const [key, value] of Object.entries(row.result)) {
      const output = outputs.get(key)
      if (output === undefined)
        add(
          "DECISION_UNKNOWN_OUTPUT",
          "error",
          `${path}.result.${key}`,
          `${name}: row ${row.id} sets unknown output ${key}`
        )
      else if (!fitsKind(value, output.kind))
        add(
          "DECISION_KIND_MISMATCH",
          "error",
          `${path}.result.${key}`,
          `${name}: row ${row.id} sets ${output.kind} output ${key} to ${JSON.stringify(value)}`
        )
    }
    for (const output of table.outputs)
      if (row.result[output.id] === undefined)
        add(
          "DECISION_MISSING_OUTPUT",
          "error",
          `${path}.result`,
          `${name}: row ${row.id} does not set ${output.id}`
        )
  })
  const firstLike = table.hitPolicy === "first" || table.hitPolicy === "unique"
  if (table.hitPolicy === "first" && !table.rows.some(isCatchAll))
    add(
      "DECISION_NO_DEFAULT_ROW",
      "warning",
      "rows",
      `${name}: no last row without conditions, so an unforeseen case has no answer`
    )
  // Redundant rows: the same conditions as an earlier row (a collect table would count it twice).
  table.rows.forEach((row, r) => {
    for (let e = 0; e < r; e++) {
      const earlier = table.rows[e]
      if (earlier === undefined) continue
      const keys = new Set([...Object.keys(row.when), ...Object.keys(earlier.when)])
      if ([...keys].every((k) => sameCondition(row.when[k], earlier.when[k]))) {
        add(
          "DECISION_ROW_REDUNDANT",
          firstLike ? "warning" : "error",
          `rows.${r}`,
          `${name}: row ${row.id} has the same conditions as row ${earlier.id}`
        )
        break
      }
    }
  })
  if (!wellFormed) return findings
  const axes = table.inputs.map((input) => ({ input, cases: casesOf(input, table.rows) }))
  const cells = axes.reduce((n, a) => n * a.cases.length, 1)
  if (cells > MAX_CELLS) {
    add(
      "DECISION_TOO_LARGE",
      "warning",
      "inputs",
      `${name}: ${cells} cases to analyse; gaps and overlaps were not checked`
    )
    return findings
  }
  const decides = new Array<boolean>(table.rows.length).fill(false)
  const gaps: Array<string> = []
  const overlaps = new Map<string, string>()
  const index = axes.map(() => 0)
  const values: Record<string, Scalar> = {}
  for (let n = 0; n < cells; n++) {
    axes.forEach((a, i) => {
      values[a.input.id] = (a.cases[index[i] ?? 0] as Case).value
    })
    const matched: Array<number> = []
    table.rows.forEach((row, r) => {
      if (rowMatches(row, values)) matched.push(r)
    })
    const describe = () =>
      axes.map((a, i) => `${a.input.id}=${(a.cases[index[i] ?? 0] as Case).text}`).join(", ") || "(no inputs)"
    if (matched.length === 0) gaps.push(describe())
    else if (firstLike) decides[matched[0] ?? 0] = true
    else for (const r of matched) decides[r] = true
    if (table.hitPolicy === "unique" && matched.length > 1) {
      const key = matched.join(",")
      if (!overlaps.has(key)) overlaps.set(key, describe())
    }
    // odometer step over the axes
    for (let i = axes.length - 1; i >= 0; i--) {
      const axis = axes[i]
      if (axis === undefined) continue
      index[i] = (index[i] ?? 0) + 1
      if ((index[i] ?? 0) < axis.cases.length) break
      index[i] = 0
    }
  }
  if (gaps.length > 0)
    add(
      "DECISION_GAP",
      "error",
      "rows",
      `${name}: no row matches ${gaps.length} case(s), e.g. ${gaps.slice(0, 3).join("; ")}`
    )
  for (const [key, example] of overlaps) {
    const ids = key.split(",").map((r) => table.rows[Number(r)]?.id)
    add(
      "DECISION_OVERLAP",
      "error",
      "rows",
      `${name}: rows ${ids.join(", ")} all match ${example} (unique hit policy)`
    )
  }
  table.rows.forEach((row, r) => {
    if (!decides[r])
      add(
        "DECISION_ROW_SHADOWED",
        "warning",
        `rows.${r}`,
        firstLike
          ? `${name}: row ${row.id} never fires: every case it matches is decided by a row above it`
          : `${name}: row ${row.id} matches no case`
      )
  })
  return findings
}
