import { describe, it } from "@effect/vitest"
import { Effect, Layer, Ref } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { expect } from "vitest"
import {
  type ConsentRecord,
  consentAt,
  defaultPolicy,
  isWithinHours,
  layerConsentRecords,
  layerMemory,
  makeDispatcher,
  makeNotifierChannels,
  NotifierChannels,
  nextAllowedTime,
  notificationDraft,
  Outbox
} from "../../src/index.js"
import { messageOf, recordingChannel, tenant } from "../notificationFixtures.js"

const zones = ["Asia/Shanghai", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Australia/Sydney"]
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`
// windows that start after the DST switch hours (01:00–03:00) so every `from` exists each day
const windowArb = fc
  .tuple(fc.integer({ min: 4 * 60, max: 12 * 60 }), fc.integer({ min: 30, max: 14 * 60 }))
  .map(([from, len]) => ({ from: hhmm(from), to: hhmm(Math.min(from + len, 23 * 60 + 59)) }))
const instantArb = fc.integer({
  min: Date.parse("2020-01-01T00:00:00Z"),
  max: Date.parse("2030-12-31T00:00:00Z")
})

describe("quiet hours (property)", () => {
  it("the next allowed time is allowed, not earlier, the instant itself when allowed, and the first allowed minute", () => {
    fc.assert(
      fc.property(instantArb, windowArb, fc.constantFrom(...zones), (at, hours, zone) => {
        const next = nextAllowedTime(at, hours, zone)
        expect(next).toBeGreaterThanOrEqual(at)
        expect(isWithinHours(next, hours, zone)).toBe(true)
        expect(next - at).toBeLessThanOrEqual(26 * 3_600_000)
        if (isWithinHours(at, hours, zone)) expect(next).toBe(at)
        else expect(isWithinHours(Math.max(at, next - 60_000), hours, zone)).toBe(false)
      }),
      { numRuns: 500 }
    )
  })
})

const BASE = Date.parse("2026-11-22T00:00:00Z")
const HOUR = 3_600_000
const scheduleArb = fc.record({
  messages: fc.array(
    fc.record({
      customer: fc.constantFrom("cust-1", "cust-2", "cust-3"),
      offsetHours: fc.integer({ min: 0, max: 72 })
    }),
    { minLength: 1, maxLength: 8 }
  ),
  consent: fc.array(
    fc.record({
      customer: fc.constantFrom("cust-1", "cust-2", "cust-3"),
      channel: fc.constantFrom("sms", "*", "email"),
      status: fc.constantFrom("granted" as const, "withdrawn" as const),
      offsetHours: fc.integer({ min: 0, max: 96 })
    }),
    { maxLength: 8 }
  ),
  ticks: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }),
  failEvery: fc.integer({ min: 0, max: 3 })
})

describe("the dispatcher honours quiet hours and consent under generated schedules (property)", () => {
  it("every customer message is sent inside the allowed hours and only with consent in force at that instant", async () => {
    await fc.assert(
      fc.asyncProperty(scheduleArb, async (schedule) => {
        const records: Array<ConsentRecord> = schedule.consent.map((c) => ({
          customerId: c.customer,
          channel: c.channel,
          status: c.status,
          at: BASE + c.offsetHours * HOUR
        }))
        const program = Effect.gen(function* () {
          const rec = yield* recordingChannel("sms", (n) =>
            schedule.failEvery > 0 && n % (schedule.failEvery + 1) === 0 ? "retry" : "ok"
          )
          const outbox = yield* Outbox
          yield* outbox.enqueue(
            schedule.messages.map((m, i) => {
              const draft = notificationDraft({
                tenant,
                policy: defaultPolicy,
                at: BASE,
                key: `k-${i}`,
                to: {
                  id: m.customer,
                  name: "客户",
                  channel: "sms",
                  to: ["13800001234"],
                  customerId: m.customer
                },
                data: {
                  kind: "careContact",
                  careKind: "festival",
                  customerName: "客户",
                  storeName: "东方丰田",
                  on: "2026-11-22"
                }
              })
              // generated schedules bypass the drafts' own dating: anything may be due any time
              return { ...messageOf(draft), availableAt: BASE + m.offsetHours * HOUR }
            })
          )
          const d = yield* makeDispatcher({ leaseMs: 10 * 60_000 })
          const layers = Layer.merge(
            Layer.succeed(NotifierChannels, makeNotifierChannels([rec.channel])),
            layerConsentRecords(records)
          )
          for (const tick of [...new Set(schedule.ticks)].sort((a, b) => a - b)) {
            yield* TestClock.setTime(BASE + tick * HOUR)
            yield* d.runOnce.pipe(Effect.provide(layers))
          }
          const sent = yield* rec.sent
          const byKey = new Map(
            (yield* outbox.list({ dealerGroupId: tenant.dealerGroupId })).map((m) => [m.idempotencyKey, m])
          )
          for (const s of sent) {
            const customer = (byKey.get(s.key)?.payload as { consentOf: string } | undefined)?.consentOf ?? ""
            expect(
              isWithinHours(s.at, defaultPolicy.notifications.customerHours, defaultPolicy.timeZone)
            ).toBe(true)
            expect(consentAt(records, customer, "sms", s.at)._tag).toBe("Granted")
          }
          for (const m of byKey.values()) if (m.status === "skipped") expect(m.lastError).toMatch(/consent/)
          return yield* Ref.make(0)
        })
        await Effect.runPromise(
          program.pipe(Effect.provide(Layer.mergeAll(Layer.fresh(layerMemory), TestClock.layer())))
        )
      }),
      { numRuns: 60 }
    )
  })
})
