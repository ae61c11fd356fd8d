// Builders for referral tests: a registration, a clean validity context, and a referral driven
// through its lifecycle command by command.
import { Result } from "effect"
import {
  type CalendarDate,
  decideReferral,
  defaultPolicy,
  evolveReferral,
  initialReferralState,
  type Policy,
  type ReferralCommand,
  type ReferralEvent,
  type ReferralRegistration,
  type ReferralState,
  type ValidityContext
} from "../src/index.js"

export const d = (s: string) => s as CalendarDate

export const registration = (over: Partial<ReferralRegistration> = {}): ReferralRegistration =>
  ({
    referralId: "ref-1",
    storeId: "store-01",
    consultantId: "c-wang",
    registeredOn: d("2026-10-05"),
    askedAt: "delivery",
    referrer: {
      kind: "ownedCustomer",
      id: "cust-1",
      phone: "+8613812345678",
      customerId: "cust-1",
      deliveryId: "d-1"
    },
    referee: { name: "李四", phone: "+8613987654321" },
    ...over
  }) as ReferralRegistration

export const confirmed = (referrerId = "cust-1"): ValidityContext => ({
  existing: [],
  earlierClaims: [],
  refereeConfirmation: { on: d("2026-10-06"), namedReferrerId: referrerId },
  phoneAudit: { on: d("2026-10-06"), outcome: "realProspect" }
})

/** Runs commands in order, stopping at the first refusal; returns the state, events and refusal. */
export const run = (
  commands: ReadonlyArray<ReferralCommand>,
  policy: Policy | ((c: ReferralCommand) => Policy) = defaultPolicy,
  from: ReferralState = initialReferralState
) => {
  let state = from
  const events: Array<ReferralEvent> = []
  for (const c of commands) {
    const r = decideReferral(c, state, typeof policy === "function" ? policy(c) : policy)
    if (Result.isFailure(r)) return { state, events, refused: r.failure }
    for (const e of r.success) {
      events.push(e)
      state = evolveReferral(state, e)
    }
  }
  return { state, events, refused: undefined }
}

/** The happy path up to a redeemed voucher, as commands. */
export const happyPath = (reg: ReferralRegistration = registration()): Array<ReferralCommand> => [
  { _tag: "Register", on: reg.registeredOn, registration: reg, context: confirmed(reg.referrer.id) },
  { _tag: "RecordRefereeOrder", on: d("2026-10-20"), orderId: "o-9" },
  {
    _tag: "RecordRefereeDelivery",
    on: d("2026-11-10"),
    deliveryId: "d-9",
    saleKind: "retail",
    units: 1,
    capUsage: { count: 0, valueFen: 0 }
  },
  { _tag: "Approve", on: d("2026-12-11") },
  { _tag: "IssueReward", on: d("2026-12-12"), voucherId: "v-1", choiceId: "accessories" },
  { _tag: "RedeemReward", on: d("2027-01-05") }
]
