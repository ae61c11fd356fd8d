import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  checkDecisionTable,
  checkPolicy,
  type DecisionTable,
  defaultPolicy,
  evaluateTable,
  type Policy,
  tableInForce
} from "../../src/index.js"
import { d } from "../referralFixtures.js"

const source = { policyId: "grp", version: 3 }
const table = (over: Partial<DecisionTable>): DecisionTable =>
  ({
    id: "t",
    version: 1,
    effectiveFrom: d("2026-01-01"),
    description: "test",
    hitPolicy: "first",
    inputs: [
      { id: "n", kind: "integer", min: 0 },
      { id: "kind", kind: "string", values: ["a", "b"] }
    ],
    outputs: [{ id: "x", kind: "integer" }],
    rows: [
      { id: "r.low", description: "n 0..2", when: { n: { op: "between", max: 2 } }, result: { x: 1 } },
      { id: "r.high", description: "n ≥ 3", when: { n: { op: "between", min: 3 } }, result: { x: 2 } }
    ],
    ...over
  }) as DecisionTable

describe("evaluateTable", () => {
  it("first: the first matching row, with the trace (rows, inputs, table and policy version)", () => {
    const r = evaluateTable(table({}), { n: 5, kind: "a" }, source)
    expect(Result.isSuccess(r) && r.success).toMatchObject({
      tableId: "t",
      tableVersion: 1,
      policy: source,
      fired: [{ rowId: "r.high" }],
      inputsRead: { n: 5, kind: "a" },
      outputs: [{ x: 2 }]
    })
  })
  it("collect gives every matching row; collectSum sums them", () => {
    const rows = [
      { id: "a", description: "any", when: {}, result: { x: 10 } },
      { id: "b", description: "kind b", when: { kind: { op: "eq", value: "b" } }, result: { x: 5 } }
    ] as unknown as DecisionTable["rows"]
    const c = evaluateTable(table({ hitPolicy: "collect", rows }), { n: 1, kind: "b" }, source)
    expect(Result.isSuccess(c) && c.success.outputs).toEqual([{ x: 10 }, { x: 5 }])
    const s = evaluateTable(table({ hitPolicy: "collectSum", rows }), { n: 1, kind: "b" }, source)
    expect(Result.isSuccess(s) && s.success.outputs).toEqual([{ x: 15 }])
  })
  it("unique refuses two matching rows", () => {
    const rows = [
      { id: "a", description: "any", when: {}, result: { x: 1 } },
      { id: "b", description: "b", when: { kind: { op: "in", values: ["b"] } }, result: { x: 2 } }
    ] as unknown as DecisionTable["rows"]
    const r = evaluateTable(table({ hitPolicy: "unique", rows }), { n: 1, kind: "b" }, source)
    expect(Result.isFailure(r) && r.failure).toMatchObject({
      _tag: "NoRowMatched",
      ambiguousRows: ["a", "b"]
    })
  })
  it("reports a missing or mistyped input instead of defaulting it", () => {
    const r = evaluateTable(table({}), { kind: 3 }, source)
    expect(Result.isFailure(r) && r.failure).toMatchObject({
      _tag: "MissingTableInput",
      missing: ["n"],
      wrongKind: ["kind"]
    })
  })
  it("reports no matching row", () => {
    const r = evaluateTable(
      table({ rows: [table({}).rows[0]] as unknown as DecisionTable["rows"] }),
      { n: 9, kind: "a" },
      source
    )
    expect(Result.isFailure(r) && r.failure._tag).toBe("NoRowMatched")
  })
  it("picks the version in force by date; none before the first", () => {
    const v1 = table({})
    const v2 = table({ version: 2, effectiveFrom: d("2026-06-01") })
    const v3 = table({ version: 3, effectiveFrom: d("2026-09-01"), effectiveTo: d("2026-09-30") })
    expect(
      Result.isSuccess(tableInForce([v1, v2, v3], "t", d("2026-07-01"))) &&
        tableInForce([v1, v2, v3], "t", d("2026-07-01"))
    ).toMatchObject({ success: { version: 2 } })
    expect(tableInForce([v1, v2, v3], "t", d("2026-09-15"))).toMatchObject({ success: { version: 3 } })
    expect(tableInForce([v1, v2, v3], "t", d("2026-10-15"))).toMatchObject({ success: { version: 2 } })
    expect(tableInForce([v1], "t", d("2025-12-31"))).toMatchObject({ failure: { _tag: "NoTableInForce" } })
  })
})

describe("checkDecisionTable", () => {
  const codes = (t: DecisionTable) => checkDecisionTable(t).map((f) => f.code)
  it("a complete table is clean; the default tables are clean", () => {
    expect(
      checkDecisionTable(
        table({
          rows: [
            ...table({}).rows,
            { id: "r.default", description: "else", when: {}, result: { x: 0 } }
          ] as unknown as DecisionTable["rows"]
        })
      )
    ).toEqual([
      { code: "DECISION_ROW_SHADOWED", severity: "warning", path: "rows.2", message: expect.any(String) }
    ])
    expect(defaultPolicy.referral.tables.flatMap(checkDecisionTable)).toEqual([])
  })
  it("finds a gap, naming the uncovered case", () => {
    const t = table({ rows: [table({}).rows[0]] as unknown as DecisionTable["rows"] })
    const gap = checkDecisionTable(t).find((f) => f.code === "DECISION_GAP")
    expect(gap?.message).toContain("n=3..∞")
  })
  it("finds overlaps in a unique table", () => {
    const rows = [
      { id: "a", description: "n ≤ 5", when: { n: { op: "between", max: 5 } }, result: { x: 1 } },
      { id: "b", description: "n ≥ 3", when: { n: { op: "between", min: 3 } }, result: { x: 2 } }
    ] as unknown as DecisionTable["rows"]
    const f = checkDecisionTable(table({ hitPolicy: "unique", rows }))
    expect(f.map((x) => x.code)).toEqual(["DECISION_OVERLAP"])
    expect(f[0]?.message).toContain("n=3..5")
  })
  it("finds a shadowed row, a redundant row and a missing default row", () => {
    const rows = [
      { id: "all", description: "n ≥ 0", when: { n: { op: "between", min: 0 } }, result: { x: 1 } },
      { id: "some", description: "n ≥ 3", when: { n: { op: "between", min: 3 } }, result: { x: 2 } },
      { id: "again", description: "n ≥ 3", when: { n: { op: "between", min: 3 } }, result: { x: 3 } }
    ] as unknown as DecisionTable["rows"]
    expect(codes(table({ rows }))).toEqual([
      "DECISION_NO_DEFAULT_ROW",
      "DECISION_ROW_REDUNDANT",
      "DECISION_ROW_SHADOWED",
      "DECISION_ROW_SHADOWED"
    ])
  })
  it("finds unknown columns, kind mismatches, empty conditions, missing outputs and duplicate ids", () => {
    const rows = [
      { id: "a", description: "x", when: { zz: { op: "any" } }, result: { x: 1 } },
      { id: "a", description: "y", when: { kind: { op: "between", min: 1 } }, result: { x: "one", y: 2 } },
      { id: "c", description: "z", when: { n: { op: "between", min: 5, max: 1 } }, result: {} }
    ] as unknown as DecisionTable["rows"]
    expect(new Set(codes(table({ rows })))).toEqual(
      new Set([
        "DECISION_UNKNOWN_INPUT",
        "DECISION_DUPLICATE_ROW",
        "DECISION_KIND_MISMATCH",
        "DECISION_UNKNOWN_OUTPUT",
        "DECISION_EMPTY_CONDITION",
        "DECISION_MISSING_OUTPUT"
      ])
    )
  })
})

describe("checkPolicy on the referral section", () => {
  const withTables = (tables: Policy["referral"]["tables"]): Policy => ({
    ...defaultPolicy,
    referral: { ...defaultPolicy.referral, tables }
  })
  it("finds a gap in the 一拓一 table with its path", () => {
    const [reward, yty, cvp, motive] = defaultPolicy.referral.tables
    const broken = { ...yty, rows: [yty?.rows[0]] } as unknown as DecisionTable
    const f = checkPolicy(
      withTables([reward, broken, cvp, motive] as unknown as Policy["referral"]["tables"])
    )
    expect(f).toMatchObject([{ code: "DECISION_GAP", severity: "error", path: "referral.tables.1.rows" }])
  })
  it("finds a missing table, an unknown offer, a duplicate version and a broken contract", () => {
    const [reward, yty, cvp] = defaultPolicy.referral.tables as unknown as Array<DecisionTable>
    const badReward = {
      ...reward,
      inputs: [{ id: "shoeSize", kind: "integer" }],
      rows: [{ id: "x", description: "x", when: {}, result: { offer: "gold" } }]
    } as unknown as DecisionTable
    const f = checkPolicy(withTables([badReward, yty, yty, cvp] as unknown as Policy["referral"]["tables"]))
    expect(new Set(f.map((x) => x.code))).toEqual(
      new Set([
        "REWARD_TABLE_CONTRACT",
        "UNKNOWN_REWARD_OFFER",
        "DECISION_DUPLICATE_VERSION",
        "MISSING_REWARD_TABLE"
      ])
    )
  })
})
