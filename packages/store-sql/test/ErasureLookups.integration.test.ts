// The indexed look-ups an erasure and an access export find a person by (#19, 18_erasure_lookups),
// on a real database (PGlite over the wire protocol, or the PostgreSQL at JIPAN_TEST_POSTGRES_URL),
// each answer compared with the in-memory store's: Outbox.about by recipient and by subject
// (outboxSubjectsOf), per scope, and after Outbox.redact (a redacted message is no longer found by
// the phone it named); ReferralStore.find by the referrer's phone, kept by ReferralStore.rewrite;
// ReportSource.visitsOn with a phone, kept by a visit given again without its phone.
import { assert, layer } from "@effect/vitest"
import {
  type CalendarDate,
  type ConsultantId,
  calendarDateOf,
  type DayRange,
  defaultPolicy,
  ERASED_PHONE,
  foldReferral,
  makeMemory,
  Outbox,
  type OutboxMessage,
  type PhoneNumber,
  type ReferralAppend,
  type ReferralEvent,
  type ReferralId,
  type ReferralQuery,
  type ReferralRegistration,
  ReferralStore,
  ReportSource,
  reportReferralOf,
  type ShowroomVisit,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Context, Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as Fixtures from "./Fixtures.js"
import { DAY, plain, START, Store, tenantIn } from "./Fixtures.js"
import * as TestDatabase from "./TestDatabase.js"

const freshGroup = () => Fixtures.freshGroup("grp-lookup")
const wang = "c-wang" as ConsultantId
const li = "c-li" as ConsultantId
const phone = (n: number) => `+86138123456${String(n).padStart(2, "0")}` as PhoneNumber

const message = (
  tenant: Tenant,
  id: string,
  recipient: string,
  payload: unknown,
  at = START
): OutboxMessage => ({
  id,
  idempotencyKey: `${tenant.storeId}/${id}`,
  tenant,
  topic: "care.due",
  recipient,
  payload,
  availableAt: at,
  status: "pending",
  attempts: 0,
  lastError: undefined
})

/** An id with every character a PostgreSQL array literal quotes. */
const awkward = `card-"q",{x} \\y'`

const registered = (tenant: Tenant, referralId: string, referrer: PhoneNumber, referee: PhoneNumber) => {
  const on = calendarDateOf(START, defaultPolicy.timeZone)
  const event: ReferralEvent = {
    _tag: "ReferralRegistered",
    on,
    registration: {
      referralId,
      storeId: tenant.storeId,
      consultantId: wang,
      registeredOn: on,
      askedAt: "delivery",
      referrer: { kind: "ownedCustomer", id: `cust-${referrer.slice(-2)}`, phone: referrer },
      referee: { name: "李四", phone: referee }
    } as ReferralRegistration
  }
  const state = foldReferral([event])
  const append: ReferralAppend = {
    tenant,
    referralId: referralId as ReferralId,
    expectedVersion: 0,
    events: [event],
    state,
    ledger: [],
    report: reportReferralOf(tenant, state)
  }
  return append
}

const visit = (
  tenant: Tenant,
  visitId: string,
  day: number,
  consultant: ConsultantId,
  p: PhoneNumber | undefined
): ShowroomVisit => ({
  tenant,
  visitId,
  at: START + day * DAY,
  on: calendarDateOf(START + day * DAY, defaultPolicy.timeZone),
  kind: "walkIn",
  ordinal: "first",
  consultant,
  ...(p === undefined ? {} : { phone: p })
})

layer(Store, { excludeTestServices: true, timeout: "120 seconds" })(
  `SqlStore erasure look-ups (${TestDatabase.backend})`,
  (it) => {
    it.effect(
      "Outbox.about: by recipient or subject, within the scope, as in memory; redact forgets the subjects",
      () =>
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const mem = Context.get(makeMemory(), Outbox)
          const g = freshGroup()
          const other = freshGroup()
          const [a, b, h] = [tenantIn(g, "store-a"), tenantIn(g, "store-b"), tenantIn(other, "store-a")]
          const messages = [
            // an SMS to the customer: the recipient, and the national number as its address
            message(a, "m-1", "customer:cust-01", { to: [phone(1).slice(3)], text: "周六见" }),
            // a consultant's message naming the card (and, at depth, the customer)
            message(a, "m-2", `consultant:${wang}`, {
              card: { cardId: "card-1", customer: { customerId: "cust-01" } }
            }),
            // a work list: the cards in lines
            message(a, "m-3", `consultant:${li}`, { dueToday: [{ cardId: "card-2" }, { cardId: "card-3" }] }),
            // a referrer's message: the referral, and a phone mentioned in another format
            message(a, "m-4", "referrer:cust-09", { referralId: "ref-1", mentions: ["138 1234 5601"] }),
            // names nobody
            message(a, "m-5", `consultant:${wang}`, { text: `${phone(1)} is not an address here` }),
            message(a, "m-6", `consultant:${wang}`, { cardId: awkward }),
            // the same in another store and in another group
            message(b, "m-1", "customer:cust-01", { to: phone(1), text: "周六见" }),
            message(h, "m-1", "customer:cust-01", { to: phone(1), cardId: "card-1" })
          ]
          for (const box of [outbox, mem]) yield* box.enqueue(messages)

          const queries: ReadonlyArray<
            readonly [
              TenantScope,
              { readonly recipients: ReadonlyArray<string>; readonly subjects: ReadonlyArray<string> }
            ]
          > = [
            [{ dealerGroupId: g }, { recipients: ["customer:cust-01"], subjects: [] }],
            [{ dealerGroupId: g }, { recipients: [], subjects: [phone(1)] }],
            [
              { dealerGroupId: g, storeId: a.storeId },
              { recipients: [], subjects: [phone(1)] }
            ],
            [
              { dealerGroupId: g, storeId: b.storeId },
              { recipients: ["customer:cust-01"], subjects: [phone(1)] }
            ],
            [{ dealerGroupId: g }, { recipients: [], subjects: ["card-1", "card-3"] }],
            [
              { dealerGroupId: g },
              { recipients: ["referrer:cust-09", "referrer:cust-09"], subjects: ["cust-01"] }
            ],
            [{ dealerGroupId: g }, { recipients: [], subjects: [awkward] }],
            [{ dealerGroupId: g }, { recipients: [], subjects: [phone(1).slice(3), "ref-2", "card-9"] }],
            [{ dealerGroupId: g }, { recipients: [], subjects: [] }],
            [{ dealerGroupId: other }, { recipients: ["customer:cust-01"], subjects: ["card-1"] }]
          ]
          const ids = (ms: ReadonlyArray<OutboxMessage>) => ms.map((m) => `${m.tenant.storeId}/${m.id}`)
          const answers: Array<ReadonlyArray<string>> = []
          for (const [scope, query] of queries) {
            const found = yield* outbox.about(scope, query)
            assert.deepStrictEqual(plain(found), plain(yield* mem.about(scope, query)), JSON.stringify(query))
            answers.push(ids(found))
          }
          assert.deepStrictEqual(answers, [
            ["store-a/m-1", "store-b/m-1"],
            ["store-a/m-1", "store-a/m-4", "store-b/m-1"],
            ["store-a/m-1", "store-a/m-4"],
            ["store-b/m-1"],
            ["store-a/m-2", "store-a/m-3"],
            ["store-a/m-2", "store-a/m-4"],
            ["store-a/m-6"],
            [],
            [],
            ["store-a/m-1"]
          ])

          // redacted: no longer found by what they named, still by their recipient
          for (const box of [outbox, mem]) yield* box.redact(a, ["m-1", "m-2", "m-4"])
          for (const [scope, query] of [
            [{ dealerGroupId: g }, { recipients: [], subjects: [phone(1), "card-1", "ref-1", "cust-01"] }],
            [{ dealerGroupId: g }, { recipients: ["customer:cust-01"], subjects: [] }]
          ] as const) {
            const found = yield* outbox.about(scope, query)
            assert.deepStrictEqual(plain(found), plain(yield* mem.about(scope, query)))
            answers.push(ids(found))
          }
          assert.deepStrictEqual(answers.slice(-2), [["store-b/m-1"], ["store-a/m-1", "store-b/m-1"]])
          const sql = yield* SqlClient.SqlClient
          const left = yield* sql<{
            readonly id: string
            readonly subjects: ReadonlyArray<string>
          }>`SELECT id, subjects
          FROM jipan_outbox WHERE dealer_group_id = ${g} AND store_id = 'store-a' ORDER BY seq`
          assert.deepStrictEqual(
            left.map((r) => [r.id, [...r.subjects]]),
            [
              ["m-1", []],
              ["m-2", []],
              ["m-3", ["card-2", "card-3"]],
              ["m-4", []],
              ["m-5", []],
              ["m-6", [awkward]]
            ]
          )
        })
    )

    it.effect(
      "ReferralStore.find by the referrer's phone, as in memory; a rewrite keeps the column right",
      () =>
        Effect.gen(function* () {
          const referrals = yield* ReferralStore
          const mem = Context.get(makeMemory(), ReferralStore)
          const g = freshGroup()
          const other = freshGroup()
          const [a, b, h] = [tenantIn(g, "store-a"), tenantIn(g, "store-b"), tenantIn(other, "store-a")]
          const appends = [
            registered(a, "ref-1", phone(1), phone(11)),
            registered(a, "ref-2", phone(2), phone(12)),
            registered(b, "ref-3", phone(1), phone(13)),
            // the referrer is also referred
            registered(b, "ref-4", phone(3), phone(1)),
            registered(h, "ref-1", phone(1), phone(11))
          ]
          for (const x of appends) {
            yield* referrals.append(x)
            yield* mem.append(x)
          }
          const queries: ReadonlyArray<readonly [TenantScope, ReferralQuery]> = [
            [{ dealerGroupId: g }, { referrerPhone: phone(1) }],
            [{ dealerGroupId: g, storeId: b.storeId }, { referrerPhone: phone(1) }],
            [{ dealerGroupId: g }, { referrerPhone: phone(1), refereePhone: phone(13) }],
            [{ dealerGroupId: g }, { refereePhone: phone(1) }],
            [{ dealerGroupId: g }, { referrerPhone: phone(11) }],
            [{ dealerGroupId: other }, { referrerPhone: phone(1) }]
          ]
          const answers: Array<ReadonlyArray<string>> = []
          const ask = Effect.gen(function* () {
            for (const [scope, query] of queries) {
              const found = yield* referrals.find(scope, query)
              assert.deepStrictEqual(
                plain(found),
                plain(yield* mem.find(scope, query)),
                JSON.stringify(query)
              )
              answers.push(found.items.map((f) => `${f.tenant.storeId}/${f.referralId}`))
            }
          })
          yield* ask
          assert.deepStrictEqual(answers, [
            ["store-a/ref-1", "store-b/ref-3"],
            ["store-b/ref-3"],
            ["store-b/ref-3"],
            ["store-b/ref-4"],
            [],
            ["store-a/ref-1"]
          ])

          // the referrer erased from ref-1 (its history rewritten): no longer found by the phone
          const first = appends[0] as ReferralAppend
          const [event] = first.events
          if (event?._tag !== "ReferralRegistered") return assert.fail("a registration")
          const erased: ReferralEvent = {
            ...event,
            registration: {
              ...event.registration,
              referrer: { ...event.registration.referrer, phone: ERASED_PHONE }
            }
          }
          const state = foldReferral([erased])
          const rewrite = {
            tenant: a,
            referralId: first.referralId,
            version: 1,
            events: [erased],
            state,
            report: reportReferralOf(a, state)
          }
          yield* referrals.rewrite(rewrite)
          yield* mem.rewrite(rewrite)
          answers.length = 0
          yield* ask
          assert.deepStrictEqual(answers.slice(0, 2), [["store-b/ref-3"], ["store-b/ref-3"]])
          const sql = yield* SqlClient.SqlClient
          const rows = yield* sql<{
            readonly referral_id: string
            readonly referrer_phone: string | null
          }>`SELECT
            referral_id, referrer_phone FROM jipan_referrals WHERE dealer_group_id = ${g}
          ORDER BY store_id, referral_id`
          assert.deepStrictEqual(
            rows.map((r) => [r.referral_id, r.referrer_phone]),
            [
              ["ref-1", ERASED_PHONE],
              ["ref-2", phone(2)],
              ["ref-3", phone(1)],
              ["ref-4", phone(3)]
            ]
          )
        })
    )

    it.effect(
      "ReportSource.visitsOn with a phone, as in memory; the visit given again without it is not found",
      () =>
        Effect.gen(function* () {
          const reports = yield* ReportSource
          const mem = Context.get(makeMemory(), ReportSource)
          const g = freshGroup()
          const other = freshGroup()
          const [a, b, h] = [tenantIn(g, "store-a"), tenantIn(g, "store-b"), tenantIn(other, "store-a")]
          const visits = [
            visit(a, "v-1", 0, wang, phone(1)),
            visit(a, "v-2", 3, li, phone(1)),
            visit(a, "v-3", 3, wang, phone(2)),
            visit(a, "v-4", 4, wang, undefined),
            visit(b, "v-1", 40, li, phone(1)),
            visit(h, "v-1", 0, wang, phone(1))
          ]
          for (const source of [reports, mem]) yield* source.recordVisits(visits)
          const all = { from: "1900-01-01", to: "2199-12-31" } as DayRange
          const march = { from: "2026-03-01" as CalendarDate, to: "2026-03-31" as CalendarDate }
          const queries: ReadonlyArray<
            readonly [
              TenantScope,
              DayRange,
              { readonly consultant?: ConsultantId; readonly phone?: PhoneNumber }
            ]
          > = [
            [{ dealerGroupId: g }, all, { phone: phone(1) }],
            [{ dealerGroupId: g, storeId: a.storeId }, all, { phone: phone(1) }],
            [{ dealerGroupId: g }, march, { phone: phone(1) }],
            [{ dealerGroupId: g }, all, { phone: phone(1), consultant: li }],
            [{ dealerGroupId: g }, all, { phone: phone(1).slice(3) as PhoneNumber }],
            [{ dealerGroupId: g }, march, {}],
            [{ dealerGroupId: other }, all, { phone: phone(1) }]
          ]
          const answers: Array<ReadonlyArray<string>> = []
          const ask = Effect.gen(function* () {
            for (const [scope, range, options] of queries) {
              const found = yield* reports.visitsOn(scope, range, options)
              assert.deepStrictEqual(plain(found), plain(yield* mem.visitsOn(scope, range, options)))
              answers.push(found.map((v) => `${v.tenant.storeId}/${v.visitId}`))
            }
          })
          yield* ask
          assert.deepStrictEqual(answers, [
            ["store-a/v-1", "store-a/v-2", "store-b/v-1"],
            ["store-a/v-1", "store-a/v-2"],
            ["store-a/v-1", "store-a/v-2"],
            ["store-a/v-2", "store-b/v-1"],
            [],
            ["store-a/v-1", "store-a/v-2", "store-a/v-3", "store-a/v-4"],
            ["store-a/v-1"]
          ])
          // an erasure gives the visits again without the phone
          const without = visits.slice(0, 2).map(({ phone: _, ...rest }) => rest)
          for (const source of [reports, mem]) yield* source.recordVisits(without)
          answers.length = 0
          yield* ask
          assert.deepStrictEqual(answers.slice(0, 2), [["store-b/v-1"], []])
        })
    )
  }
)
