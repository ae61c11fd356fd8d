import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import {
  type ConsentEntry,
  type ConsentPurpose,
  type ConsentRecord,
  ConsentStore,
  defaultPolicy,
  failureOutcome,
  layerConsentRecords,
  layerMemory,
  makeDispatcher,
  makeNotifierChannels,
  NotifierChannels,
  notificationDraft,
  Outbox,
  type PhoneNumber,
  retryDelayMs
} from "../../src/index.js"
import { messageOf, policyWith, recordingChannel, tenant } from "../notificationFixtures.js"

// 2026-11-22 10:00 in Shanghai: inside the default customer hours
const MORNING = Date.parse("2026-11-22T02:00:00Z")

const internal = (key: string) =>
  notificationDraft({
    tenant,
    policy: defaultPolicy,
    at: MORNING,
    key,
    to: { id: "c-wang", name: "王强", channel: "webhook" },
    data: { kind: "cardAssigned", consultantName: "王强", reason: "opened", card: { cardId: key } }
  })

const care = (key: string, customerId = "cust-1") =>
  notificationDraft({
    tenant,
    policy: defaultPolicy,
    at: MORNING,
    key,
    to: { id: customerId, name: "陈静", channel: "sms", to: ["13800001234"], customerId },
    data: {
      kind: "careContact",
      careKind: "birthday",
      customerName: "陈静",
      storeName: "东方丰田",
      on: "2026-11-22"
    }
  })

const granted: ConsentRecord = { customerId: "cust-1", channel: "sms", status: "granted", at: 0 }

describe("retry rules (pure)", () => {
  it("backoff doubles from the base up to the cap; jitter only shortens", () => {
    const backoff = { baseSeconds: 30, maxSeconds: 600, jitter: 0 }
    assert.deepStrictEqual(
      [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, backoff, 0.9)),
      [30_000, 60_000, 120_000, 240_000, 480_000, 600_000]
    )
    const jittered = { ...backoff, jitter: 0.5 }
    assert.strictEqual(retryDelayMs(2, jittered, 0), 60_000)
    assert.strictEqual(retryDelayMs(2, jittered, 1), 30_000)
  })
  it("dead after the policy's attempts, or at once when not retryable", () => {
    const p = policyWith({ maxAttempts: 3 })
    const base = { now: 0, customerFacing: false, random: 0 }
    assert.strictEqual(failureOutcome({ ...base, attempts: 1, retryable: true }, p)._tag, "Retry")
    assert.strictEqual(failureOutcome({ ...base, attempts: 2, retryable: true }, p)._tag, "Dead")
    assert.strictEqual(failureOutcome({ ...base, attempts: 0, retryable: false }, p)._tag, "Dead")
  })
  it("a customer-facing retry lands in the allowed hours", () => {
    // 19:59:50 Shanghai + 30 s backoff = 20:00:20, quiet: moves to 09:00 the next day
    const now = Date.parse("2026-11-22T11:59:50Z")
    const r = failureOutcome(
      { attempts: 0, retryable: true, now, customerFacing: true, random: 0 },
      policyWith({ backoff: { baseSeconds: 30, maxSeconds: 60, jitter: 0 } })
    )
    assert.deepStrictEqual(r, { _tag: "Retry", at: Date.parse("2026-11-23T01:00:00Z") })
  })
})

describe("dispatcher on the memory store with TestClock", () => {
  it.effect("sends with the stable key, marks sent, and does not send twice", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const rec = yield* recordingChannel("webhook")
      const outbox = yield* Outbox
      yield* outbox.enqueue([messageOf(internal("card-1")), messageOf(internal("card-2"))])
      const d = yield* makeDispatcher()
      const report = yield* d.runOnce.pipe(
        Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])))
      )
      assert.strictEqual(report.sent, 2)
      const again = yield* d.runOnce.pipe(
        Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])))
      )
      assert.strictEqual(again.claimed, 0)
      const sent = yield* rec.sent
      assert.deepStrictEqual(
        sent.map((s) => s.key),
        [
          "cardAssigned:grp-east/store-01:card-1:webhook:c-wang",
          "cardAssigned:grp-east/store-01:card-2:webhook:c-wang"
        ]
      )
      assert.strictEqual((yield* outbox.list({ dealerGroupId: tenant.dealerGroupId }, "sent")).length, 2)
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("backoff grows between attempts; dead-letter after max attempts with the last error", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const rec = yield* recordingChannel("webhook", () => "retry")
      const outbox = yield* Outbox
      yield* outbox.enqueue([messageOf(internal("card-9"))])
      const policy = policyWith({ maxAttempts: 5, backoff: { baseSeconds: 10, maxSeconds: 3600, jitter: 0 } })
      const d = yield* makeDispatcher({ policy: () => policy })
      const channels = Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel]))
      const gaps: Array<number> = []
      let last = MORNING
      for (let i = 0; i < 5; i++) {
        const [m] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })
        if (m === undefined || m.status !== "pending") break
        yield* TestClock.setTime(m.availableAt)
        if (i > 0) gaps.push(m.availableAt - last)
        last = m.availableAt
        yield* d.runOnce.pipe(Effect.provide(channels))
      }
      assert.deepStrictEqual(gaps, [10_000, 20_000, 40_000, 80_000])
      const [dead] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })
      assert.strictEqual(dead?.status, "dead")
      assert.strictEqual(dead?.attempts, 5)
      assert.strictEqual(dead?.lastError, "HttpStatus: 503 Service Unavailable")
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("a permanent refusal is dead-lettered at once", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const rec = yield* recordingChannel("webhook", () => "permanent")
      const outbox = yield* Outbox
      yield* outbox.enqueue([messageOf(internal("card-3"))])
      const report = yield* (yield* makeDispatcher()).runOnce.pipe(
        Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])))
      )
      assert.strictEqual(report.dead, 1)
      const [m] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })
      assert.strictEqual(m?.lastError, "Rejected: 422 Unprocessable")
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("respects a channel's rate limit (sends spread over minutes)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const rec = yield* recordingChannel("webhook")
      const outbox = yield* Outbox
      yield* outbox.enqueue(["a", "b", "c", "d", "e"].map((k) => messageOf(internal(k))))
      const policy = policyWith({ rateLimits: [{ channel: "webhook", perMinute: 2 }] })
      const d = yield* makeDispatcher({ policy: () => policy, leaseMs: 10 * 60_000 })
      const fiber = yield* Effect.forkChild(
        d.runOnce.pipe(Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel]))))
      )
      yield* TestClock.adjust("3 minutes")
      const report = yield* Fiber.join(fiber)
      assert.strictEqual(report.sent, 5)
      const times = (yield* rec.sent).map((s) => s.at - MORNING)
      assert.deepStrictEqual(times, [0, 0, 60_000, 60_000, 120_000])
      for (let i = 2; i < times.length; i++) assert.isAtLeast((times[i] ?? 0) - (times[i - 2] ?? 0), 60_000)
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("a rate-limit wait past the lease leaves the message for the lease to return", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const rec = yield* recordingChannel("webhook")
      const outbox = yield* Outbox
      yield* outbox.enqueue(["a", "b"].map((k) => messageOf(internal(k))))
      const policy = policyWith({ rateLimits: [{ channel: "webhook", perMinute: 1 }] })
      const d = yield* makeDispatcher({ policy: () => policy, leaseMs: 30_000, concurrency: 1 })
      const report = yield* d.runOnce.pipe(
        Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])))
      )
      assert.deepStrictEqual([report.sent, report.postponed], [1, 1])
      const pending = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId }, "pending")
      assert.strictEqual(pending[0]?.attempts, 0)
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("skips a customer who withdrew consent, recording why; sends with consent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const rec = yield* recordingChannel("sms")
      const outbox = yield* Outbox
      yield* outbox.enqueue([
        messageOf(care("a", "cust-1")),
        messageOf(care("b", "cust-2")),
        messageOf(care("c", "cust-3"))
      ])
      const records: Array<ConsentRecord> = [
        granted,
        { customerId: "cust-2", channel: "sms", status: "granted", at: 0 },
        { customerId: "cust-2", channel: "*", status: "withdrawn", at: MORNING - 1000 }
      ]
      const report = yield* (yield* makeDispatcher()).runOnce.pipe(
        Effect.provide(
          Layer.merge(
            Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])),
            layerConsentRecords(records)
          )
        )
      )
      assert.deepStrictEqual([report.sent, report.skipped], [1, 2])
      const skipped = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId }, "skipped")
      assert.match(skipped[0]?.lastError ?? "", /withdrawn/)
      assert.match(skipped[1]?.lastError ?? "", /no consent recorded/)
      assert.deepStrictEqual(
        (yield* rec.sent).map((s) => s.message.to),
        [["13800001234"]]
      )
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect(
    "the stored consent ledger decides per purpose: withdrawn skips with the reason, given again resumes",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(MORNING)
        const rec = yield* recordingChannel("sms")
        const outbox = yield* Outbox
        const ledger = yield* ConsentStore
        const entry = (
          id: string,
          status: "granted" | "withdrawn",
          at: number,
          purpose: ConsentPurpose = "careContact"
        ): ConsentEntry => ({
          id,
          dealerGroupId: tenant.dealerGroupId,
          phone: "+8613800001234" as PhoneNumber,
          purpose,
          channel: "sms",
          status,
          at,
          evidence: { capturedBy: "c-wang", formId: "F-1" }
        })
        // care granted at the form, then withdrawn by phone; marketing (another purpose) granted
        yield* ledger.record([
          entry("k-1", "granted", MORNING - 10_000),
          entry("k-2", "withdrawn", MORNING - 5_000),
          entry("k-3", "granted", MORNING - 10_000, "marketing")
        ])
        const channels = Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel]))
        // the ledger decides even where the DMS's consent book would grant
        const withBook = Layer.merge(channels, layerConsentRecords([granted]))
        yield* outbox.enqueue([messageOf(care("w"))])
        const d = yield* makeDispatcher()
        const first = yield* d.runOnce.pipe(Effect.provide(withBook))
        assert.deepStrictEqual([first.sent, first.skipped], [0, 1])
        const [skipped] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId }, "skipped")
        assert.match(skipped?.lastError ?? "", /客户已撤回客户关怀回访同意/)
        // given again (a new signed form): the next message goes out
        yield* ledger.record([entry("k-4", "granted", MORNING - 1_000)])
        yield* outbox.enqueue([messageOf(care("x"))])
        const second = yield* d.runOnce.pipe(Effect.provide(withBook))
        assert.deepStrictEqual([second.sent, second.skipped], [1, 0])
        assert.strictEqual((yield* rec.sent).length, 1)
      }).pipe(Effect.provide(layerMemory))
  )

  it.effect("a customer message due in quiet hours moves to 09:00 store time", () =>
    Effect.gen(function* () {
      const night = Date.parse("2026-11-22T14:30:00Z") // 22:30 Shanghai
      yield* TestClock.setTime(night)
      const rec = yield* recordingChannel("sms")
      const outbox = yield* Outbox
      yield* outbox.enqueue([{ ...messageOf(care("n")), availableAt: night }])
      const channels = Layer.merge(
        Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])),
        layerConsentRecords([granted])
      )
      const d = yield* makeDispatcher()
      const report = yield* d.runOnce.pipe(Effect.provide(channels))
      assert.strictEqual(report.deferred, 1)
      const [m] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })
      assert.strictEqual(m?.availableAt, Date.parse("2026-11-23T01:00:00Z"))
      // a quiet-hour hold is not a delivery attempt
      assert.strictEqual(m?.attempts, 0)
      yield* TestClock.setTime(Date.parse("2026-11-23T01:00:00Z"))
      assert.strictEqual((yield* d.runOnce.pipe(Effect.provide(channels))).sent, 1)
      assert.strictEqual((yield* rec.sent)[0]?.at, Date.parse("2026-11-23T01:00:00Z"))
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("a dispatcher whose lease was taken over settles nothing; the new holder's outcome stands", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const outbox = yield* Outbox
      yield* outbox.enqueue([messageOf(internal("slow"))])
      // dispatcher A claims, then stalls past its lease; B claims the returned message and sends it
      const [a] = yield* outbox.claim({ now: MORNING, limit: 10, leaseMs: 1_000, claimant: "A" })
      const rec = yield* recordingChannel("webhook")
      yield* TestClock.setTime(MORNING + 2_000)
      const b = yield* makeDispatcher({ claimant: "B" })
      const report = yield* b.runOnce.pipe(
        Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])))
      )
      assert.deepStrictEqual([report.claimed, report.sent, report.lost], [1, 1, 0])
      // A comes back and tries to record a failure: refused, the message stays sent with one attempt
      const late = yield* outbox.settle(
        [
          {
            tenant,
            id: a?.id ?? "",
            outcome: { _tag: "Failed", error: "timeout", retryAt: MORNING + 60_000 }
          }
        ],
        { claimant: "A" }
      )
      assert.deepStrictEqual(late, { settled: 0, lost: [a?.id ?? ""] })
      const [m] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })
      assert.deepStrictEqual([m?.status, m?.attempts], ["sent", 1])
    }).pipe(Effect.provide(layerMemory))
  )

  it.effect("a lease stolen mid-send is reported lost, not settled twice", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(MORNING)
      const outbox = yield* Outbox
      yield* outbox.enqueue([messageOf(internal("race"))])
      const rec = yield* recordingChannel("webhook")
      // the channel is slow: while A sends, its lease runs out and B claims the message
      const stealing = {
        ...rec.channel,
        send: (message: Parameters<typeof rec.channel.send>[0]) =>
          Effect.andThen(
            Effect.orDie(outbox.claim({ now: MORNING + 120_000, limit: 10, leaseMs: 60_000, claimant: "B" })),
            rec.channel.send(message)
          )
      }
      const a = yield* makeDispatcher({ claimant: "A", leaseMs: 60_000 })
      const report = yield* a.runOnce.pipe(
        Effect.provide(Layer.succeed(NotifierChannels, makeNotifierChannels([stealing])))
      )
      assert.deepStrictEqual([report.sent, report.lost], [0, 1])
      const [m] = yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })
      assert.deepStrictEqual([m?.status, m?.attempts], ["pending", 0])
    }).pipe(Effect.provide(layerMemory))
  )
})
