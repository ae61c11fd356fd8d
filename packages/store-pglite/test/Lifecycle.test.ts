import { spawn } from "node:child_process"
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { PgliteClient } from "../src/index.js"

const scratch = await mkdtemp(join(tmpdir(), "jipan-store-pglite-"))
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** Builds the layer in its own scope, runs `program` on it, then releases it (closing PGlite). */
const withOwned = <A, E>(
  options: PgliteClient.OpenOptions,
  program: Effect.Effect<A, E, SqlClient.SqlClient>
) => Effect.provide(program, PgliteClient.layerOwned(options))

describe("layerOwned", () => {
  it.live("a data directory (created if missing) survives close and reopen", () =>
    Effect.gen(function* () {
      const dataDir = join(scratch, "nested", "does-not-exist-yet")
      yield* withOwned(
        { dataDir },
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE card (id text PRIMARY KEY, customer text NOT NULL)`
          yield* sql`INSERT INTO card ${sql.insert({ id: "k1", customer: "王芳" })}`
        })
      )
      const rows = yield* withOwned(
        { dataDir },
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          return yield* sql<{ readonly id: string; readonly customer: string }>`SELECT id, customer FROM card`
        })
      )
      assert.deepStrictEqual(rows, [{ id: "k1", customer: "王芳" }])
    })
  )

  it.live("a data directory that cannot be created fails with PgliteError DataDirUnavailable", () =>
    Effect.gen(function* () {
      const file = join(scratch, "a-file")
      yield* Effect.promise(() => writeFile(file, "not a directory"))
      for (const dataDir of [file, join(file, "below")]) {
        const error = yield* Layer.build(PgliteClient.layerOwned({ dataDir })).pipe(
          Effect.scoped,
          Effect.flip
        )
        assert.strictEqual(error._tag, "PgliteError")
        if (error._tag !== "PgliteError") return
        assert.strictEqual(error.reason, "DataDirUnavailable")
        assert.strictEqual(error.dataDir, dataDir)
        assert.include(error.message, dataDir)
      }
    })
  )

  it.live("a data directory PGlite cannot start from fails with PgliteError OpenFailed", () =>
    Effect.gen(function* () {
      const dataDir = join(scratch, "garbage")
      yield* Effect.promise(async () => {
        await mkdir(dataDir)
        await writeFile(join(dataDir, "PG_VERSION"), "garbage\n")
      })
      const error = yield* Layer.build(PgliteClient.layerOwned({ dataDir })).pipe(Effect.scoped, Effect.flip)
      assert.strictEqual(error._tag, "PgliteError")
      if (error._tag !== "PgliteError") return
      assert.strictEqual(error.reason, "OpenFailed")
      assert.include(error.message, "Could not open PGlite")
    })
  )

  it("closes cleanly: a process that used it exits on its own", async () => {
    // In a child process, since a dangling handle would keep *it* alive, not fail an assertion here.
    const module = fileURLToPath(new URL("../src/PgliteClient.ts", import.meta.url))
    // Node strips the types of src/*.ts itself; a resolve hook (in this thread: no worker to keep
    // the process alive) maps the sources' NodeNext ".js" specifiers to their ".ts" files.
    const script = `
      import { registerHooks } from "node:module"
      registerHooks({
        resolve: (specifier, context, next) => {
          try {
            return next(specifier, context)
          } catch (error) {
            if (!specifier.startsWith(".") || !specifier.endsWith(".js")) throw error
            return next(specifier.slice(0, -3) + ".ts", context)
          }
        }
      })
      import { Effect } from "effect"
      import { SqlClient } from "effect/sql"
      const PgliteClient = await import(${JSON.stringify(module)})
      const n = await Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const rows = yield* sql\`SELECT 41 + 1 AS n\`
        return rows[0].n
      }).pipe(Effect.provide(PgliteClient.layerOwned()), Effect.runPromise)
      console.log("answer", n)
      // what would keep the event loop alive now (timers, sockets, pending work), besides our stdio pipes
      const resources = process.getActiveResourcesInfo().filter((r) => r !== "PipeWrap" && r !== "TTYWrap")
      console.log("resources", JSON.stringify(resources))
    `
    const { code, stdout, stderr, timedOut } = await new Promise<{
      code: number | null
      stdout: string
      stderr: string
      timedOut: boolean
    }>((resolve) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString()
      })
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString()
      })
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        child.kill("SIGKILL")
      }, 30_000)
      child.on("exit", (code) => {
        clearTimeout(timer)
        resolve({ code, stdout, stderr, timedOut })
      })
    })
    assert.isFalse(timedOut, `the process did not exit by itself; stderr: ${stderr}`)
    assert.strictEqual(code, 0, stderr)
    assert.include(stdout, "answer 42")
    assert.include(stdout, "resources []")
  })

  it.live("open() closes its PGlite when the scope closes", () =>
    Effect.gen(function* () {
      const db = yield* Effect.scoped(PgliteClient.open())
      assert.isTrue(db.closed)
    })
  )
})
