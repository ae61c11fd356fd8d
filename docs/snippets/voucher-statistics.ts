import { type LedgerEntry, voucherStatistics, voucherStatisticsTable, YearMonth } from "@jipan/core"

// The ledger as the store keeps it (jipan.reports.vouchers reads it for you): 30,000 fen vouchers.
const entry = (voucherId: string, referrerId: string, kind: LedgerEntry["kind"], on: string): LedgerEntry =>
  ({
    entryId: `${voucherId}:${kind}`,
    voucherId,
    referralId: `ref-${voucherId}`,
    referrerId,
    kind,
    amountFen: kind === "issued" ? 30_000 : -30_000,
    on
  }) as LedgerEntry
const ledger = [
  entry("v-1", "cust-1", "issued", "2026-10-05"),
  entry("v-2", "cust-1", "issued", "2026-10-20"),
  entry("v-3", "cust-8", "issued", "2026-10-22"),
  entry("v-1", "cust-1", "redeemed", "2026-11-03"), // 陈先生 used one at his maintenance
  entry("v-3", "cust-8", "reversed", "2026-11-10"), // the referee returned the car
  entry("v-4", "cust-8", "issued", "2026-11-15")
]

const stats = voucherStatistics(ledger, YearMonth.make("2026-10"), YearMonth.make("2026-11"))
console.log(stats.rows.map((r) => [r.month, r.referrerId, r.issued, r.redeemed, r.reversed]))
// [["2026-10", "cust-1", 2, 0, 0], ["2026-10", "cust-8", 1, 0, 0], ["2026-11", "cust-1", 0, 1, 0],
//  ["2026-11", "cust-8", 1, 0, 1]]: each movement counts in the month of its entry
console.log(stats.totals.issuedFen, stats.redemptionRate) // 120000 0.25: 1 of the 4 issued was redeemed
const table = voucherStatisticsTable(stats, { locale: "zh-CN" }) // for @jipan/export's toCsv/toXlsx
console.log(table.title["zh-CN"], table.rows.at(-1)?.month) // 转介绍保养券统计表 合计
