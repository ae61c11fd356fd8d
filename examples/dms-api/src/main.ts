#!/usr/bin/env -S npx tsx
/**
 * The DMS API's command line (`npm run api -- …` from the repository root):
 *
 * - `serve` (the default): the server on 127.0.0.1:8787 over embedded PGlite in `.data/` (created
 *   and migrated on first start), or PostgreSQL with `--database-url` / `JIPAN_DATABASE_URL`;
 *   `--seed` fills an empty store with the showroom's 90-day demo and prints a demo key; prints
 *   the URL of the interactive docs; stops gracefully on SIGTERM / SIGINT.
 * - `keys create --group G [--store S] --role consultant|supervisor|admin [--consultant C]`:
 *   creates an API key and prints it once. `keys list [--group G]`, `keys revoke <keyId>`.
 * - `openapi`: prints the OpenAPI 3.1 document.
 *
 * @module
 */
import { NodeRuntime } from "@effect/platform-node"
import { IdString, type JipanStore, listCards, type TenantScope } from "@jipan/core"
import { Cause, Effect, Exit, Layer, Runtime, Schema } from "effect"
import { HttpServer } from "effect/http"
import type { SqlClient } from "effect/sql"
import { KeyRole } from "./Api.js"
import { openApiDocument } from "./OpenApiDocument.js"
import { type StoreChoice, serverLayer, storeLayer } from "./server/Server.js"
import { createKey, listKeys, revokeKey, sweepIdempotency } from "./server/Tables.js"

/** The parsed command line. */
interface Args {
  readonly command: ReadonlyArray<string>
  readonly flags: ReadonlyMap<string, string | true>
}

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  const command: Array<string> = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ""
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2) as [string, string | undefined]
      const next = argv[i + 1]
      if (inline !== undefined) flags.set(name, inline)
      else if (next !== undefined && !next.startsWith("--")) {
        flags.set(name, next)
        i++
      } else flags.set(name, true)
    } else command.push(a)
  }
  return { command, flags }
}

const usage = `Jipan DMS API

  npm run api [-- serve] [--port 8787] [--host 127.0.0.1] [--data-dir .data | --memory]
                         [--database-url postgres://… (or JIPAN_DATABASE_URL)] [--schema jipan]
                         [--seed] [--dispatch-every 1000] [--max-body-bytes 1048576]
                         [--cors-origin https://cabinet.example.com,…] [--quiet]
  npm run api -- keys create --group G [--store S] --role consultant|supervisor|admin [--consultant C] [--label L]
  npm run api -- keys list [--group G]
  npm run api -- keys revoke <keyId>
  npm run api -- openapi`

const str = (args: Args, name: string): string | undefined => {
  const v = args.flags.get(name)
  return typeof v === "string" ? v : undefined
}

const storeChoice = (args: Args): StoreChoice => {
  const url = str(args, "database-url") ?? process.env.JIPAN_DATABASE_URL
  if (url !== undefined && url !== "") return { kind: "postgres", url, schema: str(args, "schema") }
  if (args.flags.get("memory") === true) return { kind: "memory" }
  return { kind: "dataDir", dataDir: str(args, "data-dir") ?? ".data" }
}

const describeStore = (choice: StoreChoice) =>
  choice.kind === "postgres"
    ? `PostgreSQL at ${choice.url.replace(/\/\/[^@/]*@/, "//***@")}${choice.schema === undefined ? "" : ` (schema ${choice.schema})`}`
    : choice.kind === "memory"
      ? "embedded PGlite in memory (nothing is kept)"
      : `embedded PGlite at ${choice.dataDir}`

/** The showroom's simulation, when this runs inside the repository (`--seed`). */
type Simulate = (options?: {
  readonly onDay?: (done: number, total: number) => void
}) => Effect.Effect<
  { readonly tenant: { readonly dealerGroupId: string; readonly storeId: string } },
  unknown,
  JipanStore
>

const seed = Effect.gen(function* () {
  const specifier = new URL("../../showroom/src/Simulate.ts", import.meta.url).href
  const mod = (yield* Effect.tryPromise(() => import(specifier))) as { readonly simulate: Simulate }
  const scope = { dealerGroupId: "grp-demo", storeId: "store-01" } as TenantScope
  const existing = yield* listCards(scope, {}, { limit: 1 })
  if (existing.items.length > 0) {
    console.log("Seed: the store already holds the demo's cards; left as it is")
    return
  }
  console.log("Seed: simulating the showroom's 90 days (grp-demo/store-01)…")
  yield* mod.simulate()
  const key = yield* createKey({
    dealerGroupId: "grp-demo",
    storeId: "store-01",
    role: "supervisor",
    label: "demo"
  })
  console.log(`Seed: done. A supervisor key of grp-demo/store-01 (shown once): ${key.key}`)
})

const serve = (args: Args) => {
  const choice = storeChoice(args)
  const port = Number(str(args, "port") ?? "8787")
  const host = str(args, "host") ?? "127.0.0.1"
  const dispatchEvery = str(args, "dispatch-every")
  // the core refuses a dispatcher set-up that does not decode; say so before serving
  if (dispatchEvery !== undefined && !/^[1-9]\d{0,8}$/.test(dispatchEvery))
    return Effect.fail(new Error(`--dispatch-every takes milliseconds (1 or more)\n\n${usage}`))
  const store = storeLayer(choice)
  const quiet = args.flags.get("quiet") === true
  const announce = Layer.effectDiscard(
    Effect.gen(function* () {
      const server = yield* HttpServer.HttpServer
      const url = HttpServer.formatAddress(server.address).replace(/\/$/, "")
      const swept = yield* sweepIdempotency
      if (args.flags.get("seed") === true) yield* seed
      console.log(`Jipan DMS API on ${url} (${describeStore(choice)})`)
      console.log(`  interactive docs: ${url}/docs`)
      console.log(`  OpenAPI 3.1:      ${url}/openapi.json`)
      if (swept > 0) console.log(`  swept ${swept} idempotency records older than 24 h`)
      console.log(
        "  create a key:     npm run api -- keys create --group <group> --store <store> --role supervisor"
      )
    })
  )
  const app = announce.pipe(
    Layer.provideMerge(
      serverLayer(store, {
        host,
        port,
        ...(quiet ? { log: false as const } : {}),
        ...(str(args, "cors-origin") === undefined
          ? {}
          : { corsOrigins: (str(args, "cors-origin") ?? "").split(",") }),
        ...(str(args, "max-body-bytes") === undefined
          ? {}
          : { maxBodyBytes: Number(str(args, "max-body-bytes")) }),
        ...(dispatchEvery === undefined ? {} : { dispatchEveryMillis: Number(dispatchEvery) })
      })
    )
  )
  return Layer.launch(app)
}

const withStore = <A>(args: Args, effect: Effect.Effect<A, unknown, JipanStore | SqlClient.SqlClient>) =>
  Effect.scoped(Effect.provide(effect, storeLayer(storeChoice(args))))

const keys = (args: Args) => {
  const action = args.command[1]
  if (action === "create") {
    const group = str(args, "group")
    const role = str(args, "role")
    if (group === undefined || role === undefined || !KeyRole.literals.includes(role as never))
      return Effect.fail(
        new Error(`keys create needs --group and --role consultant|supervisor|admin\n\n${usage}`)
      )
    const consultant = str(args, "consultant")
    if (role === "consultant" && consultant === undefined)
      return Effect.fail(new Error("a consultant's key needs --consultant"))
    const store = str(args, "store")
    const ids = [group, store, consultant].filter((id): id is string => id !== undefined)
    if (ids.some((id) => !Schema.is(IdString)(id)))
      return Effect.fail(new Error("ids are 1 to 64 characters without spaces"))
    return withStore(
      args,
      Effect.map(
        createKey({
          dealerGroupId: group,
          ...(store === undefined ? {} : { storeId: store }),
          role: role as KeyRole,
          ...(consultant === undefined ? {} : { consultantId: consultant }),
          ...(str(args, "label") === undefined ? {} : { label: str(args, "label") })
        }),
        ({ keyId, key }) => {
          console.log(
            `Key ${keyId}: ${role} of ${group}${store === undefined ? " (whole group)" : `/${store}`}`
          )
          console.log(key)
          console.log("Keep it now: only its SHA-256 is stored.")
        }
      )
    )
  }
  if (action === "list")
    return withStore(
      args,
      Effect.map(listKeys(str(args, "group")), (keys) => {
        for (const k of keys)
          console.log(
            [
              k.keyId,
              `${k.dealerGroupId}${k.storeId === undefined ? "" : `/${k.storeId}`}`,
              k.role,
              k.consultantId ?? "-",
              k.createdAt,
              k.revoked ? "revoked" : "active",
              k.label ?? ""
            ].join("\t")
          )
        if (keys.length === 0) console.log("No keys")
      })
    )
  if (action === "revoke" && args.command[2] !== undefined)
    return withStore(
      args,
      Effect.map(revokeKey(args.command[2]), () => console.log(`Revoked ${args.command[2]}`))
    )
  return Effect.fail(new Error(usage))
}

const main = (argv: ReadonlyArray<string>) => {
  const args = parseArgs(argv)
  const command = args.command[0] ?? "serve"
  if (args.flags.get("help") === true) return Effect.sync(() => console.log(usage))
  switch (command) {
    case "serve":
      return serve(args)
    case "keys":
      return keys(args)
    case "openapi":
      return Effect.sync(() => console.log(JSON.stringify(openApiDocument(), null, 2)))
    default:
      return Effect.fail(new Error(usage))
  }
}

main(process.argv.slice(2)).pipe(
  Effect.catch((error) =>
    Effect.sync(() => {
      console.error(error instanceof Error ? error.message : String(error))
      process.exitCode = 1
    })
  ),
  // SIGTERM / SIGINT interrupt the server: its layers close (connections drained, PGlite or the
  // pool closed), and a stop that was asked for is a clean exit
  (program) =>
    NodeRuntime.runMain(program, {
      teardown: (exit, onExit) =>
        Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)
          ? onExit(0)
          : Runtime.defaultTeardown(exit, onExit)
    })
)
