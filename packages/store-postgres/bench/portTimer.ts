// Where a use case's time goes in the benches: every storage port's calls timed from outside
// (Effect.updateService wrappers), shared by close-day, erase-person and retention-sweep.
import { loadavg } from "node:os"
import {
  AuditLog,
  CardStore,
  ConsentStore,
  DeliveryReceipts,
  Outbox,
  PolicyStore,
  ReferralStore,
  ReportSource,
  StoreTransaction
} from "@jipan/core"
import { Effect } from "effect"

/** Calls and milliseconds per `Port.method`. */
export type PortCalls = Map<string, { n: number; ms: number }>

/**
 * A timer of the storage ports: `timed(effect)` runs the effect with every port's methods timed
 * into `calls` (cleared by the caller between runs). `StoreTransaction.withTransaction` wraps the
 * others, so it is not counted (its own cost is BEGIN/SAVEPOINT/COMMIT).
 */
export const portTimer = () => {
  const calls: PortCalls = new Map()
  const timedService = <S extends object>(name: string, service: S, skip: ReadonlyArray<string> = []): S => {
    const out: Record<string, unknown> = { ...(service as Record<string, unknown>) }
    for (const [key, value] of Object.entries(service)) {
      if (typeof value !== "function" || skip.includes(key)) continue
      out[key] = (...args: Array<unknown>) =>
        Effect.suspend(() => {
          const t0 = performance.now()
          return Effect.ensuring(
            (value as (...a: Array<unknown>) => Effect.Effect<unknown>)(...args),
            Effect.sync(() => {
              const c = calls.get(`${name}.${key}`) ?? { n: 0, ms: 0 }
              c.n++
              c.ms += performance.now() - t0
              calls.set(`${name}.${key}`, c)
            })
          )
        })
    }
    return out as S
  }
  const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.updateService(CardStore, (s) => timedService("CardStore", s)),
      Effect.updateService(ReportSource, (s) => timedService("ReportSource", s)),
      Effect.updateService(PolicyStore, (s) => timedService("PolicyStore", s)),
      Effect.updateService(ReferralStore, (s) => timedService("ReferralStore", s)),
      Effect.updateService(Outbox, (s) => timedService("Outbox", s)),
      Effect.updateService(DeliveryReceipts, (s) => timedService("DeliveryReceipts", s)),
      Effect.updateService(ConsentStore, (s) => timedService("ConsentStore", s)),
      Effect.updateService(AuditLog, (s) => timedService("AuditLog", s)),
      Effect.updateService(StoreTransaction, (s) => timedService("StoreTransaction", s, ["withTransaction"]))
    )
  return { calls, timed }
}

/**
 * Adds one run's `calls` to the totals: the number of calls per `Port.method` into `counts`, the
 * run's milliseconds into `perRun`'s list.
 */
export const tally = (
  calls: PortCalls,
  counts: Map<string, number>,
  perRun: Map<string, Array<number>>
): void => {
  for (const [key, c] of calls) {
    counts.set(key, (counts.get(key) ?? 0) + c.n)
    const list = perRun.get(key) ?? []
    list.push(c.ms)
    perRun.set(key, list)
  }
}

/** The machine's load averages (1, 5, 15 minutes), for the bench's notes. */
export const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")
