// Pure parts of the SQL store; the store itself runs the conformance suite in store-pglite
// (embedded) and store-postgres (server), which provide the SqlClient.
import { assert, describe, it } from "@effect/vitest"
import { foldCard, initialCardState } from "@jipan/core"
import { ConnectionError, SqlError, UnknownError } from "effect/sql/SqlError"
import { Migrations, SqlStore } from "../src/index.js"

describe("SqlStore", () => {
  it("stores the state as JSON without -Infinity", () => {
    assert.strictEqual(JSON.parse(SqlStore.stateJson(initialCardState)).lastEventAt, null)
    assert.deepStrictEqual(
      JSON.parse(SqlStore.stateJson(foldCard([]))),
      JSON.parse(SqlStore.stateJson(initialCardState))
    )
  })

  it("maps SQL failures to one StoreError with a reason", () => {
    const props = { cause: new Error("x"), message: "x", operation: "execute" }
    const down = SqlStore.storeError(new SqlError({ reason: new ConnectionError(props) }), "card-1")
    assert.strictEqual(down.reason, "Unavailable")
    assert.strictEqual(down.id, "card-1")
    assert.strictEqual(
      SqlStore.storeError(new SqlError({ reason: new UnknownError(props) })).reason,
      "Unknown"
    )
  })

  it("numbers its migrations in order", () => {
    assert.deepStrictEqual(Object.keys(Migrations.migrations), [
      "1_cards",
      "2_referrals",
      "3_outbox",
      "4_policies",
      "5_outbox_claims",
      "6_outbox_leases",
      "7_reports",
      "8_report_filters",
      "9_tenant_keys",
      "10_delivery_receipts",
      "11_card_keys",
      "12_referral_lookups",
      "13_complaint_facts",
      "14_visit_plan_facts",
      "15_audit_log",
      "16_erased_receipts",
      "17_consents",
      "18_erasure_lookups"
    ])
  })
})
