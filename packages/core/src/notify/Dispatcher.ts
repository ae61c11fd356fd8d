/**
 * The outbox dispatcher (principle 5): claims due messages with a lease, checks consent and quiet
 * hours at send time, sends through the {@link NotifierChannels} registry with the message's
 * stable idempotency key, and settles each message: sent, retried later with exponential backoff
 * and jitter, dead-lettered with the last error after the policy's attempts, or skipped with the
 * reason. Several dispatchers may run at once (each claim hides its messages for the lease); a
 * dispatcher that dies mid-batch loses nothing: its messages return when the lease runs out and
 * are sent again with the same key (at least once).
 *
 * All time comes from effect's `Clock` and all randomness from its `Random` service, so a test
 * drives both (`TestClock`, `Random.withSeed`). The rules — {@link retryDelayMs},
 * {@link failureOutcome} — are pure.
 *
 * @module
 */
import { Clock, Effect, Option, Random, Ref, Schema, Semaphore } from "effect"
import { tenantIds, traced } from "../kernel/Observability.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { Tenant } from "../kernel/Tenant.js"
import type { NotificationsSection } from "../policy/NotificationPolicy.js"
import { defaultPolicy, type Policy } from "../policy/Policy.js"
import { ConsentBook, type ConsentDecision, consentAt } from "./Consent.js"
import { NotificationPayload } from "./Notification.js"
import { type ChannelError, type ChannelMessage, NotifierChannels } from "./NotifierChannel.js"
import { Outbox, type OutboxMessage, type OutboxOutcome, type OutboxSettlement } from "./Outbox.js"
import { ConsentStore, personConsentAt, phonesOf, purposeOfNotification } from "./PersonConsent.js"
import { isWithinHours, nextAllowedTime } from "./QuietHours.js"

/**
 * The delay before the next attempt after `failures` failed attempts (1 for the first failure):
 * `baseSeconds · 2^(failures−1)`, capped at `maxSeconds`, of which the `jitter` share is
 * randomised downwards by `random` (a number in [0, 1) the caller draws).
 *
 * @example
 * ```ts
 * import { retryDelayMs } from "@jipan/core"
 * retryDelayMs(3, { baseSeconds: 30, maxSeconds: 3600, jitter: 0 }, 0.5) // 120000
 * ```
 */
export const retryDelayMs = (
  failures: number,
  backoff: NotificationsSection["backoff"],
  random: number
): number => {
  const exponent = Math.max(0, Math.min(failures - 1, 30))
  const ceiling = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** exponent) * 1000
  return Math.round(ceiling * (1 - backoff.jitter * Math.min(Math.max(random, 0), 1)))
}

/**
 * What to do with a message whose send just failed: retry at an instant (backoff, moved into the
 * allowed hours for a customer-facing message), or dead-letter it (not retryable, or the
 * policy's attempts are used up).
 *
 * @example
 * ```ts
 * import { defaultPolicy, failureOutcome } from "@jipan/core"
 * failureOutcome({ attempts: 7, retryable: true, now: 0, customerFacing: false, random: 0 }, defaultPolicy)._tag // "Dead"
 * ```
 */
export const failureOutcome = (
  input: {
    /** Attempts recorded before this one. */
    readonly attempts: number
    readonly retryable: boolean
    readonly now: number
    readonly customerFacing: boolean
    readonly random: number
  },
  policy: Pick<Policy, "notifications" | "timeZone">
): { readonly _tag: "Retry"; readonly at: number } | { readonly _tag: "Dead" } => {
  const n = policy.notifications
  const failures = input.attempts + 1
  if (!input.retryable || failures >= n.maxAttempts) return { _tag: "Dead" }
  const at = input.now + retryDelayMs(failures, n.backoff, input.random)
  return {
    _tag: "Retry",
    at: input.customerFacing ? nextAllowedTime(at, n.customerHours, policy.timeZone) : at
  }
}

/**
 * Options of the dispatcher.
 *
 * - `batchSize` (50): messages claimed at once.
 * - `leaseMs` (60 000): how long a claim hides its messages from other dispatchers; longer than a
 *   batch takes to send.
 * - `concurrency` (8): sends in flight at once.
 * - `inFlightPerChannel` (1): sends in flight at once on a channel whose receiver does not
 *   deduplicate (SMS, group robots, email; `NotifierChannel.deduplicates` false), each recorded
 *   as soon as it is sent: a dispatcher killed mid-run repeats at most this many messages per
 *   such channel. Raise it for throughput where a repeat now and then is acceptable.
 * - `groupSize` (32): a batch is sent in groups; each group's outcomes are written in one
 *   `settle` (one statement on SQL stores) while the next group is being sent.
 * - `pipelines` (2): batch loops `run` and `runUntilIdle` keep going at once (sharing the
 *   `concurrency` send slots and the rate limits), so claiming and recording overlap sending.
 * - `pollIntervalMs` (1 000): how long a loop of `run` waits when its claim comes back short.
 * - `claimant`: this dispatcher's id on its claims (default: a random one); the store settles a
 *   message only while this dispatcher still holds it, so one whose lease ran out and that
 *   another dispatcher took over is never settled twice.
 * - `policy`: the policy of a tenant (its `notifications` section and time zone); defaults to
 *   {@link defaultPolicy}.
 *
 * @example
 * ```ts
 * import type { DispatcherOptions } from "@jipan/core"
 * const options: DispatcherOptions = { batchSize: 100, leaseMs: 30_000 }
 * ```
 */
export interface DispatcherOptions {
  readonly batchSize?: number | undefined
  readonly leaseMs?: number | undefined
  readonly concurrency?: number | undefined
  readonly inFlightPerChannel?: number | undefined
  readonly groupSize?: number | undefined
  readonly pipelines?: number | undefined
  readonly pollIntervalMs?: number | undefined
  readonly claimant?: string | undefined
  readonly policy?: ((tenant: Tenant) => Pick<Policy, "notifications" | "timeZone">) | undefined
}

/**
 * What one batch did: claimed, and how each claimed message was settled (`postponed`: left for
 * the lease to return, when a rate limit would have held it past the lease; `lost`: sent or
 * decided, but by then held by another dispatcher, whose outcome stands).
 *
 * @example
 * ```ts
 * import type { DispatchReport } from "@jipan/core"
 * const settled = (r: DispatchReport) => r.sent + r.retried + r.dead + r.skipped + r.deferred + r.postponed
 * ```
 */
export interface DispatchReport {
  readonly claimed: number
  readonly sent: number
  readonly retried: number
  readonly dead: number
  readonly skipped: number
  readonly deferred: number
  readonly postponed: number
  readonly lost: number
}

/**
 * A dispatcher: `runOnce` sends one batch, `run` loops forever (interrupt it to stop),
 * `runUntilIdle` until nothing is due. The per-channel rate limits are counted in this
 * dispatcher (per process).
 *
 * @example
 * ```ts
 * import type { Dispatcher } from "@jipan/core"
 * const loop = (d: Dispatcher) => d.run
 * ```
 */
export interface Dispatcher {
  readonly runOnce: Effect.Effect<DispatchReport, StoreError, Outbox | NotifierChannels>
  readonly run: Effect.Effect<never, StoreError, Outbox | NotifierChannels>
  /** Runs batches until a claim comes back empty (e.g. from a cron job); the messages claimed. */
  readonly runUntilIdle: Effect.Effect<number, StoreError, Outbox | NotifierChannels>
}

const decodePayload = Schema.decodeUnknownOption(NotificationPayload)

const toChannelMessage = (m: OutboxMessage, p: NotificationPayload): ChannelMessage => ({
  idempotencyKey: m.idempotencyKey,
  messageId: m.id,
  tenant: m.tenant,
  kind: p.kind,
  data: p.data,
  customerFacing: p.customerFacing,
  locale: p.locale,
  subject: p.subject,
  text: p.text,
  markdown: p.markdown,
  ...(p.to.length > 0 ? { to: p.to } : {}),
  ...(p.mentions === undefined ? {} : { mentions: p.mentions })
})

/**
 * Makes a dispatcher with its own rate-limit counters.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeDispatcher } from "@jipan/core"
 * const program = Effect.gen(function* () {
 *   const dispatcher = yield* makeDispatcher({ batchSize: 100 })
 *   return yield* dispatcher.runOnce
 * })
 * ```
 */
export const makeDispatcher = (options: DispatcherOptions = {}): Effect.Effect<Dispatcher> =>
  Effect.gen(function* () {
    const batchSize = options.batchSize ?? 50
    const leaseMs = options.leaseMs ?? 60_000
    const concurrency = options.concurrency ?? 8
    const inFlightPerChannel = Math.max(1, Math.floor(options.inFlightPerChannel ?? 1))
    const pollIntervalMs = options.pollIntervalMs ?? 1_000
    const pipelines = Math.max(1, options.pipelines ?? 2)
    const policyOf = options.policy ?? (() => defaultPolicy)
    const groupSize = Math.max(1, options.groupSize ?? 32)
    const claimant =
      options.claimant ??
      `dispatcher-${(yield* Random.nextInt).toString(36)}-${(yield* Random.nextInt).toString(36)}`
    const sending = Semaphore.makeUnsafe(concurrency)
    /** A semaphore per channel, made on first use with `permits`. */
    const perChannel = (permits: number) => {
      const semaphores = new Map<string, Semaphore.Semaphore>()
      return (channel: string) => {
        let semaphore = semaphores.get(channel)
        if (semaphore === undefined) {
          semaphore = Semaphore.makeUnsafe(permits)
          semaphores.set(channel, semaphore)
        }
        return semaphore
      }
    }
    // `inFlightPerChannel` messages in flight per channel whose receiver does not deduplicate
    const exclusiveOf = perChannel(inFlightPerChannel)
    const windows = yield* Ref.make(new Map<string, ReadonlyArray<number>>())
    // the rate-limit window of a channel is read and written by one fiber at a time
    const lockOf = perChannel(1)

    /** Waits for a send slot on the channel; false when the wait would outlast `deadline`. */
    const takeSlot = (channel: string, perMinute: number, deadline: number): Effect.Effect<boolean> =>
      Semaphore.withPermits(
        lockOf(channel),
        1
      )(
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const recent = ((yield* Ref.get(windows)).get(channel) ?? []).filter((t) => t > now - 60_000)
          let at = now
          if (recent.length >= perMinute) at = (recent[recent.length - perMinute] ?? now) + 60_000
          if (at > deadline) return false
          if (at > now) yield* Effect.sleep(at - now)
          yield* Ref.update(windows, (m) =>
            new Map(m).set(channel, [...recent.filter((t) => t > at - 60_000), at])
          )
          return true
        })
      )

    const consentFor = (
      tenant: Tenant,
      customerId: string,
      channel: string,
      now: number,
      kind: string,
      to: ReadonlyArray<string>
    ) =>
      Effect.gen(function* () {
        // the stored consent ledger first: a record of the message's purpose for any of its
        // numbers decides, and every number must have it granted
        const purpose = purposeOfNotification(kind)
        const ledger = yield* Effect.serviceOption(ConsentStore)
        if (purpose !== undefined && Option.isSome(ledger)) {
          const decisions: Array<ConsentDecision> = []
          for (const phone of phonesOf(to)) {
            const entries = yield* ledger.value.ofPerson(tenant.dealerGroupId, phone)
            if (entries.some((e) => e.purpose === purpose))
              decisions.push(personConsentAt(entries, purpose, channel, now))
          }
          const first = decisions[0]
          if (first !== undefined) return decisions.find((d) => d._tag !== "Granted") ?? first
        }
        const book = yield* Effect.serviceOption(ConsentBook)
        if (Option.isNone(book))
          return {
            _tag: "NoConsent",
            reason: "no consent book is provided (未取得客户同意)"
          } as ConsentDecision
        const records = yield* book.value.records(tenant, customerId)
        return consentAt(records, customerId, channel, now)
      })

    /** What to write for a message; decided (and sent) first, written with its group. */
    type Outcome =
      | { readonly _tag: "sent" }
      | { readonly _tag: "retried"; readonly error: string; readonly at: number }
      | { readonly _tag: "deferred"; readonly error: string; readonly at: number }
      | { readonly _tag: "dead"; readonly error: string }
      | { readonly _tag: "skipped"; readonly reason: string }
      | { readonly _tag: "postponed" }

    const decide = (
      message: OutboxMessage,
      deadline: number
    ): Effect.Effect<Outcome | Settled, StoreError, NotifierChannels | Outbox> =>
      Effect.gen(function* () {
        const channels = yield* NotifierChannels
        const payload = decodePayload(message.payload)
        if (Option.isNone(payload))
          return { _tag: "dead", error: "the payload is not a notification (NotificationPayload)" } as const
        const p = payload.value
        const policy = policyOf(message.tenant)
        const n = policy.notifications
        const now = yield* Clock.currentTimeMillis
        if (p.customerFacing) {
          const consent = yield* consentFor(
            message.tenant,
            p.consentOf ?? message.recipient,
            p.channel,
            now,
            p.kind,
            p.to
          )
          if (consent._tag !== "Granted") return { _tag: "skipped", reason: consent.reason } as const
          if (!isWithinHours(now, n.customerHours, policy.timeZone)) {
            const at = nextAllowedTime(now, n.customerHours, policy.timeZone)
            return {
              _tag: "deferred",
              error: `quiet hours (免打扰): moved to ${new Date(at).toISOString()}`,
              at
            } as const
          }
        }
        const channel = channels.get(p.channel)
        if (Option.isNone(channel))
          return { _tag: "dead", error: `no channel named ${p.channel} is provided` } as const
        const limit = n.rateLimits.find((l) => l.channel === p.channel)
        if (limit !== undefined && !(yield* takeSlot(p.channel, limit.perMinute, deadline)))
          return { _tag: "postponed" } as const
        const attempt = (): Effect.Effect<Outcome, never> =>
          Effect.gen(function* () {
            const sent = yield* Semaphore.withPermits(
              sending,
              1
            )(
              Effect.result(channel.value.send(toChannelMessage(message, p))).pipe(
                traced("jipan.dispatch.send", {
                  ...tenantIds(message.tenant),
                  messageId: message.id,
                  channel: p.channel,
                  kind: p.kind,
                  attempt: message.attempts + 1
                })
              )
            )
            if (sent._tag === "Success") return { _tag: "sent" } as const
            return yield* failed(message, p, sent.failure)
          })
        if (channel.value.deduplicates === true) return yield* attempt()
        // a receiver that does not deduplicate: send alone on the channel and record the outcome
        // before the next send, so a crash leaves at most this one message sent but unrecorded
        return yield* Semaphore.withPermits(
          exclusiveOf(p.channel),
          1
        )(
          Effect.gen(function* () {
            // waiting for the channel may have used up the claim: a message whose lease runs out
            // is another dispatcher's to send, so it goes back untouched
            if ((yield* Clock.currentTimeMillis) > deadline) return { _tag: "postponed" } as const
            const outcome = yield* attempt()
            const settled = yield* settleNow(message, outcome)
            return { _tag: "settled", outcome, lost: settled } as const
          })
        )
      })

    /** Records one message's outcome at once; true when it was lost to another dispatcher. */
    const settleNow = (message: OutboxMessage, o: Outcome) =>
      Effect.gen(function* () {
        const outcome = outcomeOf(o)
        if (outcome === undefined) return false
        const outbox = yield* Outbox
        const result = yield* outbox
          .settle([{ tenant: message.tenant, id: message.id, outcome }], { claimant })
          .pipe(traced("jipan.dispatch.settle", { claimant, messages: 1 }))
        return result.lost.length > 0
      })

    const failed = (message: OutboxMessage, p: NotificationPayload, error: ChannelError) =>
      Effect.gen(function* () {
        const policy = policyOf(message.tenant)
        const outcome = failureOutcome(
          {
            attempts: message.attempts,
            retryable: error.retryable,
            now: yield* Clock.currentTimeMillis,
            customerFacing: p.customerFacing,
            random: yield* Random.next
          },
          policy
        )
        const text = `${error.reason}: ${error.message}`
        return outcome._tag === "Dead"
          ? ({ _tag: "dead", error: text } as const)
          : ({ _tag: "retried", error: text, at: outcome.at } as const)
      })

    /** A message whose outcome was recorded as soon as it was sent (`lost`: another took it over). */
    type Settled = { readonly _tag: "settled"; readonly outcome: Outcome; readonly lost: boolean }

    /** The store outcome of a decision; `undefined` for a postponed message (its lease returns it). */
    const outcomeOf = (o: Outcome): OutboxOutcome | undefined => {
      switch (o._tag) {
        case "sent":
          return { _tag: "Sent" }
        case "retried":
          return { _tag: "Failed", error: o.error, retryAt: o.at }
        case "deferred":
          // quiet hours are not a delivery attempt: the message keeps its attempts
          return { _tag: "Deferred", until: o.at, reason: o.error }
        case "dead":
          return { _tag: "Failed", error: o.error }
        case "skipped":
          return { _tag: "Skipped", reason: o.reason }
        case "postponed":
          return undefined
      }
    }

    /**
     * Sends a group, then records its outcomes in one `settle` (one statement on SQL stores). A
     * crash or a failed write before it only means the group's messages come back after the lease
     * and are sent again; a message another dispatcher took over meanwhile is reported `lost`.
     */
    const settleGroup = (group: ReadonlyArray<OutboxMessage>, deadline: number) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const decided = yield* Effect.forEach(group, (m) => decide(m, deadline), { concurrency })
        const settlements: Array<OutboxSettlement> = []
        for (let i = 0; i < group.length; i++) {
          const m = group[i] as OutboxMessage
          const d = decided[i] ?? { _tag: "postponed" }
          if (d._tag === "settled") continue
          const outcome = outcomeOf(d)
          if (outcome !== undefined) settlements.push({ tenant: m.tenant, id: m.id, outcome })
        }
        const result =
          settlements.length === 0
            ? { settled: 0, lost: [] }
            : yield* outbox
                .settle(settlements, { claimant })
                .pipe(traced("jipan.dispatch.settle", { claimant, messages: settlements.length }))
        const lost = new Set(result.lost)
        return group.map((m, i): Outcome["_tag"] | "lost" => {
          const d = decided[i] ?? { _tag: "postponed" }
          if (d._tag === "settled") return d.lost ? "lost" : d.outcome._tag
          return lost.has(m.id) ? "lost" : d._tag
        })
      })

    const runOnce = Effect.gen(function* () {
      const outbox = yield* Outbox
      const now = yield* Clock.currentTimeMillis
      const claimed = yield* outbox
        .claim({ now, limit: batchSize, leaseMs, claimant })
        .pipe(traced("jipan.dispatch.claim", { claimant, limit: batchSize }))
      // leave a margin: a message must be settled well before another dispatcher may claim it
      const deadline = now + Math.floor(leaseMs * 0.8)
      const groups: Array<ReadonlyArray<OutboxMessage>> = []
      for (let i = 0; i < claimed.length; i += groupSize) groups.push(claimed.slice(i, i + groupSize))
      // groups overlap: one group's sends go on while another's outcomes are written
      const settled = (yield* Effect.forEach(groups, (g) => settleGroup(g, deadline), {
        concurrency: 3
      })).flat()
      const count = (s: Outcome["_tag"] | "lost") => settled.filter((x) => x === s).length
      return {
        claimed: claimed.length,
        sent: count("sent"),
        retried: count("retried"),
        dead: count("dead"),
        skipped: count("skipped"),
        deferred: count("deferred"),
        postponed: count("postponed"),
        lost: count("lost")
      } satisfies DispatchReport
    }).pipe(traced("jipan.dispatch.batch", { claimant }))

    // `pipelines` loops share the send slots and rate limits: while one loop claims or records,
    // another's messages are being sent
    const loops = <A, E, R>(loop: Effect.Effect<A, E, R>) =>
      Effect.asVoid(
        Effect.all(
          Array.from({ length: pipelines }, () => loop),
          { concurrency: "unbounded" }
        )
      )
    const run: Effect.Effect<never, StoreError, Outbox | NotifierChannels> = Effect.andThen(
      loops(
        Effect.forever(
          Effect.flatMap(runOnce, (report) =>
            report.claimed < batchSize ? Effect.sleep(pollIntervalMs) : Effect.void
          )
        )
      ),
      Effect.never
    )
    const runUntilIdle = Effect.gen(function* () {
      let total = 0
      yield* loops(
        Effect.gen(function* () {
          while (true) {
            const report = yield* runOnce
            total += report.claimed
            if (report.claimed === 0) return
          }
        })
      )
      return total
    })
    return { runOnce, run, runUntilIdle }
  })

/**
 * Sends one batch with a fresh dispatcher (rate limits counted within the batch only).
 *
 * @example
 * ```ts
 * import { runDispatcherOnce } from "@jipan/core"
 * const report = runDispatcherOnce({ batchSize: 100 })
 * ```
 */
export const runDispatcherOnce = (
  options: DispatcherOptions = {}
): Effect.Effect<DispatchReport, StoreError, Outbox | NotifierChannels> =>
  Effect.flatMap(makeDispatcher(options), (d) => d.runOnce)

/**
 * Runs a dispatcher until interrupted: a batch, then another at once when the batch was full,
 * else after `pollIntervalMs`.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { runDispatcher, Outbox, NotifierChannels } from "@jipan/core"
 * declare const layers: Layer.Layer<Outbox | NotifierChannels> // a store's outbox and the channels
 * const fiber = Effect.runFork(runDispatcher({ pollIntervalMs: 500 }).pipe(Effect.provide(layers)))
 * ```
 */
export const runDispatcher = (
  options: DispatcherOptions = {}
): Effect.Effect<never, StoreError, Outbox | NotifierChannels> =>
  Effect.flatMap(makeDispatcher(options), (d) => d.run)
