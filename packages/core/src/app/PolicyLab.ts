/**
 * The policy lab (政策沙盘): replays the stored histories of a scope under a draft policy and
 * returns the difference against the policy in force, rule id by rule id — grades, contacts due,
 * overdue counts, findings, care contacts planned, and rewards and settlement totals in fen.
 *
 * **What is replayed and what is fact.** Every card event is turned back into the command that
 * made it (the consultant's or supervisor's act: a contact with its channel, outcome, evidence
 * and agreed next contact; an order; a delivery; a defeat; a re-grade with its chosen grade…).
 * The acts are facts: they happened on the day they happened, whatever the policy. What the
 * decider derives from the policy is re-derived: the grade, the rules that fired, the schedule
 * base and the next contact due, and (from the re-derived card) the care plan, the findings and
 * the settlement. Events before `from` are replayed under the policies that were in force, events
 * from `from` on under the draft (applied over the policy in force that day). A command the
 * draft refuses (a hand-set grade the draft no longer has, a defeat reason it dropped) keeps its
 * stored events as fact and is counted under `refused`. Referrals, the reward ledger and the
 * surveys are facts: rewards already earned are never changed; the draft's rewards are what-if
 * figures only.
 *
 * @module
 */
import { Effect, Fiber, Result, Schema } from "effect"
import { CalendarDate } from "../kernel/CalendarDate.js"
import type { InvalidInput } from "../kernel/Errors.js"
import type { StoreId } from "../kernel/Ids.js"
import { ReferralId } from "../kernel/Ids.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { ReferralNotFound, StoreError } from "../kernel/StoreError.js"
import type { TenantScope } from "../kernel/Tenant.js"
import {
  applyDocument,
  defaultPolicy,
  type NoPolicyInForce,
  type Policy,
  type PolicyDocument,
  resolvePolicy
} from "../policy/Policy.js"
import { checkPolicy } from "../policy/PolicyCheck.js"
import {
  type DeliveryFact,
  type PolicyAt,
  type ReferralFact,
  referralFactOf,
  type SettlementHistory,
  type SettlementLine,
  settleMonth,
  type WhatIfChange,
  whatIf
} from "../referral/Settlement.js"
import { monthRange } from "../referral/YearMonth.js"
import { type CardKeyPage, ReportSource } from "../report/ReportSource.js"
import { monthsOf, newAccumulator, replayBatch, workloadOf } from "./internal/replayCompare.js"
import { DraftPolicyRefused, type PartyTotal, type PolicyReplay, type ReplayOptions } from "./PolicyReplay.js"
import { PolicyStore } from "./PolicyStore.js"
import type { ReferralStore } from "./ReferralStore.js"
import { getReferral, readLedger } from "./ReferralUseCase.js"

export { replayHistories } from "./internal/replayCompare.js"

/**
 * Replays the stored histories of a scope under a draft policy document, over the days `from` to
 * `to`, and returns the difference against the policies in force (see the module's notes for what
 * is re-derived and what is fact). The draft is applied over the policy in force in each store and
 * checked with `checkPolicy` first: any error refuses it with {@link DraftPolicyRefused}. Cards are
 * paged by key per store (`ReportSource.cardKeys`) and their histories read a page at a time
 * (`batchSize`, 500 by default), so neither a group's histories nor its card rows are ever in
 * memory at once; `onProgress` is called after each batch. It is an Effect: interrupting
 * it stops between batches. Nothing is written.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { replayPolicy, PolicyDocument, CalendarDate, layerMemory } from "@jipan/core"
 * declare const draftDocument: PolicyDocument // the draft, not yet stored
 * const from = CalendarDate.make("2026-11-01")
 * const to = CalendarDate.make("2026-11-30")
 * const diff = replayPolicy({ dealerGroupId, storeId }, draftDocument, { from, to, onProgress: console.log })
 * const result = await Effect.runPromise(diff.pipe(Effect.provide(layerMemory))) // or a database store
 * ```
 */
export const replayPolicy = (
  scope: TenantScope,
  draftDocument: PolicyDocument,
  options: ReplayOptions
): Effect.Effect<
  PolicyReplay,
  DraftPolicyRefused | NoPolicyInForce | StoreError | InvalidInput | ReferralNotFound,
  ReportSource | PolicyStore | ReferralStore
> =>
  Effect.gen(function* () {
    const { from, to } = options
    if (!Schema.is(CalendarDate)(from) || !Schema.is(CalendarDate)(to) || from > to)
      return yield* new DraftPolicyRefused({
        problems: [],
        message: `The window ${from}..${to} is not a range of days (from <= to)`
      })
    const source = yield* ReportSource
    const policies = yield* PolicyStore
    const documents = yield* policies.documents(scope.dealerGroupId)
    const group = scope.dealerGroupId
    // by store, then by day: a key string per decided command cost half a second of a replay
    const memoOf = () => {
      const byStore = new Map<string, Map<string, Result.Result<Policy, NoPolicyInForce>>>()
      return (storeId: string) => {
        let byDay = byStore.get(storeId)
        if (byDay === undefined) {
          byDay = new Map()
          byStore.set(storeId, byDay)
        }
        return byDay
      }
    }
    const memo = memoOf()
    const currentAt: PolicyAt = (storeId, date) => {
      const byDay = memo(storeId)
      let r = byDay.get(date)
      if (r === undefined) {
        r =
          documents.length === 0
            ? Result.succeed(defaultPolicy)
            : resolvePolicy(documents, { dealerGroupId: group, storeId }, date, defaultPolicy)
        byDay.set(date, r)
      }
      return r
    }
    const draftMemo = memoOf()
    const draftAt: PolicyAt = (storeId, date) => {
      const byDay = draftMemo(storeId)
      let r = byDay.get(date)
      if (r === undefined) {
        const base = currentAt(storeId, date)
        r = Result.isSuccess(base) ? Result.succeed(applyDocument(base.success, draftDocument)) : base
        byDay.set(date, r)
      }
      return r
    }
    // a policy for every day, or the failure of the first day without one
    let missing: NoPolicyInForce | undefined
    const sure =
      (at: PolicyAt) =>
      (storeId: StoreId, day: CalendarDate): Policy => {
        const r = at(storeId, day)
        if (Result.isSuccess(r)) return r.success
        missing ??= r.failure
        return defaultPolicy
      }
    const current = sure(currentAt)
    const draft = sure(draftAt)

    // the stores of the scope and their card counts, from the card keys page by page (nothing
    // of a card is held but its key while counting)
    const counts = new Map<string, number>()
    const KEY_PAGE = 10_000
    let after: CardKeyPage["after"]
    for (;;) {
      const keys = yield* source.cardKeys(scope, { limit: KEY_PAGE, after })
      for (const k of keys) counts.set(k.tenant.storeId, (counts.get(k.tenant.storeId) ?? 0) + 1)
      const last = keys.at(-1)
      if (keys.length < KEY_PAGE || last === undefined) break
      after = { storeId: last.tenant.storeId, cardId: last.cardId }
    }
    const stores = [...counts.keys()].sort()
    if (scope.storeId !== undefined && !stores.includes(scope.storeId)) stores.push(scope.storeId)
    // the draft checked against each store's policy in force on `from`
    for (const storeId of stores) {
      const r = draftAt(storeId as StoreId, from)
      if (Result.isFailure(r)) return yield* r.failure
      const problems = checkPolicy(r.success).filter((p) => p.severity === "error")
      if (problems.length > 0)
        return yield* new DraftPolicyRefused({
          problems,
          message: `The draft policy ${draftDocument.policyId} v${draftDocument.version} has ${problems.length} problem(s): ${problems
            .slice(0, 3)
            .map((p) => `${p.path}: ${p.message}`)
            .join("; ")}`
        })
    }
    const acc = newAccumulator()
    const batchSize = Math.max(1, options.batchSize ?? 500)
    const deliveries: Array<DeliveryFact> = []
    let cards = 0
    for (const storeId of stores) {
      const total = counts.get(storeId) ?? 0
      const tenant = { dealerGroupId: group, storeId: storeId as StoreId }
      // a page of the store's card keys, then their histories; the next page is read while this
      // one is replayed (the store and the replay overlap)
      const read = (from: CardKeyPage["after"]) =>
        Effect.forkChild(
          Effect.flatMap(source.cardKeys(tenant, { limit: batchSize, after: from }), (keys) =>
            Effect.map(
              source.histories(
                tenant,
                keys.map((k) => k.cardId)
              ),
              (histories) => ({ keys, histories })
            )
          )
        )
      let done = 0
      let next = total > 0 ? yield* read(undefined) : undefined
      while (next !== undefined) {
        const { keys, histories } = yield* Fiber.join(next)
        const last = keys.at(-1)
        next =
          keys.length === batchSize && last !== undefined
            ? yield* read({ storeId: tenant.storeId, cardId: last.cardId })
            : undefined
        const replayed = replayBatch(acc, histories, from, to, current, draft)
        for (const c of replayed) {
          const s = c.steps.at(-1)?.state
          if (s?.delivery === undefined || s.customerId === undefined || s.owner === undefined) continue
          deliveries.push({
            deliveryId: `dlv-${c.cardId}`,
            customerId: s.customerId,
            consultantId: s.owner,
            storeId: tenant.storeId,
            deliveredOn: s.delivery.deliveredOn,
            saleKind: "retail",
            units: 1
          })
        }
        cards += histories.length
        done += keys.length
        options.onProgress?.({ storeId, cardsDone: Math.min(done, total), cardsTotal: Math.max(done, total) })
        yield* Effect.yieldNow
      }
    }
    if (missing !== undefined) return yield* missing

    // settlement and rewards: facts (deliveries, referrals, ledger), settled under each policy
    const referralRows = yield* source.referralsOn(scope, { from: "2000-01-01" as CalendarDate, to })
    const referrals: Array<ReferralFact> = []
    for (const r of [...referralRows].sort((a, b) => (a.referralId < b.referralId ? -1 : 1))) {
      const { state } = yield* getReferral(r.tenant, ReferralId.make(r.referralId))
      const fact = referralFactOf(state)
      if (fact !== undefined) referrals.push(fact)
    }
    const ledger = (yield* readLedger(scope)).map((r) => r.entry)
    const history: SettlementHistory = { deliveries, referrals, contacts: options.surveys ?? [], ledger }
    const totals = new Map<
      string,
      {
        party: PartyTotal["party"]
        currentFen: number
        draftFen: number
        rewardCurrentFen: number
        rewardDraftFen: number
      }
    >()
    const party = (p: PartyTotal["party"]) => {
      const k = `${p.kind}\u0000${p.id}`
      let t = totals.get(k)
      if (t === undefined) {
        t = { party: p, currentFen: 0, draftFen: 0, rewardCurrentFen: 0, rewardDraftFen: 0 }
        totals.set(k, t)
      }
      return t
    }
    const lineKinds = (lines: ReadonlyArray<SettlementLine>, side: "current" | "draft") => {
      for (const l of lines) {
        const { first, last } = monthRange(l.month)
        const inWindow = last >= from && first <= to
        if (!inWindow) continue
        const t = party(l.party)
        if (side === "current") t.currentFen += l.amountFen
        else t.draftFen += l.amountFen
        acc.diffs.add(
          "settlement",
          l.kind,
          [...l.explanation.rowIds].sort(),
          "fen",
          side === "current" ? l.amountFen : 0,
          side === "draft" ? l.amountFen : 0,
          l.explanation.facts[0]
        )
      }
    }
    const problems: Array<{ factId: string; message: string }> = []
    const rewardChanges: Array<WhatIfChange> = []
    for (const month of monthsOf(from, to)) {
      const a = settleMonth(history, month, currentAt)
      const b = settleMonth(history, month, draftAt)
      lineKinds(a.lines, "current")
      lineKinds(b.lines, "draft")
      problems.push(...a.problems, ...b.problems)
      const w = whatIf(history, month, currentAt, draftAt)
      for (const c of w.changes) {
        if (!c.subject.startsWith("reward:")) continue
        rewardChanges.push(c)
        const t = party(c.party)
        t.rewardCurrentFen += c.currentFen
        t.rewardDraftFen += c.draftFen
        acc.diffs.add(
          "reward",
          "referrerReward",
          [...(c.draft?.rowIds ?? [])].sort(),
          "fen",
          c.currentFen,
          c.draftFen,
          c.subject.slice(7)
        )
      }
    }
    return {
      scope,
      from,
      to,
      draft: { policyId: draftDocument.policyId, version: draftDocument.version },
      cards,
      cardDays: acc.cardDays,
      differences: acc.diffs.list(),
      workload: workloadOf(acc),
      parties: [...totals.values()]
        .filter((t) => t.currentFen !== 0 || t.draftFen !== 0 || t.rewardCurrentFen !== t.rewardDraftFen)
        .sort((a, b) => (a.party.kind + a.party.id < b.party.kind + b.party.id ? -1 : 1)),
      rewardChanges,
      problems
    }
  }).pipe(traced("jipan.replayPolicy", { ...tenantIds(scope) }))

// ---------------------------------------------------------------------------------------------
// Decision-table views of the policy's rules
