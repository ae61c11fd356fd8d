/**
 * The conformance tests of the look-ups an erasure (and an access export) finds a person by,
 * without reading a group's whole history: `ReportSource.visitsOn` with a phone (and a consultant),
 * and `Outbox.about` (the messages sent to any of some recipients or naming any of some subjects,
 * as `outboxSubjectsOf` reads them). Each is checked on examples and as a property against the
 * memory store's behaviour (the reference), in a fresh group with another group holding the same
 * data. `ReferralQuery.referrerPhone` is in ReferralFind.ts. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  type ConsultantId,
  calendarDateOf,
  type DayRange,
  type JipanStore,
  Outbox,
  type OutboxMessage,
  outboxSubjectsOf,
  type PhoneNumber,
  ReportSource,
  type ShowroomVisit,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Effect } from "effect"
import * as fc from "fast-check"
import { freshTenant, phoneOf, START } from "../Fixtures.js"
import { DAY, HOUR, range } from "./ReportExpectations.js"
import { plain, type SuiteBody } from "./Support.js"

/** The names of the erasure look-up tests (part of `StoreTestName`). */
export type ErasureLookupTestName =
  | "erasure lookups: visits with a phone, and with a consultant too, in range, by at then visit id"
  | "erasure lookups: visitsOn with any phone, consultant, scope and range is the filtered visit log"
  | "erasure lookups: outbox about recipients or subjects, in scope, not by an erased phone"
  | "erasure lookups: Outbox.about is exactly the scope's messages to a recipient or naming a subject"

const inScope = (scope: TenantScope, tenant: Tenant) =>
  scope.dealerGroupId === tenant.dealerGroupId &&
  (scope.storeId === undefined || scope.storeId === tenant.storeId)

/** Code-point order of two strings (what every store sorts ids by, whatever its collation). */
const compare = (a: string, b: string): number => {
  const x = Array.from(a, (c) => c.codePointAt(0) as number)
  const y = Array.from(b, (c) => c.codePointAt(0) as number)
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  return x.length - y.length
}

// ---------------------------------------------------------------------------------------------
// visits

const visitOf = (
  tenant: Tenant,
  visitId: string,
  at: number,
  consultant: string,
  phone: PhoneNumber | undefined
): ShowroomVisit => ({
  tenant,
  visitId,
  at,
  on: calendarDateOf(at),
  kind: "walkIn",
  ordinal: "first",
  consultant: consultant as ConsultantId,
  ...(phone === undefined ? {} : { phone, cardId: "card-0001" as ShowroomVisit["cardId"] & string })
})

/** The visit key of a visit-log answer: store and visit id, with `at` (ties broken by store only). */
const visitKey = (v: ShowroomVisit) => `${v.tenant.storeId}/${v.visitId}@${v.at}`

/**
 * Checks an answer of visitsOn against the expected visits: ordered by at, then visit id (the
 * order of two visits of one instant and id in two stores is not part of the port), the same
 * visits, each as recorded.
 */
const sameVisits = (got: ReadonlyArray<ShowroomVisit>, want: ReadonlyArray<ShowroomVisit>, what: string) => {
  for (let i = 1; i < got.length; i++) {
    const a = got[i - 1] as ShowroomVisit
    const b = got[i] as ShowroomVisit
    assert.isTrue(
      a.at < b.at || (a.at === b.at && compare(a.visitId, b.visitId) <= 0),
      `${what}: ordered by at, then visit id (${visitKey(a)} before ${visitKey(b)})`
    )
  }
  const canonical = (vs: ReadonlyArray<ShowroomVisit>) =>
    [...vs].sort(
      (a, b) => a.at - b.at || compare(a.visitId, b.visitId) || compare(a.tenant.storeId, b.tenant.storeId)
    )
  assert.deepStrictEqual(plain(canonical(got)), plain(canonical(want)), what)
}

const V1 = phoneOf(8501)
const V2 = phoneOf(8502)

const visitPhones = [phoneOf(8601), phoneOf(8602), phoneOf(8603)] as const
const visitScenario = fc.record({
  visits: fc.uniqueArray(
    fc.record({
      storeId: fc.constantFrom("s1", "s2"),
      visitId: fc.constantFrom("v-1", "v-2", "v-10", "V-3", "v_4", "v-5"),
      hour: fc.integer({ min: 0, max: 4 * 24 - 1 }),
      consultant: fc.constantFrom("c-a", "c-b"),
      phone: fc.option(fc.constantFrom(...visitPhones), { nil: undefined }),
      // erased later: given again without its phone
      erased: fc.boolean()
    }),
    { minLength: 1, maxLength: 16, selector: (v) => `${v.storeId}/${v.visitId}` }
  ),
  queries: fc.array(
    fc.record({
      storeId: fc.option(fc.constantFrom("s1", "s2"), { nil: undefined }),
      from: fc.integer({ min: -1, max: 3 }),
      days: fc.integer({ min: 0, max: 4 }),
      consultant: fc.option(fc.constantFrom("c-a", "c-b", "c-z"), { nil: undefined }),
      phone: fc.option(fc.constantFrom(...visitPhones, phoneOf(8699)), { nil: undefined })
    }),
    { minLength: 1, maxLength: 5 }
  )
})

const checkVisits = (s: typeof visitScenario extends fc.Arbitrary<infer A> ? A : never) =>
  Effect.gen(function* () {
    const reports = yield* ReportSource
    const group = freshTenant().dealerGroupId
    const other = freshTenant().dealerGroupId
    const recorded = s.visits.map((v) =>
      visitOf(
        { dealerGroupId: group, storeId: v.storeId } as Tenant,
        v.visitId,
        START + v.hour * HOUR,
        v.consultant,
        v.phone
      )
    )
    yield* reports.recordVisits(recorded)
    // the same visits, phones included, in another group
    yield* reports.recordVisits(
      recorded.map((v) => ({ ...v, tenant: { ...v.tenant, dealerGroupId: other } as Tenant }))
    )
    // an erasure gives a visit again without its phone: it keeps its count, not its phone
    const now = recorded.map((v, i) => {
      if (!(s.visits[i]?.erased === true) || v.phone === undefined) return v
      const { phone: _, ...rest } = v
      return rest as ShowroomVisit
    })
    const erased = now.filter((v, i) => v !== recorded[i])
    if (erased.length > 0) yield* reports.recordVisits(erased)
    for (const q of s.queries) {
      const scope = (
        q.storeId === undefined ? { dealerGroupId: group } : { dealerGroupId: group, storeId: q.storeId }
      ) as TenantScope
      const days: DayRange = range(q.from, q.from + q.days)
      const options = {
        ...(q.consultant === undefined ? {} : { consultant: q.consultant as ConsultantId }),
        ...(q.phone === undefined ? {} : { phone: q.phone })
      }
      const want = now.filter(
        (v) =>
          inScope(scope, v.tenant) &&
          v.on >= days.from &&
          v.on <= days.to &&
          (q.consultant === undefined || v.consultant === q.consultant) &&
          (q.phone === undefined || v.phone === q.phone)
      )
      const got = yield* reports.visitsOn(scope, days, options)
      sameVisits(
        got,
        want,
        `visitsOn(${JSON.stringify(scope)}, ${JSON.stringify(days)}, ${JSON.stringify(options)})`
      )
    }
  })

// ---------------------------------------------------------------------------------------------
// outbox

/** A message of the tenant with that recipient and payload. */
const messageOf = (tenant: Tenant, id: string, recipient: string, payload: unknown): OutboxMessage => ({
  id,
  idempotencyKey: `about-${tenant.storeId}-${id}`,
  tenant,
  topic: "care.due",
  recipient,
  payload,
  availableAt: START,
  status: "pending",
  attempts: 0,
  lastError: undefined
})

const keysOf = (ms: ReadonlyArray<OutboxMessage>) =>
  ms.map((m) => `${m.tenant.dealerGroupId}/${m.tenant.storeId}/${m.id}`).sort(compare)

/** The phones of the property, and the ways a person types them (the subjects are E.164). */
const PHONES = [phoneOf(8701), phoneOf(8702), phoneOf(8703)] as const
const typings = (p: PhoneNumber): ReadonlyArray<string> => {
  const national = p.slice(3)
  return [
    p,
    national,
    `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`,
    `+86 ${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`
  ]
}
/** Ids a message may name: plain, and some a SQL array literal must quote well. */
const IDS = [
  "card-1",
  "Card-1",
  "cust-1",
  "ref-1",
  'card-"q"',
  "card,2",
  "card\\3",
  "NULL",
  "{x}",
  " sp ",
  ""
] as const
const RECIPIENTS = [
  "customer:cust-1",
  "customer:cust-2",
  "referrer:cust-1",
  "consultant:c-wang",
  'customer:a,"b"',
  "customer:NULL"
] as const
const SUBJECT_KEYS = ["cardId", "customerId", "referralId", "consentOf"] as const

const phoneText = fc.constantFrom(...PHONES.flatMap(typings), "not a phone", "12345")
const idText = fc.constantFrom(...IDS)
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  idText,
  phoneText,
  fc.integer({ min: -5, max: 99 }),
  fc.boolean()
)

/** A payload: subject keys and addresses at any depth, among other fields, arrays and nulls. */
const payload: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown; object: Record<string, unknown> }>(
  (tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      tie("object"),
      fc.array(tie("node"), { maxLength: 3 }),
      fc.constant(null)
    ),
    object: fc.dictionary(
      fc.constantFrom(...SUBJECT_KEYS, "to", "mentions", "note", "data", "items", "card"),
      tie("node"),
      { maxKeys: 4 }
    )
  })
).object

const outboxScenario = fc.record({
  messages: fc.uniqueArray(
    fc.record({
      storeId: fc.constantFrom("s1", "s2"),
      id: fc.constantFrom("m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "M-1"),
      recipient: fc.constantFrom(...RECIPIENTS),
      payload,
      redacted: fc.integer({ min: 0, max: 3 }).map((n) => n === 0)
    }),
    { minLength: 1, maxLength: 10, selector: (m) => `${m.storeId}/${m.id}` }
  ),
  queries: fc.array(
    fc.record({
      storeId: fc.option(fc.constantFrom("s1", "s2"), { nil: undefined }),
      recipients: fc.subarray([...RECIPIENTS, "customer:nobody"]),
      subjects: fc.subarray([...PHONES, ...IDS, phoneOf(8799)])
    }),
    { minLength: 1, maxLength: 5 }
  )
})

const checkOutbox = (s: typeof outboxScenario extends fc.Arbitrary<infer A> ? A : never) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const group = freshTenant().dealerGroupId
    const other = freshTenant().dealerGroupId
    const tenantOf = (dealerGroupId: string, storeId: string) => ({ dealerGroupId, storeId }) as Tenant
    const written = s.messages.map((m) => messageOf(tenantOf(group, m.storeId), m.id, m.recipient, m.payload))
    yield* outbox.enqueue(written)
    // the same messages in another group: never found from this one
    yield* outbox.enqueue(
      s.messages.map((m) => messageOf(tenantOf(other, m.storeId), m.id, m.recipient, m.payload))
    )
    for (const storeId of ["s1", "s2"]) {
      const ids = s.messages.filter((m) => m.redacted && m.storeId === storeId).map((m) => m.id)
      if (ids.length > 0) yield* outbox.redact(tenantOf(group, storeId), ids)
    }
    const now = written.map((m, i) =>
      s.messages[i]?.redacted === true
        ? { ...m, payload: { erased: true }, lastError: "erased", status: "skipped" as const }
        : m
    )
    for (const q of s.queries) {
      const scope = (
        q.storeId === undefined ? { dealerGroupId: group } : { dealerGroupId: group, storeId: q.storeId }
      ) as TenantScope
      const recipients = new Set<string>(q.recipients)
      const subjects = new Set<string>(q.subjects)
      const want = now.filter(
        (m) =>
          inScope(scope, m.tenant) &&
          (recipients.has(m.recipient) || outboxSubjectsOf(m).some((x) => subjects.has(x)))
      )
      const got = yield* outbox.about(scope, { recipients: q.recipients, subjects: q.subjects })
      const what = `about(${JSON.stringify(scope)}, ${JSON.stringify(q)})`
      assert.deepStrictEqual(keysOf(got), keysOf(want), what)
      const byKey = new Map(want.map((m) => [keysOf([m])[0], m]))
      for (const m of got)
        assert.deepStrictEqual(plain(m), plain(byKey.get(keysOf([m])[0])), `${what}: ${m.id} as written`)
    }
  })

/** The erasure look-up tests, by name. */
export const erasureLookupTests = <R>(): Record<ErasureLookupTestName, SuiteBody<R>> => ({
  "erasure lookups: visits with a phone, and with a consultant too, in range, by at then visit id": () =>
    Effect.gen(function* () {
      const reports = yield* ReportSource
      const s1 = freshTenant("s1")
      const s2 = { ...s1, storeId: "s2" } as Tenant
      const elsewhere = freshTenant("s1")
      const at0 = START + HOUR
      const visits = [
        visitOf(s1, "v-3", at0 + DAY, "c-a", V1),
        visitOf(s1, "v-2", at0, "c-b", V1),
        visitOf(s1, "v-1", at0, "c-a", V1), // the same instant as v-2: by visit id
        visitOf(s1, "v-4", at0 + HOUR, "c-a", V2),
        visitOf(s1, "v-5", at0 + 2 * HOUR, "c-a", undefined),
        visitOf(s1, "v-6", at0 + 3 * DAY, "c-a", V1), // out of the range asked
        visitOf(s2, "v-7", at0 + 2 * HOUR, "c-b", V1)
      ]
      yield* reports.recordVisits(visits)
      yield* reports.recordVisits([
        visitOf(elsewhere, "v-1", at0, "c-a", V1),
        visitOf(elsewhere, "v-9", at0, "c-a", V1)
      ])
      const ids = (vs: ReadonlyArray<ShowroomVisit>) => vs.map((v) => `${v.tenant.storeId}/${v.visitId}`)
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(0, 2), { phone: V1 })), [
        "s1/v-1",
        "s1/v-2",
        "s1/v-3"
      ])
      const full = yield* reports.visitsOn(s1, range(0, 2), { phone: V1 })
      assert.deepStrictEqual(plain(full[0]), plain(visits[2]), "as recorded")
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(0, 9), { phone: V1 })), [
        "s1/v-1",
        "s1/v-2",
        "s1/v-3",
        "s1/v-6"
      ])
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(0, 2), { phone: V2 })), ["s1/v-4"])
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(0, 9), { phone: phoneOf(8599) })), [])
      // consultant and phone: both hold
      assert.deepStrictEqual(
        ids(yield* reports.visitsOn(s1, range(0, 2), { phone: V1, consultant: "c-a" as ConsultantId })),
        ["s1/v-1", "s1/v-3"]
      )
      assert.deepStrictEqual(
        ids(yield* reports.visitsOn(s1, range(0, 2), { phone: V2, consultant: "c-b" as ConsultantId })),
        []
      )
      // the range: one day only
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(1, 1), { phone: V1 })), ["s1/v-3"])
      // the group: both stores; another group's same phone never
      assert.deepStrictEqual(
        ids(yield* reports.visitsOn({ dealerGroupId: s1.dealerGroupId }, range(0, 0), { phone: V1 })),
        ["s1/v-1", "s1/v-2", "s2/v-7"]
      )
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s2, range(0, 9), { phone: V2 })), [])
      assert.deepStrictEqual(ids(yield* reports.visitsOn(freshTenant("s1"), range(0, 9), { phone: V1 })), [])
      // an erased visit (given again without its phone) is no longer found by the phone, and still counts
      const { phone: _, ...withoutPhone } = visits[1] as ShowroomVisit
      yield* reports.recordVisits([withoutPhone as ShowroomVisit])
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(0, 2), { phone: V1 })), [
        "s1/v-1",
        "s1/v-3"
      ])
      assert.deepStrictEqual(ids(yield* reports.visitsOn(s1, range(0, 0))), [
        "s1/v-1",
        "s1/v-2",
        "s1/v-4",
        "s1/v-5"
      ])
    }),

  "erasure lookups: visitsOn with any phone, consultant, scope and range is the filtered visit log": () =>
    Effect.gen(function* () {
      const context = yield* Effect.context<JipanStore>()
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(visitScenario, (s) => Effect.runPromiseWith(context)(checkVisits(s))),
          { numRuns: 10, endOnFailure: true }
        )
      )
    }),

  "erasure lookups: outbox about recipients or subjects, in scope, not by an erased phone": () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const s1 = freshTenant("s1")
      const s2 = { ...s1, storeId: "s2" } as Tenant
      const elsewhere = freshTenant("s1")
      const phone = phoneOf(8801)
      const messages = (tenant: Tenant) => [
        // to the person by their customer id
        messageOf(tenant, "m-1", "customer:cust-1", { text: "您好" }),
        // to their phone (typed in national format), to a consultant
        messageOf(tenant, "m-2", "consultant:c-wang", { to: "138 0000 8801", text: "call back" }),
        // naming their card deep in the data
        messageOf(tenant, "m-3", "consultant:c-li", {
          data: { visits: [{ card: { cardId: "card-0007" } }] }
        }),
        // naming someone else
        messageOf(tenant, "m-4", "customer:cust-2", { to: phoneOf(8802), cardId: "card-0008" }),
        // a phone among the mentions, in +86 spaced format
        messageOf(tenant, "m-5", "group:robot", { mentions: ["+86 138 0000 8801", "nobody"] })
      ]
      yield* outbox.enqueue(messages(s1))
      yield* outbox.enqueue([messageOf(s2, "m-9", "consultant:c-wang", { to: phone })])
      yield* outbox.enqueue(messages(elsewhere))
      const about = (
        scope: TenantScope,
        recipients: ReadonlyArray<string>,
        subjects: ReadonlyArray<string>
      ) =>
        Effect.map(outbox.about(scope, { recipients, subjects }), (ms) =>
          ms.map((m) => `${m.tenant.storeId}/${m.id}`).sort()
        )
      assert.deepStrictEqual(yield* about(s1, ["customer:cust-1"], []), ["s1/m-1"])
      assert.deepStrictEqual(yield* about(s1, [], [phone]), ["s1/m-2", "s1/m-5"])
      assert.deepStrictEqual(yield* about(s1, [], ["card-0007"]), ["s1/m-3"])
      // the union of both
      assert.deepStrictEqual(yield* about(s1, ["customer:cust-1"], [phone, "card-0007"]), [
        "s1/m-1",
        "s1/m-2",
        "s1/m-3",
        "s1/m-5"
      ])
      // nothing asked, nothing found; a subject is not a recipient, nor the other way round
      assert.deepStrictEqual(yield* about(s1, [], []), [])
      assert.deepStrictEqual(yield* about(s1, ["cust-1", phone], []), [])
      assert.deepStrictEqual(yield* about(s1, [], ["customer:cust-1", "138 0000 8801"]), [])
      // the scope: the group holds both stores, a store only its own, another group never
      assert.deepStrictEqual(yield* about({ dealerGroupId: s1.dealerGroupId }, [], [phone]), [
        "s1/m-2",
        "s1/m-5",
        "s2/m-9"
      ])
      assert.deepStrictEqual(yield* about(s2, ["customer:cust-1"], [phone, "card-0007"]), ["s2/m-9"])
      assert.deepStrictEqual(yield* about(freshTenant("s1"), ["customer:cust-1"], [phone, "card-0007"]), [])
      const found = yield* outbox.about(s1, { recipients: ["customer:cust-1"], subjects: [] })
      assert.deepStrictEqual(plain(found), plain([messages(s1)[0]]), "as written")
      // after the redaction of the messages naming the phone, the phone finds none of them; a
      // recipient still finds its (redacted) message
      yield* outbox.redact(s1, ["m-2", "m-5", "m-1"])
      assert.deepStrictEqual(yield* about(s1, [], [phone]), [])
      assert.deepStrictEqual(yield* about(s1, ["customer:cust-1"], [phone]), ["s1/m-1"])
      const redacted = yield* outbox.about(s1, { recipients: ["customer:cust-1"], subjects: [] })
      assert.deepStrictEqual(plain(redacted.map((m) => [m.payload, m.status])), [
        [{ erased: true }, "skipped"]
      ])
      // the other store and the other group keep theirs
      assert.deepStrictEqual(yield* about({ dealerGroupId: s1.dealerGroupId }, [], [phone]), ["s2/m-9"])
      assert.deepStrictEqual(yield* about(elsewhere, [], [phone]), ["s1/m-2", "s1/m-5"])
    }),

  "erasure lookups: Outbox.about is exactly the scope's messages to a recipient or naming a subject": () =>
    Effect.gen(function* () {
      const context = yield* Effect.context<JipanStore>()
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(outboxScenario, (s) => Effect.runPromiseWith(context)(checkOutbox(s))),
          { numRuns: 12, endOnFailure: true }
        )
      )
    })
})
