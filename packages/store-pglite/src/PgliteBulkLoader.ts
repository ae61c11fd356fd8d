/**
 * The bulk loader of an embedded PGlite: every table of a batch through PGlite's
 * `COPY … FROM '/dev/blob'` (the COPY text handed over as a `Blob`), inside one transaction of
 * the store's `SqlClient`.
 *
 * @since 0.1.0
 */
import type { PGlite } from "@electric-sql/pglite"
import { BulkLoader } from "@jipan/store-sql"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as SqlClient from "effect/sql/SqlClient"

/**
 * A `BulkLoader` on `db` using COPY. The COPY runs on `db` directly, inside a transaction the
 * `SqlClient` has opened: PGlite has one session, and the client's single connection is held by
 * that transaction, so nothing else can interleave.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { Layer } from "effect"
 * import { PgliteBulkLoader, PgliteClient } from "@jipan/store-pglite"
 * const db = await PGlite.create()
 * const Loader = PgliteBulkLoader.layer(db).pipe(Layer.provide(PgliteClient.layer(db)))
 * ```
 */
export const layer = (db: PGlite): Layer.Layer<BulkLoader.BulkLoader, never, SqlClient.SqlClient> =>
  Layer.effect(
    BulkLoader.BulkLoader,
    Effect.map(Effect.service(SqlClient.SqlClient), (sql) =>
      BulkLoader.BulkLoader.of({
        method: "copy",
        write: (tables) =>
          sql
            .withTransaction(
              Effect.tryPromise({
                try: async () => {
                  for (const table of tables) {
                    if (table.rows.length === 0) continue
                    await db.query(BulkLoader.copyStatement(table, "'/dev/blob'"), [], {
                      blob: new Blob([BulkLoader.copyText(table)])
                    })
                  }
                },
                catch: (error) => BulkLoader.bulkError(error, "COPY")
              })
            )
            .pipe(Effect.catchTag("SqlError", (error) => Effect.fail(BulkLoader.bulkError(error, "COPY"))))
      })
    )
  )
