/**
 * Transactions across the storage ports: every port call made inside `withTransaction` commits
 * together or not at all (a failure, a defect or an interruption rolls every write back). Calls
 * outside a transaction each commit on their own. Nested calls join the outer transaction.
 *
 * @module
 */
import { Context, type Effect } from "effect"
import type { StoreError } from "../kernel/StoreError.js"
import type { DeliveryReceipts } from "../notify/DeliveryReceipts.js"
import type { Outbox } from "../notify/Outbox.js"
import type { ReportSource } from "../report/ReportSource.js"
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
  }
>()("@jipan/core/StoreTransaction") {}

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
  | CardStore
  | ReferralStore
  | Outbox
  | PolicyStore
  | StoreTransaction
  | ReportSource
  | DeliveryReceipts
