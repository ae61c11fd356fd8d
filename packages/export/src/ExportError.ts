/**
 * The one error an export can fail with. Every expected failure (a table that does not hold
 * together, a workbook or stream that cannot be written) is an `ExportError` value in the error
 * channel with a `reason`; nothing is thrown across the public API and nothing is written.
 *
 * @module
 */
import { InputIssue } from "@jipan/core"
import { Schema } from "effect"

/**
 * Why an export failed:
 * - `InvalidTable` — the input is not a well-formed `ReportTable` (a row key no column declares,
 *   a fraction in an integer column, a non-finite number, a date that is not `YYYY-MM-DD`…);
 *   `issues` lists every problem with its path, e.g. `rows.3.orders`.
 * - `WriteFailed` — the writer itself failed (exceljs, or the destination stream errored).
 * - `UnmaskRefused` — an unmask without a reason or a valid time, naming another viewer than
 *   `viewer`, or whose `onAccess` threw: nothing unmasked is handed out (see `ExportPrivacy`).
 *
 * @example
 * ```ts
 * import { ExportErrorReason } from "@jipan/export"
 * import { Schema } from "effect"
 * Schema.is(ExportErrorReason)("InvalidTable") // true
 * ```
 */
export const ExportErrorReason = Schema.Literals(["InvalidTable", "WriteFailed", "UnmaskRefused"])
/** @see {@link ExportErrorReason} */
export type ExportErrorReason = typeof ExportErrorReason.Type

/**
 * An export failed. `tableId` names the table when one is to blame; `issues` lists every problem
 * found in the input (empty for `WriteFailed` and `UnmaskRefused`).
 *
 * @example
 * ```ts
 * import { toCsv } from "@jipan/export"
 * import { Effect } from "effect"
 * const bad = { id: "t", title: { "zh-CN": "表", en: "Table" }, columns: [], rows: [{ x: 1 }] }
 * const result = await Effect.runPromise(Effect.result(toCsv(bad)))
 * // result.failure: ExportError { reason: "InvalidTable", issues: [{ path: "rows.0.x", message: "…" }] }
 * ```
 */
export class ExportError extends Schema.TaggedError<ExportError>()("ExportError", {
  reason: ExportErrorReason,
  tableId: Schema.optional(Schema.String),
  issues: Schema.Array(InputIssue),
  message: Schema.String
}) {}
