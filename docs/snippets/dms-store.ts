// A DMS's own Jipan store: every port of the embedded PGlite store, with the card store replaced
// by one that also writes each change to the DMS's change feed (dms_card_feed), in the same
// transaction as the change itself. Swap JipanPglite.layer() for JipanPostgres.layer({ url }) in
// production; to put Jipan on another database, provide all six ports yourself the same way.
import { CardStore } from "@jipan/core"
import { JipanPglite } from "@jipan/store-pglite"
import { SqlStore } from "@jipan/store-sql"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

const FeedCardStore = Layer.effect(
  CardStore,
  Effect.gen(function* () {
    const jipan = yield* CardStore // the store's own card port, kept for everything else
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE IF NOT EXISTS dms_card_feed (
      seq bigserial PRIMARY KEY, dealer_group_id text NOT NULL, store_id text NOT NULL,
      card_id text NOT NULL, version integer NOT NULL, status text NOT NULL)`
    return CardStore.of({
      ...jipan,
      // the close of day's batched lapses would write around this append: every write comes here
      appendMany: undefined,
      append: (append) =>
        jipan.append(append).pipe(
          Effect.andThen(
            sql`INSERT INTO dms_card_feed (dealer_group_id, store_id, card_id, version, status)
              VALUES (${append.tenant.dealerGroupId}, ${append.tenant.storeId}, ${append.cardId},
                ${append.state.version}, ${append.state.status})`
          ),
          // both writes commit together, or neither (inside handleCard: a savepoint of its transaction)
          sql.withTransaction,
          Effect.catchTag("SqlError", (error) => Effect.fail(SqlStore.storeError(error, append.cardId)))
        )
    })
  })
)

/** The DMS's store: the feed-writing card port over the PGlite store (whose other ports it keeps). */
export const DmsStore = FeedCardStore.pipe(Layer.provideMerge(JipanPglite.layer()))
