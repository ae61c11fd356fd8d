/**
 * The erasure property of the acceptance suite (issue #19, PIPL): random valid card histories
 * (`cardCommandSequence`), a referral's whole life between two of the people (`referralLife`: a
 * reward issued and redeemed, so the ledger, the settlement and the voucher statistics have
 * numbers) and a close of day that queues the customers' care messages; then random people are
 * erased. Every report and settlement of the months touched (daily report, analytics, control
 * table, ledger, settlement, voucher statistics) equals the one before in every non-personal
 * column, and no erased person's phone (E.164 or the 11 national digits) nor any personal text
 * of theirs appears in anything the store returns, nor in what a new export would write (the
 * card forms' and control tables' sheets, and the erased person's own access export). A hold refuses with `ErasureRefused` and
 * changes nothing (the numbers are compared all the same).
 *
 * @module
 */
import { expect } from "@effect/vitest"
import {
  type CalendarDate,
  CardEvent,
  calendarDateOf,
  customerCardFormTables,
  defaultPolicy,
  type Jipan,
  type NotificationDirectory,
  personalDataTables,
  progressControlReportTable,
  redactPersonal,
  type Tenant
} from "@jipan/core"
import * as fc from "fast-check"
import { cardCommandSequence } from "../DomainArbitraries.js"
import { settle, untypedReason } from "../FacadeSupport.js"
import { freshTenant } from "../Fixtures.js"
import { referralLife } from "../Lives.js"
import { withoutPersonal } from "./ErasureSupport.js"

const dayOf = (at: number): CalendarDate => calendarDateOf(at, defaultPolicy.timeZone)

/** The strings of `before` that its redaction `after` replaced or dropped (personal data). */
const personalStrings = (before: unknown, after: unknown, out: Set<string>): void => {
  if (typeof before === "string") {
    if (before !== after) out.add(before)
    return
  }
  if (Array.isArray(before)) {
    for (const [i, v] of before.entries())
      personalStrings(v, Array.isArray(after) ? after[i] : undefined, out)
    return
  }
  if (before !== null && typeof before === "object")
    for (const [k, v] of Object.entries(before))
      personalStrings(
        v,
        after !== null && typeof after === "object" ? (after as Record<string, unknown>)[k] : undefined,
        out
      )
}

/**
 * Everything the facade returns for the tenant: cards, card forms, referrals, outbox, audit, care;
 * and what an export would write: the card forms' and the control tables' sheets, and the erased
 * people's access exports as their workbook's sheets.
 */
const everything = async (
  jipan: Jipan,
  tenant: Tenant,
  cardIds: ReadonlyArray<string>,
  to: CalendarDate,
  erased: ReadonlyArray<string>
) =>
  JSON.stringify({
    cards: await Promise.all(cardIds.map((id) => jipan.card(tenant, id))),
    forms: await Promise.all(cardIds.map((id) => jipan.reports.card(tenant, id))),
    sheets: [
      ...(await Promise.all(cardIds.map((id) => jipan.reports.card(tenant, id)))).flatMap((f) =>
        customerCardFormTables(f)
      ),
      ...(
        await Promise.all(
          ["c-wang", "c-li"].map((consultantId) =>
            jipan.reports.control(tenant, { consultantId, month: to.slice(0, 7) })
          )
        )
      ).map((t) => progressControlReportTable(t)),
      ...(
        await Promise.all(
          erased.map((phone, i) =>
            jipan.exportPersonalData(tenant.dealerGroupId, phone, {
              by: { role: "dcrc" },
              reason: "PIPL access after erasure",
              at: Date.parse(`${to}T23:59:00+08:00`),
              accessId: `access-after-${i}`
            })
          )
        )
      ).flatMap((x) => personalDataTables(x))
    ],
    pages: await jipan.listCards(tenant, {}, { limit: 500 }),
    referral: await jipan.referral(tenant, "ref-1").catch(() => null),
    found: await jipan.findReferrals({ dealerGroupId: tenant.dealerGroupId }, {}),
    outbox: await jipan.outbox(tenant),
    audit: await jipan.auditLog(tenant.dealerGroupId),
    care: await jipan.careDue(tenant, "2099-12-31"),
    work: await Promise.all(["c-wang", "c-li"].map((c) => jipan.workList(tenant, c, to)))
  })

/** The numbers of every form and settlement of the months touched. */
const numbers = async (jipan: Jipan, tenant: Tenant, from: CalendarDate, to: CalendarDate) => {
  const group = { dealerGroupId: tenant.dealerGroupId }
  const months: Array<string> = []
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); ) {
    months.push(m)
    const [y, mo] = m.split("-").map(Number) as [number, number]
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`
  }
  return {
    daily: await jipan.reports.daily(group, { from, to }),
    storeDaily: await jipan.reports.daily(tenant, { from, to }),
    analytics: await jipan.reports.analytics(group, { from, to }),
    control: await Promise.all(
      months.flatMap((month) =>
        ["c-wang", "c-li"].map((consultantId) => jipan.reports.control(tenant, { consultantId, month }))
      )
    ),
    ledger: await jipan.ledger(group),
    settlement: await Promise.all(months.map((month) => jipan.settlement(group, month))),
    vouchers: await jipan.reports.vouchers(group, {
      from: months[0] as string,
      to: months[months.length - 1] as string
    })
  }
}

/**
 * The property (see the module), on a facade, with fast-check's parameters.
 */
export const erasureProperty = (jipan: () => Jipan, params: Parameters<typeof fc.assert>[1]): Promise<void> =>
  fc.assert(
    fc.asyncProperty(
      cardCommandSequence(defaultPolicy, { cards: 3, maxLength: 18, distinctPhones: true }),
      fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      fc.boolean(),
      async (sequence, erase, referralBetweenCards) => {
        const facade = jipan()
        const tenant = freshTenant()
        let first = Number.POSITIVE_INFINITY
        let last = Number.NEGATIVE_INFINITY
        for (const { cardId, command } of sequence) {
          const outcome = await settle(() =>
            facade.handle(tenant, cardId, {
              ...command,
              ...(command._tag === "OpenCard" || command._tag === "RecordBroadBase"
                ? { storeId: tenant.storeId }
                : {})
            })
          )
          if (outcome.ok) {
            first = Math.min(first, command.at)
            last = Math.max(last, command.at)
          }
        }
        const cardIds = (await facade.listCards(tenant, {}, { limit: 500 })).items.map((c) => c.cardId)
        const cards = await Promise.all(cardIds.map((id) => facade.card(tenant, id)))
        const phones = [
          ...new Set(cards.map((c) => c.state.phone).filter((p) => p !== undefined))
        ] as Array<string>
        // a referral's whole life (redeemed: no hold) between two of the people, or two strangers
        const referrer = (referralBetweenCards ? phones[0] : undefined) ?? "+8615000000001"
        const referee = (referralBetweenCards ? phones[1] : undefined) ?? "+8615000000002"
        for (const command of referralLife(tenant, "ref-1", "voucher-1", referrer, referee)) {
          const outcome = await settle(() => facade.handleReferral(tenant, "ref-1", command as never))
          if (outcome.ok) {
            const at = Date.parse(`${(command as { readonly on: string }).on}T12:00:00+08:00`)
            first = Math.min(first, at)
            last = Math.max(last, at)
          }
        }
        if (!(first <= last)) return
        const from = dayOf(first)
        const to = dayOf(last)
        // the close of the last day queues care messages to the customers, by phone
        const customers = new Map(cards.map((c) => [String(c.state.customerId), String(c.state.phone)]))
        const directory: NotificationDirectory = {
          store: () => ({ name: "东方别克", phone: "021-5555 0000" }),
          consultant: (id) => ({ id, name: "王", channel: "wecom" }),
          supervisors: () => [],
          customer: (id) => ({
            id,
            name: "陈先生",
            channel: "sms",
            to: [(customers.get(id) ?? "+8613800000000").slice(3)],
            customerId: id
          })
        }
        await facade.closeDay(tenant, to, last + 3_600_000, { directory })
        const people = [...new Set([...phones, referrer, referee])]
        const before = await numbers(facade, tenant, from, to)
        const erased = new Set<string>()
        for (const [i, phone] of people.entries()) {
          if (erase[i % erase.length] !== true) continue
          const outcome = await settle(() =>
            facade.erasePerson(tenant.dealerGroupId, phone, {
              by: { role: "dcrc" },
              reason: "PIPL request",
              at: last + 7_200_000,
              erasureId: `erase-${i}`
            })
          )
          if (outcome.ok) erased.add(phone)
          else {
            const reason = untypedReason(outcome.error)
            if (reason !== undefined) throw new Error(`erasePerson ${phone}: ${reason}`)
            expect((outcome.error as { readonly _tag: string })._tag, `erasePerson ${phone}`).toBe(
              "ErasureRefused"
            )
          }
        }
        const after = await numbers(facade, tenant, from, to)
        for (const key of Object.keys(before) as Array<keyof typeof before>)
          expect(
            withoutPersonal(after[key]),
            `an erasure of ${[...erased].join(", ")} changed the numbers of ${key}`
          ).toEqual(withoutPersonal(before[key]))
        // the personal strings of the erased people, none of which the others hold
        const needles = new Set<string>()
        const kept = JSON.stringify(
          cards.filter((c) => !erased.has(String(c.state.phone))).map((c) => c.history)
        )
        for (const c of cards)
          if (erased.has(String(c.state.phone)))
            for (const e of c.history) personalStrings(e, redactPersonal(CardEvent, e), needles)
        const dumped = await everything(facade, tenant, cardIds, to, [...erased])
        for (const phone of erased) {
          expect(dumped, `the erased phone ${phone}`).not.toContain(phone)
          expect(dumped, `the erased phone's national digits ${phone.slice(3)}`).not.toContain(phone.slice(3))
        }
        for (const text of needles)
          if (
            text.length >= 6 &&
            !kept.includes(text) &&
            ![...people].some((p) => !erased.has(p) && text.includes(p))
          )
            expect(dumped, `an erased person's text ${JSON.stringify(text)}`).not.toContain(text)
        for (const phone of people)
          if (!erased.has(phone) && phones.includes(phone)) expect(dumped).toContain(phone)
      }
    ),
    params
  )
