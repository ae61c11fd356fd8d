/**
 * A month (`YYYY-MM`) and its days: the key of a settlement, a control table and a ledger
 * query. Apart from the settlement so that a store's ledger query does not bring it.
 *
 * @module
 */
import { Schema } from "effect"
import { addDays, addMonths, type CalendarDate } from "../kernel/CalendarDate.js"

/**
 * A month `YYYY-MM`.
 *
 * @example
 * ```ts
 * import { YearMonth } from "@jipan/core"
 * const nov = YearMonth.make("2026-11")
 * ```
 */
// the years of the calendar days (1900–2199): a month is accepted only if its days are
export const YearMonth = Schema.String.check(Schema.isPattern(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/)).pipe(
  Schema.brand("YearMonth")
)
/** @see {@link YearMonth} */
export type YearMonth = typeof YearMonth.Type

/**
 * The first and last day of a month.
 *
 * @example
 * ```ts
 * import { monthRange, YearMonth } from "@jipan/core"
 * monthRange(YearMonth.make("2026-02")) // { first: "2026-02-01", last: "2026-02-28" }
 * ```
 */
export const monthRange = (
  month: YearMonth
): { readonly first: CalendarDate; readonly last: CalendarDate } => {
  const first = `${month}-01` as CalendarDate
  return { first, last: addDays(addMonths(first, 1), -1) }
}
