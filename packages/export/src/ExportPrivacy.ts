/**
 * Personal data in exports (PIPL, #19): every export is masked unless told otherwise. The personal
 * columns of a table (by column key in core's personal-information map: `phone`, `name`, `words`,
 * `note`, `reason`, `vin`…) are masked row by row with `maskReportTable` for a viewer:
 * - no options: masked as for `{ role: "system" }`, which sees nobody's personal data;
 * - `viewer`: masked as that viewer may see (a supervisor, the DCRC or an admin sees every row; a
 *   consultant sees the rows whose `ownerKey` column, `consultant` unless given, names them);
 * - `unmask`: the same rights, asked for explicitly with a reason and a time, and recorded: one
 *   `PersonalDataAccess` (action `unmask`) per table exported, given to `onAccess` before anything
 *   unmasked leaves the exporter and returned by the `…Audited` functions for an audit log. A
 *   consultant cannot unmask another consultant's customers: rights are never widened.
 *
 * @module
 */
import { maskReportTable, type PersonalDataAccess, type ReportTable, type Viewer } from "@jipan/core"
import { Result } from "effect"
import { ExportError } from "./ExportError.js"

/**
 * Who an export is masked for (see the module notes): `viewer` (default `{ role: "system" }`,
 * everything personal masked) and `ownerKey`, the column naming each row's consultant (default
 * `consultant`).
 *
 * @example
 * ```ts
 * import type { ExportMasking } from "@jipan/export"
 * const forWang: ExportMasking = { viewer: { role: "consultant", consultantId: "c-wang" }, ownerKey: "owner" }
 * ```
 */
export interface ExportMasking {
  readonly viewer?: Viewer | undefined
  readonly ownerKey?: string | undefined
}

/**
 * An explicit, recorded unmask (明文导出): who asks (`viewer`, whose rights still cap what is
 * shown), why (`reason`, required and not blank) and when (`at`, epoch ms from the caller's
 * clock). `onAccess` receives each `PersonalDataAccess` before anything unmasked leaves the
 * exporter; if it throws, the export fails with `UnmaskRefused` and nothing is handed out.
 *
 * @example
 * ```ts
 * import type { UnmaskRequest } from "@jipan/export"
 * import type { PersonalDataAccess } from "@jipan/core"
 * const log: Array<PersonalDataAccess> = []
 * const unmask: UnmaskRequest = {
 *   viewer: { role: "supervisor" },
 *   reason: "month-end call-back review",
 *   at: Date.now(),
 *   onAccess: (access) => log.push(access)
 * }
 * ```
 */
export interface UnmaskRequest {
  readonly viewer: Viewer
  readonly reason: string
  readonly at: number
  readonly onAccess?: ((access: PersonalDataAccess) => void) | undefined
}

/**
 * The privacy options every exporter takes (part of `CsvOptions` and `XlsxOptions`): the masking
 * viewer and owner column ({@link ExportMasking}) and an optional recorded {@link UnmaskRequest}.
 * With both `viewer` and `unmask`, they must name the same viewer.
 *
 * @example
 * ```ts
 * import type { ExportPrivacy } from "@jipan/export"
 * const masked: ExportPrivacy = {} // as for { role: "system" }: every personal cell masked
 * const own: ExportPrivacy = { viewer: { role: "consultant", consultantId: "c-wang" } }
 * const recorded: ExportPrivacy = {
 *   unmask: { viewer: { role: "dcrc" }, reason: "customer asked for a call back", at: Date.now() }
 * }
 * ```
 */
export interface ExportPrivacy extends ExportMasking {
  readonly unmask?: UnmaskRequest | undefined
}

/**
 * An export's result with the unmask records it produced (empty unless `unmask` was given), for
 * the caller to append to its audit log.
 *
 * @example
 * ```ts
 * import { toCsvAudited } from "@jipan/export"
 * import type { ReportTable } from "@jipan/core"
 * import { Effect } from "effect"
 * declare const table: ReportTable
 * const { value: csv, accesses } = await Effect.runPromise(
 *   toCsvAudited(table, { unmask: { viewer: { role: "supervisor" }, reason: "audit", at: Date.now() } })
 * )
 * // accesses: [{ action: "unmask", output: "csv", subject: `report:${table.id}`, … }]
 * ```
 */
export interface Audited<A> {
  readonly value: A
  readonly accesses: ReadonlyArray<PersonalDataAccess>
}

/**
 * Tables as an export shows them, and the unmask records to keep: see {@link maskForExport}.
 *
 * @example
 * ```ts
 * import type { MaskedExport } from "@jipan/export"
 * declare const view: MaskedExport
 * view.tables.length === view.accesses.length || view.accesses.length === 0 // true
 * ```
 */
export interface MaskedExport {
  readonly tables: ReadonlyArray<ReportTable>
  readonly accesses: ReadonlyArray<PersonalDataAccess>
}

const nobody: Viewer = { role: "system" }

const sameViewer = (a: Viewer, b: Viewer) => a.role === b.role && a.consultantId === b.consultantId

const refused = (tables: ReadonlyArray<ReportTable>, message: string) =>
  new ExportError({
    reason: "UnmaskRefused",
    ...(tables.length === 1 && tables[0] !== undefined ? { tableId: tables[0].id } : {}),
    issues: [],
    message
  })

/**
 * Masks checked tables for an export, the rule every exporter applies (see the module notes), and
 * makes the unmask records: one per table, `{ at, viewer, action: "unmask", output, subject:
 * "report:<table id>", reason }`. Fails with `ExportError` reason `UnmaskRefused` when an unmask has
 * a blank reason or a non-finite `at`, or names another viewer than `viewer`. It does not call
 * `onAccess`: the exporters do, when they hand the result out. For output of your own (a terminal
 * table, JSON) over tables that are already valid.
 *
 * @example
 * ```ts
 * import { maskForExport } from "@jipan/export"
 * import type { ReportTable } from "@jipan/core"
 * declare const table: ReportTable
 * const view = maskForExport([table], { viewer: { role: "consultant", consultantId: "c-li" } }, "table")
 * // Result.succeed({ tables: [the table, other consultants' phones as 138****5678], accesses: [] })
 * ```
 */
export const maskForExport = (
  tables: ReadonlyArray<ReportTable>,
  privacy: ExportPrivacy,
  output: string
): Result.Result<MaskedExport, ExportError> => {
  const unmask = privacy.unmask
  const ownerKey = privacy.ownerKey === undefined ? {} : { ownerKey: privacy.ownerKey }
  if (unmask === undefined)
    return Result.succeed({
      tables: tables.map((t) => maskReportTable(t, privacy.viewer ?? nobody, ownerKey)),
      accesses: []
    })
  const reason = typeof unmask.reason === "string" ? unmask.reason.trim() : ""
  if (reason === "")
    return Result.fail(
      refused(
        tables,
        "An unmasked export needs a reason (PIPL: why the personal data is shown); none was given"
      )
    )
  if (typeof unmask.at !== "number" || !Number.isFinite(unmask.at))
    return Result.fail(
      refused(tables, `An unmasked export needs its time in epoch ms, got ${String(unmask.at)}`)
    )
  if (privacy.viewer !== undefined && !sameViewer(privacy.viewer, unmask.viewer))
    return Result.fail(
      refused(
        tables,
        "The unmask names another viewer than `viewer`: the export cannot tell whose rights apply"
      )
    )
  return Result.succeed({
    tables: tables.map((t) => maskReportTable(t, unmask.viewer, ownerKey)),
    accesses: tables.map((t) => ({
      at: unmask.at,
      viewer: unmask.viewer,
      action: "unmask" as const,
      output,
      subject: `report:${t.id}`,
      reason
    }))
  })
}
