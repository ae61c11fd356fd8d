// Issue #14's failures, each as found from outside on main 0105611: every one of these accepted
// input it could not read back, lost a message between two stores, or failed with an untyped or
// misleading error. They pass now; the testkit's fuzz and acceptance suites cover every store.
import { assert, describe, it } from "@effect/vitest"
import type { CardCommandInput } from "../../src/index.js"
import {
  createJipan,
  defaultPolicy,
  InvalidInput,
  type Jipan,
  makeTenant,
  validateLedger
} from "../../src/index.js"
import { happyPath, registration } from "../referralFixtures.js"

const tenant = makeTenant("grp-east", "store-01")
const other = makeTenant("grp-east", "store-02")
const at = Date.parse("2026-11-22T10:00:00+08:00")
const open = (
  cardId: string,
  storeId = "store-01",
  when = at,
  phone = "+8613812345678"
): CardCommandInput => ({
  _tag: "OpenCard",
  cardId,
  storeId,
  customerId: `cust-${cardId}`,
  phone,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: { id: "c-wang", role: "consultant" },
  at: when
})

const refusal = async (p: Promise<unknown>): Promise<InvalidInput> => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error
  )
  assert.instanceOf(e, InvalidInput, `expected InvalidInput, got ${String(e)}`)
  return e as InvalidInput
}

/** Everything the facade can read of a tenant: a refused call must leave all of it unchanged. */
const snapshot = async (jipan: Jipan) =>
  JSON.stringify([
    await jipan.listCards(tenant),
    await jipan.ledger({ dealerGroupId: "grp-east" }),
    await jipan.outbox({ dealerGroupId: "grp-east" }),
    await jipan.reports.daily(tenant, { from: "2026-11-22" })
  ])

describe("accepted, then unreadable (issue #14, 1)", () => {
  it("a command at 2e15 (year 65347) or 8.64e15 is refused at `at`; nothing is written", async () => {
    const jipan = createJipan()
    const before = await snapshot(jipan)
    for (const when of [2e15, 8.64e15, 9e15, -1, Number.NaN, at + 0.5, Date.UTC(1999, 11, 31)]) {
      const e = await refusal(jipan.handle(tenant, "card-1", open("card-1", "store-01", when)))
      assert.deepStrictEqual(
        e.issues.map((i) => i.path),
        ["at"]
      )
    }
    assert.strictEqual(await snapshot(jipan), before)
    await jipan.close()
  })

  it("a reward choice of 1e15 fen or of 0 fen is refused by putPolicyDocument; a valid one is stored", async () => {
    const jipan = createJipan()
    const referral = defaultPolicy.referral
    const withChoice = (valueFen: number) => ({
      policyId: "grp-east",
      version: 1,
      effectiveFrom: "2026-01-01",
      scope: { dealerGroupId: "grp-east" },
      referral: {
        ...referral,
        offers: referral.offers.map((o) => ({ ...o, choices: o.choices.map((c) => ({ ...c, valueFen })) }))
      }
    })
    for (const valueFen of [1e15, 0, -1, 1.5]) {
      const e = await refusal(jipan.putPolicyDocument({ dealerGroupId: "grp-east" }, withChoice(valueFen)))
      assert.isTrue(e.issues.some((i) => i.path.endsWith("valueFen")))
    }
    await jipan.putPolicyDocument({ dealerGroupId: "grp-east" }, withChoice(30000))
    await jipan.close()
  })

  it("a referral whose referrer is not a referrer (no kind, no phone) is refused; the reports still read", async () => {
    const jipan = createJipan()
    const reg = registration()
    const [register] = happyPath(reg)
    const junk = { ...register, registration: { ...reg, referrer: { id: "nobody" } } }
    const e = await refusal(jipan.handleReferral(tenant, "ref-1", junk as never))
    assert.isTrue(e.issues.some((i) => i.path.startsWith("registration.referrer")))
    await jipan.reports.daily(tenant, { from: "2026-10-05" })
    await jipan.reports.analytics(tenant, { from: "2026-10-01", to: "2026-11-30" })
    await jipan.close()
  })

  it("a referral day of 2026-02-30 and a cap usage of −1 fen are refused with their paths", async () => {
    const jipan = createJipan()
    const commands = happyPath(registration())
    await jipan.handleReferral(tenant, "ref-1", commands[0] as never)
    const badDay = await refusal(
      jipan.handleReferral(tenant, "ref-1", { ...commands[1], on: "2026-02-30" } as never)
    )
    assert.deepStrictEqual(
      badDay.issues.map((i) => i.path),
      ["on"]
    )
    const delivery = commands[2] as Record<string, unknown>
    const badCap = await refusal(
      jipan.handleReferral(tenant, "ref-1", { ...delivery, capUsage: { count: 0, valueFen: -1 } } as never)
    )
    assert.deepStrictEqual(
      badCap.issues.map((i) => i.path),
      ["capUsage.valueFen"]
    )
    assert.strictEqual((await jipan.referral(tenant, "ref-1")).version, 2)
    await jipan.close()
  })

  it("every issued ledger entry passes validateLedger (no 0-fen voucher can be issued)", async () => {
    const jipan = createJipan()
    for (const c of happyPath(registration())) await jipan.handleReferral(tenant, "ref-1", c as never)
    const entries = (await jipan.ledger({ dealerGroupId: "grp-east" })).map((r) => r.entry)
    assert.isAbove(entries.length, 0)
    assert.strictEqual(validateLedger(entries)._tag, "Success")
    await jipan.close()
  })
})

describe("undecoded queries (issue #14, 2)", () => {
  it("listCards' filter and page and the ledger's query are decoded: InvalidInput with the path, never a TypeError or a StoreError", async () => {
    const jipan = createJipan()
    const cases: ReadonlyArray<[Promise<unknown>, string]> = [
      [jipan.listCards(tenant, null as never), ""],
      [jipan.listCards(tenant, { grade: 5 } as never), "grade"],
      [jipan.listCards(tenant, { status: ["lost"] } as never), "status.0"],
      [jipan.listCards(tenant, {}, { limit: Number.NaN }), "limit"],
      [jipan.listCards(tenant, {}, { limit: 0 }), "limit"],
      [jipan.listCards(tenant, {}, { limit: 10_000 }), "limit"],
      [jipan.listCards(tenant, {}, null as never), ""],
      [jipan.ledger(tenant, { month: 5 } as never), "month"],
      [jipan.ledger(tenant, { month: "2026-13" } as never), "month"],
      [jipan.ledger(tenant, null as never), ""],
      [jipan.outbox(tenant, "lost" as never), ""]
    ]
    for (const [call, path] of cases) {
      const e = await refusal(call)
      assert.isTrue(
        e.issues.some((i) => i.path === path),
        `${path}: ${e.message}`
      )
    }
    await jipan.close()
  })
})

describe("two stores of one group using the same ids (issue #14, 3)", () => {
  it("each store's card-1 keeps its own outbox message; both stores issue voucher v-X", async () => {
    const jipan = createJipan({
      messages: (change) => [{ topic: "card.changed", recipient: "dms", payload: { cardId: change.cardId } }]
    })
    const a = await jipan.handle(tenant, "card-1", open("card-1", "store-01"))
    // another customer of the other store: one phone has one open card in the group
    const b = await jipan.handle(other, "card-1", open("card-1", "store-02", at, "+8613912345678"))
    assert.strictEqual(a.messages[0]?.id, b.messages[0]?.id) // the same id, chosen by each store
    const outbox = await jipan.outbox({ dealerGroupId: "grp-east" })
    assert.deepStrictEqual(outbox.map((m) => `${m.tenant.storeId}:${m.id}`).sort(), [
      "store-01:card:card-1:1:0",
      "store-02:card:card-1:1:0"
    ])
    // a receiver deduplicating by key across tenants still gets both
    assert.notStrictEqual(outbox[0]?.idempotencyKey, outbox[1]?.idempotencyKey)

    for (const t of [tenant, other]) {
      const reg = registration({ storeId: t.storeId } as never)
      for (const c of happyPath(reg).slice(0, 5)) {
        const command = c._tag === "IssueReward" ? { ...c, voucherId: "v-X" } : c
        await jipan.handleReferral(t, "ref-1", command as never)
      }
    }
    const issued = (await jipan.ledger({ dealerGroupId: "grp-east" })).filter(
      (r) => r.entry.kind === "issued"
    )
    assert.deepStrictEqual(issued.map((r) => `${r.tenant.storeId}:${r.entry.voucherId}`).sort(), [
      "store-01:v-X",
      "store-02:v-X"
    ])
    await jipan.close()
  })
})

describe("caller-scoped writes (issue #14, 6)", () => {
  it("putPolicyDocument refuses a document for another group, or for another store than a store-scoped caller's", async () => {
    const jipan = createJipan()
    const doc = (scope: Record<string, string>) => ({
      policyId: "p-1",
      version: 1,
      effectiveFrom: "2026-01-01",
      scope
    })
    await refusal(jipan.putPolicyDocument({ dealerGroupId: "grp-east" }, doc({ dealerGroupId: "grp-west" })))
    await refusal(jipan.putPolicyDocument(tenant, doc({ dealerGroupId: "grp-east", storeId: "store-02" })))
    // a store-scoped caller may not set the whole group's policy either
    await refusal(jipan.putPolicyDocument(tenant, doc({ dealerGroupId: "grp-east" })))
    await jipan.putPolicyDocument(tenant, doc({ dealerGroupId: "grp-east", storeId: "store-01" }))
    await jipan.close()
  })

  it("recordVisits refuses a visit of another tenant and writes none of the batch", async () => {
    const jipan = createJipan()
    const visit = (storeId: string, visitId: string) => ({
      tenant: { dealerGroupId: "grp-east", storeId },
      visitId,
      at,
      on: "2026-11-22",
      kind: "walkIn",
      ordinal: "first",
      consultant: "c-wang"
    })
    const before = await snapshot(jipan)
    const e = await refusal(jipan.recordVisits(tenant, [visit("store-01", "v-1"), visit("store-02", "v-2")]))
    assert.deepStrictEqual(
      e.issues.map((i) => i.path),
      ["1.tenant.storeId"]
    )
    assert.strictEqual(await snapshot(jipan), before)
    await jipan.recordVisits(tenant, [visit("store-01", "v-1")])
    assert.notStrictEqual(await snapshot(jipan), before)
    await jipan.close()
  })
})
