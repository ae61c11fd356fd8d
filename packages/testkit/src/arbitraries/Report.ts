/**
 * Valid inputs of the reports: showroom visit-log entries, satisfaction surveys and settlement
 * histories.
 *
 * @module
 */
import {
  AskMoment,
  BuyAgain,
  calendarDateOf,
  Recommend,
  ReferrerKind,
  Satisfaction,
  type SettlementHistory,
  type ShowroomVisit,
  type Survey,
  type Tenant,
  VisitKind,
  VisitOrdinal
} from "@jipan/core"
import * as fc from "fast-check"
import { anyCalendarDate, idString, instant, phone } from "./Kernel.js"
import { ledgerEntries } from "./Referral.js"
import { CONSULTANTS } from "./Shared.js"

/**
 * A valid reception visit-log entry of a tenant; `on` is the day of `at` in Beijing.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeShowroomVisit } from "@jipan/core"
 * import { showroomVisit } from "@jipan/testkit"
 * fc.assert(fc.property(showroomVisit(tenant), (v) => decodeShowroomVisit(v)._tag === "Success"))
 * ```
 */
export const showroomVisit = (
  tenant: Tenant,
  options: { readonly visitId?: fc.Arbitrary<string>; readonly at?: fc.Arbitrary<number> } = {}
): fc.Arbitrary<ShowroomVisit> =>
  fc
    .record({
      visitId: options.visitId ?? idString,
      at: options.at ?? instant,
      kind: fc.constantFrom(...VisitKind.values),
      ordinal: fc.constantFrom(...VisitOrdinal.values),
      consultant: fc.constantFrom(...CONSULTANTS),
      phone: fc.option(phone, { nil: undefined }),
      cardId: fc.option(fc.constantFrom("card-1", "card-2"), { nil: undefined }),
      partySize: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined })
    })
    .map(
      (v) =>
        ({
          tenant,
          visitId: v.visitId,
          at: v.at,
          on: calendarDateOf(v.at, "Asia/Shanghai"),
          kind: v.kind,
          ordinal: v.ordinal,
          consultant: v.consultant,
          ...(v.phone === undefined ? {} : { phone: v.phone }),
          ...(v.cardId === undefined ? {} : { cardId: v.cardId }),
          ...(v.partySize === undefined ? {} : { partySize: v.partySize })
        }) as ShowroomVisit
    )

/**
 * A valid satisfaction survey (满意度调查: satisfaction, buy-again probability, recommendation).
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeSurvey } from "@jipan/core"
 * import { survey } from "@jipan/testkit"
 * fc.assert(fc.property(survey, (s) => decodeSurvey(s)._tag === "Success"))
 * ```
 */
export const survey: fc.Arbitrary<Survey> = fc
  .record({
    customerId: idString,
    surveyedOn: anyCalendarDate,
    satisfaction: fc.constantFrom(...Satisfaction.values),
    buyAgain: fc.constantFrom(...BuyAgain.values),
    recommend: fc.constantFrom(...Recommend.values)
  })
  .map((s) => s as Survey)

/**
 * A valid settlement history (what `settleMonth` reads): deliveries (retail or fleet, with units),
 * referral facts (audited or rejected, maybe with the referee's delivery and the reward earned),
 * contacts with the customer's satisfaction (the CVP survey, 满意度回访) and a valid ledger.
 *
 * @example
 * ```ts
 * import * as fc from "fast-check"
 * import { decodeSettlementHistory } from "@jipan/core"
 * import { settlementHistory } from "@jipan/testkit"
 * fc.assert(fc.property(settlementHistory, (h) => decodeSettlementHistory(h)._tag === "Success"))
 * ```
 */
export const settlementHistory: fc.Arbitrary<SettlementHistory> = fc
  .record({
    deliveries: fc.array(
      fc.record({
        deliveryId: idString,
        customerId: idString,
        consultantId: fc.constantFrom(...CONSULTANTS),
        storeId: fc.constantFrom("store-01", "store-02"),
        deliveredOn: anyCalendarDate,
        saleKind: fc.constantFrom("retail" as const, "fleet" as const),
        units: fc.integer({ min: 1, max: 50 })
      }),
      { maxLength: 5 }
    ),
    referrals: fc.array(
      fc.record(
        {
          referralId: idString,
          referrerId: idString,
          referrerKind: fc.constantFrom(...ReferrerKind.values),
          askedAt: fc.constantFrom(...AskMoment.values),
          storeId: fc.constantFrom("store-01", "store-02"),
          fromDeliveryId: idString,
          registeredOn: anyCalendarDate,
          auditedOn: anyCalendarDate,
          rejected: fc.boolean(),
          refereeDelivery: fc.record({
            deliveredOn: anyCalendarDate,
            saleKind: fc.constantFrom("retail" as const, "fleet" as const),
            units: fc.integer({ min: 1, max: 50 }),
            earnedFen: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constant(1e14))
          })
        },
        {
          requiredKeys: [
            "referralId",
            "referrerId",
            "referrerKind",
            "askedAt",
            "storeId",
            "registeredOn",
            "rejected"
          ]
        }
      ),
      { maxLength: 5 }
    ),
    contacts: fc.array(
      fc.record(
        {
          contactId: idString,
          consultantId: fc.constantFrom(...CONSULTANTS),
          customerId: idString,
          on: anyCalendarDate,
          satisfaction: fc.constantFrom(...Satisfaction.values)
        },
        { requiredKeys: ["contactId", "consultantId", "customerId", "on"] }
      ),
      { maxLength: 8 }
    ),
    ledger: ledgerEntries
  })
  .map((h) => h as unknown as SettlementHistory)
