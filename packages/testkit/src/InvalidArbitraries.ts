/**
 * Deliberately INVALID inputs, one arbitrary per kind of value Jipan accepts from outside: each is
 * a valid value (from DomainArbitraries.ts) with one field broken — a wrong type, an instant
 * outside 2000–2099 (2e15, 8.64e15, NaN), a day that does not exist ("2026-02-30"), money that is
 * negative, fractional or beyond ±1e14 fen, a 0-fen reward, a bad phone, a `__proto__` key, an id
 * with spaces or over 64 characters — or not an object at all. A decoder must refuse every one
 * with `InvalidInput` naming the path; a facade method must reject it the same way and write
 * nothing.
 *
 * @module
 */
import { defaultSections, type Tenant } from "@jipan/core"
import * as fc from "fast-check"
import {
  cardCommand,
  cardEvent,
  ledgerEntries,
  policyDocument,
  referralCommand,
  referralRegistration,
  settlementHistory,
  showroomVisit,
  survey
} from "./DomainArbitraries.js"

/**
 * A broken value and where it was broken (`path`: the dotted path a decoder's issue should name,
 * `""` for the value as a whole).
 *
 * @example
 * ```ts
 * import type { Broken } from "@jipan/testkit"
 * const b: Broken = { value: { at: 2e15 }, path: "at", why: "instant out of range" }
 * ```
 */
export interface Broken {
  readonly value: unknown
  readonly path: string
  readonly why: string
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** Sets a dotted path of a JSON copy of `value` (creating nothing: the path must exist up to its last key). */
const setPath = (value: unknown, path: string, to: unknown): unknown => {
  const copy = json(value) as Record<string, unknown>
  const keys = path.split(".")
  let at: Record<string, unknown> = copy
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>
  const last = keys[keys.length - 1] as string
  if (to === REMOVE) delete at[last]
  else Object.defineProperty(at, last, { value: to, enumerable: true, writable: true, configurable: true })
  return copy
}
const REMOVE = Symbol("remove")

/** A JSON object with an own `__proto__` key, as `JSON.parse` makes it (not a prototype change). */
const withProtoKey = (value: unknown): unknown => {
  const copy = json(value) as Record<string, unknown>
  // on a list, the key goes on its first element (a list's own keys are not its items)
  const target = (Array.isArray(copy) ? copy[0] : copy) as Record<string, unknown>
  Object.defineProperty(target, "__proto__", {
    value: { polluted: true },
    enumerable: true,
    writable: true,
    configurable: true
  })
  return copy
}

/**
 * Instants Jipan must refuse: outside 2000-01-01..2099-12-31 UTC (2e15, 8.64e15 — the largest
 * `Date` —, 8.64e15 + 1, negative, 1999-12-31T23:59:59.999Z, 2100-01-01), fractional, NaN, ±∞, and
 * non-numbers (an ISO string, null).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { isInstant } from "@jipan/core"
 * import { invalid } from "@jipan/testkit"
 * fc.assert(fc.property(invalid.instant, (at) => typeof at !== "number" || !isInstant(at)))
 * ```
 */
const instant: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    2e15,
    8.64e15,
    8.64e15 + 1,
    -1,
    0,
    Date.UTC(2000, 0, 1) - 1,
    Date.UTC(2100, 0, 1),
    1.5e12 + 0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_VALUE,
    "2026-03-02T09:00:00Z",
    null,
    true
  ),
  fc.integer({ min: Date.UTC(2100, 0, 1), max: 8.64e15 }),
  fc.integer({ min: -8.64e15, max: Date.UTC(2000, 0, 1) - 1 })
)

/**
 * Calendar dates Jipan must refuse: days that do not exist ("2026-02-30", "2025-02-29"), months
 * 0 and 13, years outside 1900–2199, other formats, non-strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.calendarDate, 3) // ["2026-02-30", "1899-12-31", 20260302]
 * ```
 */
const calendarDate: fc.Arbitrary<unknown> = fc.constantFrom(
  "2026-02-30",
  "2025-02-29",
  "2100-02-29",
  "2026-00-10",
  "2026-13-01",
  "2026-04-31",
  "1899-12-31",
  "2200-01-01",
  "26-03-02",
  "2026-3-2",
  "2026/03/02",
  "2026-03-02T00:00:00Z",
  " 2026-03-02",
  "",
  20260302,
  null
)

/**
 * Money Jipan must refuse as fen: beyond ±1e14 (1e15, -1e15), fractional, NaN, ∞, strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.fen, 2) // [1e15, 0.5]
 * ```
 */
const fen: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(1e15, -1e15, 1e14 + 1, 0.5, -0.01, Number.NaN, Number.POSITIVE_INFINITY, "30000", null),
  fc.double({ min: 1e14 + 1, max: 1e300, noNaN: true })
)

/**
 * Reward values (reward choices, caps) Jipan must refuse: 0 and negative fen, fractional,
 * beyond 1e14.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.rewardFen, 2) // [0, 1e15]
 * ```
 */
const rewardFen: fc.Arbitrary<unknown> = fc.constantFrom(
  0,
  -1,
  -30000,
  0.5,
  1e15,
  1e14 + 1,
  Number.NaN,
  "300"
)

/**
 * Phone numbers Jipan must refuse where E.164 is required: too short, too long, letters, not
 * normalised, empty.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.phone, 2) // ["+86138", "13812345678"]
 * ```
 */
const phone: fc.Arbitrary<unknown> = fc.constantFrom(
  "+86138",
  "+861381234567890123",
  "+86abcdefghijk",
  "13812345678",
  "138 1234 5678",
  "+86 138 1234 5678",
  "",
  "+",
  "+0000000000",
  "'; DROP TABLE jipan_cards; --",
  18_612_345_678,
  null
)

/**
 * Ids Jipan must refuse: empty, with whitespace (SQL with spaces, a newline), longer than 64
 * characters (long unicode), with NUL, control characters or lone surrogates, non-strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.id, 2) // ["", "x'; DROP TABLE jipan_cards; --"]
 * ```
 */
const id: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "card 1",
    "card-1\n",
    "\tcard",
    "x'; DROP TABLE jipan_cards; --",
    "a".repeat(65),
    "卡".repeat(65),
    "🚗".repeat(33),
    "a\u0000b",
    "\uD800",
    "x\uDC00y",
    "bell\u0007",
    42,
    null,
    { id: "card-1" },
    ["card-1"]
  ),
  fc.string({ minLength: 65, maxLength: 300 })
)

/**
 * Free text (notes, justifications, reasons) Jipan must refuse: NUL, lone surrogates (neither
 * survives a PostgreSQL text column), more than 2,000 characters, non-strings.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.text, 2) // ["a\u0000b", "\uD800"]
 * ```
 */
const text: fc.Arbitrary<unknown> = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDC00y",
  "🚗".slice(0, 1),
  "a".repeat(2001),
  "客".repeat(2001),
  42,
  null
)

/**
 * Anything that is not even an object of the expected kind: primitives, arrays, null,
 * `undefined`, an object with an own `__proto__` key, a date, a deep object.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.notAnObject, 2) // [null, 42]
 * ```
 */
const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, 0, Number.NaN, "", "OpenCard", true, [], [{}], new Date(0)),
  fc.anything({ maxDepth: 2 }).filter((v) => v === null || typeof v !== "object" || Array.isArray(v)),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}}') as unknown)
)

/** Breaks one of `cases` on a valid value, or replaces the whole value with a non-object. */
const breaking = <A>(
  valid: fc.Arbitrary<A>,
  cases: (a: A) => ReadonlyArray<readonly [path: string, bad: fc.Arbitrary<unknown>, why: string]>,
  options: { readonly list?: boolean } = {}
): fc.Arbitrary<Broken> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: valid.chain((a) => {
        const options = cases(a)
        return fc.integer({ min: 0, max: options.length - 1 }).chain((i) => {
          const [path, bad, why] = options[i] as readonly [string, fc.Arbitrary<unknown>, string]
          return bad.map((b): Broken => ({ value: setPath(a, path, b), path, why: `${why}: ${show(b)}` }))
        })
      })
    },
    {
      weight: 1,
      arbitrary: valid.map(
        (a): Broken => ({ value: withProtoKey(a), path: "__proto__", why: "an own __proto__ key" })
      )
    },
    {
      weight: 1,
      arbitrary: notAnObject
        // an empty list is a valid list
        .filter((v) => !(options.list === true && Array.isArray(v) && v.length === 0))
        .map((v): Broken => ({ value: v, path: "", why: `not an object: ${show(v)}` }))
    }
  )

const show = (v: unknown): string => {
  try {
    return typeof v === "number" ? String(v) : (JSON.stringify(v) ?? String(v)).slice(0, 60)
  } catch {
    return String(v)
  }
}

const bad = {
  role: fc.constantFrom("boss", "", null, 1),
  tag: fc.constantFrom("OpenCardd", "", "__proto__", null, "constructor"),
  text: fc.constantFrom(null, 1, {}, []),
  nonEmpty: fc.constantFrom("", null, 1),
  bool: fc.constantFrom("true", 1, null)
}

/** A card command with one field broken (see {@link invalid}). */
const cardCommandBroken: fc.Arbitrary<Broken> = breaking(cardCommand, (c) => {
  const common: Array<readonly [string, fc.Arbitrary<unknown>, string]> = [
    ["at", instant, "instant out of range"],
    ["by.role", bad.role, "unknown role"],
    ["by.id", bad.nonEmpty, "empty actor id"],
    ["_tag", bad.tag, "unknown command"],
    ["by", fc.constant(REMOVE), "missing actor"],
    ["at", fc.constant(REMOVE), "missing instant"]
  ]
  switch (c._tag) {
    case "OpenCard":
      return [
        ...common,
        ["phone", phone, "bad phone"],
        ["cardId", id, "bad card id"],
        ["customerId", id, "bad customer id"],
        ["owner", id, "bad owner"],
        ["storeId", id, "bad store id"],
        ["source", fc.constantFrom("tiktok", null), "unknown lead source"],
        ["evidence", fc.constantFrom(null, "none", [1]), "evidence not an object"],
        ["evidence.visitCount", fc.constantFrom(-1, 1.5, 10_001, Number.NaN), "visit count out of range"],
        ["evidence.expectedPurchaseDate", calendarDate, "bad date"]
      ]
    case "LogContact":
      return [
        ...common,
        ["note", text, "bad note"],
        ["channel", fc.constantFrom("pigeon", null), "unknown channel"],
        ["outcome", fc.constantFrom("maybe", null), "unknown outcome"],
        ["agreedNextContactOn", calendarDate, "bad date"]
      ]
    case "Deliver":
      return [
        ...common,
        ["deliveredOn", calendarDate, "bad date"],
        ["odometerKm", fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY, "10"), "bad odometer"],
        ["vehicle.brand", bad.nonEmpty, "empty brand"]
      ]
    case "RecordCareContact":
      return [
        ...common,
        ["plannedOn", calendarDate, "bad date"],
        ["outcome", fc.constantFrom("skipped", null), "unknown outcome"]
      ]
    case "Regrade":
      return [
        ...common,
        ["grade", fc.constantFrom("a", "", "HHHHH", "1", null), "bad grade"],
        ["justification", text, "bad justification"]
      ]
    case "RequestReactivation":
    case "RejectReactivation":
      return [...common, ["note", text, "bad note"]]
    case "PlaceOrder":
      return [...common, ["orderId", bad.nonEmpty, "empty order id"]]
    case "MineOwner":
      return [...common, ["newCardId", id, "bad new card id"]]
    default:
      return common
  }
})

/** A card event with one field broken. */
const cardEventBroken: fc.Arbitrary<Broken> = breaking(cardEvent, () => [
  ["at", instant, "instant out of range"],
  ["on", calendarDate, "bad date"],
  ["_tag", bad.tag, "unknown event"],
  ["by.role", bad.role, "unknown role"]
])

/** A referral registration with one field broken. */
const referralRegistrationBroken: fc.Arbitrary<Broken> = breaking(referralRegistration(), () => [
  ["referralId", id, "bad referral id"],
  ["storeId", id, "bad store id"],
  ["registeredOn", calendarDate, "bad date"],
  ["referrer.id", id, "bad referrer id"],
  ["referrer.phone", fc.constantFrom("+86138", "abc", "", null), "bad phone"],
  ["referrer.kind", fc.constantFrom("alien", null), "unknown referrer kind"],
  ["referee.name", bad.nonEmpty, "empty referee name"],
  ["askedAt", fc.constantFrom("never", null), "unknown ask moment"]
])

/** A referral command with one field broken. */
const referralCommandBroken: fc.Arbitrary<Broken> = breaking(referralCommand, (c) => {
  const common: Array<readonly [string, fc.Arbitrary<unknown>, string]> = [
    ["on", calendarDate, "bad date"],
    ["_tag", bad.tag, "unknown command"]
  ]
  switch (c._tag) {
    case "Register":
      return [
        ...common,
        ["registration.referrer.id", id, "bad referrer id"],
        ["registration.registeredOn", calendarDate, "bad date"],
        ["context", fc.constantFrom(null, "none"), "context not an object"]
      ]
    case "RecordRefereeDelivery":
      return [
        ...common,
        ["units", fc.constantFrom(0, -1, 1.5, Number.NaN, 1e9), "bad units"],
        ["capUsage.valueFen", fen, "bad money"],
        ["capUsage.count", fc.constantFrom(-1, 0.5, Number.NaN), "bad count"],
        ["saleKind", fc.constantFrom("lease", null), "unknown sale kind"]
      ]
    case "IssueReward":
      return [...common, ["voucherId", id, "bad voucher id"], ["choiceId", bad.nonEmpty, "bad choice id"]]
    case "Reject":
      return [
        ...common,
        ["reasons", fc.constantFrom(["nope"], null, "other"), "unknown reasons"],
        ["note", text, "bad note"]
      ]
    case "Void":
      return [...common, ["reason", text, "bad reason"]]
    default:
      return common
  }
})

/** A ledger entry with one field broken (in a one-entry list, as `decodeLedgerEntries` reads). */
const ledgerEntryBroken: fc.Arbitrary<Broken> = breaking(
  ledgerEntries.filter((entries) => entries.length > 0).map((entries) => [entries[0]]),
  () => [
    ["0.amountFen", fen, "bad money"],
    ["0.on", calendarDate, "bad date"],
    ["0.kind", fc.constantFrom("gifted", null), "unknown kind"],
    ["0.entryId", bad.nonEmpty, "empty entry id"],
    ["0.reason", fc.constantFrom("because", 1), "unknown reversal reason"]
  ],
  { list: true }
)

/**
 * A settlement history with one field broken: a delivery of 0 or 1e9 units or on a day that does
 * not exist, a referee's reward beyond ±1e14 fen, an unknown satisfaction, a ledger entry of 1e15.
 */
const settlementHistoryBroken: fc.Arbitrary<Broken> = breaking(
  settlementHistory.map((h) => ({
    ...h,
    deliveries: h.deliveries.length > 0 ? h.deliveries : [SETTLEMENT_DELIVERY],
    referrals: h.referrals.length > 0 ? h.referrals : [SETTLEMENT_REFERRAL],
    contacts: h.contacts.length > 0 ? h.contacts : [SETTLEMENT_CONTACT],
    ledger: h.ledger.length > 0 ? h.ledger : [SETTLEMENT_ENTRY]
  })),
  () => [
    ["deliveries.0.units", fc.constantFrom(0, -1, 1.5, Number.NaN, 1e9), "bad units"],
    ["deliveries.0.deliveredOn", calendarDate, "bad date"],
    ["deliveries.0.saleKind", fc.constantFrom("lease", null), "unknown sale kind"],
    ["deliveries.0.customerId", id, "bad customer id"],
    ["referrals.0.registeredOn", calendarDate, "bad date"],
    ["referrals.0.referrerKind", fc.constantFrom("alien", null), "unknown referrer kind"],
    [
      "referrals.0.refereeDelivery",
      fc.constant({ deliveredOn: "2026-03-02", saleKind: "retail", units: 1, earnedFen: 1e15 }),
      "a reward beyond the money bound"
    ],
    ["contacts.0.satisfaction", fc.constantFrom("great", 5, null), "unknown satisfaction"],
    ["contacts.0.on", calendarDate, "bad date"],
    ["ledger.0.amountFen", fen, "bad money"]
  ]
)

const SETTLEMENT_DELIVERY = {
  deliveryId: "DL-1",
  customerId: "cust-1",
  consultantId: "c-wang",
  storeId: "store-01",
  deliveredOn: "2026-03-02",
  saleKind: "retail",
  units: 1
} as const
const SETTLEMENT_REFERRAL = {
  referralId: "ref-1",
  referrerId: "cust-1",
  referrerKind: "ownedCustomer",
  askedAt: "delivery",
  storeId: "store-01",
  registeredOn: "2026-03-02",
  rejected: false
} as const
const SETTLEMENT_CONTACT = {
  contactId: "ct-1",
  consultantId: "c-wang",
  customerId: "cust-1",
  on: "2026-03-03",
  satisfaction: "verySatisfied"
} as const
const SETTLEMENT_ENTRY = {
  entryId: "v-1:issued",
  voucherId: "v-1",
  referralId: "ref-1",
  referrerId: "cust-1",
  kind: "issued",
  amountFen: 30000,
  on: "2026-03-10",
  choiceId: "maintenance"
} as const

/** A showroom visit with one field broken. */
const showroomVisitBroken = (tenant: Tenant): fc.Arbitrary<Broken> =>
  breaking(showroomVisit(tenant), () => [
    ["at", instant, "instant out of range"],
    ["on", calendarDate, "bad date"],
    ["visitId", id, "bad visit id"],
    ["consultant", id, "bad consultant"],
    ["phone", fc.constantFrom("+86138", "abc", "13812345678"), "bad phone"],
    ["partySize", fc.constantFrom(0, 101, 1.5, -1, Number.NaN), "bad party size"],
    ["kind", fc.constantFrom("drive-by", null), "unknown visit kind"],
    ["tenant.storeId", id, "bad store id"]
  ])

/** A survey with one field broken. */
const surveyBroken: fc.Arbitrary<Broken> = breaking(survey, () => [
  ["surveyedOn", calendarDate, "bad date"],
  ["customerId", id, "bad customer id"],
  ["satisfaction", fc.constantFrom(5, "great", null), "unknown satisfaction"],
  ["buyAgain", fc.constantFrom("always", null), "unknown buy-again"],
  ["recommend", fc.constantFrom("never", null), "unknown recommendation"]
])

/**
 * A policy document of `scope` with one field broken: a reward choice of 0 fen, negative,
 * fractional or 1e15 fen; a negative, fractional or 1e15-fen cap; version 0; a day that does not exist; a grade with
 * a contact interval of 0; an unknown time zone's wrong type.
 */
const policyDocumentBroken = (scope: {
  readonly dealerGroupId: string
  readonly storeId?: string
}): fc.Arbitrary<Broken> =>
  breaking(
    policyDocument(scope).map((d) => ({
      ...d,
      referral: d.referral ?? POLICY_REFERRAL,
      grading: d.grading ?? POLICY_GRADING
    })),
    () => [
      ["referral.offers.0.choices.0.valueFen", rewardFen, "bad reward value"],
      ["referral.caps.maxValueFen", fc.constantFrom(-1, 1e15, 0.5, Number.NaN), "bad reward cap"],
      ["version", fc.constantFrom(0, -1, 1.5, "1", null), "bad version"],
      ["effectiveFrom", calendarDate, "bad effective date"],
      ["policyId", id, "bad policy id"],
      ["scope.dealerGroupId", id, "bad dealer group"],
      ["grading.grades.0.contactIntervalDays", fc.constantFrom(0, -1, 0.5), "bad contact interval"],
      ["timeZone", fc.constantFrom(1, null, ""), "bad time zone"]
    ]
  )

const POLICY_REFERRAL = defaultSections.referral
const POLICY_GRADING = defaultSections.grading

/**
 * Card filters `listCards` must refuse: null, wrong types, unknown statuses, NaN, bad grades.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.cardFilter, 2) // [null, { status: "prospect" }]
 * ```
 */
const cardFilter: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  "prospect",
  42,
  [],
  { owner: null },
  { owner: "" },
  { owner: "c wang" },
  { grade: "a" },
  { grade: 1 },
  { status: "prospect" },
  { status: ["prospect", "zombie"] },
  { status: [null] },
  { status: null },
  JSON.parse('{"__proto__": {"owner": "c-wang"}}') as unknown,
  { owner: "c-wang", extra: true }
)

/**
 * Page requests `listCards` must refuse: null, NaN / ∞ / 0 / negative / fractional / huge limits,
 * limits as strings, non-string cursors.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.pageRequest, 2) // [{ limit: NaN }, null]
 * ```
 */
const pageRequest: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  5,
  "next",
  { limit: Number.NaN },
  { limit: Number.POSITIVE_INFINITY },
  { limit: 0 },
  { limit: -1 },
  { limit: 1.5 },
  { limit: 1e9 },
  { limit: "10" },
  { limit: null },
  { cursor: 42 },
  { cursor: null },
  { cursor: {} },
  { limit: 10, extra: 1 }
)

/**
 * Ledger queries `ledger` must refuse: null, months as numbers (5) or in other formats
 * ("2026-5", "2026-13"), NaN, wrong types of referrer and consultant.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.ledgerQuery, 2) // [{ month: 5 }, null]
 * ```
 */
const ledgerQuery: fc.Arbitrary<unknown> = fc.constantFrom(
  null,
  "2026-05",
  { month: 5 },
  { month: Number.NaN },
  { month: "2026-5" },
  { month: "2026-13" },
  { month: "2026-00" },
  { month: "26-05" },
  { month: null },
  { referrerId: 42 },
  { referrerId: null },
  { consultantId: "" },
  { consultantId: "c wang" },
  { month: "2026-05", extra: true }
)

/**
 * Report queries the report methods must refuse (as the `query` argument): missing or bad days,
 * `to` before `from`, months that do not exist, null.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.reportQuery, 1) // [{ from: "2026-02-30" }]
 * ```
 */
const reportQuery: fc.Arbitrary<Record<string, unknown> | null> = fc.oneof(
  fc.constant(null),
  calendarDate.map((d) => ({ from: d, to: d, on: d, month: d, consultantId: "c-wang" })),
  fc.constantFrom(
    {},
    { from: "2026-03-02", to: "2026-02-30" },
    { on: 20260302 },
    { consultantId: "c-wang", month: "2026-13" },
    { consultantId: "c-wang", month: 5 },
    { consultantId: "", month: "2026-03" },
    { from: "2026-03-02", consultantId: null }
  )
)

/**
 * Scopes and tenants the facade must refuse: missing or empty ids, ids with spaces, null.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { invalid } from "@jipan/testkit"
 * fc.sample(invalid.tenant, 1) // [{ dealerGroupId: "", storeId: "s1" }]
 * ```
 */
const tenant: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, "grp-1", {}),
  id.map((bad) => ({ dealerGroupId: bad, storeId: "store-01" })),
  id.map((bad) => ({ dealerGroupId: "grp-1", storeId: bad }))
)

/**
 * The deliberately invalid inputs: per kind of value (`instant`, `text`, `calendarDate`, `fen`,
 * `rewardFen`, `phone`, `id`, `tenant`, `notAnObject`, `cardFilter`, `pageRequest`,
 * `ledgerQuery`, `reportQuery`) and per composite input a {@link Broken} value with the path that
 * was broken (`cardCommand`, `cardEvent`, `referralRegistration`, `referralCommand`,
 * `ledgerEntries`, `showroomVisit(tenant)`, `survey`, `settlementHistory`, `policyDocument(scope)`).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeCardCommand } from "@jipan/core"
 * import { invalid } from "@jipan/testkit"
 * fc.assert(fc.property(invalid.cardCommand, (b) => decodeCardCommand(b.value)._tag === "Failure"))
 * ```
 */
export const invalid = {
  instant,
  text,
  calendarDate,
  fen,
  rewardFen,
  phone,
  id,
  tenant,
  notAnObject,
  cardFilter,
  pageRequest,
  ledgerQuery,
  reportQuery,
  cardCommand: cardCommandBroken,
  cardEvent: cardEventBroken,
  referralRegistration: referralRegistrationBroken,
  referralCommand: referralCommandBroken,
  ledgerEntries: ledgerEntryBroken,
  showroomVisit: showroomVisitBroken,
  survey: surveyBroken,
  settlementHistory: settlementHistoryBroken,
  policyDocument: policyDocumentBroken
} as const

/**
 * Whether the issues of an `InvalidInput` name the path that was broken (or a field on the way to
 * it, or one inside it: a union reports where its members disagree): how a form knows which field
 * to mark. A value broken as a whole (`""` or `"?"`) needs no particular path; an unknown `_tag`
 * may be reported at the root (no member of the union matches).
 *
 * @example
 * ```ts
 * import { namesPath } from "@jipan/testkit"
 * namesPath([{ path: "at", message: "Expected whole epoch milliseconds…" }], "at") // true
 * namesPath([{ path: "phone", message: "…" }], "at") // false
 * ```
 */
export const namesPath = (issues: ReadonlyArray<{ readonly path: string }>, path: string): boolean => {
  if (path === "" || path === "?") return true
  const wanted = path === "__proto__" ? ["__proto__", "0.__proto__"] : [path]
  // an unknown tag matches no member of a union: the union itself (the root) is what is wrong
  if (path === "_tag" && issues.some((issue) => issue.path === "" || issue.path === "_tag")) return true
  return issues.some((issue) =>
    wanted.some(
      (w) =>
        issue.path === w ||
        (issue.path !== "" && w.startsWith(`${issue.path}.`)) ||
        issue.path.startsWith(`${w}.`)
    )
  )
}
