/**
 * The in-memory store: every storage port on plain maps, for tests, prototypes and demos. No I/O.
 * Transactions are real: `withTransaction` works on a private copy that replaces the committed data
 * only when the whole effect succeeds (reads outside it never see uncommitted writes), and
 * transactions run one at a time.
 *
 * @module
 */
import { Context, Effect, Layer, Semaphore } from "effect"
import { aggregateCallIds, tracedPort } from "../kernel/Observability.js"
import type { StoreError } from "../kernel/StoreError.js"
import { inScope, type TenantScope } from "../kernel/Tenant.js"
import { DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import { Outbox } from "../notify/Outbox.js"
import { ConsentStore } from "../notify/PersonConsent.js"
import { ReportSource } from "../report/ReportSource.js"
import { AuditLog } from "./AuditLog.js"
import { CardStore } from "./CardStore.js"
import { memoryAudit } from "./internal/memory/MemoryAudit.js"
import { memoryCards } from "./internal/memory/MemoryCards.js"
import { memoryConsents } from "./internal/memory/MemoryConsents.js"
import { Commit, type Db, emptyDb, type MemoryAccess } from "./internal/memory/MemoryDb.js"
import { memoryOutbox } from "./internal/memory/MemoryOutbox.js"
import { memoryPolicies } from "./internal/memory/MemoryPolicies.js"
import { memoryReceipts } from "./internal/memory/MemoryReceipts.js"
import { memoryReferrals } from "./internal/memory/MemoryReferrals.js"
import { memoryReports } from "./internal/memory/MemoryReports.js"
import { PolicyStore } from "./PolicyStore.js"
import { ReferralStore } from "./ReferralStore.js"
import { type JipanStore, StoreTransaction } from "./StoreTransaction.js"

let instances = 0

/**
 * Creates the ports of one fresh in-memory store (what {@link layerMemory} provides).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CardStore, makeMemory } from "@jipan/core"
 * const program = Effect.gen(function* () {
 *   const cards = yield* CardStore
 *   return yield* cards.list({ dealerGroupId }, {})
 * }).pipe(Effect.provide(makeMemory()))
 * ```
 */
export const makeMemory = (): Context.Context<JipanStore> => {
  let committed: Db = emptyDb
  const lock = Semaphore.makeUnsafe(1)
  // the working copy of the transaction the current fiber is in, for this store instance only
  const Current = Context.Reference<{ db: Db } | undefined>(`@jipan/core/MemoryStore/${++instances}`, {
    defaultValue: () => undefined
  })

  const read = <A>(f: (db: Db) => A): Effect.Effect<A> =>
    Effect.map(Effect.service(Current), (tx) => f(tx === undefined ? committed : tx.db))

  const write = <A, E = never>(f: (db: Db) => Commit<A> | E): Effect.Effect<A, E> =>
    Effect.flatMap(Effect.service(Current), (tx) => {
      const apply = (db: Db, set: (db: Db) => void): Effect.Effect<A, E> => {
        const r = f(db)
        if (r instanceof Commit) {
          set(r.db)
          return Effect.succeed(r.value as A)
        }
        return Effect.fail(r)
      }
      return tx === undefined
        ? Semaphore.withPermits(lock, 1)(Effect.suspend(() => apply(committed, (db) => (committed = db))))
        : Effect.suspend(() => apply(tx.db, (db) => (tx.db = db)))
    })

  const withTransaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(Effect.service(Current), (tx) =>
      tx !== undefined
        ? // a nested transaction is a savepoint, as on SQL: its failure undoes its own writes only
          Effect.suspend(() => {
            const saved = tx.db
            return Effect.onError(effect, () =>
              Effect.sync(() => {
                tx.db = saved
              })
            )
          })
        : Semaphore.withPermits(
            lock,
            1
          )(
            Effect.suspend(() => {
              const box = { db: committed }
              return effect.pipe(
                Effect.provideService(Current, box),
                Effect.tap(() => Effect.sync(() => (committed = box.db)))
              )
            })
          )
    )

  // transactions already run one at a time here (one permit), so a lock has nothing to add
  const cardsIn = (db: Db, scope: TenantScope) =>
    [...db.cards.values()].filter((r) => inScope(scope, r.tenant))
  const access: MemoryAccess = { read, write, cardsIn }
  const cards = memoryCards(access)
  const referrals = memoryReferrals(access)
  const outbox = memoryOutbox(access)
  const policies = memoryPolicies(access)
  const reports = memoryReports(access)
  const receipts = memoryReceipts(access)

  // every port call is a span with the tenant and the card or referral id, as on the SQL stores
  return Context.make(CardStore, tracedPort("cards", cards, aggregateCallIds)).pipe(
    Context.add(ReferralStore, tracedPort("referrals", referrals, aggregateCallIds)),
    Context.add(Outbox, tracedPort("outbox", outbox)),
    Context.add(PolicyStore, tracedPort("policies", policies)),
    Context.add(StoreTransaction, StoreTransaction.of({ withTransaction, lock: () => Effect.void })),
    Context.add(ReportSource, tracedPort("reports", reports)),
    Context.add(DeliveryReceipts, tracedPort("receipts", receipts, { lookup: () => ({}) })),
    Context.add(AuditLog, tracedPort("audit", memoryAudit(access))),
    Context.add(ConsentStore, tracedPort("consents", memoryConsents(access)))
  )
}

/**
 * Every storage port in memory; each time the layer is built it starts empty.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { handleCard, layerMemory } from "@jipan/core"
 * await Effect.runPromise(handleCard({ tenant, cardId, command }).pipe(Effect.provide(layerMemory)))
 * ```
 */
export const layerMemory: Layer.Layer<JipanStore> = Layer.effectContext(Effect.sync(makeMemory))
