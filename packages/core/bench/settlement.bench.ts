// Settling one month of a 50-store dealer group: ~100,000 deliveries, 150,000 referrals and
// 1,000,000 contacts (surveys among them), generated deterministically before timing.
import { Result } from "effect"
import { report, sink } from "../../../scripts/bench-harness.js"
import {
  addDays,
  type CalendarDate,
  type ContactRecord,
  type DeliveryFact,
  defaultPolicy,
  type LedgerEntry,
  type PolicyAt,
  type ReferralFact,
  type SettlementHistory,
  settleMonth,
  type YearMonth
} from "../src/index.js"

let seed = 0x5eed1234
const rand = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x1_0000_0000
}
const pick = (n: number) => Math.floor(rand() * n)

const STORES = 50
const CONSULTANTS_PER_STORE = 20
const DELIVERIES = 100_000
const REFERRALS = 150_000
const CONTACTS = 1_000_000
const month = "2026-11" as YearMonth
const start = "2026-10-01" as CalendarDate // deliveries over October and November

const deliveries: Array<DeliveryFact> = Array.from({ length: DELIVERIES }, (_, i) => {
  const store = pick(STORES)
  const fleet = rand() < 0.05
  return {
    deliveryId: `d-${i}`,
    customerId: `cust-${fleet ? pick(2000) : i}`,
    consultantId: `c-${store}-${pick(CONSULTANTS_PER_STORE)}`,
    storeId: `store-${store}`,
    deliveredOn: addDays(start, pick(61)),
    saleKind: fleet ? "fleet" : "retail",
    units: fleet ? 1 + pick(10) : 1
  } as DeliveryFact
})
const referrals: Array<ReferralFact> = Array.from({ length: REFERRALS }, (_, i) => {
  const from = deliveries[pick(DELIVERIES)] as DeliveryFact
  const registeredOn = addDays(from.deliveredOn, pick(40))
  return {
    referralId: `ref-${i}`,
    referrerId: from.customerId,
    referrerKind: "ownedCustomer",
    askedAt: "delivery",
    storeId: from.storeId,
    fromDeliveryId: from.deliveryId,
    registeredOn,
    ...(rand() < 0.7 ? { auditedOn: addDays(registeredOn, pick(8)) } : {}),
    rejected: rand() < 0.1
  } as ReferralFact
})
const satisfactions = ["verySatisfied", "verySatisfied", "verySatisfied", "satisfied", "neutral"] as const
const contacts: Array<ContactRecord> = Array.from({ length: CONTACTS }, (_, i) => {
  const d = deliveries[pick(DELIVERIES)] as DeliveryFact
  return {
    contactId: `k-${i}`,
    consultantId: d.consultantId,
    customerId: d.customerId,
    on: addDays(start, pick(61)),
    ...(rand() < 0.1 ? { satisfaction: satisfactions[pick(satisfactions.length)] } : {})
  } as ContactRecord
})
const ledger: Array<LedgerEntry> = []
for (let i = 0; i < 30_000; i++) {
  const on = addDays(start, pick(61))
  ledger.push({
    entryId: `v-${i}:issued`,
    voucherId: `v-${i}`,
    referralId: `ref-${i}`,
    referrerId: `cust-${i}`,
    kind: "issued",
    amountFen: 30000,
    on,
    choiceId: "maintenance"
  } as LedgerEntry)
  if (rand() < 0.05)
    ledger.push({
      entryId: `v-${i}:reversed`,
      voucherId: `v-${i}`,
      referralId: `ref-${i}`,
      referrerId: `cust-${i}`,
      kind: "reversed",
      amountFen: -30000,
      on: addDays(on, 3),
      reason: "vehicleReturned"
    } as LedgerEntry)
}
const history: SettlementHistory = { deliveries, referrals, contacts, ledger }
const rows = deliveries.length + referrals.length + contacts.length + ledger.length

const settle = () => {
  // a fresh resolver each run, so its memo is part of the timed work
  const memo = new Map<string, ReturnType<PolicyAt>>()
  const at: PolicyAt = (store, date) => {
    const key = `${store}@${date}`
    let r = memo.get(key)
    if (r === undefined) {
      r = Result.succeed(defaultPolicy)
      memo.set(key, r)
    }
    return r
  }
  return settleMonth(history, month, at)
}

settle() // warm-up
const times: Array<number> = []
let lines = 0
for (let i = 0; i < 5; i++) {
  const t0 = performance.now()
  const s = settle()
  times.push((performance.now() - t0) / 1000)
  lines = s.lines.length
  sink[i] = s
}
times.sort((a, b) => a - b)
const seconds = times[Math.floor(times.length / 2)] ?? 0
console.log(`  ${rows.toLocaleString("en")} input rows → ${lines.toLocaleString("en")} statement lines`)
report([
  {
    id: "settlement",
    value: seconds,
    unit: "s",
    note: `median of 5; ${Math.round(rows / seconds).toLocaleString("en")} rows/s; floor: under 2 s`
  }
])
