// The right of access (#19.6): everything held about one person, recorded as an export; the
// person's own copy as a workbook's tables, masked for anyone else.
import { describe, expect, it } from "@effect/vitest"
import { createJipan, makeTenant, maskReportTable, personalDataTables } from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const at = (day: string) => Date.parse(`${day}T10:00:00+08:00`)
const wang = { id: "c-wang", role: "consultant" as const }
const request = {
  by: { role: "dcrc" as const },
  reason: "PIPL access request 2026-120",
  at: at("2026-12-07"),
  accessId: "access-120"
}

describe("exportPersonalData", () => {
  it("gathers the person's cards, referrals, visits and messages, and records the export", async () => {
    const jipan = createJipan()
    await jipan.handle(tenant, "card-1", {
      _tag: "OpenCard",
      cardId: "card-1",
      storeId: "store-01",
      customerId: "cust-1",
      phone: "139 1234 5678",
      owner: "c-wang",
      source: "walkIn",
      intent: "direct",
      evidence: {},
      by: wang,
      at: at("2026-12-01")
    })
    await jipan.handle(tenant, "card-1", {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: {},
      note: "想要七座车",
      by: wang,
      at: at("2026-12-02")
    })
    await jipan.handleReferral(tenant, "ref-1", {
      _tag: "Register",
      on: "2026-12-03",
      registration: {
        referralId: "ref-1",
        storeId: "store-01",
        consultantId: "c-wang",
        registeredOn: "2026-12-03",
        askedAt: "delivery",
        referrer: { kind: "ownedCustomer", id: "cust-1", phone: "139 1234 5678" },
        referee: { name: "李小红", phone: "137 0000 1111" }
      }
    })
    await jipan.recordVisits(tenant, [
      {
        tenant,
        visitId: "v-1",
        at: at("2026-12-01"),
        on: "2026-12-01",
        kind: "walkIn",
        ordinal: "first",
        consultant: "c-wang",
        phone: "+8613912345678"
      }
    ])
    const data = await jipan.exportPersonalData("grp-east", "13912345678", request)
    expect(data.phone).toBe("+8613912345678")
    expect(data.cards.map((c) => [c.cardId, c.card.history.length])).toEqual([["card-1", 2]])
    expect(data.referrals.map((r) => [r.referralId, r.role])).toEqual([["ref-1", "referrer"]])
    expect(data.visits.map((v) => v.visitId)).toEqual(["v-1"])
    const log = await jipan.auditLog("grp-east", { actions: ["export"] })
    expect(log.records.map((r) => [r.id, r.output, r.subject])).toEqual([
      ["access-120", "json", "person:card-1"]
    ])
    expect(JSON.stringify(log)).not.toContain("13912345678")

    // the person's copy as tables: their note is there for them, masked for anyone else
    const [cards] = personalDataTables(data)
    expect(cards?.rows.map((r) => r.kind)).toEqual(["CardOpened", "ContactLogged"])
    expect(JSON.stringify(cards)).toContain("想要七座车")
    if (cards === undefined) throw new Error("no table")
    expect(
      JSON.stringify(maskReportTable(cards, { role: "consultant", consultantId: "c-li" }))
    ).not.toContain("想要七座车")

    // after the erasure nothing is found for the number
    await jipan.erasePerson("grp-east", "13912345678", {
      ...request,
      by: { role: "supervisor" },
      erasureId: "erase-1"
    })
    const after = await jipan.exportPersonalData("grp-east", "13912345678", {
      ...request,
      accessId: "access-121"
    })
    expect([after.cards.length, after.referrals.length, after.visits.length]).toEqual([0, 0, 0])
  })

  it("refuses a bad phone or a request without a reason", async () => {
    const jipan = createJipan()
    await expect(jipan.exportPersonalData("grp-east", "12345", request)).rejects.toMatchObject({
      _tag: "InvalidInput"
    })
    await expect(
      jipan.exportPersonalData("grp-east", "13912345678", { ...request, reason: "" })
    ).rejects.toMatchObject({
      _tag: "InvalidInput"
    })
  })
})
