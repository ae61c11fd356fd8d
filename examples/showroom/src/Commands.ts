/**
 * What each CLI command does, loaded by `main.ts` only when a command runs. Every command but
 * `demo` and `import` reads the demo's store by default (generating it once when it is missing);
 * on the demo's store the dates default to the demo's calendar ("today" is 2026-03-31). Messages
 * (`Store: …`, `Wrote …`, progress) go to standard error; the report itself to standard output.
 *
 * @module
 */

import { randomUUID } from "node:crypto"
import { existsSync, readdirSync } from "node:fs"
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import {
  type AccessRecord,
  AuditLog,
  accessRecordOf,
  addDays,
  type CalendarDate,
  CardId,
  type ConsultantId,
  calendarDateOf,
  closeDay,
  defaultPolicy,
  type JipanStore,
  makeTenant,
  Outbox,
  type ReportTable,
  type Tenant,
  type Viewer,
  YearMonth
} from "@jipan/core"
import { Effect, Option, Schema } from "effect"
import type { DemoOptions } from "./Demo.js"
import {
  DEMO_STORE_DIR,
  IMPORT_STORE_DIR,
  MANIFEST_FILE,
  manifestText,
  readManifest,
  simulationOf
} from "./DemoStore.js"
import { analyticsTablesOf, cardTables, controlViewTables, dailyTables, findingsTables } from "./Forms.js"
import { cardOwnerOf, type Directory, displayTable, emptyDirectory, maskedText, nameOf } from "./People.js"
import { type Privacy, viewerText } from "./Privacy.js"
import type { Simulation } from "./Simulate.js"
import { chooseStore, describeStore, type StoreChoice, storeLayer } from "./Store.js"

const print = (text: string) => console.log(text)
const note = (text: string) => console.error(text)

/**
 * A failure prints its message on standard error, phones and VINs masked unless the viewer may see
 * every customer (the card behind an error is not known), and sets exit code 1.
 */
const failed = (privacy: Privacy) => (e: unknown) =>
  Effect.sync(() => {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e
    note(
      `Error: ${maskedText(cause instanceof Error ? cause.message : String(cause), privacy.viewer, undefined)}`
    )
    process.exitCode = 1
  })

/** Says on standard error who the run is for, and so what personal data it shows. */
const announceViewer = (privacy: Privacy) =>
  note(
    privacy.viewer.role === "system"
      ? "As: system, customers' names and phones masked (--as consultant:<id>, supervisor, dcrc or admin shows what that role may see)"
      : `As: ${viewerText(privacy.viewer)}, ${privacy.viewer.role === "consultant" ? "their own customers' names and phones shown, others masked" : "customers' names and phones shown"}`
  )

const todayInChina = (): CalendarDate => calendarDateOf(Date.now(), "Asia/Shanghai")

/** The flags every store command takes. */
export interface StoreFlags {
  readonly memory: boolean
  readonly dataDir: Option.Option<string>
  readonly url: Option.Option<string>
  readonly group: string
  readonly store: string
}

const isDemoStore = (dir: string) => existsSync(join(dir, MANIFEST_FILE))

/** The store a command opened: where, its names, and the demo's calendar when it is the demo's. */
interface Opened {
  readonly choice: StoreChoice
  readonly tenant: Tenant
  readonly directory: Directory
  /** The demo's simulation, on a demo store. */
  readonly sim: Simulation | undefined
  /** "Today": the demo's on a demo store, else today in Beijing time. */
  readonly today: CalendarDate
}

/**
 * Chooses the store (default: `fallback`), generating the demo's store first when it is the one
 * chosen and it does not exist yet, and announces it on standard error.
 */
const open = (flags: StoreFlags, fallback: StoreChoice, privacy: Privacy) =>
  Effect.gen(function* () {
    const choice = chooseStore(
      {
        url: Option.getOrUndefined(flags.url),
        memory: flags.memory,
        dataDir: Option.getOrUndefined(flags.dataDir)
      },
      fallback,
      isDemoStore
    )
    let sim: Simulation | undefined
    if (choice.kind === "demo") {
      let manifest = readManifest(choice.dir)
      if (manifest === undefined) {
        note(
          `No demo store at ${choice.dir} yet: generating it once (about 15 s; npm run demo does the same)…`
        )
        yield* generateDemoStore(choice.dir, { print: () => {}, note, seed: undefined, days: undefined })
        manifest = readManifest(choice.dir)
      }
      sim = manifest === undefined ? undefined : simulationOf(manifest)
    }
    note(`Store: ${describeStore(choice)}${sim === undefined ? "" : `; the demo's "today" is ${sim.today}`}`)
    announceViewer(privacy)
    const opened: Opened = {
      choice,
      tenant: sim?.tenant ?? makeTenant(flags.group, flags.store),
      directory: sim?.directory ?? emptyDirectory,
      sim,
      today: sim?.today ?? todayInChina()
    }
    return opened
  })

/** A consultant given by id or by name (the directory's). */
const consultantId = (directory: Directory, given: string): ConsultantId =>
  (Object.entries(directory.consultants).find(([, name]) => name === given)?.[0] ?? given) as ConsultantId

const dayOf = (text: string) => text as CalendarDate

// ---------------------------------------------------------------------------------------------
// demo

/** The flags of `demo`. */
export interface DemoFlags {
  readonly dataDir: Option.Option<string>
  readonly memory: boolean
  readonly fresh: boolean
  readonly url: Option.Option<string>
  readonly seed: number
  readonly days: number
}

/**
 * Generates the demo's history into a new store folder `dir` (through a temporary folder, so an
 * interrupted run leaves nothing half-made), printing the sections as it goes when `print` does.
 */
const generateDemoStore = (
  dir: string,
  options: Omit<DemoOptions, "seed" | "days"> & {
    readonly seed: number | undefined
    readonly days: number | undefined
  }
) =>
  Effect.gen(function* () {
    const partial = `${dir}.partial-${process.pid}`
    yield* Effect.promise(() => rm(partial, { recursive: true, force: true }))
    yield* Effect.promise(() => mkdir(dirname(partial), { recursive: true }))
    const started = Date.now()
    const { runDemo } = yield* Effect.promise(() => import("./Demo.js"))
    const { seed: _seed, days: _days, ...rest } = options
    const sim = yield* runDemo({
      ...rest,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.days === undefined ? {} : { days: options.days })
    }).pipe(
      Effect.provide(storeLayer({ kind: "demo", dir: partial }, { relaxedDurability: true })),
      Effect.onError(() => Effect.promise(() => rm(partial, { recursive: true, force: true })))
    )
    const generatedSeconds = Math.round((Date.now() - started) / 100) / 10
    yield* Effect.promise(async () => {
      await writeFile(
        join(partial, MANIFEST_FILE),
        manifestText(sim, {
          seed: options.seed ?? 20260101,
          days: options.days ?? 90,
          generatedSeconds
        })
      )
      await rm(dir, { recursive: true, force: true })
      try {
        await rename(partial, dir)
      } catch {
        // another run put its store there first: keep that one
        await rm(partial, { recursive: true, force: true })
      }
    })
    return sim
  })

/**
 * `demo`: on the demo's store when it already holds this seed's history, print its sections
 * (no simulation); otherwise generate it (`--fresh` always does), printing as it goes. `--memory`
 * and `--url` generate into that store and keep nothing beside it.
 */
export const demoCommand = (flags: DemoFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    const options = { print, note, seed: flags.seed, days: flags.days, viewer: privacy.viewer }
    announceViewer(privacy)
    const { printSections, runDemo } = yield* Effect.promise(() => import("./Demo.js"))
    if (Option.isSome(flags.url) || flags.memory) {
      const choice: StoreChoice = Option.isSome(flags.url)
        ? { kind: "postgres", url: flags.url.value }
        : { kind: "memory" }
      note(`Store: ${describeStore(choice)}`)
      yield* runDemo(options).pipe(Effect.provide(storeLayer(choice)))
      return
    }
    const dir = Option.getOrElse(flags.dataDir, () => DEMO_STORE_DIR)
    const manifest = readManifest(dir)
    if (
      manifest !== undefined &&
      !flags.fresh &&
      manifest.seed === flags.seed &&
      manifest.days === flags.days
    ) {
      note(
        `Store: ${describeStore({ kind: "demo", dir })}, generated earlier in ${manifest.generatedSeconds} s (demo --fresh generates it again)`
      )
      const sim = simulationOf(manifest)
      yield* printSections(sim, options).pipe(Effect.provide(storeLayer({ kind: "demo", dir })))
      return
    }
    if (!isDemoStore(dir) && existsSync(dir) && readdirSync(dir).length > 0)
      return yield* Effect.fail(
        new Error(`${dir} is not empty and holds no demo: give the demo an empty or new --data-dir`)
      )
    note(`Store: embedded PGlite at ${dir} (generated now; later demo, plan, settle and report runs open it)`)
    yield* generateDemoStore(dir, options)
  }).pipe(Effect.catch(failed(privacy)))

// ---------------------------------------------------------------------------------------------
// import, plan, settle, close-day

/** The flags of `import`. */
export interface ImportFlags extends StoreFlags {
  readonly file: string
}

/** `import <file.csv>`: every row decoded, good rows stored, bad rows reported with every reason. */
export const importCommand = (flags: ImportFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    const { importRows, parseCsv, renderImport } = yield* Effect.promise(() => import("./Import.js"))
    const text = yield* Effect.tryPromise(() => readFile(flags.file, "utf8"))
    const rows = yield* Effect.try(() => parseCsv(text))
    const opened = yield* open(flags, { kind: "dataDir", dataDir: IMPORT_STORE_DIR }, privacy)
    const report = yield* importRows(rows, opened.tenant, { note }).pipe(
      Effect.provide(storeLayer(opened.choice))
    )
    // a row's phone may be another consultant's customer's (AlreadyHasCard): masked as of no known owner
    print(maskedText(renderImport(flags.file, report), privacy.viewer, undefined))
    if (report.errors.length > 0) process.exitCode = 1
  }).pipe(Effect.catch(failed(privacy)))

/** The flags of `plan`. */
export interface PlanFlags extends StoreFlags {
  readonly date: Option.Option<string>
  readonly consultant: Option.Option<string>
}

/** `plan`: the work list and cabinet per consultant, and the care contacts due. */
export const planCommand = (flags: PlanFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    const opened = yield* open(flags, { kind: "demo", dir: DEMO_STORE_DIR }, privacy)
    const { careOn, planOn, renderCare, renderPlan } = yield* Effect.promise(() => import("./Reports.js"))
    const date = Option.match(flags.date, { onNone: () => opened.today, onSome: dayOf })
    yield* Effect.gen(function* () {
      const plans = yield* planOn(
        opened.tenant,
        date,
        defaultPolicy,
        Option.getOrUndefined(Option.map(flags.consultant, (c) => consultantId(opened.directory, c)))
      )
      print(renderPlan(plans, date, defaultPolicy, opened.directory, privacy.viewer))
      print(renderCare(yield* careOn(opened.tenant, date), date, opened.directory))
    }).pipe(Effect.provide(storeLayer(opened.choice)))
  }).pipe(Effect.catch(failed(privacy)))

/** The flags of `settle`. */
export interface SettleFlags extends StoreFlags {
  readonly month: string
}

/**
 * `settle <month>`: the month's referral settlement from the store alone (the core's
 * `settlement`): on the demo's store, what the demo printed.
 */
export const settleCommand = (flags: SettleFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    const opened = yield* open(flags, { kind: "demo", dir: DEMO_STORE_DIR }, privacy)
    const { settlementReport } = yield* Effect.promise(() => import("./Reports.js"))
    print(
      yield* settlementReport(
        opened.tenant,
        YearMonth.make(flags.month),
        opened.directory,
        privacy.viewer
      ).pipe(Effect.provide(storeLayer(opened.choice)))
    )
  }).pipe(Effect.catch(failed(privacy)))

/** The flags of `close-day`. */
export interface CloseDayFlags extends StoreFlags {
  readonly day: string
}

/**
 * `close-day <day>`: the store's close of day (日结, the core's `closeDay` at 23:30 Beijing time):
 * lapsed grades with their rule ids, vouchers expired, the customers' messages queued (on the
 * demo's store, with its names and phones; elsewhere no directory, so no messages), the problems.
 * Closing a day again prints nothing new.
 */
export const closeDayCommand = (flags: CloseDayFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    const opened = yield* open(flags, { kind: "demo", dir: DEMO_STORE_DIR }, privacy)
    const { allCards, dayClosedReport } = yield* Effect.promise(() => import("./Reports.js"))
    const { closeAt, notificationDirectory } = yield* Effect.promise(() => import("./Simulate.js"))
    const scope = { dealerGroupId: opened.tenant.dealerGroupId, storeId: opened.tenant.storeId }
    const day = dayOf(flags.day)
    const text = yield* Effect.gen(function* () {
      const before = new Set((yield* Outbox.use((o) => o.list(scope))).map((m) => m.id))
      // the DMS's directory: on the demo's store its names and the cards' phones
      const directory =
        opened.sim === undefined
          ? undefined
          : notificationDirectory(
              opened.directory,
              new Map(
                (yield* allCards(opened.tenant)).flatMap((c) =>
                  c.customerId === undefined || c.phone === undefined
                    ? []
                    : [[c.customerId, c.phone] as const]
                )
              )
            )
      const closed = yield* closeDay(scope, day, closeAt(day), { directory })
      return yield* dayClosedReport(opened.tenant, closed, before, opened.directory, privacy.viewer)
    }).pipe(Effect.provide(storeLayer(opened.choice)))
    print(text)
  }).pipe(Effect.catch(failed(privacy)))

/** The flags of `audit`. */
export interface AuditFlags extends StoreFlags {
  readonly action: Option.Option<"read" | "export" | "unmask" | "correct" | "erase">
}

/**
 * `audit`: the store's audit log of personal data (who read, exported, unmasked, corrected or
 * erased whose data, when and why), newest last; the supervisor's, the DCRC's or an admin's.
 */
export const auditCommand = (flags: AuditFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    const role = privacy.viewer.role
    if (role !== "supervisor" && role !== "dcrc" && role !== "admin")
      return yield* Effect.fail(
        new Error(
          `The audit log is the supervisor's: --as supervisor, dcrc or admin (not ${viewerText(privacy.viewer)})`
        )
      )
    const opened = yield* open(flags, { kind: "demo", dir: DEMO_STORE_DIR }, privacy)
    const records = yield* Effect.gen(function* () {
      const log = yield* AuditLog
      const out: Array<AccessRecord> = []
      let after: { readonly at: number; readonly id: string } | undefined
      for (let page = 0; page < 100; page++) {
        const p = yield* log.find(opened.tenant.dealerGroupId, {
          limit: 500,
          ...(Option.isSome(flags.action) ? { actions: [flags.action.value] } : {}),
          ...(after === undefined ? {} : { after: after as never })
        })
        out.push(...p.records)
        if (p.next === undefined) break
        after = p.next
      }
      return out
    }).pipe(Effect.provide(storeLayer(opened.choice)))
    if (records.length === 0) return print("个人信息处理记录 (Personal data audit log): nothing recorded")
    print(`个人信息处理记录 (Personal data audit log): ${records.length}`)
    for (const r of records)
      print(
        `${new Date(r.at).toISOString()}  ${r.action.padEnd(7)} ${r.output.padEnd(6)} ${r.subject}  by ${r.viewer.role}${r.viewer.consultantId === undefined ? "" : `:${r.viewer.consultantId}`}  "${r.reason}"`
      )
  }).pipe(Effect.catch(failed(privacy)))

// ---------------------------------------------------------------------------------------------
// report

/** The flags every `report` takes. */
export interface ReportFlags extends StoreFlags {
  readonly format: "table" | "csv" | "xlsx"
  readonly out: Option.Option<string>
  readonly locale: "zh-CN" | "en"
  readonly on?: Option.Option<string>
  readonly from?: Option.Option<string> | string
  readonly to?: Option.Option<string>
  readonly month?: Option.Option<string>
  readonly consultant?: Option.Option<string> | string
  readonly card?: string
}

/** The forms `report` prints or exports. */
export type ReportKind = "daily" | "control" | "card" | "findings" | "analytics"

const optional = (value: Option.Option<string> | undefined): string | undefined =>
  value === undefined ? undefined : Option.getOrUndefined(value)

/** The tables of a report on the opened store. */
const tablesOf = (
  kind: ReportKind,
  flags: ReportFlags,
  opened: Opened
): Effect.Effect<ReadonlyArray<ReportTable>, unknown, JipanStore> => {
  const { tenant, today, sim } = opened
  const locale = flags.locale
  const on = optional(flags.on)
  const consultant = (given: string) => consultantId(opened.directory, given)
  switch (kind) {
    case "daily": {
      const only = typeof flags.consultant === "string" ? flags.consultant : optional(flags.consultant)
      return dailyTables(
        tenant,
        {
          // the supervisor reads the last full day; on a live store, today so far
          from: on === undefined ? (sim === undefined ? today : addDays(today, -1)) : dayOf(on),
          ...(only === undefined ? {} : { consultantId: consultant(only) })
        },
        locale
      )
    }
    case "control":
      return controlViewTables(
        tenant,
        {
          consultantId: consultant(String(flags.consultant)),
          month: YearMonth.make(optional(flags.month) ?? today.slice(0, 7)),
          ...(on === undefined ? {} : { asOf: dayOf(on) })
        },
        locale
      )
    case "card": {
      const cardId = String(flags.card)
      if (!Schema.is(CardId)(cardId)) return Effect.fail(new Error(`Not a card id: "${cardId}"`))
      return cardTables(tenant, cardId, locale)
    }
    case "findings": {
      const from = typeof flags.from === "string" ? flags.from : optional(flags.from)
      return findingsTables(
        tenant,
        { on: on === undefined ? today : dayOf(on), ...(from === undefined ? {} : { from: dayOf(from) }) },
        locale
      )
    }
    case "analytics": {
      const to = optional(flags.to)
      return analyticsTablesOf(
        tenant,
        {
          from: dayOf(String(flags.from)),
          to: to === undefined ? (sim === undefined ? today : addDays(today, -1)) : dayOf(to)
        },
        locale
      )
    }
  }
}

/** `report <form>`: reads the form on the store and writes it as `--format` says. */
export const reportCommand = (kind: ReportKind, flags: ReportFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    if (flags.format === "xlsx" && Option.isNone(flags.out))
      return yield* Effect.fail(new Error("--format xlsx needs --out <file.xlsx>"))
    const opened = yield* open(flags, { kind: "demo", dir: DEMO_STORE_DIR }, privacy)
    const tables = yield* tablesOf(kind, flags, opened).pipe(Effect.provide(storeLayer(opened.choice)))
    // whose customers the rows are when no consultant column says: the control table's consultant, the card's
    const owner =
      kind === "control"
        ? consultantId(opened.directory, String(flags.consultant))
        : kind === "card"
          ? cardOwnerOf(tables)
          : undefined
    const { emitTables } = yield* Effect.promise(() => import("./Output.js"))
    yield* emitTables(tables, {
      format: flags.format,
      locale: flags.locale,
      out: Option.getOrUndefined(flags.out),
      write: (text) => (flags.format === "csv" ? process.stdout.write(text) : print(text)),
      note,
      ...displayFor(opened.directory, privacy, owner),
      // the store's audit log, which the supervisor queries (jipan.auditLog), keeps them as well;
      // ids unique across runs of the same millisecond (the log keeps the first of an id)
      audit: (accesses) =>
        AuditLog.use((log) =>
          Effect.flatMap(
            Effect.forEach(accesses, (a, i) =>
              Effect.fromResult(
                accessRecordOf(a, {
                  id: `cli-${a.at}-${randomUUID().slice(0, 8)}-${i}`,
                  dealerGroupId: opened.tenant.dealerGroupId,
                  storeId: opened.tenant.storeId
                })
              )
            ),
            (records) => log.record(records)
          )
        ).pipe(Effect.provide(storeLayer(opened.choice)))
    })
  }).pipe(Effect.catch(failed(privacy)))

/**
 * How `emitTables` shows the tables: names for ids and personal data masked for a viewer
 * (`displayTable`, rows owned by `owner` when given, else by their consultant column), and the
 * viewer in the tables' own terms for the exporter's pass (a consultant by name, as the
 * `consultant` column shows them).
 */
const displayFor = (directory: Directory, privacy: Privacy, owner: string | undefined) => ({
  privacy,
  display: (t: ReportTable, viewer: Viewer) =>
    displayTable(t, directory, viewer, owner === undefined ? {} : { owner }),
  exportViewer:
    privacy.viewer.consultantId === undefined
      ? privacy.viewer
      : { ...privacy.viewer, consultantId: nameOf(directory, privacy.viewer.consultantId) }
})

// ---------------------------------------------------------------------------------------------
// policy diff

/**
 * The flags of `policy diff`.
 *
 * @example
 * ```ts
 * const flags: PolicyDiffFlags = { draft: "draft.json", from: "2026-01-01", to: "2026-03-31", format: "table",
 *   out: Option.none(), locale: "en", memory: false, dataDir: Option.none(), url: Option.none(),
 *   group: "grp-demo", store: "store-01" }
 * ```
 */
export interface PolicyDiffFlags extends StoreFlags {
  readonly draft: string
  readonly from: string
  readonly to: string
  readonly format: "table" | "csv" | "xlsx"
  readonly out: Option.Option<string>
  readonly locale: "zh-CN" | "en"
}

/**
 * `policy diff <draft.json> --from … --to …`: the policy lab. Replays the store's histories over
 * the days under the draft policy document and prints (or exports) what would have differed:
 * grades, due dates, workload, overdue, findings, care, settlement and rewards, per rule id.
 *
 * @example
 * ```ts
 * await Effect.runPromise(policyDiffCommand(flags)) // prints the tables; progress on standard error
 * ```
 */
export const policyDiffCommand = (flags: PolicyDiffFlags, privacy: Privacy) =>
  Effect.gen(function* () {
    if (flags.format === "xlsx" && Option.isNone(flags.out))
      return yield* Effect.fail(new Error("--format xlsx needs --out <file.xlsx>"))
    const { decodePolicyDocument, policyReplayTables, replayPolicy } = yield* Effect.promise(
      () => import("@jipan/core")
    )
    const text = yield* Effect.tryPromise(() => readFile(flags.draft, "utf8"))
    const json = yield* Effect.try(() => JSON.parse(text) as unknown)
    const draft = yield* Effect.fromResult(decodePolicyDocument(json))
    const opened = yield* open(flags, { kind: "demo", dir: DEMO_STORE_DIR }, privacy)
    const started = Date.now()
    let batches = 0
    const replay = yield* replayPolicy(
      { dealerGroupId: opened.tenant.dealerGroupId, storeId: opened.tenant.storeId },
      draft,
      {
        from: dayOf(flags.from),
        to: dayOf(flags.to),
        onProgress: (p) => {
          batches++
          if (p.cardsDone === p.cardsTotal || batches % 20 === 0)
            note(`Replayed ${p.cardsDone}/${p.cardsTotal} cards of ${p.storeId}`)
        }
      }
    ).pipe(Effect.provide(storeLayer(opened.choice)))
    note(
      `${replay.cards} cards, ${replay.cardDays} card-days replayed in ${Math.round((Date.now() - started) / 100) / 10} s; ${replay.differences.length} difference(s)`
    )
    const { emitTables } = yield* Effect.promise(() => import("./Output.js"))
    yield* emitTables(policyReplayTables(replay), {
      format: flags.format,
      locale: flags.locale,
      out: Option.getOrUndefined(flags.out),
      write: (t) => (flags.format === "csv" ? process.stdout.write(t) : print(t)),
      note,
      ...displayFor(opened.directory, privacy, undefined)
    })
  }).pipe(Effect.catch(failed(privacy)))
