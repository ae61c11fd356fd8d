import { readFileSync } from "node:fs"
import type { ChannelMessage } from "@jipan/core"
import { describe, expect, it } from "vitest"
import { openCard, refusalOf, saveCall } from "./dms-cards.js"
import { channel, dailyReportXlsx, nightly, settle } from "./dms-nightly.js"
import { approveAndIssue, dcrcAudit, registerReferral } from "./dms-referrals.js"
import { deliver, placeOrder, recordSurvey } from "./dms-sales.js"
import { consentRecords, memoryJipan, pgliteJipan } from "./dms-setup.js"

const at = (day: string, time = "10:00") => Date.parse(`${day}T${time}:00+08:00`)
const tags = (h: {
  readonly referrals: ReadonlyArray<{ readonly events: ReadonlyArray<{ readonly _tag: string }> }>
}) => h.referrals.flatMap((r) => r.events.map((e) => e._tag))

describe("integrating a DMS with the Promise facade", () => {
  it("walks a card and a referral end to end", async () => {
    const jipan = memoryJipan()
    const store1 = { dealerGroupId: "grp-east", storeId: "store-01" }

    // 1. A walk-in: the reception form opens a card, the phone typed with spaces
    const chen = {
      customerId: "cust-chen",
      storeId: "store-01",
      consultantId: "c-wang",
      phone: "138 1234 5678",
      source: "walkIn",
      buysWithinDays: 10,
      visitedAt: at("2026-09-01")
    } as const
    const opened = await openCard(jipan, "card-101", chen)
    expect([
      opened.state.status,
      opened.state.phone,
      opened.state.grade,
      opened.state.nextContactDue
    ]).toEqual(["prospect", "+8613812345678", "C", "2026-09-04"])

    // the same customer walks into the sister store: one open card per phone in the group
    const twice = await openCard(jipan, "card-301", {
      ...chen,
      storeId: "store-02",
      consultantId: "c-li",
      phone: "+86 138-1234-5678"
    }).catch(refusalOf)
    expect(twice).toEqual({
      kind: "alreadyHasCard",
      cardId: "card-101",
      storeId: "store-01",
      consultant: "c-wang"
    })

    // a phone that is no phone: the field to fix
    const typo = await openCard(jipan, "card-102", {
      ...chen,
      customerId: "cust-x",
      phone: "138 1234"
    }).catch(refusalOf)
    expect(typo).toEqual({
      kind: "fix",
      fields: { phone: "Expected a valid phone number, e.g. 138 1234 5678 or +86 138-1234-5678" }
    })

    // two screens edited version 1; the second save is refused, nothing written
    const first = await saveCall(jipan, "store-01", "card-101", {
      version: 1,
      consultantId: "c-wang",
      at: at("2026-09-02"),
      modelChosen: true
    })
    const stale = await saveCall(jipan, "store-01", "card-101", {
      version: 1,
      consultantId: "c-wang",
      at: at("2026-09-02", "11:00"),
      modelChosen: false
    }).catch(refusalOf)
    expect([first.version, first.state.grade, first.state.nextContactDue, stale]).toEqual([
      2,
      "B",
      "2026-09-09",
      { kind: "reload", yours: 1, current: 2 }
    ])

    // 2. An owned customer refers a friend: the referee's phone alone
    const registered = await registerReferral(jipan, {
      referralId: "ref-1",
      storeId: "store-01",
      consultantId: "c-wang",
      on: "2026-09-03",
      referrer: { customerId: "cust-zhang", phone: "139 0000 0001" },
      referee: { name: "李四", phone: "186 0000 1111" }
    })
    expect([registered.state.status, registered.state.pendingUntil]).toEqual(["registered", "2026-09-10"])
    const found = await jipan.findReferrals(
      { dealerGroupId: "grp-east" },
      { refereePhone: "+86 186 0000 1111" }
    )
    expect(found.items.map((f) => [f.referralId, f.state.status])).toEqual([["ref-1", "registered"]])

    // 3. The DCRC calls the referee
    const audited = await dcrcAudit(jipan, "store-01", "ref-1", {
      on: "2026-09-05",
      namedReferrer: "cust-zhang",
      outcome: "realProspect"
    })
    expect(audited.state.status).toBe("audited")

    // 4. The referee walks in: the card links the referral, and drives it
    const li = await openCard(jipan, "card-201", {
      customerId: "cust-li",
      storeId: "store-01",
      consultantId: "c-wang",
      phone: "18600001111",
      source: "referral",
      visitedAt: at("2026-09-06")
    })
    expect(tags(li)).toEqual(["RefereeCardLinked"])
    const ordered = await placeOrder(jipan, "store-01", "card-201", {
      orderId: "SO-2026-0917",
      model: "GL8",
      consultantId: "c-wang",
      at: at("2026-09-10")
    })
    expect(tags(ordered)).toEqual(["RefereeOrdered"])
    const delivered = await deliver(jipan, "store-01", "card-201", {
      vin: "LSVAU2187N2123456",
      model: "GL8",
      deliveredOn: "2026-09-20",
      consultantId: "c-wang",
      at: at("2026-09-20"),
      fleet: { customer: "东方物流", units: 3 }
    })
    expect(tags(delivered)).toEqual(["RefereeDelivered", "HoldingStarted"])
    const holding = delivered.referrals.at(-1)?.state
    expect([holding?.status, holding?.holdUntil, holding?.earned?.valueFen]).toEqual([
      "holding",
      "2026-10-20",
      30_000
    ])

    // 5. The survey
    const surveyed = await recordSurvey(jipan, "store-01", "card-201", {
      surveyId: "sv-201",
      at: at("2026-09-25"),
      satisfaction: "verySatisfied"
    })
    expect(surveyed.events.map((e) => e._tag)).toEqual(["SurveyRecorded"])

    // 6. Approve too early, then after the holding window, and issue the voucher
    const early = await approveAndIssue(jipan, "store-01", "ref-1", {
      on: "2026-10-15",
      voucherId: "V-0001",
      choiceId: "accessories"
    }).catch(refusalOf)
    expect(early).toEqual({
      kind: "refused",
      tag: "StillHolding",
      message: "The order-cancellation window runs until 2026-10-20; approve from the day after"
    })
    const issued = await approveAndIssue(jipan, "store-01", "ref-1", {
      on: "2026-10-21",
      voucherId: "V-0001",
      choiceId: "accessories"
    })
    expect([issued.state.status, issued.ledger.map((l) => [l.kind, l.amountFen])]).toEqual([
      "rewardIssued",
      [["issued", 30_000]]
    ])

    // 7. The month's settlement from the store
    const september = await settle(jipan, "2026-09")
    const october = await settle(jipan, "2026-10")
    expect([september.lines.map((l) => [l.lineId, l.amountFen]), september.totalFen]).toEqual([
      [["cvp:c-wang:fleet", 3_000]],
      3_000
    ])
    expect([october.lines.map((l) => [l.lineId, l.amountFen]), october.totalFen]).toEqual([
      [
        ["ledger:V-0001:issued", 30_000],
        ["yty:card-201:yty.penalty", -5_000]
      ],
      25_000
    ])

    // 8. The nightly close of day, and the dispatcher
    consentRecords.push({
      customerId: "cust-li",
      channel: "sms",
      status: "granted",
      at: at("2026-09-20"),
      source: "delivery form"
    })
    const wecom: Array<ChannelMessage> = []
    const sms: Array<ChannelMessage> = []
    const channels = [
      channel("wecom", async (m) => void wecom.push(m)),
      channel("sms", async (m) => void sms.push(m))
    ]
    const care = await jipan.careDue(store1, "2026-10-31")
    expect(care.map((c) => [c.cardId, c.ruleId, c.on])).toEqual([
      ["card-201", "care.midAutumn", "2026-09-25"],
      ["card-201", "care.day7", "2026-09-28"],
      ["card-201", "care.month1", "2026-10-20"]
    ])
    const night = await nightly(jipan, "2026-09-28", channels)
    expect([
      night.closed.lapsed.map((l) => [l.cardId, l.from, l.to, l.ruleId]),
      night.closed.messages
    ]).toEqual([
      [["card-101", "B", "C", "followUp.lapse.downgrade"]],
      ["close:careContact:grp-east/store-01:card-201:care.day7:2026-09-28:sms:cust-li"]
    ])
    expect(night.claimed).toBe(3)
    expect(wecom.map((m) => m.text)).toEqual([
      "王磊：新建的客户卡已分配给您：陈** 138****5678 (card-101)，级别 C，应回访 2026-09-04",
      "王磊：新建的客户卡已分配给您：李** 186****1111 (card-201)，级别 N，应回访 2026-09-07"
    ])
    // the customer's SMS goes out within customer hours (09:00–20:00 in Shanghai) by the real clock,
    // else it waits for the morning; consent is granted, so it is never skipped
    const careSms = (await jipan.outbox(store1)).find((m) => m.topic === "notify.careContact")
    expect(careSms?.status === "sent" ? sms.length : careSms?.lastError?.slice(0, 11)).toBe(
      careSms?.status === "sent" ? 1 : "quiet hours"
    )
    const again = await nightly(jipan, "2026-09-28", channels)
    expect([again.closed.lapsed, again.claimed]).toEqual([[], 0])

    // 9. The daily report as XLSX
    const xlsx = await dailyReportXlsx(jipan, "store-01", "2026-09-01", "2026-09-30")
    expect(xlsx.subarray(0, 2).toString()).toBe("PK")
    await jipan.close()
  })

  it("runs on embedded PGlite as on PostgreSQL: the same SQL, migrations on first use", {
    timeout: 60_000
  }, async () => {
    const jipan = pgliteJipan()
    const opened = await openCard(jipan, "card-101", {
      customerId: "cust-chen",
      storeId: "store-01",
      consultantId: "c-wang",
      phone: "0086 138 1234 5678",
      source: "walkIn",
      visitedAt: at("2026-09-01")
    })
    const read = await jipan.card({ dealerGroupId: "grp-east", storeId: "store-01" }, "card-101")
    expect([read.version, read.state.phone]).toEqual([opened.version, "+8613812345678"])
    await jipan.close()
  })
})

describe("the guide shows the snippets exactly", () => {
  it("docs/integrate-a-dms.md holds each file as it is compiled and run", () => {
    const page = readFileSync(new URL("../integrate-a-dms.md", import.meta.url), "utf8")
    for (const file of [
      "dms-setup.ts",
      "dms-cards.ts",
      "dms-referrals.ts",
      "dms-sales.ts",
      "dms-nightly.ts",
      "integrate-a-dms.test.ts"
    ])
      expect(page).toContain(`\`\`\`ts\n${readFileSync(new URL(`./${file}`, import.meta.url), "utf8")}\`\`\``)
  })
})
