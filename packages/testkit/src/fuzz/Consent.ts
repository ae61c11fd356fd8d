/**
 * The consent ledger fuzz (issue #19, PIPL): junk given to `recordConsent` and `consentOf` — bad
 * groups and phones (the erased marker `+0` included), records with one field broken or hidden
 * among valid ones, and anything at all — rejects with `InvalidInput` (never another error, never a
 * `StoreError`) and records nothing: the person's records and everything else the facade reads stay
 * as they were.
 *
 * @module
 */
import { expect } from "@effect/vitest"
import type { Jipan, Tenant } from "@jipan/core"
import * as fc from "fast-check"
import { readEverything, settle } from "../FacadeSupport.js"
import { freshTenant, START } from "../Fixtures.js"
import { invalid } from "../InvalidArbitraries.js"
import { type FuzzRun, judgeRejection, probeOf } from "./Support.js"

const PHONE = "+8613912345678"

/** A valid consent record of the group (the person's phone in a national form). */
const entryOf = (tenant: Tenant, id: string) => ({
  id,
  dealerGroupId: tenant.dealerGroupId,
  phone: "139 1234 5678",
  purpose: "careContact",
  channel: "sms",
  status: "granted",
  at: START,
  evidence: { capturedBy: "c-wang", formId: "F-2026-0001" }
})

const junk = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, "", " ", 0, -1, 1.5, Number.NaN, true, [], {}, "x".repeat(600)),
  fc.anything()
)

/** Junk that is no string (a random string may be a valid id). */
const junkNotString = junk.filter((v) => typeof v !== "string")

/** Phones that are none (or the erased marker). */
const badPhone = fc.constantFrom<unknown>(
  "+0",
  " +0 ",
  "12345",
  "abc",
  "+86",
  "138 1234 567",
  "+861381234567890",
  ""
)

/** Records to record, at least one of them broken. */
const badEntries = (tenant: Tenant) => {
  // per field, values it does not admit
  const bad: Record<string, ReadonlyArray<unknown>> = {
    id: ["", " ", "a b", "x".repeat(65), "x".repeat(300)],
    dealerGroupId: ["", " ", "a b"],
    phone: ["+0", "12345", "abc", "+86", "138 1234 567", "", 13912345678],
    purpose: ["nope", "CareContact", "care", ""],
    channel: ["", "x\u0000"],
    status: ["given", "GRANTED", "revoked", ""],
    evidence: [
      {},
      { capturedBy: "" },
      { capturedBy: 5 },
      { capturedBy: "c-wang", formId: 5 },
      { capturedBy: "c-wang", recordingId: null },
      "signed"
    ]
  }
  const brokenEntry = fc
    .tuple(
      fc.constantFrom(...Object.keys(bad), "at"),
      fc.nat(),
      invalid.instant,
      junkNotString.filter(
        (v) => v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v))
      ),
      fc.nat({ max: 999 })
    )
    .map(([key, pick, at, other, n]) => {
      const values = bad[key]
      const value =
        key === "at" ? at : pick % 3 === 0 || values === undefined ? other : values[pick % values.length]
      return { ...entryOf(tenant, `consent-${n}`), [key]: value } as unknown
    })
  return fc.oneof(
    // anything at all, but an empty list (which records nothing and resolves)
    junk.filter((j) => !Array.isArray(j) || j.length > 0),
    brokenEntry,
    fc.array(brokenEntry, { minLength: 1, maxLength: 3 }),
    // a broken record among valid ones: none of them is recorded
    fc.tuple(brokenEntry, fc.nat({ max: 2 })).map(([broken, at]) => {
      const entries: Array<unknown> = [entryOf(tenant, "consent-ok-1"), entryOf(tenant, "consent-ok-2")]
      entries.splice(at, 0, broken)
      return entries
    })
  )
}

/** A `consentOf` call with its group or its phone (or both) broken. */
const badConsentOf = (tenant: Tenant) =>
  fc.oneof(
    fc.tuple(fc.oneof(invalid.id, junkNotString), fc.constant<unknown>(PHONE)),
    fc.tuple(fc.constant<unknown>(tenant.dealerGroupId), fc.oneof(badPhone, junkNotString)),
    fc.tuple(fc.oneof(invalid.id, junkNotString), fc.oneof(badPhone, junkNotString))
  )

/** fuzz: recordConsent and consentOf with junk */
export const consentJunk = async (jipan: Jipan, { params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  const recorded = await settle(() => jipan.recordConsent([entryOf(tenant, "consent-seed") as never]))
  if (!recorded.ok)
    throw new Error(`the fuzz's consent was not recorded: ${String((recorded.error as Error)?.message)}`)
  const probe = { ...probeOf(tenant), cardForms: false }
  const snapshot = async () => ({
    everything: await readEverything(jipan, probe),
    consents: await jipan.consentOf(tenant.dealerGroupId, PHONE)
  })
  expect((await snapshot()).consents.map((e) => e.id)).toEqual(["consent-seed"])
  type Call = (...args: ReadonlyArray<unknown>) => Promise<unknown>
  const calls = fc.oneof(
    badEntries(tenant).map((entries) => ({
      call: jipan.recordConsent as unknown as Call,
      args: [entries] as ReadonlyArray<unknown>,
      what: "recordConsent"
    })),
    badConsentOf(tenant).map((args) => ({
      call: jipan.consentOf as unknown as Call,
      args: args as ReadonlyArray<unknown>,
      what: "consentOf"
    }))
  )
  await fc.assert(
    fc.asyncProperty(calls, async (c) => {
      const before = await snapshot()
      const outcome = await settle(() => c.call(...c.args))
      if (outcome.ok) {
        let shown: string
        try {
          shown = JSON.stringify(c.args)?.slice(0, 1500) ?? String(c.args)
        } catch {
          shown = String(c.args)
        }
        throw new Error(`${c.what}: junk was accepted\n  input: ${shown}`)
      }
      judgeRejection(outcome.error, c.what, c.args)
      expect(
        (outcome.error as { readonly _tag: string })._tag,
        `${c.what}: rejected with another error`
      ).toBe("InvalidInput")
      expect(await snapshot(), `${c.what} changed something`).toEqual(before)
    }),
    params
  )
}
