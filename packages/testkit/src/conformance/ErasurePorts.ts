/**
 * The conformance tests of the ports an erasure needs (issue #19, PIPL): `CardStore.rewrite` and
 * `ReferralStore.rewrite` replace a history in place (read back equal; `VersionConflict` when
 * stale, `StoreError` when the number of events differs, nothing written either way),
 * `Outbox.redact` (payload `{ erased: true }`, pending becomes skipped, other statuses stay) and the
 * `AuditLog` port (idempotent ids, filters, (at, id) order, pages, scoped by group). Registered by
 * `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type AccessRecord,
  AuditLog,
  type CalendarDate,
  CardEvent,
  type CardId,
  type CardRewrite,
  type CardState,
  CardStore,
  type ConsultantId,
  calendarDateOf,
  cardReportRowsOf,
  careContactsOf,
  type DealerGroupId,
  defaultPolicy,
  ERASED_PHONE,
  ERASED_TEXT,
  foldCard,
  foldReferral,
  initialCardState,
  Outbox,
  type ReferralEvent,
  type ReferralRewrite,
  ReferralStore,
  ReportSource,
  redactPersonal,
  reportReferralOf,
  type Tenant
} from "@jipan/core"
import { Effect, Option } from "effect"
import { appendFor, cardIdOf, deliverySteps, freshTenant, openCommand, phoneOf, START } from "../Fixtures.js"
import { failsWith, message, owner, plain, type SuiteBody, writeCard } from "./Support.js"

/** The names of the erasure port tests (part of `StoreTestName`). */
export type ErasurePortTestName =
  | "erasure ports: a card's rewrite reads back; stale or of another length, nothing is written"
  | "erasure ports: a referral's rewrite reads back; stale or of another length, nothing is written"
  | "erasure ports: outbox redact erases payloads, skips pending messages, keeps other statuses"
  | "erasure ports: the audit log keeps the first of an id, filters, orders by (at, id), pages, per group"

const DAY = 86_400_000
const NOTE = "客户说周末带太太来看车 13800000077"

/** The rewrite an erasure makes of a card's history (every personal field replaced). */
export const cardRewriteOf = (
  tenant: Tenant,
  cardId: CardId,
  history: ReadonlyArray<CardEvent>,
  version: number
): CardRewrite => {
  const events = history.map((e) => redactPersonal(CardEvent, e))
  const state: CardState = foldCard(events)
  return {
    tenant,
    cardId,
    version,
    events,
    state,
    care: careContactsOf(state, defaultPolicy, calendarDateOf(state.lastEventAt, defaultPolicy.timeZone)),
    report: cardReportRowsOf(tenant, cardId, initialCardState, events, state)
  }
}

/** An audit record of a group (the fields a test varies, the rest fixed). */
const record = (
  dealerGroupId: string,
  id: string,
  at: number,
  fields: Partial<{
    storeId: string
    action: AccessRecord["action"]
    reason: string
    consultantId: string
  }> = {}
): AccessRecord =>
  ({
    id,
    dealerGroupId: dealerGroupId as DealerGroupId,
    ...(fields.storeId === undefined ? {} : { storeId: fields.storeId }),
    at,
    viewer:
      fields.consultantId === undefined
        ? { role: "supervisor" }
        : { role: "consultant", consultantId: fields.consultantId },
    action: fields.action ?? "unmask",
    output: "xlsx",
    subject: "report:progress-control",
    reason: fields.reason ?? "month-end review"
  }) as AccessRecord

/** The erasure port tests, by name. */
export const erasurePortTests = <R>(): Record<ErasurePortTestName, SuiteBody<R>> => ({
  "erasure ports: a card's rewrite reads back; stale or of another length, nothing is written": (backdoor) =>
    Effect.gen(function* () {
      const cards = yield* CardStore
      const tenant = freshTenant()
      const who = owner("c-wang")
      const by = { id: who, role: "consultant" as const }
      const phone = phoneOf(77)
      const open = openCommand(tenant, 1, { phone })
      const [order, deliver] = deliverySteps(who, open.at + 2 * DAY, 1)
      yield* writeCard(tenant, 1, [
        open,
        {
          _tag: "LogContact",
          channel: "call",
          outcome: "reached",
          evidence: { modelOfInterest: "GL8" },
          note: NOTE,
          by,
          at: open.at + DAY
        },
        order,
        { ...deliver, _tag: "Deliver", birthday: { month: 3, day: 9 } } as typeof deliver
      ])
      // another card of the group, untouched by the rewrite
      yield* writeCard(tenant, 2, [openCommand(tenant, 2)])
      const stored = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      const other = plain(Option.getOrThrow(yield* cards.load(tenant, cardIdOf(2))))
      const version = stored.version
      assert.strictEqual(version, 4)
      const rows = backdoor?.reportRows === undefined ? undefined : yield* backdoor.reportRows(tenant)
      const rewrite = cardRewriteOf(tenant, cardIdOf(1), stored.history, version)

      // stale, missing, or of another length: refused, nothing written
      yield* failsWith(cards.rewrite({ ...rewrite, version: version - 1 }), "VersionConflict")
      yield* failsWith(cards.rewrite({ ...rewrite, version: version + 1 }), "VersionConflict")
      yield* failsWith(cards.rewrite({ ...rewrite, cardId: cardIdOf(99) }), "VersionConflict")
      yield* failsWith(cards.rewrite({ ...rewrite, events: rewrite.events.slice(0, -1) }), "StoreError")
      yield* failsWith(
        cards.rewrite({ ...rewrite, events: [...rewrite.events, ...rewrite.events.slice(-1)] }),
        "StoreError"
      )
      assert.deepStrictEqual(
        plain(Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))),
        plain(stored),
        "a refused rewrite changed the card"
      )
      assert.strictEqual(yield* cards.load(tenant, cardIdOf(99)).pipe(Effect.map(Option.isSome)), false)

      yield* cards.rewrite(rewrite)
      const after = Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1)))
      assert.strictEqual(after.version, version, "a rewrite keeps the version")
      assert.deepStrictEqual(plain(after.history), plain(rewrite.events))
      assert.deepStrictEqual(plain(after.state), plain(rewrite.state))
      assert.deepStrictEqual(
        plain(Option.getOrThrow(yield* cards.loadState(tenant, cardIdOf(1)))),
        plain(rewrite.state)
      )
      assert.strictEqual(after.state.phone, ERASED_PHONE)
      const text = JSON.stringify(after)
      for (const s of [phone, phone.slice(3), NOTE, "13800000077", "LSVAU2187N2123456"])
        assert.notInclude(text, s, "the rewritten card still holds personal data")
      assert.include(text, ERASED_TEXT)
      // the phone no longer finds the card; the other card is as it was
      const scope = { dealerGroupId: tenant.dealerGroupId }
      assert.deepStrictEqual(yield* cards.withPhone(scope, phone), [])
      assert.deepStrictEqual(yield* cards.findOpenByPhone(scope, phone), [])
      assert.deepStrictEqual(plain(Option.getOrThrow(yield* cards.load(tenant, cardIdOf(2)))), other)
      // the retention sweep's candidates leave the erased card out
      const reports = yield* ReportSource
      assert.deepStrictEqual(
        (yield* reports.cardFacts(tenant)).map((f) => f.cardId),
        [cardIdOf(1), cardIdOf(2)]
      )
      assert.deepStrictEqual(
        (yield* reports.cardFacts(tenant, { erased: false })).map((f) => f.cardId),
        [cardIdOf(2)]
      )
      // the care contacts are the rewrite's
      const care = (yield* cards.careDue(scope, "2099-12-31" as CalendarDate))
        .filter((c) => c.cardId === cardIdOf(1))
        .map((c) => `${c.ruleId}@${c.on}`)
        .sort()
      assert.deepStrictEqual(care, rewrite.care.map((c) => `${c.ruleId}@${c.on}`).sort())
      assert.notInclude(JSON.stringify(care), phone)
      if (backdoor !== undefined) {
        assert.strictEqual(yield* backdoor.cardVersion(tenant, cardIdOf(1)), version)
        assert.strictEqual(yield* backdoor.eventCount(tenant, cardIdOf(1)), version)
        if (backdoor.reportRows !== undefined)
          assert.deepStrictEqual(yield* backdoor.reportRows(tenant), rows, "the report rows keep their count")
      }
      // the card goes on at its version
      yield* cards.append(
        appendFor(tenant, cardIdOf(1), after.state, {
          _tag: "RecordComplaint",
          complaintId: "cp-1",
          category: "service",
          severity: "low",
          channel: "call",
          words: "等太久",
          by: { id: "dcrc-1" as ConsultantId, role: "dcrc" },
          at: after.state.lastEventAt + DAY
        })
      )
      assert.strictEqual(Option.getOrThrow(yield* cards.load(tenant, cardIdOf(1))).version, version + 1)
    }),

  "erasure ports: a referral's rewrite reads back; stale or of another length, nothing is written": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const tenant = freshTenant()
      const registration = {
        referralId: "ref-0001",
        storeId: tenant.storeId,
        consultantId: "c-wang",
        registeredOn: "2026-03-02",
        askedAt: "delivery",
        referrer: { kind: "ownedCustomer", id: "cust-9", phone: phoneOf(9001) },
        referee: { name: "陈大文", phone: phoneOf(8001) }
      }
      const events = [
        { _tag: "ReferralRegistered", on: "2026-03-02", registration },
        {
          _tag: "ReferralRejected",
          on: "2026-03-03",
          note: `陈大文 ${phoneOf(8001)} 不认识推荐人`,
          checks: []
        }
      ] as unknown as ReadonlyArray<ReferralEvent>
      const state = foldReferral(events)
      const referralId = registration.referralId as ReferralRewrite["referralId"]
      yield* referrals.append({
        tenant,
        referralId,
        expectedVersion: 0,
        events,
        state,
        ledger: [],
        report: reportReferralOf(tenant, state)
      })
      const stored = Option.getOrThrow(yield* referrals.load(tenant, referralId))
      assert.strictEqual(stored.version, 2)
      const redacted = [
        {
          ...events[0],
          registration: { ...registration, referee: { name: ERASED_TEXT, phone: ERASED_PHONE } }
        },
        { ...events[1], note: ERASED_TEXT }
      ] as unknown as ReadonlyArray<ReferralEvent>
      const after = foldReferral(redacted)
      const rewrite: ReferralRewrite = {
        tenant,
        referralId,
        version: 2,
        events: redacted,
        state: after,
        report: reportReferralOf(tenant, after)
      }
      yield* failsWith(referrals.rewrite({ ...rewrite, version: 1 }), "VersionConflict")
      yield* failsWith(
        referrals.rewrite({ ...rewrite, referralId: "ref-0099" as ReferralRewrite["referralId"] }),
        "VersionConflict"
      )
      yield* failsWith(referrals.rewrite({ ...rewrite, events: redacted.slice(0, 1) }), "StoreError")
      assert.deepStrictEqual(
        plain(Option.getOrThrow(yield* referrals.load(tenant, referralId))),
        plain(stored)
      )

      yield* referrals.rewrite(rewrite)
      const read = Option.getOrThrow(yield* referrals.load(tenant, referralId))
      assert.strictEqual(read.version, 2)
      assert.deepStrictEqual(plain(read.history), plain(redacted))
      assert.deepStrictEqual(plain(read.state), plain(after))
      const found = yield* referrals.find({ dealerGroupId: tenant.dealerGroupId }, {})
      assert.deepStrictEqual(
        found.items.map((f) => [f.referralId, f.version, plain(f.state)]),
        [[referralId, 2, plain(after)]]
      )
      const text = JSON.stringify({ read, found })
      for (const s of ["陈大文", phoneOf(8001), phoneOf(8001).slice(3), "不认识推荐人"])
        assert.notInclude(text, s, "the rewritten referral still holds the referee's data")
      // the referrer's phone was not the erased person's: it stays
      assert.include(text, phoneOf(9001))
    }),

  "erasure ports: outbox redact erases payloads, skips pending messages, keeps other statuses": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const tenant = freshTenant()
      const sister = { ...tenant, storeId: "store-02" } as Tenant
      const personal = { cardId: "card-0001", to: [phoneOf(5)], text: "陈先生您好" }
      yield* outbox.enqueue(
        ["m1", "m2", "m3", "m4"].map((id) => ({ ...message(tenant, id), payload: personal }))
      )
      yield* outbox.enqueue([{ ...message(sister, "m1"), idempotencyKey: "sister-m1", payload: personal }])
      yield* outbox.markSent(tenant, "m2")
      yield* outbox.markFailed(tenant, "m3", { error: "boom" })
      const before = yield* outbox.list(tenant)
      yield* outbox.redact(tenant, ["m1", "m2", "m3", "nope"])
      yield* outbox.redact(tenant, [])
      const after = yield* outbox.list(tenant)
      assert.deepStrictEqual(
        after.map((m) => [m.id, m.status, plain(m.payload), m.lastError ?? null]),
        [
          ["m1", "skipped", { erased: true }, "erased"],
          ["m2", "sent", { erased: true }, "erased"],
          ["m3", "dead", { erased: true }, "erased"],
          ["m4", "pending", plain(personal), null]
        ]
      )
      // ids, keys, topics, recipients, times and attempts stay
      const kept = (ms: typeof before) =>
        ms.map((m) => [m.id, m.idempotencyKey, m.topic, m.recipient, m.availableAt, m.attempts])
      assert.deepStrictEqual(kept(after), kept(before))
      // a skipped message is never due; the sister store's message with the same id is untouched
      assert.deepStrictEqual(
        (yield* outbox.pending(tenant, START + 365 * DAY, 100)).map((m) => m.id),
        ["m4"]
      )
      const other = yield* outbox.list(sister)
      assert.deepStrictEqual(
        other.map((m) => [m.id, m.status, plain(m.payload)]),
        [["m1", "pending", plain(personal)]]
      )
      // redacting again changes nothing
      yield* outbox.redact(tenant, ["m1", "m2", "m3"])
      assert.deepStrictEqual(plain(yield* outbox.list(tenant)), plain(after))
    }),

  "erasure ports: the audit log keeps the first of an id, filters, orders by (at, id), pages, per group":
    () =>
      Effect.gen(function* () {
        const log = yield* AuditLog
        const group = freshTenant().dealerGroupId
        const stranger = freshTenant().dealerGroupId
        const t = START
        const records = [
          record(group, "b", t + 3000, { storeId: "store-01", action: "erase", reason: "PIPL request 7" }),
          record(group, "z", t + 1000, { storeId: "store-02", action: "export", consultantId: "c-li" }),
          record(group, "a", t + 3000, { action: "unmask" }),
          record(group, "c", t + 2000, { storeId: "store-01", action: "read" }),
          record(group, "d", t + 5000, { storeId: "store-02", action: "correct" })
        ]
        yield* log.record(records)
        yield* log.record([])
        // the same id again (in one call or another) keeps the first; another group's id is its own
        yield* log.record([
          record(group, "b", t, { reason: "overwritten?" }),
          record(stranger, "b", t + 1, { action: "erase" })
        ])
        const ids = (page: { readonly records: ReadonlyArray<AccessRecord> }) => page.records.map((r) => r.id)
        const all = yield* log.find(group as DealerGroupId, {})
        assert.deepStrictEqual(ids(all), ["z", "c", "a", "b", "d"])
        assert.strictEqual(all.next, undefined)
        assert.deepStrictEqual(
          plain(all.records.find((r) => r.id === "b")),
          plain(records[0]),
          "the first record of an id is kept, field for field"
        )
        assert.deepStrictEqual(
          plain(all.records.find((r) => r.id === "z")),
          plain(records[1]),
          "a consultant viewer reads back"
        )
        assert.strictEqual(all.records.find((r) => r.id === "a")?.storeId, undefined)
        const find = (query: Parameters<typeof log.find>[1]) =>
          Effect.map(log.find(group as DealerGroupId, query), ids)
        assert.deepStrictEqual(yield* find({ from: t + 2000 }), ["c", "a", "b", "d"])
        assert.deepStrictEqual(yield* find({ to: t + 3000 }), ["z", "c"])
        assert.deepStrictEqual(yield* find({ from: t + 2000, to: t + 3001 }), ["c", "a", "b"])
        assert.deepStrictEqual(yield* find({ actions: ["erase", "export"] }), ["z", "b"])
        assert.deepStrictEqual(yield* find({ actions: [] }), [])
        assert.deepStrictEqual(yield* find({ storeId: "store-01" as never }), ["c", "b"])
        assert.deepStrictEqual(yield* find({ storeId: "store-02" as never, actions: ["correct"] }), ["d"])
        // pages of two, in (at, id) order, each naming the next
        const first = yield* log.find(group as DealerGroupId, { limit: 2 })
        assert.deepStrictEqual(ids(first), ["z", "c"])
        assert.deepStrictEqual(first.next, { at: t + 2000, id: "c" })
        const second = yield* log.find(group as DealerGroupId, { limit: 2, after: first.next as never })
        assert.deepStrictEqual(ids(second), ["a", "b"])
        assert.deepStrictEqual(second.next, { at: t + 3000, id: "b" })
        const third = yield* log.find(group as DealerGroupId, { limit: 2, after: second.next as never })
        assert.deepStrictEqual(ids(third), ["d"])
        assert.strictEqual(third.next, undefined)
        // a full last page has no next page either
        const exact = yield* log.find(group as DealerGroupId, { limit: 5 })
        assert.strictEqual(exact.next, undefined)
        // after a key between records (at the same instant, a smaller id)
        assert.deepStrictEqual(yield* find({ after: { at: t + 3000, id: "a" } as never }), ["b", "d"])
        // scoped by group
        const theirs = yield* log.find(stranger as DealerGroupId, {})
        assert.deepStrictEqual(
          theirs.records.map((r) => [r.id, r.at, r.action]),
          [["b", t + 1, "erase"]]
        )
        assert.deepStrictEqual(ids(yield* log.find(freshTenant().dealerGroupId as DealerGroupId, {})), [])
      })
})
