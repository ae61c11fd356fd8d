#!/usr/bin/env -S npx tsx
/**
 * The showroom CLI (effect's CLI module): `demo`, `import <file.csv>`, `plan`, `settle <month>`,
 * `report daily|control|card|findings|analytics`, against embedded PGlite in `.jipan-data/` (default), in memory (`--memory`) or a PostgreSQL
 * server (`--url`).
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import {
  CalendarDate,
  CardId,
  ConsultantId,
  calendarDateOf,
  defaultPolicy,
  type JipanStore,
  makeTenant,
  type ReportTable,
  type Tenant,
  YearMonth
} from "@jipan/core"
import { Effect, Option, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { runDemo } from "./Demo.js"
import { analyticsTablesOf, cardTables, controlTables, dailyTables, findingsTables } from "./Forms.js"
import { importRows, parseCsv, renderImport } from "./Import.js"
import { emitTables, REPORT_FORMATS, type ReportFormat } from "./Output.js"
import { careOn, planOn, renderCare, renderPlan, renderSettlement, settle } from "./Reports.js"
import { DEMO_SEED } from "./Simulate.js"
import { chooseStore, DEFAULT_DATA_DIR, describeStore, storeLayer } from "./Store.js"

const print = (text: string) => console.log(text)
const printError = (text: string) => console.error(text)

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

/**
 * Runs a handler on the chosen store; a failure prints its message and sets exit code 1. The
 * "Store: …" line goes to `announce` (standard error for `report`, whose CSV may be on stdout).
 */
const onStore = <A>(
  flags: StoreFlags,
  body: (tenant: Tenant) => Effect.Effect<A, unknown, JipanStore>,
  announce: (text: string) => void = print
) => {
  const choice = chooseStore({
    url: Option.getOrUndefined(flags.url),
    memory: flags.memory,
    dataDir: Option.getOrUndefined(flags.dataDir)
  })
  return Effect.gen(function* () {
    announce(`Store: ${describeStore(choice)}`)
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
    "Generate a deterministic 90-day showroom history on embedded PGlite and print the day's work lists, care contacts, the daily report, the findings, a control table and a customer card, and the referral settlement"
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

const reportFlags = {
  format: Flag.Literals("format", REPORT_FORMATS).pipe(
    Flag.withDescription("table (text, default), csv (to --out or standard output) or xlsx (to --out)"),
    Flag.withDefault<ReportFormat>("table")
  ),
  out: Flag.String("out").pipe(Flag.withDescription("The file to write (required for xlsx)"), Flag.optional),
  locale: Flag.Literals("locale", ["zh-CN", "en"] as const).pipe(
    Flag.withDescription("The language of headers and labels"),
    Flag.withDefault<"zh-CN" | "en">("zh-CN")
  ),
  ...storeFlags
}
type ReportFlags = StoreFlags & {
  readonly format: ReportFormat
  readonly out: Option.Option<string>
  readonly locale: "zh-CN" | "en"
}

const dateFlag = (description: string) =>
  Flag.String("on").pipe(Flag.withDescription(description), Flag.withSchema(CalendarDate), Flag.optional)
const consultantFlag = (description: string) =>
  Flag.String("consultant").pipe(Flag.withDescription(description), Flag.withSchema(ConsultantId))

/** Reads the tables on the store and writes them as `--format` says. */
const runReport = (
  flags: ReportFlags,
  tables: (tenant: Tenant) => Effect.Effect<ReadonlyArray<ReportTable>, unknown, JipanStore>
) =>
  onStore(
    flags,
    (tenant) =>
      Effect.flatMap(tables(tenant), (read) =>
        emitTables(read, {
          format: flags.format,
          locale: flags.locale,
          out: Option.getOrUndefined(flags.out),
          write: (text) => (flags.format === "csv" ? process.stdout.write(text) : print(text)),
          note: printError
        })
      ),
    printError
  )

const reportDaily = Command.make(
  "daily",
  {
    on: dateFlag("The day (YYYY-MM-DD; default today in Beijing time)"),
    consultant: consultantFlag("Only this consultant (a row even when idle)").pipe(Flag.optional),
    ...reportFlags
  },
  (flags) =>
    runReport(flags, (tenant) =>
      dailyTables(
        tenant,
        {
          from: Option.getOrElse(flags.on, todayInChina),
          ...Option.match(flags.consultant, {
            onNone: () => ({}),
            onSome: (consultantId) => ({ consultantId })
          })
        },
        flags.locale
      )
    )
).pipe(
  Command.withDescription(
    "营业日报表: per consultant, walk-ins and phone-ins, new cards by source and the carding rate, contacts due/done/overdue, grade changes, test drives, orders, deliveries, defeats, referrals"
  )
)

const reportControl = Command.make(
  "control",
  {
    consultant: consultantFlag("The consultant (required)"),
    month: Flag.String("month").pipe(
      Flag.withDescription("The month (YYYY-MM; default this month in Beijing time)"),
      Flag.withSchema(YearMonth),
      Flag.optional
    ),
    on: dateFlag("Read as of this day: later days show only the plan (default: the whole month)"),
    ...reportFlags
  },
  (flags) =>
    runReport(flags, (tenant) =>
      controlTables(
        tenant,
        {
          consultantId: flags.consultant,
          month: Option.getOrElse(flags.month, () => YearMonth.make(todayInChina().slice(0, 7))),
          ...Option.match(flags.on, { onNone: () => ({}), onSome: (asOf) => ({ asOf }) })
        },
        flags.locale
      )
    )
).pipe(
  Command.withDescription(
    "有望客户进度管制表: one row per prospect, one column per day with the grade and planned vs actual contacts"
  )
)

const reportCard = Command.make(
  "card",
  {
    card: Flag.String("card").pipe(Flag.withDescription("The card id (required)"), Flag.withSchema(CardId)),
    ...reportFlags
  },
  (flags) => runReport(flags, (tenant) => cardTables(tenant, flags.card, flags.locale))
).pipe(
  Command.withDescription("客户信息卡: the card's front (who, needs, source, grade) and back (every contact)")
)

const reportFindings = Command.make(
  "findings",
  {
    on: dateFlag("The day of the check (YYYY-MM-DD; default today in Beijing time)"),
    from: Flag.String("from").pipe(
      Flag.withDescription("The first day of the window of events and visits read (default: --on)"),
      Flag.withSchema(CalendarDate),
      Flag.optional
    ),
    ...reportFlags
  },
  (flags) =>
    runReport(flags, (tenant) =>
      findingsTables(
        tenant,
        {
          on: Option.getOrElse(flags.on, todayInChina),
          ...Option.match(flags.from, { onNone: () => ({}), onSome: (from) => ({ from }) })
        },
        flags.locale
      )
    )
).pipe(
  Command.withDescription(
    "主管检查: overdue contacts, grades held too long or jumping without a contact, no next agreed contact, defeat requests waiting, care contacts not made, walk-ins without a card"
  )
)

const reportAnalytics = Command.make(
  "analytics",
  {
    from: Flag.String("from").pipe(
      Flag.withDescription("The first day (YYYY-MM-DD)"),
      Flag.withSchema(CalendarDate)
    ),
    to: Flag.String("to").pipe(
      Flag.withDescription("The last day (YYYY-MM-DD; default today in Beijing time)"),
      Flag.withSchema(CalendarDate),
      Flag.optional
    ),
    ...reportFlags
  },
  (flags) =>
    runReport(flags, (tenant) =>
      analyticsTablesOf(
        tenant,
        { from: flags.from, to: Option.getOrElse(flags.to, todayInChina) },
        flags.locale
      )
    )
).pipe(
  Command.withDescription(
    "Dealer analytics: the funnel by lead source, deals by source, follow-up effectiveness, defeat reasons, referral chains"
  )
)

const report = Command.make("report").pipe(
  Command.withDescription("The supervisor's forms, findings and analytics as text tables, CSV or XLSX"),
  Command.withSubcommands([reportDaily, reportControl, reportCard, reportFindings, reportAnalytics])
)

const showroom = Command.make("jipan-showroom").pipe(
  Command.withDescription("Jipan (基盘) showroom: the demo and a small CLI over a Jipan store"),
  Command.withSubcommands([demo, importCommand, plan, settleCommand, report])
)

showroom.pipe(Command.run({ version: "0.0.0" }), Effect.provide(NodeServices.layer), NodeRuntime.runMain)
