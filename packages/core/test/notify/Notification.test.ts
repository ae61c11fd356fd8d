import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  type CalendarDate,
  type CardCommand,
  type CardId,
  type CardSummary,
  cardMessages,
  careContactMessages,
  careKindOf,
  checkPolicy,
  consentAt,
  defaultPolicy,
  findingsMessage,
  handleCard,
  layerMemory,
  maskName,
  maskPhone,
  type NotificationPayload,
  nextAllowedTime,
  overdueContactsMessage,
  renderNotification,
  voucherExpiryMessages,
  workListMessage
} from "../../src/index.js"
import { directory, policyWith, tenant } from "../notificationFixtures.js"

const at = Date.parse("2026-11-22T10:00:00+08:00")
const payload = (d: { readonly payload: unknown }) => d.payload as NotificationPayload
const wang = { id: "c-wang", role: "consultant" } as const
const boss = { id: "s-zhao", role: "supervisor" } as const

describe("templates", () => {
  it("renders every kind in zh-CN and en with the customer's and store's data", () => {
    const care = {
      kind: "careContact",
      careKind: "maintenance",
      customerName: "王先生",
      storeName: "东方丰田",
      storePhone: "021-5555",
      on: "2026-12-01"
    } as const
    assert.strictEqual(
      renderNotification(care, "zh-CN").text,
      "王先生您好，您的爱车即将到期保养，欢迎预约回厂。（电话 021-5555）—— 东方丰田"
    )
    assert.match(renderNotification(care, "en").text, /^Dear 王先生, your car is due for maintenance/)
    const reward = renderNotification(
      {
        kind: "rewardIssued",
        referrerName: "刘女士",
        storeName: "东方丰田",
        reward: "免费保养一次",
        valueFen: 30000,
        expiresOn: "2027-05-01"
      },
      "zh-CN"
    )
    assert.include(reward.text, "¥300.00")
    assert.include(
      renderNotification(
        { kind: "findings", date: "2026-11-22", findings: [{ code: "X", message: "m" }] },
        "en"
      ).text,
      "[X] m"
    )
  })
  it("masks phones and names", () => {
    assert.strictEqual(maskPhone("13800001234"), "138****1234")
    assert.strictEqual(maskName("王小明"), "王**")
    assert.strictEqual(maskName("Ada Lovelace"), "A** L*******")
    assert.strictEqual(careKindOf("care.springFestival"), "festival")
  })
})

describe("cardMessages with handleCard (same transaction)", () => {
  it.effect(
    "a new card tells its consultant (masked in the WeCom group); a defeat request tells the supervisor; the decision tells the consultant",
    () =>
      Effect.gen(function* () {
        const messages = cardMessages({ directory })
        const cardId = "card-1" as CardId
        const cmd = (c: Record<string, unknown>) => c as unknown as CardCommand
        const opened = yield* handleCard(
          {
            tenant,
            cardId,
            command: cmd({
              _tag: "OpenCard",
              cardId,
              storeId: "store-01",
              customerId: "cust-card-1",
              phone: "+8613812345678",
              owner: "c-wang",
              source: "walkIn",
              intent: "direct",
              evidence: {},
              by: wang,
              at
            })
          },
          { messages }
        )
        assert.strictEqual(opened.messages.length, 1)
        const assigned = payload(opened.messages[0] ?? { payload: undefined })
        assert.strictEqual(assigned.kind, "cardAssigned")
        assert.strictEqual(assigned.channel, "wecom")
        assert.include(assigned.text, "张*")
        assert.notInclude(assigned.text, "张伟")
        assert.notInclude(assigned.text, "13812345678")
        assert.deepStrictEqual(assigned.mentions, ["13900001111"])
        const requested = yield* handleCard(
          {
            tenant,
            cardId,
            command: cmd({
              _tag: "RequestDefeat",
              by: wang,
              at: at + 1000,
              defeat: {
                typeId: "boughtElsewhere",
                reasonId: "competitor",
                competitor: { brand: "BYD", model: "Han" }
              }
            })
          },
          { messages }
        )
        assert.deepStrictEqual(
          requested.messages.map((m) => m.recipient),
          ["supervisor:s-zhao"]
        )
        assert.strictEqual(
          payload(requested.messages[0] ?? { payload: undefined }).kind,
          "defeatAwaitingApproval"
        )
        const approved = yield* handleCard(
          { tenant, cardId, command: cmd({ _tag: "ApproveDefeat", by: boss, at: at + 2000 }) },
          { messages }
        )
        assert.deepStrictEqual(
          approved.messages.map((m) => [m.recipient, m.topic]),
          [["consultant:c-wang", "notify.defeatApproved"]]
        )
        assert.notStrictEqual(approved.messages[0]?.idempotencyKey, requested.messages[0]?.idempotencyKey)
      }).pipe(Effect.provide(layerMemory))
  )
})

describe("batch messages", () => {
  const summary = (cardId: string, due: string, owner = "c-li"): CardSummary =>
    ({
      tenant,
      cardId,
      version: 1,
      status: "prospect",
      owner,
      grade: "A",
      nextContactDue: due,
      phone: "13800001234",
      customerId: "cust-x",
      openedOn: "2026-11-01"
    }) as unknown as CardSummary
  const today = "2026-11-22" as CalendarDate

  it("the morning work list goes to the consultant by email, unmasked", () => {
    const [d] = workListMessage({
      tenant,
      policy: defaultPolicy,
      at,
      directory,
      consultantId: "c-li" as never,
      workList: {
        date: today,
        dueToday: [summary("card-7", today)],
        overdue: [summary("card-8", "2026-11-19")]
      },
      care: []
    })
    const p = payload(d ?? { payload: undefined })
    assert.strictEqual(p.channel, "email")
    assert.deepStrictEqual(p.to, ["li@store.example"])
    assert.include(p.text, "13800001234")
    assert.include(p.text, "今日到期回访 (1)")
    assert.strictEqual(d?.idempotencyKey, "workList:grp-east/store-01:2026-11-22:email:c-li")
  })
  it("supervisors hear of contacts past the threshold only", () => {
    const drafts = overdueContactsMessage({
      tenant,
      policy: defaultPolicy,
      at,
      today,
      directory,
      cards: [
        summary("card-1", "2026-11-21"),
        summary("card-2", "2026-11-20"),
        summary("card-3", "2026-11-10")
      ]
    })
    const p = payload(drafts[0] ?? { payload: undefined })
    assert.strictEqual(p.kind, "overdueContacts")
    assert.notInclude(p.text, "card-1")
    assert.include(p.text, "card-2")
    assert.include(p.text, "逾期 12 天")
    assert.include(p.text, "138****1234")
    assert.deepStrictEqual(
      overdueContactsMessage({
        tenant,
        policy: defaultPolicy,
        at,
        today,
        directory,
        cards: [summary("c", "2026-11-21")]
      }),
      []
    )
    assert.strictEqual(
      findingsMessage({ tenant, policy: defaultPolicy, at, date: today, directory, findings: [] }).length,
      0
    )
  })
  it("care contacts at night are dated to 09:00 store time; voucher reminders within the lead days", () => {
    const night = Date.parse("2026-11-22T22:00:00+08:00")
    const [d] = careContactMessages({
      tenant,
      policy: defaultPolicy,
      at: night,
      directory,
      contacts: [
        {
          customerId: "cust-2",
          contact: {
            tenant,
            cardId: "card-2",
            owner: undefined,
            ruleId: "care.birthday",
            plannedOn: today,
            on: today,
            kind: "greeting",
            critical: false
          } as never
        }
      ]
    })
    assert.strictEqual(d?.availableAt, Date.parse("2026-11-23T09:00:00+08:00"))
    assert.strictEqual(payload(d ?? { payload: undefined }).customerFacing, true)
    assert.strictEqual(payload(d ?? { payload: undefined }).consentOf, "cust-2")
    const vouchers = [
      {
        voucherId: "v-1",
        referrerId: "cust-9",
        reward: "免费保养一次",
        expiresOn: "2026-11-29" as CalendarDate
      },
      {
        voucherId: "v-2",
        referrerId: "cust-9",
        reward: "精品 300 元",
        expiresOn: "2026-12-30" as CalendarDate
      }
    ]
    const reminders = voucherExpiryMessages({ tenant, policy: defaultPolicy, at, today, directory, vouchers })
    assert.deepStrictEqual(
      reminders.map((r) => payload(r).kind),
      ["voucherExpiring"]
    )
    assert.include(payload(reminders[0] ?? { payload: undefined }).text, "还剩 7 天")
  })
})

describe("consent, quiet hours and the policy section", () => {
  it("the latest record wins; a withdrawal for every channel beats a channel grant", () => {
    const records = [
      { customerId: "c1", channel: "sms", status: "granted", at: 10 },
      { customerId: "c1", channel: "*", status: "withdrawn", at: 20 },
      { customerId: "c1", channel: "sms", status: "granted", at: 30 }
    ] as const
    assert.strictEqual(consentAt(records, "c1", "sms", 15)._tag, "Granted")
    assert.strictEqual(consentAt(records, "c1", "sms", 25)._tag, "Withdrawn")
    assert.strictEqual(consentAt(records, "c1", "sms", 35)._tag, "Granted")
    assert.strictEqual(consentAt(records, "c1", "email", 35)._tag, "Withdrawn")
    assert.strictEqual(consentAt(records, "c2", "sms", 35)._tag, "NoConsent")
  })
  it("next allowed time in the store's zone", () => {
    const hours = { from: "09:00", to: "20:00" }
    assert.strictEqual(
      nextAllowedTime(Date.parse("2026-11-22T08:59:00+08:00"), hours, "Asia/Shanghai"),
      Date.parse("2026-11-22T09:00:00+08:00")
    )
    assert.strictEqual(
      nextAllowedTime(Date.parse("2026-11-22T20:00:00+08:00"), hours, "Asia/Shanghai"),
      Date.parse("2026-11-23T09:00:00+08:00")
    )
  })
  it("checkPolicy finds an empty window, an inverted backoff and duplicate rate limits", () => {
    assert.deepStrictEqual(checkPolicy(defaultPolicy), [])
    const bad = policyWith({
      customerHours: { from: "21:00", to: "08:00" },
      backoff: { baseSeconds: 100, maxSeconds: 10, jitter: 0 },
      rateLimits: [
        { channel: "wecom", perMinute: 1 },
        { channel: "wecom", perMinute: 2 }
      ]
    })
    assert.deepStrictEqual(
      checkPolicy(bad).map((f) => f.code),
      ["EMPTY_CUSTOMER_HOURS", "BACKOFF_ORDER", "DUPLICATE_RATE_LIMIT"]
    )
  })
})
