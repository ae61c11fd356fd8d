import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  decodeSettlementHistory,
  defaultPolicy,
  type Policy,
  resettleMonth,
  settleMonth,
  whatIf
} from "../../src/index.js"
import { at, exampleHistory, month } from "../settlementExample.js"

describe("monthly settlement", () => {
  const statement = settleMonth(exampleHistory, month, at)
  const amount = (lineId: string) => statement.lines.find((l) => l.lineId === lineId)?.amountFen
  it("一拓一: a bonus per audited referral in the window, a penalty for a delivery with none", () => {
    expect(amount("yty:d-1:yty.bonus")).toBe(10000)
    expect(amount("yty:d-2:yty.penalty")).toBe(-5000)
    expect(statement.lines.find((l) => l.lineId === "yty:d-1:yty.bonus")?.explanation).toMatchObject({
      rowIds: ["yty.bonus"],
      inputsRead: { auditedReferrals: 2 },
      table: { id: "referral.yiTuoYi", version: 1 },
      policy: { policyId: "jipan-default", version: 1 },
      facts: ["d-1", "ref-1", "ref-2"]
    })
    // November's deliveries are judged when their windows close, in December
    expect(amount("yty:d-3:yty.penalty")).toBeUndefined()
  })
  it("CVP: 30 yuan a retail car and a fleet customer once, only when every survey is very satisfied", () => {
    expect(amount("cvp:c-wang:retail")).toBe(3000)
    expect(amount("cvp:c-wang:fleet")).toBe(3000)
    expect(amount("cvp:c-li:retail")).toBe(0)
    expect(statement.lines.find((l) => l.lineId === "cvp:c-li:retail")?.explanation.facts).toContain("k-4")
  })
  it("referrers: rewards issued and reversed in the month, at the ledger's amounts", () => {
    expect(amount("ledger:v-1:issued")).toBe(30000)
    expect(amount("ledger:v-0:reversed")).toBe(-30000)
    expect(statement.parties.map((p) => [p.party.id, p.totalFen])).toEqual([
      ["c-li", 0],
      ["c-wang", 11000],
      ["cust-1", 30000],
      ["cust-8", -30000]
    ])
    expect(statement.totalFen).toBe(11000)
    expect(statement.problems).toEqual([])
  })
  it("settling twice gives the same statement; re-settling the same facts adjusts nothing", () => {
    expect(settleMonth(exampleHistory, month, at)).toEqual(statement)
    expect(resettleMonth(statement.lines, exampleHistory, month, at)).toEqual([])
  })
  it("re-settling after new facts gives only adjustment lines", () => {
    const later = {
      ...exampleHistory,
      referrals: exampleHistory.referrals.map((r) =>
        r.referralId === "ref-3" ? { ...r, auditedOn: "2026-11-28" } : r
      )
    } as typeof exampleHistory
    const adjustments = resettleMonth(statement.lines, later, month, at)
    expect(adjustments.map((a) => [a.lineId, a.amountFen, a.kind])).toEqual([
      ["yty:d-2:yty.bonus#adj1", 5000, "adjustment"],
      ["yty:d-2:yty.penalty#adj1", 5000, "adjustment"]
    ])
    expect(resettleMonth([...statement.lines, ...adjustments], later, month, at)).toEqual([])
  })
  it("a problem is reported, never defaulted", () => {
    const s = settleMonth(exampleHistory, month, (store, date) =>
      date < "2026-11-01" ? Result.succeed(defaultPolicy) : (at(store, date) as never)
    )
    expect(s.problems).toEqual([])
    const none = settleMonth(exampleHistory, month, () =>
      Result.fail({ message: "No policy in force" } as never)
    )
    expect(none.lines.filter((l) => l.kind !== "referrerReward" && l.kind !== "referrerReversal")).toEqual([])
    expect(none.problems.length).toBeGreaterThan(0)
  })
  it("what-if: a draft policy lists every outcome it would change", () => {
    const [reward, yty, cvp, motive] = defaultPolicy.referral.tables
    const draft: Policy = {
      ...defaultPolicy,
      version: 2,
      referral: {
        ...defaultPolicy.referral,
        tables: [
          reward,
          {
            ...yty,
            rows: yty?.rows.map((r) =>
              r.id === "yty.penalty" ? { ...r, result: { ...r.result, amountFen: -10000 } } : r
            )
          },
          cvp,
          motive
        ] as unknown as Policy["referral"]["tables"]
      }
    }
    const r = whatIf(exampleHistory, month, at, () => Result.succeed(draft))
    expect(r.changes.map((c) => [c.subject, c.currentFen, c.draftFen])).toEqual([
      ["yty:d-2:yty.penalty", -5000, -10000]
    ])
  })
  it("decodes an untrusted history, naming each problem", () => {
    expect(Result.isSuccess(decodeSettlementHistory(exampleHistory))).toBe(true)
    const bad = decodeSettlementHistory({
      deliveries: [{ deliveryId: "d", units: 0 }],
      referrals: [],
      contacts: [],
      ledger: []
    })
    expect(Result.isFailure(bad) && bad.failure.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["deliveries.0.units"])
    )
  })
})

describe("docs/referrals.md", () => {
  it("the worked example's lines and totals are what settleMonth computes", () => {
    const page = readFileSync(new URL("../../../../docs/referrals.md", import.meta.url), "utf8")
    const block =
      /<!-- settlement-example:start -->([\s\S]*?)<!-- settlement-example:end -->/.exec(page)?.[1] ?? ""
    const rows = [...block.matchAll(/^\| `([^`]+)` \| ([^|]+) \| (-?[\d,]+) \|/gm)].map((m) => [
      m[1],
      Number(m[3]?.replaceAll(",", ""))
    ])
    const statement = settleMonth(exampleHistory, month, at)
    expect(rows).toEqual(statement.lines.map((l) => [l.lineId, l.amountFen]))
    const total = /Total: (-?[\d,]+) fen/.exec(block)?.[1]
    expect(Number(total?.replaceAll(",", ""))).toBe(statement.totalFen)
  })
})
