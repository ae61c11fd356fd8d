/**
 * Lifecycles the suites replay (not exported from the package).
 *
 * @module
 */
import { defaultPolicy, type ReferralCommand, type Tenant } from "@jipan/core"

/**
 * A referral's happy path in a store, as a DMS sends it: registered, audited, the referee orders
 * and takes delivery, approval after the holding window, the reward issued under `voucherId`,
 * then redeemed.
 */
export const referralLife = (
  tenant: Tenant,
  referralId: string,
  voucherId: string,
  referrerPhone: string,
  refereePhone = "+8613912340002"
): ReadonlyArray<ReferralCommand> => {
  const registration = {
    referralId,
    storeId: tenant.storeId,
    consultantId: "c-wang",
    registeredOn: "2026-03-02",
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: "cust-1", phone: referrerPhone, customerId: "cust-1" },
    referee: { name: "李四", phone: refereePhone }
  }
  const holding = defaultPolicy.referral.holdingDays
  const day = (d: number) => new Date(Date.UTC(2026, 2, 2 + d)).toISOString().slice(0, 10)
  return [
    {
      _tag: "Register",
      on: day(0),
      registration,
      context: { existing: [], earlierClaims: [], phoneAudit: { on: day(0), outcome: "realProspect" } }
    },
    {
      _tag: "Recheck",
      on: day(1),
      context: {
        existing: [],
        earlierClaims: [],
        refereeConfirmation: { on: day(1), namedReferrerId: "cust-1" },
        phoneAudit: { on: day(1), outcome: "realProspect" }
      }
    },
    { _tag: "RecordRefereeOrder", on: day(2), orderId: "SO-R1" },
    {
      _tag: "RecordRefereeDelivery",
      on: day(4),
      deliveryId: "DL-1",
      saleKind: "retail",
      units: 1,
      capUsage: { count: 0, valueFen: 0 }
    },
    { _tag: "Approve", on: day(5 + holding) },
    { _tag: "IssueReward", on: day(6 + holding), voucherId, choiceId: "maintenance" },
    { _tag: "RedeemReward", on: day(7 + holding) }
  ] as unknown as ReadonlyArray<ReferralCommand>
}
