// Migration 12_referral_lookups on a database the earlier migrations made and an earlier store
// wrote to: the referee's phone and linked card are backfilled from the stored state, so
// ReferralStore.find finds the referrals written before it; its indexes exist. And
// 16_erased_receipts on submissions and receipts written before it: kept, found, still written
// once, and erasable without a collision.
import { assert, layer } from "@effect/vitest"
import {
  type CalendarDate,
  type CardId,
  type ConsultantId,
  type DealerGroupId,
  DeliveryReceipts,
  foldReferral,
  type PhoneNumber,
  type ProviderSubmission,
  type ReferralEvent,
  type ReferralId,
  type ReferralRegistration,
  ReferralStore,
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
          [17, "consents"]
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
