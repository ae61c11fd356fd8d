/**
 * The conformance tests of the delivery receipts port (`DeliveryReceipts`): submissions found
 * across tenants by provider id and phone, receipts recorded once, read by message. Registered by
 * `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import { DeliveryReceipts } from "@jipan/core"
import { Effect, Option } from "effect"
import { freshTenant } from "../Fixtures.js"
import type { SuiteBody } from "./Support.js"

/** The names of the delivery receipts tests (part of `StoreTestName`). */
export type DeliveryReceiptsTestName =
  "receipts: submissions found across tenants, receipts recorded once, read by message"

/** The delivery receipts tests, by name. */
export const deliveryReceiptsTests = <R>(): Record<DeliveryReceiptsTestName, SuiteBody<R>> => ({
  "receipts: submissions found across tenants, receipts recorded once, read by message": () =>
    Effect.gen(function* () {
      const receipts = yield* DeliveryReceipts
      const a = freshTenant()
      const b = freshTenant()
      const providerId = `biz-${a.dealerGroupId}`
      const submission = (tenant: typeof a, phone: string, messageId: string) => ({
        provider: "aliyun",
        providerMessageId: providerId,
        phone,
        tenant,
        messageId,
        idempotencyKey: `${tenant.dealerGroupId}/${messageId}`,
        templateId: "SMS_1",
        at: Date.parse("2026-11-22T02:00:00Z")
      })
      // one provider id, two numbers (a batch send), in two tenants
      yield* receipts.submitted(submission(a, "+8613800000001", "m-1"))
      yield* receipts.submitted(submission(b, "+8613800000002", "m-1"))
      yield* receipts.submitted(submission(a, "+8613800000001", "m-other")) // ignored: same key
      const found = Option.getOrThrow(yield* receipts.lookup("aliyun", providerId, "+8613800000002"))
      assert.deepStrictEqual(found.tenant, b)
      assert.strictEqual(found.messageId, "m-1")
      assert.strictEqual(
        Option.getOrThrow(yield* receipts.lookup("aliyun", providerId, "+8613800000001")).messageId,
        "m-1"
      )
      assert.isTrue(Option.isNone(yield* receipts.lookup("tencent", providerId, "+8613800000001")))
      const receipt = {
        provider: "aliyun",
        providerMessageId: providerId,
        phone: "+8613800000001",
        tenant: a,
        messageId: "m-1",
        status: "delivered" as const,
        code: "DELIVERED",
        reportedAt: "2026-11-22 10:00:03"
      }
      yield* receipts.record(receipt)
      yield* receipts.record(receipt) // a repeated callback
      yield* receipts.record({
        ...receipt,
        phone: "+8613800000002",
        tenant: b,
        status: "failed",
        code: "MK:0001"
      })
      const ofA = yield* receipts.list({ dealerGroupId: a.dealerGroupId })
      assert.deepStrictEqual(
        ofA.map((r) => [r.messageId, r.status, r.code]),
        [["m-1", "delivered", "DELIVERED"]]
      )
      assert.deepStrictEqual(yield* receipts.list(a, "m-other"), [])
      assert.deepStrictEqual(
        (yield* receipts.list(b, "m-1")).map((r) => r.status),
        ["failed"]
      )
    })
})
