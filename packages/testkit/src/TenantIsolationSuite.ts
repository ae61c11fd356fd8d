/**
 * The tenant isolation suite: two stores of one dealer group using the SAME ids for everything —
 * card "card-1" (and the same customer and phone), referral "ref-1" with voucher "v-1" and its
 * ledger entries, outbox messages and their idempotency keys, visit "visit-1" — through the
 * Promise facade (under a group policy keeping one open card per phone in each store, so that the
 * same phone is one customer of each store), and a store's policy override that must not reach
 * the other store. Nothing is lost (each store's outbox holds its own messages, each store's ledger
 * its own entries), nothing fails, no error message names the other store's record, and every read
 * scoped to one store returns only that store's rows.
 *
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import {
  type CardChange,
  type CardCommand,
  defaultSections,
  type Jipan,
  type JipanStore,
  type Tenant
} from "@jipan/core"
import type { Layer } from "effect"
import { storeScopedPhones } from "./conformance/PhoneUniqueness.js"
import { facadeOn, settle, warmUp } from "./FacadeSupport.js"
import { freshTenant } from "./Fixtures.js"
import { referralLife } from "./Lives.js"

/**
 * Options of {@link tenantIsolationSuite}: the per-test timeout and tests to skip.
 *
 * @example
 * ```ts
 * import type { TenantIsolationOptions } from "@jipan/testkit"
 * const options: TenantIsolationOptions = { timeout: 30_000 }
 * ```
 */
export interface TenantIsolationOptions {
  readonly timeout?: number | undefined
  readonly skip?: Partial<Record<TenantIsolationTestName, true>> | undefined
}

/**
 * The names of the tenant isolation suite's tests, for typed skips.
 *
 * @example
 * ```ts
 * import type { TenantIsolationTestName } from "@jipan/testkit"
 * const name: TenantIsolationTestName = "isolation: two stores of a group, the same ids for everything"
 * ```
 */
export type TenantIsolationTestName =
  | "isolation: two stores of a group, the same ids for everything"
  | "isolation: the same ids in two stores at the same time"
  | "isolation: refusals in one store never name the other store's records"
  | "isolation: reads scoped to one store return only its rows"
  | "isolation: a store's policy override stays in its store"

const at = (day: number, hour = 10) =>
  Date.parse(`2026-03-${String(2 + day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+08:00`)
const by = { id: "c-wang", role: "consultant" } as const
const PHONE = "+8613912340001"

const PROSPECT_PHONE = "+8613912340003"

const openCard = (tenant: Tenant, cardId = "card-1", phone = PHONE): CardCommand =>
  ({
    _tag: "OpenCard",
    cardId,
    storeId: tenant.storeId,
    customerId: cardId === "card-1" ? "cust-1" : `cust-${cardId}`,
    phone,
    owner: "c-wang",
    source: "walkIn",
    intent: "direct",
    evidence: { modelChosen: true, purchaseTimeframeDays: 10 },
    by,
    at: at(0)
  }) as unknown as CardCommand

const cardLife = (tenant: Tenant): ReadonlyArray<CardCommand> =>
  [
    openCard(tenant),
    {
      _tag: "LogContact",
      channel: "call",
      outcome: "reached",
      evidence: { testDriveDone: true },
      by,
      at: at(1)
    },
    { _tag: "PlaceOrder", orderId: "SO-1", model: "GL8", by, at: at(2) },
    {
      _tag: "Deliver",
      vehicle: { brand: "Buick", model: "GL8", vin: "LSVAU2187N2123456" },
      deliveredOn: "2026-03-06",
      by,
      at: at(4)
    }
  ] as unknown as ReadonlyArray<CardCommand>

const visit = (tenant: Tenant) => ({
  tenant,
  visitId: "visit-1",
  at: at(0, 11),
  on: "2026-03-02",
  kind: "walkIn",
  ordinal: "first",
  consultant: "c-wang",
  phone: PHONE,
  cardId: "card-1"
})

/**
 * Every card change writes one message; card-1's carry an idempotency key that is the same in
 * both stores, the others the default key.
 */
const messages = (change: CardChange) => [
  {
    topic: `card.${change.events[0]?._tag ?? "changed"}`,
    recipient: `consultant:${change.state.owner ?? "nobody"}`,
    payload: { cardId: change.cardId, version: change.state.version },
    ...(change.cardId === "card-1" ? { idempotencyKey: `key-${change.cardId}-${change.state.version}` } : {})
  }
]

const message = (error: unknown): string => {
  try {
    return `${(error as Error)?.message ?? ""} ${JSON.stringify(error)}`
  } catch {
    return String(error)
  }
}

/**
 * Registers the tenant isolation suite for a store: one `describe` block with one facade on
 * `makeLayer()` (with an outbox message per card change, keyed the same in every store); every
 * test uses a fresh dealer group with two stores, `north` and `south`.
 *
 * @example
 * ```ts
 * import { tenantIsolationSuite } from "@jipan/testkit"
 * import { layerMemory } from "@jipan/core"
 * tenantIsolationSuite("memory", () => layerMemory)
 * ```
 */
export const tenantIsolationSuite = (
  name: string,
  makeLayer: () => Layer.Layer<JipanStore, unknown>,
  options: TenantIsolationOptions = {}
): void => {
  const timeout = options.timeout ?? 60_000
  describe(`Jipan tenant isolation (${name})`, () => {
    const world = {} as { jipan: Jipan }
    beforeAll(async () => {
      world.jipan = facadeOn(makeLayer, { messages })
      // build the store now (a PGlite takes seconds), so that no test's time budget pays for it
      await warmUp(world.jipan)
    }, timeout)
    afterAll(async () => {
      await world.jipan?.close()
    })
    const test = (testName: TenantIsolationTestName, body: () => Promise<void>) =>
      (options.skip?.[testName] === true ? it.skip : it)(testName, body, timeout)

    /** Runs the same life in both stores; returns the errors (with where they happened). */
    /** One store's life: card-1 to delivery, card-3 open, referral ref-1 to redemption, a visit. */
    const life = async (jipan: Jipan, tenant: Tenant, errors: Array<string>) => {
      for (const command of cardLife(tenant)) {
        const outcome = await settle(() => jipan.handle(tenant, "card-1", command))
        if (!outcome.ok) errors.push(`${tenant.storeId} ${command._tag}: ${message(outcome.error)}`)
      }
      const prospect = await settle(() =>
        jipan.handle(tenant, "card-3", openCard(tenant, "card-3", PROSPECT_PHONE))
      )
      if (!prospect.ok) errors.push(`${tenant.storeId} OpenCard card-3: ${message(prospect.error)}`)
      for (const command of referralLife(tenant, "ref-1", "v-1", PHONE)) {
        const outcome = await settle(() => jipan.handleReferral(tenant, "ref-1", command))
        if (!outcome.ok) errors.push(`${tenant.storeId} ${command._tag}: ${message(outcome.error)}`)
      }
      const visits = await settle(() => jipan.recordVisits(tenant, [visit(tenant)]))
      if (!visits.ok) errors.push(`${tenant.storeId} recordVisits: ${message(visits.error)}`)
    }

    /** Runs the same life in both stores, one after the other or at the same time; returns the errors. */
    const bothStores = async (concurrently = false) => {
      const { jipan } = world
      const north = freshTenant("store-north")
      const south = { ...north, storeId: "store-south" } as Tenant
      const errors: Array<string> = []
      // the same phone in both stores: one customer of each store, which a group keeping one open
      // card per phone in each store (not across the group, the default) allows
      const phones = await settle(() =>
        jipan.putPolicyDocument(
          { dealerGroupId: north.dealerGroupId },
          storeScopedPhones(north.dealerGroupId)
        )
      )
      if (!phones.ok) errors.push(`putPolicyDocument: ${message(phones.error)}`)
      if (concurrently) await Promise.all([life(jipan, north, errors), life(jipan, south, errors)])
      else for (const tenant of [north, south]) await life(jipan, tenant, errors)
      return { jipan, north, south, errors }
    }

    const sameIds = (concurrently: boolean) => async () => {
      const { jipan, north, south, errors } = await bothStores(concurrently)
      expect(errors).toEqual([])
      for (const tenant of [north, south]) {
        const outbox = await jipan.outbox(tenant)
        expect(
          outbox.map((m) => m.id),
          `${tenant.storeId}'s outbox holds its own message for each change of card-1 and card-3`
        ).toEqual([...cardLife(tenant).map((_, i) => `card:card-1:${i + 1}:0`), "card:card-3:1:0"])
        expect(
          outbox.filter((m) => m.id.startsWith("card:card-1:")).map((m) => m.idempotencyKey),
          `${tenant.storeId}'s messages keep the caller's idempotency keys`
        ).toEqual(cardLife(tenant).map((_, i) => `key-card-1-${i + 1}`))
        const ledger = await jipan.ledger(tenant)
        expect(
          ledger.map((r) => r.entry.entryId),
          `${tenant.storeId}'s ledger holds its own voucher v-1`
        ).toEqual(["v-1:issued", "v-1:redeemed"])
        const card = await jipan.card(tenant, "card-1")
        expect(card.state.storeId).toBe(tenant.storeId)
        expect(card.version).toBe(cardLife(tenant).length)
        const referral = await jipan.referral(tenant, "ref-1")
        expect(referral.state.registration?.storeId).toBe(tenant.storeId)
        expect(referral.state.status).toBe("redeemed")
        const daily = await jipan.reports.daily(tenant, { from: "2026-03-02" })
        expect(JSON.stringify(daily)).not.toContain(tenant === north ? south.storeId : north.storeId)
      }
      const group = { dealerGroupId: north.dealerGroupId }
      expect((await jipan.outbox(group)).length).toBe(2 * (cardLife(north).length + 1))
      expect((await jipan.ledger(group)).length).toBe(4)
      expect(
        (await jipan.listCards(group)).items.map((c) => `${c.tenant.storeId}/${c.cardId}`).sort()
      ).toEqual(["store-north/card-1", "store-north/card-3", "store-south/card-1", "store-south/card-3"])
    }

    test("isolation: two stores of a group, the same ids for everything", sameIds(false))
    test("isolation: the same ids in two stores at the same time", sameIds(true))

    test("isolation: refusals in one store never name the other store's records", async () => {
      const { jipan, north, south } = await bothStores()
      for (const [here, there] of [
        [south, north],
        [north, south]
      ] as const) {
        const refusals: Array<readonly [string, () => Promise<unknown>]> = [
          [
            "a second card for the phone",
            () => jipan.handle(here, "card-2", openCard(here, "card-2", PROSPECT_PHONE))
          ],
          ["card-1 opened again", () => jipan.handle(here, "card-1", openCard(here))],
          [
            "the reward issued again",
            () =>
              jipan.handleReferral(here, "ref-1", {
                _tag: "IssueReward",
                on: "2026-05-01",
                voucherId: "v-1",
                choiceId: "maintenance"
              } as never)
          ],
          ["an unknown card", () => jipan.card(here, "card-404")],
          ["an unknown referral", () => jipan.referral(here, "ref-404")],
          ["a visit of the other store", () => jipan.recordVisits(here, [visit(there)])],
          [
            "a policy document of the other store",
            () =>
              jipan.putPolicyDocument(here, {
                policyId: "pol-store",
                version: 1,
                effectiveFrom: "2026-01-01",
                scope: { dealerGroupId: there.dealerGroupId, storeId: there.storeId }
              })
          ]
        ]
        for (const [what, call] of refusals) {
          const outcome = await settle(call)
          expect(outcome.ok, `${here.storeId}: ${what} was accepted`).toBe(false)
          if (!outcome.ok) {
            const tag = (outcome.error as { _tag?: unknown })._tag
            expect(typeof tag, `${here.storeId}: ${what}: ${message(outcome.error)}`).toBe("string")
            expect(tag, `${here.storeId}: ${what}: ${message(outcome.error)}`).not.toBe("StoreError")
            if (!what.includes("other store"))
              expect(message(outcome.error), `${here.storeId}: ${what} names the other store`).not.toContain(
                there.storeId
              )
          }
        }
      }
    })

    test("isolation: a store's policy override stays in its store", async () => {
      const { jipan } = world
      const north = freshTenant("store-north")
      const south = { ...north, storeId: "store-south" } as Tenant
      const override = {
        policyId: "pol-north",
        version: 1,
        effectiveFrom: "2026-01-01",
        scope: { dealerGroupId: north.dealerGroupId, storeId: north.storeId },
        referral: {
          ...defaultSections.referral,
          offers: defaultSections.referral.offers.map((o) => ({
            ...o,
            choices: o.choices.map((c) => ({ ...c, valueFen: 88_800 }))
          }))
        }
      }
      const group = { dealerGroupId: north.dealerGroupId }
      const base = { policyId: "pol-group", version: 1, effectiveFrom: "2026-01-01", scope: group }
      for (const [scope, document] of [
        [group, base],
        [north, override]
      ] as const) {
        const put = await settle(() => jipan.putPolicyDocument(scope, document))
        expect(put.ok ? "stored" : message(put.error)).toBe("stored")
      }
      for (const tenant of [north, south]) {
        for (const command of referralLife(tenant, "ref-1", "v-1", PHONE)) {
          const outcome = await settle(() => jipan.handleReferral(tenant, "ref-1", command))
          expect(outcome.ok ? "accepted" : message(outcome.error), `${tenant.storeId} ${command._tag}`).toBe(
            "accepted"
          )
        }
      }
      const issued = async (tenant: Tenant) =>
        (await jipan.ledger(tenant)).filter((r) => r.entry.kind === "issued").map((r) => r.entry.amountFen)
      expect(await issued(north)).toEqual([88_800])
      expect(await issued(south)).toEqual([defaultSections.referral.offers[0].choices[0]?.valueFen])
    })

    test("isolation: reads scoped to one store return only its rows", async () => {
      const { jipan, north, south } = await bothStores()
      for (const tenant of [north, south]) {
        const list = await jipan.listCards(tenant)
        expect(list.items.map((c) => c.tenant.storeId)).toEqual([tenant.storeId, tenant.storeId])
        for (const m of await jipan.outbox(tenant)) expect(m.tenant.storeId).toBe(tenant.storeId)
        for (const r of await jipan.ledger(tenant)) expect(r.tenant.storeId).toBe(tenant.storeId)
        const care = await jipan.careDue(tenant, "2026-12-31")
        for (const c of care) expect(c.tenant.storeId).toBe(tenant.storeId)
        expect(care.length).toBeGreaterThan(0)
        const work = await jipan.workList(tenant, "c-wang", "2026-12-31")
        for (const c of [...work.dueToday, ...work.overdue]) expect(c.tenant.storeId).toBe(tenant.storeId)
        const findings = await jipan.reports.findings(tenant, { on: "2026-03-10", from: "2026-03-02" })
        expect(JSON.stringify(findings)).not.toContain(tenant === north ? south.storeId : north.storeId)
        const analytics = await jipan.reports.analytics(tenant, { from: "2026-03-01", to: "2026-04-30" })
        expect(JSON.stringify(analytics)).not.toContain(tenant === north ? south.storeId : north.storeId)
      }
    })
  })
}
