/**
 * The conformance tests of `ReferralStore.find`: each filter (the referee's phone, the referrer,
 * the consultant, the status as any-of, the referee's linked card), keyset pages in (store,
 * referral id) code-point order with `next` only when more follow, group and store scopes, other
 * groups never seen, a phone typed in national format finding the E.164 referral; and a property:
 * paging through any query yields exactly what the core's `referralMatches` accepts, in order,
 * once each. Registered by `storeSuite`.
 *
 * @module
 */
import { assert } from "@effect/vitest"
import {
  addDays,
  type CalendarDate,
  type CardId,
  type ConsultantId,
  decodeReferralQuery,
  type FoundReferral,
  foldReferral,
  type JipanStore,
  type PhoneNumber,
  type ReferralAppend,
  type ReferralEvent,
  type ReferralId,
  type ReferralQuery,
  type ReferralRegistration,
  type ReferralState,
  ReferralStore,
  referralMatches,
  reportReferralOf,
  type StoreId,
  type Tenant,
  type TenantScope
} from "@jipan/core"
import { Effect, Option, Result } from "effect"
import * as fc from "fast-check"
import { freshTenant, phoneOf } from "../Fixtures.js"
import { plain, type SuiteBody } from "./Support.js"

/** The names of the referral query tests (part of `StoreTestName`). */
export type ReferralFindTestName =
  | "referral find: each filter, status any of, in (store, referral id) order"
  | "referral find: pages of a limit, after a key, next only when more follow"
  | "referral find: group and store scopes, other groups never"
  | "referral find: a phone in national format finds the E.164 referral"
  | "referral find: paging through any query yields exactly the matches, in order, once each"
  | "referral find: by the referrer's phone in any format, scoped, in pages"

/** The statuses a referral reaches here by simple events (the store stores what it is given). */
const statuses = [
  "registered",
  "audited",
  "rejected",
  "refereeOrdered",
  "holding",
  "approved",
  "voided"
] as const
type SimpleStatus = (typeof statuses)[number]

/** What a test referral looks like: where it is, who it names, its status and linked card. */
interface Shape {
  readonly storeId: string
  readonly referralId: string
  readonly refereePhone: PhoneNumber
  readonly referrerId: string
  /** The referrer's phone (default `phoneOf(9000)`). */
  readonly referrerPhone?: PhoneNumber | undefined
  readonly consultantId: string
  readonly status: SimpleStatus
  readonly card?: { readonly storeId: string; readonly cardId: string } | undefined
}

const ON = "2026-03-02" as CalendarDate

const afterRegistration = (status: SimpleStatus, on: CalendarDate): ReadonlyArray<ReferralEvent> => {
  const audited: ReferralEvent = { _tag: "ReferralAudited", on, checks: [] }
  switch (status) {
    case "registered":
      return []
    case "audited":
      return [audited]
    case "rejected":
      return [{ _tag: "ReferralRejected", on, reasons: ["other"], checks: [], note: "test" }]
    case "refereeOrdered":
      return [audited, { _tag: "RefereeOrdered", on, orderId: "SO-1" }]
    case "holding":
      return [audited, { _tag: "HoldingStarted", on, until: addDays(on, 30) }]
    case "approved":
      return [audited, { _tag: "ReferralApproved", on }]
    case "voided":
      return [{ _tag: "ReferralVoided", on, reason: "test" }]
  }
}

/** The first append of a referral of that shape in a dealer group (its whole history at once). */
const appendOf = (dealerGroupId: string, shape: Shape): ReferralAppend => {
  const tenant = { dealerGroupId, storeId: shape.storeId } as Tenant
  const referralId = shape.referralId as ReferralId
  const registration = {
    referralId,
    storeId: shape.storeId,
    consultantId: shape.consultantId,
    registeredOn: ON,
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: shape.referrerId, phone: shape.referrerPhone ?? phoneOf(9000) },
    referee: { name: "李四", phone: shape.refereePhone }
  } as ReferralRegistration
  const events: ReadonlyArray<ReferralEvent> = [
    { _tag: "ReferralRegistered", on: ON, registration },
    ...(shape.card === undefined
      ? []
      : [
          {
            _tag: "RefereeCardLinked" as const,
            on: ON,
            storeId: shape.card.storeId as StoreId,
            cardId: shape.card.cardId as CardId
          }
        ]),
    ...afterRegistration(shape.status, addDays(ON, 1))
  ]
  const state = foldReferral(events)
  return {
    tenant,
    referralId,
    expectedVersion: 0,
    events,
    state,
    ledger: [],
    report: reportReferralOf(tenant, state)
  }
}

/** Code-point order of two strings (what every store sorts ids by, whatever its collation). */
const compare = (a: string, b: string): number => {
  const x = Array.from(a, (c) => c.codePointAt(0) as number)
  const y = Array.from(b, (c) => c.codePointAt(0) as number)
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  return x.length - y.length
}

const byKey = (a: ReferralAppend, b: ReferralAppend) =>
  compare(a.tenant.storeId, b.tenant.storeId) || compare(a.referralId, b.referralId)

const keyOf = (r: { readonly tenant: Tenant; readonly referralId: string }) =>
  `${r.tenant.dealerGroupId}/${r.tenant.storeId}/${r.referralId}`

const inScope = (scope: TenantScope, tenant: Tenant) =>
  scope.dealerGroupId === tenant.dealerGroupId &&
  (scope.storeId === undefined || scope.storeId === tenant.storeId)

/** Every page of a query, checking each page's size and `next` on the way. */
const allPages = (scope: TenantScope, query: ReferralQuery, bound: number) =>
  Effect.gen(function* () {
    const referrals = yield* ReferralStore
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)))
    const found: Array<FoundReferral> = []
    let after = query.after
    for (let page = 0; ; page++) {
      assert.isBelow(page, bound + 2, "find kept answering a next page")
      const answer = yield* referrals.find(scope, after === undefined ? query : { ...query, after })
      assert.isAtMost(answer.items.length, limit, "a page holds at most its limit")
      if (page > 0) assert.isAbove(answer.items.length, 0, "a next key led to an empty page")
      found.push(...answer.items)
      if (answer.next === undefined) break
      assert.strictEqual(answer.items.length, limit, "a page with a next key is full")
      const last = answer.items[answer.items.length - 1] as FoundReferral
      assert.deepStrictEqual(
        plain(answer.next),
        plain({ storeId: last.tenant.storeId, referralId: last.referralId }),
        "next is the key of the page's last referral"
      )
      after = answer.next
    }
    return found
  })

/** What a store must find: the appended referrals in scope that the core's filter accepts, in order. */
const expected = (written: ReadonlyArray<ReferralAppend>, scope: TenantScope, query: ReferralQuery) =>
  written
    .filter((a) => inScope(scope, a.tenant) && referralMatches(query, a.state as ReferralState))
    .filter(
      (a) =>
        query.after === undefined ||
        compare(a.tenant.storeId, query.after.storeId) > 0 ||
        (a.tenant.storeId === query.after.storeId && compare(a.referralId, query.after.referralId) > 0)
    )
    .sort(byKey)
    .map(keyOf)

const P1 = phoneOf(8101)
const P2 = phoneOf(8102)
const P3 = phoneOf(8103)

/** Four referrals over two stores of a fresh group, and the same ids and phones in another group. */
const fourReferrals = Effect.gen(function* () {
  const referrals = yield* ReferralStore
  const group = freshTenant("s-a")
  const other = freshTenant("s-a")
  const shapes: ReadonlyArray<Shape> = [
    {
      storeId: "s-b",
      referralId: "ref-0001",
      refereePhone: P1,
      referrerId: "cust-1",
      consultantId: "c-a",
      status: "registered"
    },
    {
      storeId: "s-a",
      referralId: "ref-0003",
      refereePhone: P1,
      referrerId: "cust-2",
      consultantId: "c-b",
      status: "audited",
      card: { storeId: "s-a", cardId: "card-0001" }
    },
    {
      storeId: "s-a",
      referralId: "ref-0002",
      refereePhone: P2,
      referrerId: "cust-1",
      consultantId: "c-a",
      status: "rejected"
    },
    {
      storeId: "s-b",
      referralId: "ref-0002",
      refereePhone: P3,
      referrerId: "cust-3",
      consultantId: "c-b",
      status: "approved",
      card: { storeId: "s-b", cardId: "card-0009" }
    }
  ]
  const written: Array<ReferralAppend> = []
  for (const shape of shapes) {
    const append = appendOf(group.dealerGroupId, shape)
    yield* referrals.append(append)
    written.push(append)
    // the same referral in another dealer group: never found from this one
    yield* referrals.append(appendOf(other.dealerGroupId, shape))
  }
  return { group: { dealerGroupId: group.dealerGroupId } as TenantScope, written }
})

const keys = (found: ReadonlyArray<FoundReferral>) => found.map(keyOf)

/** The scenario of the property: referrals in a group (and another group), then queries paged through. */
const storeIds = ["s-a", "s-B", "S-c"] as const
const referralIds = ["ref-1", "ref-10", "ref-2", "Ref-3", "ref-a", "REF-b", "ref_9"] as const
const phones = [phoneOf(8201), phoneOf(8202), phoneOf(8203)] as const
const people = ["cust-1", "cust-2", "cust-3"] as const
const consultants = ["c-a", "c-b", "c-c"] as const
const cardIds = ["card-1", "card-2", "Card-3"] as const

const shape = fc.record({
  storeId: fc.constantFrom(...storeIds),
  referralId: fc.constantFrom(...referralIds),
  refereePhone: fc.constantFrom(...phones),
  referrerId: fc.constantFrom(...people),
  // a referrer's phone may be another referral's referee phone
  referrerPhone: fc.constantFrom(...phones),
  consultantId: fc.constantFrom(...consultants),
  status: fc.constantFrom(...statuses),
  card: fc.option(fc.record({ storeId: fc.constantFrom(...storeIds), cardId: fc.constantFrom(...cardIds) }), {
    nil: undefined
  })
})

const query = fc
  .record(
    {
      refereePhone: fc.constantFrom(...phones, phoneOf(8299)),
      referrerPhone: fc.constantFrom(...phones, phoneOf(8299)),
      referrerId: fc.constantFrom(...people),
      consultantId: fc.constantFrom(...consultants),
      status: fc.subarray([...statuses, "redeemed" as const]),
      refereeCardId: fc.constantFrom(...cardIds),
      limit: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(500)),
      after: fc.record({ storeId: fc.constantFrom(...storeIds), referralId: fc.constantFrom(...referralIds) })
    },
    { requiredKeys: [] }
  )
  .map((q) => q as unknown as ReferralQuery)

const scenario = fc.record({
  shapes: fc.uniqueArray(shape, {
    minLength: 1,
    maxLength: 14,
    selector: (s) => `${s.storeId}/${s.referralId}`
  }),
  elsewhere: fc.array(shape, { maxLength: 2 }),
  queries: fc.array(fc.tuple(query, fc.option(fc.constantFrom(...storeIds), { nil: undefined })), {
    minLength: 1,
    maxLength: 4
  })
})

const checkScenario = (s: typeof scenario extends fc.Arbitrary<infer A> ? A : never) =>
  Effect.gen(function* () {
    const referrals = yield* ReferralStore
    const group = freshTenant().dealerGroupId
    const other = freshTenant().dealerGroupId
    const written: Array<ReferralAppend> = []
    for (const sh of s.shapes) {
      const append = appendOf(group, sh)
      yield* referrals.append(append)
      written.push(append)
    }
    const seen = new Set<string>()
    for (const sh of s.elsewhere) {
      if (seen.has(`${sh.storeId}/${sh.referralId}`)) continue
      seen.add(`${sh.storeId}/${sh.referralId}`)
      yield* referrals.append(appendOf(other, sh))
    }
    const byKeyWritten = new Map(written.map((a) => [keyOf(a), a]))
    for (const [q, storeId] of s.queries) {
      const scope = (
        storeId === undefined ? { dealerGroupId: group } : { dealerGroupId: group, storeId }
      ) as TenantScope
      const found = yield* allPages(scope, q, written.length)
      const what = `find(${JSON.stringify(scope)}, ${JSON.stringify(q)})`
      assert.deepStrictEqual(keys(found), expected(written, scope, q), what)
      for (const f of found) {
        const append = byKeyWritten.get(keyOf(f)) as ReferralAppend
        assert.strictEqual(f.version, append.state.version, `${what}: ${keyOf(f)} version`)
        assert.deepStrictEqual(plain(f.state), plain(append.state), `${what}: ${keyOf(f)} state`)
      }
    }
  })

/** The referral query tests, by name. */
export const referralFindTests = <R>(): Record<ReferralFindTestName, SuiteBody<R>> => ({
  "referral find: each filter, status any of, in (store, referral id) order": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const { group, written } = yield* fourReferrals
      const ask = (query: ReferralQuery, want: ReadonlyArray<string>) =>
        Effect.gen(function* () {
          const page = yield* referrals.find(group, query)
          assert.deepStrictEqual(
            page.items.map((f) => `${f.tenant.storeId}/${f.referralId}`),
            want,
            JSON.stringify(query)
          )
          assert.strictEqual(page.next, undefined, `${JSON.stringify(query)}: one page holds them all`)
          assert.deepStrictEqual(keys(page.items), expected(written, group, query), JSON.stringify(query))
          return page
        })
      const all = yield* ask({}, ["s-a/ref-0002", "s-a/ref-0003", "s-b/ref-0001", "s-b/ref-0002"])
      // what find returns is what load returns (state and version), without the history
      for (const f of all.items) {
        const stored = Option.getOrThrow(yield* referrals.load(f.tenant, f.referralId as ReferralId))
        assert.strictEqual(f.version, stored.version)
        assert.deepStrictEqual(plain(f.state), plain(stored.state))
        assert.strictEqual(f.tenant.dealerGroupId, group.dealerGroupId)
      }
      yield* ask({ refereePhone: P1 }, ["s-a/ref-0003", "s-b/ref-0001"])
      yield* ask({ refereePhone: phoneOf(8199) }, [])
      yield* ask({ referrerId: "cust-1" } as ReferralQuery, ["s-a/ref-0002", "s-b/ref-0001"])
      yield* ask({ consultantId: "c-b" as ConsultantId }, ["s-a/ref-0003", "s-b/ref-0002"])
      yield* ask({ status: ["registered", "approved"] }, ["s-b/ref-0001", "s-b/ref-0002"])
      yield* ask({ status: ["audited"] }, ["s-a/ref-0003"])
      // an empty any-of matches nothing (it is not "no filter")
      yield* ask({ status: [] }, [])
      yield* ask({ status: ["redeemed", "expired"] }, [])
      yield* ask({ refereeCardId: "card-0001" as CardId }, ["s-a/ref-0003"])
      yield* ask({ refereeCardId: "card-0404" as CardId }, [])
      yield* ask({ refereePhone: P1, status: ["audited"] }, ["s-a/ref-0003"])
      yield* ask({ refereePhone: P1, status: ["approved"] }, [])
      yield* ask(
        { referrerId: "cust-1", consultantId: "c-a" as ConsultantId, status: ["rejected"] } as ReferralQuery,
        ["s-a/ref-0002"]
      )
    }),

  "referral find: pages of a limit, after a key, next only when more follow": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const tenant = freshTenant("s1")
      const group = { dealerGroupId: tenant.dealerGroupId } as TenantScope
      const written: Array<ReferralAppend> = []
      const shapeOf = (storeId: string, n: number): Shape => ({
        storeId,
        referralId: `ref-${String(n).padStart(4, "0")}`,
        refereePhone: phoneOf(8300 + (n % 2)),
        referrerId: "cust-1",
        consultantId: "c-a",
        status: n % 3 === 0 ? "audited" : "registered"
      })
      for (const [storeId, n] of [
        ["s2", 2],
        ["s1", 4],
        ["s1", 1],
        ["s2", 1],
        ["s1", 3],
        ["s1", 6],
        ["s2", 5]
      ] as const) {
        const append = appendOf(tenant.dealerGroupId, shapeOf(storeId, n))
        yield* referrals.append(append)
        written.push(append)
      }
      const order = ["s1/1", "s1/3", "s1/4", "s1/6", "s2/1", "s2/2", "s2/5"].map((k) => {
        const [s, n] = k.split("/") as [string, string]
        return `${tenant.dealerGroupId}/${s}/ref-${n.padStart(4, "0")}`
      })
      assert.deepStrictEqual(keys(yield* allPages(group, {}, 7)), order)
      for (const limit of [1, 2, 3, 6, 7, 500]) {
        assert.deepStrictEqual(keys(yield* allPages(group, { limit }, 7)), order, `limit ${limit}`)
        const first = yield* referrals.find(group, { limit })
        assert.strictEqual(first.items.length, Math.min(limit, 7), `limit ${limit}`)
        // a full last page says there is no more
        assert.strictEqual(first.next === undefined, limit >= 7, `limit ${limit}: next`)
      }
      // a page continues after the key it is given, whether or not that key exists
      const after = (storeId: string, referralId: string) =>
        Effect.map(
          referrals.find(group, {
            limit: 2,
            after: { storeId: storeId as StoreId, referralId: referralId as ReferralId }
          }),
          (page) => keys(page.items)
        )
      assert.deepStrictEqual(yield* after("s1", "ref-0004"), order.slice(3, 5))
      assert.deepStrictEqual(yield* after("s1", "ref-0005"), order.slice(3, 5))
      assert.deepStrictEqual(yield* after("s1", "ref-9999"), order.slice(4, 6))
      assert.deepStrictEqual(yield* after("s0", "zzz"), order.slice(0, 2))
      assert.deepStrictEqual(yield* after("s2", "ref-0005"), [])
      assert.deepStrictEqual(yield* after("s3", "a"), [])
      // the filters hold on every page
      const audited = { status: ["audited" as const], limit: 1 }
      assert.deepStrictEqual(keys(yield* allPages(group, audited, 7)), expected(written, group, audited))
      // a referral registered behind the cursor meanwhile does not shift the pages
      const first = yield* referrals.find(group, { limit: 3 })
      yield* referrals.append(appendOf(tenant.dealerGroupId, shapeOf("s1", 2)))
      const rest = yield* allPages(
        group,
        { limit: 3, ...(first.next === undefined ? {} : { after: first.next }) },
        7
      )
      assert.deepStrictEqual([...keys(first.items), ...keys(rest)], order)
    }),

  "referral find: group and store scopes, other groups never": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const { group, written } = yield* fourReferrals
      const store = (storeId: string) => ({ ...group, storeId }) as TenantScope
      const names = (page: { readonly items: ReadonlyArray<FoundReferral> }) =>
        page.items.map((f) => `${f.tenant.storeId}/${f.referralId}`)
      assert.deepStrictEqual(names(yield* referrals.find(store("s-a"), {})), ["s-a/ref-0002", "s-a/ref-0003"])
      assert.deepStrictEqual(names(yield* referrals.find(store("s-b"), {})), ["s-b/ref-0001", "s-b/ref-0002"])
      assert.deepStrictEqual(names(yield* referrals.find(store("s-c"), {})), [])
      assert.deepStrictEqual(names(yield* referrals.find(store("s-b"), { refereePhone: P1 })), [
        "s-b/ref-0001"
      ])
      // a page of one store never continues into the next store
      const one = yield* referrals.find(store("s-a"), { limit: 1 })
      assert.deepStrictEqual(names(one), ["s-a/ref-0002"])
      assert.isDefined(one.next)
      const two = yield* referrals.find(store("s-a"), {
        limit: 1,
        ...(one.next === undefined ? {} : { after: one.next })
      })
      assert.deepStrictEqual(names(two), ["s-a/ref-0003"])
      assert.strictEqual(two.next, undefined)
      // another group holds the same ids and phones: none of them is found from here, nor these from there
      const everything = yield* referrals.find(group, { limit: 500 })
      assert.strictEqual(everything.items.length, written.length)
      assert.isTrue(everything.items.every((f) => f.tenant.dealerGroupId === group.dealerGroupId))
      const stranger = freshTenant("s-a")
      assert.deepStrictEqual(names(yield* referrals.find({ dealerGroupId: stranger.dealerGroupId }, {})), [])
      assert.deepStrictEqual(names(yield* referrals.find(stranger, { refereePhone: P1 })), [])
    }),

  "referral find: a phone in national format finds the E.164 referral": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const tenant = freshTenant("s1")
      const registered = "+8613987654321" as PhoneNumber
      yield* referrals.append(
        appendOf(tenant.dealerGroupId, {
          storeId: "s1",
          referralId: "ref-0001",
          refereePhone: registered,
          referrerId: "cust-1",
          consultantId: "c-a",
          status: "registered"
        })
      )
      yield* referrals.append(
        appendOf(tenant.dealerGroupId, {
          storeId: "s1",
          referralId: "ref-0002",
          refereePhone: "+8613987654322" as PhoneNumber,
          referrerId: "cust-1",
          consultantId: "c-a",
          status: "registered"
        })
      )
      for (const typed of ["139 8765 4321", "139-8765-4321", "+86 139 8765 4321", "13987654321"]) {
        const decoded = decodeReferralQuery({ refereePhone: typed })
        assert.isTrue(Result.isSuccess(decoded), `${typed} decodes`)
        if (Result.isFailure(decoded)) continue
        assert.strictEqual(decoded.success.refereePhone, registered)
        const page = yield* referrals.find({ dealerGroupId: tenant.dealerGroupId }, decoded.success)
        assert.deepStrictEqual(
          page.items.map((f) => f.referralId),
          ["ref-0001"],
          typed
        )
      }
    }),

  "referral find: by the referrer's phone in any format, scoped, in pages": () =>
    Effect.gen(function* () {
      const referrals = yield* ReferralStore
      const group = freshTenant("s-a").dealerGroupId
      const other = freshTenant("s-a").dealerGroupId
      const referrer = "+8613987654321" as PhoneNumber
      const base = { referrerId: "cust-1", consultantId: "c-a", status: "registered" as const }
      const shapes: ReadonlyArray<Shape> = [
        { ...base, storeId: "s-b", referralId: "ref-0003", refereePhone: P1, referrerPhone: referrer },
        { ...base, storeId: "s-a", referralId: "ref-0001", refereePhone: P1, referrerPhone: referrer },
        {
          ...base,
          storeId: "s-a",
          referralId: "ref-0002",
          refereePhone: P2,
          referrerPhone: referrer,
          status: "audited"
        },
        // the phone as a referee's, not a referrer's: never found by referrerPhone
        { ...base, storeId: "s-a", referralId: "ref-0004", refereePhone: referrer, referrerPhone: P3 },
        { ...base, storeId: "s-b", referralId: "ref-0005", refereePhone: P2, referrerPhone: P3 }
      ]
      const written: Array<ReferralAppend> = []
      for (const sh of shapes) {
        const append = appendOf(group, sh)
        yield* referrals.append(append)
        written.push(append)
        // the same referrals, phones included, in another dealer group
        yield* referrals.append(appendOf(other, sh))
      }
      const scope = { dealerGroupId: group } as TenantScope
      const mine = [`${group}/s-a/ref-0001`, `${group}/s-a/ref-0002`, `${group}/s-b/ref-0003`]
      for (const typed of ["139 8765 4321", "139-8765-4321", "+86 139 8765 4321", "13987654321", referrer]) {
        const decoded = decodeReferralQuery({ referrerPhone: typed })
        assert.isTrue(Result.isSuccess(decoded), `${typed} decodes`)
        if (Result.isFailure(decoded)) continue
        const q = decoded.success
        assert.strictEqual(q.referrerPhone, referrer, typed)
        assert.deepStrictEqual(keys((yield* referrals.find(scope, q)).items), mine, typed)
        assert.deepStrictEqual(
          keys((yield* referrals.find(scope, q)).items),
          expected(written, scope, q),
          typed
        )
        // pages of one and two: the same referrals, in order, once each
        for (const limit of [1, 2])
          assert.deepStrictEqual(keys(yield* allPages(scope, { ...q, limit }, 3)), mine)
        // a store of the group: only its own
        const storeB = { dealerGroupId: group, storeId: "s-b" } as TenantScope
        assert.deepStrictEqual(keys((yield* referrals.find(storeB, q)).items), [`${group}/s-b/ref-0003`])
        // with another filter: both hold
        assert.deepStrictEqual(keys((yield* referrals.find(scope, { ...q, status: ["audited"] })).items), [
          `${group}/s-a/ref-0002`
        ])
        assert.deepStrictEqual(
          keys((yield* referrals.find(scope, { ...q, refereePhone: referrer })).items),
          []
        )
        // another group: its own copies only; a stranger: nothing
        assert.deepStrictEqual(
          keys((yield* referrals.find({ dealerGroupId: other } as TenantScope, q)).items),
          mine.map((k) => k.replace(group, other))
        )
        assert.deepStrictEqual(
          keys(
            (yield* referrals.find({ dealerGroupId: freshTenant().dealerGroupId } as TenantScope, q)).items
          ),
          []
        )
      }
      // a phone nobody referred with
      assert.deepStrictEqual(keys((yield* referrals.find(scope, { referrerPhone: phoneOf(8199) })).items), [])
    }),

  "referral find: paging through any query yields exactly the matches, in order, once each": () =>
    Effect.gen(function* () {
      const context = yield* Effect.context<JipanStore>()
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(scenario, (s) => Effect.runPromiseWith(context)(checkScenario(s))),
          { numRuns: 12, endOnFailure: true }
        )
      )
    })
})
