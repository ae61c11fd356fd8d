// Complaints on a card (RecordComplaint, HandleComplaint, ResolveComplaint) and the two forms
// the core added: the supervisor's reply form (GET /reports/complaints) and the referral voucher
// statistics (GET /reports/vouchers), over plain HTTP; the refusals as 422 ComplaintRefused
// problems with their fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Api, at, boss, call, openCard, startApi, wang } from "./harness.js"

let api: Api
let supervisor: string
let groupSupervisor: string
let consultant: string
let otherStore: string

beforeAll(async () => {
  api = await startApi()
  supervisor = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
  groupSupervisor = await api.key({ dealerGroupId: "grp-east", role: "supervisor" })
  consultant = await api.key({
    dealerGroupId: "grp-east",
    storeId: "store-01",
    role: "consultant",
    consultantId: "c-wang"
  })
  otherStore = await api.key({ dealerGroupId: "grp-east", storeId: "store-02", role: "supervisor" })
})
afterAll(async () => {
  await api?.close()
})

const command = (key: string, cardId: string, body: unknown) =>
  call(api, "POST", `/cards/${cardId}/commands`, { key, body })

describe("complaints over HTTP", () => {
  it("records, handles and resolves a complaint; the form shows it, open ones with their days", async () => {
    expect((await call(api, "POST", "/cards", { key: consultant, body: openCard("card-cp") })).status).toBe(
      201
    )
    const recorded = await command(consultant, "card-cp", {
      _tag: "RecordComplaint",
      by: wang,
      at: at("2026-11-23T10:00:00+08:00"),
      complaintId: "cp-1",
      category: "sales",
      severity: "medium",
      channel: "call",
      words: "试驾约好了却没车"
    })
    expect(recorded.status, recorded.text).toBe(200)
    expect(recorded.json.events.map((e: { _tag: string }) => e._tag)).toEqual(["ComplaintRecorded"])
    const handled = await command(consultant, "card-cp", {
      _tag: "HandleComplaint",
      by: wang,
      at: at("2026-11-23T15:00:00+08:00"),
      complaintId: "cp-1",
      step: "回电致歉,改约周六试驾"
    })
    expect(handled.status, handled.text).toBe(200)
    // a second complaint stays open
    const second = await command(consultant, "card-cp", {
      _tag: "RecordComplaint",
      by: wang,
      at: at("2026-11-24T10:00:00+08:00"),
      complaintId: "cp-2",
      category: "price",
      severity: "low",
      channel: "showroomVisit",
      words: "报价比隔壁店高"
    })
    expect(second.status, second.text).toBe(200)
    // the supervisor's reply (主管回复) is the supervisor's: a consultant's key cannot act as one
    const asSupervisor = await command(consultant, "card-cp", {
      _tag: "ResolveComplaint",
      by: boss,
      at: at("2026-11-25T10:00:00+08:00"),
      complaintId: "cp-1",
      resolution: "已安排周六试驾",
      satisfied: true
    })
    expect(asSupervisor.status).toBe(403)
    const resolved = await command(supervisor, "card-cp", {
      _tag: "ResolveComplaint",
      by: boss,
      at: at("2026-11-25T10:00:00+08:00"),
      complaintId: "cp-1",
      resolution: "已安排周六试驾",
      satisfied: true
    })
    expect(resolved.status, resolved.text).toBe(200)

    const form = await call(api, "GET", "/reports/complaints?from=2026-11-01&to=2026-11-30", {
      key: supervisor
    })
    expect(form.status, form.text).toBe(200)
    expect(form.json).toMatchObject([
      {
        tenant: { dealerGroupId: "grp-east", storeId: "store-01" },
        cardId: "card-cp",
        consultant: "c-wang",
        complaintId: "cp-1",
        recordedOn: "2026-11-23",
        steps: ["2026-11-23 回电致歉,改约周六试驾"],
        resolvedOn: "2026-11-25",
        reply: "已安排周六试驾",
        satisfied: true,
        daysOpen: 2
      },
      { cardId: "card-cp", complaintId: "cp-2", recordedOn: "2026-11-24", daysOpen: 6 }
    ])
    expect(form.json[1].resolvedOn).toBeUndefined()
    // one day (to defaults to from); a complaint still open from before the window is on it
    const dec = await call(api, "GET", "/reports/complaints?from=2026-12-01", { key: supervisor })
    expect(dec.status, dec.text).toBe(200)
    expect(dec.json.map((r: { complaintId: string }) => r.complaintId)).toEqual(["cp-2"])
    // a group-wide key reads the group; another store's key sees none of store-01's
    const group = await call(api, "GET", "/reports/complaints?from=2026-11-01&to=2026-11-30", {
      key: groupSupervisor
    })
    expect(group.json).toHaveLength(2)
    const other = await call(api, "GET", "/reports/complaints?from=2026-11-01&to=2026-11-30", {
      key: otherStore
    })
    expect(other.status).toBe(200)
    expect(other.json).toEqual([])
    const csv = await call(api, "GET", "/reports/complaints?from=2026-11-01&to=2026-11-30", {
      key: supervisor,
      headers: { accept: "text/csv", "accept-language": "zh-CN" }
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get("content-type")).toContain("text/csv")
    expect(csv.text).toContain("主管回复")
    expect(csv.text).toContain("已安排周六试驾")
  })

  it("refuses a duplicate, unknown or resolved complaint with 422 ComplaintRefused and its fields", async () => {
    const cases = [
      {
        body: {
          _tag: "RecordComplaint",
          by: wang,
          at: at("2026-11-26T10:00:00+08:00"),
          complaintId: "cp-1",
          category: "other",
          severity: "low",
          channel: "call",
          words: "again"
        },
        reason: "duplicate"
      },
      {
        body: {
          _tag: "HandleComplaint",
          by: wang,
          at: at("2026-11-26T10:00:00+08:00"),
          complaintId: "cp-9",
          step: "called"
        },
        reason: "unknown"
      },
      {
        body: {
          _tag: "HandleComplaint",
          by: wang,
          at: at("2026-11-26T10:00:00+08:00"),
          complaintId: "cp-1",
          step: "called"
        },
        reason: "resolved"
      }
    ]
    for (const { body, reason } of cases) {
      const before = await call(api, "GET", "/cards/card-cp", { key: supervisor })
      const r = await command(consultant, "card-cp", body)
      expect(r.status, r.text).toBe(422)
      expect(r.headers.get("content-type")).toContain("application/problem+json")
      expect(r.json).toMatchObject({
        _tag: "ComplaintRefused",
        type: "https://jipan.dev/problems/ComplaintRefused",
        title: "The complaint command is refused",
        data: { complaintId: body.complaintId, reason }
      })
      const after = await call(api, "GET", "/cards/card-cp", { key: supervisor })
      expect(after.json.version).toBe(before.json.version)
    }
    const zh = await call(api, "POST", "/cards/card-cp/commands", {
      key: consultant,
      body: cases[2]?.body,
      headers: { "accept-language": "zh-CN" }
    })
    expect(zh.json.title).toBe("投诉操作被拒绝")
    expect(zh.json.detail).toBe("投诉 cp-1 已结案")
  })

  it("lets supervisor and admin keys read the forms, refuses a consultant's, and a range ending before it starts", async () => {
    for (const path of ["/reports/complaints?from=2026-11-01", "/reports/vouchers?from=2026-11"]) {
      const r = await call(api, "GET", path, { key: consultant })
      expect(r.status, path).toBe(403)
      expect(r.json._tag).toBe("Forbidden")
    }
    for (const path of [
      "/reports/complaints?from=2026-11-30&to=2026-11-01",
      "/reports/vouchers?from=2026-12&to=2026-01"
    ]) {
      const r = await call(api, "GET", path, { key: supervisor })
      expect(r.status, path).toBe(400)
      expect(r.json.errors).toEqual([{ path: "query.to", message: expect.any(String) }])
    }
    for (const [path, failing] of [
      ["/reports/complaints?from=2026-13-01", "query.from"],
      ["/reports/vouchers?from=2026-11-01", "query.from"],
      // YearMonth is 1900-2199
      ["/reports/vouchers?from=2026-01&to=2200-01", "query.to"]
    ] as const) {
      const r = await call(api, "GET", path, { key: supervisor })
      expect(r.status, path).toBe(400)
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(failing)
    }
  })
})

describe("the referral voucher statistics", () => {
  it("counts the vouchers issued by month and referrer, from the ledger", async () => {
    const registered = await call(api, "POST", "/referrals", {
      key: consultant,
      body: {
        on: "2026-10-05",
        registration: {
          referralId: "ref-v",
          storeId: "store-01",
          consultantId: "c-wang",
          registeredOn: "2026-10-05",
          askedAt: "delivery",
          referrer: {
            kind: "ownedCustomer",
            id: "cust-v",
            phone: "+8613812340000",
            customerId: "cust-v",
            deliveryId: "d-v"
          },
          referee: { name: "王五", phone: "+8613987650000" }
        },
        context: {
          refereeConfirmation: { on: "2026-10-06", namedReferrerId: "cust-v" },
          phoneAudit: { on: "2026-10-06", outcome: "realProspect" }
        }
      }
    })
    expect(registered.status, registered.text).toBe(201)
    for (const body of [
      { _tag: "RecordRefereeOrder", on: "2026-10-20", orderId: "o-v" },
      {
        _tag: "RecordRefereeDelivery",
        on: "2026-11-10",
        deliveryId: "d-v9",
        saleKind: "retail",
        units: 1,
        capUsage: { count: 0, valueFen: 0 }
      },
      { _tag: "Approve", on: "2026-12-11" },
      { _tag: "IssueReward", on: "2026-12-12", voucherId: "v-v", choiceId: "accessories" }
    ]) {
      const r = await call(api, "POST", "/referrals/ref-v/commands", { key: supervisor, body })
      expect(r.status, r.text).toBe(200)
    }
    const statistics = await call(api, "GET", "/reports/vouchers?from=2026-10&to=2026-12", {
      key: supervisor
    })
    expect(statistics.status, statistics.text).toBe(200)
    expect(statistics.json).toMatchObject({
      from: "2026-10",
      to: "2026-12",
      rows: [{ month: "2026-12", referrerId: "cust-v", issued: 1, redeemed: 0 }],
      totals: { issued: 1, redeemed: 0, expired: 0, reversed: 0 },
      redemptionRate: 0
    })
    expect(statistics.json.rows[0].issuedFen).toBeGreaterThan(0)
    // one month (to defaults to from): nothing moved in November
    const november = await call(api, "GET", "/reports/vouchers?from=2026-11", { key: supervisor })
    expect(november.json).toMatchObject({ from: "2026-11", to: "2026-11", rows: [] })
    expect(november.json.redemptionRate).toBeUndefined()
    const other = await call(api, "GET", "/reports/vouchers?from=2026-10&to=2026-12", { key: otherStore })
    expect(other.json.rows).toEqual([])
    const xlsx = await fetch(`${api.url}/reports/vouchers?from=2026-10&to=2026-12`, {
      headers: {
        authorization: `Bearer ${supervisor}`,
        accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      }
    })
    expect(xlsx.status).toBe(200)
    const bytes = new Uint8Array(await xlsx.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b])
  })
})
