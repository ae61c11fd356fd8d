import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  chainMultiplier,
  checkReferralValidity,
  classifyReferrerMotive,
  decodeReferralRegistration,
  decodeValidityContext,
  defaultPolicy,
  earnReferrerReward,
  type MotiveObservation,
  type Policy,
  referralChains
} from "../../src/index.js"
import { confirmed, d, happyPath, registration, run } from "../referralFixtures.js"

const reasonsOf = (
  over: Parameters<typeof registration>[0],
  context = confirmed(),
  policy: Policy = defaultPolicy
) => checkReferralValidity(registration(over), context, policy, d("2026-10-06")).reasons

describe("referral registration and validity", () => {
  it("decodes a registration from a form, normalising phones, and names every bad field", () => {
    const ok = decodeReferralRegistration({
      referralId: "ref-1",
      storeId: "store-01",
      consultantId: "c-wang",
      registeredOn: "2026-10-05",
      askedAt: "day7PhotoVisit",
      referrer: { kind: "baseCustomer", id: "cust-1", phone: "138 1234 5678" },
      referee: { name: "李四", phone: "+86 139-8765-4321" }
    })
    expect(Result.isSuccess(ok) && ok.success.referee.phone).toBe("+8613987654321")
    const bad = decodeReferralRegistration({ referralId: "", askedAt: "lunch", referrer: { kind: "cousin" } })
    expect(Result.isFailure(bad) && bad.failure.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["referralId", "askedAt", "referrer.kind", "referee"])
    )
    expect(Result.isFailure(decodeValidityContext({ existing: [{ kind: "x" }] }))).toBe(true)
  })
  it("is valid when every check passes", () => {
    const v = checkReferralValidity(registration(), confirmed(), defaultPolicy, d("2026-10-06"))
    expect(v.status).toBe("valid")
    expect(v.checks.every((c) => c.outcome === "pass")).toBe(true)
  })
  it("rejects a referee who is not new (open card in the window), but not one outside it", () => {
    const ctx = { ...confirmed(), existing: [{ kind: "openCard" as const, lastActiveOn: d("2026-09-01") }] }
    expect(reasonsOf({}, ctx)).toEqual(["refereeNotNew"])
    const old = {
      ...confirmed(),
      existing: [{ kind: "ownedCustomer" as const, lastActiveOn: d("2025-01-01") }]
    }
    expect(reasonsOf({}, old)).toEqual([])
  })
  it("rejects a self-referral", () => {
    expect(reasonsOf({ referee: { name: "自己", phone: "+8613812345678" } } as never)).toEqual([
      "refereeIsReferrer"
    ])
  })
  it("rejects staff referring themselves or a relative when the policy forbids it", () => {
    const staff = { referrer: { kind: "staff", id: "s-1", phone: "+8613700000000" } } as never
    expect(reasonsOf({ ...(staff as object), staffRelation: "self" }, confirmed("s-1"))).toEqual([
      "staffSelfReferral"
    ])
    expect(reasonsOf({ ...(staff as object), staffRelation: "relative" }, confirmed("s-1"))).toEqual([
      "staffRelativeReferral"
    ])
    const lenient = {
      ...defaultPolicy,
      referral: { ...defaultPolicy.referral, forbidStaffRelativeReferral: false }
    }
    expect(reasonsOf({ ...(staff as object), staffRelation: "relative" }, confirmed("s-1"), lenient)).toEqual(
      []
    )
  })
  it("the first registered referrer wins; a later claim is rejected", () => {
    const ctx = {
      ...confirmed(),
      earlierClaims: [{ referralId: "ref-0" as never, referrerId: "cust-7", registeredOn: d("2026-10-01") }]
    }
    expect(reasonsOf({}, ctx)).toEqual(["alreadyClaimed"])
    const later = {
      ...confirmed(),
      earlierClaims: [{ referralId: "ref-2" as never, referrerId: "cust-7", registeredOn: d("2026-10-09") }]
    }
    expect(reasonsOf({}, later)).toEqual([])
  })
  it("rejects when the referee names someone else, or the phone audit finds no real prospect", () => {
    expect(
      reasonsOf(
        {},
        { ...confirmed(), refereeConfirmation: { on: d("2026-10-06"), namedReferrerId: "cust-9" } }
      )
    ).toEqual(["refereeDenied"])
    expect(
      reasonsOf({}, { ...confirmed(), phoneAudit: { on: d("2026-10-06"), outcome: "notReal" } })
    ).toEqual(["auditNotReal"])
  })
  it("pending checks are a state with an until date, not a rejection", () => {
    const v = checkReferralValidity(
      registration(),
      { existing: [], earlierClaims: [] },
      defaultPolicy,
      d("2026-10-20")
    )
    expect(v.status).toBe("pending")
    expect(v.pendingUntil).toBe("2026-10-12")
    expect(v.checks.filter((c) => c.outcome === "pending").map((c) => [c.checkId, c.overdue])).toEqual([
      ["referral.refereeConfirms", true],
      ["referral.phoneAudit", true]
    ])
    const unreachable = {
      ...confirmed(),
      phoneAudit: { on: d("2026-10-06"), outcome: "unreachable" as const }
    }
    expect(checkReferralValidity(registration(), unreachable, defaultPolicy, d("2026-10-06")).status).toBe(
      "pending"
    )
  })
})

describe("the referral lifecycle", () => {
  it("registered → audited → ordered → delivered → holding → approved → issued → redeemed", () => {
    const { state, events, refused } = run(happyPath())
    expect(refused).toBeUndefined()
    expect(events.map((e) => e._tag)).toEqual([
      "ReferralRegistered",
      "ReferralAudited",
      "RefereeOrdered",
      "RefereeDelivered",
      "HoldingStarted",
      "ReferralApproved",
      "RewardIssued",
      "RewardRedeemed"
    ])
    expect(state.status).toBe("redeemed")
    expect(state.holdUntil).toBe("2026-12-10")
    expect(state.voucher?.expiresOn).toBe("2027-12-12")
    expect(state.ledger.map((e) => [e.kind, e.amountFen])).toEqual([
      ["issued", 30000],
      ["redeemed", -30000]
    ])
    expect(state.earned?.decision.fired.map((f) => f.rowId)).toEqual(["reward.standard"])
  })
  it("pending registration waits; a recheck audits it; ordering before the audit is refused", () => {
    const reg = registration()
    const pending = run([
      {
        _tag: "Register",
        on: reg.registeredOn,
        registration: reg,
        context: { existing: [], earlierClaims: [] }
      }
    ])
    expect(pending.state.status).toBe("registered")
    expect(pending.state.pendingUntil).toBe("2026-10-12")
    const early = run(
      [{ _tag: "RecordRefereeOrder", on: d("2026-10-07"), orderId: "o" }],
      defaultPolicy,
      pending.state
    )
    expect(early.refused?._tag).toBe("ReferralTransitionNotAllowed")
    expect(early.events).toEqual([])
    const later = run(
      [{ _tag: "Recheck", on: d("2026-10-08"), context: confirmed() }],
      defaultPolicy,
      pending.state
    )
    expect(later.state.status).toBe("audited")
  })
  it("a later claim is recorded and rejected with its reason", () => {
    const reg = registration()
    const ctx = {
      ...confirmed(),
      earlierClaims: [{ referralId: "ref-0" as never, referrerId: "cust-7", registeredOn: d("2026-10-01") }]
    }
    const { state, events } = run([
      { _tag: "Register", on: reg.registeredOn, registration: reg, context: ctx }
    ])
    expect(events.map((e) => e._tag)).toEqual(["ReferralRegistered", "ReferralRejected"])
    expect(state.rejection?.reasons).toEqual(["alreadyClaimed"])
  })
  it("refuses approval inside the holding window, and emits nothing", () => {
    const steps = happyPath().slice(0, 3)
    const { state } = run(steps)
    const r = run([{ _tag: "Approve", on: d("2026-12-10") }], defaultPolicy, state)
    expect(r.refused).toMatchObject({ _tag: "StillHolding", until: "2026-12-10" })
    expect(r.events).toEqual([])
  })
  it("a cancellation inside the holding window voids the referral: no reward", () => {
    const { state } = run([
      ...happyPath().slice(0, 3),
      { _tag: "RecordRefereeCancellation", on: d("2026-11-20"), kind: "vehicleReturned" }
    ])
    expect(state.status).toBe("voided")
    expect(state.ledger).toEqual([])
  })
  it("an order cancelled before delivery returns the referral to audited", () => {
    const { state } = run([
      ...happyPath().slice(0, 2),
      { _tag: "RecordRefereeCancellation", on: d("2026-10-25"), kind: "orderCancelled" }
    ])
    expect(state.status).toBe("audited")
  })
  it("a return after the reward was issued reverses it as a negative entry with a reason", () => {
    const { state } = run([
      ...happyPath().slice(0, 5),
      { _tag: "RecordRefereeCancellation", on: d("2027-01-02"), kind: "vehicleReturned" }
    ])
    expect(state.status).toBe("reversed")
    expect(state.ledger.map((e) => [e.kind, e.amountFen, e.reason])).toEqual([
      ["issued", 30000, undefined],
      ["reversed", -30000, "vehicleReturned"]
    ])
  })
  it("voiding or rejecting an issued reward reverses it; nothing is allowed after", () => {
    const voided = run([
      ...happyPath().slice(0, 5),
      { _tag: "Void", on: d("2027-01-02"), reason: "fraud found" }
    ])
    expect(voided.state.status).toBe("reversed")
    expect(voided.state.ledger.at(-1)?.reason).toBe("voided")
    const rejected = run([
      ...happyPath().slice(0, 3),
      { _tag: "Reject", on: d("2026-11-12"), reasons: ["other"], note: "fake" }
    ])
    expect(rejected.state.status).toBe("rejected")
    const after = run([{ _tag: "Approve", on: d("2027-01-01") }], defaultPolicy, rejected.state)
    expect(after.refused?._tag).toBe("ReferralTransitionNotAllowed")
  })
  it("refuses an unknown choice, redeeming an expired voucher and expiring a valid one", () => {
    const approved = run(happyPath().slice(0, 4)).state
    expect(
      run(
        [{ _tag: "IssueReward", on: d("2026-12-12"), voucherId: "v", choiceId: "gold" }],
        defaultPolicy,
        approved
      ).refused?._tag
    ).toBe("NoRewardDue")
    const issued = run(happyPath().slice(0, 5)).state
    expect(run([{ _tag: "RedeemReward", on: d("2028-01-01") }], defaultPolicy, issued).refused?._tag).toBe(
      "VoucherDate"
    )
    expect(run([{ _tag: "ExpireReward", on: d("2027-06-01") }], defaultPolicy, issued).refused?._tag).toBe(
      "VoucherDate"
    )
    const expired = run([{ _tag: "ExpireReward", on: d("2027-12-13") }], defaultPolicy, issued)
    expect(expired.state.ledger.at(-1)).toMatchObject({ kind: "expired", amountFen: -30000 })
  })
  it("caps rewards per referrer per period: a capped reward cannot be issued", () => {
    const steps = happyPath()
    const capped = steps.map((c) =>
      c._tag === "RecordRefereeDelivery" ? { ...c, capUsage: { count: 10, valueFen: 0 } } : c
    )
    const { state, refused } = run(capped.slice(0, 5))
    expect(state.earned?.capped?.reason).toContain("10 rewards a year")
    expect(refused?._tag).toBe("NoRewardDue")
    const byValue = earnReferrerReward(
      {
        referrerKind: "ownedCustomer",
        askedAt: "delivery",
        refereeSaleKind: "retail",
        refereeUnits: 1,
        deliveredOn: d("2026-11-10"),
        capUsage: { count: 1, valueFen: 280000 }
      },
      defaultPolicy
    )
    expect(Result.isSuccess(byValue) && byValue.success.valueFen).toBe(0)
  })
  it("the reward is fixed by the policy in force on the delivery date; a later version does not change it", () => {
    const rich: Policy = {
      ...defaultPolicy,
      version: 2,
      referral: {
        ...defaultPolicy.referral,
        offers: [
          {
            ...defaultPolicy.referral.offers[0],
            choices: [
              {
                id: "accessories",
                kind: "accessories",
                label: { "zh-CN": "1000元精品", en: "Accessories 1000" },
                valueFen: 100000
              }
            ]
          },
          defaultPolicy.referral.offers[1]
        ] as unknown as Policy["referral"]["offers"],
        voucherValidityDays: 10,
        holdingDays: 90
      },
      provenance: { ...defaultPolicy.provenance, referral: { policyId: "grp" as never, version: 2 } }
    }
    const { state } = run(happyPath().slice(0, 5), (c) => (c.on >= "2026-12-01" ? rich : defaultPolicy))
    expect(state.status).toBe("rewardIssued")
    expect(state.voucher?.choice.valueFen).toBe(30000)
    expect(state.voucher?.expiresOn).toBe("2027-12-12")
    expect(state.earned?.policy).toEqual({ policyId: "jipan-default", version: 1 })
  })
})

describe("referrer motive types", () => {
  const obs = (kinds: Array<MotiveObservation["kind"]>, on = "2026-11-01"): Array<MotiveObservation> =>
    kinds.map((kind, i) => ({ id: `o-${i}`, kind, on: d(on) }))
  const motive = (o: Array<MotiveObservation>) => {
    const r = classifyReferrerMotive(o, defaultPolicy, d("2026-12-01"))
    return Result.isSuccess(r) ? r.success : undefined
  }
  it("stays unknown without evidence", () => {
    expect(motive([])).toMatchObject({
      motive: "unknown",
      evidence: [],
      decision: undefined,
      treatment: undefined
    })
    expect(motive(obs(["referralMade"], "2027-01-01"))?.motive).toBe("unknown")
  })
  it("classifies each type with the evidence and the policy's treatment", () => {
    expect(motive(obs(["recognitionAccepted", "rewardDeclined", "referralMade"]))).toMatchObject({
      motive: "honour",
      treatment: { form: "stageAndAwards" },
      decision: { fired: [{ rowId: "motive.honour" }] }
    })
    expect(motive(obs(["rewardClaimed", "referralMade", "referralMade"]))?.treatment?.form).toBe(
      "cashOrGoods"
    )
    expect(motive(obs(["referralMade", "favourAsked"]))?.motive).toBe("favour")
    expect(motive(obs(["referralMade"]))?.motive).toBe("friendship")
    // many recent referrals, nothing asked or claimed: the table cannot tell yet
    expect(motive(obs(["referralMade", "referralMade", "referralMade"]))?.motive).toBe("unknown")
  })
})

describe("一拓五 chains", () => {
  it("builds the tree with depth, fan-out and conversions per level", () => {
    const a = referralChains([
      { referrerId: "a", refereeId: "b", converted: true },
      { referrerId: "a", refereeId: "c", converted: false },
      { referrerId: "b", refereeId: "d", converted: true },
      { referrerId: "x", refereeId: "d", converted: true },
      { referrerId: "d", refereeId: "a", converted: true }
    ])
    expect(a.depth).toBe(2)
    expect(a.levels).toEqual([
      { level: 1, referred: 2, converted: 1, conversionRate: 0.5 },
      { level: 2, referred: 1, converted: 1, conversionRate: 1 }
    ])
    expect(a.fanOut).toEqual({ mean: 1.5, max: 2 })
    expect(a.ignored.map((i) => i.why)).toEqual(["secondReferrer", "cycle"])
  })
  it("the chain multiplier: 1×5×5 = 25 against 1+5+5 = 11", () => {
    expect(chainMultiplier(5, 2)).toMatchObject({
      chained: 25,
      cold: 11,
      formula: "1×5×5 = 25 vs 1+5+5 = 11"
    })
  })
})
