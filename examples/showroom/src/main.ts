/**
 * The showroom CLI (effect's CLI module): `demo`, `import <file.csv>`, `plan`, `settle <month>`,
 * `close-day <day>`, `report daily|control|card|findings|analytics`, `policy diff`, on the demo's store (default), embedded PGlite
 * in another data directory (`--data-dir`), in memory (`--memory`) or a PostgreSQL server
 * (`--url`). Run it with `npx jipan-showroom` (bin/jipan-showroom.mjs, which runs the bundle in
 * dist/); this module only parses the command line: what a command does is loaded when it runs
 * (`Commands.ts`), so `--help` never starts a database and `report` never loads the simulator.
 *
 * Global flags (any command, before or after it): `--as <role>[:<consultantId>]` (who is looking;
 * default the system, which sees no customer's personal data), `--unmask --reason "<why>"` (CSV and
 * XLSX files show what that role may see, recorded) and `--audit-log <file>` (see `Privacy.ts`).
 *
 * @module
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import type { Viewer } from "@jipan/core"
import { Effect, Option, Result, Schema } from "effect"
import { Argument, Command, Flag, GlobalFlag } from "effect/cli"
import { type Privacy, parseViewer, privacyOf, VIEWER_USAGE } from "./Privacy.js"
import { traceIf } from "./Trace.js"

/** The commands' implementation, loaded on first use. */
const commands = () => Effect.promise(() => import("./Commands.js"))

/** `--as <role>[:<consultantId>]`: who is looking; a value that is no role is a usage error. */
const As = GlobalFlag.Setting("as")({
  flag: Flag.String("as").pipe(
    Flag.mapTryCatch(
      (text): Viewer => {
        const viewer = parseViewer(text)
        if (Result.isFailure(viewer)) throw new Error(viewer.failure)
        return viewer.success
      },
      (e) => (e instanceof Error ? e.message : String(e))
    ),
    Flag.optional,
    Flag.withMetavar("<role>[:<consultantId>]"),
    Flag.withDescription(
      `Who is looking: ${VIEWER_USAGE} (default system: no customer's name or phone is shown). A consultant sees their own customers; supervisor, dcrc and admin see all`
    )
  )
})
const Unmask = GlobalFlag.Setting("unmask")({
  flag: Flag.Boolean("unmask").pipe(
    Flag.withDefault(false),
    Flag.withDescription(
      "CSV and XLSX exports (masked for every role by default) show what --as may see; needs --reason, and is recorded (standard error and --audit-log)"
    )
  )
})
const Reason = GlobalFlag.Setting("reason")({
  flag: Flag.String("reason").pipe(
    Flag.optional,
    Flag.withMetavar("<why>"),
    Flag.withDescription("Why the personal data is unmasked (required with --unmask; recorded)")
  )
})
const AuditLog = GlobalFlag.Setting("audit-log")({
  flag: Flag.String("audit-log").pipe(
    Flag.optional,
    Flag.withMetavar("<file>"),
    Flag.withDescription(
      "The audit log of personal data access, JSON lines (default examples/showroom/.data/personal-data-access.jsonl)"
    )
  )
})

/**
 * The run's privacy from the global flags; `--unmask` without `--reason` is refused here, before a
 * store is opened (a usage error on standard error, exit code 2).
 */
const privacy = Effect.gen(function* () {
  const result = privacyOf({
    viewer: Option.getOrUndefined(yield* As),
    unmask: yield* Unmask,
    reason: Option.getOrUndefined(yield* Reason),
    auditLog: Option.getOrUndefined(yield* AuditLog),
    now: Date.now()
  })
  if (Result.isSuccess(result)) return result.success
  console.error(`Error: ${result.failure.message}`)
  process.exitCode = 2
  return undefined
})

/** Runs a command's implementation with the run's privacy, printing its span tree afterwards with `--trace`. */
const traced = <A, E, R>(
  flags: { readonly trace?: boolean },
  run: (c: typeof import("./Commands.js"), privacy: Privacy) => Effect.Effect<A, E, R>
) =>
  Effect.flatMap(privacy, (p) =>
    p === undefined
      ? Effect.void
      : Effect.flatMap(commands(), (c) => Effect.asVoid(run(c, p).pipe(traceIf(flags.trace === true))))
  )

const DAY = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))
const MONTH = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}$/))

const memory = Flag.Boolean("memory").pipe(
  Flag.withDescription("Use an embedded PGlite in memory (nothing is kept)"),
  Flag.withDefault(false)
)
const dataDir = Flag.String("data-dir").pipe(
  Flag.withDescription(
    "An embedded PGlite data directory, or a demo store (default: the demo's store, examples/showroom/.data/demo, generated on first use)"
  ),
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

const trace = Flag.Boolean("trace").pipe(
  Flag.withDescription(
    "Print the span tree of what the command did (use cases, store calls, SQL statements; ids, never personal data)"
  ),
  Flag.withDefault(false)
)

const storeFlags = { memory, dataDir, url, group, store, trace }

const demo = Command.make(
  "demo",
  {
    dataDir: Flag.String("data-dir").pipe(
      Flag.withDescription(
        "Where to keep the generated store (default examples/showroom/.data/demo); a later demo opens it instead of generating again"
      ),
      Flag.optional
    ),
    memory: Flag.Boolean("memory").pipe(
      Flag.withDescription("Generate in memory and keep nothing"),
      Flag.withDefault(false)
    ),
    fresh: Flag.Boolean("fresh").pipe(
      Flag.withDescription("Generate the history again even when the store already holds it"),
      Flag.withDefault(false)
    ),
    url,
    seed: Flag.Int("seed").pipe(Flag.withDescription("The generator's seed"), Flag.withDefault(20260101)),
    days: Flag.Int("days").pipe(Flag.withDescription("Days in the calendar"), Flag.withDefault(90))
  },
  (flags) => traced({}, (c, p) => c.demoCommand(flags, p))
).pipe(
  Command.withDescription(
    "Generate a deterministic 90-day showroom history on embedded PGlite (kept for later commands) and print the day's work lists, care contacts, the daily report, the findings, a control table and a customer card, and the referral settlement"
  )
)

const importCommand = Command.make(
  "import",
  {
    file: Argument.String("file").pipe(Argument.withDescription("The CSV file")),
    ...storeFlags,
    dataDir: Flag.String("data-dir").pipe(
      Flag.withDescription("The embedded PGlite data directory (default examples/showroom/.data/import)"),
      Flag.optional
    )
  },
  (flags) => traced(flags, (c, p) => c.importCommand(flags, p))
).pipe(
  Command.withDescription(
    "Import cards (type=open/建卡) and contacts (type=contact/联系) from a CSV file; codes or Chinese labels; bad rows are reported by line with every reason"
  )
)

const plan = Command.make(
  "plan",
  {
    date: Flag.String("date").pipe(
      Flag.withDescription("The day (YYYY-MM-DD; default today: in Beijing time, or the demo's today)"),
      Flag.withSchema(DAY),
      Flag.optional
    ),
    consultant: Flag.String("consultant").pipe(
      Flag.withDescription("Only this consultant (id or name)"),
      Flag.optional
    ),
    ...storeFlags
  },
  (flags) => traced(flags, (c, p) => c.planCommand(flags, p))
).pipe(Command.withDescription("Today's work list (the card cabinet) and care contacts per consultant"))

const settleCommand = Command.make(
  "settle",
  { month: Argument.String("month").pipe(Argument.withSchema(MONTH)), ...storeFlags },
  (flags) => traced(flags, (c, p) => c.settleCommand(flags, p))
).pipe(
  Command.withDescription("The month's referral settlement (一拓一, CVP, referrer rewards) from the store")
)

const closeDayCommand = Command.make(
  "close-day",
  {
    day: Argument.String("day").pipe(
      Argument.withDescription(
        "The day to close (YYYY-MM-DD; on the demo's store its last day is 2026-03-30)"
      ),
      Argument.withSchema(DAY)
    ),
    ...storeFlags
  },
  (flags) => traced(flags, (c, p) => c.closeDayCommand(flags, p))
).pipe(
  Command.withDescription(
    "日结: close a day — lapsed grades (with the rule ids), expired vouchers, care and voucher messages queued in the outbox; closing it again changes nothing"
  )
)

const auditCommand = Command.make(
  "audit",
  {
    action: Flag.Literals("action", ["read", "export", "unmask", "correct", "erase"] as const).pipe(
      Flag.withDescription("Only records of this action"),
      Flag.optional
    ),
    ...storeFlags
  },
  (flags) => traced(flags, (c, p) => c.auditCommand(flags, p))
).pipe(
  Command.withDescription(
    "个人信息处理记录: the store's audit log of personal data — who read, exported, unmasked, corrected or erased, when and why (--as supervisor, dcrc or admin)"
  )
)

const reportFlags = {
  format: Flag.Literals("format", ["table", "csv", "xlsx"] as const).pipe(
    Flag.withDescription("table (text, default), csv (to --out or standard output) or xlsx (to --out)"),
    Flag.withDefault<"table" | "csv" | "xlsx">("table")
  ),
  out: Flag.String("out").pipe(Flag.withDescription("The file to write (required for xlsx)"), Flag.optional),
  locale: Flag.Literals("locale", ["zh-CN", "en"] as const).pipe(
    Flag.withDescription("The language of headers and labels"),
    Flag.withDefault<"zh-CN" | "en">("zh-CN")
  ),
  ...storeFlags
}

const dateFlag = (description: string) =>
  Flag.String("on").pipe(Flag.withDescription(description), Flag.withSchema(DAY), Flag.optional)
const consultantFlag = (description: string) =>
  Flag.String("consultant").pipe(Flag.withDescription(`${description} (id or name)`))

const reportDaily = Command.make(
  "daily",
  {
    on: dateFlag(
      "The day (YYYY-MM-DD; default today in Beijing time; on the demo's store its last day, 2026-03-30)"
    ),
    consultant: consultantFlag("Only this consultant (a row even when idle)").pipe(Flag.optional),
    ...reportFlags
  },
  (flags) => traced(flags, (c, p) => c.reportCommand("daily", flags, p))
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
      Flag.withDescription("The month (YYYY-MM; default this month in Beijing time, or the demo's month)"),
      Flag.withSchema(MONTH),
      Flag.optional
    ),
    on: dateFlag("Read as of this day: later days show only the plan (default: the whole month)"),
    ...reportFlags
  },
  (flags) => traced(flags, (c, p) => c.reportCommand("control", flags, p))
).pipe(
  Command.withDescription(
    "有望客户进度管制表: one row per prospect, one column per day with the grade and planned vs actual contacts"
  )
)

const reportCard = Command.make(
  "card",
  {
    card: Flag.String("card").pipe(Flag.withDescription("The card id (required)")),
    ...reportFlags
  },
  (flags) => traced(flags, (c, p) => c.reportCommand("card", flags, p))
).pipe(
  Command.withDescription("客户信息卡: the card's front (who, needs, source, grade) and back (every contact)")
)

const reportFindings = Command.make(
  "findings",
  {
    on: dateFlag("The day of the check (YYYY-MM-DD; default today in Beijing time, or the demo's today)"),
    from: Flag.String("from").pipe(
      Flag.withDescription("The first day of the window of events and visits read (default: --on)"),
      Flag.withSchema(DAY),
      Flag.optional
    ),
    ...reportFlags
  },
  (flags) => traced(flags, (c, p) => c.reportCommand("findings", flags, p))
).pipe(
  Command.withDescription(
    "主管检查: overdue contacts, grades held too long or jumping without a contact, no next agreed contact, defeat requests waiting, care contacts not made, walk-ins without a card"
  )
)

const reportAnalytics = Command.make(
  "analytics",
  {
    from: Flag.String("from").pipe(Flag.withDescription("The first day (YYYY-MM-DD)"), Flag.withSchema(DAY)),
    to: Flag.String("to").pipe(
      Flag.withDescription(
        "The last day (YYYY-MM-DD; default today in Beijing time, or the demo's last day)"
      ),
      Flag.withSchema(DAY),
      Flag.optional
    ),
    ...reportFlags
  },
  (flags) => traced(flags, (c, p) => c.reportCommand("analytics", flags, p))
).pipe(
  Command.withDescription(
    "Dealer analytics: the funnel by lead source, deals by source, follow-up effectiveness, defeat reasons, referral chains"
  )
)

const report = Command.make("report").pipe(
  Command.withDescription("The supervisor's forms, findings and analytics as text tables, CSV or XLSX"),
  Command.withSubcommands([reportDaily, reportControl, reportCard, reportFindings, reportAnalytics])
)

const policyDiff = Command.make(
  "diff",
  {
    draft: Argument.String("draft").pipe(Argument.withDescription("The draft policy document (JSON)")),
    from: Flag.String("from").pipe(
      Flag.withDescription("The first day replayed (YYYY-MM-DD)"),
      Flag.withSchema(DAY)
    ),
    to: Flag.String("to").pipe(
      Flag.withDescription("The last day replayed (YYYY-MM-DD)"),
      Flag.withSchema(DAY)
    ),
    ...reportFlags
  },
  (flags) => traced(flags, (c, p) => c.policyDiffCommand(flags, p))
).pipe(
  Command.withDescription(
    "政策沙盘: replay the store's history over the days under a draft policy and show what would have differed (grades, due dates, workload, overdue, findings, care, settlement, rewards) per rule id"
  )
)

const policy = Command.make("policy").pipe(
  Command.withDescription("The policy lab: what a draft policy would have changed"),
  Command.withSubcommands([policyDiff])
)

const showroom = Command.make("jipan-showroom").pipe(
  Command.withDescription("Jipan (基盘) showroom: the demo and a small CLI over a Jipan store"),
  Command.withSubcommands([
    demo,
    importCommand,
    plan,
    settleCommand,
    closeDayCommand,
    auditCommand,
    report,
    policy
  ]),
  Command.withGlobalFlags([As, Unmask, Reason, AuditLog])
)

showroom.pipe(Command.run({ version: "0.0.0" }), Effect.provide(NodeServices.layer), NodeRuntime.runMain)
