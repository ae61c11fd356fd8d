/**
 * The failures issue #14 found from outside the library, as explicit cases any store must pass.
 *
 * @module
 */
import { expect } from "@effect/vitest"
import type { CalendarDate, CardCommand, Jipan } from "@jipan/core"
import * as core from "@jipan/core"
import * as fc from "fast-check"
import { referralCommandSequence } from "../DomainArbitraries.js"
import { readEverything, settle, untypedReason } from "../FacadeSupport.js"
import { freshTenant } from "../Fixtures.js"
import { referralLife } from "../Lives.js"
import { handleReferral, probeOf, putPolicy } from "./Support.js"

/**
 * The failures issue #14 found from outside, as explicit cases (each must be refused typed, or
 * accepted and readable): card commands at 2e15 and 8.64e15, reward choices of 1e15 and 0 fen,
 * a referral naming a referrer the store does not know, `listCards` with a null filter and a NaN
 * page limit, `ledger` with month 5; and a voucher id issued by two referrals of one store (the
 * second refused, typed, not a `StoreError`).
 *
 * @example
 * ```ts
 * import { createJipan } from "@jipan/core"
 * import { issue14Cases } from "@jipan/testkit"
 * await issue14Cases(createJipan())
 * ```
 */
export const issue14Cases = async (jipan: Jipan): Promise<void> => {
  const tenant = freshTenant()
  const probe = { ...probeOf(tenant), referralIds: ["ref-x", "ref-0", "ref-big"] }
  const failures: Array<string> = []
  const expectRefused = async (what: string, call: () => Promise<unknown>) => {
    const before = await readEverything(jipan, probe)
    const outcome = await settle(call)
    if (outcome.ok) failures.push(`${what}: accepted`)
    else {
      const reason = untypedReason(outcome.error)
      if (reason !== undefined) failures.push(`${what}: ${reason}`)
    }
    const after = await settle(() => readEverything(jipan, probe))
    if (!after.ok) failures.push(`${what}: then ${String(after.error)}`)
    else if (JSON.stringify(after.value) !== JSON.stringify(before))
      failures.push(`${what}: changed the store`)
  }
  const open = (cardId: string, at: number): CardCommand =>
    ({
      _tag: "OpenCard",
      cardId,
      storeId: tenant.storeId,
      customerId: `cust-${cardId}`,
      phone: `+861380000${String(1000 + cardId.length * 7).slice(-4)}`,
      owner: "c-wang",
      source: "walkIn",
      intent: "direct",
      evidence: {},
      by: { id: "c-wang", role: "consultant" },
      at
    }) as unknown as CardCommand
  await expectRefused("OpenCard at 2e15", () => jipan.handle(tenant, "card-2e15", open("card-2e15", 2e15)))
  await expectRefused("OpenCard at 8.64e15", () =>
    jipan.handle(tenant, "card-864", open("card-864", 8.64e15))
  )
  await expectRefused("OpenCard at NaN", () => jipan.handle(tenant, "card-nan", open("card-nan", Number.NaN)))
  await expectRefused("listCards with a null filter", () => jipan.listCards(tenant, null as never))
  await expectRefused("listCards with page.limit NaN", () =>
    jipan.listCards(tenant, {}, { limit: Number.NaN })
  )
  await expectRefused("ledger with month 5", () => jipan.ledger(tenant, { month: 5 } as never))
  await expectRefused("ledger with a null query", () => jipan.ledger(tenant, null as never))
  const withChoice = (valueFen: number, version: number) => ({
    policyId: "pol-14",
    version,
    effectiveFrom: "2026-01-01",
    scope: { dealerGroupId: tenant.dealerGroupId },
    referral: {
      ...core.defaultSections.referral,
      caps: { ...core.defaultSections.referral.caps, maxValueFen: 1e14 },
      offers: core.defaultSections.referral.offers.map((o) => ({
        ...o,
        choices: o.choices.map((c) => ({ ...c, valueFen }))
      }))
    }
  })
  await expectRefused("a reward choice of 1e15 fen", () =>
    putPolicy(jipan, { dealerGroupId: tenant.dealerGroupId }, withChoice(1e15, 1))
  )
  await expectRefused("a reward choice of 0 fen", () =>
    putPolicy(jipan, { dealerGroupId: tenant.dealerGroupId }, withChoice(0, 2))
  )
  await expectRefused("another group's policy document", () =>
    putPolicy(
      jipan,
      { dealerGroupId: tenant.dealerGroupId },
      {
        ...withChoice(30000, 3),
        scope: { dealerGroupId: `${tenant.dealerGroupId}-x` }
      }
    )
  )
  // a referral naming a referrer id nobody stored: accepted or refused, the reports must still run
  const [sequence] = fc.sample(
    referralCommandSequence(core.defaultPolicy, {
      referrals: 1,
      referralIds: ["ref-x"],
      storeId: tenant.storeId,
      maxLength: 1
    }),
    { numRuns: 1, seed: 14 }
  )
  for (const { command } of sequence ?? []) {
    const sent =
      command._tag === "Register"
        ? {
            ...command,
            registration: {
              ...command.registration,
              referrer: { ...command.registration.referrer, id: "nobody-we-know", kind: "baseCustomer" }
            }
          }
        : command
    const outcome = await settle(() => handleReferral(jipan, tenant, "ref-x", sent))
    if (!outcome.ok) {
      const reason = untypedReason(outcome.error)
      if (reason !== undefined) failures.push(`referral with an unknown referrer, ${command._tag}: ${reason}`)
    }
  }
  const reads = await settle(() => readEverything(jipan, probe))
  if (!reads.ok) failures.push(`after a referral with an unknown referrer: ${String(reads.error)}`)
  const analytics = await settle(() =>
    jipan.reports.analytics(tenant, { from: "2026-01-01", to: "2026-12-31" })
  )
  if (!analytics.ok)
    failures.push(
      `analytics of 2026 after a referral with an unknown referrer: ${String((analytics.error as Error).message)}`
    )
  // two referrals of one store issuing the same voucher id: the second is refused, typed, and the
  // first one's entry stays the only one
  for (const referralId of ["ref-va", "ref-vb"]) {
    const refereePhone = referralId === "ref-va" ? "+8613912340101" : "+8613912340102"
    for (const command of referralLife(tenant, referralId, "v-dup", "+8613912340100", refereePhone)) {
      const outcome = await settle(() => jipan.handleReferral(tenant, referralId, command))
      if (!outcome.ok) {
        const reason = untypedReason(outcome.error)
        if (reason !== undefined) failures.push(`${referralId} ${command._tag} with voucher v-dup: ${reason}`)
        else if (referralId === "ref-va")
          failures.push(`${referralId} ${command._tag}: refused ${String((outcome.error as Error).message)}`)
      } else if (referralId === "ref-vb" && command._tag === "IssueReward")
        failures.push("a second referral of the store issued voucher v-dup again: accepted")
    }
  }
  // the largest reward a policy may offer, issued twice: the ledger and the reports still read
  const big = freshTenant()
  const stored = await settle(() =>
    jipan.putPolicyDocument(
      { dealerGroupId: big.dealerGroupId },
      { ...withChoice(1e14, 1), scope: { dealerGroupId: big.dealerGroupId } }
    )
  )
  if (!stored.ok)
    failures.push(`a reward choice of 1e14 fen (the bound): ${String((stored.error as Error).message)}`)
  for (const [referralId, refereePhone] of [
    ["ref-b1", "+8613912340201"],
    ["ref-b2", "+8613912340202"]
  ] as const)
    for (const command of referralLife(big, referralId, `v-${referralId}`, "+8613912340200", refereePhone)) {
      const outcome = await settle(() => jipan.handleReferral(big, referralId, command))
      if (!outcome.ok)
        failures.push(
          `${referralId} ${command._tag} under a 1e14-fen reward: ${String((outcome.error as Error).message)}`
        )
    }
  const bigReads = await settle(() =>
    readEverything(jipan, {
      ...probeOf(big),
      referralIds: ["ref-b1", "ref-b2"],
      from: "2026-03-01" as CalendarDate,
      to: "2026-04-30" as CalendarDate
    })
  )
  if (!bigReads.ok) failures.push(`after two 1e14-fen rewards: ${String((bigReads.error as Error).message)}`)
  const vouchers = await settle(() => jipan.ledger(tenant))
  if (!vouchers.ok)
    failures.push(`ledger after a duplicate voucher: ${String((vouchers.error as Error).message)}`)
  else {
    const issued = vouchers.value.filter((r) => r.entry.voucherId === "v-dup" && r.entry.kind === "issued")
    if (issued.length !== 1 || issued[0]?.entry.referralId !== "ref-va")
      failures.push(
        `voucher v-dup issued ${issued.length} times: ${JSON.stringify(issued.map((r) => r.entry.referralId))}`
      )
  }
  expect(failures).toEqual([])
}
