/**
 * Errors shared by every rule: bad input, listed issue by issue with its path.
 *
 * @module
 */
import { Result, Schema, SchemaIssue } from "effect"

/**
 * One problem found in an input: where (`path`, e.g. `grading.grades.2.horizonDays.max`) and what.
 *
 * @example
 * ```ts
 * import type { InputIssue } from "@jipan/core"
 * const issue: InputIssue = { path: "visitCount", message: "Expected an integer" }
 * ```
 */
export const InputIssue = Schema.Struct({ path: Schema.String, message: Schema.String })
/** @see {@link InputIssue} */
export type InputIssue = typeof InputIssue.Type

/**
 * An input (evidence, a policy, a command…) failed validation. `issues` lists every problem, each
 * with its path, so a form can mark every bad field at once. Nothing was changed.
 *
 * @example
 * ```ts
 * import { decodeEvidence } from "@jipan/core"
 * const r = decodeEvidence({ visitCount: -1 })
 * if (r._tag === "Failure") console.log(r.failure.issues) // [{ path: "visitCount", message: "…" }]
 * ```
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  /** What was being decoded, e.g. "Policy" or "ProspectEvidence". */
  what: Schema.String,
  issues: Schema.Array(InputIssue),
  message: Schema.String
}) {}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Flattens a Schema issue tree into path + message pairs. */
export const issuesOf = (issue: SchemaIssue.Issue): Array<InputIssue> =>
  formatter(issue).issues.map((i) => ({
    path: (i.path ?? []).map((p) => String(typeof p === "object" && p !== null ? p.key : p)).join("."),
    message: i.message
  }))

/**
 * Builds a decoder from a Schema that reports every issue as an {@link InvalidInput}, never throwing.
 * A key the Schema does not name is an issue too, unless `excess` is `"ignore"` (a request whose
 * caller may spread a larger object into it: the decoded value keeps only what the Schema names).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { decoderFor } from "@jipan/core"
 * const decodeAge = decoderFor(Schema.Int, "Age")
 * decodeAge("x")._tag // "Failure"
 * ```
 */
export const decoderFor = <S extends Schema.Decoder<unknown>>(
  schema: S,
  what: string,
  excess: "error" | "ignore" = "error"
) => {
  const decode = Schema.decodeUnknownResult(schema as Schema.Decoder<S["Type"]>)
  return (input: unknown): Result.Result<S["Type"], InvalidInput> => {
    const result = decode(input, { errors: "all", onExcessProperty: excess })
    if (Result.isSuccess(result)) return Result.succeed(result.success)
    const issues = issuesOf(result.failure.issue)
    const message = `Invalid ${what}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`
    return Result.fail(new InvalidInput({ what, issues, message }))
  }
}
