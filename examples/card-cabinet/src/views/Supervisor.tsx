import {
  dailyReportTable,
  findingMessage,
  findingsTable,
  progressControlReportTable,
  type ReportTable
} from "@jipan/core"
import { lazy, Suspense, useState } from "react"
import { addDays } from "../backend/demo.js"
import { linkTo, useCabinet } from "../context.js"
import { messageOf, useLoad } from "../hooks.js"
import { consultantName, customerName } from "../names.js"
import { DefeatDecision } from "./CardView.js"
import { ReactivationDecision } from "./Lifecycle.js"

const Charts = lazy(() => import("./Charts.js").then((m) => ({ default: m.Charts })))

/** A report table of the core, as an HTML table with its XLSX export. */
export const ReportTableView = ({ table }: { readonly table: ReportTable }) => {
  const { locale, t } = useCabinet()
  const [exported, setExported] = useState<string | undefined>()
  return (
    <div className="report">
      <div className="report-head">
        <h2>{table.title[locale]}</h2>
        <button
          type="button"
          data-action="export-xlsx"
          onClick={() =>
            void import("../xlsx.js")
              .then((m) => m.downloadXlsx(table, locale))
              .then((n) => setExported(`${table.id}.xlsx · ${n} B`))
          }
        >
          {t("exportXlsx")}
        </button>
        {exported && <span role="status">{exported}</span>}
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; the keyboard must reach it (axe scrollable-region-focusable) */}
      <section className="grid-scroll" aria-label={table.title[locale]} tabIndex={0}>
        <table className="report-table">
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label[locale]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: report rows have no id of their own
              <tr key={i}>
                {table.columns.map((c) => (
                  <td key={c.key} className={c.kind === "text" || c.kind === "date" ? undefined : "num"}>
                    {c.kind === "percent" && typeof row[c.key] === "number"
                      ? `${Math.round((row[c.key] as number) * 100)}%`
                      : (row[c.key] ?? "")}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

const Daily = () => {
  const { backend, locale, revision, t } = useCabinet()
  const [day, setDay] = useState(addDays(backend.today, -1))
  const report = useLoad(() => backend.daily(day), [day, revision])
  return (
    <>
      <label>
        {t("when")}
        <input
          type="date"
          name="day"
          value={day}
          max={backend.today}
          onChange={(e) => e.target.value && setDay(e.target.value)}
        />
      </label>
      {report._tag === "done" ? (
        <ReportTableView table={dailyReportTable(report.value, { locale })} />
      ) : (
        <Status loaded={report} />
      )}
    </>
  )
}

const Control = () => {
  const { backend, locale, revision, t } = useCabinet()
  const [consultant, setConsultant] = useState(backend.consultants[0] ?? "")
  const month = backend.today.slice(0, 7)
  const table = useLoad(
    () => backend.control(consultant, month, backend.today),
    [consultant, month, revision]
  )
  return (
    <>
      <label>
        {t("consultant")}
        <select value={consultant} onChange={(e) => setConsultant(e.target.value)}>
          {backend.consultants.map((c) => (
            <option key={c} value={c}>
              {consultantName(c)}
            </option>
          ))}
        </select>
      </label>
      {table._tag === "done" ? (
        <ReportTableView table={progressControlReportTable(table.value, { locale })} />
      ) : (
        <Status loaded={table} />
      )}
    </>
  )
}

const SEVERITY = {
  critical: { "zh-CN": "严重", en: "Critical" },
  warning: { "zh-CN": "警告", en: "Warning" },
  info: { "zh-CN": "提示", en: "Info" }
} as const

const Findings = () => {
  const { backend, locale, revision, t } = useCabinet()
  const report = useLoad(() => backend.findings(backend.today), [revision])
  if (report._tag !== "done") return <Status loaded={report} />
  return (
    <>
      <h2>{t("findings")}</h2>
      <ul className="findings" data-testid="findings">
        {report.value.findings.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id of their own
          <li key={i} className={`severity-${f.severity}`}>
            <span className="badge">{SEVERITY[f.severity][locale]}</span> {consultantName(f.consultant)} ·{" "}
            {findingMessage(f)[locale]}{" "}
            {f.cardIds.map((id) => (
              <a key={id} {...linkTo(`#/card/${id}`)}>
                {id}
              </a>
            ))}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("exportXlsx")}</summary>
        <ReportTableView table={findingsTable(report.value, { locale })} />
      </details>
    </>
  )
}

const Defeats = () => {
  const { backend, revision, t } = useCabinet()
  const tiles = useLoad(() => backend.tiles(), [revision])
  if (tiles._tag !== "done") return <Status loaded={tiles} />
  const waiting = tiles.value.filter((x) => x.status === "defeatRequested")
  const reactivations = tiles.value.filter((x) => x.status === "reactivationRequested")
  return (
    <>
      <h2>{t("defeatApprovals")}</h2>
      {waiting.length === 0 && <p>{t("noRequests")}</p>}
      <ul className="defeats" data-testid="defeats">
        {waiting.map((x) => (
          <li key={x.cardId} data-card={x.cardId}>
            <a {...linkTo(`#/card/${x.cardId}`)}>
              {x.cardId} · {customerName(x.customerId)} · {consultantName(x.owner)}
            </a>
            <DefeatDecision cardId={x.cardId} owner={x.owner} />
          </li>
        ))}
      </ul>
      <h2>{t("reactivationApprovals")}</h2>
      {reactivations.length === 0 && <p>{t("noReactivations")}</p>}
      <ul className="defeats" data-testid="reactivations">
        {reactivations.map((x) => (
          <li key={x.cardId} data-card={x.cardId}>
            <a {...linkTo(`#/card/${x.cardId}`)}>
              {x.cardId} · {customerName(x.customerId)} · {consultantName(x.owner)}
            </a>
            <ReactivationDecision cardId={x.cardId} owner={x.owner} />
          </li>
        ))}
      </ul>
    </>
  )
}

const Analytics = () => {
  const { backend, revision, t } = useCabinet()
  const analytics = useLoad(() => backend.analytics(addDays(backend.today, -30), backend.today), [revision])
  if (analytics._tag !== "done") return <Status loaded={analytics} />
  return (
    <Suspense fallback={<p role="status">{t("loading")}</p>}>
      <Charts analytics={analytics.value} />
    </Suspense>
  )
}

const Status = ({ loaded }: { readonly loaded: { readonly _tag: string; readonly error?: unknown } }) => {
  const { t } = useCabinet()
  return loaded._tag === "failed" ? (
    <p role="alert">{messageOf(loaded.error)}</p>
  ) : (
    <p role="status">{t("loading")}</p>
  )
}

/** The supervisor's tabs. */
export const SUPERVISOR_TABS = ["daily", "control", "findings", "defeats", "charts"] as const

/** The supervisor's desk: daily report, control table, findings, defeat approvals, charts. */
const Supervisor = ({ tab }: { readonly tab: string }) => {
  const { t } = useCabinet()
  const names: Record<(typeof SUPERVISOR_TABS)[number], string> = {
    daily: t("dailyReport"),
    control: t("controlTable"),
    findings: t("findings"),
    defeats: t("defeatApprovals"),
    charts: t("charts")
  }
  return (
    <section aria-labelledby="sup-title">
      <h1 id="sup-title">{t("supervisor")}</h1>
      <nav aria-label={t("supervisor")} className="tabs">
        {SUPERVISOR_TABS.map((x) => (
          <a key={x} {...linkTo(`#/supervisor/${x}`)} aria-current={tab === x ? "page" : undefined}>
            {names[x]}
          </a>
        ))}
      </nav>
      {tab === "daily" && <Daily />}
      {tab === "control" && <Control />}
      {tab === "findings" && <Findings />}
      {tab === "defeats" && <Defeats />}
      {tab === "charts" && <Analytics />}
    </section>
  )
}

export default Supervisor
