/**
 * `demo`: generate the 90-day history into an empty store, then print the day's reports. The
 * reports are a list of sections, each an Effect that reads the store and returns text, so the
 * supervisor's forms (the daily business report, the control table, the findings) slot in as
 * further sections when `@jipan/core` has them.
 *
 * @module
 */
import {
  addDays,
  type CalendarDate,
  type ConsultantId,
  dailyReportOf,
  defaultPolicy,
  type Finding,
  type FindingRuleId,
  findingRules,
  gradeRank,
  type JipanStore,
  type ReportTable,
  type Viewer,
  YearMonth
} from "@jipan/core"
import { Effect } from "effect"
import {
  cardTables,
  controlCounts,
  controlTable,
  controlView,
  dailyTables,
  findingsDetail,
  findingsReport,
  narrow
} from "./Forms.js"
import { cardOwnerOf, type Directory, displayTable, nameOf } from "./People.js"
import { DEFAULT_VIEWER } from "./Privacy.js"
import { startProgress } from "./Progress.js"
import {
  allCards,
  careOn,
  dayClosedReport,
  planOn,
  renderCare,
  renderPlan,
  renderStatuses,
  settlementReport
} from "./Reports.js"
import { DEMO_DAYS, DEMO_SEED, DEMO_START, DEMO_TENANT, type Simulation, simulate } from "./Simulate.js"
import { renderSmsCare } from "./SmsCare.js"
import { heading, renderReportTable, renderTable } from "./Table.js"

/**
 * Options of the demo: where the report goes (`print`, standard output), where messages go
 * (`note`: the progress and the timing, standard error), whether to draw a progress bar, the
 * seed, the days.
 */
export interface DemoOptions {
  readonly print: (text: string) => void
  readonly note?: (text: string) => void
  readonly tty?: boolean
  readonly seed?: number
  readonly days?: number
  /** Who reads the report (`--as`): customers' names and phones masked by role; default the system. */
  readonly viewer?: Viewer
}

/** One printed section of the demo: a title for the index and the Effect that renders it. */
export interface Section {
  readonly id: string
  readonly render: (sim: Simulation, viewer: Viewer) => Effect.Effect<string, unknown, JipanStore>
}

const renderGenerated = (sim: Simulation): string => {
  const c = sim.counts
  const row = (zh: string, en: string, n: number) => [`${zh} (${en})`, n]
  const loyalty = [...sim.loyalty].sort(([a], [b]) => (a < b ? -1 : 1))
  return `${heading(`生成的历史 (Generated history) — ${sim.start} … the day before ${sim.today}`)}\n${renderTable(
    [{ header: "事项 (What)" }, { header: "数量 (Count)", align: "right" }],
    [
      row("建卡", "Cards opened", c.cardsOpened),
      row("  来店", "walk-ins", c.walkIns),
      row("  来电", "phone-ins", c.phoneIns),
      row("  介绍/网络/活动", "referral, online, event", c.otherSources),
      row("再次到店", "Repeat visits", c.repeatVisits),
      row("来店登记: 首次来店", "Visit log: first walk-ins", c.visitsFirstWalkIn),
      row("  其中未建卡", "of which not carded", c.walkInsWithoutCard),
      row("来店登记: 再次来店", "Visit log: repeat walk-ins", c.visitsRepeatWalkIn),
      row("来电登记: 首次来电", "Visit log: first phone-ins", c.visitsFirstPhoneIn),
      row("来电登记: 再次来电", "Visit log: repeat phone-ins", c.visitsRepeatPhoneIn),
      row("联系记录", "Contacts logged", c.contactsLogged),
      row("试驾", "Test drives", c.testDrives),
      row("订车", "Orders", c.orders),
      row("交车", "Deliveries", c.deliveries),
      row("  其中批售", "of which fleet sales", c.fleetDeliveries),
      row("战败申请", "Defeats requested", c.defeatsRequested),
      row("  主管批准", "approved", c.defeatsApproved),
      row("  主管驳回(继续跟踪)", "rejected, keep tracking", c.defeatsRejected),
      row("无效卡", "Invalid cards", c.invalidCards),
      row("保客关怀完成", "Care contacts done", c.careContactsDone),
      row("保客关怀未完成", "Care contacts missed", c.careContactsMissed),
      row("推荐登记", "Referrals registered", c.referralsRegistered),
      row("  稽核通过", "audited", c.referralsAudited),
      row("  驳回", "rejected", c.referralsRejected),
      row("  被推荐人交车", "referee delivered", c.refereeDeliveries),
      row("  奖励发放", "rewards issued", c.rewardsIssued),
      row("  奖励兑换", "rewards redeemed", c.rewardsRedeemed),
      row("满意度调查", "Surveys", c.surveys),
      ...loyalty.map(([segment, n]) => {
        const label = defaultPolicy.loyalty.segments.find((x) => x.id === segment)?.label
        return row(`  忠诚度: ${label?.["zh-CN"] ?? segment}`, `loyalty: ${label?.en ?? segment}`, n)
      }),
      row("命令总数", "Commands handled", c.commands)
    ]
  )}`
}

/** The month settled by the demo: the month of "today". */
export const demoMonth = (sim: Simulation): YearMonth => YearMonth.make(sim.today.slice(0, 7))

/** The last simulated day: the supervisor reads its daily report on the morning of "today". */
export const reportDay = (sim: Simulation): CalendarDate => addDays(sim.today, -1)

/** The consultant the demo shows a control table for: the most contacts overdue on the report day. */
const laggard = (sim: Simulation) =>
  Effect.map(
    dailyReportOf(
      { dealerGroupId: sim.tenant.dealerGroupId, storeId: sim.tenant.storeId },
      { from: reportDay(sim) }
    ),
    (report): ConsultantId | undefined =>
      [...report.rows]
        .filter((r) => r.consultant !== undefined)
        .sort(
          (a, b) =>
            b.counts.contactsOverdue - a.counts.contactsOverdue ||
            ((a.consultant ?? "") < (b.consultant ?? "") ? -1 : 1)
        )[0]?.consultant
  )

/** How many days (up to today) and cards of the control table the terminal shows. */
const CONTROL_DAYS = 14
const CONTROL_ROWS = 12

/**
 * The control table section: the consultant's prospects being worked this month (still a
 * prospect, with a contact planned or made this month), hottest grade first, as of the report day
 * (today shows what is planned), the last two weeks' columns and the month's plan against what
 * was done; then the customer card of the row with the most contacts. The exports write the whole
 * month and every row (`report control --format xlsx`).
 */
const renderControlAndCard = (sim: Simulation, viewer: Viewer) =>
  Effect.gen(function* () {
    const consultantId = yield* laggard(sim)
    if (consultantId === undefined) return ""
    const month = demoMonth(sim)
    const asOf = reportDay(sim)
    const table = yield* controlTable(sim.tenant, { consultantId, month, asOf })
    const rank = (g: string | undefined) => {
      const r = g === undefined ? -1 : gradeRank(defaultPolicy, g as never)
      return r < 0 ? Number.POSITIVE_INFINITY : r
    }
    const worked = table.rows
      .filter((r) => r.statusAtEnd === "prospect")
      .map((r) => ({ row: r, counts: controlCounts(r, asOf) }))
      .filter(({ row, counts }) => row.contacts > 0 || counts.planned > 0)
      .sort(
        (a, b) =>
          rank(a.row.gradeAtEnd) - rank(b.row.gradeAtEnd) ||
          b.row.contacts - a.row.contacts ||
          (a.row.cardId < b.row.cardId ? -1 : 1)
      )
      .slice(0, CONTROL_ROWS)
      .map(({ row }) => row)
    const full = displayTable(controlView(table, "zh-CN", worked), sim.directory, viewer, {
      owner: consultantId
    })
    const firstDay = addDays(sim.today, -(CONTROL_DAYS - 1))
    const shownDays = new Set(
      (table.rows[0]?.cells ?? [])
        .filter((c) => c.on >= firstDay && c.on <= sim.today)
        .map((c) => `d${c.on.slice(8)}`)
    )
    const shown = narrow(full, (key) =>
      !/^d\d\d$/.test(key)
        ? !["consultant", "phone", "model", "status", "upcoming"].includes(key)
        : shownDays.has(key)
    )
    const totals = worked.reduce(
      (t, r) => {
        const c = controlCounts(r, asOf)
        return {
          planned: t.planned + c.planned,
          onTime: t.onTime + c.onTime,
          late: t.late + c.late,
          missed: t.missed + c.missed
        }
      },
      { planned: 0, onTime: 0, late: 0, missed: 0 }
    )
    const name = nameOf(sim.directory, consultantId)
    const control = `${heading(`有望客户进度管制表 (Prospect progress control table) — ${name} ${month}`)}\n${renderReportTable(
      {
        ...shown,
        // the day columns headed by the day alone
        columns: shown.columns.map((c) =>
          shownDays.has(c.key) ? { ...c, label: { "zh-CN": c.key.slice(1), en: c.key.slice(1) } } : c
        )
      },
      { locale: "zh-CN", layout: "wide", title: false }
    )}\n(${worked.length} of the ${table.rows.length} cards ${name} held in ${month}: the prospects being worked, hottest grade first; days ${firstDay} … ${sim.today}, as of ${asOf}; ✓ done, ✗ missed, ! overdue, + extra, ○ planned.
 Planned ${totals.planned} = on time ${totals.onTime} + late ${totals.late} + missed ${totals.missed}: each planned contact counted once, however many days it stayed open.
 The whole month: report control --consultant ${name} --month ${month} --format xlsx --out control.xlsx)`
    const busiest = [...worked].sort((a, b) => b.contacts - a.contacts || (a.cardId < b.cardId ? -1 : 1))[0]
    if (busiest === undefined) return control
    const card = yield* cardTables(sim.tenant, busiest.cardId, "zh-CN")
    return [
      control,
      ...card.map((t) =>
        renderReportTable(displayTable(t, sim.directory, viewer, { owner: cardOwnerOf(card) }), {
          locale: "both",
          layout: "wide"
        })
      )
    ].join("\n")
  })

/** The findings window: the month to date, checked on "today". */
export const findingsWindow = (sim: Simulation) => ({
  on: sim.today,
  from: `${demoMonth(sim)}-01` as CalendarDate
})

/** How many findings of each rule the terminal shows (every walk-in without a card is shown). */
const FINDINGS_PER_RULE = 3

/** Findings per rule and consultant, as a report table (rows in the rules' order). */
export const findingsSummary = (findings: ReadonlyArray<Finding>, directory: Directory): ReportTable => {
  const consultants = [...new Set(findings.map((f) => f.consultant ?? "-"))].sort()
  const rules = (Object.keys(findingRules) as Array<FindingRuleId>).filter((r) =>
    findings.some((f) => f.ruleId === r)
  )
  return {
    id: "findings-summary",
    title: { "zh-CN": "主管检查发现汇总", en: "Supervisor findings by rule" },
    columns: [
      { key: "rule", label: { "zh-CN": "检查项", en: "Check" }, kind: "text" },
      ...consultants.map((c) => ({
        key: c,
        label: { "zh-CN": nameOf(directory, c), en: nameOf(directory, c) },
        kind: "integer" as const
      })),
      { key: "total", label: { "zh-CN": "合计", en: "Total" }, kind: "integer" },
      { key: "ruleId", label: { "zh-CN": "规则编号", en: "Rule id" }, kind: "text" }
    ],
    rows: [
      ...rules.map((rule) => {
        const of = findings.filter((f) => f.ruleId === rule)
        return {
          rule: `${findingRules[rule]["zh-CN"]} (${findingRules[rule].en})`,
          ...Object.fromEntries(
            consultants.map((c) => [c, of.filter((f) => (f.consultant ?? "-") === c).length])
          ),
          total: of.length,
          ruleId: rule
        }
      }),
      {
        rule: "合计 (Total)",
        ...Object.fromEntries(
          consultants.map((c) => [c, findings.filter((f) => (f.consultant ?? "-") === c).length])
        ),
        total: findings.length,
        ruleId: null
      }
    ]
  }
}

const renderFindings = (sim: Simulation, viewer: Viewer) =>
  Effect.gen(function* () {
    const window = findingsWindow(sim)
    const report = yield* findingsReport(sim.tenant, window)
    const shown = report.findings.filter(
      (f, i, all) =>
        f.ruleId === "findings.walkInWithoutCard" ||
        all.slice(0, i).filter((g) => g.ruleId === f.ruleId).length < FINDINGS_PER_RULE
    )
    return [
      `${heading(`主管检查 (Supervisor findings) — ${window.on}, events and visits from ${window.from}`)}`,
      renderReportTable(findingsSummary(report.findings, sim.directory), {
        locale: "zh-CN",
        title: false,
        layout: "wide"
      }),
      "",
      `${shown.length} of ${report.findings.length} findings (the first ${FINDINGS_PER_RULE} of each rule, every walk-in without a card); all: report findings --on ${window.on} --from ${window.from} --format csv`,
      renderReportTable(
        displayTable(
          narrow(findingsDetail(shown, "zh-CN"), (key) => key !== "store" && key !== "inputs"),
          sim.directory,
          viewer
        ),
        { locale: "both", title: false, layout: "wide" }
      )
    ].join("\n")
  })

/**
 * The demo's sections, in order: what was generated, the close of its last day (日结: lapsed
 * grades, expired vouchers, messages queued), the cards by status, today's work list,
 * the care contacts due, their SMS reminders sent through the loopback provider with the
 * receipts the store recorded (短信关怀提醒), the daily business report (营业日报表) of the last
 * simulated day, the supervisor's findings (主管检查) of the month to date, the prospect progress control table
 * (有望客户进度管制表) of one consultant with one customer card (客户信息卡), and the month's
 * referral settlement from the store (what `settle <month>` prints). People show by name;
 * customers' names, phones and notes as the viewer may see them (`People.ts`).
 */
export const sections: ReadonlyArray<Section> = [
  { id: "generated", render: (sim) => Effect.succeed(renderGenerated(sim)) },
  {
    id: "closeDay",
    render: (sim, viewer) => dayClosedReport(sim.tenant, sim.closed, new Set(), sim.directory, viewer)
  },
  {
    id: "statuses",
    render: (sim) => Effect.map(allCards(sim.tenant), (cards) => renderStatuses(cards, sim.directory))
  },
  {
    id: "plan",
    render: (sim, viewer) =>
      Effect.map(planOn(sim.tenant, sim.today, defaultPolicy), (plans) =>
        renderPlan(plans, sim.today, defaultPolicy, sim.directory, viewer)
      )
  },
  {
    id: "care",
    render: (sim) =>
      Effect.map(careOn(sim.tenant, sim.today), (care) => renderCare(care, sim.today, sim.directory))
  },
  { id: "sms", render: renderSmsCare },
  {
    id: "daily",
    render: (sim, viewer) =>
      Effect.map(dailyTables(sim.tenant, { from: reportDay(sim) }, "zh-CN"), (tables) =>
        tables
          .map((t) => renderReportTable(displayTable(t, sim.directory, viewer), { locale: "both" }))
          .join("\n")
      )
  },
  { id: "findings", render: renderFindings },
  { id: "control", render: renderControlAndCard },
  {
    id: "settlement",
    render: (sim, viewer) => settlementReport(sim.tenant, demoMonth(sim), sim.directory, viewer)
  }
]

/** The demo's first line: the calendar, the same whether the history is generated or opened. */
const intro = (sim: Simulation, seed: number) =>
  `The showroom's ${Math.round((Date.parse(sim.today) - Date.parse(sim.start)) / 86_400_000)} days of history from ${sim.start} (seed ${seed}); "today" is fixed at ${sim.today}, before the day's work, so the output is the same on every run and machine.`

/**
 * Prints the demo's sections for a simulation whose history is in the store in context (just
 * generated, or opened from the demo's store).
 */
export const printSections = (
  sim: Simulation,
  options: Pick<DemoOptions, "print" | "seed" | "viewer">
): Effect.Effect<void, unknown, JipanStore> =>
  Effect.gen(function* () {
    options.print(intro(sim, options.seed ?? DEMO_SEED))
    for (const section of sections)
      options.print(yield* section.render(sim, options.viewer ?? DEFAULT_VIEWER))
  })

/**
 * Runs the demo on the store in context: refuses a store that already has cards (the history
 * is generated from day one), generates (progress and timing to `note`), then prints every
 * section.
 */
export const runDemo = (options: DemoOptions): Effect.Effect<Simulation, unknown, JipanStore> =>
  Effect.gen(function* () {
    const existing = yield* allCards(DEMO_TENANT)
    if (existing.length > 0)
      return yield* Effect.fail(
        new Error(
          `The store already holds ${existing.length} cards of ${DEMO_TENANT.storeId}: run the demo on a fresh --data-dir, --memory or an empty database`
        )
      )
    const days = options.days ?? DEMO_DAYS
    const note = options.note ?? (() => {})
    const started = Date.now()
    const progress = startProgress("生成 (generating)", days - 1, options.tty)
    const sim = yield* simulate({
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      days,
      onDay: (done, _total, date) => progress.update(done, date)
    }).pipe(Effect.ensuring(Effect.sync(() => progress.stop())))
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    note(`Generated ${days - 1} days from ${DEMO_START}: ${sim.counts.commands} commands in ${seconds} s.`)
    yield* printSections(sim, options)
    return sim
  })
