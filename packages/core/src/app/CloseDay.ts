/**
 * The close of day (日结), what a DMS runs nightly: the lapse rule applied to overdue prospects as
 * events with their rule ids, vouchers past their date expired in the ledger, and the day's care
 * contacts and greetings and the voucher reminders turned into outbox messages (consent and quiet
 * hours are the dispatcher's, when they are sent), and the retention sweep (`retentionSweep`). Each card and referral changes on its
 * own — a lapse in a batch of its store's cards (one read, one write of 200 when the store offers
 * `loadStates`/`appendMany`), its write conditional on the version it was decided on, a card that
 * moved meanwhile decided again alone; anything else in its own transaction — so one refusal never
 * holds back the rest, and running the close twice for a day
 * changes nothing the second time: a grade set that day does not lapse again, an expired voucher
 * is no longer issued, and the messages keep their idempotency keys.
 *
 * @module
 */
import { Effect, Result } from "effect"
import { cardDecider } from "../card/Card.js"
import type { CardEvent } from "../card/CardEvent.js"
import { lapseOf, lapseStepReached } from "../grading/FollowUp.js"
import {
  addDays,
  type CalendarDate,
  CalendarDate as CalendarDateSchema,
  daysBetween
} from "../kernel/CalendarDate.js"
import { decideAndEvolve } from "../kernel/Decider.js"
import { decoderFor, type InvalidInput } from "../kernel/Errors.js"
import type { CardId, ReferralId } from "../kernel/Ids.js"
import { Instant } from "../kernel/Instant.js"
import type { IntentType } from "../kernel/IntentType.js"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant, TenantScope } from "../kernel/Tenant.js"
import type { DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import type { NotificationPayload } from "../notify/Notification.js"
import {
  careContactMessages,
  type NotificationDirectory,
  voucherExpiryMessages
} from "../notify/Notification.js"
import { Outbox, type OutboxDraft, type OutboxMessage } from "../notify/Outbox.js"
import { ConsentStore, personConsentAt, phonesOf, purposeOfNotification } from "../notify/PersonConsent.js"
import { defaultIntents, type GradeId } from "../policy/GradingPolicy.js"
import { defaultPolicy, type NoPolicyInForce, type Policy } from "../policy/Policy.js"
import { ReportSource } from "../report/ReportSource.js"
import type { AuditLog } from "./AuditLog.js"
import { type CardAppend, CardStore } from "./CardStore.js"
import { cardAppendOf } from "./internal/cardAppend.js"
import { PolicyStore } from "./PolicyStore.js"
import type { ReferralStore } from "./ReferralStore.js"
import { findAllReferrals, handleReferral } from "./ReferralUseCase.js"
import { type RetentionSwept, retentionSweep } from "./RetentionSweep.js"
import type { StoreTransaction } from "./StoreTransaction.js"
import { handleCard } from "./UseCase.js"
import { policyInForce, type UseCaseOptions, withPolicyDocumentsOnce } from "./UseCaseOptions.js"

/**
 * Options of the close of day: `directory` (the DMS's look-up of customers' names and channels and
 * of the store) makes the customer messages; without it the close changes grades and vouchers only.
 *
 * @example
 * ```ts
 * import type { CloseDayOptions } from "@jipan/core"
 * const options: CloseDayOptions = { policyWhenNoDocuments: "fail" }
 * ```
 */
export interface CloseDayOptions extends UseCaseOptions {
  readonly directory?: NotificationDirectory | undefined
  /**
   * How many cards are handled at once when each goes alone (in its own transaction); 8 when
   * absent (on SQL each takes a pooled connection). A store that batches (`CardStore.appendMany`)
   * takes the lapses 200 cards a statement, at most 2 statements at once (fewer when this is 1).
   */
  readonly concurrency?: number | undefined
}

/**
 * What a close of day did: the grades lowered (card, from, to, the lapse step's rule id), the
 * vouchers expired, the outbox messages written or already there (their ids), and what it could
 * not do (a card or referral refusing, a store without a policy in force), each with its reason.
 *
 * @example
 * ```ts
 * import type { DayClosed } from "@jipan/core"
 * const line = (d: DayClosed) => `${d.day}: ${d.lapsed.length} lapsed, ${d.vouchersExpired.length} vouchers expired`
 * ```
 */
export interface DayClosed {
  readonly day: CalendarDate
  readonly lapsed: ReadonlyArray<{
    readonly tenant: Tenant
    readonly cardId: CardId
    readonly from: string
    readonly to: string
    readonly ruleId: string
  }>
  readonly vouchersExpired: ReadonlyArray<{
    readonly tenant: Tenant
    readonly referralId: ReferralId
    readonly voucherId: string
  }>
  readonly messages: ReadonlyArray<string>
  readonly problems: ReadonlyArray<{ readonly id: string; readonly error: string; readonly message: string }>
  /** What the retention sweep erased (`privacy.retention`), and what a legal hold kept. */
  readonly retention: RetentionSwept
}

const decodeDay = /* @__PURE__ */ decoderFor(CalendarDateSchema, "CalendarDate")
const decodeAt = /* @__PURE__ */ decoderFor(Instant, "Instant")

const closer = { id: "jipan.closeDay", role: "system" as const }

/**
 * Closes a day for a scope at the caller's instant `at` (after the day's last command: the lapse
 * is recorded then). See the module for what it does; returns it, with the problems met.
 *
 * @example
 * ```ts
 * import { closeDay } from "@jipan/core"
 * closeDay({ dealerGroupId, storeId }, "2026-12-06", Date.parse("2026-12-06T23:30:00+08:00"))
 * ```
 */
export const closeDay = (
  scope: TenantScope,
  day: string,
  at: number,
  options: CloseDayOptions = {}
): Effect.Effect<
  DayClosed,
  StoreError | InvalidInput,
  | CardStore
  | ReferralStore
  | PolicyStore
  | Outbox
  | StoreTransaction
  | ReportSource
  | AuditLog
  | DeliveryReceipts
  | ConsentStore
> =>
  Effect.gen(function* () {
    const d = decodeDay(day)
    if (Result.isFailure(d)) return yield* d.failure
    const instant = decodeAt(at)
    if (Result.isFailure(instant)) return yield* instant.failure
    const today = d.success
    const lapsed: Array<DayClosed["lapsed"][number]> = []
    const vouchersExpired: Array<DayClosed["vouchersExpired"][number]> = []
    const problems: Array<DayClosed["problems"][number]> = []
    const refused = (id: string) => (e: { readonly _tag: string; readonly message: string }) =>
      Effect.sync(() => {
        problems.push({ id, error: e._tag, message: e.message })
      })

    // 1. the lapse rule: the prospects due long enough ago to have reached a downgrade step of
    //    some store's policy (the earliest such step of the group's default); each decides itself
    const reports = yield* ReportSource
    const candidates = yield* reports.cardFacts(scope, {
      statuses: ["prospect"],
      dueBefore: addDays(today, -(yield* minimumDowngradeDays(scope)) + 1)
    })
    // the card's own policy decides; the facts tell which cards it would lower, so a card that
    // cannot lapse today costs no transaction (the command decides again, on the card's state)
    const policies = new Map<string, Policy | undefined>()
    const lapsing: Array<(typeof candidates)[number]> = []
    for (const fact of candidates) {
      const storeKey = fact.tenant.storeId as string
      // the policy the command resolves: in force at the close's instant
      if (!policies.has(storeKey))
        policies.set(storeKey, yield* policyFor(fact.tenant, instant.success, options))
      const policy = policies.get(storeKey)
      if (policy === undefined) {
        lapsing.push(fact) // no policy in force: the command reports it
        continue
      }
      if (mayLapse(fact, today, policy)) lapsing.push(fact)
    }
    const command = { _tag: "ApplyLapse", by: closer, at: instant.success } as const
    const recordLapses = (tenant: Tenant, cardId: CardId, events: ReadonlyArray<CardEvent>) => {
      for (const e of events)
        if (e._tag === "GradeLapsed")
          lapsed.push({ tenant, cardId, from: e.from, to: e.grade, ruleId: `followUp.${e.stepId}` })
    }
    const lapseAlone = (fact: (typeof lapsing)[number]) => {
      const { tenant, cardId } = fact
      return handleCard({ tenant, cardId, command }, options).pipe(
        Effect.tap((handled) => Effect.sync(() => recordLapses(tenant, cardId, handled.events))),
        Effect.asVoid,
        Effect.catchIf((e) => e._tag !== "StoreError", refused(`card:${tenant.storeId}/${cardId}`))
      )
    }
    // cards of a store are independent: a pool of connections takes several at once
    const concurrency = options.concurrency ?? 8
    const cards = yield* CardStore
    const { loadStates, appendMany } = cards
    if (loadStates === undefined || appendMany === undefined || options.messages !== undefined) {
      yield* Effect.forEach(lapsing, lapseAlone, { concurrency, discard: true })
    } else {
      // in batches of one tenant's cards: one read of their states and one write of every lapse
      // (a lapse writes no message and drives no referral, so it needs no transaction: each
      // card's write is conditional on the version it was decided on); a card the batch could
      // not write goes alone, through the command's own path, which decides again
      const alone: Array<(typeof lapsing)[number]> = []
      const batch = ({ tenant, facts: chunk }: LapseBatch<(typeof lapsing)[number]>) =>
        Effect.gen(function* () {
          // read for the candidates above (every lapsing card's store)
          const policy = policies.get(tenant.storeId as string)
          if (policy === undefined) {
            alone.push(...chunk) // no policy in force: the command reports it
            return
          }
          const states = yield* loadStates(
            tenant,
            chunk.map((f) => f.cardId)
          )
          const appends: Array<CardAppend> = []
          const decided: Array<{ fact: (typeof chunk)[number]; events: ReadonlyArray<CardEvent> }> = []
          for (const fact of chunk) {
            const before = states.get(fact.cardId)
            if (before === undefined) {
              alone.push(fact)
              continue
            }
            const r = decideAndEvolve(cardDecider, command, before, policy)
            if (Result.isFailure(r)) {
              problems.push({
                id: `card:${tenant.storeId}/${fact.cardId}`,
                error: r.failure._tag,
                message: r.failure.message
              })
              continue
            }
            if (r.success.events.length === 0) continue // the lapse not reached on the card's state
            appends.push(cardAppendOf(tenant, fact.cardId, command.at, { ...r.success, before, policy }))
            decided.push({ fact, events: r.success.events })
          }
          if (appends.length === 0) return
          const written = yield* appendMany(tenant, appends)
          decided.forEach(({ fact, events }, i) => {
            if (written[i] === true) recordLapses(tenant, fact.cardId, events)
            else alone.push(fact)
          })
        }).pipe(traced("jipan.closeDay.lapses", { ...tenantIds(tenant), cards: chunk.length }))
      // two at once: one decided in the process while the other is written (more only queue on
      // the database: measured on PostgreSQL, 4 at once took twice as long as 2)
      yield* Effect.forEach(batchesOf(lapsing, LAPSE_BATCH), batch, {
        concurrency: Math.min(concurrency, 2),
        discard: true
      })
      yield* Effect.forEach(alone, lapseAlone, { concurrency, discard: true })
    }
    lapsed.sort(byCard)
    problems.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

    // 2. vouchers past their date expire (the ledger takes the value back)
    const issued = yield* findAllReferrals(scope, { status: ["rewardIssued"] })
    for (const f of issued) {
      const voucher = f.state.voucher
      if (voucher === undefined || voucher.expiresOn >= today) continue
      yield* handleReferral(
        { tenant: f.tenant, referralId: f.referralId, command: { _tag: "ExpireReward", on: today } },
        options
      ).pipe(
        Effect.tap(() =>
          Effect.sync(() => {
            vouchersExpired.push({ tenant: f.tenant, referralId: f.referralId, voucherId: voucher.voucherId })
          })
        ),
        Effect.asVoid,
        Effect.catchIf(
          (e) => e._tag !== "StoreError",
          refused(`referral:${f.tenant.storeId}/${f.referralId}`)
        )
      )
    }

    // 3. the day's care contacts and greetings, and the voucher reminders, as outbox messages
    const messages: Array<OutboxMessage> = []
    const directory = options.directory
    if (directory !== undefined) {
      const due = (yield* cards.careDue(scope, today)).filter((c) => c.on === today)
      // owned customers and broad-base owners (他牌基盘 / 本牌他销) are cared for alike (no
      // contact due today: nobody to read)
      const owned =
        due.length === 0 ? [] : yield* reports.cardFacts(scope, { statuses: ["owned", "broadBase"] })
      const customers = new Map(owned.map((f) => [`${f.tenant.storeId}\u0000${f.cardId}`, f.customerId]))
      const byTenant = new Map<string, { tenant: Tenant; drafts: Array<OutboxDraft> }>()
      const add = (tenant: Tenant, drafts: ReadonlyArray<OutboxDraft>) => {
        const k = `${tenant.dealerGroupId}\u0000${tenant.storeId}`
        const entry = byTenant.get(k) ?? { tenant, drafts: [] }
        entry.drafts.push(...drafts)
        byTenant.set(k, entry)
      }
      for (const contact of due) {
        const customerId = customers.get(`${contact.tenant.storeId}\u0000${contact.cardId}`)
        if (customerId === undefined) continue
        const policy = yield* policyFor(contact.tenant, today, options)
        if (policy === undefined) continue
        add(
          contact.tenant,
          careContactMessages({
            tenant: contact.tenant,
            policy,
            at: instant.success,
            directory,
            contacts: [{ contact, customerId }]
          })
        )
      }
      for (const f of issued) {
        const voucher = f.state.voucher
        const referrerId = f.state.registration?.referrer.id
        if (voucher === undefined || referrerId === undefined || voucher.expiresOn < today) continue
        const policy = yield* policyFor(f.tenant, today, options)
        if (policy === undefined) continue
        add(
          f.tenant,
          voucherExpiryMessages({
            tenant: f.tenant,
            policy,
            at: instant.success,
            today,
            directory,
            vouchers: [
              {
                voucherId: voucher.voucherId,
                referrerId,
                reward: voucher.choice.label[policy.notifications.locale],
                expiresOn: voucher.expiresOn
              }
            ]
          })
        )
      }
      const ledger = yield* ConsentStore
      for (const { tenant, drafts } of byTenant.values())
        for (const draft of drafts) {
          // a person who withdrew the purpose's consent gets no message written (the dispatcher
          // would skip it; PIPL: stop processing once consent is withdrawn)
          const p = draft.payload as Partial<NotificationPayload> | undefined
          const purpose = p?.customerFacing === true ? purposeOfNotification(p.kind ?? "") : undefined
          if (purpose !== undefined && p?.channel !== undefined) {
            let withdrawn = false
            for (const phone of phonesOf(p.to ?? [])) {
              const entries = yield* ledger.ofPerson(tenant.dealerGroupId, phone)
              if (personConsentAt(entries, purpose, p.channel, instant.success)._tag === "Withdrawn")
                withdrawn = true
            }
            if (withdrawn) continue
          }
          const key = draft.idempotencyKey ?? `${draft.topic}:${draft.recipient}:${today}`
          messages.push({
            // the key is the message's id as well: a second close of the day writes nothing new
            id: `close:${key}`,
            idempotencyKey: key,
            tenant,
            topic: draft.topic,
            recipient: draft.recipient,
            payload: draft.payload,
            availableAt: draft.availableAt ?? instant.success,
            status: "pending",
            attempts: 0,
            lastError: undefined
          })
        }
      if (messages.length > 0) yield* (yield* Outbox).enqueue(messages)
    }
    // 4. retention: the people and visits whose retention period is over are erased
    const retention = yield* retentionSweep(scope, today, instant.success, options)
    return { day: today, lapsed, vouchersExpired, messages: messages.map((m) => m.id), problems, retention }
  }).pipe(
    // the policy documents are read once for the whole close
    withPolicyDocumentsOnce,
    traced("jipan.closeDay", { ...tenantIds(scope), date: day })
  )

/** Cards a batch of lapses takes: a statement of a few hundred kilobytes, a few milliseconds of deciding. */
const LAPSE_BATCH = 200

interface LapseBatch<F> {
  readonly tenant: Tenant
  readonly facts: ReadonlyArray<F>
}

/** The cards in batches of one tenant each, at most `size` a batch, in the order given. */
const batchesOf = <F extends { readonly tenant: Tenant }>(
  facts: ReadonlyArray<F>,
  size: number
): ReadonlyArray<LapseBatch<F>> => {
  const byTenant = new Map<string, { tenant: Tenant; list: Array<F> }>()
  for (const f of facts) {
    const k = `${f.tenant.dealerGroupId}\u0000${f.tenant.storeId}`
    const entry = byTenant.get(k)
    if (entry === undefined) byTenant.set(k, { tenant: f.tenant, list: [f] })
    else entry.list.push(f)
  }
  const batches: Array<LapseBatch<F>> = []
  for (const { tenant, list } of byTenant.values())
    for (let i = 0; i < list.length; i += size) batches.push({ tenant, facts: list.slice(i, i + size) })
  return batches
}

const byCard = (
  a: { readonly tenant: Tenant; readonly cardId: string },
  b: { readonly tenant: Tenant; readonly cardId: string }
) =>
  a.tenant.storeId !== b.tenant.storeId
    ? a.tenant.storeId < b.tenant.storeId
      ? -1
      : 1
    : a.cardId < b.cardId
      ? -1
      : a.cardId > b.cardId
        ? 1
        : 0

/** Whether the lapse rule would lower a card on a day, from its facts (what `ApplyLapse` decides on its state). */
const mayLapse = (
  fact: {
    readonly intent?: IntentType | undefined
    readonly grade: GradeId | undefined
    readonly nextContactDue: CalendarDate | undefined
    readonly gradeSince: CalendarDate | undefined
  },
  today: CalendarDate,
  policy: Policy
): boolean => {
  if (fact.grade === undefined || fact.nextContactDue === undefined || (fact.gradeSince ?? today) >= today)
    return false
  const latent = (policy.followUp.intents ?? defaultIntents).latent
  if (fact.intent === "latent" && latent !== undefined && !latent.lapse) return false
  const step = lapseStepReached(policy, daysBetween(fact.nextContactDue, today))
  return step?.action === "downgrade" && lapseOf(policy, step, fact.grade).downgradeTo !== undefined
}

/** The policy in force for a tenant on a day; none when none is in force (the day is skipped for it). */
const policyFor = (tenant: Tenant, day: CalendarDate | number, options: UseCaseOptions) =>
  policyInForce(tenant, day, options).pipe(
    Effect.map((p): Policy | undefined => p),
    Effect.catchTag("NoPolicyInForce", (_: NoPolicyInForce) => Effect.succeed(undefined))
  )

/**
 * The fewest overdue days at which any downgrade step of the group applies (the default policy's
 * and every document's follow-up section): a bound below every store's own, so the candidates
 * read are few and none is missed; each card's own policy decides. A year when nothing downgrades.
 */
const minimumDowngradeDays = (scope: TenantScope): Effect.Effect<number, StoreError, PolicyStore> =>
  Effect.gen(function* () {
    const documents = yield* (yield* PolicyStore).documents(scope.dealerGroupId)
    const steps = [
      defaultPolicy.followUp,
      ...documents.flatMap((d) => (d.followUp === undefined ? [] : [d.followUp]))
    ]
      .flatMap((f) => f.lapse)
      .filter((s) => s.action === "downgrade")
      .map((s) => s.overdueDaysAtLeast)
    return steps.length === 0 ? 366 : Math.min(...steps)
  })
