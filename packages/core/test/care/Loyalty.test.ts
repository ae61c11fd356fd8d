import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  type CustomerId,
  checkPolicy,
  classifyCustomer,
  decodeSurvey,
  defaultPolicy,
  loyaltySegment,
  type Survey,
  valueSegments
} from "../../src/index.js"

const survey = (fields: Partial<Survey>): Survey => {
  const r = decodeSurvey({
    customerId: "cust-1",
    surveyedOn: "2026-12-01",
    satisfaction: "satisfied",
    buyAgain: "over70",
    recommend: "likely",
    ...fields
  })
  if (Result.isFailure(r)) throw new Error(r.failure.message)
  return r.success
}
const segment = (s: Survey) => {
  const r = loyaltySegment(s, defaultPolicy)
  if (Result.isFailure(r)) throw new Error(r.failure.message)
  return r.success
}

describe("surveys and loyalty segments", () => {
  it("refuses a bad survey with every field", () => {
    const r = decodeSurvey({ satisfaction: "great", buyAgain: "50%" })
    expect(Result.isFailure(r) && r.failure.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["satisfaction", "buyAgain", "recommend", "customerId"])
    )
  })
  it.each([
    [{}, "loyal", "loyalty.loyal"],
    [{ buyAgain: "between30And70" as const }, "satisfied", "loyalty.satisfied"],
    [{ satisfaction: "dissatisfied" as const }, "atRisk", "loyalty.atRisk.dissatisfied"],
    [
      { satisfaction: "neutral" as const, buyAgain: "under30" as const, recommend: "unlikely" as const },
      "atRisk",
      "loyalty.atRisk.wontReturn"
    ],
    [{ satisfaction: "neutral" as const }, "neutral", "loyalty.neutral"]
  ])("%o → %s", (fields, expected, ruleId) => {
    const s = segment(survey(fields))
    expect(s.segment).toBe(expected)
    expect(s.reasons[0]?.ruleId).toBe(ruleId)
  })
  it("a table without a catch-all row is a policy error and a typed failure", () => {
    const policy = {
      ...defaultPolicy,
      loyalty: { ...defaultPolicy.loyalty, rules: [defaultPolicy.loyalty.rules[0]] as never }
    }
    expect(checkPolicy(policy).map((f) => f.code)).toContain("NO_CATCH_ALL_SEGMENT")
    const r = loyaltySegment(survey({}), policy)
    expect(Result.isFailure(r) && r.failure._tag).toBe("NoSegmentMatched")
  })
})

describe("value segments (80/20)", () => {
  it("marks the customers who bring the top share of value, referrals counted", () => {
    const c = (id: string, spendFen: number, referralsBought = 0) => ({
      customerId: id as CustomerId,
      spendFen,
      referralsBought
    })
    const result = valueSegments(
      [c("a", 100), c("b", 10_000_000), c("c", 200), c("d", 1_000_000, 2), c("e", 0)],
      defaultPolicy
    )
    expect(result.map((r) => [r.customerId, r.segment])).toEqual([
      ["b", "top"],
      ["d", "regular"],
      ["c", "regular"],
      ["a", "regular"],
      ["e", "regular"]
    ])
    expect(result[1]?.value).toBe(1_400_000)
    expect(result[0]?.reasons[0]?.ruleId).toBe("loyalty.valueTopShare")
  })
})

describe("classification", () => {
  it("narrow base, broad base (他牌基盘, 本牌他销), base customer, key person", () => {
    expect(
      classifyCustomer({ boughtHere: true, referralsBought: 1, loyaltySegment: "loyal" }, defaultPolicy)
        .classes
    ).toEqual(["narrowBase", "broadBase", "baseCustomer"])
    expect(
      classifyCustomer({ boughtHere: true, referralsBought: 0, loyaltySegment: "loyal" }, defaultPolicy)
        .classes
    ).toEqual(["narrowBase", "broadBase"])
    expect(
      classifyCustomer({ boughtHere: false, ownsOtherBrand: true, referralsBought: 0 }, defaultPolicy).reasons
    ).toEqual([{ ruleId: "base.broad", conclusion: "broadBase", reads: { ownsOtherBrand: true } }])
    expect(
      classifyCustomer(
        { boughtHere: false, ownsOurBrandBoughtElsewhere: true, referralsBought: 0 },
        defaultPolicy
      ).classes
    ).toEqual(["broadBase"])
    expect(
      classifyCustomer({ boughtHere: false, intent: "keyPerson", referralsBought: 0 }, defaultPolicy).classes
    ).toEqual(["keyPerson"])
    expect(classifyCustomer({ boughtHere: true, referralsBought: 3 }, defaultPolicy).classes).toContain(
      "keyPerson"
    )
  })
})

describe("a complaint feeds the loyalty measures", () => {
  const survey = {
    customerId: "cust-1",
    surveyedOn: "2026-11-20",
    satisfaction: "satisfied",
    buyAgain: "over70",
    recommend: "likely"
  } as unknown as import("../../src/index.js").Survey
  const complaint = (resolved: boolean, satisfied?: boolean) =>
    ({
      complaintId: "cp-1",
      category: "service",
      severity: "medium",
      channel: "call",
      words: "x",
      recordedOn: "2026-11-01",
      steps: [],
      resolvedOn: resolved ? "2026-11-03" : undefined,
      resolution: resolved ? "fixed" : undefined,
      satisfied
    }) as unknown as import("../../src/index.js").Complaint
  it("an open or unhappily resolved complaint puts a satisfied customer at risk; a well-resolved one keeps them loyal", () => {
    const seg = (complaints: ReadonlyArray<import("../../src/index.js").Complaint>) => {
      const r = loyaltySegment(survey, defaultPolicy, complaints)
      return r._tag === "Success"
        ? [r.success.segment, r.success.reasons[0]?.ruleId, r.success.reasons[0]?.reads.complaints]
        : []
    }
    expect(seg([])).toEqual(["loyal", "loyalty.loyal", "none"])
    expect(seg([complaint(false)])).toEqual(["atRisk", "loyalty.atRisk.complaintOpen", "open"])
    expect(seg([complaint(true, false)])).toEqual([
      "atRisk",
      "loyalty.atRisk.complaintUnresolved",
      "resolvedUnsatisfied"
    ])
    expect(seg([complaint(true, true)])).toEqual(["loyal", "loyalty.loyal", "resolvedSatisfied"])
  })
})
