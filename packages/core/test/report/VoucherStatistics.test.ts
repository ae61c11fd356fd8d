// The referral voucher statistics form (转介绍保养券统计表, #20.7): from the ledger alone.
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  CalendarDate,
  type LedgerEntry,
  voucherStatistics,
  voucherStatisticsTable,
  YearMonth
} from "../../src/index.js"

const entry = (
  voucherId: string,
  kind: LedgerEntry["kind"],
  on: string,
  referrerId = "cust-1",
  valueFen = 30_000
): LedgerEntry =>
  ({
    entryId: `${voucherId}:${kind}`,
    voucherId,
    referralId: `ref-${voucherId}`,
    referrerId,
    kind,
    amountFen: kind === "issued" ? valueFen : -valueFen,
    on: CalendarDate.make(on)
  }) as LedgerEntry

describe("voucherStatistics", () => {
  it("counts issued, redeemed, expired and reversed by month and referrer, with a redemption rate", () => {
    const ledger = [
      entry("v-1", "issued", "2026-01-05"),
      entry("v-2", "issued", "2026-01-20", "cust-2", 50_000),
      entry("v-1", "redeemed", "2026-02-10"),
      entry("v-3", "issued", "2026-02-11"),
      entry("v-2", "expired", "2027-01-21", "cust-2", 50_000)
    ]
    const s = voucherStatistics(ledger, YearMonth.make("2026-01"), YearMonth.make("2026-02"))
    expect(s.rows.map((r) => [r.month, r.referrerId, r.issued, r.redeemed, r.expired])).toEqual([
      ["2026-01", "cust-1", 1, 0, 0],
      ["2026-01", "cust-2", 1, 0, 0],
      ["2026-02", "cust-1", 1, 1, 0]
    ])
    expect(s.totals).toMatchObject({
      issued: 3,
      issuedFen: 110_000,
      redeemed: 1,
      redeemedFen: 30_000,
      expired: 0
    })
    // of the three issued in the window, one was redeemed (v-2 expired later, v-3 is open)
    expect(s.redemptionRate).toBeCloseTo(1 / 3)
    const table = voucherStatisticsTable(s, { locale: "zh-CN" })
    expect(table.title["zh-CN"]).toBe("转介绍保养券统计表")
    expect(table.rows.at(-1)).toMatchObject({ month: "合计", issued: 3 })
  })

  it("property: the form's counts equal the ledger's entries of the window, kind by kind", () => {
    const kinds = ["issued", "redeemed", "expired", "reversed"] as const
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom(...kinds),
            day: fc.integer({ min: 0, max: 700 }),
            referrer: fc.constantFrom("cust-1", "cust-2", "cust-3"),
            value: fc.integer({ min: 1, max: 1_000_000 })
          }),
          { maxLength: 40 }
        ),
        (raw) => {
          const ledger = raw.map((r, i) =>
            entry(
              `v-${i}`,
              r.kind,
              new Date(Date.UTC(2026, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10),
              r.referrer,
              r.value
            )
          )
          const s = voucherStatistics(ledger, YearMonth.make("2026-03"), YearMonth.make("2026-11"))
          for (const kind of kinds) {
            const inWindow = ledger.filter(
              (e) => e.kind === kind && e.on >= "2026-03-01" && e.on <= "2026-11-30"
            )
            expect(s.rows.reduce((n, r) => n + r[kind], 0)).toBe(inWindow.length)
            expect(s.totals[kind]).toBe(inWindow.length)
            expect(s.totals[`${kind}Fen`]).toBe(inWindow.reduce((n, e) => n + Math.abs(e.amountFen), 0))
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
