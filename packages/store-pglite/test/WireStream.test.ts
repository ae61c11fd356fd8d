import type { Duplex } from "node:stream"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { PGlite } from "@electric-sql/pglite"
import { Effect } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import { PgliteClient } from "../src/index.js"

// One PGlite for the file, owned by the test (not by a layer).
const db = await PGlite.create()
afterAll(() => db.close())

const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const startup = () => {
  const body = Buffer.concat([int32(196608), Buffer.from("user\0postgres\0database\0postgres\0\0")])
  return Buffer.concat([int32(body.length + 4), body])
}
const query = (text: string) => {
  const body = Buffer.from(`${text}\0`)
  return Buffer.concat([Buffer.from("Q"), int32(body.length + 4), body])
}
const terminate = () => Buffer.concat([Buffer.from("X"), int32(4)])

/** Resolves with everything the server sent once `done(bytes)` holds, or when the stream ends. */
const readUntil = (stream: Duplex, done: (received: Buffer) => boolean) =>
  new Promise<{ readonly received: Buffer; readonly ended: boolean }>((resolve) => {
    let received = Buffer.alloc(0)
    const finish = (ended: boolean) => {
      stream.off("data", onData)
      resolve({ received, ended })
    }
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (done(received)) finish(false)
    }
    stream.on("data", onData)
    stream.once("end", () => finish(true))
  })

/**
 * Message type bytes of a backend byte stream (after startup), without the
 * asynchronous ParameterStatus ("S") and Notice ("N") messages a backend may send at any time.
 */
const messageTypes = (bytes: Buffer) => {
  const types: Array<string> = []
  let at = 0
  while (at + 5 <= bytes.length) {
    const type = String.fromCharCode(bytes[at] ?? 0)
    if (type !== "S" && type !== "N") types.push(type)
    at += 1 + bytes.readInt32BE(at + 1)
  }
  return types
}
const readyForQuery = (bytes: Buffer) => messageTypes(bytes).includes("Z")

describe("wireStream", () => {
  it("answers an SSL request with N, then serves the session", async () => {
    const stream = PgliteClient.wireStream(db)()
    const ssl = readUntil(stream, (b) => b.length >= 1)
    stream.write(Buffer.concat([int32(8), int32(80877103)]))
    assert.strictEqual((await ssl).received.toString(), "N")
    const ready = readUntil(stream, readyForQuery)
    stream.write(startup())
    assert.include(messageTypes((await ready).received), "R") // AuthenticationOk
    const result = readUntil(stream, readyForQuery)
    stream.write(query("SELECT 1"))
    assert.deepStrictEqual(messageTypes((await result).received), ["T", "D", "C", "Z"])
    const ended = readUntil(stream, () => false)
    stream.write(terminate())
    assert.isTrue((await ended).ended, "Terminate closes the stream")
  })

  it("closes the stream on a cancel request", async () => {
    const stream = PgliteClient.wireStream(db)()
    const ended = readUntil(stream, () => false)
    stream.write(Buffer.concat([int32(16), int32(80877102), int32(1), int32(2)]))
    const { received, ended: closed } = await ended
    assert.isTrue(closed)
    assert.strictEqual(received.length, 0)
  })

  it("handles messages split across chunks and several messages in one chunk", async () => {
    const stream = PgliteClient.wireStream(db)()
    const ready = readUntil(stream, readyForQuery)
    const hello = startup()
    stream.write(hello.subarray(0, 3))
    stream.write(hello.subarray(3))
    await ready
    const both = readUntil(stream, (b) => messageTypes(b).filter((t) => t === "Z").length === 2)
    stream.write(Buffer.concat([query("SELECT 1"), query("SELECT 2")]))
    assert.deepStrictEqual(messageTypes((await both).received), ["T", "D", "C", "Z", "T", "D", "C", "Z"])
    stream.write(terminate())
  })

  it("a client that disappears mid-transaction leaves no open transaction behind", async () => {
    const stream = PgliteClient.wireStream(db)()
    const ready = readUntil(stream, readyForQuery)
    stream.write(startup())
    await ready
    const begun = readUntil(stream, readyForQuery)
    stream.write(query("BEGIN; CREATE TABLE abandoned (id int)"))
    await begun
    assert.isTrue(db.isInTransaction())
    stream.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.isFalse(db.isInTransaction())
    const tables = await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'abandoned'")
    assert.strictEqual(tables.rows.length, 0)
  })
})

describe("layer(db)", () => {
  it.live("releasing the layer leaves the PGlite open for its owner, and a new client can connect", () =>
    Effect.gen(function* () {
      const count = Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE IF NOT EXISTS visit (id serial PRIMARY KEY)`
        yield* sql`INSERT INTO visit DEFAULT VALUES`
        const rows = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM visit`
        return rows[0]?.n
      })
      assert.strictEqual(yield* Effect.provide(count, PgliteClient.layer(db)), 1)
      assert.isFalse(db.closed)
      assert.strictEqual(yield* Effect.provide(count, PgliteClient.layer(db)), 2)
    })
  )

  it.live("make(db) gives a scoped client", () =>
    Effect.gen(function* () {
      const sql = yield* PgliteClient.make(db, { transformResultNames: (name) => name.toUpperCase() })
      const rows = yield* sql<{ readonly ANSWER: number }>`SELECT 42 AS answer`
      assert.deepStrictEqual(rows, [{ ANSWER: 42 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )
})
