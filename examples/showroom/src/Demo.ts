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
  findingsTable,
  type JipanStore,
  progressControlReportTable,
  type ReportTable,
  YearMonth
} from "@jipan/core"
import { Effect } from "effect"
import { cardTables, controlTable, dailyTables, findingsReport, narrow } from "./Forms.js"
import { startProgress } from "./Progress.js"
import {
  allCards,
  careOn,
  planOn,
  renderCare,
  renderPlan,
  renderSettlement,
  renderStatuses,
  settle,
  surveyContacts
} from "./Reports.js"
import { DEMO_DAYS, DEMO_SEED, DEMO_START, DEMO_TENANT, type Simulation, simulate } from "./Simulate.js"
import { heading, renderReportTable, renderTable } from "./Table.js"

/** Options of the demo: where to print, whether to draw a progress bar, the seed, the days. */
export interface DemoOptions {
  readonly print: (text: string) => void
  readonly tty?: boolean
  readonly seed?: number
  readonly days?: number
}

/** One printed section of the demo: a title for the index and the Effect that renders it. */
export interface Section {
  readonly id: string
  readonly render: (sim: Simulation) => Effect.Effect<string, unknown, JipanStore>
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
      ...loyalty.map(([segment, n]) => row(`  忠诚度分群 ${segment}`, "loyalty segment", n)),
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
 * The control table section: the consultant's cards held this month, as of the report day (today
 * shows what is planned), the last two weeks' columns; then the customer card of the row with the
 * most contacts. The exports write the whole month (`report control --format xlsx`).
 */
const renderControlAndCard = (sim: Simulation) =>
  Effect.gen(function* () {
    const consultantId = yield* laggard(sim)
    if (consultantId === undefined) return ""
    const month = demoMonth(sim)
    const table = yield* controlTable(sim.tenant, { consultantId, month, asOf: reportDay(sim) })
    const full = progressControlReportTable(table, { locale: "zh-CN" })
    const firstDay = addDays(sim.today, -(CONTROL_DAYS - 1))
    const shownDays = new Set(
      (table.rows[0]?.cells ?? [])
        .filter((c) => c.on >= firstDay && c.on <= sim.today)
        .map((c) => `d${c.on.slice(8)}`)
    )
    const shown = narrow(
      full,
      (key) => !key.startsWith("d") || shownDays.has(key) || key === "doneDays",
      CONTROL_ROWS
    )
    const control = `${heading(`${full.title["zh-CN"]} (${full.title.en})`)}\n${renderReportTable(
      {
        ...shown,
        // the day columns headed by the day alone, the front facts but the card and source left out
        columns: shown.columns
          .filter((c) => !["customerId", "phone", "model"].includes(c.key))
          .map((c) =>
            shownDays.has(c.key) ? { ...c, label: { "zh-CN": c.key.slice(1), en: c.key.slice(1) } } : c
          )
      },
      { locale: "zh-CN", layout: "wide", title: false }
    )}\n(${Math.min(CONTROL_ROWS, table.rows.length)} of ${table.rows.length} cards, days ${firstDay} … ${sim.today}, as of ${reportDay(sim)}; ✓ done, ✗ missed, ! overdue, + extra, ○ planned.\n The whole month: report control --consultant ${consultantId} --month ${month} --format xlsx --out control.xlsx)`
    const busiest = [...table.rows].sort(
      (a, b) => b.contacts - a.contacts || (a.cardId < b.cardId ? -1 : 1)
    )[0]
    if (busiest === undefined) return control
    const card = yield* cardTables(sim.tenant, busiest.cardId, "zh-CN")
    return [control, ...card.map((t) => renderReportTable(t, { locale: "both", layout: "wide" }))].join("\n")
  })

/** The findings window: the month to date, checked on "today". */
export const findingsWindow = (sim: Simulation) => ({
  on: sim.today,
  from: `${demoMonth(sim)}-01` as CalendarDate
})

/** How many findings of each rule the terminal shows (every walk-in without a card is shown). */
const FINDINGS_PER_RULE = 3

/** Findings per rule and consultant, as a report table (rows in the rules' order). */
export const findingsSummary = (findings: ReadonlyArray<Finding>): ReportTable => {
  const consultants = [...new Set(findings.map((f) => f.consultant ?? "-"))].sort()
  const rules = (Object.keys(findingRules) as Array<FindingRuleId>).filter((r) =>
    findings.some((f) => f.ruleId === r)
  )
  return {
    id: "findings-summary",
    title: { "zh-CN": "主管检查发现汇总", en: "Supervisor findings by rule" },
    columns: [
      { key: "rule", label: { "zh-CN": "检查项", en: "Check" }, kind: "text" },
      ...consultants.map((c) => ({ key: c, label: { "zh-CN": c, en: c }, kind: "integer" as const })),
      { key: "total", label: { "zh-CN": "合计", en: "Total" }, kind: "integer" }
    ],
    rows: [
      ...rules.map((rule) => {
        const of = findings.filter((f) => f.ruleId === rule)
        return {
          rule: `${findingRules[rule]["zh-CN"]} (${findingRules[rule].en})`,
          ...Object.fromEntries(
            consultants.map((c) => [c, of.filter((f) => (f.consultant ?? "-") === c).length])
          ),
          total: of.length
        }
      }),
      {
        rule: "合计 (Total)",
        ...Object.fromEntries(
          consultants.map((c) => [c, findings.filter((f) => (f.consultant ?? "-") === c).length])
        ),
        total: findings.length
      }
    ]
  }
}

const renderFindings = (sim: Simulation) =>
  Effect.gen(function* () {
    const window = findingsWindow(sim)
    const report = yield* findingsReport(sim.tenant, window)
    const shown = report.findings.filter(
      (f, i, all) =>
        f.ruleId === "findings.walkInWithoutCard" ||
        all.slice(0, i).filter((g) => g.ruleId === f.ruleId).length < FINDINGS_PER_RULE
    )
    const detail = narrow(findingsTable({ findings: shown }, { locale: "zh-CN" }), (key) =>
      ["severity", "rule", "consultant", "subjects", "message"].includes(key)
    )
    return [
      `${heading(`主管检查 (Supervisor findings) — ${window.on}, events and visits from ${window.from}`)}`,
      renderReportTable(findingsSummary(report.findings), { locale: "zh-CN", title: false, layout: "wide" }),
      "",
      `${shown.length} of ${report.findings.length} findings (the first ${FINDINGS_PER_RULE} of each rule, every walk-in without a card); all: report findings --on ${window.on} --from ${window.from} --format csv`,
      renderReportTable(detail, { locale: "both", title: false, layout: "wide" })
    ].join("\n")
  })

/**
 * The demo's sections, in order: what was generated, the cards by status, today's work list,
 * the care contacts due, the daily business report (营业日报表) of the last simulated day, the
 * supervisor's findings (主管检查) of the month to date, the prospect progress control table (有望客户进度管制表) of one consultant with one customer card
 * (客户信息卡), and the month's referral settlement.
 */
export const sections: ReadonlyArray<Section> = [
  { id: "generated", render: (sim) => Effect.succeed(renderGenerated(sim)) },
  {
    id: "statuses",
    render: (sim) => Effect.map(allCards(sim.tenant), renderStatuses)
  },
  {
    id: "plan",
    render: (sim) =>
      Effect.map(planOn(sim.tenant, sim.today, defaultPolicy), (plans) =>
        renderPlan(plans, sim.today, defaultPolicy)
      )
  },
  {
    id: "care",
    render: (sim) => Effect.map(careOn(sim.tenant, sim.today), (care) => renderCare(care, sim.today))
  },
  {
    id: "daily",
    render: (sim) =>
      Effect.map(dailyTables(sim.tenant, { from: reportDay(sim) }, "zh-CN"), (tables) =>
        tables.map((t) => renderReportTable(t, { locale: "both" })).join("\n")
      )
  },
  { id: "findings", render: renderFindings },
  { id: "control", render: renderControlAndCard },
  {
    id: "settlement",
    render: (sim) =>
      Effect.map(
        settle(sim.tenant, demoMonth(sim), surveyContacts(sim.surveys, sim.surveyOwners)),
        ({ statement }) =>
          `${renderSettlement(statement)}\n(surveys: the ${sim.surveys.length} generated by the demo; the store does not keep surveys yet)`
      )
  }
]

/**
 * Runs the demo on the store in context: refuses a store that already has cards (the history
 * is generated from day one), generates, then prints every section.
 */
export const runDemo = (options: DemoOptions): Effect.Effect<Simulation, unknown, JipanStore> =>
  Effect.gen(function* () {
    const existing = yield* allCards(DEMO_TENANT)
    if (existing.length > 0)
      return yield* Effect.fail(
        new Error(
          `The store already holds ${existing.length} cards of ${DEMO_TENANT.storeId}: run the demo in memory (the default) or on a fresh --data-dir`
        )
      )
    const days = options.days ?? DEMO_DAYS
    options.print(
      `Generating the ${days - 1} days of history from ${DEMO_START} (seed ${options.seed ?? DEMO_SEED}); "today" is fixed at day ${days}, ${addDays(DEMO_START, days - 1)}, before the day's work, so the output is the same on every run.`
    )
    const started = Date.now()
    const progress = startProgress("生成 (generating)", days - 1, options.print, options.tty)
    const sim = yield* simulate({
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      days,
      onDay: (done, _total, date) => progress.update(done, date)
    }).pipe(Effect.ensuring(Effect.sync(() => progress.stop())))
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    options.print(`Generated ${sim.counts.commands} commands in ${seconds} s.`)
    for (const section of sections) options.print(yield* section.render(sim))
    return sim
  })
