/**
 * The people, commands and reads the erasure tests share (not exported from the package): the
 * example of the core's erasure test as facade inputs in a tenant, everything a facade returns for
 * a tenant as one text (what a scan of the answers reads), and the numbers of every report and
 * settlement (what an erasure must not change).
 *
 * @module
 */
import type {
  CardCommandInput,
  EraseRequest,
  Jipan,
  NotificationDirectory,
  ReferralCommandInput,
  Tenant
} from "@jipan/core"
import { START } from "../Fixtures.js"

const DAY = 86_400_000

/** The instant `n` days after the fixtures' start. */
export const atDay = (n: number): number => START + n * DAY

/** The Beijing day `n` days after the fixtures' start. */
export const dayOf = (n: number): string => new Date(atDay(n) + 8 * 3_600_000).toISOString().slice(0, 10)

/** Person `i`'s phone (E.164), national number and note. */
export const phoneFor = (i: number): string => `+86139${String(10_000_000 + i).slice(-8)}`
export const nationalFor = (i: number): string => phoneFor(i).slice(3)
export const noteFor = (i: number): string => `客户${i}号说周末带太太来看车`
export const VIN = "LSVAU2187N2123456"

const wang = { id: "c-wang", role: "consultant" as const }

/** Person `i` opens card `card-<i>` on day `n` (phone typed as people type it: the store keeps E.164). */
export const openInput = (tenant: Tenant, i: number, n: number): CardCommandInput => ({
  _tag: "OpenCard",
  cardId: `card-${i}`,
  storeId: tenant.storeId,
  customerId: `cust-${i}`,
  phone: `${nationalFor(i).slice(0, 3)} ${nationalFor(i).slice(3, 7)} ${nationalFor(i).slice(7)}`,
  owner: "c-wang",
  source: "walkIn",
  intent: "direct",
  evidence: {},
  by: wang,
  at: atDay(n)
})

/** A contact with person `i`'s note on day `n`. */
export const contact = (i: number, n: number): CardCommandInput => ({
  _tag: "LogContact",
  channel: "call",
  outcome: "reached",
  evidence: { modelOfInterest: "GL8", testDriveDone: true },
  note: noteFor(i),
  by: wang,
  at: atDay(n)
})

/** An order on day `n`. */
export const order = (n: number): CardCommandInput => ({
  _tag: "PlaceOrder",
  orderId: `SO-${n}`,
  model: "GL8",
  by: wang,
  at: atDay(n)
})

/** The delivery on day `n`, with the VIN and a birthday. */
export const deliver = (n: number): CardCommandInput => ({
  _tag: "Deliver",
  vehicle: { brand: "Buick", model: "GL8", vin: VIN },
  deliveredOn: dayOf(n),
  birthday: { month: 3, day: 9 },
  by: wang,
  at: atDay(n)
})

/** Person `i`'s complaint on day `n`, in their words. */
export const complaint = (i: number, n: number): CardCommandInput => ({
  _tag: "RecordComplaint",
  complaintId: `cp-${i}`,
  category: "service",
  severity: "medium",
  channel: "call",
  words: `保养等了三个小时，我是${i}号客户`,
  by: { id: "dcrc-1", role: "dcrc" },
  at: atDay(n)
})

/** A referral registered on day `n` in the tenant. */
export const register = (
  tenant: Tenant,
  referralId: string,
  refereeName: string,
  refereePhone: string,
  referrerPhone: string,
  n: number
): ReferralCommandInput => ({
  _tag: "Register",
  on: dayOf(n),
  registration: {
    referralId,
    storeId: tenant.storeId,
    consultantId: "c-wang",
    registeredOn: dayOf(n),
    askedAt: "delivery",
    referrer: { kind: "ownedCustomer", id: "cust-referrer", phone: referrerPhone },
    referee: { name: refereeName, phone: refereePhone }
  }
})

/** Person `i`'s first showroom visit on day `n` (with their card when it is known). */
export const visit = (tenant: Tenant, i: number, n: number, cardId?: string) => ({
  tenant,
  visitId: `v-${i}`,
  at: atDay(n),
  on: dayOf(n),
  kind: "walkIn",
  ordinal: "first",
  consultant: "c-wang",
  phone: phoneFor(i),
  ...(cardId === undefined ? {} : { cardId })
})

/** Who the close of day writes to: customers by their national number. */
export const directory: NotificationDirectory = {
  store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
  consultant: (id) => ({ id, name: "王", channel: "wecom" }),
  supervisors: () => [],
  customer: (id) => ({
    id,
    name: "陈先生",
    channel: "sms",
    to: [nationalFor(Number(id.slice(5)))],
    customerId: id
  })
}

/** Closes day `n` of the group at noon, with the directory (care and voucher messages). */
export const close = (jipan: Jipan, dealerGroupId: string, n: number) =>
  jipan.closeDay({ dealerGroupId }, dayOf(n), atDay(n) + 3 * 3_600_000, { directory })

/** A supervisor's erasure request with that id. */
export const eraser = (erasureId: string): EraseRequest => ({
  by: { role: "supervisor" },
  reason: "PIPL request 2026-118",
  at: atDay(90),
  erasureId
})

/** The months the erasure tests' reports read (the fixtures' start and the two after). */
const MONTHS = ["2026-03", "2026-04", "2026-05"]

/** The numbers every form and settlement shows, which an erasure must not change. */
export const numbersOf = async (jipan: Jipan, tenant: Tenant) => {
  const group = { dealerGroupId: tenant.dealerGroupId }
  const span = { from: dayOf(0), to: dayOf(59) }
  return {
    daily: await jipan.reports.daily(group, span),
    storeDaily: await jipan.reports.daily(tenant, span),
    analytics: await jipan.reports.analytics(group, span),
    control: await Promise.all(
      MONTHS.map((month) => jipan.reports.control(tenant, { consultantId: "c-wang", month }))
    ),
    ledger: await jipan.ledger(group),
    settlement: await Promise.all(MONTHS.map((month) => jipan.settlement(group, month))),
    vouchers: await jipan.reports.vouchers(group, { from: MONTHS[0] as string, to: MONTHS[2] as string })
  }
}

/**
 * A value without its personal columns (phone, name), and every phone used as a value (an
 * analytics node named by the referee's phone) as one placeholder: what an erasure may change in a
 * report. Two people erased into one node would still show (the tree's shape changes).
 */
export const withoutPersonal = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (k, v) =>
    k === "phone" || k === "name"
      ? undefined
      : typeof v === "string" && /^\+\d{1,15}$/.test(v)
        ? "<phone>"
        : v
  )

/**
 * Everything the facade returns for a tenant and its group, as one JSON text: the cards and their
 * card forms, the card pages, the referrals and the referral pages, the outbox, the audit log, the
 * care contacts and work lists, the control tables, the complaints form, the findings.
 */
export const dumpOf = async (
  jipan: Jipan,
  tenant: Tenant,
  cardIds: ReadonlyArray<string>,
  referralIds: ReadonlyArray<string>
): Promise<string> => {
  const group = { dealerGroupId: tenant.dealerGroupId }
  return JSON.stringify({
    cards: await Promise.all(cardIds.map((id) => jipan.card(tenant, id))),
    forms: await Promise.all(cardIds.map((id) => jipan.reports.card(tenant, id))),
    pages: await jipan.listCards(group, {}, { limit: 500 }),
    referrals: await Promise.all(referralIds.map((id) => jipan.referral(tenant, id))),
    found: await jipan.findReferrals(group, {}),
    outbox: await jipan.outbox(group),
    audit: await jipan.auditLog(tenant.dealerGroupId),
    care: await jipan.careDue(group, "2027-12-31"),
    work: await jipan.workList(group, "c-wang", dayOf(30)),
    control: await Promise.all(
      MONTHS.map((month) => jipan.reports.control(tenant, { consultantId: "c-wang", month }))
    ),
    complaints: await jipan.reports.complaints(group, { from: dayOf(0), to: dayOf(59) }),
    findings: await jipan.reports.findings(group, { on: dayOf(30), from: dayOf(0) })
  })
}
