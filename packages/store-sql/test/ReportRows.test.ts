// The report rows the SQL store writes, checked without a database: the stored state decodes back
// to the state it was written from (so an append's report rows, made from it, are those of the
// history), spans kept incrementally equal the whole history's, and the bulk import writes the
// same rows. The SQL store itself runs the conformance suite in store-pglite and store-postgres.
import { assert, describe, it } from "@effect/vitest"
import {
  type CalendarDate,
  type CardCommand,
  type CardEvent,
  type CardId,
  type CardState,
  type ConsultantId,
  type CustomerId,
  calendarDateOf,
  cardFactsOf,
  type DueSpan,
  decideCard,
  defaultPolicy,
  dueSpansOf,
  foldCard,
  type GradeId,
  initialCardState,
  type PhoneNumber,
  reportEventsOf,
  type Tenant
} from "@jipan/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { BulkImport, ReportRows, SqlStore, StoredState } from "../src/index.js"

const tenant = { dealerGroupId: "grp", storeId: "s1" } as Tenant
const cardId = "card-1" as CardId
const START = Date.parse("2026-03-02T09:00:00+08:00")
const HOUR = 3_600_000
const people = ["c-a", "c-b", "c-c"].map((p) => p as ConsultantId)
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x))

const step = fc.record({
  kind: fc.constantFrom("contact", "contact", "regrade", "reassign", "order", "deliver", "cancel", "invalid"),
  gapHours: fc.integer({ min: 0, max: 50 }),
  who: fc.integer({ min: 0, max: 2 }),
  testDrive: fc.boolean(),
  days: fc.integer({ min: 1, max: 30 })
})

const commandOf = (
  s: typeof step extends fc.Arbitrary<infer A> ? A : never,
  at: number,
  state: CardState
): CardCommand => {
  const by = { id: state.owner ?? "c-a", role: "consultant" as const }
  switch (s.kind) {
    case "contact":
      return {
        _tag: "LogContact",
        channel: "call",
        outcome: "reached",
        evidence: s.testDrive ? { testDriveDone: true } : { purchaseTimeframeDays: s.days },
        by,
        at
      }
    case "regrade":
      return {
        _tag: "Regrade",
        grade: (["H", "A", "B", "C"][s.who] ?? "A") as GradeId,
        justification: "t",
        by,
        at
      }
    case "reassign":
      return {
        _tag: "Reassign",
        to: people[s.who] as ConsultantId,
        reason: "workload",
        by: { id: "sup", role: "supervisor" },
        at
      }
    case "order":
      return { _tag: "PlaceOrder", orderId: "SO-1", model: "GL8", by, at }
    case "deliver":
      return {
        _tag: "Deliver",
        vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
        deliveredOn: calendarDateOf(at),
        odometerKm: 12,
        by,
        at
      }
    case "cancel":
      return {
        _tag: "CancelOrder",
        reason: "r",
        next: { kind: "backToProspect", grade: "A" as GradeId },
        by,
        at
      }
    default:
      return { _tag: "MarkInvalid", reasonId: "noIntent", by, at }
  }
}

/** A card's history: opened, then the commands the decider accepts. */
const history = fc
  .record({ owner: fc.integer({ min: 0, max: 2 }), steps: fc.array(step, { maxLength: 20 }) })
  .map(({ owner, steps }) => {
    const events: Array<CardEvent> = []
    let state = initialCardState
    let at = START
    const apply = (command: CardCommand) => {
      const decided = decideCard(command, state, defaultPolicy)
      if (Result.isFailure(decided)) return
      events.push(...decided.success)
      state = foldCard(decided.success, state)
    }
    apply({
      _tag: "OpenCard",
      cardId,
      storeId: tenant.storeId,
      customerId: "cust-1" as CustomerId,
      phone: "+8613800000001" as PhoneNumber,
      owner: people[owner] as ConsultantId,
      source: "walkIn",
      intent: "direct",
      evidence: {},
      existingOpenCardId: undefined,
      by: { id: people[owner] as ConsultantId, role: "consultant" },
      at
    })
    for (const s of steps) {
      at += s.gapHours * HOUR
      apply(commandOf(s, at, state))
    }
    return events
  })

/** A history and a split point: the events already stored, then one append. */
const split = history.chain((h) =>
  fc.integer({ min: 1, max: h.length }).map((k) => [h.slice(0, k), h.slice(k)] as const)
)

describe("ReportRows", () => {
  it("the stored state decodes back to the state written", () =>
    fc.assert(
      fc.property(history, (h) => {
        const state = foldCard(h)
        const decoded = StoredState.decodeStoredState(JSON.parse(SqlStore.stateJson(state)))
        assert.isTrue(Result.isSuccess(decoded))
        if (Result.isSuccess(decoded)) {
          assert.deepStrictEqual(plain(decoded.success), plain(state))
          // every field present, as the core's states are
          assert.deepStrictEqual(Object.keys(decoded.success).sort(), Object.keys(initialCardState).sort())
        }
      }),
      { numRuns: 300 }
    ))

  it("a stored state with an unknown field or a wrong type is refused", () => {
    const stored = JSON.parse(SqlStore.stateJson(foldCard([]))) as Record<string, unknown>
    assert.isTrue(Result.isFailure(StoredState.decodeStoredState({ ...stored, surprise: 1 })))
    assert.isTrue(Result.isFailure(StoredState.decodeStoredState({ ...stored, version: "1" })))
    assert.isTrue(Result.isSuccess(StoredState.decodeStoredState(stored)))
  })

  it("an append's rows, made from the decoded stored state, are the history's rows", () =>
    fc.assert(
      fc.property(split, ([stored, appended]) => {
        const before = foldCard(stored)
        const decoded = StoredState.decodeStoredState(JSON.parse(SqlStore.stateJson(before)))
        assert.isTrue(Result.isSuccess(decoded))
        if (Result.isFailure(decoded)) return
        const after = foldCard(appended, before)
        const rows = ReportRows.cardReportRows(tenant, cardId, decoded.success, appended, after)
        const whole = [...stored, ...appended]
        const expected = reportEventsOf(tenant, cardId, initialCardState, whole).slice(stored.length)
        assert.deepStrictEqual(
          plain(rows.events),
          plain(
            expected.map((e) => ({
              version: e.version,
              on_date: e.event.on,
              owner_id: e.owner ?? null,
              report: {
                source: e.source,
                gradeBefore: e.gradeBefore,
                statusBefore: e.statusBefore,
                testDriveBefore: e.testDriveBefore,
                event: e.event
              }
            }))
          )
        )
        const facts = cardFactsOf(tenant, cardId, foldCard(whole))
        assert.deepStrictEqual(
          [rows.facts.version, rows.facts.status, rows.facts.owner_id],
          [facts.version, facts.status, facts.owner ?? null]
        )
        // the span table as an append leaves it: close the open span, insert the new ones
        const table: Array<DueSpan> = [...dueSpansOf(tenant, cardId, stored)]
        if (rows.closeOpenSpanOn !== null) {
          const open = table.findIndex((s) => s.endedOn === undefined)
          const span = table[open]
          if (span !== undefined) table[open] = { ...span, endedOn: rows.closeOpenSpanOn as CalendarDate }
        }
        for (const s of rows.spans)
          table.push({
            tenant,
            cardId,
            owner: (s.owner_id ?? undefined) as ConsultantId | undefined,
            due: s.due as CalendarDate,
            startedOn: s.started_on as CalendarDate,
            startedVersion: s.started_version,
            endedOn: (s.ended_on ?? undefined) as CalendarDate | undefined
          })
        assert.deepStrictEqual(plain(table), plain(dueSpansOf(tenant, cardId, whole)))
      }),
      { numRuns: 300 }
    ))

  it("the bulk import writes the report rows of the whole history", () =>
    fc.assert(
      fc.property(history, (h) => {
        const state = foldCard(h)
        const tables = BulkImport.tablesOf("grp", [{ storeId: "s1", cardId, history: h, state, care: [] }])
        const rows = (name: string) => tables.find((t) => t.table === name)?.rows ?? []
        const report = ReportRows.cardReportRows(tenant, cardId, initialCardState, h, state)
        assert.deepStrictEqual(
          tables.map((t) => t.table),
          [
            "jipan_cards",
            "jipan_card_events",
            "jipan_care_contacts",
            "jipan_report_events",
            "jipan_due_spans",
            "jipan_card_facts"
          ]
        )
        assert.deepStrictEqual(
          rows("jipan_report_events").map((r) => [
            r[3],
            r[4],
            r[5],
            JSON.parse((r[6] as { text: string }).text)
          ]),
          plain(report.events.map((e) => [e.version, e.on_date, e.owner_id, e.report]))
        )
        assert.deepStrictEqual(
          rows("jipan_due_spans").map((r) => r.slice(3)),
          dueSpansOf(tenant, cardId, h).map((s) => [
            s.startedVersion,
            s.startedOn,
            s.endedOn ?? null,
            s.owner ?? null,
            s.due
          ])
        )
        const facts = rows("jipan_card_facts")
        assert.strictEqual(facts.length, 1)
        const f = facts[0] ?? []
        assert.deepStrictEqual(
          [f[3], f[4], f[5], JSON.parse((f[6] as { text: string }).text)],
          plain([report.facts.version, report.facts.status, report.facts.owner_id, report.facts.facts])
        )
      }),
      { numRuns: 200 }
    ))
})
