/**
 * The referral voucher statistics form (转介绍保养券统计表): per month and referrer, the vouchers
 * issued, redeemed, expired and reversed, with their values in fen, from the reward ledger alone
 * (each movement counts in the month of its entry), and the redemption rate of the vouchers issued.
 *
 * @module
 */
import type { Label, Locale } from "../kernel/Label.js"
import type { LedgerEntry } from "../referral/RewardLedger.js"
import { monthRange, type YearMonth } from "../referral/YearMonth.js"
import type { ReportTable } from "./ReportTable.js"

const label = (zh: string, en: string): Label => ({ "zh-CN": zh, en })

/**
 * One row of the form: a month and a referrer, the count and the value (fen) of each movement.
 *
 * @example
 * ```ts
 * import type { VoucherStatisticsRow } from "@jipan/core"
 * const open = (r: VoucherStatisticsRow) => r.issued - r.redeemed - r.expired - r.reversed
 * ```
 */
export interface VoucherStatisticsRow {
  readonly month: YearMonth
  readonly referrerId: string
  readonly issued: number
  readonly issuedFen: number
  readonly redeemed: number
  readonly redeemedFen: number
  readonly expired: number
  readonly expiredFen: number
  readonly reversed: number
  readonly reversedFen: number
}

/**
 * The form: its rows (by month, then referrer), the totals, and the redemption rate of the vouchers
 * issued in the window (redeemed ÷ issued, of those vouchers, whenever redeemed; `undefined` when
 * none was issued).
 *
 * @example
 * ```ts
 * import type { VoucherStatistics } from "@jipan/core"
 * const rate = (s: VoucherStatistics) => s.redemptionRate ?? 0
 * ```
 */
export interface VoucherStatistics {
  readonly from: YearMonth
  readonly to: YearMonth
  readonly rows: ReadonlyArray<VoucherStatisticsRow>
  readonly totals: Omit<VoucherStatisticsRow, "month" | "referrerId">
  readonly redemptionRate: number | undefined
}

const empty = () => ({
  issued: 0,
  issuedFen: 0,
  redeemed: 0,
  redeemedFen: 0,
  expired: 0,
  expiredFen: 0,
  reversed: 0,
  reversedFen: 0
})

/**
 * Counts the ledger's movements of the months `from`..`to` (inclusive) by month and referrer.
 * Values are the vouchers' values (positive) whatever the entry's sign.
 *
 * @example
 * ```ts
 * import { voucherStatistics, type LedgerEntry, YearMonth } from "@jipan/core"
 * declare const ledger: ReadonlyArray<LedgerEntry>
 * voucherStatistics(ledger, YearMonth.make("2026-01"), YearMonth.make("2026-12")).totals.issued
 * ```
 */
export const voucherStatistics = (
  ledger: ReadonlyArray<LedgerEntry>,
  from: YearMonth,
  to: YearMonth
): VoucherStatistics => {
  const first = monthRange(from).first
  const last = monthRange(to).last
  const rows = new Map<string, VoucherStatisticsRow & ReturnType<typeof empty>>()
  const totals = empty()
  const issuedHere = new Set<string>()
  const redeemed = new Set<string>()
  for (const e of ledger) {
    if (e.kind === "redeemed") redeemed.add(e.voucherId)
    if (e.on < first || e.on > last) continue
    const month = e.on.slice(0, 7) as YearMonth
    const key = `${month}\u0000${e.referrerId}`
    const row = rows.get(key) ?? { month, referrerId: e.referrerId, ...empty() }
    const value = Math.abs(e.amountFen)
    row[e.kind] += 1
    row[`${e.kind}Fen`] += value
    totals[e.kind] += 1
    totals[`${e.kind}Fen`] += value
    if (e.kind === "issued") issuedHere.add(e.voucherId)
    rows.set(key, row)
  }
  const sorted = [...rows.values()].sort((a, b) =>
    a.month !== b.month
      ? a.month < b.month
        ? -1
        : 1
      : a.referrerId < b.referrerId
        ? -1
        : a.referrerId > b.referrerId
          ? 1
          : 0
  )
  let redeemedOfIssued = 0
  for (const v of issuedHere) if (redeemed.has(v)) redeemedOfIssued += 1
  return {
    from,
    to,
    rows: sorted,
    totals,
    redemptionRate: issuedHere.size === 0 ? undefined : redeemedOfIssued / issuedHere.size
  }
}

/**
 * The form as a {@link ReportTable} (month, referrer, counts and values; a totals row last), for the
 * exports and the cabinet.
 *
 * @example
 * ```ts
 * import { voucherStatisticsTable, type VoucherStatistics } from "@jipan/core"
 * declare const statistics: VoucherStatistics
 * voucherStatisticsTable(statistics, { locale: "zh-CN" }).title["zh-CN"] // "转介绍保养券统计表"
 * ```
 */
export const voucherStatisticsTable = (
  statistics: VoucherStatistics,
  options: { readonly locale?: Locale } = {}
): ReportTable => {
  const locale = options.locale ?? "zh-CN"
  const total = label("合计", "Total")[locale]
  const cells = (r: Omit<VoucherStatisticsRow, "month" | "referrerId">) => ({
    issued: r.issued,
    issuedFen: r.issuedFen,
    redeemed: r.redeemed,
    redeemedFen: r.redeemedFen,
    expired: r.expired,
    expiredFen: r.expiredFen,
    reversed: r.reversed,
    reversedFen: r.reversedFen
  })
  return {
    id: "voucherStatistics",
    title: label("转介绍保养券统计表", "Referral voucher statistics"),
    columns: [
      { key: "month", label: label("月份", "Month"), kind: "text" },
      { key: "referrerId", label: label("推荐人", "Referrer"), kind: "text" },
      { key: "issued", label: label("发放张数", "Issued"), kind: "integer" },
      { key: "issuedFen", label: label("发放金额(元)", "Issued (yuan)"), kind: "fen" },
      { key: "redeemed", label: label("使用张数", "Redeemed"), kind: "integer" },
      { key: "redeemedFen", label: label("使用金额(元)", "Redeemed (yuan)"), kind: "fen" },
      { key: "expired", label: label("过期张数", "Expired"), kind: "integer" },
      { key: "expiredFen", label: label("过期金额(元)", "Expired (yuan)"), kind: "fen" },
      { key: "reversed", label: label("撤销张数", "Reversed"), kind: "integer" },
      { key: "reversedFen", label: label("撤销金额(元)", "Reversed (yuan)"), kind: "fen" }
    ],
    rows: [
      ...statistics.rows.map((r) => ({ month: r.month, referrerId: r.referrerId, ...cells(r) })),
      { month: total, referrerId: null, ...cells(statistics.totals) }
    ]
  }
}
