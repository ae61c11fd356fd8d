// Reliability on a real PostgreSQL server (JIPAN_TEST_POSTGRES_URL; else PGlite over the wire
// protocol, printed by TestPostgres, where one connection serialises everything): concurrent
// commands on the same cards, concurrent opens for one phone, a failure between the event append
// and the outbox write, malformed rows written by hand, and COPY imports racing each other.

import * as PgClient from "@effect/sql-pg/PgClient"
import { assert, describe, layer } from "@effect/vitest"
import {
  type CardCommand,
  type CardId,
  CardStore,
  handleCard,
  Outbox,
  StoreError,
  type Tenant
} from "@jipan/core"
import { BulkImport, BulkLoader } from "@jipan/store-sql"
import { cardIdOf, freshTenant, openCommand, phoneOf } from "@jipan/testkit"
import { Cause, Context, Effect, Exit, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { historyRow } from "../../store-pglite/test/BulkImportFixtures.js"
import { JipanPostgres, PostgresClient } from "../src/index.js"
import * as TestPostgres from "./TestPostgres.js"

const PAIRS = 1_000
const server = TestPostgres.backend === "server"

const Store = Layer.unwrap(
  Effect.gen(function* () {
    const pg = yield* TestPostgres.TestPostgres
    if (!pg.startupParameters) {
      const options = { url: pg.url, ...pg.pool }
      // COPY FROM STDIN is not served by pglite-socket: the portable loader there
      return Layer.merge(
        JipanPostgres.layer(options),
        BulkLoader.layerInsert.pipe(Layer.provide(PostgresClient.layer(options)))
      )
    }
    const schema = TestPostgres.uniqueSchemaName("jipan_reliability")
    return JipanPostgres.layer({ url: pg.url, schema, maxConnections: 16 }).pipe(
      Layer.tap((context) => TestPostgres.dropOnRelease(Context.get(context, PgClient.PgClient), schema))
    )
  })
).pipe(Layer.provide(TestPostgres.layer))

const contact = (at: number, by: { readonly id: string; readonly role: "consultant" }): CardCommand =>
  ({
    _tag: "LogContact",
    channel: "call",
    outcome: "reached",
    evidence: { modelChosen: true },
    by,
    at
  }) as CardCommand

const count = (sql: SqlClient.SqlClient, table: string, tenant: Tenant) =>
  Effect.map(
    sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM ${sql.literal(table)}
      WHERE dealer_group_id = ${tenant.dealerGroupId}`,
    (rows) => rows[0]?.n ?? 0
  )

const messages = (change: { readonly cardId: string; readonly state: { readonly version: number } }) => [
  {
    topic: "card.changed",
    recipient: "consultant:c-wang",
    payload: { cardId: change.cardId, v: change.state.version }
  }
]

describe(`reliability (${TestPostgres.backend})`, () => {
  layer(Store, { timeout: 120_000, excludeTestServices: true })("on one store", (it) => {
    it.effect(
      `${PAIRS} pairs of concurrent commands: one success and one conflict each, no event lost or duplicated`,
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const tenant = freshTenant()
          const rows = Array.from({ length: PAIRS }, (_, i) => historyRow(tenant, i + 1))
          const imported = yield* BulkImport.importCards({ dealerGroupId: tenant.dealerGroupId }, rows)
          assert.strictEqual(imported.imported, PAIRS)
          const by = { id: "c-wang", role: "consultant" as const }
          const at = openCommand(tenant, 1).at + 86_400_000
          const outcomes = yield* Effect.forEach(
            Array.from({ length: PAIRS }, (_, i) => cardIdOf(i + 1)),
            (cardId) =>
              Effect.all(
                [0, 1].map(() =>
                  Effect.exit(
                    handleCard({ tenant, cardId, command: contact(at, by) }, { conflictRetries: 0, messages })
                  )
                ),
                { concurrency: 2 }
              ),
            { concurrency: server ? 8 : 1 }
          )
          let successes = 0
          let conflicts = 0
          for (const pair of outcomes) {
            const ok = pair.filter(Exit.isSuccess).length
            const conflict = pair.filter(
              (e) =>
                Exit.isFailure(e) &&
                Cause.squash(e.cause) instanceof Error &&
                (Cause.squash(e.cause) as { _tag?: string })._tag === "VersionConflict"
            ).length
            assert.isTrue(
              ok >= 1 && ok + conflict === 2,
              `each pair: one success, one conflict or both succeed; got ${pair.map((e) => (Exit.isSuccess(e) ? "success" : Cause.pretty(e.cause))).join(" / ")}`
            )
            successes += ok
            conflicts += conflict
          }
          if (server) assert.isTrue(conflicts > 0, "concurrent pairs really conflicted on the server")
          // backdoor: every success is exactly one event and one message, versions contiguous
          assert.strictEqual(yield* count(sql, "jipan_card_events", tenant), PAIRS + successes)
          assert.strictEqual(yield* count(sql, "jipan_outbox", tenant), successes)
          const gaps = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM jipan_cards c
            WHERE c.dealer_group_id = ${tenant.dealerGroupId} AND c.version <> (SELECT max(version) FROM jipan_card_events e
              WHERE e.dealer_group_id = c.dealer_group_id AND e.store_id = c.store_id AND e.card_id = c.card_id)
              OR c.version <> (SELECT count(*) FROM jipan_card_events e
              WHERE e.dealer_group_id = c.dealer_group_id AND e.store_id = c.store_id AND e.card_id = c.card_id)`
          assert.strictEqual(gaps[0]?.n, 0)
          // with retries, both commands of a pair succeed
          const retried = yield* Effect.forEach(
            Array.from({ length: 100 }, (_, i) => cardIdOf(i + 1)),
            (cardId) =>
              Effect.all(
                [2, 3].map(() => handleCard({ tenant, cardId, command: contact(at + 2, by) }, { messages })),
                { concurrency: 2 }
              ),
            { concurrency: server ? 8 : 1 }
          )
          assert.strictEqual(retried.flat().length, 200)
          assert.strictEqual(yield* count(sql, "jipan_card_events", tenant), PAIRS + successes + 200)
        })
    )

    it.effect("concurrent opens of different cards for one phone: one card, one AlreadyHasCard", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const tenant = freshTenant()
        const results = yield* Effect.forEach(
          Array.from({ length: 100 }, (_, i) => i),
          (i) =>
            Effect.all(
              [2 * i + 1, 2 * i + 2].map((n) =>
                Effect.exit(
                  handleCard({
                    tenant,
                    cardId: cardIdOf(n),
                    command: openCommand(tenant, n, { phone: phoneOf(i) })
                  })
                )
              ),
              { concurrency: 2 }
            ),
          { concurrency: server ? 8 : 1 }
        )
        for (const pair of results) {
          assert.strictEqual(pair.filter(Exit.isSuccess).length, 1)
          const failure = pair.find(Exit.isFailure)
          assert.strictEqual(
            failure === undefined ? undefined : (Cause.squash(failure.cause) as { _tag?: string })._tag,
            "AlreadyHasCard"
          )
        }
        const doubles = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM (
            SELECT phone FROM jipan_cards WHERE dealer_group_id = ${tenant.dealerGroupId}
            GROUP BY store_id, phone HAVING count(*) > 1) d`
        assert.strictEqual(doubles[0]?.n, 0)
        assert.strictEqual(yield* count(sql, "jipan_cards", tenant), 100)
      })
    )

    it.effect("a failure between the event append and the outbox write leaves neither", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const tenant = freshTenant()
        const open = openCommand(tenant, 1)
        // the message factory dies after the append
        const died = yield* Effect.exit(
          handleCard(
            { tenant, cardId: open.cardId, command: open },
            {
              messages: () => {
                throw new Error("injected")
              }
            }
          )
        )
        assert.isTrue(Exit.isFailure(died))
        // the outbox write fails
        const failing = Layer.effect(
          Outbox,
          Effect.map(Effect.service(Outbox), (outbox) =>
            Outbox.of({
              ...outbox,
              enqueue: () => Effect.fail(new StoreError({ reason: "Unavailable", message: "injected" }))
            })
          )
        )
        const failed = yield* Effect.exit(
          handleCard({ tenant, cardId: open.cardId, command: open }, { messages }).pipe(
            Effect.provide(failing)
          )
        )
        assert.isTrue(Exit.isFailure(failed))
        for (const table of ["jipan_cards", "jipan_card_events", "jipan_outbox", "jipan_care_contacts"])
          assert.strictEqual(yield* count(sql, table, tenant), 0, table)
      })
    )

    it.effect("malformed rows written by hand surface as typed errors naming the card", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const cards = yield* CardStore
        const tenant = freshTenant()
        const g = tenant.dealerGroupId
        const s = tenant.storeId
        yield* handleCard({ tenant, cardId: cardIdOf(1), command: openCommand(tenant, 1) })
        yield* handleCard({ tenant, cardId: cardIdOf(2), command: openCommand(tenant, 2) })
        // card 1: an event that is not a card event; card 2: a status no card has
        yield* sql`UPDATE jipan_card_events SET event = '{"_tag":"Nonsense","at":"x"}'::jsonb
          WHERE dealer_group_id = ${g} AND card_id = ${cardIdOf(1)}`
        yield* sql`UPDATE jipan_cards SET status = 'flying' WHERE dealer_group_id = ${g} AND card_id = ${cardIdOf(2)}`
        // card 3: a card row whose version says 2 but one event exists
        yield* sql`INSERT INTO jipan_cards (dealer_group_id, store_id, card_id, version, status, owner_id, state)
          VALUES (${g}, ${s}, ${cardIdOf(3)}, 2, 'prospect', 'c-wang', '{}'::jsonb)`
        yield* sql`INSERT INTO jipan_card_events (dealer_group_id, store_id, card_id, version, event_type, at, event)
          VALUES (${g}, ${s}, ${cardIdOf(3)}, 1, 'CardOpened', 0, '[]'::jsonb)`
        const expectMalformed = <A, R>(effect: Effect.Effect<A, unknown, R>, cardId: string) =>
          Effect.map(Effect.exit(effect), (exit) => {
            assert.isTrue(Exit.isFailure(exit), `expected a failure for ${cardId}`)
            if (Exit.isFailure(exit)) {
              assert.isFalse(Cause.hasDies(exit.cause), "a typed failure, not a defect")
              const error = Cause.squash(exit.cause) as StoreError
              assert.strictEqual(error._tag, "StoreError")
              assert.strictEqual(error.reason, "MalformedRow")
              assert.strictEqual(error.id, cardId)
              assert.include(error.message, cardId)
            }
          })
        for (const n of [1, 2, 3])
          yield* expectMalformed(cards.load(tenant, cardIdOf(n) as CardId), cardIdOf(n))
        yield* expectMalformed(cards.list(tenant, {}), cardIdOf(2))
        // the use case reports it too, without writing: a command reads the card's state row
        // (not its history), and card 3's says nothing a card state holds
        yield* expectMalformed(cards.loadState(tenant, cardIdOf(3) as CardId), cardIdOf(3))
        yield* expectMalformed(
          handleCard({
            tenant,
            cardId: cardIdOf(3),
            command: contact(openCommand(tenant, 3).at + 1, { id: "c-wang", role: "consultant" })
          }),
          cardIdOf(3)
        )
      })
    )

    it.effect("two imports of the same source racing: every card once, no duplicates", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const loader = yield* BulkLoader.BulkLoader
        assert.strictEqual(loader.method, server ? "copy" : "insert")
        const tenant = freshTenant()
        const rows = Array.from({ length: 3_000 }, (_, i) =>
          historyRow(tenant, i + 1, { contact: i % 2 === 0 })
        )
        const [a, b] = yield* Effect.all(
          [0, 1].map(() =>
            BulkImport.importCards({ dealerGroupId: tenant.dealerGroupId }, rows, { batchSize: 500 })
          ),
          { concurrency: 2 }
        )
        assert.strictEqual((a?.imported ?? 0) + (b?.imported ?? 0), 3_000)
        assert.strictEqual((a?.alreadyPresent ?? 0) + (b?.alreadyPresent ?? 0), 3_000)
        assert.strictEqual(yield* count(sql, "jipan_cards", tenant), 3_000)
        assert.strictEqual(yield* count(sql, "jipan_card_events", tenant), 4_500)
      })
    )
  })
})
