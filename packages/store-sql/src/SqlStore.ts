/**
 * Every Jipan storage port on an effect/sql `SqlClient` (PostgreSQL dialect): cards with their
 * history, care contacts, referrals and the ledger, the outbox, policy documents, the report
 * source, delivery receipts, the audit log of personal data and the consent ledger, each built by
 * its own module and assembled here. Writes use the
 * client's transactions, so `StoreTransaction.withTransaction` spans every port; an append
 * checks the expected version with a conditional write (a stale version fails with
 * `VersionConflict` and writes nothing). Rows are decoded with Schema: a malformed row is a
 * `StoreError` with reason `MalformedRow` naming the card (or referral, policy, message).
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  aggregateCallIds,
  CardStore,
  ConsentStore,
  DeliveryReceipts,
  type JipanStore,
  Outbox,
  PolicyStore,
  ReferralStore,
  ReportSource,
  StoreTransaction,
  tracedPort
} from "@jipan/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as SqlClient from "effect/sql/SqlClient"
import * as SqlAuditLog from "./SqlAuditLog.js"
import * as SqlCardStore from "./SqlCardStore.js"
import * as SqlConsentStore from "./SqlConsentStore.js"
import * as SqlDeliveryReceipts from "./SqlDeliveryReceipts.js"
import * as SqlOutbox from "./SqlOutbox.js"
import * as SqlPolicyStore from "./SqlPolicyStore.js"
import * as SqlReferralStore from "./SqlReferralStore.js"
import * as SqlReportSource from "./SqlReportSource.js"
import * as SqlStoreTransaction from "./SqlStoreTransaction.js"

export { stateJson } from "./SqlCardStore.js"
export { storeError } from "./StoreErrors.js"

/**
 * Builds every port on the current `SqlClient` (the tables must exist: see `Migrations`).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect, Context } from "effect"
 * import { CardStore } from "@jipan/core"
 * import { SqlStore } from "@jipan/store-sql"
 * const program = Effect.gen(function* () {
 *   const context = yield* SqlStore.make
 *   return Context.get(context, CardStore)
 * })
 * ```
 */
export const make: Effect.Effect<Context.Context<JipanStore>, never, SqlClient.SqlClient> = Effect.map(
  Effect.service(SqlClient.SqlClient),
  (sql) =>
    // every port call is a span with the tenant and the card or referral id (never a phone)
    Context.make(CardStore, tracedPort("cards", SqlCardStore.make(sql), aggregateCallIds)).pipe(
      Context.add(ReferralStore, tracedPort("referrals", SqlReferralStore.make(sql), aggregateCallIds)),
      Context.add(Outbox, tracedPort("outbox", SqlOutbox.make(sql))),
      Context.add(PolicyStore, tracedPort("policies", SqlPolicyStore.make(sql))),
      Context.add(ReportSource, tracedPort("reports", SqlReportSource.make(sql))),
      Context.add(
        DeliveryReceipts,
        tracedPort("receipts", SqlDeliveryReceipts.make(sql), { lookup: () => ({}) })
      ),
      Context.add(AuditLog, tracedPort("audit", SqlAuditLog.make(sql))),
      Context.add(ConsentStore, tracedPort("consents", SqlConsentStore.make(sql))),
      Context.add(StoreTransaction, SqlStoreTransaction.make(sql))
    )
)

/**
 * Every Jipan port on the `SqlClient` the layer is given. Does not migrate: provide
 * `Migrations.layer` too (the PGlite and PostgreSQL packages' layers do both).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { Migrations, SqlStore } from "@jipan/store-sql"
 * const Store = Layer.provideMerge(SqlStore.layer, Migrations.layer) // then provide a SqlClient
 * ```
 */
export const layer: Layer.Layer<JipanStore, never, SqlClient.SqlClient> = Layer.effectContext(make)
