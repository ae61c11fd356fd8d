/**
 * Invalid report inputs: a settlement history, a showroom visit or a survey with one field broken,
 * and report queries the report methods must refuse.
 *
 * @module
 */
import type { Tenant } from "@jipan/core"
import * as fc from "fast-check"
import { settlementHistory, showroomVisit, survey } from "../Report.js"
import { type Broken, breaking } from "./Breaking.js"
import { calendarDate, fen, id, instant } from "./Kernel.js"

/**
 * A settlement history with one field broken: a delivery of 0 or 1e9 units or on a day that does
 * not exist, a referee's reward beyond ±1e14 fen, an unknown satisfaction, a ledger entry of 1e15.
 */
export const settlementHistoryBroken: fc.Arbitrary<Broken> = breaking(
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
export const showroomVisitBroken = (tenant: Tenant): fc.Arbitrary<Broken> =>
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
export const surveyBroken: fc.Arbitrary<Broken> = breaking(survey, () => [
  ["surveyedOn", calendarDate, "bad date"],
  ["customerId", id, "bad customer id"],
  ["satisfaction", fc.constantFrom(5, "great", null), "unknown satisfaction"],
  ["buyAgain", fc.constantFrom("always", null), "unknown buy-again"],
  ["recommend", fc.constantFrom("never", null), "unknown recommendation"]
])

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
export const reportQuery: fc.Arbitrary<Record<string, unknown> | null> = fc.oneof(
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
