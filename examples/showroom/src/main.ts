#!/usr/bin/env -S npx tsx
/**
 * The showroom CLI (effect's CLI module): `demo`, `import <file.csv>`, `plan`, `settle <month>`,
 * against embedded PGlite in `.jipan-data/` (default), in memory (`--memory`) or a PostgreSQL
 * server (`--url`).
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import {
  type CalendarDate,
  ConsultantId,
  calendarDateOf,
  defaultPolicy,
  type JipanStore,
  makeTenant,
  type Tenant,
  YearMonth
} from "@jipan/core"
import { Effect, Option, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { runDemo } from "./Demo.js"
import { importRows, parseCsv, renderImport } from "./Import.js"
import { careOn, planOn, renderCare, renderPlan, renderSettlement, settle } from "./Reports.js"
import { DEMO_SEED } from "./Simulate.js"
import { chooseStore, DEFAULT_DATA_DIR, describeStore, storeLayer } from "./Store.js"

const print = (text: string) => console.log(text)

const memory = Flag.Boolean("memory").pipe(
  Flag.withDescription("Use an embedded PGlite in memory (nothing is kept)"),
  Flag.withDefault(false)
)
const dataDir = Flag.String("data-dir").pipe(
  Flag.withDescription(`The embedded PGlite's data directory (default ${DEFAULT_DATA_DIR})`),
  Flag.optional
)
const url = Flag.String("url").pipe(
  Flag.withDescription("A PostgreSQL server, e.g. postgres://user:pass@localhost:5432/jipan"),
  Flag.optional
)
const group = Flag.String("group").pipe(
  Flag.withDescription("The dealer group (经销商集团) id"),
  Flag.withDefault("grp-demo")
)
const store = Flag.String("store").pipe(
  Flag.withDescription("The store (门店) id"),
  Flag.withDefault("store-01")
)

const storeFlags = { memory, dataDir, url, group, store }
type StoreFlags = {
  readonly memory: boolean
  readonly dataDir: Option.Option<string>
  readonly url: Option.Option<string>
  readonly group: string
  readonly store: string
}

/** Runs a handler on the chosen store; a failure prints its message and sets exit code 1. */
const onStore = <A>(flags: StoreFlags, body: (tenant: Tenant) => Effect.Effect<A, unknown, JipanStore>) => {
  const choice = chooseStore({
    url: Option.getOrUndefined(flags.url),
    memory: flags.memory,
    dataDir: Option.getOrUndefined(flags.dataDir)
  })
  return Effect.gen(function* () {
    print(`Store: ${describeStore(choice)}`)
    const tenant = makeTenant(flags.group, flags.store)
    yield* body(tenant).pipe(Effect.provide(storeLayer(choice)))
  }).pipe(Effect.catch(failed))
}

const failed = (e: unknown) =>
  Effect.sync(() => {
    console.error(`Error: ${e instanceof Error ? e.message : String(e)}`)
    process.exitCode = 1
  })

const todayInChina = (): CalendarDate => calendarDateOf(Date.now(), "Asia/Shanghai")

const demo = Command.make(
  "demo",
  {
    dataDir: Flag.String("data-dir").pipe(
      Flag.withDescription("Keep the generated store in this directory (default: in memory)"),
      Flag.optional
    ),
    url,
    seed: Flag.Int("seed").pipe(Flag.withDescription("The generator's seed"), Flag.withDefault(DEMO_SEED)),
    days: Flag.Int("days").pipe(Flag.withDescription("Days to simulate"), Flag.withDefault(90))
  },
  (flags) =>
    onStore(
      {
        memory: Option.isNone(flags.dataDir),
        dataDir: flags.dataDir,
        url: flags.url,
        group: "grp-demo",
        store: "store-01"
      },
      () => runDemo({ print, seed: flags.seed, days: flags.days })
    )
).pipe(
  Command.withDescription(
    "Generate a deterministic 90-day showroom history on embedded PGlite and print the day's work lists, care contacts and referral settlement"
  )
)

const importCommand = Command.make(
  "import",
  { file: Argument.String("file").pipe(Argument.withDescription("The CSV file")), ...storeFlags },
  (flags) =>
    Effect.gen(function* () {
      const text = yield* Effect.tryPromise(() => readFile(flags.file, "utf8"))
      const rows = yield* Effect.try(() => parseCsv(text))
      yield* onStore(flags, (tenant) =>
        Effect.gen(function* () {
          const report = yield* importRows(rows, tenant, { print })
          print(renderImport(flags.file, report))
          if (report.errors.length > 0) process.exitCode = 1
        })
      )
    }).pipe(Effect.catch((e) => failed(e instanceof Error && e.cause instanceof Error ? e.cause : e)))
).pipe(
  Command.withDescription(
    "Import cards (type=open) and contacts (type=contact) from a CSV file; bad rows are reported by line"
  )
)

const plan = Command.make(
  "plan",
  {
    date: Flag.String("date").pipe(
      Flag.withDescription("The day (YYYY-MM-DD; default today in Beijing time)"),
      Flag.withSchema(Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))),
      Flag.optional
    ),
    consultant: Flag.String("consultant").pipe(
      Flag.withDescription("Only this consultant"),
      Flag.withSchema(ConsultantId),
      Flag.optional
    ),
    ...storeFlags
  },
  (flags) =>
    onStore(flags, (tenant) =>
      Effect.gen(function* () {
        const date = Option.match(flags.date, { onNone: todayInChina, onSome: (d) => d as CalendarDate })
        const plans = yield* planOn(tenant, date, defaultPolicy, Option.getOrUndefined(flags.consultant))
        print(renderPlan(plans, date, defaultPolicy))
        print(renderCare(yield* careOn(tenant, date), date))
      })
    )
).pipe(Command.withDescription("Today's work list (the card cabinet) and care contacts per consultant"))

const settleCommand = Command.make(
  "settle",
  { month: Argument.String("month").pipe(Argument.withSchema(YearMonth)), ...storeFlags },
  (flags) =>
    onStore(flags, (tenant) =>
      Effect.gen(function* () {
        const { statement } = yield* settle(tenant, flags.month, [])
        print(renderSettlement(statement))
        print("(surveys: none — the store does not keep surveys yet, so CVP lines are judged without them)")
      })
    )
).pipe(
  Command.withDescription("The month's referral settlement (一拓一, CVP, referrer rewards) from the store")
)

const showroom = Command.make("jipan-showroom").pipe(
  Command.withDescription("Jipan (基盘) showroom: the demo and a small CLI over a Jipan store"),
  Command.withSubcommands([demo, importCommand, plan, settleCommand])
)

showroom.pipe(Command.run({ version: "0.0.0" }), Effect.provide(NodeServices.layer), NodeRuntime.runMain)
