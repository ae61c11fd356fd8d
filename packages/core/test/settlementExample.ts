// The worked example of docs/referrals.md: one store, two consultants, November 2026.
import { Result } from "effect"
import { defaultPolicy, type PolicyAt, type SettlementHistory, type YearMonth } from "../src/index.js"

export const month = "2026-11" as YearMonth
export const at: PolicyAt = () => Result.succeed(defaultPolicy)

const delivery = (
  deliveryId: string,
  customerId: string,
  consultantId: string,
  deliveredOn: string,
  saleKind: "retail" | "fleet",
  units = 1
) => ({
  deliveryId,
  customerId,
  consultantId,
  storeId: "store-01",
  deliveredOn,
  saleKind,
  units
})
const referral = (
  referralId: string,
  referrerId: string,
  fromDeliveryId: string,
  registeredOn: string,
  auditedOn?: string
) => ({
  referralId,
  referrerId,
  referrerKind: "ownedCustomer",
  askedAt: "delivery",
  storeId: "store-01",
  fromDeliveryId,
  registeredOn,
  ...(auditedOn !== undefined ? { auditedOn } : {}),
  rejected: false
})
const survey = (
  contactId: string,
  consultantId: string,
  customerId: string,
  on: string,
  satisfaction: string
) => ({
  contactId,
  consultantId,
  customerId,
  on,
  satisfaction
})

export const exampleHistory = {
  deliveries: [
    delivery("d-1", "cust-1", "c-wang", "2026-10-15", "retail"),
    delivery("d-2", "cust-2", "c-wang", "2026-10-20", "retail"),
    delivery("d-3", "cust-3", "c-wang", "2026-11-05", "retail"),
    delivery("d-4", "cust-4", "c-wang", "2026-11-12", "fleet", 5),
    delivery("d-5", "cust-4", "c-wang", "2026-11-25", "fleet", 3),
    delivery("d-6", "cust-6", "c-li", "2026-11-08", "retail")
  ],
  referrals: [
    referral("ref-1", "cust-1", "d-1", "2026-10-16", "2026-10-20"),
    referral("ref-2", "cust-1", "d-1", "2026-11-01", "2026-11-02"),
    referral("ref-3", "cust-2", "d-2", "2026-11-01")
  ],
  contacts: [
    survey("k-1", "c-wang", "cust-3", "2026-11-08", "verySatisfied"),
    survey("k-2", "c-wang", "cust-4", "2026-11-20", "verySatisfied"),
    { contactId: "k-3", consultantId: "c-wang", customerId: "cust-1", on: "2026-11-03" },
    survey("k-4", "c-li", "cust-6", "2026-11-15", "satisfied")
  ],
  ledger: [
    {
      entryId: "v-0:issued",
      voucherId: "v-0",
      referralId: "ref-0",
      referrerId: "cust-8",
      kind: "issued",
      amountFen: 30000,
      on: "2026-10-02",
      choiceId: "maintenance"
    },
    {
      entryId: "v-0:reversed",
      voucherId: "v-0",
      referralId: "ref-0",
      referrerId: "cust-8",
      kind: "reversed",
      amountFen: -30000,
      on: "2026-11-15",
      reason: "vehicleReturned"
    },
    {
      entryId: "v-1:issued",
      voucherId: "v-1",
      referralId: "ref-9",
      referrerId: "cust-1",
      kind: "issued",
      amountFen: 30000,
      on: "2026-11-20",
      choiceId: "accessories"
    }
  ]
} as unknown as SettlementHistory
