/**
 * The retention sweep (保存期限到期删除, PIPL art. 47): what the close of day erases because its
 * purpose is met — a person whose every card in the group has been defeated or invalid for the
 * policy's months (`privacy.retention`), and the phone of a showroom visit never carded after the
 * policy's days. Each person goes through `erasePerson` (statistics kept, legal holds honoured, the
 * audit log written), each in its own transaction.
 *
 * @module
 */
import { Effect } from "effect"
import { addDays, addMonths, type CalendarDate } from "../kernel/CalendarDate.js"
import type { CardId } from "../kernel/Ids.js"
import type { PhoneNumber } from "../kernel/Phone.js"
import { isErasedPhone } from "../kernel/Phone.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import type { Outbox } from "../notify/Outbox.js"
import type { ConsentStore } from "../notify/PersonConsent.js"
import { defaultPolicy, type Policy } from "../policy/Policy.js"
import { ReportSource } from "../report/ReportSource.js"
import type { AuditLog } from "./AuditLog.js"
import { CardStore } from "./CardStore.js"
import { erasePerson } from "./Erasure.js"
import { PolicyStore } from "./PolicyStore.js"
import type { ReferralStore } from "./ReferralStore.js"
import { policyForScope } from "./ReportUseCase.js"
import type { StoreTransaction } from "./StoreTransaction.js"
import { policyInForce, type UseCaseOptions } from "./UseCaseOptions.js"

/**
 * What a retention sweep did: the people erased (by the erasure's id and their cards; never the
 * phone), the visits whose phone was removed, and the people it could not erase, with the reason
 * (a legal hold).
 *
 * @example
 * ```ts
 * import type { RetentionSwept } from "@jipan/core"
 * const line = (r: RetentionSwept) => `${r.erased.length} people erased, ${r.visits} visits`
 * ```
 */
export interface RetentionSwept {
  readonly erased: ReadonlyArray<{
    readonly erasureId: string
    readonly cards: ReadonlyArray<{ readonly tenant: Tenant; readonly cardId: CardId }>
  }>
  readonly visits: number
  readonly held: ReadonlyArray<{ readonly erasureId: string; readonly reason: string }>
}

/**
 * Sweeps a scope on a day by each store's policy in force (see the module); at the caller's
 * instant `at`. Idempotent: an erased person has no phone left to find.
 *
 * @example
 * ```ts
 * import { retentionSweep } from "@jipan/core"
 * retentionSweep({ dealerGroupId }, "2026-12-06" as never, Date.parse("2026-12-06T23:30:00+08:00"))
 * ```
 */
export const retentionSweep = (
  scope: TenantScope,
  day: CalendarDate,
  at: number,
  options: UseCaseOptions = {}
): Effect.Effect<
  RetentionSwept,
  StoreError,
  | CardStore
  | ReferralStore
  | Outbox
  | ReportSource
  | AuditLog
  | DeliveryReceipts
  | ConsentStore
  | PolicyStore
  | StoreTransaction
> =>
  Effect.gen(function* () {
    const reports = yield* ReportSource
    const cards = yield* CardStore
    const policies = new Map<string, Policy | undefined>()
    const policyOf = (tenant: Tenant) =>
      Effect.gen(function* () {
        const k = tenant.storeId as string
        if (!policies.has(k))
          policies.set(
            k,
            yield* policyInForce(tenant, day, options).pipe(
              Effect.map((p): Policy | undefined => p),
              Effect.catchTag("NoPolicyInForce", () => Effect.succeed(undefined))
            )
          )
        return policies.get(k)
      })
    // a card is past retention when its status has lasted the policy's months
    const expired = (tenant: Tenant, status: string, since: CalendarDate | undefined) =>
      Effect.gen(function* () {
        const policy = yield* policyOf(tenant)
        if (policy === undefined || !policy.privacy.retention.enabled || since === undefined) return false
        const r = policy.privacy.retention
        if (status === "defeated") return addMonths(since, r.defeatedMonths) <= day
        if (status === "invalid") return addMonths(since, r.invalidMonths) <= day
        return false
      })

    // only the cards in their status long enough for that status's shortest period in any policy
    // of the group (a week's margin for months of unequal length), and not already erased
    const shortest = yield* shortestRetentionMonths(scope)
    const candidatesOf = (status: "defeated" | "invalid") =>
      reports.cardFacts(scope, {
        statuses: [status],
        statusSinceOnOrBefore: addDays(addMonths(day, -shortest[status]), 7),
        erased: false
      })
    const candidates = [...(yield* candidatesOf("defeated")), ...(yield* candidatesOf("invalid"))]
    const phones = new Set<PhoneNumber>()
    for (const f of candidates)
      if (
        f.phone !== undefined &&
        !isErasedPhone(f.phone) &&
        (yield* expired(f.tenant, f.status, f.statusSince))
      )
        phones.add(f.phone)

    const erased: Array<RetentionSwept["erased"][number]> = []
    const held: Array<RetentionSwept["held"][number]> = []
    let n = 0
    for (const phone of [...phones].sort()) {
      // every card of the person in the group must be past retention: a live customer keeps theirs
      const theirs = yield* cards.withPhone({ dealerGroupId: scope.dealerGroupId }, phone)
      let all = true
      for (const c of theirs) if (!(yield* expired(c.tenant, c.status, c.statusSince))) all = false
      if (!all) continue
      const erasureId = `retention-${day}-${++n}`
      const done = yield* erasePerson(
        scope.dealerGroupId,
        phone,
        { by: { role: "system" }, reason: `retention period over (${day})`, at, erasureId },
        options
      ).pipe(
        Effect.map((e) => ({ ok: true as const, e })),
        Effect.catchIf(
          (e) => e._tag !== "StoreError",
          (e) => Effect.succeed({ ok: false as const, reason: e.message })
        )
      )
      if (done.ok) erased.push({ erasureId, cards: done.e.cards })
      else held.push({ erasureId, reason: done.reason })
    }

    // the visits never carded lose their phone after the policy's days; older ones were swept by
    // earlier closes (a month of grace for days not closed)
    const scopePolicy = yield* policyForScope(scope, day, options).pipe(
      Effect.catchTag("NoPolicyInForce", () => Effect.succeed(undefined))
    )
    const days = scopePolicy?.privacy.retention.unCardedVisitDays ?? 0
    const visits = (yield* reports.visitsOn(scope, {
      from: addDays(day, -(days + 31)),
      to: addDays(day, -Math.max(0, days - 31))
    })).filter((v) => v.phone !== undefined && !isErasedPhone(v.phone) && v.cardId === undefined)
    const due: Array<(typeof visits)[number]> = []
    for (const v of visits) {
      const policy = yield* policyOf(v.tenant)
      if (policy === undefined || !policy.privacy.retention.enabled) continue
      if (addDays(v.on, policy.privacy.retention.unCardedVisitDays) <= day) due.push(v)
    }
    if (due.length > 0) yield* reports.recordVisits(due.map(({ phone: _, ...rest }) => rest))
    return { erased, visits: due.length, held }
  })

/**
 * The fewest months any policy of the group (the default's and every document's privacy section)
 * keeps a defeated and an invalid card: bounds below every store's own, so the candidates read
 * are few and none is missed; each card's own policy decides.
 */
const shortestRetentionMonths = (
  scope: TenantScope
): Effect.Effect<{ readonly defeated: number; readonly invalid: number }, StoreError, PolicyStore> =>
  Effect.gen(function* () {
    const documents = yield* (yield* PolicyStore).documents(scope.dealerGroupId)
    const sections = [
      defaultPolicy.privacy,
      ...documents.flatMap((d) => (d.privacy === undefined ? [] : [d.privacy]))
    ]
    return {
      defeated: Math.max(0, Math.min(...sections.map((p) => p.retention.defeatedMonths))),
      invalid: Math.max(0, Math.min(...sections.map((p) => p.retention.invalidMonths)))
    }
  })
