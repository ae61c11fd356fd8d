// Consent records as stored data (#19.2): per person, purpose and channel, with evidence; the rule
// that reads them, the close of day and the erasure.
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as C from "../../src/index.js"
import {
  type ConsentEntry,
  type ConsentPurpose,
  createJipan,
  makeTenant,
  type NotificationDirectory,
  type PhoneNumber,
  personConsentAt
} from "../../src/index.js"

const group = "grp-east" as never
const phone = "+8613800001234" as PhoneNumber
const entry = (
  id: string,
  status: "granted" | "withdrawn",
  at: number,
  purpose: ConsentPurpose = "careContact",
  channel = "sms"
): ConsentEntry => ({
  id,
  dealerGroupId: group,
  phone,
  purpose,
  channel,
  status,
  at,
  evidence: { capturedBy: "c-wang" }
})

describe("personConsentAt", () => {
  it("reads the latest record of the purpose on the channel or every channel; a withdrawal wins a tie", () => {
    const entries = [
      entry("1", "granted", 10),
      entry("2", "withdrawn", 20, "careContact", "*"),
      entry("3", "granted", 30, "marketing")
    ]
    expect(personConsentAt(entries, "careContact", "sms", 15)._tag).toBe("Granted")
    expect(personConsentAt(entries, "careContact", "sms", 25)._tag).toBe("Withdrawn")
    expect(personConsentAt(entries, "marketing", "sms", 25)._tag).toBe("NoConsent")
    expect(personConsentAt(entries, "marketing", "sms", 30)._tag).toBe("Granted")
    expect(
      personConsentAt([entry("a", "granted", 5), entry("b", "withdrawn", 5)], "careContact", "sms", 5)._tag
    ).toBe("Withdrawn")
  })

  it("property: the decision is the status of the latest applicable record, whatever the order given", () => {
    const rec = fc.record({
      status: fc.constantFrom<"granted" | "withdrawn">("granted", "withdrawn"),
      at: fc.integer({ min: 0, max: 50 }),
      purpose: fc.constantFrom<ConsentPurpose>("careContact", "marketing"),
      channel: fc.constantFrom("sms", "*", "email")
    })
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 8 }), fc.integer({ min: 0, max: 60 }), (rs, at) => {
        const entries = rs.map((r, i) => entry(`e-${i}`, r.status, r.at, r.purpose, r.channel))
        const applicable = entries.filter(
          (e) => e.purpose === "careContact" && e.at <= at && (e.channel === "sms" || e.channel === "*")
        )
        const d = personConsentAt([...entries].reverse(), "careContact", "sms", at)
        if (applicable.length === 0) expect(d._tag).toBe("NoConsent")
        else {
          const last = Math.max(...applicable.map((e) => e.at))
          const atLast = applicable.filter((e) => e.at === last)
          expect(d._tag).toBe(atLast.some((e) => e.status === "withdrawn") ? "Withdrawn" : "Granted")
        }
      })
    )
  })
})

describe("the consent ledger in the close of day and the erasure", () => {
  const tenant = makeTenant("grp-east", "store-01")
  const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`)
  const wang = { id: "c-wang", role: "consultant" as const }
  const directory: NotificationDirectory = {
    store: () => ({ name: "东方别克" }),
    consultant: (id) => ({ id, name: "王", channel: "wecom" }),
    supervisors: () => [],
    // cust-1 is reached on 138 0000 1234, cust-2 on 138 0000 1235
    customer: (id) => ({
      id,
      name: "陈先生",
      channel: "sms",
      to: [`1380000123${3 + Number(id.slice(5))}`],
      customerId: id
    })
  }

  it("writes no care message to a person who withdrew care consent; the erasure takes the phone out of the ledger", async () => {
    const jipan = createJipan()
    for (const i of [1, 2]) {
      const id = `card-${i}`
      await jipan.handle(tenant, id, {
        _tag: "OpenCard",
        cardId: id,
        storeId: "store-01",
        customerId: `cust-${i}`,
        phone: `138 0000 123${3 + i}`,
        owner: "c-wang",
        source: "walkIn",
        intent: "direct",
        evidence: {},
        by: wang,
        at: at("2026-10-01")
      })
      await jipan.handle(tenant, id, {
        _tag: "PlaceOrder",
        orderId: `SO-${i}`,
        model: "GL8",
        by: wang,
        at: at("2026-10-02")
      })
      await jipan.handle(tenant, id, {
        _tag: "Deliver",
        vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
        deliveredOn: "2026-10-03",
        by: wang,
        at: at("2026-10-03")
      })
    }
    await jipan.recordConsent([
      { ...entry("c-1", "granted", at("2026-10-03")), phone: "13800001234" } as never,
      { ...entry("c-2", "withdrawn", at("2026-10-05")), phone: "0086 138 0000 1234" } as never
    ])
    expect((await jipan.consentOf("grp-east", "138-0000-1234")).map((e) => [e.id, e.phone])).toEqual([
      ["c-1", "+8613800001234"],
      ["c-2", "+8613800001234"]
    ])
    // the care cadence has contacts after the delivery (day 7, month 1…): none written as messages
    const written: Array<string> = []
    for (const day of ["2026-10-04", "2026-10-10", "2026-11-03"])
      written.push(
        ...(await jipan.closeDay({ dealerGroupId: "grp-east" }, day, at(day, 23), { directory })).messages
      )
    // cust-2 (no record: the dispatcher decides) gets its messages written; cust-1 withdrew: none
    expect(written.some((m) => m.includes("cust-2"))).toBe(true)
    expect(written.filter((m) => m.includes("cust-1"))).toEqual([])
    const erased = await jipan.erasePerson("grp-east", "13800001234", {
      by: { role: "supervisor" },
      reason: "PIPL request 1",
      at: at("2026-11-10"),
      erasureId: "e-1"
    })
    expect(erased.consents).toBe(2)
    expect(await jipan.consentOf("grp-east", "13800001234")).toEqual([])
    await expect(jipan.recordConsent([{ id: "" } as never])).rejects.toMatchObject({ _tag: "InvalidInput" })
  })
})

describe("outboxSubjectsOf", () => {
  it("names the phones a message goes to and the card, customer and referral ids its data holds", () => {
    const { outboxSubjectsOf } = C
    expect(
      outboxSubjectsOf({
        payload: {
          to: ["138 0000 1234", "a@b.cn"],
          consentOf: "cust-1",
          data: {
            kind: "cardAssigned",
            card: { cardId: "card-1", phone: "+8613800001234" },
            referralId: "ref-1"
          }
        }
      })
    ).toEqual(["+8613800001234", "card-1", "cust-1", "ref-1"])
    expect(outboxSubjectsOf({ payload: null })).toEqual([])
  })
})
