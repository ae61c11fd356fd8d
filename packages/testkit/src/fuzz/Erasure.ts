/**
 * The erasure fuzz (issue #19, PIPL): junk given to `erasePerson`, `auditLog` and `recordAccess` —
 * bad groups, phones (the erased marker `+0` included), requests with one field broken, queries
 * out of bounds, records with one field broken or hidden among valid ones, and anything at all —
 * rejects typed (`InvalidInput` with paths, or `ErasureRefused`), never with another error, and
 * changes nothing the facade can read (the audit log included).
 *
 * @module
 */
import { expect } from "@effect/vitest"
import type { Jipan, Tenant } from "@jipan/core"
import * as fc from "fast-check"
import { readEverything, settle } from "../FacadeSupport.js"
import { freshTenant, START } from "../Fixtures.js"
import { invalid } from "../InvalidArbitraries.js"
import { type FuzzRun, judgeRejection, probeOf, seed } from "./Support.js"

const PHONE = "+8613912345678"

/** A valid erasure request (by a supervisor). */
const request = { by: { role: "supervisor" }, reason: "PIPL request 7", at: START, erasureId: "erase-7" }

/** A valid audit record of the group. */
const recordOf = (tenant: Tenant, id: string) => ({
  id,
  dealerGroupId: tenant.dealerGroupId,
  storeId: tenant.storeId,
  at: START,
  viewer: { role: "supervisor" },
  action: "unmask",
  output: "xlsx",
  subject: "report:progress-control",
  reason: "month-end review"
})

const junk = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, "", " ", 0, -1, 1.5, Number.NaN, true, [], {}, "x".repeat(600)),
  fc.anything()
)

/** Junk that is no string (a random string may be a valid id or reason). */
const junkNotString = junk.filter((v) => typeof v !== "string")

/** An erasure call with at least one argument broken. */
const badErasure = (tenant: Tenant) => {
  const group = fc.constant<unknown>(tenant.dealerGroupId)
  const phone = fc.constant<unknown>(PHONE)
  const valid = fc.constant<unknown>(request)
  const broken = <K extends keyof typeof request>(key: K, values: fc.Arbitrary<unknown>) =>
    values.map((v) => ({ ...request, [key]: v }) as unknown)
  return fc.oneof(
    fc.tuple(fc.oneof(invalid.id, junkNotString), phone, valid).map((a) => ({ args: a, what: "bad group" })),
    fc
      .tuple(
        group,
        fc.oneof(
          fc.constantFrom<unknown>("+0", "12345", "abc", "+86", "138 1234 567", "+861381234567890"),
          junk
        ),
        valid
      )
      .map((a) => ({ args: a, what: "bad phone" })),
    fc
      .tuple(
        group,
        phone,
        fc.oneof(
          broken(
            "by",
            fc.oneof(
              fc.constantFrom<unknown>(
                // a consultant may not erase (the system may: the retention sweep runs as it)
                { role: "consultant", consultantId: "c-wang" },
                { role: "nope" },
                { role: "Supervisor" }
              ),
              junk
            )
          ),
          broken("reason", fc.oneof(fc.constantFrom<unknown>("", " ", "\n\t"), junkNotString)),
          broken(
            "at",
            fc.oneof(
              invalid.instant,
              junkNotString.filter((v) => typeof v !== "number")
            )
          ),
          broken(
            "erasureId",
            fc.oneof(
              fc.constantFrom<unknown>("", " x", "a b", "x\u0000", "x".repeat(65), "\ud800"),
              invalid.id,
              junkNotString
            )
          ),
          junk
        )
      )
      .map((a) => ({ args: a, what: "bad request" }))
  )
}

/** An audit query call, bad or not (a read: an accepted one changes nothing either). */
const auditCall = (tenant: Tenant) =>
  fc.oneof(
    fc.tuple(fc.oneof(invalid.id, junkNotString), fc.constant<unknown>({})),
    fc.tuple(
      fc.constant<unknown>(tenant.dealerGroupId),
      fc.oneof(
        fc.record(
          {
            from: fc.oneof(invalid.instant, junk),
            to: fc.oneof(invalid.instant, junk),
            actions: fc.oneof(fc.constantFrom<unknown>(["nope"], "erase", [null], ["erase", 1]), junk),
            storeId: fc.oneof(invalid.id, junk),
            after: fc.oneof(
              fc.constantFrom<unknown>(
                { at: "x", id: "a" },
                { at: START },
                { id: "a" },
                { at: START, id: "" }
              ),
              junk
            ),
            limit: fc.oneof(fc.constantFrom<unknown>(0, 501, 1.5, -1, "10", Number.NaN), junk)
          },
          { requiredKeys: [] }
        ),
        junk
      )
    )
  )

/** Records to record, at least one of them broken. */
const badRecords = (tenant: Tenant) => {
  // per field, values it does not admit (a non-empty text is a valid output, subject or reason)
  const bad: Record<string, ReadonlyArray<unknown>> = {
    id: ["", " ", "a b", "x".repeat(300)],
    dealerGroupId: ["", " ", "a b"],
    storeId: ["", " ", "a b"],
    viewer: [{ role: "nope" }, {}, "supervisor", { role: "consultant", consultantId: 5 }],
    action: ["nope", "ERASE", ""],
    output: [""],
    subject: [""],
    reason: [""]
  }
  const brokenRecord = fc
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
      return { ...recordOf(tenant, `acc-${n}`), [key]: value } as unknown
    })
  return fc.oneof(
    junk.filter((j) => !Array.isArray(j) || j.length > 0),
    fc.array(brokenRecord, { minLength: 1, maxLength: 3 }),
    // a broken record among valid ones: none of them is recorded
    fc.tuple(brokenRecord, fc.nat({ max: 2 })).map(([bad, at]) => {
      const records: Array<unknown> = [recordOf(tenant, "acc-ok-1"), recordOf(tenant, "acc-ok-2")]
      records.splice(at, 0, bad)
      return records
    })
  )
}

/** fuzz: erasePerson, auditLog and recordAccess with junk */
export const erasureJunk = async (jipan: Jipan, { params }: FuzzRun): Promise<void> => {
  const tenant = freshTenant()
  await seed(jipan, tenant)
  const opened = await settle(() =>
    jipan.handle(tenant, "card-erase", {
      _tag: "OpenCard",
      cardId: "card-erase",
      storeId: tenant.storeId,
      customerId: "cust-erase",
      phone: PHONE,
      owner: "c-wang",
      source: "walkIn",
      intent: "direct",
      evidence: {},
      by: { id: "c-wang", role: "consultant" },
      at: START
    })
  )
  if (!opened.ok) throw new Error(`the fuzz's card did not open: ${String((opened.error as Error)?.message)}`)
  const probe = { ...probeOf(tenant), cardForms: false }
  const snapshot = async () => ({
    everything: await readEverything(jipan, probe),
    audit: await jipan.auditLog(tenant.dealerGroupId),
    card: await jipan.card(tenant, "card-erase")
  })
  type Call = (...args: ReadonlyArray<unknown>) => Promise<unknown>
  const calls = fc.oneof(
    badErasure(tenant).map((c) => ({
      call: jipan.erasePerson as unknown as Call,
      args: c.args as ReadonlyArray<unknown>,
      what: `erasePerson (${c.what})`,
      tags: ["InvalidInput", "ErasureRefused"],
      mayResolve: false
    })),
    auditCall(tenant).map((args) => ({
      call: jipan.auditLog as unknown as Call,
      args: args as ReadonlyArray<unknown>,
      what: "auditLog",
      tags: ["InvalidInput"],
      mayResolve: true
    })),
    badRecords(tenant).map((records) => ({
      call: jipan.recordAccess as unknown as Call,
      args: [records] as ReadonlyArray<unknown>,
      what: "recordAccess",
      tags: ["InvalidInput"],
      mayResolve: false
    }))
  )
  await fc.assert(
    fc.asyncProperty(calls, async (c) => {
      const before = await snapshot()
      const outcome = await settle(() => c.call(...c.args))
      if (outcome.ok) {
        if (!c.mayResolve) {
          let shown: string
          try {
            shown = JSON.stringify(c.args)?.slice(0, 1500) ?? String(c.args)
          } catch {
            shown = String(c.args)
          }
          throw new Error(`${c.what}: junk was accepted\n  input: ${shown}`)
        }
      } else {
        judgeRejection(outcome.error, c.what, c.args)
        expect(c.tags, `${c.what}: rejected with ${(outcome.error as { _tag: string })._tag}`).toContain(
          (outcome.error as { readonly _tag: string })._tag
        )
      }
      expect(await snapshot(), `${c.what} changed something`).toEqual(before)
    }),
    params
  )
}
