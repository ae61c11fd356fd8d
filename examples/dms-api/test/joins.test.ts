// The library's joins over HTTP: a referral registered with the referee's phone alone is linked to
// the referee's card when it opens and advanced by the card's order and delivery (sent as card
// commands); the referral search (the core's ReferralQuery as query parameters, cursor pages, bad
// input a 400 with its path); the month's settlement from the store; the close of day; owner mining
// opening the linked card; AlreadyHasCard naming the holding store and consultant.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Api, boss, call, openCard, startApi, vin, wang } from "./harness.js"

let api: Api
let supervisor: string
let admin: string
let consultant: string
let otherStore: string

beforeAll(async () => {
  api = await startApi()
  supervisor = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "supervisor" })
  admin = await api.key({ dealerGroupId: "grp-east", storeId: "store-01", role: "admin" })
  consultant = await api.key({
    dealerGroupId: "grp-east",
    storeId: "store-01",
    role: "consultant",
    consultantId: "c-wang"
  })
  otherStore = await api.key({ dealerGroupId: "grp-east", storeId: "store-02", role: "admin" })
})
afterAll(async () => {
  await api?.close()
})

const base = Date.parse("2026-10-01T10:00:00+08:00")
/** Day n after 2026-10-01, 10:00 Beijing time. */
const atDay = (n: number) => base + n * 86_400_000
const dayOf = (n: number) => new Date(atDay(n) + 8 * 3_600_000).toISOString().slice(0, 10)

const registration = (referralId: string, refereePhone: string, consultantId = "c-wang") => ({
  referralId,
  storeId: "store-01",
  consultantId,
  registeredOn: dayOf(0),
  askedAt: "delivery",
  referrer: { kind: "ownedCustomer", id: "cust-old", phone: "138 0000 0001" },
  referee: { name: "李四", phone: refereePhone }
})

const tags = (events: ReadonlyArray<{ _tag: string }>) => events.map((e) => e._tag)

describe("a referral registered with the phone alone, advanced by the referee's card", () => {
  it("registers without look-ups, is linked when the card opens, ordered and delivered by card commands", async () => {
    // the phone in a national, spaced format: the library normalises it
    const registered = await call(api, "POST", "/referrals", {
      key: supervisor,
      body: { on: dayOf(0), registration: registration("ref-j1", "139 8765 4321") }
    })
    expect(registered.status, registered.text).toBe(201)
    expect(registered.json.state.status).toBe("registered")
    expect(registered.json.state.registration.referee.phone).toBe("+8613987654321")
    expect(tags(registered.json.events)).toContain("ReferralRegistered")

    // the referee's confirmation and the DCRC's audit: what only the caller knows
    const rechecked = await call(api, "POST", "/referrals/ref-j1/commands", {
      key: supervisor,
      body: {
        _tag: "Recheck",
        on: dayOf(1),
        context: {
          existing: [],
          earlierClaims: [],
          refereeConfirmation: { on: dayOf(1), namedReferrerId: "cust-old" },
          phoneAudit: { on: dayOf(1), outcome: "realProspect" }
        }
      }
    })
    expect(rechecked.status, rechecked.text).toBe(200)
    expect(rechecked.json.state.status).toBe("audited")

    const opened = await call(api, "POST", "/cards", {
      key: consultant,
      body: openCard("card-referee", { phone: "+8613987654321", at: atDay(2) })
    })
    expect(opened.status, opened.text).toBe(201)
    expect(opened.json.referralProblems).toEqual([])
    expect(opened.json.referrals).toHaveLength(1)
    const linked = opened.json.referrals[0]
    expect(linked).toMatchObject({
      tenant: { dealerGroupId: "grp-east", storeId: "store-01" },
      referralId: "ref-j1",
      state: { status: "audited", refereeCard: { storeId: "store-01", cardId: "card-referee" } }
    })
    expect(tags(linked.events)).toEqual(["RefereeCardLinked"])

    const ordered = await call(api, "POST", "/cards/card-referee/commands", {
      key: consultant,
      body: { _tag: "PlaceOrder", by: wang, at: atDay(3), orderId: "SO-J1", model: "GL8" }
    })
    expect(ordered.status, ordered.text).toBe(200)
    expect(ordered.json.referrals.map((r: { referralId: string }) => r.referralId)).toEqual(["ref-j1"])
    expect(ordered.json.referrals[0].state.status).toBe("refereeOrdered")

    const delivered = await call(api, "POST", "/cards/card-referee/commands", {
      key: consultant,
      body: {
        _tag: "Deliver",
        by: wang,
        at: atDay(5),
        vehicle: { brand: "Buick", model: "GL8", vin: vin(11) },
        deliveredOn: dayOf(5),
        sale: { kind: "retail", units: 1 }
      }
    })
    expect(delivered.status, delivered.text).toBe(200)
    expect(delivered.json.state.status).toBe("owned")
    expect(delivered.json.referralProblems).toEqual([])
    const moved = delivered.json.referrals[0]
    expect(moved.referralId).toBe("ref-j1")
    expect(tags(moved.events)).toContain("RefereeDelivered")
    expect(["refereeDelivered", "holding"]).toContain(moved.state.status)

    const read = await call(api, "GET", "/referrals/ref-j1", { key: supervisor })
    expect(read.status).toBe(200)
    expect(read.json.version).toBe(moved.version)
    expect(read.json.state.status).toBe(moved.state.status)
  })

  it("mines an owner: MineOwner opens the linked prospect card in the same transaction", async () => {
    const mined = await call(api, "POST", "/cards/card-referee/commands", {
      key: consultant,
      body: {
        _tag: "MineOwner",
        by: wang,
        at: atDay(20),
        kind: "additionalPurchase",
        newCardId: "card-mined",
        source: "referral",
        intent: "direct",
        evidence: { purchaseTimeframeDays: 30 }
      }
    })
    expect(mined.status, mined.text).toBe(200)
    expect(tags(mined.json.events)).toContain("OwnerMined")
    expect(mined.json.linked).toMatchObject({
      cardId: "card-mined",
      version: 1,
      state: { status: "prospect" }
    })
    expect(tags(mined.json.linked.events)).toEqual(["CardOpened"])
    const card = await call(api, "GET", "/cards/card-mined", { key: supervisor })
    expect(card.status).toBe(200)
    expect(card.json.state.owner).toBe("c-wang")
  })

  it("records a survey on the owned card", async () => {
    const survey = await call(api, "POST", "/cards/card-referee/commands", {
      key: supervisor,
      body: {
        _tag: "RecordSurvey",
        by: { id: "dcrc-1", role: "dcrc" },
        at: atDay(21),
        surveyId: "sv-1",
        answers: { satisfaction: "verySatisfied", buyAgain: "over70", recommend: "veryLikely" }
      }
    })
    expect(survey.status, survey.text).toBe(200)
    expect(tags(survey.json.events)).toEqual(["SurveyRecorded"])
  })

  it("refuses a second card for the phone in another store: AlreadyHasCard names the holding store and consultant", async () => {
    const r = await call(api, "POST", "/cards", {
      key: otherStore,
      body: openCard("card-dup", {
        store: "store-02",
        owner: "c-zhou",
        phone: "+8613987654321",
        at: atDay(9)
      })
    })
    expect(r.status, r.text).toBe(409)
    expect(r.headers.get("content-type")).toContain("application/problem+json")
    expect(r.json._tag).toBe("AlreadyHasCard")
    expect(r.json.data).toMatchObject({
      existingCardId: "card-mined",
      existingStoreId: "store-01",
      existingOwner: "c-wang"
    })
    expect(r.json.detail).toContain("store-01")
    expect(r.text.includes("13987654321")).toBe(false)
    const zh = await call(api, "POST", "/cards", {
      key: otherStore,
      headers: { "accept-language": "zh-CN" },
      body: openCard("card-dup", {
        store: "store-02",
        owner: "c-zhou",
        phone: "+8613987654321",
        at: atDay(9)
      })
    })
    expect(zh.json.detail).toContain("门店 store-01")
  })
})

describe("GET /referrals", () => {
  beforeAll(async () => {
    for (const [id, phone, consultantId] of [
      ["ref-j2", "+8613900000002", "c-wang"],
      ["ref-j3", "+8613900000003", "c-li"],
      ["ref-j4", "+8613900000004", "c-wang"]
    ] as const) {
      const r = await call(api, "POST", "/referrals", {
        key: supervisor,
        body: { on: dayOf(0), registration: registration(id, phone, consultantId) }
      })
      expect(r.status, r.text).toBe(201)
    }
  })

  it("finds by the referee's phone in any format, by status and by the linked card", async () => {
    const byPhone = await call(api, "GET", `/referrals?refereePhone=${encodeURIComponent("139 8765 4321")}`, {
      key: supervisor
    })
    expect(byPhone.status, byPhone.text).toBe(200)
    expect(byPhone.json.items.map((r: { referralId: string }) => r.referralId)).toEqual(["ref-j1"])
    expect(byPhone.json.items[0].tenant).toEqual({ dealerGroupId: "grp-east", storeId: "store-01" })
    expect(byPhone.json.next).toBeUndefined()
    const registered = await call(api, "GET", "/referrals?status=registered&status=audited", {
      key: supervisor
    })
    expect(registered.json.items.map((r: { referralId: string }) => r.referralId)).toEqual([
      "ref-j2",
      "ref-j3",
      "ref-j4"
    ])
    const byCard = await call(api, "GET", "/referrals?refereeCardId=card-referee", { key: supervisor })
    expect(byCard.json.items.map((r: { referralId: string }) => r.referralId)).toEqual(["ref-j1"])
  })

  it("pages with next as cursor, each referral once", async () => {
    const seen: Array<string> = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await call(
        api,
        "GET",
        `/referrals?limit=1${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
        { key: supervisor }
      )
      expect(page.status, page.text).toBe(200)
      expect(page.json.items.length).toBeLessThanOrEqual(1)
      seen.push(...page.json.items.map((r: { referralId: string }) => r.referralId))
      cursor = page.json.next
      pages++
    } while (cursor !== undefined && pages < 20)
    expect(seen).toEqual(["ref-j1", "ref-j2", "ref-j3", "ref-j4"])
  })

  it("answers a bad query with 400 and the failing paths", async () => {
    const r = await call(api, "GET", "/referrals?limit=0&refereePhone=not-a-phone&status=bogus", {
      key: supervisor
    })
    expect(r.status, r.text).toBe(400)
    expect(r.headers.get("content-type")).toContain("application/problem+json")
    const paths = r.json.errors.map((e: { path: string }) => e.path)
    expect(paths).toContain("query.limit")
    expect(paths).toContain("query.refereePhone")
    expect(paths.some((p: string) => p.startsWith("query.status"))).toBe(true)
    for (const bad of ["limit=501", "limit=1.5", "cursor=garbage", "refereeCardId="]) {
      const one = await call(api, "GET", `/referrals?${bad}`, { key: supervisor })
      expect(one.status, `${bad}: ${one.text}`).toBe(400)
      expect(one.json.errors[0].path, bad).toBe(`query.${bad.split("=")[0]}`)
    }
  })

  it("shows a consultant's key only its own consultant's referrals", async () => {
    const mine = await call(api, "GET", "/referrals", { key: consultant })
    expect(mine.status).toBe(200)
    expect(mine.json.items.map((r: { referralId: string }) => r.referralId)).toEqual([
      "ref-j1",
      "ref-j2",
      "ref-j4"
    ])
    expect((await call(api, "GET", "/referrals?consultantId=c-li", { key: consultant })).status).toBe(403)
    const elsewhere = await call(api, "GET", "/referrals", { key: otherStore })
    expect(elsewhere.json.items).toEqual([])
  })
})

describe("GET /settlements/{month}", () => {
  it("settles the month from the store alone (supervisor keys)", async () => {
    const r = await call(api, "GET", `/settlements/${dayOf(5).slice(0, 7)}`, { key: supervisor })
    expect(r.status, r.text).toBe(200)
    expect(r.json.month).toBe(dayOf(5).slice(0, 7))
    expect(Array.isArray(r.json.lines)).toBe(true)
    expect(typeof r.json.totalFen).toBe("number")
    expect(Array.isArray(r.json.problems)).toBe(true)
    // the POST form reads the same store and adds the caller's contacts: no contacts, the same statement
    const posted = await call(api, "POST", `/settlements/${dayOf(5).slice(0, 7)}`, {
      key: supervisor,
      body: {}
    })
    expect(posted.status, posted.text).toBe(200)
    expect(posted.json).toEqual(r.json)
    expect((await call(api, "GET", "/settlements/2026-11", { key: consultant })).status).toBe(403)
    const bad = await call(api, "GET", "/settlements/2026-13", { key: supervisor })
    expect(bad.status).toBe(400)
    expect(bad.json.errors[0].path).toBe("params.month")
  })
})

describe("POST /days/{day}/close", () => {
  it("lowers an overdue prospect one grade with the lapse rule's id, and changes nothing the second time", async () => {
    const opened = await call(api, "POST", "/cards", {
      key: supervisor,
      body: openCard("card-lapse", { phone: "+8613900000099", at: atDay(0) })
    })
    expect(opened.status, opened.text).toBe(201)
    const regraded = await call(api, "POST", "/cards/card-lapse/commands", {
      key: supervisor,
      body: {
        _tag: "Regrade",
        by: boss,
        at: atDay(0) + 60_000,
        grade: "A",
        justification: "met the customer"
      }
    })
    expect(regraded.status, regraded.text).toBe(200)
    // A is due after 4 days; the downgrade step applies from 7 days overdue (day 11)
    const night = atDay(11) + 12 * 3_600_000
    expect(
      (await call(api, "POST", `/days/${dayOf(11)}/close`, { key: supervisor, body: { at: night } })).status
    ).toBe(403)
    const closed = await call(api, "POST", `/days/${dayOf(11)}/close`, { key: admin, body: { at: night } })
    expect(closed.status, closed.text).toBe(200)
    expect(closed.json.day).toBe(dayOf(11))
    expect(closed.json.lapsed).toContainEqual({
      tenant: { dealerGroupId: "grp-east", storeId: "store-01" },
      cardId: "card-lapse",
      from: "A",
      to: "B",
      ruleId: "followUp.lapse.downgrade"
    })
    // the API has no notification directory: grades and vouchers only
    expect(closed.json.messages).toEqual([])
    expect(Array.isArray(closed.json.vouchersExpired)).toBe(true)
    expect(Array.isArray(closed.json.problems)).toBe(true)
    const card = await call(api, "GET", "/cards/card-lapse", { key: supervisor })
    expect(card.json.state.grade).toBe("B")
    expect(card.json.history.at(-1)).toMatchObject({ _tag: "GradeLapsed", from: "A", grade: "B" })

    const again = await call(api, "POST", `/days/${dayOf(11)}/close`, {
      key: admin,
      body: { at: night + 60_000 }
    })
    expect(again.status, again.text).toBe(200)
    expect(again.json.lapsed).toEqual([])
    expect((await call(api, "GET", "/cards/card-lapse", { key: supervisor })).json.version).toBe(
      card.json.version
    )

    // another store's close leaves store-01 alone
    const other = await call(api, "POST", `/days/${dayOf(30)}/close`, {
      key: otherStore,
      body: { at: atDay(30) }
    })
    expect(other.status, other.text).toBe(200)
    expect(other.json.lapsed).toEqual([])
  })

  it("answers a bad day or instant with 400 and the path", async () => {
    const day = await call(api, "POST", "/days/2026-02-30/close", { key: admin, body: { at: atDay(1) } })
    expect(day.status).toBe(400)
    expect(day.json.errors.map((e: { path: string }) => e.path)).toContain("params.day")
    const at = await call(api, "POST", `/days/${dayOf(1)}/close`, { key: admin, body: { at: 1.5 } })
    expect(at.status).toBe(400)
    expect(at.json.errors.map((e: { path: string }) => e.path)).toContain("payload.at")
  })
})
