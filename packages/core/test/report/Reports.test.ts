// The supervisor's forms, findings and analytics: example tests on hand-checked small histories.
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import {
  analytics,
  analyticsTables,
  type CardCommand,
  type CardEvent,
  type CardHistory,
  type CardId,
  type ConsultantId,
  cardFactsOf,
  customerCardForm,
  customerCardFormTables,
  dailyReport,
  dailyReportTable,
  decideCard,
  defaultPolicy,
  type Finding,
  findingMessage,
  findings,
  findingsTable,
  foldCard,
  formConsistency,
  maskReportTable,
  progressControlReportTable,
  progressControlTable,
  type ReportReferral,
  type YearMonth
} from "../../src/index.js"
import { at, day, rowsOf, simulateCard, tenant, visitOf } from "../reportFixtures.js"

const wang = "c-wang" as ConsultantId
const october = { from: day("2026-10-01"), to: day("2026-10-31") }
const planA = {
  cardId: "card-1",
  owner: wang,
  source: "walkIn" as const,
  openOn: day("2026-10-03"),
  daysToPurchase: 40,
  orderAtDaysLeft: 3
}
// C grade for good (60 days out), contacted every 2 days until the 20th, then forgotten
const planB = {
  cardId: "card-2",
  owner: wang,
  source: "phoneIn" as const,
  openOn: day("2026-10-05"),
  daysToPurchase: 60,
  orderAtDaysLeft: 3,
  fixedTimeframeDays: 60,
  stopContactsOn: day("2026-10-20")
}
const cardA = simulateCard(planA, day("2026-10-31"))
const cardB = simulateCard(planB, day("2026-10-31"))
const { events, spans } = rowsOf([cardA, cardB])

const then = (history: Array<CardEvent>, command: CardCommand) => {
  const r = decideCard(command, foldCard(history), defaultPolicy)
  if (Result.isFailure(r)) throw new Error(r.failure.message)
  history.push(...r.success)
}

describe("daily business report (营业日报表)", () => {
  const report = dailyReport(
    { range: october, events, spans, visits: [visitOf(planA)], referrals: [] },
    defaultPolicy
  )
  const total = (d: string) => report.totals.find((t) => t.on === d)

  it("counts the opening day: a first walk-in, a walk-in card, the test drive on record, carding rate 1", () => {
    const d3 = total("2026-10-03")
    assert.strictEqual(d3?.counts.walkInsFirst, 1)
    assert.deepStrictEqual(d3?.evidence.newCards, ["card-1"])
    assert.strictEqual(d3?.counts["newCards.walkIn"], 1)
    assert.strictEqual(d3?.counts.testDrives, 1)
    assert.strictEqual(d3?.cardingRate, 1)
    assert.deepStrictEqual(total("2026-10-05")?.evidence["newCards.phoneIn"], ["card-2"])
    // nothing is due before the first call day (3 days after opening)
    assert.strictEqual(total("2026-10-05")?.counts.contactsDue, 0)
  })

  it("counts due, done and overdue contacts; a forgotten card stays overdue every day", () => {
    assert.deepStrictEqual(total("2026-10-06")?.evidence.contactsDue, ["card-1"])
    assert.deepStrictEqual(total("2026-10-06")?.evidence.contactsDone, ["card-1"])
    assert.deepStrictEqual(total("2026-10-08")?.evidence.contactsDue, ["card-1", "card-2"])
    assert.strictEqual(total("2026-10-08")?.counts.contactsOverdue, 0)
    assert.deepStrictEqual(total("2026-10-20")?.evidence.contactsDue, ["card-1", "card-2"])
    assert.deepStrictEqual(total("2026-10-20")?.evidence.contactsOverdue, ["card-2"])
    assert.deepStrictEqual(total("2026-10-21")?.evidence.contactsOverdue, ["card-2"])
    assert.deepStrictEqual(total("2026-10-31")?.evidence.contactsOverdue, ["card-2"])
    // card-1 moved C → B on the 14th and B → A on the 28th
    assert.deepStrictEqual(total("2026-10-14")?.evidence.gradeUps, ["card-1"])
    assert.deepStrictEqual(total("2026-10-28")?.evidence.gradeUps, ["card-1"])
  })

  it("renders one row per consultant and day plus a total, with labels in either locale", () => {
    const table = dailyReportTable(report, { locale: "zh-CN" })
    assert.strictEqual(table.columns.find((c) => c.key === "contactsDue")?.label["zh-CN"], "应联系")
    assert.strictEqual(table.rows.filter((r) => r.consultant === "合计").length, 31)
  })
})

describe("prospect progress control table (有望客户进度管制表)", () => {
  const table = progressControlTable(
    { consultantId: wang, month: "2026-10" as YearMonth, histories: [cardB, cardA] },
    defaultPolicy
  )

  it("has a row per prospect, hottest first, with the grade after each day and planned vs actual", () => {
    assert.deepStrictEqual(
      table.rows.map((r) => r.cardId),
      ["card-1", "card-2"]
    )
    const [a, b] = table.rows
    assert.strictEqual(a?.gradeAtEnd, "A")
    assert.strictEqual(a?.cells[1]?.grade, undefined) // 2 October: not opened yet
    assert.strictEqual(a?.cells[2]?.grade, "C")
    assert.strictEqual(a?.cells[13]?.grade, "B") // 14 October
    assert.strictEqual(a?.cells[5]?.mark, "done")
    assert.deepStrictEqual([a?.plannedDays, a?.dueDays, a?.doneDays, a?.missedDays], [13, 13, 13, 0])
    // card-2: due 8,10,…,18 and done; planned the 20th and missed; overdue every day after
    assert.deepStrictEqual([b?.plannedDays, b?.dueDays, b?.doneDays, b?.missedDays], [7, 18, 6, 12])
    assert.strictEqual(b?.cells[19]?.mark, "missed")
    assert.strictEqual(b?.cells[20]?.mark, "overdue")
  })

  it("renders a column per day with the grade and the mark", () => {
    const rendered = progressControlReportTable(table, { locale: "en" })
    assert.strictEqual(rendered.columns.filter((c) => /^d\d\d$/.test(c.key)).length, 31)
    assert.strictEqual(rendered.rows[1]?.d20, "C✗")
    assert.strictEqual(rendered.rows[1]?.d21, "C!")
    assert.strictEqual(rendered.rows[0]?.d06, "C✓")
    assert.strictEqual(rendered.rows[0]?.d02, null)
  })

  it("with asOf, later days only show the plan", () => {
    const t = progressControlTable(
      { consultantId: wang, month: "2026-10" as YearMonth, histories: [cardA], asOf: day("2026-10-10") },
      defaultPolicy
    )
    const cells = t.rows[0]?.cells ?? []
    assert.strictEqual(cells[9]?.mark, "done")
    assert.strictEqual(cells[11]?.mark, "planned") // the 12th was agreed at the 10th's contact
    assert.strictEqual(cells[11]?.grade, undefined)
  })
})

describe("customer card form (客户信息卡)", () => {
  const form = customerCardForm(simulateCard(planA, day("2026-11-30")), defaultPolicy)

  it("fills the front from the card's state and the back with every contact", () => {
    assert.strictEqual(form.front.status, "ordered")
    assert.strictEqual(form.front.grade, "O")
    assert.strictEqual(form.front.orderedModel, "GL8")
    assert.strictEqual(form.front.consultant, wang)
    assert.strictEqual(form.front.needs.modelOfInterest, "GL8")
    assert.strictEqual(form.back.length, 28) // every other day from 6 October to 29 November
    assert.strictEqual(form.back[0]?.on, "2026-10-06")
    assert.strictEqual(form.back[0]?.channel, "call")
    assert.strictEqual(form.back[0]?.agreedNextContactOn, "2026-10-08")
    assert.strictEqual(form.back.at(-1)?.agreedNextContactOn, "2026-12-01")
    assert.deepStrictEqual(
      form.milestones.map((m) => m.event),
      ["CardOpened", "OrderPlaced"]
    )
  })

  it("renders the front as field/value pairs and the back as one row per contact", () => {
    const [front, back] = customerCardFormTables(form, { locale: "zh-CN" })
    assert.strictEqual(front?.rows.find((r) => r.field === "级别")?.value, "O")
    assert.strictEqual(front?.rows.find((r) => r.field === "客户来源")?.value, "来店")
    assert.strictEqual(back?.rows.length, 28)
    assert.strictEqual(back?.rows[0]?.channel, "电话")
  })

  it("masks the front's phone row for a viewer who may not see the customer, and nothing else", () => {
    const [front] = customerCardFormTables(form, { locale: "zh-CN" })
    if (front === undefined) throw new Error("no front")
    const phone = front.rows.find((r) => r.field === "电话")?.value
    assert.match(String(phone), /^\+86\d{11}$/)
    const other = maskReportTable(front, { role: "consultant", consultantId: "c-li" })
    assert.match(String(other.rows.find((r) => r.field === "电话")?.value), /^1\d\d\*{4}\d{4}$/)
    assert.strictEqual(other.rows.find((r) => r.field === "级别")?.value, "O")
    // the card's own consultant and the supervisor see it as it is
    assert.deepStrictEqual(maskReportTable(front, { role: "consultant", consultantId: wang }), front)
    assert.deepStrictEqual(maskReportTable(front, { role: "supervisor" }), front)
  })
})

const factsOf = (cards: ReadonlyArray<CardHistory>) =>
  cards.map((c) => cardFactsOf(c.tenant, c.cardId, foldCard(c.history)))
const ruleCards = (fs: ReadonlyArray<Finding>) =>
  fs.map((f) => `${f.ruleId}:${[...f.cardIds, ...f.visitIds].join(",")}`)

// the group has put 2027's holiday calendar (test data), so the findings below are the team's only
const known2027 = { ...defaultPolicy, holidays: { years: [{ year: 2027, source: "test", holidays: [] }] } }

describe("supervisor findings (主管检查)", () => {
  it("says once per store when the care horizon reaches a year without a holiday calendar, until it is put", () => {
    const input = {
      on: day("2026-10-31"),
      from: october.from,
      facts: factsOf([cardA, cardB]),
      events,
      visits: [],
      care: []
    }
    const missing = findings(input, defaultPolicy).findings.filter(
      (f) => f.ruleId === "findings.holidayCalendarMissing"
    )
    assert.deepStrictEqual(
      missing.map((f) => [f.tenant.storeId, f.inputs.year, f.severity]),
      [["store-01", 2027, "warning"]]
    )
    assert.match(findingMessage(missing[0] as Finding).en, /No 2027 statutory holiday calendar/)
    assert.deepStrictEqual(
      findings(input, known2027).findings.filter((f) => f.ruleId === "findings.holidayCalendarMissing"),
      []
    )
    // early in a year whose horizon stays inside the known years, nothing to say
    assert.deepStrictEqual(
      findings({ ...input, on: day("2025-06-30") }, defaultPolicy).findings.filter(
        (f) => f.ruleId === "findings.holidayCalendarMissing"
      ),
      []
    )
  })

  it("finds the forgotten card overdue (critical after 7 days) and nothing on the well-kept one", () => {
    const report = findings(
      {
        on: day("2026-10-31"),
        from: october.from,
        facts: factsOf([cardA, cardB]),
        events,
        visits: [visitOf(planA)],
        care: []
      },
      known2027
    )
    assert.deepStrictEqual(ruleCards(report.findings), ["findings.overdue:card-2"])
    const [f] = report.findings
    assert.strictEqual(f?.severity, "critical")
    assert.strictEqual(f?.inputs.daysOverdue, 11)
    assert.strictEqual(f?.inputs.nextContactDue, "2026-10-20")
    // one day late is only a warning
    const early = findings(
      {
        on: day("2026-10-21"),
        from: october.from,
        facts: factsOf([simulateCard(planB, day("2026-10-21"))]),
        events: [],
        visits: [],
        care: []
      },
      defaultPolicy
    )
    assert.strictEqual(early.findings[0]?.severity, "warning")
    assert.strictEqual(findingsTable(report, { locale: "en" }).rows[0]?.rule, "Contact overdue")
  })

  it("finds a grade held past its horizon, a stale grade, a jump without a contact, a missing agreed contact", () => {
    const on = day("2026-12-20")
    const h = simulateCard(
      { ...planB, cardId: "card-h", fixedTimeframeDays: 5, stopContactsOn: undefined },
      day("2026-10-20")
    )
    const stale = simulateCard({ ...planB, cardId: "card-s", stopContactsOn: undefined }, on)
    const jump = simulateCard(
      { ...planB, cardId: "card-j", stopContactsOn: undefined, jumpOn: day("2026-10-11") },
      day("2026-10-12")
    )
    const noAgreement = simulateCard(
      { ...planB, cardId: "card-n", stopContactsOn: undefined, noAgreementFrom: day("2026-10-12") },
      day("2026-10-12")
    )
    const cards = [h, stale, jump, noAgreement]
    const report = findings(
      {
        on: day("2026-10-12"),
        from: day("2026-10-01"),
        facts: factsOf(cards),
        events: rowsOf(cards).events,
        visits: [],
        care: []
      },
      defaultPolicy
    )
    const found = ruleCards(report.findings)
    // card-h: H since 5 October, 7-day horizon → 15 days held on the 20th… but checked on the 12th: 7 days, not past
    assert.notInclude(found, "findings.gradeHorizon:card-h")
    assert.include(found, "findings.gradeJump:card-j")
    assert.include(found, "findings.missingAgreedContact:card-n")
    const later = findings(
      { on, from: on, facts: factsOf([h, stale]), events: [], visits: [], care: [] },
      defaultPolicy
    )
    const lateFound = ruleCards(later.findings)
    assert.include(lateFound, "findings.gradeHorizon:card-h")
    assert.include(lateFound, "findings.gradeStale:card-s")
    const horizon = later.findings.find((f) => f.ruleId === "findings.gradeHorizon")
    assert.deepStrictEqual([horizon?.inputs.grade, horizon?.inputs.horizonDays], ["H", 7])
  })

  it("finds a defeat request waiting, a walk-in without a card and a care contact not made", () => {
    const defeat = simulateCard(
      { ...planB, cardId: "card-d", stopContactsOn: undefined, defeatOn: day("2026-10-09") },
      day("2026-10-12")
    )
    const report = findings(
      {
        on: day("2026-10-12"),
        from: day("2026-10-12"),
        facts: factsOf([defeat]),
        events: [],
        visits: [
          {
            ...visitOf(planA),
            visitId: "v-lost",
            on: day("2026-10-12"),
            cardId: undefined,
            phone: "+8613900000000"
          } as never,
          // a repeat visit, and a first visit whose phone matches a card, are fine
          {
            ...visitOf(planA),
            visitId: "v-repeat",
            on: day("2026-10-12"),
            ordinal: "repeat",
            cardId: undefined
          } as never,
          {
            ...visitOf(planA),
            visitId: "v-known",
            on: day("2026-10-12"),
            cardId: undefined,
            phone: defeat.history[0]?._tag === "CardOpened" ? defeat.history[0].phone : undefined
          } as never
        ],
        care: [
          {
            tenant,
            cardId: "card-o" as never,
            owner: wang,
            ruleId: "care.day3",
            plannedOn: day("2026-10-08"),
            on: day("2026-10-08"),
            kind: "call",
            critical: true
          },
          {
            tenant,
            cardId: "card-p" as never,
            owner: wang,
            ruleId: "care.day3",
            plannedOn: day("2026-10-11"),
            on: day("2026-10-11"),
            kind: "call",
            critical: true
          }
        ]
      },
      known2027
    )
    assert.deepStrictEqual(ruleCards(report.findings).sort(), [
      "findings.carePlan:card-o",
      "findings.defeatReview:card-d",
      "findings.walkInWithoutCard:v-lost"
    ])
  })
})

describe("the three forms agree (准确性、真实性)", () => {
  const month = "2026-10" as YearMonth
  const control = progressControlTable(
    { consultantId: wang, month, histories: [cardA, cardB] },
    defaultPolicy
  )
  const cards = [cardA, cardB].map((c) => customerCardForm(c, defaultPolicy))
  const dailyOf = (rows: typeof events) =>
    dailyReport(
      { range: october, events: rows, spans, visits: [], referrals: [], consultants: [wang] },
      defaultPolicy
    )

  it("has no finding on consistent data", () => {
    assert.deepStrictEqual(
      formConsistency({ tenant, daily: dailyOf(events), control, cards }, defaultPolicy),
      []
    )
  })

  it("names the card and day when the daily report's rows lost a contact", () => {
    const lost = events.find(
      (e) => e.cardId === "card-2" && e.event._tag === "ContactLogged" && e.event.on === "2026-10-10"
    )
    const out = formConsistency(
      { tenant, daily: dailyOf(events.filter((e) => e !== lost)), control, cards },
      defaultPolicy
    )
    assert.deepStrictEqual(
      out.map((f) => `${f.ruleId}:${f.inputs.on}:${f.cardIds.join(",")}`),
      ["consistency.dailyVsCard:2026-10-10:card-2", "consistency.dailyVsControl:2026-10-10:card-2"]
    )
    assert.strictEqual(out[0]?.severity, "critical")
  })

  it("names the card when a card back misses a contact the control table shows", () => {
    const [a, b] = cards
    const trimmed = {
      ...(b as (typeof cards)[number]),
      back: b?.back.filter((e) => e.on !== "2026-10-12") ?? []
    }
    const out = formConsistency(
      { tenant, daily: dailyOf(events), control, cards: [a as never, trimmed] },
      defaultPolicy
    )
    assert.sameMembers(
      out.map((f) => f.ruleId),
      ["consistency.controlVsCard", "consistency.dailyVsCard"]
    )
    assert.isTrue(out.every((f) => f.cardIds.join() === "card-2" && f.inputs.on === "2026-10-12"))
  })
})

describe("analytics", () => {
  // card-a: walk-in, ordered after its 1st follow-up; card-b: referral, ordered before any, then delivered;
  // card-c: online, defeat requested and approved; card-d: online, defeat requested and rejected
  const a = simulateCard(
    { ...planA, cardId: "card-a", openOn: day("2026-10-01"), daysToPurchase: 10, orderAtDaysLeft: 6 },
    day("2026-10-05")
  )
  const b = simulateCard(
    {
      ...planA,
      cardId: "card-b",
      source: "referral",
      openOn: day("2026-10-01"),
      daysToPurchase: 9,
      orderAtDaysLeft: 9
    },
    day("2026-10-02")
  )
  const bHistory = [...b.history]
  then(bHistory, {
    _tag: "Deliver",
    by: { id: wang, role: "consultant" },
    at: at(day("2026-10-09")),
    vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
    deliveredOn: day("2026-10-09")
  } as CardCommand)
  const c = simulateCard(
    { ...planB, cardId: "card-c", source: "online", stopContactsOn: undefined, defeatOn: day("2026-10-09") },
    day("2026-10-09")
  )
  const cHistory = [...c.history]
  then(cHistory, {
    _tag: "ApproveDefeat",
    by: { id: "s-chen", role: "supervisor" },
    at: at(day("2026-10-10"))
  } as CardCommand)
  const d = simulateCard(
    { ...planB, cardId: "card-d", source: "online", stopContactsOn: undefined, defeatOn: day("2026-10-09") },
    day("2026-10-09")
  )
  const dHistory = [...d.history]
  then(dHistory, {
    _tag: "RejectDefeat",
    by: { id: "s-chen", role: "supervisor" },
    at: at(day("2026-10-10")),
    grade: "C",
    note: "call again"
  } as CardCommand)
  const histories = [a, { ...b, history: bHistory }, { ...c, history: cHistory }, { ...d, history: dHistory }]
  const referral = (
    id: string,
    referrerId: string,
    refereeId: string,
    extra: Partial<ReportReferral> = {}
  ): ReportReferral =>
    ({
      tenant,
      referralId: id,
      consultantId: wang,
      registeredOn: day("2026-10-01"),
      askedAt: "delivery",
      referrerId,
      referrerKind: "owner",
      refereeId,
      status: "registered",
      auditedOn: undefined,
      rejected: false,
      refereeOrdered: false,
      refereeDeliveredOn: undefined,
      ...extra
    }) as ReportReferral
  const result = analytics(
    {
      range: october,
      events: rowsOf(histories).events,
      referrals: [
        referral("r-1", "cust-x", "cust-card-b", {
          refereeOrdered: true,
          refereeDeliveredOn: day("2026-10-09")
        }),
        referral("r-2", "cust-card-b", "cust-y"),
        referral("r-3", "cust-x", "cust-z", { rejected: true, status: "rejected" as never })
      ],
      orderedHistories: histories
    },
    defaultPolicy
  )

  it("tracks a key person's referrals as group-purchase leads (关键人 → 团购线索)", () => {
    const keyPersons = analytics(
      {
        range: october,
        events: rowsOf(histories).events,
        referrals: [
          referral("r-1", "cust-x", "cust-card-b", {
            referrerKind: "keyPerson",
            refereeOrdered: true,
            refereeDeliveredOn: day("2026-10-09")
          }),
          referral("r-2", "cust-card-b", "cust-y", { referrerKind: "keyPerson" }),
          referral("r-3", "cust-x", "cust-z")
        ],
        orderedHistories: histories
      },
      defaultPolicy
    )
    assert.deepStrictEqual(keyPersons.referrals.groupPurchase, { leads: 2, closed: 1 })
    const table = analyticsTables(keyPersons, { locale: "zh-CN" }).find((t) =>
      t.rows.some((r) => r.item === "团购线索(关键人推荐)")
    )
    assert.isDefined(table)
  })

  it("builds the funnel by lead source", () => {
    const row = (s: string) => result.funnel.find((r) => r.source === s)
    assert.deepStrictEqual(
      [row("walkIn")?.opened, row("walkIn")?.testDriven, row("walkIn")?.ordered, row("walkIn")?.delivered],
      [1, 1, 1, 0]
    )
    assert.deepStrictEqual(
      [row("referral")?.ordered, row("referral")?.delivered, row("referral")?.deliveredRate],
      [1, 1, 1]
    )
    assert.deepStrictEqual(
      [row("online")?.opened, row("online")?.defeated, row("online")?.orderRate],
      [2, 1, 0]
    )
    assert.strictEqual(row("event")?.orderRate, null)
  })

  it("measures referrals, deals by source, follow-up bands, defeats and chains", () => {
    assert.deepStrictEqual(result.referrals, {
      registered: 3,
      closed: 1,
      ordered: 1,
      rejected: 1,
      closeRate: 1 / 3,
      rejectionRate: 1 / 3,
      groupPurchase: { leads: 0, closed: 0 }
    })
    assert.strictEqual(result.dealsBySource.find((r) => r.source === "referral")?.share, 1)
    const band = (id: string) => result.followUp.find((x) => x.id === id)
    assert.deepStrictEqual(band("first")?.cardIds, ["card-b" as CardId])
    assert.deepStrictEqual(band("followUp1")?.cardIds, ["card-a" as CardId])
    assert.strictEqual(band("followUp1")?.share, 0.5)
    assert.strictEqual(band("followUp1")?.referenceShare, 0.03)
    assert.deepStrictEqual(
      result.defeats.reasons.map((r) => [r.reasonId, r.count, r.share]),
      [["priceTooHigh", 1, 1]]
    )
    assert.strictEqual(result.defeats.rejectionRate, 0.5)
    // cust-x → cust-card-b → cust-y: two levels; the rejected referral is left out
    assert.strictEqual(result.chains.depth, 2)
    const tables = analyticsTables(result, { locale: "en" })
    assert.deepStrictEqual(
      tables.map((t) => t.id),
      ["funnel", "deals-by-source", "follow-up", "defeat-reasons", "referral-chains"]
    )
  })
})
