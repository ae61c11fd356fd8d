/**
 * The facade write fuzz: card commands, policy documents (then a reward under them), referral
 * commands and showroom visits, each valid, hostile-but-valid or invalid; a refused call must be
 * typed and change nothing readable, an accepted one must read back.
 *
 * @module
 */
import { expect } from "@effect/vitest"
import type { CalendarDate, CardCommand, Jipan, ReferralCommand, Tenant } from "@jipan/core"
import * as core from "@jipan/core"
import * as fc from "fast-check"
import {
  cardCommand,
  cardCommandOf,
  hostileIds,
  policyDocument,
  referralCommand,
  referralCommandSequence,
  showroomVisit
} from "../DomainArbitraries.js"
import { readDay, readEverything, settle } from "../FacadeSupport.js"
import { freshTenant } from "../Fixtures.js"
import { invalid } from "../InvalidArbitraries.js"
import {
  type FuzzRun,
  handleReferral,
  json,
  judgeRejection,
  probeOf,
  putPolicy,
  recordVisits,
  seed
} from "./Support.js"

/** fuzz: card commands */
export const cardCommands = async (jipan: Jipan, { params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  await seed(jipan, tenant)
  // the card forms of every card are read after each accepted command (below), not in every snapshot
  const probe = { ...probeOf(tenant), cardForms: false }
  const ids = ["card-1", "card-2", "card-3", ...hostileIds.slice(0, 6)]
  const call = fc.oneof(
    // valid commands, fitted to the call (the store's tenant and the card id)
    fc.tuple(fc.constantFrom(...ids), cardCommand).map(([cardId, c]) => ({
      tenant: tenant as unknown,
      cardId: (c._tag === "OpenCard" ? c.cardId : cardId) as unknown,
      command: (c._tag === "OpenCard" ? { ...c, storeId: tenant.storeId } : c) as unknown,
      what: `valid ${c._tag}`
    })),
    // a valid command at an instant outside 2000–2099 (2e15, 8.64e15, NaN…): the first find
    fc
      .tuple(fc.constantFrom(...ids), fc.oneof(cardCommandOf("OpenCard"), cardCommand), invalid.instant)
      .map(([cardId, c, at]) => ({
        tenant: tenant as unknown,
        cardId: (c._tag === "OpenCard" ? c.cardId : cardId) as unknown,
        command: { ...c, ...(c._tag === "OpenCard" ? { storeId: tenant.storeId } : {}), at } as unknown,
        what: `${c._tag} at ${String(at)}`
      })),
    fc.tuple(fc.constantFrom(...ids), invalid.cardCommand).map(([cardId, b]) => ({
      tenant: tenant as unknown,
      cardId: cardId as unknown,
      command: b.value,
      what: `invalid command (${b.why})`
    })),
    fc.tuple(invalid.tenant, invalid.id, cardCommand).map(([t, id, c]) => ({
      tenant: t,
      cardId: id,
      command: c as unknown,
      what: "invalid tenant or card id"
    })),
    fc.tuple(fc.constantFrom(...ids), fc.anything()).map(([cardId, anything]) => ({
      tenant: tenant as unknown,
      cardId: cardId as unknown,
      command: anything,
      what: "anything"
    }))
  )
  await fc.assert(
    fc.asyncProperty(call, async (c) => {
      const before = await readEverything(jipan, probe)
      // junk on purpose, past the types: the facade's run-time decoding is what is fuzzed
      const outcome = await settle(() =>
        jipan.handle(c.tenant as Tenant, c.cardId as string, c.command as never)
      )
      if (!outcome.ok) {
        judgeRejection(outcome.error, `handle: ${c.what}`, c.command)
        expect(await readEverything(jipan, probe), `a refused ${c.what} changed something`).toEqual(before)
        return
      }
      const stored = await jipan.card(tenant, c.cardId as string)
      expect(json(stored.state)).toEqual(json(outcome.value.state))
      expect(stored.version).toBe(outcome.value.version)
      const form = await settle(() => jipan.reports.card(tenant, c.cardId as string))
      if (!form.ok)
        throw new Error(
          `the card form of an accepted ${c.what} failed: ${String((form.error as Error)?.message)}`
        )
      await readEverything(jipan, probe)
      await readDay(jipan, tenant, (c.command as CardCommand).at)
    }),
    params
  )
}

/** fuzz: policy documents, then a reward under them */
export const policyDocuments = async (jipan: Jipan, { params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  let version = 0
  const other = { dealerGroupId: `${tenant.dealerGroupId}-other` }
  const document = fc.oneof(
    policyDocument(
      { dealerGroupId: tenant.dealerGroupId },
      { version: fc.constant(0), effectiveFrom: fc.constant("2026-01-01" as CalendarDate) }
    ).map((d) => ({
      scope: { dealerGroupId: tenant.dealerGroupId } as unknown,
      document: d as unknown,
      what: "valid document"
    })),
    invalid.policyDocument({ dealerGroupId: tenant.dealerGroupId }).map((b) => ({
      scope: { dealerGroupId: tenant.dealerGroupId } as unknown,
      document: b.value,
      what: `invalid document (${b.why})`
    })),
    policyDocument(other).map((d) => ({
      scope: { dealerGroupId: tenant.dealerGroupId } as unknown,
      document: d as unknown,
      what: "another group's document"
    })),
    fc
      .tuple(invalid.tenant, policyDocument({ dealerGroupId: tenant.dealerGroupId }))
      .map(([s, d]) => ({ scope: s, document: d as unknown, what: "invalid scope" }))
  )
  const probe = { ...probeOf(tenant), cardForms: false }
  let referrals = 0
  await fc.assert(
    fc.asyncProperty(document, async (c) => {
      // every valid version is new (versions are immutable)
      const sent =
        c.document !== null &&
        typeof c.document === "object" &&
        (c.document as { version?: unknown }).version === 0
          ? { ...(c.document as object), version: ++version + 1000 }
          : c.document
      const before = await readEverything(jipan, probe)
      const outcome = await settle(() => putPolicy(jipan, c.scope, sent))
      if (!outcome.ok) {
        judgeRejection(outcome.error, `putPolicyDocument: ${c.what}`, sent)
        expect(await readEverything(jipan, probe), `a refused ${c.what} changed something`).toEqual(before)
        return
      }
      expect(c.what === "another group's document" || c.what === "invalid scope", `accepted ${c.what}`).toBe(
        false
      )
      // a reward under the stored policy: every step typed, and the ledger readable after
      const referralId = `ref-p${++referrals}`
      const [sequence] = fc.sample(
        referralCommandSequence(core.defaultPolicy, {
          referrals: 1,
          referralIds: [referralId],
          storeId: tenant.storeId,
          maxLength: 1
        }),
        { numRuns: 1, seed: referrals }
      )
      for (const { command } of (sequence ?? []).slice(0, 6)) {
        const step = await settle(() => handleReferral(jipan, tenant, referralId, command))
        if (!step.ok)
          judgeRejection(step.error, `handleReferral ${command._tag} after a policy document`, command)
      }
      await readEverything(jipan, { ...probe, referralIds: [referralId] })
    }),
    params
  )
}

/** fuzz: referral commands */
export const referralCommands = async (jipan: Jipan, { params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  await seed(jipan, tenant)
  const probe = { ...probeOf(tenant), cardForms: false }
  const ids = ["ref-1", "ref-2", "ref-3", ...hostileIds.slice(0, 4)]
  const call = fc.oneof(
    fc.tuple(fc.constantFrom(...ids), referralCommand).map(([referralId, c]) => ({
      tenant: tenant as unknown,
      referralId: referralId as unknown,
      command: (c._tag === "Register"
        ? { ...c, registration: { ...c.registration, referralId, storeId: tenant.storeId } }
        : c) as unknown,
      what: `valid ${c._tag}`
    })),
    fc.tuple(fc.constantFrom(...ids), invalid.referralCommand).map(([referralId, b]) => ({
      tenant: tenant as unknown,
      referralId: referralId as unknown,
      command: b.value,
      what: `invalid command (${b.why})`
    })),
    fc.tuple(invalid.tenant, invalid.id, referralCommand).map(([t, id, c]) => ({
      tenant: t,
      referralId: id,
      command: c as unknown,
      what: "invalid tenant or referral id"
    })),
    fc.tuple(fc.constantFrom(...ids), fc.anything()).map(([referralId, anything]) => ({
      tenant: tenant as unknown,
      referralId: referralId as unknown,
      command: anything,
      what: "anything"
    }))
  )
  await fc.assert(
    fc.asyncProperty(call, async (c) => {
      const before = await readEverything(jipan, { ...probe, referralIds: ids })
      const outcome = await settle(() => handleReferral(jipan, c.tenant, c.referralId, c.command))
      if (!outcome.ok) {
        judgeRejection(outcome.error, `handleReferral: ${c.what}`, c.command)
        expect(
          await readEverything(jipan, { ...probe, referralIds: ids }),
          `a refused ${c.what} changed something`
        ).toEqual(before)
        return
      }
      const stored = await jipan.referral(tenant, c.referralId as string)
      expect(json(stored.state)).toEqual(json(outcome.value.state))
      await readEverything(jipan, { ...probe, referralIds: ids })
      await readDay(jipan, tenant, (c.command as ReferralCommand).on)
    }),
    params
  )
}

/** fuzz: showroom visits */
export const showroomVisits = async (jipan: Jipan, { params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  const probe = { ...probeOf(tenant), cardForms: false }
  const visits = fc.oneof(
    fc
      .array(showroomVisit(tenant), { minLength: 1, maxLength: 4 })
      .map((vs) => ({ scope: tenant as unknown, visits: vs as unknown, what: "valid visits" })),
    fc
      .tuple(fc.array(showroomVisit(tenant), { maxLength: 2 }), invalid.showroomVisit(tenant))
      .map(([vs, b]) => ({
        scope: tenant as unknown,
        visits: [...vs, b.value] as unknown,
        what: `an invalid visit (${b.why})`
      })),
    fc
      .array(showroomVisit({ ...tenant, storeId: `${tenant.storeId}-other` } as Tenant), {
        minLength: 1,
        maxLength: 2
      })
      .map((vs) => ({ scope: tenant as unknown, visits: vs as unknown, what: "another store's visits" })),
    invalid.notAnObject.map((v) => ({ scope: tenant as unknown, visits: v, what: "not an array" })),
    fc
      .tuple(invalid.tenant, fc.array(showroomVisit(tenant), { maxLength: 1 }))
      .map(([s, vs]) => ({ scope: s, visits: vs as unknown, what: "invalid scope" }))
  )
  await fc.assert(
    fc.asyncProperty(visits, async (c) => {
      const before = await readEverything(jipan, probe)
      const outcome = await settle(() => recordVisits(jipan, c.scope, c.visits))
      if (!outcome.ok) {
        judgeRejection(outcome.error, `recordVisits: ${c.what}`, c.visits)
        expect(await readEverything(jipan, probe), `refused ${c.what} changed something`).toEqual(before)
        return
      }
      expect(
        c.what === "valid visits" || (Array.isArray(c.visits) && c.visits.length === 0),
        `accepted ${c.what}`
      ).toBe(true)
      await readEverything(jipan, probe)
      for (const v of c.visits as ReadonlyArray<{ readonly at: number }>) await readDay(jipan, tenant, v.at)
    }),
    params
  )
}
