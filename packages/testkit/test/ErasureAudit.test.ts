// A gap the erasure property found once CorrectPersonalData joined the random histories, kept as an
// example: the audit record of a correction must not copy the command's reason (it may name the
// person, and the erasure redacts the card's event, not the log).
import { layerMemory } from "@jipan/core"
import { afterAll, describe, expect, it } from "vitest"
import { facadeOn, freshTenant, openCommand, START } from "../src/index.js"

describe("an erasure and the audit log (memory)", () => {
  const jipan = facadeOn(() => layerMemory)
  afterAll(() => jipan.close())

  it("an erasure leaves no correction reason in the audit log", async () => {
    const tenant = freshTenant()
    const reason = "王小明本人来电, 旧号码 13800001111 已停用"
    await jipan.handle(tenant, "card-0001", openCommand(tenant, 1))
    await jipan.handle(tenant, "card-0001", {
      _tag: "CorrectPersonalData",
      correction: { field: "birthday", birthday: { month: 5, day: 17 } },
      reason,
      by: { id: "c-wang", role: "consultant" },
      at: START + 60_000
    })
    const card = await jipan.card(tenant, "card-0001")
    await jipan.erasePerson(tenant.dealerGroupId, String(card.state.phone), {
      by: { role: "dcrc" },
      reason: "PIPL request",
      at: START + 120_000,
      erasureId: "erase-1"
    })
    // the card no longer holds it …
    expect(JSON.stringify(await jipan.card(tenant, "card-0001"))).not.toContain(reason)
    // … nor does the audit log, which still records the correction
    const log = await jipan.auditLog(tenant.dealerGroupId)
    expect(JSON.stringify(log)).not.toContain(reason)
    expect(log.records.map((r) => r.action)).toEqual(["correct", "erase"])
  })
})
