// The personal-information map (#19.1): every field of every schema Jipan keeps is classified, and
// the classification of the fields that identify a person is what PIPL asks.

import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as C from "../../src/index.js"

// the leaf and inner field names of a schema, walking its AST (structs, unions, arrays)
const fieldsOf = (ast: unknown, out: Set<string>, depth = 0): Set<string> => {
  const node = ast as {
    _tag?: string
    propertySignatures?: ReadonlyArray<{ name: PropertyKey; type: unknown }>
    types?: ReadonlyArray<unknown>
    elements?: ReadonlyArray<unknown>
    rest?: ReadonlyArray<unknown>
  }
  if (depth > 16 || node === undefined) return out
  if (node._tag === "Objects")
    for (const ps of node.propertySignatures ?? []) {
      out.add(String(ps.name))
      fieldsOf(ps.type, out, depth + 1)
    }
  if (node._tag === "Union") for (const t of node.types ?? []) fieldsOf(t, out, depth + 1)
  if (node._tag === "Arrays")
    for (const e of [...(node.elements ?? []), ...(node.rest ?? [])]) fieldsOf(e, out, depth + 1)
  return out
}

const schemas = {
  CardEvent: C.CardEvent,
  CardCommand: C.CardCommand,
  ReferralRegistration: C.ReferralRegistration,
  ReferralCommand: C.ReferralCommand,
  ValidityContext: C.ValidityContext,
  ReferralQuery: C.ReferralQuery,
  ShowroomVisit: C.ShowroomVisit,
  Survey: C.Survey,
  ReportedEvent: C.ReportedEvent,
  LedgerEntry: C.LedgerEntry,
  ConsentEntry: C.ConsentEntry,
  AccessRecord: C.AccessRecord
} as const

describe("the personal-information map", () => {
  it("walks the schemas down to their nested fields", () => {
    expect(fieldsOf(C.CardEvent.ast, new Set()).has("vin")).toBe(true)
    expect(fieldsOf(C.ReferralRegistration.ast, new Set()).has("name")).toBe(true)
    expect(fieldsOf(C.CardCommand.ast, new Set()).size).toBeGreaterThan(60)
  })

  it.each(Object.entries(schemas))("classifies every field of %s", (_, schema) => {
    const unclassified = [...fieldsOf(schema.ast, new Set())].filter((f) => C.dataClassOf(f) === undefined)
    expect(unclassified).toEqual([])
  })

  it("classifies every field of card states, card facts and outbox messages", () => {
    const tenant = C.makeTenant("grp-east", "store-01")
    const message: C.OutboxMessage = {
      id: "m-1",
      idempotencyKey: "k",
      tenant,
      topic: "t",
      recipient: "r",
      payload: {},
      availableAt: 0,
      status: "pending",
      attempts: 0,
      lastError: undefined
    }
    const keys = [
      ...Object.keys(C.initialCardState),
      ...Object.keys(C.cardFactsOf(tenant, "card-1" as C.CardId, C.initialCardState)),
      ...Object.keys(message)
    ]
    expect(keys.filter((k) => C.dataClassOf(k) === undefined)).toEqual([])
  })

  it("calls personal what identifies or describes a person, and nothing else", () => {
    for (const path of [
      "phone",
      "registration.referee.name",
      "birthday",
      "vehicle.vin",
      "words",
      "note",
      "recipient",
      "payload"
    ])
      expect(C.dataClassOf(path), path).toBe("personal")
    for (const path of ["grade", "cardId", "customerId", "amountFen", "deliveredOn", "status"])
      expect(C.dataClassOf(path), path).toBe("none")
    expect(C.dataClassOf("shoeSize")).toBeUndefined()
  })
})

describe("masking by role", () => {
  const wang: C.Viewer = { role: "consultant", consultantId: "c-wang" }
  const li: C.Viewer = { role: "consultant", consultantId: "c-li" }
  const viewers: ReadonlyArray<[string, C.Viewer, boolean]> = [
    ["the owning consultant", wang, true],
    ["another consultant", li, false],
    ["the supervisor", { role: "supervisor" }, true],
    ["the DCRC", { role: "dcrc" }, true],
    ["an admin", { role: "admin" }, true],
    ["the system", { role: "system" }, false]
  ]
  it.each(viewers)("%s sees a customer's phone, name and words as the matrix says", (_, viewer, sees) => {
    const phone = C.maskedFor(viewer, "c-wang", "phone", "+8613812345678")
    const name = C.maskedFor(viewer, "c-wang", "registration.referee.name", "陈小明")
    const words = C.maskedFor(viewer, "c-wang", "words", "保养等了三个小时")
    expect([phone, name, words]).toEqual(
      sees ? ["+8613812345678", "陈小明", "保养等了三个小时"] : ["138****5678", "陈**", "***"]
    )
    // what is not personal is never masked
    expect(C.maskedFor(viewer, "c-wang", "grade", "A")).toBe("A")
  })
  it("masks a one-character name or word whole", () => {
    expect(C.maskName("王")).toBe("*")
    expect(C.maskName("Li Bo")).toBe("L* B*")
  })
  it("masks a mainland mobile in E.164 as people write it", () => {
    expect(C.maskPhone("+8613812345678")).toBe("138****5678")
    expect(C.maskPhone("13812345678")).toBe("138****5678")
  })
})

describe("masking values and report tables", () => {
  const li: C.Viewer = { role: "consultant", consultantId: "c-li" }
  it("masks every personal field of a nested value, whatever its depth, and leaves the rest", () => {
    const card = {
      cardId: "card-1",
      state: {
        grade: "A",
        customer: { name: "陈大文", phone: "+8613812345678", birthday: "1980-02-01" },
        contacts: [{ on: "2026-12-01", note: "说周末带太太来" }],
        vehicle: { vin: "LFV3A23C1J3123456", model: "Q5" }
      }
    }
    const masked = C.maskPersonal(card, li, "c-wang")
    expect(masked).toEqual({
      cardId: "card-1",
      state: {
        grade: "A",
        customer: { name: "陈**", phone: "138****5678", birthday: "***" },
        contacts: [{ on: "2026-12-01", note: "***" }],
        vehicle: { vin: "***", model: "Q5" }
      }
    })
    // the owner sees it as it is, and the value itself is never changed
    expect(C.maskPersonal(card, { role: "consultant", consultantId: "c-wang" }, "c-wang")).toBe(card)
    expect(card.state.customer.name).toBe("陈大文")
  })

  it("property: no personal string survives masking for a viewer who may not see it", () => {
    const word = fc
      .string({ minLength: 2, maxLength: 12 })
      .filter((s) => !s.includes("*") && s.trim() === s && !s.includes(" "))
    fc.assert(
      fc.property(
        word,
        word,
        fc.constantFrom("note", "words", "vin", "birthday", "reason"),
        (name, text, field) => {
          const value = { a: [{ name, [field]: text }], b: { nested: { name } } }
          // every string left in the masked value (keys are field names, not data)
          const leaves: Array<string> = []
          const walk = (v: unknown): void => {
            if (typeof v === "string") leaves.push(v)
            else if (v !== null && typeof v === "object") for (const x of Object.values(v)) walk(x)
          }
          walk(C.maskPersonal(value, { role: "system" }, undefined))
          expect(leaves).not.toContain(text)
          expect(leaves).not.toContain(name)
        }
      )
    )
  })

  it("masks a report table's personal columns row by row, by the row's consultant", () => {
    const table: C.ReportTable = {
      id: "t",
      title: { "zh-CN": "表", en: "Table" },
      columns: [
        { key: "consultant", label: { "zh-CN": "顾问", en: "Consultant" }, kind: "text" },
        { key: "phone", label: { "zh-CN": "电话", en: "Phone" }, kind: "text" },
        { key: "grade", label: { "zh-CN": "级别", en: "Grade" }, kind: "text" }
      ],
      rows: [
        { consultant: "c-li", phone: "+8613812345678", grade: "A" },
        { consultant: "c-wang", phone: "+8613987654321", grade: "B" }
      ]
    }
    expect(C.maskReportTable(table, li).rows).toEqual([
      { consultant: "c-li", phone: "+8613812345678", grade: "A" },
      { consultant: "c-wang", phone: "139****4321", grade: "B" }
    ])
    expect(C.maskReportTable(table, { role: "supervisor" })).toEqual(table)
    expect(C.maskReportTable(table, { role: "system" }).rows.map((r) => r.phone)).toEqual([
      "138****5678",
      "139****4321"
    ])
  })
})

describe("accessRecordOf", () => {
  const access: C.PersonalDataAccess = {
    at: Date.parse("2026-12-07T10:00:00+08:00"),
    viewer: { role: "consultant", consultantId: "c-wang" },
    action: "unmask",
    output: "xlsx",
    subject: "card:store-01/card-1",
    reason: "month-end review"
  }
  it("makes the audit record of an access, with its id and tenant, as the audit log reads it back", () => {
    const r = C.accessRecordOf(access, { id: "unmask-1", dealerGroupId: "grp-east", storeId: "store-01" })
    expect(r).toEqual(
      C.decodeAccessRecord({ ...access, id: "unmask-1", dealerGroupId: "grp-east", storeId: "store-01" })
    )
    expect(r._tag).toBe("Success")
    const groupWide = C.accessRecordOf(
      { ...access, viewer: { role: "admin", consultantId: undefined } },
      {
        id: "unmask-2",
        dealerGroupId: "grp-east"
      }
    )
    expect(groupWide._tag === "Success" && groupWide.success).toEqual({
      ...access,
      viewer: { role: "admin" },
      id: "unmask-2",
      dealerGroupId: "grp-east"
    })
  })
  it("refuses, at its path, what the record could not hold", () => {
    const r = C.accessRecordOf({ ...access, reason: "" }, { id: "a b", dealerGroupId: "grp-east" })
    expect(r._tag === "Failure" && r.failure.issues.map((i) => i.path)).toEqual(["id", "reason"])
  })
})
