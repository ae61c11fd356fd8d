// Settlement reads deliveries (with their sale), surveys and referrals from the store alone (#16.4):
// for random histories, the statement from the store equals settleMonth over the facts the test
// itself knows it recorded.
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  type CardCommandInput,
  type ContactRecord,
  createJipan,
  type DeliveryFact,
  defaultPolicy,
  makeTenant,
  policyAt,
  type ReferralFact,
  referralFactOf,
  type Satisfaction,
  settleMonth,
  YearMonth
} from "../../src/index.js"

const tenant = makeTenant("grp-east", "store-01")
const base = Date.parse("2026-09-20T10:00:00+08:00")
const at = (n: number) => base + n * 86_400_000
const dayOf = (n: number) => new Date(at(n) + 8 * 3_600_000).toISOString().slice(0, 10)
const month = YearMonth.make("2026-11")

interface CarSale {
  readonly consultant: "c-wang" | "c-li"
  readonly orderDay: number
  readonly deliverAfter: number
  readonly fleet: number | undefined
  readonly survey: Satisfaction | undefined
  readonly referrals: number
}

const saleArb: fc.Arbitrary<CarSale> = fc.record({
  consultant: fc.constantFrom("c-wang" as const, "c-li" as const),
  orderDay: fc.integer({ min: 0, max: 60 }),
  deliverAfter: fc.integer({ min: 0, max: 10 }),
  fleet: fc.option(fc.integer({ min: 2, max: 20 }), { nil: undefined }),
  survey: fc.option(fc.constantFrom<Satisfaction>("verySatisfied", "satisfied", "neutral"), {
    nil: undefined
  }),
  referrals: fc.integer({ min: 0, max: 2 })
})

const phoneOf = (i: number, j = 0) => `+86139${String(10_000_000 + i * 10 + j).slice(-8)}`

const run = async (sales: ReadonlyArray<CarSale>) => {
  const jipan = createJipan()
  const deliveries: Array<DeliveryFact> = []
  const contacts: Array<ContactRecord> = []
  try {
    for (const [i, s] of sales.entries()) {
      const cardId = `card-${i}`
      const by = { id: s.consultant, role: "consultant" as const }
      const open: CardCommandInput = {
        _tag: "OpenCard",
        cardId,
        storeId: "store-01",
        customerId: `cust-${i}`,
        phone: phoneOf(i),
        owner: s.consultant,
        source: "walkIn",
        intent: "direct",
        evidence: {},
        by,
        at: at(s.orderDay)
      }
      await jipan.handle(tenant, cardId, open)
      await jipan.handle(tenant, cardId, {
        _tag: "PlaceOrder",
        orderId: `SO-${i}`,
        model: "GL8",
        by,
        at: at(s.orderDay) + 1000
      })
      const d = s.orderDay + s.deliverAfter
      await jipan.handle(tenant, cardId, {
        _tag: "Deliver",
        vehicle: { vin: "LSVAU2187N2123456", brand: "Buick", model: "GL8" },
        deliveredOn: dayOf(d),
        ...(s.fleet === undefined
          ? {}
          : { sale: { kind: "fleet" as const, units: s.fleet, fleetCustomer: `fleet-${i}` } }),
        by,
        at: at(d) + 2000
      })
      deliveries.push({
        deliveryId: cardId,
        customerId: `cust-${i}`,
        consultantId: s.consultant,
        storeId: tenant.storeId,
        deliveredOn: dayOf(d) as never,
        saleKind: s.fleet === undefined ? "retail" : "fleet",
        units: s.fleet ?? 1
      } as unknown as DeliveryFact)
      if (s.survey !== undefined) {
        await jipan.handle(tenant, cardId, {
          _tag: "RecordSurvey",
          surveyId: `sv-${i}`,
          answers: { satisfaction: s.survey, buyAgain: "over70", recommend: "likely" },
          by: { id: "dcrc-1", role: "dcrc" },
          at: at(d + 3)
        })
        if (dayOf(d + 3) >= "2026-11-01")
          contacts.push({
            contactId: `store-01/sv-${i}`,
            consultantId: s.consultant,
            customerId: `cust-${i}`,
            on: dayOf(d + 3),
            satisfaction: s.survey
          } as unknown as ContactRecord)
      }
      for (let j = 0; j < s.referrals; j++) {
        const referralId = `ref-${i}-${j}`
        await jipan.handleReferral(tenant, referralId, {
          _tag: "Register",
          on: dayOf(d + 1 + j),
          registration: {
            referralId,
            storeId: "store-01",
            consultantId: s.consultant,
            registeredOn: dayOf(d + 1 + j),
            askedAt: "delivery",
            referrer: { kind: "ownedCustomer", id: `cust-${i}`, phone: phoneOf(i), deliveryId: cardId },
            referee: { name: "李四", phone: phoneOf(i, j + 1) }
          }
        })
        await jipan.handleReferral(tenant, referralId, {
          _tag: "Recheck",
          on: dayOf(d + 2 + j),
          context: {
            existing: [],
            earlierClaims: [],
            refereeConfirmation: { on: dayOf(d + 2 + j), namedReferrerId: `cust-${i}` },
            phoneAudit: { on: dayOf(d + 2 + j), outcome: "realProspect" }
          }
        })
      }
    }
    const fromStore = await jipan.settlement({ dealerGroupId: "grp-east" }, month)
    const referrals: Array<ReferralFact> = []
    for (const f of (await jipan.findReferrals({ dealerGroupId: "grp-east" }, { limit: 500 })).items) {
      const fact = referralFactOf(f.state)
      if (fact !== undefined) referrals.push(fact)
    }
    const fromFacts = settleMonth(
      { deliveries, contacts, referrals, ledger: [] },
      month,
      policyAt([], tenant.dealerGroupId, defaultPolicy)
    )
    return { fromStore, fromFacts }
  } finally {
    await jipan.close()
  }
}

describe("settlement from the store", () => {
  it("pays the CVP bonus on a fleet delivery once per fleet customer and 一拓一 on audited referrals", async () => {
    const { fromStore, fromFacts } = await run([
      {
        consultant: "c-wang",
        orderDay: 45,
        deliverAfter: 2,
        fleet: 12,
        survey: "verySatisfied",
        referrals: 1
      },
      { consultant: "c-li", orderDay: 20, deliverAfter: 1, fleet: undefined, survey: undefined, referrals: 2 }
    ])
    expect(fromStore.lines.length).toBeGreaterThan(0)
    expect(fromStore).toEqual(fromFacts)
  })

  it("equals settleMonth over the recorded facts for random histories", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(saleArb, { maxLength: 5 }), async (sales) => {
        const { fromStore, fromFacts } = await run(sales)
        expect(fromStore).toEqual(fromFacts)
      }),
      { numRuns: 25 }
    )
  })
})
