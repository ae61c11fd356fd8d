import { describe, expect, it } from "vitest"
import type { CardCommandInput } from "../../src/index.js"
import {
  checkPolicyTables,
  createJipan,
  DraftPolicyRefused,
  defaultPolicy,
  type Jipan,
  type Policy,
  policyTables,
  type ReplayProgress
} from "../../src/index.js"
import { happyPath, registration } from "../referralFixtures.js"

const tenant = { dealerGroupId: "grp-east", storeId: "store-01" }
const group = { dealerGroupId: "grp-east" }
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" } as const
const li = { id: "c-li", role: "consultant" } as const

const open = (
  cardId: string,
  owner: typeof wang | typeof li,
  day: string,
  phone: string,
  evidence: object
): CardCommandInput => ({
  _tag: "OpenCard",
  cardId,
  storeId: "store-01",
  customerId: `cust-${cardId.slice(5)}`,
  phone,
  owner: owner.id,
  source: "walkIn",
  intent: "direct",
  evidence,
  by: owner,
  at: at(day)
})
const contact = (by: typeof wang | typeof li, day: string, evidence: object = {}): CardCommandInput => ({
  _tag: "LogContact",
  channel: "call",
  outcome: "reached",
  evidence,
  by,
  at: at(day)
})

/** A small store: a buyer delivered on 2026-10-01 who refers a friend, and two A-grade prospects. */
const demoStore = async (): Promise<Jipan> => {
  const jipan = createJipan()
  // card-1: ordered and delivered; its customer refers ref-1
  await jipan.handle(
    tenant,
    "card-1",
    open("card-1", wang, "2026-09-01", "+8613800000001", { purchaseTimeframeDays: 5 })
  )
  await jipan.handle(tenant, "card-1", {
    _tag: "PlaceOrder",
    orderId: "SO-1",
    model: "GL8",
    by: wang,
    at: at("2026-09-20")
  })
  await jipan.handle(tenant, "card-1", {
    _tag: "Deliver",
    vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
    deliveredOn: "2026-10-01",
    by: wang,
    at: at("2026-10-01")
  })
  // card-2 and card-3: A-grade prospects (model chosen, test drive booked, 12 days), contacted on and on
  const a = { purchaseTimeframeDays: 12, modelChosen: true, testDriveBooked: true }
  await jipan.handle(tenant, "card-2", open("card-2", wang, "2026-09-28", "+8613800000002", a))
  await jipan.handle(tenant, "card-3", open("card-3", li, "2026-10-02", "+8613800000003", a))
  for (const day of ["2026-10-03", "2026-10-09", "2026-10-16", "2026-10-30", "2026-11-12"]) {
    await jipan.handle(tenant, "card-2", contact(wang, day))
    await jipan.handle(tenant, "card-3", contact(li, day, { purchaseTimeframeDays: 14 }))
  }
  // ref-1: cust-1 (card-1's customer) refers a friend who takes delivery on 2026-11-10
  const reg = registration({
    referrer: {
      kind: "ownedCustomer",
      id: "cust-1",
      phone: "+8613800000001",
      customerId: "cust-1",
      deliveryId: "dlv-card-1"
    } as never
  })
  for (const c of happyPath(reg).slice(0, 3)) await jipan.handleReferral(tenant, "ref-1", c as never)
  return jipan
}

const draftOf = (sections: Partial<Pick<Policy, "grading" | "referral">>) => ({
  policyId: "grp-east-draft",
  version: 2,
  effectiveFrom: "2026-10-01",
  scope: group,
  ...sections
})

const withInterval = (grade: string, days: number): Policy["grading"] => ({
  ...defaultPolicy.grading,
  grades: defaultPolicy.grading.grades.map((g) =>
    g.id === grade ? { ...g, contactIntervalDays: days } : g
  ) as unknown as Policy["grading"]["grades"]
})

const window = { from: "2026-10-01", to: "2026-12-31" }

describe("policy lab: replayPolicy through the facade", () => {
  it("the policy in force, replayed, makes no difference; progress is reported per batch", async () => {
    const jipan = await demoStore()
    const progress: Array<ReplayProgress> = []
    const r = await jipan.replayPolicy(group, draftOf({}), { ...window, onProgress: (p) => progress.push(p) })
    expect(r.cards).toBe(3)
    expect(r.cardDays).toBeGreaterThan(100)
    expect(r.differences).toEqual([])
    expect(r.workload).toEqual([])
    expect(
      r.parties.every((p) => p.currentFen === p.draftFen && p.rewardCurrentFen === p.rewardDraftFen)
    ).toBe(true)
    expect(progress.at(-1)).toEqual({ storeId: "store-01", cardsDone: 3, cardsTotal: 3 })
    await jipan.close()
  })

  it("A contacted every 2 days instead of 4: due dates move earlier under followUp.interval.A, workload grows", async () => {
    const jipan = await demoStore()
    const ledgerBefore = await jipan.ledger(group)
    const r = await jipan.replayPolicy(group, draftOf({ grading: withInterval("A", 2) }), window)
    const earlier = r.differences.find((d) => d.area === "dueShift" && d.key === "earlier")
    expect(earlier?.ruleIds).toContain("followUp.interval.A")
    expect(earlier?.shiftDays).toBeLessThan(0)
    const moved = r.differences.filter((d) => d.area === "dueShift").flatMap((d) => d.sampleCardIds)
    expect(new Set(moved)).toEqual(new Set(["card-2", "card-3"]))
    // no grade changes, no care or money changes: only follow-up figures
    expect(
      r.differences
        .map((d) => d.area)
        .filter((a) => !["dueShift", "contactsDue", "overdue", "finding"].includes(a))
    ).toEqual([])
    const overdue = r.differences.filter((d) => d.area === "overdue")
    expect(overdue.reduce((n, d) => n + d.draft - d.current, 0)).toBeGreaterThan(0)
    expect(r.workload.some((w) => w.consultantId === "c-li" && w.draft > w.current)).toBe(true)
    // nothing was written
    expect(await jipan.ledger(group)).toEqual(ledgerBefore)
    await jipan.close()
  })

  it("rewards already earned never change: a draft without referrer rewards is a what-if figure only", async () => {
    const jipan = await demoStore()
    const ledgerBefore = await jipan.ledger(group)
    const tables = defaultPolicy.referral.tables.map((t) =>
      t.id === "referral.referrerReward"
        ? {
            ...t,
            rows: [{ id: "reward.none", description: "No reward", when: {}, result: { offer: "none" } }]
          }
        : t
    )
    const r = await jipan.replayPolicy(
      group,
      draftOf({ referral: { ...defaultPolicy.referral, tables } as unknown as Policy["referral"] }),
      window
    )
    const change = r.rewardChanges.find((c) => c.subject === "reward:ref-1")
    expect(change).toMatchObject({
      currentFen: 30000,
      draftFen: 0,
      party: { kind: "referrer", id: "cust-1" }
    })
    expect(r.differences.find((d) => d.area === "reward")).toMatchObject({
      current: 30000,
      draft: 0,
      unit: "fen"
    })
    expect(r.parties.find((p) => p.party.id === "cust-1")).toMatchObject({
      rewardCurrentFen: 30000,
      rewardDraftFen: 0
    })
    // the card replays are untouched by a referral-only draft
    expect(r.differences.filter((d) => d.area === "grade" || d.area === "dueShift")).toEqual([])
    expect(await jipan.ledger(group)).toEqual(ledgerBefore)
    await jipan.close()
  })

  it("a care cadence without the day-7 call plans one contact fewer for the delivered customer", async () => {
    const jipan = await demoStore()
    const care = {
      ...defaultPolicy.care,
      cadence: defaultPolicy.care.cadence.filter((s) => s.id !== "care.day7")
    } as unknown as Policy["care"]
    const r = await jipan.replayPolicy(group, { ...draftOf({}), care }, window)
    expect(r.differences.filter((d) => d.area === "care")).toEqual([
      {
        area: "care",
        key: "call",
        ruleIds: ["care.day7"],
        unit: "contacts",
        current: 1,
        draft: 0,
        sampleCardIds: ["card-1"]
      }
    ])
    await jipan.close()
  })

  it("a draft with problems is refused with the problems listed (DraftPolicyRefused)", async () => {
    const jipan = await demoStore()
    const gap = {
      ...defaultPolicy.grading,
      grades: defaultPolicy.grading.grades.map((g) =>
        g.id === "A" ? { ...g, horizonDays: { min: 10, max: 15 } } : g
      ) as unknown as Policy["grading"]["grades"]
    }
    const e = await jipan.replayPolicy(group, draftOf({ grading: gap }), window).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(DraftPolicyRefused)
    expect((e as DraftPolicyRefused).problems.map((p) => p.code)).toContain("HORIZON_GAP")
    await jipan.close()
  })

  it("is cancellable mid-way: aborting from the progress callback stops it after that batch", async () => {
    const jipan = await demoStore()
    const controller = new AbortController()
    const progress: Array<ReplayProgress> = []
    const replay = jipan.replayPolicy(group, draftOf({}), {
      ...window,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p)
        controller.abort()
      }
    })
    await expect(replay).rejects.toThrow()
    expect(progress).toHaveLength(1)
    await jipan.close()
  })

  it("is cancellable: an aborted signal rejects the replay", async () => {
    const jipan = await demoStore()
    const controller = new AbortController()
    controller.abort()
    await expect(
      jipan.replayPolicy(group, draftOf({}), { ...window, signal: controller.signal })
    ).rejects.toThrow()
    await jipan.close()
  })
})

describe("policy lab: the rules as decision tables", () => {
  it("the default policy's tables have no gaps, overlaps or shadowed rows", () => {
    expect(
      policyTables(defaultPolicy)
        .map((t) => t.id)
        .slice(0, 4)
    ).toEqual(["grading.timeframe", "grading.evidence", "followUp.interval", "care.cadence"])
    expect(checkPolicyTables(defaultPolicy).filter((f) => f.severity === "error")).toEqual([])
  })

  it("overlapping horizons and a colder grade shadowed by a hotter one's evidence are found", () => {
    const grades = defaultPolicy.grading.grades.map((g) =>
      g.id === "A"
        ? { ...g, horizonDays: { min: 6, max: 15 } }
        : g.id === "B"
          ? { ...g, requiredEvidence: [["modelChosen"], ["testDriveDone"]] }
          : g
    )
    const policy = { ...defaultPolicy, grading: { ...defaultPolicy.grading, grades } } as unknown as Policy
    const found = checkPolicyTables(policy).map((f) => `${f.tableId}:${f.code}`)
    expect(found).toContain("grading.timeframe:DECISION_OVERLAP")
    expect(found).toContain("grading.evidence:DECISION_ROW_SHADOWED")
  })
})
