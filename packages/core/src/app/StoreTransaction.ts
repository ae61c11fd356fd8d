/**
 * Transactions across the storage ports: every port call made inside `withTransaction` commits
 * together or not at all (a failure, a defect or an interruption rolls every write back). Calls
 * outside a transaction each commit on their own. Nested calls join the outer transaction as a savepoint: a nested failure undoes its own writes, the outer one goes on.
 * `lock` serialises the transactions that name the same key (a referee's phone, a customer's
 * phone in a dealer group): what one of them reads under the lock, the other sees only after the
 * first commits, which is how "first claim wins" and "one open card per phone" hold under
 * concurrency.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { DealerGroupId } from "../kernel/Ids.js"
import type { StoreError } from "../kernel/StoreError.js"
import type { DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import type { Outbox } from "../notify/Outbox.js"
import type { ConsentStore } from "../notify/PersonConsent.js"
import type { ReportSource } from "../report/ReportSource.js"
import type { AuditLog } from "./AuditLog.js"
import type { CardStore } from "./CardStore.js"
import type { PolicyStore } from "./PolicyStore.js"
import type { ReferralStore } from "./ReferralStore.js"

/**
 * The transaction port of a store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CardStore, Outbox, StoreTransaction, type CardAppend, type OutboxMessage } from "@jipan/core"
 * declare const append: CardAppend, messages: ReadonlyArray<OutboxMessage>
 * const both = Effect.gen(function* () {
 *   const tx = yield* StoreTransaction
 *   const cards = yield* CardStore
 *   const outbox = yield* Outbox
 *   yield* tx.withTransaction(Effect.andThen(cards.append(append), outbox.enqueue(messages)))
 * })
 * ```
 */
export class StoreTransaction extends Context.Service<
  StoreTransaction,
  {
    readonly withTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
    /**
     * Holds each key until the current transaction ends (keys are taken in sorted order, so two
     * transactions never wait on each other in a circle). Outside a transaction it returns at once.
     * Keys name their tenant (see {@link lockKey}).
     */
    readonly lock: (keys: ReadonlyArray<string>) => Effect.Effect<void, StoreError>
  }
>()("@jipan/core/StoreTransaction") {}

/**
 * The lock key of a value within a dealer group: the group, a kind and the value, so two groups'
 * equal phones never wait on each other.
 *
 * @example
 * ```ts
 * import { lockKey, DealerGroupId } from "@jipan/core"
 * lockKey(DealerGroupId.make("grp-east"), "phone", "+8613812345678") // "grp-east/phone/+8613812345678"
 * ```
 */
export const lockKey = (dealerGroupId: DealerGroupId, kind: string, value: string): string =>
  `${dealerGroupId}/${kind}/${value}`

/**
 * Every port a full Jipan store provides (the report source included): what `layerMemory`, `@jipan/store-sql`'s `SqlStore.layer`,
 * `JipanPglite.layer` and `JipanPostgres.layer` give.
 *
 * @example
 * ```ts
 * import type { Layer } from "effect"
 * import type { JipanStore } from "@jipan/core"
 * declare const store: Layer.Layer<JipanStore>
 * ```
 */
export type JipanStore =
  | AuditLog
  | CardStore
  | ConsentStore
  | ReferralStore
  | Outbox
  | PolicyStore
  | StoreTransaction
  | ReportSource
  | DeliveryReceipts
