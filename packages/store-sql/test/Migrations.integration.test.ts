// Migration 12_referral_lookups on a database the earlier migrations made and an earlier store
// wrote to: the referee's phone and linked card are backfilled from the stored state, so
// ReferralStore.find finds the referrals written before it; its indexes exist. And
// 16_erased_receipts on submissions and receipts written before it: kept, found, still written
// once, and erasable without a collision. And 18_erasure_lookups on referrals, outbox messages and
// visits written before it: the referrer's phone and each message's subjects (outboxSubjectsOf,
// over more messages than one backfill batch) are backfilled, so ReferralStore.find by
// referrerPhone, Outbox.about and visitsOn with a phone find them; its indexes exist.
import { assert, layer } from "@effect/vitest"
import {
  type CalendarDate,
  type CardId,
  type ConsultantId,
  type DealerGroupId,
  DeliveryReceipts,
  foldReferral,
  Outbox,
  outboxSubjectsOf,
  type PhoneNumber,
  type ProviderSubmission,
  type ReferralEvent,
  type ReferralId,
  type ReferralRegistration,
  ReferralStore,
  ReportSource,
  type ShowroomVisit,
  type StoreId
} from "@jipan/core"
import { Effect, Layer, Option } from "effect"
import { Migrator, SqlClient } from "effect/sql"
import { Migrations, SqlStore } from "../src/index.js"
import * as TestDatabase from "./TestDatabase.js"

// a fresh database, migrated by the test itself
const Database = Layer.provideMerge(SqlStore.layer, TestDatabase.layer)

const before12 = Object.fromEntries(
  Object.entries(Migrations.migrations).filter(([id]) => Number.parseInt(id, 10) < 12)
)

const g = "grp-migrate" as DealerGroupId
const on = "2026-03-02" as CalendarDate
const refereePhone = "+8613900000001" as PhoneNumber

const registered = (referralId: string, storeId: string): ReadonlyArray<ReferralEvent> => [
  {
    _tag: "ReferralRegistered",
    on,
    registration: {
      referralId,
      storeId,
      consultantId: "c-wang" as ConsultantId,
      registeredOn: on,
      askedAt: "delivery",
      referrer: { kind: "ownedCustomer", id: "cust-1", phone: "+8613800000001" },
      referee: { name: "李四", phone: refereePhone }
    } as ReferralRegistration
  }
]

/** What the store wrote before 12_referral_lookups: the old columns, the state, the history. */
const writeAsBefore = (storeId: string, referralId: string, events: ReadonlyArray<ReferralEvent>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const state = foldReferral(events)
    yield* sql`INSERT INTO jipan_referrals (dealer_group_id, store_id, referral_id, version, status, consultant_id,
        referrer_id, state)
      VALUES (${g}, ${storeId}, ${referralId}, ${state.version}, ${state.status},
        ${state.registration?.consultantId ?? null}, ${state.registration?.referrer.id ?? null},
        ${JSON.stringify(state)}::jsonb)`
    for (const [i, event] of events.entries())
      yield* sql`INSERT INTO jipan_referral_events (dealer_group_id, store_id, referral_id, version, event)
        VALUES (${g}, ${storeId}, ${referralId}, ${i + 1}, ${JSON.stringify(event)}::jsonb)`
  })

layer(Database, { excludeTestServices: true, timeout: "120 seconds" })(
  `Migrations (${TestDatabase.backend})`,
  (it) => {
    it.effect("12_referral_lookups backfills the referee's phone and linked card of existing referrals", () =>
      Effect.gen(function* () {
        const first = yield* Migrator.make({})({
          loader: Migrator.fromRecord(before12),
          table: Migrations.table
        })
        assert.deepStrictEqual(
          first.map(([id]) => id),
          Array.from({ length: 11 }, (_, i) => i + 1)
        )
        yield* writeAsBefore("store-a", "ref-1", registered("ref-1", "store-a"))
        yield* writeAsBefore("store-b", "ref-2", [
          ...registered("ref-2", "store-b"),
          { _tag: "ReferralAudited", on, checks: [] },
          { _tag: "RefereeCardLinked", on, storeId: "store-b" as StoreId, cardId: "card-7" as CardId }
        ])

        // a batch to two numbers (one provider message id), and their receipts, in the old keys
        const receipts = yield* DeliveryReceipts
        const tenant = { dealerGroupId: g, storeId: "store-a" as StoreId }
        const sent = ["+8613900000002", "+8613900000003"].map(
          (phone, i): ProviderSubmission => ({
            provider: "aliyun",
            providerMessageId: "biz-1",
            phone,
            tenant,
            messageId: `m-${i}`,
            idempotencyKey: `k-${i}`,
            at: 1_772_000_000_000 + i
          })
        )
        for (const s of sent) {
          yield* receipts.submitted(s)
          yield* receipts.record({
            ...s,
            status: "delivered",
            code: "DELIVERED",
            reportedAt: "2026-03-02 10:00:03"
          })
        }

        assert.deepStrictEqual(yield* Migrations.run, [
          [12, "referral_lookups"],
          [13, "complaint_facts"],
          [14, "visit_plan_facts"],
          [15, "audit_log"],
          [16, "erased_receipts"],
          [17, "consents"],
          [18, "erasure_lookups"]
        ])
        const sql = yield* SqlClient.SqlClient
        const rows = yield* sql<{
          readonly referral_id: string
          readonly referee_phone: string | null
          readonly referee_card_store_id: string | null
          readonly referee_card_id: string | null
        }>`SELECT referral_id, referee_phone, referee_card_store_id, referee_card_id FROM jipan_referrals
          WHERE dealer_group_id = ${g} ORDER BY referral_id`
        assert.deepStrictEqual(
          rows.map((r) => ({ ...r })),
          [
            {
              referral_id: "ref-1",
              referee_phone: refereePhone,
              referee_card_store_id: null,
              referee_card_id: null
            },
            {
              referral_id: "ref-2",
              referee_phone: refereePhone,
              referee_card_store_id: "store-b",
              referee_card_id: "card-7"
            }
          ]
        )
        const indexes = yield* sql<{ readonly indexname: string }>`SELECT indexname FROM pg_indexes
          WHERE tablename = 'jipan_referrals' AND schemaname = current_schema() ORDER BY indexname`
        assert.includeMembers(
          indexes.map((r) => r.indexname),
          [
            "jipan_referrals_consultant",
            "jipan_referrals_keys",
            "jipan_referrals_referee_card",
            "jipan_referrals_referee_phone",
            "jipan_referrals_referrer"
          ]
        )
        // 18_erasure_lookups: the referrer's phone of the referrals written before 12 too
        const byReferrer = yield* (yield* ReferralStore).find(
          { dealerGroupId: g },
          { referrerPhone: "+8613800000001" as PhoneNumber }
        )
        assert.deepStrictEqual(
          byReferrer.items.map((r) => r.referralId),
          ["ref-1", "ref-2"]
        )

        // the referrals written before are found, and the ones written after keep the columns
        const referrals = yield* ReferralStore
        const byPhone = yield* referrals.find({ dealerGroupId: g }, { refereePhone })
        assert.deepStrictEqual(
          byPhone.items.map((r) => [r.tenant.storeId, r.referralId, r.version, r.state.status]),
          [
            ["store-a", "ref-1", 1, "registered"],
            ["store-b", "ref-2", 3, "audited"]
          ]
        )
        const byCard = yield* referrals.find({ dealerGroupId: g }, { refereeCardId: "card-7" as CardId })
        assert.deepStrictEqual(
          byCard.items.map((r) => r.referralId),
          ["ref-2"]
        )
        const loaded = yield* referrals.load(
          { dealerGroupId: g, storeId: "store-a" as StoreId },
          "ref-1" as ReferralId
        )
        if (loaded._tag === "None") return assert.fail("ref-1 is stored")
        const link: ReferralEvent = {
          _tag: "RefereeCardLinked",
          on,
          storeId: "store-a" as StoreId,
          cardId: "card-8" as CardId
        }
        yield* referrals.append({
          tenant: loaded.value.tenant,
          referralId: loaded.value.referralId,
          expectedVersion: 1,
          events: [link],
          state: foldReferral([link], loaded.value.state),
          ledger: [],
          report: undefined
        })
        const linked = yield* referrals.find({ dealerGroupId: g }, { refereeCardId: "card-8" as CardId })
        assert.deepStrictEqual(
          linked.items.map((r) => [r.referralId, r.version]),
          [["ref-1", 2]]
        )
        // the rows written before 16_erased_receipts: found, still written once, erasable
        for (const s of sent) {
          const found = yield* receipts.lookup("aliyun", "biz-1", s.phone)
          assert.deepStrictEqual(
            Option.map(found, (f) => [f.messageId, f.phone, f.at]),
            Option.some([s.messageId, s.phone, s.at])
          )
          yield* receipts.submitted({ ...s, messageId: "again" })
          yield* receipts.record({
            ...s,
            status: "delivered",
            code: "AGAIN",
            reportedAt: "2026-03-02 10:00:04"
          })
        }
        assert.deepStrictEqual(
          (yield* receipts.list(tenant)).map((r) => [r.messageId, r.phone, r.code]),
          [
            ["m-0", "+8613900000002", "DELIVERED"],
            ["m-1", "+8613900000003", "DELIVERED"]
          ]
        )
        assert.strictEqual(yield* receipts.redactPhone(tenant, ["+8613900000002"]), 2)
        assert.strictEqual(yield* receipts.redactPhone(tenant, ["+8613900000003"]), 2)
        assert.deepStrictEqual(
          (yield* receipts.list(tenant)).map((r) => [r.messageId, r.phone, r.code]),
          [
            ["m-0", "+0", "DELIVERED"],
            ["m-1", "+0", "DELIVERED"]
          ]
        )
        // running the migrations again changes nothing
        assert.deepStrictEqual(yield* Migrations.run, [])
      })
    )
  }
)

const before18 = Object.fromEntries(
  Object.entries(Migrations.migrations).filter(([id]) => Number.parseInt(id, 10) < 18)
)

/** How many outbox rows the store wrote before 18_erasure_lookups (more than a backfill batch). */
const OLD_MESSAGES = 4_500

layer(Database, { excludeTestServices: true, timeout: "120 seconds" })(
  `Migrations: 18_erasure_lookups (${TestDatabase.backend})`,
  (it) => {
    it.effect("backfills the referrer's phone and the outbox subjects of rows written before it", () =>
      Effect.gen(function* () {
        const first = yield* Migrator.make({})({
          loader: Migrator.fromRecord(before18),
          table: Migrations.table
        })
        assert.strictEqual(first.length, 17)
        const sql = yield* SqlClient.SqlClient
        const tenant = { dealerGroupId: g, storeId: "store-a" as StoreId }
        const other = { dealerGroupId: "grp-other" as DealerGroupId, storeId: "store-a" as StoreId }
        // referrals as the store wrote them between 12 and 18 (no referrer_phone)
        for (const [t, referralId] of [
          [tenant, "ref-1"],
          [tenant, "ref-2"],
          [other, "ref-1"]
        ] as const) {
          const events = registered(referralId, t.storeId)
          const state = foldReferral(events)
          yield* sql`INSERT INTO jipan_referrals (dealer_group_id, store_id, referral_id, version, status, consultant_id,
              referrer_id, referee_phone, state)
            VALUES (${t.dealerGroupId}, ${t.storeId}, ${referralId}, ${state.version}, ${state.status},
              ${state.registration?.consultantId ?? null}, ${state.registration?.referrer.id ?? null},
              ${state.registration?.referee.phone ?? null}, ${JSON.stringify(state)}::jsonb)`
          for (const [i, event] of events.entries())
            yield* sql`INSERT INTO jipan_referral_events (dealer_group_id, store_id, referral_id, version, event)
              VALUES (${t.dealerGroupId}, ${t.storeId}, ${referralId}, ${i + 1}, ${JSON.stringify(event)}::jsonb)`
        }
        // outbox messages as the enqueue wrote them before 18 (no subjects): a few by hand…
        const payloads: ReadonlyArray<readonly [string, string, unknown]> = [
          ["m-sms", "customer:cust-1", { to: ["13800000001"], text: "周六见" }],
          ["m-card", "consultant:c-wang", { card: { cardId: "card-7", customer: { customerId: "cust-1" } } }],
          ["m-referrer", "referrer:cust-1", { referralId: "ref-1", mentions: "+86 139 0000 0001" }],
          ["m-none", "consultant:c-wang", { text: "nobody" }]
        ]
        for (const [i, [id, recipient, payload]] of payloads.entries())
          yield* sql`INSERT INTO jipan_outbox (dealer_group_id, store_id, id, idempotency_key, topic, recipient, payload,
              available_at, status, attempts)
            VALUES (${g}, 'store-a', ${id}, ${`k-${id}`}, 'care.due', ${recipient}, ${JSON.stringify(payload)}::jsonb,
              ${1_772_000_000_000 + i}, 'pending', 0)`
        // …and many more, each to a phone about a card
        yield* sql`INSERT INTO jipan_outbox (dealer_group_id, store_id, id, idempotency_key, topic, recipient, payload,
            available_at, status, attempts)
          SELECT ${g}, 'store-b', 'm-' || i, 'k-b-' || i, 'care.due', 'customer:cust-' || i,
            jsonb_build_object('to', '137' || lpad(i::text, 8, '0'), 'cardId', 'card-' || i), 1772000000000, 'sent', 1
          FROM generate_series(1, ${OLD_MESSAGES}) AS i`
        // visits (their table and shape do not change)
        const visit: ShowroomVisit = {
          tenant,
          visitId: "v-1",
          at: 1_772_413_200_000,
          on,
          kind: "walkIn",
          ordinal: "first",
          consultant: "c-wang" as ConsultantId,
          phone: refereePhone
        }
        yield* (yield* ReportSource).recordVisits([
          visit,
          { ...visit, visitId: "v-2", phone: "+8613900000009" as PhoneNumber }
        ])

        assert.deepStrictEqual(yield* Migrations.run, [[18, "erasure_lookups"]])

        const referrers = yield* sql<{
          readonly dealer_group_id: string
          readonly referral_id: string
          readonly referrer_phone: string | null
        }>`SELECT dealer_group_id, referral_id, referrer_phone FROM jipan_referrals ORDER BY dealer_group_id, referral_id`
        assert.deepStrictEqual(
          referrers.map((r) => [r.dealer_group_id, r.referral_id, r.referrer_phone]),
          [
            [g, "ref-1", "+8613800000001"],
            [g, "ref-2", "+8613800000001"],
            ["grp-other", "ref-1", "+8613800000001"]
          ]
        )
        // every message's subjects as the enqueue computes them now
        const rows = yield* sql<{
          readonly id: string
          readonly payload: unknown
          readonly subjects: ReadonlyArray<string>
        }>`SELECT id, payload, subjects FROM jipan_outbox ORDER BY seq`
        assert.strictEqual(rows.length, payloads.length + OLD_MESSAGES)
        const wrong = rows.filter(
          (r) => JSON.stringify([...r.subjects]) !== JSON.stringify(outboxSubjectsOf({ payload: r.payload }))
        )
        assert.deepStrictEqual(wrong, [])
        assert.deepStrictEqual(
          rows.slice(0, payloads.length).map((r) => [r.id, [...r.subjects]]),
          [
            ["m-sms", ["+8613800000001"]],
            ["m-card", ["card-7", "cust-1"]],
            ["m-referrer", ["+8613900000001", "ref-1"]],
            ["m-none", []]
          ]
        )
        assert.deepStrictEqual(
          [...(rows[rows.length - 1]?.subjects ?? [])],
          [`+86137${String(OLD_MESSAGES).padStart(8, "0")}`, `card-${OLD_MESSAGES}`]
        )

        // found by the ports
        const outbox = yield* Outbox
        const about = (recipients: ReadonlyArray<string>, subjects: ReadonlyArray<string>) =>
          Effect.map(outbox.about({ dealerGroupId: g }, { recipients, subjects }), (ms) =>
            ms.map((m) => `${m.tenant.storeId}/${m.id}`)
          )
        assert.deepStrictEqual(yield* about([], ["+8613800000001"]), ["store-a/m-sms"])
        assert.deepStrictEqual(yield* about([], ["cust-1", "+8613700004321"]), [
          "store-a/m-card",
          "store-b/m-4321"
        ])
        assert.deepStrictEqual(yield* about(["referrer:cust-1", "customer:cust-17"], ["card-4500"]), [
          "store-a/m-referrer",
          "store-b/m-17",
          "store-b/m-4500"
        ])
        const referrals = yield* ReferralStore
        const found = yield* referrals.find(
          { dealerGroupId: g },
          { referrerPhone: "+8613800000001" as PhoneNumber }
        )
        assert.deepStrictEqual(
          found.items.map((r) => [r.tenant.storeId, r.referralId]),
          [
            ["store-a", "ref-1"],
            ["store-a", "ref-2"]
          ]
        )
        const visits = yield* (yield* ReportSource).visitsOn(
          { dealerGroupId: g },
          { from: on, to: on },
          { phone: refereePhone }
        )
        assert.deepStrictEqual(
          visits.map((v) => v.visitId),
          ["v-1"]
        )

        const indexes = yield* sql<{ readonly indexname: string }>`SELECT indexname FROM pg_indexes
          WHERE schemaname = current_schema() ORDER BY indexname`
        assert.includeMembers(
          indexes.map((r) => r.indexname),
          [
            "jipan_delivery_receipts_phone",
            "jipan_outbox_recipient",
            "jipan_outbox_subjects",
            "jipan_provider_submissions_phone",
            "jipan_referrals_referrer_phone",
            "jipan_showroom_visits_phone"
          ]
        )
        // running the migrations again changes nothing
        assert.deepStrictEqual(yield* Migrations.run, [])
      })
    )
  }
)
